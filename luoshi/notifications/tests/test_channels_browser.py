"""In a browser: the office adds its DingTalk group robot and sends it a test message."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from luoshi.conftest import browser_login
from luoshi.notifications.tests.recorder import Recorder
from luoshi.testing import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_office_adds_a_robot_and_its_test_message_arrives(
    page: Any, server: Recorder, settings: Any
) -> None:
    settings.LUOSHI_CHANNEL_PRIVATE_HOSTS = True  # the robot stands in on 127.0.0.1
    UserFactory(username="duchashi", role="office", display_name="督查室")
    browser_login(page, "duchashi")
    page.goto(f"{page.base_url}/notifications/")
    page.get_by_role("link", name="推送渠道").click()
    page.fill("input[name=name]", "县督查工作群")
    page.select_option("select[name=kind]", "dingtalk")
    page.fill("input[name=url]", f"{server.url}/robot/send?access_token=secret-token-1")
    page.fill("input[name=secret]", "SECbrowser-secret")
    page.get_by_role("button", name="添加渠道").click()
    page.wait_for_load_state("networkidle")
    row = page.get_by_test_id("channels").locator("tr", has_text="县督查工作群")
    assert "钉钉群机器人" in row.inner_text() and "secret-token-1" not in page.content()
    row.get_by_role("button", name="发送测试消息").click()
    page.wait_for_load_state("networkidle")
    assert "已发送" in page.get_by_test_id("deliveries").inner_text()
    (request,) = server.requests
    assert "sign" in parse_qs(urlsplit(request["path"]).query)
    assert json.loads(request["body"])["markdown"]["title"] == "落实系统测试消息"
