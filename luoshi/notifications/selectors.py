"""Reads for notifications."""

from __future__ import annotations

from typing import Any

from luoshi.notifications.models import Channel, Delivery, Notification


def unread_count(user: Any) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_for(user: Any, *, limit: int = 100) -> list[Notification]:
    return list(Notification.objects.filter(user=user).order_by("-created_at", "-id")[:limit])


def channels_of(organisation_id: int) -> list[Channel]:
    return list(Channel.objects.filter(organisation_id=organisation_id).order_by("name", "id"))


def deliveries_of(organisation_id: int, *, channel_id: int | None = None, limit: int = 100) -> list[Delivery]:
    """The organisation's latest deliveries with their attempts (two queries)."""
    rows = Delivery.objects.filter(channel__organisation_id=organisation_id).select_related("channel")
    if channel_id is not None:
        rows = rows.filter(channel_id=channel_id)
    return list(rows.prefetch_related("attempt_log").order_by("-id")[:limit])
