"""Shared fixtures: the third-party seed and corpus are read where they are, never copied."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO / ".." / "shared"
SEED = SHARED / "seeds" / "gu-county-1234-interview-2020.txt"
CORPUS = SHARED / "corpus" / "public"
GOLD = REPO / "benchmarks" / "ingest" / "gold"


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip("the shared seed text is not available")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not available")
    return CORPUS


@pytest.fixture(scope="session")
def seed_draft(seed_text: str):  # type: ignore[no-untyped-def]
    from luoshi.ingest import ingest_text

    return ingest_text(seed_text)
