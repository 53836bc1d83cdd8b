"""The move page offers a bounded list (ancestors, nearest siblings, the top level) and a search that
reaches any item; whatever is posted is checked against the plan and the item's own subtree."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.plans.models import Item
from luoshi.testing import World, login, make_item, make_organisation, make_world

pytestmark = pytest.mark.django_db


def _options(html: str) -> list[str]:
    select = re.search(r'<select name="target".*?</select>', html, re.S)
    assert select is not None
    return [value for value in re.findall(r'<option value="(\d*)"', select[0]) if value]


@pytest.fixture
def crowded(world: World) -> tuple[World, list[Item]]:
    """Sixty tasks under the pillar, the thirtieth with a child of its own."""
    tasks = [make_item(world.plan, world.pillar, title=f"并列任务{n:02d}") for n in range(60)]
    make_item(world.plan, tasks[30], title="第三十个的子项")
    return world, [Item.objects.get(pk=t.pk) for t in tasks]


def test_the_list_holds_the_neighbourhood_not_the_whole_plan(
    client: Client, crowded: tuple[World, list[Item]]
) -> None:
    world, tasks = crowded
    login(client, world.office)
    moving = tasks[30]
    html = client.get(reverse("web:item_move", args=[moving.pk])).content.decode()
    offered = {int(pk) for pk in _options(html)}
    all_siblings = list(
        Item.objects.filter(plan=world.plan, depth=moving.depth).exclude(pk=moving.pk).order_by("path")
    )
    before = [s for s in all_siblings if s.path < moving.path][-20:]
    after = [s for s in all_siblings if s.path > moving.path][:20]
    expected = {world.pillar.pk} | {s.pk for s in before + after}
    assert offered == expected
    child = Item.objects.get(title="第三十个的子项")
    assert child.pk not in offered and moving.pk not in offered
    assert 'data-testid="move-search"' in html


def test_a_search_reaches_any_item_and_the_move_is_made(
    client: Client, crowded: tuple[World, list[Item]]
) -> None:
    world, tasks = crowded
    login(client, world.office)
    moving, far = tasks[59], tasks[2]
    url = reverse("web:item_move", args=[moving.pk])
    html = client.get(url + "?q=并列任务02").content.decode()
    assert _options(html) == [str(far.pk)]
    assert "1 项符合" in html
    response = client.post(url + "?q=并列任务02", {"target": far.pk, "position": "last-child"})
    assert response.status_code == 302
    moved = Item.objects.get(pk=moving.pk)
    assert Item.objects.get_parent(moved).pk == far.pk


def test_a_broad_search_says_it_shows_only_the_first(
    client: Client, crowded: tuple[World, list[Item]]
) -> None:
    world, tasks = crowded
    login(client, world.office)
    html = client.get(reverse("web:item_move", args=[tasks[0].pk]) + "?q=并列任务").content.decode()
    assert len(_options(html)) == 50
    assert "超过 50 项" in html
    none = client.get(reverse("web:item_move", args=[tasks[0].pk]) + "?q=没有这样的事项").content.decode()
    assert _options(none) == [] and "没有找到" in none


def test_a_posted_target_outside_the_list_is_accepted_but_never_its_own_subtree_or_another_plan(
    client: Client, crowded: tuple[World, list[Item]]
) -> None:
    world, tasks = crowded
    login(client, world.office)
    moving = tasks[30]
    url = reverse("web:item_move", args=[moving.pk])
    child = Item.objects.get(title="第三十个的子项")
    other = make_world(make_organisation("浮山县"), key="fu", marker="浮山")
    paths = dict(Item.objects.filter(plan=world.plan).values_list("pk", "path"))
    for target in (child.pk, moving.pk, other.item_a.pk, 999999):
        response = client.post(url, {"target": target, "position": "last-child"})
        assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert dict(Item.objects.filter(plan=world.plan).values_list("pk", "path")) == paths
    # A sibling far from it, not in the list as offered: accepted.
    far = tasks[0]
    assert str(far.pk) not in _options(client.get(url).content.decode())
    assert client.post(url, {"target": far.pk, "position": "left"}).status_code == 302
    assert Item.objects.get(pk=moving.pk).path < Item.objects.get(pk=far.pk).path
