"""任务下发 as its users meet it: the city sends a task to two counties, one accepts it into its plan
(aligned to the city's item), the other returns it; each county sees only its own row."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from luoshi.accounts.models import Role
from luoshi.dispatch import services
from luoshi.dispatch.models import Dispatch, DispatchTarget
from luoshi.notifications.models import Notification
from luoshi.organisations.models import Organisation
from luoshi.plans.models import Item
from luoshi.testing import (
    Cascade,
    UnitFactory,
    UserFactory,
    login,
    make_cascade,
    make_item,
    make_organisation,
)

pytestmark = pytest.mark.django_db

TITLE = "推进产业园区提质增效"
DUE = dt.date(2020, 11, 30)


@pytest.fixture
def cascade(db: None) -> Cascade:
    return make_cascade()


def _city_item(c: Cascade, **fields: Any) -> Item:
    return make_item(
        c.city_plan, c.city_pillar, title="建设产业园区", due_date=dt.date(2020, 12, 31), **fields
    )


def _send(c: Cascade, item: Item | None = None, **options: Any) -> Dispatch:
    return services.dispatch_send(
        user=c.city_office,
        source_item=item or _city_item(c),
        organisations=[c.a.org, c.b.org],
        title=TITLE,
        body="年底前完成园区基础设施改造",
        due_date=DUE,
        **options,
    )


def _target(dispatch: Dispatch, county: Any) -> DispatchTarget:
    return DispatchTarget.objects.get(dispatch=dispatch, organisation=county.org)


def _client(user: Any) -> Client:
    return login(Client(), user)  # type: ignore[no-any-return]


def _without_tokens(response: Any) -> str:
    """The page without what differs on every request anyway: its CSRF tokens and its own address."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return re.sub(r"/dispatch/received/\d+/", "", page)


def _accept(client: Client, target: DispatchTarget, county: Any, **extra: Any) -> Any:
    data = {
        "plan": county.plan.pk,
        "parent": county.pillar.pk,
        "lead_unit": county.unit.pk,
        "version": target.version,
        **extra,
    }
    return client.post(f"/dispatch/received/{target.pk}/accept/", data)


# --- sending --------------------------------------------------------------------------------------


def test_city_office_sends_an_item_to_two_counties_and_their_offices_are_told(cascade: Cascade) -> None:
    item = _city_item(cascade)
    city = _client(cascade.city_office)
    page = city.get(f"/items/{item.pk}/")
    assert "下发到下级" in page.content.decode()
    form = city.get(f"/dispatch/items/{item.pk}/new/").content.decode()
    assert "甲县" in form and "乙县" in form
    answer = city.post(
        f"/dispatch/items/{item.pk}/new/",
        {
            "organisations": [cascade.a.org.pk, cascade.b.org.pk],
            "kind": "task",
            "title": TITLE,
            "due_date": "2020-11-30",
        },
    )
    assert answer.status_code == 302
    dispatch = Dispatch.objects.get()
    assert (dispatch.sender, dispatch.source_item, dispatch.due_date) == (cascade.city, item, DUE)
    assert {t.organisation.name for t in dispatch.targets.all()} == {"甲县", "乙县"}
    for county in (cascade.a, cascade.b):
        note = Notification.objects.get(user=county.office)
        assert TITLE in note.title and "示例市" in note.title
        assert note.url == f"/dispatch/received/{_target(dispatch, county).pk}/"
    assert not Notification.objects.filter(user__in=[cascade.a.reporter, cascade.a.leader]).exists()


def test_the_top_bar_counts_what_awaits_the_county_office(cascade: Cascade) -> None:
    _send(cascade)
    page = _client(cascade.a.office).get("/dispatch/").content.decode()
    assert 'data-testid="nav-dispatch"' in page and "任务下发" in page
    assert 'data-testid="dispatch-count">1<' in page
    assert "1项任务待本单位处理" in page
    reporter_page = _client(cascade.a.reporter).get("/plans/").content.decode()
    assert 'data-testid="nav-dispatch"' not in reporter_page


def test_only_organisations_below_the_sender_receive(cascade: Cascade) -> None:
    item = _city_item(cascade)
    other = make_organisation("另一市", level="city", code="other-city")
    with pytest.raises(ValidationError) as raised:
        services.dispatch_send(
            user=cascade.city_office, source_item=item, organisations=[other], title="任务"
        )
    assert "另一市不是示例市的下级" in " ".join(raised.value.messages)
    with pytest.raises(ValidationError):
        services.dispatch_send(
            user=cascade.city_office, source_item=item, organisations=[cascade.city], title="任务"
        )
    # A county cannot send to its sibling, and its office may not send the city's item at all.
    with pytest.raises(ValidationError) as sibling:
        services.dispatch_send(
            user=cascade.a.office, source_item=cascade.a.item, organisations=[cascade.b.org], title="任务"
        )
    assert "乙县不是甲县的下级" in " ".join(sibling.value.messages)
    assert _client(cascade.a.office).get(f"/dispatch/items/{item.pk}/new/").status_code == 404
    township = make_organisation("甲镇", parent=cascade.a.org, level="township", code="town-a")
    deep = services.dispatch_send(
        user=cascade.city_office, source_item=item, organisations=[township], title="直达乡镇"
    )
    assert deep.targets.get().organisation == township
    assert not Dispatch.objects.filter(title="任务").exists()


def test_the_send_page_refuses_a_sibling_county_with_a_clear_message(cascade: Cascade) -> None:
    township = make_organisation("甲镇", parent=cascade.a.org, level="township", code="town-a")
    answer = _client(cascade.a.office).post(
        f"/dispatch/items/{cascade.a.item.pk}/new/",
        {"organisations": [cascade.b.org.pk], "kind": "task", "title": "任务"},
    )
    # 乙县 is not even offered; the form says so and nothing is sent.
    assert answer.status_code == 400
    assert township.name in answer.content.decode()
    assert not Dispatch.objects.exists()


def test_the_item_page_offers_send_down_only_to_an_office_with_organisations_below(cascade: Cascade) -> None:
    item = _city_item(cascade)
    assert "下发到下级" not in _client(cascade.a.office).get(f"/items/{cascade.a.item.pk}/").content.decode()
    city_leader = UserFactory(username="leader_city", role=Role.LEADER, organisation=cascade.city)
    assert "下发到下级" not in _client(city_leader).get(f"/items/{item.pk}/").content.decode()
    assert _client(city_leader).get(f"/dispatch/items/{item.pk}/new/").status_code == 403


# --- accepting and returning ------------------------------------------------------------------------


def test_county_a_accepts_and_the_city_sees_who_and_when(cascade: Cascade) -> None:
    dispatch = _send(cascade)
    target = _target(dispatch, cascade.a)
    office = _client(cascade.a.office)
    page = office.get(f"/dispatch/received/{target.pk}/").content.decode()
    assert TITLE in page and "承接到本单位工作方案" in page
    # The parent offered first is the pillar aligned to the city's (the option of the parent list).
    assert f'<option value="{cascade.a.pillar.pk}" selected data-plan="{cascade.a.plan.pk}">' in page
    answer = _accept(office, target, cascade.a)
    assert answer.status_code == 302
    item = Item.objects.get(title=TITLE)
    assert item.plan == cascade.a.plan and item.get_parent() == cascade.a.pillar
    assert item.aligned_to == dispatch.source_item
    assert (item.due_date, item.lead_unit) == (DUE, cascade.a.unit)
    target.refresh_from_db()
    assert (target.state, target.item, target.decided_by) == ("accepted", item, cascade.a.office)
    assert target.decided_at is not None
    # The county's plan tree shows it; the city's office is told and sees the row.
    assert TITLE in office.get(f"/plans/{cascade.a.plan.code}/").content.decode()
    assert Notification.objects.filter(user=cascade.city_office, title__contains="甲县已承接").exists()
    city = _client(cascade.city_office)
    detail = city.get(f"/dispatch/{dispatch.pk}/").content.decode()
    assert "已承接" in detail and "甲县督查室" in detail
    assert target.decided_at.astimezone().strftime("%Y-%m-%d %H:%M") in detail
    assert f'href="/items/{item.pk}/"' in detail
    listing = city.get("/dispatch/sent/").content.decode()
    assert "已承接" in listing and "甲县督查室" in listing and f'href="/items/{item.pk}/"' in listing
    source_page = city.get(f"/items/{dispatch.source_item_id}/").content.decode()
    assert (
        f'href="/dispatch/sent/?item={dispatch.source_item_id}"' in source_page and "已下发1次" in source_page
    )
    assert TITLE in city.get(f"/dispatch/sent/?item={dispatch.source_item_id}").content.decode()
    assert TITLE not in city.get(f"/dispatch/sent/?item={cascade.city_pillar.pk}").content.decode()


def test_county_b_returns_with_a_reason_the_city_reads(cascade: Cascade) -> None:
    dispatch = _send(cascade)
    target = _target(dispatch, cascade.b)
    office = _client(cascade.b.office)
    empty = office.post(f"/dispatch/received/{target.pk}/return/", {"reason": " ", "version": target.version})
    assert empty.status_code == 400
    answer = office.post(
        f"/dispatch/received/{target.pk}/return/", {"reason": "我县无产业园区", "version": target.version}
    )
    assert answer.status_code == 302
    target.refresh_from_db()
    assert (target.state, target.reason, target.item) == ("returned", "我县无产业园区", None)
    detail = _client(cascade.city_office).get(f"/dispatch/{dispatch.pk}/").content.decode()
    assert "已退回" in detail and "我县无产业园区" in detail and "乙县督查室" in detail
    assert not Item.objects.filter(title=TITLE).exists()
    with pytest.raises(ValidationError):
        services.dispatch_return(
            user=cascade.b.office, target=target, expected_version=target.version, reason=""
        )


def test_county_b_sees_neither_county_a_row_nor_its_reason(cascade: Cascade) -> None:
    dispatch = _send(cascade)
    a_target = _target(dispatch, cascade.a)
    services.dispatch_return(
        user=cascade.a.office, target=a_target, expected_version=1, reason="甲县的内部理由"
    )
    b = _client(cascade.b.office)
    inbox = b.get("/dispatch/").content.decode()
    assert TITLE in inbox and "甲县" not in inbox and "甲县的内部理由" not in inbox
    own = b.get(f"/dispatch/received/{_target(dispatch, cascade.b).pk}/").content.decode()
    assert "甲县" not in own and "甲县的内部理由" not in own
    assert b.get(f"/dispatch/received/{a_target.pk}/").status_code == 404
    assert b.get(f"/dispatch/{dispatch.pk}/").status_code == 404
    assert TITLE not in b.get("/dispatch/sent/").content.decode()


def test_a_forged_target_id_of_another_county_is_the_same_404_as_a_missing_one(cascade: Cascade) -> None:
    dispatch = _send(cascade)
    a_target = _target(dispatch, cascade.a)
    b = _client(cascade.b.office)
    missing = b.post("/dispatch/received/999999/accept/", {})
    forged = _accept(b, a_target, cascade.b)
    assert forged.status_code == missing.status_code == 404
    assert _without_tokens(forged) == _without_tokens(missing)
    assert (
        b.post(f"/dispatch/received/{a_target.pk}/return/", {"reason": "x", "version": 1}).status_code == 404
    )
    a_target.refresh_from_db()
    assert a_target.state == "sent"
    assert not Item.objects.filter(title=TITLE).exists()


def test_a_reporter_or_a_leader_of_the_county_cannot_accept(cascade: Cascade) -> None:
    target = _target(_send(cascade), cascade.a)
    for user in (cascade.a.reporter, cascade.a.leader, cascade.city_office):
        client = _client(user)
        assert client.get(f"/dispatch/received/{target.pk}/").status_code == 404
        assert _accept(client, target, cascade.a).status_code == 404
    with pytest.raises(Exception):  # noqa: B017, PT011 - PermissionDenied from the service itself
        services.dispatch_accept(
            user=cascade.a.reporter, target=target, expected_version=1, plan=cascade.a.plan
        )
    assert _client(cascade.a.reporter).get("/dispatch/").status_code == 403
    assert not Item.objects.filter(title=TITLE).exists()


def test_a_stale_form_is_a_409_that_keeps_the_choice(cascade: Cascade) -> None:
    target = _target(_send(cascade), cascade.a)
    colleague = UserFactory(username="office_a2", role=Role.OFFICE, organisation=cascade.a.org)
    assert _accept(_client(cascade.a.office), target, cascade.a).status_code == 302
    late = _accept(_client(colleague), target, cascade.a)  # read at version 1, like the first
    assert late.status_code == 409
    page = late.content.decode()
    assert 'data-testid="conflict"' in page and cascade.a.plan.name in page and cascade.a.unit.name in page
    assert Item.objects.filter(title=TITLE).count() == 1
    target.refresh_from_db()
    assert target.decided_by == cascade.a.office


def test_accepting_twice_is_refused(cascade: Cascade) -> None:
    target = _target(_send(cascade), cascade.a)
    done = services.dispatch_accept(
        user=cascade.a.office, target=target, expected_version=1, plan=cascade.a.plan
    )
    with pytest.raises(ValidationError) as raised:
        services.dispatch_accept(
            user=cascade.a.office, target=done, expected_version=done.version, plan=cascade.a.plan
        )
    assert "已经承接" in " ".join(raised.value.messages)
    with pytest.raises(ValidationError):
        services.dispatch_return(
            user=cascade.a.office, target=done, expected_version=done.version, reason="晚了"
        )
    assert Item.objects.filter(title=TITLE).count() == 1


def test_the_plan_and_lead_unit_must_be_the_receivers_own(cascade: Cascade) -> None:
    target = _target(_send(cascade), cascade.a)
    for wrong in (
        {"plan": cascade.b.plan},
        {"plan": cascade.a.plan, "lead_unit": cascade.b.unit},
        {"plan": cascade.a.plan, "parent": cascade.b.pillar},
    ):
        with pytest.raises(ValidationError):
            services.dispatch_accept(user=cascade.a.office, target=target, expected_version=1, **wrong)
    # Through the page, another county's unit is not even a choice.
    answer = _accept(_client(cascade.a.office), target, cascade.a, lead_unit=cascade.b.unit.pk)
    assert answer.status_code == 400
    assert not Item.objects.filter(title=TITLE).exists()


def test_a_task_sent_with_its_sub_items_arrives_as_an_aligned_subtree(cascade: Cascade) -> None:
    source = _city_item(cascade)
    first = make_item(cascade.city_plan, source, title="完成园区道路改造", due_date=dt.date(2020, 10, 31))
    make_item(cascade.city_plan, Item.objects.get(pk=first.pk), title="主干道拓宽")
    second = make_item(cascade.city_plan, Item.objects.get(pk=source.pk), title="引进龙头企业")
    dispatch = _send(cascade, Item.objects.get(pk=source.pk), with_subtree=True)
    unit = UnitFactory(name="甲县工信局", organisation=cascade.a.org)
    target = services.dispatch_accept(
        user=cascade.a.office,
        target=_target(dispatch, cascade.a),
        expected_version=1,
        plan=cascade.a.plan,
        lead_unit=unit,
    )
    top = target.item
    assert top is not None and top.depth == 1
    below = list(Item.objects.filter(plan=cascade.a.plan, path__startswith=top.path).order_by("path"))
    assert [i.title for i in below] == [TITLE, "完成园区道路改造", "主干道拓宽", "引进龙头企业"]
    assert [i.aligned_to.title for i in below[1:]] == ["完成园区道路改造", "主干道拓宽", "引进龙头企业"]  # type: ignore[union-attr]
    assert below[1].due_date == dt.date(2020, 10, 31) and {i.lead_unit for i in below} == {unit}
    assert below[3].aligned_to == second


def test_a_receiver_no_longer_below_the_sender_gets_an_error_not_a_server_error(cascade: Cascade) -> None:
    target = _target(_send(cascade), cascade.a)
    elsewhere = make_organisation("另一市", level="city", code="other-city")
    Organisation.objects.get(pk=cascade.a.org.pk).move(elsewhere, "last-child")
    answer = _accept(_client(cascade.a.office), target, cascade.a)
    assert answer.status_code == 400
    assert "事项只能承接上级" in answer.content.decode()
    assert not Item.objects.filter(title=TITLE).exists()


# --- supervision notices ----------------------------------------------------------------------------


def test_a_county_office_replies_to_a_notice_and_the_city_closes_it(cascade: Cascade) -> None:
    dispatch = _send(cascade, kind="notice")
    target = _target(dispatch, cascade.a)
    with pytest.raises(ValidationError):
        services.dispatch_accept(
            user=cascade.a.office, target=target, expected_version=1, plan=cascade.a.plan
        )
    office = _client(cascade.a.office)
    assert 'data-testid="reply-form"' in office.get(f"/dispatch/received/{target.pk}/").content.decode()
    answer = office.post(f"/dispatch/received/{target.pk}/reply/", {"reply": "已完成整改", "version": 1})
    assert answer.status_code == 302
    stale = office.post(f"/dispatch/received/{target.pk}/reply/", {"reply": "第二稿", "version": 1})
    assert stale.status_code == 409 and "第二稿" in stale.content.decode()
    city = _client(cascade.city_office)
    assert "已完成整改" in city.get(f"/dispatch/{dispatch.pk}/").content.decode()
    assert city.post(f"/dispatch/{dispatch.pk}/close/").status_code == 302
    dispatch.refresh_from_db()
    assert dispatch.closed_by == cascade.city_office
    assert _client(cascade.b.office).post(f"/dispatch/{dispatch.pk}/close/").status_code == 404
    late = office.post(f"/dispatch/received/{target.pk}/reply/", {"reply": "补充", "version": 2})
    assert late.status_code == 400 and "已关闭" in late.content.decode()
    assert 'data-testid="dispatch-count"' not in _client(cascade.b.office).get("/dispatch/").content.decode()
