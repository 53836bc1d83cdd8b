"""Things found inside a stretch of plan text: projects, targets, deadlines and units.

Each finder takes normalised (Simplified) text and an offset, and returns its findings
with spans in normalised offsets; the caller maps them back to the original.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from luoshi.ingest.lazy import compiled
from luoshi.ingest.lazy import lazy as _lazy
from luoshi.ingest.structure import cn_to_int

HAN = "\u4e00-\u9fff"


CLAUSE_SPLIT = compiled(r"[，,；;。！？!?：:\n|｜]")

# --- projects ---------------------------------------------------------------------------

_VERBS = (
    "坚定不移",
    "全力支持",
    "全力保障",
    "全力",
    "力促",
    "做大做强",
    "积极",
    "加快推进",
    "加快实施",
    "加快建设",
    "加快",
    "建设运行",
    "全面投运",
    "投运",
    "建成",
    "改扩建",
    "有序",
    "高效",
    "推进",
    "实施好",
    "实施",
    "启动",
    "开工",
    "建设",
    "完成",
    "支持",
    "配合",
    "推动",
    "谋划",
    "争取",
    "打造",
    "新建",
    "续建",
    "抓好",
    "做好",
    "重点",
    "大力",
    "着力",
    "深化",
    "发展",
    "培育",
    "依托",
    "围绕",
    "开展",
    "今年的",
    "今年",
    "持续",
    "确保",
    "力争",
    "全面",
    "扎实",
    "强化",
    "我们",
    "坚持",
    "决定",
    "走进",
    "的",
)
_GENERIC = compiled(
    r"重点|一批|各类|这些|相关|有关|所有|民生|惠民|民心|重大|\d+项|招商|在建|新开工|省级|市级|县级|控制性|现有|清单|审批|"
    # infrastructure as a kind (交通基础设施项目), not a named work (2025年村内基础设施提升工程)
    r"^.{0,4}基础设施(?:建设)?(?:工程|项目)?$|"
    r"^工程|^项目|^建设|^[一二三四五六七八九十]+是|等|^各|的(?:工程|项目)$|"
    # news prose: 这个项目, 一个好项目, 引进的项目 are not names
    r"^(?:这|该|那|此|其|本|每|一个|几|更多|什么)|^(?:好|大|小|新|老|多)(?:工程|项目)$|"
    # the promotion of projects in general: 包装精品项目, 策划储备项目
    r"^(?:包装|策划|储备)|^精品(?:工程|项目)$|(?:了|个|些|种)(?:工程|项目)$|[说讲问想看了]|"
    # … and scopes, phases and campaigns of news about projects (全市项目, 此次集中开工项目, 新签约项目)
    r"全市|全县|全区|全省|全镇|我县|我市|我区|该县|该市|此次|本次|这次|集中开工|开复工|签约|"
    r"无论|相信|已经|正在|始终|成为|通过|如期|按照|保证|严格|把|已(?:完成|建成|开工|投产)|^\d+[处座条个项家所批]|"
    # a kind of projects (交通类项目), a term a regulation defines (以下简称项目), its articles and the
    # bodies it charges (监察部门负责项目), and a speaker's own work (我们狠抓项目)
    r"类(?:工程|项目)$|简称|^第[一二三四五六七八九十百]+条|部门|我们|关于|印发"
)
# a stem that is only a place (永靖县项目建设…) or opens with a verb of prose (占年度项目, 要严格按照工程)
_PLACE_ONLY = compiled(rf"^[{HAN}]{{1,6}}[省市县区镇乡]$")
_PROSE_START = compiled(r"^(?:[占要在按把]|[也既还都又]有)")
# … or whose words before 项目 end in a preposition or a verb that takes projects as its object
# (县委书记在项目建设…, 主要是项目的差距, 以推进项目落地为抓手, 强化加快项目落地): prose about projects
_VERB_BEFORE_WORD = compiled(
    r"(?:[在是以对为把将向从]|加快|推进|推动|强化|抓好|抓|谋划|引进|招引|争取|落实|服务|保障|盯紧|紧盯|跟踪|负责)(?:工程|项目)$"
)
_FOOTNOTE_MARK = compiled(r"[［\[]\d{1,2}[］\]]|[①-⑳]")
# 3.完成…工程, 4.2024年农村公路…工程: the item's number
_LIST_MARK = compiled(r"^(?:\d{1,2}[.．、](?!\d)|\d{1,2}[.．](?=(?:19|20)\d\d年)|[（(]\d{1,2}[）)])")
_PROJECT_WORD = compiled(r"(工程|项目)(?!建设单位|资金|管理|审批|清单|库|化|标|质量|程序|任务|数量|量)")
_STEM_OPENING = compiled(r".*(?:的|包括|包含|涉及|其中|即)")
# …投资2.7亿元的棉纺项目: after a sum and 的 even a short name is one (an owner's 的 needs more)
_SUM_OF = compiled(r"[0-9０-９.．]+(?:亿|万)元的$")


def _after_opening(opening: str) -> int:
    """How long the name after an opening must be for the opening to be dropped."""
    if _SUM_OF.search(opening):
        return 2
    return 7 if opening.endswith("的") else 4


# “产业发展项目建设年”活动: the word stands inside the quoted name of a campaign
_IN_CAMPAIGN = compiled(r"[^”\"，。]{0,8}(?:年|月|活动|行动)[”\"]")


def _quoted_at(text: str, at: int) -> bool:
    before = text[max(0, at - 40) : at]
    return before.count("“") > before.count("”")


_STEM_BEFORE = compiled(r"([^，。；：、,;:！？\s“”\"（）()《》]{2,30})$")
_PROJECT_LIST = compiled(
    rf"(?<![{HAN}A-Za-z0-9])((?:[{HAN}A-Za-z0-9]{{2,20}}、)+[{HAN}A-Za-z0-9]{{2,12}}?)(等)?(项目|工程)(?!审批|建设单位|资金|管理|清单|库|化|标)"
)
# Prose around the word 项目 that names no work: 70个30亿元以上项目, 引导民间资本参与特许经营项目,
# 为城市更新项目, 出台政府投资项目…办法.
_PROSE = compiled(
    r"\d+个|亿元|以上|^[为对向把将从由给让使]|参与|引导|出台|制定|分领域|特许经营|政府采购|政府投资|民间投资|"
    r"闲置|低效|存量|增量|城市更新|优质|全流程|服务项目$|充分|发挥|[的了着]|"
    # a duty over the works of a place, not a work: 负责对本市建设工程…进行监督
    r"^负责|对(?:本|全|各|所)"
)
# Named works: the head nouns of transport and water works, after a proper name (共和机场, 宜西攀高铁,
# 西宁至成都铁路) …
_HEAD = r"(?:机场群|机场|高速铁路|高铁|铁路|城际|高速公路|高速|公路|特大桥|大桥|陆港|港|水利枢纽|水库|灌区|电站|通道|绕城)"
_HEAD_ANY = compiled(_HEAD)
_HEAD_END = compiled(
    rf"{_HEAD}(?:[\u4e00-\u9fff]{{1,3}}段|（[^（）]{{1,8}}）|[一二三四五六七八九十]期)?(?:[\u4e00-\u9fff]{{0,4}}(?:改造|扩建|扩容|提质))?(?:工程|项目)?$"
)
# … and a list of names closed by 等 and what they are (等铁路, 等12个百亿元项目, 等重大水利工程,
# 等新型基础设施, 等“十大工程”, 等前期工作).
_FRAME_TAIL = compiled(
    r"等(?P<count>[0-9一二三四五六七八九十百千万亿元个条座项处以上在建、]{0,20})(?:省级|市级|县级|区级)?(?:重大|重点|省际)?"
    r"(?P<kind>产业|交通|水利|能源|减碳|输电|引调水|公路|铁路|高速公路|高铁|机场|新型基础)?"
    r"(?:项目|工程|公路|铁路|高速公路|高铁|机场|设施|大通道|通道|前期工作|建设)"
    r"|等[“\"](?P<quoted>[^”\"]{0,6}(?:工程|项目))[”\"]"
    r"|等(?:建成投运|建成通车|建成投用|开工建设|投入使用)"
)
# What marks a part of such a list as the name of a work rather than a field (机器人、商业航天等重点项目):
# a head noun, a route (A至B), a size (10万吨, 8英寸), a code, quotes or brackets.
_MARKED_NAME = compiled(
    rf"{_HEAD}|基地|港|线|矿|枢纽|储能|工程|项目|[一二三四五六七八九十]期|至|[A-Za-z0-9]|[千万百亿]+吨|万千瓦|吉瓦|[“”（）()]"
)
# kinds of places that are names only with more than a qualifier before them (自然公园, 海绵城市 are kinds)
_MARKED_PLACE = compiled(r"^.{3,}(?:中心|园|城|院|厂|站|馆|库|场|楼)")
_SEGMENT_START = compiled(r"[，。；：！？,;:!?\n]")
# Common kinds of works, not names: 保障性住房、城中村改造等项目; 通用机场.
_COMMON_WORKS = compiled(
    r"^(?:保障性住房|城中村|老旧小区|棚户区|海上风电|风电|核电|光伏|抽水蓄能|充电|基站|管网|学校|医院|幼儿园)"
)
# … and qualifiers of a kind (通用机场, 农村公路) where a list or a clause should hold a name
_KIND_QUALIFIER = compiled(r"^(?:通用|支线|农村|普通|干线|专用|城市|新型|现代|智慧|一批|重点|各类)")
_CLAUSE_TRAILER = compiled(
    r"(?:加快|加速|开工|全面|顺利|正式|基本|有序|全线|相继|先后)?"
    r"(?:建设|建成投运|建成通车|建成投入使用|建成投用|建成|投运|通车|开工|前期(?:工作)?|改扩建|扩容|立项审批|投入使用|投用|竣工"
    r"|并网发电|并网|投产|全线开通|开通|同步建设)$"
)
_WORK_KIND = compiled(r"^(?:通用|支线|农村|普通|干线|专用)")  # 农村小型水利工程: a kind of works
_ORDINAL_ONLY = compiled(r"^[一二三四五六七八九十]期$")
_QUOTED_PROJECT = compiled(rf"([{HAN}]{{2,10}})“([^”]{{2,12}})”建设")
_FACILITY_SUFFIX = "园|园区|区|基地|中心|馆|港|站|公路|铁路|大桥|水库|场"
_FACILITY_LIST = compiled(
    rf"(?:建成|建设|打造|推进|实施|新建|续建|启动)((?:[{HAN}A-Za-z0-9]{{3,16}}?(?:{_FACILITY_SUFFIX})、)+[{HAN}A-Za-z0-9]{{3,16}}?(?:{_FACILITY_SUFFIX}))等"
)
_FACILITY = compiled(
    rf"(?:推进|加快|实施|启动|开工|建成|新建|续建|完成)([{HAN}A-Za-z0-9]{{3,18}}?(?:产业园|工业园|园区|示范园|基地|中心|公路|高速|铁路|大桥|水库|电站|医院|学校))建设"
)
# … or named as the object of a verb of building, closing its clause (投资3000万元建设X养殖基地。)
_FACILITY_OBJECT = compiled(
    rf"(?<!创)(?:建设|建成|打造|新建|续建|培育|启动)([{HAN}A-Za-z0-9]{{4,18}}?(?:产业园|工业园|示范园|园区|基地|学校|医院))(?=[。；;，,])"
)
# Streets and roads built or rebuilt, one or a list (开工新建西环路，改造提升新城路、像山路、康庄东路。)
_ROAD_WORKS = compiled(
    rf"(?:新建|改建|扩建|改造提升|提升改造|改造|拓宽|打通|续建)((?:[{HAN}]{{1,5}}?(?:大道|大街|路|街)、)*[{HAN}]{{1,5}}?(?:大道|大街|路|街))(?=[。；;，,]|$)"
)
_NOT_A_ROAD = compiled(
    r"(?:公|道|马|线|铁|思|出|门|网|水|之|村|小|城市|乡村|农村|背|步行)(?:路|街)$|^(?:一条|多条|\d)"
)
# Sites named in a short list that a count of their kind closes (毛家川、甜水堡、甜水南三大煤矿;
# A、B、C、D四个工业集中区), and places sharing one head after a verb of building (推进凌云、安恕
# 省级示范区建设 → 凌云省级示范区, 安恕省级示范区).
_SITE_HEAD = r"(?:煤矿|矿井|矿山|电厂|工业集中区|工业园区|产业园区|产业园|园区|开发区|示范区|基地|水库|电站|景区|港区|物流园)"
_SITE_WORD = compiled(_SITE_HEAD)
# found by its count and head first, then the list before them (cheaper than a list pattern tried at
# every run of characters)
_SITE_COUNT = _lazy(r"([一二三四五六七八九十两]{1,2}|\d{1,2})(?:大|个|座|处|家)$")
_SITE_LIST = _lazy(rf"((?:[{HAN}]{{2,5}}、)+[{HAN}]{{2,5}})$")
_SHARED_HEAD = _lazy(
    rf"(?:建设|建成|推进|实施|加快|启动|打造|新建|续建|完成)((?:[{HAN}]{{2,3}}、)+)([{HAN}]{{2,14}}?{_SITE_HEAD})"
    r"(?=建设|及|和|[，,。；;])"
)
# A visit before a list of sites (走访A产业园、B示范园等重点项目): the list starts after the verb.
_VISIT = compiled(r"^.*(?:走访|调研了?|考察了?|视察了?|察看了?|查看了?|参观了?|来到|深入)")


_WORK_THEN_AND = compiled(r"^.*(?:新建|改建|扩建|迁建|改造|建设)和")


def _sites(text: str) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for site in _SITE_WORD.finditer(text):
        count = _SITE_COUNT().search(text, max(0, site.start() - 3), site.start())
        if count is None:
            continue
        window = max(0, count.start() - 60)
        m = _SITE_LIST().search(text, window, count.start())
        if m is None:
            continue
        parts = m.group(1).split("、")
        parts[0] = strip_verbs(parts[0])
        if cn_to_int(count.group(1)) != len(parts) or any(len(p) < 2 or _GENERIC.search(p) for p in parts):
            continue
        pos = m.end(1)
        for part in reversed(parts):
            out.append((part, pos - len(part), pos))
            pos -= len(part) + 1
    for m in _SHARED_HEAD().finditer(text):
        places = m.group(1).rstrip("、").split("、")
        size = len(places[-1])
        last = m.group(2)
        head = last[size:]
        # short place names (凌云、安恕) before a qualified head (省级示范区), not kinds before a bare one
        # (高效养殖、精深加工基地)
        qualified = re.fullmatch(rf"[{HAN}]{{2,6}}?{_SITE_HEAD}", head)
        if any(len(p) != size for p in places) or not qualified or re.fullmatch(_SITE_HEAD, head):
            continue
        pos = m.start(1)
        for place in places + [last[:size]]:
            out.append((place + head, pos, pos + len(place)))
            pos += len(place) + 1
    return sorted(out, key=lambda f: f[1])


_VERB_RE: re.Pattern[str] | None = None


# Adverbs of manner, dropped only before a verb: 高标准建设X, but 高标准农田 is a name's own word.
_ADVERBS = ("高标准", "高质量")


def _adverb_before_verb(name: str) -> int:
    for adverb in _ADVERBS:
        if name.startswith(adverb) and name[len(adverb) :].startswith(_VERBS):
            return len(adverb)
    return 0


def strip_verbs(name: str) -> str:
    """Drop the verbs before a name (加快推进…, 开工建设…), leaving at least two characters."""
    global _VERB_RE
    if _VERB_RE is None:
        verbs = "|".join(map(re.escape, _VERBS))
        _VERB_RE = re.compile(f"{verbs}|(?:{'|'.join(_ADVERBS)})(?=(?:{verbs}))")
    while True:  # the fast path: the first verb in list order, as the loop below would take it
        m = _VERB_RE.match(name)
        if m is None:
            return name
        if len(name) - m.end() < 2:
            break
        name = name[m.end() :]
    changed = True
    while changed:
        changed = False
        for verb in _VERBS:
            if name.startswith(verb) and len(name) - len(verb) >= 2:
                name = name[len(verb) :]
                changed = True
        adverb = _adverb_before_verb(name)
        if adverb and len(name) - adverb >= 2:
            name = name[adverb:]
            changed = True
    return name


@dataclass(slots=True)
class Found:
    text: str
    start: int
    end: int


def _name_like(part: str) -> bool:
    return (
        2 <= len(part) <= 26
        and not _GENERIC.search(part)
        and not _PROSE.search(part)
        and not _COMMON_WORKS.match(part)
        and not _KIND_QUALIFIER.match(part)
        and not _ORDINAL_ONLY.match(part)
    )


def _split_names(segment: str, listed: bool = False) -> list[tuple[int, str]]:
    """``A、B和C`` → its parts with their offsets; 和 separates names only in a 、 list or a list
    closed by 等 (``listed``: A和B等重大工程), so 共和机场 stays one name; 及 may be inside one; a
    part's own 建设 is dropped (西宁至成都铁路建设)."""
    parts = []
    for m in re.finditer(r"[^、]+", segment):
        pieces = (
            re.split(r"(?<=[\u4e00-\u9fff]{2})和(?=[\u4e00-\u9fff]{2})", m.group())
            if "、" in segment or listed
            else [m.group()]
        )
        offset = m.start()
        for piece in pieces:
            name = piece[:-2] if piece.endswith("建设") and len(piece) > 4 else piece
            parts.append((offset, name))
            offset += len(piece) + 1
    return parts


def _named_works(text: str) -> list[tuple[str, int, int]]:
    """Names in a list closed by 等 and a kind of work, and clauses that end in a named work
    (加快西宁至成都铁路建设, 全面投运共和机场, 确保西康、西十高铁…建成投运)."""
    out: list[tuple[str, int, int]] = []
    last_end = 0
    for m in _FRAME_TAIL.finditer(text):
        boundary = max(
            (b.end() for b in _SEGMENT_START.finditer(text, max(0, m.start() - 120), m.start())), default=0
        )
        seg_start = max(boundary, last_end, m.start() - 120)
        last_end = m.end()
        segment = text[seg_start : m.start()]
        inner = re.search(r".*(?:项目|工程|实事)中", segment)  # 22个重大产业项目中A、B等14个项目
        if inner:
            seg_start += inner.end()
            segment = segment[inner.end() :]
        lead = re.match(r"^(?:以及|和|及|并|有|包括|如|即)", segment)
        if lead:
            seg_start += lead.end()
            segment = segment[lead.end() :]
        stripped = strip_verbs(segment)
        visit = _VISIT.match(stripped)
        if visit and "、" in stripped[visit.end() :]:
            stripped = stripped[visit.end() :]
        seg_start += len(segment) - len(stripped)
        parts = []
        for o, p in _split_names(stripped, listed=True):
            name = strip_verbs(p)
            if not _ORDINAL_ONLY.match(name):  # 一期、二期: the second phase of the work before
                parts.append((o + len(p) - len(name), name))
        # a campaign (脱贫攻坚) or a kind of works alone (景区建设) listed among the names
        parts = [(o, p) for o, p in parts if not _LISTED_KIND.fullmatch(p)]
        if not parts or not all(_name_like(p) for _, p in parts):
            continue
        specific = m.group("kind") or m.group("count") or m.group("quoted") or m.group().endswith("前期工作")
        if not specific and not any(_MARKED_NAME.search(p) or _MARKED_PLACE.match(p) for _, p in parts):
            continue  # 新能源汽车、机器人、商业航天等重点项目: fields, not named works
        if not m.group("kind") and m.group().endswith("设施"):
            continue  # …等设施: only 新型基础设施 is a kind of named works
        out.extend((p, seg_start + o, seg_start + o + len(p)) for o, p in parts)
    for m in re.finditer(r"[^，。；：！？,;:!?\n]{4,80}", text):
        clause = m.group()
        if not _HEAD_ANY.search(clause):
            continue
        if "、" in clause and not _CLAUSE_TRAILER.search(clause):
            # a review's predicates joined by 、: 天府国际机场建成投运、成为全国第三个…
            first, rest = clause.split("、", 1)
            if _CLAUSE_TRAILER.search(first) and _HEAD_ANY.search(first) and not _HEAD_ANY.search(rest):
                clause = first
        stripped = strip_verbs(clause)
        trailer = _CLAUSE_TRAILER.search(stripped)
        body = stripped[: trailer.start()] if trailer else stripped
        if (stripped == clause and not trailer) or "等" in body:
            continue
        parts = []
        for o, p in _split_names(body):
            name = strip_verbs(p)  # 全力支持、配合A项目建设: each part loses its own verbs
            parts.append((o + len(p) - len(name), name))
        if (
            not parts
            or not _HEAD_END.search(parts[-1][1])
            or not all(_name_like(p) and len(p) <= 16 for _, p in parts)
        ):
            continue
        if len(parts) == 1:
            stem = _HEAD_END.sub("", body)
            if not ("至" in stem or re.fullmatch(rf"[{HAN}]{{2,5}}", stem)):
                continue
        base = m.start() + len(clause) - len(stripped)
        out.extend((p, base + o, base + o + len(p)) for o, p in parts)
    return out


# the programme a document is about, named in its title (关于印发X建设工程实施方案的通知): its framework
_DOCUMENT_ON = compiled(r"(?:实施|行动|工作)?(?:方案|规划|计划)|(?:管理)?办法|实施意见|实施细则")


_LISTED_KIND = compiled(rf"[{HAN}]{{2,4}}攻坚|[{HAN}]{{2}}建设")


def _not_a_name(name: str) -> bool:
    """Words that end in 项目 or 工程 but name no work: kinds, prose, places alone."""
    return bool(
        _GENERIC.search(name)
        or _LISTED_KIND.fullmatch(name)
        or _PROSE.search(name)
        or _COMMON_WORKS.match(name)
        or _WORK_KIND.match(name)
        or _PROSE_START.match(name)
        or _VERB_BEFORE_WORD.search(name)
        or _PLACE_ONLY.match(name[:-2])
    )


def find_projects(text: str, offset: int = 0) -> list[Found]:
    """Named projects: ``…工程``/``…项目``, lists ending in ``等项目``, ``X“一中心三片区”建设``, and
    named transport and water works (``共和机场``, ``宜西攀高铁``, ``大村至遵义、纳雍至六盘水等铁路``)."""
    found: dict[str, Found] = {}

    def add(name: str, start: int, end: int) -> None:
        name = _LIST_MARK.sub("", _FOOTNOTE_MARK.sub("", name).lstrip('“”"、 '))
        name = strip_verbs(name)
        if len(name) < 4 or _not_a_name(name) or name in found:
            return
        if any(name in other for other in found):
            return
        for other in list(found):
            if other in name:
                del found[other]
        found[name] = Found(name, offset + start, offset + end)

    for name, start, end in _named_works(text):
        name = _FOOTNOTE_MARK.sub("", name)
        if name not in found:  # 京东方 named again after 京东方第8.6代线 is its own mention
            found[name] = Found(name, offset + start, offset + end)
    if "、" in text and _SITE_WORD.search(text):
        for name, start, end in _sites(text):
            if name not in found:  # 甜水 beside 甜水堡 and 甜水南: a site of its own
                found[name] = Found(name, offset + start, offset + end)
    for m in _PROJECT_LIST.finditer(text):
        parts = [strip_verbs(p) for p in m.group(1).split("、")]
        if any(_GENERIC.search(p) or _PROSE.search(p) or _COMMON_WORKS.match(p) or "和" in p for p in parts):
            continue  # 谋划储备、洽谈招引…一批项目: verbs of a procedure, not names
        tail = m.group(3)
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            name = part + (tail if last and not m.group(2) else "")
            name = strip_verbs(name)
            # (a listed name keeps a kind's word: 通用汽车二期及发动机等项目); a campaign (脱贫攻坚) or
            # a kind of works alone (景区建设) among the names is neither
            prose = _GENERIC.search(name) or _VERB_BEFORE_WORD.search(name) or _LISTED_KIND.fullmatch(name)
            bare = name.removesuffix("建设")  # 罡阳汽车工业园建设等项目: the park, found already
            if (
                len(name) >= 3
                and not prose
                and bare not in found
                and not any(name in other for other in found)
            ):
                found.setdefault(name, Found(name, offset + m.start(1), offset + m.end()))
    for m in _PROJECT_WORD.finditer(text):
        window_start = max(0, m.start() - 30)
        tail = _STEM_BEFORE.search(text, window_start, m.start())
        if tail is None:
            continue
        stem = tail.group(1)
        opening = _STEM_OPENING.search(stem)
        # what follows 的 is a name only when it is long enough to hold an owner and a product
        shortest = 3
        if opening and len(stem) - opening.end() >= _after_opening(opening.group()):
            shortest = _after_opening(opening.group())
            stem = stem[opening.end() :]  # 引进落地总投资21亿元的X项目, 此次开工项目包括X项目
        elif stem.startswith("有") and not stem.startswith("有限") and len(stem) >= 5:
            stem = stem[1:]  # 有A工程、B等重点项目
        # two works, the first closed by its own verb: A新建和B迁建工程 → B迁建工程
        joined = _WORK_THEN_AND.match(stem)
        if joined and len(stem) - joined.end() >= 4:
            stem = stem[joined.end() :]
        if (
            len(strip_verbs(stem)) < min(shortest, 3)
            or _IN_CAMPAIGN.match(text, m.end())
            and _quoted_at(text, m.start())
            or _DOCUMENT_ON.match(text, m.end())
        ):
            continue
        note = re.match(r"（[^（）]{2,12}）", text[m.end() : m.end() + 14])  # 工程（含龙颈水库扩建）
        add(
            stem + m.group(1) + (note.group() if note else ""),
            tail.end(1) - len(stem),
            m.end() + (note.end() if note else 0),
        )
    for m in _QUOTED_PROJECT.finditer(text):
        add(f"{strip_verbs(m.group(1))}“{m.group(2)}”", m.start(), m.end() - 2)
    for m in _FACILITY.finditer(text):
        add(m.group(1), m.start(1), m.end(1))
    for m in _FACILITY_OBJECT.finditer(text):
        if "的" not in m.group(1) and not _KIND_QUALIFIER.match(m.group(1)):
            add(m.group(1), m.start(1), m.end(1))
    for m in _ROAD_WORKS.finditer(text) if "路" in text or "街" in text else ():
        parts = m.group(1).split("、")
        if all(len(p) >= 3 and not _NOT_A_ROAD.search(p) for p in parts):
            pos = m.start(1)
            for part in parts:
                found.setdefault(part, Found(part, offset + pos, offset + pos + len(part)))
                pos += len(part) + 1
    for m in _FACILITY_LIST.finditer(text):
        pos = m.start(1)
        for part in m.group(1).split("、"):
            add(part, pos, pos + len(part))
            pos += len(part) + 1
    if _ROAD_CODE_ANY.search(text):
        for name, start, end in _road_codes(text):
            if name not in found and not any(name in other for other in found):
                found[name] = Found(name, offset + start, offset + end)
    return sorted(found.values(), key=lambda f: f.start)


# National and provincial roads by their codes (G109, S226), with the section named after one
# (G214加卡至邦达机场段), in a clause that says what is done to them.
_ROAD_CODE_ANY = compiled(r"(?<![A-Za-z0-9])[GS]\d{3,4}(?![0-9])")
_ROAD_CODE = _lazy(
    rf"(?<![A-Za-z0-9])(?:国道|省道)?(?P<code>[GS]\d{{3,4}})(?![0-9])线?(?P<section>[{HAN}]{{2,8}}(?:至[{HAN}]{{2,8}})?段)?"
)
_ROAD_WORK = compiled(r"改造|改扩建|扩建|新建|建设|建成|升级|提质|扩容|通车|开工|贯通|改线")


def _road_codes(text: str) -> list[tuple[str, int, int]]:
    out = []
    clause_end = -1
    for code in _ROAD_CODE_ANY.finditer(text):
        if code.start() < clause_end:
            continue  # this clause is done
        stop = CLAUSE_SPLIT.search(text, code.end())
        clause_end = stop.start() if stop else len(text)
        window = max(0, code.start() - 200)
        clause_start = max(
            (m.end() for m in CLAUSE_SPLIT.finditer(text, window, code.start())), default=window
        )
        if not _ROAD_WORK.search(text, clause_start, clause_end):
            continue
        for road in _ROAD_CODE().finditer(text, clause_start, clause_end):
            name = road.group("code") + (road.group("section") or "")
            start = road.start("code")
            out.append((name, start, start + len(name)))
    return out


# --- targets ----------------------------------------------------------------------------

_DIGIT = compiled(r"\d")
NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
UNITS = (
    "万亿元|亿美元|万美元|亿元|万元|千元|元|万吨标准煤|万吨|吨|万千瓦时|万千瓦|千瓦|万人次|万人|人次|名|人|个百分点|个工作日|"
    "项|个|条|家|座|所|户|公里|千米|万平方米|平方米|平方公里|万亩|亩|公顷|套|台|辆|件|批|场|处|栋|张|盏|倍|%|‰|"
    "万亿斤|亿公斤|万公斤|公斤|亿斤|万斤|斤|微克/立方米|毫克/立方米|亿立方米|万立方米|立方米|亿千瓦时|千瓦时|"
    "万标箱|标箱|吉瓦|兆瓦|头|只|株|棵|册|工作日|米(?!内|以内|范围)|"
    # 万 with a classifier is one unit (1万台, 5万个, 1000万只); else 万 alone before a noun
    "万(?:台|个|只|头|户|套|辆|家|株|棵|册|件|张|座|所|名)|万(?=[\u4e00-\u9fff])"
)
_TARGET = compiled(
    rf"(?P<pre>超过|超|突破|达到|达|不低于|不少于|约|近|力争|增长|提高到|提升到|控制在|保持在)?\s*"
    rf"(?P<a>{NUM})\s*(?P<pct>%)?\s*(?:(?:—|-|－|~|～|至|到)\s*(?P<b>{NUM}))?\s*(?P<unit>{UNITS})"
    rf"(?P<post>以上|左右|以内|以下|上下)?"
)
# A figure written in Chinese numerals: 百分之七点五, 增长百分之八左右, 百分之三到百分之四, 零点五个百分点.
_CN_VALUE = r"[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?"
_CN_TARGET = _lazy(
    r"(?P<pre>超过|超|突破|达到|达|不低于|不少于|约|近|力争|增长|提高到|提升到|控制在|保持在)?"
    rf"(?:百分之(?P<a>{_CN_VALUE})(?:(?:到|至|—|－|-|~|～)(?:百分之)?(?P<b>{_CN_VALUE}))?"
    rf"|(?P<pts>{_CN_VALUE})个百分点)"
    r"(?P<post>以上|左右|以内|以下|上下)?"
)
_CN_DIGIT = {
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
_CN_SCALE = {"十": 10, "百": 100, "千": 1000}


def cn_value(text: str) -> float | None:
    """A number in Chinese numerals: 七 → 7, 十七点八 → 17.8, 一百零五 → 105, 零点五 → 0.5."""
    whole, _, fraction = text.partition("点")
    value, digit = 0, None
    for char in whole:
        if char in _CN_DIGIT:
            if digit is not None and char not in "零〇":
                return None  # 三五: not a number (a range written as 三五 is left alone)
            digit = _CN_DIGIT[char] if char not in "零〇" else None
        elif char in _CN_SCALE:
            value += (1 if digit is None else digit) * _CN_SCALE[char]
            digit = None
        else:
            return None
    value += digit or 0
    if not whole or (fraction and any(c not in _CN_DIGIT for c in fraction)):
        return None
    if fraction:
        return float(f"{value}.{''.join(str(_CN_DIGIT[c]) for c in fraction)}")
    return float(value)


# Quantities that describe a base or a rank rather than an indicator or a goal.
NOT_INDICATOR = compiled(r"依托|拥有|共有|现有|辖|总面积|面积|总人口|人口|成立|周年|届|代表")
_PLAIN_PRE = ("增长", "力争", "提高到", "提升到", "控制在", "保持在")
# Counts of a document's own parts and of the units it names are not indicators.
_COUNT_UNITS = ("项", "个", "条", "件")
_DOCUMENT_PARTS = compiled(
    r"(?:重点|主要)?(?:具体|工作)任务|方面|(?:牵头|责任|成员|协同|配合)单位|(?:大事(?:和|及|与|、))?(?:民生|为民)?实事"
)
# a count of the plan's tasks after its words: 牵头工作（8项）, （分解任务15项）, 分解任务9项
_BRACKETED_COUNT = compiled(
    r"[（(]\s*(?:(?:分解|共计?|涉及)?(?:重点)?(?:工作)?任务\s*|共计?\s*)?$|分解(?:重点)?(?:工作)?任务\s*$"
)
_NOT_TARGET_BEFORE = compiled(r"第\s*$|〔\s*$|\[\s*$")
# a figure the plan builds on: 在流转60万亩土地的基础上，调整…
_BASE_CLAUSE = compiled(r"^\s*在[^，,。；]{0,40}基础上\s*$")
# the tally of a division's table: 分为…4个方面的内容，共149项
_TALLY_CLAUSE = compiled(r"^\s*共计?\d+项\s*$")


@dataclass(slots=True)
class FoundTarget:
    text: str
    value: float
    value_high: float | None
    unit: str
    qualifier: str
    start: int
    end: int


def _clauses(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for m in CLAUSE_SPLIT.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


_SITE_AFTER_WORD = compiled(r"基地|产业园|园区|工厂|电厂|生产线")
_NAMED_SITE_BEFORE = _lazy(rf"(?:建设|建成|完成|新建|续建|启动|推进)[{HAN}]{{2,4}}$")
_SITE_AFTER = _lazy(rf"[{HAN}]{{2,12}}?(?:基地|产业园|园区|工厂|电厂|生产线)(?:建设|项目)?(?=$|[，,。；;])")


def find_targets(text: str, offset: int = 0) -> list[FoundTarget]:
    """Indicator values and goals: every quantity with a unit, except bases and ranks."""
    out: list[FoundTarget] = []
    for c_start, c_end in _clauses(text):
        clause = text[c_start:c_end]
        # a base (人口, 面积) is not an indicator, but a rate of it is (常住人口城镇化率达59%左右)
        digits, chinese = _DIGIT.search(clause) is not None, "百分" in clause
        if not (digits or chinese) or (NOT_INDICATOR.search(clause) and "率" not in clause):
            continue
        if _BASE_CLAUSE.match(clause) or (
            _TALLY_CLAUSE.match(clause)
            and re.search("任务|分解|分工|表格", text[max(0, c_start - 80) : c_start])
        ):
            continue
        for m in _TARGET.finditer(clause) if digits else ():
            if _NOT_TARGET_BEFORE.search(clause[: m.start("a")]):
                continue
            if (
                _SITE_AFTER_WORD.search(clause, m.end(), m.end() + 20)
                and _NAMED_SITE_BEFORE().search(clause[: m.start("a")])
                and _SITE_AFTER().match(clause, m.end())
            ):
                continue  # a size in a site's name: 完成杏山200万只蛋鸡养殖基地建设
            unit = m.group("unit")
            if m.group("pct") and unit != "%":
                continue
            if unit == "米" and clause[: m.start("a")].endswith("海拔"):
                continue  # an altitude (海拔1500米以上农村中小学), not a length to build
            if unit in _COUNT_UNITS and (
                _DOCUMENT_PARTS.match(clause, m.end()) or _BRACKETED_COUNT.search(clause[: m.start("a")])
            ):
                continue  # the notice's own contents: 243项工作任务, 涉及34个牵头单位, 牵头工作（8项）
            value = float(m.group("a").replace(",", ""))
            high = float(m.group("b").replace(",", "")) if m.group("b") else None
            pre = m.group("pre") or ""
            qualifier = ("" if pre in _PLAIN_PRE else pre) + (m.group("post") or "")
            out.append(
                FoundTarget(clause.strip(), value, high, unit, qualifier, offset + c_start, offset + c_end)
            )
        if chinese:
            for m in _CN_TARGET().finditer(clause):
                value_cn = cn_value(m.group("a") or m.group("pts"))
                if value_cn is None:
                    continue
                high_cn = cn_value(m.group("b")) if m.group("b") else None
                pre = m.group("pre") or ""
                qualifier = ("" if pre in _PLAIN_PRE else pre) + (m.group("post") or "")
                unit = "%" if m.group("a") else "个百分点"
                found = FoundTarget(
                    clause.strip(), value_cn, high_cn, unit, qualifier, offset + c_start, offset + c_end
                )
                out.append(found)
    return out


# --- deadlines --------------------------------------------------------------------------

_DEADLINE = compiled(
    r"(?:于|在)?(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?:(?P<d>\d{1,2})日|(?P<part>底|末|上旬|中旬|下旬))?"
    r"(?:[（(](?:星期|周)[一二三四五六日天][）)])?(?:之?前|以前)"  # 于4月20日(星期五)前
)
_STAGE_REACHED = compiled(
    r"(?:基本|全面)(?:完成|建成|形成|实现|建立)|取得(?:决定性|实质性|重大|明显|突破性)?(?:进展|突破|成效)"
)
_YEAR_GOAL = compiled(r"^(?P<to>到|至)?(?P<y>20\d{2})年(?!\d|底|末|以来|是|的|以)")
_DAYS = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


@dataclass(slots=True)
class FoundDeadline:
    text: str
    date: str
    start: int
    end: int


# Dates by which something is reported, listed after 于 without 前: 请于3月30日、6月30日分两次向省政府报告
_DAY = r"(?:\d{4}年)?\d{1,2}月\d{1,2}日"
_REPORT_DATES = _lazy(
    rf"于({_DAY}(?:[、和及]{_DAY})*)(?=(?:分[一二两三四五六七八九十\d]+次)?(?:向|将|报|上报|报送))"
)
_ONE_DAY = _lazy(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
# Month ends a report is due by: 每季度末(分别在6月、9月和12月底)…报区督查组.
_REPORT_MONTH_ENDS = _lazy(r"分别(?:在|于)((?:\d{1,2}月[、和及])+\d{1,2}月)(?:底|末)")
_LABELLED_LIMIT = _lazy(
    r"(?:完成时限|完成时间|时限|时间节点)[:：]\s*(?P<value>(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?"
    r"(?:(?P<d>\d{1,2})日|(?P<part>底|末|上旬|中旬|下旬))?)"
)
_QUARTER_DAY = _lazy(
    r"每(?:个)?季度(?:的)?(?:(?P<last>最后一个月|末月|第[3三]个月)|(?P<first>第[1一]个月|首月))的?(?P<d>\d{1,2})日(?:之?前|以前)"
)
# the quarter reports start from: 从2023年第二季度起
_QUARTERS_FROM = _lazy(r"(?:从|自)(?:(?P<y>\d{4})年)?第(?P<q>[一二三四1-4])季度(?:起|开始)")
# Reporting days whose 月 the page lost (分别于615日、1215日前将…报): 615日 can only be 6月15日
_LOST_MONTH_DAYS = _lazy(r"于((?:\d{3,4}日[、和及])*\d{3,4}日)(?:之?前|以前)?")
# A report due every month from a month on: 从2022年3月起，务于每月25日前将…报旗政府督查室
_MONTH_DAY = _lazy(r"每(?:个)?月(?:的)?(\d{1,2})日(?:之?前|以前)")
_MONTHS_FROM = _lazy(r"(?:从|自)(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?:份)?(?:起|开始)")
# The day from which a rule binds (自2003年9月1日起，全市禁止生产…); not the day the rules take effect.
_BINDING_FROM = _lazy(
    r"\s*自(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日起[，,]?(?!施行|实施|执行|生效)"
    r"[^，,。；]{0,12}(?:禁止|停止|不得|一律|全面淘汰|必须)"
)


def find_deadlines(text: str, offset: int = 0, *, default_year: int | None = None) -> list[FoundDeadline]:
    """``10月底前``, ``于2021年3月15日前``, ``2022年底前``, reporting dates (``请于3月30日、6月30日…报告``),
    and goals dated by a year (``2023年…达50亿元``)."""
    out: list[FoundDeadline] = []
    for m in _LABELLED_LIMIT().finditer(text) if "限" in text or "节点" in text or "完成时间" in text else ():
        # a division's time limit in its column or note (完成时限：12月底); with 前 the clause rule reads it
        if (m.group("m") or m.group("y")) and not text.startswith("前", m.end()):
            date = _date(m.group("y"), m.group("m"), m.group("d"), m.group("part"), default_year)
            out.append(
                FoundDeadline(m.group("value"), date, offset + m.start("value"), offset + m.end("value"))
            )
    spans = _clauses(text)
    for i, (c_start, c_end) in enumerate(spans):
        clause = text[c_start:c_end]
        for m in _REPORT_DATES().finditer(clause) if "于" in clause and "报" in clause else ():
            for one in _ONE_DAY().finditer(m.group(1)):
                date = _date(one.group("y"), one.group("m"), one.group("d"), None, default_year)
                out.append(FoundDeadline(clause.strip(), date, offset + c_start, offset + c_end))
        if "分别" in clause and "月" in clause:
            if _reported(text, c_start):
                for m in _REPORT_MONTH_ENDS().finditer(clause):
                    for month in re.findall(r"\d{1,2}", m.group(1)):
                        date = _date(None, month, None, "底", default_year)
                        out.append(FoundDeadline(m.group().strip(), date, offset + c_start, offset + c_end))
        if "季度" in clause:
            quarterly = _QUARTER_DAY().search(clause)
            if quarterly and _reported(text, c_start):
                # 每季度最后一个月的30日前…报: the day in each quarter's last (or first) month of the
                # document's year, from the quarter the sentence starts in (从2023年第二季度起)
                since = _QUARTERS_FROM().search(
                    text, _sentence_start(text, c_start), c_start + quarterly.start()
                )
                first = (cn_to_int(since.group("q")) or 1) if since else 1
                year = since.group("y") if since else None
                for quarter in range(first, 5):
                    month = str(quarter * 3 - (0 if quarterly.group("last") else 2))
                    date = _date(year, month, quarterly.group("d"), None, default_year)
                    out.append(FoundDeadline(clause.strip(), date, offset + c_start, offset + c_end))
        for m in _LOST_MONTH_DAYS().finditer(clause) if "于" in clause and "报" in clause else ():
            for day in re.findall(r"(\d{1,2})(\d{2})日", m.group(1)):
                if 1 <= int(day[0]) <= 12 and 1 <= int(day[1]) <= _DAYS[int(day[0])] + (int(day[0]) == 2):
                    date = _date(None, day[0], day[1], None, default_year)
                    out.append(FoundDeadline(clause.strip(), date, offset + c_start, offset + c_end))
        if "每" in clause and "月" in clause:
            monthly = _MONTH_DAY().search(clause)
            since = _MONTHS_FROM().search(
                text, _sentence_start(text, c_start), c_start + (monthly.start() if monthly else 0)
            )
            if monthly and since and _reported(text, c_start):
                year = since.group("y") or (str(default_year) if default_year else None)
                for month in range(int(since.group("m")), 13) if 1 <= int(since.group("m")) <= 12 else ():
                    date = _date(year, str(month), monthly.group(1), None, default_year)
                    out.append(FoundDeadline(clause.strip(), date, offset + c_start, offset + c_end))
        if clause.lstrip().startswith("自"):
            binding = _BINDING_FROM().match(text, c_start, spans[i + 1][1] if i + 1 < len(spans) else c_end)
            if binding:
                date = _date(binding.group("y"), binding.group("m"), binding.group("d"), None, default_year)
                out.append(FoundDeadline(binding.group().strip(), date, offset + c_start, offset + c_end))
        if "前" not in clause and not re.match(r"\s*(?:到|至)?20", clause):
            continue
        for m in _DEADLINE.finditer(clause):
            year, month, day, part = m.group("y"), m.group("m"), m.group("d"), m.group("part")
            if not (month or (year and part)):
                continue
            date = _date(year, month, day, part, default_year)
            out.append(FoundDeadline(clause.strip(), date, offset + c_start, offset + c_end))
        goal = _YEAR_GOAL.match(clause.strip())
        if goal and re.fullmatch(r"\s*(?:到|至)?20\d{2}年\s*", clause) and i + 1 < len(spans):
            # 2026年，力争完成投资60亿元以上: the year stands as a clause of its own before the goal
            c_end = spans[i + 1][1]
            clause = text[c_start:c_end]
        # a year before the one the text is about opens a result (2023年，全县完成…), not a goal
        if goal and default_year and int(goal.group("y")) < default_year:
            goal = None
        if goal and not out[-1:] or goal and out[-1].start != offset + c_start:
            if (
                (
                    goal
                    and _TARGET.search(clause)
                    and re.search("达|突破|力争|确保|超过|以上", clause)
                    and not re.search("较|比", clause)
                )
                or (
                    # a goal's horizon: 到2025年，全市新增残疾人就业800人以上
                    goal
                    and goal.group("to")
                    and (not default_year or int(goal.group("y")) >= default_year)
                    and len(clause.strip()) > len(goal.group())
                )
                or (
                    # a later year of the plan's stages: 2015年在…取得决定性进展, 2016年基本完成…各项任务
                    goal
                    and default_year
                    and int(goal.group("y")) > default_year
                    and _STAGE_REACHED.search(clause)
                )
            ):
                out.append(FoundDeadline(clause.strip(), goal.group("y"), offset + c_start, offset + c_end))
    return out


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding ``at`` starts: after the last 。 or line break before it."""
    return max(text.rfind("。", 0, at), text.rfind("\n", 0, at)) + 1


def _reported(text: str, start: int) -> bool:
    """Whether the sentence from ``start`` on says something is reported (报, 上报, 报送…)."""
    end = text.find("。", start)
    return "报" in text[start : end if end >= 0 else len(text)]


def _date(
    year: str | None, month: str | None, day: str | None, part: str | None, default_year: int | None
) -> str:
    y = year or (str(default_year) if default_year else "")
    if not month:
        return f"{y}-12-31" if y else ""
    mm = int(month)
    if not 1 <= mm <= 12:
        return y
    if day:
        dd = int(day)
    elif part in ("上旬",):
        dd = 10
    elif part in ("中旬",):
        dd = 20
    else:
        dd = _DAYS[mm]
    return f"{y or 'XXXX'}-{mm:02d}-{dd:02d}"


# --- units ------------------------------------------------------------------------------

ORG_SUFFIX = (
    "人民政府|政府|办事处|管委会|委员会|领导小组办公室|办公室|办公厅|部门|单位|集团|有限公司|有限责任公司|股份有限公司|公司|"
    "局|委|办|厅|院|中心|银行|协会|学会|街道|乡镇|党组|公安局|支行|分局|所"
)
_RESPONSIBILITY = compiled(r"[（(]([^()（）]{2,160}?(?:牵头|负责|配合)[^()（）]{0,80})[)）]")
_ORG = compiled(rf"([{HAN}]{{2,16}}?(?:集团|有限公司|有限责任公司|公司))(?![{HAN}]{{0,1}}(?:等|们))")
_ORG_LEFT = (
    "与",
    "同",
    "和",
    "及",
    "引导",
    "支持",
    "依托",
    "推动",
    "鼓励",
    "促进",
    "引进",
    "吸引",
    "帮助",
    "由",
    "对",
    "向",
    "将",
    "把",
    "让",
    "以",
    "在",
)
_UNIT_NAME = compiled(rf"(?:{ORG_SUFFIX})$")
_SPLIT_UNITS = compiled(r"[、，,]|及(?=[各县市区省])|和(?=[各县市区省])")


@dataclass(slots=True)
class Responsibility:
    lead: list[str]
    coop: list[str]
    start: int
    end: int


def _split_units(part: str) -> list[str]:
    names = []
    for name in _SPLIT_UNITS.split(part):
        name = re.sub(r"(按职责分工|按照职责分工|分别|共同|负责|配合|参与|牵头)+$", "", name.strip())
        name = re.sub(r"^(由|请)", "", name)
        if 3 <= len(name) <= 30 and _UNIT_NAME.search(name):
            names.append(name)
    return names


def find_responsibilities(text: str, offset: int = 0) -> list[Responsibility]:
    """``（市政府办公室牵头，市级各有关部门按职责分工负责）`` → lead and cooperating units; so are
    labelled notes (``牵头单位：县发改局；责任单位：县财政局、县住建局``, see :func:`find_labelled_units`)."""
    out = find_labelled_units(text, offset) if "单位" in text or "部门" in text else []
    for m in _BY_UNIT().finditer(text) if "由" in text else ():
        lead = _unit_list(m.group(1))
        if not lead:
            continue
        coop = _unit_list(m.group(2)) if m.group(2) else []
        out.append(
            Responsibility(lead, coop, offset + m.start(), offset + (m.end() if coop else m.end(1) + 2))
        )
    for m in _RESPONSIBILITY.finditer(text):
        body = m.group(1)
        if _NOTE_LABEL.search(body):
            continue  # （牵头单位：…；责任单位：…） is read as labelled notes
        if "下同" in body or "即为" in body:
            continue  # a note defining the terms (无牵头单位的，责任单位即为牵头单位，下同), no assignment
        if "牵头" in body:
            lead_part, _, coop_part = body.partition("牵头")
        elif "配合" in body and "负责" in body:
            lead_part, _, coop_part = body.partition("负责")
        else:
            lead_part, coop_part = body, ""
        # a note may go on after a semicolon (；责任领导：王建国): units stop there
        lead = _split_units(re.split(r"[；;]", lead_part)[0])
        coop = _split_units(re.split(r"[；;]", coop_part)[0])
        if lead or coop:
            out.append(Responsibility(lead, coop, offset + m.start(), offset + m.end()))
    return out


# Labelled notes of a task notice: 牵头单位：A；责任单位：B、C (in brackets, on lines of their own, or
# after the task's sentence). A label whose kind leads (牵头, 主责) gives the lead units; the others
# cooperate when a lead is named, else they are the units responsible (all lead).
_NOTE_LABEL = compiled(
    r"(?P<kind>牵头|主责|主办|责任|配合|协办|协同|协助|参与|参加|成员)(?:单位|部门)[:：]\s*"
)
_LEAD_KINDS = ("牵头", "主责", "主办")
# where a note's value stops: the next label, also one run on without a line break (…县住建局完成时限：)
_NEXT_LABEL = _lazy(
    r"(?:牵头|主责|主办|责任|配合|协办|协同|协助|参与|参加|成员)(?:单位|部门)[:：]"
    r"|(?:完成|办结|整改)?(?:时限|时间)(?:要求)?[:：]|时间节点[:：]|进度安排[:：]"
    r"|(?:责任|牵头|分管|包联|联系)领导[:：]|(?:责任|联系)人[:：]|(?:工作|主要)?(?:目标|内容|措施)[:：]"
)
_NOTE_END = compiled(r"[；;。\n]")
_LEAD_MARK = compiled(r"[（(]牵头[)）]")
_GENERIC_TAIL = compiled(r"等(?:相关|有关|其他|各)?(?:单位|部门|成员单位)$")


def _note_value(text: str, start: int) -> tuple[str, int]:
    """The units written after a label, up to the end of the note (``；``, ``。``, a line end, the
    closing bracket of the note, or the next label); brackets inside a name (``各县（市、区）``) are kept."""
    depth = 0
    end = start
    label = _NEXT_LABEL().search(text, start, min(len(text), start + 200))
    stop = label.start() if label else min(len(text), start + 200)
    while end < stop:
        ch = text[end]
        if ch in "（(〔【[":
            depth += 1
        elif ch in "）)〕】]":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and _NOTE_END.match(ch):
            break
        end += 1
    return text[start:end].rstrip("，, "), end


def _labelled_names(value: str) -> tuple[list[str], list[str]]:
    """``县发改局（牵头）、县财政局`` → (marked leads, the rest), each a unit name."""
    value = _GENERIC_TAIL.sub("", value)
    marked: list[str] = []
    rest: list[str] = []
    for part in _split_outside_brackets(value):
        lead = bool(_LEAD_MARK.search(part))
        part = _LEAD_MARK.sub("", part)
        for name in re.split(r"及(?=[各县市区省])|和(?=[各县市区省])", part):
            name = re.sub(r"(按职责分工|按照职责分工|分别|共同|负责|配合|参与|牵头)+$", "", name.strip())
            name = re.sub(r"^(?:由|请)", "", name)
            if unit_name(name, labelled=True):
                (marked if lead else rest).append(name)
    return marked, rest


def find_labelled_units(text: str, offset: int = 0) -> list[Responsibility]:
    """Labelled notes (``牵头单位：县发改局；责任单位：县财政局、县住建局``) → lead and cooperating units.
    Labels that follow one another (only separators between them) are one note."""
    out: list[Responsibility] = []
    pos = 0
    while True:
        m = _NOTE_LABEL.search(text, pos)
        if m is None:
            return out
        note_start, lead, coop, others = m.start(), [], [], []
        has_lead = False
        while m is not None:
            value, end = _note_value(text, m.end())
            marked, rest = _labelled_names(value)
            if m.group("kind") in _LEAD_KINDS:
                has_lead = True
                lead.extend(marked + rest)
            elif m.group("kind") == "责任":
                lead.extend(marked)
                others.extend(rest)
            else:
                lead.extend(marked)
                coop.extend(rest)
            pos = end
            nxt = _NOTE_LABEL.search(text, pos)
            if nxt is None or text[pos : nxt.start()].strip("；;，,。 \n　") or nxt.start() - pos > 3:
                break
            m = nxt
        if has_lead or lead:
            coop = others + coop
        else:
            lead = others
        lead = list(dict.fromkeys(lead))
        coop = [u for u in dict.fromkeys(coop) if u not in lead]
        if lead or coop:
            out.append(Responsibility(lead, coop, offset + note_start, offset + pos))
        pos = max(pos, m.end())


# The grammar of a unit's name: an optional place or level (县, 市级, 各, 某某县) before a body, and
# the kind of body at its end (局, 委员会, 中心, 人民政府, 有限公司…); a bracketed part may follow
# the level (各乡（镇）人民政府, 各县（市、区）).
_UNIT_END = compiled(
    rf"(?:{ORG_SUFFIX}|组织部|宣传部|统战部|武装部|人武部|工会|妇联|团委|科协|残联|红十字会|乡镇)"
    r"(?:[（(][^（）()]{1,8}[）)])?$"
)
# a place standing for its government, where a note names it (责任单位：城关镇、各县（市、区）)
_PLACE_END = compiled(r"(?:[县市州盟区镇乡旗]|街道|开发区|园区|新区)(?:[（(][^（）()]{1,8}[）)])?$")
_NOT_UNIT = compiled(r"[是的了把将要]|负责|牵头|配合|推进|落实|加快|确保|完成|实施|开展")


def unit_name(name: str, *, labelled: bool = False) -> bool:
    """Whether ``name`` reads as the name of an office, a government or a company; with
    ``labelled`` (the name stands in a note such as ``责任单位：``), a place stands for its government."""
    bare = re.sub(r"[（(][^（）()]{1,8}[）)]", "", name)
    if not 2 <= len(name) <= 30 or not re.fullmatch(rf"[{HAN}·]+", bare) or _NOT_UNIT.search(bare):
        return False
    if _UNIT_END.search(name):
        return len(name) >= 3
    return labelled and bool(_PLACE_END.search(name)) and len(name) >= 3


# In running text: 由县发改局牵头，县财政局、县住建局配合 (every part must read as a unit's name)
_BY_UNIT = _lazy(
    rf"由(?=[{HAN}]{{0,8}}?[省市县区州旗镇乡街各])([{HAN}（）()、]{{3,60}}?)(?:牵头|负责|承办)(?:[，,]([{HAN}（）()、]{{3,60}}?)(?:配合|参与|协助|协同))?"
)


_PLACED = _lazy(rf"[省市县区州旗镇乡街各]|[{HAN}]{{1,8}}?[省市县区州旗镇乡]")
# a department whose level the list's first name gave (由省发展改革委、财政厅、商务厅等部门…负责)
_DEPARTMENT = compiled(r"(?:厅|局|委|办|委员会)$")


def _unit_list(part: str) -> list[str]:
    names = [n for n in re.split(r"、|[和及](?=[县市区省州镇乡各])", part) if n]
    # a list closed by its kind: …劳动保障厅等部门和各省辖市政府
    names = [re.sub(r"等(?:有关|相关)?(?:部门|单位)$", "", n) for n in names]
    # in running text a unit names its level or place (县发改局, 各乡镇), unlike 一个部门, 相关单位;
    # the departments after a placed first name share its level
    placed = bool(names) and _PLACED().match(names[0]) is not None
    placed = placed and all(_PLACED().match(n) or _DEPARTMENT.search(n) for n in names[1:])
    return names if names and placed and all(unit_name(n) for n in names) else []


# Duty lines of a plan or an emergency plan: 市公安局：负责现场警戒…, （三）县卫健委：牵头组织医疗救治
_DUTY_LINE = _lazy(
    rf"^[ \t　]*(?:[（(]?[一二三四五六七八九十\d]{{1,3}}[）)、.．]?)?[ \t　]*([{HAN}（）()、]{{3,40}}?)[：:]\s*"
    r"(?:负责|承担|牵头|配合|协助|组织|指导|做好)",
    re.M,
)


def find_duty_units(text: str) -> list[str]:
    names: list[str] = []
    if "：负责" not in text and ":负责" not in text and "：牵头" not in text and "：承担" not in text:
        return names
    for m in _DUTY_LINE().finditer(text):
        for name in _unit_list(m.group(1)):
            if name not in names:
                names.append(name)
    return names


# A heading that names the lead unit of the tasks under it: 一、县示范区管委会牵头工作（8项）
_HEADING_UNIT = _lazy(
    rf"^([{HAN}（）()·]{{3,24}}?)(?:牵头|负责|承担)(?:的)?(?:工作|任务|事项)?\s*(?:[（(]\s*\d+\s*项\s*[)）])?$"
)


def heading_unit(title: str) -> str:
    if not re.search("牵头|负责|承担", title):
        return ""
    m = _HEADING_UNIT().match(title.strip())
    return m.group(1) if m and unit_name(m.group(1), labelled=True) else ""


def find_organisations(text: str, offset: int = 0) -> list[Found]:
    """Named companies and groups (``北京山海文旅集团``, ``古县古树食品有限公司``)."""
    out: dict[str, Found] = {}
    for c_start, c_end in _clauses(text):
        clause = text[c_start:c_end]
        for m in _ORG.finditer(clause):
            name = m.group(1)
            for left in _ORG_LEFT:
                idx = name.rfind(left, 0, len(name) - 4)
                if idx >= 0 and len(left) + idx < len(name) - 3:
                    name = name[idx + len(left) :]
            # 引进了一家投资了1 3亿元的蚌埠中信包装有限公司: the name follows the last 的 or amount
            name = re.sub(r"^.*(?:[\d亿万千]元|\d|\s|的)(?=[\u4e00-\u9fff]{4})", "", strip_verbs(name))
            if len(name) >= 4 and not re.search(
                "企业|相关|各类|各种|国有|民营|龙头|^更多|^一批|^多家|跨国公司", name
            ):
                out.setdefault(name, Found(name, offset + c_start + m.start(1), offset + c_start + m.end(1)))
    return list(out.values())


_UNIT_TOKEN = rf"[{HAN}（）()]{{2,24}}"
_ADDRESSEE = compiled(rf"^([{HAN}（）()、，,]{{4,160}})[:：]$")
_ADDRESSEE_PART = compiled(rf"(?:{ORG_SUFFIX}|企业|学校|院校|高校|医院|机构|团体)$")


_ZONE_BODY = compiled(
    r"(?:高新区|开发区|经开区|高新技术产业开发区|经济技术开发区|新区|工业园区|产业园区|示范区|保税区)$"
)


def _has_head(name: str) -> bool:
    """Whether a part of an addressee line ends in the kind of its body (人民政府, 管委会, 各部门),
    a bracketed alternative after it aside (各镇（街道）人民政府（办事处）)."""
    return bool(_ADDRESSEE_PART.search(re.sub(r"[（(][^（）()]{1,8}[)）]$", "", name)))


# A page flattened into paragraphs runs the addressees into the notice's first sentence:
# 各省辖市人民政府，省人民政府各部门：李成玉省长代表省政府所作的…
_RUN_IN_ADDRESSEE = _lazy(
    rf"^\s*(各[{HAN}（）()、，,]{{3,80}}?[:：])\s*(?=[{HAN}《“])(?!负责|牵头|配合|承担|协助)"
)


def find_run_in_addressees(line: str) -> list[str]:
    """The addressees at the head of a line that goes on with the notice's text, when they open with
    ``各`` and every part ends in the kind of its body (duty lines, ``市公安局：负责…``, do not)."""
    m = _RUN_IN_ADDRESSEE().match(line)
    if not m or len(line) - m.end() < 20:
        return []
    return find_addressees(m.group(1))


def find_addressees(line: str) -> list[str]:
    """A notice's addressee line: ``各乡镇人民政府，县政府直属各单位：``.  Parts are separated by
    ``，`` or ``、``; places listed with ``、`` before one head share it (``各县、市、区人民政府``,
    ``辽东湾新区、高新区管委会``) and make one addressee, as written."""
    m = _ADDRESSEE.match(line.strip())
    if not m:
        return []
    body = m.group(1)
    tokens: list[tuple[str, str]] = []  # (part, the separator after it)
    depth, current = 0, ""
    for ch in body:
        depth += ch in "（("
        depth -= ch in "）)" and depth > 0
        if ch in "，,、" and depth == 0:
            tokens.append((current.strip(), ch))
            current = ""
        else:
            current += ch
    tokens.append((current.strip(), ""))
    if len(tokens) < 2 or any(not part for part, _ in tokens):
        return []
    parts: list[str] = []
    pending: list[str] = []
    previous_sep = ""
    for part, sep in _split_joined(tokens):
        if (
            len(part) <= 2
            and previous_sep == "、"
            and parts
            and "各" in parts[-1]
            and not pending
            and _has_head(part)
            and not _PLACE_END.search(part)
        ):
            # 省人民政府各委、办、厅、局: bodies named by their head alone, after the first of them
            parts[-1] += "、" + part
        elif _has_head(part):
            parts.append("、".join([*pending, part]))
            pending = []
        elif sep == "、" and len(part) <= 12 and _PLACE_END.search(part):
            pending.append(part)  # 各县、 … 人民政府: the head comes after
        elif not pending and len(part) <= 12 and _ZONE_BODY.search(part):
            parts.append(part)  # a zone addressed as the body that runs it: 上饶高新区，区直各单位
        else:
            return []
        previous_sep = sep
    return parts if not pending else []


def _split_joined(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``政府各部门并有关单位`` → two addressees: ``并`` between two bodies each ending in its head
    (not inside a word: 兼并重组工作领导小组办公室, 合并办公室)."""
    out: list[tuple[str, str]] = []
    for part, sep in tokens:
        pieces = part.split("并") if "并" in part else [part]
        if len(pieces) > 1 and all(len(p) >= 2 and _has_head(p) for p in pieces):
            out.extend((p, "，") for p in pieces[:-1])
        else:
            pieces = [part]
        out.append((pieces[-1], sep))
    return out


def _split_outside_brackets(text: str) -> list[str]:
    """``各县（市、区）人民政府，市直各单位`` → two parts: the 、 inside the brackets does not split."""
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch in "（("
        depth -= ch in "）)" and depth > 0
        if ch in "，,、" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return parts


# 报市政务数据主管部门备案: an office named only as where something is filed or approved
_FILED_WITH = compiled(
    rf"(?:报|报送|提交|报请)([{HAN}]{{2,24}}?(?:{ORG_SUFFIX}|室))(?:备案|审批|审核|批准|审定|同意)"
)
# 于2月7日前报送市政府督考办。: the office a report is sent to, named at the end of its clause
_SENT_TO = _lazy(
    rf"(?=[报提抄])(?:报送|报请|提交|抄送|报)(?:至|给)?([省市县区州旗盟镇乡][{HAN}]{{0,20}}?(?:{ORG_SUFFIX}|室|督查组|工作组|领导小组))"
    r"(?=[，。；,;（(]|$)"
)
_SENT_TO_START = compiled(r"(?:报送|报请|提交|抄送|报)(?:至|给)?(?=[省市县区州旗盟镇乡])")
# 分别由县发改局、县财政局负责 (the tasks were named before)
_BY_UNITS = compiled(rf"分别由({_UNIT_TOKEN}(?:、{_UNIT_TOKEN})+)(?:负责|牵头|承担|落实)")


def find_filing_units(text: str) -> list[str]:
    names = [m.group(1) for m in _FILED_WITH.finditer(text)]
    for hit in _SENT_TO_START.finditer(text):  # the full pattern only where a sending verb meets a level
        m = _SENT_TO().match(text, hit.start())
        if m and (unit_name(m.group(1)) or m.group(1).endswith(("室", "组"))):
            names.append(m.group(1))
    for m in _BY_UNITS.finditer(text):
        names.extend(n for n in m.group(1).split("、") if _UNIT_NAME.search(n))
    # 已报经区人民政府同意: approved there, not filed with it
    return list(dict.fromkeys(n for n in names if 3 <= len(n) <= 30 and not n.startswith("经")))


# Two administrations under one leadership, written with a middle dot (开发区·铁山区, 高新区·某某区):
# both sides name places, and the pair is not inside quotes (“美丽山西·全民行动” is a campaign).
_JOINT_UNIT = _lazy(
    rf"(?<![{HAN}])([{HAN}]{{1,10}}(?:开发区|新区|高新区|园区|[区县市]))·([{HAN}]{{1,8}}?[区县市])"
)


def find_joint_units(text: str) -> list[str]:
    names: list[str] = []
    for dot in re.finditer("·", text):  # the pattern only around each middle dot
        m = _JOINT_UNIT().search(text, max(0, dot.start() - 15), dot.end() + 9)
        if m is None or m.start(2) != dot.end():
            continue
        before = text[max(0, m.start() - 200) : m.start()]
        if before.count("“") > before.count("”") or before.count('"') % 2:
            continue
        name = f"{m.group(1)}·{m.group(2)}"
        if name not in names and not _NOT_UNIT.search(name):
            names.append(name)
    return names


# --- 分别: units mapped one to one onto tasks --------------------------------------------------

_LIST = rf"[{HAN}A-Za-z0-9“”（）()]{{2,30}}"
_TASKS_BY_UNITS = _lazy(
    rf"({_LIST}(?:、{_LIST})+)(?:工作|任务)?分别由({_LIST}(?:、{_LIST})+)(?:负责|牵头|承担|落实)"
)
_UNITS_DO_TASKS = _lazy(rf"({_LIST}(?:、{_LIST})+)分别(?:负责|牵头|承担|落实)({_LIST}(?:、{_LIST})+)")


@dataclass(slots=True)
class Assignment:
    unit: str
    task: str
    start: int
    end: int


def find_assignments(text: str, offset: int = 0) -> list[Assignment]:
    """``县发改局、县财政局分别负责项目审批、资金保障`` → one unit per task, in order."""
    out: list[Assignment] = []
    # The patterns are costly: run them only on the lines that say 分别.
    windows: list[tuple[int, int]] = []
    for hit in re.finditer("分别", text):
        start = text.rfind("\n", 0, hit.start()) + 1
        end = text.find("\n", hit.end())
        end = len(text) if end < 0 else end
        if not windows or windows[-1] != (start, end):
            windows.append((start, end))
    if not windows:
        return out
    for pattern, units_first in ((_UNITS_DO_TASKS(), True), (_TASKS_BY_UNITS(), False)):
        for m in (m for start, end in windows for m in pattern.finditer(text, start, end)):
            left, right = m.group(1).split("、"), m.group(2).split("、")
            units, tasks = (left, right) if units_first else (right, left)
            if len(units) != len(tasks):
                continue
            units[0] = re.sub(r"^(?:由|请|要|并|和)", "", units[0])
            tasks = [re.sub(r"(?:工作|任务)$", "", task) or task for task in tasks]
            out.extend(
                Assignment(unit, task, offset + m.start(), offset + m.end())
                for unit, task in zip(units, tasks, strict=True)
            )
    return out


# --- leaders and the issuing organisation ------------------------------------------------------

_POSTS = (
    "县委书记|市委书记|区委书记|省委书记|州委书记|党委书记|党工委书记|党组书记|副书记|书记|副县长|副市长|副区长|副省长|"
    "县长|市长|区长|省长|州长|旗长|镇长|乡长|主席|副主席|主任|副主任|局长|副局长|部长|副部长|厅长|副厅长|秘书长|"
    "总理|副总理|常委"
)
# what follows a name: a mark, or the verb of what the official did (宣布, 主持, 介绍, 就…, 等)
_AFTER_NAME = (
    r"[\s，,。:：、（(）)；;]|$|同志|作|在|说|表示|强调|指出|宣布|主持|介绍|致辞|讲话|出席|参加|带队|率队|率|调研|督导|"
    r"就|等|一行|会见|看望|慰问|检查|听取|到|深入|对|要求|告诉|接受|认为|代表|向|与|和|同"
)
# (the lookahead on a post's first character lets the scan skip most positions at once)
_LEADER = compiled(
    rf"(?=[县市区省州党副书主局部厅秘总常旗镇乡])(?<!总)({_POSTS})[ \u3000]?([{HAN}]{{2,3}})(?={_AFTER_NAME})"
)
# A name opens with a surname (the common single ones and the compound ones).
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛"
    "曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席"
    "卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥"
    "南班储栗燕楚鄢劳谌奚皮粟冼蔺楼满闻位厉伊仝郜阚权强帅屠豆朴盖练廉禹井祖漆巴丰支卿狄计索宣晋相初门云容敬扈"
    "晁芮普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇湛宾戎勾茅利於呼居揭干尉冶斯元束"
    "檀衣信展阴昝幸奉植衡富尧闭由"
)
_COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "令狐",
    "夏侯",
    "长孙",
    "宇文",
    "端木",
)
_ONE_CHAR_AFTER = set("作在说就等对到和与向同率")


def _person(name: str) -> str:
    """``name`` as a person's name (2–3 characters after a surname), or ``""``."""
    if len(name) == 3 and name[2] in _ONE_CHAR_AFTER:
        name = name[:2]  # 刘斌就…, 张三和…: the verb is not part of the name
    if name[:2] in _COMPOUND_SURNAMES or name[0] in _SURNAMES:
        return name
    return ""


_LEADER_NOTE = _lazy(
    rf"(?:责任领导|包联领导|分管领导|牵头领导|联系领导|包抓领导|牵头县领导|牵头市领导)[:：]\s*"
    rf"((?:[{HAN}]{{0,10}}?(?:{_POSTS}))?[{HAN}]{{2,4}}(?:[、，,](?:[{HAN}]{{0,10}}?(?:{_POSTS}))?[{HAN}]{{2,4}})*)"
)
_NOT_NAME = compiled(
    r"^(?:同志|强调|指出|表示|要求|提出|主持|带领|亲自|讲话|作|在|的|和|等|一行|出席|会议|工作|负责|办公|指引|重要|考察|视察|亲临|关于|对|高度|批示|调研)"
)
_PLACE = compiled(
    rf"([{HAN}]{{1,10}}?(?:特别行政区|自治区|自治州|自治县|省|市|州|盟|县|区|旗|乡|镇))(?:人民政府|政府|党委|县委|市委|区委|省委|委员会)"
)
_PLACE_CONGRESS = compiled(rf"在([{HAN}]{{2,10}}?(?:自治区|省|市|县|区|旗))第[{HAN}]{{1,4}}届人民代表大会")
_PLACE_IN_TITLE = compiled(rf"^(?:20\d{{2}}年)?([{HAN}]{{1,10}}?(?:自治区|省|市|县|区|旗))(?=[{HAN}])")


def find_leaders(text: str) -> list[tuple[str, str]]:
    """Officials named with their post (``县委书记庞明明``, ``省长 李炳军``, ``县长贺敬宣布…``), anywhere in
    the text; a name opens with a surname."""
    out: dict[str, str] = {}
    for m in _LEADER.finditer(text):
        name = _person(m.group(2))
        if not name or _NOT_NAME.match(name) or name in out:
            continue
        out[name] = m.group(1)
    return list(out.items())


def find_item_leaders(text: str) -> list[str]:
    """``（责任领导：张三）`` / ``包联领导：李四、王五`` inside an item."""
    names: list[str] = []
    if "领导" not in text:
        return names
    for m in _LEADER_NOTE().finditer(text):
        for part in re.split(r"[、，,]", m.group(1)):
            if re.fullmatch(rf"[{HAN}]{{0,10}}?(?:{_POSTS})", part):
                continue  # 县委常委、常务副县长王五: a post of the same person
            name = re.sub(rf"^[{HAN}]{{0,10}}?(?:{_POSTS})", "", part)
            if len(name) < 2:
                name = part
            if name and name not in names:
                names.append(name)  # 副县长张三 → 张三
    return names


# words of the sentence a place name stands in (经县政府同意, 在充分征求区政府意见, 聘任咸宁市…委员)
_BEFORE_PLACE = compiled(r"^.*(?:年|关于|印发|代表|转发|政府|经|在|征求|聘任|由|向|对|同意|批准|报)")


def find_organisation_name(title: str, text: str) -> str:
    """The organisation a text speaks for: from its title (2026年北京市政府工作报告 → 北京市) or head.
    A place is a name of its own: a level alone (县, 区) or a set of them (各乡镇) is none."""
    head = text[:1500]
    candidates = itertools.chain(
        (_PLACE_IN_TITLE.match(title),),
        _PLACE.finditer(title),
        _PLACE_CONGRESS.finditer(head),
        _PLACE.finditer(head),
    )  # read lazily: the first good one ends the search
    for m in candidates:
        if m:
            name = _BEFORE_PLACE.sub("", m.group(1))
            if (
                2 <= len(name) <= 9
                and not re.match(r"[各全本我该]|市直|县直|区直", name)
                and not re.search(r"委|工作|任务|实行|负责", name)
                and name not in ("新区", "园区", "城区", "市区", "开发区", "高新区", "景区", "社区", "辖区")
            ):
                return name
    return ""
