"""The office comments on an item, picking a unit to mention from the @ suggestions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from luoshi.conftest import browser_login
from luoshi.notifications.models import Notification
from luoshi.reports import services as reports
from luoshi.reports.services import ReportData
from luoshi.testing import make_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_office_adds_a_comment_mentioning_a_unit(page: Any) -> None:
    world = make_world()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    browser_login(page, world.office.username)
    page.goto(f"{page.base_url}/items/{world.item_a.pk}/")
    box = page.locator("[data-testid=comment-form] textarea")
    box.click()
    box.type("请@单位")
    page.locator(".mention-menu li", has_text=world.unit_b.name).click()
    box.type("尽快配合")
    page.click("[data-testid=comment-form] button[type=submit]")
    comment = page.locator("[data-testid=comment]")
    comment.wait_for()
    assert f"请@{world.unit_b.name} 尽快配合" in comment.inner_text()
    assert world.unit_b.name in page.locator(".comment-mentions").inner_text()
    assert Notification.objects.filter(user=world.reporter_b, key__startswith="comment:").count() == 1
    # The report page (in a room below comments) fetches its thread into the page.
    report = reports.report_draft_save(
        item=world.item_a,
        user=world.reporter_a,
        period=dt.date(2020, 9, 1),
        data=ReportData(work_done="已完成"),
    )
    reports.report_submit(report=report, user=world.reporter_a)
    page.goto(f"{page.base_url}/reports/{report.pk}/")
    page.locator("[data-testid=report-comments] [data-testid=comment-form]").wait_for()
    assert not errors, errors
