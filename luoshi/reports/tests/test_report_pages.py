"""Reports through HTTP: scoping (same 404 for missing and not-yours), attachments checked and private."""

from __future__ import annotations

import datetime as dt

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
