"""The calendar page per role, and the iCalendar feed: it parses back, it is scoped, it can be revoked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from luoshi.accounts.models import User
from luoshi.calendar import selectors, services
from luoshi.calendar.models import CalendarFeed
from luoshi.notices import services as notices
from luoshi.notices.models import NoticeTarget
from luoshi.plans.models import Item, Leader, Milestone
from luoshi.reports import services as reports
from luoshi.reports.services import ReportData
from luoshi.testing import UserFactory, World, login, make_organisation, make_world

pytestmark = pytest.mark.django_db

SEPTEMBER = (dt.date(2020, 9, 1), dt.date(2020, 9, 30))


@pytest.fixture
def dated(world: World) -> World:
    """Milestones in September for both units, item B answered for by a leader, a notice to unit A
    with a granted extension, and unit A's August report submitted."""
    Milestone.objects.create(item=world.item_a, title="甲完成招标", due_date=dt.date(2020, 9, 15))
    Milestone.objects.create(item=world.item_b, title="乙开工", due_date=dt.date(2020, 9, 20))
    leader = Leader.objects.create(organisation=world.plan.organisation, name="张副县长")
    Item.objects.filter(pk=world.item_b.pk).update(leader=leader)
    world.leader.leader = leader
    world.leader.save(update_fields=["leader"])
    notice = notices.notice_issue(
        item=world.item_a,
        user=world.office,
        units=[world.unit_a],
        title="督办招标",
        requirement="加快",
        deadline=dt.date(2020, 9, 10),
        today=dt.date(2020, 9, 1),
    )
    target = NoticeTarget.objects.get(notice=notice)
    extension = notices.notice_extension_request(
        target=target, user=world.reporter_a, deadline=dt.date(2020, 9, 25), reason="工期"
    )
    notices.notice_extension_decide(extension=extension, user=world.office, approve=True, reason="同意")
    report = reports.report_draft_save(
        item=world.item_a,
        user=world.reporter_a,
        period=dt.date(2020, 8, 1),
        data=ReportData(work_done="已报"),
    )
    reports.report_submit(report=report, user=world.reporter_a)
    return world


def _titles(user: User, first: dt.date, last: dt.date) -> list[str]:
    return [f"{e.day:%m-%d} {e.title}" for e in selectors.entries(user, first, last)]


def test_the_office_sees_every_date_of_its_plans(dated: World) -> None:
    titles = _titles(dated.office, *SEPTEMBER)
    assert titles == [
        "09-15 节点目标：甲完成招标",
        "09-20 节点目标：乙开工",
        "09-25 督办单回复期限：古督〔2020〕1号 督办招标".replace("古督〔2020〕1号", _number(dated)),
        "09-28 月报截止 · 2020-09",
    ]


def _number(world: World) -> str:
    from luoshi.notices.models import Notice

    return Notice.objects.get(plan=world.plan).number


def test_a_reporter_sees_only_its_units_dates(dated: World) -> None:
    a = _titles(dated.reporter_a, *SEPTEMBER)
    b = _titles(dated.reporter_b, *SEPTEMBER)
    assert "09-15 节点目标：甲完成招标" in a and not any("乙开工" in t for t in a)
    assert any("督办招标" in t for t in a) and not any("督办" in t for t in b)
    assert "09-20 节点目标：乙开工" in b and not any("甲完成招标" in t for t in b)


def test_a_cooperating_unit_sees_the_item_marked(dated: World) -> None:
    dated.item_a.cooperating_units.add(dated.unit_b)
    found = [e for e in selectors.entries(dated.reporter_b, *SEPTEMBER) if "甲完成招标" in e.title]
    assert len(found) == 1 and "配合单位" in found[0].detail


def test_a_leader_sees_the_items_it_answers_for(dated: World) -> None:
    titles = _titles(dated.leader, *SEPTEMBER)
    assert "09-20 节点目标：乙开工" in titles
    assert not any("甲完成招标" in t or "督办招标" in t for t in titles)


def test_report_dues_count_what_is_owed_and_mark_it_overdue(dated: World) -> None:
    august = [e for e in selectors.entries(dated.office, dt.date(2020, 8, 1), dt.date(2020, 8, 31))]
    due = next(e for e in august if e.kind == selectors.Kind.REPORT)
    assert due.day == dt.date(2020, 8, 28) and due.overdue  # unit B has not reported August
    assert "1" in due.detail
    mine = next(
        e
        for e in selectors.entries(dated.reporter_a, dt.date(2020, 8, 1), dt.date(2020, 8, 31))
        if e.kind == selectors.Kind.REPORT
    )
    assert not mine.overdue and mine.detail == "已报齐"


def test_the_month_page_shows_entries_and_today(client: Client, dated: World) -> None:
    login(client, dated.reporter_a)
    page = client.get(reverse("calendar:calendar") + "?month=2020-09").content.decode()
    assert "甲完成招标" in page and "乙开工" not in page
    assert 'data-testid="cal-today"' in page  # the plan's as-of date, 2020-09-30
    assert reverse("web:item_detail", args=[dated.item_a.pk]) in page
    assert "督办招标" in page
    week = client.get(reverse("calendar:calendar") + "?week=2020-W38").content.decode()
    assert "甲完成招标" in week and "督办招标" not in week
    week = client.get(reverse("calendar:calendar") + "?week=2020-W39").content.decode()
    assert "已批准延期（原期限 2020-09-10）" in week
    bad = client.get(reverse("calendar:calendar") + "?month=2020-13")
    assert bad.status_code == 200


def _feed(client: Client, user: User) -> tuple[str, Any]:
    token = services.calendar_feed_ensure(user=user).token
    url = reverse("calendar:calendar_feed", args=[token])
    return url, Client().get(url)


def test_the_feed_parses_back_with_the_users_events(dated: World) -> None:
    url, response = _feed(Client(), dated.reporter_a)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    assert b"\r\n" in body and all(len(line) <= 75 for line in body.split(b"\r\n"))
    assert b"DTSTART;VALUE=DATE:20200915" in body
    cal = Calendar.from_ical(body)
    events = {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}
    milestone = Milestone.objects.get(title="甲完成招标")
    assert f"milestone-{milestone.pk}" in events
    assert events[f"milestone-{milestone.pk}"].decoded("DTSTART") == dt.date(2020, 9, 15)
    assert all("DTSTAMP" in e for e in events.values())
    assert not any("乙开工" in str(e["SUMMARY"]) for e in events.values())
    # The same events again: the UIDs are stable.
    again = Calendar.from_ical(Client().get(url).content)
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == {str(e["UID"]) for e in cal.walk("VEVENT")}


def test_text_is_escaped(dated: World) -> None:
    Milestone.objects.filter(title="甲完成招标").update(title="招标, 评标; 定标\\签约")
    _url, response = _feed(Client(), dated.reporter_a)
    assert b"\\, \\; " in response.content.replace("评标".encode(), b"")
    titles = [str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert "【已逾期】 节点目标：招标, 评标; 定标\\签约" in titles


def test_a_regenerated_address_revokes_the_old_one(client: Client, dated: World) -> None:
    old, response = _feed(client, dated.reporter_a)
    assert response.status_code == 200
    login(client, dated.reporter_a)
    assert client.post(reverse("calendar:calendar_feed_regenerate")).status_code == 302
    assert Client().get(old).status_code == 404
    new = CalendarFeed.objects.get(user=dated.reporter_a, revoked_at__isnull=True)
    assert Client().get(reverse("calendar:calendar_feed", args=[new.token])).status_code == 200
    assert Client().get("/calendar/feed/not-a-token.ics").status_code == 404


def test_another_organisations_feed_never_shows_this_ones_items(dated: World) -> None:
    other = make_world(make_organisation("浮山县"), key="fu", marker="浮山")
    Milestone.objects.create(item=other.item_a, title="浮山节点", due_date=dt.date(2020, 9, 16))
    for user in (other.office, other.leader, other.reporter_a):
        _url, response = _feed(Client(), user)
        text = response.content.decode()
        assert "甲完成招标" not in text and "督办招标" not in text and "乙开工" not in text
    _url, response = _feed(Client(), other.office)
    assert "浮山节点" in response.content.decode()


def test_the_feed_follows_the_users_current_role(dated: World) -> None:
    url, response = _feed(Client(), dated.reporter_a)
    assert "甲完成招标" in response.content.decode()
    User.objects.filter(pk=dated.reporter_a.pk).update(unit=dated.unit_b)
    text = Client().get(url).content.decode()
    assert "甲完成招标" not in text and "乙开工" in text
    User.objects.filter(pk=dated.reporter_a.pk).update(is_active=False)
    assert Client().get(url).status_code == 404


def test_a_user_without_a_role_gets_an_empty_feed(dated: World) -> None:
    nobody = UserFactory(username="nobody", role="public", organisation=dated.plan.organisation)
    _url, response = _feed(Client(), nobody)
    assert response.status_code == 200 and b"VEVENT" not in response.content


def test_a_month_cell_is_the_days_entries_cut_with_their_count_and_overdue_flag(dated: World) -> None:
    """The month grid reads ``days`` (it never builds an entry for each of thousands of items due);
    it must show exactly what cutting the full list of the day would: same first entries, same count."""
    from luoshi.testing import make_item

    for n, unit in enumerate([dated.unit_a, dated.unit_b, dated.unit_a, dated.unit_b, dated.unit_a]):
        make_item(
            dated.plan,
            dated.pillar,
            title=f"九月十五日到期{9 - n}",
            lead_unit=unit,
            due_date=dt.date(2020, 9, 15),
            progress=10 * n,
        )
    make_item(
        dated.plan,
        dated.pillar,
        title="九月二十日到期",
        lead_unit=dated.unit_b,
        due_date=dt.date(2020, 9, 20),
    )
    first, last = dt.date(2020, 8, 31), dt.date(2020, 10, 4)
    for user in (dated.office, dated.reporter_a, dated.reporter_b, dated.leader):
        full = selectors.entries(user, first, last)
        for limit in (1, 2, 4):
            cells = selectors.days(user, first, last, limit=limit)
            expected: dict[dt.date, list[selectors.Entry]] = {}
            for entry in full:
                expected.setdefault(entry.day, []).append(entry)
            assert set(cells) == set(expected)
            for day, found in expected.items():
                assert cells[day].entries == found[:limit], (user, day)
                assert cells[day].count == len(found)
                assert cells[day].overdue == any(e.overdue for e in found)
    assert (
        selectors.days(dated.office, first, last, limit=4)[dt.date(2020, 9, 15)].count == 6
    )  # five items and a milestone


def _six_due_on_the_fifteenth(world: World) -> None:
    from luoshi.testing import make_item

    for n, unit in enumerate([world.unit_a, world.unit_b] * 3):
        make_item(
            world.plan,
            world.pillar,
            title=f"九月十五日到期{n}",
            lead_unit=unit,
            due_date=dt.date(2020, 9, 15),
        )


def test_the_feed_counts_a_crowded_day_in_one_event(dated: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """An office can have hundreds of items due on one day: the feed gives the first of each kind and
    one event counting the rest, linked to the day's list; nothing is lost from the count."""
    from luoshi.calendar import views

    _six_due_on_the_fifteenth(dated)
    monkeypatch.setattr(views, "FEED_PER_DAY", 2)
    url, response = _feed(Client(), dated.office)
    events = Calendar.from_ical(response.content).walk("VEVENT")
    on_15 = [e for e in events if e.decoded("DTSTART") == dt.date(2020, 9, 15)]
    items = [e for e in on_15 if str(e["UID"]).startswith("item-") and "-more-" not in str(e["UID"])]
    more = [e for e in on_15 if str(e["UID"]).startswith("item-more-")]
    day = dt.date(2020, 9, 15)
    due = [e for e in selectors.entries(dated.office, day, day) if e.kind == selectors.Kind.ITEM]
    assert len(due) == 6
    assert [str(e["UID"]).split("@")[0] for e in items] == [e.uid for e in due[:2]]
    assert len(more) == 1
    assert str(more[0]["SUMMARY"]) == "【已逾期】 另有 4 项事项到期"
    assert str(more[0]["DESCRIPTION"]) == "其中 4 项已逾期"
    assert str(more[0]["URL"]).endswith("/calendar/?day=2020-09-15")
    assert str(more[0]["UID"]).split("@")[0] == "item-more-2020-09-15"
    # The milestone due that day is of another kind: shown, not counted in the items' event.
    assert any("甲完成招标" in str(e["SUMMARY"]) for e in on_15)
    # A reporter's day within the limit comes whole: its unit leads three of the six.
    monkeypatch.setattr(views, "FEED_PER_DAY", 3)
    _url, mine = _feed(Client(), dated.reporter_a)
    theirs = Calendar.from_ical(mine.content).walk("VEVENT")
    assert not any("-more-" in str(e["UID"]) for e in theirs)
    assert sum(1 for e in theirs if "九月十五日到期" in str(e["SUMMARY"])) == 3


def test_the_day_list_pages_through_every_entry_once(
    client: Client, dated: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from luoshi.calendar import views

    _six_due_on_the_fifteenth(dated)
    monkeypatch.setattr(views, "DAY_PAGE", 3)
    monkeypatch.setattr(views, "WEEK_LIMIT", 2)
    login(client, dated.office)
    expected = [e.url for e in selectors.entries(dated.office, dt.date(2020, 9, 15), dt.date(2020, 9, 15))]
    assert len(expected) == 7  # six items and a milestone
    pages = []
    for page in (1, 2, 3):
        html = client.get(reverse("calendar:calendar") + f"?day=2020-09-15&page={page}").content.decode()
        assert "共 7 项到期" in html
        pages.append([url for url in expected if f'href="{url}"' in html])
    assert pages == [expected[0:3], expected[3:6], expected[6:7]]
    # Past the last page: the last page; not a number: the first.
    last = client.get(reverse("calendar:calendar") + "?day=2020-09-15&page=99").content.decode()
    assert "3 / 3" in last and "第 7–7 项" in last
    assert "第 1–3 项" in client.get(reverse("calendar:calendar") + "?day=2020-09-15&page=x").content.decode()
    # The week shows two a day and links the rest to the day.
    week = client.get(reverse("calendar:calendar") + "?week=2020-W38").content.decode()
    assert week.count('data-testid="cal-entry"') == 3  # two of the 15th's seven, the 20th's milestone
    assert 'href="?day=2020-09-15">还有 5 项' in week
    # Not a day: a warning, and the month.
    bad = client.get(reverse("calendar:calendar") + "?day=2020-02-30", follow=True)
    assert bad.status_code == 200 and 'data-testid="cal-month"' in bad.content.decode()


def test_the_day_list_is_scoped_like_the_rest(client: Client, dated: World) -> None:
    _six_due_on_the_fifteenth(dated)
    login(client, dated.reporter_b)
    html = client.get(reverse("calendar:calendar") + "?day=2020-09-15").content.decode()
    assert "共 3 项到期" in html and "甲完成招标" not in html
    for item in Item.objects.filter(title__startswith="九月十五日到期"):
        assert (f'href="/items/{item.pk}/"' in html) == (item.lead_unit_id == dated.unit_b.pk)


def test_the_feeds_entries_are_each_days_entries_of_a_kind_cut_with_one_counting_the_rest(
    dated: World,
) -> None:
    """What the feed holds, pinned against ``entries``: per day and kind the first ``per_day`` entries
    as they are, then one entry counting the rest and how many of them are overdue."""
    _six_due_on_the_fifteenth(dated)
    first, last = dt.date(2020, 8, 1), dt.date(2020, 10, 31)
    for user in (dated.office, dated.reporter_a, dated.reporter_b, dated.leader):
        full = selectors.entries(user, first, last)
        for per_day in (1, 2, 20):
            expected: list[tuple[Any, ...]] = []
            by_day_kind: dict[tuple[dt.date, str], list[selectors.Entry]] = {}
            for entry in full:
                by_day_kind.setdefault((entry.day, entry.kind), []).append(entry)
            for (day, kind), found in by_day_kind.items():
                expected += [
                    (e.day, e.kind, e.uid, e.title, e.detail, e.url, e.overdue) for e in found[:per_day]
                ]
                rest = found[per_day:]
                if rest:
                    late = sum(e.overdue for e in rest)
                    expected.append((day, kind, f"{kind}-more-{day.isoformat()}", len(rest), late))
            got: list[tuple[Any, ...]] = []
            for e in selectors.feed_entries(user, first, last, per_day=per_day):
                if "-more-" in e.uid:
                    count = int("".join(ch for ch in e.title if ch.isdigit()))
                    late = int("".join(ch for ch in e.detail if ch.isdigit()) or 0)
                    assert e.overdue == bool(late) and e.url.endswith(f"?day={e.day.isoformat()}")
                    got.append((e.day, e.kind, e.uid, count, late))
                else:
                    got.append((e.day, e.kind, e.uid, e.title, e.detail, e.url, e.overdue))
            assert got == expected, (user, per_day)
    office = selectors.feed_entries(dated.office, first, last, per_day=2)
    assert sum("-more-" in e.uid for e in office) == 1
