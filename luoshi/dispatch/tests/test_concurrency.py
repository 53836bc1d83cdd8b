"""Offices of one county accept the same dispatched task at once: one item is created, the others are
refused with 409 (PostgreSQL, real threads; SQLite serialises writers and cannot show the race)."""

from __future__ import annotations

import datetime as dt

import pytest

from luoshi.accounts.models import Role
from luoshi.dispatch import services
from luoshi.dispatch.models import DispatchTarget
from luoshi.plans.models import Item
from luoshi.reports.tests.test_concurrency import ROUNDS, Tally, clients_for, post, postgres_only, race
from luoshi.testing import UserFactory, make_cascade, make_item

OFFICES = 4


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_offices_accepting_one_task_at_once_make_one_item() -> None:
    c = make_cascade()
    offices = [c.a.office] + [
        UserFactory(username=f"office_a{i}", role=Role.OFFICE, organisation=c.a.org)
        for i in range(1, OFFICES)
    ]
    clients = [clients_for(o, 1)[0] for o in offices]
    tally = Tally("dispatch accept")
    for n in range(ROUNDS):
        source = make_item(c.city_plan, Item.objects.get(pk=c.city_pillar.pk), title=f"市级任务{n}")
        dispatch = services.dispatch_send(
            user=c.city_office,
            source_item=source,
            organisations=[c.a.org, c.b.org],
            title=f"下发任务{n}",
            due_date=dt.date(2020, 12, 31),
        )
        target = DispatchTarget.objects.get(dispatch=dispatch, organisation=c.a.org)
        data = {"plan": c.a.plan.pk, "parent": c.a.pillar.pk, "lead_unit": c.a.unit.pk, "version": 1}
        answers = race([post(client, f"/dispatch/received/{target.pk}/accept/", data) for client in clients])
        tally.count(answers)
        made = Item.objects.filter(plan=c.a.plan, title=f"下发任务{n}")
        assert made.count() == 1
        target.refresh_from_db()
        assert target.state == "accepted" and target.item == made.get()
        assert made.get().aligned_to == source
    tally.report()
