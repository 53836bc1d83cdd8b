"""Lists announced after a counted name (这五件实事是：1.…, 分别是：A；B；C) and headings whose
number lost its mark (1 医疗卫生), including a page cut off inside such a list."""

from luoshi.ingest import ingest_text
from luoshi.ingest.structure import find_outline


def _slogan_items(text: str) -> dict[str, list[str]]:
    return {s.name: [n.title for n in s.items] for s in find_outline(text).slogans if s.items}


def test_inline_numbers_in_the_sentence_after_the_count() -> None:
    text = (
        "县人代会确定今年为群众办好3件实事。\n"
        "这三件实事是：1.新建城区幼儿园2所。2.改造农贸市场，增设摊位300个。3.硬化通村道路40公里。\n"
    )
    found = _slogan_items(text)
    assert list(found.values()) == [
        ["新建城区幼儿园2所", "改造农贸市场，增设摊位300个", "硬化通村道路40公里"]
    ]


def test_clauses_up_to_semicolons_after_fenbie_shi() -> None:
    text = (
        "今年将集中办好四件民生实事。\n"
        "四件民生实事分别是：新建敬老院一所；改造老旧小区十个；建成城南公园；为全体中小学生免费体检。\n"
    )
    assert _slogan_items(text)["四件民生实事"] == [
        "新建敬老院一所",
        "改造老旧小区十个",
        "建成城南公园",
        "为全体中小学生免费体检",
    ]


def test_a_colon_not_pointing_back_to_the_count_is_no_list() -> None:
    text = "全年办成5件实事。\n会议还强调：抓紧谋划项目；压实安全责任；做好信访工作；守住廉洁底线；关心困难群众。\n"
    assert _slogan_items(text) == {}


def test_clause_count_must_match() -> None:
    text = "今年办好三件民生实事。\n三件民生实事分别是：新建敬老院一所；改造老旧小区十个。\n"
    assert _slogan_items(text) == {}


def test_heading_numbers_that_lost_their_mark() -> None:
    text = (
        "今年办好三方面民生实事。\n"
        "1 住房保障\n"
        "改造棚户区800套，建成公租房200套。\n"
        "2 教育提升\n"
        "新建小学两所。\n"
        "3 文化惠民\n"
        "建成乡镇文化站5个。\n"
    )
    draft = ingest_text(text)
    titles = [[i.title for i in f.items] for f in draft.frameworks]
    assert ["住房保障", "教育提升", "文化惠民"] in titles
    assert _slogan_items(text)["三方面民生实事"] == ["住房保障", "教育提升", "文化惠民"]


def test_a_stray_number_line_is_not_a_heading() -> None:
    text = "工作总结\n全年完成投资12亿元。\n5 工作安排\n明年继续推进。\n"
    draft = ingest_text(text)
    assert all(i.title != "工作安排" or i.label != "5" for f in draft.frameworks for i in f.items)


def test_a_page_cut_inside_the_list_keeps_the_items_it_has() -> None:
    text = (
        "今年办好五方面民生实事。\n1 医疗健康\n新建社区卫生服务站10个。\n2 养老服务\n新增养老床位500张，其中"
    )
    assert _slogan_items(text)["五方面民生实事"] == ["医疗健康", "养老服务"]


def test_a_complete_text_short_of_the_count_gives_no_items() -> None:
    text = (
        "今年办好五方面民生实事。\n"
        "1 医疗健康\n"
        "新建社区卫生服务站10个。\n"
        "2 养老服务\n"
        "新增养老床位500张。\n"
        "会议要求各部门抓好落实。\n"
    )
    assert "五方面民生实事" not in _slogan_items(text)


def test_a_plain_list_repeating_the_counted_quality() -> None:
    text = "全镇将写好山水秀美、人文厚美、产业精美“三美文章”，推动乡村振兴。\n"
    assert _slogan_items(text)["三美文章"] == ["山水秀美", "人文厚美", "产业精美"]


def test_a_count_before_a_verb_takes_no_plain_list() -> None:
    text = "深化承包地所有权、承包权、经营权“三权分置”改革。\n"
    assert "三权分置" not in _slogan_items(text)


def test_a_run_announced_by_a_count_before_a_comma() -> None:
    text = "今年，全镇要重点办好三件事，一是修好通村道路，二是建好集中供水站，三是管好村容村貌。\n"
    draft = ingest_text(text)
    assert [i.title for i in draft.frameworks[0].items] == ["修好通村道路", "建好集中供水站", "管好村容村貌"]


def test_a_run_after_a_plain_comma_is_still_prose() -> None:
    text = "他在调研时说，一是要看得远，还要走得稳，这是发展的道理。\n"
    draft = ingest_text(text)
    assert not any(i.marker == "一是" for f in draft.frameworks for i in f.items)


def test_an_unquoted_counted_strategy_after_its_list() -> None:
    text = "全县将实施工业强县、农业稳县、旅游活县三大战略，奋力赶超。\n"
    assert _slogan_items(text)["三大战略"] == ["工业强县", "农业稳县", "旅游活县"]


def test_inline_numbers_right_after_the_counted_name() -> None:
    text = "今年为民办好三件实事：1.新建幼儿园2所；2.改造危房300户；3.硬化道路40公里。\n"
    assert _slogan_items(text)["三件实事"] == ["新建幼儿园2所", "改造危房300户", "硬化道路40公里"]


def test_an_unquoted_count_in_a_heading_with_as_many_sub_items() -> None:
    text = (
        "一、实施三大工程，夯实发展基础\n"
        "（一）实施交通提升工程。新建公路50公里。\n"
        "（二）实施水利保障工程。新建水库一座。\n"
        "（三）实施电网改造工程。改造线路80公里。\n"
        "二、办好民生实事\n"
        "（一）发展教育。\n"
        "（二）发展卫生。\n"
    )
    draft = ingest_text(text)
    slogans = {f.name: [i.title for i in f.items] for f in draft.frameworks if f.source == "slogan"}
    assert slogans == {"三大工程": ["实施交通提升工程", "实施水利保障工程", "实施电网改造工程"]}
    outline = next(f for f in draft.frameworks if f.source == "outline")
    assert [i.title for i in outline.items] == ["实施三大工程，夯实发展基础", "办好民生实事"]


def test_a_count_in_a_heading_whose_items_do_not_repeat_its_noun() -> None:
    text = "一、抓好三件事\n（一）修路。\n（二）建桥。\n（三）治水。\n"
    draft = ingest_text(text)
    assert not [f for f in draft.frameworks if f.source == "slogan"]
