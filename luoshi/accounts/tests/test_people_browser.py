"""In a browser: the office finds its people pages in the header and adds a unit."""

from __future__ import annotations

from typing import Any

import pytest

from luoshi.conftest import browser_login
from luoshi.plans.models import Unit
from luoshi.testing import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_office_adds_a_unit_with_its_contact_phone_and_sees_it_listed(page: Any) -> None:
    office = UserFactory(username="duchashi", role="office", display_name="督查室")
    browser_login(page, "duchashi")
    page.get_by_test_id("nav-people").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="单位").first.is_visible()
    page.get_by_test_id("unit-new").click()
    page.fill("input[name=name]", "古县审计局")
    page.fill("input[name=short_name]", "审计局")
    page.fill("input[name=contact_person]", "王芳")
    page.fill("input[name=contact_phone]", "0351-7654321")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "已添加单位古县审计局" in page.locator(".messages").inner_text()
    row = page.get_by_test_id("unit-list").locator("tr", has_text="古县审计局")
    assert "王芳" in row.inner_text() and "0351-7654321" in row.inner_text()
    # The same name again is refused, in words, and nothing is added.
    page.get_by_test_id("unit-new").click()
    page.fill("input[name=name]", "古县审计局")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("已有名为古县审计局的单位").is_visible()
    assert Unit.objects.filter(name="古县审计局", organisation=office.organisation).count() == 1
