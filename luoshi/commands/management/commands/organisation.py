from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from luoshi.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "List the organisations as a tree, or add one (below --parent): "
        "luoshi organisation add CODE NAME [--parent CODE] [--level county] [--short-name 古]."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action")
        sub.add_parser("list", help="The organisations, indented by level.")
        add = sub.add_parser("add", help="Add an organisation.")
        add.add_argument("code")
        add.add_argument("name")
        add.add_argument("--parent", help="The code of the organisation above it.")
        add.add_argument("--level", default=Organisation.Level.COUNTY, choices=Organisation.Level.values)
        add.add_argument("--short-name", default="", help="Heads its document numbers, e.g. 古.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("action") == "add":
            self._add(options)
        for org in Organisation.objects.order_by("path"):
            indent = "  " * (org.depth - 1)
            self.stdout.write(f"{indent}{org.code}\t{org.name}\t{org.get_level_display()}")

    @transaction.atomic
    def _add(self, options: dict[str, Any]) -> None:
        code = options["code"]
        if Organisation.objects.filter(code=code).exists():
            raise CommandError(f"an organisation with code {code!r} exists already")
        org = Organisation(
            code=code, name=options["name"], level=options["level"], short_name=options["short_name"]
        )
        org.full_clean(exclude=["path", "depth", "numchild"])
        if options.get("parent"):
            parent = Organisation.objects.filter(code=options["parent"]).first()
            if parent is None:
                raise CommandError(f"no organisation with code {options['parent']!r}")
            Organisation.objects.add_child(parent, instance=org)  # type: ignore[attr-defined]
        else:
            Organisation.objects.add_root(instance=org)  # type: ignore[attr-defined]
