"""The tree and the item page show long lists of siblings a page at a time."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest
from django.test import Client

from luoshi.accounts.tests.test_access import login
from luoshi.plans import selectors
from luoshi.plans.generate import generate_plan_data
from luoshi.plans.models import Item, Plan
from luoshi.status.changes import plan_load
from luoshi.testing import World

pytestmark = pytest.mark.django_db


def wide_plan(*, pillars: int, children: int, code: str = "wide") -> Plan:
    data: dict[str, Any] = generate_plan_data(items=1, code=code, rng=random.Random(1))
    leaf = {"kind": "task", "title": "任务", "progress": 10}
    data["items"] = [
        {
            "kind": "pillar",
            "title": f"支柱{p}",
            "children": [{**leaf, "title": f"任务{p}-{c}"} for c in range(children)],
        }
        for p in range(pillars)
    ]
    return plan_load(data).plan


def row_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="node[^"]*" id="item-(\d+)"', html)]


def more_link(html: str) -> str:
    found = re.findall(r'data-more="([^"]+)"', html)
    return found[0].replace("&amp;", "&") if found else ""


def test_a_long_list_of_children_comes_a_page_at_a_time(client: Client, world: World) -> None:
    plan = wide_plan(pillars=2, children=250)
    login(client, world.office)
    page = client.get(f"/plans/{plan.code}/").content.decode()
    first = Item.objects.filter(plan=plan, depth=1).order_by("path").first()
    assert first is not None
    kids = list(Item.objects.filter(plan=plan, path__startswith=first.path, depth=2).order_by("path"))
    shown = [i for i in row_ids(page) if i in {k.pk for k in kids}]
    assert shown == [k.pk for k in kids[: selectors.CHILDREN_PAGE]]
    seen, url = list(shown), more_link(page.split(f'id="item-{first.pk}"')[1])
    while url:
        fragment = client.get(url)
        assert fragment.status_code == 200
        html = fragment.content.decode()
        seen += row_ids(html)
        url = more_link(html)
    assert seen == [k.pk for k in kids]


def test_the_tree_page_renders_a_bounded_number_of_rows(client: Client, world: World) -> None:
    plan = wide_plan(pillars=12, children=150)
    login(client, world.office)
    page = client.get(f"/plans/{plan.code}/").content.decode()
    assert len(row_ids(page)) <= 12 + selectors.TREE_ROWS
    # A pillar whose children did not fit loads them when opened.
    last = Item.objects.filter(plan=plan, depth=1).order_by("path").last()
    assert last is not None and f'data-load="/items/{last.pk}/children/"' in page
    assert len(row_ids(client.get(f"/items/{last.pk}/children/").content.decode())) == selectors.CHILDREN_PAGE


def test_many_pillars_come_a_page_at_a_time(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "FULL_TREE_LIMIT", 50)  # the large-plan path, on a small plan
    plan = wide_plan(pillars=230, children=0)
    login(client, world.leader)
    page = client.get(f"/plans/{plan.code}/").content.decode()
    pillars = list(Item.objects.filter(plan=plan, depth=1).order_by("path").values_list("pk", flat=True))
    seen, url = row_ids(page), more_link(page)
    assert seen == pillars[: selectors.CHILDREN_PAGE]
    # Without scripts the link opens the tree page from there on.
    no_js = re.findall(r'<li class="more"><a href="([^"]+)"', page)[-1].replace("&amp;", "&")
    assert row_ids(client.get(f"/plans/{plan.code}/{no_js}").content.decode())[0] == pillars[100]
    while url:
        html = client.get(url).content.decode()
        seen += row_ids(html)
        url = more_link(html)
    assert seen == pillars


def test_the_item_page_lists_children_a_page_at_a_time(client: Client, world: World) -> None:
    plan = wide_plan(pillars=1, children=130)
    pillar = Item.objects.get(plan=plan, depth=1)
    kids = list(Item.objects.filter(plan=plan, depth=2).order_by("path"))
    login(client, world.leader)
    page = client.get(f"/items/{pillar.pk}/").content.decode()
    assert f'href="/items/{kids[99].pk}/"' in page and f'href="/items/{kids[100].pk}/"' not in page
    after = re.search(r'href="\?after=([0-9A-Z]+)#sub-items"', page)
    assert after is not None
    rest = client.get(f"/items/{pillar.pk}/?after={after.group(1)}").content.decode()
    assert f'href="/items/{kids[100].pk}/"' in rest and f'href="/items/{kids[129].pk}/"' in rest
    assert "?after=" not in rest.split('id="sub-items"')[1].split("</section>")[0]


def test_a_bad_cursor_is_ignored(client: Client, world: World) -> None:
    plan = wide_plan(pillars=1, children=3)
    pillar = Item.objects.get(plan=plan, depth=1)
    login(client, world.leader)
    for after in ("'; drop", "00", "zz zz"):
        assert client.get(f"/items/{pillar.pk}/children/", {"after": after}).status_code == 200
        assert client.get(f"/plans/{plan.code}/", {"after": after}).status_code == 200


def test_tree_pages_run_a_fixed_number_of_queries(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    plan = wide_plan(pillars=5, children=120)
    pillar = Item.objects.filter(plan=plan, depth=1).order_by("path").first()
    assert pillar is not None
    login(client, world.office)
    client.get(f"/plans/{plan.code}/")  # the session and the like, once
    with django_assert_max_num_queries(14):
        client.get(f"/plans/{plan.code}/")
    with django_assert_max_num_queries(10):
        client.get(f"/items/{pillar.pk}/children/")
    with django_assert_max_num_queries(25):
        client.get(f"/items/{pillar.pk}/")


def test_an_item_pages_queries_do_not_grow_with_its_history(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    from luoshi.status import changes

    login(client, world.office)
    item_id = world.item_a.pk

    def edit(times: int) -> None:
        for n in range(times):
            item = Item.objects.get(pk=item_id)
            units = [world.unit_b] if n == 1 else []
            changes.item_update(
                item_id=item_id,
                expected_version=item.version,
                data={"progress": (item.progress + 3) % 100, "cooperating_units": units},
                allowed_fields={"progress", "cooperating_units"},
            )

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/items/{item_id}/").status_code == 200
        return len(ctx.captured_queries)

    edit(4)
    few = queries()
    edit(20)
    assert queries() <= few + 2
    page = client.get(f"/items/{item_id}/").content.decode()
    assert "单位乙" in page  # a change of cooperating units is still shown
