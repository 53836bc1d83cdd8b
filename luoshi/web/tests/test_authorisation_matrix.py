"""The authorisation matrix: every route of the URL resolver and every API operation, for every role
(anonymous, the office, a leader, a reporter of unit A, a reporter of unit B), on unit A's object and
on unit B's, against a table of who may pass. A route without an entry in the table fails the test.

"Passes" means the request got past the access checks (any answer but 401/403/404/405 or a redirect to
a sign-in page); "refused" means one of those. Every request runs in a savepoint that is rolled back,
so allowed writes do not disturb the next request; after every refused write the database is
compared with its state before: a refused request writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from luoshi.api.services import api_token_create
from luoshi.assessment import services as assessment
from luoshi.bulletins import services as bulletins
from luoshi.comments import services as comments
from luoshi.dispatch import services as dispatch
from luoshi.history import services as history
from luoshi.ingest.app import services as ingest
from luoshi.ledger import services as ledger
from luoshi.ledger.tests.helpers import xlsx_of
from luoshi.notices import services as notices
from luoshi.notices.models import NoticeTarget
from luoshi.notifications.models import Channel, Notification
from luoshi.organisations.models import Organisation
from luoshi.plans.models import Leader
from luoshi.reports import services as reports
from luoshi.reports.services import ReportData
from luoshi.testing import PlanFactory, UserFactory, World, make_item, make_organisation

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "office", "leader", "reporter_a", "reporter_b")
Rule = Callable[[str, str | None], bool]

# --- who may pass -------------------------------------------------------------------------------


def everyone(role: str, owner: str | None) -> bool:
    return True


def nobody(role: str, owner: str | None) -> bool:
    return False


def staff(role: str, owner: str | None) -> bool:
    return role != "anonymous"


def office(role: str, owner: str | None) -> bool:
    return role == "office"


def leaders(role: str, owner: str | None) -> bool:
    return role in ("office", "leader")


def owner_reporter(role: str, owner: str | None) -> bool:
    """The reporter of the unit that owns the object (leads the item, wrote the report, got the notice)."""
    return owner is not None and role == f"reporter_{owner}"


def office_or_owner(role: str, owner: str | None) -> bool:
    return role == "office" or owner_reporter(role, owner)


def leaders_or_owner(role: str, owner: str | None) -> bool:
    return role in ("office", "leader") or owner_reporter(role, owner)


def reporters(role: str, owner: str | None) -> bool:
    return role.startswith("reporter_")


def unchecked(role: str, owner: str | None) -> bool | None:
    """Not asserted either way (the admin's own permissions, for the office); never a server error."""
    return None
    return None


@dataclass(frozen=True)
class Entry:
    """One route: the object it is called on, and who passes each method. ``body`` for a POST/PATCH."""

    obj: str | None
    rules: dict[str, Any]
    body: dict[str, Any] = field(default_factory=dict)


def web(obj: str | None, get: Any, post: Any | None = None, **body: Any) -> Entry:
    rules = {"GET": get}
    if post is not None:
        rules["POST"] = post
    return Entry(obj, rules, body)


def api(obj: str | None, method: str, rule: Any, **body: Any) -> Entry:
    return Entry(obj, {method: rule}, body)


TABLE: dict[str, Entry] = {
    # accounts and language
    "login": web(None, everyone),
    "logout": web(None, nobody),  # POST only; a GET is refused (405); signing out is not tested here
    "set_language": web(None, everyone, everyone, language="zh-hans"),
    # plan pages
    "web:home": web(None, staff),
    "web:plan_list": web(None, staff),
    "web:organisation_switch": web(None, nobody, nobody, membership="999999"),  # only one's own roles
    "web:plan_tree": web("plan", staff),
    "web:plan_nodes": web("plan", staff),
    "web:item_new": web("plan", office, office),
    "web:item_detail": web("item", staff),
    "web:item_children": web("item", staff),
    "web:item_edit": web("item", office_or_owner, office_or_owner),
    "web:item_move": web("item", office, office),
    "web:item_reorder": web("item", nobody, office),
    "web:item_delete": web("item", office, office),
    # reports: a draft only to its unit; a submitted one to every member of staff
    "reports:my_reports": web(None, staff),
    "reports:report_start": web("item", owner_reporter, owner_reporter),
    "reports:report_detail": web("report", staff),
    "reports:report_edit": web("draft", owner_reporter, owner_reporter),
    "reports:report_submit": web("draft", nobody, owner_reporter),
    "reports:report_review": web("report", nobody, office),
    "reports:report_revise": web("returned", nobody, owner_reporter),
    "reports:report_contribute": web("draft", nobody, nobody),  # no cooperating unit in this plan
    "reports:attachment_download": web("attachment", owner_reporter),  # the file of a draft
    # figures
    "dashboard:dashboard": web("plan", staff),
    "dashboard:drilldown": web("plan", staff),
    "status:status_override": web("item", office, office),
    "notifications:notifications": web(None, staff, staff),
    "notifications:notification_open": web("notification", nobody, owner_reporter),
    "notifications:channels": web(
        None, office, office, name="督查群", kind="json", url="http://127.0.0.1:9/"
    ),
    "notifications:channel_edit": web("channel", office, office, name="改名", kind="json", digest_hour="8"),
    "notifications:channel_test": web("channel", nobody, office),
    "notifications:deliveries": web(None, office),
    # supervision work
    "notices:notice_list": web("plan", staff),
    "notices:notice_numbering": web("plan", office, office),
    "notices:instruction_new": web("item", nobody, leaders),
    "notices:notice_new": web("item", office, office),
    "notices:notice_detail": web("notice", leaders_or_owner),
    "notices:notice_docx": web("notice", leaders_or_owner),
    "notices:notice_acknowledge": web("notice", nobody, owner_reporter),
    "notices:notice_reply": web("notice", nobody, owner_reporter),
    "notices:notice_extension_request": web("notice", nobody, owner_reporter),
    "notices:notice_close": web("notice", nobody, office),
    "notices:notice_review": web("target", nobody, office),
    "notices:notice_extension_decide": web("extension", nobody, office),
    "notices:notice_attachment": web("notice_file", leaders_or_owner),
    # A bulletin is circulated to every unit.
    "bulletins:bulletin_list": web("plan", staff),
    "bulletins:bulletin_new": web("plan", nobody, office),
    "bulletins:bulletin_detail": web("bulletin", staff),
    "bulletins:bulletin_docx": web("bulletin", staff),
    "bulletins:bulletin_pdf": web("bulletin", staff),
    "assessment:assessment": web("plan", leaders, office, base_score="90"),
    "assessment:assessment_compute": web("plan", nobody, office),
    "assessment:assessment_run": web("run", leaders),
    "assessment:assessment_unit": web("run_unit", leaders),
    "assessment:assessment_export": web("run", leaders),
    "ledger:export_xlsx": web("plan", staff),
    "ledger:export_csv": web("plan", staff),
    "ledger:import_new": web("plan", office, office),
    "ledger:import_detail": web("import", office),
    "ledger:import_progress": web("import", office),
    "ledger:import_apply": web("import", nobody, office),
    "ledger:import_repeat_preview": web("import", nobody, office),
    # 任务下发: the world's organisation sends down to a county below it and receives from a province
    # above it; its office decides on what it received, its leaders follow what it sent.
    "dispatch:inbox": web(None, office),
    "dispatch:sent": web(None, leaders),
    "dispatch:dispatch_new": web("item", office, office),
    "dispatch:dispatch_detail": web("dispatch", leaders),
    "dispatch:dispatch_close": web("dispatch", nobody, office),
    "dispatch:target_detail": web("received", office),
    "dispatch:target_accept": web("received", nobody, office),
    "dispatch:target_return": web("received", nobody, office),
    "dispatch:target_reply": web("received", nobody, office),
    # the to-do (待办) of each role, and the office's bulk actions on its own plans (preview, confirm)
    "todo:home": web(None, staff),
    "todo:reports_approve": web(None, office, office),
    "todo:units_chase": web("plan", office, office),
    "todo:notices_issue": web("plan", office, office),
    "todo:items_reassign": web("plan", office, office),
    "ingest:source_new": web(None, office, office),
    "ingest:source_review": web("source", office, office),
    # search: every member of staff searches (results scoped as each object's page); any of them keeps
    # views of a plan it reads (sharing one is the office's, checked in luoshi/search/tests)
    "search:search": web(None, staff),
    "search:saved_views": web("plan", staff, staff, name="我的视图", query="overdue=1"),
    # the office's pages for its organisation's units, leaders and users (a 404 for everyone else)
    "accounts:unit_list": web(None, office),
    "accounts:unit_new": web(None, office, office, name="新单位", kind="department"),
    "accounts:unit_edit": web("unit", office, office, name="改名的单位", kind="department"),
    "accounts:unit_delete": web("unit", office, office),  # refused with a message: items name it
    "accounts:leader_list": web(None, office),
    "accounts:leader_new": web(None, office, office, name="新领导"),
    "accounts:leader_edit": web("leader", office, office, name="改名的领导"),
    "accounts:leader_delete": web("leader", office, office),
    "accounts:user_list": web(None, office),
    "accounts:user_new": web(
        None, office, office, username="newbie", password1="Brand-new-pass-42", password2="Brand-new-pass-42"
    ),
    "accounts:user_detail": web("person", office),
    "accounts:user_role": web("person", nobody, office, role="leader"),
    "accounts:user_role_remove": web("person", nobody, office),
    "accounts:user_active": web("person", nobody, office, active="0"),
    "accounts:user_password": web(
        "person", nobody, office, password1="Brand-new-pass-42", password2="Brand-new-pass-42"
    ),
    "accounts:user_unlock": web("person", nobody, office),
    # the API (a bearer token per role; anonymous sends none)
    "api:openapi-json": web(None, everyone),
    "api:openapi-view": web(None, everyone),
    "api:api-root": web(None, nobody),
    "api:plan_list": api(None, "GET", staff),
    "api:plan_detail": api("plan", "GET", staff),
    "api:item_list": api("plan", "GET", staff),
    "api:item_create": api("plan", "POST", office, title="新事项"),
    "api:item_detail": api("item", "GET", staff),
    "api:item_update": api("item", "PATCH", office_or_owner, progress=5, version=1),
    "api:item_delete": api("item", "DELETE", office),
    "api:item_children": api("item", "GET", staff),
    "api:item_milestones": api("item", "GET", staff),
    "api:item_indicators": api("item", "GET", staff),
    "api:unit_list": api(None, "GET", staff),
    "api:unit_detail": api("unit", "GET", staff),
    "api:leader_list": api(None, "GET", staff),
    "api:report_list": api(None, "GET", staff),
    "api:report_detail": api("draft", "GET", owner_reporter),
    "api:notice_list": api(None, "GET", staff),
    "api:notice_detail": api("notice", "GET", leaders_or_owner),
    "api:notification_list": api(None, "GET", staff),
    # the calendar; its feed is read without a session: the token is the key (a made-up one is 404)
    "calendar:calendar": web(None, staff),
    "calendar:calendar_feed_regenerate": web(None, nobody, staff),
    "calendar:calendar_feed": web(None, nobody),
    # plan years: next year's plan and archiving by the plan's office; the header's year switch
    "years:year_switch": web(None, nobody, staff, year="2020", next="/plans/"),
    "years:plan_year": web("plan", staff),
    "years:next_year": web("plan", office, office, archive="on"),
    "years:plan_archive": web("plan", nobody, office),
    # the public page (公开): open to anyone; the matrix's plan is not published, so it is a 404 to all
    "public:public_list": web(None, everyone),
    "public:public_plan": web("plan", nobody),
    "public:publication_edit": web("plan", office, office, enabled="on", levels="2"),
    # comments: every member of staff reads a thread; the office, leaders and the units concerned write
    "comments:item_thread": web("item", staff, leaders_or_owner, body="意见"),
    "comments:report_thread": web("report", staff, leaders_or_owner, body="意见"),
    "comments:comment_edit": web("comment", owner_reporter, owner_reporter, body="改过的意见"),
    "comments:comment_delete": web("comment", nobody, office_or_owner),
    # the plan as of a date, two dates compared, baselines (saved and deleted by the office)
    "history:plan_as_of": web("plan", staff),
    "history:figures_as_of": web("plan", staff),
    "history:plan_compare": web("plan", staff),
    "history:item_as_of": web("item", staff),
    "history:baselines": web("plan", staff, office, name="年初计划"),
    "history:baseline_delete": web("baseline", nobody, office),
    # the Gantt: read by every member of staff; a bar is moved only by the plan's office
    "timeline:plan_gantt": web("plan", staff),
    "timeline:plan_gantt_data": web("plan", staff),
    "timeline:baseline_data": web("baseline", staff),
    "timeline:item_dates": web("item", nobody, office, start="", due="2020-11-30", version="1"),
}
# The admin is for superusers: none of these roles comes in (the office works in its own pages).
ADMIN = Entry("admin", {"GET": nobody})
# Its sign-in page is open to all; signing out is a POST (a GET is refused with 405, or sent to the
# admin's front page, which shows nothing but its sign-in).
ADMIN_OWN = {
    "admin:login": Entry("admin", {"GET": everyone}),
    # The organisation tree's admin serves its script catalogue (words, no data) to anyone.
    "admin:javascript-catalog": Entry("admin", {"GET": everyone}),
    "admin:logout": Entry("admin", {"GET": unchecked}),
}
OWNED = {
    "item",
    "report",
    "draft",
    "returned",
    "attachment",
    "notification",
    "notice",
    "target",
    "extension",
    "notice_file",
    "comment",
    "run_unit",
    "unit",
}
REFUSED = {401, 403, 404, 405}


# --- the routes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    path: str
    keys: tuple[str, ...]


def routes() -> Iterator[Route]:
    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[Route]:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                path = prefix + str(p.pattern)
                name = (f"{namespace}:{p.name}" if namespace else p.name) if p.name else path
                yield Route(name, path, tuple(p.pattern.regex.groupindex))

    yield from walk(get_resolver().url_patterns, "", "")


# --- the objects of unit A and unit B -------------------------------------------------------------


def _dispatches(world: World) -> dict[str, int]:
    """A task the world's organisation sent to a county below it, and one it got from a province above
    it (the organisation is moved under the province first, before anything reads its path)."""
    province = make_organisation("省", level="province", code="matrix-province")
    own = Organisation.objects.get(pk=world.plan.organisation_id)
    own.move(province, "last-child")
    county = make_organisation("下级县", parent=Organisation.objects.get(pk=own.pk), code="matrix-county")
    sent = dispatch.dispatch_send(
        user=world.office, source_item=world.item_a, organisations=[county], title="下发的任务"
    )
    province_office = UserFactory(username="matrix_province", role="office", organisation=province)
    province_item = make_item(PlanFactory(organisation=province), None, title="省级任务")
    received = dispatch.dispatch_send(
        user=province_office,
        source_item=province_item,
        organisations=[Organisation.objects.get(pk=own.pk)],
        title="省级任务",
    )
    return {"dispatch_id": sent.pk, "target_id": received.targets.get().pk}


def _objects(
    world: World, dispatches: dict[str, int] | None = None
) -> dict[tuple[str, str | None], dict[str, Any]]:
    """URL arguments for each object kind and owner (``dispatches``: a dispatch the world's organisation
    sent and a target it received, if the caller made them)."""
    period = dt.date(2020, 9, 1)
    out: dict[tuple[str, str | None], dict[str, Any]] = {}
    dispatches = dispatches or _dispatches(world)
    plan = world.plan
    ledger_import = ledger.ledger_import_create(
        plan=plan, user=world.office, filename="l.xlsx", content=xlsx_of(plan)
    )
    source = ingest.source_ingest(data="一、加强领导\n内容。\n", user=world.office)
    bulletin = bulletins.bulletin_generate(plan=plan, user=world.office)
    run = assessment.assessment_compute(plan=plan, user=world.office)
    shared = {
        "code": plan.code,
        "token": "0" * 43,  # a calendar feed's: no such feed
        "import_id": ledger_import.pk,
        "source_id": source.pk,
        "bulletin_id": bulletin.pk,
        "run_id": run.pk,
        "leader_id": Leader.objects.create(organisation=plan.organisation, name="包联领导").pk,
        "user_id": world.reporter_a.pk,
        "channel_id": Channel.objects.create(
            organisation=plan.organisation, kind="json", name="督查群", url="http://127.0.0.1:9/hook"
        ).pk,
        "baseline_id": history.baseline_save(plan=plan, name="年初", user=world.office).pk,
    }
    for owner in ("a", "b"):
        item, unit, reporter = (getattr(world, f"{k}_{owner}") for k in ("item", "unit", "reporter"))
        draft = reports.report_draft_save(
            item=item, user=reporter, period=period, data=ReportData(work_done="草稿")
        )
        reports.attachment_add(
            report=draft,
            user=reporter,
            upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 test", "application/pdf"),
        )
        submitted = reports.report_draft_save(
            item=item, user=reporter, period=dt.date(2020, 8, 1), data=ReportData(work_done="已报")
        )
        reports.report_submit(report=submitted, user=reporter)
        returned = reports.report_draft_save(
            item=item, user=reporter, period=dt.date(2020, 7, 1), data=ReportData(work_done="退回")
        )
        reports.report_submit(report=returned, user=reporter)
        returned = reports.report_return(report=returned, user=world.office, reason="不具体")
        notice = notices.notice_issue(
            item=item,
            user=world.office,
            units=[unit],
            title="督办",
            requirement="整改",
            deadline=dt.date(2020, 10, 30),
        )
        target = NoticeTarget.objects.get(notice=notice)
        extension = notices.notice_extension_request(
            target=target, user=reporter, deadline=dt.date(2020, 11, 30), reason="工期"
        )
        notices.notice_reply(
            target=target,
            user=reporter,
            text="已整改",
            uploads=[SimpleUploadedFile("r.pdf", b"%PDF-1.4 reply", "application/pdf")],
        )
        notification = Notification.objects.create(
            user=reporter, kind="due", key=f"matrix:{owner}", title="请报送"
        )
        comment = comments.comment_add(user=reporter, item=item, body="本单位的意见")
        values = {
            "item": {"item_id": item.pk},
            "draft": {"report_id": draft.pk},
            "report": {"report_id": submitted.pk},
            "returned": {"report_id": returned.pk},
            "attachment": {"attachment_id": draft.attachments.get().pk},
            "notification": {"notification_id": notification.pk},
            "notice": {"notice_id": notice.pk},
            "target": {"target_id": target.pk},
            "extension": {"extension_id": extension.pk},
            "notice_file": {"attachment_id": target.attachments.get().pk},
            "comment": {"comment_id": comment.pk},
            "run_unit": {"unit_id": unit.pk},
            "unit": {"unit_id": unit.pk},
        }
        for kind, kwargs in values.items():
            out[(kind, owner)] = {**shared, **kwargs}
    for kind in (
        "plan",
        "import",
        "source",
        "bulletin",
        "run",
        "leader",
        "person",
        "channel",
        "baseline",
        None,
    ):
        out[(kind, None)] = dict(shared)
    out[("dispatch", None)] = {**shared, "dispatch_id": dispatches["dispatch_id"]}
    out[("received", None)] = {**shared, "target_id": dispatches["target_id"]}
    return out


def _admin_url(route: Route) -> str:
    """The admin's routes filled in by hand (some have no name): an app's label, object 1."""
    path = re.sub(r"\(\?P<app_label>(\w+)[^)]*\)", r"\1", route.path)
    path = re.sub(r"\(\?P<url>[^)]*\)", "nothing/", path)
    path = re.sub(r"<[^>]+>", "1", path)
    return "/" + path.replace("^", "").replace("$", "")


def _url(route: Route, kwargs: dict[str, Any]) -> str:
    path = reverse(route.name, kwargs={k: kwargs[k] for k in route.keys})
    return path.replace("%3C", "<").replace("%3E", ">")


# --- what a refused request may not change --------------------------------------------------------

WATCHED = [
    "plans.Item",
    "plans.Milestone",
    "plans.Indicator",
    "plans.Unit",
    "reports.Report",
    "reports.Attachment",
    "notices.Notice",
    "notices.NoticeTarget",
    "notices.NoticeExtension",
    "notices.Instruction",
    "notifications.Notification",
    "notifications.Channel",
    "notifications.Delivery",
    "bulletins.Bulletin",
    "assessment.AssessmentRun",
    "assessment.AssessmentRules",
    "ledger.LedgerImport",
    "status.StatusOverride",
    "accounts.User",
    "dispatch.Dispatch",
    "dispatch.DispatchTarget",
    "accounts.Membership",
    "plans.Leader",
    "comments.Comment",
    "history.Baseline",
]


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for label in WATCHED:
        digest.update(repr(list(apps.get_model(label).objects.order_by("pk").values_list())).encode())
    return digest.hexdigest()


def _passed(response: Any) -> bool:
    if response.status_code in REFUSED:
        return False
    location = response.get("Location", "") if response.status_code in (301, 302) else ""
    return not ("/accounts/login/" in location or "/admin/login/" in location)


def _send(client: Client, method: str, url: str, body: dict[str, Any], *, api: bool, **extra: str) -> Any:
    if method == "GET":
        return client.get(url, **extra)
    if api:
        return getattr(client, method.lower())(url, body, content_type="application/json", **extra)
    return client.post(url, body, **extra)


@override_settings(LUOSHI_API_RATE_LIMIT=10**9, LUOSHI_LOGIN_RATE_LIMIT=10**9)
def test_every_route_answers_every_role_as_the_table_says(world: World) -> None:
    all_routes = list(routes())
    missing = sorted({r.name for r in all_routes if r.name not in TABLE and not r.path.startswith("admin/")})
    assert not missing, f"routes without an entry in the authorisation table: {missing}"
    objects = _objects(world)
    clients: dict[str, Client] = {}
    tokens: dict[str, dict[str, str]] = {}
    for role in ROLES:
        clients[role] = Client(raise_request_exception=False)
        tokens[role] = {}
        if role != "anonymous":
            user = getattr(world, role)
            clients[role].force_login(user)
            tokens[role] = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='matrix')[1]}"}

    mismatches: list[str] = []
    leaks: list[str] = []
    tally: Counter[str] = Counter()
    for route in all_routes:
        if route.name in ADMIN_OWN:
            entry = ADMIN_OWN[route.name]
        else:
            entry = ADMIN if route.path.startswith("admin/") else TABLE[route.name]
        owners: tuple[str | None, ...] = ("a", "b") if entry.obj in OWNED else (None,)
        for owner in owners:
            if entry.obj == "admin":
                url = _admin_url(route)
            else:
                url = _url(route, objects[(entry.obj, owner)])
            for method, rule in entry.rules.items():
                for role in ROLES:
                    client = clients[role]
                    extra = tokens[role] if route.name.startswith("api:") else {}
                    with transaction.atomic():
                        before = _fingerprint() if method != "GET" else ""
                        response = _send(
                            client, method, url, entry.body, api=route.name.startswith("api:"), **extra
                        )
                        passed = _passed(response)
                        wrote = method != "GET" and not passed and _fingerprint() != before
                        transaction.set_rollback(True)
                    tally["requests"] += 1
                    where = (
                        f"{method} {url} ({route.name}) as {role} on {owner or '-'}: {response.status_code}"
                    )
                    if response.status_code >= 500:
                        mismatches.append(f"server error: {where}")
                    expected = rule(role, owner)
                    if expected is not None and expected != passed:
                        mismatches.append(
                            f"{'expected to pass' if expected else 'expected refusal'}: {where}"
                        )
                    if wrote:
                        leaks.append(f"a refused request wrote: {where}")
                    # Unit B may read what every member of staff reads; nothing else of unit A's.
                    if (
                        role == "reporter_b"
                        and owner == "a"
                        and passed
                        and not (method == "GET" and rule is staff)
                    ):
                        leaks.append(f"unit B reached unit A's object: {where}")
    tally["routes"] = len(all_routes)
    tally["api operations"] = sum(1 for r in all_routes if r.name.startswith("api:"))
    print(f"\nauthorisation matrix: {dict(tally)}, mismatches={len(mismatches)}, leaks={len(leaks)}")
    assert not leaks, "\n".join(leaks[:20])
    assert not mismatches, "\n".join(mismatches[:40])
