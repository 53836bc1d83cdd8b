"""Word (.docx): paragraphs and tables in reading order, with the numbers Word draws itself.

Word's automatic list numbering (一、 （一） 1.) is not in the paragraph text: it lives in
``numbering.xml`` as a format (``chineseCounting``, ``decimal`` …) and a pattern (``%1、``,
``（%2）``). This module keeps one counter per list and level, as Word does, and writes the
label in front of the paragraph, so that the outline parser sees what the reader sees.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from luoshi.ingest.formats import corrupt

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_PART = 100 * 1024 * 1024  # a part that unpacks to more is a zip bomb, not a plan
_CN = "〇一二三四五六七八九"


def _chinese(n: int) -> str:
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = (
            ""
            if rest == 0
            else ("零" + _chinese(rest) if rest < 10 else ("一" if rest < 20 else "") + _chinese(rest))
        )
        return _CN[n // 100] + "百" + tail
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while n >= value:
            out += letters
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    """One level's number in Word's ``numFmt``."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "chineseLegalSimplified",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "japaneseCounting",
        "ideographDigital",
    ):
        return _chinese(n)
    if fmt == "ideographTraditional":
        return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x245F + n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class _Numbering:
    """Word's list counters: ``numId`` → abstract list → levels (format, pattern, start)."""

    def __init__(self, root: Any | None) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for abstract in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in abstract.iter(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                    fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{W}val", "") if text is not None else "",
                    int(start.get(f"{W}val", "1")) if start is not None else 1,
                )
            self.levels[abstract.get(f"{W}abstractNumId", "")] = levels
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                self.abstract_of[num.get(f"{W}numId", "")] = ref.get(f"{W}val", "")

    def label(self, num_id: str, level: int) -> str:
        abstract = self.abstract_of.get(num_id)
        levels = self.levels.get(abstract or "", {})
        if abstract is None or level not in levels:
            return ""
        counters = self.counters.setdefault(abstract, {})
        counters[level] = counters.get(level, levels[level][2] - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]  # a new item restarts the levels below it
        fmt, pattern, _start = levels[level]

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            value = counters.get(k, levels.get(k, ("decimal", "", 1))[2])
            return format_number(value, levels.get(k, (fmt, "", 1))[0] if k != level else fmt)

        return re.sub(r"%(\d)", number, pattern)


def _num_pr(element: Any, styles: dict[str, Any]) -> tuple[str, int] | None:
    ppr = element.find(f"{W}pPr")
    num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
    style_id = None
    if ppr is not None and ppr.find(f"{W}pStyle") is not None:
        style_id = ppr.find(f"{W}pStyle").get(f"{W}val")
    seen = 0
    while num_pr is None and style_id in styles and seen < 10:  # numbering inherited from the style
        style = styles[style_id]
        sppr = style.find(f"{W}pPr")
        num_pr = sppr.find(f"{W}numPr") if sppr is not None else None
        based = style.find(f"{W}basedOn")
        style_id = based.get(f"{W}val") if based is not None else None
        seen += 1
    if num_pr is None:
        return None
    num = num_pr.find(f"{W}numId")
    ilvl = num_pr.find(f"{W}ilvl")
    if num is None or num.get(f"{W}val") in (None, "0"):
        return None
    return num.get(f"{W}val", ""), int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0


def _text_of(element: Any) -> str:
    parts = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _row_cells(row: Any, above: dict[int, str]) -> list[str]:
    """A table row's cells, one per grid column, so that each stays under its header: a cell spanning
    columns (``gridSpan``) fills the first and leaves the others empty, and a cell that continues a
    vertical merge (``vMerge`` without ``restart``: one lead unit over several tasks) has the text of
    the merged cell above it. A row of one or two cells (a section's heading across the table) is
    given as those cells."""
    cells: list[str] = []
    real: list[str] = []
    column = 0
    for cell in row.iter(f"{W}tc"):
        props = cell.find(f"{W}tcPr")
        span_el = props.find(f"{W}gridSpan") if props is not None else None
        merge = props.find(f"{W}vMerge") if props is not None else None
        text = _text_of(cell).strip()
        if merge is not None and merge.get(f"{W}val", "continue") == "continue" and not text:
            text = above.get(column, "")
        value = span_el.get(f"{W}val") if span_el is not None else None
        span = max(int(value), 1) if value and value.isdigit() else 1
        real.append(text)
        cells += [text] + [""] * (span - 1)
        for c in range(column, column + span):
            above[c] = text
        column += span
    return cells if len(real) >= 3 else real


def docx_text(data: bytes) -> str:
    """The text of a .docx, one paragraph a line, table rows as lines of cells."""
    from lxml import etree

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        for name in ("word/document.xml", "word/numbering.xml", "word/styles.xml"):
            if name in names and archive.getinfo(name).file_size > MAX_PART:
                raise ValueError(f"{name} unpacks to more than {MAX_PART // (1024 * 1024)} MB")
        body_xml = archive.read("word/document.xml")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(body_xml, parser)
        numbering = (
            etree.fromstring(archive.read("word/numbering.xml"), parser)
            if "word/numbering.xml" in names
            else None
        )
        styles_root = (
            etree.fromstring(archive.read("word/styles.xml"), parser) if "word/styles.xml" in names else None
        )
    except Exception as error:  # noqa: BLE001 - zipfile, zlib and lxml raise many kinds on damaged files
        raise corrupt("Word（.docx）", error) from error
    styles = {}
    if styles_root is not None:
        for style in styles_root.iter(f"{W}style"):
            styles[style.get(f"{W}styleId")] = style
    lists = _Numbering(numbering)
    body = root.find(f"{W}body")
    lines: list[str] = []
    for block in body if body is not None else []:
        if block.tag == f"{W}p":
            text = _text_of(block)
            num = _num_pr(block, styles)
            label = lists.label(*num) if num else ""
            if text.strip() or label:
                lines.append(label + text)
        elif block.tag == f"{W}tbl":
            above: dict[int, str] = {}  # the text of each grid column in the row before
            for row in block.iter(f"{W}tr"):
                cells = _row_cells(row, above)
                if not any(cells):
                    continue
                if len(cells) >= 3:
                    # cells between tabs, an empty one as a dash, so that each stays in its column
                    # (the table pass labels a division's 牵头单位 and 完成时限 columns)
                    lines.append("\t".join(c.replace("\t", " ") or "—" for c in cells))
                else:
                    lines.append("　".join(c for c in cells if c))
    return "\n".join(lines)
