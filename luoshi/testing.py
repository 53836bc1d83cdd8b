"""Factories and named actors shared by every app's tests (one base, as in healthchecks' hc/test.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import factory
from factory.django import DjangoModelFactory

from luoshi.accounts.models import Role, User
from luoshi.organisations.models import Organisation, default_organisation
from luoshi.plans.models import Item, Leader, Plan, Unit
from luoshi.status import changes as services

PASSWORD = "correct horse battery staple"


class UnitFactory(DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = Unit
        django_get_or_create = ("organisation", "name")

    organisation = factory.LazyFunction(default_organisation)
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


def make_world(organisation: Organisation | None = None, *, key: str = "", marker: str = "") -> World:
    """The small plan with its actors; with ``organisation``, in that organisation, usernames ending in
    ``key`` and every name starting with ``marker`` (so a page showing it can be recognised)."""
    org = organisation or default_organisation()
    unit_a = UnitFactory(name=f"{marker}单位甲", short_name="甲", organisation=org)
    unit_b = UnitFactory(name=f"{marker}单位乙", short_name="乙", organisation=org)
    plan = PlanFactory(
        organisation=org, **({"name": f"{marker}工作方案", "code": f"plan{key}"} if key else {})
    )
    pillar = make_item(plan, None, title=f"{marker}擦亮一张名片", kind=Item.Kind.PILLAR, number="一")
    item_a = make_item(
        plan, pillar, title=f"{marker}甲的事项", lead_unit=unit_a, due_date=dt.date(2020, 12, 31), progress=40
    )
    item_b = make_item(
        plan, pillar, title=f"{marker}乙的事项", lead_unit=unit_b, due_date=dt.date(2020, 12, 31), progress=80
    )
    people = {"organisation": org}
    return World(
        office=UserFactory(
            username=f"office{key}", role=Role.OFFICE, display_name=f"{marker}督查室", **people
        ),
        leader=UserFactory(
            username=f"leader{key}",
            role=Role.LEADER,
            display_name=f"{marker}领导" if marker else "县领导",
            **people,
        ),
        reporter_a=UserFactory(username=f"reporter_a{key}", role=Role.REPORTER, unit=unit_a, **people),
        reporter_b=UserFactory(username=f"reporter_b{key}", role=Role.REPORTER, unit=unit_b, **people),
        unit_a=unit_a,
        unit_b=unit_b,
        plan=plan,
        pillar=Item.objects.get(pk=pillar.pk),
        item_a=Item.objects.get(pk=item_a.pk),
        item_b=Item.objects.get(pk=item_b.pk),
    )


def make_organisation(
    name: str, *, parent: Organisation | None = None, level: str = "county", **fields: object
) -> Organisation:
    """An organisation (its code from the name's position), below ``parent`` if given."""
    code = fields.pop("code", None) or f"org-{Organisation.objects.count() + 1}"
    org = Organisation(code=code, name=name, level=level, **fields)
    if parent is None:
        return Organisation.objects.add_root(instance=org)  # type: ignore[no-any-return]
    return Organisation.objects.add_child(Organisation.objects.get(pk=parent.pk), instance=org)  # type: ignore[no-any-return]


@dataclass
class County:
    """One county of a cascade: its organisation, plan, units and people."""

    org: Organisation
    plan: Plan
    unit: Unit
    office: User
    reporter: User
    leader: User
    pillar: Item
    item: Item


@dataclass
class Cascade:
    """A city with two counties (甲县, 乙县), each with its own plan, units, office and reporter."""

    city: Organisation
    city_plan: Plan
    city_office: User
    city_pillar: Item
    a: County
    b: County


def _county(city: Organisation, name: str, head: str, key: str, city_pillar: Item) -> County:
    org = make_organisation(name, parent=city, short_name=head, code=f"county-{key}")
    unit = UnitFactory(name=f"{name}发改局", short_name="发改局", organisation=org)
    plan = PlanFactory(code=f"plan-{key}", name=f"{name}工作要点", organisation=org)
    pillar = make_item(plan, None, title="做强两大产业", kind=Item.Kind.PILLAR, aligned_to=city_pillar)
    item = make_item(
        plan, pillar, title=f"{name}的重点工作", lead_unit=unit, due_date=dt.date(2020, 12, 31), progress=40
    )
    return County(
        org=org,
        plan=plan,
        unit=unit,
        office=UserFactory(
            username=f"office_{key}", role=Role.OFFICE, organisation=org, display_name=f"{name}督查室"
        ),
        reporter=UserFactory(username=f"reporter_{key}", role=Role.REPORTER, organisation=org, unit=unit),
        leader=UserFactory(username=f"leader_{key}", role=Role.LEADER, organisation=org),
        pillar=Item.objects.get(pk=pillar.pk),
        item=Item.objects.get(pk=item.pk),
    )


def make_cascade() -> Cascade:
    city = make_organisation("示例市", level="city", short_name="市", code="city")
    city_plan = PlanFactory(code="plan-city", name="示例市工作思路", organisation=city)
    city_pillar = make_item(city_plan, None, title="产业转型", kind=Item.Kind.PILLAR, number="一")
    a = _county(city, "甲县", "甲", "a", city_pillar)
    b = _county(city, "乙县", "乙", "b", city_pillar)
    return Cascade(
        city=city,
        city_plan=city_plan,
        city_office=UserFactory(
            username="office_city", role=Role.OFFICE, organisation=city, display_name="市督查室"
        ),
        city_pillar=Item.objects.get(pk=city_pillar.pk),
        a=a,
        b=b,
    )


def login(client: Any, user: User) -> Any:
    """Sign ``user`` in on the test client (the password every factory user has)."""
    client.force_login(user)
    return client
