"""Every write that can change the figures, as the interfaces call it: the plan write, then the one
recompute step (:func:`luoshi.status.services.plan_recompute`), in one transaction.

Web pages, the API, the ledger import, report approval, commands and tasks call these and never
``luoshi.plans.services`` directly, so no path can leave a roll-up, a colour, this period's colour
history or the dashboard's figures behind. Each refuses a write to an archived plan
(:class:`PlanArchivedError`, a ValidationError), so no interface can change a closed year.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.plans import loader
from luoshi.plans import services as plan_services
from luoshi.plans.loader import LoadResult
from luoshi.plans.models import Item, Plan, PlanArchivedError
from luoshi.plans.services import MOVE_POSITIONS, ConflictError, RowConflictError, item_rows_lock
from luoshi.status.services import Recomputed, plan_recompute

__all__ = [
    "MOVE_POSITIONS",
    "ConflictError",
    "RowConflictError",
    "item_create",
    "item_delete",
    "item_move",
    "item_rows_lock",
    "item_swap_with_sibling",
    "item_update",
    "items_changed",
    "plan_changed",
    "plan_ensure_writable",
    "plan_load",
]


def plan_ensure_writable(plan_id: int) -> None:
    """Refuse a write to an archived plan, as stored (not as the caller's copy of the plan says)."""
    if Plan.objects.filter(pk=plan_id, archived_at__isnull=False).exists():
        raise PlanArchivedError


@transaction.atomic
def item_create(*, plan: Plan, parent: Item | None, data: Mapping[str, Any]) -> Item:
    plan_ensure_writable(plan.pk)
    item = plan_services.item_create(plan=plan, parent=parent, data=data)
    plan_recompute(plan=plan, item_ids=[item.pk])
    item.refresh_from_db()
    return item


@transaction.atomic
def item_update(
    *,
    item_id: int,
    expected_version: int,
    data: Mapping[str, Any],
    allowed_fields: Iterable[str],
    then: Callable[[Item], None] | None = None,
) -> Item:
    """Change the allowed fields, refusing the write (:class:`ConflictError`) if the item was saved since
    ``expected_version``. A parent's progress is its sub-items' roll-up and is never set here.
    ``then`` makes more writes of the item's facts (the milestones and indicators of the same form) in
    the same transaction, before the one recompute step, which then runs once for all of them."""
    facts = _chain_lock(item_id)
    allowed = set(allowed_fields)
    if facts is not None and facts.numchild > 0:
        # A stale form is a conflict (409, by the plan's service), whatever progress it carries; a
        # current one that sends another progress for a roll-up is told why it cannot.
        if (
            facts.version == expected_version
            and "progress" in allowed
            and data.get("progress", facts.progress) != facts.progress
        ):
            # Said, not silently dropped: the caller would believe the figure was taken.
            raise ValidationError(
                _(
                    "The progress of an item with sub-items is their weighted roll-up; report on the sub-items."
                )
            )
        allowed.discard("progress")
    # The plan with everything the recompute step reads of it, in one query.
    plan = (
        Plan.objects.select_related("organisation", "report_cadence", "status_rules")
        .filter(pk=facts.plan_id)
        .first()
        if facts is not None
        else None
    )
    if plan is not None:
        plan.ensure_writable()
    item = plan_services.item_update(
        item_id=item_id, expected_version=expected_version, data=data, allowed_fields=allowed, plan=plan
    )
    if then is not None:
        then(item)
    plan_recompute(plan=item.plan, item_ids=[item.pk])
    item.refresh_from_db()
    return item


@dataclass(frozen=True)
class _Facts:
    plan_id: int
    numchild: int
    progress: int
    version: int


def _chain_lock(item_id: int) -> _Facts | None:
    """Lock the item and its ancestors root first, the order the recompute step locks them in, before
    the write locks the item alone: a parent and its sub-item edited at once must not deadlock.
    Returns the item's facts as read under the lock (``None`` if it is gone)."""
    path = Item.objects.filter(pk=item_id).values_list("path", flat=True).first() or ""
    chain = [path[:n] for n in range(Item.steplen, len(path) + 1, Item.steplen)]
    locked = (
        Item.objects.select_for_update()
        .filter(path__in=chain)
        .order_by("path")
        .values_list("pk", "plan_id", "numchild", "progress", "version")
    )
    return next((_Facts(*row[1:]) for row in locked if row[0] == item_id), None)


@transaction.atomic
def item_move(*, item: Item, target: Item, position: str) -> Item:
    plan_ensure_writable(item.plan_id)
    old_parent = Item.objects.get_parent(item)
    moved = plan_services.item_move(item=item, target=target, position=position)
    ids = [moved.pk] + ([old_parent.pk] if old_parent is not None else [])
    plan_recompute(plan=moved.plan, item_ids=ids)
    moved.refresh_from_db()
    return moved


@transaction.atomic
def item_swap_with_sibling(*, item: Item, direction: str) -> Item:
    plan_ensure_writable(item.plan_id)
    moved = plan_services.item_swap_with_sibling(item=item, direction=direction)
    plan_recompute(plan=moved.plan, item_ids=[moved.pk])
    return moved


@transaction.atomic
def item_delete(*, item: Item) -> int:
    """Delete the item and its subtree. Locks the chain root first, as an edit does, so that an edit and a
    delete of one item wait for each other instead of deadlocking; an item already gone is
    :class:`Item.DoesNotExist`."""
    plan_ensure_writable(item.plan_id)
    _chain_lock(item.pk)
    if not Item.objects.filter(pk=item.pk).exists():
        raise Item.DoesNotExist(f"item {item.pk} was deleted meanwhile")
    parent = Item.objects.get_parent(item)
    plan = item.plan
    count = plan_services.item_delete(item=item)
    if parent is not None:
        plan_recompute(plan=plan, item_ids=[parent.pk])
    else:
        plan_recompute(plan=plan, item_ids=[])
    return count


def items_changed(*, plan: Plan, item_ids: Iterable[int]) -> Recomputed:
    """After a write of several items' facts (milestones, indicators, a bulk import) made elsewhere
    in the caller's transaction. On an archived plan it refuses, so the caller's transaction rolls
    back whatever it wrote."""
    plan_ensure_writable(plan.pk)
    return plan_recompute(plan=plan, item_ids=list(item_ids))


@transaction.atomic
def plan_load(data: Mapping[str, Any], **options: Any) -> LoadResult:
    """Load a plan file (``luoshi.plans.loader``) and rate it, all or nothing. Loading into, or
    replacing, an archived plan is refused."""
    into = options.get("into")
    if into is not None:
        plan_ensure_writable(into.pk)
    meta = data.get("plan")
    code = meta.get("code") if isinstance(meta, dict) else None
    if options.get("replace") and Plan.objects.filter(code=code or "", archived_at__isnull=False).exists():
        raise PlanArchivedError
    result = loader.plan_load(data, **options)
    plan = Plan.objects.get(pk=result.plan.pk)
    plan_services.plan_adopt_numbering(plan=plan)
    plan_recompute(plan=plan)
    return result


def plan_changed(*, plan: Plan) -> Recomputed:
    """After a write that may touch any item of the plan (a load, a rule change, the daily run).
    Allowed on an archived plan: it changes no fact, and archiving froze the plan's as-of date."""
    return plan_recompute(plan=plan)
