"""Text in, :class:`~luoshi.ingest.model.Draft` out: normalise, find structure, extract."""

from __future__ import annotations

import bisect
import re
from collections import Counter

from luoshi.ingest import extract
from luoshi.ingest.clean import Normalised, normalise
from luoshi.ingest.lazy import compiled
from luoshi.ingest.model import (
    Assignment,
    Deadline,
    Draft,
    Framework,
    Item,
    Leader,
    Mismatch,
    Project,
    Span,
    Target,
)
from luoshi.ingest.structure import (
    Node,
    Outline,
    Slogan,
    cn_to_int,
    counted_name_title,
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


# A report's review part: what was done, not what is planned.
_REVIEW_HEADING = compiled(r"回顾|总结|成就|成绩|过去|工作情况|主要工作(?!安排|任务|要点)")
_LOOKED_BACK = compiled(r"回顾|总结|成就|成绩|过去|工作情况")
_PLAN_HEADING = compiled(r"安排|任务|目标|计划|重点工作|思路|部署|要求")
# A sentence that reports results: 去年…, 一年来…, …同比增长…, 全年实现…
_PAST_SENTENCE = compiled(
    r"^(?:过去一年|去年|上年|一年来|五年来|这一年|这五年|过去五年|刚刚过去的|全年(?:实现|完成)|回顾|今年以来|年初以来)"
    r"|同比|比上年|较上年|比去年|较去年|(?:取得|获得)了"
)
_PAST_OPENING = compiled(
    r"^(?:过去一年|过去的一年|去年|一年来|五年来|这一年|这五年|过去五年|刚刚过去的|今年以来|今年来|年初以来)"
)
# figures reached so far, in any sentence: 累计完成投资…, 已开复工50个项目, 截至6月底…, 前8个月…
_SO_FAR = compiled(
    r"累计|截至|截止|前\d{1,2}个月|(?<![\d.])\d{1,2}[-—至]\d{1,2}月|"
    r"已(?:完成|开工|开复工|复工|建成|签约|落地|投产|实现|达到|争取|拨付|下达)"
)
# (the lookahead on the first characters of both lets the search skip most positions at once)
_PAST_OR_SO_FAR = compiled(
    f"(?=[过去上一五这刚全回同比较累截前已今年取获\\d])(?:{_PAST_SENTENCE.pattern}|{_SO_FAR.pattern})"
)
# An unnumbered heading line of the review (20XX年工作回顾, 回顾2023年工作成果) opens a review part that
# lasts until a heading line of the plan (展望2024年工作目标, 2024年工作安排) or a numbered heading.
_REVIEW_LINE = compiled(r"^[^。！？；，,]{0,30}(?:回顾|总结|成就|成绩)[^。！？；，,]{0,12}$")
_PLAN_LINE = compiled(r"^[^。！？；，,]{0,30}(?:展望|目标|安排|任务|计划|思路|部署)[^。！？；，,]{0,12}$")
_NUMBERED_LINE = compiled(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
_HEADING_CANDIDATE = compiled(
    r"^(?:[^\n]{1,48}|\s*(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)[^\n]*)$", re.M
)
_FUTURE_WORDS = compiled(r"力争|确保|预期目标|目标是|计划|争取|今年要|明年|到20\d{2}年")


_SPEAKER_LABEL = compiled(r"^(?:答|[\u4e00-\u9fff]{2,4})[:：](?=[\u4e00-\u9fff])")


def _past_spans(text: str, items: list[Node]) -> list[tuple[int, int]]:
    """Stretches of the text that report results: review sections, and result sentences elsewhere."""
    # The latest year a top-level heading names is the year being planned: 2026年主要工作 after
    # 2025年工作回顾 is the plan, not the review.
    years = [int(y) for node in items for y in re.findall(r"(\d{4})年", node.title)]
    plan_year = f"{max(years)}年" if years else None
    spans = [
        (node.start, node.body_end)
        for node in items
        if _REVIEW_HEADING.search(node.title)
        and not _PLAN_HEADING.search(node.title)
        and not (plan_year and plan_year in node.title and not _LOOKED_BACK.search(node.title))
    ]
    review_start: int | None = None
    candidates = _HEADING_CANDIDATE.finditer(text) if _LOOKED_BACK.search(text) else ()
    for line in candidates:  # short lines and numbered ones only, in a text that looks back at all
        stripped = line.group().strip()
        if review_start is not None and (_PLAN_LINE.match(stripped) or _NUMBERED_LINE.match(stripped)):
            spans.append((review_start, line.start()))
            review_start = None
        if review_start is None and _REVIEW_LINE.match(stripped) and not _NUMBERED_LINE.match(stripped):
            review_start = line.end()
    if review_start is not None:
        spans.append((review_start, len(text)))
    for para in re.finditer(r"[^\n]+", text):
        # a paragraph that opens by looking back (一年来，…) reports results throughout
        # an interview's answer opens after its speaker's name (苏彦君：今年以来，…)
        speaker = _SPEAKER_LABEL.match(para.group())
        first = re.match(r"[^。！？]+[。！？]?", para.group()[speaker.end() if speaker else 0 :])
        if first and _PAST_OPENING.match(first.group()) and not _FUTURE_WORDS.search(first.group()):
            spans.append((para.start(), para.end()))
            continue
        for m in re.finditer(r"[^。！？]+[。！？]?", para.group()):
            sentence = m.group().strip()
            if _PAST_OR_SO_FAR.search(sentence) and not _FUTURE_WORDS.search(sentence):
                spans.append((para.start() + m.start(), para.start() + m.end()))
        # honours given at the meeting (表彰了4个先进集体和33名先进个人): counted, not planned
        honoured = "了" in para.group() and _HONOUR_VERB.search(para.group())
        for m in _HONOURED.finditer(para.group()) if honoured else ():
            spans.append((para.start() + m.start(), para.start() + m.end()))
    return spans


_HONOUR_VERB = compiled(r"(?:表彰|表扬|奖励|授予|命名)了")
_HONOURED = compiled(r"[^，,。；;！？:：\n]*(?:表彰|表扬|奖励|授予|命名)了[^，,。；;！？\n]+")


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _counted_name(name: str) -> Slogan | None:
    """An annex named by a count (2026年省十件民生实事) is that many items: a slogan of its own."""
    m = re.search(r"([一二三四五六七八九十两]{1,3}|\d{1,2})(?:件|项|方面|类|大)", name)
    number = cn_to_int(m.group(1)) if m else None
    return Slogan(name, None, [number], 0, 0) if number and number >= 2 else None


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
        self.past: list[tuple[int, int]] = []
        self.past_starts: list[int] = []
        self.past_ends: list[int] = []
        self.target_is_past: list[bool] = [False] * len(self.found_targets)
        self.heading_units: list[str] = []

    def span(self, start: int, end: int) -> Span:
        o_start, o_end = self.norm.original_span(start, end)
        return Span(o_start, o_end, start, end)

    def build(self) -> Draft:
        outline = find_outline(self.text)
        self.past = _merged(_past_spans(self.text, outline.items))
        self.past_starts = [a for a, _ in self.past]
        self.past_ends = [b for _, b in self.past]
        self.target_is_past = [self.is_past(t.start) for t in self.found_targets]
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
            results=self.targets(0, len(self.text), past=True),
            organisation=extract.find_organisation_name(outline.title, self.text),
            leaders=[Leader(name, post) for name, post in extract.find_leaders(self.text)],
            units=self.units(outline.notice_title or outline.title),
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
                used = slogan
                if slogan.slogan_number is None and "实事" in slogan.name and not leftovers and outline.title:
                    # the year's livelihood matters counted (十件民生实事项目) whose list is the whole
                    # outline: the document's outline, and the counted name beside it with the same
                    # items (a county's 三个地方名片 in an interview stays the one framework)
                    name = counted_name_title(self.text, slogan, outline.title)
                    primary = self.framework(name, None, items, "outline", 0.85)
                    if outline.title_span:
                        primary.span = self.span(*outline.title_span)
                    others.append(self.framework(slogan.name, slogan, items, "slogan", 0.9))
                else:
                    primary = self.framework(slogan.name, slogan, items, "slogan", 0.95)
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
        for name, items in outline.annexes:
            annex = _counted_name(name)
            others.append(self.framework(name, annex, items, "slogan" if annex else "outline", 0.75))
        for slogan in outline.slogans:
            if slogan is used or (not slogan.items and not slogan.slogan_number):
                continue  # a counted name (四大板块) with no items found is not a framework
            if any(f.name == slogan.name for f in others) or any(
                slogan.name in name for name, _ in outline.annexes
            ):
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
            label=node.label,
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
        item.leaders = extract.find_item_leaders(self.text[own_start:own_end])
        unit = extract.heading_unit(node.title)
        if unit:  # 一、县示范区管委会牵头工作（8项）: the lead unit of every task under it that names none
            self.heading_units.append(unit)
            for sub in item.walk():
                if not sub.lead_units:
                    sub.lead_units.append(unit)
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

    def is_past(self, at: int) -> bool:
        i = bisect.bisect_right(self.past_starts, at) - 1
        return i >= 0 and at < self.past_ends[i]

    def targets(self, start: int, end: int, *, past: bool = False) -> list[Target]:
        """Goals in ``start:end``; with ``past``, the figures already reached instead."""
        return [
            Target(t.text, t.value, t.unit, t.qualifier, t.value_high, self.span(t.start, t.end))
            for t, was in zip(self.found_targets, self.target_is_past, strict=True)
            if start <= t.start < end and was == past
        ]

    def deadlines(self, start: int, end: int) -> list[Deadline]:
        return [
            Deadline(d.text, d.date, self.span(d.start, d.end))
            for d in self.found_deadlines
            if start <= d.start < end and not self.is_past(d.start)
        ]

    def units(self, title: str) -> list[str]:
        names: list[str] = []
        for line in self.text.split("\n")[:40]:
            names.extend(extract.find_addressees(line) or extract.find_run_in_addressees(line))
        for resp in extract.find_responsibilities(self.text):
            names.extend(resp.lead + resp.coop)
        names.extend(a.unit for a in self.found_assignments)
        names.extend(f.text for f in extract.find_organisations(self.text))
        # the office a report goes to, unless it is the one that issues the notice
        issuer = title.split("关于", 1)[0] if "关于" in title else ""
        names.extend(n for n in extract.find_filing_units(self.text) if n != issuer)
        names.extend(extract.find_joint_units(self.text))
        names.extend(self.heading_units)
        names.extend(extract.find_duty_units(self.text))
        return list(dict.fromkeys(names))
