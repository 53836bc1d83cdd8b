"""Search across items, reports, notices and units: Chinese substrings of two and of three or more
characters, scoped as each object's own page is, and odd input that never breaks the page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client

from luoshi.notices import services as notices
from luoshi.plans.models import Item
from luoshi.reports import services as reports
from luoshi.reports.services import ReportData
from luoshi.search.selectors import query_terms, search
from luoshi.status import changes
from luoshi.testing import World, login, make_organisation, make_world

pytestmark = pytest.mark.django_db


@dataclass
class Scene:
    w: World
    other: World


def edit(item: Item, **data: object) -> Item:
    return changes.item_update(
        item_id=item.pk, expected_version=item.version, data=data, allowed_fields=set(data)
    )


@pytest.fixture
def scene(world: World) -> Scene:
    w = world
    edit(w.item_a, title="国道341线道路改建工程", description="完成路基施工", progress_note="桥梁主体完工")
    item_a = Item.objects.get(pk=w.item_a.pk)
    item_b = Item.objects.get(pk=w.item_b.pk)
    period = dt.date(2020, 9, 1)
    # unit A's draft: only unit A sees it; unit B's submitted report: everyone in the county sees it.
    reports.report_draft_save(
        item=item_a,
        user=w.reporter_a,
        period=period,
        data=ReportData(work_done="完成道路硬化三公里", progress=50),
    )
    submitted = reports.report_draft_save(
        item=item_b,
        user=w.reporter_b,
        period=period,
        data=ReportData(work_done="乡村公路养护到位", progress=85),
    )
    reports.report_submit(report=submitted, user=w.reporter_b)
    notices.notice_issue(
        item=item_a,
        user=w.office,
        units=[w.unit_a],
        title="关于加快征地拆迁的督办单",
        requirement="限期完成征地补偿",
        deadline=dt.date(2020, 10, 15),
    )
    other = make_world(make_organisation("浮山县", code="fushan"), key="_o", marker="外")
    edit(other.item_a, title="外县道路改建工程")
    return Scene(w, other)


def counts(user: object, q: str) -> dict[str, int]:
    return {g.kind: g.count for g in search(user, query_terms(q)[1])}


def test_it_finds_two_and_three_character_substrings_in_each_kind(scene: Scene) -> None:
    w = scene.w
    assert counts(w.office, "道路")["item"] == 1  # two characters: LIKE
    assert counts(w.office, "道路改建")["item"] == 1  # four: the trigram index
    assert counts(w.office, "路基")["item"] == 1  # in the description
    assert counts(w.office, "桥梁主体")["item"] == 1  # in the progress note
    assert counts(w.office, "341")["item"] == 1
    assert counts(w.office, "x1线道")["item"] == 0
    edit(Item.objects.get(pk=w.item_a.pk), number="G341")
    assert counts(w.office, "g341")["item"] == 1  # letters in any case
    assert counts(w.office, "g3")["item"] == 1
    assert counts(w.office, "g3.")["item"] == 0  # a dot is a dot, not "any character"
    assert counts(w.office, "养护")["report"] == 1
    assert counts(w.office, "公路养护")["report"] == 1
    assert counts(w.office, "征地")["notice"] == 1
    assert counts(w.office, "征地补偿")["notice"] == 1  # in what must be done
    assert counts(w.office, "单位")["unit"] == 2
    assert counts(w.office, "单位甲")["unit"] == 1
    assert counts(w.office, "道路 路基")["item"] == 1  # every word must appear
    assert counts(w.office, "道路 养护")["item"] == 0


def test_search_follows_changes_and_deletions(scene: Scene) -> None:
    w = scene.w
    item = Item.objects.get(pk=w.item_a.pk)
    edit(item, title="县城供水管网改造")
    assert counts(w.office, "供水管网")["item"] == 1
    assert counts(w.office, "道路改建")["item"] == 0
    changes.item_delete(item=Item.objects.get(pk=w.item_a.pk))
    assert counts(w.office, "供水管网")["item"] == 0


def test_a_reporter_finds_only_what_it_may_open(scene: Scene) -> None:
    w = scene.w
    assert counts(w.reporter_a, "道路硬化")["report"] == 1  # its own draft
    assert counts(w.reporter_b, "道路硬化")["report"] == 0  # unit A's draft is not unit B's to see
    assert counts(w.office, "道路硬化")["report"] == 0  # nor the office's, until it is submitted
    assert counts(w.reporter_b, "养护")["report"] == 1  # a submitted report is read by all staff
    assert counts(w.reporter_a, "征地拆迁")["notice"] == 1  # addressed to unit A
    assert counts(w.reporter_b, "征地拆迁")["notice"] == 0
    assert counts(w.leader, "征地拆迁")["notice"] == 1


def test_another_organisations_objects_never_appear(scene: Scene, client: Client) -> None:
    w, other = scene.w, scene.other
    assert counts(w.office, "道路改建") == {"item": 1, "report": 0, "notice": 0, "unit": 0}
    assert counts(other.office, "道路改建")["item"] == 1  # its own, not the other county's
    assert counts(other.office, "路基") == {"item": 0, "report": 0, "notice": 0, "unit": 0}
    assert counts(other.reporter_b, "养护")["report"] == 0
    assert counts(other.office, "征地")["notice"] == 0
    assert counts(other.office, "单位甲")["unit"] == 1  # 外单位甲 only
    login(client, other.office)
    page = client.get("/search/", {"q": "道路"}).content.decode()
    assert f'href="/items/{other.item_a.pk}/"' in page and "国道341线" not in page


def test_the_page_groups_counts_highlights_and_links(scene: Scene, client: Client) -> None:
    w = scene.w
    login(client, w.office)
    response = client.get("/search/", {"q": "道路"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="group-item"' in page
    assert "<mark>道路</mark>" in page
    assert f'href="/items/{w.item_a.pk}/"' in page
    assert (
        f"/plans/{w.plan.code}/?unit={w.unit_a.pk}"
        in client.get("/search/", {"q": "单位甲"}).content.decode()
    )
    one_kind = client.get("/search/", {"q": "道路", "kind": "item"}).content.decode()
    assert 'data-testid="group-report"' not in one_kind


ODD = [
    "",
    "   ",
    "%",
    "_",
    "%%",
    "'",
    '"',
    "\\",
    "' OR 1=1 --",
    '"道路',
    "道路\x00改建",
    "\x00",
    "NEAR(a b)",
    "*",
    "道" * 5000,
]


def test_odd_input_gives_a_clear_page(scene: Scene, client: Client) -> None:
    login(client, scene.w.office)
    for q in ODD:
        response = client.get("/search/", {"q": q})
        assert response.status_code == 200, q
        page = response.content.decode()
        if q in ("%", "_", "%%", "'", "*"):
            assert 'data-testid="search-none"' in page, q  # a wildcard is a character, not "everything"
    assert 'data-testid="search-empty"' in client.get("/search/", {"q": "  "}).content.decode()


def test_binary_and_broken_query_strings_give_a_clear_page(scene: Scene, client: Client) -> None:
    login(client, scene.w.office)
    for raw in ("q=%FF%FE%00", "q=%E9%81", "q=a&kind=nonsense&offset=-5", "q=道路&kind=item&offset=abc"):
        assert client.get(f"/search/?{raw}").status_code == 200
    assert "search-cut" in client.get("/search/", {"q": "道" * 101}).content.decode()


def test_query_terms_are_bounded() -> None:
    cleaned, terms = query_terms("一 二 三 四 五 六 七 一")
    assert terms == ["一", "二", "三", "四", "五"]
    assert len(query_terms("字" * 1000)[0]) == 100
    assert query_terms("道路\u3000改建")[1] == ["道路", "改建"]
