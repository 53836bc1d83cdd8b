"""The ledger export as of a date: the rows and figures of that date, rebuilt from history."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from luoshi.status import changes
from luoshi.testing import login, make_world

pytestmark = pytest.mark.django_db


def test_the_ledger_csv_as_of_a_date(client: Client) -> None:
    with time_machine.travel(dt.datetime(2020, 6, 1, 9, tzinfo=dt.UTC), tick=False):
        world = make_world()
    with time_machine.travel(dt.datetime(2020, 8, 1, 9, tzinfo=dt.UTC), tick=False):
        changes.item_update(
            item_id=world.item_a.pk,
            expected_version=world.item_a.version,
            data={"progress": 70, "title": "甲的事项（八月改名）"},
            allowed_fields={"progress", "title"},
        )
    login(client, world.leader)
    june = client.get(f"/ledger/plans/{world.plan.code}/ledger.csv?on=2020-06-30")
    assert june.status_code == 200
    assert "20200630" in june["Content-Disposition"]
    text = b"".join(june.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "甲的事项" in text and "八月改名" not in text and "40%" in text
    now = b"".join(client.get(f"/ledger/plans/{world.plan.code}/ledger.csv").streaming_content).decode()  # type: ignore[attr-defined]
    assert "八月改名" in now and "70%" in now
    assert client.get(f"/ledger/plans/{world.plan.code}/ledger.xlsx?on=2020-06-30").status_code == 200
    assert client.get(f"/ledger/plans/{world.plan.code}/ledger.csv?on=June").status_code == 400
