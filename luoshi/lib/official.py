"""An official document (公文) as docx, in the layout of GB/T 9704-2012 《党政机关公文格式》.

Plain values in, docx bytes out; no Django here, so notices and bulletins share it. What follows the
standard: A4; top margin 37 mm, left 28 mm, type area 156 × 225 mm; 22 lines of 28 characters
(the document grid and an exact line pitch of 29 pt); the issuing body's mark (发文机关标志) in red
小标宋, centred, 35 mm below the top of the type area; the document number (发文字号) two lines below
it, centred, with a red rule 4 mm under it as wide as the type area; the title in 2号小标宋 two lines
below the rule; the addressee (主送机关) one line below, flush left, ending in a full-width colon;
the body in 3号仿宋, each paragraph indented two characters, headings of the first level in 黑体
and of the second in 楷体; the seal area: the issuing body centred over the date, the date (成文日期,
Arabic numerals, no leading zeros) four characters from the right; page numbers “— 1 —” in 4号宋体
7 mm below the type area, odd pages on the right and even pages on the left, one character in.

Fonts are named as Chinese Windows names them; the font table gives each the name of a font that
ships with Windows to stand in for it (方正小标宋简体 → 宋体), so Word substitutes sensibly.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from luoshi.lib.cndates import format_due_date

RED = "FF0000"
XIAOBIAOSONG = "方正小标宋简体"
FANGSONG = "仿宋"
HEITI = "黑体"
KAITI = "楷体"
SONGTI = "宋体"
# name → (the font Windows ships that stands in for it, its family class in the font table)
STAND_INS = {
    XIAOBIAOSONG: ("宋体", "roman"),
    FANGSONG: ("FangSong", "modern"),
    HEITI: ("SimHei", "modern"),
    KAITI: ("KaiTi", "modern"),
    SONGTI: ("SimSun", "auto"),
}

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
TOP_MM, LEFT_MM = 37, 28
TYPE_WIDTH_MM, TYPE_HEIGHT_MM = 156, 225
LINES, CHARS = 22, 28
SIZE_2 = 22.0  # 2号
SIZE_3 = 16.0  # 3号
SIZE_4 = 14.0  # 4号
MM_PT = 72 / 25.4
LINE_PT = round(TYPE_HEIGHT_MM * MM_PT / LINES, 2)  # 28.99 pt: 22 lines fill the type area
CHAR_PT = TYPE_WIDTH_MM * MM_PT / CHARS  # 15.79 pt: 28 characters fill a line
MARK_MAX_PT = 42.0  # 初号


@dataclass(frozen=True)
class Heading:
    """A heading inside the body: level 1 (一、) in 黑体, level 2 (（一）) in 楷体, deeper in 仿宋."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Table:
    """A bordered table; ``widths_mm`` should add up to no more than the type area's 156 mm."""

    head: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths_mm: Sequence[float]


Block = str | Heading | Table


@dataclass(frozen=True)
class OfficialDocument:
    mark: str  # 发文机关标志, e.g. 古县督查室
    number: str  # 发文字号, e.g. 古督〔2020〕3号
    title: str
    addressee: str  # 主送机关, without the colon
    body: Sequence[Block]
    signature: str  # 发文机关署名
    date: dt.date  # 成文日期
    extra: dict[str, str] = field(default_factory=dict)  # core properties: subject, keywords


def chinese_date(value: dt.date) -> str:
    """成文日期 as GB/T 9704-2012 writes it: Arabic numerals, the full year, no leading zeros."""
    return format_due_date(value)


def _width_in_chars(text: str) -> float:
    """Width in full-width characters: ASCII (digits in a date) is half as wide."""
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in text)


def _fonts(run: Any, name: str, *, size: float, bold: bool = False, colour: str | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = name
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), name)
    fonts.set(qn("w:hint"), "eastAsia")
    run.font.size = Pt(size)
    run.font.bold = bold
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)


def _line(paragraph: Any, *, before_lines: float = 0, pitch: float = LINE_PT) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(pitch)
    fmt.space_before = Pt(before_lines * LINE_PT)
    fmt.space_after = Pt(0)


def _add(
    doc: Any,
    text: str,
    font: str = FANGSONG,
    *,
    size: float = SIZE_3,
    align: str = "",
    indent_chars: float = 0,
    right_chars: float = 0,
    before_lines: float = 0,
    colour: str | None = None,
    bold: bool = False,
    pitch: float = LINE_PT,
) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    if align:
        paragraph.alignment = getattr(WD_ALIGN_PARAGRAPH, align)
    if indent_chars:
        paragraph.paragraph_format.first_line_indent = Pt(indent_chars * SIZE_3)
    if right_chars:
        paragraph.paragraph_format.right_indent = Pt(right_chars * SIZE_3)
    _line(paragraph, before_lines=before_lines, pitch=pitch)
    if text:
        _fonts(paragraph.add_run(text), font, size=size, bold=bold, colour=colour)
    return paragraph


_AFTER_PBDR = tuple(
    f"w:{tag}"
    for tag in (
        "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
        "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
        "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
    ).split()
)


def _red_rule(paragraph: Any) -> None:
    """A red rule under the paragraph, 4 mm below its text, as wide as the type area."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    # sz in eighths of a point; space in points (4 mm ≈ 11 pt)
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "11"), ("w:color", RED)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # Word refuses a paragraph whose properties are out of the schema's order: pBdr goes before these.
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)


def _page_number(footer: Any, *, odd: bool) -> None:
    """“— N —” in 4号宋体 with a PAGE field; odd pages right, even pages left, one character in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    if odd:
        fmt.right_indent = Pt(SIZE_4)
    else:
        fmt.left_indent = Pt(SIZE_4)

    def run(text: str = "") -> Any:
        r = paragraph.add_run(text)
        _fonts(r, SONGTI, size=SIZE_4)
        return r

    def field_char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run()._r.append(element)

    run("— ")
    field_char("begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    run()._r.append(instruction)
    field_char("separate")
    run("1")
    field_char("end")
    run(" —")


def _grid(section: Any) -> None:
    """22 lines of 28 characters: Word's document grid (LibreOffice reads it as its text grid)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    sect = section._sectPr
    for old in sect.findall(qn("w:docGrid")):
        sect.remove(old)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(LINE_PT * 20)))
    # the pitch beyond the default 3号 size, in 4096ths of a point
    grid.set(qn("w:charSpace"), str(round((CHAR_PT - SIZE_3) * 4096)))
    sect.append(grid)


def _font_table(doc: Any) -> None:
    """Give each font a stand-in that ships with Windows (GB2312 character set), for Word to use
    where the named font is not installed."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    part = next((rel.target_part for rel in doc.part.rels.values() if rel.reltype == RT.FONT_TABLE), None)
    if part is None:
        return
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    root = etree.fromstring(part.blob)
    for name, (alt, family) in STAND_INS.items():
        font = etree.SubElement(root, f"{{{ns}}}font", {f"{{{ns}}}name": name})
        etree.SubElement(font, f"{{{ns}}}altName", {f"{{{ns}}}val": alt})
        etree.SubElement(font, f"{{{ns}}}charset", {f"{{{ns}}}val": "86"})
        etree.SubElement(font, f"{{{ns}}}family", {f"{{{ns}}}val": family})
        etree.SubElement(font, f"{{{ns}}}pitch", {f"{{{ns}}}val": "variable"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _table(doc: Any, table: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    size = 12.0  # 小四: a table of eight columns fits the type area
    grid = doc.add_table(rows=1, cols=len(table.head))
    grid.style = "Table Grid"
    grid.autofit = False

    def fill(cell: Any, value: object, *, head: bool = False) -> None:
        cell.text = ""
        paragraph = cell.paragraphs[0]
        text = str(value)
        if head or isinstance(value, int) or text.rstrip("%").replace(".", "", 1).isdigit():
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _line(paragraph, pitch=size * 1.5)
        _fonts(paragraph.add_run(text), HEITI if head else FANGSONG, size=size)

    for cell, text in zip(grid.rows[0].cells, table.head, strict=True):
        fill(cell, text, head=True)
    for row in table.rows:
        for cell, value in zip(grid.add_row().cells, row, strict=True):
            fill(cell, value)
    # Word reads the cells' widths, LibreOffice the grid's: set both.
    for column, width in zip(grid.columns, table.widths_mm, strict=True):
        column.width = Mm(width)
    for row in grid.rows:
        for cell, width in zip(row.cells, table.widths_mm, strict=True):
            cell.width = Mm(width)


def _normal_style(doc: Any) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = doc.styles["Normal"]
    style.font.name = FANGSONG
    style.font.size = Pt(SIZE_3)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FANGSONG)


def _seal_area(doc: Any, signature: str, date: str) -> None:
    """加盖印章的公文: the date four characters from the right, the issuing body centred over it,
    two lines below the body so the seal can press on both."""
    date_right = 4.0
    signature_right = max(0.0, date_right + (_width_in_chars(date) - _width_in_chars(signature)) / 2)
    _add(doc, signature, align="RIGHT", right_chars=signature_right, before_lines=2)
    _add(doc, date, align="RIGHT", right_chars=date_right)


def official_docx(document: OfficialDocument) -> bytes:
    from docx import Document
    from docx.shared import Mm

    doc = Document()
    _normal_style(doc)
    _font_table(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.left_margin = Mm(TOP_MM), Mm(LEFT_MM)
    section.right_margin = Mm(PAGE_WIDTH_MM - LEFT_MM - TYPE_WIDTH_MM)
    section.bottom_margin = Mm(PAGE_HEIGHT_MM - TOP_MM - TYPE_HEIGHT_MM)
    section.header_distance = Mm(15)
    # the dashes' top 7 mm below the type area: the footer line (14 pt ≈ 5 mm) ends 23 mm from the edge
    section.footer_distance = Mm(PAGE_HEIGHT_MM - TOP_MM - TYPE_HEIGHT_MM - 7 - 5)
    _grid(section)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, odd=True)
    _page_number(section.even_page_footer, odd=False)

    mark_size = min(MARK_MAX_PT, int(TYPE_WIDTH_MM * MM_PT / max(1.0, _width_in_chars(document.mark))))
    mark = _add(
        doc, document.mark, XIAOBIAOSONG, size=mark_size, align="CENTER", colour=RED, pitch=mark_size * 1.2
    )
    mark.paragraph_format.space_before = Mm(35)
    _red_rule(_add(doc, document.number, align="CENTER", before_lines=2))
    _add(doc, document.title, XIAOBIAOSONG, size=SIZE_2, align="CENTER", before_lines=2)
    _add(doc, f"{document.addressee}：" if document.addressee else "", before_lines=1)
    for block in document.body:
        if isinstance(block, Heading):
            font = {1: HEITI, 2: KAITI}.get(block.level, FANGSONG)
            _add(doc, block.text, font, indent_chars=2)
        elif isinstance(block, Table):
            _table(doc, block)
        else:
            _add(doc, block, indent_chars=2)
    _seal_area(doc, document.signature, chinese_date(document.date))

    properties = doc.core_properties
    properties.title = document.title
    properties.author = document.signature
    properties.subject = document.extra.get("subject", document.number)
    properties.keywords = document.extra.get("keywords", "")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
