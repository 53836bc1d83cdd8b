"""The calendar page (a month grid or a week list) and the user's iCalendar feed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from luoshi.accounts import access
from luoshi.calendar import ical, selectors, services
from luoshi.calendar.access import feed_user

MONTH = re.compile(r"(\d{4})-(\d{2})")
WEEK = re.compile(r"(\d{4})-W(\d{2})")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
DAY_LIMIT = 4  # entries shown in a month cell
WEEK_LIMIT = 30  # entries shown for a day in the week list; the rest are behind "N more"
DAY_PAGE = 100  # entries a page of a day's list
FEED_PER_DAY = 20  # a feed's events of one kind on one day; the rest are one event counting them
FEED_PAST = dt.timedelta(days=183)
FEED_FUTURE = dt.timedelta(days=400)


def _month(value: str) -> dt.date | None:
    match = MONTH.fullmatch(value)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), 1)
    except ValueError:
        return None


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if DAY.fullmatch(value) else None
    except ValueError:
        return None


def _page(value: str) -> int:
    return int(value) if value.isdigit() and 0 < int(value) < 100_000 else 1


def _week(value: str) -> dt.date | None:
    match = WEEK.fullmatch(value)
    if not match:
        return None
    try:
        return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        return None


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _week_label(day: dt.date) -> str:
    year, week, _day = day.isocalendar()
    return f"{year}-W{week:02d}"


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    user = access.require_viewer(request.user)
    today = selectors.calendar_today(list(selectors.plans_in_scope(user)))
    day = _day(request.GET.get("day", ""))
    week = _week(request.GET.get("week", "")) if day is None else None
    month = _month(request.GET.get("month", "")) if day is None and week is None else None
    if day is None and week is None and month is None:
        if {"day", "week", "month"} & set(request.GET):
            messages.warning(
                request,
                _(
                    "That is not a month (2020-09), a week (2020-W39) or a day (2020-09-30); showing this month."
                ),
            )
        month = today.replace(day=1)
    context: dict[str, Any] = {"today": today, "feed": services.calendar_feed_ensure(user=user)}
    if day is not None:
        asked = _page(request.GET.get("page", ""))
        found = selectors.day_page(user, day, offset=(asked - 1) * DAY_PAGE, limit=DAY_PAGE)
        pages = max(1, -(-found.count // DAY_PAGE))
        page = min(asked, pages)
        if page != asked:  # past the last page: show the last one
            found = selectors.day_page(user, day, offset=(page - 1) * DAY_PAGE, limit=DAY_PAGE)
        context |= {
            "mode": "day",
            "label": day.isoformat(),
            "day": day,
            "found": found,
            "page": page,
            "pages": pages,
            "first_shown": (page - 1) * DAY_PAGE + 1 if found.count else 0,
            "last_shown": (page - 1) * DAY_PAGE + len(found.entries),
            "page_prev": f"?day={day.isoformat()}&page={page - 1}" if page > 1 else "",
            "page_next": f"?day={day.isoformat()}&page={page + 1}" if page < pages else "",
            "prev": "?day=" + (day - dt.timedelta(days=1)).isoformat(),
            "next": "?day=" + (day + dt.timedelta(days=1)).isoformat(),
            "other": "?week=" + _week_label(day),
            "this": "?day=" + today.isoformat(),
        }
    elif week is not None:
        first, last = week, week + dt.timedelta(days=6)
        cells = selectors.days(user, first, last, limit=WEEK_LIMIT)
        empty = selectors.Day(entries=[], count=0, overdue=False)
        context |= {
            "mode": "week",
            "label": _week_label(week),
            "days": [
                {
                    "day": first + dt.timedelta(days=n),
                    "entries": cells.get(first + dt.timedelta(days=n), empty).entries,
                    "more": max(0, cells.get(first + dt.timedelta(days=n), empty).count - WEEK_LIMIT),
                }
                for n in range(7)
            ],
            "prev": "?week=" + _week_label(week - dt.timedelta(days=7)),
            "next": "?week=" + _week_label(week + dt.timedelta(days=7)),
            "other": "?month=" + week.strftime("%Y-%m"),
            "this": "?week=" + _week_label(today),
        }
    else:
        assert month is not None
        first = month - dt.timedelta(days=month.weekday())
        end = _next_month(month) - dt.timedelta(days=1)
        last = end + dt.timedelta(days=6 - end.weekday())
        cells = selectors.days(user, first, last, limit=DAY_LIMIT)
        empty = selectors.Day(entries=[], count=0, overdue=False)
        weeks = []
        day = first
        while day <= last:
            row = []
            for _n in range(7):
                cell = cells.get(day, empty)
                row.append(
                    {
                        "day": day,
                        "in_month": day.month == month.month,
                        "entries": cell.entries,
                        "more": max(0, cell.count - DAY_LIMIT),
                        "week": _week_label(day),
                        "overdue": cell.overdue,
                    }
                )
                day += dt.timedelta(days=1)
            weeks.append(row)
        previous = (month - dt.timedelta(days=1)).replace(day=1)
        context |= {
            "mode": "month",
            "label": month.strftime("%Y-%m"),
            "month": month,
            "weeks": weeks,
            "count": sum(cell.count for day, cell in cells.items() if day.month == month.month),
            "prev": "?month=" + previous.strftime("%Y-%m"),
            "next": "?month=" + _next_month(month).strftime("%Y-%m"),
            "other": "?week=" + _week_label(month if month.month != today.month else today),
            "this": "?month=" + today.strftime("%Y-%m"),
        }
    context["feed_url"] = request.build_absolute_uri(
        reverse("calendar:calendar_feed", args=[context["feed"].token])
    )
    return render(request, "calendar/calendar.html", context)


@login_required
@require_POST
def calendar_feed_regenerate(request: HttpRequest) -> HttpResponse:
    user = access.require_viewer(request.user)
    services.calendar_feed_regenerate(user=user)
    messages.success(request, _("A new feed address was made; the old one no longer works."))
    return redirect("calendar:calendar")


@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No session here: calendar apps cannot sign in. The token is the key (404 if revoked)."""
    user = feed_user(token)
    today = selectors.calendar_today(list(selectors.plans_in_scope(user)))
    found = selectors.feed_entries(user, today - FEED_PAST, today + FEED_FUTURE, per_day=FEED_PER_DAY)
    body = ical.feed_render(
        found,
        host=request.get_host().split(":")[0] or "luoshi",
        base_url=request.build_absolute_uri("/").rstrip("/"),
        name=_("luoshi · %(user)s") % {"user": user.display_name or user.username},
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="luoshi.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
