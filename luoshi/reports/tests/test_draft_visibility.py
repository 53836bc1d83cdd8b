"""A draft is its unit's working copy: other units, leaders and the office see a report only once it is
submitted, on the item page as in the report itself."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from luoshi.reports.services import ReportData, report_draft_save, report_submit
from luoshi.testing import PASSWORD, World

pytestmark = pytest.mark.django_db


def _page(username: str, path: str) -> tuple[int, str]:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    response = client.get(path)
    body = response.content.decode()
    # Only the page's reports section: the status history lists periods too.
    start = body.find('data-testid="item-reports"')
    return response.status_code, body[start : body.find("</section>", start)] if start >= 0 else body


def test_it_hides_other_units_drafts_on_the_item_page(world: World) -> None:
    draft = report_draft_save(
        item=world.item_a,
        user=world.reporter_a,
        period=dt.date(2020, 9, 1),
        data=ReportData(work_done="草稿内容", progress=37),
    )
    page = f"/items/{world.item_a.pk}/"
    for name in ("office", "leader", "reporter_b"):
        status, body = _page(name, page)
        assert status == 200 and "2020-09" not in body and "37%" not in body, name
        assert _page(name, f"/reports/{draft.pk}/")[0] == 404, name
    status, body = _page("reporter_a", page)
    assert status == 200 and "2020-09" in body and "37%" in body

    report_submit(report=draft, user=world.reporter_a)
    for name in ("office", "leader", "reporter_b"):
        status, body = _page(name, page)
        assert status == 200 and "2020-09" in body and "37%" in body, name
