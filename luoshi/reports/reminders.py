"""Messages about reports: to the office when one is submitted, to the unit when one is returned, and
reminders of reports due soon or overdue. Every message is keyed, so repeating a run sends nothing twice."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.lib import periods
from luoshi.lib.translation import in_site_language
from luoshi.notifications.models import Notification
from luoshi.notifications.services import Message, notifications_send, office_users, unit_reporters
from luoshi.plans.models import Item, Plan, Status
from luoshi.reports.models import Report, ReportDue


@in_site_language
def notification_report_submitted(*, report: Report) -> None:
    url = reverse("reports:report_detail", kwargs={"report_id": report.pk})
    title = _("Report to review: %(item)s (version %(version)d)") % {
        "item": report.item,
        "version": report.version,
    }
    notifications_send(
        plan=report.plan,
        messages=[
            Message(u, Notification.Kind.SUBMITTED, f"submitted:{report.pk}", title, "", url)
            for u in office_users(report.plan)
        ],
    )


@in_site_language
def notification_report_returned(*, report: Report) -> None:
    url = reverse("reports:report_detail", kwargs={"report_id": report.pk})
    title = _("Report returned: %(item)s") % {"item": report.item}
    users = unit_reporters([report.unit_id]).get(report.unit_id, [])
    notifications_send(
        plan=report.plan,
        messages=[
            Message(u, Notification.Kind.RETURNED, f"returned:{report.pk}", title, report.review_note, url)
            for u in users
        ],
    )


def _open_items_by_unit(plan: Plan, period: dt.date) -> dict[int, int]:
    """How many items each unit still owes a report on for ``period``."""
    reported = set(
        ReportDue.objects.filter(plan=plan, period=period, submitted_at__isnull=False).values_list(
            "item_id", flat=True
        )
    )
    owed: Counter[int] = Counter()
    due = plan.cadence().due_date(period)
    for pk, unit_id in (
        Item.objects.filter(plan=plan, numchild=0, lead_unit__isnull=False)
        .exclude(status=Status.DONE)
        .exclude(start_date__gt=due)
        .values_list("pk", "lead_unit_id")
    ):
        if pk not in reported:
            owed[unit_id] += 1
    return owed


@in_site_language
def reminders_run(*, plan: Plan, today: dt.date) -> int:
    """Remind reporters of reports due soon, and of reports overdue for the last period. Idempotent."""
    cadence = plan.cadence()
    period = cadence.period_of(today)
    due = cadence.due_date(period)
    url = reverse("reports:my_reports")
    messages: list[Message] = []
    if 0 <= (due - today).days <= cadence.remind_days_before:
        owed = _open_items_by_unit(plan, period)
        for unit_id, users in unit_reporters(owed).items():
            title = _("%(count)d reports due on %(due)s") % {"count": owed[unit_id], "due": due.isoformat()}
            messages += [
                Message(u, Notification.Kind.DUE, f"due:{plan.pk}:{period}", title, plan.name, url)
                for u in users
            ]
    last = period if due < today else periods.previous_period(cadence.cadence, period)
    if last >= cadence.period_of(plan.start_date) and cadence.due_date(last) < today:
        missing = Counter(
            ReportDue.objects.filter(plan=plan, period=last, outcome=ReportDue.Outcome.MISSING).values_list(
                "unit_id", flat=True
            )
        )
        for unit_id, users in unit_reporters(missing).items():
            title = _("%(count)d reports overdue since %(due)s") % {
                "count": missing[unit_id],
                "due": cadence.due_date(last).isoformat(),
            }
            messages += [
                Message(u, Notification.Kind.OVERDUE, f"overdue:{plan.pk}:{last}", title, plan.name, url)
                for u in users
            ]
    return len(notifications_send(plan=plan, messages=messages))
