from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from luoshi.accounts import access
from luoshi.ingest import IngestError
from luoshi.ingest.app import services
from luoshi.ingest.app.forms import AcceptForm, SourceForm
from luoshi.ingest.app.models import Source
from luoshi.plans.loader import PlanFileError


def _error_text(exc: IngestError) -> str:
    zh = getattr(exc, "message_zh", None) or getattr(exc, "zh", None)
    en = getattr(exc, "message_en", None) or getattr(exc, "en", None)
    language = get_language() or ""
    if language.startswith("en") and en:
        return str(en)
    return str(zh or exc)


@login_required
def source_new(request: HttpRequest) -> HttpResponse:
    user = access.require_office(request.user)
    posted = request.method == "POST"
    form = SourceForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        data: bytes | str = upload.read() if upload is not None else form.cleaned_data["text"]
        try:
            source = services.source_ingest(data=data, filename=upload.name if upload else "", user=user)
        except IngestError as exc:
            form.add_error(None, _error_text(exc))
        else:
            return redirect("ingest:source_review", source_id=source.pk)
    return render(
        request,
        "ingest/source_new.html",
        {"form": form, "sources": Source.objects.filter(organisation_id=user.organisation_id)[:20]},
        status=400 if form.errors else 200,
    )


def _source(request: HttpRequest, source_id: int) -> Source:
    user = access.require_office(request.user)
    try:
        return Source.objects.get(pk=source_id, organisation_id=user.organisation_id)
    except Source.DoesNotExist as exc:
        raise Http404(_("No such source document.")) from exc


def _rows(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"key": key, "depth": depth, "node": node, "span": node.get("span") or {}}
        for key, depth, node in services.flatten(nodes)
    ]


def _edits(post: Any, rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        row["key"]: {
            "title": post.get(f"title-{row['key']}", ""),
            "kind": post.get(f"kind-{row['key']}", ""),
            "drop": post.get(f"keep-{row['key']}") is None,
            "merge": post.get(f"merge-{row['key']}") is not None,
            "depth": post.get(f"depth-{row['key']}", row["depth"]),
        }
        for row in rows
    }


@login_required
def source_review(request: HttpRequest, source_id: int) -> HttpResponse:
    source = _source(request, source_id)
    rows = _rows(source.draft.get("items", []))
    year = dt.date.today().year  # noqa: DTZ011 - only a default for the form
    initial = {"name": source.title, "start_date": dt.date(year, 1, 1), "end_date": dt.date(year, 12, 31)}
    form = AcceptForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.source_accept(
                source=source,
                edits=_edits(request.POST, rows),
                into=form.cleaned_data.get("into"),
                code=form.cleaned_data.get("code") or "",
                name=form.cleaned_data.get("name") or "",
                start=form.cleaned_data.get("start_date"),
                end=form.cleaned_data.get("end_date"),
                organisation=request.user.organisation,  # type: ignore[union-attr]
            )
        except PlanFileError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Items added from the draft: %(count)d.") % {"count": result.items})
            return redirect("web:plan_tree", code=result.plan.code)
    context = {
        "source": source,
        "rows": rows,
        "form": form,
        "kinds": services.KINDS,
        "draft": source.draft,
    }
    return render(request, "ingest/source_review.html", context, status=400 if form.errors else 200)
