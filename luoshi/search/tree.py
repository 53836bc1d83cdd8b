"""The filter on the plan tree's page.

With a filter, the page shows the matching items as one flat list in tree order, each with the
numbers of the items above it (一 › （二） › 3.): an office filtering for "red items of 交通局" wants
the items themselves, to scan, count and export, not a tree of ancestors that did not match. The list
is paged like the tree (100 rows, continued after the last row's path).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from luoshi.plans.models import Item, Plan, Status
from luoshi.search.access import can_keep_views
from luoshi.search.filters import ItemFilter, ItemFilterForm, item_filter_parse
from luoshi.search.models import SavedView
from luoshi.search.selectors import FlatPage, filtered_page, saved_views_for

TREE_PATH = re.compile(r"(?:[0-9A-Z]{4})+")


@dataclass
class TreeFilter:
    form: ItemFilterForm
    item_filter: ItemFilter | None  # None: the form has errors
    query: str = ""  # the canonical query string of the filter
    page: FlatPage | None = None
    rows: SafeString = field(default_factory=lambda: mark_safe(""))
    saved_views: list[SavedView] = field(default_factory=list)
    after: str = ""
    can_keep: bool = False  # the user may save this plan's filters as views

    @property
    def active(self) -> bool:
        """The page shows the filtered list (or the form's errors) instead of the tree."""
        return self.item_filter is None or self.item_filter.active

    @property
    def invalid(self) -> bool:
        return self.item_filter is None


def tree_filter(request: HttpRequest, plan: Plan) -> TreeFilter:
    """The filter of ``plan``'s tree given by the request's query string, its page of items, and the
    saved views beside it."""
    item_filter, form = item_filter_parse(request.GET, plan=plan)
    result = TreeFilter(form=form, item_filter=item_filter)
    result.saved_views = list(saved_views_for(request.user, plan))
    result.can_keep = can_keep_views(request.user, plan)
    if item_filter is None or not item_filter.active:
        return result
    after = request.GET.get("after", "")
    result.after = after if TREE_PATH.fullmatch(after) else ""
    result.query = item_filter.query_string()
    result.page = filtered_page(plan, item_filter, after=result.after)
    result.rows = flat_rows_html(result.page, result.query)
    return result


def flat_rows_html(page: FlatPage, query: str) -> SafeString:
    """The rows of the filtered list, in the tree's columns (written out in Python, as the tree's)."""
    prefix = reverse("web:item_detail", kwargs={"item_id": 0}).removesuffix("0/")
    kinds = {value: escape(str(label)) for value, label in Item.Kind.choices}
    statuses = {value: escape(str(label)) for value, label in Status.choices}
    out: list[str] = []
    for item in page.items:
        unit = item.lead_unit
        unit_name = escape(unit.short_name or unit.name) if unit is not None else ""
        leader = escape(item.leader.name) if item.leader is not None else ""
        due = item.due_date.isoformat() if item.due_date else ""
        above = page.paths.get(item.pk, "")
        above_html = f'<small class="num-path">{escape(above)} › </small>' if above else ""
        out.append(
            f'<li class="node flat kind-{escape(item.kind)}" id="item-{item.pk}" data-id="{item.pk}">'
            f'<div class="row"><span class="toggle-cell"></span>'
            f'<a class="title" href="{prefix}{item.pk}/">{above_html}<span class="num">{escape(item.number)}</span>'
            f"{escape(item.title)}</a>"
            f'<span class="kind">{kinds.get(item.kind, escape(item.kind))}</span>'
            f'<span class="unit">{unit_name}</span><span class="leader">{leader}</span>'
            f'<span class="due">{due}</span>'
            f'<span class="progress"><meter min="0" max="100" value="{item.progress}"></meter> {item.progress}%</span>'
            f'<span class="status status-{escape(item.status)}" title="{escape(item.status_reason)}">'
            f'<i aria-hidden="true"></i>{statuses.get(item.status, "")}</span></div></li>\n'
        )
    if page.more_after:
        more = escape(_("Show more"))
        out.append(
            f'<li class="more"><a href="?{escape(query)}&amp;after={page.more_after}">{more}</a></li>\n'
        )
    if not page.items:
        none = escape(_("No item matches this filter."))
        out.append(f'<li class="empty">{none}</li>\n')
    return mark_safe("".join(out))  # noqa: S308 - every value in it is escaped
