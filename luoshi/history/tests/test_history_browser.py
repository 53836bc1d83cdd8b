"""In Chromium: the tree as of a past date says so, above the rows of that date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from luoshi.conftest import browser_login
from luoshi.testing import make_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_as_of_tree_shows_its_banner_in_the_browser(page: Any) -> None:
    with time_machine.travel(dt.datetime(2020, 6, 1, 9, tzinfo=dt.UTC), tick=False):
        world = make_world()
    browser_login(page, world.office.username)
    page.goto(page.base_url + f"/plans/{world.plan.code}/")
    page.get_by_test_id("plan-history").click()
    page.wait_for_load_state("networkidle")
    page.fill("input[name=on]", "2020-06-30")
    page.locator(".history-nav button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    banner = page.get_by_test_id("as-of-banner")
    assert banner.is_visible()
    assert "这是 2020年6月30日 的计划状态（由历史记录重建），不是当前状态" in banner.inner_text()
    assert page.get_by_test_id("as-of-tree").get_by_text("甲的事项").is_visible()
