from __future__ import annotations

import os
import subprocess
import sys
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from luoshi.accounts.models import Role, User
from luoshi.lib.process import die_with_parent_or_exit
from luoshi.plans.loader import PlanFileError, read_plan_file
from luoshi.plans.models import Plan, Unit
from luoshi.status.changes import plan_load

DEMO_FILE = Path(__file__).resolve().parents[3] / "plans" / "demo" / "gu-county-2020.json"
DEMO_PASSWORD = "luoshi-demo"
# (username, display name, role, unit short name)
DEMO_USERS = [
    ("office", "督查室 王督查", Role.OFFICE, None),
    ("leader", "庞明明（县委书记）", Role.LEADER, None),
    ("wenlv", "文旅局 填报员", Role.REPORTER, "文旅局"),
    ("jiaotong", "交通局 填报员", Role.REPORTER, "交通局"),
    ("nengyuan", "能源局 填报员", Role.REPORTER, "能源局"),
]


def build_plan_from_text(path: Path, *, ingest_file: Any, enrich: Any) -> dict[str, Any]:
    """The plan-file data for ``path`` made by the ingest pipeline, enriched with the demo's units and progress."""
    from luoshi.ingest.app.services import draft_to_items

    draft = ingest_file(path).to_dict()
    demo = read_plan_file(DEMO_FILE)
    data: dict[str, Any] = {
        "format": demo["format"],
        "plan": {"code": f"{demo['plan']['code']}-from-text", "name": f"{demo['plan']['name']}（由文本生成）"},
        "units": [],
        "leaders": [],
        "items": draft_to_items(draft["items"], {}, int(demo["plan"]["year"])),
    }
    return enrich(data, demo)  # type: ignore[no-any-return]


class Command(BaseCommand):
    help = "Set up the demo (SQLite, Gu County's 2020 “1234” plan, one login per role) and serve it."

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
        plan = self.load_from_text(options["text"]) if options.get("text") else self.load_plan(options["file"])
        self.ensure_users()
        self.supervise(plan)
        self.print_logins(plan, options["bind"])
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

    def supervise(self, plan: Plan) -> None:
        """Sample reports with their history, then the scheduled run: colours, reminders, escalation."""
        from luoshi.commands.daily import supervision_run
        from luoshi.commands.demo_reports import demo_reports

        made = demo_reports(plan=plan, unit_short_names=[u for *_r, u in DEMO_USERS if u])
        result = supervision_run(plan=plan)
        from luoshi.commands.demo_notices import demo_notices

        if demo_notices(plan=plan, unit_short_names=[u for *_r, u in DEMO_USERS if u]):
            self.stdout.write("Demo notices (督办单), a bulletin (通报) and the scores (考核) are in place.")
        if made:
            self.stdout.write(f"Demo reports: {made}; reminders sent: {result['reminders']}, escalations: {result['escalations']}.")

    def load_plan(self, path: Path) -> Plan:
        try:
            data = read_plan_file(path)
            existing = Plan.objects.filter(code=data.get("plan", {}).get("code", "")).first()
            if existing is not None:
                self.stdout.write(f"Demo plan already loaded: {existing.name}")
                return existing
            result = plan_load(data)
        except PlanFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Loaded demo plan {result.plan.name}: {result.items} items.")
        return result.plan

    def load_from_text(self, path: Path) -> Plan:
        from luoshi.ingest import IngestError, ingest_file
        from luoshi.ingest.app.services import enrich_from_demo

        try:
            data = build_plan_from_text(path, ingest_file=ingest_file, enrich=enrich_from_demo)
        except (IngestError, PlanFileError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        existing = Plan.objects.filter(code=data["plan"]["code"]).first()
        if existing is not None:
            self.stdout.write(f"Plan from text already loaded: {existing.name}")
            return existing
        result = plan_load(data)
        self.stdout.write(f"Built the plan from {path.name}: {result.items} items.")
        return result.plan

    @transaction.atomic
    def ensure_users(self) -> None:
        for username, display, role, unit_name in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            unit = Unit.objects.filter(short_name=unit_name).first() if unit_name else None
            user = User(
                username=username, display_name=display, role=role, unit=unit, is_staff=role == Role.OFFICE
            )
            user.set_password(DEMO_PASSWORD)
            user.save()

    def print_logins(self, plan: Plan, bind: str) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"luoshi demo: http://{bind}/  ({plan.name})"))
        self.stdout.write(f"Data folder: {settings.DATA_DIR}")
        self.stdout.write(f"Logins (password for all: {DEMO_PASSWORD}):")
        for username, display, role, _unit in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {Role(role).label!s:<16} {display}")
        self.stdout.write("")
        sys.stdout.flush()


__all__ = ["DEMO_FILE", "DEMO_PASSWORD", "DEMO_USERS", "Command", "os", "subprocess"]
