"""The demo's organisations: 临汾市 with three of its counties, each with its plan and its logins.

What is made comes from ``data/linfen.json`` (organisations, plans in loading order, logins) and the
plan files beside it. Everything is made once: a second run finds it and adds nothing.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from luoshi.accounts.models import Membership, Role, User
from luoshi.organisations.models import Organisation
from luoshi.organisations.services import organisation_ensure
from luoshi.plans.loader import read_plan_file
from luoshi.plans.models import Leader, Plan, Unit
from luoshi.status.changes import plan_load

DATA_DIR = Path(__file__).resolve().parent / "data"
CASCADE_FILE = DATA_DIR / "linfen.json"


@dataclass(frozen=True)
class Login:
    """One demo account and the role it acts in; ``also`` are the further roles it holds."""

    username: str
    display: str
    role: str
    organisation: str
    unit: str = ""
    leader: str = ""
    also: tuple[dict[str, str], ...] = ()


@functools.cache
def cascade_data() -> dict[str, Any]:
    """The contents of ``data/linfen.json`` (read once; not to be changed)."""
    data: dict[str, Any] = json.loads(CASCADE_FILE.read_text(encoding="utf-8"))
    return data


def logins() -> list[Login]:
    return [
        Login(
            username=spec["username"],
            display=spec["display"],
            role=spec["role"],
            organisation=spec["organisation"],
            unit=spec.get("unit", ""),
            leader=spec.get("leader", ""),
            also=tuple(spec.get("also", ())),
        )
        for spec in cascade_data()["logins"]
    ]


@transaction.atomic
def organisations_ensure(specs: list[dict[str, Any]], *, main_plan_code: str = "") -> dict[str, Organisation]:
    """The demo's organisations by code, made where missing (a parent is listed before its children).

    A database from before organisations holds the main plan in an organisation of its own at the
    top: it becomes the county of that plan's entry, below the city."""
    made: dict[str, Organisation] = {}
    for spec in specs:
        org = Organisation.objects.filter(code=spec["code"]).first()
        parent = made.get(spec.get("parent", ""))
        if org is None and main_plan_code and spec["code"] == _main_organisation_code():
            old = Plan.objects.filter(code=main_plan_code).select_related("organisation").first()
            if old is not None and old.organisation.depth == 1 and parent is not None:
                Organisation.objects.move(old.organisation, parent, pos="last-child")
                org = Organisation.objects.get(pk=old.organisation_id)
        if org is None:
            org, _made = organisation_ensure(
                code=spec["code"],
                name=spec["name"],
                short_name=spec.get("short_name", ""),
                level=spec.get("level", Organisation.Level.COUNTY),
                parent=parent,
                is_demo=True,
            )
        made[spec["code"]] = org
    return made


def _main_organisation_code() -> str:
    return next(str(p["organisation"]) for p in cascade_data()["plans"] if p["file"] is None)


def aligned(data: dict[str, Any], *, plan_code: str, alignment: dict[str, str]) -> dict[str, Any]:
    """A copy of plan-file ``data`` whose items named in ``alignment`` (title → title of an item of
    plan ``plan_code``) carry that item out."""
    data = copy.deepcopy(data)

    def nodes(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for node in items:
            yield node
            yield from nodes(node.get("children", []))

    for node in nodes(data.get("items", [])):
        title = str(node.get("title", "")).strip()
        if title in alignment:
            node["aligned_to"] = {"plan": plan_code, "title": alignment[title]}
    return data


def plans_ensure(main: dict[str, Any], organisations: dict[str, Organisation]) -> tuple[list[Plan], int]:
    """Load every plan of the cascade not yet loaded, in order; ``main`` is the data of the plan of the
    entry without a file (Gu County's). Returns the plans, in order, and how many items were loaded."""
    plans: list[Plan] = []
    loaded = 0
    for entry in cascade_data()["plans"]:
        if entry["file"] is None:
            data = aligned(main, plan_code=entry["aligned_to"], alignment=entry["alignment"])
            owner = organisations[entry["organisation"]]
        else:
            data = read_plan_file(DATA_DIR / entry["file"])
            owner = organisations[data["plan"]["organisation_code"]]
        existing = Plan.objects.filter(code=data["plan"]["code"]).first()
        if existing is not None:
            plans.append(existing)
            continue
        result = plan_load(data, organisation=owner)
        plans.append(result.plan)
        loaded += result.items
    return plans, loaded


@transaction.atomic
def people_ensure(
    organisations: dict[str, Organisation], *, password: str, accounts: list[Login] | None = None
) -> int:
    """Each login, acting in its organisation, with the further roles it holds; returns how many were
    made. An account that exists is left as it is (its password too)."""
    made = 0
    # One hash for all, made only if needed: every demo login has the same password, and each
    # hash takes a good part of a second.
    hashed = ""
    for login in logins() if accounts is None else accounts:
        org = organisations[login.organisation]
        user = User.objects.filter(username=login.username).first()
        if user is None:
            user = User(
                username=login.username,
                display_name=login.display,
                organisation=org,
                role=login.role,
                unit=_unit(org, login.unit),
                leader=_leader(org, login.leader),
                is_staff=login.role == Role.OFFICE,
            )
            hashed = hashed or make_password(password)
            user.password = hashed
            user.save()
            made += 1
        for extra in login.also:
            other = organisations[extra["organisation"]]
            Membership.objects.get_or_create(
                user=user,
                organisation=other,
                defaults={
                    "role": extra["role"],
                    "unit": _unit(other, extra.get("unit", "")),
                    "leader": _leader(other, extra.get("leader", "")),
                },
            )
    return made


def _unit(org: Organisation, short_name: str) -> Unit | None:
    if not short_name:
        return None
    return Unit.objects.filter(organisation=org, short_name=short_name).order_by("pk").first()


def _leader(org: Organisation, name: str) -> Leader | None:
    if not name:
        return None
    return Leader.objects.filter(organisation=org, name=name).order_by("pk").first()
