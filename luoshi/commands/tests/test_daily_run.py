"""The scheduled run: statuses with history, reminders without repeats, escalation, the dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client

from luoshi.commands import daily
from luoshi.notifications.models import Notification
from luoshi.notifications.services import outbox_send
from luoshi.plans.models import Item, Milestone
from luoshi.reports import reminders
from luoshi.reports import services as report_services
from luoshi.reports.models import ReportDue
from luoshi.reports.services import ReportData
from luoshi.status import escalation, services
from luoshi.status.models import Escalation, PeriodSummary, StatusRecord, StatusRules
from luoshi.testing import PASSWORD, World, make_item

pytestmark = pytest.mark.django_db


def _rate(world: World, today: dt.date, **progress: int) -> None:
    for name, value in progress.items():
        Item.objects.filter(pk=getattr(world, name).pk).update(progress=value)
    services.plan_recompute(plan=world.plan, today=today)


def test_plan_refresh_rates_items_records_history_and_rolls_up(world: World) -> None:
    Milestone.objects.create(item=world.item_b, title="完成主体", due_date=dt.date(2020, 8, 1))
    _rate(world, dt.date(2020, 9, 30), item_a=70, item_b=80)
    a, b, pillar = (Item.objects.get(pk=i.pk) for i in (world.item_a, world.item_b, world.pillar))
    assert a.status == "green"
    assert b.status == "red" and "完成主体" in b.status_reason
    assert pillar.status == "red"  # half of the weight is red
    assert StatusRecord.objects.filter(period=dt.date(2020, 9, 1)).count() == 3
    plan_row = PeriodSummary.objects.get(plan=world.plan, period=dt.date(2020, 9, 1), scope="plan")
    assert (plan_row.green, plan_row.red) == (1, 2)


def test_override_holds_until_expiry_then_rules_apply(world: World) -> None:
    Item.objects.filter(pk=world.item_a.pk).update(progress=10)
    services.status_override_set(
        item=world.item_a,
        user=world.office,
        status="yellow",
        reason="客观原因：汛期停工",
        expires_on=dt.date(2020, 10, 10),
        today=dt.date(2020, 9, 30),
    )
    item = Item.objects.get(pk=world.item_a.pk)
    assert item.status == "yellow" and "汛期停工" in item.status_reason
    services.plan_recompute(plan=world.plan, today=dt.date(2020, 10, 11))
    assert Item.objects.get(pk=world.item_a.pk).status == "red"


def test_reminders_are_sent_once_per_period(world: World) -> None:
    today = dt.date(2020, 9, 26)  # two days before the 28th
    assert reminders.reminders_run(plan=world.plan, today=today) == 2  # reporters of units A and B
    assert reminders.reminders_run(plan=world.plan, today=today) == 0
    assert reminders.reminders_run(plan=world.plan, today=dt.date(2020, 9, 27)) == 0
    assert Notification.objects.filter(kind="due").count() == 2


def test_overdue_reminders_follow_missing_reports(world: World) -> None:
    with time_machine.travel(dt.datetime(2020, 9, 20, tzinfo=dt.UTC), tick=False):
        draft = report_services.report_draft_save(
            item=world.item_a,
            user=world.reporter_a,
            period=dt.date(2020, 9, 1),
            data=ReportData(work_done="甲"),
        )
        report_services.report_submit(report=draft, user=world.reporter_a)
    result = daily.supervision_run(plan=world.plan, today=dt.date(2020, 10, 2))
    assert result["missing"] == 1
    assert ReportDue.objects.get(item=world.item_b).outcome == "missing"
    overdue = Notification.objects.filter(kind="overdue")
    assert [n.user for n in overdue] == [world.reporter_b]
    again = daily.supervision_run(plan=world.plan, today=dt.date(2020, 10, 3))
    assert again["reminders"] == 0 and again["missing"] == 0


def test_reminders_are_emailed(world: World) -> None:
    world.reporter_a.email = "a@example.org"
    world.reporter_a.save(update_fields=["email"])
    reminders.reminders_run(plan=world.plan, today=dt.date(2020, 9, 26))
    assert mail.outbox == []  # written to the outbox with the notification; the worker sends it
    assert outbox_send() == 1
    assert [m.to for m in mail.outbox] == [["a@example.org"]]


def test_two_yellows_escalate_and_three_reds_flag_a_talk(world: World) -> None:
    StatusRules.objects.create(plan=world.plan, escalate_yellow_runs=2, talk_red_runs=3, memory=False)
    for month, progress_a, progress_b in ((7, 30, 10), (8, 45, 10), (9, 58, 10)):
        day = dt.date(2020, month, 28)
        _rate(world, day, item_a=progress_a, item_b=progress_b)
        escalation.escalations_run(plan=world.plan, today=day)
    colours = list(
        StatusRecord.objects.filter(item=world.item_a).order_by("period").values_list("status", flat=True)
    )
    assert colours[-2:] == ["yellow", "yellow"]
    kinds = set(Escalation.objects.filter(period=dt.date(2020, 9, 1)).values_list("item_id", "kind"))
    assert (world.item_a.pk, "office") in kinds
    assert (world.item_b.pk, "talk") in kinds
    assert Notification.objects.filter(user=world.leader, kind="talk").count() == 1
    escalation.escalations_run(plan=world.plan, today=dt.date(2020, 9, 29))
    assert Notification.objects.filter(user=world.leader, kind="talk").count() == 1


def test_dashboard_shows_counts_lagging_reasons_and_drills_down(client: Client, world: World) -> None:
    extra = make_item(
        world.plan, world.pillar, title="丙的事项", lead_unit=world.unit_a, due_date=dt.date(2020, 12, 31)
    )
    _rate(world, dt.date(2020, 9, 30), item_a=20, item_b=80)
    assert client.login(username="leader", password=PASSWORD)
    home = client.get("/")
    assert home.status_code == 302 and home["Location"] == "/todo/"
    page = client.get(f"/plans/{world.plan.code}/dashboard/")
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="count-red"' in body and "甲的事项" in body and "丙的事项" in body
    assert "vendor/echarts.min.js" in body
    drill = client.get(f"/plans/{world.plan.code}/dashboard/items/?status=green&unit={world.unit_b.pk}")
    text = drill.content.decode()
    assert "乙的事项" in text and "甲的事项" not in text
    assert extra.pk


def test_notifications_are_private(client: Client, world: World) -> None:
    reminders.reminders_run(plan=world.plan, today=dt.date(2020, 9, 26))
    theirs = Notification.objects.get(user=world.reporter_b)
    assert client.login(username="reporter_a", password=PASSWORD)
    assert client.post(f"/notifications/{theirs.pk}/open/").status_code == 404
    assert (
        "reports due" in client.get("/notifications/").content.decode()
        or client.get("/notifications/").status_code == 200
    )


def test_supervise_command_runs_through_the_task_queue(world: World) -> None:
    call_command("supervise")  # immediate backend in tests: runs at once
    assert StatusRecord.objects.filter(plan=world.plan).exists()
    call_command("supervise", "--now", "--plan", world.plan.code)


def test_only_the_office_sets_a_colour_by_hand(client: Client, world: World) -> None:
    for user in ("reporter_a", "leader"):
        assert client.login(username=user, password=PASSWORD)
        response = client.post(
            f"/items/{world.item_a.pk}/status/",
            {"status": "green", "reason": "x", "expires_on": "2020-10-31"},
        )
        assert response.status_code == 403
    assert client.login(username="office", password=PASSWORD)
    response = client.post(
        f"/items/{world.item_a.pk}/status/",
        {"status": "green", "reason": "协调解决", "expires_on": "2099-10-31"},
    )
    assert response.status_code == 302
    assert Item.objects.get(pk=world.item_a.pk).status == "green"
    assert client.post("/items/999999/status/", {}).status_code == 404


def test_an_approved_report_shows_on_the_dashboard_figures_at_once(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from luoshi.dashboard import selectors as dashboard

    services.plan_recompute(plan=world.plan)
    before = PeriodSummary.objects.get(plan=world.plan, period=dt.date(2020, 9, 1), scope="plan")
    assert before.red == 2  # item_a at 40% and the pillar
    assert dashboard.dashboard(world.plan)["counts"]["red"] == 2
    draft = report_services.report_draft_save(
        item=world.item_a,
        user=world.reporter_a,
        period=dt.date(2020, 9, 1),
        data=ReportData(work_done="甲", progress=75),
    )
    report_services.report_submit(report=draft, user=world.reporter_a)
    with django_capture_on_commit_callbacks(execute=True):
        report_services.report_approve(report=draft, user=world.office)
    board = dashboard.dashboard(world.plan)
    assert (board["counts"]["red"], board["counts"]["green"]) == (0, 3)
    assert (board["trend"][-1]["red"], board["trend"][-1]["green"]) == (0, 3)
    assert StatusRecord.objects.get(item=world.item_a, period=dt.date(2020, 9, 1)).progress == 75
