"""Fetch-and-authorise for the to-do's bulk actions, built on ``luoshi.accounts.access``: only the office,
only on its own organisation's plans; an id of anything else gives the same 404 as a missing one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.accounts import access
from luoshi.accounts.models import User
from luoshi.plans.models import Item, Plan, Unit
from luoshi.reports.models import Report


def office_user(user: Any) -> User:
    """The office itself; for everyone else the bulk pages do not exist."""
    access.require_viewer(user)
    if not user.is_office:
        raise Http404(_("No such page."))
    return user  # type: ignore[no-any-return]


def plan_for_bulk(user: Any, code: str) -> Plan:
    office_user(user)
    return access.plan_for_office(user, code)


def ids(values: Iterable[str]) -> list[int]:
    """Posted ids as numbers; anything else is the same 404 as an id that is not yours."""
    try:
        out = [int(v) for v in values]
    except (TypeError, ValueError) as exc:
        raise Http404(_("No such object.")) from exc
    return list(dict.fromkeys(out))


def reports_for_bulk(user: Any, report_ids: list[int]) -> list[Report]:
    """The reports, each of a plan the office manages; one that is not gives a 404 for all."""
    office_user(user)
    reports = list(
        Report.objects.filter(pk__in=report_ids)
        .select_related("plan", "plan__organisation", "item", "unit", "submitted_by")
        .order_by("submitted_at", "pk")
    )
    if len(reports) != len(report_ids) or not all(access.manages_plan(user, r.plan) for r in reports):
        raise Http404(_("No such report."))
    return reports


def items_for_bulk(plan: Plan, item_ids: list[int]) -> list[Item]:
    items = list(Item.objects.filter(plan=plan, pk__in=item_ids).select_related("lead_unit").order_by("path"))
    if len(items) != len(item_ids):
        raise Http404(_("No such item."))
    return items


def unit_for_plan(plan: Plan, unit_id: str | None) -> Unit:
    try:
        return Unit.objects.get(pk=int(unit_id or ""), organisation_id=plan.organisation_id)
    except (Unit.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404(_("No such unit.")) from exc
