from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from luoshi.accounts.tests.test_access import login
from luoshi.ingest.app.models import Source
from luoshi.ingest.app.services import draft_to_items
from luoshi.plans.models import Item
from luoshi.testing import World

DRAFT: list[dict[str, Any]] = [
    {
        "kind": "pillar",
        "title": "擦亮一张名片",
        "children": [
            {"kind": "task", "title": "深化景区改革", "children": []},
            {"kind": "task", "title": "建设一中心三片区", "children": [], "projects": [{"name": "花海索道"}]},
        ],
    },
    {
        "kind": "pillar",
        "title": "做强两大产业",
        "children": [
            {"kind": "task", "title": "做强能源产业", "children": []},
            {
                "kind": "task",
                "title": "做强特色农业",
                "children": [],
                "targets": [{"text": "55项重点项目", "value": 55, "unit": "项"}],
            },
        ],
    },
]


def shape(items: list[dict[str, Any]]) -> list[Any]:
    return [(i["title"], shape(i.get("children", []))) if i.get("children") else i["title"] for i in items]


def test_without_edits_the_draft_keeps_its_shape_and_projects_become_children() -> None:
    assert shape(draft_to_items(DRAFT, {}, 2020)) == [
        ("擦亮一张名片", ["深化景区改革", ("建设一中心三片区", ["花海索道"])]),
        ("做强两大产业", ["做强能源产业", "做强特色农业"]),
    ]
    indicator = draft_to_items(DRAFT, {}, 2020)[1]["children"][1]["indicators"][0]
    assert (indicator["target"], indicator["unit"]) == (55, "项")


def test_the_reviewer_reparents_merges_splits_and_drops() -> None:
    edits = {
        "0.0": {"drop": True},  # left out
        "0.1": {"title": "游客中心||三片区"},  # split in two; the project stays with the last part
        "1": {"depth": 1},  # the second pillar moves under the first, its tasks come along
        "1.1": {"merge": True},  # joins the task above it
    }
    items = draft_to_items(DRAFT, edits, 2020)
    assert shape(items) == [
        (
            "擦亮一张名片",
            ["游客中心", ("三片区", ["花海索道"]), ("做强两大产业", ["做强能源产业；做强特色农业"])],
        )
    ]
    merged = items[0]["children"][2]["children"][0]
    assert merged["indicators"][0]["target"] == 55


def test_a_dropped_item_takes_its_sub_items_along() -> None:
    assert shape(draft_to_items(DRAFT, {"1": {"drop": True}}, 2020)) == [
        ("擦亮一张名片", ["深化景区改革", ("建设一中心三片区", ["花海索道"])])
    ]


@pytest.mark.django_db
def test_a_reviewed_draft_can_be_added_to_an_existing_plan(client: Client, world: World) -> None:
    source = Source.objects.create(
        title="测试", original="x", text="x", draft={"items": DRAFT}, organisation=world.office.organisation
    )
    login(client, world.office)
    before = Item.objects.filter(plan=world.plan).count()
    form = {"into": world.plan.pk, "keep-0": "on", "keep-0.0": "on", "keep-0.1": "on", "depth-0.1": "0"}
    response = client.post(f"/ingest/{source.pk}/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    pillars = list(
        Item.objects.filter(plan=world.plan, depth=1).order_by("path").values_list("title", flat=True)
    )
    assert pillars == ["擦亮一张名片", "擦亮一张名片", "建设一中心三片区"]
    assert Item.objects.filter(plan=world.plan).count() == before + 4  # two pillars, a task, a project
    source.refresh_from_db()
    assert source.plan == world.plan
