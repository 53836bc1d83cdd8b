"""Panels other rooms' pages show about alignment across levels: on an item page, what the item carries
out and the lower organisations' items that carry it out (with their roll-up); on a delete
confirmation, the lower items whose alignment the delete clears. The pages' views stay unaware of
them; what links where follows the access rules (a county reads only its own organisation's plans)."""

from __future__ import annotations

from typing import Any

from django import template

from luoshi.dashboard import cascade
from luoshi.plans.models import Item

register = template.Library()


@register.inclusion_tag("dashboard/_item_cascade.html", takes_context=True)
def item_cascade(context: Any, item: Item) -> dict[str, Any]:
    user = context["request"].user
    rollup = cascade.item_rollup(user, item)
    return {"item": item, "carried_out": cascade.carried_out(user, item), "rollup": rollup}


@register.inclusion_tag("dashboard/_delete_alignments.html", takes_context=True)
def item_delete_alignments(context: Any, item: Item) -> dict[str, Any]:
    return {"item": item, "lower": cascade.aligned_below(item)}
