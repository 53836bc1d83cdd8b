"""Roll-up across levels: how the items of lower organisations' plans that carry out an item of a plan
above them (``Item.aligned_to``) are getting on.

Read live from those items when asked, so a county's approved report or edited item shows in the
city's figures at once; nothing is stored. The combined progress is the weighted average of the
aligned items' progress by their weight (what the page says in :data:`RULE`).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy

from luoshi.accounts import access
from luoshi.plans.models import Item

COLOURS = ("red", "yellow", "green", "done", "none")
RULE = gettext_lazy("Weighted average of the counties' aligned items, by their weight")


def completion(weighted: Decimal | int | None, weight: Decimal | int | None) -> Decimal:
    """Weighted progress in percent, to one decimal (0 when nothing carries weight)."""
    if not weight:
        return Decimal(0)
    return (Decimal(weighted or 0) / Decimal(weight)).quantize(Decimal("0.1"))


def carried_out(user: Any, item: Item) -> dict[str, Any] | None:
    """The item of a plan above that ``item`` carries out, and whether ``user`` may open it (a county's
    people read only their own organisation's plans: they see its number and title, no link)."""
    if item.aligned_to_id is None:
        return None
    target = Item.objects.select_related("plan", "plan__organisation").filter(pk=item.aligned_to_id).first()
    if target is None:
        return None
    return {
        "item": target,
        "organisation": target.plan.organisation,
        "plan": target.plan,
        "readable": access.plan_visible(user, target.plan),
    }


def item_rollup(user: Any, item: Item) -> dict[str, Any]:
    """The lower organisations' items that carry out ``item``: one row each (organisation, item,
    progress, colour, reason, and whether ``user`` may open it), their combined progress and their
    colour counts. One query."""
    lower = list(
        Item.objects.filter(aligned_to=item)
        .select_related("plan", "plan__organisation")
        .order_by("plan__organisation__path", "plan_id", "path")
    )
    counts = Counter(i.status for i in lower)
    weighted = sum((i.weight * i.progress for i in lower), Decimal(0))
    weight = sum((i.weight for i in lower), Decimal(0))
    return {
        "rows": [
            {
                "organisation": i.plan.organisation,
                "plan": i.plan,
                "item": i,
                "progress": i.progress,
                "status": i.status,
                "reason": i.status_reason,
                "weight": i.weight,
                "readable": access.plan_visible(user, i.plan),
            }
            for i in lower
        ],
        "progress": completion(weighted, weight),
        "counts": {c: counts.get(c, 0) for c in COLOURS},
        "total": len(lower),
        "organisations": len({i.plan.organisation_id for i in lower}),
        "rule": RULE,
    }


def rollups(item_ids: list[int]) -> dict[int, dict[str, Any]]:
    """For each of ``item_ids`` that lower items carry out: their combined progress (the same weighted
    average as :func:`item_rollup`), how many there are, of how many organisations, and their colour
    counts. One grouped query, whatever the number of items."""
    if not item_ids:
        return {}
    colour = {c: Count("pk", filter=Q(status=c)) for c in COLOURS}
    rows = (
        Item.objects.filter(aligned_to_id__in=item_ids)
        .values("aligned_to_id")
        .order_by()
        .annotate(
            weighted=Sum(F("weight") * F("progress")),
            weight=Sum("weight"),
            total=Count("pk"),
            organisations=Count("plan__organisation_id", distinct=True),
            **colour,
        )
    )
    return {
        row["aligned_to_id"]: {
            "progress": completion(row["weighted"], row["weight"]),
            "total": row["total"],
            "organisations": row["organisations"],
            "counts": {c: row[c] for c in COLOURS},
        }
        for row in rows
    }


def aligned_below(item: Item) -> list[Item]:
    """The lower organisations' items that carry out ``item`` or an item of its subtree (what a delete
    of ``item`` clears), with their plans and organisations."""
    return list(
        Item.objects.filter(aligned_to__plan_id=item.plan_id, aligned_to__path__startswith=item.path)
        .exclude(plan_id=item.plan_id)
        .select_related("plan", "plan__organisation", "aligned_to")
        .order_by("plan__organisation__path", "plan_id", "path")
    )
