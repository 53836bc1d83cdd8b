"""Reads for the people pages: an organisation's units, leaders and users, with what refers to them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from luoshi.accounts.models import Membership, Role, User
from luoshi.organisations.models import Organisation
from luoshi.plans.models import Leader, Unit


def units_of(organisation: Organisation) -> QuerySet[Unit]:
    """The organisation's units, each with the number of items it leads and cooperates on."""
    return Unit.objects.filter(organisation=organisation).annotate(
        led=Count("led_items", distinct=True), cooperating=Count("cooperating_items", distinct=True)
    )


def leaders_of(organisation: Organisation) -> QuerySet[Leader]:
    """The organisation's leaders, each with the number of items they answer for."""
    return Leader.objects.filter(organisation=organisation).annotate(led=Count("items"))


def people_q(organisation: Organisation) -> Q:
    """The people of an organisation: whoever holds a role there, or acts there with none."""
    return Q(memberships__organisation=organisation) | Q(organisation=organisation)


@dataclass(frozen=True)
class Person:
    """One user as the office of ``organisation`` sees them."""

    user: User
    here: Membership | None  # the role held in this organisation
    elsewhere: bool  # also holds roles in other organisations (not named: they are not this office's)
    privileged: bool  # an office or superuser account: only a superuser changes it


def _person(user: User, organisation: Organisation) -> Person:
    held: list[Membership] = user.held  # type: ignore[attr-defined]
    here = next((m for m in held if m.organisation_id == organisation.pk), None)
    return Person(
        user=user,
        here=here,
        elsewhere=user.organisation_id != organisation.pk or any(m is not here for m in held),
        privileged=bool(
            user.is_superuser
            or user.is_staff
            or user.role == Role.OFFICE
            or any(m.role == Role.OFFICE for m in held)
        ),
    )


def _people(organisation: Organisation) -> QuerySet[User]:
    roles = Membership.objects.select_related("unit", "leader")
    return (
        User.objects.filter(pk__in=User.objects.filter(people_q(organisation)).values("pk"))
        .prefetch_related(Prefetch("memberships", queryset=roles, to_attr="held"))
        .order_by("username")
    )


def people_of(organisation: Organisation) -> list[Person]:
    return [_person(user, organisation) for user in _people(organisation)]


def person_of(organisation: Organisation, user_id: int) -> Person | None:
    user = _people(organisation).filter(pk=user_id).first()
    return None if user is None else _person(user, organisation)


def role_history(user: User, organisation: Organisation, limit: int = 10) -> QuerySet[Any]:
    """The latest changes of the role ``user`` holds in ``organisation``, with who made them."""
    return (
        Membership.history.filter(user_id=user.pk, organisation_id=organisation.pk)  # type: ignore[attr-defined]
        .select_related("history_user", "unit", "leader")
        .order_by("-history_id")[:limit]
    )
