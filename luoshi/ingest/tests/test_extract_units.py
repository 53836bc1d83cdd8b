"""Units, leaders and the places that speak, as official documents write them."""

from __future__ import annotations

from luoshi.ingest import ingest_text
from luoshi.ingest.extract import find_responsibilities, unit_name


def _notes(text: str) -> list[tuple[list[str], list[str]]]:
    return [(r.lead, r.coop) for r in find_responsibilities(text)]


def test_labelled_notes_give_lead_and_cooperating_units() -> None:
    assert _notes("（牵头单位：市交通局；配合单位：市财政局、市公安局）") == [
        (["市交通局"], ["市财政局", "市公安局"])
    ]
    # on lines of their own, the responsible units cooperate with the lead
    assert _notes("牵头单位：区教育局\n责任单位：区卫健委、区住房和城乡建设局\n完成时限：6月底前") == [
        (["区教育局"], ["区卫健委", "区住房和城乡建设局"])
    ]
    # responsible units alone are all responsible; one marked （牵头） leads
    assert _notes("责任单位：镇农办、镇财政所") == [(["镇农办", "镇财政所"], [])]
    assert _notes("责任单位：县水利局（牵头）、县林业局，各乡镇") == [(["县水利局"], ["县林业局", "各乡镇"])]


def test_labelled_notes_keep_brackets_inside_names_and_stop_at_the_next_label() -> None:
    assert _notes("责任单位：各县（市、区）人民政府，市直有关部门") == [
        (["各县（市、区）人民政府", "市直有关部门"], [])
    ]
    # a line break lost before the next label does not glue it to the last unit
    assert _notes("责任单位：县民政局、县残联完成时限：年底前") == [(["县民政局", "县残联"], [])]
    # generic tails and places standing for their government
    assert _notes("配合单位：城关镇、县统计局等相关部门。") == [([], ["城关镇", "县统计局"])]


def test_what_is_not_a_unit_name() -> None:
    assert unit_name("县发展和改革局")
    assert unit_name("县委组织部")
    assert not unit_name("加快推进项目建设")
    assert not unit_name("城关镇")  # a place is a unit only where a note names it
    assert unit_name("城关镇", labelled=True)


def test_an_items_labelled_notes_are_its_units() -> None:
    draft = ingest_text(
        "一、重点任务\n（一）改造老旧小区。年内改造小区20个。\n牵头单位：县住建局\n责任单位：县财政局\n"
        "（二）整治农村环境。\n责任单位：县农业农村局、各乡镇\n"
    )
    first, second = draft.items[0].children
    assert (first.lead_units, first.coop_units) == (["县住建局"], ["县财政局"])
    assert (second.lead_units, second.coop_units) == (["县农业农村局", "各乡镇"], [])
    assert {"县住建局", "县财政局", "县农业农村局", "各乡镇"} <= set(draft.units)


def test_addressee_lines_share_a_head_across_places_listed_with_dunhao() -> None:
    from luoshi.ingest.extract import find_addressees

    assert find_addressees("各县、市人民政府，市直各部门、各直属机构：") == [
        "各县、市人民政府",
        "市直各部门",
        "各直属机构",
    ]
    assert find_addressees("各街道(镇)人民政府(办事处),东城新区、西城新区管委会:") == [
        "各街道(镇)人民政府(办事处)",
        "东城新区、西城新区管委会",
    ]
    # a head never comes: not an addressee line
    assert find_addressees("现将有关事项通知如下、请遵照执行：") == []
    assert find_addressees("各县、市：") == []


def test_offices_reports_are_sent_to_are_units() -> None:
    draft = ingest_text(
        "一、抓好落实\n各单位于4月10日前将方案报区政府督查室备案，并于每月5日前报送区政府办。"
        "意见报区分管领导审定。\n"
    )
    assert {"区政府督查室", "区政府办"} <= set(draft.units)
    assert not any("领导" in unit for unit in draft.units)


def test_two_administrations_joined_by_a_middle_dot_are_one_unit() -> None:
    draft = ingest_text("新区·城南区今年将重点建设三个园区。另开展“文明出行·平安家园”活动。")
    assert "新区·城南区" in draft.units
    assert not any("家园" in unit for unit in draft.units)


def test_leaders_named_with_their_post_anywhere_in_a_news_text() -> None:
    from luoshi.ingest.extract import find_item_leaders, find_leaders

    text = (
        "开工仪式在园区举行。" + "项目建设稳步推进。" * 400 + "县长周明宣布开工。县委副书记罗小兰主持仪式。"
        "县委常委、常务副县长刘斌就项目情况作了介绍，县政协主席魏东等出席。"
    )
    assert find_leaders(text) == [
        ("周明", "县长"),
        ("罗小兰", "副书记"),
        ("刘斌", "副县长"),
        ("魏东", "主席"),
    ]
    # no surname, no person: 园区长效机制, 书记还将…
    assert find_leaders("健全园区长效机制等制度。书记还将到村调研。") == []
    assert find_item_leaders("（责任领导：副县长张伟；牵头单位：县水利局）") == ["张伟"]
    assert find_item_leaders("牵头县领导：县委常委、常务副县长孙红") == ["孙红"]


def test_the_organisation_is_a_place_of_its_own() -> None:
    from luoshi.ingest.extract import find_organisation_name

    assert find_organisation_name("", "各乡镇人民政府：\n经县政府同意，现印发给你们。") == ""
    assert find_organisation_name("关于聘任安康市人民政府参事的决定", "") == "安康市"
    assert (
        find_organisation_name("", "各单位：\n经省政府同意。\n广西壮族自治区人民政府办公厅\n")
        == "广西壮族自治区"
    )
    assert find_organisation_name("", "在充分征求区政府意见后，现印发。由区委区政府督查室督办。") == ""


def test_a_note_in_tortoise_shell_brackets() -> None:
    assert _notes("推行新制度。〔责任单位：省商务厅〕") == [(["省商务厅"], [])]
    assert _notes("〔责任单位：省科技厅、省财政厅按职责分工负责。具体任务不再分工。〕") == [
        (["省科技厅", "省财政厅"], [])
    ]


def test_offices_given_a_task_in_running_text() -> None:
    assert _notes("此项工作由区住房和城乡建设局牵头，区财政局、区审计局配合。") == [
        (["区住房和城乡建设局"], ["区财政局", "区审计局"])
    ]
    assert _notes("由各街道负责组织实施。") == [(["各街道"], [])]
    # no level or place: not a named unit
    assert _notes("由一个部门牵头，由相关单位负责，由企业负责。") == []


def test_a_heading_naming_the_lead_unit_of_its_tasks() -> None:
    draft = ingest_text(
        "附件\n一、区教育局牵头工作（2项）\n1.新建幼儿园3所。\n2.改造校舍2万平方米。（区住建局牵头）\n"
        "二、区卫健委牵头工作（1项）\n3.建成社区卫生服务站5个。\n"
    )
    first, second = draft.items
    assert first.lead_units == ["区教育局"]
    assert [c.lead_units for c in first.children] == [["区教育局"], ["区住建局"]]
    assert second.children[0].lead_units == ["区卫健委"]
    assert {"区教育局", "区卫健委"} <= set(draft.units)


def test_duty_lines_and_member_units_of_a_plan() -> None:
    from luoshi.ingest.extract import find_duty_units

    text = (
        "（一）区应急局：负责统筹协调。\n（二）区公安分局、区交通局：负责交通管制。\n"
        "工作要求：负责同志要到岗。\n主要任务：做好防汛工作。\n"
    )
    assert find_duty_units(text) == ["区应急局", "区公安分局", "区交通局"]
    assert _notes("成员单位：区民政局、区财政局。") == [([], ["区民政局", "区财政局"])]


def test_departments_after_a_placed_first_name_share_its_level() -> None:
    assert _notes("由市教育局、人社局、民政局等部门和各县区政府负责落实。") == [
        (["市教育局", "人社局", "民政局", "各县区政府"], [])
    ]


def test_a_list_without_a_level_or_with_other_names_gives_no_units() -> None:
    assert _notes("由教育局、人社局负责。") == []  # no level on the first
    assert _notes("由市教育局、一个部门负责。") == []  # not a department
    assert _notes("由市教育局、有关企业负责。") == []


def test_addressees_run_into_the_first_sentence_of_a_flattened_page() -> None:
    from luoshi.ingest.extract import find_run_in_addressees

    line = "  各县区人民政府，市政府各部门：市政府工作报告已经市人民代表大会审议通过，现将重点工作分解如下。"
    assert find_run_in_addressees(line) == ["各县区人民政府", "市政府各部门"]
    # a duty line, a speaker, a short line and a list of things are not addressees
    assert (
        find_run_in_addressees("各县区人民政府、市直各部门：负责组织实施本方案，确保各项任务落实到位。") == []
    )
    assert find_run_in_addressees("各位代表：现在，我代表市人民政府向大会报告工作，请予审议。") == []
    assert find_run_in_addressees("各县区人民政府，市政府各部门：通知如下。") == []
    assert find_run_in_addressees("各类企业、各种协会：都要积极参与到全市的招商引资工作中来。") == []


def test_a_company_named_after_a_verb_and_companies_in_general() -> None:
    text = "一、发展建材业\n促进福建昆鹏陶瓷公司投资建设生产线。吸引更多头部跨国公司落户。\n"
    assert ingest_text(text).units == ["福建昆鹏陶瓷公司"]


def test_the_group_a_report_goes_to_is_a_unit() -> None:
    text = "一、各牵头单位要制定实施方案，于4月20日前上报区督查组(办公室设在区政府督查室)。\n"
    assert "区督查组" in ingest_text(text).units
