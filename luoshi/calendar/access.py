"""Fetch-and-authorise for the calendar feed: the address is the key, so a revoked, unknown or
malformed token, and one whose user may no longer sign in, all give the same 404."""

from __future__ import annotations

import re

from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.accounts.models import User
from luoshi.calendar.models import CalendarFeed

TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")


def feed_user(token: str) -> User:
    if not TOKEN.fullmatch(token):
        raise Http404(_("No such calendar."))
    feed = (
        CalendarFeed.objects.select_related("user", "user__organisation", "user__unit", "user__leader")
        .filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404(_("No such calendar."))
    return feed.user
