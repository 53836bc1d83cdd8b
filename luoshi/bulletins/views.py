"""Pages for bulletins (通报) and the assessment (考核): generate, preview, export."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.accounts import access
from luoshi.bulletins import access as bulletin_access
from luoshi.bulletins import export as bulletin_export
from luoshi.bulletins import services as services_bulletins
from luoshi.bulletins.forms import BulletinForm
from luoshi.bulletins.models import Bulletin
from luoshi.lib.downloads import download

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def bulletin_list(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.plan_for_view(request.user, code)
    bulletins = Bulletin.objects.filter(plan=plan).select_related("generated_by").defer("data")
    return render(
        request,
        "bulletins/bulletin_list.html",
        {"plan": plan, "bulletins": bulletins, "form": BulletinForm()},
    )


@login_required
@require_POST
def bulletin_new(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.plan_for_office(request.user, code)
    form = BulletinForm(request.POST)
    title = form.cleaned_data["title"] if form.is_valid() else ""
    started = time.perf_counter()
    bulletin = services_bulletins.bulletin_generate(plan=plan, user=request.user, title=title)  # type: ignore[arg-type]
    messages.success(
        request,
        _("Bulletin %(number)s generated in %(seconds).1f s.")
        % {"number": bulletin.number, "seconds": time.perf_counter() - started},
    )
    return redirect("bulletins:bulletin_detail", bulletin_id=bulletin.pk)


@login_required
def bulletin_detail(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    bulletin = bulletin_access.bulletin_for_view(request.user, bulletin_id)
    context = {
        "bulletin": bulletin,
        "plan": bulletin.plan,
        "body": bulletin_export.bulletin_html(bulletin),
        "pdf_ready": bulletin_export.cjk_font_installed(),
    }
    return render(request, "bulletins/bulletin_detail.html", context)


@login_required
def bulletin_pdf(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    bulletin = bulletin_access.bulletin_for_view(request.user, bulletin_id)
    try:
        pdf = bulletin_export.bulletin_pdf(bulletin)
    except bulletin_export.CjkFontMissing:
        # The bulletin page says why and offers the docx.
        return redirect("bulletins:bulletin_detail", bulletin_id=bulletin.pk)
    except (ImportError, OSError):
        # WeasyPrint needs Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0) and a CJK font (fonts-noto-cjk).
        messages.error(request, _("PDF export is not available on this server; download the docx instead."))
        return redirect("bulletins:bulletin_detail", bulletin_id=bulletin.pk)
    return download(pdf, "application/pdf", f"{bulletin.number}.pdf")


@login_required
def bulletin_docx(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    bulletin = bulletin_access.bulletin_for_view(request.user, bulletin_id)
    return download(bulletin_export.bulletin_docx(bulletin), DOCX, f"{bulletin.number}.docx")
