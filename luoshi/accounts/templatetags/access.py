"""``{% if user|manages:plan %}``: show the office's buttons only on plans it manages;
``{% memberships user as held %}``: the roles a user holds, for the organisation switch."""

from __future__ import annotations

from typing import Any

from django import template

from luoshi.accounts import access
from luoshi.accounts.models import Membership

register = template.Library()


@register.filter
def manages(user: Any, plan: Any) -> bool:
    return plan is not None and access.manages_plan(user, plan)


@register.simple_tag
def memberships(user: Any) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(Membership.objects.filter(user_id=user.pk).select_related("organisation", "unit"))
