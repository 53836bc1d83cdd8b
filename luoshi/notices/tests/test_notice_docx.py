"""The 督办单 as a docx in the official-document layout (GB/T 9704-2012), read back with python-docx."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from luoshi.lib.tests.readback import assert_official_layout, read_back
from luoshi.notices import services
from luoshi.organisations.models import Organisation
from luoshi.testing import PASSWORD, World

pytestmark = pytest.mark.django_db


def _notice(world: World) -> object:
    Organisation.objects.filter(pk=world.plan.organisation_id).update(name="古县", short_name="古")
    world.plan.organisation.refresh_from_db()
    with time_machine.travel(dt.datetime(2020, 9, 5, 10, tzinfo=dt.UTC), tick=False):
        return services.notice_issue(
            item=world.item_a,
            user=world.office,
            units=[world.unit_a, world.unit_b],
            title="关于加快甲的事项的督办单",
            requirement="一、限期整改到位。\n二、按月报送进展。",
            deadline=dt.date(2020, 10, 10),
        )


def test_the_notice_docx_is_laid_out_as_an_official_document(world: World) -> None:
    notice = _notice(world)
    office = Client()
    office.login(username="office", password=PASSWORD)
    page = office.get(f"/notices/{notice.pk}/").content.decode()  # type: ignore[attr-defined]
    assert f'href="/notices/{notice.pk}/docx/"' in page  # type: ignore[attr-defined]
    response = office.get(f"/notices/{notice.pk}/docx/")  # type: ignore[attr-defined]
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert "attachment" in response["Content-Disposition"]

    back = read_back(response.content)
    assert_official_layout(
        back,
        mark="古县督查室",
        number="古督〔2020〕1号",
        title="关于加快甲的事项的督办单",
        addressee="单位乙、单位甲",  # in the order of the page: by name
    )
    assert "一、限期整改到位。" in back.texts and "二、按月报送进展。" in back.texts
    assert any("2020年10月10日" in text for text in back.texts)  # the reply date, in words of the text
    # the seal area: the office over the date, both right-aligned, the date in Arabic numerals
    assert back.texts[-2:] == ["古县督查室", "2020年9月5日"]
    assert back.paragraph("2020年9月5日").alignment == 2


def test_a_reporter_gets_the_notice_with_its_own_unit_only(world: World) -> None:
    notice = _notice(world)
    reporter = Client()
    reporter.login(username="reporter_a", password=PASSWORD)
    back = read_back(reporter.get(f"/notices/{notice.pk}/docx/").content)  # type: ignore[attr-defined]
    assert back.texts[3] == "单位甲："
    other = Client()
    other.login(username="reporter_b", password=PASSWORD)
    assert other.get("/notices/999999/docx/").status_code == 404
