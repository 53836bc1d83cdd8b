"""The report flow in Chromium: a unit submits, the office returns it, the unit revises, the office approves."""

from __future__ import annotations

from typing import Any

import pytest

from luoshi.conftest import browser_login
from luoshi.plans.models import Item
from luoshi.reports.models import Report
from luoshi.testing import make_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_submit_return_revise_approve_in_the_browser(page: Any) -> None:
    world = make_world()
    browser_login(page, "reporter_a")
    page.goto(page.base_url + f"/items/{world.item_a.pk}/")
    page.get_by_test_id("item-reports").get_by_role("link").first.click()
    page.wait_for_load_state("networkidle")
    form = page.get_by_test_id("report-form")
    form.locator("textarea[name=work_done]").fill("完成路基工程 3 公里")
    form.locator("input[name=progress]").fill("55")
    form.locator("textarea[name=problems]").fill("征地进度滞后")
    form.locator("button[value=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("report-state").first.inner_text() == "已报送"

    browser_login(page, "office")
    page.goto(page.base_url + "/reports/")
    page.get_by_test_id("review-queue").get_by_role("link").first.click()
    page.wait_for_load_state("networkidle")
    review = page.get_by_test_id("review")
    review.locator("textarea[name=note]").fill("投资数据未填，请补充")
    review.locator("button[value=return]").click()
    page.wait_for_load_state("networkidle")
    assert "投资数据未填" in page.get_by_test_id("review-note").inner_text()

    browser_login(page, "reporter_a")
    page.goto(page.base_url + "/notifications/")
    page.get_by_test_id("notifications").get_by_role("button").first.click()
    page.wait_for_load_state("networkidle")
    page.locator("button.primary", has_text="修改后重新报送").click()
    page.wait_for_load_state("networkidle")
    form = page.get_by_test_id("report-form")
    form.locator("input[name=completed_investment]").fill("1200")
    form.locator("input[name=progress]").fill("60")
    form.locator("button[value=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("versions").locator("tbody tr").count() == 2

    browser_login(page, "office")
    page.goto(page.base_url + "/reports/")
    page.get_by_test_id("review-queue").get_by_role("link").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_test_id("review").locator("button[value=approve]").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("report-state").first.inner_text() == "已通过"
    assert [r.state for r in Report.objects.filter(item=world.item_a).order_by("version")] == [
        "returned",
        "approved",
    ]
    assert Item.objects.get(pk=world.item_a.pk).progress == 60
    page.goto(page.base_url + f"/items/{world.item_a.pk}/")
    assert "60%" in page.get_by_test_id("item-reports").inner_text()
