"""Reads of the plan tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from luoshi.plans import reasons, revisions
from luoshi.plans.models import Indicator, Item, Milestone, Plan, Status, Unit

FULL_TREE_LIMIT = 1500
# A list of siblings comes in pages of this many; the rest load when asked for ("show more").
CHILDREN_PAGE = 100
# The tree page shows at most this many rows below the pillars; deeper or later levels load on demand.
TREE_ROWS = 200
# What a list of sub-items shows: a link, the status and the progress.
BRIEF_COLUMNS = (
    "id",
    "path",
    "depth",
    "numchild",
    "number",
    "title",
    "progress",
    "status",
    "status_code",
    "status_params",
)


@dataclass(frozen=True, slots=True)
class NamedRef:
    """A unit or leader as a tree row names it."""

    id: int
    name: str
    short_name: str = ""

    def __str__(self) -> str:
        return self.name


class _Cooperating:
    """The cooperating units of a row, answering ``.all()`` as a related manager does."""

    __slots__ = ("units",)

    def __init__(self, units: list[NamedRef]) -> None:
        self.units = units

    def all(self) -> list[NamedRef]:
        return self.units


@dataclass(slots=True)
class TreeItem:
    """What a tree row shows of an item, read as plain values: building a model instance, with its
    unit and leader, costs more than the rest of the row (570 instances, 13 ms, for one page)."""

    id: int
    plan_id: int
    path: str
    depth: int
    numchild: int
    kind: str
    number: str
    title: str
    due_date: Any
    progress: int
    status: str
    status_code: str
    status_params: Any
    lead_unit_id: int | None
    leader_id: int | None
    lead_unit: NamedRef | None
    leader: NamedRef | None
    cooperating_units: _Cooperating

    @property
    def pk(self) -> int:
        return self.id

    @property
    def status_reason(self) -> str:
        return reasons.render(self.status_code, self.status_params)


# What a tree row shows, and no more (descriptions and source sentences can be long).
_ROW_FIELDS = (
    "id",
    "plan_id",
    "path",
    "depth",
    "numchild",
    "kind",
    "number",
    "title",
    "due_date",
    "progress",
    "status",
    "status_code",
    "status_params",
    "lead_unit_id",
    "leader_id",
    "lead_unit__name",
    "lead_unit__short_name",
    "leader__name",
)


def tree_items(rows: QuerySet[Item]) -> list[TreeItem]:
    """The rows of ``rows`` (an Item queryset, in its order) as :class:`TreeItem`, in two queries."""
    values = list(rows.values_list(*_ROW_FIELDS))
    coop: dict[int, list[NamedRef]] = {}
    if values:
        through = Item.cooperating_units.through.objects.filter(item_id__in=[v[0] for v in values])
        for item_id, unit_id, name, short_name in through.values_list(
            "item_id", "unit_id", "unit__name", "unit__short_name"
        ).order_by("unit__name", "unit_id"):
            coop.setdefault(item_id, []).append(NamedRef(unit_id, name, short_name))
    out = []
    for v in values:
        lead_unit = NamedRef(v[13], v[15], v[16]) if v[13] is not None else None
        leader = NamedRef(v[14], v[17]) if v[14] is not None else None
        out.append(TreeItem(*v[:15], lead_unit, leader, _Cooperating(coop.get(v[0], []))))  # type: ignore[arg-type,call-arg]
    return out


@dataclass
class TreeNode:
    item: TreeItem
    children: list[TreeNode] = field(default_factory=list)

    @property
    def has_unloaded_children(self) -> bool:
        return self.item.numchild > 0 and not self.children

    @property
    def more_after(self) -> str:
        """The path of the last loaded child if some children are still to load, else ``""``."""
        if self.children and len(self.children) < self.item.numchild:
            return self.children[-1].item.path
        return ""


@dataclass
class TreePage:
    """One page of a list of siblings, as nested nodes."""

    nodes: list[TreeNode]
    more_after: str = ""  # the path to continue after, if more siblings follow
    complete: bool = False  # every item of the plan is in it


def _item_rows(plan: Plan) -> QuerySet[Item]:
    return Item.objects.filter(plan=plan).order_by("path")


def _nest(items: list[TreeItem], *, top_depth: int, rows: int) -> TreePage:
    """Nest items in path order: at most a page of top nodes and of children per parent, and at most
    ``rows`` rows below the top nodes; what is left out loads on demand."""
    nodes: dict[str, TreeNode] = {}
    top: list[TreeNode] = []
    more_top = False
    for item in items:
        node = TreeNode(item)
        if item.depth == top_depth:
            if len(top) == CHILDREN_PAGE:
                more_top = True
                continue
            top.append(node)
        else:
            parent = nodes.get(item.path[: -Item.steplen])
            if parent is None or rows <= 0 or len(parent.children) == CHILDREN_PAGE:
                continue
            parent.children.append(node)
            rows -= 1
        nodes[item.path] = node
    return TreePage(top, more_after=top[-1].item.path if more_top else "")


def plan_tree(plan: Plan, *, after: str = "") -> TreePage:
    """A page of the plan's pillars (those after the path ``after``) with their sub-items nested.

    A small plan comes whole; in a larger one the sub-items come to depth 2. Either way each list
    holds at most a page of siblings and the page at most :data:`TREE_ROWS` rows below the pillars;
    the page loads the rest on demand.
    """
    rows = _item_rows(plan)
    # Whether the plan is small, counting no further than the limit (a count of 50,000 rows is not free).
    small = not Item.objects.filter(plan=plan).values("pk")[FULL_TREE_LIMIT : FULL_TREE_LIMIT + 1].exists()
    if not after and small:
        items = tree_items(rows)
        page = _nest(items, top_depth=1, rows=TREE_ROWS)
        page.complete = _count(page.nodes) == len(items)
        return page
    tops = tree_items(rows.filter(depth=1, path__gt=after)[: CHILDREN_PAGE + 1])
    page = _nest(tops, top_depth=1, rows=0)
    budget = TREE_ROWS
    whole: list[str] = []  # pillars whose children all fit: one query for them all
    children: list[TreeItem] = []
    for node in page.nodes:
        take = min(node.item.numchild, CHILDREN_PAGE, budget)
        if take <= 0:
            continue
        budget -= take
        if take == node.item.numchild:
            whole.append(node.item.path)
        else:
            children += _children_rows(rows, node.item, limit=take)
    if whole:
        below = Q()
        for path in whole:
            below |= Q(path__gt=path, path__lte=path + Item.alphabet[-1] * Item.steplen)
        children += tree_items(rows.filter(below, depth=2))
    by_parent: dict[str, list[TreeNode]] = {}
    for child in children:
        by_parent.setdefault(child.path[: -Item.steplen], []).append(TreeNode(child))
    for node in page.nodes:
        node.children = sorted(by_parent.get(node.item.path, []), key=lambda n: n.item.path)
    return page


def _count(nodes: list[TreeNode]) -> int:
    return sum(1 + _count(node.children) for node in nodes)


def children_of(rows: QuerySet[Item], item: Item | TreeItem, *, after: str = "") -> QuerySet[Item]:
    """The item's children among ``rows``, after the path ``after``. A range of paths, not a prefix
    match: PostgreSQL reads a range straight off the (plan, path) index, whatever the collation."""
    last = item.path + Item.alphabet[-1] * Item.steplen
    return rows.filter(path__gt=max(item.path, after), path__lte=last, depth=item.depth + 1)


def _children_rows(
    rows: QuerySet[Item], item: Item | TreeItem, *, after: str = "", limit: int
) -> list[TreeItem]:
    return tree_items(children_of(rows, item, after=after)[:limit])


def item_children(item: Item, *, after: str = "") -> TreePage:
    """A page of the item's children (those after the path ``after``), for the tree."""
    rows = _children_rows(_item_rows(item.plan), item, after=after, limit=CHILDREN_PAGE + 1)
    nodes = [TreeNode(child) for child in rows[:CHILDREN_PAGE]]
    return TreePage(nodes, more_after=nodes[-1].item.path if len(rows) > CHILDREN_PAGE else "")


def item_children_brief(item: Item, *, after: str = "") -> tuple[list[Item], str]:
    """A page of the item's children with only what a list of links shows, and the path to continue
    after (``""`` at the end)."""
    below = children_of(Item.objects.filter(plan_id=item.plan_id), item, after=after)
    rows = list(below.only(*BRIEF_COLUMNS).order_by("path")[: CHILDREN_PAGE + 1])
    return rows[:CHILDREN_PAGE], rows[CHILDREN_PAGE - 1].path if len(rows) > CHILDREN_PAGE else ""


MOVE_NEAR = 20  # siblings offered on each side of an item being moved
MOVE_TOP = 50  # top-level items offered


def move_candidates(item: Item) -> list[Item]:
    """Where an item is most often moved, in plan order: its ancestors, its nearest siblings on each
    side and the plan's top level; never the item's own subtree."""
    plan_items = Item.objects.filter(plan_id=item.plan_id).only(*BRIEF_COLUMNS)
    siblings = plan_items.filter(depth=item.depth, path__startswith=item.path[: -Item.steplen])
    found = [
        *item_ancestors(item),
        *plan_items.filter(depth=1).order_by("path")[:MOVE_TOP],
        *siblings.filter(path__lt=item.path).order_by("-path")[:MOVE_NEAR],
        *siblings.filter(path__gt=item.path).order_by("path")[:MOVE_NEAR],
    ]
    unique = {c.pk: c for c in found if not c.path.startswith(item.path)}
    return sorted(unique.values(), key=lambda c: c.path)


def item_ancestors(item: Item) -> list[Item]:
    return list(Item.objects.get_ancestors(item)) if item.depth > 1 else []


def status_counts(plan: Plan) -> dict[str, int]:
    """The plan's items by status, cached under the plan's revision."""

    def count() -> dict[str, int]:
        # COUNT(*), not COUNT(id): the count is then read from the (plan, status) index alone.
        return dict(Item.objects.filter(plan=plan).values_list("status").annotate(n=Count("*")).order_by())

    return revisions.cached(plan.pk, "status_counts", count)


def plan_counts(plan: Plan) -> dict[str, Any]:
    by_status = status_counts(plan)
    rows = [
        (status.value, status.label, by_status[status.value])
        for status in Status
        if by_status.get(status.value)
    ]
    return {"total": sum(by_status.values()), "by_status": rows}


# Bookkeeping, not a change anyone made: the edit counter and the reason's stored parts (the reason
# is shown once, in words, under the status code's label).
HIDDEN_FIELDS = {"version", "status_params"}


def _shown(record: Any, name: str) -> Any:
    """A historical field's value as a reader sees it: choice labels, names, lists of names."""
    model = record.instance_type
    # Read off the record itself: ``record.instance`` reads the row's fields that history leaves out
    # (a query per record).
    if name == "status_code" and hasattr(model, "status_reason"):
        return reasons.render(record.status_code, record.status_params) or None
    field = model._meta.get_field(name)
    if field.many_to_many:
        through = getattr(record, name).all()
        ids = [getattr(row, field.m2m_reverse_field_name() + "_id") for row in through]
        units = field.related_model._default_manager.in_bulk(ids)
        return "、".join(sorted(str(units[i]) for i in ids if i in units)) or None
    if field.choices:
        value = getattr(record, field.attname)
        return str(dict(field.flatchoices).get(value, value)) if value else None
    if field.is_relation:
        return getattr(record.instance, name, None)
    return getattr(record, field.attname)


def _diff(
    new: Any, old: Any, links: dict[int, list[int]] | None = None, units: dict[int, Unit] | None = None
) -> list[dict[str, Any]]:
    """What changed from ``old`` to ``new`` (two history records of one row), in readable words.
    ``links``: the cooperating units of each of an item's records (history id -> unit ids), read in one
    query for all of them, with ``units`` by id; without it simple_history reads two queries per pair of
    records."""
    if old is None:
        return []
    excluded = HIDDEN_FIELDS | ({COOPERATING} if links is not None else set())
    delta = new.diff_against(old, excluded_fields=excluded)
    changes = []
    for change in delta.changes:
        try:
            label = new.instance_type._meta.get_field(change.field).verbose_name
            before, after = _shown(old, change.field), _shown(new, change.field)
        except Exception:  # noqa: BLE001 - a field since removed still shows by name
            label, before, after = change.field, change.old, change.new
        if before != after:
            changes.append({"field": label, "old": before, "new": after})
    if links is not None:
        before_ids, after_ids = links.get(old.history_id, []), links.get(new.history_id, [])
        if sorted(before_ids) != sorted(after_ids):
            field = Item._meta.get_field(COOPERATING)
            changes.append(
                {
                    "field": field.verbose_name,
                    "old": _unit_names(before_ids, units or {}),
                    "new": _unit_names(after_ids, units or {}),
                }
            )
    return changes


COOPERATING = "cooperating_units"


def _unit_names(ids: list[int], units: dict[int, Unit]) -> str | None:
    return "、".join(sorted(str(units[i]) for i in ids if i in units)) or None


def _record_links(records: list[Any]) -> dict[int, list[int]]:
    """The cooperating units each history record of an item kept, for all the records at once."""
    snapshot: Any = getattr(records[0], COOPERATING).model if records else None
    links: dict[int, list[int]] = {}
    if snapshot is None:
        return links
    rows = snapshot.objects.filter(history_id__in=[r.history_id for r in records]).values_list(
        "history_id", "unit_id"
    )
    for history_id, unit_id in rows:
        links.setdefault(history_id, []).append(unit_id)
    return links


def item_history(item: Item, *, limit: int = 200) -> list[dict[str, Any]]:
    """Who changed what and when, for the item and its milestones and indicators, newest first."""
    entries: list[dict[str, Any]] = []
    records = list(
        item.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
    )
    links = _record_links(records)
    units = Unit.objects.in_bulk({u for ids in links.values() for u in ids})
    for i, record in enumerate(records):
        previous = records[i + 1] if i + 1 < len(records) else None
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "type": record.history_type,
                "what": str(item._meta.verbose_name),
                "name": record.title,
                "changes": _diff(record, previous, links, units),
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
