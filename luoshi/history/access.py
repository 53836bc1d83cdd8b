"""Fetch-and-authorise for the history pages, built on ``luoshi.accounts.access``: a plan, an item or a
baseline that is missing and one that is not the user's give the same 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.accounts import access
from luoshi.history.models import Baseline
from luoshi.history.selectors import item_plan_id
from luoshi.plans.models import Plan

plan_for_view = access.plan_for_view
plan_for_office = access.plan_for_office
manages_plan = access.manages_plan


def plan_of_item(user: Any, item_id: int) -> Plan:
    """The plan an item is (or was, if deleted since) in, if ``user`` may read it."""
    access.require_viewer(user)
    plan_id = item_plan_id(item_id)
    plan = Plan.objects.select_related("organisation").filter(pk=plan_id).first() if plan_id else None
    if plan is None:
        raise Http404(_("No such item."))
    access.ensure_plan_visible(user, plan, _("No such item."))
    return plan


def baseline_for_view(user: Any, plan: Plan, baseline_id: str | int | None) -> Baseline | None:
    if baseline_id is None or baseline_id == "":
        return None
    try:
        return Baseline.objects.get(pk=int(baseline_id), plan=plan)
    except (Baseline.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such baseline.")) from exc


def baseline_for_office(user: Any, baseline_id: int) -> Baseline:
    access.require_office(user)
    baseline = Baseline.objects.select_related("plan", "plan__organisation").filter(pk=baseline_id).first()
    if baseline is None:
        raise Http404(_("No such baseline."))
    access.ensure_plan_managed(user, baseline.plan, _("No such baseline."))
    return baseline
