"""A write's queries do not grow with the plan: more siblings, a deeper chain or more milestones cost
no more queries (a query inside a loop fails here)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.plans.models import Item, Milestone
from luoshi.status import changes
from luoshi.testing import World

pytestmark = pytest.mark.django_db

# Savepoints included (each nested service opens one).
ITEM_UPDATE_QUERIES = 23


def chain(world: World, depth: int, siblings: int) -> Item:
    """A chain of items below item A, each with ``siblings`` siblings and a milestone."""
    parent = world.item_a
    for level in range(depth):
        kids = [
            changes.item_create(
                plan=world.plan,
                parent=Item.objects.get(pk=parent.pk),
                data={
                    "title": f"子{level}-{n}",
                    "kind": "measure",
                    "progress": 10,
                    "due_date": dt.date(2020, 12, 1),
                },
            )
            for n in range(siblings)
        ]
        for kid in kids:
            Milestone.objects.create(item=kid, title="节点", due_date=dt.date(2020, 6, 30))
        parent = kids[0]
    return Item.objects.get(pk=parent.pk)


def update_queries(leaf: Item) -> int:
    with CaptureQueriesContext(connection) as ctx:
        changes.item_update(
            item_id=leaf.pk,
            expected_version=leaf.version,
            data={"progress": leaf.progress + 7},
            allowed_fields={"progress"},
        )
    return len(ctx.captured_queries)


def test_an_update_costs_the_same_queries_however_deep_and_wide(world: World) -> None:
    shallow = update_queries(chain(world, depth=1, siblings=1))
    deep = update_queries(chain(world, depth=4, siblings=3))
    assert deep == shallow <= ITEM_UPDATE_QUERIES


def test_an_update_stays_within_its_query_budget(world: World, django_assert_max_num_queries: Any) -> None:
    leaf = chain(world, depth=3, siblings=4)
    with django_assert_max_num_queries(ITEM_UPDATE_QUERIES):
        changes.item_update(
            item_id=leaf.pk,
            expected_version=leaf.version,
            data={"progress": 77, "title": "改过的标题", "due_date": dt.date(2020, 11, 30)},
            allowed_fields={"progress", "title", "due_date"},
        )
    assert Item.objects.get(pk=leaf.pk).progress == 77


def test_the_edit_form_runs_the_recompute_step_once(
    client: Any, world: World, django_assert_max_num_queries: Any
) -> None:
    from luoshi.accounts.tests.test_access import _edit_payload, login

    leaf = chain(world, depth=2, siblings=3)
    Milestone.objects.create(item=leaf, title="第二个节点", due_date=dt.date(2020, 8, 31))
    login(client, world.office)
    payload = _edit_payload(leaf, progress=66)
    client.get(f"/items/{leaf.pk}/edit/")  # the session, once
    with django_assert_max_num_queries(32):
        response = client.post(f"/items/{leaf.pk}/edit/", payload)
    assert response.status_code == 302
    assert Item.objects.get(pk=leaf.pk).progress == 66
