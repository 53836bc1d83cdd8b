"""Ingest in the app: keep the source, turn a reviewed draft into a plan file, load it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction

from luoshi.accounts.models import User
from luoshi.ingest.app.models import Source
from luoshi.organisations.models import Organisation
from luoshi.plans.loader import FORMAT, LoadResult, PlanFileError
from luoshi.plans.models import Plan
from luoshi.status.changes import plan_load

KINDS = ("pillar", "task", "measure", "project")
_PUNCT = re.compile(r"[\s“”\"'‘’「」『』《》（）()，,。.、；;：:！!？?]")


def title_key(title: str) -> str:
    """Titles compared without punctuation and quotes, as a person would."""
    return _PUNCT.sub("", title)


def source_ingest(*, data: bytes | str, filename: str = "", user: User | None = None) -> Source:
    """Run the ingest pipeline and keep the text with its draft, for ``user``'s organisation (only its
    office reviews it). Raises IngestError on bad input.

    Bytes may be a text file in any supported encoding, a .docx, a PDF with a text layer or an OFD file.
    """
    from luoshi.ingest import ingest_document, ingest_text  # the pipeline loads on first use

    draft = ingest_document(data) if isinstance(data, bytes) else ingest_text(data)
    return Source.objects.create(
        title=draft.title[:300],
        filename=filename[:255],
        encoding=draft.encoding,
        original=draft.original,
        text=draft.text,
        draft=draft.to_dict(include_repairs=True),
        created_by=user,
        organisation_id=user.organisation_id if user is not None else None,
    )


def _deadline(item: Mapping[str, Any], year: int) -> str | None:
    for deadline in item.get("deadlines", []):
        text = str(deadline.get("date", ""))
        if len(text) == 4 and text.isdigit():
            text += "-12-31"  # a goal dated by its year only (2023年…达50亿元) is due at the year's end
        try:
            date = dt.date.fromisoformat(text[:10])
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
        out.append(
            {"name": target["text"][:200], "unit": (target.get("unit") or "")[:16], "target": target["value"]}
        )
    return out


def _entry(node: Mapping[str, Any], title: str, kind: str, year: int) -> dict[str, Any]:
    """One plan-file item from a draft node: its projects become project children, its targets indicators."""
    entry: dict[str, Any] = {
        "kind": kind,
        "title": title[:300],
        "source_quote": node.get("quote", ""),
        "children": [],
    }
    # Only a number the text wrote (一、 （一） 1. 第三条); the extractor's marker kinds (一是, list,
    # topic …) are not numbers, and the plan numbers such items from its own scheme.
    if node.get("label"):
        entry["number"] = str(node["label"])[:16]
    if node.get("lead_units"):
        entry["lead_unit"] = str(node["lead_units"][0])[:128]
    coop = [str(u)[:128] for u in [*node.get("lead_units", [])[1:], *node.get("coop_units", [])]]
    if coop:
        entry["cooperating_units"] = list(dict.fromkeys(coop))
    if node.get("leaders"):
        entry["leader"] = str(node["leaders"][0])[:64]
    due = _deadline(node, year)
    if due:
        entry["due_date"] = due
    indicators = _indicators(node)
    if indicators:
        entry["indicators"] = indicators
    entry["_projects"] = [p["name"][:300] for p in node.get("projects", [])]
    return entry


def _finish(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for entry in entries:
        children = _finish(entry.pop("children"))
        known = {title_key(c["title"]) for c in children}
        for name in entry.pop("_projects"):
            if title_key(name) not in known:
                known.add(title_key(name))
                children.append({"kind": "project", "title": name})
        if children:
            entry["children"] = children
    return entries


def flatten(
    nodes: Sequence[Mapping[str, Any]], prefix: str = "", depth: int = 0
) -> list[tuple[str, int, Mapping[str, Any]]]:
    """The draft tree in reading order as (key, depth, node); keys are positions like "0", "0.1"."""
    rows: list[tuple[str, int, Mapping[str, Any]]] = []
    for index, node in enumerate(nodes):
        key = f"{prefix}{index}"
        rows.append((key, depth, node))
        rows += flatten(node.get("children", []), f"{key}.", depth + 1)
    return rows


def draft_to_items(
    nodes: Sequence[Mapping[str, Any]], edits: Mapping[str, Mapping[str, Any]], year: int
) -> list[dict[str, Any]]:
    """The draft tree as plan-file items, with the reviewer's edits keyed by position ("0", "0.1", ...).

    Per row an edit may set ``title``, ``kind``, ``depth`` (re-parent: the row hangs under the
    nearest row above it that is one level up), ``drop`` (the row and its sub-items are left out),
    ``merge`` (the row joins the row above it) and split (a title with "||" becomes several items
    at the same level; sub-items go to the last).
    """
    entries: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    shifts: list[
        tuple[int, int]
    ] = []  # (original depth, level change) of the rows above, so sub-items follow
    dropped_depth: int | None = None
    for key, depth, node in flatten(nodes):
        if dropped_depth is not None and depth > dropped_depth:
            continue
        dropped_depth = None
        edit = edits.get(key, {})
        while shifts and shifts[-1][0] >= depth:
            shifts.pop()
        inherited = shifts[-1][1] if shifts else 0
        if edit.get("drop"):
            dropped_depth = depth
            continue
        kind = edit.get("kind") if edit.get("kind") in KINDS else node.get("kind", "task")
        title = str(edit.get("title") or node.get("title", "")).strip()
        if edit.get("merge") and stack:
            target = stack[-1]
            target["title"] = f"{target['title']}；{title}"[:300] if title else target["title"]
            target["_projects"] += [p["name"][:300] for p in node.get("projects", [])]
            target.setdefault("indicators", []).extend(_indicators(node))
            continue
        asked = str(edit.get("depth", depth))
        level = int(asked) if asked.isdigit() and int(asked) != depth else depth + inherited
        level = max(0, min(level, len(stack)))
        shifts.append((depth, level - depth))
        del stack[level:]
        parts = [part.strip() for part in title.split("||") if part.strip()] or []
        for part in parts:
            entry = (
                _entry(node, part, str(kind), year)
                if part == parts[-1]
                else _entry({}, part, str(kind), year)
            )
            (stack[-1]["children"] if stack else entries).append(entry)
        if parts:
            stack.append(entry)
    return _finish(entries)


def _quotes(source: Source, nodes: list[dict[str, Any]]) -> None:
    for node in nodes:
        span = node.get("span") or {}
        start, end = span.get("norm_start"), span.get("norm_end")
        if isinstance(start, int) and isinstance(end, int):
            node["quote"] = source.text[start:end][:500]
        _quotes(source, node.get("children", []))


def source_plan_data(
    *,
    source: Source,
    code: str,
    name: str,
    start: dt.date,
    end: dt.date,
    edits: Mapping[str, Mapping[str, Any]],
) -> dict[str, Any]:
    """The reviewed draft in the plan-file format (docs/plan-format.md)."""
    nodes = source.draft.get("items", [])
    _quotes(source, nodes)
    items = draft_to_items(nodes, edits, start.year)
    return {
        "format": FORMAT,
        "plan": {
            "code": code,
            "name": name,
            "issuer": str(source.draft.get("organisation") or "")[:128],
            "year": start.year,
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
            "source_title": source.title,
        },
        "units": _units(source.draft, items),
        "leaders": _leaders(source.draft, items),
        "items": items,
    }


def _walk(entries: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    out: list[Mapping[str, Any]] = []
    for entry in entries:
        out.append(entry)
        out.extend(_walk(entry.get("children", [])))
    return out


def _unit_kind(name: str) -> str:
    if re.search(r"(?:镇|乡|街道|办事处)(?:人民政府)?$", name):
        return "township"
    if re.search(r"(?:公司|集团)$", name):
        return "company"
    return "department"


def _units(draft: Mapping[str, Any], items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every unit the accepted items name, plus the draft's other units (addressees, 分别 lists)."""
    names: list[str] = []
    for entry in _walk(items):
        names.extend([entry["lead_unit"]] if entry.get("lead_unit") else [])
        names.extend(entry.get("cooperating_units", []))
    names.extend(str(u)[:128] for u in draft.get("units", []))
    return [{"name": n, "kind": _unit_kind(n)} for n in dict.fromkeys(n for n in names if n)]


def _leaders(draft: Mapping[str, Any], items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The items' leaders, with the posts the text gives them where it does."""
    posts = {
        str(x.get("name")): str(x.get("position", "")) for x in draft.get("leaders", []) if x.get("name")
    }
    names = [entry["leader"] for entry in _walk(items) if entry.get("leader")]
    return [{"name": n, "position": posts.get(n, "")[:64]} for n in dict.fromkeys(names)]


@transaction.atomic
def source_accept(
    *,
    source: Source,
    edits: Mapping[str, Mapping[str, Any]],
    into: Plan | None = None,
    code: str = "",
    name: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    organisation: Organisation | None = None,
) -> LoadResult:
    """Make the reviewed draft a new plan of ``organisation``, or add it to ``into`` after its last
    pillar (one transaction)."""
    if into is not None:
        code, name, start, end = into.code, into.name, into.start_date, into.end_date
    if start is None or end is None:
        raise PlanFileError("a new plan needs a start and an end date")
    data = source_plan_data(source=source, code=code, name=name, start=start, end=end, edits=edits)
    result = plan_load(data, into=into, organisation=organisation)
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
    fields = (
        "lead_unit",
        "cooperating_units",
        "leader",
        "progress",
        "due_date",
        "milestones",
        "planned_investment",
        "completed_investment",
        "location",
        "description",
    )

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
