"""Small database helpers shared by the bulk commands."""

from __future__ import annotations

from django.db import connection

BULK_ANALYZE_ROWS = 5000  # a load of more items than this refreshes the planner's statistics


def planner_statistics_refresh() -> bool:
    """After a bulk write, give PostgreSQL's planner fresh statistics (``ANALYZE``) instead of waiting
    for autovacuum: until it runs, the planner still sees the tables as they were (empty, say) and
    chooses sequential scans and nested loops for the first pages. Returns whether it ran (SQLite
    keeps no such statistics for the queries used here)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True
