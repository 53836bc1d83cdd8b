"""A small, fast and defensive xlsx writer and reader, with no Django in it.

openpyxl is a fine general library but takes ~10 s to write or read a 50,000-row ledger with
styles; these two functions stream the XML directly and handle only what a ledger needs: text,
numbers, dates, booleans, merged cells, a frozen header, print setup and a handful of styles.

The reader treats the file as hostile: it checks the zip directory before inflating anything
(declared sizes and compression ratios), parses XML without entity resolution or network access,
stops at a row limit, and reports formulas instead of evaluating them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from lxml import etree

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
# Spreadsheet dates are wall-clock values without a zone; they stay naive here.
EPOCH_1900 = dt.datetime(1899, 12, 30)  # noqa: DTZ001
EPOCH_1904 = dt.datetime(1904, 1, 1)  # noqa: DTZ001
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class XlsxError(ValueError):
    """The file cannot be read as a workbook; the message is safe to show to the user.

    ``code`` names the problem (not_zip, zip_bomb, too_big, too_many_rows, too_many_sheets,
    no_sheets, damaged) and ``params`` its figures, so that callers can say it in the user's language.
    """

    def __init__(self, message: str, *, code: str = "damaged", **params: int) -> None:
        super().__init__(message)
        self.code, self.params = code, params


# ---------------------------------------------------------------------------------------------
# Cells


def escape_formula(value: str) -> str:
    """Neutralise text that a spreadsheet would run as a formula (CSV/formula injection)."""
    if value and value[0] in FORMULA_PREFIXES:
        return "'" + value
    return value


def unescape_formula(value: str) -> str:
    """Undo :func:`escape_formula` so that an exported file reads back unchanged."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_PREFIXES:
        return value[1:]
    return value


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """A → 0, AA → 26."""
    number = 0
    for ch in letters:
        number = number * 26 + (ord(ch) - 64)
    return number - 1


_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def parse_ref(ref: str) -> tuple[int, int]:
    """'B3' → (row 3, column 1): rows 1-based as in Excel, columns 0-based."""
    m = _REF.match(ref.upper())
    if not m:
        raise XlsxError(f"bad cell reference {ref!r}")
    return int(m.group(2)), column_index(m.group(1))


def excel_serial(value: dt.date | dt.datetime) -> float:
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)  # noqa: DTZ001
    delta = value.replace(tzinfo=None) - EPOCH_1900
    return delta.days + delta.seconds / 86400


def from_excel_serial(value: float, *, date1904: bool = False) -> dt.datetime:
    return (EPOCH_1904 if date1904 else EPOCH_1900) + dt.timedelta(days=value)


# ---------------------------------------------------------------------------------------------
# Writing


@dataclass(frozen=True)
class Style:
    bold: bool = False
    size: int = 11
    fill: str = ""  # RGB hex, e.g. "C6EFCE"
    num_fmt: str = ""  # e.g. "yyyy-mm-dd", "0%"
    wrap: bool = True
    border: bool = True
    h_align: str = ""  # left, center, right
    v_align: str = "center"


@dataclass
class SheetSpec:
    """A sheet to write. ``rows`` yields lists of (value, style index) pairs; None values stay empty."""

    name: str
    rows: Iterable[Sequence[tuple[Any, int]]]
    merges: list[str] = field(default_factory=list)
    widths: Sequence[float] = ()
    freeze_rows: int = 0
    print_title_rows: tuple[int, int] | None = None
    landscape: bool = True


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{PKG_REL_NS}">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _safe_sheet_name(name: str, taken: set[str]) -> str:
    clean = re.sub(r"[\[\]\*\?/\\:]", "", name).strip("'") or "Sheet"
    clean = clean[:31]
    candidate, n = clean, 2
    while candidate.lower() in taken:
        suffix = f"({n})"
        candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def _styles_xml(styles: Sequence[Style]) -> str:
    fonts: list[tuple[bool, int]] = [(False, 11)]
    fills: list[str] = ["none", "gray125"]
    num_fmts: dict[str, int] = {}
    xfs = []
    for st in styles:
        font = (st.bold, st.size)
        if font not in fonts:
            fonts.append(font)
        fill_key = st.fill or "none"
        if fill_key not in fills:
            fills.append(fill_key)
        fmt_id = 0
        if st.num_fmt:
            fmt_id = num_fmts.setdefault(st.num_fmt, 164 + len(num_fmts))
        align = f'<alignment vertical="{st.v_align}"'
        align += f' horizontal="{st.h_align}"' if st.h_align else ""
        align += ' wrapText="1"/>' if st.wrap else "/>"
        xfs.append(
            f'<xf numFmtId="{fmt_id}" fontId="{fonts.index(font)}" fillId="{fills.index(fill_key)}" '
            f'borderId="{1 if st.border else 0}" xfId="0" applyFont="1" applyFill="1" applyBorder="1" '
            f'applyAlignment="1"{" applyNumberFormat=" + chr(34) + "1" + chr(34) if fmt_id else ""}>'
            f"{align}</xf>"
        )
    font_xml = "".join(
        f'<font>{"<b/>" if bold else ""}<sz val="{size}"/><name val="宋体"/><charset val="134"/></font>'
        for bold, size in fonts
    )
    fill_xml = "".join(
        f'<fill><patternFill patternType="{f}"/></fill>'
        if f in ("none", "gray125")
        else f'<fill><patternFill patternType="solid"><fgColor rgb="FF{f}"/><bgColor indexed="64"/>'
        "</patternFill></fill>"
        for f in fills
    )
    side = '<{0} style="thin"><color indexed="64"/></{0}>'
    border_xml = (
        "<border><left/><right/><top/><bottom/><diagonal/></border><border>"
        + "".join(side.format(s) for s in ("left", "right", "top", "bottom"))
        + "<diagonal/></border>"
    )
    fmt_xml = "".join(f'<numFmt numFmtId="{i}" formatCode="{_attr(code)}"/>' for code, i in num_fmts.items())
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<styleSheet xmlns="{NS}">'
        + (f'<numFmts count="{len(num_fmts)}">{fmt_xml}</numFmts>' if num_fmts else "")
        + f'<fonts count="{len(fonts)}">{font_xml}</fonts>'
        f'<fills count="{len(fills)}">{fill_xml}</fills>'
        f'<borders count="2">{border_xml}</borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(xfs) + 1}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        + "".join(xfs)
        + "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _cell_xml(ref: str, value: Any, style: int) -> str:
    s = f' s="{style + 1}"' if style >= 0 else ""
    if value is None or value == "":
        return f'<c r="{ref}"{s}/>' if s else ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}"{s}><v>{excel_serial(value):g}</v></c>'
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{_xml_text(str(value))}</t></is></c>'


def _xml_text(text: str) -> str:
    """Text as cell content: characters XML cannot hold dropped, markup escaped. Most text needs
    neither, and the two checks that say so cost far less than the regex and the replaces."""
    if not text.isprintable():
        text = _ILLEGAL_XML.sub("", text)
    if "&" in text or "<" in text or ">" in text:
        text = escape(text)
    return text


def _row_xml(
    r: int, row: Sequence[tuple[Any, int]], letters: list[str], styles: list[str], serials: dict[dt.date, str]
) -> str:
    """One ``<row>``: :func:`_cell_xml` for every cell, with the common cases (text, empty, numbers)
    inline and the row number formatted once; a ledger of 50,000 items has 750,000 cells."""
    at = f'{r}"'
    cells: list[str] = []
    append = cells.append
    for c, (value, style) in enumerate(row):
        kind = type(value)
        if kind is str:
            if value:
                # _xml_text inlined: most text needs neither the regex nor the escape.
                if not value.isprintable():
                    value = _ILLEGAL_XML.sub("", value)
                if "&" in value or "<" in value or ">" in value:
                    value = escape(value)
                append(
                    f'<c r="{letters[c]}{at}{styles[style]} t="inlineStr"><is><t xml:space="preserve">'
                    f"{value}</t></is></c>"
                )
            elif style >= 0:
                append(f'<c r="{letters[c]}{at}{styles[style]}/>')
        elif value is None:
            if style >= 0:
                append(f'<c r="{letters[c]}{at}{styles[style]}/>')
        elif kind is int or kind is float:
            append(f'<c r="{letters[c]}{at}{styles[style]}><v>{value}</v></c>')
        elif kind is dt.date:
            serial = serials.get(value)
            if serial is None:
                serial = serials[value] = f"{excel_serial(value):g}"
            append(f'<c r="{letters[c]}{at}{styles[style]}><v>{serial}</v></c>')
        else:
            append(_cell_xml(f"{letters[c]}{r}", value, style))
    return f'<row r="{r}">{"".join(cells)}</row>'


def _sheet_xml(spec: SheetSpec, out: IO[bytes]) -> None:
    head = [
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}" xmlns:r="{REL_NS}">'
    ]
    head.append('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
    if spec.freeze_rows:
        top = f"A{spec.freeze_rows + 1}"
        head.append(
            '<sheetViews><sheetView workbookViewId="0">'
            f'<pane ySplit="{spec.freeze_rows}" topLeftCell="{top}" activePane="bottomLeft" state="frozen"/>'
            f'<selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/></sheetView></sheetViews>'
        )
    if spec.widths:
        head.append(
            "<cols>"
            + "".join(
                f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"{" hidden=" + chr(34) + "1" + chr(34) if w == 0 else ""}/>'
                for i, w in enumerate(spec.widths)
            )
            + "</cols>"
        )
    head.append("<sheetData>")
    out.write("".join(head).encode())
    letters = [column_letter(i) for i in range(64)]
    # The s="…" attribute of each style index; index -1 (the last) is unstyled.
    styles = [f' s="{i + 1}"' for i in range(255)] + [""]
    serials: dict[dt.date, str] = {}  # a ledger's dates are a few hundred days
    buf: list[str] = []
    for r, row in enumerate(spec.rows, start=1):
        buf.append(_row_xml(r, row, letters, styles, serials))
        if len(buf) >= 2000:
            out.write("".join(buf).encode())
            buf.clear()
    buf.append("</sheetData>")
    if spec.merges:
        buf.append(f'<mergeCells count="{len(spec.merges)}">')
        buf.extend(f'<mergeCell ref="{m}"/>' for m in spec.merges)
        buf.append("</mergeCells>")
    buf.append(
        '<printOptions gridLines="0"/>'
        '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
        f'<pageSetup paperSize="9" orientation="{"landscape" if spec.landscape else "portrait"}" '
        'fitToWidth="1" fitToHeight="0"/>'
        "</worksheet>"
    )
    out.write("".join(buf).encode())


def write_xlsx(sheets: Sequence[SheetSpec], styles: Sequence[Style], out: IO[bytes]) -> None:
    """Write a workbook to ``out``. Style index ``i`` in a row refers to ``styles[i]``; -1 is unstyled."""
    taken: set[str] = set()
    names = [_safe_sheet_name(s.name, taken) for s in sheets]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr(
            "[Content_Types].xml",
            _CONTENT_TYPES.format(sheets="".join(_SHEET_TYPE.format(n=i + 1) for i in range(len(sheets)))),
        )
        zf.writestr("_rels/.rels", _ROOT_RELS)
        defined = []
        for i, (spec, name) in enumerate(zip(sheets, names, strict=True)):
            if spec.print_title_rows:
                first, last = spec.print_title_rows
                quoted = "'" + name.replace("'", "''") + "'"
                defined.append(
                    f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{escape(quoted)}!${first}:${last}</definedName>'
                )
        zf.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{NS}" xmlns:r="{REL_NS}"><bookViews><workbookView/></bookViews><sheets>'
            + "".join(
                f'<sheet name="{_attr(name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                for i, name in enumerate(names)
            )
            + "</sheets>"
            + (f"<definedNames>{''.join(defined)}</definedNames>" if defined else "")
            + "</workbook>",
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{PKG_REL_NS}">'
            + "".join(
                f'<Relationship Id="rId{i + 1}" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                f'Target="worksheets/sheet{i + 1}.xml"/>'
                for i in range(len(sheets))
            )
            + f'<Relationship Id="rId{len(sheets) + 1}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
            'Target="styles.xml"/></Relationships>',
        )
        zf.writestr("xl/styles.xml", _styles_xml(styles))
        for i, spec in enumerate(sheets):
            with zf.open(f"xl/worksheets/sheet{i + 1}.xml", "w", force_zip64=True) as member:
                _sheet_xml(spec, member)


# ---------------------------------------------------------------------------------------------
# Reading


class Formula:
    """A cell that holds a formula; the reader does not evaluate it."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Formula({self.text!r})"


@dataclass
class ReadLimits:
    max_file_bytes: int = 50 * 1024 * 1024
    max_unpacked_bytes: int = 400 * 1024 * 1024
    max_ratio: int = 200
    max_rows: int = 120_000
    max_columns: int = 64
    max_sheets: int = 100


@dataclass
class SheetData:
    name: str
    rows: list[tuple[int, list[Any]]]  # (Excel row number, values by column)
    merges: list[tuple[int, int, int, int]]  # (first row, first col, last row, last col)


_BUILTIN_DATE_FMTS = set(range(14, 23)) | {45, 46, 47}
_BUILTIN_PERCENT_FMTS = {9, 10}
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Za-z$]+\d+)(?::([A-Za-z$]+\d+))?"')


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _parser() -> etree.XMLParser:
    # lxml is imported by the reader's functions only: writing needs none, and the modules that write
    # (exports) are imported when a server starts.
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def _check_zip(zf: zipfile.ZipFile, limits: ReadLimits) -> None:
    total = 0
    for info in zf.infolist():
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise XlsxError(
                "the file is compressed suspiciously well (a zip bomb?); refused", code="zip_bomb"
            )
    if total > limits.max_unpacked_bytes:
        raise XlsxError(
            f"the workbook unpacks to {total // (1024 * 1024)} MB, more than the "
            f"{limits.max_unpacked_bytes // (1024 * 1024)} MB allowed",
            code="too_big_unpacked",
            mb=limits.max_unpacked_bytes // (1024 * 1024),
        )


def _read_member(zf: zipfile.ZipFile, name: str) -> bytes:
    try:
        return zf.read(name)
    except KeyError as exc:
        raise XlsxError(f"the workbook lacks its part {name}") from exc


def _text_of(el: Any) -> str:
    # Rich-text runs (<r><t>) and plain <t>; phonetic guides (<rPh>) are not part of the text.
    parts = []
    for child in el.iter(_q("t")):
        parent = child.getparent()
        if parent is not None and parent.tag == _q("rPh"):
            continue
        parts.append(child.text or "")
    return "".join(parts)


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    names = set(zf.namelist())
    if "xl/sharedStrings.xml" not in names:
        return []
    from lxml import etree

    out = []
    data = io.BytesIO(_read_member(zf, "xl/sharedStrings.xml"))
    for _event, el in etree.iterparse(
        data, events=("end",), tag=_q("si"), resolve_entities=False, no_network=True
    ):
        out.append(_text_of(el))
        el.clear()
    return out


def _style_kinds(zf: zipfile.ZipFile) -> list[str]:
    """For each cellXfs index: 'date', 'percent' or ''."""
    if "xl/styles.xml" not in set(zf.namelist()):
        return []
    from lxml import etree

    root = etree.fromstring(_read_member(zf, "xl/styles.xml"), _parser())
    custom = {}
    for fmt in root.iter(_q("numFmt")):
        custom[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
    kinds = []
    xfs = root.find(_q("cellXfs"))
    for xf in xfs if xfs is not None else []:
        fid = int(xf.get("numFmtId", "0"))
        code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", custom.get(fid, "")).lower()
        if fid in _BUILTIN_DATE_FMTS or (fid in custom and re.search(r"[ymd]", code) and "0" not in code):
            kinds.append("date")
        elif fid in _BUILTIN_PERCENT_FMTS or "%" in code:
            kinds.append("percent")
        else:
            kinds.append("")
    return kinds


def _sheet_parts(zf: zipfile.ZipFile) -> tuple[list[tuple[str, str]], bool]:
    from lxml import etree

    root = etree.fromstring(_read_member(zf, "xl/workbook.xml"), _parser())
    pr = root.find(_q("workbookPr"))
    date1904 = pr is not None and pr.get("date1904") in ("1", "true")
    rels = etree.fromstring(_read_member(zf, "xl/_rels/workbook.xml.rels"), _parser())
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[rel.get("Id")] = target
    sheets = []
    for sheet in root.iter(_q("sheet")):
        rid = sheet.get(f"{{{REL_NS}}}id")
        if rid in targets:
            sheets.append((sheet.get("name", ""), targets[rid]))
    return sheets, date1904


class _Percent(float):
    """A number shown with a percent format: 0.4 means 40%."""


_C, _V, _F, _IS, _T, _ROW = (f"{{{NS}}}{t}" for t in ("c", "v", "f", "is", "t", "row"))
_COLUMNS: dict[str, int] = {}


def _column_of(ref: str) -> int:
    letters = ref.rstrip("0123456789").lstrip("$").upper()
    index = _COLUMNS.get(letters)
    if index is None:
        if not letters.isalpha() or len(letters) > 3:
            raise XlsxError(f"bad cell reference {ref[:12]!r}")
        index = _COLUMNS[letters] = column_index(letters)
    return index


def _cell_value(c: Any, strings: list[str], kinds: list[str], date1904: bool) -> Any:
    v = f = is_ = None
    for child in c:
        tag = child.tag
        if tag == _V:
            v = child
        elif tag == _F:
            f = child
        elif tag == _IS:
            is_ = child
    if f is not None:
        return Formula("=" + (f.text or ""))
    t = c.get("t")
    if t == "inlineStr":
        if is_ is None:
            return ""
        if len(is_) == 1 and is_[0].tag == _T:
            return is_[0].text or ""
        return _text_of(is_)
    if v is None or v.text is None:
        return None
    raw = v.text
    if t == "s":
        try:
            return strings[int(raw)]
        except (ValueError, IndexError) as exc:
            raise XlsxError("a cell points at a shared string that does not exist") from exc
    if t in ("str", "e"):
        return raw
    if t == "b":
        return raw == "1"
    try:
        number = float(raw)
    except ValueError as exc:
        raise XlsxError(f"a number cell holds {raw[:20]!r}") from exc
    s = c.get("s")
    kind = ""
    if s:
        style = int(s)
        kind = kinds[style] if 0 <= style < len(kinds) else ""
    if kind == "date" and 0 < number < 2958466:
        return from_excel_serial(number, date1904=date1904)
    if kind == "percent":
        return _Percent(number)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _read_sheet(
    data: bytes,
    name: str,
    strings: list[str],
    kinds: list[str],
    date1904: bool,
    limits: ReadLimits,
    budget: list[int],
) -> SheetData:
    from lxml import etree

    merges = []
    for m in _MERGE.finditer(data):
        r1, c1 = parse_ref(m.group(1).decode())
        r2, c2 = parse_ref((m.group(2) or m.group(1)).decode())
        merges.append((r1, c1, r2, c2))
    rows: list[tuple[int, list[Any]]] = []
    next_row = 1
    max_columns = limits.max_columns
    columns = _COLUMNS
    for _event, row in etree.iterparse(
        io.BytesIO(data), events=("end",), tag=_ROW, resolve_entities=False, no_network=True, huge_tree=False
    ):
        number = int(row.get("r") or next_row)
        next_row = number + 1
        values: list[Any] = []
        for col, c in enumerate(row):
            if c.tag != _C:
                continue
            ref = c.get("r")
            if ref:
                index = columns.get(ref.rstrip("0123456789"))
                if index is None:
                    index = _column_of(ref)
            else:
                index = col
            if index >= max_columns:
                continue
            value = _cell_value(c, strings, kinds, date1904)
            if value is None:
                continue
            if index >= len(values):
                values.extend([None] * (index + 1 - len(values)))
            values[index] = value
        row.clear()
        while row.getprevious() is not None:
            del row.getparent()[0]
        if any(v not in (None, "") for v in values):
            budget[0] -= 1
            if budget[0] < 0:
                raise XlsxError(
                    f"the workbook has more than {limits.max_rows} rows; split it into smaller files",
                    code="too_many_rows",
                    n=limits.max_rows,
                )
            rows.append((number, values))
    return SheetData(name=name, rows=rows, merges=merges)


def _open_workbook(raw: bytes, limits: ReadLimits) -> zipfile.ZipFile:
    if len(raw) > limits.max_file_bytes:
        raise XlsxError(
            f"the file is larger than {limits.max_file_bytes // (1024 * 1024)} MB",
            code="too_big",
            mb=limits.max_file_bytes // (1024 * 1024),
        )
    try:
        return zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise XlsxError("this is not an xlsx workbook (it is not a zip archive)", code="not_zip") from exc


def _checked_sheets(zf: zipfile.ZipFile, limits: ReadLimits) -> tuple[list[tuple[str, str]], bool]:
    _check_zip(zf, limits)
    sheets, date1904 = _sheet_parts(zf)
    if not sheets:
        raise XlsxError("the workbook has no sheets", code="no_sheets")
    if len(sheets) > limits.max_sheets:
        raise XlsxError(
            f"the workbook has more than {limits.max_sheets} sheets",
            code="too_many_sheets",
            n=limits.max_sheets,
        )
    return sheets, date1904


def _damage() -> tuple[type[Exception], ...]:
    """What a damaged workbook raises while it is read (evaluated only when something was raised)."""
    from lxml import etree

    return (etree.XMLSyntaxError, zipfile.BadZipFile, EOFError, OSError, ValueError, KeyError, RuntimeError)


def check_xlsx(raw: bytes, limits: ReadLimits | None = None) -> None:
    """The quick part of :func:`read_xlsx`, reading no sheet: a zip archive, no bomb, a workbook with
    sheets. Cheap enough to run while the upload is being answered. Raises :class:`XlsxError`."""
    limits = limits or ReadLimits()
    zf = _open_workbook(raw, limits)
    try:
        _checked_sheets(zf, limits)
    except XlsxError:
        raise
    except _damage() as exc:
        raise XlsxError(f"the workbook is damaged and cannot be read ({type(exc).__name__})") from exc
    finally:
        zf.close()


def read_xlsx(source: IO[bytes] | bytes, limits: ReadLimits | None = None) -> list[SheetData]:
    """Read every sheet's non-empty rows and merged ranges. Raises :class:`XlsxError` on any problem."""
    limits = limits or ReadLimits()
    raw = source if isinstance(source, bytes) else source.read(limits.max_file_bytes + 1)
    zf = _open_workbook(raw, limits)
    try:
        sheets, date1904 = _checked_sheets(zf, limits)
        strings = _shared_strings(zf)
        kinds = _style_kinds(zf)
        budget = [limits.max_rows]
        return [
            _read_sheet(_read_member(zf, part), name, strings, kinds, date1904, limits, budget)
            for name, part in sheets
        ]
    except XlsxError:
        raise
    except _damage() as exc:
        raise XlsxError(f"the workbook is damaged and cannot be read ({type(exc).__name__})") from exc
    finally:
        zf.close()


def iter_cells(sheet: SheetData) -> Iterator[tuple[int, int, Any]]:
    for number, values in sheet.rows:
        for col, value in enumerate(values):
            yield number, col, value


def is_percent(value: Any) -> bool:
    return isinstance(value, _Percent)
