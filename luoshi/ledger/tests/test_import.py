from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from luoshi.ledger.models import LedgerImport
from luoshi.ledger.tests.helpers import FIXTURES, apply, csv_of, demo_plan, fates, preview, xlsx_of
from luoshi.plans.models import Item, Milestone, Unit
from luoshi.testing import PASSWORD, PlanFactory, World

pytestmark = pytest.mark.django_db


def _snapshot(plan: object) -> list[tuple[object, ...]]:
    return list(
        Item.objects.filter(plan=plan)
        .order_by("path")
        .values_list(
            "path", "number", "title", "lead_unit_id", "leader_id", "due_date", "progress", "version"
        )
    )


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_export_then_import_of_the_same_file_changes_nothing(world: World, kind: str) -> None:
    plan = demo_plan()
    before = _snapshot(plan)
    content = xlsx_of(plan) if kind == "xlsx" else csv_of(plan)
    imp = preview(plan, world.office, content, f"ledger.{kind}")
    assert imp.state == LedgerImport.State.PREVIEWED, imp.error
    assert fates(imp) == {"new": 0, "update": 0, "unchanged": len(before), "error": 0}
    apply(imp, world.office)
    assert _snapshot(plan) == before


def test_preview_shows_each_rows_fate_and_writes_nothing(world: World) -> None:
    wb = load_workbook(io.BytesIO(xlsx_of(world.plan)))
    ws = wb.worksheets[0]
    rows = {r[1].value: r for r in ws.iter_rows(min_row=3)}
    rows["甲的事项"][11].value = 0.75  # 完成率 40% → 75%
    rows["乙的事项"][6].value = "2020年6月底前"  # 完成时限
    ws.append(
        [
            "3.",
            "新增的事项",
            None,
            "单位甲",
            "新单位丙",
            None,
            "年底前",
            "9月底前：完成验收",
            "",
            "",
            "",
            "10%",
            None,
            None,
            2,
        ]
    )
    ws.append(
        ["4.", "坏的事项", None, "单位甲", None, None, "某天", None, None, None, None, "很多", None, None, 2]
    )
    buf = io.BytesIO()
    wb.save(buf)
    before = _snapshot(world.plan)
    imp = preview(world.plan, world.office, buf.getvalue())
    assert fates(imp) == {"new": 1, "update": 2, "unchanged": 1, "error": 1}
    by_title = {r["title"]: r for r in imp.rows}
    assert by_title["甲的事项"]["changes"] == [{"field": "完成率", "old": "40%", "new": "75%"}]
    assert {"field": "完成时限", "old": "2020-12-31", "new": "2020-06-30"} in by_title["乙的事项"]["changes"]
    assert any("完成时限" in e for e in by_title["坏的事项"]["errors"])
    assert any("完成率" in e for e in by_title["坏的事项"]["errors"])
    assert not imp.can_apply
    assert _snapshot(world.plan) == before


def test_apply_writes_every_change_with_history(world: World) -> None:
    wb = load_workbook(io.BytesIO(xlsx_of(world.plan)))
    ws = wb.worksheets[0]
    rows = {r[1].value: r for r in ws.iter_rows(min_row=3)}
    rows["甲的事项"][11].value = 0.75
    ws.append(
        [
            "3.",
            "新增的事项",
            None,
            "单位甲",
            "新单位丙",
            "张三",
            "年底前",
            "9月底前：完成验收",
            "开始了",
            "",
            "",
            "10%",
            None,
            None,
            2,
        ]
    )
    buf = io.BytesIO()
    wb.save(buf)
    imp = preview(world.plan, world.office, buf.getvalue())
    assert imp.can_apply, imp.rows
    imp = apply(imp, world.office)
    assert imp.state == LedgerImport.State.APPLIED, imp.error
    item_a = Item.objects.get(pk=world.item_a.pk)
    assert item_a.progress == 75 and item_a.version == world.item_a.version + 1
    assert item_a.history.count() == 2
    new = Item.objects.get(plan=world.plan, title="新增的事项")
    assert new.lead_unit == world.unit_a and new.leader and new.leader.name == "张三"
    assert [u.name for u in new.cooperating_units.all()] == ["新单位丙"]
    assert (
        new.due_date == dt.date(2020, 12, 31)
        and new.progress == 10
        and new.progress_note == "开始了"
        and new.description == ""
    )
    assert list(Milestone.objects.filter(item=new).values_list("title", "due_date")) == [
        ("完成验收", dt.date(2020, 9, 30))
    ]
    assert new.history.count() == 1
    pillar = Item.objects.get(pk=world.pillar.pk)
    assert pillar.numchild == 3
    assert pillar.progress == round((75 + 80 + 10) / 3)
    # Importing the same file again now changes nothing.
    again = preview(world.plan, world.office, buf.getvalue())
    assert fates(again)["update"] == 0 and fates(again)["new"] == 0


def test_a_plan_changed_after_the_preview_is_not_overwritten(world: World) -> None:
    wb = load_workbook(io.BytesIO(xlsx_of(world.plan)))
    rows = {r[1].value: r for r in wb.worksheets[0].iter_rows(min_row=3)}
    rows["甲的事项"][11].value = 0.75
    buf = io.BytesIO()
    wb.save(buf)
    imp = preview(world.plan, world.office, buf.getvalue())
    from luoshi.plans.services import item_update

    item_update(
        item_id=world.item_a.pk,
        expected_version=world.item_a.version,
        data={"progress": 55},
        allowed_fields={"progress"},
    )
    imp = apply(imp, world.office)
    assert imp.state == LedgerImport.State.PREVIEWED and "changed since" in imp.error
    assert Item.objects.get(pk=world.item_a.pk).progress == 55


def test_county_layout_with_merged_cells_and_synonyms(world: World) -> None:
    plan = PlanFactory(code="county", year=2020)
    imp = preview(plan, world.office, (FIXTURES / "county_merged.xlsx").read_bytes())
    assert imp.state == LedgerImport.State.PREVIEWED, imp.error
    assert fates(imp) == {"new": 11, "update": 0, "unchanged": 0, "error": 0}, imp.rows
    apply(imp, world.office)
    tree = [(i.depth, i.number, i.title) for i in Item.objects.filter(plan=plan).order_by("path")]
    assert tree[:6] == [
        (1, "一", "擦亮一张名片"),
        (2, "（一）", "持续深化景区体制机制改革"),
        (3, "1.", "完成景区管理体制改革方案"),
        (3, "2.", "新运营机制运行"),
        (4, "（1）", "引进运营团队"),
        (2, "（二）", "打造牡丹文化旅游节"),
    ]
    assert (1, "二", "做强两大产业") in tree
    item = Item.objects.get(plan=plan, title="新运营机制运行")
    assert item.due_date == dt.date(2020, 10, 31) and item.lead_unit and item.lead_unit.name == "文旅局"
    assert item.leader and item.leader.name == "李文华"
    assert item.progress_note == "正在推进"
    assert list(item.milestones.values_list("due_date", flat=True)) == [dt.date(2020, 6, 30)]
    assert Item.objects.get(plan=plan, title="引进运营团队").progress == 60
    assert Item.objects.get(plan=plan, title="完成景区管理体制改革方案").due_date == dt.date(2020, 5, 31)
    coop = Item.objects.get(plan=plan, title="办好第十届牡丹文化旅游节").cooperating_units.all()
    assert sorted(u.name for u in coop) == ["公安局", "宣传部"]
    assert Item.objects.get(plan=plan, title="推进煤矿智能化改造").due_date == dt.date(2020, 6, 30)
    # The same file again: nothing to do.
    assert (
        fates(preview(plan, world.office, (FIXTURES / "county_merged.xlsx").read_bytes()))["unchanged"] == 11
    )


def test_single_sheet_hierarchy_from_numbering(world: World) -> None:
    plan = PlanFactory(code="single", year=2020)
    imp = preview(plan, world.office, (FIXTURES / "single_sheet.xlsx").read_bytes())
    assert fates(imp) == {"new": 7, "update": 0, "unchanged": 0, "error": 0}, imp.rows
    assert any("说明" in w for w in imp.warnings)
    apply(imp, world.office)
    tree = [(i.depth, i.number, i.title, i.due_date) for i in Item.objects.filter(plan=plan).order_by("path")]
    assert [(d, n) for d, n, _t, _due in tree] == [
        (1, "一"),
        (2, "（一）"),
        (3, "1."),
        (4, "（1）"),
        (3, "2."),
        (2, "（二）"),
        (1, "二"),
    ]
    assert tree[2][3] == dt.date(2020, 9, 30) and tree[4][3] is None and tree[1][3] == dt.date(2020, 11, 30)


def test_import_without_pillar_context_keeps_units_known_by_short_name(world: World) -> None:
    content = "序号,工作任务,责任单位,时限\n（一）,甲乙合作,甲,年底前\n".encode()
    imp = preview(world.plan, world.office, content, "x.csv")
    assert fates(imp)["new"] == 1
    apply(imp, world.office)
    assert Item.objects.get(plan=world.plan, title="甲乙合作").lead_unit == world.unit_a
    assert not Unit.objects.filter(name="甲").exists()


def test_import_page_previews_and_applies_for_the_office(client: Client, world: World) -> None:
    assert client.login(username="office", password=PASSWORD)
    page = client.get(f"/ledger/plans/{world.plan.code}/import/")
    assert page.status_code == 200
    upload = io.BytesIO((FIXTURES / "single_sheet.xlsx").read_bytes())
    upload.name = "台账.xlsx"
    response = client.post(f"/ledger/plans/{world.plan.code}/import/", {"file": upload})
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert detail.status_code == 200 and "创建国家卫生县城" in detail.content.decode()
    imp = LedgerImport.objects.get()
    progress = client.get(f"/ledger/imports/{imp.pk}/progress/").json()
    assert progress["state"] == "previewed" and progress["percent"] == 100 and progress["counts"]["new"] == 7
    assert client.post(f"/ledger/imports/{imp.pk}/apply/").status_code == 302
    assert Item.objects.filter(plan=world.plan, title="创建国家卫生县城").exists()


def test_import_is_for_the_office_only(client: Client, world: World) -> None:
    imp = preview(world.plan, world.office, (FIXTURES / "single_sheet.xlsx").read_bytes())
    for user in (world.reporter_a, world.leader):
        assert client.login(username=user.username, password=PASSWORD)
        assert client.get(f"/ledger/plans/{world.plan.code}/import/").status_code == 403
        assert client.get(f"/ledger/imports/{imp.pk}/").status_code == 403
        assert client.post(f"/ledger/imports/{imp.pk}/apply/").status_code == 403
    assert not Item.objects.filter(plan=world.plan, title="创建国家卫生县城").exists()


def test_apply_uses_the_rows_read_at_preview(world: World) -> None:
    plan = PlanFactory(code="county2", year=2020)
    imp = preview(plan, world.office, (FIXTURES / "county_merged.xlsx").read_bytes())
    LedgerImport.objects.filter(pk=imp.pk).update(content=b"not read again")
    imp = apply(imp, world.office)
    assert imp.state == LedgerImport.State.APPLIED, imp.error
    assert Item.objects.filter(plan=plan).count() == 11
    assert Item.objects.get(plan=plan, title="新运营机制运行").milestones.count() == 1


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_escaped_formula_text_comes_back_as_it_was(world: World, kind: str) -> None:
    from luoshi.testing import make_item

    make_item(world.plan, world.pillar, title='=HYPERLINK("http://evil","x")', progress_note="-2 进展")
    content = xlsx_of(world.plan) if kind == "xlsx" else csv_of(world.plan)
    imp = preview(world.plan, world.office, content, f"ledger.{kind}")
    assert fates(imp) == {"new": 0, "update": 0, "unchanged": 4, "error": 0}, imp.rows


def test_many_progress_figures_and_a_cooperating_unit_change_are_applied(world: World) -> None:
    wb = load_workbook(io.BytesIO(xlsx_of(world.plan)))
    rows = {r[1].value: r for r in wb.worksheets[0].iter_rows(min_row=3)}
    rows["甲的事项"][11].value = 1.0  # done
    rows["乙的事项"][4].value = "单位甲"  # 配合单位
    rows["乙的事项"][11].value = 0.9
    buf = io.BytesIO()
    wb.save(buf)
    imp = apply(preview(world.plan, world.office, buf.getvalue()), world.office)
    assert imp.state == LedgerImport.State.APPLIED, imp.error
    item_a = Item.objects.get(pk=world.item_a.pk)
    item_b = Item.objects.get(pk=world.item_b.pk)
    assert (item_a.progress, item_a.status, item_a.version) == (100, "done", world.item_a.version + 1)
    assert item_a.history.first().history_type == "~"  # type: ignore[union-attr]
    assert item_b.progress == 90 and [u.name for u in item_b.cooperating_units.all()] == ["单位甲"]
    assert Item.objects.get(pk=world.pillar.pk).progress == 95


def test_progress_column_never_overwrites_the_description(world: World) -> None:
    """进展情况 is progress text: the import writes it to the item's progress, never to its 说明,
    and the preview's "before" is the item's current progress text."""
    Item.objects.filter(pk=world.item_a.pk).update(description="原有说明，不能丢", progress_note="上月进展")
    wb = load_workbook(io.BytesIO(xlsx_of(world.plan)))
    ws = wb.worksheets[0]
    header = [c.value for c in ws[2]]
    col = header.index("进展情况")
    rows = {r[1].value: r for r in ws.iter_rows(min_row=3)}
    assert rows["甲的事项"][col].value == "上月进展"
    rows["甲的事项"][col].value = "本月进展"
    out = io.BytesIO()
    wb.save(out)
    imp = preview(world.plan, world.office, out.getvalue())
    shown = str(imp.rows)
    assert "上月进展" in shown and "本月进展" in shown and "原有说明" not in shown
    assert apply(imp, world.office).state == LedgerImport.State.APPLIED
    item = Item.objects.get(pk=world.item_a.pk)
    assert (item.progress_note, item.description) == ("本月进展", "原有说明，不能丢")


def test_a_row_that_reads_like_the_header_is_still_a_row(world: World) -> None:
    """A measure called 配套措施 with a milestone ending 节点目标 and a unit named …单位 names three
    columns, but it is not the header repeated: its new 完成率 is imported, not dropped."""
    from luoshi.status import changes

    parent = (
        Item.objects.filter(plan=world.plan, numchild__gt=0, depth=2).first()
        or Item.objects.filter(plan=world.plan, depth=2).first()
    )
    assert parent is not None
    item = changes.item_create(
        plan=world.plan,
        parent=parent,
        data={
            "title": "配套措施",
            "kind": Item.Kind.TASK,
            "lead_unit": world.unit_b,
            "due_date": dt.date(2020, 12, 31),
        },
    )
    Milestone.objects.create(item=item, title="节点目标", due_date=dt.date(2020, 8, 1))
    wb = load_workbook(io.BytesIO(xlsx_of(world.plan)))
    ws = wb.worksheets[0]
    header = [c.value for c in ws[2]]
    id_col, rate_col = header.index("系统编号"), header.index("完成率")
    for row in ws.iter_rows(min_row=3):
        if str(row[id_col].value) == str(item.pk):
            row[rate_col].value = 0.68
    out = io.BytesIO()
    wb.save(out)
    imp = apply(preview(world.plan, world.office, out.getvalue()), world.office)
    assert imp.state == LedgerImport.State.APPLIED, imp.error
    item.refresh_from_db()
    assert item.progress == 68
