"""Score drafts against hand-made gold files (``<text-basename>.gold.json``).

Gold format (the same as the corpus's): ``frameworks[{name, slogan_number,
items[{title, children[...], lead_units?, coop_units?}]}]``, ``projects[str]``,
``targets[{text, value, unit}]`` (goals), ``results[{text, value, unit}]`` (figures already
reached, as in a report's review part), ``units[str]``, ``deadlines[{text, date}]``.  A category
set to ``null`` in a gold file is not annotated there and is skipped for that text.

Titles, projects and units match by :func:`luoshi.ingest.match.titles_match` on their
keys (``strict=True``: equal keys, or containment with a length ratio of at least 0.8);
targets match when value and unit are equal; deadlines when their texts match or their
dates are equal.  Matching is one to one (greedy, in gold order).

``slogan_items`` scores the items of the gold frameworks that are slogans (a
``slogan_number``, or ``"slogan": true`` for counted names such as “五新”) against the
items of the draft's slogan frameworks.

A gold file may limit a category to a part of the text: ``"scope": {"targets": [["first
words", "last words"], ...]}`` scores only what the draft found between the first occurrence
of a first phrase and the end of the following occurrence of its last phrase (normalised
text), so that long reports can be annotated for a few paragraphs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from luoshi.ingest.errors import IngestError
from luoshi.ingest.match import title_key, titles_match
from luoshi.ingest.model import Draft, Item, Span

CATEGORIES = (
    "frameworks",
    "top_items",
    "sub_items",
    "slogan_items",
    "projects",
    "targets",
    "results",
    "units",
    "deadlines",
)


@dataclass(slots=True)
class Score:
    true_pos: int = 0
    gold: int = 0
    predicted: int = 0

    @property
    def precision(self) -> float:
        return self.true_pos / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.true_pos / self.gold if self.gold else (1.0 if not self.predicted else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.true_pos += other.true_pos
        self.gold += other.gold
        self.predicted += other.predicted

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "matched": self.true_pos,
            "gold": self.gold,
            "predicted": self.predicted,
        }


@dataclass(slots=True)
class Report:
    totals: dict[str, Score] = field(default_factory=lambda: {c: Score() for c in CATEGORIES})
    documents: dict[str, dict[str, Score]] = field(default_factory=dict)
    repairs: dict[str, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    misses: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "totals": {c: s.to_dict() for c, s in self.totals.items()},
            "documents": {d: {c: s.to_dict() for c, s in cats.items()} for d, cats in self.documents.items()},
            "repairs": dict(sorted(self.repairs.items())),
            "errors": self.errors,
            "misses": self.misses,
        }


def find_pairs(
    folder: Path, gold_folders: Iterable[Path] = (), *, beside: bool = True
) -> list[tuple[Path, Path]]:
    """Texts in ``folder`` with a gold file beside them (unless ``beside`` is false) or in one
    of ``gold_folders``."""
    pairs = []
    extra = list(gold_folders)
    for text in sorted(folder.glob("*.txt")):
        name = text.stem + ".gold.json"
        own = [text.with_name(name)] if beside else []
        for candidate in [*own, *(g / name for g in extra)]:
            if candidate.is_file():
                pairs.append((text, candidate))
                break
    return pairs


def _match(
    gold: list[Any], predicted: list[Any], same: Callable[[Any, Any], bool]
) -> tuple[Score, list[str], list[str]]:
    used: set[int] = set()
    hits = 0
    missed: list[str] = []
    for g in gold:
        for i, p in enumerate(predicted):
            if i not in used and same(g, p):
                used.add(i)
                hits += 1
                break
        else:
            missed.append(str(g))
    extra = [str(p) for i, p in enumerate(predicted) if i not in used]
    return Score(hits, len(gold), len(predicted)), missed, extra


def _titles(items: Iterable[dict[str, Any]], depth: int, top: list[str], sub: list[str]) -> None:
    for item in items:
        (top if depth == 0 else sub).append(item["title"])
        _titles(item.get("children") or [], depth + 1, top, sub)


def _draft_titles(items: Iterable[Item], depth: int, top: list[str], sub: list[str]) -> None:
    for item in items:
        (top if depth == 0 else sub).append(item.title)
        _draft_titles(item.children, depth + 1, top, sub)


def _is_slogan(framework: dict[str, Any]) -> bool:
    return bool(framework.get("slogan_number") or framework.get("slogan"))


def _scopes(draft: Draft, gold: dict[str, Any], category: str) -> list[tuple[int, int]] | None:
    bounds = (gold.get("scope") or {}).get(category)
    if not bounds:
        return None
    pairs = [bounds] if isinstance(bounds[0], str) else bounds
    out = []
    for first, last in pairs:
        start = draft.text.find(first)
        end = draft.text.find(last, max(start, 0))
        if start >= 0 and end >= 0:
            out.append((start, end + len(last)))
    return out  # phrases not in the text: nothing predicted counts


def _inside(span: Span | None, scopes: list[tuple[int, int]] | None) -> bool:
    if scopes is None:
        return True
    return span is not None and any(a <= span.norm_start < b for a, b in scopes)


def _same_figure(g: tuple[Any, Any, str], p: tuple[Any, Any, str]) -> bool:
    return g[0] is not None and p[0] is not None and abs(float(g[0]) - float(p[0])) < 1e-9 and g[1] == p[1]


def score_document(
    draft: Draft, gold: dict[str, Any], *, strict: bool = False
) -> tuple[dict[str, Score], dict[str, list[str]]]:
    scores: dict[str, Score] = {}
    misses: dict[str, list[str]] = {}

    def _key_match(a: str, b: str) -> bool:
        return titles_match(title_key(a), title_key(b), strict=strict)

    def record(cat: str, result: tuple[Score, list[str], list[str]]) -> None:
        scores[cat] = result[0]
        if result[1] or result[2]:
            misses[cat] = [f"- {m}" for m in result[1]] + [f"+ {e}" for e in result[2]]

    if gold.get("frameworks") is not None:
        gold_top: list[str] = []
        gold_sub: list[str] = []
        for fw in gold["frameworks"]:
            _titles(fw.get("items") or [], 0, gold_top, gold_sub)
        top: list[str] = []
        sub: list[str] = []
        for framework in draft.frameworks:
            _draft_titles(framework.items, 0, top, sub)
        record(
            "frameworks",
            _match([f["name"] for f in gold["frameworks"]], [f.name for f in draft.frameworks], _key_match),
        )
        record("top_items", _match(gold_top, top, _key_match))
        record("sub_items", _match(gold_sub, sub, _key_match))
        gold_slogan = [
            i["title"] for fw in gold["frameworks"] if _is_slogan(fw) for i in fw.get("items") or []
        ]
        found_slogan = [i.title for f in draft.frameworks if f.source == "slogan" for i in f.items]
        if gold_slogan or found_slogan:
            record("slogan_items", _match(gold_slogan, found_slogan, _key_match))
    if gold.get("projects") is not None:
        scope = _scopes(draft, gold, "projects")
        found = [p.name for p in draft.projects if _inside(p.span, scope)]
        record("projects", _match(gold["projects"], found, _key_match))
    for category, figures in (("targets", draft.targets), ("results", draft.results)):
        if gold.get(category) is None:
            continue
        scopes = _scopes(draft, gold, category)
        record(
            category,
            _match(
                [(t.get("value"), t.get("unit"), t.get("text", "")) for t in gold[category]],
                [(t.value, t.unit, t.text) for t in figures if _inside(t.span, scopes)],
                _same_figure,
            ),
        )
    if gold.get("units") is not None:
        record("units", _match(gold["units"], draft.units, _key_match))
    if gold.get("deadlines") is not None:
        record(
            "deadlines",
            _match(
                [(d.get("text", ""), d.get("date", "")) for d in gold["deadlines"]],
                [
                    (d.text, d.date)
                    for d in draft.deadlines
                    if _inside(d.span, _scopes(draft, gold, "deadlines"))
                ],
                lambda g, p: _key_match(g[0], p[0]) or (bool(g[1]) and g[1] == p[1]),
            ),
        )
    return scores, misses


def evaluate(
    folders: Path | Iterable[Path],
    gold_folders: Iterable[Path] = (),
    *,
    strict: bool = False,
    beside: bool = True,
) -> Report:
    """Ingest and score every text in ``folders`` that has a gold file."""
    from luoshi.ingest import ingest_file

    report = Report()
    gold_dirs = list(gold_folders)
    pairs = []
    for folder in [folders] if isinstance(folders, Path) else list(folders):
        pairs.extend(find_pairs(folder, gold_dirs, beside=beside))
    for text_path, gold_path in pairs:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        try:
            draft = ingest_file(text_path)
        except IngestError as error:
            report.errors[text_path.name] = str(error)
            continue
        scores, misses = score_document(draft, gold, strict=strict)
        report.documents[text_path.name] = scores
        if misses:
            report.misses[text_path.name] = misses
        for cat, score in scores.items():
            report.totals[cat].add(score)
        for kind, count in draft.repair_counts().items():
            report.repairs[kind] = report.repairs.get(kind, 0) + count
    return report


def format_report(report: Report, *, per_document: bool = False, show_misses: bool = False) -> str:
    lines = [
        f"texts scored: {len(report.documents)}",
        "",
        f"{'category':<12} {'P':>6} {'R':>6} {'F1':>6}   matched/gold/predicted",
    ]
    for cat, score in report.totals.items():
        lines.append(
            f"{cat:<12} {score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f}   {score.true_pos}/{score.gold}/{score.predicted}"
        )
    lines.append("")
    lines.append("repairs: " + ", ".join(f"{k} {v}" for k, v in sorted(report.repairs.items())))
    for name, error in report.errors.items():
        lines.append(f"error {name}: {error}")
    if per_document:
        lines.append("")
        for name, scores in report.documents.items():
            cells = " ".join(f"{c}={s.f1:.2f}" for c, s in scores.items())
            lines.append(f"{name}: {cells}")
            if show_misses:
                for cat, entries in report.misses.get(name, {}).items():
                    for entry in entries:
                        lines.append(f"    {cat} {entry}")
    return "\n".join(lines)
