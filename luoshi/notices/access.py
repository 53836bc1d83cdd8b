"""Fetch-and-authorise for notices: the one way in to its objects, built on ``luoshi.accounts.access``.
A missing object and one that is not yours give the same 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.accounts.access import ensure_plan_managed, organisation_q, require_viewer, sees_all_notices
from luoshi.accounts.models import Role
from luoshi.notices.models import Instruction, Notice, NoticeAttachment, NoticeExtension, NoticeTarget


def notices_visible(user: Any, queryset: Any) -> Any:
    """Narrow a Notice queryset to what ``user`` may see."""
    require_viewer(user)
    queryset = queryset.filter(organisation_q(user, "plan__organisation"))
    if sees_all_notices(user):
        return queryset
    if user.role == Role.REPORTER and user.unit_id is not None:
        return queryset.filter(targets__unit_id=user.unit_id).distinct()
    return queryset.none()


def notice_for_view(user: Any, notice_id: int) -> Any:
    require_viewer(user)
    try:
        return notices_visible(user, Notice.objects.select_related("plan", "item", "issued_by")).get(
            pk=notice_id
        )
    except (Notice.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such notice.")) from exc


def notice_for_office(user: Any, notice_id: int) -> Any:
    notice = notice_for_view(user, notice_id)
    ensure_plan_managed(user, notice.plan, _("No such notice."))
    return notice


def notice_target_for_unit(user: Any, notice_id: int) -> Any:
    """The addressed unit's part of a notice, for a reporter of that unit; else the same 404."""
    if not (user.is_authenticated and user.role == Role.REPORTER and user.unit_id is not None):
        raise Http404(_("No such notice."))
    try:
        return NoticeTarget.objects.select_related("notice", "notice__plan", "notice__item", "unit").get(
            notice_id=notice_id, unit_id=user.unit_id
        )
    except (NoticeTarget.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such notice.")) from exc


def notice_target_for_office(user: Any, target_id: int) -> Any:
    require_viewer(user)
    try:
        target = NoticeTarget.objects.select_related("notice", "notice__plan", "unit").get(pk=target_id)
    except (NoticeTarget.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such notice.")) from exc
    ensure_plan_managed(user, target.notice.plan, _("No such notice."))
    return target


def notice_targets_visible(user: Any, notice: Any) -> Any:
    """The addressed units' parts a user may read: all for the office and leaders, else its own."""
    targets = notice.targets.select_related("unit", "replied_by").prefetch_related("attachments")
    if sees_all_notices(user):
        return targets
    return targets.filter(unit_id=getattr(user, "unit_id", None) or 0)


def notice_attachment_for_view(user: Any, attachment_id: int) -> Any:
    require_viewer(user)
    try:
        attachment = NoticeAttachment.objects.select_related(
            "target", "target__notice__plan__organisation"
        ).get(pk=attachment_id)
    except (NoticeAttachment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such file.")) from exc
    if not notices_visible(user, Notice.objects.filter(pk=attachment.target.notice_id)).exists():
        raise Http404(_("No such file."))
    if not (sees_all_notices(user) or attachment.target.unit_id == user.unit_id):
        raise Http404(_("No such file."))
    return attachment


def instruction_for_office(user: Any, instruction_id: int) -> Any:
    require_viewer(user)
    try:
        instruction = Instruction.objects.select_related("item", "plan").get(pk=instruction_id)
    except (Instruction.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such instruction.")) from exc
    ensure_plan_managed(user, instruction.plan, _("No such instruction."))
    return instruction


def notice_extension_for_office(user: Any, extension_id: int) -> Any:
    require_viewer(user)
    try:
        extension = NoticeExtension.objects.select_related("target", "target__notice__plan").get(
            pk=extension_id
        )
    except (NoticeExtension.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such request.")) from exc
    ensure_plan_managed(user, extension.target.notice.plan, _("No such request."))
    return extension
