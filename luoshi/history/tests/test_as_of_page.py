"""A page of the tree as of a date equals that part of the whole plan rebuilt (``plan_as_of``), though
it reads only the records of the pillars it shows, and only the shown rows' full records.

The real services run under a frozen clock, as in ``test_as_of``; every page of every date is compared
with the whole plan of that date, page by page and with both ways of picking the newest records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.history import selectors, views
from luoshi.history.selectors import ItemState
from luoshi.plans.models import Item, Plan
from luoshi.status import changes
from luoshi.testing import World, login, make_world

pytestmark = pytest.mark.django_db

METHODS = ("distinct", "window") if connection.vendor == "postgresql" else ("window",)


def moment(month: int, day: int = 15) -> dt.datetime:
    return dt.datetime(2020, month, day, 10, tzinfo=dt.UTC)


def _fresh(item: Item) -> Item:
    return Item.objects.get(pk=item.pk)


def paged(plan: Plan, when: dt.datetime, limit: int, method: str | None = None) -> list[ItemState]:
    """Every page of the tree at ``when``, one after the other."""
    out: list[ItemState] = []
    after = ""
    for _page in range(1000):
        rows, after = selectors.plan_as_of_page(plan, when, after=after, limit=limit, method=method)
        assert len(rows) <= limit
        out += rows
        if not after:
            return out
        assert len(rows) == limit and after == rows[-1].path
    raise AssertionError("the pages do not end")


def assert_pages_equal_the_whole(
    plan: Plan, when: dt.datetime, limits: tuple[int, ...] = (1, 2, 3, 1000)
) -> None:
    whole = selectors.plan_as_of(plan, when)
    for method in METHODS:
        for limit in limits:
            assert paged(plan, when, limit, method) == whole, (when, method, limit)
    first, after = selectors.plan_as_of_page(plan, when, limit=2)
    assert first == whole[:2]
    assert after == (whole[1].path if len(whole) > 2 else "")


@contextmanager
def whole_plan_not_rebuilt(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the page rebuilt the whole plan")

    with monkeypatch.context() as patch:
        patch.setattr(selectors, "plan_as_of", refuse)
        yield


def _two_pillars(world: World) -> tuple[Item, list[Item]]:
    """A second pillar with three sub-items, the middle one with two of its own."""
    plan = world.plan
    second = changes.item_create(plan=plan, parent=None, data={"title": "第二板块", "kind": Item.Kind.PILLAR})
    tasks = [
        changes.item_create(
            plan=plan, parent=_fresh(second), data={"title": f"任务{n}", "progress": 10 * n, "weight": n}
        )
        for n in range(3)
    ]
    for n in range(2):
        changes.item_create(
            plan=plan, parent=_fresh(tasks[1]), data={"title": f"措施{n}", "progress": 30 + n}
        )
    return second, tasks


def _progress(item: Item, value: int) -> None:
    changes.item_update(
        item_id=item.pk,
        expected_version=_fresh(item).version,
        data={"progress": value},
        allowed_fields={"progress"},
    )


def test_every_page_of_every_month_equals_the_whole_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    with time_machine.travel(moment(1, 2), tick=False):
        world = make_world()
        plan = world.plan
        plan.status_date = None  # each month is its own reporting period
        plan.save(update_fields=["status_date"])
        second, tasks = _two_pillars(world)
    dates: list[dt.datetime] = []

    def at(month: int, day: int, action: Any) -> None:
        with time_machine.travel(moment(month, day), tick=False):
            action()
        dates.append(moment(month, day) + dt.timedelta(hours=1))

    at(2, 15, lambda: _progress(world.item_a, 55))
    # rated twice in one period: the first rating is overwritten, a date between shows the one before
    at(3, 5, lambda: _progress(world.item_b, 10))
    at(3, 20, lambda: _progress(world.item_b, 90))
    # a task loses its sub-items: it keeps their last roll-up as its own progress
    measures = list(Item.objects.filter(plan=plan, path__startswith=_fresh(tasks[1]).path, depth=3))
    at(4, 15, lambda: [changes.item_delete(item=_fresh(m)) for m in measures])
    at(5, 15, lambda: _progress(tasks[2], 75))
    at(6, 15, lambda: changes.item_delete(item=_fresh(tasks[0])))
    with time_machine.travel(moment(6, 30), tick=False):
        assert_pages_equal_the_whole(plan, moment(6, 30))
    for when in [moment(1, 3), moment(3, 10), *dates]:
        whole = selectors.plan_as_of(plan, when)
        with whole_plan_not_rebuilt(monkeypatch):
            for method in METHODS:
                assert paged(plan, when, 2, method) == whole, when
            # an item's page of that day is rebuilt with its pillar alone, as the tree shows it
            assert [selectors.item_as_of(plan, s.id, when) for s in whole] == whole
        assert_pages_equal_the_whole(plan, when)
    # the task that lost its sub-items keeps their last roll-up (the second one's alone, the first
    # deleted before it), as the tree does, not the progress it was made with
    before = {s.id: s for s in selectors.plan_as_of(plan, moment(4, 14))}[tasks[1].pk]
    after = {s.id: s for s in paged(plan, moment(4, 16), 2)}[tasks[1].pk]
    assert (before.numchild, after.numchild) == (2, 0)
    assert after.progress == _fresh(tasks[1]).progress == 31
    gone = selectors.item_as_of(plan, tasks[0].pk, moment(6, 16))
    assert gone is not None and gone.deleted and gone.title == "任务0"
    assert selectors.item_as_of(plan, tasks[0].pk, moment(1, 1)) is None


def test_a_move_sends_only_the_pages_of_its_pillars_to_the_whole_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with time_machine.travel(moment(1, 2), tick=False):
        world = make_world()
        plan = world.plan
        second, tasks = _two_pillars(world)
    with time_machine.travel(moment(2), tick=False):
        # within the second pillar: its siblings shift without records of their own
        changes.item_move(item=_fresh(tasks[2]), target=_fresh(tasks[0]), position="left")
    when = moment(3)
    whole = selectors.plan_as_of(plan, when)
    first_pillar = [s for s in whole if s.path.startswith(world.pillar.path)]
    with whole_plan_not_rebuilt(monkeypatch):
        rows, after = selectors.plan_as_of_page(plan, when, limit=len(first_pillar))
    assert rows == first_pillar and after == first_pillar[-1].path
    assert_pages_equal_the_whole(plan, when)
    with time_machine.travel(moment(4), tick=False):
        # a pillar moved: every pillar's place may have changed
        changes.item_move(item=_fresh(second), target=_fresh(world.pillar), position="left")
    assert_pages_equal_the_whole(plan, moment(5))
    whole = selectors.plan_as_of(plan, moment(5))
    assert [selectors.item_as_of(plan, s.id, moment(5)) for s in whole] == whole
    assert [s.title for s in selectors.plan_as_of(plan, moment(5)) if s.depth == 1] == [
        "第二板块",
        "擦亮一张名片",
    ]
    with time_machine.travel(moment(6), tick=False):
        # out of one pillar into the other
        changes.item_move(item=_fresh(world.item_a), target=_fresh(tasks[1]), position="last-child")
    assert_pages_equal_the_whole(plan, moment(7))


def test_the_tree_page_shows_more_after_its_last_row(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    with time_machine.travel(moment(1, 2), tick=False):
        world = make_world()
        _two_pillars(world)
    monkeypatch.setattr(views, "PAGE_ROWS", 3)
    login(client, world.office)
    shown: list[ItemState] = []
    after = ""
    for _page in range(10):
        response = client.get(f"/history/plans/{world.plan.code}/", {"on": "2020-01-31", "after": after})
        assert response.status_code == 200
        shown += response.context["rows"]
        after = response.context["more_after"]
        if not after:
            break
        assert f"after={after}" in response.content.decode()
    assert shown == selectors.plan_as_of(world.plan, moment(1, 31)) and len(shown) == 9
    link = f"/history/items/{shown[-1].id}/?on=2020-01-31"
    assert f'href="{link}"' in response.content.decode()
    assert client.get(link).context["item"] == shown[-1]


def test_a_page_reads_a_few_queries_whatever_the_size_of_its_pillar() -> None:
    counts = []
    for size in (3, 30):
        with time_machine.travel(moment(1, 2), tick=False):
            world = make_world(key=f"s{size}")
            parent = _fresh(world.item_a)
            for n in range(size):
                changes.item_create(plan=world.plan, parent=parent, data={"title": f"项目{n}", "progress": n})
        with CaptureQueriesContext(connection) as queries:
            rows, _after = selectors.plan_as_of_page(world.plan, moment(2), limit=5)
        assert len(rows) == 5
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8, counts


OPS = st.lists(
    st.tuples(
        st.sampled_from(["progress", "progress", "create", "delete", "move"]),
        st.integers(0, 20),
        st.integers(0, 100),
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ops=OPS)
@pytest.mark.django_db(transaction=False)
def test_random_sequences_page_as_the_whole_plan(ops: list[tuple[str, int, int]]) -> None:
    from django.db import transaction

    with transaction.atomic():
        with time_machine.travel(moment(1, 2), tick=False):
            world = make_world(key=f"p{abs(hash(tuple(ops))) % 10**8}")
            plan = world.plan
            plan.status_date = None
            plan.save(update_fields=["status_date"])
            _two_pillars(world)
        for month, (op, pick, value) in enumerate(ops, start=2):
            with time_machine.travel(moment(month), tick=False):
                items = list(Item.objects.filter(plan=plan).order_by("path"))
                if not items:
                    continue
                item = items[pick % len(items)]
                if op == "progress" and not item.numchild:
                    _progress(item, value)
                elif op == "create":
                    changes.item_create(
                        plan=plan, parent=item, data={"title": f"新{value}", "progress": value}
                    )
                elif op == "delete" and len(items) > 1:
                    changes.item_delete(item=item)
                elif op == "move" and len(items) > 1:
                    target = items[(pick + value) % len(items)]
                    if not target.path.startswith(item.path):
                        changes.item_move(item=item, target=target, position="last-child")
        for month in range(1, len(ops) + 2):
            assert_pages_equal_the_whole(plan, moment(month, 28), limits=(2, 1000))
        transaction.set_rollback(True)
