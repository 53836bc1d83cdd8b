"""The leaders' dashboard and its drill-downs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.accounts import access
from luoshi.dashboard import selectors
from luoshi.plans.models import Item


@login_required
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.plan_for_view(request.user, code)
    context = selectors.dashboard(plan)
    context["daily_run"] = selectors.daily_run(plan)
    context["chart_data"] = {
        "labels": {
            "red": _("Seriously lagging"),
            "yellow": _("Lagging"),
            "green": _("On track"),
            "done": _("Done"),
        },
        "trend": context["trend"],
        "pillars": [
            {
                "id": row["item"].pk,
                "name": str(row["item"]),
                **{k: row[k] for k in ("red", "yellow", "green", "done")},
            }
            for row in context["pillars"]
        ],
        "drill": reverse("dashboard:drilldown", kwargs={"code": plan.code}),
    }
    return render(request, "dashboard/dashboard.html", context)


@login_required
def drilldown(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.plan_for_view(request.user, code)
    try:
        items, applied = selectors.drilldown(plan, request.GET.dict())
    except selectors.BadFilter as exc:
        empty = Paginator(Item.objects.none(), 50).get_page(1)
        context = {"plan": plan, "page": empty, "applied": {}, "query": "", "error": str(exc)}
        return render(request, "dashboard/drilldown.html", context, status=400)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"plan": plan, "page": page, "applied": applied, "query": query.urlencode()}
    return render(request, "dashboard/drilldown.html", context)
