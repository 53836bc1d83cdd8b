"""Keep the translation catalogues complete.

    python scripts/i18n.py [APP_DIR ...]    update catalogues of the given app folders (default: all)
    python scripts/i18n.py --check          fail if any message lacks a translation or a catalogue is stale

Each app keeps its own catalogue in APP_DIR/locale. zh_Hans is written by people; zh_Hant is
converted from it with OpenCC (s2t; a hand-corrected zh_Hant entry is kept); en copies the
English message ids. Updating needs GNU gettext (Debian: gettext); checking does not.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
APPS = [
    "luoshi/web",
    "luoshi/accounts",
    "luoshi/plans",
    "luoshi/reports",
    "luoshi/status",
    "luoshi/notifications",
    "luoshi/notices",
    "luoshi/dashboard",
    "luoshi/bulletins",
    "luoshi/assessment",
    "luoshi/commands",
    "luoshi/ledger",
    "luoshi/api",
    "luoshi/ingest/app",
    "luoshi/organisations",
    "luoshi/dispatch",
    "luoshi/history",
    "luoshi/search",
    "luoshi/comments",
    "luoshi/timeline",
    "luoshi/calendar",
    "luoshi/years",
    "luoshi/todo",
    "luoshi/public",
]
LOCALES = ["zh_Hans", "zh_Hant", "en"]


def fill(po_path: Path, make: Callable[[polib.POEntry], list[str]]) -> None:
    """Fill the empty translations of a catalogue with make(entry) -> [msgstr] or [singular, plural]."""
    po = polib.pofile(str(po_path), wrapwidth=0)
    for entry in po:
        if entry.obsolete or (entry.translated() and "fuzzy" not in entry.flags):
            continue
        new = make(entry)
        if not new or not all(new):
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = dict(enumerate(new))
        else:
            entry.msgstr = new[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()


def translations(po_path: Path) -> dict[str, list[str]]:
    out = {}
    for entry in polib.pofile(str(po_path)):
        if entry.translated() and "fuzzy" not in entry.flags:
            if entry.msgid_plural:
                out[entry.msgid] = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
            else:
                out[entry.msgid] = [entry.msgstr]
    return out


def _django(app: Path, *args: str) -> None:
    env = {
        "DJANGO_SETTINGS_MODULE": "luoshi.settings",
        "LUOSHI_TESTING": "1",
        "PYTHONPATH": str(ROOT),
        "PATH": "/usr/bin:/bin",
    }
    # -P: the app folder must not shadow the standard library (it has a selectors.py).
    subprocess.run([sys.executable, "-P", "-m", "django", *args], cwd=app, check=True, env=env)


def update(app: Path) -> None:
    (app / "locale").mkdir(exist_ok=True)
    args = ["makemessages", "--no-obsolete", "--no-location", "-e", "html,py,txt"]
    for locale in LOCALES:
        args += ["-l", locale]
    _django(app, *args)
    hans = translations(app / "locale/zh_Hans/LC_MESSAGES/django.po")
    import opencc

    conv = opencc.OpenCC("s2t")
    fill(
        app / "locale/zh_Hant/LC_MESSAGES/django.po",
        lambda e: [conv.convert(s) for s in hans.get(e.msgid, [])],
    )
    fill(
        app / "locale/en/LC_MESSAGES/django.po",
        lambda e: [e.msgid, e.msgid_plural] if e.msgid_plural else [e.msgid],
    )
    _django(app, "compilemessages")


def unseen(app: Path) -> list[str]:
    """Messages of the app's code and templates that its zh_Hans catalogue lacks (needs GNU gettext).
    The catalogue is left as it was unless something is missing: then it gains the empty entries."""
    po = app / "locale/zh_Hans/LC_MESSAGES/django.po"
    if not po.exists() or shutil.which("xgettext") is None:
        return []
    before = po.read_bytes()
    known = {e.msgid for e in polib.pofile(str(po)) if not e.obsolete}
    _django(app, "makemessages", "--no-location", "-e", "html,py,txt", "-l", "zh_Hans", "-v", "0")
    new = [e.msgid for e in polib.pofile(str(po)) if not e.obsolete and e.msgid not in known]
    if not new:
        po.write_bytes(before)
    return new


def check() -> int:
    problems = []
    for app in APPS:
        if not (ROOT / app).exists():
            continue
        for msgid in unseen(ROOT / app):
            problems.append(f"{app}: {msgid!r} is not in the catalogue (run scripts/i18n.py {app})")
        for locale in LOCALES:
            po = ROOT / app / "locale" / locale / "LC_MESSAGES" / "django.po"
            if not po.exists():
                problems.append(f"{po.relative_to(ROOT)}: missing (run scripts/i18n.py {app})")
                continue
            catalogue = polib.pofile(str(po))
            for entry in catalogue:
                if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags):
                    problems.append(f"{po.relative_to(ROOT)}: untranslated {entry.msgid!r}")
            mo = po.with_suffix(".mo")
            if not mo.exists():
                problems.append(f"{mo.relative_to(ROOT)}: missing (run scripts/i18n.py {app})")
                continue
            compiled = {e.msgid: e.msgstr for e in polib.mofile(str(mo)) if not e.msgid_plural}
            for entry in catalogue:
                if (
                    entry.translated()
                    and not entry.msgid_plural
                    and compiled.get(entry.msgid) != entry.msgstr
                ):
                    problems.append(
                        f"{mo.relative_to(ROOT)}: stale for {entry.msgid!r} (run scripts/i18n.py {app})"
                    )
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        sys.exit(check())
    for app_dir in sys.argv[1:] or [a for a in APPS if (ROOT / a).exists()]:
        update(ROOT / app_dir)
