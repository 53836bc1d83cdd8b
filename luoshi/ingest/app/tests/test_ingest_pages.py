from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from luoshi.accounts.tests.test_access import login
from luoshi.commands.management.commands.demo import DEMO_FILE, build_plan_from_text
from luoshi.ingest.app.models import Source
from luoshi.ingest.app.services import enrich_from_demo, title_key
from luoshi.plans.loader import read_plan_file
from luoshi.plans.models import Item, Plan
from luoshi.status.changes import plan_load
from luoshi.testing import World

SEED = Path(__file__).resolve().parents[4] / ".." / "shared" / "seeds" / "gu-county-1234-interview-2020.txt"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason="the shared seed text is not beside the repository")
pytestmark = pytest.mark.django_db
PILLARS = ["擦亮一张名片", "做强两大产业", "推进三城联创", "办好四件大事"]


@needs_seed
def test_office_turns_the_seed_into_a_plan_after_review(client: Client, world: World) -> None:
    login(client, world.office)
    upload = SimpleUploadedFile("seed.txt", SEED.read_bytes(), content_type="text/plain")
    response = client.post("/ingest/", {"file": upload})
    assert response.status_code == 302
    source = Source.objects.get()
    review = client.get(response["Location"]).content.decode()
    assert "發(fā)" not in review and "国道341线改建工程" in review
    form = {
        "code": "gu-from-text",
        "name": "古县“1234”",
        "start_date": "2020-01-01",
        "end_date": "2020-12-31",
    }
    rows = [k for k in review.split('name="title-')[1:]]
    keys = [r.split('"', 1)[0] for r in rows]
    for key in keys:
        form[f"keep-{key}"] = "on"
        form[f"title-{key}"] = review.split(f'name="title-{key}" value="', 1)[1].split('"', 1)[0]
        form[f"kind-{key}"] = ""
    form["title-0"] = "擦亮“天下第一牡丹”名片"  # an edit by the reviewer
    accepted = client.post(f"/ingest/{source.pk}/", form)
    assert accepted.status_code == 302, accepted.content.decode()[:3000]
    plan = Plan.objects.get(code="gu-from-text")
    tops = list(Item.objects.filter(plan=plan, depth=1).order_by("path").values_list("title", flat=True))
    assert tops == ["擦亮“天下第一牡丹”名片", *PILLARS[1:]]
    assert Item.objects.filter(plan=plan, kind="project", title__contains="国道341线").exists()


def test_binary_upload_gets_a_clear_error_and_stores_nothing(client: Client, world: World) -> None:
    login(client, world.office)
    blob = SimpleUploadedFile("x.txt", bytes(range(256)) * 64, content_type="application/octet-stream")
    response = client.post("/ingest/", {"file": blob})
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert not Source.objects.exists()


def test_form_errors_are_answered_400_with_the_message(client: Client, world: World) -> None:
    login(client, world.office)
    response = client.post("/ingest/", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "Paste a text or choose a file." in response.content.decode()
    assert client.get("/ingest/").status_code == 200


def test_only_the_office_ingests(client: Client, world: World) -> None:
    login(client, world.reporter_a)
    assert client.get("/ingest/").status_code == 403
    assert client.post("/ingest/", {"text": "一、测试"}).status_code == 403


@needs_seed
def test_demo_from_text_matches_the_hand_written_demo_plan() -> None:
    from luoshi.ingest import ingest_file

    data = build_plan_from_text(SEED, ingest_file=ingest_file, enrich=enrich_from_demo)
    built = plan_load(data).plan
    hand = plan_load(read_plan_file(DEMO_FILE)).plan
    tops = list(Item.objects.filter(plan=built, depth=1).order_by("path").values_list("title", flat=True))
    assert tops == PILLARS
    hand_keys = {title_key(t) for t in Item.objects.filter(plan=hand).values_list("title", flat=True)}
    built_items = list(Item.objects.filter(plan=built))
    matched = [
        i for i in built_items if any(title_key(i.title) in k or k in title_key(i.title) for k in hand_keys)
    ]
    assert len(matched) / len(built_items) >= 0.8
    g341 = next(i for i in built_items if "国道341线" in i.title)
    assert g341.lead_unit is not None and g341.lead_unit.short_name == "交通局"
    assert {i.status for i in built_items} - {"none"}


def test_the_review_page_names_repairs_and_the_encoding_in_chinese(client: Client, world: World) -> None:
    login(client, world.office)
    text = "一、加快發(fā)展\n推动產業(yè)發(fā)展。\n二、做好服務\n提升服務水平。\n"
    response = client.post("/ingest/", {"text": text}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 302
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "拼音注音 × 3" in page and "繁体转简体 × " in page
    assert "编码 粘贴文本" in page
    assert "pinyin-debris" not in page and "编码 str" not in page
