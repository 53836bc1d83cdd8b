from __future__ import annotations

from typing import Any

import pytest

from luoshi.commands.management.commands.demo import DEMO_FILE
from luoshi.conftest import browser_login
from luoshi.plans.loader import read_plan_file
from luoshi.status.changes import plan_load
from luoshi.testing import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_office_signs_in_opens_tree_and_the_g341_project_then_switches_language(page: Any) -> None:
    plan = plan_load(read_plan_file(DEMO_FILE)).plan
    UserFactory(username="duchashi", role="office", display_name="督查室")
    browser_login(page, "duchashi")
    assert page.url.endswith(f"/plans/{plan.code}/")
    tree = page.get_by_test_id("plan-tree")
    for pillar in ("擦亮一张名片", "做强两大产业", "推进三城联创", "办好四件大事"):
        assert tree.get_by_role("link", name=pillar).first.is_visible()
    assert page.get_by_text("负责单位").count() + page.get_by_text("牵头单位").count() > 0
    page.get_by_role("link", name="国道341线改建工程").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("item-title").inner_text().endswith("国道341线改建工程")
    figures = page.get_by_test_id("project-figures").inner_text()
    assert "120000" in figures and "万元" in figures
    assert "交通局" in page.content() or "古县交通运输局" in page.content()
    page.click("button[data-lang=en]")
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Project figures").is_visible()
    assert page.get_by_test_id("item-title").inner_text().endswith("国道341线改建工程")
    page.click("button[data-lang=zh-hant]")
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("項目數據").count() + page.get_by_text("項目資料").count() > 0


def test_the_tree_fits_a_phone_screen(page: Any) -> None:
    plan = plan_load(read_plan_file(DEMO_FILE)).plan
    UserFactory(username="wenlv", role="reporter")
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, "wenlv")
    page.goto(f"{page.base_url}/plans/{plan.code}/")
    assert page.get_by_role("link", name="国道341线改建工程").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
