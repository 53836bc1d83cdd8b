"""Find the plan's shape in normalised text: slogans, outlines, enumerations, and their items.

Works on Simplified text and normalised offsets only; :mod:`luoshi.ingest.pipeline` maps
the results back to the original.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cmp_to_key

from luoshi.ingest.lazy import compiled
from luoshi.ingest.lazy import lazy as _lazy
from luoshi.ingest.match import title_key, titles_match

HAN = "\u4e00-\u9fff"


CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_NUM = "一二三四五六七八九十两"
CN_ORDINAL = "一二三四五六七八九十百零〇"


def cn_to_int(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零一 → 101, 3 → 3."""
    if len(text) == 1 and ("\u2460" <= text <= "\u2473" or "\u2474" <= text <= "\u2487"):
        return ord(text) - (0x245F if text <= "\u2473" else 0x2473)  # ① ⑴ → 1
    if text.isdigit():
        return int(text)
    if not text or any(c not in CN_DIGITS and c not in "十百" for c in text):
        return None
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        rest = rest.lstrip("零〇")
        low = cn_to_int(rest) if rest else 0
        if low is None or hundreds not in CN_DIGITS:
            return None
        return CN_DIGITS[hundreds] * 100 + low
    if "十" in text:
        tens, _, units = text.partition("十")
        return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(units, 0) if units else 0)
    if len(text) == 1:
        return CN_DIGITS[text]
    return None


@dataclass(slots=True)
class Node:
    """An item found in the text, before it becomes a :class:`~luoshi.ingest.model.Item`."""

    title: str
    start: int  # span of the sentence it came from (normalised offsets)
    end: int
    body_start: int
    body_end: int
    marker: str
    kind_hint: str
    confidence: float
    number: int | None = None
    children: list[Node] = field(default_factory=list)
    expected_children: int | None = None  # 两大产业 → 2
    label: str = ""  # the number as written (一、 （一） 1. 第三条); empty for 一是, topics, lists


@dataclass(slots=True)
class Slogan:
    name: str
    slogan_number: str | None
    expected: list[int] | None
    start: int
    end: int
    items: list[Node] = field(default_factory=list)
    source: str = "slogan"
    confidence: float = 0.8
    listed_only: bool = False  # a name counted without a quantifier or quotes: only a list right by it


@dataclass(slots=True)
class Outline:
    title: str
    title_span: tuple[int, int] | None
    slogans: list[Slogan]
    items: list[Node]  # the document's own outline (top level)
    mismatches: list[tuple[str, int, int, int, int]]  # (where, expected, found, start, end)
    glossary: list[tuple[int, int]]
    annexes: list[tuple[str, list[Node]]] = field(default_factory=list)  # (name, items)
    notice_title: str = ""  # the notice that circulates the plan, when the plan is named for itself


# --- paragraphs and markers -----------------------------------------------------------------

_PARA_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    # Legislative structure: 第一章 总则 / 第一节 / 第一条 ……; 第一部分 in long plans.
    # 第一部分，… with a comma is wording (as 第一，), not a part of the document's structure
    ("第n部分", compiled(rf"^第([{CN_ORDINAL}]{{1,4}})部分(?![，,、:：])\s*")),
    ("第n章", compiled(rf"^第([{CN_ORDINAL}]{{1,4}})章\s*")),
    ("第n节", compiled(rf"^第([{CN_ORDINAL}]{{1,4}})节\s*")),
    ("第n条", compiled(rf"^第([{CN_ORDINAL}]{{1,4}})条\s*")),
    # numbers past ninety-nine: 一百、 一百零一、 （一百）, 100.
    ("cn、", compiled(rf"^([{CN_NUM}]{{1,3}}|[{CN_NUM}]百[零〇]?[{CN_NUM}]{{0,3}})[、．.]")),
    ("(cn)", compiled(rf"^[（(]([{CN_NUM}]{{1,3}}|[{CN_NUM}]百[零〇]?[{CN_NUM}]{{0,3}})[）)]")),
    # a year may follow the number (1.2023年工作回顾); other digits make a decimal (1.5亿元)
    ("n.", compiled(r"^(\d{1,3})[.．、](?:(?!\d)|(?=(?:19|20)\d\d[年“\"]))")),
    ("(n)", compiled(r"^[（(](\d{1,3})[）)]")),
    # a number whose mark was lost, a space left before a short name on its own line (1 医疗卫生)
    ("n.", compiled(rf"^(\d{{1,2}})[ \t\u3000]*(?=[{HAN}]{{2,12}}$)")),
    # the deeper levels: 1） 2）, ⑴ ⑵, ① ②
    ("n)", compiled(r"^(\d{1,2})[）)](?!\d)")),
    ("⑴", compiled("^([\u2474-\u2487])")),
    ("①", compiled("^([\u2460-\u2473])")),
    # ordinals with a classifier: 第一句话，… 第一个方面，… 第一张名片：…
    (
        "第n",
        compiled(rf"^第([{CN_NUM}]{{1,3}})(?:部分|(?:个|张|句|项|件|点|种)[{HAN}]{{0,4}}|方面)?[，,、:：]"),
    ),
    # a counted name's parts written as 之一：“亮点工程”——…, 之二：…
    ("之n", compiled(rf"^之([{CN_NUM}]{{1,3}})[：:]\s*")),
    ("cn是", compiled(rf"^([{CN_NUM}]{{1,2}})是")),
    ("cn要", compiled(rf"^([{CN_NUM}]{{1,2}})要")),
    ("聚焦", compiled(r"^聚焦[“\"]([^”\"]{2,20})[”\"]")),
    ("——", compiled(r"^——(?!\d)(?=[\u4e00-\u9fff“])")),
]
# How far a heading's title runs: articles keep their whole first sentence.
_TITLE_LIMIT = {"第n条": 400}
# A numbered paragraph is titled by its whole first sentence, however long (一、各牵头单位要按照…的要求，
# 将…于4月20日前上报区督查组。); past this length the sentence end is taken to be lost (a flattened
# page) and the title is its first clause.
_HEADING_LIMIT = 200
# Kinds that always nest under whatever heading is open (never become the outline's top).
_DEEP_KINDS = ("——", "topic")
_TOPIC = _lazy(rf"([{HAN}“”]{{4,16}})。(?=.)")
_PLAIN_HEADING = _lazy(rf"^[{HAN}\d“”]{{4,24}}$|^[{HAN}\d]{{0,4}}(?:XX|xx)[{HAN}\d]{{3,20}}$")
_INLINE = compiled(rf"(?:^|(?<=[。；;！!？?：:\s，,]))([{CN_NUM}]{{1,2}})(是|要)(?![否以为])")
_GLOSSARY = compiled(
    r"^(?:注|注释|附注|名词解释|说明)[:：\d]|^[【\[［〔]\d+[】\]］〕]|^[^，。]{2,30}[:：]\s*(?:是)?指"
)
# ① and 1） open both the deepest headings and notes: a note defines a term, follows another note,
# or carries a mark the body refers to (…建设① … ①…).
_NOTE_OR_MARKER = compiled(r"^[\u2460-\u2473]|^\d{1,2}[)）]")
_FOOTNOTE_REF = _lazy(r"(?<=[\u4e00-\u9fff”）)])[\u2460-\u2473]")
# A glossary or notes section: everything after this line is notes, not items.
_GLOSSARY_HEAD = compiled(r"^(?:附件\s*\d*\s*[:：]?\s*)?(?:名词解释|注释|附注|术语解释|词语解释)[:：]?$")
_ANNEX_HEAD = compiled(r"^附件\s*\d{0,2}\s*[:：]?$|^附件\s*\d{1,2}\s*[:：]?\s*(?P<name>\S.{1,40})$")
_SENTENCE_END = compiled(r"[。！？!?；;]")
# the count of a part's tasks after its title: 1.在“…”方面(分解任务15项)。
_TASK_COUNT = compiled(r"\s*[（(](?:分解|共计?)?(?:重点)?(?:工作)?任务\s*\d{1,3}\s*项[)）]\s*$")
_FOOTNOTE = compiled(r"[［\[〔]\d{1,2}[］\]〕]|(?<=[\u4e00-\u9fff”])[①-⑳]")
_ARTICLE_END = compiled(r"[。！？!?；;：:]")


def paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _title_at(text: str, start: int, end: int, limit: int = 60, colon: bool = False) -> tuple[str, int]:
    """The heading title beginning at ``start``: up to the first sentence end (or colon)."""
    m = (_ARTICLE_END if colon else _SENTENCE_END).search(text, start, end)
    stop = m.start() if m else end
    title = _TASK_COUNT.sub("", _FOOTNOTE.sub("", text[start:stop])).strip()
    if len(title) > limit:
        cut = re.search(r"[，,：:]", title[8:])
        title = title[: 8 + cut.start()] if cut else title[:limit]
    return title.strip("，,：: "), (m.end() if m else end)


# --- slogans ------------------------------------------------------------------------------

_QUOTE = compiled(r"[“\"‘']([^”\"’'“‘]{1,40})[”\"’']")
_DIGIT_SLOGAN = compiled(r"^\d{2,6}$")
_CN_SLOGAN = compiled(r"^[一二三四五六七八九两]{2,6}$")
_COUNTED = compiled(
    rf"^(?P<n>[{CN_NUM}]{{1,2}}|\d{{1,2}})(?P<q>大|个|件|项|步|张|条|篇|城|化|型|方面|类|块)(?P<rest>[{HAN}]{{1,8}})$"
)
# National political formulae: slogans, but not a local plan's frameworks.
_NOT_FRAMEWORKS = frozenset(
    "两个确立 两个维护 四个意识 四个自信 四个全面 五位一体 两个一百年 三个代表 三大攻坚战 四个服务 两个毫不动摇 "
    "四个革命 两个大局 三新一高 六稳 六保 两会 三农 三高 十四五 十三五 十五五".split()
)
_FIVE_YEAR_PLAN = compiled(r"^[一二三四五六七八九十]{1,2}五$")  # “七五”, “十二五”: plan periods
_COUNT_WORD = compiled(rf"([{CN_NUM}]|\d)(?:大|个|件|项|城|张|条|步)")
_VERB_PREFIX = compiled(
    r"^(?:按照|围绕|实施|推进|坚持|聚焦|突出|抓好|实现|持续推进|着力|全力|以|在|把|坚定不移|紧扣)"
)


# A quoted name counted without a quantifier: a count of things joined (“三结合”, “两统一”), whose
# list may stand unquoted before it, or any other name (“三不政策”) whose list is quoted too
# (“不接触、不谈判、不妥协”的“三不政策”); a list of plain words before “三本账” or “两区” is
# too often a neighbouring phrase.
_BARE_COUNTED = compiled(rf"^(?P<n>[二三四五六七八九十两])(?P<rest>[{HAN}]{{1,4}})$")
_JOINED = compiled(r"^(?:结合|统一|同步|并举|并重|融合|联动|协同|衔接|到位|一体化)$")
_NUMERAL = compiled(rf"[{CN_NUM}百千万\d]")
# An unquoted counted norm right after the list it counts: A、B、C、D和E五项原则, 三项制度.
_UNQUOTED_COUNTED = compiled(
    rf"(?<=[{HAN}）)])(?P<name>[{CN_NUM}]{{1,2}}(?:大|个|项|条|种)(?:基本)?(?:原则|方针|政策|制度|纪律"
    rf"|战略|行动|工程|板块|中心|基地|品牌|体系|片区)"
    # industries counted after their list closed by 等 (A、B、C和D等四大主导产业), not a kind of
    # site or cluster; without 等 (A、B和C三大产业) the list is as often the text's aside
    rf"|(?<=等)[{CN_NUM}]{{1,2}}大(?:主导|支柱|优势|特色|重点|新兴|先导|首位)?产业(?!基地|集群|集聚|链|园|体系|结构)"
    # places counted after their list (建立威海市、章丘市…和鄄城县20个示范区)
    rf"|(?<=[市县区])(?:[{CN_NUM}]{{1,2}}|\d{{1,2}})个(?:示范区|示范县|示范市|试点县|试点市|试点地区))(?![“”\"])"
)


def _slogan_number(name: str) -> tuple[str | None, list[int] | None]:
    if _DIGIT_SLOGAN.match(name) and not (len(name) == 4 and 1900 <= int(name) <= 2099):
        return name, [int(c) for c in name]
    if _CN_SLOGAN.match(name):
        return name, [CN_DIGITS[c] for c in name]
    m = _COUNTED.match(name)
    bare = _BARE_COUNTED.match(name) if m is None else None
    if bare and _NUMERAL.search(bare.group("rest")) and not _JOINED.match(bare.group("rest")):
        bare = None  # “三去一降一补”: a formula of several counts
    counted = m or bare
    n = cn_to_int(counted.group("n")) if counted else None
    if n and n >= 2:
        return None, [n]
    return None, None


_COUNTED_AFTER = compiled(r"[条号项款次届路]")
# A count of qualities heading a noun (“三色文章”, “三美乡村”): its plain list repeats the quality
# (红色…、绿色…、暖色…); a count before a verb (“三权分置”) names a reform, not a list.
_COUNTED_HEAD = compiled(
    r"^(?:文章|工程|行动|战略|品牌|名片|产业|经济|城市|乡村|城镇|格局|目标|任务|工作|体系)$"
)

# The year's list of livelihood projects, counted but rarely quoted: 办好十件民生实事.
_LIVELIHOOD = compiled(
    rf"(?<![“\"])((?:[{CN_NUM}]{{1,2}}|\d{{1,2}})(?:(?:件|方面|项|类)(?:重点)?(?:大事(?:和|及|与|、))?民生实事(?:项目)?|件实事))"
)


def find_slogans(text: str) -> list[Slogan]:
    """Quoted numbered slogans (“1234”, “一三四三”, “四大振兴战略”, “三步走”) and their listed items."""
    out: list[Slogan] = []
    seen: set[str] = set()
    found = [_count_before_quote(text, m) for m in _QUOTE.finditer(text)]
    found += [(m.group(1), m.start(), m.end(), False) for m in _LIVELIHOOD.finditer(text)]
    found += [(m.group("name"), m.start(), m.end(), True) for m in _UNQUOTED_COUNTED.finditer(text)]
    for name, m_start, m_end, unquoted in sorted(found, key=lambda f: f[1]):
        if name in _NOT_FRAMEWORKS or _FIVE_YEAR_PLAN.match(name):
            continue
        number, expected = _slogan_number(name)
        if expected is None:
            continue
        bare_match = _BARE_COUNTED.match(name) if not unquoted and number is None else None
        bare = unquoted or (bare_match is not None and _COUNTED.match(name) is None)
        quoted_list = bare and not unquoted and not (bare_match and _JOINED.match(bare_match.group("rest")))
        if (
            number is not None
            and number.isdigit()
            and (_COUNTED_AFTER.match(text, m_end) or not number.strip("0"))
        ):
            continue  # “21”条, “00”号: a count or a number, not a slogan
        total = sum(expected) if number is None else len(expected)
        shared = (
            bare_match.group("rest")[0]
            if quoted_list and bare_match and _COUNTED_HEAD.match(bare_match.group("rest")[1:])
            else None
        )
        items = _listed_items(text, m_start, total, bare, quoted_list, shared)
        if name in seen and not items or unquoted and not items:
            continue  # an unquoted count (三项任务) names a framework only with its list right before it
        if name in seen:
            out = [s for s in out if s.name != name]
        seen.add(name)
        slogan = Slogan(name, number, expected, m_start, m_end, items, listed_only=bare)
        slogan.confidence = 0.9 if items else 0.75
        out.append(slogan)
    for m in _QUOTED_LIST_COUNT().finditer(text) if "”" in text or '"' in text else ():
        # the list quoted before its count: “大融合、大引进、大合作、大建设”四大战略
        parts = m.group("list").split("、")
        name = m.group("n") + m.group("q") + m.group("rest")
        if cn_to_int(m.group("n")) != len(parts) or name in seen or name in _NOT_FRAMEWORKS:
            continue
        at, items = m.start("list"), []
        for part in parts:
            items.append(Node(part, at, at + len(part), at, at + len(part), "list", "pillar", 0.9))
            at += len(part) + 1
        seen.add(name)
        out.append(Slogan(name, None, [len(parts)], m.start("n"), m.end(), items, confidence=0.9))
    for m in _COUNTED_COLON().finditer(text) if _NUMBERED_AFTER_COLON.search(text) else ():
        name = m.group("name")
        want = cn_to_int(m.group("n"))
        if name in seen or not want or want < 2 or _OWN_PARTS.search(name):
            continue
        items = _numbered_list(text, m.end(), want)
        if items and not any(o.items and o.items[0].start == items[0].start for o in out):
            seen.add(name)
            out.append(Slogan(name, None, [want], m.start("name"), m.end("name"), items, confidence=0.8))
    return sorted(out, key=lambda s: s.start)


# A count written before the quotes of the name it counts: 三个“地方名片”, 四大“主导产业”, 五块省级
# “金字招牌” (a level between them).
_COUNT_OUTSIDE = compiled(
    rf"(?<![第{CN_NUM}\d])([{CN_NUM}]{{1,2}}|\d{{1,2}})(个|大|项|张|条|件|类|方面|块|面)(?:国家级|省级|市级|县级)?$"
)


def _count_before_quote(text: str, m: re.Match[str]) -> tuple[str, int, int, bool]:
    name = m.group(1).strip()
    count = _COUNT_OUTSIDE.search(text, max(0, m.start() - 7), m.start())
    if count and _slogan_number(name) == (None, None) and re.fullmatch(f"[{HAN}]{{2,8}}", name):
        return count.group() + name, count.start(), m.end(), False
    return name, m.start(), m.end(), False


_QUOTED_LIST_COUNT = _lazy(
    r"[“\"](?P<list>(?:[^”\"、，,。；]{2,12}、)+[^”\"、，,。；]{2,12})[”\"]"
    rf"(?P<n>[二三四五六七八九十两]|\d)(?P<q>大|个|项|类)(?P<rest>[{HAN}]{{1,6}}?)(?=[，,。；;、和与及“]|$)"
)


# An unquoted count announcing its own numbered list after a colon, with no verb between:
# 四项郑重承诺：1.…；2.…  The count of a speech's own parts (三点意见：, 三个方面工作：) is no slogan.
_COUNTED_COLON = _lazy(
    rf"(?<![“\"第{CN_NUM}\d])(?P<name>(?P<n>[{CN_NUM}]{{1,2}}|\d{{1,2}})(?:项|个|大|条|件|点)[{HAN}]{{2,6}})[：:]"
    r"(?=\s*(?:1[.．、](?!\d)|[（(]1[）)]|\u2460))"
)
_NUMBERED_AFTER_COLON = compiled(r"[：:]\s*(?:1[.．、]|[（(]1[）)]|\u2460)")
_OWN_PARTS = compiled(r"(?:工作|方面|问题|意见|要求|建议|体会|想法|事情|情况|内容|部分)$|[是为有括下]$")


# A list part that begins or ends with a function word was cut inside a phrase.
_FRAGMENT = compiled(
    r"^(?:的|之|和(?![平谐美睦])|及|与|并|或|等|以)|(?:的|之|和|及|与|并|或|以|了|着|把|对|向|在)$"
)
_LEAD_VERB = compiled(
    r"^(?:继续|进一步|重点|全面|统筹|大力|强力|加快|深入|着力|积极|扎实|全力|持续|部署)*"
    r"(?:推动|推进|实施|做好|抓好|完善|打造|构建|实现|坚持|突出|落实|开展|发展|建设|新建|培育|强化|深化|做强|提升|推行|实行|遵循"
    r"|获批|获评|荣获|成功创建|创成|入选"  # honours won: 获批A、B…五块省级“金字招牌”
    r"|建立|确定|选择|遴选"  # places chosen: 建立威海市、章丘市…20个示范区
    r"|[做抓][\u4e00-\u9fff][做抓][\u4e00-\u9fff])"  # 做深做透, 抓紧抓实
)


def _drop_lead_verb(first: str, others: list[str]) -> str:
    """The verb that governs a whole list stands before its first item (落实责任、政策、帮扶、监管 →
    责任); it is dropped only when what is left is about as long as the other items, so that a
    verb phrase among verb phrases (新建布局、优化提升) keeps its verb."""
    from luoshi.ingest.extract import strip_verbs

    shortest = min((len(o) for o in others), default=2)
    for candidate in (strip_verbs(first), _LEAD_VERB.sub("", first)):
        if candidate != first and len(candidate) >= max(1.0, shortest * 0.6):
            return candidate
    return first


# Where the subject and the governing words of a sentence end before the first item of a list
# (我国政府一贯坚持在A、B、C五项原则的基础上 → A).
_LIST_LEAD = compiled(r"(?:坚持|推行|实行|遵循|贯彻|按照|围绕|落实|实施|推进|在|以|把)")


def _trim_lead(first: str, others: list[str]) -> str:
    """The first part of a list, without the subject and verbs before it when it is much longer
    than the other parts."""
    longest = max((len(o) for o in others), default=0)
    if len(first) <= max(4, 2 * longest):
        return first
    cuts = [m.end() for m in _LIST_LEAD.finditer(first) if 2 <= len(first) - m.end() <= longest + 6]
    return first[cuts[-1] :] if cuts else first


def _listed_items(
    text: str,
    quote_start: int,
    count: int,
    bare: bool = False,
    quoted_list: bool = False,
    shared: str | None = None,
) -> list[Node]:
    """The list written just before a slogan: “A,B,C,D”的“1234” or 做实5年、谋划15年、展望30年“三步走”.

    ``bare``: a name counted without a quantifier or quotes (三结合, 五项原则); its list is read
    only when every part has two characters or more; ``quoted_list``: only a quoted list, or a
    plain one whose every part repeats ``shared``, the word the name counts (红色…、绿色…、暖色…
    “三色文章”).
    """
    before = text[max(0, quote_start - 120) : quote_start]
    m = re.search(r"[“\"]([^”\"“]{4,100})[”\"](?:的|这)?$", before)
    plain = False
    if m and len(re.findall(r"[，,、；;]", m.group(1))) + 1 >= count:
        body, base = m.group(1), quote_start - len(before) + m.start(1)
    elif quoted_list and not shared:
        return []
    else:
        m = re.search(r"([^，,；;。：:\n]{4,100})$", before)
        if not m:
            return []
        body, base = m.group(1), quote_start - len(before) + m.start(1)
        body = body[:-1] if body.endswith("等") else body  # A、B和C等四大产业: 等 closes the list
        plain = True
    parts = [(p.start(), p.group()) for p in re.finditer(r"[^，,、；;]+", body)]
    if len(parts) == count - 1 and count > 2:
        # the last two joined by 和/及: 金融市场、产品、机构和基础设施“四个体系”
        offset, last = parts[-1]
        joined = re.match(r"^(.{1,20}?)(以及|和|及|与|并)(.{1,20})$", last)
        if joined:
            parts[-1:] = [(offset, joined.group(1)), (offset + joined.end(2), joined.group(3))]
    if len(parts) != count or count < 2:
        return []
    if any(_FRAGMENT.search(p) for _, p in parts):
        return []  # a part cut inside a phrase (涉企违规收费罚款以): not a list of noun or verb phrases
    if bare and any(len(p) < 2 for _, p in parts):
        return []
    if quoted_list and plain:
        if not shared or not all(shared in p for _, p in parts):
            return []
        # the first part without the words before it, where the others line up (山水秀美、人文厚美)
        lengths = {len(p) for _, p in parts[1:]}
        places = {p.find(shared) for _, p in parts[1:]}
        offset, first = parts[0]
        if len(lengths) == len(places) == 1 and len(first) > (size := lengths.pop()):
            if first[-size:].find(shared) == places.pop():
                parts[0] = (offset + len(first) - size, first[-size:])
    nodes = []
    for i, (offset, part) in enumerate(parts):
        title = _VERB_PREFIX.sub("", part) if i == 0 else part
        if i == 0:
            explained = re.match(r"^[“\"]?[^，,、]{1,8}[”\"]即", title)
            if explained:  # “66”即加快建设A、B…: the list starts after what it explains
                title = title[explained.end() :]
            others = [p for _, p in parts[1:]]
            title = _drop_lead_verb(_trim_lead(title, others), others)
        shift = len(part) - len(title)
        start = base + offset + shift
        counted = _COUNT_WORD.search(title)
        number = cn_to_int(counted.group(1)) if counted else None
        node = Node(
            title, start, start + len(title), start, start + len(title), "list", "pillar", 0.9, number
        )
        node.expected_children = number if number and number >= 2 else None
        nodes.append(node)
    return nodes


# --- the document outline -------------------------------------------------------------------


@dataclass(slots=True)
class _Heading:
    kind: str
    number: int | None
    node: Node
    para: int


def find_outline(text: str) -> Outline:
    paras = paragraphs(text)
    glossary = _notes(text, paras)
    contents_lines, contents = _contents(text, paras)
    glossary += contents_lines
    title, title_span = _document_title(text, paras)
    notice_title = title
    title, title_span = _circulated_plan(text, paras, title, title_span)
    body_end, parts = _parts(text, paras)
    for index in range(body_end, len(paras)):
        if not any(a <= index < b for _, a, b in parts):
            glossary.append(paras[index])  # a glossary section: notes, never items
    items = _outline_items(text, paras[:body_end], glossary, title_span, contents)
    if contents_lines and not contents and not _CONTENTS_HEAD.match(text[slice(*contents_lines[0])]):
        # headings listed at the top of the page: the parts that the text given does not reach
        items = _with_listed_parts(items, _outline_items(text, contents_lines, [], None))
    items = _announced_parts(text, paras, items)
    annexes = []
    for name, a, b in parts:
        annex_items = _outline_items(text, paras[a:b], glossary, None)
        if annex_items:
            annexes.append((name, annex_items))
    # Terms explained in a glossary or a note are not the plan's frameworks.
    slogans = [s for s in find_slogans(text) if not any(a <= s.start < b for a, b in glossary)]
    outline = Outline(title, title_span, slogans, items, [], glossary, annexes, notice_title)
    _slogans_of_headings(outline)
    _slogan_items_from_outline(outline, text)
    _counted_runs(outline, text)
    _one_owner(outline.slogans)
    return outline


_ANNEX_LIST = compiled(r"^附件\s*[:：]\s*\d{1,2}[.．、]")
_CONTENTS_HEAD = compiled(r"^目\s*录$")
_PAGE_REF = compiled(r"[\s.．…·_—-]*\d{1,3}$")


def _contents(
    text: str, paras: list[tuple[int, int]]
) -> tuple[list[tuple[int, int]], dict[str, tuple[str, int | None]]]:
    """A contents list (目录, then lines ending in a page number): its lines are not items, and
    the headings it names are headings where they stand in the text, numbered or not.

    Returns the list's lines and, by title key, each entry's marker family and number."""
    lines: list[tuple[int, int]] = []
    entries: dict[str, tuple[str, int | None]] = {}
    for index, (start, end) in enumerate(paras[:40]):
        if not _CONTENTS_HEAD.match(text[start:end]):
            continue
        for s, e in paras[index + 1 :]:
            line = text[s:e]
            if len(line) > 80 or not _PAGE_REF.search(line) or not re.search(f"[{HAN}]", line):
                break
            lines.append((s, e))
            entry = _PAGE_REF.sub("", line)
            kind, number = "plain", None
            for family, pattern in _PARA_MARKERS:
                m = pattern.match(entry)
                if m and m.groups() and family != "聚焦":
                    kind, number, entry = family, cn_to_int(m.group(1)), entry[m.end() :]
                    break
            if len(title_key(entry)) >= 4:
                entries[title_key(entry)] = (kind, number)
        if len(lines) >= 2:
            lines.insert(0, (start, end))
            return lines, entries
        lines, entries = [], {}
        headed = _contents_without_pages(text, paras, index)
        if headed:
            return headed, {}
    return _outline_block(text, paras), {}


_CONTENTS_ENTRY = _lazy(rf"^(?:第[{CN_ORDINAL}]{{1,4}}[章节部分]|[{CN_NUM}]{{1,3}}、)\s*[{HAN}\s]{{2,30}}$")


def _contents_without_pages(text: str, paras: list[tuple[int, int]], head: int) -> list[tuple[int, int]]:
    """目录 over numbered headings alone on their lines, without page numbers (第一章 总 则 …), when
    the text then opens its first part with the same words (第一章 总 则 第一条 …)."""
    lines = []
    for s, e in paras[head + 1 :]:
        if not _CONTENTS_ENTRY().match(text[s:e].strip()):
            break
        lines.append((s, e))
    if len(lines) < 2:
        return []
    first = re.sub(r"\s+", "", text[lines[0][0] : lines[0][1]])
    after = paras[head + 1 + len(lines) :]
    if not any(re.sub(r"[\s，,。：:]+", "", text[s:e]).startswith(first) for s, e in after[:20]):
        return []
    return [paras[head]] + lines


def _outline_block(text: str, paras: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The headings listed on their own at the top of a page (一、回顾过去 / 二、研判形势 …), before
    the text that then opens its first part with the same words: a contents list without page
    numbers, whose lines are not items."""
    for index in range(min(6, len(paras))):
        block: list[tuple[int, int]] = []
        family = ""
        titles: list[str] = []
        for s, e in paras[index:]:
            line = text[s:e]
            found = next(
                (
                    (k, hit)
                    for k, pattern in _PARA_MARKERS
                    if k in _NUMBERING_KINDS and (hit := pattern.match(line))
                ),
                None,
            )
            if found is None or len(line) > 24 or _SENTENCE_END.search(line):
                break
            kind, m = found
            if family and kind != family:
                block.append((s, e))  # a lower heading listed under its part: （一）聚焦项目建设
                continue
            if cn_to_int(m.group(1)) != len(titles) + 1:
                break
            family = kind
            block.append((s, e))
            titles.append(line[m.end() :].strip())
        if len(titles) < 2:
            continue
        pattern = dict(_PARA_MARKERS)[family]
        after = paras[index + len(block) :]
        for s, e in after:
            again = pattern.match(text[s:e])
            if again and cn_to_int(again.group(1)) == 1 and text[s + again.end() : e].startswith(titles[0]):
                return block
        return []
    return []


def _with_listed_parts(items: list[Node], listed: list[Node]) -> list[Node]:
    """The text's parts in the order a list of its headings at the top gives them: each part as the
    text writes it, and those the text does not reach (a page cut before them) as the list names
    them, with the lower headings listed under them. Left as found when the text has a part the
    list does not name."""
    written = {title_key(n.title): n for n in items}
    names = {title_key(n.title) for n in listed}
    if not listed or not all(key in names for key in written):
        return items
    out = []
    for part in listed:
        own = written.get(title_key(part.title))
        if own is not None and not own.children:
            own.children = part.children
        out.append(own or part)
    return out


def _notes(text: str, paras: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Note lines (注：…, ［1］…, X：是指…, and ① or 1） lines that are notes rather than headings)."""
    refs = (
        {m.group() for m in _FOOTNOTE_REF().finditer(text)} if re.search("[\u2460-\u2473]", text) else set()
    )
    notes = []
    after_note = False
    annex_list = False  # 附件：1.…, then 2.… 3.… on the lines after it: the annexes' names
    for start, end in paras:
        line = text[start:end]
        if _ANNEX_LIST.match(line) or (annex_list and re.match(r"^\d{1,2}[.．、]", line)):
            notes.append((start, end))
            annex_list = True
            continue
        annex_list = False
        if _GLOSSARY.match(line) or (
            _NOTE_OR_MARKER.match(line) and (after_note or line[0] in refs or re.search("是指|指的是", line))
        ):
            notes.append((start, end))
            after_note = True
        else:
            after_note = False
    return notes


def _parts(text: str, paras: list[tuple[int, int]]) -> tuple[int, list[tuple[str, int, int]]]:
    """Where the body ends, and the annexes after it (附件1 十件民生实事 …) as ``(name, first, end)``.

    A glossary section (名词解释) ends the body too, but is not a part.
    """
    marks: list[tuple[int, int, str | None]] = []  # (heading paragraph, first content paragraph, name)
    for index, (start, end) in enumerate(paras):
        line = text[start:end].strip()
        if len(line) > 50:
            continue
        if _GLOSSARY_HEAD.match(line):
            marks.append((index, index + 1, None))
            continue
        m = _ANNEX_HEAD.match(line)
        if m and index > len(paras) // 3:
            name, first = m.group("name"), index + 1
            if not name and first < len(paras):
                nxt = text[paras[first][0] : paras[first][1]].strip()
                if _GLOSSARY_HEAD.match(nxt):
                    marks.append((index, first + 1, None))
                    continue
                if len(nxt) <= 40:
                    name, first = nxt, first + 1
            marks.append((index, first, name or line))
    body_end = marks[0][0] if marks else len(paras)
    annexes = []
    for i, (_index, first, name) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(paras)
        if name:
            annexes.append((name, min(first, stop), stop))
    return body_end, annexes


def _outline_items(
    text: str,
    paras: list[tuple[int, int]],
    glossary: list[tuple[int, int]],
    title_span: tuple[int, int] | None,
    contents: dict[str, tuple[str, int | None]] | None = None,
) -> list[Node]:
    headings: list[_Heading] = []
    inline_runs: list[tuple[int, list[Node]]] = []  # (paragraph index, nodes)
    for index, (start, end) in enumerate(paras):
        para = text[start:end]
        if (start, end) in glossary:
            continue
        named = contents.get(title_key(para)) if contents and len(para) <= 80 else None
        if named is not None and _heading_at(text, start, end, para) is None:
            # a heading the contents list names, written here without its number
            kind, number = named
            node = Node(para, start, end, start, end, kind, "task", 0.7, number)
            headings.append(_Heading(kind, number, node, index))
            continue
        run = _inline_run(text, start, end)
        if run:
            inline_runs.append((index, run))
            if run[0].start == start:
                continue  # the paragraph *is* the enumeration (一是…二是…)
        heading = _heading_at(text, start, end, para)
        if heading is not None:
            headings.append(_Heading(heading.marker, heading.number, heading, index))
            article = _RUN_IN_ARTICLE().search(para) if heading.marker in ("第n章", "第n节") else None
            if article:
                # a chapter run into its first article on one line (第一章 总 则 第一条 为了…)
                chapter = re.sub(r"\s+", "", para[: article.start(1)])
                heading.title = re.sub(rf"^第[{CN_ORDINAL}]{{1,4}}[章节]", "", chapter) or chapter
                heading.end = start + article.start(1)
                first = _heading_at(text, start + article.start(1), end, para[article.start(1) :])
                if first is not None:
                    headings.append(_Heading(first.marker, first.number, first, index))
    headings = _consistent(headings)
    headings = _with_topics(headings, paras, text, glossary)
    if not any(h.kind not in _DEEP_KINDS for h in headings):
        plain = _plain_headings(paras, text, title_span)
        # topic sentences under an unnumbered heading (2022年工作回顾 / 沉着应对…，…保障。…)
        headings = (
            _with_topics(plain, paras, text, glossary) if plain and not headings else plain
        ) + headings
    items = _nest(headings, paras, text)
    _clauses_of_articles(items, text)
    _attach_runs(items, inline_runs, paras)
    _attach_groups(items, text)
    return items


_RUN_IN_ARTICLE = _lazy(
    rf"^\s*第[{CN_ORDINAL}]{{1,4}}[章节]\s*[{HAN}\s]{{2,30}}?\s*(第[{CN_ORDINAL}]{{1,4}}条)"
)
_RUN_ON_YEAR = _lazy(rf"(?<=[{HAN}])(?:19|20)(?:\d\d|xx|XX|\*\*)\s*年(?=\s*[，,])")
_LEAD_NAME = _lazy(rf"^([{HAN}“”、*]{{2,12}})[:：](?=.{{8}})")  # ** for a masked character


# Chapters of a regulation that drafts and short rules leave unnumbered: 总则 opens, 附则 closes.
_UNNUMBERED_CHAPTER = compiled(r"^(?:总\s*则|附\s*则)$")


# In an interview, the speaker's label before an answer that opens with an ordinal (答：第一张名片：…).
_SPEAKER = compiled(rf"^(?:答|[{HAN}]{{2,4}})[:：](?=第[{CN_NUM}]{{1,3}}(?:个|张|句|项|件|点|种|方面))")


def _heading_at(text: str, start: int, end: int, para: str) -> Node | None:
    if _UNNUMBERED_CHAPTER.match(para):
        title = re.sub(r"\s+", "", para)
        return Node(title, start, end, start, end, "第n章", "task", 0.8, 1 if title == "总则" else None)
    speaker = _SPEAKER.match(para)
    if speaker:
        start, para = start + speaker.end(), para[speaker.end() :]
    for kind, pattern in _PARA_MARKERS:
        m = pattern.match(para)
        if not m:
            continue
        if kind == "聚焦":
            title_text = m.group(1)
            t_start = start + m.start(1)
            return Node(title_text, t_start, t_start + len(title_text), start, end, kind, "pillar", 0.9)
        number = cn_to_int(m.group(1)) if m.groups() else None
        t_start = start + m.end()
        title_text, sent_end = _title_at(
            text, t_start, end, _TITLE_LIMIT.get(kind, _HEADING_LIMIT), kind == "第n条"
        )
        if kind == "之n":
            # the part is named before a dash: “亮点工程”——… or 亮点工程——…
            named = re.match(r"[“\"]?([^”\"—，,。]{2,20})[”\"]?\s*——", text[t_start:end])
            if named is None:
                return None
            title_text = named.group(1)
        # a heading run into its body on a flattened page, the body opening with a year
        # (一、2022年工作回顾2022年，全县…): the title stops before that year
        run_on = _RUN_ON_YEAR().search(text, t_start + 4, min(sent_end, t_start + 64))
        if run_on and kind in ("cn、", "(cn)", "n.", "第n章", "第n节"):
            title_text = text[t_start : run_on.start()].strip()
        # a short name before a colon is the heading, what follows it the body (1、以人为本：必须…)
        lead = _LEAD_NAME().match(title_text)
        if lead and kind != "第n条":
            title_text = lead.group(1)
        if (
            not title_text
            or (kind in ("n.", "(n)", "n)", "⑴", "①") and len(title_text) < 2)
            or len(title_text) > 40
            and kind == "——"
        ):
            return None
        node = Node(title_text, start, sent_end, start, end, kind, "task", 0.85, number)
        if kind in _NUMBERING_KINDS:
            node.label = re.sub(r"\s+", "", m.group(0))
        return node
    return None


# Marker families that are display numbers; 一是, 聚焦, dashes and 第一， are wording, not numbering.
_NUMBERING_KINDS = frozenset(
    {"cn、", "(cn)", "n.", "(n)", "n)", "⑴", "①", "第n部分", "第n章", "第n节", "第n条"}
)


# Lines that describe the document rather than name it: citation codes, links, catalogue fields.
_METADATA = compiled(
    r"^\S{2,6}社\S{2,8}\d{1,2}月\d{1,2}日电|^[【\[［].{0,12}[】\]］]|^[•·●▪◆■□]|https?://|^(?:原文链接|名称|文号|发文字号|发文机关|发布机关|公开范围|公开方式|"
    r"索引号|主题词|主题分类|效力级别|时效性|法宝引证码|发布日期|实施日期|成文日期|来源|作者)\s*[:：]|[:：].{0,30}\s+(?:文号|发文字号|索引号)[:：]"
)


def _document_title(text: str, paras: list[tuple[int, int]]) -> tuple[str, tuple[int, int] | None]:
    for s, e in paras[:20]:
        # a catalogue's title field: 标题 | 江政办〔2020〕2号区人民政府办公室关于…的通知 |
        field = _TITLE_FIELD().match(text, s, e)
        if field and _TITLE_WORDS.search(field.group("title")):
            return field.group("title"), (field.start("title"), field.end("title"))
    for s, e in paras[:2]:
        carried = _CARRIED_IN_FULL().search(text, s, e)
        if carried and _TITLE_WORDS.search(carried.group(1)):
            return carried.group(1), carried.span(1)
    paras = [(s, e) for s, e in paras if not _METADATA.search(text[s:e])]
    for i, (start, end) in enumerate(paras[:-1]):
        if re.match(r"^原标题[:：]?$", text[start:end]):
            s, e = paras[i + 1]
            return text[s:e], (s, e)
    for i, (start, end) in enumerate(paras[:12]):
        line = _DATE_AFTER_TITLE.sub("", _page_title(text[start:end]))
        line = re.sub(r"——.*$", "", line) if re.match(r"^.{4,30}——.*\d{1,2}月\d{1,2}日", line) else line
        if _SPACED_TITLE.fullmatch(line):  # a title set in spaced characters: 政 府 工 作 报 告
            squeezed = re.sub(r"\s+", "", line)
            if _TITLE_WORDS.search(squeezed):
                return squeezed, (start, end)
        if line.endswith("关于") and len(line) <= 20 and i + 1 < len(paras):
            # a title over two lines: 省人民政府关于 / 进一步优化营商环境的若干意见
            s2, e2 = paras[i + 1]
            joined = line + text[s2:e2]
            if len(joined) <= 80 and _TITLE_WORDS.search(joined):
                return joined, (start, e2)
        if _ISSUER_LINE.search(line) and len(line) <= 20 and i + 1 < len(paras):
            # the issuer on a line of its own above the title: 洋县人民政府 / 关于印发…的通知
            s2, e2 = paras[i + 1]
            after = text[s2:e2]
            if after.startswith("关于") and len(after) <= 80 and _TITLE_WORDS.search(after):
                return line + after, (start, e2)
        if len(line) <= 24 and not _SENTENCE_END.search(line) and not _TITLE_WORDS.search(line):
            # a title over three lines: 市人民政府办公室 / 关于印发…主要目标 / 任务分解的通知
            lines = [text[s:e] for s, e in paras[i + 1 : i + 3]]
            if len(lines) == 2 and all(len(ln) <= 30 and not _SENTENCE_END.search(ln) for ln in lines):
                joined = line + "".join(lines)
                if lines[0].startswith("关于") and _TITLE_WORDS.search(joined):
                    return joined, (start, paras[i + 2][1])
        note = _PUBLISHED().search(line) if "《" in line and line.endswith("。") else None
        if note and _TITLE_WORDS.search(note.group(1)):
            # a note on the page before the text: …办公厅发布《山西省乡村振兴责任制实施细则》，自发布之日起施行。
            return note.group(1), (start + note.start(1), start + note.end(1))
        if len(line) <= 80 and _TITLE_WORDS.search(line):
            numbered = _NUMBER_BEFORE_TITLE().match(line)
            if numbered:  # 鲁政发〔2014〕20号《山东省人民政府关于…的实施意见》
                inner = numbered.group(1)
                return inner, (start + numbered.start(1), start + numbered.end(1))
            return line, (start, start + len(line))
    for start, end in paras[:2]:
        # a flattened page: the title runs into the salutation (…的政府工作报告(2022年政府工作报告)各位代表:现在，…)
        hail = _SALUTATION().search(text, start, min(end, start + 100))
        if hail and hail.start() - start >= 8:
            head = _one_title(re.sub(r"\s+", "", text[start : hail.start()]))
            qualified = re.sub(r"[(（][^()（）]{1,12}[)）]$", "", head)  # 政府工作报告(市级)
            if _SPOKEN_TITLE.search(qualified) and not _SENTENCE_END.search(head):
                return head, (start, start + len(head))
    for start, end in paras[:4]:
        # a report without its title page: 现在，我代表上杭县人民政府，向大会报告政府工作
        speaker = _ON_BEHALF().match(text, start, end)
        if speaker:
            return speaker.group(1) + "政府工作报告", (speaker.start(1), speaker.end(1))
    for start, end in paras[:3]:
        # news of a people's congress that opens with the report (泗洪县第十八届人民代表大会第四次会议…
        # 县长…代表县人民政府向大会作政府工作报告): the plan is that report
        session = _CONGRESS_SESSION().search(text, start, end)
        if session and re.search("作(?:了)?政府工作报告", text[session.end() : end]):
            return session.group(1) + "政府工作报告", (session.start(1), session.end(1))
    for start, end in paras[:8]:
        # a speech's title on a line of its own, under a site's slogan and path (德育素材网提供…！ /
        # 当前位置：…> 讲话发言 > … / 县委书记在项目建设工作会议上的讲话)
        line = text[start:end].strip()
        if _SALUTATION().match(line):
            break
        if line.startswith(("—", "-")):
            break  # a subtitle (——在…上的报告): the title is the line above it
        if 8 <= len(line) <= 60 and _SPOKEN_TITLE.search(line) and not re.search(r"[>|｜:：!！。，,]", line):
            return line, (start, start + len(line))
    for start, end in paras[:5]:
        line = _page_title(text[start:end])
        is_heading = any(pattern.match(line) for _, pattern in _PARA_MARKERS)
        if 6 <= len(line) <= 60 and not line.endswith((":", "：")) and not is_heading:
            report = _REPORT_NEWS().search(line) if line.endswith("。") else None
            if report:  # news of a report: …长丰县人民政府代理县长李卫作政府工作报告。
                return report.group(1) + "政府工作报告", (start, end)
            return line, (start, start + len(line))
    return "", None


# a notice circulating a plan: 关于印发《X》的通知, 关于印发X的通知
_CIRCULATES = compiled(r"关于印发《?(?P<plan>[^《》]{6,80}?)》?的通知$")
# the plan's own preamble: 结合我市实际，特制定本方案
_OWN_PREAMBLE = compiled(r"(?:制定|制订)本(?:实施)?(?:方案|办法|细则|要点|计划|规定)")


def _circulated_plan(
    text: str, paras: list[tuple[int, int]], title: str, span: tuple[int, int] | None
) -> tuple[str, tuple[int, int] | None]:
    """A notice that only circulates a plan (关于印发《X》的通知 / 现将《X》印发给你们…) is named by the
    plan it circulates, when the plan follows it before any numbered heading: under its own title
    line (X again, after the date), or with its own preamble (…特制定本方案). A notice with
    requirements of its own (通知如下：一、…) keeps its title."""
    circulated = _CIRCULATES.search(title) if span else None
    if circulated is None or span is None:
        return title, span
    plan = circulated.group("plan")
    key = re.sub(r"\s+", "", plan)
    for start, end in paras[:40]:
        if start < span[1]:
            continue
        line = text[start:end]
        if any(pattern.match(line) for _, pattern in _PARA_MARKERS):
            break  # the first numbered heading: the notice's requirements or the plan's outline
        if re.sub(r"\s+", "", line).strip("《》") == key:
            return plan, (start, end)
        if _OWN_PREAMBLE.search(line):
            return plan, span
    return title, span


_SPACED_TITLE = compiled(rf"[{HAN}](?:[ \u3000]+[{HAN}]){{3,}}")


# the verb of a sentence that names a counted list: …票选表决县政府2025年度十件民生实事项目
_NAMING_VERB = compiled(r"^.*(?:表决|通过|确定|办好|抓好|实施|推进|公布|发布|出炉|了|的)")


def counted_name_title(text: str, slogan: Slogan, title: str) -> str:
    """The name of a document whose outline is a counted list (十件民生实事项目): its title when it
    has one, else the counted name with the words that qualify it in its sentence
    (县政府2025年度十件民生实事项目)."""
    if title and (_TITLE_WORDS.search(title) or _SPOKEN_TITLE.search(title) or slogan.name in title):
        return title
    head = re.search(rf"[{HAN}\d]{{1,16}}$", text[max(0, slogan.start - 16) : slogan.start])
    words = _NAMING_VERB.sub("", head.group()) if head else ""
    return words + slogan.name if len(words) >= 2 else title or slogan.name


def _one_title(head: str) -> str:
    """A page's title before the document's own: the same words twice (X(市级)X(市级)), or the page's
    shorter wording first (县长在…座谈会上讲话县长在…座谈会上的讲话); and an alternative title in
    brackets after it ((2022年政府工作报告)) left out."""
    head = re.sub(r"[(（][^()（）]{0,30}(?:\d{4}|报告)[^()（）]{0,30}[)）]$", "", head)
    half = len(head) // 2
    if len(head) % 2 == 0 and head[:half] == head[half:]:
        return head[:half]
    spoken = list(re.finditer(r"报告|讲话|发言|致辞", head))
    if len(spoken) >= 2 and len(head) - spoken[0].end() >= 8:
        return head[spoken[0].end() :]
    return head


# the day a report was given, in brackets after its title: 2023年新疆自治区政府工作报告(20230114);
# and the stage of a draft put out for comment: …条例(草案)(征求意见稿), the draft's own name kept
_DATE_AFTER_TITLE = compiled(
    r"\s*[(（](?:\d{8}|\d{4}[.\-/年]\d{1,2}[.\-/月]\d{1,2}日?|征求意见稿|送审稿|讨论稿)[)）]$"
)
_FILE_NUMBER_END = compiled(r"[(（]\d{1,3}[)）]\s*(?:VIP专免|VIP免费|VIP)?$")
_SITE_SUFFIX = compiled(r"\s*[|｜]\s*[^|｜]{1,12}$|\s*[-—_]\s*[^-—_|｜]{2,16}(?:网站|门户网|网)$")


# a model-essay site's label before the title: 范文资料：全县…实施方案
_ESSAY_LABEL = compiled(r"^(?:精选|推荐|优秀|最新)?范文(?:资料|参考|精选)?\s*[:：]\s*")


def _page_title(line: str) -> str:
    """A line as a title: without a document site's file name (….docxVIP), its file number
    (某市2022年政府工作报告(19)VIP专免) or label (范文资料：), or a page's section after a bar
    (…的讲话|动员部署会议)."""
    line = _FILE_NAME_END.sub("", line)
    numbered = _FILE_NUMBER_END.search(line)
    if numbered and _TITLE_WORDS.search(line[: numbered.start()]):
        line = line[: numbered.start()]
    label = _ESSAY_LABEL.match(line)
    if label and _TITLE_WORDS.search(line[label.end() :]):
        line = line[label.end() :]
    site = _SITE_SUFFIX.search(line)
    if site and (_SPOKEN_TITLE.search(line[: site.start()]) or _TITLE_WORDS.search(line[: site.start()])):
        return line[: site.start()]
    return line


_ON_BEHALF = _lazy(
    rf"现在[，,]\s*我代表([{HAN}]{{2,10}}?[省市县区旗])人民政府[，,]?\s*向大会(?:报告政府工作|作政府工作报告|报告工作)"
)
_ISSUER_LINE = compiled(rf"^[{HAN}]{{2,16}}(?:人民政府|政府办公室|办公室|办公厅|委员会)$")
_TITLE_FIELD = _lazy(
    rf"(?:标\s*题|名\s*称)\s*[|｜:：]\s*(?:[{HAN}]{{1,8}}[〔\[［(（]\d{{4}}[〕\]］)）]\s*\d{{1,4}}\s*号\s*)?"
    r"(?P<title>[^|｜\s]{6,80}?)\s*(?:[|｜]|\s+(?:文\s*号|发文字号|索引号)[:：]|$)"
)
_FILE_NAME_END = compiled(r"\.(?:docx?|pdf|wps|txt|ofd)(?:VIP)?$", re.I)
_SALUTATION = _lazy(r"(?:各位代表|同志们|各位委员|各位领导、同志们)[:：]")
_SPOKEN_TITLE = compiled(r"(?:报告|讲话|发言|致辞|主持词)$")
_PUBLISHED = _lazy(r"(?:发布|印发|公布|出台)了?《([^《》]{6,60})》")
# news of a report carried in full, in its dateline's paragraph: 新华社受权全文播发…所作的《政府工作报告》
_CARRIED_IN_FULL = _lazy(r"全文(?:播发|刊发|发布)[^《》。]{0,40}?所作的《([^《》]{4,60})》")
_NUMBER_BEFORE_TITLE = _lazy(
    rf"^[{HAN}]{{1,8}}[〔\[［(（]\d{{4}}[〕\]］)）]\d{{1,4}}号\s*《([^《》]{{6,70}})》$"
)
_TITLE_WORDS = compiled(
    r"关于.{2,60}的(?:若干|实施|指导)?(?:通知|意见|决定|方案)|工作报告$|实施方案$|工作要点$|责任分工$|责任清单$"
    r"|(?:管理)?(?:办法|条例|规定|细则)(?:[(（](?:草案|试行|暂行)[)）])?$"
)
_CONGRESS_SESSION = _lazy(
    rf"(?:^|(?<=[，,。、\s日]))([{HAN}]{{1,8}}?[省市县区旗])第[{CN_ORDINAL}]{{1,4}}届人民代表大会第[{CN_ORDINAL}]{{1,3}}次会议"
)
_REPORT_NEWS = _lazy(rf"([{HAN}]{{1,8}}?[省市县区旗])人民政府[{HAN}、]{{0,12}}作(?:了)?政府工作报告。$")


def _inline_run(text: str, start: int, end: int) -> list[Node]:
    """一是…二是…三是… inside one paragraph, numbered from one without gaps."""
    found = []
    for m in _INLINE.finditer(text, start, end):
        number = cn_to_int(m.group(1))
        if number is None:
            continue
        found.append((number, m))
    run = _numbered_run(text, found, after_comma=False)
    if len(run) < 2:
        # reported speech opens the run after a comma (…指出，一要…。二要…。三要…): taken when
        # three items or more follow and every later one opens a sentence of its own
        run = _numbered_run(text, found, after_comma=True)
        if len(run) < 3 or any(text[m.start() - 1] not in "。；;！!？?" for _, m in run[1:]):
            run = []
    if len(run) < 2:
        run = _inline_numbers(text, start, end)
    if len(run) < 2:
        return _counted_clauses(text, start, end) or _chain_run(text, start, end)
    nodes = []
    for i, (number, m) in enumerate(run):
        body_end = run[i + 1][1].start() if i + 1 < len(run) else end
        title, sent_end = _title_at(text, m.end(), body_end)
        if i == len(run) - 1 and i >= 1 and _cut_off_at(text, m.end(), body_end):
            break  # the page ends inside this item's first sentence (二是产业结构持续优化…): not an item
        # a long sentence: its first clause names the item (一是全面实施营改增，从…)
        if sent_end - m.end() > 31:
            title = re.split(r"[，,：:]", title, maxsplit=1)[0]
        title = title.rstrip("，,、 ")
        # a number skipped or repeated: kept, and shown as uncertain
        damaged = cn_to_int(m.group(1)) != number or (i > 0 and number not in (1, run[i - 1][0] + 1))
        nodes.append(
            Node(
                title,
                m.start(),
                sent_end,
                m.start(),
                body_end,
                (m.group(1) + m.group(2))
                if m.group(2)
                else ("n." if m.group(0).strip()[-1] in ".．、" else "(n)")
                if m.group(1).isdigit()
                else "①",
                "task",
                0.6 if damaged else 0.85,
                number,
            )
        )
        if not m.group(2):
            nodes[-1].label = m.group(0).strip()  # （1） as written
    return nodes


# A count of the speaker's own parts before a colon, the parts following as clauses up to ；:
# 要重点抓好七个方面工作：坚持…，推动…；坚持…，推动…；….
_COUNTED_PARTS = compiled(
    rf"(?<![第{CN_NUM}\d])([{CN_NUM}]{{1,2}}|\d{{1,2}})(?:个方面|方面|项|件)(?:重点|主要)?(?:工作|任务)[：:]"
)


def _counted_clauses(text: str, start: int, end: int) -> list[Node]:
    """Exactly as many clauses up to ``；`` as the count before the colon, in one sentence; each
    clause is an item titled as written."""
    if "；" not in text[start:end] and ";" not in text[start:end]:
        return []
    for m in _COUNTED_PARTS.finditer(text, start, end):
        want = cn_to_int(m.group(1))
        stop = text.find("。", m.end(), end)
        if not want or want < 2 or stop < 0:
            continue
        nodes: list[Node] = []
        at = m.end()
        for clause in re.split(r"[；;]", text[m.end() : stop]):
            title = clause.strip()
            if not 4 <= len(title) <= 60 or re.search(r"[：:]", title):
                return []
            lead = at + len(clause) - len(clause.lstrip())
            nodes.append(
                Node(
                    title, lead, lead + len(title), lead, lead + len(title), "；", "task", 0.7, len(nodes) + 1
                )
            )
            at += len(clause) + 1
        if len(nodes) == want:
            return nodes
    return []


# A clause that announces the run after it, before a comma: 重点抓好三件事，一是…; 做好以下工作，一是….
_ANNOUNCED = _lazy(
    rf"(?:[{CN_NUM}\d]{{1,2}}(?:件|个|项|点|条|方面)[{HAN}]{{0,6}}|以下[{HAN}]{{0,6}}|如下|几点[{HAN}]{{0,4}})$"
)


def _cut_off_at(text: str, start: int, end: int) -> bool:
    """The text stops, mid-sentence, before the first sentence that opens at ``start`` ends."""
    tail = text.rstrip()
    return (
        end >= len(tail)
        and not _SENTENCE_END.search(text, start, end)
        and tail[-1:] not in "。！？!?；;：:”）)"
    )


def _numbered_run(
    text: str, found: list[tuple[int, re.Match[str]]], after_comma: bool
) -> list[tuple[int, re.Match[str]]]:
    run: list[tuple[int, re.Match[str]]] = []
    skipped = False
    for number, m in found:
        if not run and not after_comma and m.start() > 0 and text[m.start() - 1] in "，,":
            clause = re.split(r"[，,。；;！？!?：:\n]", text[max(0, m.start() - 40) : m.start() - 1])[-1]
            if not _ANNOUNCED().search(clause):
                continue  # a run opens after a sentence end or a colon; later items may follow a comma (…，二是…)
        same = not run or run[0][1].group(2) == m.group(2)
        expected = run[-1][0] + 1 if run else 1
        if same and (number == expected or (run and number == expected + 1 and not skipped)):
            # one number lost (OCR, a line break) does not end the run
            skipped = skipped or number != expected
            run.append((number, m))
        elif same and number == 1 and len(run) >= 2 and text[m.start() - 1] in "：:":
            # a second enumeration in the paragraph, after its own lead (“两增”：一是…二是…“三突破”：一是…)
            skipped = False
            run.append((number, m))
    return run


_INLINE_NUMBER_MARKS = (  # (cheap test that the paragraph may hold the marks, the marks)
    (compiled(r"[（(]\d"), compiled(r"(?<=[。；;！!？?：:])\s*[（(](\d{1,2})[）)]()")),
    (compiled("[\u2460-\u2473]"), compiled("(?<=[。；;！!？?：:])\\s*([\u2460-\u2473])()")),  # …：①…；②…
    (
        compiled(r"[。；;：:]\s*\d{1,2}[.．、]"),
        compiled(r"(?<=[。；;：:])\s*(\d{1,2})[.．、](?!\d)()"),
    ),  # …：1. …；2. …
)


def _inline_numbers(text: str, start: int, end: int) -> list[tuple[int, re.Match[str]]]:
    """（1）…。（2）…。, ①…；②… or 1. …；2. … inside one paragraph, after a sentence end or a
    colon, numbered from one."""
    best: list[tuple[int, re.Match[str]]] = []
    for may_hold, pattern in _INLINE_NUMBER_MARKS:
        if not may_hold.search(text, start, end):
            continue
        run: list[tuple[int, re.Match[str]]] = []
        damaged = False  # one number skipped (1. 2. 4.) or repeated (1. 2. 2. 4.) does not end the run
        for m in pattern.finditer(text, start, end):
            number = cn_to_int(m.group(1))
            expected = len(run) + 1 if not run else run[-1][0] + 1
            if number == expected:
                run.append((number, m))
            elif run and not damaged and number in (expected - 1, expected + 1) and number:
                damaged = True
                run.append((expected if number == expected - 1 else number, m))
        if len(run) > len(best):
            best = run
    return best


# An instruction given as a chain of sentences: 要…。要…。要…。 / 首先…其次…最后….
_CHAIN = compiled(r"(?:^|(?<=[。！？；!?;\n]))\s*(要(?![求素点闻害是么不紧想])|首先|其次|再次|最后)")
_ORDINAL_WORDS = ("首先", "其次", "再次", "最后")
# Lessons drawn in a report's review: 有以下几点体会：必须坚持…。必须坚持…。必须…。
_LESSON = compiled(r"(?:^|(?<=[。！？；!?;\n：:]))\s*(必须)(?![要是的])")


def _chain_run(text: str, start: int, end: int) -> list[Node]:
    lessons = list(_LESSON.finditer(text, start, end)) if "必须" in text[start:end] else []
    # announced by a colon (…几点体会：必须…) or opening the paragraph, as an inline 一是 run is
    if len(lessons) >= 3 and text[start : lessons[0].start(1)].rstrip()[-1:] in ("", "：", ":"):
        return _lesson_run(text, lessons, end)
    found = list(_CHAIN.finditer(text, start, end))
    chain = [m for m in found if m.group(1) == "要"]
    if len(chain) < 3:
        chain = [m for m in found if m.group(1) in _ORDINAL_WORDS]
        words = [m.group(1) for m in chain]
        if len(chain) < 2 or words != sorted(words, key=_ORDINAL_WORDS.index) or words[0] != "首先":
            return []
    nodes = []
    for i, m in enumerate(chain):
        body_end = chain[i + 1].start(1) if i + 1 < len(chain) else end
        title, sent_end = _title_at(text, m.end(1), body_end)
        title = title.lstrip("，, ")
        if len(title) > 30:
            title = re.split(r"[，,：:]", title, maxsplit=1)[0]
        if len(title) >= 4:
            nodes.append(
                Node(title, m.start(1), sent_end, m.start(1), body_end, m.group(1), "task", 0.6, i + 1)
            )
    return nodes if len(nodes) >= 2 else []


def _lesson_run(text: str, lessons: list[re.Match[str]], end: int) -> list[Node]:
    """A chain of lessons is items titled as written (必须坚持…), by the first clause when long."""
    nodes = []
    for i, m in enumerate(lessons):
        body_end = lessons[i + 1].start(1) if i + 1 < len(lessons) else end
        title, sent_end = _title_at(text, m.start(1), body_end)
        if len(title) > 30:
            title = re.split(r"[，,：:]", title, maxsplit=1)[0]
        nodes.append(Node(title, m.start(1), sent_end, m.start(1), body_end, "必须", "task", 0.6, i + 1))
    return nodes


def _consistent(headings: list[_Heading]) -> list[_Heading]:
    """Keep numbered headings where their numbers run in sequence (drops stray “1.” lines).

    Numbers are counted per family and per section: a heading of a higher family (一、 above
    （一）, 第一章 above 第一条) opens a section where the deeper families may start afresh or go
    on counting (reports that number （一）…（十五） through all their parts). A run tolerates one
    skipped number (三 after 一: a heading lost to OCR or a line break), the first number of a
    section lost (（二） opening it), a repeated number, and a jump of a few numbers when the next
    heading of the family goes on from it (二、五、六: headings lost in between), and an excerpt
    that opens inside a run (（六）…（七）…); such headings are kept with a lower confidence, so
    that the review page shows them as uncertain.
    """
    out = []
    last: dict[str, int] = {}
    rank = _family_ranks(headings)
    fresh: set[str] = set()  # families that have not appeared yet in the section now open
    count: dict[str, int] = {}  # headings of each family kept in the section now open
    for i, h in enumerate(headings):
        if h.number is not None and h.kind != "聚焦":
            prev = last.get(h.kind)
            in_step = h.number == 1 or (prev is not None and h.number == prev + 1)
            if not in_step:
                base = prev if prev is not None else 0
                tolerated = (
                    (prev is not None and h.number in (prev, prev + 2))
                    or (h.kind in fresh and h.number == 2)
                    # numbers misread before it (（二）（二）（二）（五）): it stands in its own place
                    or (prev is not None and h.number == count.get(h.kind, 0) + 1)
                    or (base < h.number <= (99 if prev is None else base + 4) and _goes_on(headings, i))
                    # a page that opens at a part of a report (三、开展三大行动，…): its first line
                    or (prev is None and h.para == 0 and h.kind in ("cn、", "(cn)") and h.number <= 20)
                )
                if not tolerated:
                    continue
                h.node.confidence = min(h.node.confidence, 0.6)
        if h.kind in rank:
            fresh.discard(h.kind)
            fresh.update(k for k, r in rank.items() if r > rank[h.kind] and k in last)
            for k, r in rank.items():
                if r > rank[h.kind]:
                    count[k] = 0
            count[h.kind] = count.get(h.kind, 0) + 1
        last[h.kind] = h.number if h.number is not None else 0
        out.append(h)
    # a dash list (——坚持…) needs at least two neighbouring lines, or a line of its own that reads as
    # a part's heading (——坚持改进作风，自身建设不断加强), not as a subtitle (——在县人代会上的报告)
    dash = {h.para for h in out if h.kind == "——"}
    return [
        h
        for h in out
        if h.kind != "——" or h.para - 1 in dash or h.para + 1 in dash or _dash_heading(h.node.title)
    ]


_SUBTITLE_WORDS = compiled(r"会议|大会|讲话|报告|致辞|发言|\d|[年月日]")


def _dash_heading(title: str) -> bool:
    parts = re.split(r"[，,]", title)
    return (
        len(parts) == 2
        and all(4 <= len(p) <= 14 for p in parts)
        and not _SUBTITLE_WORDS.search(title)
        and not title.endswith("上")
    )


def _goes_on(headings: list[_Heading], i: int) -> bool:
    """The next heading of the same family carries on from this one's number."""
    h = headings[i]
    nxt = next((o for o in headings[i + 1 :] if o.kind == h.kind), None)
    return nxt is not None and h.number is not None and nxt.number == h.number + 1


# A paragraph's opening sentence that is a heading of its own: short, no figures, at most one comma.
_TOPIC_SENTENCE = compiled(rf"([{HAN}“”、]{{4,24}}|[{HAN}“”、]{{2,14}}[，,][{HAN}“”、]{{2,16}})。")
_NOT_TOPIC = compiled(
    r"^(?:今年|去年|明年|过去|一年来|五年来|这一年|这五年|我们|同时|此外|总之|当前|目前|因此|为此|其中|各位|从根本上|展望)|之年$|的一年$|"
    r"[一二三四五六七八九十]是|"
    # sayings and reflections, not headings: 上下同欲者胜, 奋斗才能赢得未来, 大道至简，实干为要
    r"我们|我国|我省|我市|我区|我县|大家|才能|就能|一切|者胜$|为要$|时期|之中|信心"
)


# Statements of fact or judgement are not topics: X是Y (改善民生是…的根本目的; 这是…的五年 is a
# heading of a review), …刻不容缓, …即将…; nor look-backs (前些年…, 经过…).
_STATEMENT = compiled(
    r"^(?!这是)[^，,]*?[^一二三四五六七八九十就还也不只]是(?![否指])|[，,]是|刻不容缓|即将|^(?:前些年|前几年|近年来|近几年|经过)"
)


# A year's review written in paragraphs that open with the year and its subject (这一年，我们坚定不移
# 促转型，产业发展奏响新乐章。): the rest of that sentence is the paragraph's topic. A five-year
# review's 这五年，我们… openings only introduce the achievements listed after them.
_REVIEW_OPENER = _lazy(r"这一年[，,]\s*我们(?=[^，,。]{2})")


def _topic_at(text: str, start: int, end: int, next_len: int) -> Node | None:
    """The paragraph's topic sentence as a node; a statement in its place gives a node with the
    marker ``statement``, which counts towards a section written in topic sentences but is no item."""
    opener = _REVIEW_OPENER().match(text, start, end)
    at = opener.end() if opener else start
    m = _TOPIC_SENTENCE.match(text, at, end)
    if not m or _NOT_TOPIC.search(m.group(1)):
        return None
    rest = end - m.end()
    # the sentence opens a paragraph, or stands alone above a longer one (a bold line); after a
    # review's opener it is a topic even where the page ends after it
    if rest <= 0 and next_len < 2 * (m.end() - start) and not opener:
        return None
    title = m.group(1)
    kind = "statement" if _STATEMENT.search(title) else "topic"
    return Node(title, at, at + len(title) + 1, start, end, kind, "task", 0.6)


def _with_topics(
    headings: list[_Heading], paras: list[tuple[int, int]], text: str, glossary: list[tuple[int, int]]
) -> list[_Heading]:
    """Paragraphs led by a short topic sentence (推动雄安新区高标准高质量建设。…) under a heading.

    Taken only when at least two such paragraphs sit under the same heading.
    """
    out: list[_Heading] = []
    for i, h in enumerate(headings):
        out.append(h)
        if h.kind in _DEEP_KINDS:
            continue
        # up to the next heading of the outline proper; dash lines in between do not end the section
        nxt = next((o.para for o in headings[i + 1 :] if o.kind not in _DEEP_KINDS), len(paras))
        taken = {o.para for o in headings[i + 1 :] if o.para < nxt}
        topics = []
        for index in range(h.para + 1, nxt):
            start, end = paras[index]
            if (start, end) in glossary or index in taken:
                continue
            next_len = paras[index + 1][1] - paras[index + 1][0] if index + 1 < len(paras) else 0
            node = _topic_at(text, start, end, next_len)
            if node is not None:
                topics.append(_Heading("topic", None, node, index))
        opened = any(_REVIEW_OPENER().match(text, paras[t.para][0]) for t in topics)
        if (
            len(topics) >= 2
            or len(topics) == 1
            and (opened or _cut_in_next(text, paras, topics[0].para, nxt))
        ):
            out.extend(t for t in topics if t.node.marker == "topic")
    return out


def _cut_in_next(text: str, paras: list[tuple[int, int]], para: int, section_end: int) -> bool:
    """A page cut off inside the second topic sentence of a section (沉着应对…，…保障。… then a last
    line 突出“两业): the one topic found stands for the run."""
    if section_end != len(paras) or para != len(paras) - 2:
        return False
    start, end = paras[-1]
    last = text[start:end].strip()
    return 0 < len(last) <= 24 and not re.search(r"[。！？!?；;，,]", last)


def _plain_headings(
    paras: list[tuple[int, int]], text: str, title_span: tuple[int, int] | None
) -> list[_Heading]:
    """Unnumbered headings (2022年工作回顾) in a text that has no numbered ones."""
    out = []
    for index, (start, end) in enumerate(paras[1:-1], start=1):
        line = text[start:end]
        nxt_start, nxt_end = paras[index + 1]
        if (start, end) == title_span or not _PLAIN_HEADING().match(line) or nxt_end - nxt_start < 50:
            continue
        if not re.search(r"工作|回顾|任务|目标|要求|措施|安排|意见|思路|重点", line):
            continue
        node = Node(line, start, end, start, end, "plain", "task", 0.5)
        out.append(_Heading("plain", None, node, index))
    return out


# Legislative structure has its own fixed order and is never nested under another family: a
# notice's 一、二、 before the text of a regulation it publishes stay beside its chapters.
_LEGISLATIVE_RANK = {"第n部分": -4, "第n章": -3, "第n节": -2, "第n条": -1}


def _rank_of(rank: dict[str, int], kind: str) -> int:
    """The level of a family: fixed for legislative structure, else by first appearance."""
    if kind in _LEGISLATIVE_RANK:
        rank.setdefault(kind, _LEGISLATIVE_RANK[kind])
    else:
        rank.setdefault(kind, sum(1 for k in rank if k not in _LEGISLATIVE_RANK))
    return rank[kind]


# The standard order of the numbered levels of an official document: 一、 （一） 1. （1）, then 1） ⑴ ①.
_STANDARD_ORDER = ("cn、", "(cn)", "n.", "(n)", "n)", "⑴", "①")


def _family_ranks(headings: list[_Heading]) -> dict[str, int]:
    """Each family's level: legislative structure fixed, the numbered levels in their standard
    order, the other families (一是, 第一，, 聚焦…) where they first appear.

    A numbered family that appears before one standing above it in the standard order keeps its
    place only when the other restarts at one under it (1.总体要求 （一）… 2.主要任务 （一）…); a
    task list numbered 1.… straight through its （一）（二） sections does not put them under 1."""
    rank: dict[str, int] = {}
    for h in headings:
        if h.kind not in _DEEP_KINDS:
            _rank_of(rank, h.kind)
    present = [k for k in _STANDARD_ORDER if k in rank]
    if len(present) < 2:
        return rank
    restarts = Counter(h.kind for h in headings if h.number == 1)

    def above(a: str, b: str) -> int:  # negative: a stands above b
        standard = _STANDARD_ORDER.index(a) - _STANDARD_ORDER.index(b)
        written = rank[a] - rank[b]
        if (standard < 0) == (written < 0):
            return written
        upper, lower = (a, b) if standard < 0 else (b, a)
        keep_written = restarts[upper] >= 2  # the standard upper one is nested under the other
        return written if keep_written else standard

    slots = sorted(rank[k] for k in present)
    for slot, kind in zip(slots, sorted(present, key=cmp_to_key(above)), strict=True):
        rank[kind] = slot
    return rank


def _nest(headings: list[_Heading], paras: list[tuple[int, int]], text: str) -> list[Node]:
    """Nest headings by their families' levels (:func:`_family_ranks`)."""
    headings = sorted(headings, key=lambda h: h.para)
    rank = _family_ranks(headings)
    for offset, kind in enumerate(_DEEP_KINDS):
        rank[kind] = 100 + offset
    roots: list[Node] = []
    stack: list[tuple[int, Node]] = []
    for i, h in enumerate(headings):
        level = rank[h.kind]
        nxt = headings[i + 1].para if i + 1 < len(headings) else len(paras)
        h.node.body_end = paras[nxt - 1][1] if nxt - 1 >= h.para else h.node.body_end
        while stack and stack[-1][0] >= level:
            stack.pop()
        if stack:
            stack[-1][1].children.append(h.node)
        else:
            roots.append(h.node)
        stack.append((level, h.node))
    for node in roots:
        _extend_bodies(node)
    return roots


def _clauses_of_articles(items: list[Node], text: str) -> None:
    """An article's clauses ((一) 深入学习…，认真落实…，结合实际实施乡村振兴战略。) are sentences of the
    rule, not headings: each is titled by its whole first sentence, as the article is."""
    patterns = dict(_PARA_MARKERS)
    for article in _all(items):
        if article.marker != "第n条":
            continue
        for clause in article.children:
            pattern = patterns.get(clause.marker)
            body = text[clause.start : clause.body_end]
            m = pattern.match(body) if pattern and clause.marker in ("(cn)", "n.", "(n)") else None
            if m:
                title, _ = _title_at(text, clause.start + m.end(), clause.body_end, _TITLE_LIMIT["第n条"])
                clause.title = title or clause.title


def _extend_bodies(node: Node) -> None:
    for child in node.children:
        _extend_bodies(child)
    if node.children:
        node.body_end = max(node.body_end, node.children[-1].body_end)


def _all(nodes: list[Node]) -> list[Node]:
    out = []
    for n in nodes:
        out.append(n)
        out.extend(_all(n.children))
    return out


def _attach_runs(items: list[Node], runs: list[tuple[int, list[Node]]], paras: list[tuple[int, int]]) -> None:
    """Inline enumerations become children of the deepest item whose body holds them."""
    for _index, run in runs:
        owner = None
        for node in _all(items):
            if node.body_start <= run[0].start < node.body_end + 1 and node.start <= run[0].start:
                if owner is None or node.body_start >= owner.body_start:
                    owner = node
        if owner is None:
            items.extend(run)
            for node in run:
                node.kind_hint = "pillar"
        else:
            owner.children.extend(run)


_GROUP = compiled(
    rf"((?:[{HAN}]{{2,10}}、)+[{HAN}]{{2,10}}?)([{CN_NUM}]|\d)大([{HAN}]{{2,6}}?(?:产业|产品|行动|工程|战略|任务|板块|基地|体系|领域))"
)


def _attach_groups(items: list[Node], text: str) -> None:
    """``茶产业、食用菌两大农业产业`` inside an item: a group of tasks counted by its slogan."""
    from luoshi.ingest.extract import strip_verbs

    for node in _all(items):
        if node.children and node.marker not in ("list",):
            continue
        for m in _GROUP.finditer(text, node.start, node.body_end):
            parts = m.group(1).split("、")
            n = cn_to_int(m.group(2))
            if n is None or n != len(parts) or n < 2:
                continue
            first = strip_verbs(parts[0])
            title = "、".join([first, *parts[1:]]) + m.group(2) + "大" + m.group(3)
            start = m.end() - len(title)
            node.children.append(Node(title, start, m.end(), start, m.end(), "group", "task", 0.6, n))


# A news report of a work report names its parts in one sentence (报告分为2024年政府工作回顾、
# 2025年政府工作任务、加强和改进政府工作三个部分) and then tells each in its own paragraphs.
_PARTS_SENTENCE = _lazy(
    r"(?:报告|规划|方案|意见|讲话|纲要|《[^》]{2,30}》)(?:共|主要|全文)?分为?"
    r"(?P<list>(?:[^，。；：、,;:]{2,24}、)+[^，。；：、,;:]{2,24}?)等?"
    r"(?P<n>[两二三四五六七八]|[2-8])(?:个|大)?(?:部分|方面|篇章)"
)


_NUMBERED_PARTS_SENTENCE = _lazy(
    r"(?:报告|规划|方案|意见|讲话|纲要|《[^》]{2,30}》)(?:共|主要|全文)?分为?"
    r"(?P<n>[两二三四五六七八]|[2-8])(?:个|大)?(?:部分|方面|篇章)[：:]\s*"
    r"(?P<list>一、[^。\n]{2,200})(?=。|$)"
)
_NUMBERED_PART = _lazy(r"([一二三四五六七八])、([^；;，,。、]{2,30})")


def _bigrams(text: str) -> set[str]:
    key = title_key(text)
    return {key[i : i + 2] for i in range(len(key) - 1)}


def _announced_parts(text: str, paras: list[tuple[int, int]], items: list[Node]) -> list[Node]:
    """Parts named in one sentence become the top level when the text has no numbered headings of
    its own; each enumeration goes under the part its lead names (在回顾2024年政府工作时，…一是…)."""
    if any(not n.marker.endswith(("是", "要")) for n in items):
        return items
    m = _PARTS_SENTENCE().search(text)
    if m is not None:
        at, names = m.start("list"), m.group("list").split("、")
        spans = []
        for name in names:
            spans.append((name, at))
            at += len(name) + 1
    else:
        # the parts numbered after a colon: 报告共分两个部分：一、过去一年和五年工作回顾；二、…。
        m = _NUMBERED_PARTS_SENTENCE().search(text)
        if m is None:
            return items
        spans = [(p.group(2), p.start(2)) for p in _NUMBERED_PART().finditer(m.group("list"))]
        spans = [(name, m.start("list") + at) for name, at in spans]
        if [cn_to_int(p.group(1)) for p in _NUMBERED_PART().finditer(m.group("list"))] != list(
            range(1, len(spans) + 1)
        ):
            return items
    if cn_to_int(m.group("n")) != len(spans):
        return items
    parts = [
        Node(name, at, at + len(name), m.end(), m.end(), "part", "pillar", 0.7, number, label="")
        for number, (name, at) in enumerate(spans, start=1)
    ]
    owner: Node | None = None
    for node in items:
        para_start = next((a for a, b in paras if a <= node.start <= b), node.start)
        opening = re.match(r"[^，,。；;：:]{2,40}", text[para_start : node.start])
        lead = _bigrams(text[max(para_start, node.start - 40) : node.start])
        lead |= _bigrams(opening.group()) if opening else set()
        best = max(parts, key=lambda part: len(lead & _bigrams(part.title)))
        if node.start > m.end() and len(lead & _bigrams(best.title)) >= 3:
            owner = best
        if owner is None:
            return items  # an enumeration no part claims: the parts are not this text's outline
        node.kind_hint = "task"
        owner.children.append(node)
        owner.body_start = min(owner.body_start, para_start) if owner.children[1:] else para_start
        owner.body_end = max(owner.body_end, node.body_end)
    return parts


# An unquoted count of kinds in the sentence before a 一是…二是… run that spells them out:
# 着力培育四大主导产业，整合优势资源。一是培育做大建材业。二是…
_COUNT_BEFORE_RUN = _lazy(
    rf"(?<![第{CN_NUM}\d])(?P<name>(?P<n>[二三四五六七八九十两])(?:大|个|项|类)[{HAN}]{{0,4}}?"
    r"(?:产业|工程|行动|战略|板块|基地|园区|领域))(?![{HAN}]{0,2}(?:基地|集群|园|链))"
)


def _counted_runs(outline: Outline, text: str) -> None:
    """A run of 一是… items right after a sentence that counts them is that count's slogan list; a run
    the page cuts inside its last item may fall one short (the mismatch shows in the review)."""
    named = {s.name for s in outline.slogans if s.items}
    lists = [outline.items] + [n.children for n in _all(outline.items)]
    for nodes in lists:
        run = [n for n in nodes if n.marker.endswith("是")]
        if len(run) < 2 or [n.number for n in run] != list(range(1, len(run) + 1)):
            continue
        first = run[0]
        lead_start = max(text.rfind("\n", 0, first.start) + 1, first.start - 80)
        lead = text[lead_start : first.start]
        found = list(_COUNT_BEFORE_RUN().finditer(lead))
        if not found or re.search("[。！？；]", lead[found[-1].end() :].rstrip("。 ")):
            continue  # the count must stand in the sentence right before the run
        m = found[-1]
        want = cn_to_int(m.group("n")) or 0
        rest = text[run[-1].body_end :].strip()
        cut = want == len(run) + 1 and (not rest or (len(rest) <= 30 and not re.search("[。！？；\n]", rest)))
        if m.group("name") in named or not (want == len(run) or cut):
            continue
        at = lead_start + m.start("name")
        outline.slogans.append(
            Slogan(
                m.group("name"),
                None,
                [want],
                at,
                at + len(m.group("name")),
                [_copy(n) for n in run],
                confidence=0.8,
                listed_only=True,
            )
        )


# --- merging a slogan's list with the outline -------------------------------------------------


def merge_slogan_outline(slogan: Slogan, items: list[Node]) -> tuple[list[Node], list[Node]] | None:
    """Fit the outline's top items under the slogan's listed items.

    Returns ``(merged items, leftover outline items)`` when at least half of the
    slogan's items are found as headings, else ``None``.  Outline items that match
    no slogan item and sit between two matched ones become children of the unmatched
    slogan item between them (聚焦“做强能源产业” under 做强两大产业).
    """
    if not slogan.items:
        return None
    matches: dict[int, int] = {}
    for i, node in enumerate(items):
        for j, s_item in enumerate(slogan.items):
            node_key, item_key = title_key(node.title), title_key(s_item.title)
            # the same item, its outline title cut at its first comma (力促…竣工落成，敦促…)
            prefix = len(node_key) >= 4 and item_key.startswith(node_key)
            if j not in matches.values() and (titles_match(node_key, item_key) or prefix):
                matches[i] = j
                break
    if len(matches) * 2 < len(slogan.items):
        return None
    merged = [
        Node(
            s.title,
            s.start,
            s.end,
            s.body_start,
            s.body_end,
            s.marker,
            "pillar",
            s.confidence,
            s.number,
            [],
            s.expected_children,
        )
        for s in slogan.items
    ]
    leftovers: list[Node] = []
    for i, node in enumerate(items):
        if i in matches:
            target = merged[matches[i]]
            target.children.extend(node.children)
            target.start, target.end, target.marker = node.start, node.end, node.marker
            target.body_start, target.body_end = node.body_start, node.body_end
            target.confidence = 0.95
            continue
        prev_j = max((matches[k] for k in matches if k < i), default=-1)
        next_j = min((matches[k] for k in matches if k > i), default=len(merged))
        gap = [j for j in range(prev_j + 1, next_j)]
        if gap:
            parent = merged[gap[0]]
            if len(gap) > 1:
                # several unmatched slogan items in the gap: prefer one sharing a leading verb
                for j in gap:
                    if merged[j].title[:2] == node.title[:2]:
                        parent = merged[j]
                        break
            node.kind_hint = "task"
            node.confidence = 0.8
            parent.children.append(node)
            parent.confidence = 0.85
        else:
            leftovers.append(node)
    return merged, leftovers


def enumeration_name(text: str, run: list[Node]) -> str:
    """Name an enumeration by the clauses just before it that count it (做好五个强化,实现五个新突破)."""
    before = text[max(0, run[0].start - 200) : run[0].start].rstrip()
    sentence = re.split(r"[。！？!?]", before.rstrip("。：:"))[-1]
    clauses = re.split(r"[，,；;]", sentence)
    count = len(run)
    picked: list[str] = []
    for clause in reversed(clauses):
        m = _COUNT_WORD.search(clause)
        if m and cn_to_int(m.group(1)) == count and "“" not in clause:
            picked.insert(0, clause.strip())
        elif picked:
            break
    return ",".join(picked)


# --- slogans whose items come after them -------------------------------------------------------

_AFTER_QUOTE = compiled(r"\s*(?:[：:]|[，,]?即|[，,]?是指|[（(])")
# An inline enumeration right after a slogan's colon: “五个突破”：一是A。二是B。
_ORDINAL_LEAD = compiled(rf"([{CN_NUM}])是")
_INLINE_NUMBER = compiled(r"[（(](\d{1,2})[）)]")


def _slogan_items_from_outline(outline: Outline, text: str) -> None:
    """Give a slogan the items the text lists right after it.

    “X”：A、B、C; a heading naming the slogan whose sub-items are as many as it counts; the
    numbered headings that follow the sentence naming it (办好十方面民生实事 → 1.…10.); or, in
    the paragraph after it, as many short sentences opening with the same words (打造…产业集群。)
    or inline numbers (（1）…（10）).
    """
    nodes = _all(outline.items) + [n for _, items in outline.annexes for n in _all(items)]
    for slogan in outline.slogans:
        if slogan.items or not slogan.expected:
            continue
        want = len(slogan.expected) if slogan.slogan_number else sum(slogan.expected)
        if want < 2:
            continue
        # A digit code (“1310”部署) is named, not enumerated, unless the list stands right by it.
        digits = slogan.slogan_number is not None and slogan.slogan_number.isdigit()
        keyword = _slogan_keywords(slogan.name)
        for at in _occurrences(text, slogan):
            items = _items_after_quote(text, at, want) or _items_after_intro(text, at, want, keyword)
            if not items and not digits and not slogan.listed_only:
                items = (
                    _items_of_heading(nodes, at, want, keyword)
                    or _items_following(outline.items, text, at, want)
                    or _items_in_paragraph(text, at, want, keyword)
                )
            if items:
                slogan.items = items
                slogan.start, slogan.end = at
                slogan.confidence = 0.8
                break


# An unquoted count named by a heading (三、开展三大行动，打造…): a slogan when the heading's
# sub-items are as many as it counts and each repeats its head noun (开展粮食安全保障行动…).
_HEADING_COUNT = compiled(
    rf"(?<![“\"‘{CN_NUM}\d])(?P<name>(?P<n>[二三四五六七八九十两])(?:大|个|项|件|种)(?P<rest>[{HAN}]{{1,4}}?))(?=[，,。；;：:、]|$)"
)


def _slogans_of_headings(outline: Outline) -> None:
    named = {s.name for s in outline.slogans}
    for node in _all(outline.items):
        if not node.children:
            continue
        for m in _HEADING_COUNT.finditer(node.title):
            name, rest = m.group("name"), m.group("rest")
            want = cn_to_int(m.group("n"))
            head = rest[-2:] if len(rest) >= 2 else rest
            if name in named or name in _NOT_FRAMEWORKS or not want:
                continue
            # fewer only where the page ends inside the heading's part (no heading after it)
            last = not any(n.start > node.start and not _within(n, node) for n in _all(outline.items))
            if not (len(node.children) == want or last and 2 <= len(node.children) < want):
                continue
            if not all(head in child.title for child in node.children):
                continue
            slogan = Slogan(name, None, [want or 0], node.start, node.end, [_copy(c) for c in node.children])
            outline.slogans.append(slogan)
            named.add(name)


def _within(node: Node, parent: Node) -> bool:
    return any(node is n for n in _all(parent.children))


def _one_owner(slogans: list[Slogan]) -> None:
    """A list belongs to the slogan it names: when two claim the same items (“六大产业基地”向“六大产业集群”)
    and the items repeat the head noun of one only, the other loses them."""
    for i, a in enumerate(slogans):
        for b in slogans[i + 1 :]:
            if not a.items or not b.items or [n.start for n in a.items] != [n.start for n in b.items]:
                continue
            if a.expected == b.expected and title_key(a.name.lstrip("0123456789" + CN_NUM)) == title_key(
                b.name.lstrip("0123456789" + CN_NUM)
            ):
                b.items = []  # one name written twice (10件实事, 这十件实事): one framework
                b.confidence = 0.75
                continue
            # both keep them when the items name both (实施…战略，…实现新突破: 五大战略, 五个新突破)
            score_a, score_b = _head_score(a), _head_score(b)
            if min(score_a, score_b) == 0 < max(score_a, score_b):
                loser = b if score_a > score_b else a
                loser.items = []
                loser.confidence = 0.75


def _head_score(slogan: Slogan) -> int:
    head = slogan.name[-2:]
    return sum(1 for n in slogan.items if head in n.title)


def _slogan_keywords(name: str) -> set[str]:
    """The words that the items of a counted slogan repeat (五大战略 → 战略; 五个中心 → 中心)."""
    m = _COUNTED.match(name)
    rest = m.group("rest") if m else name
    return {rest[i : i + 2] for i in range(len(rest) - 1)}


def _shares(titles: list[str], keywords: set[str]) -> bool:
    return sum(1 for t in titles if any(k in t for k in keywords)) * 2 >= len(titles)


_DONE = compiled(r"(?:已|均|全部|全面|圆满|顺利|如期|基本|超额)?(?:完成|落实到位|建成|兑现|取得)")


def _occurrences(text: str, slogan: Slogan) -> list[tuple[int, int]]:
    """Where the slogan is named, in order; a mention that reports it done (十方面民生实事圆满完成)
    introduces no list and comes last."""
    quoted = [(m.start(), m.end()) for m in re.finditer(rf"[“\"]{re.escape(slogan.name)}[”\"]", text)]
    found = quoted or [(m.start(), m.end()) for m in re.finditer(re.escape(slogan.name), text)]
    found = found or [(slogan.start, slogan.end)]
    return sorted(found, key=lambda at: bool(_DONE.match(text, at[1])))


def _copy(node: Node) -> Node:
    return Node(
        node.title, node.start, node.end, node.body_start, node.body_end, "list", "pillar", node.confidence
    )


def _items_after_quote(text: str, at: tuple[int, int], want: int) -> list[Node]:
    m = _AFTER_QUOTE.match(text, at[1])
    if not m:
        return []
    stop = re.compile(r"[。）)\n]").search(text, m.end())
    end = stop.start() if stop else len(text)
    base = m.end()
    ordinals = _numbered_list(text, base, want) or _ordinal_items(text, base, want)
    if ordinals:
        return ordinals
    parts = [(p.start(), p.group()) for p in re.finditer(r"[^、，,；;]+", text[base:end])]
    if len(parts) != want or any(len(p) > 30 for _, p in parts):
        # figures of a review, one clause each up to ；: “八个增长”：A 19.5亿元，增长15.6%；B…
        parts = [(p.start(), p.group()) for p in re.finditer(r"[^；;]+", text[base:end])]
        if len(parts) != want or any(len(p) > 40 or not re.search(r"\d", p) for _, p in parts):
            return []
    return [
        Node(p, base + o, base + o + len(p), base + o, base + o + len(p), "list", "pillar", 0.8)
        for o, p in parts
    ]


# A list announced after a counted name: in its own sentence (十件民生实事分别是：…) or in the next
# sentence, which points back to it (…10件实事。这十件实事是：…).
_INTRO_DIRECT = compiled(r"\s*(?:的)?(?:具体)?(?:内容)?(?:分别|主要|具体|依次)?(?:是|为|包括|如下)\s*[：:]")
_INTRO_NEXT = compiled(
    r"[^。！？\n]{0,12}[。！？]\s*(?P<lead>这|这些|其中|具体|主要)?(?P<body>[^。！？：:\n，,]{0,16}?)"
    r"(?:分别|主要|具体|依次)?(?:是|为|包括|如下)\s*[：:]"
)
# Inline numbers opening each item of such a list: 1.… 2.…, （1）…, ①…
_LIST_NUMBER = compiled(r"\s*(?:(\d{1,2})[.．、](?!\d)|[（(](\d{1,2})[）)]|([\u2460-\u2473]))")


def _items_after_intro(text: str, at: tuple[int, int], want: int, keywords: set[str]) -> list[Node]:
    """The items listed after a colon that announces them (这十件实事是：1.…。2.…。, 分别是：A；B；C).

    As inline numbers running from one (fewer only where the text ends inside the run), an
    一是…二是… run, or exactly as many clauses up to ；, or parts between 、, as the name counts."""
    m = _INTRO_DIRECT.match(text, at[1])
    if m is None:
        m = _INTRO_NEXT.match(text, at[1])
        if m is None or not (m.group("lead") or any(k in m.group("body") for k in keywords)):
            return []
    start = m.end()
    numbered = _numbered_list(text, start, want)
    if numbered:
        return numbered
    ordinals = _ordinal_items(text, start, want)
    if ordinals:
        return ordinals
    stop = re.compile(r"[。\n]").search(text, start)
    end = stop.start() if stop else len(text)
    for separator, longest in (("；;", 80), ("、", 20)):
        parts = [(p.start(), p.group()) for p in re.finditer(rf"[^{separator}]+", text[start:end])]
        marks = [re.match(rf"([{CN_NUM}]{{1,3}})是", p) for _, p in parts]
        if (
            len(parts) == want
            and all(marks)
            and [cn_to_int(m.group(1)) for m in marks if m] == list(range(1, want + 1))
        ):
            # 一是…；二是…；…十是…: each clause without its number
            parts = [(o + m.end(), p[m.end() :]) for (o, p), m in zip(parts, marks, strict=True) if m]
            longest = 120
        if len(parts) == want and all(2 <= len(p.strip()) <= longest for _, p in parts):
            return [
                Node(p, start + o, start + o + len(p), start + o, start + o + len(p), "list", "pillar", 0.8)
                for o, p in parts
            ]
    return []


def _numbered_list(text: str, start: int, want: int) -> list[Node]:
    out: list[Node] = []
    at = start
    while len(out) < want:
        m = _LIST_NUMBER.match(text, at)
        if not m:
            break
        mark = next(g for g in m.groups() if g)
        number = cn_to_int(mark) if mark.isdigit() else ord(mark) - 0x245F
        if number != len(out) + 1:
            break
        stop = re.compile(r"[。；;\n]").search(text, m.end())
        end = stop.start() if stop else len(text)
        title = text[m.end() : end].strip().rstrip("，,")
        if not 2 <= len(title) <= 80:
            break
        out.append(Node(title, m.end(), end, m.start(), end, "list", "pillar", 0.8))
        at = stop.end() if stop else len(text)
    if len(out) == want or (len(out) >= 2 and not text[at:].strip()):
        return out
    return []


def _ordinal_items(text: str, start: int, want: int) -> list[Node]:
    """一是A。二是B。… opening right after a slogan's colon: the first sentence of each, in order.

    As many as the slogan counts, or fewer when the text ends inside the run (a cut page)."""
    para_end = text.find("\n", start)
    para_end = len(text) if para_end < 0 else para_end
    out: list[Node] = []
    at = start
    while at < para_end and len(out) < want:
        m = _ORDINAL_LEAD.match(text, at)
        if not m or CN_DIGITS.get(m.group(1)) != len(out) + 1:
            break
        stop = re.compile(r"[。！？；;]").search(text, m.end(), para_end)
        if not stop:
            break
        title = text[m.end() : stop.start()]
        if not 2 <= len(title) <= 40:
            break
        out.append(Node(title, m.end(), stop.start(), m.start(), stop.start(), "list", "pillar", 0.8))
        following = _ORDINAL_LEAD.search(text, stop.end(), para_end)
        while following and CN_DIGITS.get(following.group(1)) != len(out) + 1:
            following = _ORDINAL_LEAD.search(text, following.end(), para_end)
        at = following.start() if following else para_end
    if len(out) == want or (len(out) >= 2 and not text[para_end:].strip()):
        return out
    return []


def _items_of_heading(nodes: list[Node], at: tuple[int, int], want: int, keywords: set[str]) -> list[Node]:
    for node in nodes:
        if node.start <= at[0] < node.end and len(node.children) == want:
            if _shares([c.title for c in node.children], keywords):
                return [_copy(child) for child in node.children]
    return []


_LIST_LEAD_IN = compiled(r"[。！]\s*(?:分别是|分别为|具体是|具体为|主要是|主要有|即)[：:]\s*$")


def _items_following(roots: list[Node], text: str, at: tuple[int, int], want: int) -> list[Node]:
    """The numbered sibling headings that start right after the sentence naming the slogan.

    The slogan must close its paragraph (办好十方面民生实事。 / 做到“五个更加注重”：).
    """
    para_end = text.find("\n", at[1])
    # … or be followed only by words that announce the list (…15件大事和民生实事。分别是：)
    after = _LIST_LEAD_IN.sub("", text[at[1] : para_end]) if para_end >= 0 else ""
    if para_end < 0 or re.search(r"[。！？][^。！？]*[。！？：:]?$", after.rstrip("。：: ")):
        return []
    siblings: list[list[Node]] = [roots]
    for node in _all(roots):
        if node.children:
            siblings.append(node.children)
    for row in siblings:
        for i, node in enumerate(row):
            opening = text[para_end + 1 : node.start] if node.start > para_end else "x"
            if not (opening == "" or _SPEAKER.match(opening + "第一个")) or node.number not in (1, None):
                continue
            run = [node]
            for other in row[i + 1 :]:
                if other.marker != node.marker or (node.number and other.number != len(run) + 1):
                    break
                run.append(other)
            # fewer only where the text ends inside the run (a page cut off)
            if len(run) == want or (2 <= len(run) < want and _cut_inside(text, roots, run[-1])):
                return [_copy(n) for n in run]
    return []


def _cut_inside(text: str, roots: list[Node], last: Node) -> bool:
    """The page was cut off inside this item (a stored page's beginning): no heading follows it,
    at most its body paragraph does, and the text stops mid-sentence."""
    tail = text.rstrip()
    return (
        bool(tail)
        and tail[-1] not in "。！？!?；;”’）)"
        and not any(n.start > last.start for n in _all(roots))
        and sum(1 for line in tail[last.start :].split("\n") if line.strip()) <= 2
    )


def _items_in_paragraph(text: str, at: tuple[int, int], want: int, keywords: set[str]) -> list[Node]:
    end = text.find("\n", at[1])
    end = len(text) if end < 0 else end
    numbered = list(_INLINE_NUMBER.finditer(text, at[1], end))
    if [int(m.group(1)) for m in numbered[:want]] == list(range(1, want + 1)):
        out = []
        for m in numbered[:want]:
            clause = re.match(r"[^，,；;。]+", text[m.end() : end])
            if clause:
                title = clause.group()
                out.append(
                    Node(
                        title,
                        m.end(),
                        m.end() + len(title),
                        m.start(),
                        m.end() + len(title),
                        "list",
                        "pillar",
                        0.75,
                    )
                )
        if len(out) == want:
            return out
    sentences = [
        (m.start(), m.group(1))
        for m in re.finditer(r"(?<=[。！？；])([^。！？；]{4,24})。", text[at[1] : end])
    ]
    by_lead: dict[str, list[tuple[int, str]]] = {}
    for offset, sentence in sentences:
        if "，" not in sentence:
            by_lead.setdefault(sentence[:2], []).append((offset, sentence))
    for group in by_lead.values():
        if len(group) == want and _shares([t for _, t in group], keywords):
            base = at[1]
            return [
                Node(t, base + o, base + o + len(t), base + o, base + o + len(t), "list", "pillar", 0.7)
                for o, t in group
            ]
    return []
