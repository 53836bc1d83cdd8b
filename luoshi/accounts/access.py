"""The one way in: every view, API endpoint and command fetches scoped objects through here.

Reading: any signed-in member of staff (office, leader, reporter) sees the whole plan.
Writing: the office changes anything; a reporter changes only the progress side of items whose
lead unit is the reporter's unit. "Missing" and "not yours" raise the same Http404, so a forged
request learns nothing about other units' items.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.accounts.models import Role, User
from luoshi.plans.models import Item, Plan

# What a reporter may change on an item its unit leads; the office may change every field.
REPORTER_ITEM_FIELDS = frozenset({"progress", "completed_investment", "description"})
OFFICE_ITEM_FIELDS = frozenset(
    {
        "kind",
        "number",
        "title",
        "description",
        "lead_unit",
        "cooperating_units",
        "leader",
        "start_date",
        "due_date",
        "weight",
        "progress",
        "planned_investment",
        "completed_investment",
        "location",
    }
)


def _staff_roles() -> set[str]:
    return {Role.OFFICE, Role.LEADER, Role.REPORTER}


def can_view_plans(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role in _staff_roles()))


def require_viewer(user: Any) -> User:
    if not can_view_plans(user):
        raise PermissionDenied(_("Your account has no role in any plan."))
    return user  # type: ignore[no-any-return]


def require_office(user: Any) -> User:
    if not (user.is_authenticated and user.is_office):
        raise PermissionDenied(_("Only the supervision office can do this."))
    return user  # type: ignore[no-any-return]


def plan_for_view(user: Any, code: str) -> Plan:
    require_viewer(user)
    try:
        return Plan.objects.get(code=code)
    except Plan.DoesNotExist as exc:
        raise Http404(_("No such plan.")) from exc


def item_for_view(user: Any, item_id: int) -> Item:
    require_viewer(user)
    try:
        return Item.objects.select_related("plan", "lead_unit", "leader").get(pk=item_id)
    except (Item.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such item.")) from exc


def can_edit_item(user: Any, item: Item) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_office:
        return True
    return bool(user.role == Role.REPORTER and user.unit_id is not None and item.lead_unit_id == user.unit_id)


def editable_item_fields(user: Any, item: Item) -> frozenset[str]:
    if not can_edit_item(user, item):
        return frozenset()
    return OFFICE_ITEM_FIELDS if user.is_office else REPORTER_ITEM_FIELDS


def item_for_edit(user: Any, item_id: int) -> Item:
    """The item, if ``user`` may change it; otherwise the same 404 as for a missing item."""
    item = item_for_view(user, item_id)
    if not can_edit_item(user, item):
        raise Http404(_("No such item."))
    return item


def item_for_office(user: Any, item_id: int) -> Item:
    require_office(user)
    return item_for_view(user, item_id)


# --- Progress reports and supervision --------------------------------------------------------------
# Every staff member reads reports (as they read the plan). A reporter writes only its own unit's
# reports, a cooperating unit adds its part, the office reviews. All refusals look like "missing".


def require_leader(user: Any) -> User:
    if not (user.is_authenticated and (user.role == Role.LEADER or user.is_office)):
        raise PermissionDenied(_("Only leaders write instructions."))
    return user  # type: ignore[no-any-return]


def sees_all_notices(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_office or user.role == Role.LEADER))
