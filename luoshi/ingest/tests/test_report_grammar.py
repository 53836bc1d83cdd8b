"""Official-document grammar: repeated captures, uncounted slogans, lessons, Chinese-numeral
figures and joined names of works. The texts are written for the tests."""

from __future__ import annotations

from luoshi.ingest import ingest_text, normalise
from luoshi.ingest.model import Item


def titles(items: list[Item]) -> list[str]:
    return [i.title for i in items]


_PAGE = (
    "某县政府工作报告\n"
    "一、过去一年的工作\n"
    "过去一年，全县上下团结一心，克服困难，较好地完成了县人代会确定的各项任务。\n"
    "各位代表！\n"
    "二、今年的主要任务\n"
    "今年是承上启下的关键一年，我们要把稳增长摆在更加突出的位置，抓好以下工作。\n"
    "（一）主要目标\n"
    "全县生产总值增长百分之六左右，城乡居民收入同步增长。\n"
    "三、加强政府自身建设\n"
    "（一）主要目标\n"
    "各级政府要坚持依法行政，建设人民满意的服务型政府，切实改进工作作风。\n"
)


def test_a_page_captured_several_times_keeps_one_copy_of_its_short_headings() -> None:
    chrome = "当前位置：首页 > 政务公开\n【字体：大 中 小】\n"
    draft = ingest_text(_PAGE + (chrome + _PAGE) * 3)
    assert titles(draft.items) == ["过去一年的工作", "今年的主要任务", "加强政府自身建设"]
    # a short heading repeated under another section, before another paragraph, is kept
    assert titles(draft.items[2].children) == ["主要目标"]
    assert normalise(_PAGE).text.count("（一）主要目标") == 2


def test_percentages_in_chinese_numerals_are_targets() -> None:
    draft = ingest_text(
        "二、今年的主要目标\n"
        "全市生产总值增长百分之六点五左右，居民消费价格涨幅控制在百分之三以内，"
        "单位产值能耗下降零点八个百分点，研发投入增长百分之十到百分之十二。\n"
    )
    found = [(t.value, t.value_high, t.unit, t.qualifier) for t in draft.targets]
    assert found == [
        (6.5, None, "%", "左右"),
        (3.0, None, "%", "以内"),
        (0.8, None, "个百分点", ""),
        (10.0, 12.0, "%", ""),
    ]


def test_chinese_numeral_results_of_last_year_are_results() -> None:
    draft = ingest_text("一、去年的工作\n去年全县生产总值比上年增长百分之二十三点四。\n")
    assert [(t.value, t.unit) for t in draft.results] == [(23.4, "%")]
    assert draft.targets == []


def _slogans(text: str) -> dict[str, list[str]]:
    draft = ingest_text(text)
    return {f.name: titles(f.items) for f in draft.frameworks if f.source == "slogan"}


def test_counted_names_without_a_quantifier_take_the_list_written_by_them() -> None:
    # a count of things joined: its list may stand unquoted before it
    found = _slogans("一、改进工作方法\n各乡镇要实行标准、流程、考核“三统一”的办法，提高办事效率。\n")
    assert found == {"三统一": ["标准", "流程", "考核"]}
    # another counted name only with a quoted list
    found = _slogans("一、转变工作作风\n全体干部坚持“不拖延、不推诿、不敷衍”的“三不原则”，马上就办。\n")
    assert found == {"三不原则": ["不拖延", "不推诿", "不敷衍"]}
    # a plain phrase before such a name is not its list
    assert _slogans("一、做好财政工作\n各部门要算清人力、物力、财力“三本账”，量入为出。\n") == {}


def test_an_unquoted_counted_norm_takes_the_list_right_before_it() -> None:
    found = _slogans("一、深化改革\n我们始终坚持在公开、公平、公正和诚信四项原则的基础上推进改革。\n")
    assert found == {"四项原则": ["公开", "公平", "公正", "诚信"]}
    # counts of industries or works without quotes stay in the outline only
    assert _slogans("一、发展服务业\n软件、物流、会展三大产业规模持续扩大。\n") == {}


_REVIEW = (
    "一、过去一年的工作\n"
    "全县经济运行总体平稳，各项社会事业取得新进展，人民生活持续改善，社会大局和谐稳定。\n"
    "一年来，我们有以下几点体会：必须坚持稳中求进，统筹发展和安全，守住不发生区域性系统性风险的底线，行稳致远。"
    "必须坚持改革创新。必须坚持人民至上，把群众满意作为出发点。这些体会弥足珍贵。\n"
    "二、今年的主要任务\n"
    "抓好项目建设，扩大有效投资，切实增强发展后劲。\n"
)


def test_lessons_announced_by_a_colon_are_items_of_the_review() -> None:
    draft = ingest_text(_REVIEW)
    assert titles(draft.items) == ["过去一年的工作", "今年的主要任务"]
    assert titles(draft.items[0].children) == [
        "必须坚持稳中求进",  # a long lesson is titled by its first clause
        "必须坚持改革创新",
        "必须坚持人民至上，把群众满意作为出发点",
    ]


def test_lessons_run_on_from_a_clause_are_not_an_enumeration() -> None:
    text = _REVIEW.replace("我们有以下几点体会：", "我们深切体会到，做好工作，必须坚持党的领导。")
    assert titles(ingest_text(text).items[0].children) == []


def test_statements_opening_paragraphs_are_not_topics_but_mark_the_section() -> None:
    draft = ingest_text(
        "一、今年的主要任务\n"
        "大力推进乡村振兴。加快发展特色产业，完善农村基础设施，促进农民持续增收，改善人居环境。\n"
        "改善民生是发展的根本目的。要多谋民生之利，多解民生之忧，让群众有更多获得感和幸福感。\n"
        "城乡融合发展刻不容缓。要破除体制机制障碍，推动要素双向流动，促进城乡共同繁荣。\n"
    )
    assert titles(draft.items[0].children) == ["大力推进乡村振兴"]


def _projects(text: str) -> list[str]:
    return [p.name for p in ingest_text(text).projects]


def test_names_of_works_joined_by_he_before_deng_are_split() -> None:
    assert _projects("一、扩大有效投资\n全力保障东岭水电和西川铁路等重大工程建设。\n") == [
        "东岭水电",
        "西川铁路",
    ]


def test_a_clause_opening_with_named_works_and_saying_what_is_done_to_them() -> None:
    names = _projects(
        "一、过去一年的工作\n南岗铁路加快建设。北沟、青石水利枢纽投入使用。"
        "扎实推进白河直流、南岗铁路中段电气化改造工程。红原城际铁路等建成投运。\n"
    )
    assert names == [
        "南岗铁路",
        "北沟",
        "青石水利枢纽",
        "白河直流",
        "南岗铁路中段电气化改造工程",
        "红原城际铁路",
    ]


def test_road_codes_are_projects_where_work_on_them_is_said() -> None:
    names = _projects("一、交通建设\n有序实施G901、S302提质改造和G588东坡至西岭段建设。\n")
    assert names == ["G901", "S302", "G588东坡至西岭段"]
    assert _projects("一、交通管理\n车辆沿G901行驶，注意安全。\n") == []


def test_the_main_work_of_the_year_being_planned_is_not_the_review() -> None:
    draft = ingest_text(
        "某市政府工作报告\n"
        "一、2025年主要工作\n去年全市生产总值增长5.2%，完成年度目标。\n"
        "二、2026年主要工作\n主要预期目标是：全市生产总值增长5%左右，城镇新增就业3万人以上。\n"
    )
    assert [(t.value, t.unit) for t in draft.targets] == [(5.0, "%"), (3.0, "万人")]
    assert [(t.value, t.unit) for t in draft.results] == [(5.2, "%")]
