"""The office manages its organisation's units, leaders and users in luoshi's own pages.

Only the office of the organisation: a reporter or leader gets the 404 of a missing page, another
organisation's unit or user is the same 404 as a missing one, and the office grants no office
rights and changes no office or superuser account, its own included. Every change is in history.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.accounts.models import Membership, Role, User
from luoshi.plans.models import Leader, Unit
from luoshi.testing import (
    PASSWORD,
    Cascade,
    LeaderFactory,
    UserFactory,
    World,
    login,
    make_cascade,
    make_item,
)

NEW_PASSWORD = "Brand-new-pass-42"


@pytest.fixture
def office(client: Client, world: World) -> Client:
    return login(client, world.office)


@pytest.fixture
def cascade(db: None) -> Cascade:
    return make_cascade()


def text(response: Any) -> str:
    return str(response.content.decode())


def unit_data(**changes: Any) -> dict[str, Any]:
    data = {"name": "古县审计局", "short_name": "审计局", "kind": "department"}
    data.update(contact_person="王芳", contact_phone="0351-7654321")
    return {**data, **changes}


def edit_form(client: Client, url: str) -> dict[str, Any]:
    """The edit form's current values, as the browser would post them."""
    form = client.get(url).context["form"]
    return {name: form.initial.get(name, "") for name in form.fields}


# --- units ---------------------------------------------------------------------------------------


def test_the_office_adds_a_unit_with_its_contact_phone_and_sees_it_listed(
    office: Client, world: World
) -> None:
    response = office.post(reverse("accounts:unit_new"), unit_data())
    assert response.status_code == 302
    listing = text(office.get(reverse("accounts:unit_list")))
    assert "古县审计局" in listing and "王芳" in listing and "0351-7654321" in listing
    unit = Unit.objects.get(name="古县审计局")
    assert unit.organisation == world.office.organisation
    assert unit.history.latest().history_user == world.office


def test_the_unit_list_counts_the_items_each_unit_leads(office: Client, world: World) -> None:
    make_item(world.plan, world.pillar, title="又一件", lead_unit=world.unit_a)
    rows = {u.name: u for u in office.get(reverse("accounts:unit_list")).context["units"]}
    assert rows["单位甲"].led == 2 and rows["单位乙"].led == 1


def test_a_duplicate_unit_name_is_refused_clearly(office: Client, world: World) -> None:
    response = office.post(reverse("accounts:unit_new"), unit_data(name="单位甲"))
    assert response.status_code == 400
    assert "已有名为单位甲的单位" in text(response)
    assert Unit.objects.filter(name="单位甲").count() == 1
    rename = office.post(reverse("accounts:unit_edit", args=[world.unit_b.pk]), unit_data(name="单位甲"))
    assert rename.status_code == 400 and "已有名为单位甲的单位" in text(rename)
    world.unit_b.refresh_from_db()
    assert world.unit_b.name == "单位乙"


def test_a_phone_that_is_not_a_number_is_refused(office: Client, world: World) -> None:
    response = office.post(reverse("accounts:unit_new"), unit_data(contact_phone="打电话给我"))
    assert response.status_code == 400 and "0351-1234567" in text(response)
    assert not Unit.objects.filter(name="古县审计局").exists()


def test_two_offices_editing_one_unit_the_second_is_told_and_overwrites_nothing(
    client: Client, world: World
) -> None:
    colleague = UserFactory(username="office2", role=Role.OFFICE, display_name="另一督查")
    other = login(Client(), colleague)
    login(client, world.office)
    url = reverse("accounts:unit_edit", args=[world.unit_a.pk])
    mine, theirs = edit_form(client, url), edit_form(other, url)
    assert other.post(url, {**theirs, "contact_phone": "13800000000"}).status_code == 302
    response = client.post(url, {**mine, "contact_person": "李四"})
    assert response.status_code == 409
    body = text(response)
    assert "另一督查" in body and "13800000000" in body  # who changed it, and the current values
    world.unit_a.refresh_from_db()
    assert world.unit_a.contact_phone == "13800000000" and world.unit_a.contact_person == ""
    # Having compared, saving again is a deliberate choice and goes through.
    again = response.context["form"].data
    assert client.post(url, {**again, "contact_person": "李四"}).status_code == 302
    world.unit_a.refresh_from_db()
    assert world.unit_a.contact_person == "李四"


def test_a_unit_items_refer_to_is_not_deleted_and_the_office_is_told_why(
    office: Client, world: World
) -> None:
    response = office.post(reverse("accounts:unit_delete", args=[world.unit_a.pk]), follow=True)
    assert "单位甲不能删除" in text(response) and "1 个事项" in text(response)
    assert Unit.objects.filter(pk=world.unit_a.pk).exists()


def test_a_unit_a_reporter_reports_for_is_not_deleted(office: Client, world: World) -> None:
    spare = Unit.objects.create(organisation=world.unit_a.organisation, name="空单位")
    UserFactory(username="spare", role=Role.REPORTER, unit=spare)
    response = office.post(reverse("accounts:unit_delete", args=[spare.pk]), follow=True)
    assert "1 个账号" in text(response)
    assert Unit.objects.filter(pk=spare.pk).exists()


def test_a_unit_nothing_refers_to_is_deleted_after_confirmation(office: Client, world: World) -> None:
    spare = Unit.objects.create(organisation=world.unit_a.organisation, name="空单位")
    url = reverse("accounts:unit_delete", args=[spare.pk])
    assert office.get(url).status_code == 200 and Unit.objects.filter(pk=spare.pk).exists()
    assert office.post(url).status_code == 302
    assert not Unit.objects.filter(pk=spare.pk).exists()
    assert Unit.history.filter(id=spare.pk, history_type="-").get().history_user == world.office


# --- leaders -------------------------------------------------------------------------------------


def test_the_office_adds_edits_and_deletes_a_leader(office: Client, world: World) -> None:
    assert (
        office.post(reverse("accounts:leader_new"), {"name": "张三", "position": "副县长"}).status_code == 302
    )
    leader = Leader.objects.get(name="张三")
    assert "副县长" in text(office.get(reverse("accounts:leader_list")))
    url = reverse("accounts:leader_edit", args=[leader.pk])
    assert office.post(url, {**edit_form(office, url), "position": "县长"}).status_code == 302
    leader.refresh_from_db()
    assert leader.position == "县长" and leader.history.latest().history_user == world.office
    assert office.post(reverse("accounts:leader_delete", args=[leader.pk])).status_code == 302
    assert not Leader.objects.filter(pk=leader.pk).exists()


def test_a_duplicate_leader_and_a_leader_items_name_are_refused(office: Client, world: World) -> None:
    leader = LeaderFactory(name="张三", position="副县长", organisation=world.plan.organisation)
    response = office.post(reverse("accounts:leader_new"), {"name": "张三", "position": "副县长"})
    assert response.status_code == 400 and "已有领导张三" in text(response)
    make_item(world.plan, world.pillar, title="包联事项", leader=leader)
    deleted = office.post(reverse("accounts:leader_delete", args=[leader.pk]), follow=True)
    assert "不能删除" in text(deleted) and Leader.objects.filter(pk=leader.pk).exists()


# --- users ---------------------------------------------------------------------------------------


def new_user(**changes: Any) -> dict[str, Any]:
    data = {
        "username": "newbie",
        "display_name": "新人",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    return {**data, **changes}


def test_the_office_creates_a_reporter_and_it_is_in_history(office: Client, world: World) -> None:
    response = office.post(reverse("accounts:user_new"), new_user(role="reporter", unit=world.unit_a.pk))
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert user.role == Role.REPORTER and user.unit == world.unit_a and user.check_password(NEW_PASSWORD)
    assert user.history.earliest().history_user == world.office
    held = Membership.objects.get(user=user)
    assert (
        held.organisation == world.office.organisation and held.history.latest().history_user == world.office
    )
    listing = text(office.get(reverse("accounts:user_list")))
    assert "newbie" in listing and "单位甲" in listing
    assert Client().login(username="newbie", password=NEW_PASSWORD)


def test_weak_passwords_and_taken_usernames_are_refused_in_chinese(office: Client, world: World) -> None:
    numeric = office.post(
        reverse("accounts:user_new"), new_user(password1="20200930123", password2="20200930123")
    )
    assert numeric.status_code == 400 and "密码只包含数字" in text(numeric)
    short = office.post(reverse("accounts:user_new"), new_user(password1="ab1", password2="ab1"))
    assert "密码太短" in text(short)
    taken = office.post(reverse("accounts:user_new"), new_user(username="Reporter_A"))
    assert "用户名 Reporter_A 已被使用" in text(taken)
    assert not User.objects.filter(username="newbie").exists()


def test_the_office_cannot_grant_office_rights(office: Client, world: World) -> None:
    page = text(office.get(reverse("accounts:user_detail", args=[world.reporter_a.pk])))
    assert 'value="office"' not in page and 'value="leader"' in page
    response = office.post(reverse("accounts:user_role", args=[world.reporter_a.pk]), {"role": "office"})
    assert response.status_code == 400
    created = office.post(reverse("accounts:user_new"), new_user(role="office"))
    assert created.status_code == 400
    world.reporter_a.refresh_from_db()
    assert world.reporter_a.role == Role.REPORTER and not world.reporter_a.is_staff
    assert not User.objects.filter(username="newbie").exists()
    assert not Membership.objects.filter(role=Role.OFFICE).exclude(user=world.office).exists()


def test_the_office_cannot_change_an_office_or_superuser_account_its_own_included(
    office: Client, world: World
) -> None:
    root = UserFactory(username="root", role=Role.PUBLIC, is_superuser=True, is_staff=True)
    colleague = UserFactory(username="office2", role=Role.OFFICE, display_name="另一督查")
    for target in (root, colleague, world.office):
        page = office.get(reverse("accounts:user_detail", args=[target.pk]))
        assert 'data-testid="role-form"' not in text(page)
        office.post(
            reverse("accounts:user_role", args=[target.pk]), {"role": "reporter", "unit": world.unit_a.pk}
        )
        office.post(reverse("accounts:user_role_remove", args=[target.pk]))
        office.post(reverse("accounts:user_active", args=[target.pk]), {"active": "0"})
        office.post(
            reverse("accounts:user_password", args=[target.pk]),
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        target.refresh_from_db()
        assert target.is_active and target.check_password(PASSWORD), target
        assert target.role == (Role.PUBLIC if target == root else Role.OFFICE)
    assert Membership.objects.filter(user=colleague, role=Role.OFFICE).exists()


def test_the_office_gives_changes_and_removes_roles_and_it_is_in_history(
    office: Client, world: World
) -> None:
    record = LeaderFactory(name="王县长", organisation=world.plan.organisation)
    url = reverse("accounts:user_role", args=[world.reporter_a.pk])
    missing_unit = office.post(url, {"role": "reporter"})
    assert missing_unit.status_code == 400 and "须选择所填报的单位" in text(missing_unit)
    assert office.post(url, {"role": "leader", "leader": record.pk}).status_code == 302
    world.reporter_a.refresh_from_db()
    assert world.reporter_a.role == Role.LEADER and world.reporter_a.leader == record
    assert world.reporter_a.unit is None
    latest = world.reporter_a.history.latest()
    assert latest.history_user == world.office and latest.prev_record.role == Role.REPORTER
    held = Membership.objects.get(user=world.reporter_a)
    assert held.role == Role.LEADER and held.history.latest().history_user == world.office
    page = text(office.get(reverse("accounts:user_detail", args=[world.reporter_a.pk])))
    assert "王县长" in page and "督查室" in page  # the role here and who changed it
    assert office.post(reverse("accounts:user_role_remove", args=[world.reporter_a.pk])).status_code == 302
    world.reporter_a.refresh_from_db()
    assert (
        world.reporter_a.role == Role.PUBLIC and not Membership.objects.filter(user=world.reporter_a).exists()
    )
    assert "无角色" in text(office.get(reverse("accounts:user_list")))


def test_the_office_deactivates_an_account_and_resets_a_password(office: Client, world: World) -> None:
    response = office.post(
        reverse("accounts:user_password", args=[world.reporter_b.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    world.reporter_b.refresh_from_db()
    assert world.reporter_b.check_password(NEW_PASSWORD)
    assert world.reporter_b.history.latest().history_user == world.office
    weak = office.post(
        reverse("accounts:user_password", args=[world.reporter_b.pk]),
        {"password1": "123", "password2": "123"},
    )
    assert weak.status_code == 400 and "密码太短" in text(weak)
    assert (
        office.post(reverse("accounts:user_active", args=[world.reporter_b.pk]), {"active": "0"}).status_code
        == 302
    )
    world.reporter_b.refresh_from_db()
    assert not world.reporter_b.is_active and world.reporter_b.history.latest().history_user == world.office
    assert not Client().login(username="reporter_b", password=NEW_PASSWORD)
    office.post(reverse("accounts:user_active", args=[world.reporter_b.pk]), {"active": "1"})
    assert Client().login(username="reporter_b", password=NEW_PASSWORD)


# --- who may come in -----------------------------------------------------------------------------


def people_urls(world: World) -> list[str]:
    leader = LeaderFactory(name="包联领导", organisation=world.plan.organisation)
    lists = ["unit_list", "unit_new", "leader_list", "leader_new", "user_list", "user_new"]
    return [
        *(reverse(f"accounts:{name}") for name in lists),
        *(reverse(f"accounts:{n}", args=[world.unit_a.pk]) for n in ("unit_edit", "unit_delete")),
        *(reverse(f"accounts:{n}", args=[leader.pk]) for n in ("leader_edit", "leader_delete")),
        *(
            reverse(f"accounts:{n}", args=[world.reporter_a.pk])
            for n in (
                "user_detail",
                "user_role",
                "user_role_remove",
                "user_active",
                "user_password",
                "user_unlock",
            )
        ),
    ]


def test_a_reporter_or_leader_gets_404_on_every_people_page(client: Client, world: World) -> None:
    urls = people_urls(world)
    for person in (world.reporter_a, world.leader):
        login(client, person)
        for url in urls:
            assert client.get(url).status_code in (404, 405), url
            assert client.post(url, {**unit_data(), "role": "office", "active": "0"}).status_code == 404, url
    world.unit_a.refresh_from_db()
    assert world.unit_a.name == "单位甲" and User.objects.get(pk=world.reporter_a.pk).is_active
    assert client.get(reverse("web:home")).status_code in (200, 302)
    assert "/people/" not in text(client.get(reverse("web:plan_list")))


def test_the_header_leads_the_office_to_its_people_pages(office: Client, world: World) -> None:
    page = text(office.get(reverse("web:plan_list")))
    assert f'href="{reverse("accounts:unit_list")}"' in page and "/admin/" not in page


# --- organisations -------------------------------------------------------------------------------


def test_a_county_office_cannot_see_another_countys_units_or_users(client: Client, cascade: Cascade) -> None:
    login(client, cascade.a.office)
    listing = text(client.get(reverse("accounts:unit_list")))
    assert cascade.a.unit.name in listing and cascade.b.unit.name not in listing
    assert cascade.b.reporter.username not in text(client.get(reverse("accounts:user_list")))
    for url in (
        reverse("accounts:unit_edit", args=[cascade.b.unit.pk]),
        reverse("accounts:unit_delete", args=[cascade.b.unit.pk]),
        reverse("accounts:user_detail", args=[cascade.b.reporter.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.get(url.replace(str(url.split("/")[-2]), "999999")).status_code == 404
    assert (
        client.post(reverse("accounts:unit_edit", args=[cascade.b.unit.pk]), unit_data()).status_code == 404
    )
    forged = client.post(
        reverse("accounts:user_role", args=[cascade.a.reporter.pk]),
        {"role": "reporter", "unit": cascade.b.unit.pk},
    )
    assert forged.status_code == 400
    cascade.a.reporter.refresh_from_db()
    assert cascade.a.reporter.unit == cascade.a.unit


def test_a_city_office_manages_the_citys_people_only(client: Client, cascade: Cascade) -> None:
    login(client, cascade.city_office)
    assert cascade.a.unit.name not in text(client.get(reverse("accounts:unit_list")))
    people = text(client.get(reverse("accounts:user_list")))
    assert "office_city" in people and cascade.a.reporter.username not in people
    assert client.get(reverse("accounts:user_detail", args=[cascade.a.reporter.pk])).status_code == 404
    response = client.post(
        reverse("accounts:user_password", args=[cascade.a.reporter.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 404


def test_a_role_given_in_the_city_does_not_hand_the_account_to_the_city(
    client: Client, cascade: Cascade
) -> None:
    login(client, cascade.city_office)
    # The county's reporter is also made a leader of the city: a role here, the account stays the county's.
    reporter = cascade.a.reporter
    city_leader = LeaderFactory(name="市领导", organisation=cascade.city)
    Membership.objects.create(user=reporter, organisation=cascade.city, role=Role.LEADER, leader=city_leader)
    page = text(client.get(reverse("accounts:user_detail", args=[reporter.pk])))
    assert "其他组织" in page and 'data-testid="password-form"' not in page
    response = client.post(
        reverse("accounts:user_password", args=[reporter.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 400 and "超级管理员" in text(response)
    reporter.refresh_from_db()
    assert reporter.check_password(PASSWORD)
    assert client.post(reverse("accounts:user_role_remove", args=[reporter.pk])).status_code == 302
    reporter.refresh_from_db()
    assert reporter.role == Role.REPORTER and reporter.organisation == cascade.a.org
