"""How one search term is matched against a kind's text columns, per database.

Chinese has no spaces between words, so search is by substring. A term of three characters or more:
PostgreSQL answers ``col LIKE '%term%'`` (``~*`` for a term with letters that have a case) from pg_trgm
GIN indexes on the columns (migration 0002); SQLite from an FTS5 table with the trigram tokenizer over
the kind's table, kept in step by triggers. A shorter term has no trigram to look up: it is found by
``strpos``/``instr`` on both databases, a plain scan that PostgreSQL cannot turn into a full scan of
the GIN indexes (which it does for ``LIKE '%道路%'``) and that needs no ``UPPER()`` of every row (which
made the scan 3.5 times slower). See docs/search.md for the figures.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan

MIN_TRIGRAM = 3


@dataclass(frozen=True)
class Source:
    """A searched table: its text columns and, on SQLite, the FTS5 table over them."""

    table: str
    columns: tuple[str, ...]
    fts: str | None


ITEM = Source("plans_item", ("number", "title", "description", "progress_note"), "search_item_fts")
REPORT = Source("reports_report", ("work_done", "problems", "next_steps"), "search_report_fts")
NOTICE = Source("notices_notice", ("number", "title", "requirement"), "search_notice_fts")
UNIT = Source("plans_unit", ("name", "short_name"), None)  # a few hundred rows: LIKE is enough
SOURCES = (ITEM, REPORT, NOTICE)

_ready: dict[tuple[str, str], bool] = {}


def sqlite_has_trigram() -> bool:
    return sqlite3.sqlite_version_info >= (3, 34, 0)


def _fts_statements(source: Source) -> tuple[list[str], list[str]]:
    """The FTS table's creation, and its three triggers (the same SQL as migration 0002)."""
    fts, table = source.fts, source.table
    cols = ", ".join(source.columns)
    new = ", ".join(f"new.{c}" for c in source.columns)
    old = ", ".join(f"old.{c}" for c in source.columns)
    delete = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES('delete', old.id, {old});"
    insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"  # noqa: S608 - constant names
    create = [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id', "
        "tokenize='trigram')"
    ]
    triggers = [
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {cols} ON {table} BEGIN {delete} {insert} END",
    ]
    return create, triggers


def sqlite_fts_repair(connection: BaseDatabaseWrapper) -> list[str]:
    """Create what is missing of the FTS tables and triggers, and rebuild those it touched.

    SQLite drops a table's triggers when Django's schema editor remakes the table (a later migration
    that alters ``plans_item`` does), so this runs after every ``migrate``. Returns the tables rebuilt.
    """
    if connection.vendor != "sqlite" or not sqlite_has_trigram():
        return []
    rebuilt = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        for source in SOURCES:
            if source.table not in present or source.fts is None:
                continue
            create, triggers = _fts_statements(source)
            missing = [] if source.fts in present else list(create)
            missing += [
                t
                for t, suffix in zip(triggers, ("ai", "ad", "au"), strict=True)
                if f"{source.fts}_{suffix}" not in present
            ]
            if not missing:
                continue
            for statement in missing:
                cursor.execute(statement)
            cursor.execute(f"INSERT INTO {source.fts}({source.fts}) VALUES('rebuild')")
            rebuilt.append(source.fts)
    _ready.clear()
    return rebuilt


def _fts_ready(alias: str, source: Source) -> bool:
    connection = connections[alias]
    if connection.vendor != "sqlite" or source.fts is None:
        return False
    key = (str(connection.settings_dict["NAME"]), source.fts)
    if key not in _ready:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE name IN (%s, %s, %s, %s)",
                [source.fts, f"{source.fts}_ai", f"{source.fts}_ad", f"{source.fts}_au"],
            )
            _ready[key] = cursor.fetchone()[0] == 4
    return _ready[key]


def fts_phrase(term: str) -> str:
    """``term`` as one FTS5 string: any character is literal inside double quotes, "" is a quote."""
    return '"' + term.replace('"', '""') + '"'


def _has_case(term: str) -> bool:
    return term.lower() != term.upper()


def term_q(source: Source, term: str, *, alias: str = "default", prefix: str = "") -> Q:
    """Rows of ``source`` (reached through ``prefix``, e.g. "item__") where some column holds ``term``."""
    vendor = connections[alias].vendor
    cased = _has_case(term)
    q = Q()
    if len(term) >= MIN_TRIGRAM and _fts_ready(alias, source):
        # The table name is a constant of this module; the term is a parameter.
        sql = f"SELECT rowid FROM {source.fts} WHERE {source.fts} MATCH %s"  # noqa: S608
        return Q(**{f"{prefix}pk__in": RawSQL(sql, [fts_phrase(term)])})  # noqa: S611
    if len(term) >= MIN_TRIGRAM and vendor == "postgresql" and source.fts is not None:
        # LIKE and ~* are what the trigram indexes answer (Django's icontains, UPPER(col) LIKE, is not).
        lookup, value = ("iregex", re.escape(term)) if cased else ("contains", term)
        for column in source.columns:
            q |= Q(**{f"{prefix}{column}__{lookup}": value})
        return q
    for column in source.columns:
        if cased:
            q |= Q(**{f"{prefix}{column}__icontains": term})
        else:
            q |= Q(GreaterThan(StrIndex(F(f"{prefix}{column}"), Value(term)), 0))
    return q
