"""Notices that circulate a plan, counted lists of a year's livelihood matters, reporting dates by
quarter and horizons, and words that end in 项目 without naming a work."""

from __future__ import annotations

from luoshi.ingest import Draft, ingest_text
from luoshi.ingest.extract import find_deadlines, find_projects, find_responsibilities, find_targets


def _names(draft: Draft) -> list[tuple[str, str]]:
    return [(f.name, f.source) for f in draft.frameworks]


_NOTICE = (
    "东阳市人民政府办公室关于印发《东阳市促进残疾人就业行动实施方案》的通知\n"
    "各镇、乡人民政府，各街道办事处，市政府各部门：\n"
    "《东阳市促进残疾人就业行动实施方案》已经市政府同意，现印发给你们，请结合实际认真贯彻落实。\n"
    "东阳市人民政府办公室\n2023年3月13日\n"
)


def test_a_notice_that_only_circulates_a_plan_is_named_by_the_plan() -> None:
    draft = ingest_text(
        _NOTICE + "东阳市促进残疾人就业行动实施方案\n为促进残疾人就业，制定本实施方案。\n"
        "一、总体目标\n到2025年，全市新增残疾人就业800人以上。\n二、主要任务\n拓宽就业渠道。\n"
    )
    assert draft.title == "东阳市促进残疾人就业行动实施方案"
    assert _names(draft)[0] == ("东阳市促进残疾人就业行动实施方案", "outline")
    assert "各镇、乡人民政府" in draft.units


def test_a_plan_with_its_own_preamble_and_no_title_line() -> None:
    draft = ingest_text(
        "成都市发展和改革委员会关于印发成都市城市社区嵌入式服务设施建设工程实施方案的通知\n"
        "各区(市)县政府，市级有关部门：\n"
        "经市领导同意，现将《成都市城市社区嵌入式服务设施建设工程实施方案》印发给你们，请认真贯彻落实。\n"
        "为推动全市城市社区嵌入式服务设施建设，结合我市实际，特制定本方案。\n"
        "一、主要目标\n到2025年底前，全市首批100个示范社区全面建成。\n二、重点任务\n完善设施布局。\n"
    )
    assert draft.title == "成都市城市社区嵌入式服务设施建设工程实施方案"


def test_a_notice_with_requirements_of_its_own_keeps_its_title() -> None:
    title = "区政府办公室关于印发2021年区政府工作报告重点工作责任分工的通知"
    draft = ingest_text(
        f"{title}\n各乡镇人民政府，区直各单位：\n"
        "现将《2021年区政府工作报告重点工作责任分工》印发给你们，并就有关事项通知如下：\n"
        "一、以目标倒逼落实。各单位要细化目标。\n二、以督查促进落实。区政府督查室要加强督查。\n"
    )
    assert draft.title == title


def test_a_title_set_in_spaced_characters() -> None:
    draft = ingest_text(
        "政 府 工 作 报 告\n（征求意见稿）\n各位代表：\n现在，我代表县政府向大会报告工作。\n一、2022年工作回顾\n"
    )
    assert draft.title == "政府工作报告"


def test_a_document_sites_file_number_is_not_part_of_the_title() -> None:
    draft = ingest_text(
        "某市2022年政府工作报告(19)\nVIP专免\n各位代表：\n一、2021年工作回顾\n二、2022年工作安排\n"
    )
    assert draft.title == "某市2022年政府工作报告"


def test_a_counted_list_of_matters_is_the_outline_and_a_counted_name() -> None:
    draft = ingest_text(
        "甘谷县政府2020年将为民办好3件大事和民生实事\n"
        "县政府将继续优先保障民生投入，重点抓好3件大事和民生实事。分别是：\n"
        "（1）加快建设总投资7.58亿元的县医院迁建项目。\n（2）开工新建西环路，改造提升新城路、像山路。\n"
        "（3）开工建设西城区九年制学校。\n"
    )
    assert _names(draft) == [
        ("甘谷县政府2020年将为民办好3件大事和民生实事", "outline"),
        ("3件大事和民生实事", "slogan"),
    ]
    assert [i.title for i in draft.frameworks[0].items] == [i.title for i in draft.frameworks[1].items]
    assert len(draft.frameworks[0].items) == 3
    assert {"西环路", "新城路", "像山路", "西城区九年制学校"} <= {p.name for p in draft.projects}
    assert [t.unit for t in draft.targets] == ["亿元"]  # the count of the matters is no target


def test_news_of_a_counted_list_without_a_headline_is_named_by_its_sentence() -> None:
    draft = ingest_text(
        "(涉县融媒体中心)在涉县第十八届人民代表大会第五次会议闭幕式上通过县人大代表票选表决"
        "县政府2025年度三件民生实事项目 正式出炉!\n"
        "一、2025年村内基础设施提升工程\n在17个乡镇硬化道路10万平方米。\n"
        "二、2025年农村饮水维修养护工程\n维修更换农村37处的机泵、阀门。\n"
        "三、城乡电网改造升级工程\n在39个村改造升级线路16.66公里。\n"
    )
    assert _names(draft) == [("县政府2025年度三件民生实事项目", "outline"), ("三件民生实事项目", "slogan")]


def test_reports_due_in_each_quarters_first_month_from_a_quarter_on() -> None:
    found = find_deadlines(
        "从2023年第二季度起，各牵头单位要在每个季度第1个月的20日前，将责任事项完成情况报市人民政府督查室。",
        default_year=2023,
    )
    assert [d.date for d in found] == ["2023-04-20", "2023-07-20", "2023-10-20"]


def test_a_goals_horizon_is_a_deadline() -> None:
    found = find_deadlines("到2025年，全市新增残疾人就业800人以上。", default_year=2023)
    assert [d.date for d in found] == ["2025"]
    assert find_deadlines("到2020年，全县已完成造林5万亩。", default_year=2023) == []  # a year gone


def test_words_that_end_in_project_without_naming_one() -> None:
    text = (
        "之所以有现在这样的局面，与我们狠抓项目、大抓项目密切相关。部分政府投资类项目投资进度缓慢，"
        "如交通类项目投资进度为50%。第一条为加强扩大内需投资项目(以下简称项目)的建设管理。"
        "监察部门负责项目监督检查。"
    )
    assert [p.text for p in find_projects(text)] == []


def test_a_note_defining_terms_names_no_unit() -> None:
    text = "特别是牵头单位(无牵头单位的,责任单位即为牵头单位,下同)要统筹相关责任单位制订办理方案。"
    assert find_responsibilities(text) == []


def test_the_count_of_the_matters_is_no_target() -> None:
    assert [(t.value, t.unit) for t in find_targets("重点抓好15件大事和民生实事。")] == []


def test_a_listed_name_keeps_a_kinds_word() -> None:
    found = find_projects(
        "重点抓好国家存储器基地、天马第6代低温多晶硅生产线、通用汽车二期及发动机等项目建设。"
    )
    assert "通用汽车二期及发动机" in [p.text for p in found]


def test_a_counted_name_other_than_livelihood_matters_stays_one_framework() -> None:
    draft = ingest_text(
        "(徽县县城鸟瞰)\n"
        "记者:如果让您把当地推介给陇南之外的地方,您将会采取怎样的描述,能否列举当地的三个“地方名片”。\n"
        "王强:第一张名片:金徽美酒。徽县被誉为“中国西部酒乡”,“金徽”系列优质白酒享誉省内外。\n"
        "第二张名片:徽县苗木。徽县苗木产业初具规模,苗木产品远销全国多地。\n"
        "第三张名片:神奇三滩。徽县旅游资源丰富,最吸引人的当属三滩风景区。\n"
    )
    assert [f.source for f in draft.frameworks] == ["slogan"]


def test_matters_listed_as_a_run_broken_by_a_line_are_the_outline_and_the_counted_name() -> None:
    draft = ingest_text(
        "旌德确定今年为民四件实事\n旌德讯近日,旌德县确定了今年努力办好的为民四件实事。\n"
        "这4件实事分别为:一是实施白沙水库水源地环境综合整治,启动丁家山水库引水工程;二是实施污水处理厂二期工程;"
        "三是加大\n医疗卫生投入,支持县医院实施创甲升级计划;四是建成城区养老服务中心并投入运营。\n"
    )
    titles = [
        "实施白沙水库水源地环境综合整治,启动丁家山水库引水工程",
        "实施污水处理厂二期工程",
        "加大医疗卫生投入,支持县医院实施创甲升级计划",
        "建成城区养老服务中心并投入运营",
    ]
    assert [(f.source, [i.title for i in f.items]) for f in draft.frameworks] == [
        ("outline", titles),
        ("slogan", titles),
    ]


def test_honours_given_at_a_meeting_are_no_targets() -> None:
    draft = ingest_text(
        "同志们:刚才,我们表彰了4个先进集体和33名先进个人。\n一、稳住粮食生产\n全年粮播面积必须完成83.6万亩。\n"
    )
    assert [(t.value, t.unit) for t in draft.targets if "表彰" in t.text] == []


def test_a_campaign_or_a_kind_of_works_listed_among_projects_is_none() -> None:
    text = "开山岛党性教育基地、脱贫攻坚、景区建设、罡阳汽车工业园建设等项目有序推进。"
    assert [p.text for p in find_projects(text)] == ["开山岛党性教育基地", "罡阳汽车工业园"]
