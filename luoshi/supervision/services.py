"""Writes for supervision: statuses and their history, overrides, reminders, escalation, notifications,
and the dashboard's per-period figures. Every scheduled step is idempotent."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from luoshi.accounts.models import Role, User
from luoshi.plans.models import Item, Milestone, Plan, Status
from luoshi.reports import periods
from luoshi.reports.models import Report, ReportDue
from luoshi.reports.services import cadence_for, reports_mark_missing
from luoshi.supervision import rules
from luoshi.supervision.models import (
    Escalation,
    Notification,
    PeriodSummary,
    StatusOverride,
    StatusRecord,
    StatusRules,
)

F = TypeVar("F", bound=Callable[..., Any])


def in_site_language(function: F) -> F:
    """Reasons and notifications are stored like remarks, so they are written in the site's language."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


ITEM_FIELDS = (
    "id",
    "plan_id",
    "path",
    "depth",
    "numchild",
    "progress",
    "start_date",
    "due_date",
    "weight",
    "status",
    "status_reason",
    "lead_unit_id",
)


def rules_for(plan: Plan) -> StatusRules:
    try:
        return plan.status_rules
    except StatusRules.DoesNotExist:
        return StatusRules(plan=plan)


def current_period(plan: Plan, today: dt.date | None = None) -> dt.date:
    return cadence_for(plan).period_of(today or plan.today())


# --- status -------------------------------------------------------------------------------------


@dataclass
class RatingContext:
    config: rules.RuleConfig
    milestones: dict[int, list[rules.MilestoneFact]]
    overrides: dict[int, rules.Override]
    previous: dict[int, str]


def _context(plan: Plan, today: dt.date, item_ids: Sequence[int] | None = None) -> RatingContext:
    period = current_period(plan, today)
    prev = periods.previous_period(cadence_for(plan).cadence, period)
    milestones_q = Milestone.objects.filter(item__plan=plan)
    overrides_q = StatusOverride.objects.filter(
        item__plan=plan, cleared_at__isnull=True, expires_on__gte=today
    )
    records_q = StatusRecord.objects.filter(plan=plan, period=prev)
    if item_ids is not None:
        milestones_q = milestones_q.filter(item_id__in=item_ids)
        overrides_q = overrides_q.filter(item_id__in=item_ids)
        records_q = records_q.filter(item_id__in=item_ids)
    milestones: dict[int, list[rules.MilestoneFact]] = defaultdict(list)
    for item_id, title, due, done in milestones_q.values_list("item_id", "title", "due_date", "completed_on"):
        milestones[item_id].append(rules.MilestoneFact(title, due, done))
    overrides: dict[int, rules.Override] = {}
    for o in overrides_q.order_by("created_at"):
        overrides[o.item_id] = rules.Override(o.status, o.reason, o.expires_on)
    previous = dict(records_q.values_list("item_id", "status"))
    return RatingContext(rules_for(plan).config(), milestones, overrides, previous)


def _leaf_verdict(item: Item, today: dt.date, ctx: RatingContext) -> rules.Verdict:
    facts = rules.Facts(
        progress=item.progress,
        start=item.start_date,
        due=item.due_date,
        milestones=ctx.milestones.get(item.pk, ()),
        previous=ctx.previous.get(item.pk),
        override=ctx.overrides.get(item.pk),
    )
    return rules.evaluate(facts, today, ctx.config)


def rate_items(items: list[Item], today: dt.date, ctx: RatingContext) -> list[Item]:
    """Rate every item, deepest first so that parents see their children's new colours.
    ``items`` must hold every child of every parent in it. Returns the items that changed."""
    children: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        children[item.path[: -Item.steplen]].append(item)
    changed = []
    for item in sorted(items, key=lambda i: -i.depth):
        kids = children.get(item.path)
        if kids:
            verdict = rules.evaluate_parent([(k.status, k.weight) for k in kids], today, ctx.config)
            override = ctx.overrides.get(item.pk)
            if override is not None or item.progress >= 100:
                verdict = rules.evaluate(
                    rules.Facts(progress=item.progress, override=override), today, ctx.config
                )
        else:
            verdict = _leaf_verdict(item, today, ctx)
        reason = verdict.reason[:300]
        if (item.status, item.status_reason) != (verdict.status, reason):
            item.status, item.status_reason = verdict.status, reason
            changed.append(item)
    return changed


@in_site_language
def item_verdict(*, item: Item, today: dt.date) -> rules.Verdict:
    """The verdict for one item from its own facts (and, for a parent, its children's colours)."""
    ctx = _context(item.plan, today, [item.pk])
    if item.numchild:
        kids = list(
            Item.objects.filter(
                plan_id=item.plan_id, path__startswith=item.path, depth=item.depth + 1
            ).values_list("status", "weight")
        )
        if kids and item.pk not in ctx.overrides and item.progress < 100:
            return rules.evaluate_parent(kids, today, ctx.config)
    return _leaf_verdict(item, today, ctx)


@in_site_language
@transaction.atomic
def item_status_refresh(*, item: Item, today: dt.date | None = None) -> None:
    """Re-rate an item and its ancestors, nearest first (after an override or an approved report)."""
    today = today or item.plan.today()
    chain = [item, *reversed(list(Item.objects.get_ancestors(item)))] if item.depth > 1 else [item]
    for node in chain:
        node.plan = item.plan
        verdict = item_verdict(item=node, today=today)
        Item.objects.filter(pk=node.pk).update(status=verdict.status, status_reason=verdict.reason[:300])
    status_record_chain(item=item, today=today)


def status_record_chain(*, item: Item, today: dt.date | None = None) -> None:
    """Record the current colours of an item and its ancestors for this period, and have the worker
    refresh the dashboard's figures once the change is committed."""
    plan = item.plan
    today = today or plan.today()
    period = current_period(plan, today)
    chain = Item.objects.filter(
        plan=plan, path__in=[item.path[:n] for n in range(Item.steplen, len(item.path) + 1, Item.steplen)]
    )
    StatusRecord.objects.bulk_create(
        [
            StatusRecord(
                plan=plan,
                item_id=n.pk,
                period=period,
                status=n.status,
                reason=n.status_reason,
                progress=n.progress,
            )
            for n in chain.only("id", "status", "status_reason", "progress")
        ],
        update_conflicts=True,
        unique_fields=["item", "period"],
        update_fields=["status", "reason", "progress", "recorded_at"],
    )
    from luoshi.supervision.tasks import summaries_refresh_plan

    plan_id, when = plan.pk, period.isoformat()
    transaction.on_commit(lambda: summaries_refresh_plan.enqueue(plan_id, when))


@in_site_language
@transaction.atomic
def status_refresh_plan(*, plan: Plan, today: dt.date | None = None) -> int:
    """Rate every item of the plan for ``today``, record the colours of the current period and
    refresh the dashboard's figures. Returns how many items changed colour or reason."""
    today = today or plan.today()
    ctx = _context(plan, today)
    items = list(Item.objects.filter(plan=plan).only(*ITEM_FIELDS))
    changed = rate_items(items, today, ctx)
    Item.objects.bulk_update(changed, ["status", "status_reason"], batch_size=2000)
    period = current_period(plan, today)
    records = [
        StatusRecord(
            plan=plan,
            item_id=i.pk,
            period=period,
            status=i.status,
            reason=i.status_reason,
            progress=i.progress,
        )
        for i in items
    ]
    StatusRecord.objects.bulk_create(
        records,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["item", "period"],
        update_fields=["status", "reason", "progress", "recorded_at"],
    )
    summaries_refresh(plan=plan, period_list=[period])
    return len(changed)


@transaction.atomic
def status_override_set(
    *, item: Item, user: User, status: str, reason: str, expires_on: dt.date, today: dt.date | None = None
) -> StatusOverride:
    today = today or item.plan.today()
    if status not in (Status.GREEN, Status.YELLOW, Status.RED):
        raise ValidationError(_("Choose green, yellow or red."))
    if not reason.strip():
        raise ValidationError(_("Give a reason for setting the colour by hand."))
    if expires_on < today:
        raise ValidationError(_("The expiry date has passed already."))
    StatusOverride.objects.filter(item=item, cleared_at__isnull=True).update(cleared_at=timezone.now())
    override = StatusOverride.objects.create(
        item=item, status=status, reason=reason.strip()[:200], expires_on=expires_on, created_by=user
    )
    item_status_refresh(item=item, today=today)
    return override


@transaction.atomic
def status_override_clear(*, item: Item, today: dt.date | None = None) -> int:
    cleared = StatusOverride.objects.filter(item=item, cleared_at__isnull=True).update(
        cleared_at=timezone.now()
    )
    item_status_refresh(item=item, today=today)
    return cleared


# --- dashboard figures ----------------------------------------------------------------------------


def summaries_refresh(*, plan: Plan, period_list: Iterable[dt.date]) -> int:
    """Recompute the per-period colour counts and report timeliness by plan, pillar and unit."""
    meta = {
        pk: (path[: Item.steplen], unit)
        for pk, path, unit in Item.objects.filter(plan=plan).values_list("pk", "path", "lead_unit_id")
    }
    pillars = dict(Item.objects.filter(plan=plan, depth=1).values_list("path", "pk"))
    rows = 0
    for period in period_list:
        counts: dict[tuple[str, int], Counter[str]] = defaultdict(Counter)
        for item_id, status in StatusRecord.objects.filter(plan=plan, period=period).values_list(
            "item_id", "status"
        ):
            pillar_path, unit_id = meta.get(item_id, ("", None))
            counts[("plan", 0)][status] += 1
            if pillar_path in pillars:
                counts[("pillar", pillars[pillar_path])][status] += 1
            if unit_id:
                counts[("unit", unit_id)][status] += 1
        for item_id, unit_id, outcome in ReportDue.objects.filter(plan=plan, period=period).values_list(
            "item_id", "unit_id", "outcome"
        ):
            pillar_path = meta.get(item_id, ("", None))[0]
            counts[("plan", 0)][outcome] += 1
            if pillar_path in pillars:
                counts[("pillar", pillars[pillar_path])][outcome] += 1
            counts[("unit", unit_id)][outcome] += 1
        summaries = [
            PeriodSummary(
                plan=plan, period=period, scope=scope, key=key, **{f: c.get(f, 0) for f in SUMMARY_FIELDS}
            )
            for (scope, key), c in counts.items()
        ]
        PeriodSummary.objects.filter(plan=plan, period=period).delete()
        PeriodSummary.objects.bulk_create(summaries, batch_size=2000)
        rows += len(summaries)
    return rows


SUMMARY_FIELDS = ("green", "yellow", "red", "done", "none", "on_time", "late", "missing", "pending")


# --- notifications ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    user: User
    kind: str
    key: str
    title: str
    body: str = ""
    url: str = ""


def notifications_send(*, plan: Plan | None, messages: Sequence[Message]) -> list[Notification]:
    """Create the notifications not sent before (by user and key) and e-mail them. Idempotent."""
    if not messages:
        return []
    keys = {m.key for m in messages}
    seen = set(Notification.objects.filter(key__in=keys).values_list("user_id", "key"))
    fresh = [
        Notification(
            user=m.user, plan=plan, kind=m.kind, key=m.key, title=m.title[:200], body=m.body, url=m.url
        )
        for m in messages
        if (m.user.pk, m.key) not in seen
    ]
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    mails = [
        (n.title, f"{n.body}\n\n{n.url}".strip(), settings.DEFAULT_FROM_EMAIL, [n.user.email])
        for n in fresh
        if n.user.email
    ]
    if mails:
        send_mass_mail(mails, fail_silently=True)
        Notification.objects.filter(
            key__in={n.key for n in fresh},
            user__in=[n.user for n in fresh if n.user.email],
            emailed_at__isnull=True,
        ).update(emailed_at=timezone.now())
    return fresh


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())


def _office_users() -> list[User]:
    return list(User.objects.filter(role=Role.OFFICE, is_active=True))


def _unit_reporters(unit_ids: Iterable[int]) -> dict[int, list[User]]:
    out: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(role=Role.REPORTER, is_active=True, unit_id__in=set(unit_ids)):
        out[user.unit_id].append(user)  # type: ignore[index]
    return out


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
            for u in _office_users()
        ],
    )


@in_site_language
def notification_report_returned(*, report: Report) -> None:
    url = reverse("reports:report_detail", kwargs={"report_id": report.pk})
    title = _("Report returned: %(item)s") % {"item": report.item}
    users = _unit_reporters([report.unit_id]).get(report.unit_id, [])
    notifications_send(
        plan=report.plan,
        messages=[
            Message(u, Notification.Kind.RETURNED, f"returned:{report.pk}", title, report.review_note, url)
            for u in users
        ],
    )


# --- reminders and escalation ---------------------------------------------------------------------


def _open_items_by_unit(plan: Plan, period: dt.date) -> dict[int, int]:
    """How many items each unit still owes a report on for ``period``."""
    reported = set(
        ReportDue.objects.filter(plan=plan, period=period, submitted_at__isnull=False).values_list(
            "item_id", flat=True
        )
    )
    owed: Counter[int] = Counter()
    due = cadence_for(plan).due_date(period)
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
    cadence = cadence_for(plan)
    period = cadence.period_of(today)
    due = cadence.due_date(period)
    url = reverse("reports:my_reports")
    messages: list[Message] = []
    if 0 <= (due - today).days <= cadence.remind_days_before:
        owed = _open_items_by_unit(plan, period)
        for unit_id, users in _unit_reporters(owed).items():
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
        for unit_id, users in _unit_reporters(missing).items():
            title = _("%(count)d reports overdue since %(due)s") % {
                "count": missing[unit_id],
                "due": cadence.due_date(last).isoformat(),
            }
            messages += [
                Message(u, Notification.Kind.OVERDUE, f"overdue:{plan.pk}:{last}", title, plan.name, url)
                for u in users
            ]
    return len(notifications_send(plan=plan, messages=messages))


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
    cadence = cadence_for(plan)
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
    url = reverse("supervision:dashboard", kwargs={"code": plan.code})
    messages: list[Message] = []
    office = _office_users()
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
        leaders = list(User.objects.filter(role=Role.LEADER, is_active=True))
        messages += [
            Message(u, Notification.Kind.TALK, f"talk:{plan.pk}:{period}", title, plan.name, url)
            for u in [*office, *leaders]
        ]
    notifications_send(plan=plan, messages=messages)


def supervision_run(*, plan: Plan, today: dt.date | None = None) -> dict[str, int]:
    """The scheduled run: rate, record, mark missing reports, remind, escalate. Safe to repeat."""
    today = today or plan.today()
    missing = reports_mark_missing(plan=plan, today=today)
    changed = status_refresh_plan(plan=plan, today=today)
    reminders = reminders_run(plan=plan, today=today)
    escalations = escalations_run(plan=plan, today=today)
    return {"changed": changed, "missing": missing, "reminders": reminders, "escalations": escalations}
