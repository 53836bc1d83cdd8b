"""The item page's comment thread, so that the page's view stays unaware of comments."""

from __future__ import annotations

from typing import Any

from django import template

from luoshi.comments.views import thread_context
from luoshi.plans.models import Item

register = template.Library()


@register.inclusion_tag("comments/_thread.html", takes_context=True)
def item_comments(context: Any, item: Item) -> dict[str, Any]:
    return {**thread_context(context["request"], item=item), "csrf_token": context.get("csrf_token")}
