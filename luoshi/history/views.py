"""The plan as of a date, two dates compared, and the plan's baselines."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from luoshi.history import access, selectors, services
from luoshi.history.forms import AsOfForm, BaselineForm, CompareForm
from luoshi.plans.models import Item, Plan, Status

# Rows of the as-of tree a page shows (in tree order; "Show more" continues after the last).
PAGE_ROWS = 100
WHOLE_PLAN_COUNTS = 5000
# The comparison shows each kind of change's first rows; one kind alone is shown in pages.
SECTION_ROWS = 50
SECTION_PAGE_ROWS = 100


def end_of_day(day: dt.date) -> dt.datetime:
    """The last moment of ``day`` in the site's time zone: the plan as it stood that evening."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def _day(request: HttpRequest, plan: Plan) -> tuple[dt.date, AsOfForm]:
    form = AsOfForm(request.GET or None)
    # History records carry the real moment of each change, so "today" is the calendar's, not the
    # plan's rating date (a demo or a plan rated as of a fixed date would otherwise look empty).
    day = timezone.localdate()
    if form.is_bound and form.is_valid() and form.cleaned_data["on"]:
        day = form.cleaned_data["on"]
    return day, form


def _base(request: HttpRequest, plan: Plan, day: dt.date, form: Any) -> dict[str, Any]:
    return {
        "plan": plan,
        "on": day,
        "form": form,
        "is_office": access.manages_plan(request.user, plan),
        "statuses": dict(Status.choices),
        "kinds": dict(Item.Kind.choices),
    }


def _status(form: Any) -> int:
    return 400 if form.is_bound and not form.is_valid() else 200


@login_required
def plan_as_of(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.plan_for_view(request.user, code)
    day, form = _day(request, plan)
    when = end_of_day(day)
    after = request.GET.get("after", "")[:255]
    # A page is rebuilt from the records of the pillars it shows; the counts over the whole plan only
    # for a plan small enough to rebuild whole on every view (the figures page counts any plan).
    rows, more_after = selectors.plan_as_of_page(plan, when, after=after, limit=PAGE_ROWS)
    # Counting no further than the limit: a count of 50,000 rows is not free.
    small = (
        not Item.objects.filter(plan=plan).values("pk")[WHOLE_PLAN_COUNTS : WHOLE_PLAN_COUNTS + 1].exists()
    )
    counts = selectors.figures_as_of(plan, when).total if small else None
    context = _base(request, plan, day, form)
    context.update(
        rows=rows,
        total=counts.total() if counts is not None else None,
        counts=counts,
        more_after=more_after,
        after=after,
        # what every row's link repeats, made once: ``item_url`` + id + "/"
        item_url=reverse("history:item_as_of", kwargs={"item_id": 0}).removesuffix("0/"),
        on_iso=day.isoformat(),
        baselines=selectors.baselines_of(plan)[:20],
        baseline_form=BaselineForm(),
    )
    return render(request, "history/plan_as_of.html", context, status=_status(form))


@login_required
def item_as_of(request: HttpRequest, item_id: int) -> HttpResponse:
    plan = access.plan_of_item(request.user, item_id)
    day, form = _day(request, plan)
    state = selectors.item_as_of(plan, item_id, end_of_day(day))
    context = _base(request, plan, day, form)
    context.update(item=state, item_id=item_id, exists=Item.objects.filter(pk=item_id).exists())
    return render(request, "history/item_as_of.html", context, status=_status(form))


@login_required
def figures_as_of(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.plan_for_view(request.user, code)
    day, form = _day(request, plan)
    figures = selectors.figures_as_of(plan, end_of_day(day))
    colours = selectors.COLOURS
    units: list[dict[str, Any]] = [
        {"name": figures.unit_names.get(pk, ""), "counts": [c.get(k, 0) for k in colours]}
        for pk, c in figures.by_unit.items()
    ]
    units.sort(key=lambda r: (-r["counts"][0], -r["counts"][1], r["name"]))
    empty: Counter[str] = Counter()
    pillars = [
        {"state": p, "counts": [figures.by_pillar.get(p.id, empty).get(k, 0) for k in colours]}
        for p in figures.pillars
    ]
    context = _base(request, plan, day, form)
    context.update(
        colours=[(k, Status(k).label) for k in colours],
        total=[figures.total.get(k, 0) for k in colours],
        total_items=figures.total.total(),
        units=units,
        pillars=pillars,
    )
    return render(request, "history/figures_as_of.html", context, status=_status(form))


@login_required
def plan_compare(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.plan_for_view(request.user, code)
    form = CompareForm(
        {
            "start": request.GET.get("from", ""),
            "end": request.GET.get("to", ""),
            "baseline": request.GET.get("baseline", ""),
        }
        if request.GET
        else None
    )
    today = timezone.localdate()
    start = today - dt.timedelta(days=30)
    end = today
    baseline = None
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
        baseline = access.baseline_for_view(request.user, plan, form.cleaned_data["baseline"])
    if baseline is not None:
        now = selectors.plan_as_of(plan, end_of_day(end))
        before = selectors.baseline_states(baseline, {s.id: s for s in now})
        comparison = selectors.compare_states(before, now)
    else:
        comparison = selectors.compare_dates(plan, end_of_day(start), end_of_day(end))
    query = {"from": start.isoformat(), "to": end.isoformat()}
    if baseline is not None:
        query = {"baseline": str(baseline.pk), "to": end.isoformat()}
    show = request.GET.get("show", "")
    sections = _sections(comparison, show, request.GET.get("page"), query)
    context = _base(request, plan, end, form)
    context.update(
        start=start,
        end=end,
        baseline=baseline,
        comparison=comparison,
        counts=comparison.counts(),
        slipped=selectors.slipped(comparison),
        baselines=selectors.baselines_of(plan)[:20],
        sections=sections,
        showing=show if len(sections) == 1 else "",
        overview=urlencode(query),
    )
    return render(request, "history/compare.html", context, status=_status(form))


def _sections(
    comparison: selectors.Comparison, show: str, page: str | None, query: dict[str, str]
) -> list[dict[str, Any]]:
    """The comparison's kinds of change, each with the rows it shows: the first ``SECTION_ROWS`` of
    every kind, or, when one kind is asked for (``?show=added``), that kind alone in pages."""
    kinds = [
        ("recoloured", _("Changed colour"), "colour", comparison.recoloured),
        ("moved", _("Moved"), "moved", comparison.moved),
        ("added", _("Added"), "", comparison.added),
        ("removed", _("Removed"), "", comparison.removed),
        ("progressed", _("Progress changed"), "progress", comparison.progressed),
        ("rescheduled", _("Dates changed"), "dates", comparison.rescheduled),
    ]
    alone = [k for k in kinds if k[0] == show]
    sections = []
    for anchor, heading, kind, rows in alone or kinds:
        section: dict[str, Any] = {
            "anchor": anchor,
            "heading": heading,
            "kind": kind,
            "total": len(rows),
            "all_url": urlencode({**query, "show": anchor}),
        }
        if alone:
            section["page"] = Paginator(rows, SECTION_PAGE_ROWS).get_page(page)
            section["rows"] = section["page"].object_list
        else:
            section["rows"] = rows[:SECTION_ROWS]
        sections.append(section)
    return sections


@login_required
@require_http_methods(["GET", "POST"])
def baselines(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.plan_for_view(request.user, code)
    form = BaselineForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        plan = access.plan_for_office(request.user, code)
        if form.is_valid():
            try:
                saved = services.baseline_save(plan=plan, name=form.cleaned_data["name"], user=request.user)  # type: ignore[arg-type]
            except ValidationError as exc:
                form.add_error("name", exc)
            else:
                messages.success(request, _("Baseline “%(name)s” saved.") % {"name": saved.name})
                return HttpResponseRedirect(reverse("history:baselines", kwargs={"code": plan.code}))
        status = 400
    context = {
        "plan": plan,
        "form": form,
        "baselines": selectors.baselines_of(plan).select_related("created_by"),
        "is_office": access.manages_plan(request.user, plan),
        "on": timezone.localdate(),
    }
    return render(request, "history/baselines.html", context, status=status)


@login_required
@require_POST
def baseline_delete(request: HttpRequest, baseline_id: int) -> HttpResponse:
    baseline = access.baseline_for_office(request.user, baseline_id)
    code = baseline.plan.code
    services.baseline_delete(baseline=baseline)
    messages.success(request, _("Baseline deleted."))
    return HttpResponseRedirect(reverse("history:baselines", kwargs={"code": code}))
