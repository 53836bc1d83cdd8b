"""Comment threads on items and reports. The item page includes its thread through a template tag;
the report page (in a room below this one) fetches the thread fragment from ``report_thread``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.comments import access, selectors, services
from luoshi.comments.forms import CommentForm
from luoshi.plans.models import PLAN_ARCHIVED, Item
from luoshi.reports.models import Report


def thread_context(
    request: HttpRequest,
    *,
    item: Item | None = None,
    report: Report | None = None,
    form: CommentForm | None = None,
) -> dict[str, Any]:
    """What the thread fragment shows, for the item page's tag and for the report's fetched fragment."""
    user = request.user
    if item is not None:
        plan, comments = item.plan, selectors.thread(item_id=item.pk)
        may_comment = access.can_comment_item(user, item)
        action = reverse("comments:item_thread", args=[item.pk])
        home = reverse("web:item_detail", args=[item.pk])
    else:
        assert report is not None
        plan, comments = report.plan, selectors.thread(report_id=report.pk)
        may_comment = access.can_comment_report(user, report)
        action = reverse("comments:report_thread", args=[report.pk])
        home = reverse("reports:report_detail", args=[report.pk])
    # An archived plan's threads are read-only: shown, with no form, edit or delete.
    writable = plan.archived_at is None
    may_comment = writable and may_comment
    rows = [
        {
            "comment": c,
            "can_edit": writable and access.can_edit(user, c),
            "can_delete": writable and access.can_delete(user, c),
        }
        for c in comments
    ]
    return {
        "request": request,
        "rows": rows,
        "may_comment": may_comment,
        "archived_reason": "" if writable else PLAN_ARCHIVED,
        "can_annotate": may_comment and access.can_annotate(user, plan),
        "form": form or CommentForm(),
        "action": action,
        "home": home,
        "units": selectors.mentionable_units(plan) if may_comment else [],
    }


def _back(request: HttpRequest, home: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if not (
        target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    ):
        target = home
    return redirect(target.split("#")[0] + "#comments")


def _thread(request: HttpRequest, *, item: Item | None = None, report: Report | None = None) -> HttpResponse:
    if request.method == "POST":
        if item is not None:
            may = access.can_comment_item(request.user, item)
        else:
            may = report is not None and access.can_comment_report(request.user, report)
        if not may:
            raise Http404(_("No such item.") if item else _("No such report."))
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                services.comment_add(
                    user=request.user,  # type: ignore[arg-type]
                    item=item,
                    report=report,
                    body=form.cleaned_data["body"],
                    annotation=form.cleaned_data["annotation"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return _back(request, thread_context(request, item=item, report=report)["home"])
        context = thread_context(request, item=item, report=report, form=form)
        return render(
            request, "comments/thread_page.html", {**context, "subject": item or report}, status=400
        )
    context = thread_context(request, item=item, report=report)
    if request.GET.get("fragment"):
        return render(request, "comments/_thread.html", context)
    return render(request, "comments/thread_page.html", {**context, "subject": item or report})


@login_required
def item_thread(request: HttpRequest, item_id: int) -> HttpResponse:
    return _thread(request, item=access.item_for_comments(request.user, item_id))


@login_required
def report_thread(request: HttpRequest, report_id: int) -> HttpResponse:
    return _thread(request, report=access.report_for_comments(request.user, report_id))


def _home(comment: Any) -> str:
    return services.thread_url(comment).split("#")[0]


@login_required
def comment_edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = access.comment_for_edit(request.user, comment_id)
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(comment=comment, user=request.user, body=form.cleaned_data["body"])  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(services.thread_url(comment))
    context = {
        "comment": comment,
        "form": form,
        "home": _home(comment),
        "can_edit": access.can_edit(request.user, comment),
    }
    return render(request, "comments/comment_edit.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def comment_delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = access.comment_for_delete(request.user, comment_id)
    try:
        services.comment_delete(comment=comment, user=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        context = {"comment": comment, "form": None, "home": _home(comment), "errors": exc.messages}
        return render(request, "comments/comment_edit.html", context, status=400)
    return _back(request, _home(comment))
