"""The ledger in Chromium: the office uploads its ledger, sees each row's fate, applies it; the page
polls while an import runs."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from luoshi.conftest import browser_login
from luoshi.ledger.models import LedgerImport
from luoshi.ledger.tests.helpers import FIXTURES
from luoshi.plans.models import Item
from luoshi.testing import make_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_office_uploads_previews_and_applies_a_ledger(page: Any) -> None:
    world = make_world()
    browser_login(page, "office")
    page.goto(page.base_url + f"/plans/{world.plan.code}/")
    page.get_by_test_id("ledger-import").click()
    page.wait_for_load_state("networkidle")
    page.locator("input[type=file]").set_input_files(str(FIXTURES / "single_sheet.xlsx"))
    page.get_by_test_id("ledger-upload").locator("button.primary").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("ledger-state").inner_text() == "待确认导入"
    assert "新增: 7" in page.get_by_test_id("ledger-counts").inner_text()
    assert "创建国家卫生县城" in page.get_by_test_id("ledger-preview").inner_text()
    assert not Item.objects.filter(plan=world.plan, title="创建国家卫生县城").exists()
    page.get_by_test_id("ledger-apply").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("ledger-state").inner_text() == "已导入"
    assert Item.objects.filter(plan=world.plan, title="创建国家卫生县城").exists()


def test_the_import_page_follows_a_running_import(page: Any) -> None:
    world = make_world()
    imp = LedgerImport.objects.create(
        plan=world.plan,
        created_by=world.office,
        filename="big.xlsx",
        content=b"x",
        state=LedgerImport.State.READING,
        done=2000,
        total=50000,
    )
    browser_login(page, "office")
    page.goto(page.base_url + f"/ledger/imports/{imp.pk}/")
    assert page.get_by_test_id("ledger-state").inner_text() == "正在读取文件"
    LedgerImport.objects.filter(pk=imp.pk).update(done=30000)
    # Waited for by locator: the page's CSP forbids the eval behind wait_for_function.
    expect(page.locator("[data-field=done]")).to_have_text("30000")
    LedgerImport.objects.filter(pk=imp.pk).update(
        state=LedgerImport.State.PREVIEWED, done=50000, counts={"new": 1}
    )
    expect(page.get_by_test_id("ledger-state")).to_have_text("待确认导入")
