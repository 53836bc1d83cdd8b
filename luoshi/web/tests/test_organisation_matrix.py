"""The authorisation matrix across organisations: every route of the URL resolver and every API
operation, for the roles {city office, county A office, county B office, county A reporter, county B
reporter, a county A leader, anonymous}, on the objects of the city, of county A and of county B.

A county's people reach nothing of another county's or of the city's (the same 404 as a missing object;
no page or answer of theirs shows another county's names; a refused write writes nothing). The city's
office reads its counties' plans as a leader does and changes nothing of theirs. Within its own
organisation, each role passes as the single-organisation table (test_authorisation_matrix) says.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings

from luoshi.api.services import api_token_create
from luoshi.dispatch import services as dispatch
from luoshi.dispatch.models import Dispatch
from luoshi.organisations.models import Organisation
from luoshi.testing import PlanFactory, UserFactory, World, make_item, make_organisation, make_world
from luoshi.web.tests.test_authorisation_matrix import (
    ADMIN_OWN,
    OWNED,
    TABLE,
    _fingerprint,
    _objects,
    _passed,
    _send,
    _url,
    routes,
)

pytestmark = pytest.mark.django_db

# role -> (organisation, the role it holds there in the single-organisation table)
ROLES: dict[str, tuple[str | None, str]] = {
    "anonymous": (None, "anonymous"),
    "city office": ("city", "office"),
    "county A office": ("A", "office"),
    "county B office": ("B", "office"),
    "county A reporter": ("A", "reporter_a"),
    "county B reporter": ("B", "reporter_a"),
    "county A leader": ("A", "leader"),
}
MARKERS = {"city": "临江市", "A": "甲县", "B": "乙县"}


def _dispatches(worlds: dict[str, World], name: str, province: Organisation) -> dict[str, int]:
    """A task the organisation sent below it, and the target of one it received from above: the
    province sends to the city, the city to both counties (each sees only its own row), a county
    to a township of its own."""
    world = worlds[name]
    org = Organisation.objects.get(pk=world.plan.organisation_id)
    if name == "city":
        office = UserFactory(username="province_office", role="office", organisation=province)
        item = make_item(PlanFactory(organisation=province, code="plan-province"), None, title="省级任务")
        received = dispatch.dispatch_send(
            user=office, source_item=item, organisations=[org], title="省级任务"
        )
        counties = [Organisation.objects.get(pk=worlds[c].plan.organisation_id) for c in ("A", "B")]
        sent = dispatch.dispatch_send(
            user=world.office, source_item=world.item_a, organisations=counties, title="市级下发任务"
        )
        return {"dispatch_id": sent.pk, "target_id": received.targets.get().pk}
    city_sent = Dispatch.objects.get(title="市级下发任务")
    town = make_organisation(f"{MARKERS[name]}某镇", parent=org, level="township", code=f"town-{name}")
    sent = dispatch.dispatch_send(
        user=world.office, source_item=world.item_a, organisations=[town], title="下发到镇"
    )
    return {"dispatch_id": sent.pk, "target_id": city_sent.targets.get(organisation=org).pk}


def _missing_status(client: Client, route: Any, is_api: bool, extra: dict[str, str]) -> int:
    """What the route answers for an object that does not exist."""
    kwargs = {k: ("no-such-plan" if k == "code" else 999999) for k in route.keys}
    return int(_send(client, "GET", _url(route, kwargs), {}, api=is_api, **extra).status_code)


def _expected(
    role: str, org: str, method: str, rule: Any, owner: str | None, obj: str | None, route: str
) -> bool | None:
    """May ``role`` pass ``rule`` on an object of ``org``? (Lists and forms belong to nobody.)"""
    role_org, as_role = ROLES[role]
    if role_org == org or as_role == "anonymous" or obj is None:
        return rule(as_role, owner)  # type: ignore[no-any-return]
    if route.startswith("dispatch:"):
        return False  # a dispatch is seen by its sender and its receivers only, not by those above
    if role_org == "city":
        # The city's office reads the counties' plans as a leader reads them, and writes nothing.
        return bool(rule("leader", owner)) if method == "GET" else False
    return False


@override_settings(LUOSHI_API_RATE_LIMIT=10**9, LUOSHI_LOGIN_RATE_LIMIT=10**9)
def test_no_organisation_reaches_another_ones_objects() -> None:
    province = make_organisation("某省", level="province", code="province")
    city = make_organisation(MARKERS["city"], parent=province, level="city", short_name="江", code="city")
    worlds: dict[str, World] = {"city": make_world(city, key="_city", marker=MARKERS["city"])}
    for name in ("A", "B"):
        org = make_organisation(MARKERS[name], parent=city, short_name=name, code=f"county-{name}")
        worlds[name] = make_world(org, key=f"_{name}", marker=MARKERS[name])
    objects = {name: _objects(world, _dispatches(worlds, name, province)) for name, world in worlds.items()}
    people = {
        "city office": worlds["city"].office,
        "county A office": worlds["A"].office,
        "county B office": worlds["B"].office,
        "county A reporter": worlds["A"].reporter_a,
        "county B reporter": worlds["B"].reporter_a,
        "county A leader": worlds["A"].leader,
    }
    clients: dict[str, Client] = {}
    tokens: dict[str, dict[str, str]] = {}
    for role in ROLES:
        clients[role] = Client(raise_request_exception=False)
        tokens[role] = {}
        if role in people:
            clients[role].force_login(people[role])
            token = api_token_create(user=people[role], name="matrix")[1]
            tokens[role] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    mismatches: list[str] = []
    leaks: list[str] = []
    tally: Counter[str] = Counter()
    for route in routes():
        if route.path.startswith("admin/") or route.name in ADMIN_OWN:
            continue  # the admin is for superusers; its own test covers it
        entry = TABLE[route.name]
        is_api = route.name.startswith("api:")
        for org in ("city", "A", "B"):
            owners: tuple[str | None, ...] = ("a",) if entry.obj in OWNED else (None,)
            for owner in owners:
                url = _url(route, objects[org][(entry.obj, owner)])
                for method, rule in entry.rules.items():
                    for role in ROLES:
                        role_org = ROLES[role][0]
                        if entry.obj is None and org != "A":
                            continue  # a list or a form: one request per role is enough
                        extra = tokens[role] if is_api else {}
                        with transaction.atomic():
                            before = _fingerprint() if method != "GET" else ""
                            response = _send(clients[role], method, url, entry.body, api=is_api, **extra)
                            passed = _passed(response)
                            wrote = method != "GET" and not passed and _fingerprint() != before
                            transaction.set_rollback(True)
                        tally["requests"] += 1
                        where = f"{method} {url} ({route.name}) as {role} on {org}'s: {response.status_code}"
                        if response.status_code >= 500:
                            mismatches.append(f"server error: {where}")
                        if wrote:
                            leaks.append(f"a refused request wrote: {where}")
                        other = role_org is not None and role_org != org and entry.obj is not None
                        if other and role_org != "city":
                            tally["cross-organisation requests"] += 1
                            if passed:
                                leaks.append(f"reached another organisation's object: {where}")
                            elif method == "GET":
                                missing = _missing_status(clients[role], route, is_api, extra)
                                if response.status_code != missing:
                                    mismatches.append(
                                        f"not the answer for a missing object ({missing}): {where}"
                                    )
                        # No page or answer a county's people get names another county.
                        if passed and role_org in ("A", "B") and method == "GET":
                            foreign = [MARKERS[o] for o in ("A", "B") if o != role_org]
                            body = (
                                response.content.decode(errors="replace")
                                if hasattr(response, "content")
                                else ""
                            )
                            if any(m in body for m in foreign):
                                leaks.append(f"shows another county's names: {where}")
                        expected = _expected(role, org, method, rule, owner, entry.obj, route.name)
                        if expected is not None and expected != passed:
                            mismatches.append(
                                f"{'expected to pass' if expected else 'expected refusal'}: {where}"
                            )
    print(f"\norganisation matrix: {dict(tally)}, mismatches={len(mismatches)}, leaks={len(leaks)}")
    assert not leaks, "\n".join(leaks[:30])
    assert not mismatches, "\n".join(mismatches[:40])
