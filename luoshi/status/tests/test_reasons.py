"""A verdict is stored as a reason code with its parameters and read in the reader's language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from luoshi.accounts.tests.test_access import login
from luoshi.plans.models import Item
from luoshi.status.models import StatusRecord
from luoshi.testing import World

pytestmark = pytest.mark.django_db


def test_the_reason_is_stored_as_a_code_and_rendered_per_language(world: World) -> None:
    item = Item.objects.get(pk=world.item_a.pk)  # 40% on 2020-09-30 of a year-long item
    assert item.status_code == "schedule_red" and item.status_params["progress"] == 40
    with translation.override("en"):
        assert item.status_reason.startswith("Red: planned") and "actual 40%" in item.status_reason
    with translation.override("zh-hans"):
        assert "计划进度" in item.status_reason and "实际 40%" in item.status_reason
    with translation.override("zh-hant"):
        assert "計劃進度" in item.status_reason
    record = StatusRecord.objects.get(item=item, period=world.plan.current_period())
    with translation.override("en"):
        assert record.reason == item.status_reason


def test_the_english_item_page_shows_the_reason_in_english(client: Client, world: World) -> None:
    login(client, world.office)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("web:item_detail", kwargs={"item_id": world.item_a.pk})).content.decode()
    assert "Red: planned" in page and "计划进度" not in page
