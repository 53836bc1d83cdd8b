"""The REST API: plans, items, units, leaders, milestones, indicators and reports.

Endpoints stay thin: every scoped object comes through luoshi.accounts.access (so the API sees
and changes exactly what the pages do) and every write goes through a service. Authentication is
a bearer token (``Authorization: Bearer ls_…``, managed in the admin or with ``luoshi apitoken``)
or the browser session. Updates carry the version read (``version`` or ``If-Match``); a stale one
gets 409 with the current version, and nothing is overwritten.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Left, Length
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Router, Schema
from ninja.openapi.docs import ABS_TPL_PATH, Swagger
from ninja.pagination import PaginationBase, paginate
from ninja.responses import Status as Reply
from ninja.security import HttpBearer, SessionAuth

from luoshi.accounts import access
from luoshi.api import schemas as s
from luoshi.api.services import api_token_user
from luoshi.notices import access as notice_access
from luoshi.plans.models import Indicator, Item, Leader, Milestone, Plan, Status, Unit
from luoshi.reports import access as report_access
from luoshi.search.filters import MAX_DUE_WITHIN, filter_errors, item_filter_apply, item_filter_parse
from luoshi.status import changes as plan_services

MAX_PAGE = 500


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(secret=token)
        if user is not None:
            request.user = user
        return user


class Pagination(PaginationBase):
    """limit/offset, bounded so that a request cannot ask the database for the impossible."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0, le=10_000_000)

    def paginate_queryset(self, queryset: QuerySet[Any], pagination: Input, **params: Any) -> Any:  # type: ignore[override]
        offset, limit = pagination.offset, pagination.limit
        # The page's keys first, then its rows: a deep offset skips index entries, not whole rows with
        # their annotations and joins (at offset 25,000 of a 50,000-item plan: 101 ms of SQL against 13).
        keys = list(queryset.values_list("pk", flat=True)[offset : offset + limit])
        rows = {row.pk: row for row in queryset.order_by().filter(pk__in=keys)}
        return {"items": [rows[key] for key in keys if key in rows], "count": queryset.count()}


class Docs(Swagger):
    """Swagger UI from django-ninja's own page and files, no CDN. django-ninja picks its page only when it
    is an installed app, which it is not (see settings), and otherwise renders the file named here."""

    template_cdn = str(ABS_TPL_PATH / "swagger.html")


api = NinjaAPI(
    title="luoshi API",
    version="1",
    description="Plans, items and their progress. Authenticate with `Authorization: Bearer <token>`.",
    auth=[TokenAuth(), SessionAuth()],
    docs=Docs(settings={"persistAuthorization": True}),
    urls_namespace="api",
)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or _("Not found.")}, status=404)


@api.exception_handler(ObjectDoesNotExist)
def _gone(request: HttpRequest, exc: Exception) -> HttpResponse:
    # An object deleted between its fetch and the write (a PATCH racing a DELETE) is missing, as a 404.
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or _("Not allowed.")}, status=403)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": "; ".join(exc.messages)}, status=400)


@api.exception_handler(plan_services.ConflictError)
def _conflict(request: HttpRequest, exc: plan_services.ConflictError) -> HttpResponse:
    response = api.create_response(
        request, {"detail": str(exc), "current_version": exc.current.version}, status=409
    )
    response["ETag"] = _etag(exc.current)
    return response


def _etag(item: Item) -> str:
    return f'"{item.version}"'


def _version_from(request: HttpRequest, body_version: int | None) -> int:
    if body_version is not None:
        return body_version
    header = request.headers.get("If-Match", "").strip()
    if header.startswith("W/"):
        header = header[2:]
    header = header.strip('"')
    if header.isdigit() and len(header) < 10:
        return int(header)
    raise _Precondition()


class _Precondition(Exception):
    pass


@api.exception_handler(_Precondition)
def _precondition(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": _("Send the version you read, as a version field or an If-Match header.")},
        status=428,
    )


# Every operation may answer these: no or a bad token, not allowed, missing (or not yours), a value of the
# wrong type (422, from the schema), too many requests (429, with Retry-After).
ERRORS: dict[int, Any] = {
    401: s.ErrorOut,
    403: s.ErrorOut,
    404: s.ErrorOut,
    422: s.ValidationErrorOut,
    429: s.ErrorOut,
}

# --- plans ---------------------------------------------------------------------------------------

plans = Router(tags=["plans"])


@plans.get("/", response={200: list[s.PlanOut], **ERRORS})
@paginate(Pagination)
def plan_list(request: HttpRequest) -> QuerySet[Plan]:
    access.require_viewer(request.user)
    return access.plans_visible(request.user).order_by("-start_date", "code")


@plans.get("/{code}", response={200: s.PlanOut, **ERRORS})
def plan_detail(request: HttpRequest, code: str) -> Plan:
    return access.plan_for_view(request.user, code)


class ItemFilter(Schema):
    depth: int | None = Field(None, ge=1, le=64)
    parent_id: s.Id | None = None
    lead_unit_id: s.Id | None = None
    leader_id: s.Id | None = None
    q: str | None = Field(None, max_length=100, pattern=s.NO_NUL)
    # The tree page's filter, by the same names (luoshi.search.filters): a tree's query string is an
    # API query string. status and kind may be repeated.
    unit: s.Id | None = None
    leader: s.Id | None = None
    status: list[Status] | None = None
    kind: list[Item.Kind] | None = None
    overdue: bool | None = None
    due_within: int | None = Field(None, ge=0, le=MAX_DUE_WITHIN)
    changed_since: dt.date | None = None


def _items() -> QuerySet[Item]:
    parent = Item.objects.filter(
        plan_id=OuterRef("plan_id"), path=Left(OuterRef("path"), Length(OuterRef("path")) - Item.steplen)
    ).values("id")[:1]
    return (
        Item.objects.select_related("plan")
        .prefetch_related(Prefetch("cooperating_units", queryset=Unit.objects.only("id")))
        .annotate(parent_pk=Subquery(parent))
    )


@plans.get("/{code}/items", response={200: list[s.ItemOut], 400: s.ErrorOut, **ERRORS})
@paginate(Pagination)
def item_list(request: HttpRequest, code: str, filters: Query[ItemFilter]) -> QuerySet[Item]:
    """The plan's items in tree order, filtered (the tree page's filter parameters too)."""
    plan = access.plan_for_view(request.user, code)
    item_filter, form = item_filter_parse(request.GET, plan=plan)
    if item_filter is None:
        raise ValidationError(filter_errors(form))
    items = item_filter_apply(_items().filter(plan=plan), item_filter, plan=plan).order_by("path")
    if filters.parent_id is not None:
        parent = access.item_for_view(request.user, filters.parent_id)
        items = items.filter(path__startswith=parent.path, depth=parent.depth + 1)
    if filters.depth is not None:
        items = items.filter(depth=filters.depth)
    if filters.lead_unit_id is not None:
        items = items.filter(lead_unit_id=filters.lead_unit_id)
    if filters.leader_id is not None:
        items = items.filter(leader_id=filters.leader_id)
    if filters.q:
        items = items.filter(Q(title__icontains=filters.q) | Q(number=filters.q))
    return items


@plans.post("/{code}/items", response={201: s.ItemOut, 400: s.ErrorOut, **ERRORS})
def item_create(request: HttpRequest, code: str, payload: s.ItemCreate) -> Reply[Item]:
    plan = access.plan_for_office(request.user, code)
    parent = None
    if payload.parent_id is not None:
        parent = access.item_for_office(request.user, payload.parent_id)
        if parent.plan_id != plan.pk:
            raise ValidationError(_("The parent item belongs to another plan."))
    data = _item_data(payload.model_dump(exclude_unset=True, exclude={"parent_id"}), plan)
    item = plan_services.item_create(plan=plan, parent=parent, data=data)
    return Reply(201, _items().get(pk=item.pk))


# --- items ---------------------------------------------------------------------------------------

items = Router(tags=["items"])


def _item_data(raw: dict[str, Any], plan: Plan) -> dict[str, Any]:
    """API field names to the service's: ids become rows, checked to exist in the plan's organisation."""
    data = dict(raw)
    if "lead_unit_id" in data:
        uid = data.pop("lead_unit_id")
        data["lead_unit"] = _unit(uid, plan) if uid is not None else None
    if "leader_id" in data:
        lid = data.pop("leader_id")
        data["leader"] = _leader(lid, plan) if lid is not None else None
    if "aligned_to_id" in data:
        aid = data.pop("aligned_to_id")
        data["aligned_to"] = _aligned_target(aid, plan) if aid is not None else None
    if "cooperating_unit_ids" in data:
        ids = data.pop("cooperating_unit_ids") or []
        found = list(Unit.objects.filter(pk__in=ids, organisation_id=plan.organisation_id))
        if len(found) != len(set(ids)):
            raise ValidationError(_("A cooperating unit does not exist."))
        data["cooperating_units"] = found
    for key in [
        k
        for k, v in data.items()
        if v is None and k in ("kind", "number", "title", "description", "location", "weight", "progress")
    ]:
        del data[key]
    return data


def _unit(pk: int, plan: Plan) -> Unit:
    unit = Unit.objects.filter(pk=pk, organisation_id=plan.organisation_id).first()
    if unit is None:
        raise ValidationError(_("No such unit."))
    return unit


def _aligned_target(pk: int, plan: Plan) -> Item:
    """An item of a plan of an organisation above ``plan``'s; any other (missing, of the plan's own
    organisation, beside or below it) is refused with the same message."""
    org = plan.organisation
    above = [o.pk for o in org.ancestors()]
    target = Item.objects.filter(pk=pk, plan__organisation_id__in=above).first()
    if target is None:
        raise ValidationError(
            _(
                "aligned_to_id: no item %(id)d of a plan of an organisation above %(organisation)s; an item "
                "can only carry out an item of the plan of an organisation above its own."
            )
            % {"id": pk, "organisation": org.name}
        )
    return target


def _leader(pk: int, plan: Plan) -> Leader:
    leader = Leader.objects.filter(pk=pk, organisation_id=plan.organisation_id).first()
    if leader is None:
        raise ValidationError(_("No such leader."))
    return leader


_ITEM_FIELD_NAMES = {
    "lead_unit_id": "lead_unit",
    "leader_id": "leader",
    "aligned_to_id": "aligned_to",
    "cooperating_unit_ids": "cooperating_units",
}


@items.get("/{item_id}", response={200: s.ItemOut, **ERRORS})
def item_detail(request: HttpRequest, response: HttpResponse, item_id: s.Id) -> Item:
    item = access.item_for_view(request.user, item_id)
    response["ETag"] = _etag(item)
    return _items().get(pk=item.pk)


@items.patch(
    "/{item_id}",
    response={200: s.ItemOut, 400: s.ErrorOut, 409: s.ConflictOut, 428: s.ErrorOut, **ERRORS},
)
def item_update(request: HttpRequest, response: HttpResponse, item_id: s.Id, payload: s.ItemPatch) -> Item:
    """Change an item. Send the version you read; if someone saved it since, you get 409."""
    item = access.item_for_edit(request.user, item_id)
    expected = _version_from(request, payload.version)
    raw = payload.model_dump(exclude_unset=True, exclude={"version"})
    editable = access.editable_item_fields(request.user, item)
    refused = sorted(k for k in raw if _ITEM_FIELD_NAMES.get(k, k) not in editable)
    if refused:
        raise PermissionDenied(_("You may not change: %(fields)s") % {"fields": ", ".join(refused)})
    updated = plan_services.item_update(
        item_id=item.pk, expected_version=expected, data=_item_data(raw, item.plan), allowed_fields=editable
    )
    fresh = _items().get(pk=updated.pk)
    response["ETag"] = _etag(fresh)
    return fresh


@items.delete("/{item_id}", response={204: None, **ERRORS})
def item_delete(request: HttpRequest, item_id: s.Id) -> Reply[None]:
    item = access.item_for_office(request.user, item_id)
    plan_services.item_delete(item=item)
    return Reply(204, None)


@items.get("/{item_id}/children", response={200: list[s.ItemOut], **ERRORS})
@paginate(Pagination)
def item_children(request: HttpRequest, item_id: s.Id) -> QuerySet[Item]:
    item = access.item_for_view(request.user, item_id)
    return (
        _items()
        .filter(plan_id=item.plan_id, path__startswith=item.path, depth=item.depth + 1)
        .order_by("path")
    )


@items.get("/{item_id}/milestones", response={200: list[s.MilestoneOut], **ERRORS})
def item_milestones(request: HttpRequest, item_id: s.Id) -> QuerySet[Milestone]:
    item = access.item_for_view(request.user, item_id)
    return Milestone.objects.filter(item=item).order_by("due_date", "id")


@items.get("/{item_id}/indicators", response={200: list[s.IndicatorOut], **ERRORS})
def item_indicators(request: HttpRequest, item_id: s.Id) -> QuerySet[Indicator]:
    item = access.item_for_view(request.user, item_id)
    return Indicator.objects.filter(item=item).order_by("id")


# --- units and leaders -----------------------------------------------------------------------------

directory = Router(tags=["units and leaders"])


class NameFilter(Schema):
    q: str | None = Field(None, max_length=100, pattern=s.NO_NUL)


@directory.get("/units", response={200: list[s.UnitOut], **ERRORS})
@paginate(Pagination)
def unit_list(request: HttpRequest, filters: Query[NameFilter]) -> QuerySet[Unit]:
    access.require_viewer(request.user)
    units = access.units_visible(request.user).select_related("organisation").order_by("name")
    if filters.q:
        units = units.filter(Q(name__icontains=filters.q) | Q(short_name__icontains=filters.q))
    return units


@directory.get("/units/{unit_id}", response={200: s.UnitOut, **ERRORS})
def unit_detail(request: HttpRequest, unit_id: s.Id) -> Unit:
    access.require_viewer(request.user)
    unit = access.units_visible(request.user).select_related("organisation").filter(pk=unit_id).first()
    if unit is None:
        raise Http404(_("No such unit."))
    return unit


@directory.get("/leaders", response={200: list[s.LeaderOut], **ERRORS})
@paginate(Pagination)
def leader_list(request: HttpRequest, filters: Query[NameFilter]) -> QuerySet[Leader]:
    access.require_viewer(request.user)
    leaders = access.leaders_visible(request.user).order_by("name", "id")
    if filters.q:
        leaders = leaders.filter(name__icontains=filters.q)
    return leaders


# --- reports, notices, notifications -------------------------------------------------------------

supervision = Router(tags=["reports and notices"])


class ReportFilter(Schema):
    plan: str | None = Field(None, max_length=64, pattern=r"^[-a-zA-Z0-9_]*$")
    item_id: s.Id | None = None
    unit_id: s.Id | None = None
    state: str | None = Field(None, pattern="^(draft|submitted|returned|approved)$")
    period: s.Day | None = None


@supervision.get("/reports", response={200: list[s.ReportOut], **ERRORS})
@paginate(Pagination)
def report_list(request: HttpRequest, filters: Query[ReportFilter]) -> QuerySet[Any]:
    """Progress reports, newest first; drafts only to their own unit and the office."""
    from luoshi.reports.models import Report

    reports = report_access.reports_visible(request.user, Report.objects.select_related("plan"))
    if filters.plan:
        reports = reports.filter(plan__code=filters.plan)
    if filters.item_id is not None:
        reports = reports.filter(item_id=filters.item_id)
    if filters.unit_id is not None:
        reports = reports.filter(unit_id=filters.unit_id)
    if filters.state:
        reports = reports.filter(state=filters.state)
    if filters.period is not None:
        reports = reports.filter(period=filters.period)
    return reports.order_by("-period", "-version", "-id")


@supervision.get("/reports/{report_id}", response={200: s.ReportOut, **ERRORS})
def report_detail(request: HttpRequest, report_id: s.Id) -> Any:
    return report_access.report_for_view(request.user, report_id)


class NoticeFilter(Schema):
    plan: str | None = Field(None, max_length=64, pattern=r"^[-a-zA-Z0-9_]*$")
    item_id: s.Id | None = None
    state: str | None = Field(None, pattern="^(open|closed)$")


@supervision.get("/notices", response={200: list[s.NoticeOut], **ERRORS})
@paginate(Pagination)
def notice_list(request: HttpRequest, filters: Query[NoticeFilter]) -> QuerySet[Any]:
    """Supervision notices (督办单): all for the office and leaders, a unit's own for its reporters."""
    from luoshi.notices.models import Notice

    notices = notice_access.notices_visible(request.user, Notice.objects.select_related("plan"))
    if filters.plan:
        notices = notices.filter(plan__code=filters.plan)
    if filters.item_id is not None:
        notices = notices.filter(item_id=filters.item_id)
    if filters.state:
        notices = notices.filter(state=filters.state)
    return notices.order_by("-issued_at", "-id")


@supervision.get("/notices/{notice_id}", response={200: s.NoticeOut, **ERRORS})
def notice_detail(request: HttpRequest, notice_id: s.Id) -> Any:
    return notice_access.notice_for_view(request.user, notice_id)


@supervision.get("/notifications", response={200: list[s.NotificationOut], **ERRORS})
@paginate(Pagination)
def notification_list(request: HttpRequest) -> QuerySet[Any]:
    """The signed-in user's own notifications, newest first."""
    from luoshi.notifications.models import Notification

    if not request.user.is_authenticated:
        raise PermissionDenied
    return Notification.objects.filter(user_id=request.user.pk).order_by("-created_at", "-id")


api.add_router("/plans", plans)
api.add_router("/items", items)
api.add_router("/", directory)
api.add_router("/", supervision)

# Fix the auth scheme names in the OpenAPI document order: token first.
__all__ = ["api"]
