"""Reads of the plan tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from luoshi.plans.models import Indicator, Item, Milestone, Plan, Status

FULL_TREE_LIMIT = 1500


@dataclass
class TreeNode:
    item: Item
    children: list[TreeNode] = field(default_factory=list)

    @property
    def has_unloaded_children(self) -> bool:
        return self.item.numchild > 0 and not self.children


def _item_rows(plan: Plan) -> QuerySet[Item]:
    return (
        Item.objects.filter(plan=plan)
        .select_related("lead_unit", "leader", "plan")
        .prefetch_related("cooperating_units")
        .order_by("path")
    )


def build_tree(items: list[Item]) -> list[TreeNode]:
    """Nest items that arrive in path order; an item whose parent is absent becomes a top node."""
    nodes: dict[str, TreeNode] = {}
    top: list[TreeNode] = []
    for item in items:
        node = TreeNode(item)
        nodes[item.path] = node
        parent = nodes.get(item.path[: -Item.steplen])
        (parent.children if parent else top).append(node)
    return top


def plan_tree(plan: Plan, *, max_depth: int | None = None) -> tuple[list[TreeNode], bool]:
    """The plan as nested nodes, and whether it is complete.

    Small plans come whole; larger ones come to ``max_depth`` (default 2) and the page loads
    deeper levels on demand.
    """
    rows = _item_rows(plan)
    if max_depth is None and Item.objects.filter(plan=plan).count() <= FULL_TREE_LIMIT:
        return build_tree(list(rows)), True
    return build_tree(list(rows.filter(depth__lte=max_depth or 2))), False


def item_children(item: Item) -> list[TreeNode]:
    rows = _item_rows(item.plan).filter(path__startswith=item.path, depth=item.depth + 1)
    return [TreeNode(child) for child in rows]


def item_ancestors(item: Item) -> list[Item]:
    return list(Item.objects.get_ancestors(item)) if item.depth > 1 else []


def plan_counts(plan: Plan) -> dict[str, Any]:
    by_status = dict(Item.objects.filter(plan=plan).values_list("status").annotate(n=Count("id")).order_by())
    rows = [(status.value, status.label, by_status[status.value]) for status in Status if by_status.get(status.value)]
    return {"total": sum(by_status.values()), "by_status": rows}


# Bookkeeping, not a change anyone made: the edit counter and the reason's stored parts (the reason
# is shown once, in words, under the status code's label).
HIDDEN_FIELDS = {"version", "status_params"}


def _shown(record: Any, name: str) -> Any:
    """A historical field's value as a reader sees it: choice labels, names, lists of names."""
    model = record.instance_type
    if name == "status_code" and hasattr(model, "status_reason"):
        return record.instance.status_reason or None
    field = model._meta.get_field(name)
    if field.many_to_many:
        through = getattr(record, name).all()
        ids = [getattr(row, field.m2m_reverse_field_name() + "_id") for row in through]
        units = field.related_model._default_manager.in_bulk(ids)
        return "、".join(sorted(str(units[i]) for i in ids if i in units)) or None
    if field.choices:
        return record.instance._get_FIELD_display(field) if getattr(record, field.attname) else None
    if field.is_relation:
        return getattr(record.instance, name, None)
    return getattr(record, field.attname)


def _diff(new: Any, old: Any) -> list[dict[str, Any]]:
    """What changed from ``old`` to ``new`` (two history records of one row), in readable words."""
    if old is None:
        return []
    delta = new.diff_against(old, excluded_fields=HIDDEN_FIELDS)
    changes = []
    for change in delta.changes:
        try:
            label = new.instance_type._meta.get_field(change.field).verbose_name
            before, after = _shown(old, change.field), _shown(new, change.field)
        except Exception:  # noqa: BLE001 - a field since removed still shows by name
            label, before, after = change.field, change.old, change.new
        if before != after:
            changes.append({"field": label, "old": before, "new": after})
    return changes


def item_history(item: Item, *, limit: int = 200) -> list[dict[str, Any]]:
    """Who changed what and when, for the item and its milestones and indicators, newest first."""
    entries: list[dict[str, Any]] = []
    records = list(
        item.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
    )
    for i, record in enumerate(records):
        previous = records[i + 1] if i + 1 < len(records) else None
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "type": record.history_type,
                "what": str(item._meta.verbose_name),
                "name": record.title,
                "changes": _diff(record, previous),
            }
        )
    for model in (Milestone, Indicator):
        recs = list(
            model.history.filter(item_id=item.pk)  # type: ignore[attr-defined]
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")[:limit]
        )
        last_by_id: dict[int, Any] = {}
        for record in recs:
            entries.append(
                {
                    "when": record.history_date,
                    "who": record.history_user,
                    "type": record.history_type,
                    "what": str(model._meta.verbose_name),
                    "name": getattr(record, "title", None) or getattr(record, "name", ""),
                    "changes": _diff(record, last_by_id.get(record.id)),
                }
            )
            last_by_id[record.id] = record
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries[:limit]
