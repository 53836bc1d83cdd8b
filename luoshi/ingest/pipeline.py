"""Text in, :class:`~luoshi.ingest.model.Draft` out: normalise, find structure, extract."""

from __future__ import annotations

import re
from collections import Counter

from luoshi.ingest import extract
from luoshi.ingest.model import Assignment, Deadline, Draft, Framework, Item, Mismatch, Project, Span, Target
from luoshi.ingest.normalise import Normalised, normalise
from luoshi.ingest.structure import (
    Node,
    Outline,
    Slogan,
    enumeration_name,
    find_outline,
    merge_slogan_outline,
)

KINDS = ("pillar", "task", "measure")
MAX_MEASURES = 40


def ingest_text(source: str | bytes) -> Draft:
    """Turn a policy text (``str``, or ``bytes`` in any common Chinese encoding) into a draft plan.

    Raises :class:`~luoshi.ingest.errors.IngestError` for empty, binary or oversized input;
    text with no recognisable structure gives a draft with no items and a warning.
    """
    norm = normalise(source)
    return _Builder(norm).build()


class _Builder:
    def __init__(self, norm: Normalised) -> None:
        self.norm = norm
        self.text = norm.text
        self.warnings = list(norm.warnings)
        self.mismatches: list[Mismatch] = []
        years = Counter(int(y) for y in re.findall(r"(20\d{2})年", self.text))
        self.year = years.most_common(1)[0][0] if years else None
        # Each finder runs once over the whole text; items take what falls in their own span.
        self.found_projects = extract.find_projects(self.text)
        self.found_targets = extract.find_targets(self.text)
        self.found_deadlines = extract.find_deadlines(self.text, default_year=self.year)
        self.found_assignments = extract.find_assignments(self.text)

    def span(self, start: int, end: int) -> Span:
        o_start, o_end = self.norm.original_span(start, end)
        return Span(o_start, o_end, start, end)

    def build(self) -> Draft:
        outline = find_outline(self.text)
        frameworks = self.frameworks(outline)
        if not any(f.items for f in frameworks):
            self.warnings.append("未找到编号结构 / no numbered structure found: the draft has no items")
        return Draft(
            title=outline.title,
            encoding=self.norm.encoding,
            original=self.norm.original,
            text=self.text,
            frameworks=frameworks,
            projects=self.projects(0, len(self.text)),
            targets=self.targets(0, len(self.text)),
            units=self.units(),
            deadlines=self.deadlines(0, len(self.text)),
            repairs=self.norm.repairs,
            mismatches=self.mismatches,
            warnings=self.warnings,
            assignments=[
                Assignment(a.unit, a.task, self.span(a.start, a.end)) for a in self.found_assignments
            ],
        )

    # --- frameworks ---------------------------------------------------------------------

    def frameworks(self, outline: Outline) -> list[Framework]:
        primary: Framework | None = None
        others: list[Framework] = []
        leftovers = outline.items
        used: Slogan | None = None
        for slogan in outline.slogans:
            merged = merge_slogan_outline(slogan, outline.items) if slogan.items else None
            if merged is not None:
                items, leftovers = merged
                primary = self.framework(slogan.name, slogan, items, "slogan", 0.95)
                used = slogan
                break
        if primary is None and leftovers:
            leftovers_items = leftovers
            if all(n.marker.endswith(("是", "要")) for n in leftovers_items) and len(leftovers_items) >= 2:
                name = enumeration_name(self.text, leftovers_items) or outline.title
                primary = self.framework(name, None, leftovers_items, "enumeration", 0.8)
            else:
                primary = self.framework(outline.title, None, leftovers_items, "outline", 0.85)
                if outline.title_span:
                    primary.span = self.span(*outline.title_span)
            leftovers = []
        elif leftovers:
            others.append(self.framework(outline.title, None, leftovers, "outline", 0.7))
        for slogan in outline.slogans:
            if slogan is used:
                continue
            others.append(self.framework(slogan.name, slogan, slogan.items, "slogan", slogan.confidence))
        return ([primary] if primary else []) + others

    def framework(
        self, name: str, slogan: Slogan | None, nodes: list[Node], source: str, confidence: float
    ) -> Framework:
        items = [self.item(node, 0) for node in nodes]
        span = self.span(slogan.start, slogan.end) if slogan else None
        expected = slogan.expected if slogan else None
        if slogan and items:
            counts = expected or []
            wanted = len(counts) if slogan.slogan_number else sum(counts)
            if wanted != len(items):
                self.mismatch(name, wanted, len(items), slogan.start, slogan.end)
        return Framework(
            name, slogan.slogan_number if slogan else None, expected, items, span, confidence, source
        )

    def mismatch(self, where: str, expected: int, found: int, start: int, end: int) -> None:
        self.mismatches.append(Mismatch(where, expected, found, self.span(start, end)))

    def item(self, node: Node, depth: int) -> Item:
        kind = node.kind_hint if depth == 0 and node.kind_hint == "pillar" else KINDS[min(depth, 2)]
        own_start = node.start
        own_end = node.children[0].start if node.children else node.body_end
        if node.marker == "list" or own_end < own_start:
            own_end = node.end  # a slogan's listed item owns only its own words
        item = Item(
            kind=kind,
            title=node.title,
            span=self.span(node.start, node.end),
            confidence=node.confidence,
            marker=node.marker,
            number=node.number,
            text=self.text[node.body_start : node.body_end][:4000],
            children=[self.item(child, depth + 1) for child in node.children],
        )
        if node.expected_children:
            if len(item.children) != node.expected_children:
                self.mismatch(node.title, node.expected_children, len(item.children), node.start, node.end)
                item.confidence = max(0.3, item.confidence - 0.25)
        item.measures = self.measures(node.end, own_end)
        item.projects = self.projects(own_start, own_end)
        item.targets = self.targets(own_start, own_end)
        item.deadlines = self.deadlines(own_start, own_end)
        for assignment in self.found_assignments:
            if own_start <= assignment.start < own_end and assignment.unit not in item.lead_units:
                item.lead_units.append(assignment.unit)
        for resp in extract.find_responsibilities(self.text[own_start:own_end], own_start):
            item.lead_units.extend(u for u in resp.lead if u not in item.lead_units)
            item.coop_units.extend(u for u in resp.coop if u not in item.coop_units)
        return item

    # --- findings -----------------------------------------------------------------------

    def measures(self, start: int, end: int) -> list[str]:
        chunk = self.text[start:end]
        out = []
        for sentence in re.split(r"(?<=[。；;！!？?])|\n", chunk):
            sentence = sentence.strip()
            if len(sentence) >= 6:
                out.append(sentence)
        return out[:MAX_MEASURES]

    def projects(self, start: int, end: int) -> list[Project]:
        if start == 0 and end == len(self.text):
            return [Project(f.text, self.span(f.start, f.end)) for f in self.found_projects]
        out = []
        for found in self.found_projects:
            at = self.text.find(found.text, start, end)
            if at >= 0:
                out.append(Project(found.text, self.span(at, at + len(found.text))))
        return out

    def targets(self, start: int, end: int) -> list[Target]:
        return [
            Target(t.text, t.value, t.unit, t.qualifier, t.value_high, self.span(t.start, t.end))
            for t in self.found_targets
            if start <= t.start < end
        ]

    def deadlines(self, start: int, end: int) -> list[Deadline]:
        return [
            Deadline(d.text, d.date, self.span(d.start, d.end))
            for d in self.found_deadlines
            if start <= d.start < end
        ]

    def units(self) -> list[str]:
        names: list[str] = []
        for line in self.text.split("\n")[:40]:
            names.extend(extract.find_addressees(line))
        for resp in extract.find_responsibilities(self.text):
            names.extend(resp.lead + resp.coop)
        names.extend(a.unit for a in self.found_assignments)
        names.extend(f.text for f in extract.find_organisations(self.text))
        return list(dict.fromkeys(names))
