"""The office's bulk actions: the preview lists exactly what will happen, the confirm does all of it in
one transaction, and anything that changed meanwhile (or fails half-way) leaves everything as it was."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from luoshi.notices import services as notices
from luoshi.notices.models import DocumentSeries, Notice
from luoshi.notifications.models import Notification
from luoshi.plans.models import Item
from luoshi.reports import services as reports
from luoshi.reports.models import Report
from luoshi.testing import World, login, make_item, make_organisation, make_world
from luoshi.todo import selectors as todo_selectors
from luoshi.todo import services as todo_services
from luoshi.todo.tests.helpers import SEPTEMBER, lead, submitted

pytestmark = pytest.mark.django_db


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- approve ------------------------------------------------------------------------------------


def test_approving_several_reports_previews_them_then_approves_all(client: Client, world: World) -> None:
    a = submitted(world.item_a, world.reporter_a, progress=60)
    b = submitted(world.item_b, world.reporter_b, progress=85)
    login(client, world.office)
    preview = client.post("/todo/approve/", {"step": "preview", "report": [a.pk, b.pk]})
    assert preview.status_code == 200
    assert [r.pk for r, _planned in preview.context["rows"]] == [a.pk, b.pk]
    assert "将批准 2 份报告" in preview.content.decode()
    assert Report.objects.filter(state="approved").count() == 0  # a preview writes nothing
    done = client.post("/todo/approve/", {"step": "confirm", "report": [a.pk, b.pk]}, follow=True)
    assert "已批准 2 份报告" in _messages(done)
    assert set(Report.objects.filter(pk__in=[a.pk, b.pk]).values_list("state", flat=True)) == {"approved"}
    assert Item.objects.get(pk=world.item_a.pk).progress == 60


def test_a_report_approved_by_someone_else_meanwhile_refuses_the_batch(client: Client, world: World) -> None:
    a = submitted(world.item_a, world.reporter_a, progress=60)
    b = submitted(world.item_b, world.reporter_b, progress=85)
    login(client, world.office)
    reports.report_approve(report=b, user=world.office)  # a colleague, after the preview
    refused = client.post("/todo/approve/", {"step": "confirm", "report": [a.pk, b.pk]})
    assert refused.status_code == 409
    assert Report.objects.get(pk=a.pk).state == "submitted"
    assert [r.pk for r in refused.context["stale"]] == [b.pk]
    assert [r.pk for r, _p in refused.context["rows"]] == [a.pk]  # offered again without it


def test_a_failure_half_way_through_approving_leaves_nothing_approved(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = submitted(world.item_a, world.reporter_a, progress=60)
    b = submitted(world.item_b, world.reporter_b, progress=85)
    real = reports.report_approve
    calls: list[int] = []

    def flaky(**kwargs: Any) -> Report:
        calls.append(kwargs["report"].pk)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real(**kwargs)

    monkeypatch.setattr(todo_services.report_services, "report_approve", flaky)
    with pytest.raises(RuntimeError):
        todo_services.reports_approve(user=world.office, report_ids=[a.pk, b.pk])
    assert len(calls) == 2
    assert set(Report.objects.values_list("state", flat=True)) == {"submitted"}
    assert Item.objects.get(pk=world.item_a.pk).progress == 40


def test_only_the_office_approves_and_only_its_own_reports(client: Client, world: World) -> None:
    a = submitted(world.item_a, world.reporter_a)
    other = make_world(make_organisation("别县", code="other"), key="_x", marker="别县")
    theirs = submitted(other.item_a, other.reporter_a)
    for user in (world.reporter_a, world.leader):
        login(client, user)
        assert client.get("/todo/approve/").status_code == 404
        assert client.post("/todo/approve/", {"step": "confirm", "report": [a.pk]}).status_code == 404
    login(client, world.office)
    mixed = {"step": "confirm", "report": [a.pk, theirs.pk]}
    assert client.post("/todo/approve/", mixed).status_code == 404
    assert client.post("/todo/approve/", {"step": "confirm", "report": ["x"]}).status_code == 404
    assert set(Report.objects.values_list("state", flat=True)) == {"submitted"}


# --- chase ----------------------------------------------------------------------------------------


def test_chasing_every_unit_that_has_not_reported(client: Client, world: World) -> None:
    login(client, world.office)
    url = f"/todo/plans/{world.plan.code}/chase/"
    preview = client.get(url)
    rows = preview.context["rows"]
    assert sorted((u.pk, n) for u, n, _people in rows) == sorted([(world.unit_a.pk, 1), (world.unit_b.pk, 1)])
    assert Notification.objects.count() == 0
    body = {"period": SEPTEMBER.isoformat(), "unit": [world.unit_a.pk, world.unit_b.pk]}
    done = client.post(url, body, follow=True)
    assert "已向 2 个单位发出催办" in _messages(done)
    chased = Notification.objects.filter(key__startswith="chase:")
    assert sorted(chased.values_list("user__username", flat=True)) == ["reporter_a", "reporter_b"]
    client.post(url, body)  # the same day again: nothing new
    assert chased.count() == 2


def test_a_unit_that_reported_meanwhile_refuses_the_chase(client: Client, world: World) -> None:
    login(client, world.office)
    submitted(world.item_b, world.reporter_b)  # after the preview
    body = {"period": SEPTEMBER.isoformat(), "unit": [world.unit_a.pk, world.unit_b.pk]}
    refused = client.post(f"/todo/plans/{world.plan.code}/chase/", body)
    assert refused.status_code == 409
    assert not Notification.objects.filter(key__startswith="chase:").exists()
    assert [u.pk for u, _n, _p in refused.context["rows"]] == [world.unit_a.pk]


def test_only_the_office_chases_and_only_in_its_own_plans(client: Client, world: World) -> None:
    other = make_world(make_organisation("别县", code="other"), key="_x", marker="别县")
    body = {"period": SEPTEMBER.isoformat(), "unit": [world.unit_a.pk]}
    for user in (world.reporter_a, world.leader):
        login(client, user)
        assert client.post(f"/todo/plans/{world.plan.code}/chase/", body).status_code == 404
    login(client, world.office)
    assert client.get(f"/todo/plans/{other.plan.code}/chase/").status_code == 404
    assert client.post(f"/todo/plans/{other.plan.code}/chase/", body).status_code == 404
    assert not Notification.objects.exists()


# --- notices --------------------------------------------------------------------------------------


def _red(world: World) -> Item:
    return make_item(
        world.plan,
        world.pillar,
        title="又一件红灯事项",
        lead_unit=world.unit_b,
        due_date=dt.date(2020, 12, 31),
    )


def test_issuing_notices_to_every_red_item_without_one(client: Client, world: World) -> None:
    red = _red(world)
    login(client, world.office)
    url = f"/todo/plans/{world.plan.code}/notices/"
    preview = client.get(url)
    assert [i.pk for i in preview.context["rows"]] == [world.item_a.pk, red.pk]
    assert not Notice.objects.exists()
    body = {"item": [world.item_a.pk, red.pk], "deadline": "2020-10-09", "requirement": "说明原因"}
    done = client.post(url, body, follow=True)
    assert "已下发 2 份督办单" in _messages(done)
    issued = Notice.objects.order_by("sequence")
    assert [(n.item_id, n.targets.get().unit_id) for n in issued] == [
        (world.item_a.pk, world.unit_a.pk),
        (red.pk, world.unit_b.pk),
    ]
    assert client.get(url).context["rows"] == []


def test_many_red_items_get_their_notices_a_batch_at_a_time_in_plan_order(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(todo_selectors, "NOTICE_BATCH", 2)
    extra = [_red(world), _red(world), _red(world)]
    red = [world.item_a.pk, *(i.pk for i in extra)]  # item_a comes first in plan order
    login(client, world.office)
    url = f"/todo/plans/{world.plan.code}/notices/"
    preview = client.get(url)
    assert [i.pk for i in preview.context["rows"]] == red[:2]
    assert preview.context["total"] == 4 and 'data-testid="bulk-later"' in preview.content.decode()
    # A form listing more than the batch (or another batch) is refused and issues nothing.
    refused = client.post(url, {"item": red, "deadline": "2020-10-09", "requirement": "说明原因"})
    assert refused.status_code == 409 and not Notice.objects.exists()
    client.post(url, {"item": red[:2], "deadline": "2020-10-09", "requirement": "说明原因"})
    assert sorted(Notice.objects.values_list("item_id", flat=True)) == sorted(red[:2])
    following = client.get(url)
    assert [i.pk for i in following.context["rows"]] == red[2:]
    assert 'data-testid="bulk-later"' not in following.content.decode()


def test_a_notice_issued_meanwhile_or_a_failure_half_way_issues_none(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    red = _red(world)
    login(client, world.office)
    url = f"/todo/plans/{world.plan.code}/notices/"
    body = {"item": [world.item_a.pk, red.pk], "deadline": "2020-10-09", "requirement": "说明原因"}
    real = notices.notice_issue
    calls: list[int] = []

    def flaky(**kwargs: Any) -> Notice:
        calls.append(kwargs["item"].pk)
        if len(calls) == 2:
            raise RuntimeError("the disk is full")
        return real(**kwargs)

    monkeypatch.setattr(todo_services.notice_services, "notice_issue", flaky)
    with pytest.raises(RuntimeError):
        todo_services.notices_issue_for_red(
            user=world.office,
            plan=world.plan,
            item_ids=[world.item_a.pk, red.pk],
            deadline=dt.date(2020, 10, 9),
            requirement="说明原因",
        )
    assert not Notice.objects.exists()
    assert DocumentSeries.objects.filter(last_number__gt=0).count() == 0  # the number rolled back too
    monkeypatch.setattr(todo_services.notice_services, "notice_issue", real)
    real(
        item=red,
        user=world.office,
        units=[world.unit_b],
        title="督办",
        requirement="整改",
        deadline=dt.date(2020, 10, 9),
    )  # a colleague, after the preview
    refused = client.post(url, body)
    assert refused.status_code == 409
    assert Notice.objects.count() == 1
    past = client.post(url, {**body, "item": [world.item_a.pk], "deadline": "2020-09-01"})
    assert past.status_code == 400 and Notice.objects.count() == 1


# --- reassign -------------------------------------------------------------------------------------


def test_moving_items_to_another_unit_previews_then_moves_them_all(client: Client, world: World) -> None:
    login(client, world.office)
    url = f"/todo/plans/{world.plan.code}/reassign/"
    assert client.get(url).status_code == 200
    extra = make_item(
        world.plan, world.pillar, title="丙", lead_unit=world.unit_a, due_date=dt.date(2020, 12, 31)
    )
    preview = client.post(
        url, {"step": "preview", "item": [world.item_a.pk, extra.pk], "unit": world.unit_b.pk}
    )
    assert preview.status_code == 200
    assert [i.pk for i in preview.context["items"]] == [world.item_a.pk, extra.pk]
    assert Item.objects.get(pk=world.item_a.pk).lead_unit_id == world.unit_a.pk
    versions = {f"version_{i.pk}": i.version for i in preview.context["items"]}
    body = {"step": "confirm", "item": [world.item_a.pk, extra.pk], "unit": world.unit_b.pk, **versions}
    done = client.post(url, body, follow=True)
    assert "已将 2 项改由单位乙牵头" in _messages(done)
    assert set(
        Item.objects.filter(pk__in=[world.item_a.pk, extra.pk]).values_list("lead_unit", flat=True)
    ) == {world.unit_b.pk}


def test_a_stale_version_refuses_the_whole_move_naming_the_item(client: Client, world: World) -> None:
    login(client, world.office)
    url = f"/todo/plans/{world.plan.code}/reassign/"
    a, b = (Item.objects.get(pk=i.pk) for i in (world.item_a, world.item_b))
    lead(world, world.item_b, progress=81)  # someone else saves item B after the preview
    body = {
        "step": "confirm",
        "item": [a.pk, b.pk],
        "unit": world.unit_b.pk,
        f"version_{a.pk}": a.version,
        f"version_{b.pk}": b.version,
    }
    refused = client.post(url, body)
    assert refused.status_code == 409
    assert any("乙的事项" in m for m in _messages(refused))
    assert Item.objects.get(pk=a.pk).lead_unit_id == world.unit_a.pk
    assert Item.objects.get(pk=a.pk).version == a.version


def test_only_the_office_moves_items_and_only_its_own(client: Client, world: World) -> None:
    other = make_world(make_organisation("别县", code="other"), key="_x", marker="别县")
    a = Item.objects.get(pk=world.item_a.pk)
    body = {"step": "confirm", "item": [a.pk], "unit": world.unit_b.pk, f"version_{a.pk}": a.version}
    url = f"/todo/plans/{world.plan.code}/reassign/"
    for user in (world.reporter_a, world.leader):
        login(client, user)
        assert client.post(url, body).status_code == 404
    login(client, world.office)
    theirs = {"step": "confirm", "item": [a.pk, other.item_a.pk], "unit": world.unit_b.pk}
    assert client.post(url, theirs).status_code == 404
    assert client.post(url, {**body, "unit": other.unit_b.pk}).status_code == 404
    assert client.post(f"/todo/plans/{other.plan.code}/reassign/", body).status_code == 404
    assert Item.objects.get(pk=a.pk).lead_unit_id == world.unit_a.pk
