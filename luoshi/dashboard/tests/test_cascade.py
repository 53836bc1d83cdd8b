"""Alignment across levels: what an item carries out and who carries it out, shown on both sides with
links only where the reader may go; the city's roll-up of its counties' aligned items, read live; the
alignment kept through moves, renumbering, a ledger import and deletes."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from luoshi.accounts.models import Role
from luoshi.dashboard import cascade as selectors
from luoshi.ledger.models import LedgerImport
from luoshi.ledger.tests.helpers import apply, preview, xlsx_of
from luoshi.plans.models import Item
from luoshi.reports import services as reports
from luoshi.reports.services import ReportData
from luoshi.status import changes
from luoshi.testing import (
    Cascade,
    PlanFactory,
    UserFactory,
    login,
    make_cascade,
    make_item,
    make_organisation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cascade() -> Cascade:
    return make_cascade()


def _fresh(item: Item) -> Item:
    return Item.objects.get(pk=item.pk)


def _edit(item: Item, **data: Any) -> Item:
    return changes.item_update(
        item_id=item.pk, expected_version=_fresh(item).version, data=data, allowed_fields=set(data)
    )


def _page(client: Client, item: Item) -> str:
    response = client.get(f"/items/{item.pk}/")
    assert response.status_code == 200
    return str(response.content.decode())


def test_a_county_item_page_names_the_city_item_it_carries_out_without_a_link(
    client: Client, cascade: Cascade
) -> None:
    login(client, cascade.a.office)
    page = _page(client, cascade.a.pillar)
    assert 'data-testid="carries-out"' in page and "承接" in page
    assert "示例市" in page and "一 产业转型" in page
    assert f'href="/items/{cascade.city_pillar.pk}/"' not in page  # the county cannot read the city plan
    assert client.get(f"/items/{cascade.city_pillar.pk}/").status_code == 404


def test_the_city_reads_what_a_county_item_carries_out_with_a_link(client: Client, cascade: Cascade) -> None:
    login(client, cascade.city_office)
    page = _page(client, cascade.a.pillar)
    assert f'href="/items/{cascade.city_pillar.pk}/"' in page


def test_the_city_item_page_shows_each_countys_item_and_the_weighted_rollup(
    client: Client, cascade: Cascade
) -> None:
    _edit(cascade.a.pillar, weight=Decimal("3"))
    _edit(cascade.b.item, progress=80)  # 乙县's pillar rolls up to 80
    login(client, cascade.city_office)
    page = _page(client, cascade.city_pillar)
    assert 'data-testid="cascade"' in page and "下级承接" in page
    assert "按各县承接事项权重加权平均" in page
    # (3 × 40 + 1 × 80) / 4 = 50.0
    assert ">50.0%<" in page.replace("<b>", ">").replace("</b>", "<")
    assert page.count('data-testid="cascade-row"') == 2
    for county in (cascade.a, cascade.b):
        assert county.org.name in page
        assert f'href="/items/{county.pillar.pk}/"' in page  # the city reads its counties


def test_a_reader_of_the_city_only_sees_the_countys_items_as_text(client: Client, cascade: Cascade) -> None:
    reporter = UserFactory(username="reporter_city", role=Role.REPORTER, organisation=cascade.city)
    login(client, reporter)
    page = _page(client, cascade.city_pillar)
    assert page.count('data-testid="cascade-row"') == 2
    assert f'href="/items/{cascade.a.pillar.pk}/"' not in page  # a reporter reads its own organisation
    assert client.get(f"/items/{cascade.a.pillar.pk}/").status_code == 404


def _approve(county: Any, progress: int) -> None:
    item = _fresh(county.item)
    draft = reports.report_draft_save(
        item=item,
        user=county.reporter,
        period=dt.date(2020, 9, 15),
        data=ReportData(work_done="已完成", progress=progress),
    )
    submitted = reports.report_submit(report=draft, user=county.reporter)
    reports.report_approve(report=submitted, user=county.office)


def test_a_countys_approved_report_and_edit_show_in_the_citys_rollup_at_once(
    client: Client, cascade: Cascade
) -> None:
    login(client, cascade.city_office)
    assert selectors.item_rollup(cascade.city_office, cascade.city_pillar)["progress"] == Decimal("40.0")
    _approve(cascade.a, 100)
    rollup = selectors.item_rollup(cascade.city_office, cascade.city_pillar)
    assert rollup["progress"] == Decimal("70.0") and rollup["counts"]["done"] == 1
    assert ">70.0%<" in _page(client, cascade.city_pillar).replace("<b>", ">").replace("</b>", "<")
    # The county office edits its item through its page.
    login(client, cascade.b.office)
    item = _fresh(cascade.b.item)
    response = client.post(
        f"/items/{item.pk}/edit/",
        {
            "kind": item.kind,
            "title": item.title,
            "lead_unit": cascade.b.unit.pk,
            "due_date": "2020-12-31",
            "weight": "1",
            "progress": "60",
            "version": item.version,
            "milestones-TOTAL_FORMS": "0",
            "milestones-INITIAL_FORMS": "0",
            "indicators-TOTAL_FORMS": "0",
            "indicators-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _fresh(cascade.b.item).progress == 60
    assert selectors.rollups([cascade.city_pillar.pk])[cascade.city_pillar.pk]["progress"] == Decimal("80.0")
    login(client, cascade.city_office)
    assert ">80.0%<" in _page(client, cascade.city_pillar).replace("<b>", ">").replace("</b>", "<")


def test_the_rollup_of_many_counties_is_one_query(
    cascade: Cascade, django_assert_max_num_queries: Any
) -> None:
    for n in range(6):
        org = make_organisation(f"丙{n}县", parent=cascade.city, code=f"county-extra-{n}")
        plan = PlanFactory(code=f"plan-extra-{n}", organisation=org)
        make_item(plan, None, title="承接", aligned_to=cascade.city_pillar, progress=10 * n, weight=n + 1)
    user = _with_organisation(cascade.city_office)
    with django_assert_max_num_queries(1):
        rollup = selectors.item_rollup(user, cascade.city_pillar)
    assert rollup["total"] == 8 and rollup["organisations"] == 8
    assert all(row["readable"] for row in rollup["rows"])
    with django_assert_max_num_queries(1):
        summary = selectors.rollups([cascade.city_pillar.pk])[cascade.city_pillar.pk]
    # The dashboard's grouped figure is the item page's figure.
    assert summary["progress"] == rollup["progress"] and summary["counts"] == rollup["counts"]
    weighted = sum(Decimal(r["weight"]) * r["progress"] for r in rollup["rows"])
    weights = sum(Decimal(r["weight"]) for r in rollup["rows"])
    assert rollup["progress"] == (weighted / weights).quantize(Decimal("0.1"))


def _with_organisation(user: Any) -> Any:
    user.organisation  # noqa: B018 - load it once, as a request's user has it after the first check
    return user


def test_the_alignment_survives_moves_and_renumbering(client: Client, cascade: Cascade) -> None:
    task = make_item(cascade.city_plan, cascade.city_pillar, title="城市任务")
    assert _fresh(task).number == "（一）"
    _edit(cascade.a.item, aligned_to=_fresh(task))
    first = make_item(cascade.city_plan, cascade.city_pillar, title="新的任务")
    changes.item_move(item=_fresh(first), target=_fresh(task), position="left")
    assert _fresh(task).number == "（二）"  # renumbered by its new place
    other = make_item(cascade.a.plan, None, title="另一个方面", kind=Item.Kind.PILLAR)
    changes.item_move(item=_fresh(cascade.a.item), target=_fresh(other), position="last-child")
    changes.item_move(item=_fresh(cascade.a.pillar), target=_fresh(other), position="right")
    assert _fresh(cascade.a.item).aligned_to_id == task.pk
    assert _fresh(cascade.a.pillar).aligned_to_id == cascade.city_pillar.pk
    login(client, cascade.a.office)
    assert "（二） 城市任务" in _page(client, cascade.a.item)


def test_a_ledger_import_keeps_the_alignment_of_an_updated_row(cascade: Cascade) -> None:
    _edit(cascade.a.item, aligned_to=cascade.city_pillar)
    wb = load_workbook(io.BytesIO(xlsx_of(cascade.a.plan)))
    rows = {r[1].value: r for r in wb.worksheets[0].iter_rows(min_row=3)}
    rows["甲县的重点工作"][11].value = 0.9
    buf = io.BytesIO()
    wb.save(buf)
    imp = apply(preview(cascade.a.plan, cascade.a.office, buf.getvalue()), cascade.a.office)
    assert imp.state == LedgerImport.State.APPLIED, imp.error
    item = _fresh(cascade.a.item)
    assert item.progress == 90 and item.aligned_to_id == cascade.city_pillar.pk
    assert _fresh(cascade.a.pillar).aligned_to_id == cascade.city_pillar.pk
    # Both of 甲县's items now carry out the city pillar: 40 (乙县) and 90, 90.
    assert selectors.item_rollup(cascade.city_office, cascade.city_pillar)["progress"] == Decimal("73.3")


def test_deleting_a_city_item_says_who_carries_it_out_and_clears_it_with_history(
    client: Client, cascade: Cascade
) -> None:
    login(client, cascade.city_office)
    page = client.get(f"/items/{cascade.city_pillar.pk}/delete/").content.decode()
    assert 'data-testid="delete-alignments"' in page
    assert "甲县" in page and "乙县" in page and "做强两大产业" in page
    assert client.post(f"/items/{cascade.city_pillar.pk}/delete/").status_code == 302
    pillar = _fresh(cascade.a.pillar)
    assert pillar.aligned_to_id is None and pillar.version == cascade.a.pillar.version + 1
    latest, before = list(pillar.history.order_by("-history_id")[:2])
    assert latest.aligned_to_id is None and latest.history_user_id == cascade.city_office.pk
    assert before.aligned_to_id == cascade.city_pillar.pk  # what it carried out is kept
    assert latest.history_change_reason


def test_deleting_a_county_item_keeps_its_alignment_in_its_history(client: Client, cascade: Cascade) -> None:
    login(client, cascade.a.office)
    page = client.get(f"/items/{cascade.a.pillar.pk}/delete/").content.decode()
    assert 'data-testid="delete-alignments"' not in page
    assert client.post(f"/items/{cascade.a.pillar.pk}/delete/").status_code == 302
    gone = Item.history.filter(id=cascade.a.pillar.pk).order_by("-history_id").first()
    assert gone is not None and gone.history_type == "-" and gone.aligned_to_id == cascade.city_pillar.pk
    assert selectors.item_rollup(cascade.city_office, cascade.city_pillar)["total"] == 1
