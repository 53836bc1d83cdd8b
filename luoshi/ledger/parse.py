"""Read a ledger workbook (or CSV) into rows with a place in the tree. No database access here.

Layouts differ from office to office, so the parser looks for a header row whose cells it knows
(by synonyms), fills merged cells down, and takes the hierarchy from, in order: the hidden
层级 column of luoshi's own export; the 工作任务/具体措施 split (a measure belongs to the task
cell above or beside it); and the outline numbering 一、/（一）/1./（1）/1.2.3.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zlib
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from luoshi.ledger.columns import (
    COLUMNS,
    KEYS,
    TITLE_KEYS,
    header_key_exact,
    header_map,
    is_header,
)
from luoshi.lib.cndates import DateTextError, parse_due_date
from luoshi.lib.numbering import number_key, number_style, split_number
from luoshi.lib.xlsx import (
    Formula,
    ReadLimits,
    SheetData,
    XlsxError,
    check_xlsx,
    is_percent,
    read_xlsx,
    unescape_formula,
)

MAX_TITLE = 300
HEADERS = dict(COLUMNS)
MAX_NUMBER = 16
_SPLIT_UNITS = re.compile(r"[、，,;；/\n]+")
_MILESTONE_SPLIT = re.compile(r"[\n；;]+")
_MILESTONE_HEAD = re.compile(r"^(?P<date>.{2,24}?)(?:之前|以前|前)?\s*[：:]\s*(?P<title>.+)$", re.S)


VALUE_KEYS = (
    "lead_unit",
    "cooperating_units",
    "leader",
    "due_date",
    "milestones",
    "progress_text",
    "problems",
    "next_steps",
    "progress",
    "id",
)
# What an empty cell means in each column.
EMPTY: dict[str, Any] = {
    "lead_unit": "",
    "cooperating_units": [],
    "leader": "",
    "due_date": None,
    "milestones": [],
    "progress_text": "",
    "problems": "",
    "next_steps": "",
    "progress": None,
    "id": None,
}


class LedgerFileError(ValueError):
    """The whole file is unusable; the message is shown to the user."""


@dataclass
class ParsedRow:
    sheet: str
    row: int
    level: int
    parent: int | None
    number: str
    title: str
    values: dict[str, Any] = field(default_factory=dict)
    present: frozenset[str] = frozenset()
    item_id: int | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    implied: bool = False


def rows_dump(rows: list[ParsedRow]) -> bytes:
    """The parsed rows as compressed JSON, so that applying need not read the workbook again."""
    out = []
    for r in rows:
        values = dict(r.values)
        if isinstance(values.get("due_date"), dt.date):
            values["due_date"] = values["due_date"].isoformat()
        if "milestones" in values:
            values["milestones"] = [[d.isoformat(), t] for d, t in values["milestones"]]
        out.append(
            [
                r.sheet,
                r.row,
                r.level,
                r.parent,
                r.number,
                r.title,
                values,
                sorted(r.present),
                r.item_id,
                r.errors,
                r.warnings,
                r.implied,
            ]
        )
    return zlib.compress(json.dumps(out, ensure_ascii=False).encode(), 1)


def rows_load(blob: bytes) -> list[ParsedRow]:
    rows = []
    for (
        sheet,
        row,
        level,
        parent,
        number,
        title,
        values,
        present,
        item_id,
        errors,
        warnings,
        implied,
    ) in json.loads(zlib.decompress(blob)):
        if values.get("due_date"):
            values["due_date"] = dt.date.fromisoformat(values["due_date"])
        if "milestones" in values:
            values["milestones"] = [(dt.date.fromisoformat(d), t) for d, t in values["milestones"]]
        rows.append(
            ParsedRow(
                sheet,
                row,
                level,
                parent,
                number,
                title,
                values,
                frozenset(present),
                item_id,
                errors,
                warnings,
                implied,
            )
        )
    return rows


@dataclass
class ParseResult:
    rows: list[ParsedRow]
    warnings: list[str]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return unescape_formula(str(value).strip())


def _progress(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(str(value))
    if isinstance(value, int | float):
        number = float(value) * 100 if is_percent(value) or (0 < value < 1) else float(value)
    else:
        text = str(value).strip().replace("％", "%")
        if text.endswith("%"):
            number = float(text[:-1])
        else:
            number = float(text)
            if 0 < number < 1:
                number *= 100
    result = round(number)
    if not 0 <= result <= 100:
        raise ValueError(str(value))
    return result


def parse_milestones(text: str, *, year: int) -> tuple[list[tuple[dt.date, str]], list[str]]:
    """节点目标 lines such as '2020年6月30日前：完成立项' → [(date, '完成立项')]; lines without a date are reported."""
    found: list[tuple[dt.date, str]] = []
    skipped: list[str] = []
    for piece in _MILESTONE_SPLIT.split(text):
        piece = piece.strip()
        if not piece:
            continue
        m = _MILESTONE_HEAD.match(piece)
        try:
            if m:
                due = parse_due_date(m.group("date"), year=year)
                title = m.group("title").strip()
            else:
                due = parse_due_date(piece, year=year)
                title = piece
        except DateTextError:
            due = None
        if due is None:
            skipped.append(piece)
            continue
        found.append((due, title[:300]))
    return found, skipped


class _Sheet:
    """Walks one sheet's rows, keeping the stacks that turn numbering into depth."""

    def __init__(self, sheet: SheetData, year: int, out: list[ParsedRow]) -> None:
        self.sheet, self.year, self.out = sheet, year, out
        self.cols: dict[str, int] = {}
        self.filled: set[tuple[int, int]] = set()
        self.last_at_level: dict[int, int] = {}
        self.pillar: int | None = None
        self.pillar_hint: tuple[str, str] | None = None
        self.task: int | None = None
        self.top_stack: list[str] = []
        self.measure_stack: list[str] = []

    # -- set-up --------------------------------------------------------------------------------

    def fill_merges(self) -> None:
        rows = self.sheet.rows
        numbers = [n for n, _v in rows]
        for r1, c1, r2, _c2 in self.sheet.merges[:200_000]:
            if r2 <= r1:
                continue
            start = bisect_left(numbers, r1)
            if start >= len(rows) or rows[start][0] != r1:
                continue
            anchor = rows[start][1][c1] if c1 < len(rows[start][1]) else None
            if anchor is None:
                continue
            for i in range(start + 1, len(rows)):
                number, values = rows[i]
                if number > r2:
                    break
                if c1 >= len(values):
                    values.extend([None] * (c1 + 1 - len(values)))
                if values[c1] in (None, ""):
                    values[c1] = anchor
                    self.filled.add((number, c1))

    def find_header(self) -> int | None:
        for i, (_number, values) in enumerate(self.sheet.rows[:15]):
            mapping = header_map(values)
            if is_header(mapping):
                self.cols = mapping
                for _n, above in self.sheet.rows[:i]:
                    texts = [_text(v) for v in above if _text(v)]
                    if texts:
                        number, title = split_number(texts[0])
                        if number_style(number) == "cn":
                            self.pillar_hint = (number, title)
                            break
                if self.pillar_hint is None:
                    number, title = split_number(self.sheet.name)
                    if number_style(number) == "cn":
                        self.pillar_hint = (number, title)
                return i
        return None

    def repeated_header(self, values: list[Any]) -> bool:
        """The header again (printed on every page): its title cell is exactly a header's name, and at
        least three cells name the columns they stand in. A task called 配套措施 whose milestone says
        …节点目标 is a row, not a header."""
        first = self.cell(values, "task") or self.cell(values, "measure")
        if header_key_exact(first) not in TITLE_KEYS:
            return False
        same = {key for key, index in header_map(values).items() if self.cols.get(key) == index}
        return len(same) >= 3 and bool(TITLE_KEYS & same)

    def cell(self, values: list[Any], key: str) -> Any:
        index = self.cols.get(key)
        if index is None or index >= len(values):
            return None
        return values[index]

    # -- rows ------------------------------------------------------------------------------------

    def add(self, row: ParsedRow) -> int:
        self.out.append(row)
        index = len(self.out) - 1
        self.last_at_level[row.level] = index
        for deeper in [lvl for lvl in self.last_at_level if lvl > row.level]:
            del self.last_at_level[deeper]
        return index

    def parent_for(self, level: int) -> int | None:
        return self.last_at_level.get(level - 1) if level > 1 else None

    def ensure_pillar(self) -> None:
        if self.pillar is None and self.pillar_hint is not None:
            number, title = self.pillar_hint
            self.pillar = self.add(
                ParsedRow(self.sheet.name, 0, 1, None, number, title, present=frozenset(), implied=True)
            )

    def base(self) -> int:
        return 1 if self.pillar is not None else 0

    def run(self) -> None:
        self.fill_merges()
        header = self.find_header()
        if header is None:
            return
        explicit = "level" in self.cols
        for number, values in self.sheet.rows[header + 1 :]:
            if self.repeated_header(values):
                continue  # a header repeated on every printed page
            if explicit and self.explicit_row(number, values):
                continue
            self.numbered_row(number, values)

    def _values(self, number: int, values: list[Any], row: ParsedRow) -> None:
        present = {"number", "title"}
        width = len(values)
        for key in VALUE_KEYS:
            index = self.cols.get(key)
            if index is None:
                continue
            raw = values[index] if index < width else None
            present.add(key)
            if raw is None or raw == "":
                row.values[key] = EMPTY[key]
                continue
            if isinstance(raw, Formula):
                present.discard(key)
                row.errors.append(
                    _("%(column)s: formulas are not imported; paste the values instead")
                    % {"column": _header_name(key)}
                )
                continue
            try:
                row.values[key] = self._convert(key, raw, row)
            except (ValueError, DateTextError, OverflowError):
                row.errors.append(
                    _("%(column)s: “%(value)s” is not valid")
                    % {"column": _header_name(key), "value": _text(raw)[:40]}
                )
        row.present = frozenset(present)
        if "id" in row.values:
            row.item_id = row.values.pop("id")

    def _convert(self, key: str, raw: Any, row: ParsedRow) -> Any:
        if key in ("lead_unit", "leader", "progress_text", "problems", "next_steps"):
            return _text(raw)
        if key == "cooperating_units":
            return sorted({u.strip() for u in _SPLIT_UNITS.split(_text(raw)) if u.strip()})
        if key == "due_date":
            return parse_due_date(raw if not isinstance(raw, str) else unescape_formula(raw), year=self.year)
        if key == "milestones":
            stones, skipped = parse_milestones(_text(raw), year=self.year)
            row.warnings += [
                _("节点目标: “%(text)s” has no date and was left out") % {"text": s[:30]} for s in skipped
            ]
            return stones
        if key == "progress":
            return None if _text(raw) == "" else _progress(raw)
        if key == "id":
            text = _text(raw)
            return int(text) if text.isdigit() else None
        return raw

    def _check(self, row: ParsedRow) -> None:
        if not row.title:
            row.errors.append(_("The row has data but no 工作任务 or 具体措施."))
        if len(row.title) > MAX_TITLE:
            row.errors.append(_("The title is longer than %(n)d characters.") % {"n": MAX_TITLE})
        if len(row.number) > MAX_NUMBER:
            row.errors.append(
                _("序号 “%(number)s” is longer than %(n)d characters.")
                % {"number": row.number[:20], "n": MAX_NUMBER}
            )

    def explicit_row(self, number: int, values: list[Any]) -> bool:
        level_raw = _text(self.cell(values, "level"))
        if not level_raw.isdigit() or not 1 <= int(level_raw) <= 30:
            return False
        level = int(level_raw)
        task, measure = self.titles(number, values)
        title = measure if level > 2 and measure else (task or measure)
        row = ParsedRow(
            self.sheet.name, number, level, self.parent_for(level), _text(self.cell(values, "number")), title
        )
        if level > 1 and row.parent is None:
            row.errors.append(_("The row's 层级 skips a level."))
        self._values(number, values, row)
        self._check(row)
        self.add(row)
        return True

    def titles(self, number: int, values: list[Any]) -> tuple[str, str]:
        task_raw, measure_raw = self.cell(values, "task"), self.cell(values, "measure")
        for raw in (task_raw, measure_raw):
            if isinstance(raw, Formula):
                return "", ""
        return _text(task_raw), _text(measure_raw)

    def numbered_row(self, number: int, values: list[Any]) -> None:
        task, measure = self.titles(number, values)
        number_raw = self.cell(values, "number")
        number_text = "" if (number, self.cols.get("number", -1)) in self.filled else _text(number_raw)
        if not task and not measure:
            if any(isinstance(self.cell(values, k), Formula) for k in ("task", "measure")):
                row = ParsedRow(self.sheet.name, number, self.base() + 1, None, number_text, "")
                row.errors.append(
                    _("%(column)s: formulas are not imported; paste the values instead")
                    % {"column": "工作任务/具体措施"}
                )
                self.out.append(row)
            elif any(_text(v) for i, v in enumerate(values) if i != self.cols.get("number")):
                row = ParsedRow(self.sheet.name, number, self.base() + 1, None, number_text, "")
                self._check(row)
                self.out.append(row)
            return
        if measure and "measure" in self.cols:
            task_is_copy = (number, self.cols.get("task", -1)) in self.filled
            current = self.out[self.task].title if self.task is not None else None
            if task and not task_is_copy and task != current:
                self.task_row(number, values, task, number_text, implied=True)
                number_text = ""  # the 序号 beside a merged task cell numbers the task
            self.measure_row(number, values, measure, number_text)
        else:
            self.task_row(number, values, task or measure, number_text, implied=False)

    def task_row(self, number: int, values: list[Any], text: str, number_text: str, *, implied: bool) -> None:
        num, title = (number_text, text) if number_text else split_number(text)
        style = number_style(num)
        if style == "cn":
            level = 1
            self.top_stack = []
            self.pillar = None
            self.pillar_hint = None
        else:
            self.ensure_pillar()
            if style not in self.top_stack:
                self.top_stack.append(style)
            del self.top_stack[self.top_stack.index(style) + 1 :]
            level = self.base() + len(self.top_stack)
        row = ParsedRow(self.sheet.name, number, level, self.parent_for(level), num, title, implied=implied)
        if implied:
            row.present = frozenset({"number", "title"})
        else:
            self._values(number, values, row)
        self._check(row)
        index = self.add(row)
        if level == 1:
            self.pillar = index
        self.task = index
        self.measure_stack = []

    def measure_row(self, number: int, values: list[Any], text: str, number_text: str) -> None:
        num, title = (number_text, text) if number_text else split_number(text)
        style = number_style(num)
        if self.task is None:
            self.ensure_pillar()
        if style not in self.measure_stack:
            self.measure_stack.append(style)
        del self.measure_stack[self.measure_stack.index(style) + 1 :]
        base = self.out[self.task].level if self.task is not None else self.base()
        level = base + len(self.measure_stack)
        row = ParsedRow(self.sheet.name, number, level, self.parent_for(level), num, title)
        self._values(number, values, row)
        self._check(row)
        self.add(row)


def _header_name(key: str) -> str:
    return HEADERS[key]


def parse_sheets(sheets: list[SheetData], *, year: int) -> ParseResult:
    rows: list[ParsedRow] = []
    warnings: list[str] = []
    found_header = False
    for sheet in sheets:
        walker = _Sheet(sheet, year, rows)
        walker.run()
        if walker.cols:
            found_header = True
        elif sheet.rows:
            warnings.append(
                _("Sheet “%(name)s” has no ledger header row and was skipped.") % {"name": sheet.name}
            )
    if not found_header:
        raise LedgerFileError(
            _(
                "No ledger header row found: a row naming at least three columns such as 序号, 工作任务, 牵头单位."
            )
        )
    return ParseResult(rows=rows, warnings=warnings)


def _csv_text(raw: bytes, limits: ReadLimits) -> str:
    if len(raw) > limits.max_file_bytes:
        raise LedgerFileError(
            _("The file is larger than %(mb)d MB.") % {"mb": limits.max_file_bytes // 2**20}
        )
    if b"\x00" in raw[:4096]:
        raise LedgerFileError(_("This is not a text (CSV) file."))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LedgerFileError(_("The CSV file is neither UTF-8 nor GB18030 text."))


def read_csv(raw: bytes, limits: ReadLimits) -> list[SheetData]:
    text = _csv_text(raw, limits)
    rows: list[tuple[int, list[Any]]] = []
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text)), start=1):
            if any(v.strip() for v in values):
                if len(rows) >= limits.max_rows:
                    raise LedgerFileError(
                        f"the file has more than {limits.max_rows} rows; split it into smaller files"
                    )
                rows.append(
                    (number, [Formula(v) if v.startswith("=") else v for v in values[: limits.max_columns]])
                )
    except csv.Error as exc:
        raise LedgerFileError(_("The CSV file is malformed: %(error)s") % {"error": exc}) from exc
    return [SheetData(name="CSV", rows=rows, merges=[])]


TOO_MANY_ROWS = gettext_noop("The file has more than %(n)d rows; split it into smaller files.")
XLSX_MESSAGES = {
    "not_zip": gettext_noop("This is not an xlsx workbook (it is not a zip archive)."),
    "zip_bomb": gettext_noop("The file is compressed suspiciously well (a zip bomb?) and was refused."),
    "too_big": gettext_noop("The file is larger than %(mb)d MB."),
    "too_big_unpacked": gettext_noop("The workbook unpacks to more than %(mb)d MB."),
    "too_many_rows": TOO_MANY_ROWS,
    "too_many_sheets": gettext_noop("The workbook has more than %(n)d sheets."),
    "no_sheets": gettext_noop("The workbook has no sheets."),
    "damaged": gettext_noop("The workbook is damaged and cannot be read."),
}


def _xlsx_message(exc: XlsxError) -> str:
    return _(XLSX_MESSAGES.get(exc.code, XLSX_MESSAGES["damaged"])) % exc.params


def check_file(raw: bytes, *, filename: str, limits: ReadLimits | None = None) -> None:
    """Refuse, before anything is stored, a file that cannot be a ledger at all: not a workbook, damaged,
    a zip bomb, binary posing as CSV. Reads no rows; raises :class:`LedgerFileError`."""
    limits = limits or ReadLimits()
    if filename.lower().endswith(".csv"):
        _csv_text(raw, limits)
        return
    try:
        check_xlsx(raw, limits)
    except XlsxError as exc:
        raise LedgerFileError(_xlsx_message(exc)) from exc


def parse_file(raw: bytes, *, filename: str, year: int, limits: ReadLimits | None = None) -> ParseResult:
    """Parse an uploaded ledger; raises :class:`LedgerFileError` if the file as a whole is unusable."""
    limits = limits or ReadLimits()
    if filename.lower().endswith(".csv"):
        sheets = read_csv(raw, limits)
    else:
        try:
            sheets = read_xlsx(raw, limits)
        except XlsxError as exc:
            raise LedgerFileError(_xlsx_message(exc)) from exc
    return parse_sheets(sheets, year=year)


__all__ = [
    "KEYS",
    "LedgerFileError",
    "ParseResult",
    "ParsedRow",
    "check_file",
    "number_key",
    "parse_file",
    "parse_sheets",
]
