"""A visitor without an account reads a published plan on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from luoshi.public import services
from luoshi.testing import make_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_reads_the_public_plan_on_a_phone(browser: Any, live_server: Any) -> None:
    world = make_world()
    services.publication_save(plan=world.plan, enabled=True, levels=2)
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(live_server.url + "/public/")
        page.click(f"text={world.plan.name}")
        page.wait_for_selector("[data-testid=public-plan-name]")
        assert page.locator("[data-testid=public-item]").filter(has_text=world.item_a.title).count() == 1
        assert page.locator("text=工作人员登录").count() == 1
        # Cards fit the phone's width: nothing scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert context.cookies() == []
    finally:
        context.close()
