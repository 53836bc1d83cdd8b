"""The plan revision the database counts, and the figures cached under it: after every committed
write, by any path, a page's counts are the items' counts."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, settings
from hypothesis.stateful import invariant

from luoshi.dashboard import selectors as dashboard
from luoshi.plans import revisions, selectors
from luoshi.plans.models import Item, Plan, Status
from luoshi.status import changes
from luoshi.status.tests.test_invariants import PlanFigures
from luoshi.testing import make_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _fresh(plan: Plan) -> dict[str, int]:
    return dict(Counter(Item.objects.filter(plan=plan).values_list("status", flat=True)))


def test_every_committed_write_to_a_plans_items_moves_its_revision() -> None:
    world = make_world()
    plan = world.plan
    seen = [revisions.revision(plan.pk)]
    with transaction.atomic():
        Item.objects.filter(plan=plan).update(status=Status.RED)
        Item.objects.filter(plan=plan).update(status=Status.GREEN)
    seen.append(revisions.revision(plan.pk))
    if connection.vendor == "postgresql":
        assert seen[-1] == seen[-2] + 1  # once per transaction, counted at its commit
    Item.objects.filter(pk=world.item_a.pk).update(title="改过的标题")  # a bulk update, no signal
    seen.append(revisions.revision(plan.pk))
    world.item_b.delete()
    seen.append(revisions.revision(plan.pk))
    assert seen == sorted(set(seen))  # every write moved it on
    other = make_world(key="b")
    assert revisions.revision(plan.pk) == seen[-1]  # another plan's items are not this plan's
    assert revisions.revision(other.plan.pk) > 0


def test_a_rolled_back_write_counts_nothing() -> None:
    plan = make_world().plan
    start = revisions.revision(plan.pk)
    with pytest.raises(RuntimeError), transaction.atomic():
        Item.objects.filter(plan=plan).update(status=Status.RED)
        raise RuntimeError
    assert revisions.revision(plan.pk) == start


def test_the_tree_counts_are_read_once_per_revision_and_change_with_it() -> None:
    world = make_world()
    plan = world.plan
    first = selectors.status_counts(plan)
    assert first == _fresh(plan)
    with CaptureQueriesContext(connection) as hit:
        assert selectors.status_counts(plan) == first
    assert len(hit) == 1  # the revision only
    item = world.item_a
    changes.item_update(
        item_id=item.pk, expected_version=item.version, data={"progress": 100}, allowed_fields={"progress"}
    )
    assert selectors.status_counts(plan) == _fresh(plan) != first


def test_inside_a_transaction_the_cache_is_neither_read_nor_written() -> None:
    world = make_world()
    plan = world.plan
    cached = selectors.status_counts(plan)
    with transaction.atomic():
        Item.objects.filter(plan=plan).update(status=Status.RED)
        assert selectors.status_counts(plan) == {Status.RED.value: sum(cached.values())}
        transaction.set_rollback(True)
    assert selectors.status_counts(plan) == cached == _fresh(plan)


def test_a_write_committed_while_counting_is_counted_next_time() -> None:
    world = make_world()
    plan = world.plan
    counted = threading.Event()

    def write_between() -> None:
        counted.wait(5)
        Item.objects.filter(plan=plan).update(status=Status.RED)
        connection.close()

    writer = threading.Thread(target=write_between)
    writer.start()

    def count() -> dict[str, int]:
        value = _fresh(plan)
        counted.set()
        writer.join(5)
        return value

    stale = revisions.cached(plan.pk, "probe", count)
    assert stale != _fresh(plan)  # counted before the other write committed
    assert revisions.cached(plan.pk, "probe", lambda: _fresh(plan)) == _fresh(plan)


class CommittedPlanFigures(PlanFigures):
    """The same random sequences of the real services, each write committed, with the tree's and the
    dashboard's counts read through the cache: they are the items' counts after every step."""

    @invariant()
    def cached_counts_are_the_items_counts(self) -> None:
        fresh = _fresh(self.plan)
        assert selectors.status_counts(self.plan) == fresh
        assert selectors.status_counts(self.plan) == fresh  # and once more, from the cache
        board = dashboard.dashboard(self.plan)
        assert {c: n for c, n in board["counts"].items() if c in fresh} == fresh


CommittedPlanFigures.TestCase.settings = settings(
    max_examples=4,
    stateful_step_count=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
TestCommittedPlanFigures = CommittedPlanFigures.TestCase
