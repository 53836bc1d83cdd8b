"""Status rules (红黄绿灯): pure functions from an item's facts and a date to a verdict with a reason.

Nothing here touches the database or Django, so the rules are tested over many cases with a frozen
clock. A verdict carries a reason code and its parameters; ``luoshi.plans.reasons`` puts them into
words in the reader's language.
Each rule looks at one kind of fact and may return a verdict; the worst verdict wins, then the
office override and the memory of last period's colour are applied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

GREEN, YELLOW, RED, DONE, NONE = "green", "yellow", "red", "done", "none"
SEVERITY = {NONE: 0, DONE: 0, GREEN: 1, YELLOW: 2, RED: 3}


@dataclass(frozen=True)
class Verdict:
    status: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    gap: int = 0  # points behind schedule, for ordering lagging lists

    def as_param(self) -> dict[str, Any]:
        """This verdict as a parameter of another (a reason inside a reason)."""
        return {"code": self.code, "params": self.params}


@dataclass(frozen=True)
class RuleConfig:
    """What a plan may tune; the defaults follow common practice in county supervision offices."""

    yellow_gap: int = 10
    red_gap: int = 30
    due_soon_days: int = 15
    due_soon_below: int = 90
    not_started_months: int = 2
    milestone_red_days: int = 30
    memory: bool = True
    parent_red_share: int = 30
    parent_yellow_share: int = 20


@dataclass(frozen=True)
class MilestoneFact:
    title: str
    due: dt.date
    completed_on: dt.date | None = None


@dataclass(frozen=True)
class Override:
    status: str
    reason: str
    expires: dt.date | None = None


@dataclass(frozen=True)
class Facts:
    progress: int
    start: dt.date | None = None
    due: dt.date | None = None
    milestones: Sequence[MilestoneFact] = field(default_factory=tuple)
    previous: str | None = None  # the colour recorded for the previous period
    override: Override | None = None


def elapsed_share(start: dt.date, due: dt.date, today: dt.date) -> float:
    """How much of the period from start to due has passed, 0..1."""
    if due <= start:
        return 1.0 if today >= due else 0.0
    return max(0.0, min(1.0, (today - start).days / (due - start).days))


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def rule_overdue(facts: Facts, today: dt.date, config: RuleConfig) -> Verdict | None:
    if facts.due is None or facts.due >= today:
        return None
    return Verdict(
        RED,
        "overdue",
        {"due": facts.due.isoformat(), "days": (today - facts.due).days, "progress": facts.progress},
        gap=100 - facts.progress,
    )


def rule_schedule(facts: Facts, today: dt.date, config: RuleConfig) -> Verdict | None:
    """Progress against elapsed time (序时进度)."""
    if facts.due is None:
        return None
    start = facts.start or dt.date(facts.due.year, 1, 1)
    planned = round(elapsed_share(start, facts.due, today) * 100)
    gap = planned - facts.progress
    values = {"planned": planned, "progress": facts.progress, "gap": gap}
    if gap > config.red_gap:
        return Verdict(RED, "schedule_red", values, gap)
    if gap > config.yellow_gap:
        return Verdict(YELLOW, "schedule_yellow", values, gap)
    return Verdict(GREEN, "schedule_green", values, gap)


def rule_milestones(facts: Facts, today: dt.date, config: RuleConfig) -> Verdict | None:
    late = [m for m in facts.milestones if m.completed_on is None and m.due < today]
    if not late:
        return None
    worst = min(late, key=lambda m: m.due)
    days = (today - worst.due).days
    values = {"title": worst.title, "due": worst.due.isoformat(), "days": days}
    if days > config.milestone_red_days:
        return Verdict(RED, "milestone_red", values, days)
    return Verdict(YELLOW, "milestone_yellow", values, days)


def rule_due_soon(facts: Facts, today: dt.date, config: RuleConfig) -> Verdict | None:
    if facts.due is None or facts.due < today or facts.progress >= config.due_soon_below:
        return None
    days = (facts.due - today).days
    if days > config.due_soon_days:
        return None
    return Verdict(
        YELLOW,
        "due_soon",
        {"days": days, "due": facts.due.isoformat(), "progress": facts.progress},
        100 - facts.progress,
    )


def rule_not_started(facts: Facts, today: dt.date, config: RuleConfig) -> Verdict | None:
    if facts.progress > 0 or facts.start is None or config.not_started_months <= 0:
        return None
    if today < add_months(facts.start, config.not_started_months):
        return None
    months = (today.year - facts.start.year) * 12 + today.month - facts.start.month
    return Verdict(YELLOW, "not_started", {"months": months, "start": facts.start.isoformat()}, 0)


RULES = (rule_overdue, rule_milestones, rule_not_started, rule_due_soon, rule_schedule)


def worst(verdicts: Iterable[Verdict | None]) -> Verdict | None:
    best: Verdict | None = None
    for verdict in verdicts:
        if verdict is None:
            continue
        if best is None or SEVERITY[verdict.status] > SEVERITY[best.status]:
            best = verdict
    return best


def evaluate(facts: Facts, today: dt.date, config: RuleConfig | None = None) -> Verdict:
    """The colour of a leaf item on ``today``, always with a reason a person can read."""
    config = config or RuleConfig()
    if facts.progress >= 100:
        return Verdict(DONE, "done")
    override = facts.override
    if override is not None and (override.expires is None or override.expires >= today):
        if override.expires is None:
            return Verdict(override.status, "override_open", {"reason": override.reason})
        return Verdict(
            override.status, "override", {"until": override.expires.isoformat(), "reason": override.reason}
        )
    verdict = worst(rule(facts, today, config) for rule in RULES)
    if verdict is None:
        return Verdict(NONE, "not_rated")
    if config.memory and facts.previous == RED and verdict.status == GREEN:
        return Verdict(YELLOW, "memory", {"reason": verdict.as_param()}, verdict.gap)
    return verdict


def evaluate_parent(
    children: Sequence[tuple[str, Decimal]], today: dt.date, config: RuleConfig | None = None
) -> Verdict:
    """The colour of an item with sub-items: the weighted shares of its children's colours."""
    config = config or RuleConfig()
    rated = [(status, weight) for status, weight in children if status != NONE]
    total = sum((w for _s, w in rated), Decimal(0))
    if not rated or total <= 0:
        return Verdict(NONE, "parent_none")
    if all(status == DONE for status, _w in rated):
        return Verdict(DONE, "parent_done")
    red = sum((w for s, w in rated if s == RED), Decimal(0)) / total * 100
    yellow = sum((w for s, w in rated if s == YELLOW), Decimal(0)) / total * 100
    values = {
        "count": len(rated),
        "red": sum(1 for s, _w in rated if s == RED),
        "yellow": sum(1 for s, _w in rated if s == YELLOW),
        "share": round(red + yellow),
    }
    if red >= config.parent_red_share:
        return Verdict(RED, "parent_red", values, round(red + yellow))
    if red + yellow >= config.parent_yellow_share:
        return Verdict(YELLOW, "parent_yellow", values, round(red + yellow))
    return Verdict(GREEN, "parent_green", values, round(red + yellow))
