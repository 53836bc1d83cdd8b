"""In a browser: the city office opens its item and sees how each county carries it out, then follows
the link down to a county's item."""

from __future__ import annotations

from typing import Any

import pytest

from luoshi.conftest import browser_login
from luoshi.testing import make_cascade

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_city_item_page_shows_the_counties_rollup_and_drills_down(page: Any) -> None:
    cascade = make_cascade()
    browser_login(page, cascade.city_office.username)
    page.goto(f"{page.base_url}/items/{cascade.city_pillar.pk}/")
    section = page.get_by_test_id("cascade")
    assert "下级承接" in section.inner_text()
    assert "40.0%" in page.get_by_test_id("cascade-progress").inner_text()
    assert "按各县承接事项权重加权平均" in section.inner_text()
    rows = page.get_by_test_id("cascade-row")
    assert rows.count() == 2
    assert "甲县" in rows.nth(0).inner_text() and "乙县" in rows.nth(1).inner_text()
    rows.nth(1).get_by_role("link").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("item-title").inner_text().endswith("做强两大产业")
    assert "产业转型" in page.get_by_test_id("carries-out").inner_text()
