"""The demo runs on its plan's date: a report a demo reporter writes today is dated that day and on
time, whatever year the machine's clock says."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone

from luoshi.accounts.models import User
from luoshi.commands.management.commands.demo import Command
from luoshi.plans.models import Item
from luoshi.reports import services
from luoshi.reports.models import Report, ReportDue

pytestmark = pytest.mark.django_db


def test_a_report_written_in_the_demo_is_dated_by_the_plan_and_on_time() -> None:
    command = Command(stdout=io.StringIO())
    plan = command.setup_demo()
    reporter = User.objects.get(username="wenlv")
    period = plan.current_period()
    owed = Item.objects.filter(plan=plan, lead_unit=reporter.unit, numchild=0).exclude(
        pk__in=Report.objects.filter(plan=plan, period=period).values("item_id")
    )
    item = owed.exclude(status="done").first()
    assert item is not None
    draft = services.report_draft_save(
        item=item, user=reporter, period=period, data=services.ReportData(work_done="按计划推进", progress=60)
    )
    report = services.report_submit(report=draft, user=reporter)
    assert timezone.localdate(report.submitted_at) == plan.today()
    assert ReportDue.objects.get(item=item, period=period).outcome == ReportDue.Outcome.ON_TIME
