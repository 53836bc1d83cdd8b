"""The header's year selector: shown when the user's plans cover more than one year."""

from __future__ import annotations

from typing import Any

from django import template

from luoshi.years import selectors

register = template.Library()


@register.inclusion_tag("years/year_switch.html", takes_context=True)
def year_switch(context: Any) -> dict[str, Any]:
    request = context.get("request")
    if request is None or not getattr(request.user, "is_authenticated", False):
        return {"years": []}
    years = selectors.header_years(request)
    return {
        "years": years if len(years) > 1 else [],
        "selected": selectors.year_selected(request, years),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
