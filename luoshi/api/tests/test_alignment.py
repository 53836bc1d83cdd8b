"""The API sets what an item carries out (``aligned_to_id``): an item of a plan of an organisation above
the item's own, else 400 with a message that says so."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from luoshi.api.services import api_token_create
from luoshi.plans.models import Item
from luoshi.testing import Cascade, make_cascade

pytestmark = pytest.mark.django_db


@pytest.fixture
def cascade() -> Cascade:
    return make_cascade()


def _auth(user: Any) -> str:
    return f"Bearer {api_token_create(user=user, name='tests')[1]}"


def _patch(client: Client, user: Any, item: Item, **data: Any) -> Any:
    version = Item.objects.get(pk=item.pk).version
    return client.patch(
        f"/api/items/{item.pk}",
        {**data, "version": version},
        content_type="application/json",
        HTTP_AUTHORIZATION=_auth(user),
    )


def test_the_county_office_aligns_its_item_to_a_city_item_and_clears_it(
    client: Client, cascade: Cascade
) -> None:
    response = _patch(client, cascade.a.office, cascade.a.item, aligned_to_id=cascade.city_pillar.pk)
    assert response.status_code == 200, response.json()
    assert response.json()["aligned_to_id"] == cascade.city_pillar.pk
    assert Item.objects.get(pk=cascade.a.item.pk).aligned_to_id == cascade.city_pillar.pk
    cleared = _patch(client, cascade.a.office, cascade.a.item, aligned_to_id=None)
    assert cleared.status_code == 200 and cleared.json()["aligned_to_id"] is None


@pytest.mark.parametrize("target", ["other_county", "own_plan", "missing"])
def test_an_item_that_is_not_of_an_organisation_above_is_refused(
    client: Client, cascade: Cascade, target: str
) -> None:
    pk = {"other_county": cascade.b.item.pk, "own_plan": cascade.a.pillar.pk, "missing": 999999}[target]
    before = Item.objects.get(pk=cascade.a.item.pk)
    response = _patch(client, cascade.a.office, cascade.a.item, aligned_to_id=pk)
    assert response.status_code == 400
    assert "aligned_to_id" in response.json()["detail"] and "上级" in response.json()["detail"]
    after = Item.objects.get(pk=cascade.a.item.pk)
    assert (after.aligned_to_id, after.version) == (before.aligned_to_id, before.version)


def test_a_new_item_can_carry_out_a_city_item(client: Client, cascade: Cascade) -> None:
    response = client.post(
        f"/api/plans/{cascade.b.plan.code}/items",
        {"title": "新承接事项", "parent_id": cascade.b.pillar.pk, "aligned_to_id": cascade.city_pillar.pk},
        content_type="application/json",
        HTTP_AUTHORIZATION=_auth(cascade.b.office),
    )
    assert response.status_code == 201, response.json()
    assert response.json()["aligned_to_id"] == cascade.city_pillar.pk


def test_a_reporter_may_not_change_the_alignment(client: Client, cascade: Cascade) -> None:
    response = _patch(client, cascade.a.reporter, cascade.a.item, aligned_to_id=cascade.city_pillar.pk)
    assert response.status_code == 403
    assert Item.objects.get(pk=cascade.a.item.pk).aligned_to_id is None
