"""Typed results of ingest: the draft plan and everything it points back to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """Where a piece of the draft came from.

    ``start``/``end`` index the original text (the decoded input, in characters);
    ``norm_start``/``norm_end`` index the normalised text.
    """

    start: int
    end: int
    norm_start: int
    norm_end: int

    def to_dict(self) -> dict[str, int]:
        return {
            "start": self.start,
            "end": self.end,
            "norm_start": self.norm_start,
            "norm_end": self.norm_end,
        }


@dataclass(slots=True)
class Repair:
    """One change the normaliser made: ``before`` at original ``start:end`` became ``after``."""

    kind: str
    start: int
    end: int
    before: str
    after: str
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "after": self.after,
        }
        if self.note:
            data["note"] = self.note
        return data


@dataclass(slots=True)
class Target:
    text: str
    value: float | None
    unit: str
    qualifier: str = ""
    value_high: float | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "value": _num(self.value),
            "value_high": _num(self.value_high),
            "unit": self.unit,
            "qualifier": self.qualifier,
            "span": self.span.to_dict() if self.span else None,
        }


@dataclass(slots=True)
class Deadline:
    text: str
    date: str
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "date": self.date, "span": self.span.to_dict() if self.span else None}


@dataclass(slots=True)
class Project:
    name: str
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "span": self.span.to_dict() if self.span else None}


@dataclass(slots=True)
class Assignment:
    """One unit given one task by a ``分别`` list."""

    unit: str
    task: str
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "task": self.task, "span": self.span.to_dict() if self.span else None}


@dataclass(slots=True)
class Leader:
    """An official the text names with a post (县委书记庞明明, 省长 李炳军)."""

    name: str
    position: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "position": self.position}


@dataclass(slots=True)
class Item:
    """A node of the draft plan tree: ``kind`` is pillar, task, measure or project."""

    kind: str
    title: str
    span: Span
    confidence: float
    marker: str = ""
    number: int | None = None
    text: str = ""
    children: list[Item] = field(default_factory=list)
    lead_units: list[str] = field(default_factory=list)
    coop_units: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    # the number as the text wrote it (一、 （一） 1. 第三条), empty for 一是, topic sentences, slogans' lists
    label: str = ""
    leaders: list[str] = field(default_factory=list)

    def walk(self) -> list[Item]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "marker": self.marker,
            "number": self.number,
            "label": self.label,
            "confidence": round(self.confidence, 2),
            "span": self.span.to_dict(),
            "lead_units": list(self.lead_units),
            "coop_units": list(self.coop_units),
            "leaders": list(self.leaders),
            "targets": [t.to_dict() for t in self.targets],
            "deadlines": [d.to_dict() for d in self.deadlines],
            "projects": [p.to_dict() for p in self.projects],
            "measures": list(self.measures),
            "children": [c.to_dict() for c in self.children],
        }


@dataclass(slots=True)
class Framework:
    """A numbered plan or slogan (``1234``, ``四大振兴战略``) or the document's own outline."""

    name: str
    slogan_number: str | None
    expected: list[int] | None
    items: list[Item]
    span: Span | None
    confidence: float
    source: str  # "slogan", "outline" or "enumeration"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "slogan_number": self.slogan_number,
            "expected": self.expected,
            "source": self.source,
            "confidence": round(self.confidence, 2),
            "span": self.span.to_dict() if self.span else None,
            "items": [i.to_dict() for i in self.items],
        }


@dataclass(slots=True)
class Mismatch:
    """A slogan whose number disagrees with the items found for it."""

    where: str
    expected: int
    found: int
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "expected": self.expected,
            "found": self.found,
            "span": self.span.to_dict() if self.span else None,
        }


@dataclass(slots=True)
class Draft:
    """The reviewable draft plan made from one text."""

    title: str
    encoding: str
    original: str
    text: str
    frameworks: list[Framework]
    projects: list[Project]
    targets: list[Target]
    units: list[str]
    deadlines: list[Deadline]
    repairs: list[Repair]
    mismatches: list[Mismatch]
    warnings: list[str]
    assignments: list[Assignment] = field(default_factory=list)
    # figures reported as already reached (a report's review part): facts, not goals
    results: list[Target] = field(default_factory=list)
    organisation: str = ""  # who issued the text, when it says so (北京市, 古县)
    leaders: list[Leader] = field(default_factory=list)

    @property
    def items(self) -> list[Item]:
        """The top level of the main framework (the first one)."""
        return self.frameworks[0].items if self.frameworks else []

    def repair_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for repair in self.repairs:
            counts[repair.kind] = counts.get(repair.kind, 0) + 1
        return dict(sorted(counts.items()))

    def to_dict(self, *, include_text: bool = False, include_repairs: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": "luoshi.ingest.draft/1",
            "title": self.title,
            "encoding": self.encoding,
            "items": [i.to_dict() for i in self.items],
            "frameworks": [f.to_dict() for f in self.frameworks],
            "projects": [p.to_dict() for p in self.projects],
            "targets": [t.to_dict() for t in self.targets],
            "results": [t.to_dict() for t in self.results],
            "organisation": self.organisation,
            "leaders": [leader.to_dict() for leader in self.leaders],
            "units": list(self.units),
            "deadlines": [d.to_dict() for d in self.deadlines],
            "assignments": [a.to_dict() for a in self.assignments],
            "mismatches": [m.to_dict() for m in self.mismatches],
            "repair_counts": self.repair_counts(),
            "warnings": list(self.warnings),
        }
        if include_repairs:
            data["repairs"] = [r.to_dict() for r in self.repairs]
        if include_text:
            data["text"] = self.text
        return data


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
