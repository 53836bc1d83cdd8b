"""The tree's filter: the same items on the tree page, in the ledger export and from the API; saved
views; invalid values give a form error, never a 500."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from luoshi.api.services import api_token_create
from luoshi.ledger.columns import INDEX
from luoshi.plans.models import Item, Status
from luoshi.search.models import SavedView
from luoshi.search.services import saved_view_save
from luoshi.status import changes
from luoshi.testing import LeaderFactory, UserFactory, World, login, make_item, make_organisation, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_items(world: World) -> World:
    w = world
    leader = LeaderFactory(name="王副县长", organisation=w.plan.organisation)
    task = make_item(w.plan, w.pillar, title="道路工程", lead_unit=w.unit_a, leader=leader)
    make_item(
        w.plan, task, title="已逾期的措施", lead_unit=w.unit_a, due_date=dt.date(2020, 8, 31), progress=10
    )
    make_item(
        w.plan, task, title="月内到期", lead_unit=w.unit_b, due_date=dt.date(2020, 10, 10), leader=leader
    )
    make_item(w.plan, task, title="项目", kind=Item.Kind.PROJECT, lead_unit=w.unit_b, progress=100)
    return w


def tree_ids(client: Client, code: str, query: str) -> set[int]:
    page = client.get(f"/plans/{code}/?{query}").content.decode()
    assert 'data-testid="filtered-items"' in page
    return {int(i) for i in re.findall(r'<li class="node flat[^"]*" id="item-(\d+)"', page)}


def ledger_ids(client: Client, code: str, query: str) -> set[int]:
    response = client.get(f"/ledger/plans/{code}/ledger.xlsx?{query}")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    ids = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=3, values_only=True):
            if row[INDEX["id"]] is not None:
                ids.add(int(row[INDEX["id"]]))
    return ids


def api_ids(w: World, query: str) -> set[int]:
    token = api_token_create(user=w.office, name="filters")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = api.get(f"/api/plans/{w.plan.code}/items?limit=500&{query}")
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["items"]}


def expected(w: World, check: Any) -> set[int]:
    return {item.pk for item in Item.objects.filter(plan=w.plan) if check(item)}


def test_filters_give_the_same_items_on_the_tree_the_ledger_and_the_api(
    plan_items: World, client: Client
) -> None:
    w = plan_items
    today = w.plan.today()
    leader_id = Item.objects.get(title="道路工程").leader_id
    cases = {
        f"unit={w.unit_a.pk}": lambda i: i.lead_unit_id == w.unit_a.pk,
        f"leader={leader_id}": lambda i: i.leader_id == leader_id,
        "kind=project&kind=pillar": lambda i: i.kind in ("project", "pillar"),
        "status=red&status=yellow": lambda i: i.status in ("red", "yellow"),
        "overdue=1": lambda i: i.is_overdue(today),
        "due_within=15": lambda i: (
            i.due_date is not None
            and today <= i.due_date <= today + dt.timedelta(days=15)
            and i.status != Status.DONE
        ),
        f"unit={w.unit_b.pk}&kind=task": lambda i: i.lead_unit_id == w.unit_b.pk and i.kind == "task",
    }
    login(client, w.office)
    for query, check in cases.items():
        want = expected(w, check)
        assert tree_ids(client, w.plan.code, query) == want, query
        assert ledger_ids(client, w.plan.code, query) == want, query
        assert api_ids(w, query) == want, query
    assert expected(w, cases["overdue=1"])  # the cases are not all empty
    assert expected(w, cases["due_within=15"])


def test_changed_since_reads_the_history(plan_items: World, client: Client) -> None:
    w = plan_items
    with time_machine.travel(dt.datetime(2031, 5, 2, 10, tzinfo=dt.UTC)):
        item = Item.objects.get(title="月内到期")
        changes.item_update(
            item_id=item.pk, expected_version=item.version, data={"progress": 30}, allowed_fields={"progress"}
        )
    login(client, w.office)
    changed = tree_ids(client, w.plan.code, "changed_since=2031-05-01")
    assert item.pk in changed and w.item_b.pk not in changed
    assert (
        api_ids(w, "changed_since=2031-05-01")
        == changed
        == ledger_ids(client, w.plan.code, "changed_since=2031-05-01")
    )


@pytest.mark.parametrize(
    "query, field",
    [
        ("unit=999999", "unit"),
        ("unit=abc", "unit"),
        ("leader=-1", "leader"),
        ("status=purple", "status"),
        ("kind=%00", "kind"),
        ("due_within=-1", "due_within"),
        ("due_within=100000000000000000000", "due_within"),
        ("changed_since=2020-13-45", "changed_since"),
    ],
)
def test_invalid_filter_values_give_a_form_error(
    world: World, client: Client, query: str, field: str
) -> None:
    login(client, world.office)
    response = client.get(f"/plans/{world.plan.code}/?{query}")
    assert response.status_code == 200
    assert f'data-testid="filter-error-{field}"' in response.content.decode()
    export = client.get(f"/ledger/plans/{world.plan.code}/ledger.xlsx?{query}")
    assert export.status_code == 302 and export["Location"].startswith(f"/plans/{world.plan.code}/")


def test_api_refuses_invalid_filters_with_400(world: World) -> None:
    token = api_token_create(user=world.office, name="filters")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    other = make_world(make_organisation("浮山县", code="fushan"), key="_o", marker="外")
    response = api.get(f"/api/plans/{world.plan.code}/items?unit={other.unit_a.pk}")
    assert response.status_code == 400 and "unit" in response.json()["detail"]
    assert api.get(f"/api/plans/{world.plan.code}/items?status=purple").status_code in (400, 422)


def test_a_unit_of_another_organisation_is_not_a_choice(world: World, client: Client) -> None:
    other = make_world(make_organisation("浮山县", code="fushan"), key="_o", marker="外")
    login(client, world.office)
    page = client.get(f"/plans/{world.plan.code}/").content.decode()
    assert "外单位甲" not in page
    page = client.get(f"/plans/{world.plan.code}/?unit={other.unit_a.pk}").content.decode()
    assert 'data-testid="filter-error-unit"' in page


def test_saved_view_round_trip(world: World, client: Client) -> None:
    w = world
    login(client, w.reporter_a)
    query = f"unit={w.unit_a.pk}&status=red&overdue=1&junk=1"
    response = client.post(f"/search/plans/{w.plan.code}/views/", {"name": " 我的 红灯 ", "query": query})
    assert response.status_code == 302
    view = SavedView.objects.get()
    assert (view.name, view.owner, view.shared) == ("我的 红灯", w.reporter_a, False)
    assert view.query == f"unit={w.unit_a.pk}&status=red&overdue=1"  # canonical, without the junk
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="saved-views"' in page and "我的 红灯" in page
    # the reporter may not share; another reporter does not see a view kept for oneself
    client.post(f"/search/plans/{w.plan.code}/views/", {"action": "share", "view": view.pk})
    assert not SavedView.objects.get().shared
    login(client, w.reporter_b)
    assert "我的 红灯" not in client.get(f"/plans/{w.plan.code}/").content.decode()
    assert (
        client.post(f"/search/plans/{w.plan.code}/views/", {"action": "delete", "view": view.pk}).status_code
        == 404
    )
    # the office's shared view is listed for the whole organisation, not for another one
    shared = saved_view_save(user=w.office, plan=w.plan, name="全县逾期", query="overdue=1", shared=True)
    assert "全县逾期" in client.get(f"/plans/{w.plan.code}/").content.decode()
    other_office = UserFactory(
        username="city", role="office", organisation=make_organisation("临汾市", code="linfen", level="city")
    )
    assert not SavedView.objects.filter(pk=shared.pk, organisation=other_office.organisation).exists()
    login(client, w.reporter_a)
    client.post(f"/search/plans/{w.plan.code}/views/", {"action": "delete", "view": view.pk})
    assert list(SavedView.objects.values_list("name", flat=True)) == ["全县逾期"]


def test_saving_an_invalid_or_empty_filter_is_refused(world: World, client: Client) -> None:
    login(client, world.office)
    url = f"/search/plans/{world.plan.code}/views/"
    for data in (
        {"name": "x", "query": "status=purple"},
        {"name": "x", "query": ""},
        {"name": "", "query": "overdue=1"},
    ):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert 'class="msg-error"' in response.content.decode()
    assert not SavedView.objects.exists()
    assert client.get(url).status_code == 200


def test_the_office_above_reads_a_plan_below_but_keeps_no_view_on_it(client: Client) -> None:
    city = make_organisation("临汾市", code="linfen", level="city")
    county = make_world(make_organisation("古县", code="guxian", parent=city), key="_c")
    office = UserFactory(username="city_office", role="office", organisation=city)
    login(client, office)
    page = client.get(f"/plans/{county.plan.code}/?overdue=1").content.decode()
    assert 'data-testid="filtered-items"' in page and 'name="name"' not in page
    url = f"/search/plans/{county.plan.code}/views/"
    assert client.post(url, {"name": "市里看县里", "query": "overdue=1"}).status_code == 404
    assert not SavedView.objects.exists()
