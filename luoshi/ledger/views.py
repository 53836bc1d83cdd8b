"""Ledger pages: export for every member of staff, import (upload, preview, apply) for the office."""

from __future__ import annotations

import datetime as dt
import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from luoshi.accounts import access
from luoshi.ledger.models import LedgerImport
from luoshi.ledger.selectors import LedgerLine, ledger_lines_as_of
from luoshi.plans.models import Item, Plan
from luoshi.search.filters import filter_data, item_filter_parse
from luoshi.search.selectors import filtered_items

FATES = ["error", "new", "update", "unchanged"]


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Ledger file (.xlsx or .csv)"))


def _filename(code: str, suffix: str, day: str = "") -> str:
    return f"{code}-ledger-{day or f'{timezone.localdate():%Y%m%d}'}.{suffix}"


def _filtered(request: HttpRequest, plan: Plan) -> QuerySet[Item] | None:
    """The items the query string filters to (the tree's filter), ``None`` for all; an invalid
    filter raises ValueError (the tree shows its errors)."""
    item_filter, _form = item_filter_parse(request.GET, plan=plan)
    if item_filter is None:
        raise ValueError(item_filter)
    return filtered_items(plan, item_filter) if item_filter.active else None


class AsOfForm(forms.Form):
    on = forms.DateField(required=False)


def _as_of(request: HttpRequest, plan: Plan) -> tuple[list[LedgerLine] | None, str]:
    """With ``?on=YYYY-MM-DD``, the whole ledger as of the end of that day, rebuilt from history (and
    the date for the file name); ``None`` for the ledger as it is now. A bad date raises ValueError."""
    form = AsOfForm(request.GET)
    if "on" not in request.GET:
        return None, f"{timezone.localdate():%Y%m%d}"
    if not form.is_valid() or form.cleaned_data["on"] is None:
        raise ValueError(form.errors)
    day = form.cleaned_data["on"]
    when = timezone.make_aware(dt.datetime.combine(day, dt.time.max))
    return ledger_lines_as_of(plan, when), f"{day:%Y%m%d}"


def _bad_date() -> HttpResponse:
    return HttpResponseBadRequest(_("Give the date as YYYY-MM-DD.").encode())


def _to_tree(request: HttpRequest, plan: Plan) -> HttpResponseBase:
    query = filter_data(request.GET).urlencode()
    return redirect(reverse("web:plan_tree", kwargs={"code": plan.code}) + f"?{query}")


@login_required
def export_xlsx(request: HttpRequest, code: str) -> HttpResponseBase:
    plan = access.plan_for_view(request.user, code)
    try:
        lines, day = _as_of(request, plan)
    except ValueError:
        return _bad_date()
    try:
        items = _filtered(request, plan) if lines is None else None
    except ValueError:
        return _to_tree(request, plan)
    from luoshi.ledger.export import XLSX_TYPE, ledger_write_xlsx

    buf = io.BytesIO()
    ledger_write_xlsx(plan=plan, out=buf, items=items, lines=lines)
    buf.seek(0)
    return FileResponse(
        buf, as_attachment=True, filename=_filename(plan.code, "xlsx", day), content_type=XLSX_TYPE
    )


@login_required
def export_csv(request: HttpRequest, code: str) -> HttpResponseBase:
    plan = access.plan_for_view(request.user, code)
    try:
        lines, day = _as_of(request, plan)
    except ValueError:
        return _bad_date()
    try:
        items = _filtered(request, plan) if lines is None else None
    except ValueError:
        return _to_tree(request, plan)
    from luoshi.ledger.export import ledger_csv_bytes

    return FileResponse(
        io.BytesIO(ledger_csv_bytes(plan, items, lines)),
        as_attachment=True,
        filename=_filename(plan.code, "csv", day),
        content_type="text/csv; charset=utf-8",
    )


@login_required
def import_new(request: HttpRequest, code: str) -> HttpResponse:
    from luoshi.ledger import services
    from luoshi.ledger.tasks import ledger_import_upload

    plan = access.plan_for_office(request.user, code)
    too_big = _("The file is larger than %(mb)d MB.") % {"mb": services.MAX_UPLOAD_BYTES // 2**20}
    length = request.META.get("CONTENT_LENGTH") or "0"
    if request.method == "POST" and length.isdigit() and int(length) > services.MAX_UPLOAD_BYTES + 2**20:
        # Refuse before Django reads a huge body into a temporary file. The form is bound to nothing,
        # so that it can carry the error (an unbound form cannot).
        form = UploadForm(data={})
        form.full_clean()
        form.errors["file"] = form.error_class([too_big])
        return render(
            request, "ledger/import_new.html", {"plan": plan, "form": form, "recent": []}, status=413
        )
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > services.MAX_UPLOAD_BYTES:
            form.add_error("file", too_big)
            status = 413
        else:
            try:
                ledger_import = ledger_import_upload(
                    plan=plan,
                    user=access.require_office(request.user),
                    filename=upload.name,
                    content=upload.read(),
                )
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                return redirect("ledger:import_detail", import_id=ledger_import.pk)
    if form.errors and status == 200:
        status = 400
    recent = LedgerImport.objects.filter(plan=plan).defer("content", "rows", "parsed")[:10]
    return render(
        request, "ledger/import_new.html", {"plan": plan, "form": form, "recent": recent}, status=status
    )


def _import_for_office(request: HttpRequest, import_id: int) -> LedgerImport:
    access.require_office(request.user)
    ledger_import = (
        LedgerImport.objects.select_related("plan").defer("content", "parsed").filter(pk=import_id).first()
    )
    if ledger_import is None or not access.manages_plan(request.user, ledger_import.plan):
        raise Http404(_("No such import."))
    return ledger_import


@login_required
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    ledger_import = _import_for_office(request, import_id)
    fate = request.GET.get("fate", "")
    rows = [r for r in ledger_import.rows if not fate or r.get("fate") == fate]
    context = {
        "imp": ledger_import,
        "plan": ledger_import.plan,
        "rows": rows[:1000],
        "more": max(0, len(rows) - 1000),
        "fate": fate,
        "fate_counts": [(key, ledger_import.counts.get(key, 0)) for key in FATES],
    }
    return render(request, "ledger/import_detail.html", context)


@login_required
def import_progress(request: HttpRequest, import_id: int) -> JsonResponse:
    ledger_import = _import_for_office(request, import_id)
    return JsonResponse(ledger_import.progress_dict())


@login_required
@require_POST
def import_apply(request: HttpRequest, import_id: int) -> HttpResponse:
    ledger_import = _import_for_office(request, import_id)
    if ledger_import.can_apply:
        from luoshi.ledger.tasks import ledger_import_apply_task

        LedgerImport.objects.filter(pk=ledger_import.pk).update(state=LedgerImport.State.APPLYING, error="")
        ledger_import_apply_task.enqueue(ledger_import.pk, request.user.pk)
    return redirect("ledger:import_detail", import_id=ledger_import.pk)


@login_required
@require_POST
def import_repeat_preview(request: HttpRequest, import_id: int) -> HttpResponse:
    ledger_import = _import_for_office(request, import_id)
    if ledger_import.state in (LedgerImport.State.PREVIEWED, LedgerImport.State.FAILED):
        from luoshi.ledger.tasks import ledger_import_preview_task

        LedgerImport.objects.filter(pk=ledger_import.pk).update(state=LedgerImport.State.QUEUED, error="")
        ledger_import_preview_task.enqueue(ledger_import.pk)
    return redirect("ledger:import_detail", import_id=ledger_import.pk)
