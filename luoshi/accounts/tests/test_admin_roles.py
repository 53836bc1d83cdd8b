"""Who may grant what in the admin: only a superuser grants superuser or office rights."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.accounts.models import Role, User
from luoshi.testing import PASSWORD, UserFactory, World


@pytest.fixture
def office_client(world: World) -> Client:
    client = Client()
    assert client.login(username="office", password=PASSWORD)
    return client


def change_url(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def password_url(user: User) -> str:
    return reverse("admin:auth_user_password_change", args=[user.pk])


def change_form(client: Client, user: User, **changes: Any) -> dict[str, Any]:
    """The change form's current values, as the browser would post them, with ``changes``."""
    form = client.get(change_url(user)).context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or name == "password":
            continue
        data[name] = value.pk if hasattr(value, "pk") else value
    data.update(last_login_0="", last_login_1="", date_joined_0="2020-01-01", date_joined_1="00:00:00")
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


def test_the_office_cannot_make_itself_superuser(office_client: Client, world: World) -> None:
    assert 'name="is_superuser"' not in office_client.get(change_url(world.office)).content.decode()
    data = {"username": "office", "role": "office", "is_active": "on", "is_superuser": "on", "is_staff": "on",
            "date_joined_0": "2020-01-01", "date_joined_1": "00:00:00"}
    assert office_client.post(change_url(world.office), data).status_code == 403
    world.office.refresh_from_db()
    assert not world.office.is_superuser


def test_the_office_cannot_set_an_office_or_superuser_password(office_client: Client, world: World) -> None:
    root = UserFactory(username="root", role=Role.PUBLIC, is_superuser=True, is_staff=True)
    other_office = UserFactory(username="office2", role=Role.OFFICE)
    for target in (root, other_office, world.office):
        response = office_client.post(
            password_url(target), {"password1": "Brand-new-pass-42", "password2": "Brand-new-pass-42"}
        )
        assert response.status_code == 403
        target.refresh_from_db()
        assert target.check_password(PASSWORD)


def test_the_office_cannot_edit_or_delete_an_office_account(office_client: Client, world: World) -> None:
    other_office = UserFactory(username="office2", role=Role.OFFICE, display_name="另一督查")
    office_client.post(change_url(other_office), {"username": "office2", "display_name": "改了", "role": "reporter"})
    office_client.post(reverse("admin:accounts_user_delete", args=[other_office.pk]), {"post": "yes"})
    other_office.refresh_from_db()
    assert other_office.display_name == "另一督查" and other_office.role == Role.OFFICE


def test_the_office_cannot_raise_a_reporter_to_office_or_superuser(office_client: Client, world: World) -> None:
    form = office_client.get(change_url(world.reporter_a)).content.decode()
    assert 'name="is_superuser"' not in form and 'name="is_staff"' not in form
    assert 'name="user_permissions"' not in form and 'name="groups"' not in form
    assert 'value="office"' not in form
    response = office_client.post(
        change_url(world.reporter_a),
        change_form(office_client, world.reporter_a, role="office", is_superuser="on", is_staff="on"),
    )
    assert response.status_code == 200  # the form again, with the role refused
    world.reporter_a.refresh_from_db()
    assert world.reporter_a.role == Role.REPORTER
    assert not world.reporter_a.is_superuser and not world.reporter_a.is_staff


def test_the_office_manages_reporters_and_leaders_and_it_is_in_history(
    office_client: Client, world: World
) -> None:
    response = office_client.post(
        change_url(world.reporter_a), change_form(office_client, world.reporter_a, role="leader")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    world.reporter_a.refresh_from_db()
    assert world.reporter_a.role == Role.LEADER
    latest = world.reporter_a.history.latest()
    assert latest.role == Role.LEADER and latest.history_user == world.office
    assert latest.prev_record is not None and latest.prev_record.role == Role.REPORTER
    response = office_client.post(
        password_url(world.reporter_b), {"password1": "Brand-new-pass-42", "password2": "Brand-new-pass-42"}
    )
    assert response.status_code == 302
    world.reporter_b.refresh_from_db()
    assert world.reporter_b.check_password("Brand-new-pass-42")
    assert world.reporter_b.history.latest().history_user == world.office


def test_the_office_adds_a_reporter_but_not_an_office_user(office_client: Client, world: World) -> None:
    add = reverse("admin:accounts_user_add")
    base = {"username": "newbie", "password1": "Brand-new-pass-42", "password2": "Brand-new-pass-42",
            "usable_password": "true", "display_name": "新人", "unit": world.unit_a.pk}
    office_client.post(add, {**base, "role": "office"})
    assert not User.objects.filter(username="newbie").exists()
    office_client.post(add, {**base, "role": "reporter"})
    assert User.objects.get(username="newbie").role == Role.REPORTER


def test_a_superuser_grants_office_rights_and_it_is_in_history(world: World) -> None:
    root = UserFactory(username="root", role=Role.PUBLIC, is_superuser=True, is_staff=True)
    client = Client()
    assert client.login(username="root", password=PASSWORD)
    response = client.post(change_url(world.leader), change_form(client, world.leader, role="office"))
    assert response.status_code == 302
    world.leader.refresh_from_db()
    assert world.leader.role == Role.OFFICE and world.leader.is_staff
    assert world.leader.history.latest().history_user == root


def test_a_sign_in_is_not_a_change_in_history(client: Client, world: World) -> None:
    before = world.reporter_a.history.count()
    assert client.login(username="reporter_a", password=PASSWORD)
    assert world.reporter_a.history.count() == before
