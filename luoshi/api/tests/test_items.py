from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from luoshi.plans.models import Item
from luoshi.testing import World

pytestmark = pytest.mark.django_db


def test_every_staff_role_reads_the_plan_and_its_items(
    client: Client, world: World, tokens: dict[str, str]
) -> None:
    for auth in tokens.values():
        plans = client.get("/api/plans/", HTTP_AUTHORIZATION=auth).json()
        assert [p["code"] for p in plans["items"]] == [world.plan.code]
        items = client.get(f"/api/plans/{world.plan.code}/items", HTTP_AUTHORIZATION=auth).json()
        assert items["count"] == 3
        assert [i["title"] for i in items["items"]] == ["擦亮一张名片", "甲的事项", "乙的事项"]
        assert items["items"][1]["parent_id"] == world.pillar.pk
        assert items["items"][0]["parent_id"] is None


def test_items_are_paginated_and_filtered(client: Client, world: World, tokens: dict[str, str]) -> None:
    auth = tokens["leader"]
    url = f"/api/plans/{world.plan.code}/items"
    page = client.get(url, {"limit": 1, "offset": 1}, HTTP_AUTHORIZATION=auth).json()
    assert page["count"] == 3 and [i["title"] for i in page["items"]] == ["甲的事项"]
    by_unit = client.get(url, {"lead_unit_id": world.unit_b.pk}, HTTP_AUTHORIZATION=auth).json()
    assert [i["title"] for i in by_unit["items"]] == ["乙的事项"]
    assert client.get(url, {"depth": 1}, HTTP_AUTHORIZATION=auth).json()["count"] == 1
    assert client.get(url, {"q": "甲"}, HTTP_AUTHORIZATION=auth).json()["count"] == 1
    children = client.get(f"/api/items/{world.pillar.pk}/children", HTTP_AUTHORIZATION=auth).json()
    assert children["count"] == 2
    assert client.get(url, {"limit": 100000}, HTTP_AUTHORIZATION=auth).status_code == 422


def test_reporter_updates_own_units_item_with_its_version(
    client: Client, world: World, tokens: dict[str, str]
) -> None:
    auth = tokens["reporter_a"]
    got = client.get(f"/api/items/{world.item_a.pk}", HTTP_AUTHORIZATION=auth)
    etag = got["ETag"]
    response = client.patch(
        f"/api/items/{world.item_a.pk}",
        {"progress": 65},
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    assert response.json()["progress"] == 65 and response.json()["version"] == got.json()["version"] + 1
    assert response["ETag"] != etag


def test_a_stale_write_gets_409_and_nothing_is_lost(
    client: Client, world: World, tokens: dict[str, str]
) -> None:
    url = f"/api/items/{world.item_a.pk}"
    version = world.item_a.version
    first = client.patch(
        url,
        {"progress": 50, "version": version},
        content_type="application/json",
        HTTP_AUTHORIZATION=tokens["office"],
    )
    assert first.status_code == 200
    stale = client.patch(
        url,
        {"progress": 10, "version": version},
        content_type="application/json",
        HTTP_AUTHORIZATION=tokens["reporter_a"],
    )
    assert stale.status_code == 409
    assert stale.json()["current_version"] == version + 1
    assert Item.objects.get(pk=world.item_a.pk).progress == 50
    missing = client.patch(
        url, {"progress": 10}, content_type="application/json", HTTP_AUTHORIZATION=tokens["office"]
    )
    assert missing.status_code == 428


def test_it_rejects_other_units_item_with_the_same_404_as_a_missing_one(
    client: Client, world: World, tokens: dict[str, str]
) -> None:
    auth = tokens["reporter_a"]
    body = {"progress": 1, "version": world.item_b.version}
    other = client.patch(
        f"/api/items/{world.item_b.pk}", body, content_type="application/json", HTTP_AUTHORIZATION=auth
    )
    missing = client.patch(
        "/api/items/999999", body, content_type="application/json", HTTP_AUTHORIZATION=auth
    )
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()
    assert Item.objects.get(pk=world.item_b.pk).progress == world.item_b.progress


def test_reporter_cannot_change_responsibility_fields(
    client: Client, world: World, tokens: dict[str, str]
) -> None:
    body = {"title": "篡改", "lead_unit_id": world.unit_b.pk, "version": world.item_a.version}
    response = client.patch(
        f"/api/items/{world.item_a.pk}",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=tokens["reporter_a"],
    )
    assert response.status_code == 403
    assert Item.objects.get(pk=world.item_a.pk).title == "甲的事项"


def test_office_creates_and_deletes_items_and_others_cannot(
    client: Client, world: World, tokens: dict[str, str]
) -> None:
    url = f"/api/plans/{world.plan.code}/items"
    body = {
        "title": "新事项",
        "parent_id": world.pillar.pk,
        "lead_unit_id": world.unit_a.pk,
        "cooperating_unit_ids": [world.unit_b.pk],
    }
    for name in ("leader", "reporter_a"):
        assert (
            client.post(
                url, body, content_type="application/json", HTTP_AUTHORIZATION=tokens[name]
            ).status_code
            == 403
        )
    created = client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=tokens["office"])
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["parent_id"] == world.pillar.pk and data["cooperating_unit_ids"] == [world.unit_b.pk]
    bad = client.post(
        url,
        {**body, "lead_unit_id": 999999},
        content_type="application/json",
        HTTP_AUTHORIZATION=tokens["office"],
    )
    assert bad.status_code == 400
    assert (
        client.delete(f"/api/items/{data['id']}", HTTP_AUTHORIZATION=tokens["reporter_a"]).status_code == 403
    )
    assert client.delete(f"/api/items/{data['id']}", HTTP_AUTHORIZATION=tokens["office"]).status_code == 204
    assert not Item.objects.filter(pk=data["id"]).exists()


def test_units_leaders_milestones_and_indicators(
    client: Client, world: World, tokens: dict[str, str]
) -> None:
    auth = tokens["leader"]
    units = client.get("/api/units", {"q": "单位"}, HTTP_AUTHORIZATION=auth).json()
    assert {u["name"] for u in units["items"]} >= {"单位甲", "单位乙"}
    assert client.get(f"/api/units/{world.unit_a.pk}", HTTP_AUTHORIZATION=auth).json()["short_name"] == "甲"
    assert client.get("/api/leaders", HTTP_AUTHORIZATION=auth).status_code == 200
    assert client.get(f"/api/items/{world.item_a.pk}/milestones", HTTP_AUTHORIZATION=auth).json() == []
    assert client.get(f"/api/items/{world.item_a.pk}/indicators", HTTP_AUTHORIZATION=auth).json() == []


@pytest.mark.django_db
def test_setting_a_parents_progress_is_refused_not_dropped(world: World) -> None:
    from luoshi.status import changes

    pillar = Item.objects.get(pk=world.pillar.pk)
    with pytest.raises(ValidationError):
        changes.item_update(
            item_id=pillar.pk,
            expected_version=pillar.version,
            data={"progress": 99},
            allowed_fields={"progress"},
        )
    assert Item.objects.get(pk=pillar.pk).progress == 60


def test_the_api_says_a_parents_progress_is_rolled_up(
    client: Client, world: World, tokens: dict[str, str]
) -> None:
    pillar = Item.objects.get(pk=world.pillar.pk)
    response = client.patch(
        f"/api/items/{pillar.pk}",
        {"progress": 99, "version": pillar.version},
        content_type="application/json",
        HTTP_AUTHORIZATION=tokens["office"],
    )
    assert (
        response.status_code == 400
        and "roll-up" in response.json()["detail"]
        or "汇总" in response.json()["detail"]
    )
    assert Item.objects.get(pk=pillar.pk).progress == 60
