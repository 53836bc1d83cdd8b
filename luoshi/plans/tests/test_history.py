"""The item's change history reads as words: labels and names, no counters, no phantom changes."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from luoshi.commands.management.commands.demo import DEMO_FILE
from luoshi.plans.loader import plan_load, read_plan_file
from luoshi.plans.models import Item, Unit
from luoshi.plans.services import item_update
from luoshi.testing import UserFactory

pytestmark = pytest.mark.django_db


def _history_text(item: Item) -> str:
    client = Client()
    client.force_login(UserFactory(role="office"))
    html = client.get(f"/items/{item.pk}/").content.decode()
    table = re.search(r'data-testid="history">(.*?)</table>', html, re.S)
    assert table is not None
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table.group(1)))


def test_an_edit_shows_only_what_changed_in_words() -> None:
    plan = plan_load(read_plan_file(DEMO_FILE)).plan
    item = Item.objects.filter(plan=plan, cooperating_units__isnull=False, numchild=0).first()
    assert item is not None
    before = item.progress
    item_update(
        item_id=item.pk, expected_version=item.version, data={"progress": 55}, allowed_fields=["progress"]
    )
    text = _history_text(item)
    assert f"完成进度（%） : {before} → 55" in text
    assert "version" not in text and "配合单位" not in text  # the links did not change


def test_a_change_of_cooperating_units_names_them() -> None:
    plan = plan_load(read_plan_file(DEMO_FILE)).plan
    item = Item.objects.filter(plan=plan, cooperating_units__isnull=False, numchild=0).first()
    assert item is not None
    old = "、".join(sorted(str(u) for u in item.cooperating_units.all()))
    extra = Unit.objects.exclude(pk__in=item.cooperating_units.all()).exclude(pk=item.lead_unit_id).first()
    assert extra is not None
    units = [*item.cooperating_units.all(), extra]
    item_update(
        item_id=item.pk,
        expected_version=item.version,
        data={"cooperating_units": units},
        allowed_fields=["cooperating_units"],
    )
    text = _history_text(item)
    new = "、".join(sorted(str(u) for u in units))
    assert f"配合单位 : {old} → {new}" in text
    assert "{'" not in text and "unit" not in text
