"""Fetch-and-authorise for notifications: the one way in to its objects, built on ``luoshi.accounts.access``.
A missing object and one that is not yours give the same 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.accounts import access
from luoshi.notifications.models import Channel, Notification


def notification_for_user(user: Any, notification_id: int) -> Any:
    if not user.is_authenticated:
        raise Http404(_("No such notification."))
    try:
        return Notification.objects.get(pk=notification_id, user_id=user.pk)
    except (Notification.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such notification.")) from exc


def channel_for_office(user: Any, channel_id: int) -> Channel:
    """A channel of the office's own organisation; anyone else's (or none) is the same 404."""
    organisation = access.people_organisation(user)
    channel = Channel.objects.select_related("organisation").filter(pk=channel_id, organisation=organisation)
    found = channel.first()
    if found is None:
        raise Http404(_("No such channel."))
    return found


# --- Notices, instructions, bulletins, assessment --------------------------------------------------
# The office and leaders see every notice; a unit sees only the notices addressed to it, and only
# its own reply. Bulletins are circulated to every unit. Scores are for the office and leaders.
