"""Fill empty zh_Hans translations from a dictionary file: python scripts/fill_zh.py DICT.py APP_DIR..."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import polib

table = runpy.run_path(sys.argv[1])
singular, plural = table.get("T", {}), table.get("P", {})
missing = []
for app in sys.argv[2:]:
    path = Path(app) / "locale/zh_Hans/LC_MESSAGES/django.po"
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        if entry.translated() and "fuzzy" not in entry.flags:
            continue
        if entry.msgid_plural and entry.msgid in plural:
            entry.msgstr_plural = dict(enumerate(plural[entry.msgid]))
        elif not entry.msgid_plural and entry.msgid in singular:
            entry.msgstr = singular[entry.msgid]
        else:
            missing.append(f"{app}: {entry.msgid!r}")
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()
print("\n".join(missing))
