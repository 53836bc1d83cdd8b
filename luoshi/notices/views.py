"""Pages for notices (督办单) and instructions (批示). Views parse, fetch through access, call a service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.accounts import access
from luoshi.lib import previews
from luoshi.lib.downloads import download
from luoshi.notices import access as notice_access
from luoshi.notices import export as notice_export
from luoshi.notices import selectors, services
from luoshi.notices.forms import (
    CloseForm,
    DecisionForm,
    ExtensionForm,
    InstructionForm,
    NoticeForm,
    ReplyForm,
    ReviewNoteForm,
    SeriesForm,
)
from luoshi.notices.models import DocumentSeries, Notice, NoticeExtension, NoticeTarget

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _attempt(request: HttpRequest, action: Callable[[], Any], done: str) -> bool:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, done)
    return True


@login_required
def notice_list(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.plan_for_view(request.user, code)
    state = request.GET.get("state") or None
    context = {
        "plan": plan,
        "notices": selectors.notices_for(request.user, plan, state=state),
        "state": state,
        "series": services.document_series_for(plan, DocumentSeries.Kind.NOTICE),
        "today": plan.today(),
    }
    return render(request, "notices/notice_list.html", context)


@login_required
def notice_numbering(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.plan_for_office(request.user, code)
    kind = request.GET.get("kind") if request.GET.get("kind") in DocumentSeries.Kind.values else "notice"
    series = services.document_series_for(plan, kind)  # type: ignore[arg-type]
    initial = {"series_prefix": series.prefix, "year": series.year, "last_number": series.last_number}
    form = SeriesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if _attempt(
            request,
            lambda: services.document_series_set(
                plan=plan,
                kind=kind,  # type: ignore[arg-type]
                prefix=form.cleaned_data["series_prefix"],
                year=form.cleaned_data["year"],
                last_number=form.cleaned_data["last_number"],
            ),
            _("Numbering saved."),
        ):
            return redirect("notices:notice_list", code=plan.code)
    return render(
        request,
        "notices/notice_numbering.html",
        {"plan": plan, "form": form, "kind": kind, "series": series},
    )


@login_required
@require_POST
def instruction_new(request: HttpRequest, item_id: int) -> HttpResponse:
    access.require_leader(request.user)
    item = access.item_for_instruction(request.user, item_id)
    form = InstructionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the instruction."))
    else:
        _attempt(
            request,
            lambda: services.instruction_write(item=item, user=request.user, **form.cleaned_data),  # type: ignore[arg-type]
            _("Instruction recorded; the office is told."),
        )
    return redirect("web:item_detail", item_id=item.pk)


@login_required
def notice_new(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.item_for_office(request.user, item_id)
    instruction = None
    instruction_id = request.GET.get("instruction") or request.POST.get("instruction")
    if instruction_id:
        instruction = notice_access.instruction_for_office(request.user, instruction_id)  # type: ignore[arg-type]
    unit_ids = [u for u in [item.lead_unit_id, *item.cooperating_units.values_list("pk", flat=True)] if u]
    initial = {
        "units": unit_ids,
        "title": _("On %(item)s") % {"item": item.title},
        "requirement": instruction.text if instruction else "",
        "deadline": item.plan.today() + dt.timedelta(days=7),
    }
    form = NoticeForm(request.POST or None, initial=initial, plan=item.plan)
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.notice_issue(
                item=item,
                user=request.user,  # type: ignore[arg-type]
                instruction=instruction,
                units=list(form.cleaned_data["units"]),
                title=form.cleaned_data["title"],
                requirement=form.cleaned_data["requirement"],
                deadline=form.cleaned_data["deadline"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Notice %(number)s issued.") % {"number": notice.number})
            return redirect("notices:notice_detail", notice_id=notice.pk)
    context = {"item": item, "plan": item.plan, "form": form, "instruction": instruction}
    return render(request, "notices/notice_new.html", context, status=400 if form.errors else 200)


@login_required
def notice_detail(
    request: HttpRequest,
    notice_id: int,
    *,
    reply_form: ReplyForm | None = None,
    kept_reply: str = "",
    status: int = 200,
) -> HttpResponse:
    notice: Notice = notice_access.notice_for_view(request.user, notice_id)
    user: Any = request.user
    targets = list(notice_access.notice_targets_visible(user, notice))
    mine = next((t for t in targets if user.is_reporter and t.unit_id == user.unit_id), None)
    extensions = selectors.notice_extensions(user, notice)
    context = {
        "notice": notice,
        "plan": notice.plan,
        "item": notice.item,
        "targets": targets,
        "mine": mine,
        "history": selectors.notice_history(user, notice),
        "extensions": extensions,
        "pending_extension": any(e.decision == NoticeExtension.Decision.PENDING for e in extensions),
        # The office's controls (review, decide, close); none on an archived plan, which is read-only.
        "is_office": notice.plan.archived_at is None and access.manages_plan(user, notice.plan),
        "today": notice.plan.today(),
        "reply_form": reply_form
        or ReplyForm(
            initial={"reply": mine.reply if mine else "", "version": mine.version if mine else None}
        ),
        "extension_form": ExtensionForm(),
        "review_form": ReviewNoteForm(),
        "decision_form": DecisionForm(),
        "close_form": CloseForm(),
        "kept_reply": kept_reply,
    }
    return render(request, "notices/notice_detail.html", context, status=status)


@login_required
def notice_docx(request: HttpRequest, notice_id: int) -> HttpResponse:
    """The notice as a Word document in the official-document layout, to print and seal."""
    notice: Notice = notice_access.notice_for_view(request.user, notice_id)
    targets = notice_access.notice_targets_visible(request.user, notice)
    return download(notice_export.notice_docx(notice, targets), DOCX, f"{notice.number}.docx")


@login_required
@require_POST
def notice_acknowledge(request: HttpRequest, notice_id: int) -> HttpResponse:
    target = notice_access.notice_target_for_unit(request.user, notice_id)
    _attempt(
        request,
        lambda: services.notice_acknowledge(target=target, user=request.user),  # type: ignore[arg-type]
        _("Acknowledged."),
    )
    return redirect("notices:notice_detail", notice_id=target.notice_id)


@login_required
@require_POST
def notice_reply(request: HttpRequest, notice_id: int) -> HttpResponse:
    target = notice_access.notice_target_for_unit(request.user, notice_id)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the reply."))
        return redirect("notices:notice_detail", notice_id=target.notice_id)
    try:
        _attempt(
            request,
            lambda: services.notice_reply(
                target=target,
                user=request.user,  # type: ignore[arg-type]
                text=form.cleaned_data["reply"],
                uploads=request.FILES.getlist("files"),
                expected_version=form.cleaned_data.get("version"),
            ),
            _("Reply sent to the office."),
        )
    except services.NoticeConflictError as exc:
        # Show the page again with the current state beside the text the user wrote (409: nothing saved).
        messages.error(request, str(exc))
        kept = ReplyForm(initial={"reply": form.cleaned_data["reply"], "version": exc.current.version})
        text = form.cleaned_data["reply"]
        return notice_detail(request, target.notice_id, reply_form=kept, kept_reply=text, status=409)
    return redirect("notices:notice_detail", notice_id=target.notice_id)


@login_required
@require_POST
def notice_extension_request(request: HttpRequest, notice_id: int) -> HttpResponse:
    target = notice_access.notice_target_for_unit(request.user, notice_id)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new date and the reason."))
    else:
        _attempt(
            request,
            lambda: services.notice_extension_request(
                target=target,
                user=request.user,  # type: ignore[arg-type]
                deadline=form.cleaned_data["deadline"],
                reason=form.cleaned_data["reason"],
            ),
            _("Extension asked for; the office decides."),
        )
    return redirect("notices:notice_detail", notice_id=target.notice_id)


@login_required
@require_POST
def notice_review(request: HttpRequest, target_id: int) -> HttpResponse:
    target: NoticeTarget = notice_access.notice_target_for_office(request.user, target_id)
    form = ReviewNoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    user: Any = request.user
    if request.POST.get("action") == "accept":
        _attempt(
            request,
            lambda: services.notice_reply_accept(target=target, user=user, note=note),
            _("Reply accepted."),
        )
    else:
        _attempt(
            request,
            lambda: services.notice_reply_return(target=target, user=user, reason=note),
            _("Reply returned to the unit."),
        )
    return redirect("notices:notice_detail", notice_id=target.notice_id)


@login_required
@require_POST
def notice_extension_decide(request: HttpRequest, extension_id: int) -> HttpResponse:
    extension: NoticeExtension = notice_access.notice_extension_for_office(request.user, extension_id)
    notice = extension.target.notice
    form = DecisionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    approve = request.POST.get("action") == "approve"
    _attempt(
        request,
        lambda: services.notice_extension_decide(
            extension=extension,
            user=request.user,  # type: ignore[arg-type]
            approve=approve,
            reason=reason,
        ),
        _("Extension approved.") if approve else _("Extension denied."),
    )
    return redirect("notices:notice_detail", notice_id=notice.pk)


@login_required
@require_POST
def notice_close(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = notice_access.notice_for_office(request.user, notice_id)
    form = CloseForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    _attempt(
        request,
        lambda: services.notice_close(notice=notice, user=request.user, note=note),  # type: ignore[arg-type]
        _("Notice closed."),
    )
    return redirect("notices:notice_detail", notice_id=notice.pk)


@login_required
def notice_attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = notice_access.notice_attachment_for_view(request.user, attachment_id)
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
