"""Uploading Word files in the app, and refusing files that cannot be read."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from luoshi.accounts.tests.test_access import login
from luoshi.ingest.app.models import Source
from luoshi.ingest.tests.test_formats import OUTLINE, make_docx
from luoshi.testing import World

pytestmark = pytest.mark.django_db


def test_a_word_file_with_automatic_numbering_becomes_a_draft(client: Client, world: World) -> None:
    login(client, world.office)
    upload = SimpleUploadedFile("tasks.docx", make_docx(OUTLINE), content_type="application/octet-stream")
    response = client.post("/ingest/", {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    source = Source.objects.get()
    assert source.encoding == "docx" and source.filename == "tasks.docx"
    review = client.get(response["Location"]).content.decode()
    assert "推进重点项目建设" in review and "持续改善民生福祉" in review


def test_a_damaged_word_file_is_refused_in_chinese(client: Client, world: World) -> None:
    login(client, world.office)
    upload = SimpleUploadedFile(
        "broken.docx", b"PK\x03\x04 broken" * 20, content_type="application/octet-stream"
    )
    response = client.post("/ingest/", {"file": upload})
    assert response.status_code in (200, 400)  # the form again, with the message
    assert "损坏" in response.content.decode() and not Source.objects.exists()


def test_uncertain_rows_are_marked_for_the_reviewer(client: Client, world: World) -> None:
    login(client, world.office)
    text = "一、加强领导\n内容。\n三、强化考核\n内容。\n四、严格问责\n内容。\n"
    response = client.post("/ingest/", {"text": text})
    review = client.get(response["Location"]).content.decode()
    assert review.count('data-testid="uncertain"') == 1  # 三 after 一: kept, but flagged
