"""Plan years: a plan's year page, next year's plan (preview, then confirm), archiving, the year switch."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.accounts import access
from luoshi.years import selectors, services
from luoshi.years.access import plan_for_years
from luoshi.years.models import PlanSuccession


@login_required
def plan_year(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.plan_for_view(request.user, code)
    succession = PlanSuccession.objects.select_related("previous").filter(plan=plan).first()
    successor = PlanSuccession.objects.select_related("plan").filter(previous=plan).first()
    context = {
        "plan": plan,
        "year": services.plan_year(plan),
        "previous": succession.previous if succession else None,
        "next_plan": successor.plan if successor else None,
        "manages": access.manages_plan(request.user, plan),
    }
    return render(request, "years/plan_year.html", context)


@login_required
def next_year(request: HttpRequest, code: str) -> HttpResponse:
    plan = plan_for_years(request.user, code)
    status = 200
    if request.method == "POST":
        try:
            new = services.next_year_create(
                plan=plan,
                user=access.require_office(request.user),
                archive=request.POST.get("archive") == "on",
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 409
        else:
            selectors.years_refresh(request)  # the header offers the new year at once
            messages.success(
                request,
                _("%(name)s was made with %(count)d items carried over.")
                % {"name": new.name, "count": new.items.count()},
            )
            return redirect("web:plan_tree", code=new.code)
    preview = services.next_year_preview(plan=plan)
    return render(request, "years/next_year.html", {"plan": plan, "preview": preview}, status=status)


@login_required
@require_POST
def plan_archive(request: HttpRequest, code: str) -> HttpResponse:
    plan = plan_for_years(request.user, code)
    try:
        if request.POST.get("undo") == "1":
            services.plan_unarchive(plan=plan, user=access.require_office(request.user))
            messages.success(request, _("The plan is open for changes again."))
        else:
            services.plan_archive(plan=plan, user=access.require_office(request.user))
            messages.success(
                request, _("The plan is archived: it can be read, exported and compared, not changed.")
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("years:plan_year", code=plan.code)


@login_required
@require_POST
def year_switch(request: HttpRequest) -> HttpResponse:
    access.require_viewer(request.user)
    years = selectors.years_refresh(request)
    raw = request.POST.get("year", "")
    if raw.isdigit() and int(raw) in years:
        request.session[selectors.SESSION_KEY] = int(raw)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ) or not target.startswith("/"):
        target = "/"
    return redirect(target)
