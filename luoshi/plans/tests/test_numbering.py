"""Item numbers follow the plan's marker scheme per level and their place, on every add, move and delete;
a number the office typed is kept."""

from __future__ import annotations

import pytest

from luoshi.lib.numbering import cn_numeral, format_number, infer_scheme
from luoshi.plans.models import Item
from luoshi.status import changes
from luoshi.testing import World, make_item

pytestmark = pytest.mark.django_db


def numbers(parent: Item | None, world: World) -> list[tuple[str, str]]:
    if parent is None:
        rows = Item.objects.filter(plan=world.plan, depth=1)
    else:
        rows = Item.objects.filter(plan=world.plan, path__startswith=parent.path, depth=parent.depth + 1)
    return list(rows.order_by("path").values_list("number", "title"))


def test_chinese_numerals_and_styles() -> None:
    assert [cn_numeral(n) for n in (1, 10, 11, 20, 23, 100, 105)] == [
        "一",
        "十",
        "十一",
        "二十",
        "二十三",
        "一百",
        "一百零五",
    ]
    assert [format_number(s, 2) for s in ("cn", "paren_cn", "arabic", "paren_arabic", "circled")] == [
        "二",
        "（二）",
        "2.",
        "（2）",
        "②",
    ]
    assert infer_scheme({1: ["一", "二"], 2: ["1.", "2."]})[:3] == ["cn", "arabic", "arabic"]


def test_new_items_get_the_next_number_of_their_level(world: World) -> None:
    assert numbers(world.pillar, world) == [("（一）", "甲的事项"), ("（二）", "乙的事项")]
    make_item(world.plan, world.pillar, title="丙的事项")
    second = make_item(world.plan, None, title="做强两大产业", kind=Item.Kind.PILLAR)
    assert numbers(world.pillar, world)[-1] == ("（三）", "丙的事项")
    assert numbers(None, world) == [("一", "擦亮一张名片"), ("二", "做强两大产业")]
    sub = make_item(world.plan, Item.objects.get(pk=second.pk), title="能源")
    assert Item.objects.get(pk=sub.pk).number == "（一）"


def test_moving_up_renumbers_so_the_order_reads_right(world: World) -> None:
    changes.item_swap_with_sibling(item=Item.objects.get(pk=world.item_b.pk), direction="up")
    assert numbers(world.pillar, world) == [("（一）", "乙的事项"), ("（二）", "甲的事项")]


def test_delete_and_move_renumber_both_parents(world: World) -> None:
    c = make_item(world.plan, world.pillar, title="丙的事项")
    changes.item_delete(item=Item.objects.get(pk=world.item_a.pk))
    assert numbers(world.pillar, world) == [("（一）", "乙的事项"), ("（二）", "丙的事项")]
    other = make_item(world.plan, None, title="推进三城联创", kind=Item.Kind.PILLAR)
    changes.item_move(
        item=Item.objects.get(pk=world.item_b.pk), target=Item.objects.get(pk=other.pk), position="last-child"
    )
    assert numbers(world.pillar, world) == [("（一）", "丙的事项")]
    assert numbers(Item.objects.get(pk=other.pk), world) == [("（一）", "乙的事项")]
    assert Item.objects.get(pk=c.pk).number == "（一）"


def test_a_typed_number_is_kept_and_clearing_it_numbers_it_again(world: World) -> None:
    b = Item.objects.get(pk=world.item_b.pk)
    changes.item_update(
        item_id=b.pk, expected_version=b.version, data={"number": "（五）"}, allowed_fields={"number"}
    )
    make_item(world.plan, world.pillar, title="丙的事项")
    assert numbers(world.pillar, world) == [
        ("（一）", "甲的事项"),
        ("（五）", "乙的事项"),
        ("（三）", "丙的事项"),
    ]
    b = Item.objects.get(pk=b.pk)
    changes.item_update(
        item_id=b.pk, expected_version=b.version, data={"number": ""}, allowed_fields={"number"}
    )
    assert numbers(world.pillar, world)[1] == ("（二）", "乙的事项")


def test_a_loaded_plan_keeps_its_own_scheme(world: World) -> None:
    data = {
        "format": "luoshi-plan/1",
        "plan": {
            "code": "own-scheme",
            "name": "自有编号",
            "start_date": "2020-01-01",
            "end_date": "2020-12-31",
        },
        "items": [
            {
                "number": "1.",
                "title": "甲",
                "children": [{"number": "(1)", "title": "甲一"}, {"title": "甲二"}],
            },
            {"title": "乙"},
        ],
    }
    plan = changes.plan_load(data).plan
    rows = list(Item.objects.filter(plan=plan).order_by("path").values_list("number", "title"))
    assert rows == [("1.", "甲"), ("(1)", "甲一"), ("（2）", "甲二"), ("2.", "乙")]
