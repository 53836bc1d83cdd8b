"""The rules of the people writes, called directly (the pages only parse and call them)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from luoshi.accounts import people, services
from luoshi.accounts.models import Membership, Role, User
from luoshi.plans.models import Unit
from luoshi.testing import Cascade, LeaderFactory, UserFactory, make_cascade


@pytest.fixture
def cascade(db: None) -> Cascade:
    return make_cascade()


def test_removing_the_role_acted_in_switches_to_another_role_held(cascade: Cascade) -> None:
    user = cascade.a.reporter
    services.membership_grant(
        actor=cascade.city_office, user=user, organisation=cascade.city, role=Role.LEADER
    )
    user.refresh_from_db()
    assert user.organisation == cascade.a.org and user.role == Role.REPORTER  # still acts in the county
    services.membership_revoke(actor=cascade.a.office, user=user, organisation=cascade.a.org)
    user.refresh_from_db()
    assert (user.organisation, user.role, user.unit) == (cascade.city, Role.LEADER, None)
    services.membership_revoke(actor=cascade.city_office, user=user, organisation=cascade.city)
    user.refresh_from_db()
    assert user.role == Role.PUBLIC and not Membership.objects.filter(user=user).exists()
    assert user.history.latest().history_user == cascade.city_office


def test_a_public_user_given_a_role_acts_in_it(cascade: Cascade) -> None:
    user = services.user_create(
        actor=cascade.a.office,
        organisation=cascade.a.org,
        username="newbie",
        display_name="新人",
        password="Brand-new-pass-42",
    )
    assert user.role == Role.PUBLIC and not Membership.objects.filter(user=user).exists()
    services.membership_grant(
        actor=cascade.a.office, user=user, organisation=cascade.a.org, role=Role.REPORTER, unit=cascade.a.unit
    )
    user.refresh_from_db()
    assert (user.role, user.unit) == (Role.REPORTER, cascade.a.unit)
    assert Membership.objects.get(user=user).history.count() == 1  # one change, one record


def test_roles_need_the_organisations_own_units_and_leaders(cascade: Cascade) -> None:
    office, user, org = cascade.a.office, cascade.a.reporter, cascade.a.org
    other_leader = LeaderFactory(name="乙县领导", organisation=cascade.b.org)
    cases = [
        ({"role": Role.REPORTER}, "unit"),
        ({"role": Role.REPORTER, "unit": cascade.b.unit}, "unit"),
        ({"role": Role.LEADER, "leader": other_leader}, "leader"),
        ({"role": Role.OFFICE}, "role"),
        ({"role": Role.PUBLIC}, "role"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as refused:
            services.membership_grant(actor=office, user=user, organisation=org, **kwargs)  # type: ignore[arg-type]
        assert field in refused.value.message_dict, kwargs
    user.refresh_from_db()
    assert (user.role, user.unit) == (Role.REPORTER, cascade.a.unit)


def test_only_a_superuser_grants_office_rights(cascade: Cascade) -> None:
    root = UserFactory(username="root", role=Role.PUBLIC, is_superuser=True, is_staff=True)
    with pytest.raises(ValidationError):
        services.membership_grant(
            actor=cascade.a.office, user=cascade.a.leader, organisation=cascade.a.org, role=Role.OFFICE
        )
    services.membership_grant(actor=root, user=cascade.a.leader, organisation=cascade.a.org, role=Role.OFFICE)
    cascade.a.leader.refresh_from_db()
    assert cascade.a.leader.role == Role.OFFICE and not cascade.a.leader.is_staff
    # Now an office account, the county's office can no longer change it.
    with pytest.raises(ValidationError):
        services.membership_revoke(actor=cascade.a.office, user=cascade.a.leader, organisation=cascade.a.org)


def test_an_office_cannot_deactivate_itself_or_a_superuser(cascade: Cascade) -> None:
    root = UserFactory(username="root", role=Role.PUBLIC, is_superuser=True, is_staff=True)
    for target in (cascade.a.office, root):
        with pytest.raises(ValidationError):
            services.user_active_set(
                actor=cascade.a.office, user=target, organisation=cascade.a.org, active=False
            )
    assert User.objects.filter(is_active=False).count() == 0


def test_two_offices_adding_the_same_unit_name_the_second_is_refused(cascade: Cascade) -> None:
    data = people.UnitData(name=" 县审计局 ", contact_phone="138 0000 0000")
    made = people.unit_create(actor=cascade.a.office, organisation=cascade.a.org, data=data)
    assert made.name == "县审计局"
    with pytest.raises(ValidationError) as refused:
        people.unit_create(actor=cascade.a.office, organisation=cascade.a.org, data=data)
    assert refused.value.message_dict["name"]
    # Another county may have a unit of that name.
    people.unit_create(actor=cascade.b.office, organisation=cascade.b.org, data=data)
    assert Unit.objects.filter(name="县审计局").count() == 2


def test_a_stale_version_is_refused_and_a_current_one_saves(cascade: Cascade) -> None:
    unit = cascade.a.unit
    seen = people.version_of(unit)
    people.unit_update(
        actor=cascade.a.office,
        unit=unit,
        data=people.UnitData(name=unit.name, contact_person="甲"),
        version=seen,
    )
    with pytest.raises(ValidationError) as refused:
        people.unit_update(
            actor=cascade.a.office,
            unit=unit,
            data=people.UnitData(name=unit.name, contact_person="乙"),
            version=seen,
        )
    assert refused.value.code == "stale"
    unit.refresh_from_db()
    assert unit.contact_person == "甲"
