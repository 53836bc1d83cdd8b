"""Submit, return, revise, approve: every version kept, approval carries figures into the item."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from luoshi.notifications.models import Notification
from luoshi.plans.models import Indicator, Item, ReportCadence
from luoshi.reports import services
from luoshi.reports.models import Report, ReportDue
from luoshi.reports.services import ReportData
from luoshi.testing import World

pytestmark = pytest.mark.django_db
PERIOD = dt.date(2020, 9, 1)


def _draft(world: World, **data: object) -> Report:
    values = {
        "work_done": "完成路基工程 3 公里",
        "progress": 55,
        "problems": "征地滞后",
        "next_steps": "加快征地",
    }
    values.update(data)
    return services.report_draft_save(
        item=world.item_a,
        user=world.reporter_a,
        period=dt.date(2020, 9, 15),
        data=ReportData(**values),  # type: ignore[arg-type]
    )


@time_machine.travel(dt.datetime(2020, 9, 20, 10, tzinfo=dt.UTC), tick=False)
def test_submit_return_revise_approve_keeps_every_version(world: World) -> None:
    draft = _draft(world)
    assert draft.period == PERIOD and draft.state == "draft"
    submitted = services.report_submit(report=draft, user=world.reporter_a)
    assert submitted.state == "submitted"
    assert Notification.objects.filter(user=world.office, kind="submitted").exists()
    returned = services.report_return(report=submitted, user=world.office, reason="数据不实，请核实")
    assert returned.state == "returned"
    assert Notification.objects.filter(user=world.reporter_a, kind="returned").count() == 1
    second = services.report_revise(report=returned, user=world.reporter_a)
    assert (second.version, second.state, second.work_done) == (2, "draft", "完成路基工程 3 公里")
    second = services.report_draft_save(
        item=world.item_a,
        user=world.reporter_a,
        period=PERIOD,
        data=ReportData(work_done="完成路基工程 2.5 公里（已核实）", progress=50),
        report=second,
    )
    services.report_submit(report=second, user=world.reporter_a)
    services.report_approve(report=second, user=world.office)
    versions = list(Report.objects.filter(item=world.item_a, period=PERIOD).order_by("version"))
    assert [(r.version, r.state) for r in versions] == [(1, "returned"), (2, "approved")]
    assert versions[0].work_done == "完成路基工程 3 公里"
    item = Item.objects.get(pk=world.item_a.pk)
    assert item.progress == 50
    assert item.history.count() >= 2  # the approval went through the plan's history
    parent = Item.objects.get(pk=world.pillar.pk)
    assert parent.progress == 65  # (50 + 80) / 2, rolled up


def test_a_submitted_report_is_read_only(world: World) -> None:
    report = services.report_submit(report=_draft(world), user=world.reporter_a)
    with pytest.raises(ValidationError):
        services.report_draft_save(
            item=world.item_a,
            user=world.reporter_a,
            period=PERIOD,
            data=ReportData(work_done="改"),
            report=report,
        )
    with pytest.raises(ValidationError):
        _draft(world)  # no second report beside a submitted one
    with pytest.raises(ValidationError):
        services.report_revise(report=report, user=world.reporter_a)


def test_return_needs_a_reason(world: World) -> None:
    report = services.report_submit(report=_draft(world), user=world.reporter_a)
    with pytest.raises(ValidationError):
        services.report_return(report=report, user=world.office, reason="  ")


def test_approval_sets_indicator_actuals_and_investment(world: World) -> None:
    indicator = Indicator.objects.create(
        item=world.item_a, name="完成投资", unit="万元", target=Decimal(1000)
    )
    report = _draft(world, completed_investment=Decimal("420.5"))
    services.report_draft_save(
        item=world.item_a,
        user=world.reporter_a,
        period=PERIOD,
        data=ReportData(work_done="x", progress=60, completed_investment=Decimal("420.5")),
        indicator_values={indicator.pk: Decimal(420)},
        report=report,
    )
    services.report_submit(report=report, user=world.reporter_a)
    services.report_approve(report=report, user=world.office)
    indicator.refresh_from_db()
    item = Item.objects.get(pk=world.item_a.pk)
    assert indicator.actual == Decimal(420)
    assert item.completed_investment == Decimal("420.5") and item.progress == 60


@pytest.mark.parametrize(("moment", "outcome"), [((2020, 9, 28, 15), "on_time"), ((2020, 9, 29, 9), "late")])
def test_first_submission_is_recorded_on_time_or_late(
    world: World, moment: tuple[int, ...], outcome: str
) -> None:
    ReportCadence.objects.create(plan=world.plan, due_day=28)
    world.plan.status_date = None  # the real clock decides: the plan's as-of date would date it otherwise
    world.plan.save(update_fields=["status_date"])
    with time_machine.travel(dt.datetime(*moment, tzinfo=dt.UTC), tick=False):
        services.report_submit(report=_draft(world), user=world.reporter_a)
    due = ReportDue.objects.get(item=world.item_a, period=PERIOD)
    assert due.outcome == outcome


def test_missing_reports_are_recorded_once_and_a_late_one_replaces_them(world: World) -> None:
    assert services.reports_mark_missing(plan=world.plan, today=dt.date(2020, 10, 5)) == 2
    assert services.reports_mark_missing(plan=world.plan, today=dt.date(2020, 10, 6)) == 0
    assert ReportDue.objects.filter(period=PERIOD, outcome="missing").count() == 2
    world.plan.status_date = dt.date(2020, 10, 7)
    world.plan.save(update_fields=["status_date"])
    with time_machine.travel(dt.datetime(2020, 10, 7, 9, tzinfo=dt.UTC), tick=False):
        services.report_submit(report=_draft(world), user=world.reporter_a)
    assert ReportDue.objects.get(item=world.item_a, period=PERIOD).outcome == "late"


def test_weekly_cadence_names_periods_by_their_monday(world: World) -> None:
    ReportCadence.objects.create(plan=world.plan, cadence="weekly", due_day=5)
    report = _draft(world)
    assert report.period == dt.date(2020, 9, 14)
    assert world.plan.cadence().due_date(report.period) == dt.date(2020, 9, 18)


def test_cooperating_unit_adds_its_part(world: World) -> None:
    world.item_a.cooperating_units.add(world.unit_b)
    report = _draft(world)
    services.report_contribute(report=report, user=world.reporter_b, text="配合完成征地 20 亩")
    services.report_contribute(report=report, user=world.reporter_b, text="配合完成征地 25 亩")
    assert [c.text for c in report.contributions.all()] == ["配合完成征地 25 亩"]


def test_items_not_yet_begun_owe_no_report(world: World) -> None:
    Item.objects.filter(pk=world.item_b.pk).update(start_date=dt.date(2020, 11, 1))
    assert services.reports_mark_missing(plan=world.plan, today=dt.date(2020, 10, 5)) == 1
    assert not ReportDue.objects.filter(item=world.item_b).exists()


def test_a_completed_item_is_never_counted_as_missing(world: World) -> None:
    """An item already done owes no monthly report: no 未报, no lost assessment points."""
    Item.objects.filter(pk=world.item_a.pk).update(progress=100, status="done")
    ReportDue.objects.create(
        plan=world.plan, item=world.item_a, unit=world.unit_a, period=PERIOD, due_date=dt.date(2020, 9, 28)
    )
    services.reports_mark_missing(plan=world.plan, today=dt.date(2020, 10, 5))
    assert not ReportDue.objects.filter(item=world.item_a, outcome="missing").exists()
    assert ReportDue.objects.filter(item=world.item_b, period=PERIOD, outcome="missing").exists()


def test_a_plan_with_an_as_of_date_dates_its_reports_by_it(world: World) -> None:
    """A demo or a test runs on the plan's date, wherever the real clock is: a report submitted in the
    demo is dated that day and on time, not years late."""
    world.plan.status_date = dt.date(2020, 9, 20)
    world.plan.save(update_fields=["status_date"])
    report = services.report_submit(report=_draft(world), user=world.reporter_a)
    assert timezone.localdate(report.submitted_at) == dt.date(2020, 9, 20)
    assert ReportDue.objects.get(item=world.item_a, period=PERIOD).outcome == "on_time"
