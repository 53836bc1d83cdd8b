"""A notice in Chromium: the office issues it, the unit acknowledges and replies, the office accepts."""

from __future__ import annotations

from typing import Any

import pytest

from luoshi.conftest import browser_login
from luoshi.notices.models import Notice, NoticeTarget
from luoshi.testing import make_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_issue_acknowledge_reply_and_accept_in_the_browser(page: Any) -> None:
    world = make_world()
    browser_login(page, "office")
    page.goto(page.base_url + f"/items/{world.item_a.pk}/")
    page.get_by_test_id("issue-notice").click()
    page.wait_for_load_state("networkidle")
    form = page.get_by_test_id("notice-form")
    form.locator("input[name=title]").fill("关于加快甲的事项进度的督办单")
    form.locator("textarea[name=requirement]").fill("请于10月10日前报送整改措施")
    form.locator("input[name=deadline]").fill("2020-10-10")
    form.locator("button.primary").click()
    page.wait_for_load_state("networkidle")
    number = page.get_by_test_id("notice-number").inner_text()
    assert number == "督〔2020〕1号"

    browser_login(page, "reporter_a")
    page.goto(page.base_url + f"/items/{world.item_a.pk}/")
    page.get_by_test_id("item-notices").get_by_role("link", name=number).click()
    page.wait_for_load_state("networkidle")
    page.get_by_test_id("acknowledge").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("my-part").get_by_test_id("target-state").inner_text() == "已签收"
    reply = page.get_by_test_id("reply-form")
    reply.locator("textarea[name=reply]").fill("已制定整改方案，10月8日前完成")
    reply.locator("button.primary").click()
    page.wait_for_load_state("networkidle")
    assert "已制定整改方案" in page.get_by_test_id("targets").inner_text()

    browser_login(page, "office")
    page.goto(page.base_url + f"/plans/{world.plan.code}/notices/")
    page.get_by_test_id("notice-list").get_by_role("link", name=number).click()
    page.wait_for_load_state("networkidle")
    page.get_by_test_id("review-form").locator("button[value=accept]").click()
    page.wait_for_load_state("networkidle")
    page.get_by_test_id("close").locator("button").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("notice-state").inner_text() == "已办结"
    history = page.get_by_test_id("notice-history").inner_text()
    for step in ("已下发", "已签收", "已回复", "回复已认可", "已办结"):
        assert step in history
    notice = Notice.objects.get()
    assert notice.state == Notice.State.CLOSED
    assert NoticeTarget.objects.get(notice=notice).state == NoticeTarget.State.ACCEPTED
