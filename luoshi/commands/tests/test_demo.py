"""The demo: 临汾市 over three counties, each with its plan aligned to the city's and its logins;
made once, whatever the number of runs."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps

from luoshi.accounts.models import Membership, Role, User
from luoshi.commands.demo_cascade import cascade_data
from luoshi.commands.management.commands.demo import DEMO_USERS, Command
from luoshi.dispatch.models import DispatchTarget
from luoshi.notices.models import Notice
from luoshi.organisations.models import Organisation
from luoshi.plans.models import Item, Plan

ROOT = Path(__file__).resolve().parents[3]
CITY_PLAN = "linfen-city-2020-1343"
# What a second run must leave as the first left it: the count of rows of each.
COUNTED = (
    "organisations.Organisation",
    "plans.Plan",
    "plans.Item",
    "plans.Unit",
    "plans.Leader",
    "accounts.User",
    "accounts.Membership",
    "reports.Report",
    "reports.ReportDue",
    "notices.Notice",
    "bulletins.Bulletin",
    "assessment.AssessmentRun",
    "dispatch.Dispatch",
    "dispatch.DispatchTarget",
)


@pytest.fixture
def demo() -> Plan:
    return Command(stdout=io.StringIO()).setup_demo()


def _the_city_is_the_root_over_three_counties(demo: Plan) -> None:
    city = Organisation.objects.get(code="linfen")
    assert (city.name, city.level, city.depth) == ("临汾市", "city", 1)
    counties = list(Organisation.objects.get_children(city).values_list("name", "short_name", "is_demo"))
    assert counties == [("古县", "古", True), ("浮山县", "浮", True), ("安泽县", "安", True)]
    assert demo.organisation.name == "古县" and demo.code == "gu-county-2020-1234"
    city_plan = Plan.objects.get(code=CITY_PLAN)
    assert city_plan.organisation_id == city.pk and city_plan.is_demo
    pillars = Item.objects.filter(plan=city_plan, depth=1).order_by("path").values_list("title", flat=True)
    assert list(pillars) == ["一个目标", "三大任务", "四大攻坚", "三项保障"]
    for code in ("fushan-county-2020", "anze-county-2020"):
        plan = Plan.objects.get(code=code)
        assert plan.is_demo and 15 <= Item.objects.filter(plan=plan).count() <= 30


def _every_county_plan_carries_out_the_city_plan(demo: Plan) -> None:
    city_plan = Plan.objects.get(code=CITY_PLAN)
    for plan in Plan.objects.exclude(pk=city_plan.pk):
        pillars = Item.objects.filter(plan=plan, depth=1)
        aligned = pillars.filter(aligned_to__plan=city_plan)
        assert aligned.count() == pillars.count(), plan.code
        assert Item.objects.filter(plan=plan, depth=2, aligned_to__plan=city_plan).exists(), plan.code
    tourism = Item.objects.get(plan=demo, title="擦亮一张名片")
    assert tourism.aligned_to is not None and tourism.aligned_to.title == "推动文旅融合发展走在全省前列"


def _each_organisation_has_an_office_a_leader_and_a_reporter(demo: Plan) -> None:
    for org in Organisation.objects.all():
        roles = set(Membership.objects.filter(organisation=org).values_list("role", flat=True))
        assert {Role.OFFICE, Role.LEADER, Role.REPORTER} <= roles, org.name
    for username, _display, role, unit, code in DEMO_USERS:
        user = User.objects.get(username=username)
        assert (user.organisation.code, user.role) == (code, role)
        assert user.check_password("luoshi-demo")
        if unit:
            assert user.unit is not None and user.unit.short_name == unit
            assert user.unit.organisation_id == user.organisation_id


def _the_gu_county_secretary_is_also_on_the_citys_list(demo: Plan) -> None:
    secretary = User.objects.get(username="leader")
    held = {m.organisation.code: m for m in Membership.objects.filter(user=secretary)}
    assert set(held) == {"gu-county", "linfen"}
    assert held["linfen"].role == Role.LEADER
    assert held["linfen"].leader is not None and held["linfen"].leader.name == "庞明明"
    assert secretary.organisation.code == "gu-county"


def _gu_county_keeps_its_logins_and_its_notice_numbers(demo: Plan) -> None:
    gu = [username for username, *_rest, code in DEMO_USERS if code == "gu-county"]
    assert gu == ["office", "leader", "wenlv", "jiaotong", "nengyuan"]
    numbers = sorted(Notice.objects.filter(plan=demo).values_list("number", flat=True))
    assert numbers and all(n.startswith("古督〔2020〕") for n in numbers)


def _the_city_has_sent_tasks_down_in_every_state(demo: Plan) -> None:
    targets = DispatchTarget.objects.select_related("dispatch", "item", "organisation")
    assert {t.state for t in targets} == {"sent", "accepted", "returned"}
    for target in targets.filter(state="accepted"):
        assert target.item is not None and target.item.plan.organisation_id == target.organisation_id
        assert target.item.aligned_to_id == target.dispatch.source_item_id
    assert all(t.reason for t in targets.filter(state="returned"))
    assert targets.filter(state="sent", organisation__code="gu-county").exists()


@pytest.mark.django_db
def test_the_demo_is_a_city_over_three_counties_with_their_logins_made_once(demo: Plan) -> None:
    """One build for all the checks (a build takes seconds); then a second build adds nothing."""
    _the_city_is_the_root_over_three_counties(demo)
    _every_county_plan_carries_out_the_city_plan(demo)
    _each_organisation_has_an_office_a_leader_and_a_reporter(demo)
    _the_gu_county_secretary_is_also_on_the_citys_list(demo)
    _gu_county_keeps_its_logins_and_its_notice_numbers(demo)
    _the_city_has_sent_tasks_down_in_every_state(demo)
    counts = {label: apps.get_model(label).objects.count() for label in COUNTED}
    output = io.StringIO()
    Command(stdout=output).setup_demo()
    assert {label: apps.get_model(label).objects.count() for label in COUNTED} == counts
    assert "already loaded" in output.getvalue()


def _luoshi(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    for name in ("DATABASE_URL", "LUOSHI_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        full.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "luoshi", *args],
        env=full,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


COUNT_ROWS = (
    f"from django.apps import apps; print(*(apps.get_model(m).objects.count() for m in {list(COUNTED)!r}))"
)


def test_the_demo_runs_twice_without_duplicating(tmp_path: Path) -> None:
    env = {"LUOSHI_DATA_DIR": str(tmp_path / "data"), "LUOSHI_DEMO": "1"}
    first = _luoshi(["demo", "--no-serve"], env, tmp_path)
    assert first.returncode == 0, first.stderr
    for username, *_rest in DEMO_USERS:
        assert f"  {username} " in first.stdout
    assert "临汾市" in first.stdout and "浮山县" in first.stdout
    counted = _luoshi(["shell", "-c", COUNT_ROWS], env, tmp_path)
    before = counted.stdout.strip().splitlines()[-1].split()
    second = _luoshi(["demo", "--no-serve"], env, tmp_path)
    assert second.returncode == 0, second.stderr
    counted = _luoshi(["shell", "-c", COUNT_ROWS], env, tmp_path)
    after = counted.stdout.strip().splitlines()[-1].split()
    assert after == before
    plans, items = int(after[1]), int(after[2])
    assert (
        plans == len(cascade_data()["plans"]) and items == 23 + 47 + 21 + 17 + 2
    )  # and the two tasks accepted from the city
    assert (tmp_path / "data" / "luoshi.sqlite3").exists()
    mode = _luoshi(
        [
            "shell",
            "-c",
            "from django.db import connection; c = connection.cursor(); "
            "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])",
        ],
        env,
        tmp_path,
    )
    assert mode.stdout.strip().splitlines()[-1] == "wal"
