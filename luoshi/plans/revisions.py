"""Figures counted from a plan's items, cached under the plan's revision.

The revision (``PlanRevision``) is counted by the database when a transaction that wrote any of
the plan's items commits, so a figure cached under revision *r* was counted from the items as they
stood at *r*: the revision is read before and after the counting, and the figure is kept only when
the two agree. Inside a transaction (which may have written items not yet counted) nothing is read
from or kept in the cache. The cache is each process's own (``default``); the revision is shared,
so several app servers agree on every figure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

from luoshi.plans.models import PlanRevision

T = TypeVar("T")
# An entry outlives its revision only until it is evicted; the timeout bounds the memory kept.
TIMEOUT = 600


def revision(plan_id: int) -> int:
    value = PlanRevision.objects.filter(plan_id=plan_id).values_list("value", flat=True).first()
    return value or 0


def cached(plan_id: int, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave at the plan's current revision."""
    if connection.in_atomic_block:
        return compute()
    before = revision(plan_id)
    key = f"luoshi:plan:{plan_id}:{before}:{name}"
    hit: T | None = cache.get(key)
    if hit is not None:
        return hit
    value = compute()
    if revision(plan_id) == before:
        cache.set(key, value, TIMEOUT)
    return value
