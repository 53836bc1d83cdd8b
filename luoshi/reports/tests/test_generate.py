"""The bulk generator behind ``luoshi generate --reports N`` and the demo's sample reports."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from luoshi.plans.models import Plan
from luoshi.reports.models import Report, ReportDue
from luoshi.status.models import PeriodSummary, StatusRecord

pytestmark = pytest.mark.django_db


def test_generate_writes_reports_deadlines_history_and_figures() -> None:
    call_command("generate", items=300, reports=3000, code="gen-small")
    plan = Plan.objects.get(code="gen-small")
    assert 2900 <= Report.objects.filter(plan=plan).count() <= 3100
    outcomes = set(ReportDue.objects.filter(plan=plan).values_list("outcome", flat=True))
    assert {"on_time", "late", "missing"} <= outcomes
    periods = set(StatusRecord.objects.filter(plan=plan).values_list("period", flat=True))
    assert len(periods) == 9  # January to September, the plan's status date
    trend = PeriodSummary.objects.filter(plan=plan, scope="plan").count()
    assert trend == 9
    assert PeriodSummary.objects.filter(plan=plan, scope="unit").exists()


def test_generated_history_feeds_the_dashboard(client: object) -> None:
    from luoshi.accounts.models import Role
    from luoshi.testing import UserFactory

    call_command("generate", items=200, reports=1500, code="gen-dash")
    leader = UserFactory(username="lingdao", role=Role.LEADER)
    client.force_login(leader)  # type: ignore[attr-defined]
    body = client.get("/plans/gen-dash/dashboard/").content.decode()  # type: ignore[attr-defined]
    assert 'data-testid="lagging"' in body and "2020-09" in body
