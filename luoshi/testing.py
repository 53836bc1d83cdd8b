"""Factories and named actors shared by every app's tests (one base, as in healthchecks' hc/test.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import factory
from factory.django import DjangoModelFactory

from luoshi.accounts.models import Role, User
from luoshi.plans.models import Item, Leader, Plan, Unit
from luoshi.status import changes as services

PASSWORD = "correct horse battery staple"


class UnitFactory(DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = Unit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试单位{n}")
    short_name = factory.LazyAttribute(lambda o: o.name[-4:])


class LeaderFactory(DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = Leader

    name = factory.Sequence(lambda n: f"领导{n}")
    position = "副县长"


class UserFactory(DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.REPORTER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj: User, create: bool, extracted: object, **kwargs: object) -> None:  # noqa: N805
        if create:
            obj.save()


class PlanFactory(DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = Plan

    code = factory.Sequence(lambda n: f"plan-{n}")
    name = factory.Sequence(lambda n: f"测试工作方案{n}")
    start_date = dt.date(2020, 1, 1)
    end_date = dt.date(2020, 12, 31)
    status_date = dt.date(2020, 9, 30)


def make_item(plan: Plan, parent: Item | None = None, **fields: object) -> Item:
    data: dict[str, object] = {"title": "事项", "kind": Item.Kind.TASK}
    data.update(fields)
    return services.item_create(plan=plan, parent=parent, data=data)


@dataclass
class World:
    """A small plan with named actors: the office, a leader, and reporters of units A and B."""

    office: User
    leader: User
    reporter_a: User
    reporter_b: User
    unit_a: Unit
    unit_b: Unit
    plan: Plan
    pillar: Item
    item_a: Item
    item_b: Item


def make_world() -> World:
    unit_a = UnitFactory(name="单位甲", short_name="甲")
    unit_b = UnitFactory(name="单位乙", short_name="乙")
    plan = PlanFactory()
    pillar = make_item(plan, None, title="擦亮一张名片", kind=Item.Kind.PILLAR, number="一")
    item_a = make_item(
        plan, pillar, title="甲的事项", lead_unit=unit_a, due_date=dt.date(2020, 12, 31), progress=40
    )
    item_b = make_item(
        plan, pillar, title="乙的事项", lead_unit=unit_b, due_date=dt.date(2020, 12, 31), progress=80
    )
    return World(
        office=UserFactory(username="office", role=Role.OFFICE, display_name="督查室"),
        leader=UserFactory(username="leader", role=Role.LEADER, display_name="县领导"),
        reporter_a=UserFactory(username="reporter_a", role=Role.REPORTER, unit=unit_a),
        reporter_b=UserFactory(username="reporter_b", role=Role.REPORTER, unit=unit_b),
        unit_a=unit_a,
        unit_b=unit_b,
        plan=plan,
        pillar=Item.objects.get(pk=pillar.pk),
        item_a=Item.objects.get(pk=item_a.pk),
        item_b=Item.objects.get(pk=item_b.pk),
    )
