"""The plan tree's rows, written out in Python.

A page of the tree holds hundreds of rows; the template language spends about half a millisecond on
each, this a few microseconds. Everything a row needs that is the same for every row (links, labels,
the CSRF token) is worked out once per page in :func:`row_context`.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from luoshi.plans.models import Item, Plan, Status
from luoshi.plans.selectors import TreeNode, TreePage


@dataclass(frozen=True)
class RowContext:
    items_prefix: str  # "/items/": an item's pages are this, its id and a suffix
    new_item_url: str
    plan_nodes_url: str
    is_office: bool
    my_unit_id: int | None
    csrf_token: str
    toggle: str
    with_: str
    up: str
    down: str
    add: str
    more: str
    kinds: dict[str, str]
    statuses: dict[str, str]


def items_prefix() -> str:
    return reverse("web:item_detail", kwargs={"item_id": 0}).removesuffix("0/")


def row_context(request: HttpRequest, plan: Plan, *, is_office: bool) -> RowContext:
    """What every row needs; ``is_office``: the rows offer the office's tools (reorder, add)."""
    return RowContext(
        items_prefix=items_prefix(),
        new_item_url=reverse("web:item_new", kwargs={"code": plan.code}),
        plan_nodes_url=reverse("web:plan_nodes", kwargs={"code": plan.code}),
        is_office=is_office,
        my_unit_id=getattr(request.user, "unit_id", None),
        csrf_token=get_token(request) if is_office else "",
        toggle=escape(_("Expand or collapse")),
        with_=escape(_("with")),
        up=escape(_("Move up")),
        down=escape(_("Move down")),
        add=escape(_("Add a child item")),
        more=escape(_("Show more")),
        kinds={value: escape(str(label)) for value, label in Item.Kind.choices},
        statuses={value: escape(str(label)) for value, label in Status.choices},
    )


def tree_page_html(page: TreePage, ctx: RowContext, *, parent: Item | None = None) -> SafeString:
    """The rows of a page of siblings, and a "show more" link if more follow: the next page of the
    parent's children, or of the plan's pillars."""
    out: list[str] = []
    _rows(page.nodes, ctx, out)
    if page.more_after and parent is not None:
        _more(out, ctx, parent.pk, page.more_after)
    elif page.more_after:
        out.append(
            f'<li class="more"><a href="?after={page.more_after}" '
            f'data-more="{ctx.plan_nodes_url}?after={page.more_after}">{ctx.more}</a></li>\n'
        )
    return mark_safe("".join(out))  # noqa: S308 - every value in it is escaped


def _more(out: list[str], ctx: RowContext, item_id: int, after: str) -> None:
    base = f"{ctx.items_prefix}{item_id}/"
    out.append(
        f'<li class="more"><a href="{base}?after={after}#sub-items" '
        f'data-more="{base}children/?after={after}">{ctx.more}</a></li>\n'
    )


def _rows(nodes: list[TreeNode], ctx: RowContext, out: list[str]) -> None:
    for node in nodes:
        item = node.item
        pk = item.pk
        base = f"{ctx.items_prefix}{pk}/"
        mine = " mine" if ctx.my_unit_id and item.lead_unit_id == ctx.my_unit_id else ""
        out.append(
            f'<li class="node kind-{escape(item.kind)}{mine}" id="item-{pk}" data-id="{pk}">\n'
            f'  <div class="row">\n    <span class="toggle-cell">'
        )
        if item.numchild:
            opened = bool(node.children)
            load = f' data-load="{base}children/"' if node.has_unloaded_children else ""
            out.append(
                f'<button type="button" class="toggle" aria-expanded="{"true" if opened else "false"}"{load} '
                f'aria-label="{ctx.toggle}">{"▾" if opened else "▸"}</button>'
            )
        unit = item.lead_unit
        unit_name = escape(unit.short_name or unit.name) if unit is not None else ""
        coop = [escape(u.short_name or u.name) for u in item.cooperating_units.all()]
        if coop:
            unit_name += f'<small class="coop">{ctx.with_} {"、".join(coop)}</small>'
        leader = escape(item.leader.name) if item.leader is not None else ""
        due = item.due_date.isoformat() if item.due_date else ""
        out.append(
            f'</span>\n    <a class="title" href="{base}"><span class="num">{escape(item.number)}</span>'
            f"{escape(item.title)}</a>\n"
            f'    <span class="kind">{ctx.kinds.get(item.kind, escape(item.kind))}</span>\n'
            f'    <span class="unit">{unit_name}</span>\n'
            f'    <span class="leader">{leader}</span>\n'
            f'    <span class="due">{due}</span>\n'
            f'    <span class="progress"><meter min="0" max="100" value="{item.progress}"></meter> '
            f"{item.progress}%</span>\n"
            f'    <span class="status status-{escape(item.status)}" title="{escape(item.status_reason)}">'
            f'<i aria-hidden="true"></i>{ctx.statuses.get(item.status, "")}</span>\n'
        )
        if ctx.is_office:
            out.append(
                f'    <span class="ops">\n      <form method="post" action="{base}reorder/" class="inline">'
                f'<input type="hidden" name="csrfmiddlewaretoken" value="{ctx.csrf_token}">'
                f'<button name="direction" value="up" title="{ctx.up}">↑</button>'
                f'<button name="direction" value="down" title="{ctx.down}">↓</button></form>\n'
                f'      <a href="{ctx.new_item_url}?parent={pk}" title="{ctx.add}">＋</a>\n    </span>'
            )
        out.append("\n  </div>\n")
        if item.numchild:
            out.append('  <ul class="children"' + ("" if node.children else " hidden") + ">")
            if node.children:
                _rows(node.children, ctx, out)
                if node.more_after:
                    _more(out, ctx, pk, node.more_after)
            out.append("</ul>\n")
        out.append("</li>\n")
