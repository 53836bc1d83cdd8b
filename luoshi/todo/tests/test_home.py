"""Each role's to-do on a small world: what it shows, in which order, and that its counts are the
counts of the pages it links to."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from luoshi.notices import services as notices
from luoshi.notifications.models import Notification
from luoshi.notifications.selectors import unread_count
from luoshi.plans.models import Status
from luoshi.reports.selectors import review_queue
from luoshi.testing import World, login, make_item
from luoshi.todo import selectors
from luoshi.todo.tests.helpers import AUGUST, approved, lead, leader_of, returned, submitted

pytestmark = pytest.mark.django_db


def _section(body: str, testid: str) -> str:
    start = body.index(f'data-testid="{testid}"')
    return body[start : body.index("</section>", start)]


def test_signed_in_people_land_on_their_to_do(client: Client, world: World) -> None:
    login(client, world.reporter_a)
    home = client.get("/")
    assert home.status_code == 302 and home["Location"] == "/todo/"
    assert client.get("/todo/").status_code == 200
    assert client.get("/accounts/login/").status_code == 200
    client.logout()
    assert "/accounts/login/" in client.get("/todo/")["Location"]


def test_the_reporter_sees_returned_reports_and_notices_first_then_what_is_owed(
    client: Client, world: World
) -> None:
    extra = make_item(
        world.plan, world.pillar, title="甲的第二件事", lead_unit=world.unit_a, due_date=dt.date(2020, 12, 31)
    )
    approved(extra, world.reporter_a, world.office, period=AUGUST, progress=30)
    returned(world.item_a, world.reporter_a, world.office, period=AUGUST)
    notice = notices.notice_issue(
        item=world.item_a,
        user=world.office,
        units=[world.unit_a],
        title="加快进度",
        requirement="说明原因",
        deadline=dt.date(2020, 10, 9),
    )
    login(client, world.reporter_a)
    response = client.get("/todo/")
    body = response.content.decode()
    todo = response.context["reporter"]
    assert [r.item_id for r in todo["returned"]] == [world.item_a.pk]
    assert [t.notice_id for t in todo["notices"]] == [notice.pk]
    assert todo["owed"] == 2
    assert "你单位本月需报送 2 项，截止 9月28日" in body
    owed = {o.item.pk: o for o in todo["plans"][0].items}
    # 序时进度 at 30 September of a year-long item: 273 of 365 days.
    assert owed[world.item_a.pk].planned == 75 and owed[world.item_a.pk].last is None
    assert owed[extra.pk].last is not None and owed[extra.pk].last.progress == 30
    assert body.index('data-testid="todo-returned"') < body.index('data-testid="todo-unit-notices"')
    assert body.index('data-testid="todo-unit-notices"') < body.index('data-testid="todo-owed"')
    assert f"/items/{world.item_a.pk}/report/?period=2020-09-01" in body
    assert "乙的事项" not in body

    submitted(world.item_a, world.reporter_a)
    submitted(extra, world.reporter_a)
    body = client.get("/todo/").content.decode()
    assert "本月报送已全部完成" in body and 'data-testid="count-owed">0<' in body


def test_a_revised_report_is_no_longer_returned(client: Client, world: World) -> None:
    from luoshi.reports import services as reports

    report = returned(world.item_a, world.reporter_a, world.office, period=AUGUST)
    reports.report_revise(report=report, user=world.reporter_a)
    login(client, world.reporter_a)
    assert client.get("/todo/").context["reporter"]["returned"] == []


def test_the_office_counts_equal_the_review_list_and_the_dashboard(client: Client, world: World) -> None:
    submitted(world.item_a, world.reporter_a)
    submitted(world.item_b, world.reporter_b)
    returned(world.item_b, world.reporter_b, world.office, period=AUGUST)
    red = make_item(
        world.plan,
        world.pillar,
        title="另一件红灯事项",
        lead_unit=world.unit_b,
        due_date=dt.date(2020, 12, 31),
    )
    notices.notice_issue(
        item=red,
        user=world.office,
        units=[world.unit_b],
        title="督办",
        requirement="整改",
        deadline=dt.date(2020, 10, 9),
    )
    login(client, world.office)
    todo = client.get("/todo/")
    counts = todo.context["office"]["counts"]
    review_list = _section(client.get("/reports/").content.decode(), "review-queue")
    assert counts["queue"] == len(re.findall(r'href="/reports/\d+/"', review_list)) == 2
    assert counts["queue"] == len(review_queue(world.office))
    drill = client.get(f"/plans/{world.plan.code}/dashboard/items/?status=red&leaves=1")
    assert Status.RED == "red" and drill.context["page"].paginator.count == counts["red"] + 1
    assert counts["red"] == 1  # item_a is red; the other red item has its notice
    body = todo.content.decode()
    assert f'data-testid="count-queue">{counts["queue"]}<' in body
    assert f'data-testid="count-red">{counts["red"]}<' in body
    assert counts["not_reported"] == 1  # the unit of the new item owes September's report


def test_the_office_sees_notice_replies_due_and_extensions(client: Client, world: World) -> None:
    notice = notices.notice_issue(
        item=world.item_a,
        user=world.office,
        units=[world.unit_a],
        title="督办",
        requirement="整改",
        deadline=dt.date(2020, 10, 1),
    )
    target = notice.targets.get()
    notices.notice_extension_request(
        target=target, user=world.reporter_a, deadline=dt.date(2020, 10, 20), reason="工期"
    )
    login(client, world.office)
    office = client.get("/todo/").context["office"]
    assert office["counts"]["notices_due"] == 1 and office["counts"]["extensions"] == 1
    assert office["counts"]["red"] == 0


def test_the_leader_sees_their_items_lagging_first_and_their_unread_messages(
    client: Client, world: World
) -> None:
    leader = leader_of(world)
    lead(world, world.item_a, leader=leader)  # red: 40% against 75% planned
    lead(world, world.item_b, leader=leader)  # green: 80%
    yellow = make_item(
        world.plan,
        world.pillar,
        title="黄灯事项",
        lead_unit=world.unit_b,
        leader=leader,
        due_date=dt.date(2020, 12, 31),
        progress=55,
    )
    behind = make_item(
        world.plan,
        world.pillar,
        title="落后的绿灯事项",
        lead_unit=world.unit_b,
        leader=leader,
        due_date=dt.date(2020, 12, 31),
        progress=70,
    )
    Notification.objects.create(user=world.leader, kind="notice", key="t:1", title="督办单已发出")
    waiting = notices.instruction_write(item=world.item_a, user=world.leader, text="请督查室跟进")
    followed = notices.instruction_write(item=world.item_b, user=world.leader, text="保持进度")
    notices.notice_issue(
        item=world.item_b,
        user=world.office,
        units=[world.unit_b],
        title="跟进",
        requirement="报告",
        deadline=dt.date(2020, 10, 9),
        instruction=followed,
    )
    login(client, world.leader)
    response = client.get("/todo/")
    rows = response.context["leader"]["items"]
    assert [r.item.pk for r in rows] == [world.item_a.pk, yellow.pk, behind.pk, world.item_b.pk]
    assert [r.item.status for r in rows[:2]] == ["red", "yellow"]
    assert response.context["leader"]["lagging"] == 2
    assert [i.pk for i in response.context["leader"]["instructions"]] == [waiting.pk]
    body = response.content.decode()
    # the header's count: the message above and the one telling of the notice on the instruction
    assert unread_count(world.leader) == 2 and 'data-testid="count-unread">2<' in body
    assert "督办单已发出" in body
    assert "乙的事项" in body and 'data-testid="todo-queue"' not in body


def test_another_organisations_people_see_nothing_of_this_to_do(client: Client, world: World) -> None:
    from luoshi.testing import make_organisation, make_world

    other = make_world(make_organisation("别县", code="other"), key="_x", marker="别县")
    submitted(world.item_a, world.reporter_a)
    login(client, other.office)
    body = client.get("/todo/").content.decode()
    assert f"/items/{world.item_a.pk}/" not in body and world.plan.name not in body
    assert "别县甲的事项" in body
    assert selectors.office_home(other.office)["counts"]["queue"] == 0


def test_the_review_page_shows_scheduled_progress_and_the_last_approved_figure(
    client: Client, world: World
) -> None:
    approved(world.item_a, world.reporter_a, world.office, period=AUGUST, progress=45)
    report = submitted(world.item_a, world.reporter_a, progress=50)
    login(client, world.office)
    body = client.get(f"/reports/{report.pk}/").content.decode()
    planned = body[body.index('data-testid="report-planned"') :]
    assert planned.startswith('data-testid="report-planned">75%') and "截至 2020-09-30" in planned
    previous = body[body.index('data-testid="report-previous"') :]
    assert ">45%</a>" in previous[:200] and "2020-08" in previous[:300]


def test_an_item_without_a_lead_unit_still_shows_on_the_leaders_to_do(client: Client, world: World) -> None:
    leader = leader_of(world)
    make_item(
        world.plan, world.pillar, title="无牵头单位的事项", leader=leader, due_date=dt.date(2020, 12, 31)
    )
    login(client, world.leader)
    response = client.get("/todo/")
    assert response.status_code == 200 and "无牵头单位的事项" in response.content.decode()


def test_long_lists_show_their_first_rows_and_count_them_all(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "LIST_LIMIT", 2)
    extra = [
        make_item(
            world.plan, world.pillar, title=f"红灯{n}", lead_unit=world.unit_a, due_date=dt.date(2020, 12, 31)
        )
        for n in range(4)
    ]
    type(extra[0]).objects.filter(pk__in=[i.pk for i in extra]).update(status=Status.RED)
    red_total = selectors.red_without_notice(world.plan).count()
    assert red_total >= 5
    login(client, world.office)
    body = client.get("/todo/").content.decode()
    red = _section(body, "todo-red")
    assert f'data-testid="count-red">{red_total}<' in red
    assert red.count("<li>") == 2 and 'data-testid="red-more"' in red and f"{red_total}" in red
    owed = (
        selectors.owed_items(world.plan, world.plan.current_period()).filter(lead_unit=world.unit_a).count()
    )
    assert owed >= 5
    client.logout()
    login(client, world.reporter_a)
    owed_section = _section(client.get("/todo/").content.decode(), "todo-owed")
    assert f'data-testid="count-owed">{owed}<' in owed_section
    assert owed_section.count('data-testid="owed-item"') == 2 and 'data-testid="owed-more"' in owed_section
