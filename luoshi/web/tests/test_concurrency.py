"""No lost writes on the item edit page: a parent's roll-up, milestones and indicators.

A stale save is refused with 409 and the user's input kept. The race tests run real threads against
PostgreSQL (see luoshi/reports/tests/test_concurrency.py); the refusals themselves run everywhere.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from luoshi.plans.models import Indicator, Item, Milestone
from luoshi.reports.tests.test_concurrency import (
    ROUNDS,
    THREADS,
    Tally,
    clients_for,
    login,
    post,
    postgres_only,
    race,
)
from luoshi.status import changes
from luoshi.status.services import weighted_progress
from luoshi.testing import World


def edit_payload(item: Item, **changes_: object) -> dict[str, str]:
    """The edit form as the page sends it, with the item's milestones and indicators as read."""
    milestones = list(Milestone.objects.filter(item=item).order_by("due_date", "id"))
    indicators = list(Indicator.objects.filter(item=item).order_by("id"))
    data: dict[str, str] = {
        "version": str(item.version),
        "kind": item.kind,
        "number": item.number,
        "title": item.title,
        "description": item.description,
        "lead_unit": str(item.lead_unit_id or ""),
        "leader": str(item.leader_id or ""),
        "start_date": item.start_date.isoformat() if item.start_date else "",
        "due_date": item.due_date.isoformat() if item.due_date else "",
        "weight": str(item.weight),
        "progress": str(item.progress),
        "planned_investment": "",
        "completed_investment": "",
        "location": item.location,
        "milestones-TOTAL_FORMS": str(len(milestones)),
        "milestones-INITIAL_FORMS": str(len(milestones)),
        "indicators-TOTAL_FORMS": str(len(indicators)),
        "indicators-INITIAL_FORMS": str(len(indicators)),
    }
    for n, m in enumerate(milestones):
        data.update(
            {
                f"milestones-{n}-id": str(m.pk),
                f"milestones-{n}-version": str(m.version),
                f"milestones-{n}-title": m.title,
                f"milestones-{n}-due_date": m.due_date.isoformat(),
                f"milestones-{n}-completed_on": m.completed_on.isoformat() if m.completed_on else "",
            }
        )
    for n, i in enumerate(indicators):
        data.update(
            {
                f"indicators-{n}-id": str(i.pk),
                f"indicators-{n}-version": str(i.version),
                f"indicators-{n}-name": i.name,
                f"indicators-{n}-unit": i.unit,
                f"indicators-{n}-baseline": "",
                f"indicators-{n}-target": str(i.target or ""),
                f"indicators-{n}-actual": "" if i.actual is None else str(i.actual),
            }
        )
    data.update({k: str(v) for k, v in changes_.items()})
    return data


def _with_rows(world: World) -> Item:
    item = world.item_a
    Milestone.objects.create(item=item, title="完成立项", due_date=dt.date(2020, 6, 30))
    Indicator.objects.create(item=item, name="新建里程", unit="公里", target=Decimal(10))
    return Item.objects.get(pk=item.pk)


def _family(world: World) -> tuple[Item, Item, Item]:
    """A parent under the pillar with two sub-items, so the roll-up runs two levels up."""
    parent = changes.item_create(
        plan=world.plan, parent=world.pillar, data={"title": "上级事项", "kind": "task"}
    )
    kids = [
        changes.item_create(
            plan=world.plan,
            parent=parent,
            data={"title": f"子事项{n}", "kind": "measure", "lead_unit": world.unit_a, "progress": 10},
        )
        for n in (1, 2)
    ]
    return Item.objects.get(pk=parent.pk), kids[0], kids[1]


def _rolled_up(parent: Item) -> int:
    kids = Item.objects.filter(plan=parent.plan, path__startswith=parent.path, depth=parent.depth + 1)
    return weighted_progress([(k.progress, k.weight) for k in kids])


# --- refusals through the pages (every database) -------------------------------------------------


@pytest.mark.django_db
def test_a_parents_form_does_not_offer_progress_and_says_it_is_rolled_up(
    client: Client, world: World
) -> None:
    parent, _kid, _other = _family(world)
    login(client, world.office)
    body = client.get(f"/items/{parent.pk}/edit/").content.decode()
    assert "由子事项汇总" in body
    assert 'name="progress"' in body and "disabled" in body.split('name="progress"')[1].split(">")[0]
    leaf = client.get(f"/items/{world.item_a.pk}/edit/").content.decode()
    assert "由子事项汇总" not in leaf


@pytest.mark.django_db
def test_a_parents_form_opened_before_a_roll_up_is_refused_and_keeps_the_input(
    client: Client, world: World
) -> None:
    parent, kid, _other = _family(world)
    stale = edit_payload(parent, title="督查室改的上级标题")
    login(client, world.office)
    assert client.post(f"/items/{kid.pk}/edit/", edit_payload(kid, progress=90)).status_code == 302
    response = client.post(f"/items/{parent.pk}/edit/", stale)
    assert response.status_code == 409
    assert "督查室改的上级标题" in response.content.decode()
    parent.refresh_from_db()
    assert (parent.title, parent.progress) == ("上级事项", 50)


@pytest.mark.django_db
def test_a_stale_milestone_save_is_refused_with_409_and_keeps_the_input(client: Client, world: World) -> None:
    item = _with_rows(world)
    first, second = edit_payload(item), edit_payload(item)
    login(client, world.reporter_a)
    other = login(Client(), world.office)
    assert (
        other.post(
            f"/items/{item.pk}/edit/", {**first, "milestones-0-completed_on": "2020-05-01"}
        ).status_code
        == 302
    )
    response = client.post(f"/items/{item.pk}/edit/", {**second, "milestones-0-completed_on": "2020-06-18"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "2020-06-18" in body and "完成立项" in body
    milestone = Milestone.objects.get(item=item)
    assert (milestone.completed_on, milestone.version) == (dt.date(2020, 5, 1), 2)
    assert 'name="milestones-0-version" value="2"' in body  # a second save, after comparing, goes through


@pytest.mark.django_db
def test_a_stale_indicator_save_is_refused_with_409_and_keeps_the_input(client: Client, world: World) -> None:
    item = _with_rows(world)
    first, second = edit_payload(item), edit_payload(item)
    login(client, world.reporter_a)
    other = login(Client(), world.reporter_a)
    assert other.post(f"/items/{item.pk}/edit/", {**first, "indicators-0-actual": "3.50"}).status_code == 302
    response = client.post(f"/items/{item.pk}/edit/", {**second, "indicators-0-actual": "7.25"})
    assert response.status_code == 409
    assert "7.25" in response.content.decode()
    indicator = Indicator.objects.get(item=item)
    assert (indicator.actual, indicator.version) == (Decimal("3.50"), 2)
    again = client.post(f"/items/{item.pk}/edit/", edit_payload(item, **{"indicators-0-actual": "7.25"}))
    assert again.status_code == 302 and Indicator.objects.get(item=item).actual == Decimal("7.25")


# --- races (PostgreSQL) ----------------------------------------------------------------------------


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_edits_of_a_parent_and_its_sub_items_keep_the_roll_up(world: World) -> None:
    parent, kid1, kid2 = _family(world)
    clients = clients_for(world.office)
    parents, kids = Tally("item parent roll-up (parent edits)"), Tally("item parent roll-up (sub-item edits)")
    for n in range(ROUNDS):
        p, k1, k2 = (Item.objects.get(pk=i.pk) for i in (parent, kid1, kid2))
        titles = [f"上级 第{n}轮 写者{i}" for i in range(4)]
        values = [11 + n * 10 + i for i in range(4)]  # never the value already there
        jobs = [
            post(clients[i], f"/items/{p.pk}/edit/", edit_payload(p, title=t, progress=0))
            for i, t in enumerate(titles)
        ]
        jobs += [
            post(clients[4 + i], f"/items/{k.pk}/edit/", edit_payload(k, progress=v))
            for i, (k, v) in enumerate(zip((k1, k1, k2, k2), values, strict=True))
        ]
        answers = race(jobs)
        done = parents.count(answers[:4])
        done1, done2 = kids.count(answers[4:6]), kids.count(answers[6:])
        p2, k1b, k2b = (Item.objects.get(pk=i.pk) for i in (parent, kid1, kid2))
        if p2.title != (titles[done[0]] if done else p.title):
            parents.lost += 1
        if k1b.progress != (values[done1[0]] if done1 else k1.progress):
            kids.lost += 1
        if k2b.progress != (values[2 + done2[0]] if done2 else k2.progress):
            kids.lost += 1
        if p2.progress != _rolled_up(p2):  # the parent's form must never put an old roll-up back
            parents.lost += 1
    parents.report()
    kids.report()


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("row", ["milestone", "indicator"])
def test_concurrent_saves_of_a_milestone_or_indicator_lose_nothing(world: World, row: str) -> None:
    item = _with_rows(world)
    clients = clients_for(world.reporter_a)
    tally = Tally(row)
    field = "milestones-0-completed_on" if row == "milestone" else "indicators-0-actual"
    version = 1
    for n in range(ROUNDS):
        data = edit_payload(Item.objects.get(pk=item.pk))
        if row == "milestone":
            values = [dt.date(2020, n + 1, i + 1).isoformat() for i in range(THREADS)]
        else:
            values = [f"{n}.{i}0" for i in range(THREADS)]
        url = f"/items/{item.pk}/edit/"
        done = tally.count(
            race([post(c, url, {**data, field: v}) for c, v in zip(clients, values, strict=True)])
        )
        saved = Milestone.objects.get(item=item) if row == "milestone" else Indicator.objects.get(item=item)
        value = (
            saved.completed_on.isoformat() if isinstance(saved, Milestone) and saved.completed_on else None
        )
        if isinstance(saved, Indicator):
            value = str(saved.actual)
        if done and value != values[done[0]]:
            tally.lost += 1
        version += len(done)
        assert saved.version == version
    tally.report()
