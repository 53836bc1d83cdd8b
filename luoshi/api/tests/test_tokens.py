from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from luoshi.accounts.models import Role
from luoshi.api.models import ApiToken
from luoshi.testing import UserFactory, World

pytestmark = pytest.mark.django_db


def test_it_requires_a_valid_token(client: Client, world: World, tokens: dict[str, str]) -> None:
    assert client.get("/api/plans/").status_code == 401
    assert client.get("/api/plans/", HTTP_AUTHORIZATION="Bearer ls_wrong").status_code == 401
    assert client.get("/api/plans/", HTTP_AUTHORIZATION=tokens["office"]).status_code == 200


def test_a_revoked_token_and_an_inactive_user_are_refused(
    client: Client, world: World, tokens: dict[str, str]
) -> None:
    prefix = tokens["office"].removeprefix("Bearer ")[:10]
    out = io.StringIO()
    call_command("apitoken", "revoke", prefix, stdout=out)
    assert client.get("/api/plans/", HTTP_AUTHORIZATION=tokens["office"]).status_code == 401
    world.leader.is_active = False
    world.leader.save(update_fields=["is_active"])
    assert client.get("/api/plans/", HTTP_AUTHORIZATION=tokens["leader"]).status_code == 401


def test_a_user_without_a_role_gets_403(client: Client, world: World) -> None:
    UserFactory(username="citizen", role=Role.PUBLIC)
    out = io.StringIO()
    call_command("apitoken", "create", "citizen", "--name", "x", stdout=out)
    response = client.get("/api/plans/", HTTP_AUTHORIZATION=f"Bearer {out.getvalue().strip()}")
    assert response.status_code == 403


def test_the_command_creates_lists_and_revokes_tokens(client: Client, world: World) -> None:
    out = io.StringIO()
    call_command("apitoken", "create", "office", "--name", "数据平台", stdout=out)
    secret = out.getvalue().strip()
    assert secret.startswith("ls_")
    token = ApiToken.objects.get()
    assert token.digest != secret and secret not in token.digest  # only the digest is stored
    assert client.get("/api/plans/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    listing = io.StringIO()
    call_command("apitoken", "list", stdout=listing)
    assert "数据平台" in listing.getvalue() and "active" in listing.getvalue()
    call_command("apitoken", "revoke", token.prefix, stdout=io.StringIO())
    assert client.get("/api/plans/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_openapi_and_docs_are_served_without_any_cdn(client: Client, world: World) -> None:
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/plans/{code}/items" in paths and "/api/items/{item_id}" in paths
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    import re

    assert "swagger-ui-bundle.js" in html
    assert re.findall(r"https?://", html) == []


def test_a_token_made_in_the_admin_shows_its_secret_once(admin_client: Client, world: World) -> None:
    response = admin_client.post(
        "/admin/api/apitoken/add/", {"user": world.office.pk, "name": "县数据平台"}, follow=True
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="县数据平台")
    message = next(m.message for m in response.context["messages"])
    found = re.search(r"ls_[A-Za-z0-9_-]+", message)
    assert found is not None
    secret = found.group(0)
    assert token.prefix == secret[:10]
    client = Client()
    assert client.get("/api/plans/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
