"""The city's dashboard, bulletin and the counties' own figures agree: the counties are ranked by the
same selectors that count a county's units, grouped by organisation instead."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from docx import Document

from luoshi.bulletins import services as bulletins
from luoshi.bulletins.export import bulletin_docx, bulletin_html
from luoshi.dashboard import selectors
from luoshi.organisations.models import Organisation
from luoshi.plans.models import Item, Plan, Status
from luoshi.testing import Cascade, PlanFactory, login, make_cascade, make_item

pytestmark = pytest.mark.django_db
FIELDS = ("total", "red", "yellow", "green", "done", "none", "overdue", "lagging")


@pytest.fixture
def cascade() -> Cascade:
    c = make_cascade()
    # 甲县: a finished item and one long overdue; 乙县: one lagging behind its schedule, and a second
    # plan of the same year (both count), and a plan of another year (which does not).
    make_item(
        c.a.plan, c.a.pillar, title="已完成", lead_unit=c.a.unit, due_date=dt.date(2020, 6, 30), progress=100
    )
    make_item(
        c.a.plan, c.a.pillar, title="逾期", lead_unit=c.a.unit, due_date=dt.date(2020, 6, 30), progress=30
    )
    make_item(
        c.b.plan, c.b.pillar, title="滞后", lead_unit=c.b.unit, start_date=dt.date(2020, 1, 1),
        due_date=dt.date(2020, 10, 31), progress=5,
    )  # fmt: skip
    second = PlanFactory(code="plan-b2", organisation=c.b.org)
    make_item(second, None, title="第二个方案", kind=Item.Kind.PILLAR, weight=Decimal(2), progress=90)
    later = PlanFactory(
        code="plan-b-2021",
        organisation=c.b.org,
        start_date=dt.date(2021, 1, 1),
        end_date=dt.date(2021, 12, 31),
    )
    make_item(later, None, title="明年的", kind=Item.Kind.PILLAR, progress=0)
    return c


def _direct(org: Organisation, city: Plan) -> dict[str, Any]:
    """Each county's figures counted item by item, in Python."""
    today = city.today()
    items = list(
        Item.objects.filter(
            plan__organisation=org, plan__start_date__lte=city.end_date, plan__end_date__gte=city.start_date
        )
    )
    colours = Counter(i.status for i in items)
    pillars = [i for i in items if i.depth == 1]
    weight = sum(i.weight for i in pillars)
    return {
        "total": len(items),
        **{c: colours.get(c, 0) for c in ("red", "yellow", "green", "done", "none")},
        "overdue": sum(1 for i in items if i.is_overdue(today)),
        "lagging": sum(1 for i in items if i.numchild == 0 and i.status in (Status.RED, Status.YELLOW)),
        "completion": (sum(i.weight * i.progress for i in pillars) / weight).quantize(Decimal("0.1")),
    }


def test_the_dashboard_the_bulletin_and_direct_counts_agree(client: Client, cascade: Cascade) -> None:
    login(client, cascade.city_office)
    response = client.get(f"/plans/{cascade.city_plan.code}/dashboard/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="county-ranking"' in page and "各县排名" in page
    dashboard = {row["organisation"].pk: row for row in response.context["counties"]}
    bulletin = {row["organisation_id"]: row for row in bulletins.bulletin_data(cascade.city_plan)["counties"]}
    assert set(dashboard) == set(bulletin) == {cascade.a.org.pk, cascade.b.org.pk}
    for county in (cascade.a, cascade.b):
        direct = _direct(county.org, cascade.city_plan)
        shown, written = dashboard[county.org.pk], bulletin[county.org.pk]
        assert (
            {k: shown[k] for k in FIELDS} == {k: written[k] for k in FIELDS} == {k: direct[k] for k in FIELDS}
        )
        assert shown["completion"] == Decimal(written["completion"]) == direct["completion"]
        assert shown["rank"] == written["rank"]
    a, b = dashboard[cascade.a.org.pk], dashboard[cascade.b.org.pk]
    assert a["overdue"] >= 1 and b["plans"] == 2
    # Ranked by completion first.
    assert (a["rank"], b["rank"]) == ((1, 2) if a["completion"] > b["completion"] else (2, 1))


def test_a_county_dashboard_has_no_ranking_and_its_unit_rows_are_unchanged(
    client: Client, cascade: Cascade
) -> None:
    login(client, cascade.a.office)
    response = client.get(f"/plans/{cascade.a.plan.code}/dashboard/")
    assert response.status_code == 200 and response.context["counties"] == []
    assert 'data-testid="county-ranking"' not in response.content.decode()
    (unit_row,) = response.context["units"]
    items = Item.objects.filter(plan=cascade.a.plan, lead_unit=cascade.a.unit)
    assert unit_row["unit"] == cascade.a.unit
    assert sum(unit_row[c] for c in ("red", "yellow", "green", "done", "none")) == items.count()


def test_the_ranking_reads_a_fixed_number_of_queries(
    cascade: Cascade, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(7):
        rows = selectors.county_ranking(cascade.city_plan)
    assert [r["organisation"] for r in rows] and sum(r["total"] for r in rows) == Item.objects.filter(
        plan__in=selectors.child_plans(cascade.city_plan)
    ).count()


def test_the_city_dashboard_shows_each_pillars_rollup_below(client: Client, cascade: Cascade) -> None:
    login(client, cascade.city_office)
    response = client.get(f"/plans/{cascade.city_plan.code}/dashboard/")
    (pillar,) = response.context["pillars"]
    assert pillar["aligned"]["total"] == 2 and pillar["aligned"]["organisations"] == 2
    page = response.content.decode()
    assert 'data-testid="pillar-aligned"' in page
    assert f"/items/{cascade.city_pillar.pk}/#cascade" in page


def test_the_city_bulletin_ranks_the_counties_in_its_html_and_docx(cascade: Cascade) -> None:
    order = [row["organisation"].name for row in selectors.county_ranking(cascade.city_plan)]
    bulletin = bulletins.bulletin_generate(plan=cascade.city_plan, user=cascade.city_office)
    html = str(bulletin_html(bulletin))
    assert 'data-testid="bulletin-counties"' in html and "各县排名" in html
    table = html[html.index('data-testid="bulletin-counties"') :]
    assert table.index(order[0]) < table.index(order[1])
    document = Document(io.BytesIO(bulletin_docx(bulletin)))
    text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert text.index(order[0]) < text.index(order[1]) and "完成率" in text
