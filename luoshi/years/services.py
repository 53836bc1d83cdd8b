"""Writes of plan years: next year's plan from this one, and archiving a closed year.

Next year's plan is written as a plan file (``luoshi.plans.loader``'s format) and loaded through
``luoshi.status.changes.plan_load``, so it is built and rated by the same path as any loaded plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import User
from luoshi.notices.models import DocumentSeries
from luoshi.plans.loader import FORMAT
from luoshi.plans.models import Indicator, Item, Milestone, Plan, ReportCadence, Status
from luoshi.status import changes
from luoshi.status.models import StatusRules
from luoshi.years.models import CarriedItem, PlanArchive, PlanSuccession

CODE_MAX = Plan._meta.get_field("code").max_length or 64


def shift_year(day: dt.date | None) -> dt.date | None:
    """The same day a year later (29 February becomes the 28th)."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def plan_year(plan: Plan) -> int:
    return plan.year or plan.start_date.year


def _next_code(plan: Plan, year: int) -> str:
    """``gu-2020-1234`` → ``gu-2021-1234``; a code without its year gets ``-<year>`` added."""
    old = str(plan_year(plan))
    if old in plan.code:
        head, _sep, tail = plan.code.rpartition(old)
        return f"{head}{year}{tail}"[:CODE_MAX]
    return f"{plan.code[: CODE_MAX - 5]}-{year}"


def _next_name(plan: Plan, year: int) -> str:
    old = str(plan_year(plan))
    if old in plan.name:
        head, _sep, tail = plan.name.rpartition(old)
        return f"{head}{year}{tail}"
    return _("%(name)s (%(year)d)") % {"name": plan.name, "year": year}


def _done(status: str, progress: int) -> bool:
    return status == Status.DONE or progress >= 100


@dataclass(frozen=True)
class NextYear:
    """What starting next year's plan from ``plan`` would make (the preview), or made."""

    plan: Plan
    code: str
    name: str
    year: int
    start_date: dt.date
    end_date: dt.date
    carried: list[Item]  # in tree order: the unfinished items and the ancestors they need (with_items)
    unfinished: int
    structural: int  # finished ancestors carried only to keep the tree
    left_behind: int  # finished items not carried
    undated: int  # carried items without a due date (they stay without one)
    units: int
    leaders: int
    existing: Plan | None  # the next year's plan, if it was made already
    code_taken: bool


def _carried_paths(rows: Iterable[tuple[str, bool]]) -> tuple[set[str], int]:
    """The paths next year's plan keeps, from each item's (path, done): every unfinished item and the
    ancestors that keep the tree; and how many items are unfinished."""
    keep: set[str] = set()
    unfinished = 0
    for path, done in rows:
        if not done:
            unfinished += 1
            keep.update(path[:n] for n in range(Item.steplen, len(path) + 1, Item.steplen))
    return keep, unfinished


def next_year_preview(*, plan: Plan, with_items: bool = False) -> NextYear:
    """What next year's plan would hold, counted from plain values (the page needs only its counts);
    ``with_items`` also loads the carried items themselves, with their units, for making it."""
    rows = list(
        Item.objects.filter(plan=plan).values_list(
            "pk", "path", "status", "progress", "lead_unit_id", "leader_id", "due_date"
        )
    )
    keep, unfinished = _carried_paths(
        (path, _done(status, progress)) for _, path, status, progress, *_ in rows
    )
    kept = [r for r in rows if r[1] in keep]
    ids = {r[0] for r in kept}
    coop = Item.cooperating_units.through.objects.filter(item__plan=plan).values_list("item_id", "unit_id")
    units = {r[4] for r in kept if r[4]} | {unit for item, unit in coop if item in ids}
    carried: list[Item] = []
    if with_items:
        items = (
            Item.objects.filter(plan=plan)
            .select_related("lead_unit", "leader")
            .prefetch_related("cooperating_units")
            .order_by("path")
        )
        carried = [i for i in items if i.path in keep]
    year = plan_year(plan) + 1
    code = _next_code(plan, year)
    successor = PlanSuccession.objects.select_related("plan").filter(previous=plan).first()
    start, end = shift_year(plan.start_date), shift_year(plan.end_date)
    assert start is not None and end is not None
    return NextYear(
        plan=plan,
        code=code,
        name=_next_name(plan, year),
        year=year,
        start_date=start,
        end_date=end,
        carried=carried,
        unfinished=unfinished,
        structural=len(kept) - unfinished,
        left_behind=len(rows) - len(kept),
        undated=sum(1 for r in kept if r[6] is None),
        units=len(units),
        leaders=len({r[5] for r in kept if r[5]}),
        existing=successor.plan if successor else None,
        code_taken=Plan.objects.filter(code=code).exists(),
    )


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _num(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None


def _plan_file(preview: NextYear) -> dict[str, Any]:
    """Next year's plan as a plan file: the carried items with the tree kept, progress 0, dates a year
    later, the unfinished milestones and the indicators' targets (not their actuals)."""
    plan = preview.plan
    ids = [i.pk for i in preview.carried]
    milestones: dict[int, list[dict[str, Any]]] = {}
    for m in Milestone.objects.filter(item_id__in=ids, completed_on__isnull=True).order_by("due_date", "id"):
        milestones.setdefault(m.item_id, []).append(
            {"title": m.title, "due_date": _iso(shift_year(m.due_date))}
        )
    indicators: dict[int, list[dict[str, Any]]] = {}
    for ind in Indicator.objects.filter(item_id__in=ids).order_by("id"):
        indicators.setdefault(ind.item_id, []).append(
            {"name": ind.name, "unit": ind.unit, "baseline": _num(ind.baseline), "target": _num(ind.target)}
        )
    units: dict[int, Any] = {}
    leaders: dict[int, Any] = {}
    nodes: dict[str, dict[str, Any]] = {}
    roots: list[dict[str, Any]] = []
    for item in preview.carried:
        for unit in [item.lead_unit, *item.cooperating_units.all()]:
            if unit is not None:
                units[unit.pk] = {"name": unit.name, "short_name": unit.short_name, "kind": unit.kind}
        if item.leader is not None:
            leaders[item.leader.pk] = {"name": item.leader.name, "position": item.leader.position}
        node = {
            "kind": item.kind,
            "number": item.number,
            "title": item.title,
            "description": item.description,
            "lead_unit": item.lead_unit.name if item.lead_unit else None,
            "cooperating_units": [u.name for u in item.cooperating_units.all()],
            "leader": item.leader.name if item.leader else None,
            "start_date": _iso(shift_year(item.start_date)),
            "due_date": _iso(shift_year(item.due_date)),
            "weight": str(item.weight),
            "progress": 0,
            "planned_investment": _num(item.planned_investment),
            "location": item.location,
            "source_quote": item.source_quote,
            "milestones": milestones.get(item.pk, []),
            "indicators": indicators.get(item.pk, []),
            "children": [],
        }
        nodes[item.path] = node
        parent = nodes.get(item.path[: -Item.steplen])
        (parent["children"] if parent is not None else roots).append(node)
    return {
        "format": FORMAT,
        "plan": {
            "code": preview.code,
            "name": preview.name,
            "issuer": plan.issuer,
            "year": preview.year,
            "start_date": preview.start_date.isoformat(),
            "end_date": preview.end_date.isoformat(),
            "source_title": plan.source_title,
            "source_url": plan.source_url,
            "description": plan.description,
            # A plan rated at a fixed date (a demo, a test) starts next year at its first day.
            "status_date": preview.start_date.isoformat() if plan.status_date else None,
            "is_demo": plan.is_demo,
        },
        "units": list(units.values()),
        "leaders": list(leaders.values()),
        "items": roots,
    }


def _copy_rules(old: Plan, new: Plan, year: int) -> None:
    """The reporting cadence, the status rules and the document numbering's prefixes (from 1 again)."""
    cadence = ReportCadence.objects.filter(plan=old).first()
    if cadence is not None:
        ReportCadence.objects.create(
            plan=new,
            cadence=cadence.cadence,
            due_day=cadence.due_day,
            remind_days_before=cadence.remind_days_before,
        )
    rules = StatusRules.objects.filter(plan=old).first()
    if rules is not None:
        fields = {
            f.attname: getattr(rules, f.attname)
            for f in StatusRules._meta.concrete_fields
            if f.name not in ("id", "plan")
        }
        StatusRules.objects.create(plan=new, **fields)
    for series in DocumentSeries.objects.filter(plan=old):
        DocumentSeries.objects.create(plan=new, kind=series.kind, prefix=series.prefix, year=year)


@transaction.atomic
def next_year_create(*, plan: Plan, user: User, archive: bool = False) -> Plan:
    """Start next year's plan from ``plan``: its unfinished items (with the ancestors that keep the tree),
    their units and leaders, progress 0, no reports, dates a year later; items without a due date keep
    none, and start on the new plan's first day if they had no start. Each new item is linked to the
    old one. ``archive`` archives ``plan`` in the same transaction. Made once: a second call says so."""
    plan = Plan.objects.select_for_update().select_related("organisation").get(pk=plan.pk)
    preview = next_year_preview(plan=plan, with_items=True)
    if preview.existing is not None:
        raise ValidationError(
            _("Next year's plan was started from this plan already: %(code)s.")
            % {"code": preview.existing.code}
        )
    if preview.code_taken:
        raise ValidationError(
            _("A plan with the code %(code)s exists already; next year's plan was not made.")
            % {"code": preview.code}
        )
    result = changes.plan_load(_plan_file(preview), organisation=plan.organisation)
    new = Plan.objects.get(pk=result.plan.pk)
    _copy_rules(plan, new, preview.year)
    made = list(Item.objects.filter(plan=new).order_by("path").values_list("pk", flat=True))
    if len(made) != len(preview.carried):  # the loader writes the file's tree in the same order
        raise RuntimeError("next year's plan has not the items it was given")
    CarriedItem.objects.bulk_create(
        [
            CarriedItem(item_id=pk, carried_from_id=old.pk)
            for pk, old in zip(made, preview.carried, strict=True)
        ]
    )
    PlanSuccession.objects.create(plan=new, previous=plan, created_by=user)
    changes.plan_changed(plan=new)  # rated again by the copied rules
    if archive:
        plan_archive(plan=plan, user=user)
    return new


@transaction.atomic
def plan_archive(*, plan: Plan, user: User) -> Plan:
    """Close the plan's year: read-only from now on. Its as-of date is frozen (today, if it had none),
    so the daily run no longer moves its colours."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.archived_at is not None:
        raise ValidationError(_("This plan is archived already."))
    PlanArchive.objects.update_or_create(
        plan=plan, defaults={"archived_by": user, "status_date_before": plan.status_date}
    )
    plan.status_date = plan.today()
    plan.archived_at = timezone.now()
    plan.save(update_fields=["status_date", "archived_at"])
    return plan


@transaction.atomic
def plan_unarchive(*, plan: Plan, user: User) -> Plan:
    """Open an archived plan again (an archive made by mistake), with the as-of date it had before."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.archived_at is None:
        raise ValidationError(_("This plan is not archived."))
    record = PlanArchive.objects.filter(plan=plan).first()
    plan.status_date = record.status_date_before if record is not None else plan.status_date
    plan.archived_at = None
    plan.save(update_fields=["status_date", "archived_at"])
    PlanArchive.objects.filter(plan=plan).delete()
    return plan
