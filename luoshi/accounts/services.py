"""Writes to accounts: which of the roles a user holds they act in now."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.accounts.models import Membership, User


@transaction.atomic
def membership_activate(*, user: User, membership_id: int) -> Membership:
    """Act in the organisation of one of the user's own roles; another user's role is the same 404."""
    membership = (
        Membership.objects.select_related("organisation").filter(pk=membership_id, user_id=user.pk).first()
    )
    if membership is None:
        raise Http404(_("No such role."))
    user.organisation_id = membership.organisation_id
    user.role = membership.role
    user.unit_id = membership.unit_id
    user.leader_id = membership.leader_id
    user.save(update_fields=["organisation", "role", "unit", "leader", "is_staff"])
    return membership
