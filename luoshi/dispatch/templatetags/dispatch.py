"""What other rooms' pages show of dispatches: the top bar's link with the count awaiting a decision,
and the item page's "send down" button. The pages' views stay unaware of dispatches."""

from __future__ import annotations

from typing import Any

from django import template

from luoshi.accounts.access import manages_plan
from luoshi.accounts.models import Role
from luoshi.dispatch import access as dispatch_access
from luoshi.dispatch import selectors
from luoshi.plans.models import Item

register = template.Library()


@register.inclusion_tag("dispatch/_nav.html", takes_context=True)
def dispatch_nav(context: Any) -> dict[str, Any]:
    user = context["request"].user
    if not dispatch_access.can_use_dispatch(user):
        return {"show": False}
    office = user.is_superuser or user.role == Role.OFFICE
    return {"show": True, "office": office, "awaiting": selectors.awaiting_count(user) if office else 0}


@register.inclusion_tag("dispatch/_item_button.html", takes_context=True)
def item_dispatch_button(context: Any, item: Item) -> dict[str, Any]:
    """For the office managing the item's plan, when its organisation has organisations below it."""
    user = context["request"].user
    show = (
        item.plan.archived_at is None  # nothing is sent down from an archived plan
        and manages_plan(user, item.plan)
        and item.plan.organisation.numchild > 0
    )
    return {"item": item, "show": show, "sent": selectors.item_dispatch_count(user, item) if show else 0}
