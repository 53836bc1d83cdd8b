"""The status rules are pure: facts and a date in, a colour and a readable reason out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from luoshi.plans.reasons import render
from luoshi.status import rules
from luoshi.status.rules import Facts, MilestoneFact, Override, RuleConfig, Verdict, evaluate, evaluate_parent

START, DUE = dt.date(2020, 1, 1), dt.date(2020, 12, 31)
TODAY = dt.date(2020, 9, 30)  # 273 of 365 days: 75% of the year has passed


def text(verdict: Verdict) -> str:
    return render(verdict.code, verdict.params)


@pytest.fixture(autouse=True)
def _chinese() -> None:
    translation.activate("zh-hans")


@pytest.mark.parametrize(
    ("progress", "expected"),
    [(74, "green"), (65, "green"), (63, "yellow"), (45, "yellow"), (43, "red"), (0, "red"), (100, "done")],
)
def test_it_rates_progress_against_elapsed_time(progress: int, expected: str) -> None:
    verdict = evaluate(Facts(progress=progress, start=START, due=DUE), TODAY)
    assert verdict.status == expected


def test_yellow_reason_names_planned_actual_and_gap_in_chinese() -> None:
    verdict = evaluate(Facts(progress=52, start=START, due=DUE), TODAY)
    assert verdict.status == "yellow"
    assert text(verdict) == "黄：计划进度 75%，实际 52%，落后 23 个百分点"


def test_thresholds_are_configurable() -> None:
    strict = RuleConfig(yellow_gap=2, red_gap=5)
    assert evaluate(Facts(progress=70, start=START, due=DUE), TODAY, strict).status == "yellow"
    assert evaluate(Facts(progress=60, start=START, due=DUE), TODAY, strict).status == "red"


def test_past_due_and_unfinished_is_red() -> None:
    verdict = evaluate(Facts(progress=90, start=START, due=dt.date(2020, 9, 1)), TODAY)
    assert verdict.status == "red"
    assert "29" in text(verdict)


def test_an_overdue_milestone_is_yellow_then_red_after_a_month() -> None:
    late = MilestoneFact("完成可研批复", dt.date(2020, 9, 20))
    facts = Facts(progress=74, start=START, due=DUE, milestones=(late,))
    assert evaluate(facts, TODAY).status == "yellow"
    assert "完成可研批复" in text(evaluate(facts, TODAY))
    assert evaluate(facts, dt.date(2020, 10, 25)).status == "red"
    done = MilestoneFact("完成可研批复", dt.date(2020, 9, 20), dt.date(2020, 9, 25))
    assert evaluate(Facts(progress=74, start=START, due=DUE, milestones=(done,)), TODAY).status == "green"


def test_a_deadline_close_by_warns_unless_nearly_finished() -> None:
    due = dt.date(2020, 10, 10)
    start = dt.date(2020, 9, 1)
    assert evaluate(Facts(progress=80, start=start, due=due), TODAY).status == "yellow"
    assert evaluate(Facts(progress=95, start=start, due=due), TODAY).status == "green"


def test_not_started_months_after_the_start_is_flagged() -> None:
    facts = Facts(progress=0, start=dt.date(2020, 7, 1), due=dt.date(2021, 12, 31))
    verdict = evaluate(facts, TODAY)
    assert verdict.status == "yellow"
    assert "未启动" in text(verdict) and "2020-07-01" in text(verdict)
    assert evaluate(facts, dt.date(2020, 8, 15)).status == "green"


def test_memory_a_red_that_catches_up_is_yellow_first_then_green() -> None:
    good = Facts(progress=74, start=START, due=DUE, previous="red")
    first = evaluate(good, TODAY)
    assert first.status == "yellow"
    again = Facts(progress=80, start=START, due=DUE, previous=first.status)
    assert evaluate(again, dt.date(2020, 10, 31)).status == "green"
    assert evaluate(good, TODAY, RuleConfig(memory=False)).status == "green"


def test_office_override_wins_until_it_expires() -> None:
    override = Override("green", "已协调解决用地问题", dt.date(2020, 10, 15))
    facts = Facts(progress=10, start=START, due=DUE, override=override)
    verdict = evaluate(facts, TODAY)
    assert verdict.status == "green" and "已协调解决用地问题" in text(verdict)
    assert evaluate(facts, dt.date(2020, 10, 16)).status == "red"


def test_done_is_its_own_state_even_when_overridden_or_overdue() -> None:
    facts = Facts(progress=100, due=dt.date(2020, 1, 1), override=Override("red", "x", None))
    assert evaluate(facts, TODAY).status == "done"


def test_no_due_date_is_not_rated() -> None:
    assert evaluate(Facts(progress=30), TODAY).status == "none"


def test_parents_roll_up_by_weight() -> None:
    one = Decimal(1)
    assert evaluate_parent([("green", one), ("green", one), ("red", one)], TODAY).status == "red"
    assert evaluate_parent([("green", Decimal(9)), ("red", one)], TODAY).status == "green"
    assert evaluate_parent([("green", Decimal(4)), ("yellow", one)], TODAY).status == "yellow"
    assert evaluate_parent([("done", one), ("done", one)], TODAY).status == "done"
    assert evaluate_parent([("none", one)], TODAY).status == "none"


dates = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2022, 12, 31))


@given(
    progress=st.integers(0, 100),
    start=dates,
    length=st.integers(0, 800),
    today=dates,
    previous=st.sampled_from([None, "red", "yellow", "green", "done", "none"]),
    milestones=st.lists(st.tuples(dates, st.booleans()), max_size=4),
)
def test_every_verdict_has_a_colour_and_a_reason(
    progress: int,
    start: dt.date,
    length: int,
    today: dt.date,
    previous: str | None,
    milestones: list[tuple[dt.date, bool]],
) -> None:
    facts = Facts(
        progress=progress,
        start=start,
        due=start + dt.timedelta(days=length),
        previous=previous,
        milestones=tuple(MilestoneFact("节点", d, d if done else None) for d, done in milestones),
    )
    verdict = evaluate(facts, today)
    assert verdict.status in rules.SEVERITY
    assert text(verdict)
    if progress >= 100:
        assert verdict.status == "done"
    if verdict.status == "green":
        assert previous != "red"


@given(progress=st.integers(0, 99), gap=st.integers(0, 30))
def test_more_progress_never_makes_the_colour_worse(progress: int, gap: int) -> None:
    worse = evaluate(Facts(progress=progress, start=START, due=DUE), TODAY)
    better = evaluate(Facts(progress=min(99, progress + gap), start=START, due=DUE), TODAY)
    assert rules.SEVERITY[better.status] <= rules.SEVERITY[worse.status]
