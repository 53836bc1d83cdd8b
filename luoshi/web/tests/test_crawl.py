"""Every page the demo links to answers without a server error, for every role.

The demo is built the way ``luoshi demo`` builds it; then each role starts from the home page and
follows every same-site link breadth-first. The dashboard drill-down is also asked with bad filters.
"""

from __future__ import annotations

import io
import re
import time
from collections import deque
from html import escape, unescape
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client

from luoshi.accounts.models import Membership, User
from luoshi.accounts.services import membership_activate
from luoshi.commands.management.commands.demo import DEMO_USERS, Command
from luoshi.plans.models import Item, Plan

pytestmark = pytest.mark.django_db

MAX_PAGES = 400
# Pages of one shape (the same path with other ids, the same query keys) beyond this many add little.
PER_SHAPE = 12
# Gu County's roles are crawled in full; the city's and the other counties' show the same pages
# over other plans (and, for the city, read-only over its counties'), so a sample of each shape is
# enough: (pages, per shape) by organisation.
BUDGET = {"gu-county": (MAX_PAGES, PER_SHAPE), "linfen": (90, 2)}
OTHER_BUDGET = (30, 1)
HREF = re.compile(r"""href\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
# Links that end the session, leave for the admin site, switch language (POST only) or serve assets.
SKIP = re.compile(r"^/(accounts/logout|admin/|i18n/|static/)")
BAD_FILTERS = [
    "status=red",
    "status=yellow",
    "",
    "pillar=999999",
    "unit=1' OR '1'='1",
    "status=bogus",
    "period=notadate",
    "outcome=x",
    "page=abc",
]


def _demo() -> Plan:
    return Command(stdout=io.StringIO()).setup_demo()


def _links(base: str, html: str) -> list[str]:
    found = []
    for raw in HREF.findall(html):
        href = unescape(raw).strip()
        if not href or href.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        url = urldefrag(urljoin(base, href)).url
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _shape(url: str) -> str:
    path, _, query = url.partition("?")
    keys = sorted({part.partition("=")[0] for part in query.split("&") if part})
    return re.sub(r"\d+", "N", path) + "?" + "&".join(keys)


def _crawl(
    client: Client, max_pages: int = MAX_PAGES, per_shape: int = PER_SHAPE
) -> tuple[int, int, list[tuple[str, int, str]]]:
    """Pages fetched, links seen, and the (url, status, exception) of every 5xx."""
    seen = {"/"}
    shapes: dict[str, int] = {}
    queue = deque(["/"])
    pages = links = 0
    errors = []
    while queue and pages < max_pages:
        url = queue.popleft()
        response = client.get(url, follow=False)
        pages += 1
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            errors.append((url, response.status_code, repr(exc[1])[:200] if exc else ""))
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            targets = [urldefrag(urljoin(url, response["Location"])).url]
        elif "text/html" in response.get("Content-Type", ""):
            targets = _links(url, response.content.decode("utf-8", "replace"))
        else:
            continue
        links += len(targets)
        for target in targets:
            if target in seen or SKIP.search(target):
                continue
            seen.add(target)
            shape = _shape(target)
            shapes[shape] = shapes.get(shape, 0) + 1
            if shapes[shape] <= per_shape:
                queue.append(target)
    return pages, links, errors


@pytest.fixture
def demo_plan() -> Plan:
    return _demo()


def _roles() -> list[tuple[str, str | None, str]]:
    """(who, username, organisation code) of every login, each further role a login holds (acted in
    after switching to it), and anonymous."""
    roles: list[tuple[str, str | None, str]] = [(u, u, org) for u, *_rest, org in DEMO_USERS]
    for membership in Membership.objects.filter(user__username__in=[r[1] for r in roles]).select_related(
        "user", "organisation"
    ):
        if membership.organisation_id != membership.user.organisation_id:
            roles.append(
                (f"{membership.user.username}@{membership.organisation.code}", None, str(membership.pk))
            )
    return [*roles, ("anonymous", None, "")]


def test_no_page_the_demo_links_to_fails_for_any_role(demo_plan: Plan) -> None:
    started = time.monotonic()
    failures = {}
    for who, username, org in _roles():
        client = Client(raise_request_exception=False)
        budget = BUDGET.get(org, OTHER_BUDGET)
        if username:
            client.force_login(User.objects.get(username=username))
        elif who != "anonymous":
            membership = Membership.objects.select_related("user", "organisation").get(pk=int(org))
            membership_activate(user=membership.user, membership_id=membership.pk)
            client.force_login(User.objects.get(pk=membership.user_id))
            budget = BUDGET.get(membership.organisation.code, OTHER_BUDGET)
        pages, links, errors = _crawl(client, *budget)
        print(f"crawl {who}: {pages} pages, {links} links")
        if errors:
            failures[who] = errors
        assert pages > (1 if who == "anonymous" else 5)
    print(f"crawl total: {time.monotonic() - started:.1f} s")
    for who, errors in failures.items():
        for error in errors:
            print("5xx", who, *error)
    assert not failures


def test_the_drilldown_answers_bad_filters_without_a_server_error(demo_plan: Plan) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="office"))
    url = f"/plans/{demo_plan.code}/dashboard/items/"
    pillars = Item.objects.filter(plan=demo_plan, depth=1).values_list("pk", flat=True)
    queries = (
        BAD_FILTERS
        + [f"pillar={pk}" for pk in pillars]
        + ["pillar=abc", "period=2020-13-01", "outcome=overdue&period=2020-06-01"]
    )
    for query in queries:
        response = client.get(url, {k: v for k, _, v in (p.partition("=") for p in query.split("&") if p)})
        assert response.status_code in (200, 400), (query, response.status_code)
        if response.status_code == 400:
            assert response.context["error"], query
            assert escape(response.context["error"]) in response.content.decode(), query


def test_the_drilldown_header_names_the_status_in_words(demo_plan: Plan) -> None:
    client = Client()
    client.force_login(User.objects.get(username="office"))
    response = client.get(f"/plans/{demo_plan.code}/dashboard/items/", {"status": "red"})
    filters = re.search(r'data-testid="filters">(.*?)</p>', response.content.decode(), re.S)
    assert filters is not None
    text = re.sub(r"<[^>]+>", "", filters.group(1))
    assert "状态: 严重滞后" in text and "red" not in text
