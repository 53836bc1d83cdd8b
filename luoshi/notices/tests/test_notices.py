"""Supervision notices: numbering, the lifecycle, extensions, reminders and who sees what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

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
from luoshi.testing import PASSWORD, World

pytestmark = pytest.mark.django_db

TODAY = dt.date(2020, 9, 30)  # the world's plan rates statuses as of this date


def _issue(world: World, *units: object, deadline: dt.date = dt.date(2020, 10, 10)) -> Notice:
    return services.notice_issue(
        item=world.item_a,
        user=world.office,
        units=list(units) or [world.unit_a],  # type: ignore[arg-type]
        title="关于加快甲的事项进度的督办单",
        requirement="请于10月10日前报送整改措施",
        deadline=deadline,
    )


def _target(notice: Notice, unit: object) -> NoticeTarget:
    return NoticeTarget.objects.get(notice=notice, unit=unit)


def _client(user: object) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def test_numbers_follow_the_plans_prefix_and_counter(world: World) -> None:
    services.document_series_set(
        plan=world.plan, kind=DocumentSeries.Kind.NOTICE, prefix="古督", year=2020, last_number=11
    )
    first, second = _issue(world), _issue(world)
    assert (first.number, second.number) == ("古督〔2020〕12号", "古督〔2020〕13号")


def test_a_failed_issue_leaves_no_gap_in_the_numbers(world: World) -> None:
    _issue(world)
    with pytest.raises(ValidationError):
        _issue(world, deadline=dt.date(2020, 1, 1))  # deadline in the past: nothing stored
    assert _issue(world).sequence == 2


def test_the_lifecycle_issue_acknowledge_reply_return_reply_accept_close(world: World) -> None:
    notice = _issue(world)
    target = _target(notice, world.unit_a)
    assert Notification.objects.filter(user=world.reporter_a, kind="notice").count() == 1
    services.notice_acknowledge(target=target, user=world.reporter_a)
    services.notice_reply(target=target, user=world.reporter_a, text="已制定整改方案")
    assert _target(notice, world.unit_a).state == NoticeTarget.State.REPLIED
    with pytest.raises(ValidationError):  # one reply per unit until the office returns it
        services.notice_reply(target=target, user=world.reporter_a, text="再来一次")
    services.notice_reply_return(target=target, user=world.office, reason="措施不具体")
    assert Notification.objects.filter(
        user=world.reporter_a, key__startswith=f"notice:{notice.pk}:returned:"
    ).exists()
    services.notice_reply(target=target, user=world.reporter_a, text="细化到周的整改措施")
    services.notice_reply_accept(target=target, user=world.office, note="同意")
    services.notice_close(notice=notice, user=world.office)
    notice.refresh_from_db()
    assert notice.state == Notice.State.CLOSED
    assert list(notice.events.values_list("kind", flat=True)) == [
        "issued",
        "acknowledged",
        "replied",
        "returned",
        "replied",
        "accepted",
        "closed",
    ]
    assert _target(notice, world.unit_a).reply == "细化到周的整改措施"
    with pytest.raises(ValidationError):
        services.notice_acknowledge(target=target, user=world.reporter_a)


def test_closing_with_replies_outstanding_needs_a_reason(world: World) -> None:
    notice = _issue(world, world.unit_a, world.unit_b)
    with pytest.raises(ValidationError):
        services.notice_close(notice=notice, user=world.office)
    services.notice_close(notice=notice, user=world.office, note="事项已调整")
    assert Notice.objects.get(pk=notice.pk).state == Notice.State.CLOSED


def test_an_approved_extension_moves_only_that_units_deadline(world: World) -> None:
    notice = _issue(world, world.unit_a, world.unit_b)
    target = _target(notice, world.unit_a)
    extension = services.notice_extension_request(
        target=target, user=world.reporter_a, deadline=dt.date(2020, 10, 20), reason="需要现场核查"
    )
    with pytest.raises(ValidationError):
        services.notice_extension_request(
            target=target, user=world.reporter_a, deadline=dt.date(2020, 10, 25), reason="再延"
        )
    services.notice_extension_decide(extension=extension, user=world.office, approve=True, reason="同意")
    assert _target(notice, world.unit_a).deadline == dt.date(2020, 10, 20)
    assert _target(notice, world.unit_b).deadline == dt.date(2020, 10, 10)
    denied = services.notice_extension_request(
        target=target, user=world.reporter_a, deadline=dt.date(2020, 10, 30), reason="还需时间"
    )
    services.notice_extension_decide(extension=denied, user=world.office, approve=False, reason="不再延期")
    assert _target(notice, world.unit_a).deadline == dt.date(2020, 10, 20)
    assert NoticeExtension.objects.get(pk=denied.pk).decision == "denied"
    with pytest.raises(ValidationError):
        services.notice_extension_decide(extension=denied, user=world.office, approve=True, reason="改主意")


def test_reminders_before_and_chasers_after_the_deadline_are_sent_once(world: World) -> None:
    notice = _issue(world, deadline=dt.date(2020, 10, 2))
    assert services.notices_remind(plan=world.plan, today=dt.date(2020, 9, 30)) == 1
    assert services.notices_remind(plan=world.plan, today=dt.date(2020, 10, 1)) == 0
    assert services.notices_remind(plan=world.plan, today=dt.date(2020, 10, 3)) == 1  # first chaser
    assert services.notices_remind(plan=world.plan, today=dt.date(2020, 10, 5)) == 0
    assert services.notices_remind(plan=world.plan, today=dt.date(2020, 10, 10)) == 1  # a week later
    kinds = list(notice.events.values_list("kind", flat=True))
    assert kinds.count("reminded") == 1 and kinds.count("chased") == 2
    assert Notification.objects.filter(user=world.office, key__startswith="notice-chase:").count() == 2
    services.notice_reply(target=_target(notice, world.unit_a), user=world.reporter_a, text="已办结")
    assert services.notices_remind(plan=world.plan, today=dt.date(2020, 10, 20)) == 0


def test_a_unit_sees_only_notices_addressed_to_it(world: World) -> None:
    notice = _issue(world, world.unit_a)
    assert _client(world.reporter_b).get(f"/notices/{notice.pk}/").status_code == 404
    assert _client(world.reporter_b).get("/notices/999999/").status_code == 404
    assert _client(world.reporter_b).post(f"/notices/{notice.pk}/reply/", {"reply": "x"}).status_code == 404
    assert _client(world.reporter_a).get(f"/notices/{notice.pk}/").status_code == 200
    assert _client(world.leader).get(f"/notices/{notice.pk}/").status_code == 200
    listing = _client(world.reporter_b).get(f"/plans/{world.plan.code}/notices/")
    assert notice.number not in listing.content.decode()


def test_a_unit_cannot_read_another_units_reply_or_file(world: World) -> None:
    notice = _issue(world, world.unit_a, world.unit_b)
    pdf = SimpleUploadedFile("整改方案.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    services.notice_reply(
        target=_target(notice, world.unit_a), user=world.reporter_a, text="甲的答复", uploads=[pdf]
    )
    attachment = _target(notice, world.unit_a).attachments.get()
    page_b = _client(world.reporter_b).get(f"/notices/{notice.pk}/").content.decode()
    assert "甲的答复" not in page_b
    assert _client(world.reporter_b).get(f"/notices/files/{attachment.pk}/").status_code == 404
    assert _client(world.office).get(f"/notices/files/{attachment.pk}/").status_code == 200


def test_only_the_office_reviews_and_decides(world: World) -> None:
    notice = _issue(world)
    target = _target(notice, world.unit_a)
    services.notice_reply(target=target, user=world.reporter_a, text="答复")
    client = _client(world.reporter_a)
    assert client.post(f"/notices/units/{target.pk}/review/", {"action": "accept"}).status_code == 403
    assert client.post(f"/notices/{notice.pk}/close/", {"note": "x"}).status_code == 403
    assert _target(notice, world.unit_a).state == NoticeTarget.State.REPLIED


def test_a_leaders_instruction_becomes_a_notice_through_the_pages(world: World) -> None:
    leader = _client(world.leader)
    response = leader.post(
        f"/items/{world.item_a.pk}/instructions/new/",
        {"kind": "directive", "text": "要加快进度，月底前见成效"},
    )
    assert response.status_code == 302
    instruction = Instruction.objects.get()
    assert Notification.objects.filter(user=world.office, key=f"instruction:{instruction.pk}").exists()
    office = _client(world.office)
    form = office.get(f"/items/{world.item_a.pk}/notices/new/?instruction={instruction.pk}")
    assert "月底前见成效" in form.content.decode()
    response = office.post(
        f"/items/{world.item_a.pk}/notices/new/",
        {
            "instruction": instruction.pk,
            "units": [world.unit_a.pk],
            "title": "落实县领导批示",
            "requirement": "要加快进度，月底前见成效",
            "deadline": "2020-10-15",
        },
    )
    notice = Notice.objects.get()
    assert response.status_code == 302 and notice.instruction == instruction
    assert Notification.objects.filter(user=world.leader, key=f"notice:{notice.pk}:from-instruction").exists()
    item_page = _client(world.reporter_a).get(f"/items/{world.item_a.pk}/").content.decode()
    assert notice.number in item_page
    dashboard = office.get(f"/plans/{world.plan.code}/dashboard/").content.decode()
    assert notice.number in dashboard


def test_history_records_every_step_with_its_actor(world: World) -> None:
    notice = _issue(world)
    target = _target(notice, world.unit_a)
    services.notice_reply(target=target, user=world.reporter_a, text="答复")
    page = _client(world.office).get(f"/notices/{notice.pk}/").content.decode()
    assert "答复" in page
    events = list(NoticeEvent.objects.filter(notice=notice).values_list("kind", "actor__username"))
    assert events == [("issued", "office"), ("replied", "reporter_a")]


def test_only_the_office_issues_and_only_leaders_write_instructions(world: World) -> None:
    issue = {"units": [world.unit_a.pk], "title": "督办", "requirement": "整改", "deadline": "2020-10-15"}
    assert _client(world.leader).post(f"/items/{world.item_a.pk}/notices/new/", issue).status_code == 403
    assert _client(world.reporter_a).post(f"/items/{world.item_a.pk}/notices/new/", issue).status_code == 403
    instruction = {"kind": "praise", "text": "自己表扬自己"}
    assert (
        _client(world.reporter_a).post(f"/items/{world.item_a.pk}/instructions/new/", instruction).status_code
        == 403
    )
    assert not Notice.objects.exists() and not Instruction.objects.exists()


def test_the_office_sets_the_prefix_and_counter_on_a_page(world: World) -> None:
    office = _client(world.office)
    url = f"/plans/{world.plan.code}/numbering/"
    response = office.post(url, {"series_prefix": "古督", "year": 2020, "last_number": 11})
    assert response.status_code == 302
    assert _issue(world).number == "古督〔2020〕12号"
    assert _client(world.reporter_a).get(url).status_code == 403


def test_extension_and_review_through_the_pages(world: World) -> None:
    notice = _issue(world)
    unit = _client(world.reporter_a)
    unit.post(f"/notices/{notice.pk}/extension/", {"deadline": "2020-10-20", "reason": "需要现场核查"})
    extension = NoticeExtension.objects.get()
    office = _client(world.office)
    office.post(f"/notices/extensions/{extension.pk}/decide/", {"action": "approve", "reason": "同意"})
    assert _target(notice, world.unit_a).deadline == dt.date(2020, 10, 20)
    unit.post(f"/notices/{notice.pk}/reply/", {"reply": "已整改"})
    target = _target(notice, world.unit_a)
    office.post(f"/notices/units/{target.pk}/review/", {"action": "return", "note": ""})
    assert _target(notice, world.unit_a).state == NoticeTarget.State.REPLIED  # returning needs a reason
    office.post(f"/notices/units/{target.pk}/review/", {"action": "return", "note": "不具体"})
    assert _target(notice, world.unit_a).state == NoticeTarget.State.RETURNED
    page = unit.get(f"/notices/{notice.pk}/").content.decode()
    assert "不具体" in page


def test_the_dashboard_shows_a_unit_only_its_own_open_notices(world: World) -> None:
    notice = _issue(world, world.unit_a)
    dashboard = f"/plans/{world.plan.code}/dashboard/"
    assert notice.number in _client(world.reporter_a).get(dashboard).content.decode()
    assert notice.number not in _client(world.reporter_b).get(dashboard).content.decode()
    assert notice.number not in _client(world.reporter_b).get(f"/items/{world.item_a.pk}/").content.decode()


def test_the_scheduled_run_sends_notice_reminders_through_the_task_queue(world: World) -> None:
    from django.core.management import call_command

    _issue(world, deadline=dt.date(2020, 10, 1))  # due the day after the plan's status date
    call_command("supervise", plan=world.plan.code)  # queued; the tests' backend runs tasks at once
    assert NoticeEvent.objects.filter(kind=NoticeEvent.Kind.REMINDED).count() == 1
    call_command("supervise", "--now")
    assert NoticeEvent.objects.filter(kind=NoticeEvent.Kind.REMINDED).count() == 1


def test_a_reply_written_over_a_colleagues_reply_is_refused_and_kept(world: World) -> None:
    """Two reporters of one unit answer the same notice: the second, written before the first was
    sent, is refused with 409 and its text shown again; the first reply stays."""
    from django.urls import reverse

    from luoshi.testing import UserFactory

    notice = _issue(world)
    target = NoticeTarget.objects.get(notice=notice, unit=world.unit_a)
    colleague = UserFactory(username="reporter_a2", role="reporter", unit=world.unit_a)
    read_at = target.version
    services.notice_reply(target=target, user=colleague, text="第一份回复", expected_version=read_at)
    response = _client(world.reporter_a).post(
        reverse("notices:notice_reply", kwargs={"notice_id": notice.pk}),
        {"reply": "第二份回复（过时）", "version": read_at},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "第二份回复（过时）" in page and 'data-testid="kept-reply"' in page
    assert NoticeTarget.objects.get(pk=target.pk).reply == "第一份回复"
