"""Request and response shapes of the REST API."""

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, StringConstraints, WithJsonSchema

NO_NUL = r"^[^\x00]*$"
# At least one character that is not white space (the title is stripped).
Title = Annotated[
    str,
    StringConstraints(
        min_length=1, max_length=300, pattern=r"^[^\x00]*[^\s\x00][^\x00]*$", strip_whitespace=True
    ),
]
Short = Annotated[str, StringConstraints(max_length=16, pattern=NO_NUL)]
Text = Annotated[str, StringConstraints(max_length=20000, pattern=NO_NUL)]
Place = Annotated[str, StringConstraints(max_length=200, pattern=NO_NUL)]


def _json_integer(value: Any) -> Any:
    """In a JSON body an integer is a number (2 or 2.0), never a string or a boolean: pydantic would
    take "2" and true, which the schema refuses."""
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    raise ValueError("Input should be a JSON integer")


Id = Annotated[int, Field(ge=1, le=2_147_483_647)]  # in paths and query strings: digits
BodyId = Annotated[int, Field(ge=1, le=2_147_483_647), BeforeValidator(_json_integer)]
Percent = Annotated[int, Field(ge=0, le=100), BeforeValidator(_json_integer)]


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _written(pattern: str) -> BeforeValidator:
    def check(value: Any) -> Any:
        if isinstance(value, str) and not re.fullmatch(pattern, value):
            raise ValueError("Input should be a decimal number with at most two decimals")
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            raise ValueError("Input should be a number or a decimal string")
        return value

    return BeforeValidator(check)


def _amount_schema(pattern: str, top: Decimal) -> WithJsonSchema:
    number = {"type": "number", "minimum": 0, "maximum": float(top)}
    return WithJsonSchema({"anyOf": [number, {"type": "string", "pattern": pattern}]})


# Non-negative amounts kept to the cent, as a JSON number or a decimal string; more decimals in a number
# are rounded. The schema says exactly what is accepted.
WEIGHT_TOP, WEIGHT_PATTERN = Decimal("9999.99"), r"^(0|[1-9][0-9]{0,3})(\.[0-9]{1,2})?$"
MONEY_TOP, MONEY_PATTERN = Decimal("999999999999.99"), r"^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$"
Weight = Annotated[
    Decimal,
    _written(WEIGHT_PATTERN),
    Field(ge=0, le=WEIGHT_TOP),
    AfterValidator(_cents),
    _amount_schema(WEIGHT_PATTERN, WEIGHT_TOP),
]
Money = Annotated[
    Decimal,
    _written(MONEY_PATTERN),
    Field(ge=0, le=MONEY_TOP),
    AfterValidator(_cents),
    _amount_schema(MONEY_PATTERN, MONEY_TOP),
]
# Dates from 1900 to 2999, written YYYY-MM-DD; the pattern says so in the schema, where a format cannot.
DAY_PATTERN = "^(19|2[0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}$"


def _iso_day(value: Any) -> Any:
    if isinstance(value, dt.date) or (isinstance(value, str) and re.fullmatch(DAY_PATTERN, value)):
        return value
    raise ValueError("Input should be a date written YYYY-MM-DD, from 1900 to 2999")


Day = Annotated[
    dt.date,
    BeforeValidator(_iso_day),
    Field(ge=dt.date(1900, 1, 1), le=dt.date(2999, 12, 31)),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DAY_PATTERN}),
]


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    type: str
    loc: list[str | int]
    msg: str


class ValidationErrorOut(Schema):
    """What a request with a missing or wrongly typed value gets (422): one entry per value."""

    detail: list[FieldErrorOut]


class ConflictOut(Schema):
    detail: str
    current_version: int


class PlanOut(Schema):
    code: str
    name: str
    organisation: str = Field(description="The name of the organisation the plan belongs to.")
    organisation_code: str
    issuer: str = Field(description="The body that issued the plan, as printed.")
    year: int | None
    start_date: dt.date
    end_date: dt.date
    status_date: dt.date | None
    source_title: str
    description: str

    @staticmethod
    def resolve_organisation(obj: Any) -> str:
        return str(obj.organisation.name)

    @staticmethod
    def resolve_organisation_code(obj: Any) -> str:
        return str(obj.organisation.code)


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    organisation_code: str
    contact_person: str
    contact_phone: str

    @staticmethod
    def resolve_organisation_code(obj: Any) -> str:
        return str(obj.organisation.code)


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
    aligned_to_id: int | None = Field(
        None, description="The item of the parent organisation's plan this item carries out."
    )
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
    """Fields of an item that a client may set; on update every field is optional. A field the API does
    not know is refused (422), not ignored: a misspelt field would otherwise be a change silently lost."""

    model_config = {"extra": "forbid"}

    kind: str | None = Field(None, pattern="^(pillar|task|measure|project|indicator)$")
    number: Short | None = None
    title: Title | None = None
    description: Text | None = None
    lead_unit_id: BodyId | None = None
    cooperating_unit_ids: list[BodyId] | None = Field(None, max_length=200)
    leader_id: BodyId | None = None
    aligned_to_id: BodyId | None = Field(
        None,
        description="The item this item carries out: an item of a plan of an organisation above the "
        "plan's own; null clears it.",
    )
    start_date: Day | None = None
    due_date: Day | None = None
    weight: Weight | None = None
    progress: Percent | None = None
    planned_investment: Money | None = None
    completed_investment: Money | None = None
    location: Place | None = None


def _version_required(schema: dict[str, Any]) -> None:
    schema["required"] = [*schema.get("required", []), "version"]


class ItemPatch(ItemIn):
    # Required in the schema; a client may instead send the version as an If-Match header, which the
    # server accepts too (and answers 428 when neither comes).
    model_config = {"extra": "forbid", "json_schema_extra": _version_required}

    version: Annotated[
        int | None,
        BeforeValidator(_json_integer),
        WithJsonSchema(
            {
                "type": "integer",
                "minimum": 1,
                "maximum": 2_147_483_647,
                "description": "The version you read (or send it as an If-Match header instead).",
            }
        ),
    ] = Field(None, ge=1, le=2_147_483_647)


class ItemCreate(ItemIn):
    title: Title
    parent_id: BodyId | None = None


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
