"""The plan rebuilt as of a date equals the tree that was live on that date.

The real services run under a frozen clock (simple-history stamps its records with
``timezone.now()``, the colour history with ``auto_now``), the live tree is snapshotted after each
step, and every snapshot is compared with :func:`plan_as_of` afterwards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.dashboard.selectors import colour_counts
from luoshi.history import selectors
from luoshi.plans.models import Item, Plan, Unit
from luoshi.reports import services as reports
from luoshi.status import changes
from luoshi.testing import World, make_world

pytestmark = pytest.mark.django_db

Row = tuple[str, str, int | None, str, int, str]


def live(plan: Plan) -> list[Row]:
    items = list(Item.objects.filter(plan=plan).select_related("lead_unit").order_by("path"))
    ids = {i.path: i.pk for i in items}
    return [
        (
            i.number,
            i.title,
            ids.get(i.path[: -Item.steplen]),
            i.lead_unit.name if i.lead_unit else "",
            i.progress,
            i.status,
        )
        for i in items
    ]


def rebuilt(plan: Plan, when: dt.datetime, method: str | None = None) -> list[Row]:
    return [
        (s.number, s.title, s.parent_id, s.lead_unit_name, s.progress, s.status)
        for s in selectors.plan_as_of(plan, when, method=method)
    ]


def moment(month: int, day: int = 15) -> dt.datetime:
    return dt.datetime(2020, month, day, 10, tzinfo=dt.UTC)


def approve(world: World, item: Item, progress: int) -> None:
    period = world.plan.current_period()
    draft = reports.report_draft_save(
        item=item,
        user=world.reporter_a,
        period=period,
        data=reports.ReportData(work_done="推进中", progress=progress),
    )
    reports.report_submit(report=draft, user=world.reporter_a)
    reports.report_approve(report=draft, user=world.office)


def _fresh(item: Item) -> Item:
    return Item.objects.get(pk=item.pk)


def test_the_rebuilt_tree_equals_the_live_tree_of_each_date() -> None:
    with time_machine.travel(moment(1, 2), tick=False):
        world = make_world()
        plan = world.plan
        plan.status_date = None  # the plan's date follows the clock, so each month is its own period
        plan.save(update_fields=["status_date"])
    snapshots: list[tuple[dt.datetime, list[Row]]] = []
    created: dict[str, Item] = {}

    def step(month: int, action: Callable[[], Any]) -> None:
        with time_machine.travel(moment(month), tick=False):
            action()
            snapshots.append((moment(month), live(plan)))

    step(
        2,
        lambda: changes.item_update(
            item_id=world.item_a.pk,
            expected_version=_fresh(world.item_a).version,
            data={"progress": 60},
            allowed_fields={"progress"},
        ),
    )
    step(3, lambda: approve(world, _fresh(world.item_b), 95))
    step(
        4,
        lambda: created.update(
            c=changes.item_create(
                plan=plan, parent=None, data={"title": "做强两大产业", "kind": Item.Kind.PILLAR}
            )
        ),
    )
    step(
        5,
        lambda: changes.item_move(
            item=_fresh(world.item_b), target=_fresh(created["c"]), position="first-child"
        ),
    )
    step(6, lambda: _rename(world.unit_a.pk, "单位甲（新名）"))
    step(
        7,
        lambda: changes.item_update(
            item_id=world.item_a.pk,
            expected_version=_fresh(world.item_a).version,
            data={"title": "甲的事项（改）", "due_date": dt.date(2020, 8, 1)},
            allowed_fields={"title", "due_date"},
        ),
    )
    step(9, lambda: changes.item_delete(item=_fresh(world.item_a)))

    assert selectors.plan_as_of(plan, moment(1, 1)) == []
    for when, snapshot in snapshots:
        assert rebuilt(plan, when) == snapshot, when
        # a moment later, before the next step, still the same tree
        assert rebuilt(plan, when + dt.timedelta(days=10)) == snapshot, when
    deleted = {s.id for s in selectors.plan_as_of(plan, moment(10))}
    assert world.item_a.pk not in deleted
    assert world.item_a.pk in {s.id for s in selectors.plan_as_of(plan, moment(8))}
    if connection.vendor == "postgresql":
        for when, snapshot in snapshots:
            assert rebuilt(plan, when, method="window") == snapshot


def _rename(unit_id: int, name: str) -> None:
    unit = Unit.objects.get(pk=unit_id)
    unit.name = name
    unit.save()


def test_figures_as_of_now_equal_the_live_dashboard() -> None:
    with time_machine.travel(moment(3), tick=False):
        world = make_world()
        changes.item_update(
            item_id=world.item_b.pk,
            expected_version=world.item_b.version,
            data={"progress": 5},
            allowed_fields={"progress"},
        )
        figures = selectors.figures_of(selectors.plan_as_of(world.plan, moment(3)))
        assert selectors.figures_as_of(world.plan, moment(3)) == figures
    pillars = dict(Item.objects.filter(plan=world.plan, depth=1).values_list("path", "pk"))
    total, by_pillar, by_unit = colour_counts(Item.objects.filter(plan=world.plan), pillars=pillars)
    assert figures.total == total
    assert figures.by_pillar == by_pillar
    assert figures.by_unit == by_unit
    assert sum(total.values()) == 3


def test_compare_lists_colour_changes_moves_additions_and_removals() -> None:
    with time_machine.travel(moment(1, 2), tick=False):
        world = make_world()
        plan = world.plan
        plan.status_date = None
        plan.save(update_fields=["status_date"])
    with time_machine.travel(moment(2), tick=False):
        changes.item_update(
            item_id=world.item_b.pk,
            expected_version=_fresh(world.item_b).version,
            data={"progress": 100},
            allowed_fields={"progress"},
        )
        other = changes.item_create(
            plan=plan, parent=None, data={"title": "新支柱", "kind": Item.Kind.PILLAR}
        )
        changes.item_move(item=_fresh(world.item_a), target=other, position="first-child")
    with time_machine.travel(moment(3), tick=False):
        changes.item_delete(item=_fresh(world.item_b))
    result = selectors.compare_dates(plan, moment(1, 20), moment(2, 20))
    assert [c.item.id for c in result.added] == [other.pk]
    assert [c.item.id for c in result.moved] == [world.item_a.pk]
    assert world.item_b.pk in [c.item.id for c in result.recoloured]
    assert [
        (c.before.progress, c.after.progress) for c in result.progressed if c.item.id == world.item_b.pk
    ] == [(80, 100)]
    later = selectors.compare_dates(plan, moment(2, 20), moment(3, 20))
    assert [c.item.id for c in later.removed] == [world.item_b.pk]


OPS = st.lists(
    st.tuples(
        st.sampled_from(["progress", "create", "move", "delete"]), st.integers(0, 9), st.integers(0, 100)
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ops=OPS)
@pytest.mark.django_db(transaction=False)
def test_random_sequences_rebuild_each_month(ops: list[tuple[str, int, int]]) -> None:
    from django.db import transaction

    with transaction.atomic():
        with time_machine.travel(moment(1, 2), tick=False):
            world = make_world(key=f"h{abs(hash(tuple(ops))) % 10**8}")
            plan = world.plan
            plan.status_date = None
            plan.save(update_fields=["status_date"])
        snapshots = []
        for month, (op, pick, value) in enumerate(ops, start=2):
            with time_machine.travel(moment(month), tick=False):
                items = list(Item.objects.filter(plan=plan).order_by("path"))
                if items:
                    item = items[pick % len(items)]
                    if op == "progress" and not item.numchild:
                        changes.item_update(
                            item_id=item.pk,
                            expected_version=item.version,
                            data={"progress": value},
                            allowed_fields={"progress"},
                        )
                    elif op == "create":
                        changes.item_create(
                            plan=plan, parent=item, data={"title": f"新{value}", "progress": value}
                        )
                    elif op == "move" and len(items) > 1:
                        target = items[(pick + 1) % len(items)]
                        if not target.path.startswith(item.path):
                            changes.item_move(item=item, target=target, position="last-child")
                    elif op == "delete":
                        changes.item_delete(item=item)
                snapshots.append((moment(month), live(plan)))
        for when, snapshot in snapshots:
            assert rebuilt(plan, when) == snapshot, ops
        transaction.set_rollback(True)


def test_a_page_of_the_tree_equals_that_part_of_the_whole_plan() -> None:
    with time_machine.travel(moment(1, 2), tick=False):
        world = make_world()
        plan = world.plan
        second = changes.item_create(
            plan=plan, parent=None, data={"title": "第二板块", "kind": Item.Kind.PILLAR}
        )
        for n in range(3):
            changes.item_create(plan=plan, parent=second, data={"title": f"子项{n}", "progress": 10 * n})
    with time_machine.travel(moment(2), tick=False):
        changes.item_move(item=_fresh(world.item_a), target=_fresh(second), position="last-child")
    whole = selectors.plan_as_of(plan, moment(3))
    first, after = selectors.plan_as_of_page(plan, moment(3), limit=2)
    assert first == whole[:2] and after == whole[1].path
    rest, end = selectors.plan_as_of_page(plan, moment(3), after=after, limit=100)
    assert first + rest == whole and end == ""


def test_moves_carry_sub_items_and_shift_siblings_as_the_tree_did() -> None:
    """Only a moved item gets a history record; its sub-items follow it, and the siblings the tree
    pushed right to make room move one place right."""
    with time_machine.travel(moment(1, 2), tick=False):
        world = make_world()
        plan = world.plan
        second = changes.item_create(
            plan=plan, parent=None, data={"title": "第二板块", "kind": Item.Kind.PILLAR}
        )
        changes.item_create(plan=plan, parent=second, data={"title": "第二板块的事项", "progress": 30})
    snapshots = []
    for month, (item, target, position) in enumerate(
        [
            (second, world.pillar, "left"),
            (world.item_a, world.item_b, "right"),
            (world.pillar, second, "left"),
        ],
        start=2,
    ):
        with time_machine.travel(moment(month), tick=False):
            changes.item_move(item=_fresh(item), target=_fresh(target), position=position)
            snapshots.append((moment(month), live(plan)))
    for when, snapshot in snapshots:
        assert rebuilt(plan, when) == snapshot, when
