"""The one way in: every view, API endpoint and command fetches scoped objects through here.

A user acts in one organisation at a time (``user.organisation``, with the role held there).
Reading: the office and leaders see their organisation's plans and, read-only, the plans of every
organisation below it; a reporter sees its own organisation's plans. Nobody sees a plan of another
branch of the tree (a county sees nothing of another county's).
Writing: the office changes its own organisation's plans only; a reporter changes only the progress
side of items whose lead unit is the reporter's unit. "Missing" and "not yours" raise the same
Http404, so a forged request learns nothing about other units' or organisations' objects.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.accounts.models import Role, User
from luoshi.accounts.selectors import Person, person_of
from luoshi.organisations.models import Organisation
from luoshi.plans.models import PLAN_ARCHIVED, Item, Leader, Plan, Unit

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
        "aligned_to",
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


# --- Organisations ---------------------------------------------------------------------------------


def sees_below(user: Any) -> bool:
    """The office and leaders see the organisations below theirs; a reporter only its own."""
    return bool(user.is_authenticated and (user.role in (Role.OFFICE, Role.LEADER)))


def organisation_q(user: Any, field: str = "organisation") -> Q:
    """A filter on ``field`` (an organisation; "" for the organisations themselves) keeping what
    ``user`` may read."""
    if not can_view_plans(user):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    prefix = f"{field}__" if field else ""
    if sees_below(user):
        return Q(**{f"{prefix}path__startswith": user.organisation.path})
    return Q(**{f"{prefix}pk": user.organisation_id})


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    """``user``'s organisation and, for the office and leaders, every organisation below it."""
    return Organisation.objects.filter(organisation_q(user, ""))


def units_visible(user: Any) -> QuerySet[Unit]:
    """The units of the organisations ``user`` may read."""
    return Unit.objects.filter(organisation_q(user))


def leaders_visible(user: Any) -> QuerySet[Leader]:
    return Leader.objects.filter(organisation_q(user))


def plans_visible(user: Any) -> QuerySet[Plan]:
    """The plans ``user`` may read: its organisation's and, for the office and leaders, those below."""
    return Plan.objects.filter(organisation_q(user)).select_related("organisation")


def plan_visible(user: Any, plan: Plan) -> bool:
    if not can_view_plans(user):
        return False
    if user.is_superuser or plan.organisation_id == user.organisation_id:
        return True
    return sees_below(user) and plan.organisation.path.startswith(user.organisation.path)


def manages_plan(user: Any, plan: Plan) -> bool:
    """The office manages its own organisation's plans; those below it it only reads, unless the
    organisation is managed from above (then the office directly above manages them too)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if user.role != Role.OFFICE:
        return False
    if plan.organisation_id == user.organisation_id:
        return True
    org = plan.organisation
    return bool(org.parent_manages and org.parent_path() == user.organisation.path)


def ensure_plan_visible(user: Any, plan: Plan, message: str) -> None:
    if not plan_visible(user, plan):
        raise Http404(message)


def ensure_plan_managed(user: Any, plan: Plan, message: str) -> None:
    """For the office's actions: a plan it only reads (or cannot see) looks missing; an archived one
    is refused with the reason."""
    require_office(user)
    if not manages_plan(user, plan):
        raise Http404(message)
    ensure_plan_writable(plan)


def ensure_plan_writable(plan: Plan) -> None:
    """An archived plan (a closed year) is read-only: a page that would change it says so (403)."""
    if plan.archived_at is not None:
        raise PermissionDenied(PLAN_ARCHIVED)


def plan_for_view(user: Any, code: str) -> Plan:
    require_viewer(user)
    try:
        return plans_visible(user).get(code=code)
    except (Plan.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such plan.")) from exc


def plan_for_office(user: Any, code: str) -> Plan:
    """A plan of the office's own organisation; any other is the same 404 as a missing one."""
    plan = plan_for_view(user, code)
    ensure_plan_managed(user, plan, _("No such plan."))
    return plan


def item_for_view(user: Any, item_id: int) -> Item:
    require_viewer(user)
    try:
        item = Item.objects.select_related("plan", "plan__organisation", "lead_unit", "leader").get(
            pk=item_id
        )
    except (Item.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such item.")) from exc
    ensure_plan_visible(user, item.plan, _("No such item."))
    return item


def can_edit_item(user: Any, item: Item) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_office:
        return manages_plan(user, item.plan)
    return bool(
        user.role == Role.REPORTER
        and user.unit_id is not None
        and item.lead_unit_id == user.unit_id
        and item.plan.organisation_id == user.organisation_id
    )


def editable_item_fields(user: Any, item: Item) -> frozenset[str]:
    if not can_edit_item(user, item):
        return frozenset()
    return OFFICE_ITEM_FIELDS if user.is_office else REPORTER_ITEM_FIELDS


def item_for_edit(user: Any, item_id: int) -> Item:
    """The item, if ``user`` may change it; otherwise the same 404 as for a missing item."""
    item = item_for_view(user, item_id)
    if not can_edit_item(user, item):
        raise Http404(_("No such item."))
    ensure_plan_writable(item.plan)
    return item


def item_for_office(user: Any, item_id: int) -> Item:
    require_office(user)
    item = item_for_view(user, item_id)
    ensure_plan_managed(user, item.plan, _("No such item."))
    return item


# --- Progress reports and supervision --------------------------------------------------------------
# Every staff member reads reports (as they read the plan). A reporter writes only its own unit's
# reports, a cooperating unit adds its part, the office reviews. All refusals look like "missing".


def require_leader(user: Any) -> User:
    if not (user.is_authenticated and (user.role == Role.LEADER or user.is_office)):
        raise PermissionDenied(_("Only leaders write instructions."))
    return user  # type: ignore[no-any-return]


def can_instruct(user: Any, item: Item) -> bool:
    """Leaders (and the office) write instructions on their own organisation's items."""
    return bool(
        user.is_authenticated
        and (user.role == Role.LEADER or user.is_office)
        and (user.is_superuser or item.plan.organisation_id == user.organisation_id)
    )


def item_for_instruction(user: Any, item_id: int) -> Item:
    require_leader(user)
    item = item_for_view(user, item_id)
    if not can_instruct(user, item):
        raise Http404(_("No such item."))
    return item


def sees_all_notices(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_office or user.role == Role.LEADER))


# --- The people pages: the units, leaders and users of the office's own organisation -----------------
# Not those of the organisations below it (a city's office does not manage a county's people). For
# anyone but the office the pages do not exist: the same 404 as a missing unit, leader or user.


def people_organisation(user: Any) -> Organisation:
    """The organisation whose units, leaders and users ``user`` manages: the office's own."""
    if not (user.is_authenticated and user.is_office):
        raise Http404(_("No such page."))
    return user.organisation  # type: ignore[no-any-return]


def unit_for_office(user: Any, unit_id: int) -> Unit:
    organisation = people_organisation(user)
    unit = Unit.objects.select_related("organisation").filter(pk=unit_id, organisation=organisation).first()
    if unit is None:
        raise Http404(_("No such unit."))
    return unit


def leader_for_office(user: Any, leader_id: int) -> Leader:
    organisation = people_organisation(user)
    leader = Leader.objects.select_related("organisation").filter(pk=leader_id, organisation=organisation)
    found = leader.first()
    if found is None:
        raise Http404(_("No such leader."))
    return found


def person_for_office(user: Any, user_id: int) -> Person:
    """A user of the office's organisation (holding a role there, or acting there with none)."""
    person = person_of(people_organisation(user), user_id)
    if person is None:
        raise Http404(_("No such user."))
    return person
