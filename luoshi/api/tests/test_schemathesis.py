"""Property-based requests from the OpenAPI document: whatever a client sends, no server error.

Each operation gets a bounded number of generated requests (hypothesis, derandomised so that a
run is repeatable), sent through the WSGI application as the office, which may do everything.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from luoshi.api.services import api_token_create
from luoshi.testing import World

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 40


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """As Django's test client does: the test's transaction must outlive each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_the_api_never_fails_with_a_server_error(world: World, keep_test_connection: None) -> None:
    auth = {"Authorization": f"Bearer {api_token_create(user=world.office, name='schemathesis')[1]}"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    failures: list[str] = []
    calls = [0]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case: Any) -> None:
            response = case.call(headers=auth)
            calls[0] += 1
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} {case.query} {case.body!r}: {response.status_code}"
                )

        run()
    print(f"schemathesis: {len(operations)} operations, {calls[0]} requests, {len(failures)} server errors")
    assert failures == []
