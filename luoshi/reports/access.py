"""Fetch-and-authorise for reports: the one way in to its objects, built on ``luoshi.accounts.access``.
A missing object and one that is not yours give the same 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.accounts.access import (
    ensure_plan_managed,
    ensure_plan_visible,
    item_for_view,
    organisation_q,
    require_viewer,
)
from luoshi.accounts.models import Role
from luoshi.plans.models import Item
from luoshi.reports.models import Attachment, Report


def _report_queryset() -> Any:
    return Report.objects.select_related(
        "plan", "plan__organisation", "item", "item__plan", "unit", "submitted_by", "reviewed_by"
    )


def report_for_view(user: Any, report_id: int) -> Any:
    require_viewer(user)
    try:
        report = _report_queryset().get(pk=report_id)
    except (Report.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such report.")) from exc
    ensure_plan_visible(user, report.plan, _("No such report."))
    # A draft is the unit's own working copy: only its writers and cooperating units see it; the office
    # and leaders see a report once it is submitted.
    if report.state == Report.State.DRAFT and not (
        (user.unit_id is not None and report.unit_id == user.unit_id) or can_contribute_report(user, report)
    ):
        raise Http404(_("No such report."))
    return report


def can_write_report(user: Any, item: Item) -> bool:
    """Only the lead unit's reporters write an item's report."""
    return bool(
        user.is_authenticated
        and user.role == Role.REPORTER
        and user.unit_id is not None
        and item.lead_unit_id == user.unit_id
    )


def item_for_report(user: Any, item_id: int) -> Item:
    """The item, if ``user`` reports for its lead unit; otherwise the same 404 as for a missing item."""
    item = item_for_view(user, item_id)
    if not can_write_report(user, item):
        raise Http404(_("No such item."))
    return item


def report_for_edit(user: Any, report_id: int) -> Any:
    """A report the user's unit writes (draft, or returned to revise); else 404."""
    report = report_for_view(user, report_id)
    if not (can_write_report(user, report.item) and report.unit_id == user.unit_id):
        raise Http404(_("No such report."))
    return report


def report_for_review(user: Any, report_id: int) -> Any:
    report = report_for_view(user, report_id)
    ensure_plan_managed(user, report.plan, _("No such report."))
    return report


def can_contribute_report(user: Any, report: Any) -> bool:
    if not (user.is_authenticated and user.role == Role.REPORTER and user.unit_id is not None):
        return False
    return bool(report.item.cooperating_units.filter(pk=user.unit_id).exists())


def report_for_contribution(user: Any, report_id: int) -> Any:
    report = report_for_view(user, report_id)
    if not can_contribute_report(user, report):
        raise Http404(_("No such report."))
    return report


def attachment_for_view(user: Any, attachment_id: int) -> Any:
    require_viewer(user)
    try:
        attachment = Attachment.objects.select_related("report", "report__plan__organisation").get(
            pk=attachment_id
        )
    except (Attachment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such file.")) from exc
    ensure_plan_visible(user, attachment.report.plan, _("No such file."))
    return attachment


def reports_visible(user: Any, queryset: Any) -> Any:
    """Narrow a Report queryset to what ``user`` may see: as report_for_view, drafts only to their unit
    and its cooperating units' reporters; everyone else (the office and leaders too) sees the rest."""
    require_viewer(user)
    queryset = queryset.filter(organisation_q(user, "plan__organisation"))
    visible = ~Q(state=Report.State.DRAFT)
    if user.unit_id is not None:
        visible |= Q(unit_id=user.unit_id)
        if user.role == Role.REPORTER:
            visible |= Q(item__cooperating_units=user.unit_id)
    return queryset.filter(visible).distinct()
