"""Forms of reports, notices and speeches as offices receive them: a contents list at the top, a
year's review in paragraphs, parts named in a news sentence, pages from document sites, a draft
regulation put out for comment, and reporting dates every month."""

from __future__ import annotations

from luoshi.ingest import Draft, Item, ingest_text
from luoshi.ingest.extract import (
    find_addressees,
    find_deadlines,
    find_filing_units,
    find_projects,
    find_targets,
)
from luoshi.ingest.structure import find_slogans


def _tree(items: list[Item]) -> list[tuple[str, list[str]]]:
    return [(i.title, [c.title for c in i.children]) for i in items]


def _outline(draft: Draft) -> list[tuple[str, list[str]]]:
    outline = [f for f in draft.frameworks if f.source != "slogan"]
    return _tree(outline[0].items) if outline else []


def test_a_contents_list_at_the_top_gives_the_parts_the_page_does_not_reach() -> None:
    draft = ingest_text(
        "一、2023年工作回顾\n二、2024年工作安排\n（一）聚焦项目建设\n（二）聚焦工业强县\n三、全面加强政府自身建设\n"
        "2024年夏县政府工作报告\n各位代表：\n现在，我代表县人民政府，向大会报告工作，请予审议。\n"
        "一、2023年工作回顾\n过去的一年，极不平凡。全县地区生产总值完成82.86亿元，增长2.5%，发展态势愈发强劲。\n"
        "这一年，我们坚定不移促转型，产业发展奏响新乐章。\n"
    )
    assert _outline(draft) == [
        ("2023年工作回顾", ["坚定不移促转型，产业发展奏响新乐章"]),
        ("2024年工作安排", ["聚焦项目建设", "聚焦工业强县"]),
        ("全面加强政府自身建设", []),
    ]


def test_a_five_year_reviews_openings_are_not_topics() -> None:
    draft = ingest_text(
        "政府工作报告\n一、过去五年工作回顾\n"
        "这五年，我们牢记嘱托、锚定蓝图，功能建设不断加强。中央政务功能服务保障全面加强，重点任务扎实推进。\n"
        "这五年，我们锐意改革、矢志创新，经济高质量发展取得显著成效。科技创新引领作用更加凸显，成效明显。\n"
        "二、今年工作安排\n今年要抓好以下工作。\n"
    )
    assert _outline(draft) == [("过去五年工作回顾", []), ("今年工作安排", [])]


def test_parts_numbered_in_a_news_sentence_and_the_report_it_carries_in_full() -> None:
    draft = ingest_text(
        "新华社北京3月14日电 新华社受权于14日全文播发李克强总理代表国务院在十四届全国人大一次会议上所作的"
        "《政府工作报告》。\n报告共分两个部分：一、过去一年和五年工作回顾；二、对今年政府工作的建议。\n"
        "报告指出，今年发展主要预期目标是：国内生产总值增长5%左右；粮食产量保持在1.3万亿斤以上。\n"
    )
    assert draft.title == "政府工作报告"
    assert _outline(draft) == [("过去一年和五年工作回顾", []), ("对今年政府工作的建议", [])]
    grain = [t for t in draft.targets if "粮食" in t.text]
    assert [(t.value, t.unit) for t in grain] == [(1.3, "万亿斤")]


def test_honours_counted_after_their_list_are_a_slogan() -> None:
    draft = ingest_text(
        "荣获国家和省市荣誉112项，获批全域旅游示范区、旅游度假区、生态文明建设示范区、首批养老服务模范县、"
        "食品安全示范县五块省级“金字招牌”。"
    )
    slogans = [f for f in draft.frameworks if f.source == "slogan"]
    assert [(f.name, [i.title for i in f.items]) for f in slogans] == [
        (
            "五块省级金字招牌",
            ["全域旅游示范区", "旅游度假区", "生态文明建设示范区", "首批养老服务模范县", "食品安全示范县"],
        )
    ]


def test_a_short_heading_line_in_a_wrapped_text_is_not_joined_to_the_next() -> None:
    lines = [
        "现在，我代表自治区人民政府，向大会报告工作，请予",
        "审议，并请各位政协委员和其他列席人员提出意见。",
        "一、过去五年及2022年工作回顾",
        "本届政府任期的五年，是发展史上极不平凡的五年。面",
        "对严峻复杂的形势和艰巨繁重的任务，在党中央坚强领",
        "导下，我们攻坚克难、砥砺奋进，有效应对各种风险挑",
        "战，如期打赢脱贫攻坚战，全区经济社会发展取得了显",
        "著成绩，呈现出社会稳定、人民安居乐业的良好局面。",
    ]
    draft = ingest_text("2023年新疆自治区政府工作报告(20230114)\n\n" + "\n".join(lines) + "\n")
    assert draft.title == "2023年新疆自治区政府工作报告"
    assert [i.title for i in draft.items] == ["过去五年及2022年工作回顾"]


def test_a_report_due_every_month_from_a_month_on() -> None:
    text = "从2022年3月起，务于每月25日前将推进情况表报旗政府督查室。"
    dates = [d.date for d in find_deadlines(text, default_year=2022)]
    assert dates == [f"2022-{m:02d}-25" for m in range(3, 13)]
    assert "旗政府督查室" in find_filing_units(text)
    # a monthly duty without the month it starts from gives no dates
    assert not find_deadlines("务于每月25日前将推进情况表报旗政府督查室。", default_year=2022)


def test_pages_of_document_sites() -> None:
    essay = ingest_text(
        "欢迎来到零思考方案网网站!\n范文资料:全县重大政策宣传解读工作实施方案\n"
        "一、总体要求\n坚持以新时代中国特色社会主义思想为指导。\n二、主要任务\n加大重大政策宣传解读力度。\n"
    )
    assert essay.title == "全县重大政策宣传解读工作实施方案"
    speech = ingest_text(
        "德育素材网提供各类范文写作素材!\n当前位置:德育素材网 > 讲话发言 > 县委书记在项目建设工作会议上的讲话\n"
        "县委书记在项目建设工作会议上的讲话\n同志们：\n今天，我们召开全县项目建设工作会议。下面，我讲三点意见。\n"
        "一、深化认识，提高站位，进一步强化加快项目落地责任感和紧迫感\n"
        "一个地方发展水平的差距，主要是项目的差距。我们要以推进项目落地为抓手。\n"
    )
    assert speech.title == "县委书记在项目建设工作会议上的讲话"
    assert not speech.projects


def test_a_draft_regulation_published_for_comment_on_a_flattened_page() -> None:
    notice = (
        "现将州法制办正在审查的《迪庆藏族自治州发展藏医药条例(草案)》予以公布，广泛听取社会各界的意见。"
        "请提出意见的单位和个人，于2016年12月28日以前通过电子邮件、传真、信函等形式，将意见反馈我办。 电子邮箱:295891433@qq.com "
        "迪庆州人民政府法制办公室 2016年12月1日 ------------------------------ "
        "迪庆藏族自治州发展藏医药条例(草案) (征求意见稿) 第一章 总则 第一条 为了继承和发扬藏医药学，"
        "促进藏医药相关事业发展，结合自治州实际，制定本条例。 第二条 在本自治州行政区域内从事藏医医疗活动的"
        "单位或个人，适用本条例。 第三条 发展藏医药事业应当坚持继承、保护、扶持、发展的原则。 "
        "第四条 县级以上人民政府应当将藏医药事业纳入国民经济和社会发展规划，并组织实施。"
        "发展藏医药事业，要继承发扬藏医药学的特色和优势，吸收和运用先进的科学技术和手段，促进藏医药理论和实践的发展。"
    )
    assert len(notice) > 400  # a page flattened to one line
    draft = ingest_text(notice)
    assert draft.title == "迪庆藏族自治州发展藏医药条例(草案)"
    assert _outline(draft) == [
        (
            "总则",
            [
                "为了继承和发扬藏医药学，促进藏医药相关事业发展，结合自治州实际，制定本条例",
                "在本自治州行政区域内从事藏医医疗活动的单位或个人，适用本条例",
                "发展藏医药事业应当坚持继承、保护、扶持、发展的原则",
                "县级以上人民政府应当将藏医药事业纳入国民经济和社会发展规划，并组织实施",
            ],
        )
    ]
    assert "2016-12-28" in [d.date for d in draft.deadlines]


def test_projects_as_the_object_of_prose_are_not_named() -> None:
    text = (
        "县委书记在项目建设工作会议上强调，差距主要是项目的差距，要以推进项目落地为抓手，全年引进项目20个。"
    )
    assert not [p.text for p in find_projects(text)]
    assert [t.unit for t in find_targets("粮食产量保持在1.3万亿斤以上。")] == ["万亿斤"]


def test_reporting_days_whose_month_the_page_lost() -> None:
    found = find_deadlines(
        "请各责任单位分别于615日、1215日前将工作进展情况报区政府督查室。", default_year=2021
    )
    assert [d.date for d in found] == ["2021-06-15", "2021-12-15"]
    assert find_deadlines("请于1345日前报送。", default_year=2021) == []  # no 13th month


def test_a_zone_addressed_as_the_body_that_runs_it() -> None:
    assert find_addressees("各乡镇人民政府，上饶高新区，区直各单位：") == [
        "各乡镇人民政府",
        "上饶高新区",
        "区直各单位",
    ]


def test_lamps_and_metres_built_are_targets_an_altitude_and_a_distance_are_not() -> None:
    assert [(t.value, t.unit) for t in find_targets("新建改造路灯300盏，新建人行道1200米。")] == [
        (300.0, "盏"),
        (1200.0, "米"),
    ]
    assert find_targets("在海拔1500米以上农村中小学安装供暖设施。") == []
    assert find_targets("距离学校500米内不得设置网吧。") == []


def test_infrastructure_as_a_kind_is_not_a_named_project() -> None:
    found = find_projects("实施2025年村内基础设施提升工程，推进交通基础设施项目建设。")
    assert [p.text for p in found] == ["2025年村内基础设施提升工程"]


def test_livelihood_projects_counted_are_named_as_written() -> None:
    found = find_slogans("县政府2025年度十件民生实事项目经县人大常委会票决产生。")
    assert [s.name for s in found] == ["十件民生实事项目"]


def test_a_chrome_fields_colon_does_not_take_the_addressees_with_it() -> None:
    draft = ingest_text(
        "分享到:\n区政府办公室关于印发2021年区政府工作报告重点工作责任分工的通知\n【字体:   \n\n"
        "各乡镇(街道)人民政府(办事处),上饶高新区,区直各单位:\n"
        "为抓好区政府工作报告所列重点工作的落实(共101项),现提出如下要求:\n一、以目标倒逼落实。\n二、以督查促进落实。\n"
    )
    assert draft.units[:3] == ["各乡镇(街道)人民政府(办事处)", "上饶高新区", "区直各单位"]
    assert draft.targets == []  # the count of the tasks is no target


def test_a_portals_name_after_a_dash_is_not_part_of_the_title() -> None:
    draft = ingest_text(
        "湖南省人民政府关于落实《政府工作报告》重点工作部门分工的意见-湖南省人民政府门户网站\n"
        "一、落实2019年经济社会发展总体要求\n二、推动高质量发展\n"
    )
    assert draft.title == "湖南省人民政府关于落实《政府工作报告》重点工作部门分工的意见"


def test_the_programme_a_document_is_about_is_not_a_project() -> None:
    text = "关于印发成都市城市社区嵌入式服务设施建设工程实施方案的通知。实施2025年村内基础设施提升工程。"
    assert [p.text for p in find_projects(text)] == ["2025年村内基础设施提升工程"]


def test_places_listed_before_their_count_are_a_counted_name() -> None:
    draft = ingest_text(
        "山东省农村环境连片整治示范资金管理办法\n第一章 总则\n"
        "第一条 在示范期间,建立威海市、章丘市、沂源县和高青县4个示范区(以下简称示范市、县)。\n第二条 示范资金专款专用。\n"
    )
    counted = [f for f in draft.frameworks if f.source == "slogan"]
    assert [(f.name, [i.title for i in f.items]) for f in counted] == [
        ("4个示范区", ["威海市", "章丘市", "沂源县", "高青县"])
    ]
