"""Reads: search across items, reports, notices and units; a filtered page of a plan's items; the
saved views a user sees. Everything is scoped by the access module, as the object's own page is."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from luoshi.accounts.access import organisation_q, plans_visible, require_viewer, units_visible
from luoshi.notices.access import notices_visible
from luoshi.notices.models import Notice
from luoshi.plans.models import Item, Plan, Unit
from luoshi.reports.access import reports_visible
from luoshi.reports.models import Report
from luoshi.search import backends
from luoshi.search.filters import ItemFilter, item_filter_apply
from luoshi.search.models import SavedView

MAX_QUERY = 100  # characters kept of a query
MAX_TERMS = 5
GROUP_LIMIT = 20  # hits shown per kind on the overview
KIND_PAGE = 100  # hits per page when one kind is shown
FLAT_PAGE = 100  # rows per page of a filtered tree, as the tree's pages
SNIPPET = 36  # characters either side of the first match

KINDS = ("item", "report", "notice", "unit")


def query_terms(raw: str) -> tuple[str, list[str]]:
    """The query as kept (control characters dropped, at most MAX_QUERY characters) and its terms
    (split at spaces, full-width ones too; at most MAX_TERMS, each found as a substring)."""
    cleaned = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in raw)
    cleaned = " ".join(cleaned.split())[:MAX_QUERY].strip()
    terms: list[str] = []
    for term in cleaned.split():
        if term.casefold() not in (t.casefold() for t in terms):
            terms.append(term)
    return cleaned, terms[:MAX_TERMS]


def highlight(text: str, terms: list[str], *, around: int | None = None) -> SafeString:
    """``text`` escaped, with every occurrence of a term in <mark>; with ``around``, only that many
    characters either side of the first occurrence (and an ellipsis where text was cut)."""
    if not terms:
        return mark_safe(escape(text[: (around or len(text))]))  # noqa: S308 - escaped
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    if around is not None:
        found = pattern.search(text)
        start = max(0, found.start() - around) if found else 0
        end = min(len(text), (found.end() if found else 0) + around)
        text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    out, pos = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[pos : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        pos = match.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped


@dataclass
class Hit:
    title: SafeString
    url: str
    snippet: SafeString
    where: str  # the plan (and item) it belongs to
    links: list[tuple[str, str]] = field(default_factory=list)  # further pages (a unit's items)
    status: str = ""


@dataclass
class Group:
    kind: str
    label: str
    count: int
    hits: list[Hit]


def _snippet(obj: Any, columns: tuple[str, ...], terms: list[str]) -> SafeString:
    texts = [str(getattr(obj, c) or "") for c in columns]
    for text in texts:
        if any(t.casefold() in text.casefold() for t in terms):
            return highlight(text, terms, around=SNIPPET)
    return highlight(next((t for t in texts if t), ""), terms, around=SNIPPET)


def _matching(qs: QuerySet[Any], source: backends.Source, terms: list[str], prefix: str = "") -> Any:
    for term in terms:
        qs = qs.filter(backends.term_q(source, term, alias=qs.db, prefix=prefix))
    return qs


def items_matching(items: QuerySet[Item], raw: str) -> QuerySet[Item]:
    """``items`` whose number, title, description or progress note holds every term of ``raw``, as the
    search page finds them (an empty query matches nothing)."""
    _cleaned, terms = query_terms(raw)
    if not terms:
        return items.none()
    return _matching(items, backends.ITEM, terms)


def _items(user: Any, terms: list[str]) -> QuerySet[Item]:
    qs = Item.objects.filter(organisation_q(user, "plan__organisation")).select_related("plan")
    return _matching(qs, backends.ITEM, terms).order_by("plan_id", "path")


def _reports(user: Any, terms: list[str]) -> QuerySet[Report]:
    qs = reports_visible(user, Report.objects.select_related("plan", "item", "unit"))
    return _matching(qs, backends.REPORT, terms).order_by("-period", "-id")  # type: ignore[no-any-return]


def _notices(user: Any, terms: list[str]) -> QuerySet[Notice]:
    qs = notices_visible(user, Notice.objects.select_related("plan", "item"))
    return _matching(qs, backends.NOTICE, terms).order_by("-issued_at", "-id")  # type: ignore[no-any-return]


def _units(user: Any, terms: list[str]) -> QuerySet[Unit]:
    qs = units_visible(user).select_related("organisation")
    return _matching(qs, backends.UNIT, terms).order_by("organisation__path", "name")  # type: ignore[no-any-return]


def _item_hits(rows: list[Item], terms: list[str]) -> list[Hit]:
    prefix = reverse("web:item_detail", kwargs={"item_id": 0}).removesuffix("0/")
    return [
        Hit(
            title=highlight(f"{item.number} {item.title}".strip(), terms),
            url=f"{prefix}{item.pk}/",
            snippet=_snippet(item, ("description", "progress_note"), terms),
            where=item.plan.name,
            status=item.status,
        )
        for item in rows
    ]


def _report_hits(rows: list[Report], terms: list[str]) -> list[Hit]:
    return [
        Hit(
            title=mark_safe(  # noqa: S308 - escaped
                f"{escape(report.item.number)} {escape(report.item.title)} · {escape(report.unit.name)} · "
                f"{report.period:%Y-%m}"
            ),
            url=reverse("reports:report_detail", kwargs={"report_id": report.pk}),
            snippet=_snippet(report, backends.REPORT.columns, terms),
            where=f"{report.plan.name} · {report.get_state_display()}",
        )
        for report in rows
    ]


def _notice_hits(rows: list[Notice], terms: list[str]) -> list[Hit]:
    return [
        Hit(
            title=highlight(f"{notice.number} {notice.title}", terms),
            url=reverse("notices:notice_detail", kwargs={"notice_id": notice.pk}),
            snippet=_snippet(notice, ("requirement",), terms),
            where=f"{notice.plan.name} · {notice.item.number} {notice.item.title}",
        )
        for notice in rows
    ]


def _unit_hits(user: Any, rows: list[Unit], terms: list[str]) -> list[Hit]:
    """A unit links to the tree of each plan of its organisation, filtered to the items it leads."""
    plans: dict[int, list[Plan]] = defaultdict(list)
    for plan in plans_visible(user).filter(organisation_id__in={u.organisation_id for u in rows}):
        plans[plan.organisation_id].append(plan)
    hits = []
    for unit in rows:
        links = [
            (plan.name, reverse("web:plan_tree", kwargs={"code": plan.code}) + f"?unit={unit.pk}")
            for plan in plans[unit.organisation_id]
        ]
        hits.append(
            Hit(
                title=highlight(unit.name, terms),
                url=links[0][1] if links else "",
                snippet=highlight(unit.short_name, terms),
                where=unit.organisation.name,
                links=links,
            )
        )
    return hits


def _labels() -> dict[str, str]:
    return {
        "item": _("Items"),
        "report": _("Reports"),
        "notice": _("Supervision notices"),
        "unit": _("Units"),
    }


def search(user: Any, terms: list[str], *, kind: str = "", offset: int = 0) -> list[Group]:
    """What ``user`` may see that holds every term, grouped by kind with its count; the first
    GROUP_LIMIT hits of each kind, or, with ``kind``, a page of KIND_PAGE hits of that kind."""
    require_viewer(user)
    if not terms:
        return []
    querysets: dict[str, QuerySet[Any]] = {
        "item": _items(user, terms),
        "report": _reports(user, terms),
        "notice": _notices(user, terms),
        "unit": _units(user, terms),
    }
    labels = _labels()
    groups = []
    for name, qs in querysets.items():
        if kind and name != kind:
            continue
        limit = KIND_PAGE if kind else GROUP_LIMIT
        rows = list(qs[offset : offset + limit] if kind else qs[:limit])
        count = qs.count() if (len(rows) == limit or offset) else len(rows)
        if name == "item":
            hits = _item_hits(rows, terms)
        elif name == "report":
            hits = _report_hits(rows, terms)
        elif name == "notice":
            hits = _notice_hits(rows, terms)
        else:
            hits = _unit_hits(user, rows, terms)
        groups.append(Group(kind=name, label=labels[name], count=count, hits=hits))
    return groups


# --- The filtered tree ------------------------------------------------------------------------------


@dataclass
class FlatPage:
    items: list[Item]
    paths: dict[int, str]  # item id -> the numbers of its ancestors, "一 › （二）"
    count: int
    more_after: str


def filtered_items(plan: Plan, item_filter: ItemFilter) -> QuerySet[Item]:
    return item_filter_apply(Item.objects.filter(plan=plan), item_filter, plan=plan)


def filtered_page(plan: Plan, item_filter: ItemFilter, *, after: str = "") -> FlatPage:
    """A page of the plan's items that pass the filter, in tree order, with their number paths."""
    qs = filtered_items(plan, item_filter)
    page = qs.filter(path__gt=after) if after else qs
    rows = list(page.select_related("lead_unit", "leader").order_by("path")[: FLAT_PAGE + 1])
    more_after = rows[FLAT_PAGE - 1].path if len(rows) > FLAT_PAGE else ""
    rows = rows[:FLAT_PAGE]
    step = Item.steplen
    prefixes = {item.path[: step * k] for item in rows for k in range(1, item.depth)}
    numbers = (
        dict(Item.objects.filter(plan=plan, path__in=prefixes).values_list("path", "number"))
        if prefixes
        else {}
    )
    paths = {
        item.pk: " › ".join(
            numbers.get(item.path[: step * k], "")
            for k in range(1, item.depth)
            if numbers.get(item.path[: step * k])
        )
        for item in rows
    }
    count = qs.count() if (more_after or after) else len(rows)
    return FlatPage(items=rows, paths=paths, count=count, more_after=more_after)


def saved_views_for(user: Any, plan: Plan) -> QuerySet[SavedView]:
    """The user's own views of ``plan`` and those shared with the organisation it acts in."""
    if not getattr(user, "is_authenticated", False):
        return SavedView.objects.none()
    shared = Q(shared=True, organisation_id=user.organisation_id)
    return SavedView.objects.filter(Q(owner=user) | shared, plan=plan).select_related("owner")
