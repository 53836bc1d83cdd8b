"""Reads for each role's to-do (待办): what the signed-in user owes or must decide, with counts that
come from the same queries as the pages they link to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from luoshi.accounts import access
from luoshi.accounts.models import User
from luoshi.notices.models import Instruction, Notice, NoticeExtension, NoticeTarget
from luoshi.notices.services import REMIND_DAYS_BEFORE
from luoshi.notifications.models import Notification
from luoshi.notifications.selectors import unread_count
from luoshi.plans.models import Item, Plan, Status, Unit
from luoshi.reports import selectors as report_selectors
from luoshi.reports.models import Report, ReportDue

NOTIFICATIONS_SHOWN = 10
SEVERITY = {Status.RED: 0, Status.YELLOW: 1}
# A list on the to-do page shows this many rows, the most urgent first; its count is of them all, and
# the rest are a click away (the full list's own page). A 50,000-item plan has tens of thousands.
LIST_LIMIT = 50
# Notices issued in one go: the red items after these wait for the next batch, so that a preview and
# its issue stay a page and a request long (one notice is a numbered document and its notifications).
NOTICE_BATCH = 100


def own_plans(user: User) -> list[Plan]:
    """The plans of the organisation the user acts in (those below it are only read, not worked on)."""
    return list(access.plans_visible(user).filter(organisation_id=user.organisation_id).order_by("pk"))


# --- the reporter ---------------------------------------------------------------------------------


@dataclass
class OwedItem:
    item: Item
    report: Report | None  # this period's draft, if one is started
    planned: int | None  # 序时进度 at the period's end
    last: Report | None  # the last approved report before this period


@dataclass
class PlanDue:
    plan: Plan
    period: dt.date
    due: dt.date
    monthly: bool
    items: list[OwedItem] = field(default_factory=list)  # the first LIST_LIMIT
    overdue: bool = False  # the due date has passed on the plan's date
    count: int = 0  # of every item owed

    @property
    def more(self) -> int:
        return self.count - len(self.items)

    @property
    def due_label(self) -> str:
        return _("%(month)d/%(day)d") % {"month": self.due.month, "day": self.due.day}


def owed_items(plan: Plan, period: dt.date) -> QuerySet[Item]:
    """The leaf items whose lead unit still owes ``period``'s report: as the reminders count them
    (not done, begun by the due date, no report submitted for the period yet)."""
    due = plan.cadence().due_date(period)
    reported = ReportDue.objects.filter(plan=plan, period=period, submitted_at__isnull=False)
    return (
        Item.objects.filter(plan=plan, numchild=0, lead_unit__isnull=False)
        .exclude(status=Status.DONE)
        .exclude(start_date__gt=due)
        .exclude(pk__in=reported.values("item_id"))
    )


def reporter_plans(user: User) -> list[PlanDue]:
    """This period's reports the user's unit owes, plan by plan."""
    out: list[PlanDue] = []
    for plan in own_plans(user):
        cadence = plan.cadence()
        period = cadence.period_of(plan.today())
        owed = owed_items(plan, period).filter(lead_unit_id=user.unit_id)
        items = list(owed.order_by("path")[:LIST_LIMIT])
        drafts = {
            r.item_id: r
            for r in Report.objects.filter(item__in=items, period=period, state=Report.State.DRAFT).order_by(
                "version"
            )
        }
        last = report_selectors.last_approved([i.pk for i in items], period)
        end = report_selectors.period_end(plan, period)
        due = cadence.due_date(period)
        row = PlanDue(plan, period, due, cadence.cadence == cadence.Cadence.MONTHLY)
        row.overdue = due < plan.today()
        row.count = len(items) if len(items) < LIST_LIMIT else owed.count()
        row.items = [
            OwedItem(i, drafts.get(i.pk), report_selectors.planned_progress(i, end), last.get(i.pk))
            for i in items
        ]
        if items or Item.objects.filter(plan=plan, lead_unit_id=user.unit_id).exists():
            out.append(row)
    return out


def returned_reports(user: User) -> list[Report]:
    """The unit's returned reports not yet revised (no newer version of the same item and period)."""
    reports = Report.objects.filter(
        unit_id=user.unit_id or 0,
        state=Report.State.RETURNED,
        plan__organisation_id=user.organisation_id,
    ).select_related("item", "plan", "reviewed_by")
    rows = list(reports.order_by("reviewed_at", "pk"))
    latest: dict[tuple[int, dt.date], int] = {}
    for item_id, period, version in (
        Report.objects.filter(item_id__in={r.item_id for r in rows}, period__in={r.period for r in rows})
        .values("item_id", "period")
        .order_by()
        .annotate(v=Max("version"))
        .values_list("item_id", "period", "v")
    ):
        latest[(item_id, period)] = version
    return [r for r in rows if latest.get((r.item_id, r.period)) == r.version]


def unit_notices(user: User) -> list[NoticeTarget]:
    """Open notices addressed to the unit that still await its reply, the earliest deadline first."""
    return list(
        NoticeTarget.objects.filter(
            unit_id=user.unit_id or 0,
            state__in=NoticeTarget.OWING,
            notice__state=Notice.State.OPEN,
            notice__plan__organisation_id=user.organisation_id,
        )
        .select_related("notice", "notice__plan", "notice__item")
        .order_by("deadline", "notice__sequence")
    )


def reporter_home(user: User) -> dict[str, Any]:
    plans = reporter_plans(user)
    return {
        "returned": returned_reports(user),
        "notices": unit_notices(user),
        "plans": plans,
        "owed": sum(p.count for p in plans),
    }


# --- the office -----------------------------------------------------------------------------------


def units_not_reported(plan: Plan, period: dt.date) -> list[tuple[Unit, int]]:
    """Each unit that still owes reports for ``period``, with how many, by unit name."""
    owed = dict(
        owed_items(plan, period)
        .values("lead_unit_id")
        .order_by()
        .annotate(n=Count("pk"))
        .values_list("lead_unit_id", "n")
    )
    units = Unit.objects.filter(pk__in=owed).order_by("name")
    return [(unit, owed[unit.pk]) for unit in units]


def notice_batch(plan: Plan) -> QuerySet[Item]:
    """The red items with a lead unit whose notices are issued in the next batch, in plan order."""
    return red_without_notice(plan).filter(lead_unit__isnull=False)[:NOTICE_BATCH]


def red_without_notice(plan: Plan) -> QuerySet[Item]:
    """Red leaf items with no open notice on them, in plan order."""
    return (
        Item.objects.filter(plan=plan, numchild=0, status=Status.RED)
        .exclude(notices__state=Notice.State.OPEN)
        .select_related("lead_unit", "leader")
        .order_by("path")
    )


def notices_due(plan: Plan) -> list[NoticeTarget]:
    """Addressed units of open notices whose reply is due within the reminder window or overdue."""
    limit = plan.today() + dt.timedelta(days=REMIND_DAYS_BEFORE)
    return list(
        NoticeTarget.objects.filter(
            notice__plan=plan,
            notice__state=Notice.State.OPEN,
            state__in=NoticeTarget.OWING,
            deadline__lte=limit,
        )
        .select_related("notice", "unit")
        .order_by("deadline", "notice__sequence", "unit__name")
    )


def extensions_pending(plan: Plan) -> list[NoticeExtension]:
    return list(
        NoticeExtension.objects.filter(target__notice__plan=plan, decision=NoticeExtension.Decision.PENDING)
        .select_related("target__notice", "target__unit")
        .order_by("requested_at", "id")
    )


@dataclass
class OfficePlan:
    plan: Plan
    period: dt.date
    today: dt.date
    not_reported: list[tuple[Unit, int]]
    red: list[Item]  # the first LIST_LIMIT
    red_count: int  # of them all
    notices_due: list[NoticeTarget]
    extensions: list[NoticeExtension]


def office_home(user: User) -> dict[str, Any]:
    plans: list[OfficePlan] = []
    for plan in own_plans(user):
        if not access.manages_plan(user, plan):
            continue
        period = plan.current_period()
        red = list(red_without_notice(plan)[: LIST_LIMIT + 1])
        plans.append(
            OfficePlan(
                plan=plan,
                period=period,
                today=plan.today(),
                not_reported=units_not_reported(plan, period),
                red=red[:LIST_LIMIT],
                red_count=len(red) if len(red) <= LIST_LIMIT else red_without_notice(plan).count(),
                notices_due=notices_due(plan),
                extensions=extensions_pending(plan),
            )
        )
    queue = report_selectors.review_queue(user)
    end = {r.pk: report_selectors.period_end(r.plan, r.period) for r in queue}
    return {
        "queue": [(r, report_selectors.planned_progress(r.item, end[r.pk])) for r in queue],
        "plans": plans,
        "counts": {
            "queue": len(queue),
            "not_reported": sum(len(p.not_reported) for p in plans),
            "red": sum(p.red_count for p in plans),
            "notices_due": sum(len(p.notices_due) for p in plans),
            "extensions": sum(len(p.extensions) for p in plans),
        },
    }


# --- the leader -----------------------------------------------------------------------------------


@dataclass
class LeaderItem:
    item: Item
    planned: int | None  # 序时进度 on the plan's date
    gap: int  # planned minus progress, in points


def leader_items(user: User, *, limit: int | None = None) -> tuple[list[LeaderItem], int, int]:
    """The items the leader answers for: red, then yellow, then the widest gap to planned progress;
    the first ``limit`` of them (all without one), how many there are and how many are lagging.
    The order is worked out on plain values; only the rows shown are read as items."""
    if user.leader_id is None:
        return [], 0, 0
    mine = Item.objects.filter(Q(leader_id=user.leader_id), plan__organisation_id=user.organisation_id)
    today = {p.pk: p.today() for p in Plan.objects.filter(pk__in=mine.values("plan_id"))}
    keys = []
    for pk, plan_id, path, status, progress, start, due in mine.values_list(
        "pk", "plan_id", "path", "status", "progress", "start_date", "due_date"
    ):
        planned = report_selectors.planned_progress_of(start, due, today[plan_id])
        gap = (planned or 0) - progress if planned is not None else 0
        keys.append(((SEVERITY.get(status, 2), -gap, plan_id, path), pk, planned, gap, status))
    keys.sort(key=lambda k: k[0])
    lagging = sum(1 for k in keys if k[4] in SEVERITY)
    shown = keys if limit is None else keys[:limit]
    items = Item.objects.select_related("plan", "lead_unit").in_bulk([k[1] for k in shown])
    return [LeaderItem(items[k[1]], k[2], k[3]) for k in shown if k[1] in items], len(keys), lagging


def instructions_waiting(user: User) -> list[Instruction]:
    """The leader's own instructions (批示, not praise or criticism) no notice has come of yet."""
    return list(
        Instruction.objects.filter(
            author=user,
            kind=Instruction.Kind.DIRECTIVE,
            plan__organisation_id=user.organisation_id,
            notices__isnull=True,
        )
        .select_related("item")
        .order_by("created_at", "id")
    )


def leader_home(user: User) -> dict[str, Any]:
    items, count, lagging = leader_items(user, limit=LIST_LIMIT)
    unread = list(
        Notification.objects.filter(user=user, read_at__isnull=True).order_by("-created_at", "-id")[
            :NOTIFICATIONS_SHOWN
        ]
    )
    return {
        "items": items,
        "count": count,
        "more": count - len(items),
        "lagging": lagging,
        "unread": unread,
        "unread_count": unread_count(user),
        "instructions": instructions_waiting(user),
    }
