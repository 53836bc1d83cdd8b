"""The to-do in Chromium: a unit's reporter lands on what it owes, on a phone; the office approves two
reports in one bulk action; a leader lands on the items they answer for, lagging first."""

from __future__ import annotations

from typing import Any

import pytest

from luoshi.conftest import browser_login
from luoshi.reports.models import Report
from luoshi.testing import make_world
from luoshi.todo.tests.helpers import lead, leader_of, submitted

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reporter_signs_in_and_lands_on_what_the_unit_owes_on_a_phone(page: Any) -> None:
    world = make_world()
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, "reporter_a")
    assert page.url.endswith("/todo/")
    owed = page.get_by_test_id("todo-owed")
    assert "你单位本月需报送 1 项，截止 9月28日" in owed.inner_text()
    card = owed.get_by_test_id("owed-item")
    assert card.count() == 1 and "甲的事项" in card.inner_text() and "75%" in card.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    card.get_by_test_id("report-go").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("report-form").is_visible()
    assert f"/items/{world.item_a.pk}/report/" in page.url


def test_the_office_approves_two_reports_in_one_bulk_action(page: Any) -> None:
    world = make_world()
    a = submitted(world.item_a, world.reporter_a, progress=60)
    b = submitted(world.item_b, world.reporter_b, progress=85)
    browser_login(page, "office")
    queue = page.get_by_test_id("todo-queue")
    assert queue.get_by_test_id("count-queue").inner_text() == "2"
    for box in queue.locator("input[name=report]").all():
        box.check()
    queue.get_by_test_id("approve-chosen").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("bulk-row").count() == 2
    page.get_by_test_id("bulk-confirm").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/todo/")
    assert "已批准 2 份报告" in page.locator(".messages").inner_text()
    assert page.get_by_test_id("count-queue").inner_text() == "0"
    assert set(Report.objects.filter(pk__in=[a.pk, b.pk]).values_list("state", flat=True)) == {"approved"}


def test_a_leader_signs_in_and_sees_their_items_lagging_first(page: Any) -> None:
    world = make_world()
    leader = leader_of(world)
    lead(world, world.item_b, leader=leader)  # green: 80%
    lead(world, world.item_a, leader=leader)  # red: 40% against 75% planned
    browser_login(page, "leader")
    assert page.url.endswith("/todo/")
    rows = page.get_by_test_id("todo-leader-items").get_by_test_id("leader-item")
    assert rows.count() == 2
    assert "甲的事项" in rows.nth(0).inner_text() and "乙的事项" in rows.nth(1).inner_text()
    assert "严重滞后" in rows.nth(0).inner_text() and "−35" in rows.nth(0).inner_text()
    rows.nth(0).locator("a").first.click()
    page.wait_for_load_state("networkidle")
    assert f"/items/{world.item_a.pk}/" in page.url
