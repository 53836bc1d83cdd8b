"""Writes racing each other over the API get a clear answer, never a 500: a PATCH racing a DELETE of
the same item (200 or 404; the delete 204, or 404 for the second of two). Real threads against
PostgreSQL, as in luoshi/reports/tests/test_concurrency.py."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

import pytest
from django.test import Client

from luoshi.api.services import api_token_create
from luoshi.plans.models import Item
from luoshi.reports.tests.test_concurrency import postgres_only, race
from luoshi.testing import World, make_item

pytestmark = [pytest.mark.django_db(transaction=True), postgres_only]
ROUNDS = 12


def _client(world: World) -> Client:
    token = api_token_create(user=world.office, name="race")[1]
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {token}")


def _patch(client: Client, item_id: int, body: str) -> Callable[[], int]:
    return lambda: client.patch(f"/api/items/{item_id}", body, content_type="application/json").status_code


def _delete(client: Client, item_id: int) -> Callable[[], int]:
    return lambda: client.delete(f"/api/items/{item_id}").status_code


def test_a_patch_racing_a_delete_answers_404_or_200_never_500(world: World) -> None:
    seen: Counter[str] = Counter()
    for n in range(ROUNDS):
        parent = make_item(world.plan, world.pillar, title=f"上级{n}", lead_unit=world.unit_a)
        item = make_item(world.plan, parent, title=f"事项{n}", lead_unit=world.unit_a, progress=10)
        version = Item.objects.get(pk=item.pk).version
        body = json.dumps({"version": version, "progress": 50})
        answers = race(
            [
                _patch(_client(world), item.pk, body),
                _delete(_client(world), item.pk),
                _patch(_client(world), item.pk, body),
                _delete(_client(world), parent.pk),
            ]
        )
        patches, deletes = [answers[0], answers[2]], [answers[1], answers[3]]
        seen.update(f"PATCH {a}" for a in patches)
        seen.update(f"DELETE {a}" for a in deletes)
        assert all(a in (200, 404, 409) for a in patches), answers
        assert all(a in (204, 404) for a in deletes), answers
        assert patches.count(200) <= 1, answers  # both read one version: one wins
        assert not Item.objects.filter(pk__in=[item.pk, parent.pk]).exists()
    print(f"\nPATCH/DELETE race, {ROUNDS} rounds: {dict(sorted(seen.items()))}")
