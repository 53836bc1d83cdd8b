"""The Gantt of a plan: the page, its data (compact columns), and the date change a dragged bar makes."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.accounts import access
from luoshi.plans.models import Item
from luoshi.status import changes
from luoshi.timeline import selectors
from luoshi.timeline.forms import DatesForm

# Dates in the item's fields: what the chart may change (the office's own fields, as in the edit form).
DATE_FIELDS = frozenset({"start_date", "due_date"})
# The chart loads the plan in pages: the first rows, painted at once, then pages of PAGE_ROWS rows,
# each added to what is shown; no answer has more than PAGE_MAX rows unless the whole plan is asked.
PAGE_MAX = 5000
HEAD_ROWS = 400
PAGE_ROWS = PAGE_MAX


def _json(data: object, status: int = 200) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, status=status, content_type="application/json")


def _strings() -> dict[str, str]:
    """The words the chart's script draws or says."""
    return {
        "count": _("%(rows)s rows shown, %(matched)s of %(total)s items match"),
        "item": _("Item"),
        "month": _("M%(month)s"),
        "year": _("Year %(year)s"),
        "partial": _("The first %(rows)s rows are shown; the rest of the plan is loading…"),
        "saving": _("Saving…"),
        "saved": _("Saved: %(title)s, %(start)s to %(due)s."),
        "failed": _("Could not save; the bar is back where it was."),
    }


@login_required
def plan_gantt(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.plan_for_view(request.user, code)
    context = {
        "plan": plan,
        "can_edit": access.manages_plan(request.user, plan),
        "strings": _strings(),
        "baselines": selectors.plan_baselines(plan),
        "head_rows": HEAD_ROWS,
        "page_rows": PAGE_ROWS,
    }
    return render(request, "timeline/gantt.html", context)


@login_required
def plan_gantt_data(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.plan_for_view(request.user, code)
    head = request.GET.get("head", "")
    after = request.GET.get("after", "")
    if len(after) > 255 or not after.isalnum() and after:
        return _json({"error": _("The page asked for is not a place in the plan.")}, status=400)
    rows = min(int(head), PAGE_MAX) if head.isdigit() and head != "0" else None
    return _json(selectors.gantt_data(plan, head=rows, after=after))


@login_required
def baseline_data(request: HttpRequest, code: str, baseline_id: int) -> HttpResponse:
    """A baseline's dates, for the thin bars under the actual ones."""
    plan = access.plan_for_view(request.user, code)
    found = selectors.baseline_columns(plan, baseline_id)
    if found is None:
        raise Http404(_("No such baseline."))
    return _json(found)


@login_required
@require_POST
def item_dates(request: HttpRequest, item_id: int) -> HttpResponse:
    """Move a bar or its end: the same write as the edit form's, through the one recompute step."""
    item = access.item_for_office(request.user, item_id)
    form = DatesForm(request.POST)
    if not form.is_valid():
        errors = [str(e) for field in form.errors.values() for e in field]
        return JsonResponse({"error": " ".join(errors)}, status=400)
    data = {"start_date": form.cleaned_data["start"], "due_date": form.cleaned_data["due"]}
    try:
        saved = changes.item_update(
            item_id=item.pk,
            expected_version=form.cleaned_data["version"],
            data=data,
            allowed_fields=DATE_FIELDS,
        )
    except changes.ConflictError as exc:
        current = selectors.item_chain(exc.current)
        message = _(
            "This item was changed by someone else; the bar is back where it was. Reload to see the change."
        )
        return _json({"error": message, "items": current[-1:]}, status=409)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    except Item.DoesNotExist as exc:  # deleted meanwhile
        raise Http404(_("No such item.")) from exc
    return _json({"items": selectors.item_chain(saved)})
