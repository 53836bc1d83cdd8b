"""Pages. Each view parses input, fetches through luoshi.accounts.access, calls a service, renders."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.accounts import access
from luoshi.dashboard import selectors as supervision_selectors
from luoshi.plans import selectors
from luoshi.plans.models import Indicator, Item, Milestone
from luoshi.reports import access as report_access
from luoshi.reports import selectors as report_selectors
from luoshi.search import selectors as search_selectors
from luoshi.search import tree as search_tree
from luoshi.status import changes as services
from luoshi.web import tree
from luoshi.web.forms import (
    IndicatorFormSet,
    ItemForm,
    MilestoneFormSet,
    MoveForm,
    formset_versions,
    formset_versions_refresh,
    restrict_formset,
)
from luoshi.years.selectors import plans_of_year

# An item's path in the tree (treebeard's materialised path: steps of four of 0-9A-Z).
TREE_PATH = re.compile(r"(?:[0-9A-Z]{4})+")
MOVE_FOUND = 50  # items a search on the move page offers


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Everyone lands on their to-do (待办); the plans are one click away in the header."""
    access.require_viewer(request.user)
    return redirect("todo:home")


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    access.require_viewer(request.user)
    plans = plans_of_year(request, access.plans_visible(request.user))  # the year chosen in the header
    return render(request, "web/plan_list.html", {"plans": plans})


def _after(request: HttpRequest) -> str:
    """The ``after`` cursor of a page of siblings: an item path, or ``""``."""
    after = request.GET.get("after", "")
    return after if TREE_PATH.fullmatch(after) else ""


@login_required
def plan_tree(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.plan_for_view(request.user, code)
    after = _after(request)
    is_office = access.manages_plan(request.user, plan)
    writable = is_office and plan.archived_at is None  # an archived plan offers no edit controls
    # With a filter in the query string the page lists the matching items instead of the tree.
    item_filter = search_tree.tree_filter(request, plan)
    context = {
        "plan": plan,
        "filter": item_filter,
        "after": after,
        "counts": selectors.plan_counts(plan),
        "is_office": is_office,
        "writable": writable,
    }
    if not item_filter.active:
        page = selectors.plan_tree(plan, after=after)
        context["rows"] = tree.tree_page_html(page, tree.row_context(request, plan, is_office=writable))
        context["complete"] = page.complete
    return render(request, "web/plan_tree.html", context)


@login_required
def plan_nodes(request: HttpRequest, code: str) -> HttpResponse:
    """The next page of the plan's pillars, as tree rows for the page to add."""
    plan = access.plan_for_view(request.user, code)
    page = selectors.plan_tree(plan, after=_after(request))
    writable = access.manages_plan(request.user, plan) and plan.archived_at is None
    return HttpResponse(tree.tree_page_html(page, tree.row_context(request, plan, is_office=writable)))


@login_required
def item_children(request: HttpRequest, item_id: int) -> HttpResponse:
    """A page of the item's children, as tree rows for the page to add."""
    item = access.item_for_view(request.user, item_id)
    page = selectors.item_children(item, after=_after(request))
    writable = access.manages_plan(request.user, item.plan) and item.plan.archived_at is None
    rows = tree.tree_page_html(page, tree.row_context(request, item.plan, is_office=writable), parent=item)
    return HttpResponse(rows)


@login_required
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.item_for_view(request.user, item_id)
    after = _after(request)
    children, children_after = selectors.item_children_brief(item, after=after)
    context = {
        "item": item,
        "plan": item.plan,
        "ancestors": selectors.item_ancestors(item),
        "children": children,
        "children_after": children_after,
        "children_from": after,
        "items_prefix": tree.items_prefix(),
        "milestones": item.milestones.all(),
        "indicators": item.indicators.all(),
        "history": selectors.item_history(item),
        "item_reports": report_selectors.item_reports(item, user=request.user),
        "status_history": supervision_selectors.item_status_history(item),
        "is_office": access.manages_plan(request.user, item.plan),
    }
    # An archived plan is read-only: no edit, report, add, move, delete or override controls.
    writable = item.plan.archived_at is None
    context["can_report"] = writable and report_access.can_write_report(request.user, item)
    context["can_edit"] = writable and access.can_edit_item(request.user, item)
    context["writable"] = writable and context["is_office"]
    return render(request, "web/item_detail.html", context)


@login_required
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.item_for_edit(request.user, item_id)
    editable = access.editable_item_fields(request.user, item)
    is_office = access.manages_plan(request.user, item.plan)
    data = request.POST if request.method == "POST" else None
    form = ItemForm(data, instance=item, editable=editable, plan=item.plan)
    milestones = MilestoneFormSet(data, instance=item, prefix="milestones")
    indicators = IndicatorFormSet(data, instance=item, prefix="indicators")
    if not is_office:
        restrict_formset(milestones, {"completed_on"})
        restrict_formset(indicators, {"actual"})
    conflict = None
    conflict_rows: list[Milestone | Indicator] = []
    if request.method == "POST" and form.is_valid() and milestones.is_valid() and indicators.is_valid():
        expected = form.cleaned_data.get("version") or 0
        try:

            def save_rows(saved: Item) -> None:
                services.item_rows_lock(
                    item=saved,
                    milestones=formset_versions(milestones),
                    indicators=formset_versions(indicators),
                )
                milestones.save()
                indicators.save()

            # Milestones feed the colour: they are saved before the one recompute step, which runs once.
            services.item_update(
                item_id=item.pk,
                expected_version=expected,
                data=form.cleaned_data,
                allowed_fields=editable,
                then=save_rows,
            )
        except services.ConflictError as exc:
            conflict = exc.current
            if isinstance(exc, services.RowConflictError):
                conflict_rows = exc.rows
                formset_versions_refresh(milestones, exc.rows)
                formset_versions_refresh(indicators, exc.rows)
        except ValidationError as exc:
            form.add_error(None, exc)
        except Item.DoesNotExist as exc:  # deleted while the form was being saved
            raise Http404(_("No such item.")) from exc
        else:
            messages.success(request, _("Saved."))
            return redirect("web:item_detail", item_id=item.pk)
    context = {
        "item": item,
        "plan": item.plan,
        "form": form,
        "milestones": milestones,
        "indicators": indicators,
        "conflict": conflict,
        "conflict_rows": conflict_rows,
        "is_office": is_office,
    }
    status = 409 if conflict else (400 if request.method == "POST" else 200)
    return render(request, "web/item_edit.html", context, status=status)


@login_required
def item_new(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.plan_for_office(request.user, code)
    parent = None
    parent_id = request.GET.get("parent") or request.POST.get("parent")
    if parent_id:
        parent = access.item_for_office(request.user, int(parent_id) if parent_id.isdigit() else -1)
        if parent.plan_id != plan.pk:
            parent = None
    form = ItemForm(request.POST or None, editable=access.OFFICE_ITEM_FIELDS, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            item = services.item_create(plan=plan, parent=parent, data=data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Item added."))
            return redirect("web:item_detail", item_id=item.pk)
    return render(request, "web/item_new.html", {"plan": plan, "parent": parent, "form": form})


@login_required
def item_move(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.item_for_office(request.user, item_id)
    query, _terms = search_selectors.query_terms(request.GET.get("q", ""))
    more = False
    if query:
        allowed = Item.objects.filter(plan_id=item.plan_id).exclude(path__startswith=item.path)
        found = list(
            search_selectors.items_matching(allowed, query)
            .only(*selectors.BRIEF_COLUMNS)
            .order_by("path")[: MOVE_FOUND + 1]
        )
        candidates, more = found[:MOVE_FOUND], len(found) > MOVE_FOUND
    else:
        candidates = selectors.move_candidates(item)
    form = MoveForm(request.POST or None, item=item, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_move(
                item=item, target=form.cleaned_data["target"], position=form.cleaned_data["position"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Item moved."))
            return redirect("web:item_detail", item_id=item.pk)
    context = {"item": item, "plan": item.plan, "form": form, "query": query, "found": len(candidates)}
    return render(request, "web/item_move.html", context | {"more": more, "limit": MOVE_FOUND})


@login_required
@require_POST
def item_reorder(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.item_for_office(request.user, item_id)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    services.item_swap_with_sibling(item=item, direction=direction)
    return redirect(f"{_tree_url(item)}#item-{item.pk}")


def _tree_url(item: Item) -> str:
    return reverse("web:plan_tree", kwargs={"code": item.plan.code})


@login_required
def item_delete(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.item_for_office(request.user, item_id)
    if request.method == "POST":
        plan_code = item.plan.code
        try:
            count = services.item_delete(item=item)
        except Item.DoesNotExist as exc:  # deleted meanwhile by someone else
            raise Http404(_("No such item.")) from exc
        messages.success(request, _("Deleted %(count)d item(s).") % {"count": count})
        return redirect("web:plan_tree", code=plan_code)
    subtree = Item.objects.filter(plan_id=item.plan_id, path__startswith=item.path).count()
    return render(request, "web/item_delete.html", {"item": item, "plan": item.plan, "subtree": subtree})
