"""Writes to the plan tree: fields, structure, versions and history, and nothing about figures.

Interfaces do not call these directly: ``luoshi.status.changes`` wraps each of them with the one
recompute step, in the same transaction (the import-linter contract in pyproject.toml enforces it)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from luoshi.lib.numbering import format_number, infer_scheme, number_key, scheme_style
from luoshi.organisations.models import Organisation
from luoshi.plans.models import Indicator, Item, Milestone, Plan, Status, Unit


class ConflictError(Exception):
    """Someone else saved the object since it was read: the write is refused, nothing is lost."""

    def __init__(self, current: Item) -> None:
        super().__init__(_("This item was changed by someone else while you were editing it."))
        self.current = current


class RowConflictError(ConflictError):
    """A milestone or indicator of the item was saved by someone else since it was read."""

    def __init__(self, current: Item, rows: list[Milestone | Indicator]) -> None:
        super().__init__(current)
        self.args = (
            _("A milestone or indicator of this item was changed by someone else while you were editing it."),
        )
        self.rows = rows


@transaction.atomic
def item_rows_lock(*, item: Item, milestones: Mapping[int, int], indicators: Mapping[int, int]) -> None:
    """Lock the item's milestones and indicators about to be changed or deleted (id -> version read),
    refusing the write (:class:`RowConflictError`) if any was saved since. The caller then saves them,
    each with its version read plus one, in the same transaction."""
    stale: list[Milestone | Indicator] = []
    for model, expected in ((Milestone, milestones), (Indicator, indicators)):
        if expected:
            rows = model.objects.select_for_update().filter(item_id=item.pk, pk__in=expected).order_by("pk")
            stale.extend(row for row in rows if row.version != expected[row.pk])
    if stale:
        raise RowConflictError(Item.objects.get(pk=item.pk), stale)


MOVE_POSITIONS = {"first-child", "last-child", "left", "right"}


def _set_fields(item: Item, data: Mapping[str, Any], allowed: Iterable[str]) -> list[str]:
    changed: list[str] = []
    allowed = set(allowed)
    for name, value in data.items():
        if name == "cooperating_units" or name not in allowed:
            continue
        if getattr(item, name) != value:
            setattr(item, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def item_create(*, plan: Plan, parent: Item | None, data: Mapping[str, Any]) -> Item:
    if parent is not None and parent.plan_id != plan.pk:
        raise ValidationError(_("The parent item belongs to another plan."))
    fields = {k: v for k, v in data.items() if k != "cooperating_units"}
    item = Item(plan=plan, **fields)
    item.number_fixed = bool(item.number.strip())
    item.full_clean(exclude=["path", "depth", "numchild"])
    if parent is not None and parent.numchild == 0 and parent.progress:
        _parent_becomes_rollup(parent)
    created: Item = (
        Item.objects.add_child(parent, instance=item) if parent is not None else _add_plan_root(plan, item)
    )
    if "cooperating_units" in data:
        _check_units_of(plan, data["cooperating_units"])
        created.cooperating_units.set(data["cooperating_units"])
    items_renumber(plan=plan, parent_paths=[parent.path if parent is not None else ""])
    created.refresh_from_db()
    return created


def _check_units_of(plan: Plan, units: Iterable[Unit]) -> None:
    if any(u.organisation_id != plan.organisation_id for u in units):
        raise ValidationError({"cooperating_units": _("A cooperating unit belongs to another organisation.")})


def _parent_becomes_rollup(parent: Item) -> None:
    """An item with its own reported progress that gets its first sub-item: from now on its progress is
    the weighted roll-up of its sub-items. The reported value stays in its history, with the reason."""
    parent.version += 1
    parent._change_reason = _("Progress now rolled up from sub-items (reported before: %(progress)d%%)") % {
        "progress": parent.progress
    }
    parent.save(update_fields=["version", "updated_at"])


def _add_plan_root(plan: Plan, item: Item) -> Item:
    """Pillars are tree roots; a plan's roots are kept after its last one."""
    last = Item.objects.get_last_root_node()
    if last is None:
        return Item.objects.add_root(instance=item)  # type: ignore[no-any-return]
    return Item.objects.add_sibling(last, "last-sibling", instance=item)  # type: ignore[no-any-return]


@transaction.atomic
def item_update(
    *,
    item_id: int,
    expected_version: int,
    data: Mapping[str, Any],
    allowed_fields: Iterable[str],
    plan: Plan | None = None,
) -> Item:
    """Change the allowed fields of an item, refusing the write if it was saved since ``expected_version``.
    ``plan``: the item's plan, if the caller has read it already."""
    item = Item.objects.select_for_update().get(pk=item_id)
    if plan is not None and plan.pk == item.plan_id:
        item.plan = plan
    if item.version != expected_version:
        raise ConflictError(item)
    allowed = set(allowed_fields)
    changed = _set_fields(item, data, allowed)
    coop_changed = False
    if "cooperating_units" in data and "cooperating_units" in allowed:
        new_ids = {u.pk for u in data["cooperating_units"]}
        coop_changed = new_ids != set(item.cooperating_units.values_list("pk", flat=True))
    if not changed and not coop_changed:
        return item
    # Only the changed fields are checked one by one (the rest were checked when they were saved, and
    # each foreign key checked again costs a query); the item's own rules run in full.
    unchanged = [f.name for f in Item._meta.concrete_fields if f.name not in changed]
    item.full_clean(exclude=unchanged)
    if "number" in changed:
        item.number_fixed = bool(item.number.strip())
        changed.append("number_fixed")
    item.version += 1
    item.save(update_fields=[*changed, "version", "updated_at"])
    if coop_changed:
        _check_units_of(item.plan, data["cooperating_units"])
        item.cooperating_units.set(data["cooperating_units"])
    if "number" in changed and not item.number_fixed:
        items_renumber(plan=item.plan, parent_paths=[item.path[: -Item.steplen]])
        item.refresh_from_db()
    return item


@transaction.atomic
def item_move(*, item: Item, target: Item, position: str) -> Item:
    """Move ``item`` (with its subtree) relative to ``target``: as its first/last child, or left/right of it."""
    if position not in MOVE_POSITIONS:
        raise ValidationError(_("Unknown position."))
    if target.plan_id != item.plan_id:
        raise ValidationError(_("An item can only move within its own plan."))
    if target.path.startswith(item.path):
        raise ValidationError(_("An item cannot move into itself or its own descendants."))
    old_parent_id = _pk_at(item.plan_id, item.path[: -Item.steplen])
    Item.objects.move(item, target, position)
    moved = Item.objects.get(pk=item.pk)
    moved.version += 1
    moved.save(update_fields=["version", "updated_at"])  # records the move in history
    # Paths shift in a move: find the old parent again by its id.
    left = (
        Item.objects.filter(pk=old_parent_id).values_list("path", flat=True).first() if old_parent_id else ""
    )
    items_renumber(plan=moved.plan, parent_paths=[left or "", moved.path[: -Item.steplen]])
    moved.refresh_from_db()
    return moved


def _pk_at(plan_id: int, path: str) -> int | None:
    if not path:
        return None
    return Item.objects.filter(plan_id=plan_id, path=path).values_list("pk", flat=True).first()


@transaction.atomic
def item_swap_with_sibling(*, item: Item, direction: str) -> Item:
    """Reorder: move the item one place up or down among its siblings."""
    if direction == "up":
        sibling = Item.objects.get_prev_sibling(item)
        if sibling is None or sibling.plan_id != item.plan_id:
            return item
        return item_move(item=item, target=sibling, position="left")
    sibling = Item.objects.get_next_sibling(item)
    if sibling is None or sibling.plan_id != item.plan_id:
        return item
    return item_move(item=item, target=sibling, position="right")


@transaction.atomic
def item_delete(*, item: Item) -> int:
    """Delete the item and its whole subtree; returns how many items went. The lower organisations'
    items that carry out one of them lose their alignment by a save each, so their history shows it
    cleared (and, in the row before, what they carried out)."""
    count = Item.objects.filter(plan_id=item.plan_id, path__startswith=item.path).count()
    parent = item.path[: -Item.steplen]
    _alignments_clear(item)
    Item.objects.filter(pk=item.pk).delete()
    items_renumber(plan=item.plan, parent_paths=[parent])
    return count


def _alignments_clear(item: Item) -> None:
    lower = Item.objects.filter(
        aligned_to__plan_id=item.plan_id, aligned_to__path__startswith=item.path
    ).exclude(plan_id=item.plan_id)
    for other in lower.select_for_update(of=("self",)):
        other.aligned_to = None
        other.version += 1
        other._change_reason = _("The item it carried out was deleted")
        other.save(update_fields=["aligned_to", "version", "updated_at"])


def items_renumber(*, plan: Plan, parent_paths: Iterable[str] | None = None, adopt: bool = False) -> int:
    """Number the children of each parent (``""`` for the plan's pillars; ``None`` for the whole plan) by
    their place and the plan's scheme, keeping every number the office typed. With ``adopt``, a
    number already equal to the scheme's stops counting as typed (after a load or an import).
    Returns how many numbers changed; those items get a new version (a form open on them is stale)."""
    scheme = plan.scheme()
    items = (
        Item.objects.filter(plan=plan)
        .order_by("path")
        .only("id", "path", "depth", "number", "number_fixed", "version")
    )
    if parent_paths is not None:
        wanted = set(parent_paths)
        if not wanted:
            return 0
        below = Q()
        for path in wanted:
            below |= Q(path__startswith=path, depth=len(path) // Item.steplen + 1)
        items = items.filter(below)
    siblings: dict[str, list[Item]] = {}
    for item in items:
        siblings.setdefault(item.path[: -Item.steplen], []).append(item)
    changed = []
    for group in siblings.values():
        for place, item in enumerate(group, start=1):
            number = format_number(scheme_style(scheme, item.depth), place)
            if adopt and item.number_fixed and number_key(item.number) == number_key(number):
                item.number_fixed = False
                changed.append(item)
            if not item.number_fixed and number_key(item.number) != number_key(number):
                item.number = number
                item.version += 1
                changed.append(item)
    Item.objects.bulk_update(changed, ["number", "number_fixed", "version"], batch_size=2000)
    return len(changed)


def unit_get_or_create(
    *,
    name: str,
    organisation: Organisation,
    short_name: str = "",
    kind: str = Unit.Kind.DEPARTMENT,
    is_demo: bool = False,
) -> Unit:
    unit, _created = Unit.objects.get_or_create(
        organisation=organisation,
        name=name,
        defaults={"short_name": short_name, "kind": kind, "is_demo": is_demo},
    )
    return unit


__all__ = [
    "ConflictError",
    "RowConflictError",
    "Status",
    "item_create",
    "item_delete",
    "item_move",
    "item_rows_lock",
    "item_swap_with_sibling",
    "item_update",
    "items_renumber",
    "plan_adopt_numbering",
    "unit_get_or_create",
]


@transaction.atomic
def plan_adopt_numbering(*, plan: Plan) -> int:
    """After a load or an import: take the plan's own scheme from the numbers it came with, keep a
    number that differs from it as typed, and number the items that came without one."""
    by_depth: dict[int, list[str]] = {}
    for depth, number in Item.objects.filter(plan=plan).exclude(number="").values_list("depth", "number"):
        by_depth.setdefault(depth, []).append(number)
    plan.numbering = ",".join(infer_scheme(by_depth))
    plan.save(update_fields=["numbering"])
    Item.objects.filter(plan=plan).exclude(number="").update(number_fixed=True)
    return items_renumber(plan=plan, adopt=True)
