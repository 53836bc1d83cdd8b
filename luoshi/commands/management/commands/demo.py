from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from luoshi.accounts.models import Role
from luoshi.commands.demo_cascade import (
    cascade_data,
    logins,
    organisations_ensure,
    people_ensure,
    plans_ensure,
)
from luoshi.lib.process import die_with_parent_or_exit
from luoshi.organisations.models import Organisation
from luoshi.plans.loader import PlanFileError, read_plan_file
from luoshi.plans.models import Plan

DEMO_FILE = Path(__file__).resolve().parents[3] / "plans" / "demo" / "gu-county-2020.json"
DEMO_PASSWORD = "luoshi-demo"
# (username, display name, role, unit short name, organisation code), the role each login acts in.
DEMO_USERS = [(x.username, x.display, x.role, x.unit or None, x.organisation) for x in logins()]


def reporter_units(organisation_code: str) -> list[str]:
    """The short names of the units the demo's reporters of one organisation report for."""
    return [
        unit
        for _u, _d, role, unit, org in DEMO_USERS
        if role == Role.REPORTER and unit and org == organisation_code
    ]


def build_plan_from_text(path: Path, *, ingest_file: Any, enrich: Any) -> dict[str, Any]:
    """The plan-file data for ``path`` made by the ingest pipeline, enriched with the demo's units and progress."""
    from luoshi.ingest.app.services import draft_to_items

    draft = ingest_file(path).to_dict()
    demo = read_plan_file(DEMO_FILE)
    data: dict[str, Any] = {
        "format": demo["format"],
        "plan": {
            "code": f"{demo['plan']['code']}-from-text",
            "name": f"{demo['plan']['name']}（由文本生成）",
        },
        "units": [],
        "leaders": [],
        "items": draft_to_items(draft["items"], {}, int(demo["plan"]["year"])),
    }
    return enrich(data, demo)  # type: ignore[no-any-return]


class Command(BaseCommand):
    help = (
        "Set up the demo (SQLite; 临汾市 with Gu County's 2020 “1234” plan and two more counties, "
        "one login per role in each) and serve it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Set up only; do not start the server.")
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--file", type=Path, default=DEMO_FILE, help="The plan file to load.")
        parser.add_argument(
            "--text",
            type=Path,
            help="Build the demo plan from this policy text through the ingest pipeline instead "
            "(units and progress are taken from the demo plan file where titles match).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError("luoshi demo runs in demo mode only (LUOSHI_DEMO=1).")
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        main = self.main_data(options.get("text"), options["file"])
        plans = self.build(main)
        self.print_logins(plans[self.main_index()], options["bind"])
        if options["no_serve"]:
            return
        # The background worker (reminders, statuses) runs beside the web server and stops with it:
        # this process becomes the server (exec), and the kernel ends the worker when it exits.
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "luoshi", "worker"],
            env=os.environ.copy(),
            preexec_fn=partial(die_with_parent_or_exit, os.getpid()),  # noqa: PLW1509
        )
        call_command("serve", bind=options["bind"], workers=2)

    def build(self, main: dict[str, Any]) -> list[Plan]:
        """The organisations, every plan (``main`` is the data of Gu County's), the logins, the
        reports and notices; each made once. Returns the plans in loading order."""
        specs = cascade_data()["organisations"]
        self.organisations = organisations_ensure(specs, main_plan_code=main["plan"]["code"])
        try:
            plans, loaded = plans_ensure(main, self.organisations)
        except PlanFileError as exc:
            raise CommandError(str(exc)) from exc
        names = "、".join(p.name for p in plans)
        if loaded:
            self.stdout.write(f"Loaded the demo plans ({loaded} items): {names}.")
        else:
            self.stdout.write(f"Demo plans already loaded: {names}.")
        self.ensure_users()
        # Tasks first, so that the items accepted from them have their reports and deadlines too.
        from luoshi.commands.demo_dispatch import demo_dispatch

        city = self.organisations["linfen"]
        city_plan = next(p for p in plans if p.organisation_id == city.pk)
        if sent := demo_dispatch(city_plan=city_plan, organisations=self.organisations):
            self.stdout.write(
                f"Demo dispatches (任务下发): {sent} tasks from {city.name} to its counties, "
                "awaiting, accepted and returned."
            )
        self.supervise(plans)
        return plans

    def setup_demo(self, path: Path = DEMO_FILE) -> Plan:
        """What ``luoshi demo --no-serve`` makes once migrated; returns Gu County's plan."""
        return self.build(self.main_data(None, path))[self.main_index()]

    @staticmethod
    def main_index() -> int:
        return next(i for i, p in enumerate(cascade_data()["plans"]) if p["file"] is None)

    def ensure_users(self) -> None:
        people_ensure(self.organisations, password=DEMO_PASSWORD)

    def supervise(self, plans: list[Plan]) -> None:
        """Sample reports with their history, then the scheduled run (colours, reminders, escalation)
        for every plan; notices, a bulletin and the scores for Gu County's."""
        from luoshi.commands.daily import supervision_run
        from luoshi.commands.demo_notices import demo_notices
        from luoshi.commands.demo_reports import demo_reports

        made = reminders = escalations = 0
        for plan in plans:
            units = reporter_units(self.code_of(plan.organisation))
            made += demo_reports(plan=plan, unit_short_names=units)
            result = supervision_run(plan=plan)
            reminders += result["reminders"]
            escalations += result["escalations"]
        main = plans[self.main_index()]
        units = reporter_units(self.code_of(main.organisation))
        if demo_notices(plan=main, unit_short_names=units):
            self.stdout.write("Demo notices (督办单), a bulletin (通报) and the scores (考核) are in place.")
        from luoshi.public.models import Publication
        from luoshi.public.services import publication_save

        if not Publication.objects.filter(plan=main).exists():
            publication_save(plan=main, enabled=True, levels=2)
            self.stdout.write(f"Public page (公开): /public/{main.code}/ shows two levels of {main.name}.")
        if made:
            self.stdout.write(
                f"Demo reports: {made}; reminders sent: {reminders}, escalations: {escalations}."
            )

    def code_of(self, organisation: Organisation) -> str:
        """The demo's code for ``organisation`` (an older database's county keeps its own code)."""
        return next((c for c, o in self.organisations.items() if o.pk == organisation.pk), organisation.code)

    def main_data(self, text: Path | None, path: Path) -> dict[str, Any]:
        """The plan-file data of Gu County's plan: the demo file, or a plan built from ``text``."""
        if not text:
            try:
                return read_plan_file(path)
            except PlanFileError as exc:
                raise CommandError(str(exc)) from exc
        from luoshi.ingest import IngestError, ingest_file
        from luoshi.ingest.app.services import enrich_from_demo

        try:
            data = build_plan_from_text(text, ingest_file=ingest_file, enrich=enrich_from_demo)
        except (IngestError, PlanFileError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Built the plan from {text.name}: {len(data['items'])} pillars.")
        return data

    def print_logins(self, plan: Plan, bind: str) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"luoshi demo: http://{bind}/  ({plan.name})"))
        self.stdout.write(f"Data folder: {settings.DATA_DIR}")
        self.stdout.write(f"Logins (password for all: {DEMO_PASSWORD}):")
        names = {o.code: o.name for o in Organisation.objects.filter(code__in={u[4] for u in DEMO_USERS})}
        rows = [
            (username, names.get(org, org), str(Role(role).label), display)
            for username, display, role, _unit, org in DEMO_USERS
        ]
        for login in logins():
            for extra in login.also:
                org = extra["organisation"]
                rows.append(
                    (
                        login.username,
                        names.get(org, org),
                        str(Role(extra["role"]).label),
                        "↑ " + login.display,
                    )
                )
        for username, where, role, display in rows:
            self.stdout.write(f"  {pad(username, 14)} {pad(where, 8)} {pad(role, 12)} {display}")
        self.stdout.write("  (↑ a further role of the same login: switch organisation in the page header)")
        self.stdout.write("")
        sys.stdout.flush()


def pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


__all__ = ["DEMO_FILE", "DEMO_PASSWORD", "DEMO_USERS", "Command", "os", "reporter_units", "subprocess"]
