"""Keep the translation catalogues complete.

    python scripts/i18n.py [APP_DIR ...]    update catalogues of the given app folders (default: all)
    python scripts/i18n.py --check          fail if any catalogue lacks a translation or is stale

Each app keeps its own catalogue in APP_DIR/locale. zh_Hans is written by people; zh_Hant is
converted from it with OpenCC (s2t, then kept: a hand-corrected zh_Hant entry is not overwritten
unless it is empty); en copies the English message ids. Needs GNU gettext (Debian: gettext).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = [
    "luoshi/web",
    "luoshi/accounts",
    "luoshi/plans",
    "luoshi/reports",
    "luoshi/supervision",
    "luoshi/ledger",
    "luoshi/api",
    "luoshi/ingest/app",
]
LOCALES = ["zh_Hans", "zh_Hant", "en"]
ENTRY = re.compile(
    r'(?ms)^(?P<head>(?:#.*\n)*)(?P<ctx>msgctxt .*?\n)?msgid (?P<id>"(?:.|\n)*?")\n(?P<plural>msgid_plural (?:"(?:.|\n)*?")\n)?(?P<strs>(?:msgstr(?:\[\d\])? "(?:.|\n)*?"\n?)+)'
)


def _unquote(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))


def parse(po: Path) -> list[dict[str, object]]:
    text = po.read_text(encoding="utf-8")
    out = []
    for m in ENTRY.finditer(text):
        strs = re.findall(r'msgstr(?:\[(\d)\])? ((?:"(?:[^"\\]|\\.)*"\s*)+)', m.group("strs"))
        out.append(
            {
                "id": _unquote(m.group("id")),
                "plural": _unquote(m.group("plural") or ""),
                "strs": [_unquote(s) for _i, s in strs],
                "fuzzy": "#, fuzzy" in m.group("head") or ", fuzzy" in m.group("head"),
                "span": m.span("strs"),
            }
        )
    return out


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _unescape(value: str) -> str:
    return value.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def fill(po: Path, make: object) -> None:
    """Fill empty msgstr entries of ``po`` with make(entry) -> list of strings."""
    text = po.read_text(encoding="utf-8")
    pieces, last = [], 0
    for entry in parse(po):
        if entry["id"] == "" or all(entry["strs"]):
            continue
        new = make(entry)  # type: ignore[operator]
        if not new:
            continue
        start, end = entry["span"]  # type: ignore[misc]
        if entry["plural"]:
            body = "".join(f"msgstr[{i}] {_quote(s)}\n" for i, s in enumerate(new))
        else:
            body = f"msgstr {_quote(new[0])}\n"
        pieces += [text[last:start], body]
        last = end
    pieces.append(text[last:])
    po.write_text("".join(pieces).replace("#, fuzzy\n", ""), encoding="utf-8")


def update(app: Path) -> None:
    (app / "locale").mkdir(exist_ok=True)
    args = [
        sys.executable,
        "-m",
        "django",
        "makemessages",
        "--no-obsolete",
        "--no-location",
        "-e",
        "html,py,txt",
    ]
    for locale in LOCALES:
        args += ["-l", locale]
    subprocess.run(
        args,
        cwd=app,
        check=True,
        env={
            "DJANGO_SETTINGS_MODULE": "luoshi.settings",
            "LUOSHI_TESTING": "1",
            "PYTHONPATH": str(ROOT),
            "PATH": "/usr/bin:/bin",
        },
    )
    hans = {e["id"]: e["strs"] for e in parse(app / "locale/zh_Hans/LC_MESSAGES/django.po") if all(e["strs"])}
    import opencc

    conv = opencc.OpenCC("s2t")
    fill(
        app / "locale/zh_Hant/LC_MESSAGES/django.po",
        lambda e: [conv.convert(s) for s in hans.get(e["id"], [])],
    )
    fill(
        app / "locale/en/LC_MESSAGES/django.po",
        lambda e: [e["id"], e["plural"]] if e["plural"] else [e["id"]],
    )
    subprocess.run(
        [sys.executable, "-m", "django", "compilemessages"],
        cwd=app,
        check=True,
        env={
            "DJANGO_SETTINGS_MODULE": "luoshi.settings",
            "LUOSHI_TESTING": "1",
            "PYTHONPATH": str(ROOT),
            "PATH": "/usr/bin:/bin",
        },
    )


def check() -> int:
    problems = []
    for app in APPS:
        for locale in LOCALES:
            po = ROOT / app / "locale" / locale / "LC_MESSAGES" / "django.po"
            if not (ROOT / app).exists():
                continue
            if not po.exists():
                if any((ROOT / app).rglob("*.html")) or any((ROOT / app).glob("*.py")):
                    problems.append(f"{po.relative_to(ROOT)}: missing")
                continue
            for entry in parse(po):
                if entry["id"] and (not all(entry["strs"]) or entry["fuzzy"]):
                    problems.append(f"{po.relative_to(ROOT)}: untranslated {entry['id']!r}")
            mo = po.with_suffix(".mo")
            if not mo.exists() or mo.stat().st_mtime + 1 < po.stat().st_mtime:
                problems.append(
                    f"{mo.relative_to(ROOT)}: missing or older than its .po (run scripts/i18n.py)"
                )
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        sys.exit(check())
    for app in sys.argv[1:] or [a for a in APPS if (ROOT / a).exists()]:
        update(ROOT / app)
