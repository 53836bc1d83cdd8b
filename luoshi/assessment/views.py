"""Pages for the assessment (考核): rules, computation, ranking, each unit's points, xlsx."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.accounts import access
from luoshi.assessment import access as assessment_access
from luoshi.assessment import services
from luoshi.assessment.export import assessment_xlsx
from luoshi.assessment.forms import AssessmentRulesForm
from luoshi.assessment.models import AssessmentEntry, AssessmentRun
from luoshi.lib.downloads import download
from luoshi.plans.models import Plan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def assessment(request: HttpRequest, code: str) -> HttpResponse:
    assessment_access.require_assessor(request.user)
    plan = access.plan_for_view(request.user, code)
    rules = services.rules_for(plan)
    form = AssessmentRulesForm(request.POST or None, instance=rules)
    if request.method == "POST":
        # Only the office of the plan's own organisation sets its rules; the office above only reads.
        access.ensure_plan_managed(request.user, plan, _("No such plan."))
        if form.is_valid():
            form.instance.plan = plan
            form.save()
            messages.success(request, _("Rules saved; compute the scores again to apply them."))
            return redirect("assessment:assessment", code=plan.code)
    runs = AssessmentRun.objects.filter(plan=plan).defer("rules")[:10]
    latest = runs[0] if runs else None
    context = {
        "plan": plan,
        "form": form,
        "runs": runs,
        "latest": latest,
        "scores": latest.scores.select_related("unit") if latest else [],
        "organisation_scores": _organisation_scores(request.user, latest),
    }
    return render(request, "assessment/assessment.html", context)


@login_required
@require_POST
def assessment_compute(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.plan_for_office(request.user, code)
    run = services.assessment_compute(plan=plan, user=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Scores computed as of %(day)s.") % {"day": run.as_of.isoformat()})
    return redirect("assessment:assessment_run", run_id=run.pk)


def _organisation_scores(user: Any, run: AssessmentRun | None) -> list[dict[str, Any]]:
    """The lower organisations' scores of a run, each with the lower plans the reader may open."""
    if run is None:
        return []
    rows = list(run.organisation_scores.select_related("organisation"))
    plans: dict[int, list[Plan]] = {}
    for lower in access.plans_visible(user).filter(organisation_id__in=[r.organisation_id for r in rows]):
        plans.setdefault(lower.organisation_id, []).append(lower)
    return [{"score": r, "plans": plans.get(r.organisation_id, [])} for r in rows]


@login_required
def assessment_run(request: HttpRequest, run_id: int) -> HttpResponse:
    run = assessment_access.assessment_run_for_view(request.user, run_id)
    context = {
        "run": run,
        "plan": run.plan,
        "scores": run.scores.select_related("unit"),
        "latest": run,
        "organisation_scores": _organisation_scores(request.user, run),
    }
    return render(request, "assessment/assessment_run.html", context)


@login_required
def assessment_unit(request: HttpRequest, run_id: int, unit_id: int) -> HttpResponse:
    run = assessment_access.assessment_run_for_view(request.user, run_id)
    score = run.scores.select_related("unit").filter(unit_id=unit_id).first()
    if score is None:
        raise Http404(_("No such unit."))
    entries = AssessmentEntry.objects.filter(run=run, unit_id=unit_id)
    by_kind = list(entries.values("kind").annotate(count=Count("id"), points=Sum("points")).order_by("kind"))
    labels = dict(AssessmentEntry.Kind.choices)
    for row in by_kind:
        row["label"] = labels.get(row["kind"], row["kind"])
    page = Paginator(entries.select_related("item").order_by("kind", "day", "id"), 200).get_page(
        request.GET.get("page")
    )
    context = {
        "run": run,
        "plan": run.plan,
        "score": score,
        "unit": score.unit,
        "page": page,
        "by_kind": by_kind,
    }
    return render(request, "assessment/assessment_unit.html", context)


@login_required
def assessment_export(request: HttpRequest, run_id: int) -> HttpResponse:
    run = assessment_access.assessment_run_for_view(request.user, run_id)
    return download(assessment_xlsx(run), XLSX, f"{run.plan.code}-assessment-{run.as_of}.xlsx")
