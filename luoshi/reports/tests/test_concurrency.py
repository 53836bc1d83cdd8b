"""No lost writes on report drafts: a stale save is refused with 409 and the user's text kept.

The race tests run real threads, each with its own connection, against PostgreSQL (SQLite
serialises writers, so it cannot show a lost update); the refusals themselves run everywhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from luoshi.reports import services
from luoshi.reports.models import Report
from luoshi.reports.services import ReportData
from luoshi.testing import World

THREADS = 8
ROUNDS = 5
PERIOD = dt.date(2020, 9, 1)

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
)


@dataclasses.dataclass
class Tally:
    """What the writers of one object saw: committed, refused as a conflict, lost, or anything else."""

    name: str
    writes: int = 0
    committed: int = 0
    conflicts: int = 0
    lost: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)

    def count(self, statuses: Sequence[int | BaseException]) -> list[int]:
        """Count one round's answers; returns the indexes of the writes that committed."""
        done = []
        for i, status in enumerate(statuses):
            self.writes += 1
            if status == 302:
                self.committed += 1
                done.append(i)
            elif status == 409:
                self.conflicts += 1
            else:
                self.errors.append(repr(status))
        # Every writer read the same state: more than one commit means the others were overwritten.
        self.lost += max(0, len(done) - 1)
        return done

    def report(self) -> None:
        print(
            f"\n{self.name}: writes={self.writes} committed={self.committed} 409={self.conflicts}"
            f" lost={self.lost} errors={len(self.errors)}"
        )
        assert not self.errors, self.errors[:3]
        assert self.committed + self.conflicts == self.writes
        assert self.lost == 0
        assert self.committed >= 1


def clients_for(user: object, n: int = THREADS) -> list[Client]:
    """Signed-in clients, one per thread; a 500 comes back as a response to be counted, not raised."""
    clients = []
    for _ in range(n):
        client = Client(raise_request_exception=False)
        client.force_login(user)  # type: ignore[arg-type]
        clients.append(client)
    return clients


def race(jobs: Sequence[Callable[[], Any]]) -> list[Any]:
    """Run the jobs in threads released together; each answer, or the exception it raised."""
    barrier = threading.Barrier(len(jobs))
    answers: list[Any] = [None] * len(jobs)

    def run(i: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            answers[i] = job()
        except BaseException as exc:  # noqa: BLE001 - counted as an unexpected outcome
            answers[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def post(client: Client, url: str, data: dict[str, object]) -> Callable[[], int]:
    return lambda: client.post(url, data).status_code


def payload(text: str, revision: int, **extra: object) -> dict[str, object]:
    return {
        "work_done": text,
        "progress": "45",
        "problems": "",
        "next_steps": "",
        "action": "save",
        "revision": str(revision),
        **extra,
    }


def _draft(world: World, text: str = "初稿") -> Report:
    return services.report_draft_save(
        item=world.item_a, user=world.reporter_a, period=PERIOD, data=ReportData(work_done=text, progress=40)
    )


def login(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


# --- refusals through the pages (every database) -------------------------------------------------


@pytest.mark.django_db
def test_a_stale_draft_save_is_refused_with_409_and_keeps_the_text(client: Client, world: World) -> None:
    report = _draft(world)
    other = login(Client(), world.reporter_a)
    login(client, world.reporter_a)
    assert (
        other.post(f"/reports/{report.pk}/edit/", payload("甲先保存的内容", report.revision)).status_code
        == 302
    )
    response = client.post(f"/reports/{report.pk}/edit/", payload("乙后保存的内容", report.revision))
    assert response.status_code == 409
    body = response.content.decode()
    assert "乙后保存的内容" in body and 'data-testid="conflict"' in body
    assert f'name="revision" value="{report.revision + 1}"' in body  # a second save, after comparing, goes
    assert Report.objects.get(pk=report.pk).work_done == "甲先保存的内容"
    again = client.post(f"/reports/{report.pk}/edit/", payload("乙后保存的内容", report.revision + 1))
    assert again.status_code == 302
    assert Report.objects.get(pk=report.pk).work_done == "乙后保存的内容"


@pytest.mark.django_db
def test_a_second_first_draft_is_refused_with_409_and_keeps_the_text(client: Client, world: World) -> None:
    other = login(Client(), world.reporter_a)
    login(client, world.reporter_a)
    url = f"/items/{world.item_a.pk}/report/?period={PERIOD}"
    assert client.get(url).status_code == 200  # both open the empty form
    assert other.post(url, payload("先建的草稿", 0)).status_code == 302
    response = client.post(url, payload("后建的草稿", 0))
    assert response.status_code == 409
    body = response.content.decode()
    existing = Report.objects.get(item=world.item_a, period=PERIOD)
    assert "后建的草稿" in body and existing.work_done == "先建的草稿"
    assert f'action="/reports/{existing.pk}/edit/"' in body  # the second save goes to the draft now there


@pytest.mark.django_db
def test_a_draft_save_without_the_revision_read_is_refused(client: Client, world: World) -> None:
    report = _draft(world)
    login(client, world.reporter_a)
    data = payload("没有版本号", 0)
    del data["revision"]
    assert client.post(f"/reports/{report.pk}/edit/", data).status_code == 409
    assert Report.objects.get(pk=report.pk).work_done == "初稿"


# --- races (PostgreSQL) ----------------------------------------------------------------------------


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_of_one_draft_lose_nothing(world: World) -> None:
    report = _draft(world)
    clients = clients_for(world.reporter_a)
    tally = Tally("report draft edit")
    for n in range(ROUNDS):
        revision = Report.objects.get(pk=report.pk).revision
        texts = [f"第{n}轮 写者{i}" for i in range(THREADS)]
        url = f"/reports/{report.pk}/edit/"
        done = tally.count(
            race([post(c, url, payload(t, revision)) for c, t in zip(clients, texts, strict=True)])
        )
        saved = Report.objects.get(pk=report.pk)
        if done and saved.work_done != texts[done[-1]]:
            tally.lost += 1
        assert saved.revision == revision + len(done)
    tally.report()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_drafts_give_one_draft_and_409s_never_500(world: World) -> None:
    clients = clients_for(world.reporter_a)
    tally = Tally("report first draft")
    for n in range(ROUNDS):
        period = dt.date(2020, n + 1, 1)
        texts = [f"{period:%m}月 写者{i}" for i in range(THREADS)]
        url = f"/items/{world.item_a.pk}/report/?period={period}"
        done = tally.count(race([post(c, url, payload(t, 0)) for c, t in zip(clients, texts, strict=True)]))
        drafts = list(Report.objects.filter(item=world.item_a, period=period))
        assert len(drafts) == 1
        if done and drafts[0].work_done != texts[done[-1]]:
            tally.lost += 1
    tally.report()
