"""The admin is for superusers: they grant office rights there; the office has no way in.

What the office may do with its organisation's people (and may not: grant office rights, change an
office or superuser account) is proved on its own pages, in test_people_pages.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.accounts.models import Membership, Role, User
from luoshi.testing import PASSWORD, UserFactory, World, make_organisation


@pytest.fixture
def root_client(world: World) -> Client:
    UserFactory(username="root", role=Role.PUBLIC, is_superuser=True, is_staff=True)
    client = Client()
    assert client.login(username="root", password=PASSWORD)
    return client


def change_url(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def change_form(client: Client, user: User, **changes: Any) -> dict[str, Any]:
    """The change form's current values, as the browser would post them, with ``changes``."""
    response = client.get(change_url(user))
    form = response.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or name == "password":
            continue
        data[name] = value.pk if hasattr(value, "pk") else value
    data.update(last_login_0="", last_login_1="", date_joined_0="2020-01-01", date_joined_1="00:00:00")
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, 0)
        for inline in formset.formset.forms:
            for name, field in inline.fields.items():
                value = inline.initial.get(name, field.initial)
                if value is not None:
                    data[f"{inline.prefix}-{name}"] = value.pk if hasattr(value, "pk") else value
            data[f"{inline.prefix}-id"] = inline.instance.pk
            data[f"{inline.prefix}-user"] = user.pk
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


def test_the_office_has_no_way_into_the_admin(client: Client, world: World) -> None:
    assert client.login(username="office", password=PASSWORD)
    for path in ("/admin/", "/admin/accounts/user/", "/admin/plans/unit/", change_url(world.reporter_a)):
        response = client.get(path)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], path
    world.office.refresh_from_db()
    assert not world.office.is_staff
    assert not world.office.has_perm("accounts.change_user")
    assert not world.office.has_module_perms("plans")


def test_a_superuser_grants_office_rights_and_it_is_in_history(root_client: Client, world: World) -> None:
    response = root_client.post(
        change_url(world.leader), change_form(root_client, world.leader, role="office")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    world.leader.refresh_from_db()
    assert world.leader.role == Role.OFFICE and not world.leader.is_staff  # office rights, not the admin
    assert world.leader.history.latest().history_user.username == "root"
    held = Membership.objects.get(user=world.leader, organisation=world.leader.organisation)
    assert held.role == Role.OFFICE and held.history.latest().history_user.username == "root"


def test_a_superuser_sees_every_role_held_and_the_organisation_acted_in(
    root_client: Client, world: World
) -> None:
    county = make_organisation("甲县", code="county-x")
    Membership.objects.create(user=world.reporter_a, organisation=county, role=Role.LEADER)
    page = root_client.get(change_url(world.reporter_a)).content.decode()
    assert 'name="organisation"' in page and 'name="leader"' in page
    assert "甲县" in page and 'name="memberships-0-role"' in page
    listing = root_client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert world.reporter_a.organisation.name in listing


def test_a_superuser_removes_a_role_held_in_the_inline(root_client: Client, world: World) -> None:
    county = make_organisation("乙县", code="county-y")
    Membership.objects.create(user=world.reporter_a, organisation=county, role=Role.LEADER)
    data = change_form(root_client, world.reporter_a)
    inline = next(
        k.removesuffix("-organisation")
        for k, v in data.items()
        if k.endswith("-organisation") and v == county.pk
    )
    data[f"{inline}-DELETE"] = "on"
    response = root_client.post(change_url(world.reporter_a), data)
    assert response.status_code == 302
    assert not Membership.objects.filter(user=world.reporter_a, organisation=county).exists()
    assert Membership.objects.filter(user=world.reporter_a, role=Role.REPORTER).exists()


def test_a_sign_in_is_not_a_change_in_history(client: Client, world: World) -> None:
    before = world.reporter_a.history.count()
    assert client.login(username="reporter_a", password=PASSWORD)
    assert world.reporter_a.history.count() == before
