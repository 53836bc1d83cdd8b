"""Supervision pages: the leaders' dashboard, its drill-downs, notifications, colour overrides."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.accounts import access
from luoshi.supervision import selectors, services
from luoshi.supervision.forms import OverrideForm


@login_required
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.plan_for_view(request.user, code)
    context = selectors.dashboard(plan)
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
        "drill": reverse("supervision:drilldown", kwargs={"code": plan.code}),
    }
    return render(request, "supervision/dashboard.html", context)


@login_required
def drilldown(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.plan_for_view(request.user, code)
    items, applied = selectors.drilldown(plan, request.GET.dict())
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"plan": plan, "page": page, "applied": applied, "query": query.urlencode()}
    return render(request, "supervision/drilldown.html", context)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    user = access.require_viewer(request.user)
    if request.method == "POST":
        services.notification_mark_read(user=user)
        return redirect("supervision:notifications")
    return render(
        request, "supervision/notifications.html", {"notifications": selectors.notifications_for(user)}
    )


@login_required
@require_POST
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    note = access.notification_for_user(request.user, notification_id)
    services.notification_mark_read(user=request.user, notification_id=note.pk)  # type: ignore[arg-type]
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("supervision:notifications")


@login_required
def status_override(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.item_for_office(request.user, item_id)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and request.POST.get("clear"):
        services.status_override_clear(item=item)
        messages.success(request, _("The colour follows the rules again."))
        return redirect("web:item_detail", item_id=item.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.status_override_set(
                item=item,
                user=request.user,  # type: ignore[arg-type]
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Colour set."))
            return redirect("web:item_detail", item_id=item.pk)
    return render(request, "supervision/override.html", {"item": item, "plan": item.plan, "form": form})
