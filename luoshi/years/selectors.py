"""Reads of plan years: the years a user's plans cover, and the year chosen in the header."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Coalesce, ExtractYear

from luoshi.accounts.access import plans_visible
from luoshi.plans.models import Plan

SESSION_KEY = "luoshi_year"
YEARS_KEY = "luoshi_plan_years"


def _with_year(plans: QuerySet[Plan]) -> Any:
    """A plan's year is its ``year``, or the year it starts in."""
    return plans.annotate(plan_year=Coalesce("year", ExtractYear("start_date")))


def plan_years(user: Any) -> list[int]:
    """The years of the plans ``user`` may read, newest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    years = _with_year(plans_visible(user)).values_list("plan_year", flat=True).distinct()
    return sorted({int(y) for y in years if y is not None}, reverse=True)


def _remember(request: Any, years: list[int]) -> list[int]:
    key = f"{request.user.pk}:{request.user.organisation_id}:{request.user.role}"
    entry = {"key": key, "years": years}
    if request.session.get(YEARS_KEY) != entry:
        request.session[YEARS_KEY] = entry
    return years


def years_refresh(request: Any) -> list[int]:
    """Read the years afresh (and keep them for the header)."""
    return _remember(request, plan_years(request.user))


def header_years(request: Any) -> list[int]:
    """The years for the header's switch, kept in the session (so that a page costs no query for it),
    for the role the user acts in; the plan list reads them afresh every time it is shown."""
    key = f"{request.user.pk}:{request.user.organisation_id}:{request.user.role}"
    cached = request.session.get(YEARS_KEY)
    if isinstance(cached, dict) and cached.get("key") == key:
        return [int(y) for y in cached.get("years", [])]
    return _remember(request, plan_years(request.user))


def year_selected(request: Any, years: list[int] | None = None) -> int | None:
    """The year the header shows (the session's choice, else the newest); ``None`` when the plans
    cover one year only (nothing to choose, nothing filtered)."""
    years = plan_years(request.user) if years is None else years
    if len(years) < 2:
        return None
    chosen = request.session.get(SESSION_KEY)
    return chosen if chosen in years else years[0]


def plans_of_year(request: Any, plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """``plans`` narrowed to the year chosen in the header (all of them if there is no choice)."""
    year = year_selected(request, years_refresh(request))
    if year is None:
        return plans
    return _with_year(plans).filter(plan_year=year)  # type: ignore[no-any-return]
