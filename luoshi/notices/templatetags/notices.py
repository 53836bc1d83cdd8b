"""Panels that other apps' pages show: the open notices of an item (with its instructions) and of a plan.

Inclusion tags keep those pages' views unaware of notices; the reads go through the notice selectors,
which narrow everything to what the signed-in user may see."""

from __future__ import annotations

from typing import Any

from django import template

from luoshi.accounts import access
from luoshi.notices import selectors
from luoshi.notices.forms import InstructionForm
from luoshi.plans.models import Item, Plan

register = template.Library()


@register.inclusion_tag("notices/_item_notices.html", takes_context=True)
def item_notices(context: Any, item: Item) -> dict[str, Any]:
    user = context["request"].user
    # An archived plan takes no notice and no instruction: its section only lists what there was.
    writable = item.plan.archived_at is None
    is_office = writable and access.manages_plan(user, item.plan)
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "item": item,
        "open_notices": selectors.open_notices_on_item(user, item),
        "instructions": selectors.item_instructions(item),
        "is_office": is_office,
        "can_instruct": writable and access.can_instruct(user, item),
        "instruction_form": InstructionForm(),
    }


@register.inclusion_tag("notices/_open_notices.html", takes_context=True)
def plan_open_notices(context: Any, plan: Plan) -> dict[str, Any]:
    user = context["request"].user
    return {"plan": plan, "open_notices": selectors.open_notices(user, plan)}


@register.inclusion_tag("notices/_nav.html", takes_context=True)
def supervision_nav(context: Any, plan: Plan) -> dict[str, Any]:
    user = context["request"].user
    return {"plan": plan, "can_assess": bool(user.is_authenticated and (user.is_office or user.is_leader))}
