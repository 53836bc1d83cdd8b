"""Reports through HTTP: scoping (same 404 for missing and not-yours), attachments checked and private."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from luoshi.reports import services
from luoshi.reports.models import Attachment, Report
from luoshi.reports.services import ReportData
from luoshi.testing import PASSWORD, World

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def login(client: Client, user: object) -> Client:
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def _payload(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "work_done": "完成",
        "progress": "45",
        "problems": "",
        "next_steps": "",
        "action": "save",
    }
    data.update(extra)
    return data


def test_reporter_writes_and_submits_own_units_report(
    client: Client, world: World, settings: object, tmp_path: object
) -> None:
    settings.ATTACHMENTS_ROOT = tmp_path  # type: ignore[attr-defined]
    login(client, world.reporter_a)
    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    response = client.post(f"/items/{world.item_a.pk}/report/", _payload(action="submit", attachments=photo))
    assert response.status_code == 302, response.content.decode()[:1500]
    report = Report.objects.get(item=world.item_a)
    assert report.state == "submitted" and report.attachments.count() == 1
    attachment = report.attachments.get()
    assert str(tmp_path) in attachment.file.path  # outside the web root
    download = client.get(f"/attachments/{attachment.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "image/png"


def test_it_rejects_other_units_item_and_report_with_404(client: Client, world: World) -> None:
    report = services.report_draft_save(
        item=world.item_b, user=world.reporter_b, period=dt.date(2020, 9, 1), data=ReportData(work_done="乙")
    )
    login(client, world.reporter_a)
    assert client.get(f"/items/{world.item_b.pk}/report/").status_code == 404
    assert client.post(f"/items/{world.item_b.pk}/report/", _payload()).status_code == 404
    assert client.get(f"/reports/{report.pk}/").status_code == 404  # another unit's draft
    assert client.get("/reports/999999/").status_code == 404
    assert client.post(f"/reports/{report.pk}/edit/", _payload()).status_code == 404
    assert client.post(f"/reports/{report.pk}/submit/").status_code == 404
    assert Report.objects.get(pk=report.pk).state == "draft"


def test_only_the_office_reviews(client: Client, world: World) -> None:
    report = services.report_draft_save(
        item=world.item_a, user=world.reporter_a, period=dt.date(2020, 9, 1), data=ReportData(work_done="甲")
    )
    services.report_submit(report=report, user=world.reporter_a)
    for user in (world.reporter_a, world.leader):
        login(client, user)
        assert client.post(f"/reports/{report.pk}/review/", {"action": "approve"}).status_code == 403
    login(client, world.office)
    client.post(f"/reports/{report.pk}/review/", {"action": "return", "note": "请补充照片"})
    assert Report.objects.get(pk=report.pk).state == "returned"


@pytest.mark.parametrize(
    ("name", "content"),
    [("malware.exe", b"MZ\x90\x00"), ("fake.pdf", b"<html>not a pdf</html>"), ("photo.png", b"GIF89a....")],
)
def test_it_refuses_attachments_of_the_wrong_type(
    client: Client, world: World, settings: object, tmp_path: object, name: str, content: bytes
) -> None:
    settings.ATTACHMENTS_ROOT = tmp_path  # type: ignore[attr-defined]
    login(client, world.reporter_a)
    upload = SimpleUploadedFile(name, content)
    response = client.post(f"/items/{world.item_a.pk}/report/", _payload(attachments=upload))
    assert response.status_code == 400
    assert not Attachment.objects.exists() and not Report.objects.exists()


def test_it_refuses_attachments_over_the_size_limit(
    client: Client, world: World, settings: object, tmp_path: object
) -> None:
    settings.ATTACHMENTS_ROOT = tmp_path  # type: ignore[attr-defined]
    settings.ATTACHMENT_MAX_BYTES = 1024  # type: ignore[attr-defined]
    login(client, world.reporter_a)
    upload = SimpleUploadedFile("big.png", PNG + b"\0" * 2048)
    assert client.post(f"/items/{world.item_a.pk}/report/", _payload(attachments=upload)).status_code == 400
    assert not Attachment.objects.exists()


def test_item_page_lists_reports_and_colour_history(client: Client, world: World) -> None:
    services.report_draft_save(
        item=world.item_a, user=world.reporter_a, period=dt.date(2020, 9, 1), data=ReportData(work_done="甲")
    )
    login(client, world.reporter_a)
    body = client.get(f"/items/{world.item_a.pk}/").content.decode()
    assert 'data-testid="item-reports"' in body and 'data-testid="status-history"' in body


def test_a_unit_leading_many_items_sees_them_a_page_at_a_time_with_every_states_count(
    client: Client, world: World
) -> None:
    """A county unit can lead a thousand items: the worklist counts them all by report state, shows
    a page of 100, and its filter and pages together reach every item exactly once."""
    from luoshi.plans.models import Item
    from luoshi.reports.selectors import WORKLIST_PAGE
    from luoshi.testing import make_item

    for n in range(WORKLIST_PAGE + 29):
        make_item(world.plan, world.pillar, title=f"甲的第{n:03d}项", lead_unit=world.unit_a)
    leaves = list(Item.objects.filter(plan=world.plan, lead_unit=world.unit_a, numchild=0).order_by("path"))
    assert len(leaves) == WORKLIST_PAGE + 30
    period = world.plan.cadence().period_of(world.plan.today())
    for item in leaves[:5]:
        services.report_draft_save(
            item=item, user=world.reporter_a, period=period, data=ReportData(work_done="进展")
        )
    for report in Report.objects.filter(item__in=leaves[:2]):
        services.report_submit(report=report, user=world.reporter_a)
    login(client, world.reporter_a)

    def page(query: str) -> tuple[str, set[int]]:
        body = client.get(f"/reports/?plan={world.plan.code}{query}").content.decode()
        rows = set(map(int, re.findall(r'<td><a href="/items/(\d+)/">', body)))
        return body, rows

    body, first = page("")
    states = _section(body, "worklist-states")
    assert "全部 130" in states and "未填报 125" in states and "草稿 3" in states and "已报送 2" in states
    _, second = page("&page=2")
    assert len(first) == WORKLIST_PAGE and len(second) == 30 and not first & second
    assert first | second == {item.pk for item in leaves}
    _, not_started = page("&state=none")
    _, not_started_2 = page("&state=none&page=2")
    assert not_started | not_started_2 == {item.pk for item in leaves[5:]}
    _, drafts = page("&state=draft")
    assert drafts == {item.pk for item in leaves[2:5]}
    body, _rows = page("&state=approved")
    assert "没有处于该状态的事项" in body
    _, fallback = page("&state=bogus&page=99")  # an unknown state is no filter; a page past the end the last
    assert fallback == second


def _section(body: str, testid: str) -> str:
    start = body.index(f'data-testid="{testid}"')
    return re.sub(r"<[^>]+>", "", body[start : body.index("</p>", start)])
