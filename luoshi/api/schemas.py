"""Request and response shapes of the REST API."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import StringConstraints

NO_NUL = r"^[^\x00]*$"
Title = Annotated[str, StringConstraints(min_length=1, max_length=300, pattern=NO_NUL, strip_whitespace=True)]
Short = Annotated[str, StringConstraints(max_length=16, pattern=NO_NUL)]
Text = Annotated[str, StringConstraints(max_length=20000, pattern=NO_NUL)]
Place = Annotated[str, StringConstraints(max_length=200, pattern=NO_NUL)]
Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
Percent = Annotated[int, Field(ge=0, le=100)]
Weight = Annotated[Decimal, Field(ge=0, le=Decimal("9999.99"), max_digits=6, decimal_places=2)]
Money = Annotated[Decimal, Field(ge=0, le=Decimal("999999999999.99"), max_digits=14, decimal_places=2)]
Day = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2999, 12, 31))]


class ErrorOut(Schema):
    detail: str


class ConflictOut(Schema):
    detail: str
    current_version: int


class PlanOut(Schema):
    code: str
    name: str
    organisation: str
    year: int | None
    start_date: dt.date
    end_date: dt.date
    status_date: dt.date | None
    source_title: str
    description: str


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str


class LeaderOut(Schema):
    id: int
    name: str
    position: str


class ItemOut(Schema):
    id: int
    plan: str
    parent_id: int | None
    depth: int
    kind: str
    number: str
    title: str
    description: str
    lead_unit_id: int | None
    cooperating_unit_ids: list[int]
    leader_id: int | None
    start_date: dt.date | None
    due_date: dt.date | None
    weight: Decimal
    progress: int
    status: str
    status_reason: str
    planned_investment: Decimal | None
    completed_investment: Decimal | None
    location: str
    has_children: bool
    version: int
    updated_at: dt.datetime

    @staticmethod
    def resolve_plan(obj: Any) -> str:
        return str(obj.plan.code)

    @staticmethod
    def resolve_parent_id(obj: Any) -> int | None:
        return getattr(obj, "parent_pk", None)

    @staticmethod
    def resolve_cooperating_unit_ids(obj: Any) -> list[int]:
        return sorted(u.pk for u in obj.cooperating_units.all())

    @staticmethod
    def resolve_has_children(obj: Any) -> bool:
        return bool(obj.numchild > 0)


class ItemIn(Schema):
    """Fields of an item that a client may set; on update every field is optional."""

    kind: str | None = Field(None, pattern="^(pillar|task|measure|project|indicator)$")
    number: Short | None = None
    title: Title | None = None
    description: Text | None = None
    lead_unit_id: Id | None = None
    cooperating_unit_ids: list[Id] | None = Field(None, max_length=200)
    leader_id: Id | None = None
    start_date: Day | None = None
    due_date: Day | None = None
    weight: Weight | None = None
    progress: Percent | None = None
    planned_investment: Money | None = None
    completed_investment: Money | None = None
    location: Place | None = None


class ItemPatch(ItemIn):
    version: int | None = Field(
        None, ge=1, le=2_147_483_647, description="The version you read; or send it as If-Match."
    )


class ItemCreate(ItemIn):
    title: Title
    parent_id: Id | None = None


class MilestoneOut(Schema):
    id: int
    item_id: int
    title: str
    due_date: dt.date
    completed_on: dt.date | None


class IndicatorOut(Schema):
    id: int
    item_id: int
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    actual: Decimal | None


class ReportOut(Schema):
    @staticmethod
    def resolve_plan(obj: Any) -> str:
        return str(obj.plan.code)

    id: int
    plan: str
    item_id: int
    unit_id: int
    period: dt.date
    version: int
    state: str
    work_done: str
    progress: int | None
    problems: str
    next_steps: str
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None


class NoticeTargetOut(Schema):
    unit_id: int
    state: str
    deadline: dt.date
    acknowledged_at: dt.datetime | None
    reply: str
    replied_at: dt.datetime | None
    reviewed_at: dt.datetime | None


class NoticeOut(Schema):
    id: int
    plan: str
    item_id: int
    number: str
    title: str
    requirement: str
    deadline: dt.date
    state: str
    issued_at: dt.datetime
    closed_at: dt.datetime | None
    targets: list[NoticeTargetOut]

    @staticmethod
    def resolve_plan(obj: Any) -> str:
        return str(obj.plan.code)

    @staticmethod
    def resolve_targets(obj: Any, context: Any) -> list[Any]:
        from luoshi.notices.access import notice_targets_visible

        return list(notice_targets_visible(context["request"].user, obj))


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None
