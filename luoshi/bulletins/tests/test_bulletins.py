"""Bulletins: the figures equal the dashboard's, and the docx and PDF open and say the same."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from django.test import Client

from luoshi.bulletins import export
from luoshi.bulletins import services as bulletins
from luoshi.bulletins.export import bulletin_docx, bulletin_pdf
from luoshi.bulletins.models import Bulletin
from luoshi.dashboard import selectors
from luoshi.notices import services as notices
from luoshi.plans.models import Item
from luoshi.reports.models import ReportDue
from luoshi.status import services
from luoshi.testing import PASSWORD, World

pytestmark = pytest.mark.django_db


def _rated_world(world: World) -> World:
    Item.objects.filter(pk=world.item_a.pk).update(progress=10)  # far behind: red
    Item.objects.filter(pk=world.item_b.pk).update(progress=80)
    ReportDue.objects.create(
        plan=world.plan,
        item=world.item_a,
        unit=world.unit_a,
        period=dt.date(2020, 9, 1),
        due_date=dt.date(2020, 9, 28),
        outcome=ReportDue.Outcome.MISSING,
    )
    services.plan_recompute(plan=world.plan, today=world.plan.today())
    notices.notice_issue(
        item=world.item_a,
        user=world.office,
        units=[world.unit_a],
        title="关于加快甲的事项的督办单",
        requirement="限期整改",
        deadline=dt.date(2020, 10, 10),
    )
    return world


def test_bulletin_figures_equal_the_dashboards(world: World) -> None:
    _rated_world(world)
    dashboard = selectors.dashboard(world.plan)
    bulletin = bulletins.bulletin_generate(plan=world.plan, user=world.office)
    data = bulletin.data
    assert data["counts"] == dashboard["counts"] and data["total"] == dashboard["total"]
    assert data["as_of"] == dashboard["today"].isoformat()
    by_unit = {row["unit"].pk: row for row in dashboard["units"]}
    for row in data["units"]:
        source = by_unit[row["unit_id"]]
        assert {k: row[k] for k in ("red", "yellow", "green", "done", "missing_total", "late_total")} == {
            k: source[k] for k in ("red", "yellow", "green", "done", "missing_total", "late_total")
        }
    assert [row["item"] for row in data["pillars"]] == [str(row["item"]) for row in dashboard["pillars"]]
    assert [i["item"] for i in data["lagging"]] == [str(i) for i in dashboard["lagging"]]
    assert [u["unit"] for u in data["units"]] == [
        "单位乙",
        "单位甲",
    ]  # 甲 has a red item and a missing report
    assert data["units"][0]["rank"] == 1 and data["units"][1]["rank"] == 2
    assert any(c["unit"] == "单位甲" for c in data["criticised"])
    assert [n["number"] for n in data["notices"]] == ["督〔2020〕1号"]


def test_bulletins_are_numbered_in_their_own_series(world: World) -> None:
    first = bulletins.bulletin_generate(plan=world.plan, user=world.office)
    second = bulletins.bulletin_generate(plan=world.plan, user=world.office, title="第三季度通报")
    assert (first.number, second.number) == ("督通〔2020〕1号", "督通〔2020〕2号")
    assert second.title == "第三季度通报"


def test_the_docx_opens_and_holds_the_ranking(world: World) -> None:
    from docx import Document

    bulletin = bulletins.bulletin_generate(plan=_rated_world(world).plan, user=world.office)
    document = Document(io.BytesIO(bulletin_docx(bulletin)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert bulletin.number in text and bulletin.title in text
    ranking = document.tables[1]
    assert [row.cells[1].text for row in ranking.rows[1:]] == ["单位乙", "单位甲"]
    assert "甲的事项" in document.tables[2].rows[1].cells[0].text  # lagging items, with the reason
    assert document.tables[2].rows[1].cells[4].text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (Debian: poppler-utils) is missing")
def test_the_pdf_opens_and_holds_the_ranking(world: World, tmp_path: object) -> None:
    bulletin = bulletins.bulletin_generate(plan=_rated_world(world).plan, user=world.office)
    pdf = bulletin_pdf(bulletin)
    assert pdf.startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert bulletin.number in text
    ranking = text[text.index("单位排名") :]
    assert ranking.index("单位乙") < ranking.index("单位甲")


def test_the_preview_and_downloads_through_the_pages(world: World) -> None:
    office = Client()
    office.login(username="office", password=PASSWORD)
    response = office.post(f"/plans/{world.plan.code}/bulletins/new/", {"title": ""})
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302
    assert bulletin.number in office.get(f"/bulletins/{bulletin.pk}/").content.decode()
    docx = office.get(f"/bulletins/{bulletin.pk}/docx/")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    reporter = Client()
    reporter.login(username="reporter_a", password=PASSWORD)
    assert reporter.post(f"/plans/{world.plan.code}/bulletins/new/").status_code == 403
    assert reporter.get(f"/bulletins/{bulletin.pk}/").status_code == 200  # bulletins go to every unit
    assert reporter.get("/bulletins/999999/").status_code == 404


def test_without_a_chinese_font_the_pdf_link_explains_and_offers_the_docx(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    bulletin = bulletins.bulletin_generate(plan=world.plan, user=world.office)
    monkeypatch.setattr(export, "cjk_font_installed", lambda: False)
    office = Client()
    office.force_login(world.office)
    response = office.get(f"/bulletins/{bulletin.pk}/pdf/")
    assert response.status_code == 302 and response["Location"] == f"/bulletins/{bulletin.pk}/"
    page = office.get(response["Location"]).content.decode()
    assert "未安装中文字体，无法生成 PDF；请安装 fonts-noto-cjk，或下载 Word 版" in page
    assert f'href="/bulletins/{bulletin.pk}/docx/"' in page
    assert 'data-testid="download-pdf"' not in page
    with pytest.raises(export.CjkFontMissing):
        bulletin_pdf(bulletin)


def test_with_a_chinese_font_the_pdf_link_gives_a_pdf(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    bulletin = bulletins.bulletin_generate(plan=world.plan, user=world.office)
    monkeypatch.setattr(export, "cjk_font_installed", lambda: True)
    office = Client()
    office.force_login(world.office)
    assert 'data-testid="download-pdf"' in office.get(f"/bulletins/{bulletin.pk}/").content.decode()
    response = office.get(f"/bulletins/{bulletin.pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


def test_the_font_check_asks_fontconfig_once_in_a_while(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def fake_run(*args: object, **kwargs: object) -> subprocess.CompletedProcess[str]:
        calls.append(args)
        return subprocess.CompletedProcess(args, 0, stdout="", stderr="")

    monkeypatch.setattr(export, "_font_check", None)
    monkeypatch.setattr(export.subprocess, "run", fake_run)
    assert export.cjk_font_installed() is False
    assert export.cjk_font_installed() is False
    assert len(calls) == 1
