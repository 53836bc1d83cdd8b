"""Fetch-and-authorise for saved views, built on ``luoshi.accounts.access``: a view another user keeps
for themselves, or one of another plan, is the same 404 as a missing one."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.plans.models import Plan
from luoshi.search.models import SavedView
from luoshi.search.selectors import saved_views_for


def saved_view_for_view(user: Any, plan: Plan, view_id: Any) -> SavedView:
    try:
        return saved_views_for(user, plan).get(pk=int(view_id))
    except (SavedView.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such view.")) from exc
