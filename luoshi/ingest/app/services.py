"""Ingest in the app: keep the source, turn a reviewed draft into a plan file, load it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from luoshi.accounts.models import User
from luoshi.ingest import ingest_text
from luoshi.ingest.app.models import Source
from luoshi.plans.loader import FORMAT, LoadResult, plan_load

KINDS = ("pillar", "task", "measure", "project")
_PUNCT = re.compile(r"[\s“”\"'‘’「」『』《》（）()，,。.、；;：:！!？?]")


def title_key(title: str) -> str:
    """Titles compared without punctuation and quotes, as a person would."""
    return _PUNCT.sub("", title)


def source_ingest(*, data: bytes | str, filename: str = "", user: User | None = None) -> Source:
    """Run the ingest pipeline and keep the text with its draft. Raises IngestError on bad input."""
    draft = ingest_text(data)
    return Source.objects.create(
        title=draft.title[:300],
        filename=filename[:255],
        encoding=draft.encoding,
        original=draft.original,
        text=draft.text,
        draft=draft.to_dict(include_repairs=True),
        created_by=user,
    )


def _deadline(item: Mapping[str, Any], year: int) -> str | None:
    for deadline in item.get("deadlines", []):
        try:
            date = dt.date.fromisoformat(str(deadline.get("date", ""))[:10])
        except ValueError:
            continue
        if date.year == year:
            return date.isoformat()
    return None


def _indicators(item: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    for target in item.get("targets", []):
        if target.get("value") is None:
            continue
        out.append({"name": target["text"][:200], "unit": (target.get("unit") or "")[:16], "target": target["value"]})
    return out


def draft_to_items(
    nodes: list[Mapping[str, Any]], edits: Mapping[str, Mapping[str, Any]], year: int, prefix: str = ""
) -> list[dict[str, Any]]:
    """The draft tree as plan-file items, applying the reviewer's edits keyed by position ("0", "0.1", ...).

    An item the reviewer dropped goes with its sub-items; the projects named in an item become its
    project children; numeric targets become indicators.
    """
    out: list[dict[str, Any]] = []
    for index, node in enumerate(nodes):
        key = f"{prefix}{index}"
        edit = edits.get(key, {})
        if edit.get("drop"):
            continue
        title = str(edit.get("title") or node.get("title", "")).strip()
        if not title:
            continue
        kind = edit.get("kind") if edit.get("kind") in KINDS else node.get("kind", "task")
        children = draft_to_items(node.get("children", []), edits, year, prefix=f"{key}.")
        known = {title_key(c["title"]) for c in children}
        for project in node.get("projects", []):
            if title_key(project["name"]) not in known:
                children.append({"kind": "project", "title": project["name"][:300]})
        entry: dict[str, Any] = {"kind": kind, "title": title[:300], "source_quote": node.get("quote", "")}
        if node.get("marker"):
            entry["number"] = str(node["marker"])[:16]
        due = _deadline(node, year)
        if due:
            entry["due_date"] = due
        indicators = _indicators(node)
        if indicators:
            entry["indicators"] = indicators
        if children:
            entry["children"] = children
        out.append(entry)
    return out


def _quotes(source: Source, nodes: list[dict[str, Any]]) -> None:
    for node in nodes:
        span = node.get("span") or {}
        start, end = span.get("norm_start"), span.get("norm_end")
        if isinstance(start, int) and isinstance(end, int):
            node["quote"] = source.text[start:end][:500]
        _quotes(source, node.get("children", []))


def source_plan_data(
    *, source: Source, code: str, name: str, start: dt.date, end: dt.date, edits: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    nodes = source.draft.get("items", [])
    _quotes(source, nodes)
    return {
        "format": FORMAT,
        "plan": {
            "code": code,
            "name": name,
            "year": start.year,
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
            "source_title": source.title,
        },
        "units": [],
        "leaders": [],
        "items": draft_to_items(nodes, edits, start.year),
    }


@transaction.atomic
def source_accept(
    *, source: Source, code: str, name: str, start: dt.date, end: dt.date, edits: Mapping[str, Mapping[str, Any]]
) -> LoadResult:
    """Create a new plan from the reviewed draft (one transaction) and link the source to it."""
    result = plan_load(source_plan_data(source=source, code=code, name=name, start=start, end=end, edits=edits))
    source.plan = result.plan
    source.save(update_fields=["plan"])
    return result


def enrich_from_demo(data: dict[str, Any], demo: Mapping[str, Any]) -> dict[str, Any]:
    """Give items built from a text the units, leaders and progress of the hand-written demo plan.

    Items are matched by title (punctuation ignored, or one title containing the other); the units
    and leaders that matched items use come along.
    """
    flat: dict[str, Mapping[str, Any]] = {}

    def index(nodes: list[Mapping[str, Any]]) -> None:
        for node in nodes:
            flat.setdefault(title_key(node["title"]), node)
            index(node.get("children", []))

    index(demo.get("items", []))
    keys = list(flat)
    fields = ("lead_unit", "cooperating_units", "leader", "progress", "due_date", "milestones",
              "planned_investment", "completed_investment", "location", "description")

    def match(title: str) -> Mapping[str, Any] | None:
        key = title_key(title)
        if key in flat:
            return flat[key]
        candidates = [k for k in keys if len(key) >= 4 and (key in k or k in key)]
        return flat[min(candidates, key=lambda k: abs(len(k) - len(key)))] if candidates else None

    def apply(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            found = match(node["title"])
            if found is not None:
                for name in fields:
                    if name in found and (name not in node or name == "due_date"):
                        node[name] = found[name]
            apply(node.get("children", []))

    apply(data["items"])
    data["units"] = list(demo.get("units", []))
    data["leaders"] = list(demo.get("leaders", []))
    data["plan"].update({k: v for k, v in demo.get("plan", {}).items() if k not in {"code", "name"}})
    return data
