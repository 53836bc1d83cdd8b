"""The one way in: every view, API endpoint and command fetches scoped objects through here.

Reading: any signed-in member of staff (office, leader, reporter) sees the whole plan.
Writing: the office changes anything; a reporter changes only the progress side of items whose
lead unit is the reporter's unit. "Missing" and "not yours" raise the same Http404, so a forged
request learns nothing about other units' items.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.accounts.models import Role, User
from luoshi.plans.models import Item, Plan

# What a reporter may change on an item its unit leads; the office may change every field.
REPORTER_ITEM_FIELDS = frozenset({"progress", "completed_investment", "description"})
OFFICE_ITEM_FIELDS = frozenset(
    {
        "kind",
        "number",
        "title",
        "description",
        "lead_unit",
        "cooperating_units",
        "leader",
        "start_date",
        "due_date",
        "weight",
        "progress",
        "planned_investment",
        "completed_investment",
        "location",
    }
)


def _staff_roles() -> set[str]:
    return {Role.OFFICE, Role.LEADER, Role.REPORTER}


def can_view_plans(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role in _staff_roles()))


def require_viewer(user: Any) -> User:
    if not can_view_plans(user):
        raise PermissionDenied(_("Your account has no role in any plan."))
    return user  # type: ignore[no-any-return]


def require_office(user: Any) -> User:
    if not (user.is_authenticated and user.is_office):
        raise PermissionDenied(_("Only the supervision office can do this."))
    return user  # type: ignore[no-any-return]


def plan_for_view(user: Any, code: str) -> Plan:
    require_viewer(user)
    try:
        return Plan.objects.get(code=code)
    except Plan.DoesNotExist as exc:
        raise Http404(_("No such plan.")) from exc


def item_for_view(user: Any, item_id: int) -> Item:
    require_viewer(user)
    try:
        return Item.objects.select_related("plan", "lead_unit", "leader").get(pk=item_id)
    except (Item.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such item.")) from exc


def can_edit_item(user: Any, item: Item) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_office:
        return True
    return bool(user.role == Role.REPORTER and user.unit_id is not None and item.lead_unit_id == user.unit_id)


def editable_item_fields(user: Any, item: Item) -> frozenset[str]:
    if not can_edit_item(user, item):
        return frozenset()
    return OFFICE_ITEM_FIELDS if user.is_office else REPORTER_ITEM_FIELDS


def item_for_edit(user: Any, item_id: int) -> Item:
    """The item, if ``user`` may change it; otherwise the same 404 as for a missing item."""
    item = item_for_view(user, item_id)
    if not can_edit_item(user, item):
        raise Http404(_("No such item."))
    return item


def item_for_office(user: Any, item_id: int) -> Item:
    require_office(user)
    return item_for_view(user, item_id)


# --- Progress reports and supervision --------------------------------------------------------------
# Every staff member reads reports (as they read the plan). A reporter writes only its own unit's
# reports, a cooperating unit adds its part, the office reviews. All refusals look like "missing".


def _report_queryset() -> Any:
    from luoshi.reports.models import Report

    return Report.objects.select_related("plan", "item", "item__plan", "unit", "submitted_by", "reviewed_by")


def report_for_view(user: Any, report_id: int) -> Any:
    from luoshi.reports.models import Report

    require_viewer(user)
    try:
        report = _report_queryset().get(pk=report_id)
    except (Report.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such report.")) from exc
    # A draft is the unit's own working copy: only its writers, cooperating units and the office see it.
    if report.state == Report.State.DRAFT and not (
        user.is_office or report.unit_id == user.unit_id or can_contribute_report(user, report)
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
    require_office(user)
    return report_for_view(user, report_id)


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
    from luoshi.reports.models import Attachment

    require_viewer(user)
    try:
        return Attachment.objects.select_related("report").get(pk=attachment_id)
    except (Attachment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such file.")) from exc


def notification_for_user(user: Any, notification_id: int) -> Any:
    from luoshi.supervision.models import Notification

    if not user.is_authenticated:
        raise Http404(_("No such notification."))
    try:
        return Notification.objects.get(pk=notification_id, user_id=user.pk)
    except (Notification.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such notification.")) from exc


# --- Notices, instructions, bulletins, assessment --------------------------------------------------
# The office and leaders see every notice; a unit sees only the notices addressed to it, and only
# its own reply. Bulletins are circulated to every unit. Scores are for the office and leaders.


def require_leader(user: Any) -> User:
    if not (user.is_authenticated and (user.role == Role.LEADER or user.is_office)):
        raise PermissionDenied(_("Only leaders write instructions."))
    return user  # type: ignore[no-any-return]


def _sees_all_notices(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_office or user.role == Role.LEADER))


def notices_visible(user: Any, queryset: Any) -> Any:
    """Narrow a Notice queryset to what ``user`` may see."""
    require_viewer(user)
    if _sees_all_notices(user):
        return queryset
    if user.role == Role.REPORTER and user.unit_id is not None:
        return queryset.filter(targets__unit_id=user.unit_id).distinct()
    return queryset.none()


def notice_for_view(user: Any, notice_id: int) -> Any:
    from luoshi.supervision.models import Notice

    require_viewer(user)
    try:
        return notices_visible(user, Notice.objects.select_related("plan", "item", "issued_by")).get(
            pk=notice_id
        )
    except (Notice.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such notice.")) from exc


def notice_for_office(user: Any, notice_id: int) -> Any:
    require_office(user)
    return notice_for_view(user, notice_id)


def notice_target_for_unit(user: Any, notice_id: int) -> Any:
    """The addressed unit's part of a notice, for a reporter of that unit; else the same 404."""
    from luoshi.supervision.models import NoticeTarget

    if not (user.is_authenticated and user.role == Role.REPORTER and user.unit_id is not None):
        raise Http404(_("No such notice."))
    try:
        return NoticeTarget.objects.select_related("notice", "notice__plan", "notice__item", "unit").get(
            notice_id=notice_id, unit_id=user.unit_id
        )
    except (NoticeTarget.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such notice.")) from exc


def notice_target_for_office(user: Any, target_id: int) -> Any:
    from luoshi.supervision.models import NoticeTarget

    require_office(user)
    try:
        return NoticeTarget.objects.select_related("notice", "notice__plan", "unit").get(pk=target_id)
    except (NoticeTarget.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such notice.")) from exc


def notice_targets_visible(user: Any, notice: Any) -> Any:
    """The addressed units' parts a user may read: all for the office and leaders, else its own."""
    targets = notice.targets.select_related("unit", "replied_by").prefetch_related("attachments")
    if _sees_all_notices(user):
        return targets
    return targets.filter(unit_id=getattr(user, "unit_id", None) or 0)


def notice_attachment_for_view(user: Any, attachment_id: int) -> Any:
    from luoshi.supervision.models import NoticeAttachment

    require_viewer(user)
    try:
        attachment = NoticeAttachment.objects.select_related("target").get(pk=attachment_id)
    except (NoticeAttachment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such file.")) from exc
    if not (_sees_all_notices(user) or attachment.target.unit_id == user.unit_id):
        raise Http404(_("No such file."))
    return attachment


def instruction_for_office(user: Any, instruction_id: int) -> Any:
    from luoshi.supervision.models import Instruction

    require_office(user)
    try:
        return Instruction.objects.select_related("item", "plan").get(pk=instruction_id)
    except (Instruction.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such instruction.")) from exc


def bulletin_for_view(user: Any, bulletin_id: int) -> Any:
    from luoshi.supervision.models import Bulletin

    require_viewer(user)
    try:
        return Bulletin.objects.select_related("plan").get(pk=bulletin_id)
    except (Bulletin.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such bulletin.")) from exc


def require_assessor(user: Any) -> User:
    """Scores are read by the office and leaders; to anyone else the pages do not exist."""
    if not _sees_all_notices(user):
        raise Http404(_("No such assessment."))
    return user  # type: ignore[no-any-return]


def assessment_run_for_view(user: Any, run_id: int) -> Any:
    from luoshi.supervision.models import AssessmentRun

    require_assessor(user)
    try:
        return AssessmentRun.objects.select_related("plan").get(pk=run_id)
    except (AssessmentRun.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such assessment.")) from exc


def notice_extension_for_office(user: Any, extension_id: int) -> Any:
    from luoshi.supervision.models import NoticeExtension

    require_office(user)
    try:
        return NoticeExtension.objects.select_related("target", "target__notice").get(pk=extension_id)
    except (NoticeExtension.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such request.")) from exc


def reports_visible(user: Any, queryset: Any) -> Any:
    """Narrow a Report queryset to what ``user`` may see: as report_for_view, drafts only to their unit,
    its cooperating units' reporters, and the office."""
    from django.db.models import Q

    from luoshi.reports.models import Report

    require_viewer(user)
    if user.is_office:
        return queryset
    visible = ~Q(state=Report.State.DRAFT)
    if user.unit_id is not None:
        visible |= Q(unit_id=user.unit_id)
        if user.role == Role.REPORTER:
            visible |= Q(item__cooperating_units=user.unit_id)
    return queryset.filter(visible).distinct()
