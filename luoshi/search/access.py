"""Fetch-and-authorise for saved views, built on ``luoshi.accounts.access``: a view another user keeps
for themselves, or one of another plan, is the same 404 as a missing one."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.accounts.access import plan_for_view
from luoshi.plans.models import Plan
from luoshi.search.models import SavedView
from luoshi.search.selectors import saved_views_for


def saved_view_for_view(user: Any, plan: Plan, view_id: Any) -> SavedView:
    try:
        return saved_views_for(user, plan).get(pk=int(view_id))
    except (SavedView.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such view.")) from exc


def can_keep_views(user: Any, plan: Plan) -> bool:
    """Views are kept on the plans of the organisation one acts in: those above read a plan below
    and write nothing of it, not even a view."""
    return bool(user.is_authenticated and (user.is_superuser or plan.organisation_id == user.organisation_id))


def plan_for_views(user: Any, code: str) -> Plan:
    """A plan whose views ``user`` may save, share or remove; any other is the same 404 as a missing one."""
    plan = plan_for_view(user, code)
    if not can_keep_views(user, plan):
        raise Http404(_("No such plan."))
    return plan
