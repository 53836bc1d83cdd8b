"""Fetch-and-authorise for assessment: the one way in to its objects, built on ``luoshi.accounts.access``.
A missing object and one that is not yours give the same 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.accounts.access import ensure_plan_visible, sees_all_notices
from luoshi.accounts.models import User
from luoshi.assessment.models import AssessmentRun


def require_assessor(user: Any) -> User:
    """Scores are read by the office and leaders; to anyone else the pages do not exist."""
    if not sees_all_notices(user):
        raise Http404(_("No such assessment."))
    return user  # type: ignore[no-any-return]


def assessment_run_for_view(user: Any, run_id: int) -> Any:
    require_assessor(user)
    try:
        run = AssessmentRun.objects.select_related("plan", "plan__organisation").get(pk=run_id)
    except (AssessmentRun.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such assessment.")) from exc
    ensure_plan_visible(user, run.plan, _("No such assessment."))
    return run
