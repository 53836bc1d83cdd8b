"""Bulk actions of the office's to-do. Each takes exactly what its preview showed (ids, and versions
where they exist), checks under the same transaction that nothing changed since, and then calls the
rooms' own services once per row: approving reports, chasing units, issuing notices, moving items to
another lead unit. If anything changed, or a service refuses a row, nothing at all is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.accounts.models import User
from luoshi.lib.translation import in_site_language
from luoshi.notices import services as notice_services
from luoshi.notifications.models import Notification
from luoshi.notifications.services import Message, notifications_send, unit_reporters
from luoshi.plans.models import Item, Plan, Unit
from luoshi.reports import services as report_services
from luoshi.reports.models import Report
from luoshi.status import changes
from luoshi.todo import selectors


class BatchChangedError(Exception):
    """What the preview showed is no longer so; ``changed`` names each row that differs."""

    def __init__(self, message: str, changed: Sequence[str]) -> None:
        super().__init__(message)
        self.changed = list(changed)


@transaction.atomic
def reports_approve(*, user: User, report_ids: Sequence[int], note: str = "") -> list[Report]:
    """Approve every report of ``report_ids`` (all still awaiting review), or none."""
    reports = list(
        Report.objects.select_for_update()
        .filter(pk__in=report_ids)
        .select_related("item", "unit")
        .order_by("pk")
    )
    changed = [f"{r.item} · {r.unit}" for r in reports if r.state != Report.State.SUBMITTED]
    if changed or len(reports) != len(set(report_ids)):
        raise BatchChangedError(_("Some of these reports were reviewed by someone else meanwhile."), changed)
    return [report_services.report_approve(report=r, user=user, note=note) for r in reports]


def _same(shown: Sequence[int], now: Mapping[int, str]) -> list[str]:
    """The rows that differ between the ids shown and the ids that apply now (named as now)."""
    gone = [str(pk) for pk in shown if pk not in now]
    new = [name for pk, name in now.items() if pk not in set(shown)]
    return new + ([_("%(count)d rows no longer apply") % {"count": len(gone)}] if gone else [])


@in_site_language
@transaction.atomic
def units_chase(*, user: User, plan: Plan, period: dt.date, unit_ids: Sequence[int]) -> int:
    """Send a chaser (催办) to the reporters of every unit that has not reported for ``period``.
    ``unit_ids`` are the units the preview listed; if the list is not the same now, nothing is sent.
    One chaser per unit, period and day: sending twice on a day sends nothing new."""
    owed = dict((unit.pk, (unit, count)) for unit, count in selectors.units_not_reported(plan, period))
    changed = _same(unit_ids, {pk: str(u) for pk, (u, _n) in owed.items()})
    if changed:
        raise BatchChangedError(_("The units that owe reports have changed meanwhile."), changed)
    cadence = plan.cadence()
    due = cadence.due_date(period)
    today = plan.today()
    url = reverse("reports:my_reports")
    messages: list[Message] = []
    for unit_id, users in unit_reporters(owed).items():
        title = _("Chaser: %(count)d reports for %(plan)s due %(due)s") % {
            "count": owed[unit_id][1],
            "plan": plan.name,
            "due": due.isoformat(),
        }
        kind = Notification.Kind.OVERDUE if due < today else Notification.Kind.DUE
        key = f"chase:{plan.pk}:{period}:{unit_id}:{today}"
        messages += [Message(u, kind, key, title, _("Sent by %(user)s") % {"user": user}, url) for u in users]
    notifications_send(plan=plan, messages=messages)
    return len(owed)


@transaction.atomic
def notices_issue_for_red(
    *,
    user: User,
    plan: Plan,
    item_ids: Sequence[int],
    deadline: dt.date,
    requirement: str,
) -> list[int]:
    """Issue one notice (督办单) to the lead unit of each red item without an open notice, as listed by
    the preview (``item_ids``: the batch of :func:`selectors.notice_batch`). Returns the notices' ids."""
    now = {i.pk: str(i) for i in selectors.notice_batch(plan)}
    changed = _same(item_ids, now)
    if changed:
        raise BatchChangedError(_("The red items without an open notice have changed meanwhile."), changed)
    issued = []
    for item in Item.objects.filter(pk__in=item_ids).select_related("plan", "lead_unit").order_by("path"):
        assert item.lead_unit is not None
        notice = notice_services.notice_issue(
            item=item,
            user=user,
            units=[item.lead_unit],
            title=_("Seriously lagging: %(item)s") % {"item": item.title},
            requirement=requirement,
            deadline=deadline,
        )
        issued.append(notice.pk)
    return issued


@transaction.atomic
def items_reassign(*, user: User, plan: Plan, versions: Mapping[int, int], unit: Unit) -> list[Item]:
    """Make ``unit`` the lead unit of every item of ``versions`` (id → the version the preview read),
    through the one recompute path. A stale version refuses the whole batch, naming every stale item."""
    if unit.organisation_id != plan.organisation_id:
        raise ValidationError(_("Choose a unit of the plan's own organisation."))
    items = {i.pk: i for i in Item.objects.filter(plan=plan, pk__in=versions).order_by("path")}
    stale = [str(i) for pk, i in items.items() if i.version != versions[pk]]
    if stale or len(items) != len(versions):
        raise BatchChangedError(_("Some of these items were changed by someone else meanwhile."), stale)
    done = []
    for pk, item in items.items():
        try:
            done.append(
                changes.item_update(
                    item_id=pk,
                    expected_version=versions[pk],
                    data={"lead_unit": unit},
                    allowed_fields={"lead_unit"},
                )
            )
        except changes.ConflictError as exc:  # saved between the check and the write
            raise BatchChangedError(
                _("Some of these items were changed by someone else meanwhile."), [str(item)]
            ) from exc
    return done
