"""The year-end assessment (考核): every unit's score from the events already recorded elsewhere.

score = base + Σ points per event + completion points, where the events are
- late and missing reports (reports.ReportDue, due on or before the date),
- red lights (supervision.StatusRecord of a leaf item, per period up to the date),
- returned notice replies (supervision.NoticeEvent) and leaders' praise (supervision.Instruction),
- items completed on time (first period recorded done, not after the item's due date), times weight;
and completion points are the rule's points times the unit's weighted leaf progress as of the date.
Each point is stored as an AssessmentEntry naming its source row, so every score can be traced
and recomputed (``assessment_verify``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import User
from luoshi.assessment.models import (
    AssessmentEntry,
    AssessmentOrganisationScore,
    AssessmentRules,
    AssessmentRun,
    AssessmentScore,
)
from luoshi.dashboard.selectors import child_plans, county_ranking
from luoshi.lib.translation import in_site_language
from luoshi.notices.models import Instruction, NoticeEvent
from luoshi.plans import reasons
from luoshi.plans.models import Item, Plan, Status
from luoshi.reports.models import ReportDue
from luoshi.status.models import StatusRecord

CENT = Decimal("0.01")
RULE_FIELDS = (
    "base_score",
    "late_report",
    "missing_report",
    "returned_reply",
    "red_light",
    "leader_praise",
    "completed_on_time",
    "completion",
)
Kind = AssessmentEntry.Kind


@dataclass(frozen=True)
class Event:
    unit_id: int
    kind: str
    points: Decimal
    item_id: int | None = None
    day: dt.date | None = None
    source: str = ""
    detail: str = ""


def rules_for(plan: Plan) -> AssessmentRules:
    return AssessmentRules.objects.filter(plan=plan).first() or AssessmentRules(plan=plan)


def rules_snapshot(rules: AssessmentRules) -> dict[str, str]:
    return {name: str(getattr(rules, name)) for name in RULE_FIELDS}


@transaction.atomic
def assessment_rules_set(*, plan: Plan, values: dict[str, Decimal]) -> AssessmentRules:
    rules = rules_for(plan)
    for name in RULE_FIELDS:
        if name in values:
            setattr(rules, name, values[name])
    rules.save()
    return rules


def _leaves(plan: Plan) -> dict[int, tuple[int, Decimal, dt.date | None, int, str]]:
    """Leaf items with a lead unit: id -> (unit, weight, due date, progress, label)."""
    return {
        pk: (unit, weight, due, progress, f"{number} {title}".strip())
        for pk, unit, weight, due, progress, number, title in Item.objects.filter(
            plan=plan, numchild=0, lead_unit__isnull=False
        ).values_list("pk", "lead_unit_id", "weight", "due_date", "progress", "number", "title")
    }


def _report_events(plan: Plan, as_of: dt.date, rules: dict[str, Decimal]) -> Iterator[Event]:
    for outcome, kind, points in (
        (ReportDue.Outcome.LATE, Kind.LATE_REPORT, rules["late_report"]),
        (ReportDue.Outcome.MISSING, Kind.MISSING_REPORT, rules["missing_report"]),
    ):
        if not points:
            continue
        for pk, unit_id, item_id, due in ReportDue.objects.filter(
            plan=plan, outcome=outcome, due_date__lte=as_of
        ).values_list("pk", "unit_id", "item_id", "due_date"):
            yield Event(unit_id, kind, points, item_id, due, f"reports.reportdue:{pk}")


def _red_events(
    plan: Plan, as_of: dt.date, rules: dict[str, Decimal], leaves: dict[int, Any]
) -> Iterator[Event]:
    if not rules["red_light"]:
        return
    for pk, item_id, period, code, params in StatusRecord.objects.filter(
        plan=plan, status=Status.RED, period__lte=as_of, item_id__in=list(leaves)
    ).values_list("pk", "item_id", "period", "reason_code", "reason_params"):
        reason = reasons.render(code, params)
        yield Event(
            leaves[item_id][0],
            Kind.RED_LIGHT,
            rules["red_light"],
            item_id,
            period,
            f"status.statusrecord:{pk}",
            reason[:300],
        )


def _notice_events(plan: Plan, rules: dict[str, Decimal]) -> Iterator[Event]:
    # Notice replies and praise happen in real time, not on the plan's rating date: all of them count.
    if rules["returned_reply"]:
        for event in NoticeEvent.objects.filter(
            notice__plan=plan, kind=NoticeEvent.Kind.RETURNED
        ).select_related("target", "notice"):
            if event.target is None:
                continue
            yield Event(
                event.target.unit_id,
                Kind.RETURNED_REPLY,
                rules["returned_reply"],
                event.notice.item_id,
                timezone.localdate(event.created_at),
                f"notices.noticeevent:{event.pk}",
                f"{event.notice.number}: {event.text}"[:300],
            )
    if rules["leader_praise"]:
        for instruction in Instruction.objects.filter(plan=plan, kind=Instruction.Kind.PRAISE).select_related(
            "item", "author"
        ):
            if instruction.item.lead_unit_id is None:
                continue
            yield Event(
                instruction.item.lead_unit_id,
                Kind.LEADER_PRAISE,
                rules["leader_praise"],
                instruction.item_id,
                timezone.localdate(instruction.created_at),
                f"notices.instruction:{instruction.pk}",
                f"{instruction.author}: {instruction.text}"[:300],
            )


def _completion_events(
    plan: Plan, as_of: dt.date, rules: dict[str, Decimal], leaves: dict[int, Any]
) -> Iterator[Event]:
    first_done: dict[int, tuple[int, dt.date]] = {}
    latest: dict[int, int] = {}
    for pk, item_id, period, status, progress in (
        StatusRecord.objects.filter(plan=plan, period__lte=as_of, item_id__in=list(leaves))
        .order_by("period")
        .values_list("pk", "item_id", "period", "status", "progress")
    ):
        latest[item_id] = progress
        if status == Status.DONE and item_id not in first_done:
            first_done[item_id] = (pk, period)
    if rules["completed_on_time"]:
        for item_id, (pk, period) in first_done.items():
            unit_id, weight, due, _progress, label = leaves[item_id]
            if due is None or period <= due:
                yield Event(
                    unit_id,
                    Kind.COMPLETED_ON_TIME,
                    rules["completed_on_time"] * weight,
                    item_id,
                    period,
                    f"status.statusrecord:{pk}",
                    _("%(item)s, weight %(weight)s") % {"item": label, "weight": weight},
                )
    weighted: dict[int, Decimal] = defaultdict(Decimal)
    weights: dict[int, Decimal] = defaultdict(Decimal)
    for item_id, (unit_id, weight, _due, progress, _label) in leaves.items():
        weighted[unit_id] += weight * latest.get(item_id, progress)
        weights[unit_id] += weight
    for unit_id, total in weights.items():
        share = weighted[unit_id] / total if total else Decimal(0)
        yield Event(
            unit_id,
            Kind.COMPLETION,
            rules["completion"] * share / 100,
            None,
            as_of,
            "",
            _("Weighted completion %(share)s%%") % {"share": share.quantize(Decimal("0.1"))},
        )


def assessment_events(*, plan: Plan, as_of: dt.date, rules: dict[str, str]) -> list[Event]:
    """Every event that scores, for every unit that leads a leaf item or has an event; base included."""
    values = {name: Decimal(rules[name]) for name in RULE_FIELDS}
    leaves = _leaves(plan)
    events = [
        *_report_events(plan, as_of, values),
        *_red_events(plan, as_of, values, leaves),
        *_notice_events(plan, values),
        *_completion_events(plan, as_of, values, leaves),
    ]
    units = {e.unit_id for e in events} | {v[0] for v in leaves.values()}
    base = [Event(u, Kind.BASE, values["base_score"], None, as_of, "", "") for u in sorted(units)]
    return [*base, *(e for e in events if e.points)]


def _entries_insert(run: AssessmentRun, events: list[Event]) -> None:
    """Store the entries with plain INSERTs: a year of a large plan is hundreds of thousands of rows,
    and building a model instance for each costs more than the whole computation."""
    columns = ["run_id", "unit_id", "kind", "points", "item_id", "day", "source", "detail"]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model, values bound
        quote(AssessmentEntry._meta.db_table),
        ", ".join(quote(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    rows = [
        (run.pk, e.unit_id, e.kind, e.points.quantize(CENT), e.item_id, e.day, e.source, e.detail[:300])
        for e in events
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _totals(events: list[Event]) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for event in events:
        totals[event.unit_id] += event.points.quantize(CENT)
    return dict(totals)


@in_site_language
@transaction.atomic
def assessment_compute(*, plan: Plan, user: User | None, as_of: dt.date | None = None) -> AssessmentRun:
    """Score every unit as of ``as_of`` (default: the plan's status date) and store each point."""
    as_of = as_of or plan.today()
    rules = rules_snapshot(rules_for(plan))
    events = assessment_events(plan=plan, as_of=as_of, rules=rules)
    run = AssessmentRun.objects.create(plan=plan, as_of=as_of, rules=rules, computed_by=user)
    _entries_insert(run, events)
    totals = _totals(events)
    completion = {
        e.unit_id: (e.points * 100 / Decimal(rules["completion"])).quantize(Decimal("0.1"))
        if Decimal(rules["completion"])
        else Decimal(0)
        for e in events
        if e.kind == Kind.COMPLETION
    }
    ordered = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    scores, rank, previous = [], 0, None
    for position, (unit_id, score) in enumerate(ordered, start=1):
        rank = rank if score == previous else position
        previous = score
        scores.append(
            AssessmentScore(
                run=run,
                unit_id=unit_id,
                score=score,
                rank=rank,
                completion=completion.get(unit_id, Decimal(0)),
            )
        )
    AssessmentScore.objects.bulk_create(scores)
    organisation_scores_compute(run)
    return run


def organisation_scores(
    plan: Plan, as_of: dt.date, rules: dict[str, str]
) -> list[AssessmentOrganisationScore]:
    """Score the organisations directly below the plan's by the plan's rules: each one's units are
    scored over its own plans of the period exactly as a plan's units are (the same events), and the
    organisation's score is their mean, so a county with more units is not favoured."""
    totals: dict[int, list[Decimal]] = defaultdict(list)
    for lower in child_plans(plan).order_by("organisation__path", "pk"):
        for unit_total in _totals(assessment_events(plan=lower, as_of=as_of, rules=rules)).values():
            totals[lower.organisation_id].append(unit_total)
    out: list[AssessmentOrganisationScore] = []
    for row in county_ranking(plan):
        org = row["organisation"]
        unit_totals = totals.get(org.pk, [])
        mean = (sum(unit_totals, Decimal(0)) / len(unit_totals)).quantize(CENT) if unit_totals else Decimal(0)
        out.append(
            AssessmentOrganisationScore(
                organisation=org,
                score=mean,
                rank=0,
                units=len(unit_totals),
                completion=Decimal(str(row["completion"] or 0)).quantize(Decimal("0.1")),
            )
        )
    out.sort(key=lambda s: (-s.score, s.organisation.path))
    previous, rank = None, 0
    for position, score in enumerate(out, start=1):
        rank = rank if score.score == previous else position
        previous = score.score
        score.rank = rank
    return out


def organisation_scores_compute(run: AssessmentRun) -> None:
    rows = organisation_scores(run.plan, run.as_of, run.rules)
    for row in rows:
        row.run = run
    AssessmentOrganisationScore.objects.bulk_create(rows)


def assessment_verify(run: AssessmentRun) -> dict[int, tuple[Decimal, Decimal]]:
    """Recompute the run's scores from the events with the run's own rules; return the units whose
    stored score differs, as unit id -> (stored, recomputed). Empty means every score holds."""
    recomputed = _totals(assessment_events(plan=run.plan, as_of=run.as_of, rules=run.rules))
    stored = dict(run.scores.values_list("unit_id", "score"))
    return {
        unit: (stored.get(unit, Decimal(0)), recomputed.get(unit, Decimal(0)))
        for unit in set(stored) | set(recomputed)
        if stored.get(unit, Decimal(0)) != recomputed.get(unit, Decimal(0))
    }
