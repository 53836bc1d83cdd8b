"""Plan files say which item of a plan above each item carries out ("aligned_to": plan code and
title); the loader finds it, and refuses a plan beside or below, an unknown title or one that names
more than one item, writing nothing."""

from __future__ import annotations

from typing import Any

import pytest

from luoshi.plans.loader import FORMAT, PlanFileError
from luoshi.plans.models import Item, Plan
from luoshi.status.changes import plan_load
from luoshi.testing import Cascade, make_cascade, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def cascade() -> Cascade:
    return make_cascade()


def _county_file(code: str, aligned_to: dict[str, str]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "plan": {"code": code, "name": "甲县要点", "start_date": "2020-01-01", "end_date": "2020-12-31"},
        "items": [
            {
                "kind": "pillar",
                "title": "转型",
                "aligned_to": aligned_to,
                "children": [{"title": "做强能源", "progress": 40}],
            }
        ],
    }


def test_an_item_carries_out_the_named_item_of_the_plan_above(cascade: Cascade) -> None:
    data = _county_file("a-2", {"plan": cascade.city_plan.code, "title": "产业转型"})
    plan = plan_load(data, organisation=cascade.a.org).plan
    pillar = Item.objects.get(plan=plan, depth=1)
    assert pillar.aligned_to_id == cascade.city_pillar.pk
    assert Item.objects.get(plan=plan, depth=2).aligned_to_id is None
    assert pillar.history.first().aligned_to_id == cascade.city_pillar.pk  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("aligned_to", "message"),
    [
        ({"plan": "plan-city", "title": "没有这一项"}, "no item titled '没有这一项'"),
        ({"plan": "plan-b", "title": "做强两大产业"}, "not of an organisation above"),
        ({"plan": "no-such-plan", "title": "产业转型"}, "no plan 'no-such-plan'"),
        ({"title": "产业转型"}, 'needs the "plan" code and the "title"'),
    ],
)
def test_a_wrong_alignment_is_refused_and_nothing_is_written(
    cascade: Cascade, aligned_to: dict[str, str], message: str
) -> None:
    with pytest.raises(PlanFileError, match=message):
        plan_load(_county_file("a-2", aligned_to), organisation=cascade.a.org)
    assert not Plan.objects.filter(code="a-2").exists()


def test_a_title_borne_by_two_items_of_the_plan_above_is_ambiguous(cascade: Cascade) -> None:
    make_item(cascade.city_plan, None, title="产业转型", kind=Item.Kind.PILLAR)
    data = _county_file("a-2", {"plan": cascade.city_plan.code, "title": "产业转型"})
    with pytest.raises(PlanFileError, match="more than one item"):
        plan_load(data, organisation=cascade.a.org)
