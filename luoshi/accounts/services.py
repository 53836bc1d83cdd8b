"""Writes to accounts: the roles users hold, their accounts, and which role they act in now.

The office of an organisation manages the people of that organisation: it creates accounts, gives,
changes and removes the roles held there (leader, reporter), deactivates accounts and resets their
passwords. Only a superuser grants office rights, and only a superuser changes an office, staff or
superuser account (the office's own included). An account that also holds roles in another
organisation is that organisation's too, so the office changes only its role here, not the account.
Every change is kept in history with who made it.
"""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.accounts.models import Membership, Role, User
from luoshi.organisations.models import Organisation
from luoshi.plans.models import Leader, Unit

# Roles an office gives in its organisation; office rights only come from a superuser.
OFFICE_GRANTABLE_ROLES = (Role.LEADER, Role.REPORTER)


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
    user.save(update_fields=["organisation", "role", "unit", "leader"])
    return membership


def grantable_roles(actor: User) -> tuple[Role, ...]:
    """The roles ``actor`` may give: a superuser also gives office rights."""
    return (Role.OFFICE, *OFFICE_GRANTABLE_ROLES) if actor.is_superuser else OFFICE_GRANTABLE_ROLES


def is_privileged(user: User) -> bool:
    """An account only a superuser may change: superusers, staff, and whoever holds an office role."""
    return bool(
        user.is_superuser
        or user.is_staff
        or user.role == Role.OFFICE
        or Membership.objects.filter(user_id=user.pk, role=Role.OFFICE).exists()
    )


def holds_roles_elsewhere(user: User, organisation: Organisation) -> bool:
    return (
        user.organisation_id != organisation.pk
        or Membership.objects.filter(user_id=user.pk).exclude(organisation_id=organisation.pk).exists()
    )


def _ensure_may_change(actor: User, user: User) -> None:
    if not actor.is_superuser and is_privileged(user):
        raise ValidationError(
            _("Only a superuser changes an office or superuser account."), code="privileged"
        )


def _ensure_account_is_ours(actor: User, user: User, organisation: Organisation) -> None:
    """Changes to the account itself (its password, whether it may sign in) are for accounts whose
    roles are all held in this organisation."""
    _ensure_may_change(actor, user)
    if not actor.is_superuser and holds_roles_elsewhere(user, organisation):
        raise ValidationError(
            _(
                "This account also holds roles in other organisations, so only a superuser changes "
                "its password or deactivates it; you can change or remove its role here."
            ),
            code="shared",
        )


def _validate_role(
    *, actor: User, organisation: Organisation, role: str, unit: Unit | None, leader: Leader | None
) -> None:
    errors: dict[str, str] = {}
    if role not in grantable_roles(actor):
        errors["role"] = (
            _("Only a superuser grants office rights.")
            if role == Role.OFFICE
            else _("Choose a role: leader or unit reporter.")
        )
    if role == Role.REPORTER and unit is None:
        errors["unit"] = _("A unit reporter needs the unit they report for.")
    if unit is not None and unit.organisation_id != organisation.pk:
        errors["unit"] = _("This unit belongs to another organisation.")
    if leader is not None and leader.organisation_id != organisation.pk:
        errors["leader"] = _("This leader belongs to another organisation.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def membership_grant(
    *,
    actor: User,
    user: User,
    organisation: Organisation,
    role: str,
    unit: Unit | None = None,
    leader: Leader | None = None,
) -> Membership:
    """Give ``user`` a role in ``organisation``, or change the one held there (one per organisation).

    A reporter reports for a unit of the organisation; a leader may be linked to a leader record of
    it (the items that leader answers for). A user with no role (public) acts in the new one at once.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    _ensure_may_change(actor, user)
    if role != Role.REPORTER:
        unit = None
    if role != Role.LEADER:
        leader = None
    _validate_role(actor=actor, organisation=organisation, role=role, unit=unit, leader=leader)
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        membership = Membership(user=user, organisation=organisation)
    membership.role, membership.unit, membership.leader = role, unit, leader
    membership._history_user = actor  # type: ignore[attr-defined]
    membership.save()
    if user.organisation_id == organisation.pk or user.role == Role.PUBLIC:
        _act_in(actor, user, membership)
    return membership


def _act_in(actor: User, user: User, membership: Membership | None) -> None:
    """Make ``user`` act in ``membership`` (or, with none, in no role: public)."""
    if membership is not None:
        user.organisation_id = membership.organisation_id
        user.role, user.unit_id, user.leader_id = membership.role, membership.unit_id, membership.leader_id
    else:
        user.role, user.unit_id, user.leader_id = Role.PUBLIC, None, None
    user._history_user = actor  # type: ignore[attr-defined]
    user.save(update_fields=["organisation", "role", "unit", "leader"])


@transaction.atomic
def membership_revoke(*, actor: User, user: User, organisation: Organisation) -> None:
    """Remove the role ``user`` holds in ``organisation``. If they were acting in it they act in
    another role they hold (the highest organisation first), or in none (public)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _ensure_may_change(actor, user)
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        raise ValidationError(_("This user holds no role here."), code="none")
    membership._history_user = actor  # type: ignore[attr-defined]
    membership.delete()
    if user.organisation_id == organisation.pk:
        other = Membership.objects.filter(user=user).order_by("organisation__path").first()
        _act_in(actor, user, other)


def _validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc


@transaction.atomic
def user_create(
    *,
    actor: User,
    organisation: Organisation,
    username: str,
    display_name: str,
    password: str,
    role: str = "",
    unit: Unit | None = None,
    leader: Leader | None = None,
) -> User:
    """A new account of ``organisation``, with the password checked by the site's password rules and,
    if ``role`` is given, that role held there."""
    username = username.strip()
    user = User(
        username=username, display_name=display_name.strip(), organisation=organisation, role=Role.PUBLIC
    )
    errors: dict[str, list[str]] = {}
    try:
        User._meta.get_field("username").clean(username, user)
    except ValidationError as exc:
        errors["username"] = exc.messages
    if "username" not in errors and User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("The username %(name)s is taken.") % {"name": username}]
    try:
        _validate_password(password, user)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user._history_user = actor  # type: ignore[attr-defined]
    user.save()
    if role:
        membership_grant(
            actor=actor, user=user, organisation=organisation, role=role, unit=unit, leader=leader
        )
        user.refresh_from_db()
    return user


@transaction.atomic
def user_password_set(*, actor: User, user: User, organisation: Organisation, password: str) -> None:
    """Set a new password (checked by the site's password rules); it also lifts a sign-in lockout."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _ensure_account_is_ours(actor, user, organisation)
    _validate_password(password, user)
    user.set_password(password)
    user._history_user = actor  # type: ignore[attr-defined]
    user.save(update_fields=["password"])
    axes_reset(username=user.username)


@transaction.atomic
def user_active_set(*, actor: User, user: User, organisation: Organisation, active: bool) -> None:
    """Deactivate an account (it can no longer sign in; its history stays) or activate it again."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."), code="self")
    _ensure_account_is_ours(actor, user, organisation)
    if user.is_active == active:
        return
    user.is_active = active
    user._history_user = actor  # type: ignore[attr-defined]
    user.save(update_fields=["is_active"])


def user_sign_in_unlock(*, actor: User, user: User, organisation: Organisation) -> None:
    """Lift the lockout after too many wrong passwords (the password stays as it is)."""
    _ensure_may_change(actor, user)
    axes_reset(username=user.username)
