from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from luoshi.plans.models import Item, Status
from luoshi.status import changes as services
from luoshi.testing import PlanFactory, World, make_item

pytestmark = pytest.mark.django_db


def titles(parent: Item) -> list[str]:
    return list(
        Item.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("path")
        .values_list("title", flat=True)
    )


def test_parent_progress_is_the_weighted_mean_of_its_children(world: World) -> None:
    pillar = Item.objects.get(pk=world.pillar.pk)
    assert pillar.progress == 60  # (40 + 80) / 2
    services.item_update(
        item_id=world.item_b.pk,
        expected_version=world.item_b.version,
        data={"weight": Decimal(3)},
        allowed_fields={"weight"},
    )
    assert Item.objects.get(pk=world.pillar.pk).progress == 70  # (40*1 + 80*3) / 4


def test_a_stale_write_is_refused_and_the_first_write_kept(world: World) -> None:
    first = services.item_update(
        item_id=world.item_a.pk,
        expected_version=world.item_a.version,
        data={"progress": 55},
        allowed_fields={"progress"},
    )
    assert first.version == world.item_a.version + 1
    with pytest.raises(services.ConflictError):
        services.item_update(
            item_id=world.item_a.pk,
            expected_version=world.item_a.version,
            data={"progress": 10},
            allowed_fields={"progress"},
        )
    assert Item.objects.get(pk=world.item_a.pk).progress == 55


def test_status_has_a_reason_a_person_can_read(world: World) -> None:
    item = Item.objects.get(pk=world.item_a.pk)  # 40% on 2020-09-30 of a year-long item: ~75% planned
    assert item.status == Status.RED
    assert "计划进度" in item.status_reason and "实际 40%" in item.status_reason


def test_reorder_moves_an_item_among_its_siblings(world: World) -> None:
    c = make_item(world.plan, world.pillar, title="丙的事项")
    assert titles(world.pillar) == ["甲的事项", "乙的事项", "丙的事项"]
    services.item_swap_with_sibling(item=Item.objects.get(pk=c.pk), direction="up")
    assert titles(world.pillar) == ["甲的事项", "丙的事项", "乙的事项"]
    services.item_swap_with_sibling(item=Item.objects.get(pk=world.item_a.pk), direction="up")
    assert titles(world.pillar) == ["甲的事项", "丙的事项", "乙的事项"]


def test_move_takes_the_subtree_along_and_refuses_cycles(world: World) -> None:
    child = make_item(world.plan, world.item_a, title="甲的下级")
    other = make_item(world.plan, None, title="办好四件大事", kind=Item.Kind.PILLAR)
    with pytest.raises(ValidationError):
        services.item_move(
            item=Item.objects.get(pk=world.item_a.pk),
            target=Item.objects.get(pk=child.pk),
            position="last-child",
        )
    services.item_move(
        item=Item.objects.get(pk=world.item_a.pk), target=Item.objects.get(pk=other.pk), position="last-child"
    )
    moved_child = Item.objects.get(pk=child.pk)
    assert moved_child.path.startswith(Item.objects.get(pk=other.pk).path)
    assert titles(Item.objects.get(pk=other.pk)) == ["甲的事项"]
    assert titles(Item.objects.get(pk=world.pillar.pk)) == ["乙的事项"]
    assert Item.objects.get(pk=world.pillar.pk).progress == 80


def test_items_cannot_move_to_another_plan(world: World) -> None:
    elsewhere = make_item(PlanFactory(), None, title="别的方案")
    with pytest.raises(ValidationError):
        services.item_move(item=world.item_a, target=elsewhere, position="last-child")


def test_delete_removes_the_subtree_and_history_remembers(world: World) -> None:
    make_item(world.plan, world.item_a, title="甲的下级")
    count = services.item_delete(item=Item.objects.get(pk=world.item_a.pk))
    assert count == 2
    assert titles(Item.objects.get(pk=world.pillar.pk)) == ["乙的事项"]
    assert Item.history.filter(title="甲的事项", history_type="-").exists()


def test_every_change_is_in_the_history_with_its_author(world: World) -> None:
    services.item_update(
        item_id=world.item_a.pk,
        expected_version=world.item_a.version,
        data={"progress": 70, "due_date": dt.date(2020, 11, 30)},
        allowed_fields={"progress", "due_date"},
    )
    records = list(Item.objects.get(pk=world.item_a.pk).history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~"]
    changed = {c.field for c in records[1].diff_against(records[0]).changes}
    assert {"progress", "due_date"} <= changed
