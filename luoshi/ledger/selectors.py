"""Reads for the ledger: the plan as flat ledger lines, in tree order, with the latest progress."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

from luoshi.history import selectors as history
from luoshi.lib.cndates import format_due_date
from luoshi.lib.memory import collector_paused
from luoshi.plans.models import Item, Leader, Milestone, Plan, Unit


@dataclass(slots=True)
class ProgressNote:
    """What the ledger shows in 进展情况 / 存在问题 / 下步打算 for one item."""

    progress_text: str = ""
    problems: str = ""
    next_steps: str = ""


@dataclass(slots=True)
class LedgerLine:
    id: int
    path: str
    depth: int
    number: str
    title: str
    lead_unit: str
    cooperating_units: list[str]
    leader: str
    due_date: dt.date | None
    milestones: list[tuple[dt.date, str]]
    progress: int
    status: str
    is_leaf: bool
    version: int
    progress_note: str
    note: ProgressNote = field(default_factory=ProgressNote)


def progress_notes(plan: Plan) -> dict[int, tuple[str, str]]:
    """The source of the progress columns, the one place to switch: (problems, next steps) of each
    item's newest approved report, by item id.

    进展情况 is the item's progress text (set by the last approved report or ledger import); an item's
    description is never shown here.
    """
    from luoshi.reports.models import Report

    approved = Report.objects.filter(plan=plan, state=Report.State.APPROVED)
    # The newest report of each item picked by the database: one row per item comes back, not every
    # approved report of the plan. PostgreSQL's DISTINCT ON needs no outer sort of the ranked rows.
    if connection.vendor == "postgresql":
        newest = approved.order_by("item_id", "-period", "-version").distinct("item_id")
    else:
        rank = Window(
            RowNumber(), partition_by=[F("item_id")], order_by=[F("period").desc(), F("version").desc()]
        )
        newest = approved.annotate(rank=rank).filter(rank=1)
    rows = newest.values_list("item_id", "problems", "next_steps")
    return {item_id: (problems, steps) for item_id, problems, steps in rows}


def milestone_text(milestones: list[tuple[dt.date, str]]) -> str:
    return "\n".join(f"{format_due_date(due)}前：{title}" for due, title in milestones)


def ledger_lines(plan: Plan, *, items: QuerySet[Item] | None = None) -> list[LedgerLine]:
    """Every item of the plan in tree order, flattened for the ledger; a few queries, no per-row ones.
    With ``items`` (a filtered queryset of the plan's items), only those."""
    units = dict(Unit.objects.filter(organisation_id=plan.organisation_id).values_list("id", "name"))
    leaders = dict(Leader.objects.filter(organisation_id=plan.organisation_id).values_list("id", "name"))
    through = Item.cooperating_units.through
    coop: dict[int, list[str]] = defaultdict(list)
    for item_id, unit_id in (
        through.objects.filter(item__plan=plan)
        .order_by("item_id", "unit__name")
        .values_list("item_id", "unit_id")
    ):
        coop[item_id].append(units.get(unit_id, ""))
    stones: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for item_id, due, title in (
        Milestone.objects.filter(item__plan=plan)
        .order_by("item_id", "due_date", "id")
        .values_list("item_id", "due_date", "title")
    ):
        stones[item_id].append((due, title))
    rows = (
        (items if items is not None else Item.objects.filter(plan=plan))
        .order_by("path")
        .values_list(
            "id",
            "path",
            "depth",
            "numchild",
            "number",
            "title",
            "lead_unit_id",
            "leader_id",
            "due_date",
            "progress",
            "status",
            "version",
            "progress_note",
        )
    )
    notes = progress_notes(plan)
    no_report = ("", "")
    # Plain values and one pass: a plan of 50,000 items makes 50,000 lines (and their notes), with the
    # collector paused while they are made.
    with collector_paused():
        return [
            LedgerLine(
                id=r[0],
                path=r[1],
                depth=r[2],
                is_leaf=r[3] == 0,
                number=r[4],
                title=r[5],
                lead_unit=units.get(r[6], "") if r[6] else "",
                leader=leaders.get(r[7], "") if r[7] else "",
                cooperating_units=coop.get(r[0], []),
                due_date=r[8],
                milestones=stones.get(r[0], []),
                progress=r[9],
                status=r[10],
                version=r[11],
                progress_note=r[12],
                note=ProgressNote(r[12], *notes.get(r[0], no_report)),
            )
            for r in rows
        ]


def ledger_lines_as_of(plan: Plan, when: dt.datetime) -> list[LedgerLine]:
    """The ledger as the plan stood at ``when``, rebuilt from its history (``luoshi.history``): the
    progress column is the item's progress text of that date; problems and next steps, which live in
    reports, are left empty."""
    states = history.plan_as_of(plan, when)
    coop = history.cooperating_units_as_of(states, when)
    stones = history.milestones_as_of(plan, when)
    return [
        LedgerLine(
            id=s.id,
            path=s.path,
            depth=s.depth,
            is_leaf=s.numchild == 0,
            number=s.number,
            title=s.title,
            lead_unit=s.lead_unit_name,
            leader=s.leader_name,
            cooperating_units=coop.get(s.id, []),
            due_date=s.due_date,
            milestones=stones.get(s.id, []),
            progress=s.progress,
            status=s.status,
            version=0,
            progress_note=s.progress_note,
            note=ProgressNote(progress_text=s.progress_note),
        )
        for s in states
    ]
