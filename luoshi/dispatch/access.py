"""Fetch-and-authorise for dispatches (任务下发), built on ``luoshi.accounts.access``.

The sending organisation's office and leaders see what it sent, with every receiver's row; a receiving
organisation's office sees its own row only, never another receiver's row or reason. Anyone else, and
any id that does not exist, gets the same 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.accounts.access import item_for_office
from luoshi.accounts.models import Role
from luoshi.dispatch.models import Dispatch, DispatchTarget
from luoshi.plans.models import Item


def is_office_of(user: Any, organisation_id: int | None) -> bool:
    """``user`` acts as the supervision office of this organisation."""
    if not user.is_authenticated or organisation_id is None:
        return False
    return bool(user.is_superuser or (user.role == Role.OFFICE and user.organisation_id == organisation_id))


def sees_sent(user: Any, dispatch: Dispatch) -> bool:
    """The office and leaders of the sending organisation read a dispatch and all its receivers."""
    if not user.is_authenticated:
        return False
    return bool(
        user.is_superuser
        or (user.role in (Role.OFFICE, Role.LEADER) and user.organisation_id == dispatch.sender_id)
    )


def can_use_dispatch(user: Any) -> bool:
    """The office (which sends and receives) and leaders (who follow what was sent)."""
    return bool(user.is_authenticated and (user.is_superuser or user.role in (Role.OFFICE, Role.LEADER)))


def require_dispatch_user(user: Any) -> None:
    if not can_use_dispatch(user):
        raise PermissionDenied(_("Only the supervision office and leaders follow dispatched tasks."))


def require_receiving_office(user: Any) -> None:
    if not (user.is_authenticated and (user.is_superuser or user.role == Role.OFFICE)):
        raise PermissionDenied(_("Only the supervision office accepts dispatched tasks."))


def dispatches_sent_by(user: Any) -> QuerySet[Dispatch]:
    """What ``user``'s organisation sent, for its office and leaders."""
    if not can_use_dispatch(user):
        return Dispatch.objects.none()
    return Dispatch.objects.filter(sender_id=user.organisation_id)


def targets_received_by(user: Any) -> QuerySet[DispatchTarget]:
    """The rows addressed to ``user``'s organisation, for its office."""
    if not (user.is_authenticated and (user.is_superuser or user.role == Role.OFFICE)):
        return DispatchTarget.objects.none()
    return DispatchTarget.objects.filter(organisation_id=user.organisation_id)


def dispatch_for_sender(user: Any, dispatch_id: int) -> Dispatch:
    """A dispatch, for the office and leaders of the organisation that sent it; else 404."""
    try:
        dispatch = Dispatch.objects.select_related(
            "sender", "source_item", "source_item__plan", "created_by", "closed_by"
        ).get(pk=dispatch_id)
    except (Dispatch.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such dispatch.")) from exc
    if not sees_sent(user, dispatch):
        raise Http404(_("No such dispatch."))
    return dispatch


def dispatch_for_sender_office(user: Any, dispatch_id: int) -> Dispatch:
    dispatch = dispatch_for_sender(user, dispatch_id)
    if not is_office_of(user, dispatch.sender_id):
        raise Http404(_("No such dispatch."))
    return dispatch


def target_for_receiver(user: Any, target_id: int) -> DispatchTarget:
    """One receiver's row, for the office of the receiving organisation only; else 404 (a forged id
    of another county's row looks exactly like a missing one)."""
    try:
        target = DispatchTarget.objects.select_related(
            "dispatch",
            "dispatch__sender",
            "dispatch__source_item",
            "dispatch__source_item__plan",
            "organisation",
            "item",
            "item__plan",
            "decided_by",
        ).get(pk=target_id)
    except (DispatchTarget.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such dispatch.")) from exc
    if not is_office_of(user, target.organisation_id):
        raise Http404(_("No such dispatch."))
    return target


def item_for_sending(user: Any, item_id: int) -> Item:
    """An item of a plan the office manages: what it may send down."""
    return item_for_office(user, item_id)
