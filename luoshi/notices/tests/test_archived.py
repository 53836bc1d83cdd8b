"""An archived plan (a closed year) is read-only for notices and instructions: every step is refused
with the reason, nothing is written, and the notice page offers no controls."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from luoshi.notices import services
from luoshi.notices.models import (
    DocumentSeries,
    Instruction,
    Notice,
    NoticeEvent,
    NoticeExtension,
    NoticeTarget,
)
from luoshi.notifications.models import Notification
from luoshi.plans.models import Item, Plan, PlanArchivedError, Status
from luoshi.testing import World, login, make_item
from luoshi.todo import selectors as todo_selectors
from luoshi.todo import services as todo_services

pytestmark = pytest.mark.django_db

REFUSED = "已归档"  # in the Chinese message of PlanArchivedError
MODELS = (Notice, NoticeTarget, NoticeEvent, NoticeExtension, Instruction, DocumentSeries, Notification)


def _rows() -> dict[str, list[dict[str, Any]]]:
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}


@pytest.fixture
def closed(world: World) -> World:
    """A notice to unit A (acknowledged, with an extension asked for) and one to unit B (replied);
    a red item without a notice; then the plan is archived."""
    first = services.notice_issue(
        item=world.item_a,
        user=world.office,
        units=[world.unit_a],
        title="关于加快甲的事项进度的督办单",
        requirement="请报送整改措施",
        deadline=dt.date(2020, 10, 10),
    )
    target_a = NoticeTarget.objects.get(notice=first)
    services.notice_acknowledge(target=target_a, user=world.reporter_a)
    extension = services.notice_extension_request(
        target=target_a, user=world.reporter_a, deadline=dt.date(2020, 10, 20), reason="材料未齐"
    )
    second = services.notice_issue(
        item=world.item_b,
        user=world.office,
        units=[world.unit_b],
        title="关于乙的事项的督办单",
        requirement="请说明进展",
        deadline=dt.date(2020, 10, 10),
    )
    target_b = NoticeTarget.objects.get(notice=second)
    services.notice_reply(target=target_b, user=world.reporter_b, text="已整改")
    fresh = services.notice_issue(  # still only issued: the unit has not acknowledged it
        item=world.item_b,
        user=world.office,
        units=[world.unit_a],
        title="关于乙的事项的第二张督办单",
        requirement="请说明",
        deadline=dt.date(2020, 10, 10),
    )
    red = make_item(world.plan, world.pillar, title="落后的事项", lead_unit=world.unit_a)
    Item.objects.filter(pk=red.pk).update(status=Status.RED)
    world.red = red  # type: ignore[attr-defined]
    Plan.objects.filter(pk=world.plan.pk).update(archived_at=timezone.now())
    world.plan.refresh_from_db()
    world.first, world.second, world.fresh = first, second, fresh  # type: ignore[attr-defined]
    world.target_a, world.target_b = target_a, target_b  # type: ignore[attr-defined]
    world.target_fresh = NoticeTarget.objects.get(notice=fresh)  # type: ignore[attr-defined]
    world.extension = extension  # type: ignore[attr-defined]
    return world


def test_every_notice_write_on_an_archived_plan_is_refused_and_changes_nothing(closed: World) -> None:
    w: Any = closed
    before = _rows()
    item_a = type(w.item_a).objects.select_related("plan").get(pk=w.item_a.pk)
    writes = [
        lambda: services.notice_issue(
            item=item_a,
            user=w.office,
            units=[w.unit_a],
            title="新督办单",
            requirement="请办",
            deadline=dt.date(2020, 12, 1),
        ),
        lambda: services.instruction_write(item=item_a, user=w.leader, text="抓紧落实"),
        lambda: services.notice_acknowledge(target=w.target_fresh, user=w.reporter_a),
        lambda: services.notice_reply(target=w.target_a, user=w.reporter_a, text="已办"),
        lambda: services.notice_extension_request(
            target=w.target_fresh, user=w.reporter_a, deadline=dt.date(2020, 10, 30), reason="忙"
        ),
        lambda: services.notice_extension_decide(
            extension=w.extension, user=w.office, approve=True, reason="同意"
        ),
        lambda: services.notice_reply_accept(target=w.target_b, user=w.office),
        lambda: services.notice_reply_return(target=w.target_b, user=w.office, reason="不全"),
        lambda: services.notice_close(notice=w.first, user=w.office, note="年度结束"),
        lambda: services.document_series_set(
            plan=w.plan, kind=DocumentSeries.Kind.NOTICE, prefix="古督", year=2021, last_number=0
        ),
    ]
    for write in writes:
        with pytest.raises(PlanArchivedError) as raised:
            write()
        assert REFUSED in " ".join(raised.value.messages)
    assert services.notices_remind(plan=w.plan, today=dt.date(2020, 10, 20)) == 0  # no chasing
    assert _rows() == before


def test_the_todo_bulk_issue_is_refused_on_an_archived_plan(closed: World) -> None:
    w: Any = closed
    red = w.red
    assert list(todo_selectors.red_without_notice(w.plan).values_list("pk", flat=True)) == [red.pk]
    before = _rows()
    with pytest.raises(PlanArchivedError):
        todo_services.notices_issue_for_red(
            user=w.office, plan=w.plan, item_ids=[red.pk], deadline=dt.date(2021, 1, 1), requirement="请办"
        )
    assert _rows() == before


def test_the_pages_refuse_with_the_reason_and_change_nothing(closed: World) -> None:
    w: Any = closed
    before = _rows()
    office = login(Client(), w.office)
    for url, data in [
        (reverse("notices:notice_new", args=[w.item_a.pk]), {"title": "x", "requirement": "y"}),
        (reverse("notices:notice_review", args=[w.target_b.pk]), {"action": "accept"}),
        (
            reverse("notices:notice_extension_decide", args=[w.extension.pk]),
            {"action": "approve", "reason": "好"},
        ),
        (reverse("notices:notice_close", args=[w.first.pk]), {"note": "结束"}),
        (reverse("notices:notice_numbering", args=[w.plan.code]), {"series_prefix": "古督", "year": 2021}),
    ]:
        response = office.post(url, data)
        assert response.status_code == 403, url
        assert REFUSED in response.content.decode(), url
    unit = login(Client(), w.reporter_a)
    for url, data in [
        (reverse("notices:notice_acknowledge", args=[w.fresh.pk]), {}),
        (
            reverse("notices:notice_reply", args=[w.first.pk]),
            {"reply": "已办", "version": w.target_a.version},
        ),
        (
            reverse("notices:notice_extension_request", args=[w.fresh.pk]),
            {"deadline": "2020-11-30", "reason": "忙"},
        ),
    ]:
        response = unit.post(url, data, follow=True)
        assert response.status_code == 200, url
        assert REFUSED in response.content.decode(), url
    leader = login(Client(), w.leader)
    response = leader.post(
        reverse("notices:instruction_new", args=[w.item_a.pk]),
        {"kind": "directive", "text": "抓紧"},
        follow=True,
    )
    assert REFUSED in response.content.decode()
    assert _rows() == before


def test_the_notice_page_of_an_archived_plan_offers_no_controls(closed: World) -> None:
    w: Any = closed
    page = (
        login(Client(), w.office).get(reverse("notices:notice_detail", args=[w.second.pk])).content.decode()
    )
    assert 'data-testid="archived-banner"' in page and "已归档（只读）" in page
    assert 'data-testid="review-form"' not in page and "notices:notice_close" not in page
    assert reverse("notices:notice_close", args=[w.second.pk]) not in page
    mine = (
        login(Client(), w.reporter_a)
        .get(reverse("notices:notice_detail", args=[w.first.pk]))
        .content.decode()
    )
    assert 'data-testid="reply-form"' not in mine and 'data-testid="extension-form"' not in mine
    item_page = login(Client(), w.office).get(reverse("web:item_detail", args=[w.item_a.pk])).content.decode()
    assert 'data-testid="issue-notice"' not in item_page and "Issue a notice from it" not in item_page
    leader_page = (
        login(Client(), w.leader).get(reverse("web:item_detail", args=[w.item_a.pk])).content.decode()
    )
    assert 'data-testid="instruction-form"' not in leader_page
