"""Setting up a tree of organisations from the command line, and loading a plan into one of them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from luoshi.organisations.models import Organisation
from luoshi.plans.models import Plan, Unit

pytestmark = pytest.mark.django_db

PLAN = {
    "format": "luoshi-plan/1",
    "plan": {
        "code": "fushan-2020",
        "name": "浮山县2020年工作要点",
        "start_date": "2020-01-01",
        "end_date": "2020-12-31",
    },
    "units": [{"name": "县发改局", "short_name": "发改局"}],
    "items": [
        {
            "title": "做强两大产业",
            "kind": "pillar",
            "children": [{"title": "新建项目", "lead_unit": "县发改局"}],
        }
    ],
}


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("organisation", *args, stdout=out)
    return out.getvalue()


def test_an_office_tree_is_built_and_listed_and_a_plan_loads_into_a_county(tmp_path: Path) -> None:
    _run("add", "linfen", "临汾市", "--level", "city", "--short-name", "临")
    _run("add", "fushan", "浮山县", "--parent", "linfen", "--short-name", "浮")
    listing = _run("list")
    assert "linfen\t临汾市" in listing and "\n  fushan\t浮山县" in listing
    fushan = Organisation.objects.get(code="fushan")
    assert fushan.ancestors().get().code == "linfen"
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(PLAN, ensure_ascii=False), encoding="utf-8")
    call_command("load", str(plan_file), "--organisation", "fushan", stdout=io.StringIO())
    plan = Plan.objects.get(code="fushan-2020")
    assert plan.organisation == fushan
    assert Unit.objects.get(name="县发改局").organisation == fushan


def test_bad_input_is_refused_with_a_message_and_changes_nothing(tmp_path: Path) -> None:
    _run("add", "linfen", "临汾市", "--level", "city")
    with pytest.raises(CommandError, match="exists already"):
        _run("add", "linfen", "临汾市")
    with pytest.raises(CommandError, match="no organisation"):
        _run("add", "x", "某县", "--parent", "nowhere")
    assert Organisation.objects.count() == 1
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(PLAN, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="no organisation"):
        call_command("load", str(plan_file), "--organisation", "nowhere", stdout=io.StringIO())
    assert not Plan.objects.exists()
