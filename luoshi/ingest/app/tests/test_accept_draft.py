"""Accepting a draft: numbers only where the text wrote them; organisation, units, leaders and due dates come along."""

from __future__ import annotations

import datetime as dt

import pytest

from luoshi.ingest.app.services import source_accept, source_ingest
from luoshi.plans.models import Item

TEXT = (
    "古县人民政府关于印发2026年重点工作任务的通知\n"
    "各乡镇人民政府，县政府各部门：\n"
    "一、做强能源产业\n"
    "（一）推进煤矿智能化改造。2026年10月底前完成5座煤矿改造。（县能源局牵头，县应急局、县财政局配合；责任领导：王建国）\n"
    "（二）加快新能源项目建设。\n"
    "二、擦亮一张名片\n"
    "县长说，要抓好三件事。一是深化景区改革，理顺管理体制。二是办好旅游节会。三是完善游客中心。\n"
)


@pytest.mark.django_db
def test_accepting_keeps_written_numbers_only_and_carries_units_leaders_and_deadlines() -> None:
    source = source_ingest(data=TEXT.encode("gb18030"), filename="tasks.txt")
    result = source_accept(
        source=source,
        edits={},
        code="gu-2026",
        name="古县2026年重点工作",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
    )
    plan = result.plan
    assert plan.issuer == "古县"
    items = {i.title: i for i in Item.objects.filter(plan=plan)}
    internal = {"list", "group", "topic", "聚焦", "一是", "cn、", "(cn)", "cn是"}
    assert not {i.number for i in items.values()} & internal
    mine = items["推进煤矿智能化改造"]
    assert mine.lead_unit is not None and mine.lead_unit.name == "县能源局"
    assert {u.name for u in mine.cooperating_units.all()} == {"县应急局", "县财政局"}
    assert mine.leader is not None and mine.leader.name == "王建国"
    assert mine.due_date == dt.date(2026, 10, 31)
    reform = next(i for t, i in items.items() if t.startswith("深化景区改革"))
    assert reform.number in ("", None) or not reform.number.endswith("是")
