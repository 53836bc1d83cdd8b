"""A benchmark's own PostgreSQL database beside the one DATABASE_URL names, so that a large
generated plan does not fill the tests' database and is reused from run to run."""

from __future__ import annotations

import os


def use_own_database(suffix: str) -> None:
    """Point DATABASE_URL (if it names PostgreSQL) at ``<name>_<suffix>``; SQLite is left alone."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        base, _slash, name = url.rpartition("/")
        if not name.endswith(f"_{suffix}"):
            os.environ["DATABASE_URL"] = f"{base}/{name}_{suffix}"


def create_database() -> None:
    """Create the PostgreSQL database DATABASE_URL names if it does not exist yet."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return
    import psycopg

    base, _slash, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
