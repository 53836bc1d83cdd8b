from __future__ import annotations

from typing import Any

from django import template

from luoshi.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user: Any) -> int:
    """How many notifications the user has not read, for the badge in the top bar."""
    return unread_count(user)
