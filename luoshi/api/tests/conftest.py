from __future__ import annotations

import pytest

from luoshi.api.services import api_token_create
from luoshi.testing import World


@pytest.fixture
def tokens(world: World) -> dict[str, str]:
    """A bearer header for each named actor."""
    return {
        name: f"Bearer {api_token_create(user=getattr(world, name), name='tests')[1]}"
        for name in ("office", "leader", "reporter_a", "reporter_b")
    }
