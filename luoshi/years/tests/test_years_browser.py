"""The header's year switch in Chromium: choosing a year changes the plan list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from luoshi.conftest import browser_login
from luoshi.testing import PlanFactory, make_world
from luoshi.years import services

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_year_switch_changes_the_plan_list(page: Any) -> None:
    world = make_world()
    services.plan_archive(plan=world.plan, user=world.office)
    PlanFactory(
        code="plan-2021",
        name="二〇二一年方案",
        organisation=world.plan.organisation,
        year=2021,
        start_date=dt.date(2021, 1, 1),
        end_date=dt.date(2021, 12, 31),
    )
    browser_login(page, "office")
    page.goto(page.base_url + "/plans/")
    table = page.locator("table.table")
    assert "二〇二一年方案" in table.inner_text() and world.plan.name not in table.inner_text()
    page.get_by_test_id("year-switch").locator("select").select_option("2020")
    page.wait_for_url("**/plans/")
    page.wait_for_load_state("networkidle")
    table = page.locator("table.table")
    assert world.plan.name in table.inner_text() and "二〇二一年方案" not in table.inner_text()
    assert page.get_by_test_id("archived").inner_text() == "已归档"
