"""What falls due, and when, for one user: report due dates, milestones, items' due dates and notices'
reply deadlines (moved by granted extensions), scoped to the role the user acts in.

- the office: everything of its own organisation's plans (not those of the organisations below);
- a reporter: its unit's items (lead unit, and, marked, the items it cooperates on), its unit's
  reports, and the notices addressed to its unit;
- a leader: the items it answers for (``Item.leader``), their reports and notices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import groupby
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from luoshi.accounts.access import can_view_plans, plans_visible
from luoshi.accounts.models import Role
from luoshi.lib import periods
from luoshi.lib.memory import collector_paused
from luoshi.notices.models import Notice, NoticeExtension, NoticeTarget
from luoshi.plans.models import Item, Milestone, Plan, Status
from luoshi.reports.models import ReportDue


class Kind:
    REPORT = "report"
    MILESTONE = "milestone"
    ITEM = "item"
    NOTICE = "notice"


@dataclass(frozen=True)
class Entry:
    day: dt.date
    kind: str
    title: str
    detail: str
    url: str
    overdue: bool
    uid: str
    plan_name: str


def plans_in_scope(user: Any) -> QuerySet[Plan]:
    """The plans whose dates the user's calendar shows: the office's own organisation's, a reporter's
    and a leader's organisation's (as ``plans_visible``, without the organisations below)."""
    if not can_view_plans(user):
        return Plan.objects.none()
    return plans_visible(user).select_related("report_cadence").filter(organisation_id=user.organisation_id)


def items_in_scope(user: Any, plans: QuerySet[Plan]) -> QuerySet[Item]:
    items = Item.objects.filter(plan__in=plans)
    if user.is_superuser or user.role == Role.OFFICE:
        return items
    if user.role == Role.REPORTER and user.unit_id is not None:
        return items.filter(Q(lead_unit_id=user.unit_id) | Q(cooperating_units=user.unit_id)).distinct()
    if user.role == Role.LEADER and user.leader_id is not None:
        return items.filter(leader_id=user.leader_id)
    return items.none()


def calendar_today(plans: list[Plan]) -> dt.date:
    """The day the calendar highlights: the plans' as-of date when they all share one (a demo, a plan
    rated as of the day its figures were collected), else the site's date."""
    days = {plan.today() for plan in plans}
    return days.pop() if len(days) == 1 else timezone.localdate()


def entries(user: Any, first: dt.date, last: dt.date) -> list[Entry]:
    """Everything in [first, last] the user's role may see, by day, then kind, then title."""
    return [build() for _key, _overdue, build in _rows(user, first, last)]


@dataclass(frozen=True)
class Day:
    """A day's first entries, how many there are in all and whether any is overdue."""

    entries: list[Entry]
    count: int
    overdue: bool


def days(user: Any, first: dt.date, last: dt.date, *, limit: int) -> dict[dt.date, Day]:
    """For each day of [first, last] with anything due, its first ``limit`` entries in the order of
    ``entries`` with the day's count and overdue flag: the same cells as cutting ``entries``, without
    making an entry for each of the thousands of items a plan can have due in one month."""
    out: dict[dt.date, Day] = {}
    for day, group in groupby(_rows(user, first, last), key=lambda row: row[0][0]):
        found = list(group)
        out[day] = Day(
            entries=[build() for _key, _overdue, build in found[:limit]],
            count=len(found),
            overdue=any(overdue for _key, overdue, _build in found),
        )
    return out


def day_page(user: Any, day: dt.date, *, offset: int, limit: int) -> Day:
    """One day's entries from ``offset``, at most ``limit`` of them, with the day's count and overdue
    flag: the list behind a day's "N more"."""
    found = _rows(user, day, day)
    return Day(
        entries=[build() for _key, _overdue, build in found[offset : offset + limit]],
        count=len(found),
        overdue=any(overdue for _key, overdue, _build in found),
    )


def feed_entries(user: Any, first: dt.date, last: dt.date, *, per_day: int) -> list[Entry]:
    """``entries`` for a calendar app: of each kind on each day, the first ``per_day`` entries, and the
    rest as one entry that counts them and links to the day's list. An office's plan can have hundreds
    of items due on one day and tens of thousands in the feed's window, more than any calendar app
    shows (or accepts); a reporter's or a leader's days rarely reach the limit."""
    out: list[Entry] = []
    with collector_paused():
        for (day, kind), group in groupby(_rows(user, first, last), key=lambda row: row[0][:2]):
            found = list(group)
            out += [build() for _key, _overdue, build in found[:per_day]]
            rest = found[per_day:]
            if rest:
                overdue = sum(1 for _key, late, _build in rest if late)
                out.append(
                    Entry(
                        day=day,
                        kind=kind,
                        title=_more_title(kind, len(rest)),
                        detail=_("%(count)d of them overdue") % {"count": overdue} if overdue else "",
                        url=reverse("calendar:calendar") + f"?day={day.isoformat()}",
                        overdue=bool(overdue),
                        uid=f"{kind}-more-{day.isoformat()}",
                        plan_name="",
                    )
                )
    return out


def _more_title(kind: str, count: int) -> str:
    if kind == Kind.ITEM:
        return ngettext("%(count)d more item due", "%(count)d more items due", count) % {"count": count}
    if kind == Kind.MILESTONE:
        return ngettext("%(count)d more milestone", "%(count)d more milestones", count) % {"count": count}
    if kind == Kind.NOTICE:
        return ngettext("%(count)d more notice reply due", "%(count)d more notice replies due", count) % {
            "count": count
        }
    return ngettext("%(count)d more report due", "%(count)d more reports due", count) % {"count": count}


Row = tuple[tuple[dt.date, str, str, str], bool, Callable[[], Entry]]


def _rows(user: Any, first: dt.date, last: dt.date) -> list[Row]:
    """Everything in [first, last] as rows in the order of ``entries``: each one's sort key, whether it
    is overdue, and a function making its entry (the items' entries are made only when asked for)."""
    scope = _scope(user)
    if scope is None:
        return []
    plans, plan_qs, items = scope
    made = (
        _report_entries(user, plans, items, first, last)
        + _milestone_entries(user, plans, items, first, last)
        + _notice_entries(user, plan_qs, items, first, last)
    )
    # Tens of thousands of rows (tuples and partials, no cycles) for an office's year: the collector
    # paused while they are made halves the time.
    with collector_paused():
        rows: list[Row] = [(_order(entry), entry.overdue, partial(_same, entry)) for entry in made]
        rows += _item_rows(user, items, first, last)
        rows.sort(key=lambda row: row[0])
    return rows


def _same(entry: Entry) -> Entry:
    return entry


def _order(entry: Entry) -> tuple[dt.date, str, str, str]:
    return (entry.day, entry.kind, entry.title, entry.uid)


def _scope(user: Any) -> tuple[list[Plan], QuerySet[Plan], QuerySet[Item]] | None:
    plans = list(plans_in_scope(user))
    if not plans:
        return None
    plan_qs = Plan.objects.filter(pk__in=[p.pk for p in plans])
    return plans, plan_qs, items_in_scope(user, plan_qs)


def _coop_note(user: Any, lead_unit_id: int | None) -> str:
    """For a reporter, an item its unit only cooperates on (another unit leads it)."""
    if user.role == Role.REPORTER and lead_unit_id != user.unit_id:
        return _("cooperating unit")
    return ""


def _report_entries(
    user: Any, plans: list[Plan], items: QuerySet[Item], first: dt.date, last: dt.date
) -> list[Entry]:
    """One entry per plan and reporting period due in the range: how many of the user's items still owe
    that period's report. Cooperating units do not write the report, so only lead items count."""
    owing = items.filter(numchild=0, lead_unit__isnull=False).exclude(status=Status.DONE)
    if user.role == Role.REPORTER:
        owing = owing.filter(lead_unit_id=user.unit_id)
    # Counted by the database, a query per period due in the range: a plan's owing items can be tens of
    # thousands, and reading them to count in Python cost more than the rest of the calendar.
    out: list[Entry] = []
    url = reverse("reports:my_reports")
    for plan in plans:
        cadence = plan.cadence()
        lo, hi = max(first, plan.start_date), min(last, plan.end_date)
        if lo > hi:
            continue
        wanted = [
            p
            for p in periods.periods_between(cadence.cadence, lo - dt.timedelta(days=7), hi)
            if lo <= cadence.due_date(p) <= hi
        ]
        plan_owing = owing.filter(plan_id=plan.pk)
        if not wanted or not plan_owing.exists():
            continue
        today = plan.today()
        label = _("Weekly report due") if cadence.cadence == periods.WEEKLY else _("Monthly report due")
        for period in wanted:
            due = cadence.due_date(period)
            submitted = ReportDue.objects.filter(plan=plan, period=period, submitted_at__isnull=False)
            owed = (
                plan_owing.filter(Q(start_date__isnull=True) | Q(start_date__lte=due))
                .exclude(pk__in=submitted.values("item_id"))
                .count()
            )
            detail = _("%(count)d items not reported yet") % {"count": owed} if owed else _("All reported")
            out.append(
                Entry(
                    day=due,
                    kind=Kind.REPORT,
                    title=f"{label} · {periods.period_label(cadence.cadence, period)}",
                    detail=detail,
                    url=url,
                    overdue=bool(owed) and due < today,
                    uid=f"report-{plan.pk}-{period.isoformat()}",
                    plan_name=plan.name,
                )
            )
    return out


def _milestone_entries(
    user: Any, plans: list[Plan], items: QuerySet[Item], first: dt.date, last: dt.date
) -> list[Entry]:
    """Read as plain values, as the items are: a feed's year holds hundreds of milestones."""
    rows = Milestone.objects.filter(item__in=items, due_date__range=(first, last)).values_list(
        "pk",
        "title",
        "due_date",
        "completed_on",
        "item_id",
        "item__title",
        "item__lead_unit_id",
        "item__plan_id",
    )
    by_pk = {plan.pk: plan for plan in plans}
    today = {pk: plan.today() for pk, plan in by_pk.items()}
    prefix = reverse("web:item_detail", args=[0]).removesuffix("0/")
    completed = _("%(item)s · completed on %(day)s")
    milestone_title = _("Milestone: %(title)s")
    out: list[Entry] = []
    for pk, title, due, completed_on, item_id, item_title, lead_unit_id, plan_id in rows:
        detail = item_title
        if completed_on:
            detail = completed % {"item": item_title, "day": completed_on.isoformat()}
        note = _coop_note(user, lead_unit_id)
        out.append(
            Entry(
                day=due,
                kind=Kind.MILESTONE,
                title=milestone_title % {"title": title},
                detail=f"{detail} · {note}" if note else detail,
                url=f"{prefix}{item_id}/",
                overdue=completed_on is None and due < today[plan_id],
                uid=f"milestone-{pk}",
                plan_name=by_pk[plan_id].name,
            )
        )
    return out


def _item_rows(user: Any, items: QuerySet[Item], first: dt.date, last: dt.date) -> list[Row]:
    """The items due in [first, last] as rows of ``_rows``: each one's sort key (day, kind, title,
    uid), whether it is overdue, and a function making its entry. Read as plain values: a month can hold thousands of due
    dates, and model instances with their plan and unit cost more than the entries."""
    plans = {p.pk: p for p in Plan.objects.filter(pk__in=items.values("plan_id"))}
    today = {pk: plan.today() for pk, plan in plans.items()}
    prefix = reverse("web:item_detail", args=[0]).removesuffix("0/")
    rows = items.filter(due_date__range=(first, last)).values_list(
        "pk",
        "plan_id",
        "number",
        "title",
        "due_date",
        "progress",
        "status",
        "lead_unit_id",
        "lead_unit__name",
    )
    # The messages translated once, not per row (three lookups a row were half of a month's time).
    due_title = _("Item due: %(number)s %(title)s")
    percent = _("%(progress)d%%")
    cooperating = _coop_note(user, None) if user.role == Role.REPORTER else ""

    def make(row: tuple[Any, ...], title: str, overdue: bool) -> Entry:
        pk, plan_id, _number, _title, due, progress, _status, unit_id, unit_name = row
        note = cooperating if cooperating and unit_id != user.unit_id else ""
        return Entry(
            day=due,
            kind=Kind.ITEM,
            title=title,
            detail=" · ".join(x for x in (unit_name or "", percent % {"progress": progress}, note) if x),
            url=f"{prefix}{pk}/",
            overdue=overdue,
            uid=f"item-{pk}",
            plan_name=plans[plan_id].name,
        )

    out: list[Row] = []
    for row in rows:
        pk, plan_id, number, title, due, _progress, status, _unit_id, _unit_name = row
        label = due_title % {"number": number, "title": title}
        overdue = due < today[plan_id] and status != Status.DONE
        out.append(((due, Kind.ITEM, label, f"item-{pk}"), overdue, partial(make, row, label, overdue)))
    return out


def _notice_entries(
    user: Any, plans: QuerySet[Plan], items: QuerySet[Item], first: dt.date, last: dt.date
) -> list[Entry]:
    """Each addressed unit's reply deadline of an open notice (its own deadline, moved by an approved
    extension): for the office every unit, for a reporter its own unit, for a leader its items'."""
    targets = NoticeTarget.objects.filter(
        notice__plan__in=plans, notice__state=Notice.State.OPEN, deadline__range=(first, last)
    )
    if user.role == Role.REPORTER:
        targets = targets.filter(unit_id=user.unit_id or 0)
    elif user.role == Role.LEADER:
        targets = targets.filter(notice__item__in=items)
    elif not (user.is_superuser or user.role == Role.OFFICE):
        return []
    rows = list(targets.select_related("notice", "notice__plan", "unit"))
    extended = set(
        NoticeExtension.objects.filter(
            target__in=[t.pk for t in rows], decision=NoticeExtension.Decision.APPROVED
        ).values_list("target_id", flat=True)
    )
    out: list[Entry] = []
    for target in rows:
        notice = target.notice
        detail = _("%(unit)s · %(state)s") % {"unit": target.unit.name, "state": target.get_state_display()}
        if target.pk in extended:
            detail += " · " + _("extension granted (was %(day)s)") % {"day": notice.deadline.isoformat()}
        out.append(
            Entry(
                day=target.deadline,
                kind=Kind.NOTICE,
                title=_("Notice reply due: %(number)s %(title)s")
                % {"number": notice.number, "title": notice.title},
                detail=detail,
                url=reverse("notices:notice_detail", args=[notice.pk]),
                overdue=target.is_overdue(notice.plan.today()),
                uid=f"notice-target-{target.pk}",
                plan_name=notice.plan.name,
            )
        )
    return out
