from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from luoshi.notices import services as supervision
from luoshi.reports.models import Report
from luoshi.reports.services import ReportData, report_approve, report_draft_save, report_submit
from luoshi.testing import World

pytestmark = pytest.mark.django_db


def _reports(world: World) -> tuple[Report, Report]:
    approved = report_draft_save(
        item=world.item_a,
        user=world.reporter_a,
        period=dt.date(2020, 8, 1),
        data=ReportData(work_done="完成了一半", progress=50, problems="资金", next_steps="争取资金"),
    )
    report_submit(report=approved, user=world.reporter_a)
    report_approve(report=approved, user=world.office)
    draft = report_draft_save(
        item=world.item_b,
        user=world.reporter_b,
        period=dt.date(2020, 9, 1),
        data=ReportData(work_done="草稿"),
    )
    return approved, draft


def test_reports_are_listed_with_drafts_only_for_their_own_unit(
    client: Client, world: World, tokens: dict[str, str]
) -> None:
    approved, draft = _reports(world)
    for name, expected in (
        ("office", {approved.pk}),
        ("reporter_b", {approved.pk, draft.pk}),
        ("reporter_a", {approved.pk}),
        ("leader", {approved.pk}),
    ):
        got = client.get("/api/reports", HTTP_AUTHORIZATION=tokens[name]).json()
        assert {r["id"] for r in got["items"]} == expected, name
    detail = client.get(f"/api/reports/{approved.pk}", HTTP_AUTHORIZATION=tokens["leader"]).json()
    assert (
        detail["state"] == "approved"
        and detail["work_done"] == "完成了一半"
        and detail["plan"] == world.plan.code
    )
    hidden = client.get(f"/api/reports/{draft.pk}", HTTP_AUTHORIZATION=tokens["reporter_a"])
    assert hidden.status_code == 404
    filtered = client.get(
        "/api/reports", {"state": "approved", "item_id": world.item_a.pk}, HTTP_AUTHORIZATION=tokens["office"]
    ).json()
    assert [r["id"] for r in filtered["items"]] == [approved.pk]


def test_notices_are_scoped_to_their_addressed_units(
    client: Client, world: World, tokens: dict[str, str]
) -> None:
    notice = supervision.notice_issue(
        item=world.item_a,
        user=world.office,
        units=[world.unit_a],
        title="关于加快甲的事项进度的督办单",
        requirement="请报送整改措施",
        deadline=dt.date(2020, 10, 10),
    )
    for name in ("office", "leader", "reporter_a"):
        got = client.get("/api/notices", HTTP_AUTHORIZATION=tokens[name]).json()
        assert [n["id"] for n in got["items"]] == [notice.pk], name
        assert [t["unit_id"] for t in got["items"][0]["targets"]] == [world.unit_a.pk]
    assert client.get("/api/notices", HTTP_AUTHORIZATION=tokens["reporter_b"]).json()["count"] == 0
    assert client.get(f"/api/notices/{notice.pk}", HTTP_AUTHORIZATION=tokens["reporter_b"]).status_code == 404
    mine = client.get("/api/notifications", HTTP_AUTHORIZATION=tokens["reporter_a"]).json()
    theirs = client.get("/api/notifications", HTTP_AUTHORIZATION=tokens["reporter_b"]).json()
    assert mine["count"] >= 1 and theirs["count"] == 0
