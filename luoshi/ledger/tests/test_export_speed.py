"""The export reads the newest approved report of each item in one query, and the xlsx writer's fast
paths give the same cells as the general one."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from luoshi.ledger.export import ledger_write_xlsx
from luoshi.ledger.selectors import ledger_lines
from luoshi.lib.xlsx import SheetSpec, Style, write_xlsx
from luoshi.reports.models import Report
from luoshi.testing import World

pytestmark = pytest.mark.django_db


def report(world: World, period: dt.date, version: int, state: str, problems: str) -> Report:
    return Report.objects.create(
        plan=world.plan,
        item=world.item_a,
        unit=world.unit_a,
        period=period,
        version=version,
        state=state,
        work_done="做了",
        problems=problems,
        next_steps=f"下步{problems}",
    )


def test_the_ledger_shows_the_newest_approved_report_of_each_item(
    world: World, django_assert_max_num_queries: Any
) -> None:
    approved, returned = Report.State.APPROVED, Report.State.RETURNED
    report(world, dt.date(2020, 6, 1), 1, approved, "六月")
    report(world, dt.date(2020, 7, 1), 1, approved, "七月第一版")
    report(world, dt.date(2020, 7, 1), 2, approved, "七月第二版")
    report(world, dt.date(2020, 8, 1), 1, returned, "八月退回")
    with django_assert_max_num_queries(6):
        lines = {line.id: line for line in ledger_lines(world.plan)}
    assert lines[world.item_a.pk].note.problems == "七月第二版"
    assert lines[world.item_a.pk].note.next_steps == "下步七月第二版"
    assert lines[world.item_b.pk].note.problems == ""


def test_the_writer_keeps_every_kind_of_cell(world: World) -> None:
    row = [
        ("文本 & <标记>", 0),
        ("控制\x01字符\n换行", 0),
        ("", 0),
        (None, -1),
        (7, 0),
        (0.25, 0),
        (Decimal("1.50"), 0),
        (dt.date(2020, 3, 1), 1),
        (True, -1),
    ]
    buf = io.BytesIO()
    write_xlsx([SheetSpec(name="表", rows=iter([row]))], [Style(), Style(num_fmt="yyyy-mm-dd")], buf)
    cells = [c.value for c in next(load_workbook(buf).active.iter_rows())]
    assert cells[:2] == ["文本 & <标记>", "控制字符\n换行"]
    assert cells[2] is None and cells[4:7] == [7, 0.25, 1.5]
    assert cells[7] == dt.datetime(2020, 3, 1) and cells[8] is True
    out = io.BytesIO()
    assert ledger_write_xlsx(plan=world.plan, out=out) == 3
