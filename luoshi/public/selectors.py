"""Reads of the public page. Each page is one or two queries that name only the columns it shows:
numbers, titles, lead units' names, progress, colours and the computed reasons that name nobody.
Never descriptions, progress notes, leaders, people, reports, notices or files."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q

from luoshi.organisations.models import Organisation
from luoshi.plans import reasons
from luoshi.plans.models import Item, Plan, Status
from luoshi.public.models import Publication

# Reasons computed from dates and figures only. An override's reason is typed by the office, and a
# milestone's title or a remembered reason may carry anything, so those are never shown.
PUBLIC_REASONS = frozenset(
    {
        "done",
        "not_rated",
        "overdue",
        "schedule_red",
        "schedule_yellow",
        "schedule_green",
        "due_soon",
        "not_started",
        "parent_none",
        "parent_done",
        "parent_red",
        "parent_yellow",
        "parent_green",
    }
)
STATUS_ORDER = [Status.RED, Status.YELLOW, Status.GREEN, Status.DONE, Status.NONE]


@dataclass
class PublicItem:
    pk: int
    depth: int
    number: str
    title: str
    lead_unit: str
    progress: int
    status: str
    reason: str
    due_date: dt.date | None
    children: list[PublicItem] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


@dataclass
class Summary:
    """Colour counts over the items at the bottom of what is shown (no double counting of parents)."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rows(self) -> list[tuple[str, str, int]]:
        return [(s.value, str(s.label), self.counts.get(s.value, 0)) for s in STATUS_ORDER]


@dataclass
class PublicPlan:
    plan: Plan
    publication: Publication
    as_of: dt.date
    roots: list[PublicItem]
    summary: Summary
    etag: str


def _reason(code: str, params: Any) -> str:
    return reasons.render(code, params) if code in PUBLIC_REASONS else ""


def _digest(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def public_plan(code: str) -> PublicPlan | None:
    """The published plan's page (``None`` if it does not exist or is not public): two queries."""
    publication = (
        Publication.objects.select_related("plan", "plan__organisation")
        .filter(plan__code=code, enabled=True)
        .first()
    )
    if publication is None:
        return None
    plan = publication.plan
    rows = list(
        Item.objects.filter(plan_id=plan.pk, depth__lte=publication.levels)
        .order_by("path")
        .values_list(
            "pk",
            "depth",
            "number",
            "title",
            "lead_unit__name",
            "progress",
            "status",
            "status_code",
            "status_params",
            "due_date",
            "numchild",
        )
    )
    roots: list[PublicItem] = []
    stack: list[PublicItem] = []
    counts: Counter[str] = Counter()
    for pk, depth, number, title, unit, progress, status, code_, params, due, numchild in rows:
        node = PublicItem(pk, depth, number, title, unit or "", progress, status, _reason(code_, params), due)
        del stack[depth - 1 :]
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
        if depth == publication.levels or numchild == 0:
            counts[status] += 1
    as_of = plan.today()
    etag = _digest(publication.levels, publication.updated_at, plan.name, plan.organisation.name, as_of, rows)
    return PublicPlan(plan, publication, as_of, roots, Summary(dict(counts)), etag)


@dataclass
class PublicListing:
    organisation: Organisation
    plans: list[tuple[Plan, Summary]]


def published_plans() -> tuple[list[PublicListing], str]:
    """Every published plan of every organisation, grouped by organisation (in the tree's order),
    each with its colour summary; and an ETag of all of it. Two queries."""
    publications = list(
        Publication.objects.filter(enabled=True)
        .select_related("plan", "plan__organisation")
        .order_by("plan__organisation__path", "-plan__start_date", "plan__name")
    )
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    levels = F("plan__publication__levels")
    bottom = Q(depth=levels) | Q(depth__lt=levels, numchild=0)
    rows = list(
        Item.objects.filter(plan__publication__enabled=True)
        .filter(bottom)
        .values_list("plan_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for plan_id, status, n in rows:
        counts[plan_id][status] += n
    groups: dict[int, PublicListing] = {}
    for publication in publications:
        plan = publication.plan
        group = groups.setdefault(plan.organisation_id, PublicListing(plan.organisation, []))
        group.plans.append((plan, Summary(dict(counts[plan.pk]))))
    signature = [(p.pk, p.levels, p.updated_at, p.plan.name, p.plan.today()) for p in publications]
    return list(groups.values()), _digest(signature, sorted(rows))
