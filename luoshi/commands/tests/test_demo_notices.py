"""The demo's notices, bulletin and scores: every state worth seeing, made once."""

from __future__ import annotations

import datetime as dt

import pytest

from luoshi.assessment.models import AssessmentRun
from luoshi.bulletins.models import Bulletin
from luoshi.commands.demo_notices import demo_notices
from luoshi.notices.models import Notice, NoticeExtension, NoticeTarget
from luoshi.plans.models import Item
from luoshi.status import services
from luoshi.testing import World, make_item

pytestmark = pytest.mark.django_db


def test_demo_notices_show_every_state_once(world: World) -> None:
    make_item(
        world.plan, world.pillar, title="丙的事项", lead_unit=world.unit_b, due_date=dt.date(2020, 12, 31)
    )
    Item.objects.filter(plan=world.plan, numchild=0).update(progress=5)
    services.plan_recompute(plan=world.plan, today=world.plan.today())
    assert demo_notices(plan=world.plan, unit_short_names=["甲"]) == 3
    states = sorted(NoticeTarget.objects.values_list("state", flat=True))
    assert states == ["accepted", "acknowledged", "replied"]
    assert Notice.objects.filter(state="closed").count() == 1
    assert NoticeExtension.objects.filter(decision="pending").count() == 1
    assert Notice.objects.order_by("sequence").first().number == "督〔2020〕12号"  # type: ignore[union-attr]
    assert Bulletin.objects.count() == 1 and AssessmentRun.objects.count() == 1
    assert demo_notices(plan=world.plan, unit_short_names=["甲"]) == 0
