"""The to-do (待办) of each role, and the office's bulk actions: each shows a preview of exactly what
will happen, and its confirm carries the ids (and versions) shown to one service call."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from luoshi.accounts import access
from luoshi.notifications.services import unit_reporters
from luoshi.plans.models import Item, Plan, Unit
from luoshi.reports import selectors as report_selectors
from luoshi.reports.models import Report
from luoshi.todo import access as todo_access
from luoshi.todo import selectors, services

NOTICE_DAYS = 7


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = access.require_viewer(request.user)
    context: dict[str, Any] = {"role": user.role}
    if user.is_reporter and user.unit_id:
        context["reporter"] = selectors.reporter_home(user)
    if user.is_office:
        context["office"] = selectors.office_home(user)
    if user.is_leader:
        context["leader"] = selectors.leader_home(user)
    return render(request, "todo/home.html", context)


def _refused(request: HttpRequest, exc: services.BatchChangedError) -> None:
    messages.error(request, str(exc) + " " + _("Nothing was changed; check the list again."))


# --- approve several reports ----------------------------------------------------------------------


@login_required
def reports_approve(request: HttpRequest) -> HttpResponse:
    user = todo_access.office_user(request.user)
    step = request.POST.get("step", "") if request.method == "POST" else ""
    chosen = todo_access.ids(request.POST.getlist("report")) if request.method == "POST" else []
    if not chosen:
        if request.method == "POST":
            messages.error(request, _("Choose at least one report."))
        queue = report_selectors.review_queue(user)
        return render(request, "todo/approve_choose.html", {"queue": queue}, status=400 if step else 200)
    reports = todo_access.reports_for_bulk(user, chosen)
    status = 200
    if step == "confirm":
        try:
            done = services.reports_approve(
                user=user, report_ids=[r.pk for r in reports], note=request.POST.get("note", "")
            )
        except services.BatchChangedError as exc:
            _refused(request, exc)
            reports = todo_access.reports_for_bulk(user, chosen)
            status = 409
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 400
        else:
            count = len(done)
            messages.success(
                request,
                ngettext("Approved %(count)d report.", "Approved %(count)d reports.", count)
                % {"count": count},
            )
            return redirect("todo:home")
    rows = [
        (r, report_selectors.planned_progress(r.item, report_selectors.period_end(r.plan, r.period)))
        for r in reports
        if r.state == Report.State.SUBMITTED
    ]
    stale = [r for r in reports if r.state != Report.State.SUBMITTED]
    context = {"rows": rows, "note": request.POST.get("note", ""), "stale": stale}
    return render(request, "todo/approve_preview.html", context, status=status)


# --- chase the units that have not reported -------------------------------------------------------


@login_required
def units_chase(request: HttpRequest, code: str) -> HttpResponse:
    plan = todo_access.plan_for_bulk(request.user, code)
    period = plan.current_period()
    status = 200
    if request.method == "POST":
        shown = todo_access.ids(request.POST.getlist("unit"))
        try:
            if request.POST.get("period") != period.isoformat():
                raise services.BatchChangedError(_("The reporting period has changed meanwhile."), [])
            count = services.units_chase(user=request.user, plan=plan, period=period, unit_ids=shown)  # type: ignore[arg-type]
        except services.BatchChangedError as exc:
            _refused(request, exc)
            status = 409
        else:
            messages.success(
                request,
                ngettext("Chaser sent to %(count)d unit.", "Chaser sent to %(count)d units.", count)
                % {"count": count},
            )
            return redirect("todo:home")
    rows = selectors.units_not_reported(plan, period)
    reporters = unit_reporters([u.pk for u, _n in rows])
    context = {
        "plan": plan,
        "period": period,
        "due": plan.cadence().due_date(period),
        "rows": [(u, n, len(reporters.get(u.pk, []))) for u, n in rows],
    }
    return render(request, "todo/chase_preview.html", context, status=status)


# --- issue notices to every red item without one --------------------------------------------------


def _deadline(value: str | None, default: dt.date) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return None


@login_required
def notices_issue(request: HttpRequest, code: str) -> HttpResponse:
    plan = todo_access.plan_for_bulk(request.user, code)
    default_deadline = plan.today() + dt.timedelta(days=NOTICE_DAYS)
    requirement = request.POST.get("requirement", "").strip() or _(
        "The item is seriously lagging. Explain the causes and the measures taken, and say by when the "
        "work will be back on schedule."
    )
    deadline = _deadline(request.POST.get("deadline"), default_deadline)
    status = 200
    if request.method == "POST":
        shown = todo_access.ids(request.POST.getlist("item"))
        try:
            if deadline is None:
                raise ValidationError(_("Enter the reply deadline as a date."))
            issued = services.notices_issue_for_red(
                user=request.user,  # type: ignore[arg-type]
                plan=plan,
                item_ids=shown,
                deadline=deadline,
                requirement=requirement,
            )
        except services.BatchChangedError as exc:
            _refused(request, exc)
            status = 409
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 400
        else:
            count = len(issued)
            messages.success(
                request,
                ngettext("Issued %(count)d notice.", "Issued %(count)d notices.", count) % {"count": count},
            )
            return redirect("todo:home")
    red = selectors.red_without_notice(plan)
    rows = list(selectors.notice_batch(plan))
    total = len(rows) if len(rows) < selectors.NOTICE_BATCH else red.filter(lead_unit__isnull=False).count()
    context = {
        "plan": plan,
        "rows": rows,
        "total": total,
        "later": total - len(rows),
        "skipped": list(red.filter(lead_unit__isnull=True)[: selectors.LIST_LIMIT]),
        "skipped_count": red.filter(lead_unit__isnull=True).count(),
        "deadline": deadline or default_deadline,
        "requirement": requirement,
    }
    return render(request, "todo/notices_preview.html", context, status=status)


# --- move items to another lead unit --------------------------------------------------------------


@login_required
def items_reassign(request: HttpRequest, code: str) -> HttpResponse:
    plan = todo_access.plan_for_bulk(request.user, code)
    units = list(Unit.objects.filter(organisation_id=plan.organisation_id).order_by("name"))
    step = request.POST.get("step", "") if request.method == "POST" else ""
    chosen = todo_access.ids(request.POST.getlist("item")) if request.method == "POST" else []
    if not chosen or not request.POST.get("unit"):
        if request.method == "POST":
            messages.error(request, _("Choose the items and the unit that is to lead them."))
        return _reassign_choose(request, plan, units, status=400 if step else 200)
    items = todo_access.items_for_bulk(plan, chosen)
    unit = todo_access.unit_for_plan(plan, request.POST.get("unit"))
    status = 200
    if step == "confirm":
        versions = {i.pk: _version(request.POST.get(f"version_{i.pk}")) for i in items}
        try:
            done = services.items_reassign(user=request.user, plan=plan, versions=versions, unit=unit)  # type: ignore[arg-type]
        except services.BatchChangedError as exc:
            _refused(request, exc)
            for name in exc.changed:
                messages.error(request, _("Changed: %(item)s") % {"item": name})
            items = todo_access.items_for_bulk(plan, chosen)
            status = 409
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 400
        else:
            count = len(done)
            messages.success(
                request,
                ngettext(
                    "%(count)d item is now led by %(unit)s.",
                    "%(count)d items are now led by %(unit)s.",
                    count,
                )
                % {"count": count, "unit": unit},
            )
            return redirect("todo:home")
    context = {"plan": plan, "items": items, "unit": unit}
    return render(request, "todo/reassign_preview.html", context, status=status)


def _version(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return -1


def _reassign_choose(request: HttpRequest, plan: Plan, units: list[Unit], *, status: int) -> HttpResponse:
    unit_filter = request.GET.get("from", "")
    items = Item.objects.filter(plan=plan, numchild=0).select_related("lead_unit").order_by("path")
    if unit_filter.isdigit():
        items = items.filter(lead_unit_id=int(unit_filter))
    context = {"plan": plan, "items": list(items[:500]), "units": units, "from": unit_filter}
    return render(request, "todo/reassign_choose.html", context, status=status)
