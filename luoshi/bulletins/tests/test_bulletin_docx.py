"""The bulletin's docx in the official-document layout (GB/T 9704-2012), read back with python-docx."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from luoshi.bulletins import services as bulletins
from luoshi.bulletins.tests.test_bulletins import _rated_world
from luoshi.lib.tests.readback import assert_official_layout, east_asian_font, read_back
from luoshi.organisations.models import Organisation
from luoshi.testing import PASSWORD, World

pytestmark = pytest.mark.django_db


def test_the_bulletin_docx_is_laid_out_as_an_official_document(world: World) -> None:
    Organisation.objects.filter(pk=world.plan.organisation_id).update(name="古县", short_name="古")
    world.plan.organisation.refresh_from_db()
    _rated_world(world)
    with time_machine.travel(dt.datetime(2020, 9, 30, 9, tzinfo=dt.UTC), tick=False):
        bulletin = bulletins.bulletin_generate(plan=world.plan, user=world.office, title="第三季度督查通报")
    office = Client()
    office.login(username="office", password=PASSWORD)
    page = office.get(f"/bulletins/{bulletin.pk}/").content.decode()
    assert f'href="/bulletins/{bulletin.pk}/docx/"' in page
    response = office.get(f"/bulletins/{bulletin.pk}/docx/")
    assert response.status_code == 200

    back = read_back(response.content)
    assert_official_layout(
        back,
        mark="古县督查通报",
        number="古督通〔2020〕1号",
        title="第三季度督查通报",
        addressee="各有关单位",
    )
    assert back.texts[4].startswith("现将截至")  # the body, in the site's language
    heading = back.paragraph("一、总体进展")
    assert east_asian_font(heading.runs[0]) == "黑体"  # a first-level heading
    ranking = back.document.tables[1]
    assert [row.cells[1].text for row in ranking.rows[1:]] == ["单位乙", "单位甲"]
    assert back.texts[-2:] == ["古县督查室", "2020年9月30日"]
