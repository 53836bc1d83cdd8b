from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from luoshi.commands.management.commands.demo import DEMO_FILE
from luoshi.plans.loader import PlanFileError, read_plan_file
from luoshi.plans.models import Indicator, Item, Milestone, Plan
from luoshi.status.changes import plan_load

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_demo_plan_has_the_four_pillars_and_the_named_projects() -> None:
    plan = plan_load(read_plan_file(DEMO_FILE)).plan
    pillars = list(Item.objects.filter(plan=plan, depth=1).order_by("path").values_list("title", flat=True))
    assert pillars == ["擦亮一张名片", "做强两大产业", "推进三城联创", "办好四件大事"]
    titles = set(Item.objects.filter(plan=plan).values_list("title", flat=True))
    for project in (
        "长临高速古县连接线工程",
        "国道341线改建工程",
        "黎城至霍州高速公路项目",
        "牡丹景区“一中心三片区”建设",
    ):
        assert project in titles
    key_projects = Indicator.objects.get(name="重点项目开工")
    assert (key_projects.target, key_projects.unit) == (55, "项")
    statuses = set(Item.objects.filter(plan=plan).values_list("status", flat=True))
    assert {"green", "yellow", "red", "done"} <= statuses


@pytest.mark.django_db
def test_a_broken_plan_file_writes_nothing(tmp_path: Path) -> None:
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    data["items"][3]["children"][3]["children"][1]["lead_unit"] = "不存在的单位"
    with pytest.raises(PlanFileError, match="不存在的单位"):
        plan_load(data)
    assert not Plan.objects.exists() and not Item.objects.exists() and not Milestone.objects.exists()
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    with pytest.raises(CommandError, match="not UTF-8 JSON"):
        call_command("load", str(bad))


@pytest.mark.django_db
def test_loading_the_same_plan_twice_asks_for_replace() -> None:
    plan_load(read_plan_file(DEMO_FILE))
    with pytest.raises(PlanFileError, match="already exists"):
        plan_load(read_plan_file(DEMO_FILE))
    result = plan_load(read_plan_file(DEMO_FILE), replace=True)
    assert result.replaced and Plan.objects.count() == 1
    assert Item.objects.count() == result.items


def _luoshi(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    full.pop("DATABASE_URL", None)
    full.pop("LUOSHI_TESTING", None)
    full.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "-m", "luoshi", *args],
        env=full,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {"LUOSHI_DATA_DIR": str(tmp_path), "LUOSHI_DEMO": "0", "SECRET_KEY": ""}
    result = _luoshi(["check"], env, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    env = {
        "LUOSHI_DATA_DIR": str(tmp_path),
        "LUOSHI_DEMO": "0",
        "SECRET_KEY": "k" * 20 + "Q7x!pZ2m#Vb9@Lr4$Tn8^Hs1&Wc6*Yd3(Ef5)Gj0",
        "ALLOWED_HOSTS": "luoshi.example.gov.cn",
    }
    result = _luoshi(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
