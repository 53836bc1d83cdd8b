"""The ledger out: xlsx in the layout offices keep (one sheet per pillar) and CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from functools import cache
from typing import IO, Any

from django.db.models import QuerySet

from luoshi.ledger.columns import COLUMNS, INDEX, STATUS_FILLS, STATUS_LABELS, VISIBLE, WIDTHS
from luoshi.ledger.selectors import LedgerLine, ledger_lines, milestone_text
from luoshi.lib.memory import collector_paused
from luoshi.lib.numbering import printed
from luoshi.lib.xlsx import FORMULA_PREFIXES, SheetSpec, Style, column_letter, write_xlsx
from luoshi.plans.models import Item, Plan

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Style indexes used in the rows below.
TITLE, HEADER, TEXT, CENTER, DATE, PERCENT, PILLAR = range(7)
STATUS_STYLE = {key: 7 + i for i, key in enumerate(STATUS_FILLS)}
STYLES = [
    Style(bold=True, size=14, border=False, h_align="center"),
    Style(bold=True, fill="D9D9D9", h_align="center"),
    Style(v_align="top"),
    Style(h_align="center"),
    Style(num_fmt='yyyy"年"m"月"d"日"', h_align="center"),
    Style(num_fmt="0%", h_align="center"),
    Style(bold=True, fill="F2F2F2", v_align="top"),
    *(Style(fill=fill, h_align="center") for fill in STATUS_FILLS.values()),
]


def _cells(line: LedgerLine, due: Any, progress: Any) -> list[Any]:
    """One ledger row's values, with the due date and progress as the format writes them. Pillars and
    tasks fill 工作任务; deeper items fill 具体措施, under their task's cell (merged over them in xlsx,
    left empty in CSV)."""
    task, measure = (line.title, "") if line.depth <= 2 else ("", line.title)
    note = line.note
    texts = [
        line.number,
        task,
        measure,
        line.lead_unit,
        "、".join(line.cooperating_units),
        line.leader,
        milestone_text(line.milestones) if line.milestones else "",
        note.progress_text,
        note.problems,
        note.next_steps,
    ]
    # escape_formula inlined: ten cells a row, half a million calls on a plan of 50,000 items.
    number, task, measure, lead, coop, leader, stones, progress_text, problems, steps = [
        "'" + text if text[:1] in FORMULA_STARTS else text for text in texts
    ]
    return [
        number,
        task,
        measure,
        lead,
        coop,
        leader,
        due,
        stones,
        progress_text,
        problems,
        steps,
        progress,
        STATUS_LABELS.get(line.status, ""),
        line.id,
        line.depth,
    ]


FORMULA_STARTS = frozenset(FORMULA_PREFIXES)


@cache
def _row_styles(pillar: bool, status: str) -> tuple[int, ...]:
    text = PILLAR if pillar else TEXT
    status_style = STATUS_STYLE.get(status, CENTER)
    return (CENTER, text, text, text, text, text, DATE, text, text, text, text, PERCENT, status_style, -1, -1)


def _values(line: LedgerLine) -> list[tuple[Any, int]]:
    """One xlsx row: the cells with their styles."""
    cells = _cells(line, line.due_date, line.progress / 100)
    return list(zip(cells, _row_styles(line.depth == 1, line.status), strict=True))


def _pillar_groups(lines: list[LedgerLine]) -> Iterator[list[LedgerLine]]:
    group: list[LedgerLine] = []
    for line in lines:
        if line.depth == 1 and group:
            yield group
            group = []
        group.append(line)
    if group:
        yield group


def _sheet(plan: Plan, group: list[LedgerLine]) -> SheetSpec:
    pillar = group[0]
    heading = printed(pillar.number, pillar.title) if pillar.depth == 1 else plan.name
    merges = [f"A1:{column_letter(VISIBLE - 1)}1"]
    # Merge each task's cell over its measures' rows: the hierarchy as offices draw it.
    task_rows: dict[str, tuple[int, int]] = {}
    for offset, line in enumerate(group):
        row = offset + 3
        if line.depth == 2:
            task_rows[line.path] = (row, row)
        elif line.depth > 2:
            key = line.path[:8]
            if key in task_rows:
                task_rows[key] = (task_rows[key][0], row)
    col = column_letter(INDEX["task"])
    merges += [f"{col}{a}:{col}{b}" for a, b in task_rows.values() if b > a]

    def rows() -> Iterator[Sequence[tuple[Any, int]]]:
        yield [(f"{plan.name} · {heading}", TITLE)] + [(None, TITLE)] * (VISIBLE - 1)
        yield [(header, HEADER) for _key, header in COLUMNS]
        for line in group:
            yield _values(line)

    return SheetSpec(
        name=heading,
        rows=rows(),
        merges=merges,
        widths=WIDTHS,
        freeze_rows=2,
        print_title_rows=(1, 2),
    )


def ledger_write_xlsx(
    *,
    plan: Plan,
    out: IO[bytes],
    items: QuerySet[Item] | None = None,
    lines: list[LedgerLine] | None = None,
) -> int:
    """Write the plan's ledger as xlsx to ``out`` (only ``items``, if given: a filtered queryset of
    the plan's items); returns the number of item rows."""
    with collector_paused():
        lines = ledger_lines(plan, items=items) if lines is None else lines
        sheets = [_sheet(plan, group) for group in _pillar_groups(lines)]
        if not sheets:
            sheets = [
                SheetSpec(name=plan.name, rows=iter([[(h, HEADER) for _k, h in COLUMNS]]), widths=WIDTHS)
            ]
        write_xlsx(sheets, STYLES, out)
    return len(lines)


def ledger_write_csv(
    *,
    plan: Plan,
    out: IO[str],
    items: QuerySet[Item] | None = None,
    lines: list[LedgerLine] | None = None,
) -> int:
    """The same ledger as one CSV table (UTF-8 with BOM so that Excel opens it as Chinese)."""
    with collector_paused():
        lines = ledger_lines(plan, items=items) if lines is None else lines
        writer = csv.writer(out)
        out.write("\ufeff")
        writer.writerow([header for _key, header in COLUMNS])
        writer.writerows(
            _cells(line, line.due_date.isoformat() if line.due_date else "", f"{line.progress}%")
            for line in lines
        )
    return len(lines)


def ledger_csv_bytes(
    plan: Plan, items: QuerySet[Item] | None = None, lines: list[LedgerLine] | None = None
) -> bytes:
    buf = io.StringIO()
    ledger_write_csv(plan=plan, out=buf, items=items, lines=lines)
    return buf.getvalue().encode("utf-8")
