"""The same requests against a running luoshi and a running Redmine, interleaved, over plain HTTP.
Prints each page's median and p95 on both sides; asserts nothing.

    python benchmarks/compare/compare.py \\
        --luoshi http://127.0.0.1:8000 --luoshi-user office --luoshi-password '…' \\
        --redmine http://127.0.0.1:3000 --redmine-header 'X-Redmine-API-Key: …' \\
        --page tree /plans/gu-1234/ /projects/gu/issues \\
        --page item /items/42/ /issues/42 \\
        [--rounds 30] [--warm 3]

Each ``--page NAME LUOSHI_PATH REDMINE_PATH`` is one comparison; pick pages that show the same data
on both sides (a plan's tree and a project's issue list, an item and an issue). Each round asks for
every page on both sides, the side that goes first alternating, so that a busy moment of the machine
falls on both. Without ``--redmine`` only luoshi is measured. luoshi is signed in to through its login
form; Redmine gets the headers given (an API key) or nothing (a public project).
"""

from __future__ import annotations

import argparse
import http.cookiejar
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
    opener: urllib.request.OpenerDirector = field(
        default_factory=lambda: urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
    )

    def get(self, path: str) -> tuple[float, int, int]:
        """Milliseconds to the whole response, its status and its size."""
        request = urllib.request.Request(urllib.parse.urljoin(self.base, path), headers=self.headers)
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=60) as response:
                body = response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            body, status = exc.read(), exc.code
        return (time.perf_counter() - started) * 1000, status, len(body)


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
    parser.add_argument("--page", nargs=3, action="append", metavar=("NAME", "LUOSHI_PATH", "REDMINE_PATH"))
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warm", type=int, default=3, help="rounds first that are not counted")
    args = parser.parse_args()
    if not args.page:
        parser.error("give at least one --page")
    luoshi = Side("luoshi", args.luoshi)
    if args.luoshi_user:
        luoshi_login(luoshi, args.luoshi_user, args.luoshi_password)
    sides = [luoshi]
    if args.redmine:
        sides.append(Side("redmine", args.redmine, dict(header(h) for h in args.redmine_header)))
    samples: dict[tuple[str, str], list[float]] = {(p[0], s.name): [] for p in args.page for s in sides}
    sizes: dict[tuple[str, str], int] = {}
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
    print(
        f"{'page':<16} {'side':<8} {'median':>9} {'p95':>9} {'size':>9}   ({args.rounds} rounds, interleaved)"
    )
    for name, *_paths in args.page:
        for side in sides:
            values = samples[(name, side.name)]
            print(
                f"{name:<16} {side.name:<8} {statistics.median(values):7.1f}ms {p95(values):7.1f}ms "
                f"{sizes[(name, side.name)] / 1024:7.0f}KB"
            )


if __name__ == "__main__":
    main()
