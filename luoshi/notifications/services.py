"""Writes for notifications: create each at most once per user and key, and e-mail it."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from luoshi.accounts.models import Membership, Role, User
from luoshi.notifications.deliveries import deliveries_queue
from luoshi.notifications.models import Notification, OutboxAttempt, OutboxMessage
from luoshi.plans.models import Item, Plan, Unit

logger = logging.getLogger(__name__)
OUTBOX_MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Message:
    user: User
    kind: str
    key: str
    title: str
    body: str = ""
    url: str = ""
    item: Item | None = None  # what the event is about, if one item: carried to the channels
    unit: Unit | None = None


@transaction.atomic
def notifications_send(*, plan: Plan | None, messages: Sequence[Message]) -> list[Notification]:
    """Create the notifications not sent before (by user and key) and, in the same transaction, the
    outbox rows that e-mail them (sent by the worker: :func:`outbox_send`) and the deliveries to the
    organisation's channels (:mod:`luoshi.notifications.deliveries`). Idempotent, and two runs at
    once write each notification and each e-mail once."""
    if not messages:
        return []
    keys = {m.key for m in messages}
    seen = set(Notification.objects.filter(key__in=keys).values_list("user_id", "key"))
    fresh = [
        Notification(
            user=m.user,
            plan=plan,
            kind=m.kind,
            key=m.key,
            title=m.title[:200],
            body=m.body,
            url=m.url,
            item=m.item,
            unit=m.unit,
        )
        for m in messages
        if (m.user.pk, m.key) not in seen
    ]
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    mailed = {(n.user.pk, n.key): n for n in fresh if n.user.email}
    if mailed:
        rows = Notification.objects.filter(
            key__in={key for _user, key in mailed},
            user_id__in={user for user, _key in mailed},
            outbox__isnull=True,
        ).values_list("pk", "user_id", "key")
        OutboxMessage.objects.bulk_create(
            [
                OutboxMessage(
                    notification_id=pk,
                    to=mailed[(user_id, key)].user.email,
                    subject=mailed[(user_id, key)].title,
                    body=f"{mailed[(user_id, key)].body}\n\n{mailed[(user_id, key)].url}".strip(),
                )
                for pk, user_id, key in rows
                if (user_id, key) in mailed
            ],
            ignore_conflicts=True,
        )
    deliveries_queue(plan=plan, notifications=fresh)
    return fresh


def _backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, … minutes after each failure, at most six hours."""
    return min(dt.timedelta(minutes=2 ** (attempts - 1)), dt.timedelta(hours=6))


def _deliver(message: OutboxMessage, now: dt.datetime) -> None:
    try:
        EmailMessage(
            message.subject,
            message.body,
            settings.DEFAULT_FROM_EMAIL,
            [message.to],
            headers={"Message-ID": message.message_id},
        ).send(fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - any failure of the mail server is logged and retried
        message.attempts += 1
        give_up = message.attempts >= OUTBOX_MAX_ATTEMPTS
        message.state = OutboxMessage.State.FAILED if give_up else OutboxMessage.State.PENDING
        message.next_attempt_at = now + _backoff(message.attempts)
        message.save(update_fields=["attempts", "state", "next_attempt_at"])
        OutboxAttempt.objects.create(
            message=message, at=now, ok=False, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        logger.warning(
            "outbox %s to %s: attempt %d failed: %s", message.pk, message.to, message.attempts, exc
        )
        return
    message.attempts += 1
    message.state, message.sent_at = OutboxMessage.State.SENT, now
    message.save(update_fields=["attempts", "state", "sent_at"])
    Notification.objects.filter(pk=message.notification_id).update(emailed_at=now)
    OutboxAttempt.objects.create(message=message, at=now, ok=True)
    logger.info("outbox %s to %s: sent", message.pk, message.to)


def outbox_send(*, limit: int = 100, now: dt.datetime | None = None) -> int:
    """Send the outbox messages that are due, each under a row lock so that two workers never send one
    message twice; returns how many went out. Called by the worker in a loop."""
    now = now or timezone.now()
    sent = 0
    for _ in range(limit):
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(state=OutboxMessage.State.PENDING, next_attempt_at__lte=now)
                .order_by("next_attempt_at", "id")
                .first()
            )
            if message is None:
                break
            _deliver(message, now)
            sent += message.state == OutboxMessage.State.SENT
    return sent


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())


def organisation_users(plan: Plan, role: str) -> list[User]:
    """Who holds ``role`` in the plan's organisation (whichever organisation they act in now)."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=plan.organisation_id,
            memberships__role=role,
        )
        .distinct()
        .order_by("pk")
    )


def organisation_members(organisation_ids: Iterable[int], role: str) -> dict[int, list[User]]:
    """Who holds ``role`` in each organisation, whether or not it has a plan (a dispatch's receivers)."""
    out: dict[int, list[User]] = defaultdict(list)
    rows = Membership.objects.filter(
        role=role, user__is_active=True, organisation_id__in=set(organisation_ids)
    ).select_related("user")
    for membership in rows.order_by("user_id"):
        out[membership.organisation_id].append(membership.user)
    return out


def office_users(plan: Plan) -> list[User]:
    return organisation_users(plan, Role.OFFICE)


def unit_reporters(unit_ids: Iterable[int]) -> dict[int, list[User]]:
    """The reporters of each unit (a unit belongs to one organisation)."""
    out: dict[int, list[User]] = defaultdict(list)
    rows = Membership.objects.filter(
        role=Role.REPORTER, user__is_active=True, unit_id__in=set(unit_ids)
    ).select_related("user")
    for membership in rows.order_by("user_id"):
        out[membership.unit_id].append(membership.user)  # type: ignore[index]
    return out
