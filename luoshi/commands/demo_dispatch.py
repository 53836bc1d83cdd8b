"""Tasks the demo city sends down to its counties (任务下发), one receiver in each state: awaiting
acceptance, accepted into the county's plan (as an item carrying out the city's), returned with a
reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from luoshi.accounts.models import Role, User
from luoshi.dispatch import services
from luoshi.dispatch.models import Dispatch, DispatchTarget
from luoshi.organisations.models import Organisation
from luoshi.plans.models import Item, Leader, Plan, Unit


@dataclass(frozen=True)
class Decision:
    """What one county's office does with the task: accept it under ``parent`` (an item title of its
    plan) led by ``unit``, return it for ``reason``, or nothing yet."""

    county: str
    parent: str = ""
    unit: str = ""
    leader: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Task:
    source: str  # the title of the city plan's item the task carries out
    title: str
    body: str
    due: dt.date
    sent_days_ago: int
    decisions: tuple[Decision, ...]


TASKS = (
    Task(
        source="培育氢能等新兴产业",
        title="编制县域氢能产业发展实施方案（示例）",
        body="结合本县能源产业基础，明确氢能产业发展方向、重点项目和时间表，10月底前报市能源局。",
        due=dt.date(2020, 10, 31),
        sent_days_ago=20,
        decisions=(
            Decision("gu-county", parent="做强能源产业", unit="能源局", leader="赵建国"),
            Decision(
                "fushan-county",
                reason="本县暂无氢能产业基础和项目储备，建议将此项调整为煤矿智能化改造任务，已纳入县重点工作第一项。",
            ),
        ),
    ),
    Task(
        source="加快文旅重点项目建设",
        title="开展文旅重点项目“百日攻坚”行动（示例）",
        body="梳理在建文旅项目，逐项明确节点目标和责任人，每月25日前报送进展。",
        due=dt.date(2020, 12, 31),
        sent_days_ago=6,
        decisions=(
            Decision("gu-county"),
            Decision("anze-county", parent="建设康养旅游目的地", unit="文旅局", leader="魏春燕"),
        ),
    ),
)


@transaction.atomic
def demo_dispatch(*, city_plan: Plan, organisations: dict[str, Organisation]) -> int:
    """Send the demo's tasks down from the city and decide them as each county does (once); returns
    how many were sent."""
    city = organisations["linfen"]
    if Dispatch.objects.filter(sender=city).exists():
        return 0
    sender = User.objects.filter(organisation=city, role=Role.OFFICE).order_by("pk").first()
    if sender is None:
        return 0
    now = city_plan.now()
    for task in TASKS:
        source = Item.objects.get(plan=city_plan, title=task.source)
        receivers = [organisations[d.county] for d in task.decisions]
        dispatch = services.dispatch_send(
            user=sender,
            source_item=source,
            organisations=receivers,
            title=task.title,
            body=task.body,
            due_date=task.due,
        )
        sent_at = now - dt.timedelta(days=task.sent_days_ago)
        Dispatch.objects.filter(pk=dispatch.pk).update(created_at=sent_at)
        for decision in task.decisions:
            _decide(dispatch, decision, organisations[decision.county], sent_at + dt.timedelta(days=3))
    return len(TASKS)


def _decide(dispatch: Dispatch, decision: Decision, org: Organisation, when: dt.datetime) -> None:
    if not (decision.parent or decision.reason):
        return  # awaiting acceptance
    target = DispatchTarget.objects.get(dispatch=dispatch, organisation=org)
    office = User.objects.filter(organisation=org, role=Role.OFFICE).order_by("pk").first()
    if office is None:
        return
    if decision.reason:
        services.dispatch_return(
            user=office, target=target, expected_version=target.version, reason=decision.reason
        )
    else:
        plan = Plan.objects.filter(organisation=org).order_by("pk").first()
        if plan is None:
            return
        parent = Item.objects.filter(plan=plan, title=decision.parent).first()
        services.dispatch_accept(
            user=office,
            target=target,
            expected_version=target.version,
            plan=plan,
            parent=parent,
            lead_unit=Unit.objects.filter(organisation=org, short_name=decision.unit).first(),
            leader=Leader.objects.filter(organisation=org, name=decision.leader).first(),
        )
    DispatchTarget.objects.filter(pk=target.pk).update(decided_at=when)
