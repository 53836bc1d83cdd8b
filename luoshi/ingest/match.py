"""How titles are compared, both when merging and when scoring against gold files.

A title's key is its Simplified form with punctuation, quotes, whitespace and list
markers (a chapter's label among them: 第一章 总则 is 总则) removed.  Two keys match when they are equal, when one contains the other and
the shorter is at least 60 % of the longer, or when their similarity ratio
(``difflib.SequenceMatcher``) is at least 0.8.
"""

from __future__ import annotations

import difflib
import functools
import re

_PUNCT = re.compile(
    r"[\s\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65!-/:-@\[-`{-~·—…“”‘’]+"
)
_LEADING_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、是要]|\d{1,2}[.、]|[（(][一二三四五六七八九十\d]{1,3}[）)]"
    r"|第[一二三四五六七八九十百零〇]{1,4}[章节]\s*)"  # a chapter's label: 第一章 总则 is 总则
)

CONTAIN_RATIO = 0.6
FUZZY_RATIO = 0.8
STRICT_CONTAIN_RATIO = 0.8


@functools.lru_cache(maxsize=65536)
def title_key(title: str) -> str:
    from luoshi.ingest import lexicon

    text = lexicon.to_simplified(title, taiwan=any(marker in title for marker in lexicon.TAIWAN_MARKERS))
    text = _LEADING_MARKER.sub("", text.strip())
    return _PUNCT.sub("", text)


def titles_match(a: str, b: str, *, strict: bool = False) -> bool:
    """Compare two keys made by :func:`title_key`.

    ``strict``: equal keys, or one containing the other with the shorter at least 80 % of
    the longer; no similarity ratio (which takes 做强两大产业 for 做强三大产业).
    """
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if strict:
        return short in long_ and len(short) >= STRICT_CONTAIN_RATIO * len(long_)
    if short in long_ and len(short) >= CONTAIN_RATIO * len(long_):
        return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= FUZZY_RATIO
