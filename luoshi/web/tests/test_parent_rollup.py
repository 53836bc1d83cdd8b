"""An item with its own reported progress that gets a sub-item: the office is told before, the item's
progress becomes the roll-up, and the reported value stays in its history."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.accounts.tests.test_access import login
from luoshi.plans.models import Item
from luoshi.testing import World

pytestmark = pytest.mark.django_db


def test_adding_a_first_sub_item_warns_then_rolls_up_and_keeps_the_reported_value(
    client: Client, world: World
) -> None:
    login(client, world.office)
    url = reverse("web:item_new", kwargs={"code": world.plan.code}) + f"?parent={world.item_a.pk}"
    page = client.get(url).content.decode()
    assert 'data-testid="rollup-warning"' in page and "40%" in page
    response = client.post(
        url,
        {"parent": world.item_a.pk, "title": "甲的子事项", "kind": "measure", "weight": "1", "progress": "0"},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert response.status_code == 302
    parent = Item.objects.get(pk=world.item_a.pk)
    assert parent.numchild == 1 and parent.progress == 0
    reported = parent.history.filter(progress=40).order_by("-history_date").first()
    assert reported is not None
    assert "40%" in (parent.history.order_by("-history_date").first().history_change_reason or "")
    pillar = Item.objects.get(pk=world.pillar.pk)
    assert pillar.progress == 40  # (0 + 80) / 2: the pillar's figure moved, as the warning said


def test_no_warning_for_an_item_that_already_rolls_up(client: Client, world: World) -> None:
    login(client, world.office)
    url = reverse("web:item_new", kwargs={"code": world.plan.code}) + f"?parent={world.pillar.pk}"
    assert 'data-testid="rollup-warning"' not in client.get(url).content.decode()
