"""In a browser: the office searches from the header box; a reporter filters the tree and saves the
filter as a view."""

from __future__ import annotations

from typing import Any

import pytest

from luoshi.conftest import browser_login
from luoshi.status import changes
from luoshi.testing import make_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_office_searches_from_the_header_and_opens_an_item(page: Any) -> None:
    w = make_world()
    changes.item_update(
        item_id=w.item_a.pk,
        expected_version=w.item_a.version,
        data={"title": "国道341线道路改建工程"},
        allowed_fields={"title"},
    )
    browser_login(page, w.office.username)
    page.fill("[data-testid=header-search] input[name=q]", "道路")
    page.press("[data-testid=header-search] input[name=q]", "Enter")
    page.wait_for_load_state("networkidle")
    group = page.get_by_test_id("group-item")
    assert group.locator("mark").first.inner_text() == "道路"
    assert "1" in page.get_by_test_id("count-item").inner_text()
    group.get_by_role("link", name="国道341线道路改建工程").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/items/{w.item_a.pk}/")


def test_a_reporter_filters_the_tree_and_saves_the_view(page: Any) -> None:
    w = make_world()
    browser_login(page, w.reporter_a.username)
    page.goto(f"{page.base_url}/plans/{w.plan.code}/")
    page.get_by_test_id("tree-filter").locator("summary").click()
    page.select_option("select[name=unit]", str(w.unit_a.pk))
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state("networkidle")
    rows = page.get_by_test_id("filtered-items").locator("li.node")
    assert rows.count() == 1 and "甲的事项" in rows.first.inner_text()
    assert f"unit={w.unit_a.pk}" in page.url  # the filter is in the address, to share
    page.fill("input[name=name]", "本单位事项")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{page.base_url}/plans/{w.plan.code}/")
    page.get_by_test_id("saved-views").get_by_role("link", name="本单位事项").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("filtered-items").locator("li.node").count() == 1
