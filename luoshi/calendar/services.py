"""Writes of the calendar room: a user's feed address, made and regenerated."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from luoshi.accounts.models import User
from luoshi.calendar.models import CalendarFeed


@transaction.atomic
def calendar_feed_ensure(*, user: User) -> CalendarFeed:
    """The user's live feed address, made the first time it is asked for."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # one live feed, even on a double click
    feed = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()
    return feed or CalendarFeed.objects.create(user=user)


@transaction.atomic
def calendar_feed_regenerate(*, user: User) -> CalendarFeed:
    """Revoke the user's live address (it answers 404 from now on) and make a new one."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return CalendarFeed.objects.create(user=user)
