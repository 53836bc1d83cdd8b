"""任务下发 in Chromium: the city's office sends a task down from its item page; a county's office
finds it in the top bar, accepts it into its plan, and the city sees who accepted it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from luoshi.conftest import browser_login
from luoshi.dispatch.models import DispatchTarget
from luoshi.plans.models import Item
from luoshi.testing import PlanFactory, make_cascade, make_item

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_county_office_accepts_a_dispatched_task_in_the_browser(page: Any) -> None:
    c = make_cascade()
    source = make_item(c.city_plan, c.city_pillar, title="建设产业园区", due_date=dt.date(2020, 11, 30))
    other_plan = PlanFactory(code="plan-a-2", name="甲县专项方案", organisation=c.a.org)
    other = make_item(other_plan, None, title="专项工作", kind=Item.Kind.PILLAR)

    browser_login(page, "office_city")
    page.goto(page.base_url + f"/items/{source.pk}/")
    page.get_by_test_id("dispatch-new").click()
    page.wait_for_load_state("networkidle")
    form = page.get_by_test_id("dispatch-form")
    form.get_by_label("甲县").check()
    form.get_by_label("乙县").check()
    form.locator("button.primary").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("dispatch-title").inner_text() == "建设产业园区"

    browser_login(page, "office_a")
    assert page.get_by_test_id("dispatch-count").inner_text() == "1"
    page.get_by_test_id("nav-dispatch").click()
    page.wait_for_load_state("networkidle")
    page.get_by_test_id("inbox").get_by_role("link", name="建设产业园区").click()
    page.wait_for_load_state("networkidle")
    accept = page.get_by_test_id("accept-form")
    assert accept.locator("select[name=plan]").input_value() == str(c.a.plan.pk)
    # Only the chosen plan's items are offered as the parent.
    option = accept.locator(f"select[name=parent] option[value='{other.pk}']")
    assert option.evaluate("o => o.hidden") is True
    accept.locator("select[name=plan]").select_option(str(other_plan.pk))
    assert option.evaluate("o => o.hidden") is False
    assert accept.locator("select[name=parent]").input_value() == ""
    accept.locator("select[name=plan]").select_option(str(c.a.plan.pk))
    accept.locator("select[name=parent]").select_option(str(c.a.pillar.pk))
    accept.locator("select[name=lead_unit]").select_option(label="甲县发改局")
    accept.locator("button.primary").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("target-state").first.inner_text() == "已承接"
    page.get_by_test_id("accepted-item").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("item-title").inner_text().endswith("建设产业园区")
    item = Item.objects.get(plan=c.a.plan, title="建设产业园区")
    assert item.aligned_to_id == source.pk and item.get_parent() == c.a.pillar
    assert page.get_by_test_id("dispatch-count").count() == 0

    browser_login(page, "office_city")
    page.goto(page.base_url + "/dispatch/sent/")
    row = page.get_by_test_id("receiver").filter(has_text="甲县")
    assert "已承接" in row.inner_text() and "甲县督查室" in row.inner_text()
    assert "待承接" in page.get_by_test_id("receiver").filter(has_text="乙县").inner_text()
    assert DispatchTarget.objects.get(organisation=c.a.org).decided_by == c.a.office
