from __future__ import annotations

import os

import pytest

from luoshi.testing import World, make_world

# Playwright's sync API runs an event loop in the test thread; the ORM calls beside it are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(db: None) -> World:
    return make_world()
