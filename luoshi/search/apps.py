from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _repair_fts(using: str = "default", **kwargs: Any) -> None:
    from luoshi.search.backends import sqlite_fts_repair

    sqlite_fts_repair(connections[using])


class SearchConfig(AppConfig):
    name = "luoshi.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        post_migrate.connect(_repair_fts, sender=self, dispatch_uid="search_fts_repair")
