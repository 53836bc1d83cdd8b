"""Status rules (红黄绿灯): pure functions from an item's facts and a date to a verdict with a reason.

Nothing here touches the database, so the rules are tested over many cases with a frozen clock.
Each rule looks at one kind of fact and may return a verdict; the worst verdict wins, then the
office override and the memory of last period's colour are applied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

GREEN, YELLOW, RED, DONE, NONE = "green", "yellow", "red", "done", "none"
SEVERITY = {NONE: 0, DONE: 0, GREEN: 1, YELLOW: 2, RED: 3}


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str
    gap: int = 0  # points behind schedule, for ordering lagging lists


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
        _("Red: due %(due)s, %(days)d days overdue at %(progress)d%%")
        % {"due": facts.due.isoformat(), "days": (today - facts.due).days, "progress": facts.progress},
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
        return Verdict(
            RED, _("Red: planned %(planned)d%%, actual %(progress)d%%, %(gap)d points behind") % values, gap
        )
    if gap > config.yellow_gap:
        return Verdict(
            YELLOW,
            _("Yellow: planned %(planned)d%%, actual %(progress)d%%, %(gap)d points behind") % values,
            gap,
        )
    return Verdict(GREEN, _("Green: planned %(planned)d%%, actual %(progress)d%%") % values, gap)


def rule_milestones(facts: Facts, today: dt.date, config: RuleConfig) -> Verdict | None:
    late = [m for m in facts.milestones if m.completed_on is None and m.due < today]
    if not late:
        return None
    worst = min(late, key=lambda m: m.due)
    days = (today - worst.due).days
    values = {"title": worst.title, "due": worst.due.isoformat(), "days": days}
    if days > config.milestone_red_days:
        return Verdict(RED, _("Red: milestone “%(title)s” due %(due)s is %(days)d days late") % values, days)
    return Verdict(
        YELLOW, _("Yellow: milestone “%(title)s” due %(due)s is %(days)d days late") % values, days
    )


def rule_due_soon(facts: Facts, today: dt.date, config: RuleConfig) -> Verdict | None:
    if facts.due is None or facts.due < today or facts.progress >= config.due_soon_below:
        return None
    days = (facts.due - today).days
    if days > config.due_soon_days:
        return None
    return Verdict(
        YELLOW,
        _("Yellow: due in %(days)d days (%(due)s) at %(progress)d%%")
        % {"days": days, "due": facts.due.isoformat(), "progress": facts.progress},
        100 - facts.progress,
    )


def rule_not_started(facts: Facts, today: dt.date, config: RuleConfig) -> Verdict | None:
    if facts.progress > 0 or facts.start is None or config.not_started_months <= 0:
        return None
    if today < add_months(facts.start, config.not_started_months):
        return None
    months = (today.year - facts.start.year) * 12 + today.month - facts.start.month
    return Verdict(
        YELLOW,
        _("Yellow: not started %(months)d months after the start date %(start)s")
        % {"months": months, "start": facts.start.isoformat()},
        0,
    )


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
        return Verdict(DONE, _("Done: progress 100%"))
    override = facts.override
    if override is not None and (override.expires is None or override.expires >= today):
        until = override.expires.isoformat() if override.expires else _("further notice")
        return Verdict(
            override.status,
            _("Set by the supervision office until %(until)s: %(reason)s")
            % {"until": until, "reason": override.reason},
        )
    verdict = worst(rule(facts, today, config) for rule in RULES)
    if verdict is None:
        return Verdict(NONE, _("No due date, not rated"))
    if config.memory and facts.previous == RED and verdict.status == GREEN:
        return Verdict(
            YELLOW,
            _("Yellow: red last period; turns green after one good period (%(reason)s)")
            % {"reason": verdict.reason},
            verdict.gap,
        )
    return verdict


def evaluate_parent(
    children: Sequence[tuple[str, Decimal]], today: dt.date, config: RuleConfig | None = None
) -> Verdict:
    """The colour of an item with sub-items: the weighted shares of its children's colours."""
    config = config or RuleConfig()
    rated = [(status, weight) for status, weight in children if status != NONE]
    total = sum((w for _s, w in rated), Decimal(0))
    if not rated or total <= 0:
        return Verdict(NONE, _("No rated sub-items"))
    if all(status == DONE for status, _w in rated):
        return Verdict(DONE, _("Done: all sub-items done"))
    red = sum((w for s, w in rated if s == RED), Decimal(0)) / total * 100
    yellow = sum((w for s, w in rated if s == YELLOW), Decimal(0)) / total * 100
    values = {
        "count": len(rated),
        "red": sum(1 for s, _w in rated if s == RED),
        "yellow": sum(1 for s, _w in rated if s == YELLOW),
        "share": round(red + yellow),
    }
    if red >= config.parent_red_share:
        return Verdict(
            RED,
            _("Red: of %(count)d sub-items %(red)d red and %(yellow)d yellow (%(share)d%% by weight)")
            % values,
            round(red + yellow),
        )
    if red + yellow >= config.parent_yellow_share:
        return Verdict(
            YELLOW,
            _("Yellow: of %(count)d sub-items %(red)d red and %(yellow)d yellow (%(share)d%% by weight)")
            % values,
            round(red + yellow),
        )
    return Verdict(
        GREEN,
        _("Green: of %(count)d sub-items %(red)d red and %(yellow)d yellow (%(share)d%% by weight)") % values,
        round(red + yellow),
    )
