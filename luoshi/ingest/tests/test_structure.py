from __future__ import annotations

from luoshi.ingest import Draft, Item, ingest_text


def titles(items: list[Item]) -> list[str]:
    return [item.title for item in items]


def test_the_seed_has_the_four_pillars_at_the_top(seed_draft: Draft) -> None:
    assert seed_draft.frameworks[0].name == "1234"
    assert titles(seed_draft.items) == ["擦亮一张名片", "做强两大产业", "推进三城联创", "办好四件大事"]
    assert all(item.kind == "pillar" for item in seed_draft.items)


def test_the_slogan_digits_place_the_two_industries_under_their_pillar(seed_draft: Draft) -> None:
    industries = seed_draft.items[1]
    assert titles(industries.children) == ["做强能源产业", "做强特色农业"]
    assert [c.kind for c in industries.children] == ["task", "task"]


def test_inline_enumerations_become_children(seed_draft: Draft) -> None:
    assert titles(seed_draft.items[2].children) == [
        "力摘文明城市桂冠",
        "建设精致宜居县城",
        "提升公共服务水平",
    ]
    assert titles(seed_draft.items[3].children) == [
        "打好污染防治攻坚战",
        "持续巩固脱贫攻坚成果",
        "推动煤矿企业提质增效",
        "加快推进基础设施建设",
    ]
    assert not seed_draft.mismatches


def test_the_seed_projects_targets_and_units_are_found(seed_draft: Draft) -> None:
    names = [p.name for p in seed_draft.projects]
    for expected in (
        "长临高速古县连接线工程",
        "国道341线改建工程",
        "黎城至霍州高速公路项目",
        "牡丹景区“一中心三片区”",
        "花海索道",
        "温泉养生",
    ):
        assert expected in names
    assert [(t.value, t.unit) for t in seed_draft.targets] == [(55, "项")]
    assert seed_draft.units == ["北京山海文旅集团", "古县古树食品有限公司"]
    roads = seed_draft.items[3].children[3]
    assert [p.name for p in roads.projects] == [
        "长临高速古县连接线工程",
        "国道341线改建工程",
        "黎城至霍州高速公路项目",
    ]


def test_the_city_framework_is_reported_beside_the_county_plan(seed_draft: Draft) -> None:
    city = seed_draft.frameworks[1]
    assert (city.name, city.slogan_number, city.expected) == ("一三四三", "一三四三", [1, 3, 4, 3])


def test_every_item_points_at_its_sentence_in_the_original(seed_text: str, seed_draft: Draft) -> None:
    for pillar in seed_draft.items:
        for item in pillar.walk():
            assert 0 < item.confidence <= 1
            original = seed_text[item.span.start : item.span.end]
            normalised = seed_draft.text[item.span.norm_start : item.span.norm_end]
            assert item.title in normalised
            assert len(original) >= len(item.title)


def test_a_slogan_whose_number_disagrees_with_its_items_is_reported() -> None:
    draft = ingest_text(
        "全县推进“擦亮一张名片,推进三城联创”的“13”工作。\n"
        "聚焦“擦亮一张名片”，发展旅游。\n"
        "聚焦“推进三城联创”，提升城市品质。一是创建文明城市。二是建设宜居县城。"
    )
    assert titles(draft.items) == ["擦亮一张名片", "推进三城联创"]
    assert [(m.where, m.expected, m.found) for m in draft.mismatches] == [("推进三城联创", 3, 2)]


def test_nested_outline_markers_nest() -> None:
    draft = ingest_text(
        "一、总体要求\n（一）指导思想。坚持稳中求进。\n（二）主要目标。\n1.经济增长。地区生产总值增长6%左右。\n"
        "（1）稳投资。完成投资340亿元。\n（2）促消费。\n2.民生改善。\n二、重点任务\n（一）抓好项目。\n"
    )
    top = draft.items
    assert titles(top) == ["总体要求", "重点任务"]
    assert titles(top[0].children) == ["指导思想", "主要目标"]
    assert titles(top[0].children[1].children) == ["经济增长", "民生改善"]
    assert titles(top[0].children[1].children[0].children) == ["稳投资", "促消费"]
    assert [(t.value, t.unit, t.qualifier) for t in top[0].children[1].children[0].targets] == [
        (6, "%", "左右")
    ]


def test_yi_yao_and_di_yi_enumerations_are_items() -> None:
    draft = ingest_text(
        "通知如下：\n一要统一思想，提高认识。各部门要重视。\n二要强化责任分工，注重协作配合。\n三要加强督促检查。\n"
    )
    assert titles(draft.items) == ["统一思想，提高认识", "强化责任分工，注重协作配合", "加强督促检查"]
    draft = ingest_text(
        "讲三点意见。\n第一，提高站位。要认识到重要性。\n第二，压实责任。\n第三，狠抓落实。\n"
    )
    assert titles(draft.items) == ["提高站位", "压实责任", "狠抓落实"]


def test_an_enumeration_is_named_by_the_clauses_that_count_it() -> None:
    draft = ingest_text(
        "区长说，将对标“四个一流”，做好三个强化，实现三个新突破。\n"
        "一是强化中心工作，实现经济总量新突破。力争工业总产值突破600亿元。二是强化改革创新，实现内生动力新突破。"
        "三是强化项目建设，实现发展后劲新突破。"
    )
    assert draft.frameworks[0].name == "做好三个强化,实现三个新突破"
    assert len(draft.items) == 3
    assert [f.name for f in draft.frameworks[1:]] == []  # “四个一流” is named, its items are not listed
    assert [(t.value, t.unit, t.qualifier) for t in draft.targets] == [(600, "亿元", "突破")]


def test_counted_slogans_become_frameworks_with_their_items_but_national_formulae_do_not() -> None:
    draft = ingest_text(
        "实施产业、人才、文化、生态“四大振兴战略”，推进“六大提升行动”，增强“四个意识”，做好“六稳”工作，"
        "落实“十四五”规划。"
    )
    # 六大提升行动 lists no items: an empty counted name is noise, not a framework
    assert [(f.name, f.expected) for f in draft.frameworks] == [("四大振兴战略", [4])]


def test_a_list_before_a_counted_slogan_gives_its_items() -> None:
    draft = ingest_text("按照做实5年、谋划15年、展望30年“三步走”思路推进。")
    steps = next(f for f in draft.frameworks if f.name == "三步走")
    assert titles(steps.items) == ["做实5年", "谋划15年", "展望30年"]


def test_lead_and_cooperating_units_come_from_the_responsibility_note() -> None:
    draft = ingest_text(
        "一、坚持系统集成\n1.全面实施清单管理。2022年10月底前编制并公布清单。"
        "（市政府办公室、市行政审批制度改革工作领导小组办公室牵头，市级各有关部门及各县市区政府按职责分工负责）\n"
    )
    task = draft.items[0].children[0]
    assert task.lead_units == ["市政府办公室", "市行政审批制度改革工作领导小组办公室"]
    assert task.coop_units == ["市级各有关部门", "各县市区政府"]
    assert [(d.date, d.text) for d in task.deadlines] == [("2022-10-31", "2022年10月底前编制并公布清单")]


def test_fen_bie_lists_map_units_to_tasks_one_to_one() -> None:
    draft = ingest_text(
        "一、抓好项目\n县发改局、县财政局分别负责项目审批、资金保障。审批提速、招商引资工作分别由县行政审批局、县商务局负责。"
    )
    assert [(a.unit, a.task) for a in draft.assignments] == [
        ("县发改局", "项目审批"),
        ("县财政局", "资金保障"),
        ("县行政审批局", "审批提速"),
        ("县商务局", "招商引资"),
    ]


def test_targets_and_deadlines_in_their_usual_forms() -> None:
    draft = ingest_text(
        "一、目标\n经济增长4.5%—5%，投资340 亿元，新增就业３０００人以上，于2021年3月15日前完成验收，10月底前建成投用。"
    )
    assert [(t.value, t.value_high, t.unit, t.qualifier) for t in draft.targets] == [
        (4.5, 5, "%", ""),
        (340, None, "亿元", ""),
        (3000, None, "人", "以上"),
    ]
    assert [d.date for d in draft.deadlines] == ["2021-03-15", "2021-10-31"]


def test_glossary_notes_are_not_plan_items() -> None:
    draft = ingest_text(
        "一、重点工作\n（一）推进“三城联创”。\n（二）建设县城。\n注：“三城联创”指文明城市、卫生城市、园林城市联创。\n"
    )
    assert titles(draft.items[0].children) == ["推进“三城联创”", "建设县城"]


def test_text_without_structure_gives_an_empty_draft_with_a_warning() -> None:
    draft = ingest_text("今天天气很好，我们去公园散步，看到很多人在锻炼身体。")
    assert draft.items == []
    assert any("no numbered structure" in w for w in draft.warnings)


def test_the_draft_serialises_to_the_documented_json(seed_draft: Draft) -> None:
    import json

    data = json.loads(json.dumps(seed_draft.to_dict()))
    assert data["format"] == "luoshi.ingest.draft/1"
    assert [i["title"] for i in data["items"]] == [
        "擦亮一张名片",
        "做强两大产业",
        "推进三城联创",
        "办好四件大事",
    ]
    first = data["items"][0]
    assert set(first) >= {
        "kind",
        "title",
        "children",
        "lead_units",
        "coop_units",
        "targets",
        "deadlines",
        "projects",
    }
    assert set(first["span"]) == {"start", "end", "norm_start", "norm_end"}
    assert data["repair_counts"]["pinyin-debris"] == 99


def test_a_numbered_paragraph_is_titled_by_its_whole_first_sentence() -> None:
    draft = ingest_text(
        "关于做好任务分解工作的通知\n"
        "一、各责任单位要高度重视，切实加强领导，对照《政府工作报告》确定的目标任务，制订工作方案，"
        "明确责任，明确措施，明确时间节点，并于2023年1月15日前将工作方案报区人民政府办公室。\n"
        "二、区绩效考评机构要将目标任务纳入绩效管理考核范围，加强过程考核。\n"
    )
    assert titles(draft.items) == [
        "各责任单位要高度重视，切实加强领导，对照《政府工作报告》确定的目标任务，制订工作方案，"
        "明确责任，明确措施，明确时间节点，并于2023年1月15日前将工作方案报区人民政府办公室",
        "区绩效考评机构要将目标任务纳入绩效管理考核范围，加强过程考核",
    ]
