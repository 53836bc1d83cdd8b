"""Sign-in lockout per account and per address, and the office's unlock."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.testing import PASSWORD, UserFactory, World

LOGIN = "/accounts/login/"


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.7") -> object:
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_fifty_wrong_passwords_lock_the_account_and_the_right_one_is_refused_with_the_reason(
    client: Client, world: World
) -> None:
    codes = [sign_in(client, "reporter_a", f"wrong-{n}").status_code for n in range(50)]
    assert codes[0] == 200 and codes[-1] == 429
    response = sign_in(client, "reporter_a", PASSWORD)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    text = response.content.decode()
    assert "登录" in text and "锁定" in text and "督查室" in text
    assert not signed_in(client)
    # From another address too: the lock is on the account.
    assert sign_in(Client(), "reporter_a", PASSWORD, address="10.9.9.9").status_code == 429
    # Another account from another address is not affected.
    other = Client()
    assert sign_in(other, "reporter_b", PASSWORD, address="10.9.9.9").status_code == 302
    assert signed_in(other)


def test_an_address_is_locked_after_many_wrong_passwords_for_different_accounts(
    client: Client, world: World
) -> None:
    for n in range(50):
        sign_in(client, f"guess{n}", "wrong", address="10.1.1.1")
    response = sign_in(client, "reporter_b", PASSWORD, address="10.1.1.1")
    assert response.status_code == 429
    assert not signed_in(client)
    assert sign_in(Client(), "reporter_b", PASSWORD, address="10.2.2.2").status_code == 302


def test_the_office_unlocks_a_locked_account_in_its_people_pages(client: Client, world: World) -> None:
    for n in range(12):
        sign_in(client, "reporter_a", f"wrong-{n}")
    assert sign_in(client, "reporter_a", PASSWORD).status_code == 429
    office = Client()
    assert office.login(username="office", password=PASSWORD)
    response = office.post(reverse("accounts:user_unlock", args=[world.reporter_a.pk]), follow=True)
    assert response.status_code == 200
    assert "解除" in response.content.decode()
    assert sign_in(client, "reporter_a", PASSWORD).status_code == 302
    assert signed_in(client)


def test_a_right_password_before_the_limit_clears_the_count(client: Client, world: World) -> None:
    for n in range(9):
        sign_in(client, "reporter_a", f"wrong-{n}")
    assert sign_in(client, "reporter_a", PASSWORD).status_code == 302
    client.logout()
    for n in range(9):
        sign_in(client, "reporter_a", f"wrong-{n}")
    assert sign_in(client, "reporter_a", PASSWORD).status_code == 302


@pytest.mark.parametrize("path", ["/admin/login/"])
def test_the_admin_sign_in_is_locked_as_well(client: Client, world: World, path: str) -> None:
    UserFactory(username="boss", role="office")
    for n in range(10):
        client.post(path, {"username": "boss", "password": f"wrong-{n}"}, REMOTE_ADDR="10.3.3.3")
    response = client.post(path, {"username": "boss", "password": PASSWORD}, REMOTE_ADDR="10.3.3.3")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
