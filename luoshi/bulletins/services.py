"""Bulletins (通报): the dashboard's figures for a date, written down as a numbered document.

Every figure comes from the dashboard's own selector (``selectors.dashboard``), so a bulletin and
the dashboard for the same date cannot disagree. The generated figures are stored with the bulletin
(``Bulletin.data``) and every export renders from them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.accounts.models import User
from luoshi.bulletins.models import Bulletin
from luoshi.dashboard import selectors
from luoshi.lib.translation import in_site_language
from luoshi.notices.models import DocumentSeries, Instruction, Notice, NoticeTarget
from luoshi.notices.services import document_number_allocate
from luoshi.plans.models import Plan

PRAISE_TOP = 3


# One implementation of each figure: the dashboard's.
plan_completion = selectors.plan_completion
ranking_key = selectors.ranking_key


def _unit_rows(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for row in sorted(dashboard["units"], key=lambda r: (ranking_key(r), r["unit"].name)):
        unit = row["unit"]
        rows.append(
            {
                "unit_id": unit.pk,
                "unit": unit.name,
                **{
                    k: row[k]
                    for k in ("red", "yellow", "green", "done", "none", "missing", "late")
                    + ("on_time_total", "late_total", "missing_total")
                },
            }
        )
    selectors.rank(rows, ranking_key)
    return rows


def _county_rows(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    """The dashboard's ranking of the organisations below the plan's, as stored with the bulletin."""
    return [
        {
            "rank": row["rank"],
            "organisation_id": row["organisation"].pk,
            "organisation": row["organisation"].name,
            "completion": str(row["completion"]),
            **{
                k: row[k]
                for k in ("total", "red", "yellow", "green", "done", "none", "overdue", "lagging")
                + ("late_total", "missing_total")
            },
        }
        for row in dashboard["counties"]
    ]


def _open_notices(plan: Plan, today: Any) -> list[dict[str, Any]]:
    notices = (
        Notice.objects.filter(plan=plan, state=Notice.State.OPEN)
        .select_related("item")
        .prefetch_related("targets__unit")
        .order_by("deadline", "sequence")
    )
    out = []
    for notice in notices:
        owing = [t for t in notice.targets.all() if t.state in NoticeTarget.OWING]
        out.append(
            {
                "number": notice.number,
                "title": notice.title,
                "item": str(notice.item),
                "deadline": notice.deadline.isoformat(),
                "owing": [t.unit.short_name or t.unit.name for t in owing],
                "overdue": [t.unit.short_name or t.unit.name for t in owing if t.deadline < today],
            }
        )
    return out


def _praise_and_criticism(
    plan: Plan, units: list[dict[str, Any]], notices: list[dict[str, Any]]
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    praised: list[dict[str, str]] = []
    criticised: list[dict[str, str]] = []
    for instruction in Instruction.objects.filter(
        plan=plan, kind__in=[Instruction.Kind.PRAISE, Instruction.Kind.CRITICISM]
    ).select_related("item__lead_unit", "author"):
        unit = instruction.item.lead_unit
        if unit is None:
            continue
        entry = {
            "unit": unit.name,
            "reason": _("%(leader)s on %(item)s: %(text)s")
            % {"leader": instruction.author, "item": instruction.item.title, "text": instruction.text},
        }
        (praised if instruction.kind == Instruction.Kind.PRAISE else criticised).append(entry)
    for row in units[:PRAISE_TOP]:
        if row["red"] == 0 and row["missing_total"] == 0 and row["late_total"] == 0:
            praised.append(
                {
                    "unit": row["unit"],
                    "reason": _("No red items and every report on time (rank %(rank)d)")
                    % {"rank": row["rank"]},
                }
            )
    for row in units:
        if row["missing"]:
            criticised.append(
                {
                    "unit": row["unit"],
                    "reason": _("%(count)d reports missing this period") % {"count": row["missing"]},
                }
            )
    overdue: dict[str, list[str]] = {}
    for notice in notices:
        for unit in notice["overdue"]:
            overdue.setdefault(unit, []).append(notice["number"])
    for unit, numbers in overdue.items():
        criticised.append(
            {
                "unit": unit,
                "reason": _("No reply to %(numbers)s by the deadline") % {"numbers": "、".join(numbers)},
            }
        )
    return praised, criticised


@in_site_language
def bulletin_data(plan: Plan) -> dict[str, Any]:
    """The bulletin's content for the plan's current status date, from the dashboard's selector."""
    dashboard = selectors.dashboard(plan)
    today = dashboard["today"]
    units = _unit_rows(dashboard)
    notices = _open_notices(plan, today)
    praised, criticised = _praise_and_criticism(plan, units, notices)
    return {
        "plan": plan.name,
        "organisation": plan.organisation.name,
        "as_of": today.isoformat(),
        "period": dashboard["period"].isoformat(),
        "period_label": str(dashboard["period_label"]),
        "completion": str(plan_completion(plan)),
        "counts": dashboard["counts"],
        "total": dashboard["total"],
        "pillars": [
            {"item": str(row["item"]), **{k: row[k] for k in ("red", "yellow", "green", "done", "none")}}
            for row in dashboard["pillars"]
        ],
        "units": units,
        "counties": _county_rows(dashboard),
        "lagging": [
            {
                "item": str(item),
                "unit": item.lead_unit.name if item.lead_unit else "",
                "leader": item.leader.name if item.leader else "",
                "progress": item.progress,
                "status": item.status,
                "status_label": item.get_status_display(),
                "reason": item.status_reason,
            }
            for item in dashboard["lagging"]
        ],
        "praised": praised,
        "criticised": criticised,
        "notices": notices,
    }


@in_site_language
@transaction.atomic
def bulletin_generate(*, plan: Plan, user: User | None, title: str = "") -> Bulletin:
    data = bulletin_data(plan)
    as_of = dt.date.fromisoformat(data["as_of"])
    year = as_of.year
    sequence, number = document_number_allocate(plan=plan, kind=DocumentSeries.Kind.BULLETIN, year=year)
    title = title.strip() or _("Bulletin on the progress of %(plan)s (%(period)s)") % {
        "plan": plan.name,
        "period": data["period_label"],
    }
    return Bulletin.objects.create(
        plan=plan,
        year=year,
        sequence=sequence,
        number=number,
        title=title[:200],
        as_of=as_of,
        period=data["period"],
        data=data,
        generated_by=user,
    )
