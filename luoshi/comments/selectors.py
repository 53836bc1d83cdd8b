"""Reads of comment threads (the caller fetched the item or report through the access module)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from luoshi.comments.models import Comment
from luoshi.plans.models import Plan, Unit


def thread(*, item_id: int | None = None, report_id: int | None = None) -> QuerySet[Comment]:
    """The comments of one item or one report, oldest first, with their authors and mentions."""
    where: dict[str, Any] = {"item_id": item_id} if item_id is not None else {"report_id": report_id}
    return (
        Comment.objects.filter(**where)
        .select_related("author", "author__unit")
        .prefetch_related("mentions")
        .order_by("created_at", "id")
    )


def mentionable_units(plan: Plan) -> list[str]:
    """The names one may @-mention in a comment on this plan: its organisation's units."""
    return list(
        Unit.objects.filter(organisation_id=plan.organisation_id)
        .order_by("name")
        .values_list("name", flat=True)
    )
