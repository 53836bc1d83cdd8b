"""The Gantt's data (columns for the whole plan) and the date change a dragged bar makes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from luoshi.history import services as history
from luoshi.plans.models import Item, Milestone
from luoshi.testing import World, login, make_item, make_organisation, make_world

pytestmark = pytest.mark.django_db


def data_of(client: Client, world: World) -> dict:  # type: ignore[type-arg]
    response = client.get(f"/timeline/plans/{world.plan.code}/data/")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def test_data_has_every_bar_in_tree_order(client: Client, world: World) -> None:
    Item.objects.filter(pk=world.item_a.pk).update(start_date=dt.date(2020, 3, 1))
    Milestone.objects.create(item=world.item_a, title="开工", due_date=dt.date(2020, 6, 1))
    Milestone.objects.create(
        item=world.item_b, title="完工", due_date=dt.date(2020, 8, 1), completed_on=dt.date(2020, 7, 30)
    )
    extra = make_item(world.plan, world.item_a, title="子事项", due_date=dt.date(2020, 5, 31), progress=10)
    data = data_of(login(client, world.office), world)
    items = data["items"]
    assert data["plan"]["epoch"] == "2020-01-01"
    assert data["plan"]["today"] == (dt.date(2020, 9, 30) - dt.date(2020, 1, 1)).days
    assert data["plan"]["end"] == 365
    # Tree order: the pillar, item A, its sub-item, item B.
    assert items["id"] == [world.pillar.pk, world.item_a.pk, extra.pk, world.item_b.pk]
    assert items["depth"] == [1, 2, 3, 2]
    assert items["children"] == [2, 1, 0, 0]
    assert items["start"] == [None, 60, None, None]
    assert items["due"] == [None, 365, 151, 365]
    stored = {i.pk: i for i in Item.objects.filter(plan=world.plan)}
    assert items["progress"] == [stored[pk].progress for pk in items["id"]]
    assert [data["statuses"][s] for s in items["status"]] == [stored[pk].status for pk in items["id"]]
    assert [data["kinds"][k] for k in items["kind"]] == ["pillar", "task", "task", "task"]
    assert [data["units"][u] if u >= 0 else None for u in items["unit"]] == [None, "甲", None, "乙"]
    assert items["title"][0] == "一 擦亮一张名片"
    milestones = data["milestones"]
    assert milestones["row"] == [1, 3]
    assert milestones["due"] == [152, 213]
    assert milestones["done"] == [None, 211]


def test_another_organisations_plan_is_missing(client: Client, world: World) -> None:
    other = make_world(make_organisation("另一县"), key="x", marker="另")
    login(client, other.office)
    assert client.get(f"/timeline/plans/{world.plan.code}/data/").status_code == 404
    assert client.get(f"/timeline/plans/{world.plan.code}/").status_code == 404
    response = client.post(
        f"/timeline/items/{world.item_a.pk}/dates/", {"start": "", "due": "2020-11-30", "version": "1"}
    )
    assert response.status_code == 404


def test_data_queries_do_not_grow_with_items(client: Client, world: World) -> None:
    login(client, world.office)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            data_of(client, world)
        return len(captured.captured_queries)

    for k in range(3):
        make_item(world.plan, world.item_a, title=f"子{k}", due_date=dt.date(2020, 6, 1))
    few = queries()
    parent = world.item_b
    for k in range(45):
        make_item(world.plan, parent, title=f"孙{k}", due_date=dt.date(2020, 7, 1))
    assert Item.objects.filter(plan=world.plan).count() == 51
    assert queries() == few


def post_dates(client: Client, item: Item, start: str, due: str, version: int | None = None) -> object:
    body = {"start": start, "due": due, "version": str(item.version if version is None else version)}
    return client.post(f"/timeline/items/{item.pk}/dates/", body)


def test_office_moves_a_bar_through_the_recompute_step(client: Client, world: World) -> None:
    item = world.item_a
    before_history = item.history.count()
    assert item.status == "red"  # 40 % done three quarters of the way to its due date
    response = post_dates(login(client, world.office), item, "2020-09-01", "2021-06-30")
    assert response.status_code == 200, response.content  # type: ignore[attr-defined]
    saved = Item.objects.get(pk=item.pk)
    assert (saved.start_date, saved.due_date) == (dt.date(2020, 9, 1), dt.date(2021, 6, 30))
    assert saved.version == item.version + 1
    assert item.history.count() == before_history + 1
    # A month into ten with 40 % done: the colour was recomputed, and the answer carries the item and
    # its ancestors for the chart to repaint.
    assert saved.status == "green"
    chain = response.json()["items"]  # type: ignore[attr-defined]
    assert [row["id"] for row in chain] == [world.pillar.pk, item.pk]
    assert chain[1]["due"] == 546 and chain[1]["version"] == saved.version
    assert chain[0]["status"] == ["none", "green", "yellow", "red", "done"].index(
        Item.objects.get(pk=world.pillar.pk).status
    )


def test_a_stale_version_is_a_conflict_and_changes_nothing(client: Client, world: World) -> None:
    item = world.item_a
    response = post_dates(login(client, world.office), item, "", "2020-10-31", version=item.version - 1)
    assert response.status_code == 409
    assert "他人" in response.json()["error"]  # type: ignore[attr-defined]
    saved = Item.objects.get(pk=item.pk)
    assert (saved.due_date, saved.version) == (item.due_date, item.version)


@pytest.mark.parametrize("who", ["reporter_a", "leader"])
def test_a_reporter_or_leader_cannot_move_a_bar(client: Client, world: World, who: str) -> None:
    item = world.item_a
    response = post_dates(login(client, getattr(world, who)), item, "", "2020-10-31")
    assert response.status_code in (403, 404)
    saved = Item.objects.get(pk=item.pk)
    assert (saved.due_date, saved.version) == (item.due_date, item.version)
    page = client.get(f"/timeline/plans/{world.plan.code}/")
    assert page.status_code == 200 and b'"canEdit": false' in page.content


def test_due_before_start_is_refused_with_a_message(client: Client, world: World) -> None:
    item = world.item_a
    response = post_dates(login(client, world.office), item, "2020-06-01", "2020-05-01")
    assert response.status_code == 400
    assert "截止日期不能早于开始日期" in response.json()["error"]  # type: ignore[attr-defined]
    assert Item.objects.get(pk=item.pk).version == item.version


def test_a_baseline_gives_the_dates_it_kept(client: Client, world: World) -> None:
    baseline = history.baseline_save(plan=world.plan, name="年初计划", user=world.office)
    Item.objects.filter(pk=world.item_a.pk).update(due_date=dt.date(2020, 6, 30))
    login(client, world.leader)
    page = client.get(f"/timeline/plans/{world.plan.code}/")
    assert "年初计划" in page.content.decode()
    data = client.get(f"/timeline/plans/{world.plan.code}/baselines/{baseline.pk}/").json()
    kept = dict(zip(data["id"], data["due"], strict=True))
    assert kept[world.item_a.pk] == 365 and kept[world.pillar.pk] is None
    other = make_world(make_organisation("另一县"), key="x", marker="另")
    login(client, other.office)
    assert client.get(f"/timeline/plans/{world.plan.code}/baselines/{baseline.pk}/").status_code == 404
    login(client, world.office)
    assert client.get(f"/timeline/plans/{other.plan.code}/baselines/{baseline.pk}/").status_code == 404


def test_pages_of_the_data_make_the_whole_plan(client: Client, world: World) -> None:
    for k in range(5):
        child = make_item(world.plan, world.item_a, title=f"子{k}", due_date=dt.date(2020, 6, 1))
        Milestone.objects.create(item=child, title=f"节点{k}", due_date=dt.date(2020, 5, 1))
    Milestone.objects.create(item=world.item_b, title="完工", due_date=dt.date(2020, 8, 1))
    login(client, world.office)
    whole = data_of(client, world)
    assert whole["complete"] and whole["next"] == ""
    pages, after = [], ""
    while True:
        response = client.get(f"/timeline/plans/{world.plan.code}/data/", {"head": 3, "after": after})
        page = response.json()
        pages.append(page)
        assert len(page["items"]["id"]) <= 3
        if page["complete"]:
            break
        after = page["next"]
    assert len(pages) == 3  # 8 rows: 3, 3, 2
    assert [i for p in pages for i in p["items"]["id"]] == whole["items"]["id"]
    assert all(p["units"] == whole["units"] for p in pages)
    assert [u for p in pages for u in p["items"]["unit"]] == whole["items"]["unit"]
    # each page's milestones point at its own rows: together, the whole plan's
    found, offset = [], 0
    for p in pages:
        ms = p["milestones"]
        found += [(r + offset, t) for r, t in zip(ms["row"], ms["title"], strict=True)]
        offset += len(p["items"]["id"])
    ms = whole["milestones"]
    assert sorted(found) == sorted(zip(ms["row"], ms["title"], strict=True)) and len(found) == 6


def test_a_page_after_a_forged_place_is_refused(client: Client, world: World) -> None:
    login(client, world.office)
    response = client.get(f"/timeline/plans/{world.plan.code}/data/", {"head": 3, "after": "0001'--"})
    assert response.status_code == 400 and "error" in response.json()
