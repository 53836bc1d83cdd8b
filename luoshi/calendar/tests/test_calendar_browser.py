"""The calendar on a phone (390 px): the month shows the day's entry, and it opens the item."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from luoshi.conftest import browser_login
from luoshi.plans.models import Milestone
from luoshi.testing import make_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_month_shows_an_entry_on_a_phone(page: Any) -> None:
    world = make_world()
    Milestone.objects.create(item=world.item_a, title="完成招标", due_date=dt.date(2020, 9, 15))
    page.set_viewport_size({"width": 390, "height": 800})
    browser_login(page, "reporter_a")
    page.goto(page.base_url + "/calendar/?month=2020-09")
    entry = page.get_by_test_id("cal-entry").filter(has_text="完成招标")
    assert entry.is_visible()
    assert page.get_by_test_id("cal-today").is_visible()  # the plan's as-of date, 2020-09-30
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    entry.get_by_role("link").click()
    page.wait_for_url(f"**/items/{world.item_a.pk}/")


def test_a_crowded_day_opens_as_its_own_list(page: Any) -> None:
    """A month cell shows four entries; its "还有 N 项" opens the day's whole list."""
    from luoshi.testing import make_item

    world = make_world()
    for n in range(6):
        make_item(
            world.plan,
            world.pillar,
            title=f"十五日到期{n}",
            lead_unit=world.unit_a,
            due_date=dt.date(2020, 9, 15),
        )
    browser_login(page, "office")
    page.goto(page.base_url + "/calendar/?month=2020-09")
    page.get_by_role("link", name="还有 2 项").click()
    page.wait_for_url("**/calendar/?day=2020-09-15")
    assert page.get_by_test_id("cal-day-count").inner_text() == "共 6 项到期，显示第 1–6 项。"
    assert page.get_by_test_id("cal-entry").count() == 6
    page.get_by_test_id("cal-entry").filter(has_text="十五日到期5").get_by_role("link").click()
    page.wait_for_url("**/items/*/")
