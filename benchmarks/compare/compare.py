"""The same requests against a running luoshi and a running Redmine, interleaved, over plain HTTP.
Prints each page's median and p95 on both sides; asserts nothing.

    python benchmarks/compare/compare.py \\
        --luoshi http://127.0.0.1:8000 --luoshi-user office --luoshi-password '…' \\
        --redmine http://127.0.0.1:3000 --redmine-header 'X-Redmine-API-Key: …' \\
        --page tree /plans/gu-1234/ /projects/gu/issues \\
        --page item /items/42/ /issues/42 \\
        [--redmine-user admin --redmine-password '…'] \\
        [--update leaf-rollup 43 42 43 42] \\
        [--rounds 30] [--warm 3]

Each ``--page NAME LUOSHI_PATH REDMINE_PATH`` is one comparison; pick pages that show the same data
on both sides (a plan's tree and a project's issue list, an item and an issue). Each round asks for
every page on both sides, the side that goes first alternating, so that a busy moment of the machine
falls on both. Without ``--redmine`` only luoshi is measured. luoshi is signed in to through its login
form; Redmine gets the headers given (an API key, which Redmine takes for its JSON and XML requests
only) and, with ``--redmine-user``, a session through its login form (for HTML pages and CSV).

``--update NAME LUOSHI_LEAF LUOSHI_PARENT REDMINE_LEAF REDMINE_PARENT`` times a write and the read
that shows its roll-up, each round on both sides: luoshi's ``PATCH /api/items/LEAF`` with a new
progress (the version sent as If-Match, from the previous answer's ETag), then ``GET
/api/items/PARENT``; Redmine's ``PUT /issues/LEAF.json`` with that ``done_ratio``, then ``GET
/issues/PARENT.json``. The figure is the two requests together; the progress written alternates
between 10 and 90, and the parent's progress read after each is printed.

Against Redmine on the same plan: ``redmine_seed.py`` (beside this file) copies a luoshi plan's
tree into a Redmine project; docs/performance.md ("Beside Redmine") gives the whole setup.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field


@dataclass
class Side:
    name: str
    base: str
    headers: dict[str, str] = field(default_factory=dict)
    timeout: float = 120
    opener: urllib.request.OpenerDirector = field(
        default_factory=lambda: urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
    )

    def get(self, path: str) -> tuple[float, int, int]:
        """Milliseconds to the whole response, its status and its size."""
        ms, status, body, _headers = self.send("GET", path)
        return ms, status, len(body)

    def send(
        self, method: str, path: str, data: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[float, int, bytes, dict[str, str]]:
        """Milliseconds to the whole response, its status, body and headers."""
        request = urllib.request.Request(
            urllib.parse.urljoin(self.base, path),
            data=data,
            headers={**self.headers, **(headers or {})},
            method=method,
        )
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                body = response.read()
                status = response.status
                answer = dict(response.headers.items())
        except urllib.error.HTTPError as exc:
            body, status, answer = exc.read(), exc.code, dict(exc.headers.items())
        return (time.perf_counter() - started) * 1000, status, body, answer

    def cookie(self, name: str) -> str:
        for handler in self.opener.handlers:
            if isinstance(handler, urllib.request.HTTPCookieProcessor):
                for cookie in handler.cookiejar:
                    if cookie.name == name and cookie.value:
                        return cookie.value
        return ""


def luoshi_login(side: Side, user: str, password: str) -> None:
    url = urllib.parse.urljoin(side.base, "/accounts/login/")
    with side.opener.open(url, timeout=60) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        sys.exit("luoshi: no login form at /accounts/login/")
    data = urllib.parse.urlencode(
        {"username": user, "password": password, "csrfmiddlewaretoken": token.group(1)}
    ).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": url})
    with side.opener.open(request, timeout=60) as response:
        if "/accounts/login/" in response.url:
            sys.exit("luoshi: sign-in refused")


def redmine_login(side: Side, user: str, password: str) -> None:
    url = urllib.parse.urljoin(side.base, "/login")
    with side.opener.open(url, timeout=60) as response:
        page = response.read().decode()
    token = re.search(r'name="authenticity_token" value="([^"]+)"', page)
    if token is None:
        sys.exit("redmine: no login form at /login")
    data = urllib.parse.urlencode(
        {"username": user, "password": password, "authenticity_token": token.group(1), "login": "Login"}
    ).encode()
    with side.opener.open(urllib.request.Request(url, data=data), timeout=60) as response:
        if urllib.parse.urlsplit(response.url).path == "/login":
            sys.exit("redmine: sign-in refused")


class Update:
    """A leaf's progress written, then its parent read, on one side; see ``--update``."""

    def __init__(self, side: Side, leaf: str, parent: str, luoshi: bool) -> None:
        self.side, self.leaf, self.parent, self.luoshi = side, leaf, parent, luoshi
        self.etag = ""
        self.last: tuple[int, int] = (0, 0)

    def run(self, progress: int) -> tuple[float, int, int]:
        """Milliseconds for the write and the read together, the read's status and size."""
        side = self.side
        if self.luoshi:
            if not self.etag:
                _ms, status, _body, headers = side.send("GET", f"/api/items/{self.leaf}")
                if status != 200:
                    sys.exit(f"luoshi: GET /api/items/{self.leaf}: HTTP {status}")
                self.etag = headers.get("ETag", "")
            write = side.send(
                "PATCH",
                f"/api/items/{self.leaf}",
                json.dumps({"progress": progress}).encode(),
                {
                    "Content-Type": "application/json",
                    "If-Match": self.etag,
                    "X-CSRFToken": side.cookie("csrftoken"),
                    "Referer": side.base,
                },
            )
            expected = 200
            self.etag = write[3].get("ETag", "")
            read = side.send("GET", f"/api/items/{self.parent}")
        else:
            write = side.send(
                "PUT",
                f"/issues/{self.leaf}.json",
                json.dumps({"issue": {"done_ratio": progress}}).encode(),
                {"Content-Type": "application/json"},
            )
            expected = 204
            read = side.send("GET", f"/issues/{self.parent}.json")
        if write[1] != expected:
            sys.exit(f"{side.name} update of {self.leaf}: HTTP {write[1]} {write[2][:300]!r}")
        if read[1] == 200:
            answer = json.loads(read[2])
            self.last = (
                progress,
                (answer["issue"]["done_ratio"] if "issue" in answer else answer["progress"]),
            )
        return write[0] + read[0], read[1], len(read[2])


def header(text: str) -> tuple[str, str]:
    name, _, value = text.partition(":")
    return name.strip(), value.strip()


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(len(ordered) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--luoshi", required=True, help="base URL of luoshi")
    parser.add_argument("--luoshi-user", default="")
    parser.add_argument("--luoshi-password", default="")
    parser.add_argument("--redmine", default="", help="base URL of Redmine")
    parser.add_argument("--redmine-header", action="append", default=[], help="'Name: value', repeatable")
    parser.add_argument("--redmine-user", default="", help="sign in to Redmine through its login form")
    parser.add_argument("--redmine-password", default="")
    parser.add_argument("--page", nargs=3, action="append", metavar=("NAME", "LUOSHI_PATH", "REDMINE_PATH"))
    parser.add_argument(
        "--update",
        nargs=5,
        action="append",
        default=[],
        metavar=("NAME", "LUOSHI_LEAF", "LUOSHI_PARENT", "REDMINE_LEAF", "REDMINE_PARENT"),
        help="a leaf's progress written and its parent read (ids), repeatable",
    )
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warm", type=int, default=3, help="rounds first that are not counted")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for one response")
    args = parser.parse_args()
    if not args.page and not args.update:
        parser.error("give at least one --page or --update")
    args.page = args.page or []
    luoshi = Side("luoshi", args.luoshi, timeout=args.timeout)
    if args.luoshi_user:
        luoshi_login(luoshi, args.luoshi_user, args.luoshi_password)
    sides = [luoshi]
    if args.redmine:
        sides.append(
            Side("redmine", args.redmine, dict(header(h) for h in args.redmine_header), args.timeout)
        )
        if args.redmine_user:
            redmine_login(sides[1], args.redmine_user, args.redmine_password)
    names = [p[0] for p in args.page] + [u[0] for u in args.update]
    samples: dict[tuple[str, str], list[float]] = {(n, s.name): [] for n in names for s in sides}
    sizes: dict[tuple[str, str], int] = {}
    statuses: dict[tuple[str, str], set[int]] = {(n, s.name): set() for n in names for s in sides}
    updates = {
        (u[0], side.name): Update(side, *(u[1:3] if side is luoshi else u[3:5]), luoshi=side is luoshi)
        for u in args.update
        for side in sides
    }
    for round_ in range(args.warm + args.rounds):
        order = sides if round_ % 2 == 0 else sides[::-1]
        for name, luoshi_path, redmine_path in args.page:
            for side in order:
                ms, status, size = side.get(luoshi_path if side is luoshi else redmine_path)
                if status != 200:
                    sys.exit(f"{side.name} {name}: HTTP {status}")
                if round_ >= args.warm:
                    samples[(name, side.name)].append(ms)
                    sizes[(name, side.name)] = size
                    statuses[(name, side.name)].add(status)
        for name, *_ids in args.update:
            for side in order:
                ms, status, size = updates[(name, side.name)].run(10 if round_ % 2 == 0 else 90)
                if status != 200:
                    sys.exit(f"{side.name} {name}: HTTP {status}")
                if round_ >= args.warm:
                    samples[(name, side.name)].append(ms)
                    sizes[(name, side.name)] = size
                    statuses[(name, side.name)].add(status)
    print(
        f"{'page':<16} {'side':<8} {'median':>9} {'p95':>9} {'size':>9}   ({args.rounds} rounds, interleaved)"
    )
    for name in names:
        for side in sides:
            values = samples[(name, side.name)]
            print(
                f"{name:<16} {side.name:<8} {statistics.median(values):7.1f}ms {p95(values):7.1f}ms "
                f"{sizes[(name, side.name)] / 1024:7.0f}KB  {sizes[(name, side.name)]:>10} B  "
                f"HTTP {','.join(map(str, sorted(statuses[(name, side.name)])))}"
            )
    for (name, side_name), update in updates.items():
        print(f"{name}: {side_name} wrote {update.last[0]} % last, read the parent's {update.last[1]} %")


if __name__ == "__main__":
    main()
