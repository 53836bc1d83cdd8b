"""任务下发 and archived plans (closed years): nothing is sent down from an archived plan, and no
task is accepted into one; refused with the reason, nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from luoshi.dispatch import services
from luoshi.dispatch.models import Dispatch, DispatchTarget
from luoshi.notifications.models import Notification
from luoshi.plans.models import Item, Plan, PlanArchivedError
from luoshi.testing import Cascade, login, make_cascade, make_item

pytestmark = pytest.mark.django_db

REFUSED = "已归档"


def _rows() -> dict[str, Any]:
    return {
        "dispatches": list(Dispatch.objects.order_by("pk").values()),
        "targets": list(DispatchTarget.objects.order_by("pk").values()),
        "items": list(Item.objects.order_by("pk").values("pk", "plan_id", "title", "version")),
        "notifications": Notification.objects.count(),
    }


def _archive(plan: Plan) -> None:
    Plan.objects.filter(pk=plan.pk).update(archived_at=timezone.now())
    plan.refresh_from_db()


@pytest.fixture
def cascade(db: None) -> Cascade:
    return make_cascade()


def _city_item(c: Cascade) -> Item:
    return make_item(c.city_plan, c.city_pillar, title="建设产业园区", due_date=dt.date(2020, 12, 31))


def test_nothing_is_sent_down_from_an_archived_plan(cascade: Cascade) -> None:
    item = _city_item(cascade)
    _archive(cascade.city_plan)
    item = Item.objects.select_related("plan").get(pk=item.pk)
    before = _rows()
    with pytest.raises(PlanArchivedError) as raised:
        services.dispatch_send(
            user=cascade.city_office, source_item=item, organisations=[cascade.a.org], title="任务"
        )
    assert REFUSED in " ".join(raised.value.messages)
    city = login(Client(), cascade.city_office)
    page = city.post(
        reverse("dispatch:dispatch_new", args=[item.pk]),
        {"title": "任务", "organisations": [cascade.a.org.pk]},
    )
    assert page.status_code == 403 and REFUSED in page.content.decode()
    detail = city.get(reverse("web:item_detail", args=[item.pk])).content.decode()
    assert 'data-testid="dispatch-new"' not in detail
    assert _rows() == before


def test_no_task_is_accepted_into_an_archived_plan(cascade: Cascade) -> None:
    dispatch = services.dispatch_send(
        user=cascade.city_office,
        source_item=_city_item(cascade),
        organisations=[cascade.a.org],
        title="推进产业园区提质增效",
    )
    target = DispatchTarget.objects.get(dispatch=dispatch)
    _archive(cascade.a.plan)
    before = _rows()
    with pytest.raises(PlanArchivedError) as raised:
        services.dispatch_accept(
            user=cascade.a.office, target=target, expected_version=target.version, plan=cascade.a.plan
        )
    assert REFUSED in " ".join(raised.value.messages)
    county = login(Client(), cascade.a.office)
    url = reverse("dispatch:target_accept", args=[target.pk])
    page = county.get(reverse("dispatch:target_detail", args=[target.pk]))
    offered = page.context["accept_form"].fields["plan"].queryset
    assert cascade.a.plan not in offered  # the archived plan is not offered
    response = county.post(url, {"plan": cascade.a.plan.pk, "version": target.version})
    assert response.status_code == 400  # refused as a form error, not a 500
    assert _rows() == before
    # Returning the task stays possible: it writes nothing into any plan.
    services.dispatch_return(
        user=cascade.a.office, target=target, expected_version=target.version, reason="年度已结束"
    )
    assert DispatchTarget.objects.get(pk=target.pk).state == DispatchTarget.State.RETURNED
