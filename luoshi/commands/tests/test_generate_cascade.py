"""``luoshi generate --counties N [--cities M]``: a cascade of organisations whose plans carry out
their parent's, with the load time and the sizes printed."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from luoshi.organisations.models import Organisation
from luoshi.plans.models import Item, Plan

pytestmark = pytest.mark.django_db


def _generate(**options: object) -> str:
    out = io.StringIO()
    call_command("generate", stdout=out, **options)
    return out.getvalue()


def test_a_city_of_counties_whose_plans_carry_out_the_citys() -> None:
    output = _generate(counties=2, items=60, city_items=30)
    city = Organisation.objects.get(code="generated-city")
    assert city.level == "city" and city.depth == 1
    counties = Organisation.objects.filter(path__startswith=city.path, depth=2)
    assert sorted(counties.values_list("code", flat=True)) == [
        "generated-city-county-01",
        "generated-city-county-02",
    ]
    city_plan = Plan.objects.get(organisation=city)
    assert Item.objects.filter(plan=city_plan).count() == 30
    for county in counties:
        plan = Plan.objects.get(organisation=county)
        assert Item.objects.filter(plan=plan).count() == 60
        pillars = Item.objects.filter(plan=plan, depth=1)
        assert pillars.filter(aligned_to__plan=city_plan, aligned_to__depth=1).count() == pillars.count()
        assert not Item.objects.filter(plan=plan, depth=2, aligned_to__isnull=True).exists()
    assert "3 organisations, 150 items" in output and "county       2 plans" in output
    assert " MB." in output


def test_a_province_of_cities_of_counties() -> None:
    output = _generate(cities=2, counties=1, items=20, city_items=20, province_items=20, code="p")
    province = Organisation.objects.get(code="p-province")
    assert province.level == "province"
    assert list(Organisation.objects.filter(depth=3).values_list("code", flat=True)) == [
        "p-city-01-county-01",
        "p-city-02-county-01",
    ]
    county_plan = Plan.objects.get(code="p-city-02-county-01")
    city_plan = Plan.objects.get(code="p-city-02")
    top = Item.objects.filter(plan=county_plan, depth=1)
    assert {i.aligned_to.plan_id for i in top} == {city_plan.pk}  # type: ignore[union-attr]
    assert Item.objects.filter(plan=city_plan, depth=1, aligned_to__plan__code="p-province").exists()
    assert "5 organisations, 100 items" in output
