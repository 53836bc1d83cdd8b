"""The dashboard says when the daily run last completed, and warns when it is late."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from luoshi.commands import daily
from luoshi.testing import PASSWORD, World

pytestmark = pytest.mark.django_db


def _note(world: World) -> str:
    client = Client()
    client.login(username="leader", password=PASSWORD)
    page = client.get(f"/plans/{world.plan.code}/dashboard/").content.decode()
    start = page.index('data-testid="daily-run"')
    return page[page.rindex("<p", 0, start) : page.index("</p>", start)]


def test_it_shows_the_last_completed_run_and_warns_when_it_is_late(world: World) -> None:
    assert "尚未完成" in _note(world) and "已逾期" in _note(world)
    with time_machine.travel(dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC), tick=False):
        daily.supervision_run_daily(plan=world.plan)
        assert daily.supervision_run_daily(plan=world.plan) == {"repeated": 1}  # once a day
        note = _note(world)
        assert "2026-03-02" in note and "已逾期" not in note and "warning" not in note
    with time_machine.travel(dt.datetime(2026, 3, 3, 12, tzinfo=dt.UTC), tick=False):
        note = _note(world)
        assert "2026-03-02" in note and "已逾期" in note and "warning" in note
