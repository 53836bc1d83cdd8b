"""Notice numbers stay unique and gap-free when several people issue at the same moment."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from luoshi.notices import services
from luoshi.notices.models import DocumentSeries, Notice
from luoshi.testing import make_world

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 8


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a server database: SQLite's test database is one connection",
)
def test_concurrent_issues_get_consecutive_numbers() -> None:
    world = make_world()
    services.document_series_set(
        plan=world.plan, kind=DocumentSeries.Kind.NOTICE, prefix="古督", year=2020, last_number=11
    )
    start = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def issue(n: int) -> None:
        try:
            start.wait()
            services.notice_issue(
                item=world.item_a,
                user=world.office,
                units=[world.unit_a],
                title=f"督办{n}",
                requirement="限期整改",
                deadline=dt.date(2020, 10, 10),
            )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(n,)) for n in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Notice.objects.values_list("sequence", flat=True))
    assert numbers == list(range(12, 12 + WORKERS))
    assert DocumentSeries.objects.get(plan=world.plan, kind="notice").last_number == 11 + WORKERS


def test_a_new_year_starts_the_series_again(world: object) -> None:
    from luoshi.testing import World

    assert isinstance(world, World)
    services.document_series_set(
        plan=world.plan, kind=DocumentSeries.Kind.NOTICE, prefix="古督", year=2019, last_number=40
    )
    notice = services.notice_issue(
        item=world.item_a,
        user=world.office,
        units=[world.unit_a],
        title="督办",
        requirement="限期整改",
        deadline=dt.date(2020, 10, 10),
    )
    assert notice.number == "古督〔2020〕1号"
