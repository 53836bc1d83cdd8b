"""A first status rule: progress against elapsed time (序时进度). Pure: facts and a date in, verdict out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from luoshi.plans.models import Status


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str


def elapsed_share(start: dt.date, due: dt.date, today: dt.date) -> float:
    """How much of the period from start to due has passed, 0..1."""
    if due <= start:
        return 1.0 if today >= due else 0.0
    share = (today - start).days / (due - start).days
    return max(0.0, min(1.0, share))


def progress_verdict(**kwargs: Any) -> Verdict:
    """The verdict, its reason written in the site's language (reasons are stored, like a remark)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _progress_verdict(**kwargs)


def _progress_verdict(
    *,
    progress: int,
    start: dt.date | None,
    due: dt.date | None,
    today: dt.date,
    yellow_gap: int = 10,
    red_gap: int = 30,
) -> Verdict:
    if progress >= 100:
        return Verdict(Status.DONE, _("Done: progress 100%"))
    if due is None:
        return Verdict(Status.NONE, _("No due date, not rated"))
    if due < today:
        return Verdict(
            Status.RED,
            _("Red: due %(due)s, %(days)d days overdue at %(progress)d%%")
            % {"due": due.isoformat(), "days": (today - due).days, "progress": progress},
        )
    planned = round(elapsed_share(start or dt.date(due.year, 1, 1), due, today) * 100)
    gap = planned - progress
    values = {"planned": planned, "progress": progress, "gap": gap}
    if gap > red_gap:
        return Verdict(
            Status.RED, _("Red: planned %(planned)d%%, actual %(progress)d%%, %(gap)d points behind") % values
        )
    if gap > yellow_gap:
        return Verdict(
            Status.YELLOW,
            _("Yellow: planned %(planned)d%%, actual %(progress)d%%, %(gap)d points behind") % values,
        )
    return Verdict(Status.GREEN, _("Green: planned %(planned)d%%, actual %(progress)d%%") % values)
