"""Fetch-and-authorise for notifications: the one way in to its objects, built on ``luoshi.accounts.access``.
A missing object and one that is not yours give the same 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.notifications.models import Notification


def notification_for_user(user: Any, notification_id: int) -> Any:
    if not user.is_authenticated:
        raise Http404(_("No such notification."))
    try:
        return Notification.objects.get(pk=notification_id, user_id=user.pk)
    except (Notification.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such notification.")) from exc


# --- Notices, instructions, bulletins, assessment --------------------------------------------------
# The office and leaders see every notice; a unit sees only the notices addressed to it, and only
# its own reply. Bulletins are circulated to every unit. Scores are for the office and leaders.
