"""Fetch-and-authorise for comments, built on the item and report access modules.

Reading a thread: whoever may see the item or the report. Writing: the office and leaders of the
plan's own organisation (those above read it, as they read the plan), and the reporters of the units
it concerns (the item's lead and cooperating units; the report's unit and the item's cooperating
units). 批注: the office managing the plan, or a leader of its organisation.
Editing: the author, within EDIT_WINDOW. Deleting: the author within EDIT_WINDOW, or the office
managing the plan. Every refusal of an object one may not see is the same 404 as a missing one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.access import item_for_view, manages_plan
from luoshi.accounts.models import Role
from luoshi.comments.models import Comment
from luoshi.plans.models import Item, Plan
from luoshi.reports.access import can_contribute_report, report_for_view
from luoshi.reports.models import Report

EDIT_WINDOW = dt.timedelta(minutes=15)


def _staff_writer(user: Any, plan: Plan) -> bool:
    """The office and leaders write on their own organisation's plans; those below they only read
    (unless the office manages them: ``parent_manages``)."""
    if user.is_superuser or manages_plan(user, plan):
        return True
    return bool(user.role in (Role.OFFICE, Role.LEADER) and plan.organisation_id == user.organisation_id)


def _reporter_unit(user: Any, plan: Plan) -> int | None:
    if (
        user.role == Role.REPORTER
        and user.unit_id is not None
        and plan.organisation_id == user.organisation_id
    ):
        return user.unit_id  # type: ignore[no-any-return]
    return None


def can_comment_item(user: Any, item: Item) -> bool:
    """``item`` was fetched through ``item_for_view`` (so the user sees it)."""
    if _staff_writer(user, item.plan):
        return True
    unit_id = _reporter_unit(user, item.plan)
    if unit_id is None:
        return False
    return item.lead_unit_id == unit_id or item.cooperating_units.filter(pk=unit_id).exists()


def can_comment_report(user: Any, report: Report) -> bool:
    """``report`` was fetched through ``report_for_view``."""
    if _staff_writer(user, report.plan):
        return True
    unit_id = _reporter_unit(user, report.plan)
    if unit_id is None:
        return False
    return report.unit_id == unit_id or can_contribute_report(user, report)


def can_annotate(user: Any, plan: Plan) -> bool:
    if not user.is_authenticated:
        return False
    if manages_plan(user, plan):
        return True
    return bool(user.role == Role.LEADER and plan.organisation_id == user.organisation_id)


def item_for_comments(user: Any, item_id: int) -> Item:
    return item_for_view(user, item_id)


def report_for_comments(user: Any, report_id: int) -> Report:
    return report_for_view(user, report_id)  # type: ignore[no-any-return]


def _plan_of(comment: Comment) -> Plan:
    return comment.item.plan if comment.item_id else comment.report.plan  # type: ignore[union-attr]


def comment_for_view(user: Any, comment_id: int) -> Comment:
    """A comment on an item or report ``user`` sees, not deleted; else 404."""
    try:
        comment = Comment.objects.select_related(
            "item", "item__plan", "item__plan__organisation", "report", "report__plan", "author"
        ).get(pk=comment_id, deleted_at__isnull=True)
    except (Comment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such comment.")) from exc
    if comment.item_id is not None:
        item_for_view(user, comment.item_id)
    elif comment.report_id is not None:
        report_for_view(user, comment.report_id)
    return comment


def within_window(comment: Comment, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) - comment.created_at <= EDIT_WINDOW


def can_edit(user: Any, comment: Comment, now: dt.datetime | None = None) -> bool:
    return bool(
        user.is_authenticated
        and comment.author_id == user.pk
        and not comment.is_deleted
        and within_window(comment, now)
    )


def can_delete(user: Any, comment: Comment, now: dt.datetime | None = None) -> bool:
    if comment.is_deleted or not user.is_authenticated:
        return False
    return can_edit(user, comment, now) or (user.is_office and manages_plan(user, _plan_of(comment)))


def comment_for_edit(user: Any, comment_id: int) -> Comment:
    """The author's own comment; anyone else's is the same 404. (The time window is the service's,
    with a message.)"""
    comment = comment_for_view(user, comment_id)
    if comment.author_id != user.pk:
        raise Http404(_("No such comment."))
    return comment


def comment_for_delete(user: Any, comment_id: int) -> Comment:
    comment = comment_for_view(user, comment_id)
    if comment.author_id != user.pk and not (user.is_office and manages_plan(user, _plan_of(comment))):
        raise Http404(_("No such comment."))
    return comment


def plan_of(comment: Comment) -> Plan:
    return _plan_of(comment)
