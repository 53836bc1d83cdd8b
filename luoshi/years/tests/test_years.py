"""Plan years: next year's plan from this one (preview, creation, a second click), archived plans
refused on every write path, and the header's year switch."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from luoshi.api.services import api_token_create
from luoshi.ledger import services as ledger
from luoshi.ledger.tests.helpers import xlsx_of
from luoshi.plans.models import Indicator, Item, Leader, Milestone, Plan, PlanArchivedError, ReportCadence
from luoshi.reports import services as reports
from luoshi.reports.models import Report
from luoshi.reports.services import ReportData
from luoshi.status import changes
from luoshi.testing import PlanFactory, World, login, make_item
from luoshi.years import services
from luoshi.years.models import CarriedItem, PlanSuccession

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(world: World) -> World:
    """Pillar 一 (item A with a sub-item A1 without a due date; item B; item C done) and pillar 二
    whose only item D is done; a weekly cadence; a leader, milestones and an indicator on A1."""
    leader = Leader.objects.create(organisation=world.plan.organisation, name="李副县长", position="副县长")
    a1 = make_item(
        world.plan, world.item_a, title="甲的子事项", lead_unit=world.unit_a, leader=leader, progress=20
    )
    Item.objects.filter(pk=a1.pk).update(due_date=None)
    make_item(world.plan, world.pillar, title="丙的事项", lead_unit=world.unit_b, progress=100)
    pillar2 = make_item(world.plan, None, title="做强两大产业", kind=Item.Kind.PILLAR, number="二")
    make_item(world.plan, pillar2, title="丁的事项", lead_unit=world.unit_b, progress=100)
    Milestone.objects.create(
        item=a1, title="开工", due_date=dt.date(2020, 6, 30), completed_on=dt.date(2020, 6, 1)
    )
    Milestone.objects.create(item=a1, title="竣工", due_date=dt.date(2020, 12, 20))
    Indicator.objects.create(item=a1, name="投资", unit="万元", baseline=0, target=500, actual=300)
    item_a1 = Item.objects.get(pk=a1.pk)
    changes.item_update(
        item_id=item_a1.pk,
        expected_version=item_a1.version,
        data={"cooperating_units": [world.unit_b]},
        allowed_fields={"cooperating_units"},
    )
    ReportCadence.objects.create(plan=world.plan, cadence="weekly", due_day=5)
    changes.plan_changed(plan=world.plan)
    return world


def test_the_preview_counts_what_is_carried_and_left(year: World) -> None:
    preview = services.next_year_preview(plan=year.plan)
    assert preview.code == f"{year.plan.code}-2021" and preview.year == 2021
    made = services.next_year_preview(plan=year.plan, with_items=True)
    assert [i.title for i in made.carried] == ["擦亮一张名片", "甲的事项", "甲的子事项", "乙的事项"]
    # The page's counts (read as plain values) are the counts of what making the plan loads.
    assert dataclasses.replace(made, carried=[]) == preview
    assert (preview.unfinished, preview.structural, preview.left_behind) == (4, 0, 3)
    assert (preview.units, preview.leaders, preview.undated) == (2, 1, 2)  # the pillar and A1
    assert (preview.start_date, preview.end_date) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))


def test_next_years_plan_keeps_the_tree_resets_progress_and_shifts_dates(year: World) -> None:
    Report.objects.create(plan=year.plan, item=year.item_b, unit=year.unit_b, period=dt.date(2020, 9, 1))
    new = services.next_year_create(plan=year.plan, user=year.office)
    assert (new.year, new.organisation_id, new.start_date) == (
        2021,
        year.plan.organisation_id,
        dt.date(2021, 1, 1),
    )
    items = {i.title: i for i in Item.objects.filter(plan=new).select_related("lead_unit", "leader")}
    assert sorted(items) == sorted(["擦亮一张名片", "甲的事项", "甲的子事项", "乙的事项"])
    assert Item.objects.get_parent(items["甲的子事项"]).pk == items["甲的事项"].pk
    assert Item.objects.get_parent(items["甲的事项"]).pk == items["擦亮一张名片"].pk
    assert all(i.progress == 0 for i in items.values())
    assert items["乙的事项"].due_date == dt.date(2021, 12, 31) and items["甲的子事项"].due_date is None
    assert (
        items["甲的子事项"].lead_unit_id == year.unit_a.pk and items["甲的子事项"].leader.name == "李副县长"
    )
    assert list(items["甲的子事项"].cooperating_units.values_list("pk", flat=True)) == [year.unit_b.pk]
    assert [(m.title, m.due_date) for m in items["甲的子事项"].milestones.all()] == [
        ("竣工", dt.date(2021, 12, 20))
    ]
    indicator = items["甲的子事项"].indicators.get()
    assert (indicator.target, indicator.actual) == (500, None)
    assert not Report.objects.filter(plan=new).exists()
    assert new.cadence().cadence == "weekly" and new.cadence().due_day == 5
    links = dict(CarriedItem.objects.filter(item__plan=new).values_list("item__title", "carried_from__title"))
    assert links == {t: t for t in items}
    assert new.status_date == dt.date(2021, 1, 1)  # the old plan was rated at a fixed date


def test_a_second_click_makes_no_second_plan(client: Client, year: World) -> None:
    login(client, year.office)
    url = reverse("years:next_year", args=[year.plan.code])
    assert "4" in client.get(url).content.decode()
    first = client.post(url, {"archive": "on"})
    assert first.status_code == 302
    again = client.post(url, {"archive": "on"})
    assert again.status_code == 409 and "已从本计划创建" in again.content.decode()
    assert PlanSuccession.objects.filter(previous=year.plan).count() == 1
    assert Plan.objects.filter(code__startswith=year.plan.code).count() == 2
    assert Plan.objects.get(pk=year.plan.pk).archived_at is not None
    with pytest.raises(ValidationError):
        services.next_year_create(plan=year.plan, user=year.office)


def test_a_taken_code_is_said_and_nothing_is_made(year: World) -> None:
    PlanFactory(code=f"{year.plan.code}-2021", organisation=year.plan.organisation)
    with pytest.raises(ValidationError, match="已存在"):
        services.next_year_create(plan=year.plan, user=year.office)
    assert not PlanSuccession.objects.exists()


def test_only_the_plans_office_starts_next_year(client: Client, year: World) -> None:
    for user in (year.leader, year.reporter_a):
        login(client, user)
        assert client.get(reverse("years:next_year", args=[year.plan.code])).status_code in (403, 404)
        assert client.post(reverse("years:next_year", args=[year.plan.code])).status_code in (403, 404)
    assert Plan.objects.count() == 1


# --- an archived plan is read-only --------------------------------------------------------------


@pytest.fixture
def archived(world: World) -> World:
    draft = reports.report_draft_save(
        item=world.item_a,
        user=world.reporter_a,
        period=dt.date(2020, 9, 1),
        data=ReportData(work_done="进展"),
    )
    world.draft = draft  # type: ignore[attr-defined]
    services.plan_archive(plan=world.plan, user=world.office)
    return world


def test_archiving_freezes_the_as_of_date_and_can_be_undone(world: World) -> None:
    world.plan.status_date = None
    world.plan.save(update_fields=["status_date"])
    plan = services.plan_archive(plan=world.plan, user=world.office)
    assert plan.status_date is not None and plan.archived_at is not None
    plan = services.plan_unarchive(plan=plan, user=world.office)
    assert plan.status_date is None and plan.archived_at is None


def test_the_item_form_refuses_an_archived_plan(client: Client, archived: World) -> None:
    login(client, archived.office)
    url = reverse("web:item_edit", args=[archived.item_a.pk])
    page = client.get(url)
    assert page.status_code == 403 and "已归档" in page.content.decode()
    posted = client.post(url, {"title": "改了", "version": archived.item_a.version, "progress": 90})
    assert posted.status_code == 403
    assert Item.objects.get(pk=archived.item_a.pk).title == archived.item_a.title
    login(client, archived.reporter_a)
    assert client.get(url).status_code == 403


def test_the_api_refuses_a_patch_on_an_archived_plan(client: Client, archived: World) -> None:
    token = api_token_create(user=archived.office, name="t")[1]
    response = client.patch(
        f"/api/items/{archived.item_a.pk}",
        json.dumps({"progress": 90, "version": archived.item_a.version}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 403 and "已归档" in response.json()["detail"]
    assert Item.objects.get(pk=archived.item_a.pk).progress == 40


def test_a_report_on_an_archived_plan_is_refused(client: Client, archived: World) -> None:
    draft = archived.draft  # type: ignore[attr-defined]
    with pytest.raises(PlanArchivedError):
        reports.report_submit(report=draft, user=archived.reporter_a)
    login(client, archived.reporter_a)
    response = client.post(reverse("reports:report_submit", args=[draft.pk]), follow=True)
    assert "已归档" in response.content.decode()
    assert Report.objects.get(pk=draft.pk).state == Report.State.DRAFT
    with pytest.raises(PlanArchivedError):
        reports.report_draft_save(
            item=archived.item_b, user=archived.reporter_b, period=dt.date(2020, 9, 1), data=ReportData()
        )


def test_a_ledger_import_into_an_archived_plan_is_refused(client: Client, world: World) -> None:
    content = xlsx_of(world.plan)  # item A at 40
    changes.item_update(
        item_id=world.item_a.pk,
        expected_version=world.item_a.version,
        data={"progress": 55},
        allowed_fields={"progress"},
    )
    ledger_import = ledger.ledger_import_create(
        plan=world.plan, user=world.office, filename="l.xlsx", content=content
    )
    ledger.ledger_import_preview(ledger_import=ledger_import)
    services.plan_archive(plan=world.plan, user=world.office)
    ledger.ledger_import_run_apply(ledger_import=ledger_import, user=world.office)
    ledger_import.refresh_from_db()
    assert ledger_import.state != "applied" and "已归档" in ledger_import.error
    assert Item.objects.get(pk=world.item_a.pk).progress == 55
    login(client, world.office)
    page = client.get(reverse("ledger:import_new", args=[world.plan.code]))
    assert page.status_code == 403 and "已归档" in page.content.decode()


def test_every_change_path_refuses_an_archived_plan(archived: World) -> None:
    with pytest.raises(PlanArchivedError):
        changes.item_create(plan=archived.plan, parent=None, data={"title": "新"})
    with pytest.raises(PlanArchivedError):
        changes.item_delete(item=archived.item_b)
    with pytest.raises(PlanArchivedError):
        changes.item_move(item=archived.item_b, target=archived.item_a, position="left")
    assert Item.objects.filter(plan=archived.plan).count() == 3


def test_an_archived_plan_is_still_read_and_exported(client: Client, archived: World) -> None:
    login(client, archived.office)
    assert client.get(reverse("web:plan_tree", args=[archived.plan.code])).status_code == 200
    assert client.get(reverse("ledger:export_xlsx", args=[archived.plan.code])).status_code == 200
    assert "已归档" in client.get(reverse("web:plan_list")).content.decode()


# --- the header's year switch ------------------------------------------------------------------


def test_the_year_switch_filters_the_plan_list(client: Client, world: World) -> None:
    PlanFactory(
        code="plan-2021",
        name="二〇二一年方案",
        organisation=world.plan.organisation,
        year=2021,
        start_date=dt.date(2021, 1, 1),
        end_date=dt.date(2021, 12, 31),
    )
    login(client, world.office)
    page = client.get(reverse("web:plan_list")).content.decode()
    assert "二〇二一年方案" in page and world.plan.name not in page  # the newest year by default
    assert 'data-testid="year-switch"' in page
    client.post(reverse("years:year_switch"), {"year": "2020", "next": "/plans/"})
    page = client.get(reverse("web:plan_list")).content.decode()
    assert world.plan.name in page and "二〇二一年方案" not in page
    assert (
        client.post(reverse("years:year_switch"), {"year": "1999", "next": "https://evil.example/"})[
            "Location"
        ]
        == "/"
    )


def test_one_year_shows_no_switch(client: Client, world: World) -> None:
    login(client, world.office)
    assert 'data-testid="year-switch"' not in client.get(reverse("web:plan_list")).content.decode()
