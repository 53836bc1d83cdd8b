"""Replacing a plan keeps the deletion of every item, milestone and indicator in history, written in
bulk: the statements do not grow with the number of rows."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.commands.management.commands.demo import DEMO_FILE
from luoshi.plans.generate import generate_plan_data
from luoshi.plans.loader import read_plan_file
from luoshi.plans.models import Indicator, Item, Milestone
from luoshi.status.changes import plan_load

pytestmark = pytest.mark.django_db


def test_replacing_a_plan_records_every_deletion() -> None:
    plan = plan_load(read_plan_file(DEMO_FILE)).plan
    items = dict(Item.objects.filter(plan=plan).values_list("pk", "title"))
    stones = set(Milestone.objects.filter(item__plan=plan).values_list("pk", flat=True))
    measures = set(Indicator.objects.filter(item__plan=plan).values_list("pk", flat=True))
    coop = {
        i.pk: {u.pk for u in i.cooperating_units.all()}
        for i in Item.objects.filter(plan=plan).prefetch_related("cooperating_units")
    }
    assert stones and measures and any(coop.values())
    plan_load(read_plan_file(DEMO_FILE), replace=True)
    gone = {h.id: h for h in Item.history.filter(id__in=items, history_type="-")}  # type: ignore[attr-defined]
    assert {k: h.title for k, h in gone.items()} == items
    assert set(Milestone.history.filter(history_type="-").values_list("id", flat=True)) == stones  # type: ignore[attr-defined]
    assert set(Indicator.history.filter(history_type="-").values_list("id", flat=True)) == measures  # type: ignore[attr-defined]
    for pk, units in coop.items():
        assert {u.unit_id for u in gone[pk].cooperating_units.all()} == units
    assert not Item.objects.filter(pk__in=items).exists()


def test_replacing_a_plan_takes_the_same_statements_for_more_items() -> None:
    def replace_queries(items: int) -> int:
        data = generate_plan_data(items=items, code=f"p{items}", rng=random.Random(1))
        plan_load(data)
        with CaptureQueriesContext(connection) as ctx:
            plan_load(data, replace=True)
        return len(ctx.captured_queries)

    small, large = replace_queries(60), replace_queries(600)
    assert large < small * 2
