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


# --- numbering a plan by its marker scheme -------------------------------------------------------

# The usual scheme of Chinese official documents, one style per level: 一、 （一） 1. （1） ①
DEFAULT_SCHEME = ("cn", "paren_cn", "arabic", "paren_arabic", "circled")
SCHEME_STYLES = frozenset({"cn", "paren_cn", "arabic", "paren_arabic", "arabic_paren", "circled"})
_CN = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def cn_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (up to 999)."""
    if n <= 0 or n > 999:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{_CN[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _CN[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    if ones:
        out += _CN[ones]
    return out


def format_number(style: str, n: int) -> str:
    """The ``n``-th number (1-based) in ``style``, as a plan stores it: 一 (printed 一、), （一）, 1., （1）, ①."""
    if style == "cn":
        return cn_numeral(n)
    if style == "paren_cn":
        return f"（{cn_numeral(n)}）"
    if style == "paren_arabic":
        return f"（{n}）"
    if style == "arabic_paren":
        return f"{n})"
    if style == "circled":
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else f"（{n}）"
    return f"{n}."


def scheme_style(scheme: tuple[str, ...] | list[str], depth: int) -> str:
    """The style for items at ``depth`` (1 = pillars); deeper than the scheme goes, the last style repeats."""
    styles = list(scheme) or list(DEFAULT_SCHEME)
    return styles[min(depth, len(styles)) - 1]


def infer_scheme(numbers_by_depth: dict[int, list[str]]) -> list[str]:
    """A plan's own scheme from the numbers it was written with: the commonest style at each level,
    the usual one where a level has none."""
    depth_max = max([len(DEFAULT_SCHEME), *numbers_by_depth]) if numbers_by_depth else len(DEFAULT_SCHEME)
    scheme: list[str] = []
    for depth in range(1, depth_max + 1):
        counts: dict[str, int] = {}
        for number in numbers_by_depth.get(depth, []):
            style = number_style(number)
            if style in SCHEME_STYLES:
                counts[style] = counts.get(style, 0) + 1
        fallback = DEFAULT_SCHEME[min(depth, len(DEFAULT_SCHEME)) - 1]
        scheme.append(max(counts, key=lambda s: counts[s]) if counts else fallback)
    return scheme
