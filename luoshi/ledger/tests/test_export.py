from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from luoshi.ledger.columns import COLUMNS
from luoshi.ledger.tests.helpers import csv_of, demo_plan, xlsx_of
from luoshi.plans.models import Item
from luoshi.testing import PASSWORD, World, make_item

pytestmark = pytest.mark.django_db


def test_export_has_one_sheet_per_pillar_in_the_office_layout(world: World) -> None:
    plan = demo_plan()
    wb = load_workbook(io.BytesIO(xlsx_of(plan)))
    pillars = Item.objects.filter(plan=plan, depth=1).count()
    assert len(wb.worksheets) == pillars == 4
    ws = wb.worksheets[0]
    assert ws.title.startswith("一、擦亮一张名片")
    headers = [c.value for c in ws[2]][:13]
    assert headers == [
        "序号",
        "工作任务",
        "具体措施",
        "牵头单位",
        "配合单位",
        "责任领导",
        "完成时限",
        "节点目标",
        "进展情况",
        "存在问题",
        "下步打算",
        "完成率",
        "状态",
    ]
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$1:$2"
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    assert ws.column_dimensions["N"].hidden  # the bookkeeping columns are out of sight
    assert ws["L3"].number_format == "0%"


def test_export_merges_each_task_cell_over_its_measures(world: World) -> None:
    plan = demo_plan()
    sheets = load_workbook(io.BytesIO(xlsx_of(plan))).worksheets
    ws = next(
        ws for ws in sheets if any(r.min_col == 2 and r.max_row > r.min_row for r in ws.merged_cells.ranges)
    )
    task_merges = sorted(
        (r for r in ws.merged_cells.ranges if r.min_col == 2 and r.max_row > r.min_row),
        key=lambda r: r.min_row,
    )
    first = task_merges[0]
    task_title = ws.cell(row=first.min_row, column=2).value
    task = Item.objects.get(plan=plan, title=task_title)
    assert (
        first.max_row - first.min_row
        == Item.objects.filter(plan=plan, path__startswith=task.path).count() - 1
    )
    assert ws.cell(row=first.min_row + 1, column=3).value  # a measure beside the merged task


def test_export_colours_statuses_and_shows_progress(world: World) -> None:
    ws = load_workbook(io.BytesIO(xlsx_of(world.plan))).worksheets[0]
    rows = {r[1].value: r for r in ws.iter_rows(min_row=3)}
    row_a = rows["甲的事项"]
    assert row_a[11].value == pytest.approx(0.4)
    status = row_a[12]
    assert status.value in ("绿灯", "黄灯", "红灯")
    assert status.fill.fgColor.rgb in ("FFC6EFCE", "FFFFEB9C", "FFFFC7CE")


def test_export_escapes_text_that_a_spreadsheet_would_run(world: World) -> None:
    make_item(
        world.plan, world.pillar, title='=HYPERLINK("http://evil","x")', progress_note="+1 进展", location=""
    )
    make_item(world.plan, world.pillar, title="@SUM(A1)", progress_note="-2")
    ws = load_workbook(io.BytesIO(xlsx_of(world.plan))).worksheets[0]
    values = [c.value for row in ws.iter_rows(min_row=3) for c in row if isinstance(c.value, str)]
    assert '\'=HYPERLINK("http://evil","x")' in values and "'@SUM(A1)" in values and "'+1 进展" in values
    assert not any(v.startswith(("=", "+", "@")) for v in values)
    text = csv_of(world.plan).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text and ",'-2," in text


def test_csv_export_has_the_same_columns(world: World) -> None:
    lines = csv_of(world.plan).decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == [h for _k, h in COLUMNS]
    assert any("甲的事项" in line and "40%" in line for line in lines)


def test_every_staff_role_exports_and_anonymous_cannot(client: Client, world: World) -> None:
    url = f"/ledger/plans/{world.plan.code}/ledger.xlsx"
    assert client.get(url).status_code == 302
    for user in (world.office, world.leader, world.reporter_a):
        assert client.login(username=user.username, password=PASSWORD)
        response = client.get(url)
        assert response.status_code == 200
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert body[:2] == b"PK"
        assert "attachment" in response["Content-Disposition"]
        csv = client.get(f"/ledger/plans/{world.plan.code}/ledger.csv")
        assert csv.status_code == 200
    assert client.get("/ledger/plans/no-such-plan/ledger.xlsx").status_code == 404


def test_the_plan_page_offers_export_to_all_and_import_to_the_office(client: Client, world: World) -> None:
    assert client.login(username="reporter_a", password=PASSWORD)
    body = client.get(f"/plans/{world.plan.code}/").content.decode()
    assert 'data-testid="ledger-export"' in body and 'data-testid="ledger-import"' not in body
    assert client.login(username="office", password=PASSWORD)
    body = client.get(f"/plans/{world.plan.code}/").content.decode()
    assert 'data-testid="ledger-export"' in body and 'data-testid="ledger-import"' in body
