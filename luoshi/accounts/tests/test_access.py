from __future__ import annotations

import pytest
from django.test import Client

from luoshi.plans.models import Item
from luoshi.testing import PASSWORD, World

pytestmark = pytest.mark.django_db


def login(client: Client, user: object) -> Client:
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def test_every_staff_role_reads_the_whole_plan(client: Client, world: World) -> None:
    for user in (world.office, world.leader, world.reporter_a, world.reporter_b):
        login(client, user)
        page = client.get(f"/plans/{world.plan.code}/")
        assert page.status_code == 200
        body = page.content.decode()
        assert "甲的事项" in body and "乙的事项" in body
        assert client.get(f"/items/{world.item_b.pk}/").status_code == 200


def test_anonymous_visitor_is_sent_to_sign_in(client: Client, world: World) -> None:
    response = client.get(f"/plans/{world.plan.code}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_reporter_edits_own_units_item(client: Client, world: World) -> None:
    login(client, world.reporter_a)
    form = client.get(f"/items/{world.item_a.pk}/edit/")
    assert form.status_code == 200
    response = client.post(
        f"/items/{world.item_a.pk}/edit/",
        _edit_payload(world.item_a, progress=65),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Item.objects.get(pk=world.item_a.pk).progress == 65


def test_it_rejects_other_units_item_with_404_and_changes_nothing(client: Client, world: World) -> None:
    login(client, world.reporter_a)
    before = Item.objects.get(pk=world.item_b.pk)
    assert client.get(f"/items/{world.item_b.pk}/edit/").status_code == 404
    response = client.post(f"/items/{world.item_b.pk}/edit/", _edit_payload(world.item_b, progress=1))
    assert response.status_code == 404
    # Same answer as for an item that does not exist.
    assert client.post("/items/999999/edit/", _edit_payload(world.item_b, progress=1)).status_code == 404
    after = Item.objects.get(pk=world.item_b.pk)
    assert (after.progress, after.version) == (before.progress, before.version)


def test_reporter_cannot_change_responsibility_fields(client: Client, world: World) -> None:
    login(client, world.reporter_a)
    payload = _edit_payload(world.item_a, progress=50)
    payload["title"] = "篡改的标题"
    payload["lead_unit"] = str(world.unit_b.pk)
    client.post(f"/items/{world.item_a.pk}/edit/", payload)
    item = Item.objects.get(pk=world.item_a.pk)
    assert item.title == "甲的事项"
    assert item.lead_unit_id == world.unit_a.pk
    assert item.progress == 50


def test_reporter_and_leader_cannot_use_office_actions(client: Client, world: World) -> None:
    for user in (world.reporter_a, world.leader):
        login(client, user)
        assert client.post(f"/items/{world.item_a.pk}/delete/").status_code == 403
        assert client.post(f"/items/{world.item_a.pk}/reorder/", {"direction": "up"}).status_code == 403
        assert client.get(f"/plans/{world.plan.code}/items/new/").status_code == 403
    assert Item.objects.filter(pk=world.item_a.pk).exists()


def _edit_payload(item: Item, **changes: object) -> dict[str, str]:
    data: dict[str, str] = {
        "version": str(item.version),
        "kind": item.kind,
        "number": item.number,
        "title": item.title,
        "description": item.description,
        "lead_unit": str(item.lead_unit_id or ""),
        "leader": str(item.leader_id or ""),
        "start_date": item.start_date.isoformat() if item.start_date else "",
        "due_date": item.due_date.isoformat() if item.due_date else "",
        "weight": str(item.weight),
        "progress": str(item.progress),
        "planned_investment": "",
        "completed_investment": "",
        "location": item.location,
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "indicators-TOTAL_FORMS": "0",
        "indicators-INITIAL_FORMS": "0",
    }
    for key, value in changes.items():
        data[key] = str(value)
    return data
