"""Django merges every app's catalogue into one: a message id translated two ways in two apps shows
one app's words on the other's page (the comparison's date field once read 下发单位, the dispatch
inbox's "From"). A word that means two things gets a context (``pgettext``, ``{% translate … context %}``);
the ids below differ only in wording between apps, as read when this list was made."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import polib

import luoshi

SAME_MEANING = {
    "All red items", "Back to the first items", "By", "Due", "Due date", "Edit", "Kind", "Lagging",
    "Measure", "No such item.", "No such leader.", "No such plan.", "No such unit.", "Not rated",
    "Organisation", "Overdue", "Period", "Pillar", "Plan tree", "Rank", "Report", "Reports", "Show",
    "Task", "The parent item belongs to another plan.", "Title", "Units and users", "Year",
    "Year %(year)s", "as of", "due date", "organisation", "progress (%)", "title",
    # model field names seen only in the admin
    "author", "baseline", "issued by", "revoked at", "written at",
}  # fmt: skip


def test_no_new_message_is_translated_two_ways_across_apps() -> None:
    root = Path(luoshi.__file__).parent
    translations: dict[tuple[str | None, str], dict[str, str]] = defaultdict(dict)
    for path in sorted(root.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")):
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.obsolete:
                translations[(entry.msgctxt, entry.msgid)][entry.msgstr] = str(path.relative_to(root))
    clashes = {
        key: apps for key, apps in translations.items() if len(apps) > 1 and key[1] not in SAME_MEANING
    }
    assert clashes == {}


def test_the_words_that_mean_two_things_are_told_apart() -> None:
    from django.utils import translation

    # Called through other names, so that the catalogue of this folder does not collect these ids.
    plain, within = translation.gettext, translation.pgettext
    with translation.override("zh-hans"):
        assert within("date range", "From") == "从" and plain("From") == "下发单位"
        assert within("plan snapshot", "Baseline") == "基线" and plain("Baseline") == "基数"
        assert within("place in the tree", "Position") == "位置" and plain("Position") == "职务"
        assert within("delivery", "Queued") == "加入时间" and plain("Queued") == "排队中"
