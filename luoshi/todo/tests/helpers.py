"""Small worlds for the to-do's tests: reports in every state, a notice, a leader with items."""

from __future__ import annotations

import datetime as dt

from luoshi.accounts.models import User
from luoshi.plans.models import Item, Leader
from luoshi.reports import services as reports
from luoshi.reports.models import Report
from luoshi.reports.services import ReportData
from luoshi.status import changes
from luoshi.testing import World

SEPTEMBER = dt.date(2020, 9, 1)
AUGUST = dt.date(2020, 8, 1)


def submitted(item: Item, user: User, *, period: dt.date = SEPTEMBER, progress: int = 50) -> Report:
    draft = reports.report_draft_save(
        item=item, user=user, period=period, data=ReportData(work_done="完成", progress=progress)
    )
    return reports.report_submit(report=draft, user=user)


def approved(item: Item, user: User, office: User, *, period: dt.date, progress: int) -> Report:
    return reports.report_approve(report=submitted(item, user, period=period, progress=progress), user=office)


def returned(item: Item, user: User, office: User, *, period: dt.date) -> Report:
    return reports.report_return(report=submitted(item, user, period=period), user=office, reason="数据不全")


def lead(world: World, item: Item, **fields: object) -> Item:
    """Change an item's own fields through the recompute path."""
    current = Item.objects.get(pk=item.pk)
    return changes.item_update(
        item_id=item.pk, expected_version=current.version, data=fields, allowed_fields=set(fields)
    )


def leader_of(world: World) -> Leader:
    """Give the world's leader user a Leader of the plan's organisation."""
    leader = Leader.objects.create(organisation=world.plan.organisation, name="王县长", position="副县长")
    world.leader.leader = leader
    world.leader.save(update_fields=["leader"])
    return leader
