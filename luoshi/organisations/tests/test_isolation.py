"""Each office over its own: a county sees nothing of another county's; the city reads both."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from luoshi.accounts.models import Membership, Role
from luoshi.plans.models import Item
from luoshi.status import changes
from luoshi.testing import Cascade, UnitFactory, login, make_cascade, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def cascade() -> Cascade:
    return make_cascade()


def test_a_county_office_sees_its_own_plan_and_nothing_of_the_other_county(
    client: Client, cascade: Cascade
) -> None:
    login(client, cascade.a.office)
    listing = client.get("/plans/").content.decode()
    assert cascade.a.plan.name in listing
    assert cascade.b.plan.name not in listing and cascade.city_plan.name not in listing
    assert client.get(f"/plans/{cascade.a.plan.code}/").status_code == 200
    assert client.get(f"/plans/{cascade.b.plan.code}/").status_code == 404
    # Not yours answers exactly as missing does.
    assert client.get(f"/items/{cascade.b.item.pk}/").status_code == 404
    assert client.get("/items/999999/").status_code == 404
    assert client.get(f"/dashboard/{cascade.b.plan.code}/").status_code == 404


def test_the_city_office_reads_every_county_plan_but_changes_none(client: Client, cascade: Cascade) -> None:
    login(client, cascade.city_office)
    listing = client.get("/plans/").content.decode()
    for plan in (cascade.city_plan, cascade.a.plan, cascade.b.plan):
        assert plan.name in listing
    page = client.get(f"/plans/{cascade.a.plan.code}/")
    assert page.status_code == 200
    assert f"/plans/{cascade.a.plan.code}/items/new/" not in page.content.decode()  # no office buttons
    assert client.get(f"/items/{cascade.a.item.pk}/edit/").status_code == 404
    before = Item.objects.get(pk=cascade.a.item.pk)
    response = client.post(
        f"/items/{cascade.a.item.pk}/edit/", {"title": "市里改的", "version": before.version}
    )
    assert response.status_code == 404
    assert Item.objects.get(pk=cascade.a.item.pk).title == before.title
    assert client.get(f"/plans/{cascade.city_plan.code}/items/new/").status_code == 200


def test_a_county_reporter_cannot_reach_the_other_countys_items_or_the_city_plan(
    client: Client, cascade: Cascade
) -> None:
    login(client, cascade.a.reporter)
    assert client.get(f"/items/{cascade.a.item.pk}/").status_code == 200
    assert client.get(f"/items/{cascade.b.item.pk}/").status_code == 404
    assert client.get(f"/plans/{cascade.city_plan.code}/").status_code == 404


def test_the_api_lists_only_what_the_caller_may_read(client: Client, cascade: Cascade) -> None:
    login(client, cascade.b.office)
    codes = {p["code"] for p in client.get("/api/plans/").json()["items"]}
    assert codes == {cascade.b.plan.code}
    units = {u["name"] for u in client.get("/api/units").json()["items"]}
    assert units == {cascade.b.unit.name}
    assert client.get(f"/api/items/{cascade.a.item.pk}").status_code == 404
    response = client.patch(
        f"/api/items/{cascade.a.item.pk}", {"title": "乙县改甲县"}, content_type="application/json"
    )
    assert response.status_code == 404


def test_units_of_another_organisation_cannot_be_assigned(cascade: Cascade) -> None:
    with pytest.raises(ValidationError):
        make_item(cascade.a.plan, cascade.a.pillar, title="借用乙县的单位", lead_unit=cascade.b.unit)
    item = cascade.a.item
    with pytest.raises(ValidationError):
        changes.item_update(
            item_id=item.pk,
            expected_version=item.version,
            data={"cooperating_units": [cascade.b.unit]},
            allowed_fields={"cooperating_units"},
        )
    # The same name may exist in both counties: units are per organisation.
    assert UnitFactory(name=cascade.a.unit.name, organisation=cascade.b.org).pk != cascade.a.unit.pk


def test_an_item_aligns_only_to_a_plan_above_its_own(cascade: Cascade) -> None:
    assert cascade.a.pillar.aligned_to_id == cascade.city_pillar.pk
    assert list(cascade.city_pillar.aligned_items.order_by("pk")) == [cascade.a.pillar, cascade.b.pillar]
    item = cascade.a.item
    for target, why in ((cascade.b.pillar, "a sibling county"), (cascade.a.pillar, "its own plan")):
        with pytest.raises(ValidationError):
            (
                changes.item_update(
                    item_id=item.pk,
                    expected_version=item.version,
                    data={"aligned_to": target},
                    allowed_fields={"aligned_to"},
                ),
                why,
            )
    # Upwards is refused: the city cannot carry out a county's item (that would be a cycle).
    city_item = make_item(cascade.city_plan, cascade.city_pillar, title="市级任务")
    with pytest.raises(ValidationError):
        changes.item_update(
            item_id=city_item.pk,
            expected_version=city_item.version,
            data={"aligned_to": cascade.a.item},
            allowed_fields={"aligned_to"},
        )


def test_an_alignment_survives_a_move_and_renumbering(cascade: Cascade) -> None:
    second = make_item(cascade.a.plan, None, title="推进三城联创", kind=Item.Kind.PILLAR)
    changes.item_move(item=Item.objects.get(pk=cascade.a.pillar.pk), target=second, position="right")
    moved = Item.objects.get(pk=cascade.a.pillar.pk)
    assert moved.number == "二" and moved.aligned_to_id == cascade.city_pillar.pk


def test_a_user_holding_two_roles_switches_between_organisations(client: Client, cascade: Cascade) -> None:
    secretary = cascade.a.leader
    Membership.objects.create(user=secretary, organisation=cascade.city, role=Role.LEADER)
    login(client, secretary)
    assert client.get(f"/plans/{cascade.city_plan.code}/").status_code == 404
    page = client.get("/plans/").content.decode()
    assert 'data-testid="org-switch"' in page
    city_role = Membership.objects.get(user=secretary, organisation=cascade.city)
    assert client.post("/organisation/switch/", {"membership": city_role.pk}).status_code == 302
    assert client.get(f"/plans/{cascade.city_plan.code}/").status_code == 200
    # Another user's role cannot be taken: the same 404 as a missing one.
    other = Membership.objects.get(user=cascade.city_office)
    assert client.post("/organisation/switch/", {"membership": other.pk}).status_code == 404
    assert client.post("/organisation/switch/", {"membership": "999999"}).status_code == 404


def test_an_organisation_managed_from_above_is_changed_by_the_office_directly_above(
    client: Client, cascade: Cascade
) -> None:
    login(client, cascade.city_office)
    assert client.get(f"/items/{cascade.a.item.pk}/edit/").status_code == 404
    cascade.a.org.parent_manages = True
    cascade.a.org.save()
    assert client.get(f"/items/{cascade.a.item.pk}/edit/").status_code == 200
    assert client.get(f"/items/{cascade.b.item.pk}/edit/").status_code == 404  # B is not
    # Only the office directly above: not a reporter of the city, not the other county.
    login(client, cascade.b.office)
    assert client.get(f"/items/{cascade.a.item.pk}/edit/").status_code == 404
