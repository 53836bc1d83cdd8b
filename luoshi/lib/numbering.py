"""Chinese outline numbering: 一、 / （一） / 1. / （1） / ① / 1.2.3, as printed in plans and ledgers."""

from __future__ import annotations

import re

CN_DIGITS = "零〇一二三四五六七八九十百"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("dotted", re.compile(r"^(\d{1,4}(?:[.．]\d{1,4})+)(?![\d%])[.．、]?\s*")),
    ("cn", re.compile(rf"^([{CN_DIGITS}]{{1,4}})(?:[、.．,，]\s*|\s+|$)")),
    ("paren_cn", re.compile(rf"^([（(][{CN_DIGITS}]{{1,4}}[）)])\s*")),
    ("paren_arabic", re.compile(r"^([（(]\d{1,4}[）)])\s*")),
    ("arabic", re.compile(r"^(\d{1,4}[.．、])(?!\d)\s*")),
    ("arabic_paren", re.compile(r"^(\d{1,4}[)）])\s*")),
    ("circled", re.compile(r"^([①-⑳㉑-㉟㊱-㊿])\s*")),
    ("di", re.compile(rf"^(第[{CN_DIGITS}\d]{{1,4}}[章节条部分项类])\s*")),
]
_BARE_ARABIC = re.compile(r"^\d{1,4}$")


def number_style(number: str) -> str:
    """The style of a numbering token ('cn', 'paren_cn', 'arabic', 'dotted-3', ...) or '' if none."""
    token = number.strip()
    if not token:
        return ""
    if _BARE_ARABIC.match(token):
        return "arabic"
    for style, pattern in _PATTERNS:
        m = pattern.match(token)
        if m and m.end() >= len(token.rstrip()) - 0:
            if style == "dotted":
                return f"dotted-{len(re.split(r'[.．]', m.group(1)))}"
            return style
    return "other"


def split_number(text: str) -> tuple[str, str]:
    """Split a leading numbering token off a title: '（一）加快建设' → ('（一）', '加快建设').

    A Chinese numeral loses its 、 (the plan stores 一, prints 一、); other tokens keep their marks.
    """
    stripped = text.strip()
    for style, pattern in _PATTERNS:
        m = pattern.match(stripped)
        if not m:
            continue
        rest = stripped[m.end() :].strip()
        if not rest:
            continue
        if style == "cn" and m.group(0) == m.group(1):
            continue
        # A Chinese numeral must be followed by its mark or a space to count as numbering (一张名片 is not).
        return m.group(1), rest
    return "", stripped


def number_key(number: str) -> str:
    """A comparison key: '一、' and '一' are the same number; so are '1.' and '1．'."""
    return number.strip().rstrip("、.．,， ").replace("(", "（").replace(")", "）")


def printed(number: str, title: str) -> str:
    """Number and title as printed in a heading: ('一', '擦亮一张名片') → '一、擦亮一张名片'."""
    if not number:
        return title
    if number[-1] in "、.．)）":
        return f"{number}{title}"
    return f"{number}、{title}"
