"""Property-based requests from the OpenAPI document: the spec describes what the server does.

For an office token and a reporter token, each operation gets a bounded number of generated
requests (hypothesis, derandomised so that a run is repeatable), valid ones and ones the schema
forbids, sent through the WSGI application. Every response is checked against the document: no
server error, a documented status code, content type, headers and body; valid requests accepted,
invalid ones refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from luoshi.api.services import api_token_create
from luoshi.plans.models import Item
from luoshi.testing import World

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    positive_data_acceptance,
    negative_data_rejection,
]


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """As Django's test client does: the test's transaction must outlive each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _object_in_query(case: Any) -> bool:
    """A negative case that puts an object into a scalar query parameter: form style sends its keys as
    parameters of their own and the parameter itself not at all, so the request that arrives is valid
    (an unknown parameter is ignored, as OpenAPI allows). Not a failure of the server."""
    return any(isinstance(value, dict) for value in (case.query or {}).values())


def _examples(operation: Any, mode: GenerationMode, auth: dict[str, str], failures: list[str]) -> int:
    """Send one operation's generated requests of one kind; returns how many went."""
    calls = [0]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case: Any) -> None:
        # The token goes into the case itself, so that the checks judge what was sent (a negative case
        # may have generated a malformed Authorization header of its own).
        case.headers = {**(case.headers or {}), **auth}
        response = case.call()
        calls[0] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, BaseExceptionGroup) as exc:  # one failure, or a group of them
            if _object_in_query(case):
                return
            first = " | ".join(str(exc).strip().splitlines()[:12])
            failures.append(f"{case.method} {case.formatted_path} {case.query!r} [{mode.value}]: {first}")

    run()
    return calls[0]


@pytest.mark.parametrize("role", ["office", "reporter_a"])
def test_the_api_answers_as_its_openapi_document_says(
    world: World, keep_test_connection: None, role: str
) -> None:
    auth = {"Authorization": f"Bearer {api_token_create(user=getattr(world, role), name='schemathesis')[1]}"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    failures: list[str] = []
    calls = sum(
        _examples(operation, mode, auth, failures)
        for operation in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    )
    print(
        f"\nschemathesis as {role}: {len(operations)} operations, {calls} requests, {len(failures)} failures"
    )
    assert failures == [], "\n".join(failures[:5])


def test_it_refuses_wrongly_typed_values_and_accepts_what_the_schema_allows(
    client: Client, world: World, tokens: dict[str, str]
) -> None:
    url = f"/api/items/{world.item_a.pk}"
    version = Item.objects.get(pk=world.item_a.pk).version

    def patch(body: dict[str, Any]) -> Any:
        return client.patch(
            url, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=tokens["office"]
        )

    for wrong in (
        {"progress": "half"},
        {"weight": ""},
        {"planned_investment": "1e3"},
        {"due_date": "0219-07-09"},
        {"title": "  "},
        {"progress": 101},
        {"version": "x"},
    ):
        answer = patch({"version": version, **wrong})
        assert answer.status_code == 422, (wrong, answer.content)
        assert answer.json()["detail"][0]["loc"][0] == "body"
    done = patch({"version": version, "planned_investment": 1234.567, "weight": "2.5"})
    assert done.status_code == 200, done.content
    assert done.json()["planned_investment"] in ("1234.57", 1234.57)
    assert patch({"progress": 5}).status_code == 428  # neither the version nor If-Match
