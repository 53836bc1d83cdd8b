"""The items' search condition alone, against Django's plain ``icontains`` on the same columns:
``count()`` over the 50,000-item plan that benchmarks/search/search.py generated (run that first),
the two interleaved, 7 runs each, so that a busy machine slows both alike. Prints medians; not a test.

    python benchmarks/search/lookups.py                                   # SQLite
    DATABASE_URL=postgres://luoshi@127.0.0.1:54329/search_bench python benchmarks/search/lookups.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("LUOSHI_DATA_DIR", "/tmp/search-bench")
os.environ.setdefault("LUOSHI_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Q

    from luoshi.plans.models import Item, Plan
    from luoshi.search import backends

    base = Item.objects.filter(plan=Plan.objects.get(code="search-50000"))

    def plain(term: str) -> int:
        q = Q()
        for column in backends.ITEM.columns:
            q |= Q(**{f"{column}__icontains": term})
        return base.filter(q).count()

    def ours(term: str) -> int:
        return base.filter(backends.term_q(backends.ITEM, term)).count()

    ways = {"icontains": plain, "luoshi.search": ours}
    for term in ("振兴", "隧道", "乡村振", "隧道贯"):
        times: dict[str, list[float]] = {name: [] for name in ways}
        counts = {}
        for _run in range(7):
            for name, way in ways.items():
                started = time.perf_counter()
                counts[name] = way(term)
                times[name].append((time.perf_counter() - started) * 1000)
        assert len(set(counts.values())) == 1, counts
        line = "  ".join(f"{name} {statistics.median(t):7.1f} ms" for name, t in times.items())
        print(f"{connection.vendor:<10} {term:<4} ({counts['icontains']:>5} items)  {line}")


if __name__ == "__main__":
    main()
