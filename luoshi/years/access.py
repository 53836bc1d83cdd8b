"""Fetch-and-authorise for plan years: the office that manages a plan starts its next year and
archives it (an archived plan still counts: starting next year from it only reads it)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.accounts.access import manages_plan, plan_for_view, require_office
from luoshi.plans.models import Plan


def plan_for_years(user: Any, code: str) -> Plan:
    require_office(user)
    plan = plan_for_view(user, code)
    if not manages_plan(user, plan):
        raise Http404(_("No such plan."))
    return plan
