"""The one recompute step, and the writes that only status owns (overrides, escalations).

Every write that can change progress, dates, weights, structure or colours ends in
:func:`plan_recompute`, in the same transaction: it rolls weighted progress up to the ancestors of
what changed, rates those items by the plan's rules, records this period's colour history and recounts
the dashboard's figures for the period. No figure waits for a scheduled run to catch up.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from luoshi.accounts.models import User
from luoshi.lib import periods
from luoshi.plans.models import Item, Milestone, Plan, Status
from luoshi.status import rules
from luoshi.status.models import PeriodSummary, StatusOverride, StatusRecord, StatusRules

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
    "status_code",
    "status_params",
    "lead_unit_id",
    "version",
)
# Past this many ancestors a recompute reads the whole plan: one scan is cheaper than a long OR.
WHOLE_PLAN_ABOVE = 300


def rules_for(plan: Plan) -> StatusRules:
    try:
        return plan.status_rules
    except StatusRules.DoesNotExist:
        return StatusRules(plan=plan)


@dataclass
class RatingContext:
    config: rules.RuleConfig
    milestones: dict[int, list[rules.MilestoneFact]]
    overrides: dict[int, rules.Override]
    previous: dict[int, str]


def rating_context(plan: Plan, today: dt.date, item_ids: Sequence[int] | None = None) -> RatingContext:
    period = plan.current_period(today)
    prev = periods.previous_period(plan.cadence().cadence, period)
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


def weighted_progress(children: Sequence[tuple[int, Decimal]]) -> int:
    """A parent's progress: its children's progress weighted by their weights (plain mean if all are 0)."""
    total = sum((w for _p, w in children), Decimal(0))
    if total > 0:
        value = sum((w * p for p, w in children), Decimal(0)) / total
    else:
        value = Decimal(sum(p for p, _w in children)) / len(children)
    return int(value.to_integral_value())


def item_verdict(item: Item, kids: Sequence[Item], today: dt.date, ctx: RatingContext) -> rules.Verdict:
    """The verdict for one item from its own facts and, for a parent, its children's colours."""
    override = ctx.overrides.get(item.pk)
    if kids and override is None and item.progress < 100:
        return rules.evaluate_parent([(k.status, k.weight) for k in kids], today, ctx.config)
    facts = rules.Facts(
        progress=item.progress,
        start=item.start_date,
        due=item.due_date,
        milestones=() if kids else ctx.milestones.get(item.pk, ()),
        previous=ctx.previous.get(item.pk),
        override=override,
    )
    return rules.evaluate(facts, today, ctx.config)


def rate_items(
    items: list[Item], today: dt.date, ctx: RatingContext, *, only: set[int] | None = None
) -> None:
    """Roll progress up and rate, deepest first, so that parents see their children's new values.
    ``items`` must hold every child of every item rated; ``only`` limits what is rated (and rolled up)."""
    children: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        children[item.path[: -Item.steplen]].append(item)
    for item in sorted(items, key=lambda i: -i.depth):
        if only is not None and item.pk not in only:
            continue
        kids = children.get(item.path, [])
        if kids:
            item.progress = weighted_progress([(k.progress, k.weight) for k in kids])
        verdict = item_verdict(item, kids, today, ctx)
        item.status, item.status_code, item.status_params = verdict.status, verdict.code, verdict.params


@dataclass(frozen=True)
class Recomputed:
    items: int  # items rated
    changed: int  # items whose progress, colour or reason changed


def _ancestor_paths(paths: Iterable[str]) -> set[str]:
    return {p[:n] for p in paths for n in range(Item.steplen, len(p) + 1, Item.steplen)}


def _load(plan: Plan, item_ids: Iterable[int] | None) -> tuple[list[Item], set[int] | None]:
    base = Item.objects.filter(plan=plan).only(*ITEM_FIELDS)
    if item_ids is None:
        return list(base), None
    paths = set(Item.objects.filter(plan=plan, pk__in=set(item_ids)).values_list("path", flat=True))
    chain = _ancestor_paths(paths)
    if not chain:
        return [], set()
    # Lock the chains root first (one order for every writer, so no deadlock) before reading the
    # children: a concurrent roll-up of a sibling waits here and then reads this one's committed value.
    locked = list(
        Item.objects.select_for_update()
        .filter(plan=plan, path__in=chain)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    if len(chain) > WHOLE_PLAN_ABOVE:
        return list(base), set(locked)
    below = Q()
    for path in chain:
        below |= Q(path__startswith=path, depth=len(path) // Item.steplen + 1)
    items = list(base.filter(Q(path__in=chain) | below))
    return items, set(locked)


@transaction.atomic
def plan_recompute(
    *, plan: Plan, item_ids: Iterable[int] | None = None, today: dt.date | None = None
) -> Recomputed:
    """The one recompute step. ``item_ids`` are the items whose own facts changed (or the parents of a
    removed subtree); ``None`` recomputes the whole plan. Rolls progress up their ancestors, rates them,
    writes what changed (a parent whose rolled-up progress moved gets a new version, so an edit form
    opened before is refused, not silently reverting it) and records this period's colours.

    This period's dashboard figures are counted from the items when they are read, so they need no
    refresh here. A whole-plan recompute (the daily run, a load, a rule change) also writes the
    per-period colour counts the trend reads: this period's, and the last period's from its history
    (which no write changes once the period is over)."""
    today = today or plan.today()
    items, only = _load(plan, item_ids)
    before = {i.pk: (i.progress, i.status, i.status_code, i.status_params) for i in items}
    ctx = rating_context(
        plan, today, None if only is None or len(items) > WHOLE_PLAN_ABOVE else [i.pk for i in items]
    )
    rate_items(items, today, ctx, only=only)
    rated = [i for i in items if only is None or i.pk in only]
    changed = [i for i in rated if before[i.pk] != (i.progress, i.status, i.status_code, i.status_params)]
    for item in changed:
        if item.progress != before[item.pk][0]:
            item.version += 1
    Item.objects.bulk_update(
        changed, ["progress", "status", "status_code", "status_params", "version"], batch_size=2000
    )
    period = plan.current_period(today)
    StatusRecord.objects.bulk_create(
        [
            StatusRecord(
                plan=plan,
                item_id=i.pk,
                period=period,
                status=i.status,
                reason_code=i.status_code,
                reason_params=i.status_params,
                progress=i.progress,
            )
            for i in rated
        ],
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["item", "period"],
        update_fields=["status", "reason_code", "reason_params", "progress", "recorded_at"],
    )
    if only is None:
        summaries_from_records(plan=plan, period=period)
        previous = periods.previous_period(plan.cadence().cadence, period)
        if previous >= plan.cadence().period_of(plan.start_date):
            summaries_from_records(plan=plan, period=previous)
    return Recomputed(items=len(rated), changed=len(changed))


COLOURS = ("green", "yellow", "red", "done", "none")


def summaries_from_records(*, plan: Plan, period: dt.date) -> int:
    """Count a past period's colours from its colour history (for generated or imported history)."""
    pillars = dict(Item.objects.filter(plan=plan, depth=1).values_list("path", "pk"))
    counts: dict[tuple[str, int], Counter[str]] = defaultdict(Counter)
    rows = (
        StatusRecord.objects.filter(plan=plan, period=period)
        .annotate(pillar=Substr("item__path", 1, Item.steplen))
        .values("pillar", "item__lead_unit_id", "status")
        .order_by()  # no default ordering in the GROUP BY
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[(PeriodSummary.Scope.PLAN, 0)][row["status"]] += row["n"]
        if row["pillar"] in pillars:
            counts[(PeriodSummary.Scope.PILLAR, pillars[row["pillar"]])][row["status"]] += row["n"]
        if row["item__lead_unit_id"]:
            counts[(PeriodSummary.Scope.UNIT, row["item__lead_unit_id"])][row["status"]] += row["n"]
    return _summaries_store(plan, period, counts)


def _summaries_store(plan: Plan, period: dt.date, counts: dict[tuple[str, int], Counter[str]]) -> int:
    PeriodSummary.objects.filter(plan=plan, period=period).delete()
    PeriodSummary.objects.bulk_create(
        [
            PeriodSummary(plan=plan, period=period, scope=scope, key=key, **{f: c.get(f, 0) for f in COLOURS})
            for (scope, key), c in counts.items()
        ],
        batch_size=2000,
    )
    return len(counts)


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
    StatusOverride.objects.filter(item=item, cleared_at__isnull=True).update(cleared_at=item.plan.now())
    override = StatusOverride.objects.create(
        item=item, status=status, reason=reason.strip()[:200], expires_on=expires_on, created_by=user
    )
    plan_recompute(plan=item.plan, item_ids=[item.pk], today=today)
    return override


@transaction.atomic
def status_override_clear(*, item: Item, today: dt.date | None = None) -> int:
    cleared = StatusOverride.objects.filter(item=item, cleared_at__isnull=True).update(
        cleared_at=item.plan.now()
    )
    plan_recompute(plan=item.plan, item_ids=[item.pk], today=today)
    return cleared
