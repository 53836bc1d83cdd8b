"""Reporting periods (月报/周报): pure date arithmetic, no database.

A period is named by its first day: the 1st of the month for monthly reports, the Monday for
weekly ones. A monthly report is due on ``due_day`` of its own month (clamped to the month's
end, so 31 means the last day); a weekly report on weekday ``due_day`` (1 = Monday ... 7 = Sunday)
of its own week.
"""

from __future__ import annotations

import calendar
import datetime as dt

MONTHLY = "monthly"
WEEKLY = "weekly"


def period_start(cadence: str, day: dt.date) -> dt.date:
    if cadence == WEEKLY:
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


def next_period(cadence: str, period: dt.date) -> dt.date:
    if cadence == WEEKLY:
        return period + dt.timedelta(days=7)
    return (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def previous_period(cadence: str, period: dt.date) -> dt.date:
    if cadence == WEEKLY:
        return period - dt.timedelta(days=7)
    return (period - dt.timedelta(days=1)).replace(day=1)


def due_date(cadence: str, period: dt.date, due_day: int) -> dt.date:
    if cadence == WEEKLY:
        return period + dt.timedelta(days=max(1, min(7, due_day)) - 1)
    last = calendar.monthrange(period.year, period.month)[1]
    return period.replace(day=max(1, min(last, due_day)))


def periods_between(cadence: str, first: dt.date, last: dt.date) -> list[dt.date]:
    """Every period whose start lies in [period of ``first``, period of ``last``]."""
    out: list[dt.date] = []
    current = period_start(cadence, first)
    end = period_start(cadence, last)
    while current <= end:
        out.append(current)
        current = next_period(cadence, current)
    return out


def period_label(cadence: str, period: dt.date) -> str:
    if cadence == WEEKLY:
        year, week, _day = period.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{period.year}-{period.month:02d}"
