"""Writes to an organisation's units and leaders, made by its office in luoshi's own pages.

Names are unique within an organisation. A unit or leader is deleted only when nothing refers to
it: no item (as lead or cooperating unit, or as its leader), no account, no report or notice; the
refusal says what still refers to it. An edit carries the version (the latest history record) the
form was made from, so an edit made meanwhile by someone else is never silently overwritten.
Renaming changes no figures, so these writes need no recompute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from luoshi.accounts.models import Membership, User
from luoshi.organisations.models import Organisation
from luoshi.plans.models import Item, Leader, Unit

# Digits with the separators people write in phone numbers: 0351-1234567, (0351) 123 4567,
# 138 0000 0000, +86 …, an extension after 转, several numbers after 、 or /.
PHONE = re.compile(r"[0-9０-９+\-－—() （）转、,，/ ]*")


@dataclass(frozen=True)
class UnitData:
    name: str
    short_name: str = ""
    kind: str = Unit.Kind.DEPARTMENT
    contact_person: str = ""
    contact_phone: str = ""


@dataclass(frozen=True)
class LeaderData:
    name: str
    position: str = ""


def version_of(obj: Unit | Leader) -> int:
    """The version an edit form is made from: the id of the object's latest history record."""
    latest = obj.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return int(latest or 0)


def _ensure_current(obj: Unit | Leader, version: int | None) -> None:
    if version is None or version == version_of(obj):
        return
    record = obj.history.order_by("-history_id").select_related("history_user").first()
    who = str(record.history_user) if record is not None and record.history_user is not None else ""
    raise ValidationError(
        _(
            "Someone else (%(who)s) changed this while you were editing, so your changes were not "
            "saved. The current values are shown; make your changes again and save."
        )
        % {"who": who or "?"},
        code="stale",
    )


def _clean_unit(data: UnitData) -> UnitData:
    clean = UnitData(
        name=data.name.strip(),
        short_name=data.short_name.strip(),
        kind=data.kind,
        contact_person=data.contact_person.strip(),
        contact_phone=data.contact_phone.strip(),
    )
    errors: dict[str, str] = {}
    if not clean.name:
        errors["name"] = _("Write the unit's name.")
    if clean.kind not in Unit.Kind.values:
        errors["kind"] = _("Choose a kind of unit.")
    if not PHONE.fullmatch(clean.contact_phone):
        errors["contact_phone"] = _("Write the phone number in digits, e.g. 0351-1234567 or 138 0000 0000.")
    if errors:
        raise ValidationError(errors)
    return clean


def _unit_name_taken(organisation: Organisation, name: str) -> ValidationError:
    return ValidationError(
        {"name": _("%(org)s already has a unit named %(name)s.") % {"org": organisation.name, "name": name}},
        code="duplicate",
    )


def _save(obj: Model, actor: User, duplicate: ValidationError) -> None:
    """Save, turning the unique constraint (two people adding the same name at once) into ``duplicate``."""
    obj._history_user = actor  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise duplicate from exc


def _write_unit(unit: Unit, data: UnitData, actor: User) -> Unit:
    organisation = unit.organisation
    if Unit.objects.filter(organisation=organisation, name=data.name).exclude(pk=unit.pk).exists():
        raise _unit_name_taken(organisation, data.name)
    unit.name, unit.short_name, unit.kind = data.name, data.short_name, data.kind
    unit.contact_person, unit.contact_phone = data.contact_person, data.contact_phone
    _save(unit, actor, _unit_name_taken(organisation, data.name))
    return unit


@transaction.atomic
def unit_create(*, actor: User, organisation: Organisation, data: UnitData) -> Unit:
    return _write_unit(Unit(organisation=organisation), _clean_unit(data), actor)


@transaction.atomic
def unit_update(*, actor: User, unit: Unit, data: UnitData, version: int | None) -> Unit:
    """Change a unit; ``version`` is :func:`version_of` the unit when the form was made."""
    clean = _clean_unit(data)
    locked = Unit.objects.select_for_update().select_related("organisation").get(pk=unit.pk)
    _ensure_current(locked, version)
    return _write_unit(locked, clean, actor)


def _refused(what: str, reasons: list[str]) -> ValidationError:
    """One sentence that it is kept, one for each thing that still refers to it."""
    head = _("%(what)s cannot be deleted.") % {"what": what}
    return ValidationError([ValidationError(m, code="in_use") for m in (head, *reasons)])


def _accounts_reason(count: int) -> str:
    return ngettext(
        "%(count)d account is linked to it; change its role first.",
        "%(count)d accounts are linked to it; change their roles first.",
        count,
    ) % {"count": count}


def _linked_accounts(**link: Unit | Leader) -> int:
    """How many accounts act in, or hold, a role with this unit or leader record."""
    held = set(Membership.objects.filter(**link).values_list("user_id", flat=True))
    return len(held | set(User.objects.filter(**link).values_list("pk", flat=True)))


def _delete(obj: Unit | Leader, actor: User, what: str) -> None:
    obj._history_user = actor  # type: ignore[union-attr]
    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError as exc:
        raise _refused(what, [_("Reports or notices refer to it and are kept for the record.")]) from exc


@transaction.atomic
def unit_delete(*, actor: User, unit: Unit) -> None:
    """Delete a unit nothing refers to; otherwise say what still does."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    reasons = []
    items = Item.objects.filter(lead_unit=unit).count() + Item.objects.filter(cooperating_units=unit).count()
    if items:
        reasons.append(
            ngettext(
                "%(count)d item names it as lead or cooperating unit; give the item another unit first.",
                "%(count)d items name it as lead or cooperating unit; give them another unit first.",
                items,
            )
            % {"count": items}
        )
    accounts = _linked_accounts(unit=unit)
    if accounts:
        reasons.append(_accounts_reason(accounts))
    if reasons:
        raise _refused(unit.name, reasons)
    _delete(unit, actor, unit.name)


def _clean_leader(data: LeaderData) -> LeaderData:
    clean = LeaderData(name=data.name.strip(), position=data.position.strip())
    if not clean.name:
        raise ValidationError({"name": _("Write the leader's name.")})
    return clean


def _leader_taken(organisation: Organisation, data: LeaderData) -> ValidationError:
    message = (
        _("%(org)s already has a leader %(name)s with the position %(position)s.")
        if data.position
        else _("%(org)s already has a leader %(name)s with no position.")
    )
    return ValidationError(
        {"name": message % {"org": organisation.name, "name": data.name, "position": data.position}},
        code="duplicate",
    )


def _write_leader(leader: Leader, data: LeaderData, actor: User) -> Leader:
    organisation = leader.organisation
    same = Leader.objects.filter(organisation=organisation, name=data.name, position=data.position)
    if same.exclude(pk=leader.pk).exists():
        raise _leader_taken(organisation, data)
    leader.name, leader.position = data.name, data.position
    _save(leader, actor, _leader_taken(organisation, data))
    return leader


@transaction.atomic
def leader_create(*, actor: User, organisation: Organisation, data: LeaderData) -> Leader:
    return _write_leader(Leader(organisation=organisation), _clean_leader(data), actor)


@transaction.atomic
def leader_update(*, actor: User, leader: Leader, data: LeaderData, version: int | None) -> Leader:
    clean = _clean_leader(data)
    locked = Leader.objects.select_for_update().select_related("organisation").get(pk=leader.pk)
    _ensure_current(locked, version)
    return _write_leader(locked, clean, actor)


@transaction.atomic
def leader_delete(*, actor: User, leader: Leader) -> None:
    """Delete a leader no item and no account refers to; otherwise say what still does."""
    leader = Leader.objects.select_for_update().get(pk=leader.pk)
    reasons = []
    items = leader.items.count()
    if items:
        reasons.append(
            ngettext(
                "%(count)d item names this leader; give the item another leader first.",
                "%(count)d items name this leader; give them another leader first.",
                items,
            )
            % {"count": items}
        )
    accounts = _linked_accounts(leader=leader)
    if accounts:
        reasons.append(_accounts_reason(accounts))
    if reasons:
        raise _refused(str(leader), reasons)
    _delete(leader, actor, str(leader))
