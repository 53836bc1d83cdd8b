"""Photos and PDFs attached to reports and notice replies show in the page; nothing else is inline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from luoshi.notices import services as notices
from luoshi.notices.models import NoticeTarget
from luoshi.reports import services as reports
from luoshi.reports.models import Attachment
from luoshi.reports.services import ReportData
from luoshi.testing import World

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
PDF = b"%PDF-1.4 test"


def _office(world: World) -> Client:
    client = Client()
    client.force_login(world.office)
    return client


def _report_with(world: World, files: list[tuple[str, bytes, str]]) -> reports.Report:
    report = reports.report_draft_save(
        item=world.item_a,
        user=world.reporter_a,
        period=dt.date(2020, 9, 1),
        data=ReportData(work_done="附件"),
    )
    for name, content, content_type in files:
        reports.attachment_add(
            report=report, user=world.reporter_a, upload=SimpleUploadedFile(name, content, content_type)
        )
    return reports.report_submit(report=report, user=world.reporter_a)


def _stored(report: reports.Report, name: str, content: bytes, content_type: str) -> Attachment:
    """A file stored as it came (as an older upload path or the admin might have): only its type decides."""
    attachment = Attachment(
        report=report, name=name, content_type=content_type, size=len(content), checksum="-", uploaded_by=None
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


def test_images_and_pdfs_are_served_inline_for_the_page_only_when_asked(world: World) -> None:
    report = _report_with(world, [("现场.png", PNG, "image/png"), ("方案.pdf", PDF, "application/pdf")])
    client = _office(world)
    for attachment in report.attachments.all():
        url = f"/attachments/{attachment.pk}/"
        assert client.get(url)["Content-Disposition"].startswith("attachment")
        inline = client.get(url + "?inline=1")
        assert inline["Content-Disposition"].startswith("inline")
        assert inline["X-Frame-Options"] == "SAMEORIGIN"
        assert "frame-ancestors 'self'" in inline["Content-Security-Policy"]
        assert inline["X-Content-Type-Options"] == "nosniff"
    html = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="image-preview"' in html and 'data-testid="pdf-preview"' in html
    assert html.count("?inline=1") == 3  # the thumbnail, its link, and the PDF's frame


UNSAFE = [
    ("page.html", "text/html"),
    ("logo.svg", "image/svg+xml"),
    ("fake.png", "text/html"),
    ("x.pdf", "text/html"),
]


def test_an_html_or_svg_upload_is_never_inline(world: World) -> None:
    report = _report_with(world, [])
    client = _office(world)
    for name, content_type in UNSAFE:
        attachment = _stored(report, name, b"<script>alert(1)</script>", content_type)
        response = client.get(f"/attachments/{attachment.pk}/?inline=1")
        assert response["Content-Disposition"].startswith("attachment"), name
        assert response.get("X-Frame-Options") != "SAMEORIGIN", name
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], name
    assert "?inline=1" not in client.get(f"/reports/{report.pk}/").content.decode()


def test_a_notice_replys_pdf_shows_in_the_notice_page(world: World) -> None:
    world.unit_a.contact_person, world.unit_a.contact_phone = "李联络", "13900000001"
    world.unit_a.save(update_fields=["contact_person", "contact_phone"])
    notice = notices.notice_issue(
        item=world.item_a,
        user=world.office,
        units=[world.unit_a],
        title="督办",
        requirement="整改",
        deadline=dt.date(2020, 10, 30),
    )
    target = NoticeTarget.objects.get(notice=notice)
    notices.notice_reply(
        target=target,
        user=world.reporter_a,
        text="已整改",
        uploads=[SimpleUploadedFile("整改.pdf", PDF, "application/pdf")],
    )
    file = target.attachments.get()
    client = _office(world)
    inline = client.get(f"/notices/files/{file.pk}/?inline=1")
    assert inline.status_code == 200 and inline["Content-Disposition"].startswith("inline")
    html = client.get(f"/notices/{notice.pk}/").content.decode()
    assert 'data-testid="pdf-preview"' in html
    assert "联系人：李联络" in html
