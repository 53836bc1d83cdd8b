"""The history pages: the as-of banner, scoping, the comparison and baselines."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from luoshi.history.models import Baseline, BaselineItem
from luoshi.history.selectors import baseline_dates, baselines_of
from luoshi.organisations.models import Organisation
from luoshi.plans.models import Item
from luoshi.status import changes
from luoshi.testing import World, login, make_organisation, make_world

pytestmark = pytest.mark.django_db


def _at(month: int, day: int = 1) -> time_machine.travel:
    return time_machine.travel(dt.datetime(2020, month, day, 9, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def past() -> World:
    """The small plan, made in June 2020; item B is done in August."""
    with _at(6):
        world = make_world()
    with _at(8):
        changes.item_update(
            item_id=world.item_b.pk,
            expected_version=world.item_b.version,
            data={"progress": 100},
            allowed_fields={"progress"},
        )
    return world


def test_the_as_of_tree_says_it_is_not_now(client: Client, past: World) -> None:
    login(client, past.reporter_a)
    response = client.get(f"/history/plans/{past.plan.code}/?on=2020-06-30")
    body = response.content.decode()
    assert response.status_code == 200
    assert "这是 2020年6月30日 的计划状态（由历史记录重建），不是当前状态" in body
    assert "甲的事项" in body
    assert client.get(f"/history/plans/{past.plan.code}/?on=2020-05-30").context["rows"] == []


def test_a_bad_date_is_a_form_error(client: Client, past: World) -> None:
    login(client, past.office)
    response = client.get(f"/history/plans/{past.plan.code}/?on=2020-13-45")
    assert response.status_code == 400
    assert 'data-testid="date-error"' in response.content.decode()


def test_another_organisations_plan_is_missing(client: Client, past: World) -> None:
    other = make_world(
        make_organisation(
            "浮山县", parent=Organisation.objects.get(pk=past.plan.organisation_id).get_parent()
        ),
        key="x",
    )
    login(client, other.office)
    for url in (
        f"/history/plans/{past.plan.code}/",
        f"/history/plans/{past.plan.code}/figures/",
        f"/history/plans/{past.plan.code}/compare/",
        f"/history/plans/{past.plan.code}/baselines/",
        f"/history/items/{past.item_a.pk}/",
    ):
        assert client.get(url).status_code == 404, url


def test_the_comparison_lists_a_colour_change(client: Client, past: World) -> None:
    login(client, past.leader)
    response = client.get(f"/history/plans/{past.plan.code}/compare/?from=2020-06-30&to=2020-08-31")
    assert response.status_code == 200
    recoloured = [c.item.id for c in response.context["comparison"].recoloured]
    assert past.item_b.pk in recoloured
    assert response.context["counts"]["progressed"] >= 1
    assert 'data-testid="changes-recoloured"' in response.content.decode()


def test_the_item_page_as_of_a_date(client: Client, past: World) -> None:
    login(client, past.reporter_b)
    before = client.get(f"/history/items/{past.item_b.pk}/?on=2020-07-01")
    after = client.get(f"/history/items/{past.item_b.pk}/?on=2020-08-02")
    assert (before.context["item"].progress, after.context["item"].progress) == (80, 100)
    assert client.get(f"/history/items/{past.item_b.pk}/?on=2020-05-01").context["item"] is None


def test_the_office_saves_and_deletes_a_baseline(client: Client, past: World) -> None:
    login(client, past.office)
    response = client.post(f"/history/plans/{past.plan.code}/baselines/", {"name": "年初计划"})
    assert response.status_code == 302
    baseline = baselines_of(past.plan).get()
    assert baseline.name == "年初计划" and baseline.created_by == past.office
    assert baseline_dates(baseline)[past.item_a.pk] == (None, dt.date(2020, 12, 31))
    assert (
        BaselineItem.objects.filter(baseline=baseline).count() == Item.objects.filter(plan=past.plan).count()
    )
    again = client.post(f"/history/plans/{past.plan.code}/baselines/", {"name": "年初计划"})
    assert again.status_code == 400 and Baseline.objects.count() == 1
    changes.item_update(
        item_id=past.item_a.pk,
        expected_version=Item.objects.get(pk=past.item_a.pk).version,
        data={"due_date": dt.date(2021, 3, 31)},
        allowed_fields={"due_date"},
    )
    compared = client.get(f"/history/plans/{past.plan.code}/compare/?baseline={baseline.pk}")
    assert [c.item.id for c in compared.context["slipped"]] == [past.item_a.pk]
    assert client.post(f"/history/baselines/{baseline.pk}/delete/").status_code == 302
    assert not Baseline.objects.exists() and not BaselineItem.objects.exists()


def test_a_reporter_cannot_save_or_delete_a_baseline(client: Client, past: World) -> None:
    baseline = Baseline.objects.create(plan=past.plan, name="年初", created_at=dt.datetime.now(dt.UTC))
    login(client, past.reporter_a)
    assert client.post(f"/history/plans/{past.plan.code}/baselines/", {"name": "我的"}).status_code in (
        403,
        404,
    )
    assert client.post(f"/history/baselines/{baseline.pk}/delete/").status_code in (403, 404)
    assert list(Baseline.objects.values_list("name", flat=True)) == ["年初"]
    assert client.get(f"/history/plans/{past.plan.code}/baselines/").status_code == 200


def test_a_long_comparison_shows_each_kinds_first_rows_and_pages_one_kind(
    client: Client, past: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from luoshi.history import views

    monkeypatch.setattr(views, "SECTION_ROWS", 1)
    monkeypatch.setattr(views, "SECTION_PAGE_ROWS", 2)
    login(client, past.office)
    span = "from=2020-05-30&to=2020-06-30"
    overview = client.get(f"/history/plans/{past.plan.code}/compare/?{span}")
    added = overview.context["counts"]["added"]
    assert added == Item.objects.filter(plan=past.plan).count() > 2
    section = next(s for s in overview.context["sections"] if s["anchor"] == "added")
    assert len(section["rows"]) == 1 and section["total"] == added
    body = overview.content.decode()
    assert 'data-testid="changes-all"' in body and f"共 {added} 项，这里是前 1 项" in body
    seen: list[int] = []
    page = 1
    while True:
        response = client.get(f"/history/plans/{past.plan.code}/compare/?{span}&show=added&page={page}")
        assert response.status_code == 200
        (alone,) = response.context["sections"]
        assert alone["anchor"] == "added" and alone["total"] == added
        assert len(alone["rows"]) <= 2
        seen += [c.item.id for c in alone["rows"]]
        assert 'data-testid="compare-overview"' in response.content.decode()
        if not alone["page"].has_next():
            break
        page += 1
    assert sorted(seen) == sorted(c.item.id for c in overview.context["comparison"].added)
    assert len(seen) == len(set(seen)) == added
    # An unknown kind or a page past the end still answers with the first rows or the last page.
    assert (
        len(client.get(f"/history/plans/{past.plan.code}/compare/?{span}&show=nothing").context["sections"])
        == 6
    )
    last = client.get(f"/history/plans/{past.plan.code}/compare/?{span}&show=added&page=999")
    assert last.status_code == 200 and last.context["sections"][0]["page"].number == page
