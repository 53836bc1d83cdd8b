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
    assert page.url.endswith("/todo/")  # everyone lands on their to-do; the plan is one click away
    page.goto(f"{page.base_url}/plans/{plan.code}/")
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


CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


def test_the_main_pages_work_under_the_content_security_policy(page: Any) -> None:
    plan = plan_load(read_plan_file(DEMO_FILE)).plan
    UserFactory(username="duchashi", role="office", display_name="督查室")
    page.add_init_script(CSP_WATCH)
    console: list[str] = []
    page.on(
        "console",
        lambda m: (
            console.append(m.text)
            if m.type in ("error", "warning")
            and ("Content Security Policy" in m.text or "Permissions-Policy" in m.text)
            else None
        ),
    )
    violations: list[str] = []

    def visit(path: str) -> None:
        response = page.goto(page.base_url + path)
        assert response is not None and response.status == 200, path
        assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")
        page.wait_for_load_state("networkidle")
        violations.extend(f"{path}: {v}" for v in page.evaluate("window.__cspViolations"))

    browser_login(page, "duchashi")
    visit(f"/plans/{plan.code}/")
    # The tree's toggles load children through luoshi.js.
    toggle = page.locator("button.toggle[data-load]").first
    if toggle.count():
        toggle.click()
        page.wait_for_load_state("networkidle")
        violations.extend(page.evaluate("window.__cspViolations"))
    g341 = page.get_by_role("link", name="国道341线改建工程").first.get_attribute("href")
    visit(g341)
    visit(f"/plans/{plan.code}/dashboard/")
    chart = page.locator("canvas").first
    chart.wait_for(state="visible")
    box = chart.bounding_box()
    assert box is not None and box["width"] > 100
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    violations.extend(page.evaluate("window.__cspViolations"))
    visit(f"/ledger/plans/{plan.code}/import/")
    visit(f"/plans/{plan.code}/notices/")
    visit("/api/docs")
    page.locator(".swagger-ui").first.wait_for(state="visible")
    visit("/admin/")
    assert violations == [] and console == [], (violations, console)
