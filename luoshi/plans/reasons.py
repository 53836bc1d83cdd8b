"""The words of a status's reason. A verdict is stored as a reason code with its parameters and is put
into words only when it is shown, in the reader's language (a bulletin in the plan's language)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

REASONS: dict[str, Promise] = {
    "done": _("Done: progress 100%"),
    "not_rated": _("No due date, not rated"),
    "overdue": _("Red: due %(due)s, %(days)d days overdue at %(progress)d%%"),
    "schedule_red": _("Red: planned %(planned)d%%, actual %(progress)d%%, %(gap)d points behind"),
    "schedule_yellow": _("Yellow: planned %(planned)d%%, actual %(progress)d%%, %(gap)d points behind"),
    "schedule_green": _("Green: planned %(planned)d%%, actual %(progress)d%%"),
    "milestone_red": _("Red: milestone “%(title)s” due %(due)s is %(days)d days late"),
    "milestone_yellow": _("Yellow: milestone “%(title)s” due %(due)s is %(days)d days late"),
    "due_soon": _("Yellow: due in %(days)d days (%(due)s) at %(progress)d%%"),
    "not_started": _("Yellow: not started %(months)d months after the start date %(start)s"),
    "override": _("Set by the supervision office until %(until)s: %(reason)s"),
    "override_open": _("Set by the supervision office until further notice: %(reason)s"),
    "memory": _("Yellow: red last period; turns green after one good period (%(reason)s)"),
    "parent_none": _("No rated sub-items"),
    "parent_done": _("Done: all sub-items done"),
    "parent_red": _("Red: of %(count)d sub-items %(red)d red and %(yellow)d yellow (%(share)d%% by weight)"),
    "parent_yellow": _(
        "Yellow: of %(count)d sub-items %(red)d red and %(yellow)d yellow (%(share)d%% by weight)"
    ),
    "parent_green": _(
        "Green: of %(count)d sub-items %(red)d red and %(yellow)d yellow (%(share)d%% by weight)"
    ),
}


def render(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The reason in the active language; a nested reason (``{"code": …, "params": …}``) is rendered too."""
    if not code:
        return ""
    template = REASONS.get(code)
    if template is None:
        return code
    values = {
        k: render(v.get("code", ""), v.get("params")) if isinstance(v, dict) else v
        for k, v in (params or {}).items()
    }
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return str(template)
