"""Writes for dispatches (任务下发): send a task or a notice down, accept it into a plan, return it,
reply to a notice, close a notice.

Every decision locks the receiver's row and checks the version the form was read at, so two offices
deciding at once never both succeed; an accepted task becomes an item (and, with its sub-items, a
subtree) of the receiver's plan through :mod:`luoshi.status.changes`, aligned to the items it carries
out. Each step notifies the other side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from luoshi.accounts.access import manages_plan
from luoshi.accounts.models import Role, User
from luoshi.dispatch.access import is_office_of
from luoshi.dispatch.models import Dispatch, DispatchTarget
from luoshi.lib.translation import in_site_language
from luoshi.notifications.models import Notification
from luoshi.notifications.services import Message, notifications_send, organisation_members
from luoshi.organisations.models import Organisation
from luoshi.plans.models import Item, Leader, Plan, Unit
from luoshi.status import changes


class DispatchConflictError(Exception):
    """The receiver's row changed since the form was read (another colleague decided): nothing is
    written, and the form keeps what the user chose."""

    def __init__(self, current: DispatchTarget) -> None:
        super().__init__(_("Someone in your office decided on this task while you were filling in the form."))
        self.current = current


# --- sending --------------------------------------------------------------------------------------


@in_site_language
@transaction.atomic
def dispatch_send(
    *,
    user: User,
    source_item: Item,
    organisations: Iterable[Organisation],
    title: str,
    body: str = "",
    due_date: dt.date | None = None,
    with_subtree: bool = False,
    kind: str = Dispatch.Kind.TASK,
) -> Dispatch:
    """Send ``source_item`` down to ``organisations`` (each below the sender's); their offices are told.

    Only the office managing the item's plan sends it. A notice never carries sub-items."""
    plan = source_item.plan
    if not manages_plan(user, plan):
        raise PermissionDenied(_("Only the office that manages the item's plan can send it down."))
    changes.plan_ensure_writable(plan.pk)  # nothing is sent down from an archived plan
    sender = Organisation.objects.get(pk=plan.organisation_id)
    title = title.strip()
    errors: dict[str, Any] = {}
    if not title:
        errors["title"] = _("Give the task a title.")
    if kind not in Dispatch.Kind.values:
        errors["kind"] = _("Unknown kind of dispatch.")
    receivers = list(Organisation.objects.filter(pk__in={o.pk for o in organisations}).order_by("path"))
    if not receivers:
        errors["organisations"] = _("Choose at least one organisation to send it to.")
    outside = [o.name for o in receivers if not sender.is_ancestor_of(o)]
    if outside:
        errors["organisations"] = _(
            "%(names)s is not below %(sender)s: a task can only be sent to organisations below your own."
        ) % {"names": "、".join(outside), "sender": sender.name}
    if errors:
        raise ValidationError(errors)
    dispatch = Dispatch.objects.create(
        sender=sender,
        source_item=source_item,
        kind=kind,
        title=title,
        body=body.strip(),
        due_date=due_date,
        with_subtree=bool(with_subtree) and kind == Dispatch.Kind.TASK and source_item.numchild > 0,
        created_by=user,
    )
    bulk_create_with_history(
        [DispatchTarget(dispatch=dispatch, organisation=o) for o in receivers], DispatchTarget
    )
    _tell_receivers(dispatch, list(dispatch.targets.all()))
    return dispatch


def _tell_receivers(dispatch: Dispatch, targets: list[DispatchTarget]) -> None:
    offices = organisation_members([t.organisation_id for t in targets], Role.OFFICE)
    if dispatch.kind == Dispatch.Kind.NOTICE:
        title = _("Supervision notice from %(sender)s: %(title)s")
    else:
        title = _("Task from %(sender)s: %(title)s")
    title = title % {"sender": dispatch.sender.name, "title": dispatch.title}
    messages = [
        Message(
            u,
            Notification.Kind.NOTICE,
            f"dispatch:{t.pk}",
            title,
            dispatch.body,
            reverse("dispatch:target_detail", kwargs={"target_id": t.pk}),
        )
        for t in targets
        for u in offices.get(t.organisation_id, [])
    ]
    notifications_send(plan=None, messages=messages)


def _tell_sender(target: DispatchTarget, what: str, body: str = "") -> None:
    dispatch = target.dispatch
    offices = organisation_members([dispatch.sender_id], Role.OFFICE).get(dispatch.sender_id, [])
    title = what % {"organisation": target.organisation.name, "title": dispatch.title}
    url = reverse("dispatch:dispatch_detail", kwargs={"dispatch_id": dispatch.pk})
    key = f"dispatch:{target.pk}:{target.state}:{target.version}"
    plan = dispatch.source_item.plan if dispatch.source_item is not None else None
    notifications_send(
        plan=plan,
        messages=[Message(u, Notification.Kind.NOTICE, key, title, body, url) for u in offices],
    )


# --- deciding -------------------------------------------------------------------------------------


def _lock(user: User, target: DispatchTarget, expected_version: int) -> DispatchTarget:
    """The receiver's row, locked and read again; refused unless ``user`` is its organisation's office
    and the form was read at the current version."""
    if not is_office_of(user, target.organisation_id):
        raise PermissionDenied(_("Only the office of the receiving organisation decides on a task."))
    # Lock the row alone (no outer joins under FOR UPDATE), then read what hangs off it.
    DispatchTarget.objects.select_for_update().filter(pk=target.pk).values_list("pk").get()
    current = DispatchTarget.objects.select_related(
        "dispatch", "dispatch__sender", "dispatch__source_item", "organisation", "item"
    ).get(pk=target.pk)
    if current.version != expected_version:
        raise DispatchConflictError(current)
    if not current.dispatch.is_open:
        raise ValidationError(_("The sender has closed this dispatch."))
    return current


def _decide(target: DispatchTarget, user: User, state: str, **fields: Any) -> DispatchTarget:
    target.state = state
    target.decided_by = user
    target.decided_at = timezone.now()
    target.version += 1
    for name, value in fields.items():
        setattr(target, name, value)
    target.save(update_fields=["state", "decided_by", "decided_at", "version", *fields])
    return target


def _refuse_if_decided(target: DispatchTarget) -> None:
    if target.dispatch.kind == Dispatch.Kind.NOTICE:
        raise ValidationError(_("A supervision notice is answered with a reply, not accepted or returned."))
    if target.state == DispatchTarget.State.ACCEPTED:
        raise ValidationError(
            _("This task has already been accepted, as %(item)s.") % {"item": target.item or "—"}
        )
    if target.state != DispatchTarget.State.SENT:
        raise ValidationError(_("This task has been returned; it can no longer be accepted or returned."))


@in_site_language
@transaction.atomic
def dispatch_accept(
    *,
    user: User,
    target: DispatchTarget,
    expected_version: int,
    plan: Plan,
    parent: Item | None = None,
    lead_unit: Unit | None = None,
    leader: Leader | None = None,
) -> DispatchTarget:
    """Accept a task into one of the receiving organisation's plans: a new item (with the source's
    sub-items, if it was sent with them), each aligned to the item of the sender's plan it carries out.

    Refused with :class:`DispatchConflictError` if the row changed since ``expected_version``."""
    target = _lock(user, target, expected_version)
    _refuse_if_decided(target)
    dispatch = target.dispatch
    source = dispatch.source_item
    own = target.organisation_id
    if source is None:
        raise ValidationError(_("The item this task was sent from has been deleted; ask the sender."))
    errors: dict[str, Any] = {}
    if plan.organisation_id != own:
        errors["plan"] = _("Choose a plan of your own organisation.")
    if parent is not None and parent.plan_id != plan.pk:
        errors["parent"] = _("The parent item must be an item of the chosen plan.")
    if lead_unit is not None and lead_unit.organisation_id != own:
        errors["lead_unit"] = _("The lead unit must be a unit of your own organisation.")
    if leader is not None and leader.organisation_id != own:
        errors["leader"] = _("The leader must be a leader of your own organisation.")
    if errors:
        raise ValidationError(errors)
    changes.plan_ensure_writable(plan.pk)  # an archived plan takes no task (checked as stored)
    top = changes.item_create(
        plan=plan,
        parent=parent,
        data={
            "title": dispatch.title[:300],
            "kind": source.kind,
            "description": dispatch.body,
            "due_date": dispatch.due_date,
            "lead_unit": lead_unit,
            "leader": leader,
            "aligned_to": source,
        },
    )
    if dispatch.with_subtree:
        _copy_subtree(source, top, lead_unit=lead_unit, leader=leader)
    target = _decide(target, user, DispatchTarget.State.ACCEPTED, item=top)
    _tell_sender(target, _("%(organisation)s accepted: %(title)s"), str(top))
    return target


def _copy_subtree(source: Item, top: Item, *, lead_unit: Unit | None, leader: Leader | None) -> None:
    """The source's sub-items under ``top``, in tree order, each aligned to the item it copies."""
    created = {source.path: top.pk}
    below = Item.objects.filter(
        plan_id=source.plan_id, path__startswith=source.path, depth__gt=source.depth
    ).order_by("path")
    for item in below:
        # Read the parent again: its child count changes with every sub-item added under it.
        parent = Item.objects.get(pk=created[item.path[: -Item.steplen]])
        copy = changes.item_create(
            plan=top.plan,
            parent=parent,
            data={
                "title": item.title,
                "kind": item.kind,
                "description": item.description,
                "start_date": item.start_date,
                "due_date": item.due_date,
                "weight": item.weight,
                "lead_unit": lead_unit,
                "leader": leader,
                "aligned_to": item,
            },
        )
        created[item.path] = copy.pk


@in_site_language
@transaction.atomic
def dispatch_return(
    *, user: User, target: DispatchTarget, expected_version: int, reason: str
) -> DispatchTarget:
    """Return a task to its sender, with the reason (required)."""
    target = _lock(user, target, expected_version)
    _refuse_if_decided(target)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for returning the task.")})
    target = _decide(target, user, DispatchTarget.State.RETURNED, reason=reason)
    _tell_sender(target, _("%(organisation)s returned: %(title)s"), reason)
    return target


@in_site_language
@transaction.atomic
def dispatch_reply(
    *, user: User, target: DispatchTarget, expected_version: int, reply: str
) -> DispatchTarget:
    """Answer a supervision notice; the office may reply again until the sender closes it."""
    target = _lock(user, target, expected_version)
    if target.dispatch.kind != Dispatch.Kind.NOTICE:
        raise ValidationError(_("A task is accepted into a plan or returned, not replied to."))
    reply = reply.strip()
    if not reply:
        raise ValidationError({"reply": _("Write the reply.")})
    target = _decide(target, user, DispatchTarget.State.REPLIED, reason=reply)
    _tell_sender(target, _("%(organisation)s replied: %(title)s"), reply)
    return target


@transaction.atomic
def dispatch_close(*, user: User, dispatch: Dispatch) -> Dispatch:
    """The sender closes a supervision notice: no more replies are taken."""
    if not is_office_of(user, dispatch.sender_id):
        raise PermissionDenied(_("Only the office that sent it closes a notice."))
    dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    if dispatch.kind != Dispatch.Kind.NOTICE:
        raise ValidationError(_("Only a supervision notice is closed; a task is accepted or returned."))
    if dispatch.closed_at is not None:
        raise ValidationError(_("This notice is already closed."))
    dispatch.closed_at, dispatch.closed_by = timezone.now(), user
    dispatch.save(update_fields=["closed_at", "closed_by"])
    return dispatch
