"""Writes for notifications: create each at most once per user and key, and e-mail it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import timezone

from luoshi.accounts.models import Role, User
from luoshi.notifications.models import Notification
from luoshi.plans.models import Plan


@dataclass(frozen=True)
class Message:
    user: User
    kind: str
    key: str
    title: str
    body: str = ""
    url: str = ""


def notifications_send(*, plan: Plan | None, messages: Sequence[Message]) -> list[Notification]:
    """Create the notifications not sent before (by user and key) and e-mail them. Idempotent."""
    if not messages:
        return []
    keys = {m.key for m in messages}
    seen = set(Notification.objects.filter(key__in=keys).values_list("user_id", "key"))
    fresh = [
        Notification(
            user=m.user, plan=plan, kind=m.kind, key=m.key, title=m.title[:200], body=m.body, url=m.url
        )
        for m in messages
        if (m.user.pk, m.key) not in seen
    ]
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    mails = [
        (n.title, f"{n.body}\n\n{n.url}".strip(), settings.DEFAULT_FROM_EMAIL, [n.user.email])
        for n in fresh
        if n.user.email
    ]
    if mails:
        send_mass_mail(mails, fail_silently=True)
        Notification.objects.filter(
            key__in={n.key for n in fresh},
            user__in=[n.user for n in fresh if n.user.email],
            emailed_at__isnull=True,
        ).update(emailed_at=timezone.now())
    return fresh


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())


def office_users() -> list[User]:
    return list(User.objects.filter(role=Role.OFFICE, is_active=True))


def unit_reporters(unit_ids: Iterable[int]) -> dict[int, list[User]]:
    out: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(role=Role.REPORTER, is_active=True, unit_id__in=set(unit_ids)):
        out[user.unit_id].append(user)  # type: ignore[index]
    return out
