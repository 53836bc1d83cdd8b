"""The Gantt in Chromium: it paints every row, the office drags a bar and it is saved, exports are real
files; a reporter's drag does nothing."""

from __future__ import annotations

import datetime as dt
import struct
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from luoshi.conftest import browser_login
from luoshi.plans.models import Item
from luoshi.testing import make_item, make_world

pytestmark = pytest.mark.django_db(transaction=True)


def open_gantt(page: Any, username: str) -> Any:
    world = make_world()
    Item.objects.filter(pk=world.item_a.pk).update(start_date=dt.date(2020, 3, 1))
    browser_login(page, username)
    page.goto(f"{page.base_url}/timeline/plans/{world.plan.code}/")
    page.wait_for_selector("canvas[data-painted]")
    page.select_option("select[data-scale]", "2")  # two pixels a day: the whole year in view
    return world


def drag_end(page: Any, item: Item, days: int) -> None:
    box = page.evaluate(f"window.luoshiGantt.bar({item.pk})")
    assert box is not None
    page.mouse.move(box["right"] - 2, box["y"])
    page.mouse.down()
    page.mouse.move(box["right"] - 2 + days * box["dayWidth"], box["y"], steps=6)
    page.mouse.up()


def test_office_sees_every_row_drags_a_bar_and_exports(page: Any, tmp_path: Path) -> None:
    world = open_gantt(page, "office")
    assert page.get_by_test_id("gantt-count").get_attribute("data-rows") == "3"
    assert "3 项" in page.get_by_test_id("gantt-count").inner_text()
    drag_end(page, world.item_a, -30)
    expect(page.get_by_test_id("gantt-message")).to_contain_text("已保存")
    saved = Item.objects.get(pk=world.item_a.pk)
    assert saved.due_date == dt.date(2020, 12, 1) and saved.start_date == dt.date(2020, 3, 1)
    assert saved.version == world.item_a.version + 1

    with page.expect_download() as png:
        page.get_by_test_id("export-png").click()
    data = Path(png.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 1000 and height >= 200
    with page.expect_download() as pdf:
        page.get_by_test_id("export-pdf").click()
    document = Path(pdf.value.path()).read_bytes()
    assert document.startswith(b"%PDF-1.4") and b"/Type /Page " in document
    assert b"/Subtype /Image" in document and document.rstrip().endswith(b"%%EOF")


def test_a_reporters_drag_changes_nothing(page: Any) -> None:
    world = open_gantt(page, "reporter_a")
    drag_end(page, world.item_a, -30)
    page.wait_for_timeout(300)
    saved = Item.objects.get(pk=world.item_a.pk)
    assert (saved.due_date, saved.version) == (world.item_a.due_date, world.item_a.version)
    assert page.get_by_test_id("gantt-message").inner_text() == ""


def test_a_plan_in_pages_is_drawn_whole_and_a_bar_of_a_later_page_moves(page: Any, monkeypatch: Any) -> None:
    from luoshi.timeline import views

    monkeypatch.setattr(views, "HEAD_ROWS", 2)
    monkeypatch.setattr(views, "PAGE_ROWS", 2)
    world = make_world()
    last = None
    for k in range(4):
        last = make_item(world.plan, world.item_b, title=f"分项{k}", due_date=dt.date(2020, 6, 30))
    assert last is not None and Item.objects.filter(plan=world.plan).count() == 7
    browser_login(page, "office")
    with page.expect_response(lambda r: "after=" in r.url) as later:
        page.goto(f"{page.base_url}/timeline/plans/{world.plan.code}/")
    assert later.value.ok
    page.wait_for_selector("canvas[data-complete='7']")
    assert page.get_by_test_id("gantt-count").get_attribute("data-rows") == "7"
    page.select_option("select[data-scale]", "2")
    drag_end(page, last, 30)
    expect(page.get_by_test_id("gantt-message")).to_contain_text("已保存")
    assert Item.objects.get(pk=last.pk).due_date == dt.date(2020, 7, 30)
