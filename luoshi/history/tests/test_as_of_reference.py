"""The plan as of a date, its figures and two dates compared equal what the whole plan rebuilt in
Python gives (``reference``: every record, rating and moment read), after every step of random
sequences of the real services under a moving clock: progress, dates and lead units changed, items
created, moved and deleted, units renamed, ratings lost when an item is rated again in one period."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from luoshi.history import selectors
from luoshi.history.tests import reference
from luoshi.plans.models import Item, Unit
from luoshi.status import changes
from luoshi.testing import make_world

pytestmark = pytest.mark.django_db

METHODS = ("distinct", "window") if connection.vendor == "postgresql" else ("window",)
KEYS = itertools.count()


def assert_as_the_reference(plan: Any, when: dt.datetime, earlier: dt.datetime) -> None:
    whole = reference.plan_as_of(plan, when)
    before = reference.plan_as_of(plan, earlier)
    for method in METHODS:
        assert selectors.plan_as_of(plan, when, method=method) == whole, (when, method)
        assert selectors.figures_as_of(plan, when, method=method) == selectors.figures_of(whole), when
    expected = selectors.compare_states(before, whole)
    for method in METHODS:
        found = selectors.compare_dates(plan, earlier, when, method=method)
        assert _listed(found) == _listed(expected), (earlier, when, method)


def _listed(comparison: selectors.Comparison) -> dict[str, list[selectors.Change]]:
    return {f.name: list(getattr(comparison, f.name)) for f in dataclasses.fields(comparison)}


class History(RuleBasedStateMachine):
    """One plan changed step by step, a few hours to a few weeks apart (each month its own period)."""

    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.now = dt.datetime(2020, 1, 2, 10, tzinfo=dt.UTC)
        self.moments = [self.now]

    @initialize()
    def a_plan(self) -> None:
        with time_machine.travel(self.now, tick=False):
            self.world = make_world(key=f"r{next(KEYS)}")
            self.plan = self.world.plan
            self.plan.status_date = None
            self.plan.save(update_fields=["status_date"])
            second = changes.item_create(
                plan=self.plan, parent=None, data={"title": "第二板块", "kind": Item.Kind.PILLAR}
            )
            for n in range(2):
                changes.item_create(
                    plan=self.plan,
                    parent=second,
                    data={"title": f"任务{n}", "progress": 20 * n, "lead_unit": self.world.unit_b},
                )

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def _items(self) -> list[Item]:
        return list(Item.objects.filter(plan=self.plan).order_by("path"))

    def _at_next(self, hours: int, action: Any) -> None:
        self.now += dt.timedelta(hours=hours)
        with time_machine.travel(self.now, tick=False):
            action()
        self.moments.append(self.now)

    @rule(pick=st.integers(0, 30), value=st.integers(0, 100), hours=st.integers(1, 24 * 40))
    def progress(self, pick: int, value: int, hours: int) -> None:
        leaves = [i for i in self._items() if not i.numchild]
        if leaves:
            item = leaves[pick % len(leaves)]
            self._at_next(hours, lambda: self._update(item, {"progress": value}))

    @rule(pick=st.integers(0, 30), days=st.integers(-60, 200), hours=st.integers(1, 24 * 20))
    def due_date(self, pick: int, days: int, hours: int) -> None:
        items = self._items()
        if items:
            due = dt.date(2020, 3, 1) + dt.timedelta(days=days)
            self._at_next(hours, lambda: self._update(items[pick % len(items)], {"due_date": due}))

    @rule(pick=st.integers(0, 30), unit=st.sampled_from(["a", "b", None]), hours=st.integers(1, 24 * 20))
    def lead_unit(self, pick: int, unit: str | None, hours: int) -> None:
        items = self._items()
        if items:
            lead = {"a": self.world.unit_a, "b": self.world.unit_b, None: None}[unit]
            self._at_next(hours, lambda: self._update(items[pick % len(items)], {"lead_unit": lead}))

    @rule(
        pick=st.integers(0, 30), value=st.integers(0, 100), top=st.booleans(), hours=st.integers(1, 24 * 20)
    )
    def create(self, pick: int, value: int, top: bool, hours: int) -> None:
        items = self._items()
        parent = None if top or not items else items[pick % len(items)]
        data = {"title": f"新{value}", "progress": value, "lead_unit": self.world.unit_a}
        if parent is None:
            data = {"title": f"新板块{value}", "kind": Item.Kind.PILLAR}
        self._at_next(hours, lambda: changes.item_create(plan=self.plan, parent=parent, data=data))

    @rule(
        pick=st.integers(0, 30),
        to=st.integers(0, 30),
        position=st.sampled_from(["last-child", "first-child", "left", "right"]),
        hours=st.integers(1, 24 * 20),
    )
    def move(self, pick: int, to: int, position: str, hours: int) -> None:
        items = self._items()
        if len(items) < 2:
            return
        item, target = items[pick % len(items)], items[to % len(items)]
        if not target.path.startswith(item.path):
            self._at_next(hours, lambda: changes.item_move(item=item, target=target, position=position))

    @rule(pick=st.integers(0, 30), hours=st.integers(1, 24 * 20))
    def delete(self, pick: int, hours: int) -> None:
        items = self._items()
        if len(items) > 2:
            self._at_next(hours, lambda: changes.item_delete(item=items[pick % len(items)]))

    @rule(name=st.sampled_from(["单位甲（新名）", "单位乙（新名）", "单位丙"]), hours=st.integers(1, 24 * 20))
    def rename_a_unit(self, name: str, hours: int) -> None:
        unit = Unit.objects.get(pk=self.world.unit_a.pk)
        unit.name = name
        self._at_next(hours, unit.save)

    def _update(self, item: Item, data: dict[str, Any]) -> None:
        changes.item_update(
            item_id=item.pk, expected_version=item.version, data=data, allowed_fields=set(data)
        )

    @invariant()
    def as_the_reference(self) -> None:
        if len(self.moments) < 2:
            return
        # now, just before the last step, and against the first day and the step before that
        just_before = self.moments[-1] - dt.timedelta(seconds=1)
        assert_as_the_reference(self.plan, self.now, self.moments[0])
        assert_as_the_reference(self.plan, just_before, self.moments[max(0, len(self.moments) - 3)])


def test_random_histories_rebuild_count_and_compare_as_the_reference() -> None:
    run_state_machine_as_test(
        History,
        settings=settings(
            max_examples=25,
            stateful_step_count=8,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
