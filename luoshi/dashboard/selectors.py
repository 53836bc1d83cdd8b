"""Reads for the leaders' dashboard and its drill-downs.

This period's figures are counted from the items and due records themselves, with grouped queries,
so the dashboard, the tree, the drill-down lists and a bulletin built now always agree; past periods
come from the colour counts the recompute step kept for them (PeriodSummary).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.dashboard.cascade import completion, rollups
from luoshi.lib import periods
from luoshi.organisations.models import Organisation
from luoshi.plans import revisions
from luoshi.plans.models import Item, Plan, Status, Unit
from luoshi.reports.models import ReportDue, ReportOutcomeCount
from luoshi.status.models import Escalation, PeriodSummary, StatusRecord, SupervisionRun

COLOURS = ("red", "yellow", "green", "done", "none")
OUTCOMES = ("on_time", "late", "missing", "pending")
LAGGING_LIMIT = 20
# The worker queues the daily run within an hour of midnight; a day and a bit without one is late.
DAILY_RUN_LATE_AFTER = dt.timedelta(hours=26)


class BadFilter(ValueError):
    """A drill-down filter value that names nothing: answered with 400 and this message."""


def _row(counts: dict[str, int] | None) -> dict[str, int]:
    return {f: (counts or {}).get(f, 0) for f in (*COLOURS, *OUTCOMES)}


def _pillar_ids(plan: Plan) -> dict[str, int]:
    """The plan's pillars: path → id."""
    return dict(Item.objects.filter(plan=plan, depth=1).values_list("path", "pk"))


# What the counts below can be grouped by: an item's lead unit (one plan's units) or its plan's
# organisation (the counties of a city, over all their plans).
BY_UNIT = "unit"
BY_ORGANISATION = "organisation"
_ITEM_GROUP = {BY_UNIT: "lead_unit_id", BY_ORGANISATION: "plan__organisation_id"}
_DUE_GROUP = {BY_UNIT: "unit_id", BY_ORGANISATION: "plan__organisation_id"}


def colour_counts(
    items: QuerySet[Item], *, pillars: dict[str, int] | None = None, by: str = BY_UNIT
) -> tuple[Counter[str], dict[int, Counter[str]], dict[int, Counter[str]]]:
    """This period's colours, read from the items themselves (the tree, the drill-down and the bulletin
    count the same rows): over ``items``, by pillar id (``pillars``: path → id, one plan's pillars)
    and by lead unit id or by organisation id (``by``)."""
    group = _ITEM_GROUP[by]
    total: Counter[str] = Counter()
    by_pillar: dict[int, Counter[str]] = defaultdict(Counter)
    by_group: dict[int, Counter[str]] = defaultdict(Counter)
    # One grouped scan (one snapshot: the totals, pillars and units always add up; COUNT(*) so that
    # PostgreSQL reads the (plan, status, lead unit, path) index alone), read as tuples: a
    # plan of 40 units and 10 pillars gives 2,000 rows, and dicts per row cost more than the counting.
    if pillars:
        rows = (
            items.annotate(pillar=Substr("path", 1, Item.steplen))
            .values_list(group, "status", "pillar")
            .order_by()  # no ordering in the GROUP BY
            .annotate(n=Count("*"))
        )
    else:
        rows = items.values_list(group, "status").order_by().annotate(n=Count("*"))
    for row in rows:
        key, status, n = row[0], row[1], row[-1]
        total[status] += n
        if pillars:
            pillar = pillars.get(row[2])
            if pillar is not None:
                by_pillar[pillar][status] += n
        if key:
            by_group[key][status] += n
    return total, by_pillar, by_group


def outcome_counts(
    dues: QuerySet[ReportDue],
    past: QuerySet[ReportOutcomeCount],
    period: dt.date,
    *,
    pillars: dict[str, int] | None = None,
    by: str = BY_UNIT,
) -> tuple[Counter[str], dict[int, Counter[str]], dict[int, Counter[str]], dict[int, Counter[str]]]:
    """Report timeliness from the due records ``dues`` (and the per-period counts ``past`` of the same
    plans): this period in total, by pillar and by unit or organisation (``by``), and every period
    up to this one by unit or organisation."""
    group = _DUE_GROUP[by]
    total: Counter[str] = Counter()
    by_pillar: dict[int, Counter[str]] = defaultdict(Counter)
    by_group: dict[int, Counter[str]] = defaultdict(Counter)
    fields = [group, "outcome"]
    current = dues.filter(period=period)
    if pillars:
        current = current.annotate(pillar=Substr("item__path", 1, Item.steplen))
        fields.append("pillar")
    for row in current.values(*fields).order_by().annotate(n=Count("pk")):  # no ordering in the GROUP BY
        total[row["outcome"]] += row["n"]
        if pillars and row["pillar"] in pillars:
            by_pillar[pillars[row["pillar"]]][row["outcome"]] += row["n"]
        by_group[row[group]][row["outcome"]] += row["n"]
    # Every period up to this one: the past ones from their counts (kept by every write of their due
    # records), this one from the records themselves.
    all_periods: dict[int, Counter[str]] = defaultdict(Counter)  # unit or organisation id -> counts
    for key, counts in by_group.items():
        all_periods[key].update(counts)
    rows = (
        past.filter(period__lt=period)
        .values(_DUE_GROUP[by])
        .order_by()
        .annotate(on_time=Sum("on_time"), late=Sum("late"), missing=Sum("missing"), pending=Sum("pending"))
    )
    for row in rows:
        all_periods[row[group]].update({k: row[k] or 0 for k in OUTCOMES})
    return total, by_pillar, by_group, all_periods


def plan_outcome_counts(
    plan: Plan, period: dt.date, pillars: dict[str, int] | None = None
) -> tuple[Counter[str], dict[int, Counter[str]], dict[int, Counter[str]], dict[int, Counter[str]]]:
    """:func:`outcome_counts` of one plan, by pillar and by unit."""
    pillars = _pillar_ids(plan) if pillars is None else pillars
    return outcome_counts(
        ReportDue.objects.filter(plan=plan),
        ReportOutcomeCount.objects.filter(plan=plan),
        period,
        pillars=pillars,
    )


def group_rows(
    colours: dict[int, Counter[str]], outcomes: dict[int, Counter[str]], all_periods: dict[int, Counter[str]]
) -> dict[int, dict[str, int]]:
    """One row of figures per unit or organisation id: this period's colours and report outcomes,
    and the report outcomes of every period up to this one (``*_total``)."""
    return {
        key: {
            **_row({**colours.get(key, {}), **outcomes.get(key, {})}),
            "on_time_total": all_periods[key]["on_time"] if key in all_periods else 0,
            "late_total": all_periods[key]["late"] if key in all_periods else 0,
            "missing_total": all_periods[key]["missing"] if key in all_periods else 0,
        }
        for key in set(colours) | set(outcomes) | set(all_periods)
    }


def plan_completion(plan: Plan) -> Decimal:
    """Weighted progress of the plan's pillars (the roll-up of the whole tree), in percent."""
    totals = Item.objects.filter(plan=plan, depth=1).aggregate(
        weighted=Sum(F("weight") * F("progress")), weight=Sum("weight")
    )
    return completion(totals["weighted"], totals["weight"])


def ranking_key(row: dict[str, Any]) -> tuple[int, ...]:
    """Fewest red items, then fewest missing and late reports, fewest yellow, most done and green."""
    return (
        row["red"],
        row["missing_total"],
        row["late_total"],
        row["yellow"],
        -(row["done"] + row["green"]),
    )


def rank(rows: list[dict[str, Any]], key: Callable[[dict[str, Any]], Any]) -> None:
    """Give each row of ``rows`` (already sorted by ``key``) its ``rank``; ties share a rank."""
    position_rank, previous = 0, None
    for position, row in enumerate(rows, start=1):
        value = key(row)
        position_rank = position_rank if value == previous else position
        row["rank"], previous = position_rank, value


def child_organisations(plan: Plan) -> QuerySet[Organisation]:
    """The organisations directly below the plan's (a city's counties)."""
    org = plan.organisation
    return Organisation.objects.filter(path__startswith=org.path, depth=org.depth + 1).order_by("path")


def child_plans(plan: Plan) -> QuerySet[Plan]:
    """The plans of the organisations directly below the plan's whose period overlaps the plan's."""
    org = plan.organisation
    return Plan.objects.filter(
        organisation__path__startswith=org.path,
        organisation__depth=org.depth + 1,
        start_date__lte=plan.end_date,
        end_date__gte=plan.start_date,
    )


def county_key(row: dict[str, Any]) -> tuple[Any, ...]:
    """Counties rank by completion (highest first), then fewest red, overdue and yellow items, then
    fewest missing and late reports."""
    return (
        -row["completion"],
        row["red"],
        row["overdue"],
        row["yellow"],
        row["missing_total"],
        row["late_total"],
    )


def county_ranking(plan: Plan, *, period: dt.date | None = None) -> list[dict[str, Any]]:
    """The organisations below the plan's, ranked over all their plans of the plan's period, with the
    same counts the plan's own dashboard gives its units (colours, reports), grouped by organisation;
    and each one's completion (weighted progress of its plans' pillars), overdue items (past their due
    date and not done, as of the plan's date) and lagging items (red or yellow leaves)."""
    today = plan.today()
    period = period or plan.cadence().period_of(today)
    plans = child_plans(plan)
    items = Item.objects.filter(plan__in=plans)
    # One grouped scan of the counties' items gives both their colours (the same counts as
    # colour_counts(items, by=BY_ORGANISATION)) and the completion, overdue and lagging figures.
    extra = {
        row["plan__organisation_id"]: row
        for row in items.values("plan__organisation_id")
        .order_by()
        .annotate(
            weighted=Sum(F("weight") * F("progress"), filter=Q(depth=1)),
            weight=Sum("weight", filter=Q(depth=1)),
            overdue=Count("pk", filter=Q(due_date__lt=today) & ~Q(status=Status.DONE)),
            lagging=Count("pk", filter=Q(numchild=0, status__in=[Status.RED, Status.YELLOW])),
            **{f"colour_{c}": Count("pk", filter=Q(status=c)) for c in COLOURS},
        )
    }
    colours = {
        org: Counter({c: row[f"colour_{c}"] for c in COLOURS if row[f"colour_{c}"]})
        for org, row in extra.items()
    }
    dues = ReportDue.objects.filter(plan__in=plans)
    past = ReportOutcomeCount.objects.filter(plan__in=plans)
    _o, _op, outcomes, all_periods = outcome_counts(dues, past, period, by=BY_ORGANISATION)
    figures = group_rows(colours, outcomes, all_periods)
    plan_counts = Counter(plans.values_list("organisation_id", flat=True))
    rows: list[dict[str, Any]] = []
    for org in child_organisations(plan):
        more = extra.get(org.pk, {})
        counts = figures.get(org.pk, _row(None) | {"on_time_total": 0, "late_total": 0, "missing_total": 0})
        rows.append(
            {
                "organisation": org,
                "plans": plan_counts.get(org.pk, 0),
                **counts,
                "total": sum(counts[c] for c in COLOURS),
                "completion": completion(more.get("weighted"), more.get("weight")),
                "overdue": more.get("overdue", 0),
                "lagging": more.get("lagging", 0),
            }
        )
    rows.sort(key=lambda r: (county_key(r), r["organisation"].path))
    rank(rows, county_key)
    return rows


def dashboard(plan: Plan) -> dict[str, Any]:
    today = plan.today()
    cadence = plan.cadence()
    period = cadence.period_of(today)
    pillars = {p.pk: p for p in Item.objects.filter(plan=plan, depth=1).order_by("path")}
    pillar_ids = {p.path: pk for pk, p in pillars.items()}
    colours, colour_pillar, colour_unit = revisions.cached(
        plan.pk, "colour_counts", lambda: colour_counts(Item.objects.filter(plan=plan), pillars=pillar_ids)
    )
    outcomes, outcome_pillar, outcome_unit, outcome_all = plan_outcome_counts(plan, period, pillar_ids)
    current = {**colours, **outcomes}
    past = PeriodSummary.objects.filter(
        plan=plan, scope=PeriodSummary.Scope.PLAN, period__lt=period
    ).order_by("period")
    trend = [
        {"period": periods.period_label(cadence.cadence, s.period), **{c: getattr(s, c) for c in COLOURS}}
        for s in past
    ]
    trend.append(
        {"period": periods.period_label(cadence.cadence, period), **{c: colours.get(c, 0) for c in COLOURS}}
    )
    figures = group_rows(colour_unit, outcome_unit, outcome_all)
    units = Unit.objects.in_bulk(list(figures))
    unit_table: list[dict[str, Any]] = [
        {"unit": units[key], **row} for key, row in figures.items() if key in units
    ]
    unit_table.sort(key=lambda r: (-r["red"], -r["missing_total"], -r["yellow"], r["unit"].name))
    counts = _row(current)
    has_children = child_organisations(
        plan
    ).exists()  # not numchild: the plan may be read before a child came
    aligned = rollups(list(pillars)) if has_children else {}
    return {
        "plan": plan,
        "today": today,
        "period": period,
        "period_label": periods.period_label(cadence.cadence, period),
        "counts": counts,
        "total": sum(counts[c] for c in COLOURS),
        "pillars": [
            {
                "item": item,
                **_row({**colour_pillar.get(pk, {}), **outcome_pillar.get(pk, {})}),
                "aligned": aligned.get(pk),
            }
            for pk, item in pillars.items()
        ],
        "units": unit_table,
        "counties": county_ranking(plan, period=period) if has_children else [],
        "trend": trend,
        "lagging": lagging_items(plan),
        "escalations": list(
            Escalation.objects.filter(plan=plan, period=period, resolved_at__isnull=True)
            .select_related("item", "item__lead_unit")
            .order_by("-kind", "item__path")[:LAGGING_LIMIT]
        ),
        "has_figures": counts["none"] < sum(counts[c] for c in COLOURS) or bool(trend[:-1]),
    }


def daily_run(plan: Plan, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """When the plan's daily supervision run last completed, and whether the next one is overdue."""
    now = now or timezone.now()
    last = SupervisionRun.objects.filter(plan=plan).order_by("-finished_at").first()
    finished = last.finished_at if last is not None else None
    return {"last": finished, "late": finished is None or now - finished > DAILY_RUN_LATE_AFTER}


def lagging_items(plan: Plan, *, limit: int = LAGGING_LIMIT) -> list[Item]:
    """Red leaves first, then yellow ones, in plan order; each carries its reason."""
    rows: list[Item] = []
    for colour in (Status.RED, Status.YELLOW):
        if len(rows) >= limit:
            break
        rows += list(
            Item.objects.filter(plan=plan, status=colour, numchild=0)
            .select_related("lead_unit", "leader")
            .order_by("path")[: limit - len(rows)]
        )
    return rows


def drilldown(plan: Plan, params: dict[str, str]) -> tuple[QuerySet[Item], dict[str, Any]]:
    """Items behind a dashboard figure: filter by colour, pillar, unit, and report outcome in a period.
    A value that is not a colour, a number or a date raises :class:`BadFilter`; a number that names no
    pillar or unit of this plan gives an empty list."""
    items = Item.objects.filter(plan=plan).select_related("lead_unit", "leader").order_by("path")
    applied: dict[str, Any] = {}
    status = params.get("status")
    if status:
        if status not in COLOURS:
            raise BadFilter(_("Unknown status: %(value)s") % {"value": status[:40]})
        items = items.filter(status=status)
        applied["status"] = status
        applied["status_label"] = Status(status).label
    pillar = _int(params.get("pillar"), _("pillar"))
    if pillar is not None:
        root = Item.objects.filter(plan=plan, pk=pillar, depth=1).first()
        items = items.filter(path__startswith=root.path) if root is not None else items.none()
        applied["pillar"] = root or pillar
    unit = _int(params.get("unit"), _("unit"))
    if unit is not None:
        items = items.filter(lead_unit_id=unit)
        applied["unit"] = Unit.objects.filter(pk=unit).first() or unit
    if params.get("leaves"):
        items = items.filter(numchild=0)
        applied["leaves"] = True
    outcome = params.get("outcome")
    period = _date(params.get("period")) or plan.current_period()
    if outcome:
        if outcome not in OUTCOMES:
            raise BadFilter(_("Unknown report outcome: %(value)s") % {"value": outcome[:40]})
        dues = ReportDue.objects.filter(plan=plan, outcome=outcome)
        if params.get("all_periods"):
            applied["all_periods"] = True
        else:
            dues = dues.filter(period=period)
            applied["period"] = period
        if unit is not None:
            dues = dues.filter(unit_id=unit)
        items = items.filter(pk__in=dues.values("item_id"))
        applied["outcome"] = outcome
        applied["outcome_label"] = ReportDue.Outcome(outcome).label
    return items, applied


def item_status_history(item: Item, *, limit: int = 24) -> list[StatusRecord]:
    return list(StatusRecord.objects.filter(item=item).order_by("-period")[:limit])


def _int(value: str | None, name: str) -> int | None:
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise BadFilter(_("Not a valid %(name)s number: %(value)s") % {"name": name, "value": value[:40]})
    return int(value)


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadFilter(_("Not a valid date: %(value)s") % {"value": value[:40]}) from None
