"""A city's assessment scores its counties by the same events and rules as it scores units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from luoshi.assessment import services
from luoshi.assessment.models import AssessmentRules, AssessmentRun
from luoshi.status import changes
from luoshi.testing import Cascade, UnitFactory, login, make_cascade, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def cascade() -> Cascade:
    c = make_cascade()
    # County B does better and has a second unit, county A lags: the ranking must say so.
    second = UnitFactory(name="乙县住建局", organisation=c.b.org)
    make_item(
        c.b.plan,
        c.b.pillar,
        title="乙县的另一项工作",
        lead_unit=second,
        progress=100,
        due_date=dt.date(2020, 6, 30),
    )
    item = c.a.item
    changes.item_update(
        item_id=item.pk, expected_version=item.version, data={"progress": 5}, allowed_fields={"progress"}
    )
    return c


def _unit_mean(plan: object, run: AssessmentRun) -> Decimal:
    totals = services._totals(services.assessment_events(plan=plan, as_of=run.as_of, rules=run.rules))  # type: ignore[arg-type]
    return (sum(totals.values(), Decimal(0)) / len(totals)).quantize(Decimal("0.01"))


def test_the_citys_run_scores_each_county_as_the_mean_of_its_units_under_the_citys_rules(
    cascade: Cascade,
) -> None:
    AssessmentRules.objects.create(plan=cascade.city_plan, base_score=Decimal("80"))
    run = services.assessment_compute(plan=cascade.city_plan, user=cascade.city_office)
    scores = {s.organisation_id: s for s in run.organisation_scores.all()}
    assert set(scores) == {cascade.a.org.pk, cascade.b.org.pk}
    for county in (cascade.a, cascade.b):
        # The same events a county's own assessment counts, with the city's rules (base 80, not 100).
        assert scores[county.org.pk].score == _unit_mean(county.plan, run)
    assert scores[cascade.b.org.pk].units == 2 and scores[cascade.a.org.pk].units == 1
    assert scores[cascade.b.org.pk].rank == 1 and scores[cascade.a.org.pk].rank == 2
    # A county's own run has no counties below it.
    assert not services.assessment_compute(
        plan=cascade.a.plan, user=cascade.a.office
    ).organisation_scores.exists()


def test_the_city_page_ranks_the_counties_and_a_county_cannot_set_or_see_the_citys(
    client: Client, cascade: Cascade
) -> None:
    run = services.assessment_compute(plan=cascade.city_plan, user=cascade.city_office)
    login(client, cascade.city_office)
    page = client.get(f"/plans/{cascade.city_plan.code}/assessment/").content.decode()
    assert 'data-testid="organisation-scores"' in page
    assert page.index("乙县") < page.index("甲县")  # ranked: B first
    assert client.get(f"/assessment/{run.pk}/").status_code == 200
    # The city office reads a county's assessment but does not set its rules.
    before = AssessmentRules.objects.filter(plan=cascade.a.plan).count()
    response = client.post(f"/plans/{cascade.a.plan.code}/assessment/", {"base_score": "1"})
    assert (
        response.status_code == 404 and AssessmentRules.objects.filter(plan=cascade.a.plan).count() == before
    )
    login(client, cascade.a.office)
    assert client.get(f"/plans/{cascade.city_plan.code}/assessment/").status_code == 404
    assert client.get(f"/assessment/{run.pk}/").status_code == 404
