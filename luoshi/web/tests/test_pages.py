from __future__ import annotations

import random

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.accounts.tests.test_access import _edit_payload, login
from luoshi.plans.generate import generate_plan_data
from luoshi.plans.models import Item
from luoshi.status.changes import plan_load
from luoshi.testing import World

pytestmark = pytest.mark.django_db


def test_office_adds_edits_and_deletes_with_confirmation(client: Client, world: World) -> None:
    login(client, world.office)
    response = client.post(
        f"/plans/{world.plan.code}/items/new/?parent={world.pillar.pk}",
        {
            "parent": world.pillar.pk,
            "kind": "project",
            "title": "国道341线改建工程",
            "weight": "1",
            "progress": "0",
            "lead_unit": world.unit_b.pk,
            "cooperating_units": [world.unit_a.pk],
        },
    )
    assert response.status_code == 302
    item = Item.objects.get(title="国道341线改建工程")
    assert item.get_depth() == 2 and item.lead_unit == world.unit_b
    assert list(item.cooperating_units.all()) == [world.unit_a]
    confirm = client.get(f"/items/{item.pk}/delete/")
    assert confirm.status_code == 200 and "确认删除" in confirm.content.decode()
    assert Item.objects.filter(pk=item.pk).exists()  # a GET never deletes
    assert client.post(f"/items/{item.pk}/delete/").status_code == 302
    assert not Item.objects.filter(pk=item.pk).exists()


def test_two_people_saving_the_same_item_the_second_gets_a_conflict_and_keeps_their_input(
    client: Client, world: World
) -> None:
    other = Client()
    login(client, world.office)
    login(other, world.reporter_a)
    stale = _edit_payload(world.item_a, progress=50)
    assert (
        other.post(f"/items/{world.item_a.pk}/edit/", _edit_payload(world.item_a, progress=90)).status_code
        == 302
    )
    response = client.post(f"/items/{world.item_a.pk}/edit/", {**stale, "title": "督查室改的标题"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "已被他人" in body and "督查室改的标题" in body
    item = Item.objects.get(pk=world.item_a.pk)
    assert (item.progress, item.title) == (90, "甲的事项")


def test_item_page_shows_change_history_with_author(client: Client, world: World) -> None:
    login(client, world.reporter_a)
    client.post(f"/items/{world.item_a.pk}/edit/", _edit_payload(world.item_a, progress=66))
    page = client.get(f"/items/{world.item_a.pk}/").content.decode()
    assert "变更记录" in page and "reporter_a" in page and "40 → 66" in page


def test_large_plans_load_deeper_levels_on_demand(client: Client, world: World) -> None:
    plan = plan_load(generate_plan_data(items=3000, code="big", rng=random.Random(2))).plan
    login(client, world.leader)
    page = client.get(f"/plans/{plan.code}/").content.decode()
    task = Item.objects.filter(plan=plan, depth=2, numchild__gt=0).order_by("path").first()
    assert task is not None
    assert f"/items/{task.pk}/children/" in page
    deeper = Item.objects.filter(plan=plan, depth=3, path__startswith=task.path).order_by("path").first()
    assert deeper is not None and f'id="item-{deeper.pk}"' not in page
    fragment = client.get(f"/items/{task.pk}/children/").content.decode()
    assert f'id="item-{deeper.pk}"' in fragment


def test_pages_speak_the_chosen_language(client: Client, world: World) -> None:
    login(client, world.office)
    assert "牵头单位" in client.get(f"/plans/{world.plan.code}/").content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hant", "next": "/"})
    assert "牽頭單位" in client.get(f"/plans/{world.plan.code}/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Lead unit" in client.get(f"/plans/{world.plan.code}/").content.decode()


def test_pages_reference_only_local_assets(client: Client, world: World) -> None:
    login(client, world.office)
    for url in (f"/plans/{world.plan.code}/", f"/items/{world.item_a.pk}/", "/accounts/login/"):
        body = client.get(url).content.decode()
        assert "//cdn" not in body and 'src="http' not in body and 'href="http' not in body


def test_a_huge_upload_is_refused_before_it_is_read(client: Client, world: World) -> None:
    login(client, world.office)
    before = Item.objects.get(pk=world.item_a.pk)
    response = client.post(
        f"/items/{world.item_a.pk}/edit/",
        data=b"x" * 10,
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(2 * 1024**3),
    )
    assert response.status_code == 413
    assert "上限" in response.content.decode()
    assert Item.objects.get(pk=world.item_a.pk).version == before.version


def test_office_manages_units_and_users_in_its_own_pages_not_the_admin(client: Client, world: World) -> None:
    login(client, world.office)
    assert reverse("accounts:unit_list") in client.get(reverse("web:plan_list")).content.decode()
    response = client.post(
        reverse("accounts:unit_new"), {"name": "古县审计局", "short_name": "审计局", "kind": "department"}
    )
    assert response.status_code == 302
    assert "古县审计局" in client.get(reverse("accounts:unit_list")).content.decode()
    assert client.get(reverse("accounts:user_list")).status_code == 200
    assert client.get("/admin/plans/unit/").status_code == 302  # to the admin's sign-in: for superusers
    login(client, world.reporter_a)
    assert client.get(reverse("accounts:unit_list")).status_code == 404
    assert client.get("/admin/plans/unit/").status_code == 302
