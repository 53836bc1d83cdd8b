"""Print and phone layouts in Chromium: print media hides the header and keeps the content, a short
督办单 prints on one A4 page; at 390 px nothing scrolls sideways and ☰ opens the links."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from luoshi.notices import services as notices
from luoshi.testing import World, make_world

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page: Any, user: Any) -> None:
    """A session made by the test client, handed to the browser: no sign-in page to fill."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": page.base_url}])


def _world_with_notice() -> tuple[World, Any]:
    world = make_world()
    notice = notices.notice_issue(
        item=world.item_a,
        user=world.office,
        units=[world.unit_a],
        title="关于加快甲的事项进度的督办单",
        requirement="请于10月10日前报送整改措施，逐项说明进展、问题和下一步打算。",
        deadline=dt.date(2020, 10, 10),
    )
    return world, notice


def test_print_media_hides_the_header_and_a_short_notice_prints_on_one_page(page: Any) -> None:
    world, notice = _world_with_notice()
    _sign_in(page, world.office)
    page.goto(page.base_url + f"/notices/{notice.pk}/")
    assert page.get_by_test_id("print").is_visible()  # shown once luoshi.js runs
    page.emulate_media(media="print")
    assert not page.locator("header.topbar").is_visible()
    assert not page.get_by_test_id("print").is_visible()
    assert not page.get_by_test_id("notice-number").is_visible()  # the official head carries it
    assert page.get_by_test_id("targets").is_visible()
    head = page.get_by_test_id("official-head")  # the red mark, the number and the title, as on the docx
    assert head.is_visible() and notice.number in head.inner_text()
    assert head.locator(".mark").evaluate("e => getComputedStyle(e).color") == "rgb(238, 0, 0)"
    assert page.evaluate("getComputedStyle(document.querySelector('a')).textDecorationLine") == "none"
    pdf = page.pdf(format="A4")
    if os.environ.get("LUOSHI_PRINT_PDF"):  # to look at it: LUOSHI_PRINT_PDF=/tmp/notice.pdf
        Path(os.environ["LUOSHI_PRINT_PDF"]).write_bytes(pdf)
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1

    page.goto(page.base_url + f"/plans/{world.plan.code}/")
    assert not page.locator("header.topbar").is_visible()
    assert page.locator(".tree .row a.title").first.is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("window.innerWidth")


PHONE_OVERFLOW = """() => [document.documentElement.scrollWidth,
  [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391)
    .slice(0, 5).map(e => e.tagName + '.' + e.className)]"""


def test_at_390_px_nothing_scrolls_sideways_and_the_menu_opens(browser: Any, live_server: Any) -> None:
    world, notice = _world_with_notice()
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    context.set_default_timeout(15000)
    page = context.new_page()
    page.base_url = live_server.url
    try:
        _sign_in(page, world.reporter_a)
        for url in (
            "/",
            f"/plans/{world.plan.code}/",
            f"/items/{world.item_a.pk}/",
            f"/items/{world.item_a.pk}/report/",
            f"/items/{world.item_a.pk}/edit/",  # its milestones and indicators: rows of fields
            f"/notices/{notice.pk}/",
        ):
            page.goto(page.base_url + url)
            width, wide = page.evaluate(PHONE_OVERFLOW)
            assert width <= 390, (url, width, wide)
        # the item page's tables are cards: a labelled cell per line
        page.goto(page.base_url + f"/items/{world.item_a.pk}/")
        assert page.locator("table.table[data-cards] td[data-label]").count() > 0
        nav = page.locator("nav.nav")
        assert not nav.is_visible()
        page.get_by_test_id("menu-button").click()
        assert nav.is_visible()
        assert nav.get_by_role("link", name="工作方案").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
