"""Rate limits (429 with Retry-After), the security headers, and the password rules in Chinese."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client, override_settings

from luoshi.api.services import api_token_create
from luoshi.testing import PASSWORD, UserFactory, World


@pytest.fixture
def one_window() -> Iterator[None]:
    """The counters use fixed one-minute windows: keep a test's requests inside one, however slow the
    machine, so that a window turning over mid-test cannot reset a count."""
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, 0, 5, tzinfo=dt.UTC), tick=False):
        yield


@override_settings(LUOSHI_API_RATE_LIMIT=20)
def test_an_api_burst_is_answered_429_with_retry_after_per_token(
    client: Client, world: World, one_window: None
) -> None:
    auth = f"Bearer {api_token_create(user=world.office, name='burst')[1]}"
    codes = [client.get("/api/plans/", HTTP_AUTHORIZATION=auth).status_code for _ in range(25)]
    assert codes[:20] == [200] * 20 and codes[20:] == [429] * 5
    response = client.get("/api/plans/", HTTP_AUTHORIZATION=auth)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "秒后再试" in response.json()["detail"]
    # Another token has its own budget.
    other = f"Bearer {api_token_create(user=world.reporter_a, name='other')[1]}"
    assert client.get("/api/plans/", HTTP_AUTHORIZATION=other).status_code == 200


@override_settings(LUOSHI_LOGIN_RATE_LIMIT=5)
def test_sign_in_posts_are_rate_limited_per_address(client: Client, world: World, one_window: None) -> None:
    codes = [
        client.post(
            "/accounts/login/", {"username": f"u{n}", "password": "x"}, REMOTE_ADDR="10.5.5.5"
        ).status_code
        for n in range(6)
    ]
    assert codes[:5] == [200] * 5 and codes[5] == 429
    refused = client.post(
        "/accounts/login/", {"username": "office", "password": PASSWORD}, REMOTE_ADDR="10.5.5.5"
    )
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert "_auth_user_id" not in client.session
    other = Client()
    ok = other.post("/accounts/login/", {"username": "office", "password": PASSWORD}, REMOTE_ADDR="10.6.6.6")
    assert ok.status_code == 302


@override_settings(LUOSHI_TRUSTED_PROXIES=1, LUOSHI_LOGIN_RATE_LIMIT=2)
def test_behind_a_proxy_the_forwarded_address_counts(client: Client, world: World, one_window: None) -> None:
    def post(forwarded: str) -> int:
        return client.post(
            "/accounts/login/",
            {"username": "x", "password": "x"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        ).status_code

    assert [post("1.1.1.1"), post("9.9.9.9, 1.1.1.1"), post("1.1.1.1")] == [200, 200, 429]
    assert post("2.2.2.2") == 200


def test_every_response_carries_a_script_policy_without_unsafe_inline(client: Client, world: World) -> None:
    for path in ("/accounts/login/", "/api/docs", "/static/luoshi/luoshi.css", "/no-such-page/"):
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        script = re.search(r"script-src ([^;]*)", policy)
        assert script and "'unsafe-inline'" not in script.group(1) and "'unsafe-eval'" not in script.group(1)
        assert "camera=()" in response["Permissions-Policy"]


def test_no_page_template_has_inline_script_or_handler() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for template in root.glob("*/**/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text) or re.search(
            r"\son[a-z]+\s*=|javascript:", text
        ):
            offenders.append(str(template.relative_to(root)))
    assert offenders == []


def test_numeric_and_short_passwords_are_refused_in_chinese(world: World) -> None:
    UserFactory(username="root", is_superuser=True, is_staff=True)
    client = Client()
    assert client.login(username="root", password=PASSWORD)
    url = f"/admin/accounts/user/{world.reporter_a.pk}/password/"
    numeric = client.post(url, {"password1": "20200930123", "password2": "20200930123"})
    assert numeric.status_code == 200
    text = numeric.content.decode()
    assert "密码只包含数字" in text
    short = client.post(url, {"password1": "ab1", "password2": "ab1"}).content.decode()
    assert "密码太短" in short
    for page in (text, short, client.get(url).content.decode()):
        visible = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S))
        assert not re.search(r"password|This |If disabled", visible), re.findall(
            r"[A-Za-z][A-Za-z ,.’]{10,}", visible
        )
    world.reporter_a.refresh_from_db()
    assert world.reporter_a.check_password(PASSWORD)
