"""Search and saved views. Views parse input, fetch through the access modules, call one function."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.accounts import access
from luoshi.search import selectors, services
from luoshi.search.access import can_keep_views, plan_for_views, saved_view_for_view
from luoshi.search.filters import filter_data

MAX_OFFSET = 100_000


def _offset(request: HttpRequest) -> int:
    try:
        return max(0, min(int(request.GET.get("offset", "0")), MAX_OFFSET))
    except ValueError:
        return 0


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """``/search/?q=``: what the user may see that holds every word of the query, grouped by kind."""
    access.require_viewer(request.user)
    raw = request.GET.get("q", "")
    query, terms = selectors.query_terms(raw)
    kind = request.GET.get("kind", "")
    kind = kind if kind in selectors.KINDS else ""
    offset = _offset(request) if kind else 0
    groups = selectors.search(request.user, terms, kind=kind, offset=offset)
    context = {
        "query": query,
        "terms": terms,
        "cut": len(raw) > selectors.MAX_QUERY,
        "kind": kind,
        "offset": offset,
        "groups": groups,
        "total": sum(g.count for g in groups),
        "group_limit": selectors.KIND_PAGE if kind else selectors.GROUP_LIMIT,
        "next_offset": offset + selectors.KIND_PAGE,
        "prev_offset": max(0, offset - selectors.KIND_PAGE),
    }
    return render(request, "search/search.html", context)


@login_required
def saved_views(request: HttpRequest, code: str) -> HttpResponse:
    """The plan's saved views (GET); save the current filter, share or remove a view (POST)."""
    if request.method != "POST":
        plan = access.plan_for_view(request.user, code)
        views = selectors.saved_views_for(request.user, plan)
        can_keep = can_keep_views(request.user, plan)
        return render(
            request, "search/saved_views.html", {"plan": plan, "views": views, "can_keep": can_keep}
        )
    plan = plan_for_views(request.user, code)
    tree = reverse("web:plan_tree", kwargs={"code": plan.code})
    action = request.POST.get("action", "save")
    try:
        if action == "save":
            view = services.saved_view_save(
                user=request.user,
                plan=plan,
                name=request.POST.get("name", ""),
                query=request.POST.get("query", ""),
                shared=request.POST.get("shared") == "1",
            )
            messages.success(request, _("The view “%(name)s” is saved.") % {"name": view.name})
            return redirect(f"{tree}?{view.query}")
        view = saved_view_for_view(request.user, plan, request.POST.get("view"))
        if action == "delete":
            services.saved_view_delete(user=request.user, view=view)
            messages.success(request, _("The view “%(name)s” is removed.") % {"name": view.name})
        elif action in ("share", "unshare"):
            services.saved_view_share(user=request.user, view=view, shared=action == "share")
            messages.success(request, _("The view “%(name)s” is updated.") % {"name": view.name})
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        # Back to the tree with the filter the user was looking at (re-encoded: never raw input).
        query = filter_data(QueryDict(request.POST.get("query", "")[:1000])).urlencode()
        return redirect(f"{tree}?{query}" if action == "save" and query else tree)
    return redirect(tree)
