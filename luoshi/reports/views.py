"""Pages for progress reports. Views parse input, fetch through luoshi.accounts.access, call a service."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.accounts import access
from luoshi.lib import previews
from luoshi.reports import access as report_access
from luoshi.reports import selectors, services
from luoshi.reports.forms import ContributionForm, ReportForm, ReviewForm
from luoshi.reports.models import Report


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    user = access.require_viewer(request.user)
    plans = list(access.plans_visible(user))
    code = request.GET.get("plan")
    plan = next((p for p in plans if p.code == code), plans[0] if plans else None)
    context: dict[str, object] = {"plans": plans, "plan": plan, "queue": [], "work": None}
    if user.is_office:
        context["queue"] = selectors.review_queue(user)
    if plan is not None and user.is_reporter and user.unit_id:
        context["work"] = selectors.unit_worklist(
            user,
            plan,
            plan.today(),
            state=request.GET.get("state", ""),
            page=request.GET.get("page"),
            coop_page=request.GET.get("coop_page"),
        )
    return render(request, "reports/my_reports.html", context)


@login_required
def report_start(request: HttpRequest, item_id: int) -> HttpResponse:
    """Open this period's draft for the item, creating it on first save."""
    item = report_access.item_for_report(request.user, item_id)
    period = _period(request.GET.get("period")) or item.plan.today()
    period = item.plan.cadence().period_of(period)
    existing = Report.objects.filter(item=item, period=period).order_by("-version").first()
    # A POST here is a first draft: if one was saved meanwhile, the service refuses it (input kept).
    if existing is not None and request.method != "POST":
        if existing.state == Report.State.DRAFT:
            return redirect("reports:report_edit", report_id=existing.pk)
        return redirect("reports:report_detail", report_id=existing.pk)
    return _edit(request, item=item, period=period, report=None)


@login_required
def report_edit(request: HttpRequest, report_id: int) -> HttpResponse:
    report = report_access.report_for_edit(request.user, report_id)
    if report.state != Report.State.DRAFT:
        messages.error(request, _("A submitted report is read-only."))
        return redirect("reports:report_detail", report_id=report.pk)
    return _edit(request, item=report.item, period=report.period, report=report)


def _edit(request: HttpRequest, *, item: object, period: dt.date, report: Report | None) -> HttpResponse:
    from luoshi.plans.models import Item

    assert isinstance(item, Item)
    indicators = list(item.indicators.all())
    values = {v.indicator_id: v.value for v in report.indicator_values.all()} if report else {}
    instance = report or Report(progress=item.progress, completed_investment=item.completed_investment)
    form = ReportForm(request.POST or None, instance=instance, indicators=indicators, values=values)
    conflict: Report | None = None
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = services.report_draft_save(
                    item=item,
                    user=request.user,  # type: ignore[arg-type]
                    period=period,
                    data=form.report_data(),
                    indicator_values=form.indicator_values(),
                    report=report,
                    expected_revision=form.expected_revision(),
                )
                for upload in request.FILES.getlist("attachments"):
                    services.attachment_add(report=saved, user=request.user, upload=upload)  # type: ignore[arg-type]
                if request.POST.get("action") == "submit":
                    services.report_submit(report=saved, user=request.user)  # type: ignore[arg-type]
        except services.ReportConflictError as exc:
            conflict = exc.current
            form.revision_refresh(conflict)
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if request.POST.get("action") == "submit":
                messages.success(request, _("Report submitted."))
                return redirect("reports:report_detail", report_id=saved.pk)
            messages.success(request, _("Draft saved."))
            return redirect("reports:report_edit", report_id=saved.pk)
    context = {
        "item": item,
        "plan": item.plan,
        "period": period,
        "report": report or conflict,
        "form": form,
        "conflict": conflict,
        "attachments": report.attachments.all() if report else [],
        "due": item.plan.cadence().due_date(period),
    }
    status = 409 if conflict else (400 if form.errors else 200)
    return render(request, "reports/report_edit.html", context, status=status)


@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = report_access.report_for_view(request.user, report_id)
    user = request.user
    versions = list(selectors.report_versions(report))
    if report.state == Report.State.DRAFT:
        versions = [v for v in versions if v.state != Report.State.DRAFT or v.pk == report.pk]
    context = {
        "report": report,
        "item": report.item,
        "plan": report.plan,
        "versions": versions,
        "latest": versions[0] if versions else report,
        "indicator_values": report.indicator_values.select_related("indicator"),
        "contributions": report.contributions.select_related("unit", "author"),
        "attachments": report.attachments.all(),
        "can_review": access.manages_plan(user, report.plan) and report.state == Report.State.SUBMITTED,
        "can_edit": report_access.can_write_report(user, report.item) and report.unit_id == user.unit_id,  # type: ignore[union-attr]
        "can_contribute": report_access.can_contribute_report(user, report)
        and report.state in (Report.State.DRAFT, Report.State.SUBMITTED),
        "review_form": ReviewForm(),
        "contribution_form": ContributionForm(),
        "due": report.plan.cadence().due_date(report.period),
        "comparison": selectors.report_comparison(report),
    }
    return render(request, "reports/report_detail.html", context)


@login_required
@require_POST
def report_submit(request: HttpRequest, report_id: int) -> HttpResponse:
    report = report_access.report_for_edit(request.user, report_id)
    try:
        services.report_submit(report=report, user=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Report submitted."))
    return redirect("reports:report_detail", report_id=report.pk)


@login_required
@require_POST
def report_review(request: HttpRequest, report_id: int) -> HttpResponse:
    report = report_access.report_for_review(request.user, report_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or return."))
        return redirect("reports:report_detail", report_id=report.pk)
    try:
        if form.cleaned_data["action"] == "approve":
            services.report_approve(report=report, user=request.user, note=form.cleaned_data["note"])  # type: ignore[arg-type]
            messages.success(request, _("Report approved; the item's progress is updated."))
        else:
            services.report_return(report=report, user=request.user, reason=form.cleaned_data["note"])  # type: ignore[arg-type]
            messages.success(request, _("Report returned to the unit."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reports:report_detail", report_id=report.pk)


@login_required
@require_POST
def report_revise(request: HttpRequest, report_id: int) -> HttpResponse:
    report = report_access.report_for_edit(request.user, report_id)
    try:
        draft = services.report_revise(report=report, user=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:report_detail", report_id=report.pk)
    return redirect("reports:report_edit", report_id=draft.pk)


@login_required
@require_POST
def report_contribute(request: HttpRequest, report_id: int) -> HttpResponse:
    report = report_access.report_for_contribution(request.user, report_id)
    form = ContributionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Write your unit's part first."))
        services.report_contribute(report=report, user=request.user, text=form.cleaned_data["text"])  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your unit's part is added."))
    return redirect("reports:report_detail", report_id=report.pk)


@login_required
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = report_access.attachment_for_view(request.user, attachment_id)
    report_access.report_for_view(request.user, attachment.report_id)  # drafts' files follow the draft's rule
    # ?inline=1 shows a photo or PDF in the page; any other file is always a download.
    inline = request.GET.get("inline") == "1" and bool(attachment.preview_kind)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=not inline,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if inline:
        previews.allow_inline(response)
    return response


def _period(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
