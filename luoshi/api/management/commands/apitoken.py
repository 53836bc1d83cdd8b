"""luoshi apitoken create|list|revoke: manage API tokens from the command line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from luoshi.accounts.models import User
from luoshi.api.models import ApiToken
from luoshi.api.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Create, list or revoke API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token and print its secret once")
        create.add_argument("username")
        create.add_argument("--name", default="api")
        listing = sub.add_parser("list", help="list tokens")
        listing.add_argument("--user", default=None)
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"no user {options['username']!r}")
            _token, secret = api_token_create(user=user, name=options["name"])
            self.stdout.write(secret)
        elif action == "list":
            tokens = ApiToken.objects.select_related("user")
            if options["user"]:
                tokens = tokens.filter(user__username=options["user"])
            for t in tokens:
                state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "active"
                used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never used"
                self.stdout.write(f"{t.prefix}\t{t.user.username}\t{t.name}\t{state}\t{used}")
        else:
            matches = list(ApiToken.objects.filter(prefix=options["prefix"]))
            if len(matches) != 1:
                raise CommandError(f"{len(matches)} tokens have prefix {options['prefix']!r}")
            api_token_revoke(token=matches[0])
            self.stdout.write(f"revoked {matches[0]}")
