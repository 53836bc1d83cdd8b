"""Escalation: items yellow for N periods in a row go to the office, red for M in a row to a talk (约谈)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.accounts.models import Role
from luoshi.lib import periods
from luoshi.lib.translation import in_site_language
from luoshi.notifications.models import Notification
from luoshi.notifications.services import Message, notifications_send, office_users, organisation_users
from luoshi.plans.models import Item, Plan, Status
from luoshi.status.models import Escalation, StatusRecord
from luoshi.status.services import rules_for


def _trailing_run(statuses: list[str], colour: str) -> int:
    run = 0
    for status in reversed(statuses):
        if status != colour:
            break
        run += 1
    return run


@in_site_language
@transaction.atomic
def escalations_run(*, plan: Plan, today: dt.date) -> int:
    """Flag items yellow for N periods in a row to the office, and red for M in a row for a talk (约谈)."""
    config = rules_for(plan)
    cadence = plan.cadence()
    period = cadence.period_of(today)
    depth = max(config.escalate_yellow_runs, config.talk_red_runs, 1)
    recent = [period]
    for _i in range(depth - 1):
        recent.insert(0, periods.previous_period(cadence.cadence, recent[0]))
    history: dict[int, dict[dt.date, str]] = defaultdict(dict)
    leaves = Item.objects.filter(plan=plan, numchild=0)
    for item_id, when, status in StatusRecord.objects.filter(
        plan=plan, period__in=recent, item__in=leaves
    ).values_list("item_id", "period", "status"):
        history[item_id][when] = status
    flags = []
    for item_id, by_period in history.items():
        statuses = [by_period.get(p, "") for p in recent]
        for kind, colour, needed in (
            (Escalation.Kind.OFFICE, Status.YELLOW, config.escalate_yellow_runs),
            (Escalation.Kind.TALK, Status.RED, config.talk_red_runs),
        ):
            run = _trailing_run(statuses, colour)
            if needed and run >= needed:
                reason = (
                    _("Yellow for %(runs)d periods in a row")
                    if colour == Status.YELLOW
                    else _("Red for %(runs)d periods in a row")
                ) % {"runs": run}
                flags.append(
                    Escalation(plan=plan, item_id=item_id, kind=kind, period=period, runs=run, reason=reason)
                )
    existing = set(Escalation.objects.filter(plan=plan, period=period).values_list("item_id", "kind"))
    fresh = [f for f in flags if (f.item_id, f.kind) not in existing]
    Escalation.objects.bulk_create(fresh, ignore_conflicts=True)
    _notify_escalations(plan, period, fresh)
    return len(fresh)


def _notify_escalations(plan: Plan, period: dt.date, fresh: Sequence[Escalation]) -> None:
    by_kind = Counter(f.kind for f in fresh)
    url = reverse("dashboard:dashboard", kwargs={"code": plan.code})
    messages: list[Message] = []
    office = office_users(plan)
    if by_kind[Escalation.Kind.OFFICE]:
        title = _("%(count)d items escalated: yellow periods in a row") % {
            "count": by_kind[Escalation.Kind.OFFICE]
        }
        messages += [
            Message(u, Notification.Kind.ESCALATION, f"escalation:{plan.pk}:{period}", title, plan.name, url)
            for u in office
        ]
    if by_kind[Escalation.Kind.TALK]:
        title = _("%(count)d items flagged for a talk: red periods in a row") % {
            "count": by_kind[Escalation.Kind.TALK]
        }
        leaders = organisation_users(plan, Role.LEADER)
        messages += [
            Message(u, Notification.Kind.TALK, f"talk:{plan.pk}:{period}", title, plan.name, url)
            for u in [*office, *leaders]
        ]
    notifications_send(plan=plan, messages=messages)
