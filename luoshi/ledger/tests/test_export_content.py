"""Every cell of the exported ledger, xlsx read back by openpyxl and CSV by the csv module, against rows
worked out here from the items and their reports: the newest approved report of an item fills 存在问题
and 下步打算, whatever drafts, submissions or returned reports came after it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from luoshi.ledger.tests.helpers import csv_of, xlsx_of
from luoshi.plans.models import Item, Milestone
from luoshi.reports.models import Report
from luoshi.testing import LeaderFactory, UnitFactory, World, make_item

pytestmark = pytest.mark.django_db

LABELS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "done": "已完成", "none": "未评价"}
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _report(world: World, item: Item, period: dt.date, version: int, state: str, text: str) -> None:
    Report.objects.create(
        plan=world.plan,
        item=item,
        unit=world.unit_a,
        period=period,
        version=version,
        state=state,
        work_done=f"做了{text}",
        problems=f"问题{text}",
        next_steps=f"打算{text}",
    )


def _plan_with_reports(world: World) -> None:
    """Two pillars, tasks and a measure, with units, a leader, milestones, text a spreadsheet would run
    and markup; several reports an item in every state."""
    leader = LeaderFactory(name="王副县长", organisation=world.plan.organisation)
    coop = UnitFactory(name="单位丙", organisation=world.plan.organisation)
    a = world.item_a
    Item.objects.filter(pk=a.pk).update(leader=leader, progress_note="推进中 & <顺利>")
    a.cooperating_units.set([coop, world.unit_b])
    Milestone.objects.create(item=a, title="开工", due_date=dt.date(2020, 3, 31))
    Milestone.objects.create(item=a, title="完工", due_date=dt.date(2020, 9, 30))
    measure = make_item(world.plan, a, title="=具体措施一", lead_unit=world.unit_b, progress=10)
    second = make_item(world.plan, None, title="做强两大产业", kind=Item.Kind.PILLAR, number="二")
    make_item(world.plan, second, title="无人汇报的事项", progress_note="-待启动")

    approved, S = Report.State.APPROVED, Report.State
    _report(world, a, dt.date(2020, 5, 1), 1, approved, "五月")
    _report(world, a, dt.date(2020, 6, 1), 1, approved, "六月第一版")
    _report(world, a, dt.date(2020, 6, 1), 2, approved, "六月第二版")  # the newest approved
    _report(world, a, dt.date(2020, 6, 1), 3, S.RETURNED, "六月退回")
    _report(world, a, dt.date(2020, 7, 1), 1, S.DRAFT, "七月草稿")
    _report(world, a, dt.date(2020, 8, 1), 1, S.SUBMITTED, "八月待审")
    _report(world, world.item_b, dt.date(2020, 6, 1), 1, S.DRAFT, "乙草稿")
    _report(world, measure, dt.date(2020, 4, 1), 1, S.RETURNED, "措施退回")
    _report(world, measure, dt.date(2020, 3, 1), 1, approved, "措施三月")


def _safe(text: str) -> str:
    return "'" + text if text.startswith(FORMULA) else text


def _expected(world: World) -> list[list[Any]]:
    """The ledger's rows in tree order, the due date and progress as dates and numbers."""
    rows = []
    for item in Item.objects.filter(plan=world.plan).order_by("path"):
        newest = max(
            Report.objects.filter(item=item, state=Report.State.APPROVED),
            key=lambda r: (r.period, r.version),
            default=None,
        )
        stones = "\n".join(
            f"{m.due_date.year}年{m.due_date.month}月{m.due_date.day}日前：{m.title}"
            for m in item.milestones.order_by("due_date", "id")
        )
        task, measure = (item.title, "") if item.depth <= 2 else ("", item.title)
        rows.append(
            [
                _safe(item.number),
                _safe(task),
                _safe(measure),
                _safe(item.lead_unit.name if item.lead_unit else ""),
                _safe("、".join(sorted(u.name for u in item.cooperating_units.all()))),
                _safe(item.leader.name if item.leader else ""),
                item.due_date,
                _safe(stones),
                _safe(item.progress_note),
                _safe(newest.problems if newest else ""),
                _safe(newest.next_steps if newest else ""),
                item.progress,
                LABELS[item.status],
                item.pk,
                item.depth,
            ]
        )
    return rows


def test_every_cell_of_the_xlsx_and_the_csv_is_the_plans(world: World) -> None:
    _plan_with_reports(world)
    expected = _expected(world)
    assert [row[9] for row in expected if row[9]] == ["问题六月第二版", "问题措施三月"]

    sheets = load_workbook(io.BytesIO(xlsx_of(world.plan))).worksheets
    assert len(sheets) == 2
    got = []
    for ws in sheets:
        for row in ws.iter_rows(min_row=3, values_only=True):
            cells = ["" if v is None else v for v in row]
            # openpyxl gives a date cell as a datetime and the percentage as the fraction.
            cells[6] = cells[6].date() if cells[6] else None
            cells[11] = round(cells[11] * 100)
            got.append(cells)
    assert got == expected

    text = csv_of(world.plan).decode("utf-8")
    assert text.startswith("\ufeff序号,工作任务,具体措施,")
    table = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    as_csv = [
        [
            *(str(v) for v in row[:6]),
            row[6].isoformat() if row[6] else "",
            *(str(v) for v in row[7:11]),
            f"{row[11]}%",
            *(str(v) for v in row[12:]),
        ]
        for row in expected
    ]
    assert table[1:] == as_csv
