"""Synthetic report history for a generated plan, for measuring: written in bulk, deterministic for a seed.

Every leaf with a lead unit gets a report for each period from the plan's start to its status date
(about one in three returned once and approved as a second version), its timeliness (on time, late,
or missing) and its colour for the period, so that dashboards and trends have real volumes to read.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from luoshi.lib import periods
from luoshi.plans.models import Item, Plan
from luoshi.reports.models import Report, ReportDue
from luoshi.reports.services import report_outcomes_count
from luoshi.status.models import PeriodSummary, StatusRecord
from luoshi.status.services import (
    RatingContext,
    plan_recompute,
    rate_items,
    rules_for,
    summaries_from_records,
)

WORK = ["完成年度任务分解", "推进项目前期手续", "开展现场督导", "完成阶段性建设任务", "召开专题推进会"]
PROBLEMS = ["", "", "要素保障不足", "征地拆迁进度滞后", "资金到位不及时"]


@dataclass
class GenerateResult:
    reports: int = 0
    dues: int = 0
    records: int = 0


def _insert(
    model: type[Any], columns: Sequence[str], rows: Iterable[Sequence[Any]], batch: int = 5000
) -> int:
    """Plain multi-row INSERTs: several times faster than bulk_create for hundreds of thousands of rows."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_batch = max(1, min(batch, 30000 // len(columns)))  # stay under SQLite's bound-parameter limit
    count = 0
    chunk: list[Sequence[Any]] = []

    def flush(cursor: Any) -> None:
        # Names come from the model's metadata and every value is bound: nothing from outside is spliced in.
        sql = f"INSERT INTO {table} ({names}) VALUES " + ", ".join([row_sql] * len(chunk))  # noqa: S608
        cursor.execute(sql, [v for r in chunk for v in r])

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's bulk path; multi-row INSERTs spend their time splitting the query.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        for row in rows:
            chunk.append(row)
            if len(chunk) >= per_batch:
                flush(cursor)
                count += len(chunk)
                chunk = []
        if chunk:
            flush(cursor)
            count += len(chunk)
    return count


@transaction.atomic
def reports_generate(*, plan: Plan, count: int | None, rng: random.Random) -> GenerateResult:
    """Write about ``count`` reports (None: one per item and period, a third of them in two versions)."""
    cadence = plan.cadence()
    today = plan.today()
    period_list = periods.periods_between(cadence.cadence, plan.start_date, today)
    closed = [p for p in period_list if cadence.due_date(p) < today] or period_list[:1]
    leaves = list(
        Item.objects.filter(plan=plan, numchild=0, lead_unit__isnull=False).values_list(
            "pk", "lead_unit_id", "progress"
        )
    )
    # About one report in 25 never comes (recorded as missing), as in a real county's ledger.
    slots = [(leaf, i, p) for leaf in leaves for i, p in enumerate(closed) if rng.random() >= 0.04]
    if count is not None and count < len(slots):
        slots = rng.sample(slots, count)
        slots.sort(key=lambda s: (s[0][0], s[1]))
    if count is None:
        second_share = 0.3
    else:
        second_share = max(0.0, min(1.0, (count - len(slots)) / max(1, len(slots))))
    adapt = connection.ops.adapt_datetimefield_value
    tz = timezone.get_current_timezone()
    result = GenerateResult()

    def report_rows() -> Iterable[Sequence[Any]]:
        now = adapt(timezone.now())
        for (item_id, unit_id, final), index, period in slots:
            progress = round(final * (index + 1) / len(closed))
            due = cadence.due_date(period)
            submitted = dt.datetime.combine(due - dt.timedelta(days=rng.randint(-3, 5)), dt.time(10), tz)
            reviewed = adapt(submitted + dt.timedelta(days=1))
            versions = 2 if rng.random() < second_share else 1
            for version in range(1, versions + 1):
                state = Report.State.APPROVED if version == versions else Report.State.RETURNED
                note = "" if state == Report.State.APPROVED else "请补充佐证材料"
                yield (
                    plan.pk,
                    item_id,
                    unit_id,
                    period,
                    version,
                    state,
                    rng.choice(WORK),
                    progress,
                    None,
                    rng.choice(PROBLEMS),
                    "加快推进",
                    now,
                    now,
                    adapt(submitted),
                    reviewed,
                    note,
                )

    result.reports = _insert(
        Report,
        [
            "plan_id",
            "item_id",
            "unit_id",
            "period",
            "version",
            "state",
            "work_done",
            "progress",
            "completed_investment",
            "problems",
            "next_steps",
            "created_at",
            "updated_at",
            "submitted_at",
            "reviewed_at",
            "review_note",
        ],
        report_rows(),
    )
    reported = {(leaf[0], period) for leaf, _i, period in slots}

    def due_rows() -> Iterable[Sequence[Any]]:
        for item_id, unit_id, _final in leaves:
            for period in closed:
                due = cadence.due_date(period)
                if (item_id, period) in reported:
                    late = rng.random() < 0.1
                    outcome = ReportDue.Outcome.LATE if late else ReportDue.Outcome.ON_TIME
                    when = dt.datetime.combine(
                        due + dt.timedelta(days=rng.randint(1, 6) if late else 0), dt.time(9), tz
                    )
                    yield (plan.pk, item_id, unit_id, period, due, outcome, adapt(when))
                else:
                    yield (plan.pk, item_id, unit_id, period, due, ReportDue.Outcome.MISSING, None)

    result.dues = _insert(
        ReportDue,
        ["plan_id", "item_id", "unit_id", "period", "due_date", "outcome", "submitted_at"],
        due_rows(),
    )
    for period in closed:
        report_outcomes_count(plan=plan, period=period)
    result.records = _status_history(plan, period_list, today)
    _analyze()
    return result


def _analyze() -> None:
    """Give PostgreSQL's planner fresh statistics right away instead of waiting for autovacuum."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Report, ReportDue, StatusRecord, PeriodSummary):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _status_history(plan: Plan, period_list: list[dt.date], today: dt.date) -> int:
    """Rate every item at the end of each past period, with progress ramping up to today's."""

    items = list(
        Item.objects.filter(plan=plan).only(
            "id",
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
        )
    )
    final = {i.pk: i.progress for i in items}
    config = rules_for(plan).config()
    previous: dict[int, str] = {}
    written = 0
    past = period_list[:-1]
    for index, period in enumerate(past):
        moment = min(today, periods.next_period(plan.cadence().cadence, period) - dt.timedelta(days=1))
        for item in items:
            item.progress = round(final[item.pk] * (index + 1) / len(period_list))
        rate_items(items, moment, RatingContext(config, {}, {}, previous))
        adapt = connection.ops.adapt_datetimefield_value
        now = adapt(timezone.now())
        written += _insert(
            StatusRecord,
            [
                "plan_id",
                "item_id",
                "period",
                "status",
                "reason_code",
                "reason_params",
                "progress",
                "recorded_at",
            ],
            (
                (plan.pk, i.pk, period, i.status, i.status_code, json.dumps(i.status_params), i.progress, now)
                for i in items
            ),
        )
        previous = {i.pk: i.status for i in items}
        summaries_from_records(plan=plan, period=period)
    for item in items:
        item.progress = final[item.pk]
    plan_recompute(plan=plan, today=today)  # the current period, with memory of the last one
    return written + len(items)
