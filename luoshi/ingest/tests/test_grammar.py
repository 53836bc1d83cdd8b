"""The outline grammar on the failure kinds seen on texts the rules were not written against."""

from __future__ import annotations

from luoshi.ingest import ingest_document, ingest_text
from luoshi.ingest.model import Draft, Framework, Item


def titles(items: list[Item]) -> list[str]:
    return [i.title for i in items]


def test_a_chain_of_yao_sentences_is_an_enumeration() -> None:
    draft = ingest_text(
        "县委书记张三在调度会上指出：\n要抓好项目建设，确保年底前完工。要加强安全生产，坚决遏制重特大事故。"
        "要狠抓作风建设，提高办事效率。会议要求各单位认真落实。"
    )
    assert titles(draft.items) == [
        "抓好项目建设，确保年底前完工",
        "加强安全生产，坚决遏制重特大事故",
        "狠抓作风建设，提高办事效率",
    ]
    assert all(i.confidence < 0.8 for i in draft.items)  # unnumbered: shown as uncertain


def test_units_paired_with_tasks_by_fenbie() -> None:
    draft = ingest_text(
        "一、抓好重点工作\n县发改局、县财政局、县自然资源局分别负责项目审批、资金保障、用地保障。\n"
    )
    assert [(a.unit, a.task) for a in draft.assignments] == [
        ("县发改局", "项目审批"),
        ("县财政局", "资金保障"),
        ("县自然资源局", "用地保障"),
    ]
    assert {"县发改局", "县财政局", "县自然资源局"} <= set(draft.units)


def _slogan(text: str, name: str) -> list[str]:
    draft = ingest_text(text)
    return titles(next(f for f in draft.frameworks if f.name == name).items)


def test_a_slogan_gets_the_items_written_right_after_it() -> None:
    assert _slogan("全力打造“三个高地”：科技创新高地、开放合作高地、人才集聚高地。", "三个高地") == [
        "科技创新高地",
        "开放合作高地",
        "人才集聚高地",
    ]
    text = (
        "一、2026年重点工作\n（一）持续提升“三个中心”能级\n深化国际经济中心建设。内容。\n"
        "深化国际金融中心建设。内容。\n深化国际贸易中心建设。内容。\n（二）其他工作\n"
    )
    assert _slogan(text, "三个中心") == [
        "深化国际经济中心建设",
        "深化国际金融中心建设",
        "深化国际贸易中心建设",
    ]
    inline = "今年要继续办好“三件民生实事”。（1）改造老旧小区，惠及2万户；（2）新建幼儿园10所；（3）提升农村公路。\n"
    assert _slogan(inline, "三件民生实事") == ["改造老旧小区", "新建幼儿园10所", "提升农村公路"]
    prose = (
        "全力打造“三大产业集群”。打造新材料产业集群。推进链条延伸。打造新能源产业集群。打造数智产业集群。\n"
    )
    assert _slogan(prose, "三大产业集群") == ["打造新材料产业集群", "打造新能源产业集群", "打造数智产业集群"]


def test_a_counted_slogan_without_its_items_is_not_a_framework() -> None:
    draft = ingest_text(
        "一、总体要求\n坚持“五个振兴”一起抓，落实“六个严防”要求，推进各项工作。\n二、主要任务\n内容。\n"
    )
    assert [f.name for f in draft.frameworks[1:]] == []


def test_a_marker_split_by_a_line_break_does_not_end_the_run() -> None:
    text = (
        "一、总体要求\n（一）加强领导。内容。\n（二）压实责任。内容要落实到人。（\n三）强化考核。内容。\n"
        "（四）严格问责。内容。\n二、保障措施\n"
    )
    draft = ingest_text(text)
    assert titles(draft.items[0].children) == ["加强领导", "压实责任", "强化考核", "严格问责"]


def test_a_skipped_or_repeated_number_does_not_end_the_run() -> None:
    draft = ingest_text(
        "一、加强领导\n内容。\n三、强化考核\n内容。\n四、严格问责\n内容。\n四、加强宣传\n内容。\n"
    )
    assert titles(draft.items) == ["加强领导", "强化考核", "严格问责", "加强宣传"]
    assert draft.items[1].confidence < 0.8 and draft.items[2].confidence >= 0.8


def test_chapters_articles_and_clauses_of_a_regulation() -> None:
    text = (
        "    【法宝引证码】 CLI.11.1598088\n原文链接：https://example.org/x.html\n某市政务数据管理办法\n"
        "第一章　总　则\n　　第一条　为了加强政务数据管理，制定本办法。\n"
        "　　第二条　主管部门履行下列职责：\n　　（一）规划建设数据中心；\n　　（二）推动数据共享。\n"
        "第二章　目录管理\n　　第三条　全市政务数据实行统一目录管理。\n"
    )
    draft = ingest_text(text)
    assert draft.title == "某市政务数据管理办法"
    assert titles(draft.items) == ["总则", "目录管理"]
    assert titles(draft.items[0].children) == ["为了加强政务数据管理，制定本办法", "主管部门履行下列职责"]
    assert titles(draft.items[0].children[1].children) == ["规划建设数据中心", "推动数据共享"]
    assert [i.label for i in draft.items] == ["第一章", "第二章"]


def test_a_flattened_page_gets_its_paragraph_breaks_back() -> None:
    body = "。".join(["全面推进各项工作落实落地见效"] * 40)
    line = f"关于印发重点工作的通知。一、加强组织领导。{body}。二、强化督查考核。{body}。三、严格责任追究。{body}。"
    draft = ingest_text(line.replace("。二、", "。PZl二、").replace("。三、", "。PZl三、") + "PZl")
    assert titles(draft.items) == ["加强组织领导", "强化督查考核", "严格责任追究"]


def test_trailing_glossary_and_footnotes_are_not_items() -> None:
    text = (
        "一、推进数字政府［1］建设\n建设城市大脑［2］工程。\n二、加强安全\n内容。\n名词解释\n"
        "1.“城市大脑”：是指城市运行管理平台。\n2.“数字政府”：是指以数据为基础的政府。\n"
        "［3］一网统管是指城市治理的一种方式。\n"
    )
    draft = ingest_text(text)
    assert titles(draft.items) == ["推进数字政府建设", "加强安全"]
    assert [p.name for p in draft.projects] == ["城市大脑工程"]


def test_metadata_lines_are_not_the_title() -> None:
    text = "• 公开范围：主动公开\n名称：某县2026年工作要点 文号：某政发〔2026〕1号\n某县2026年工作要点\n一、加强领导\n内容。\n"
    assert ingest_text(text).title == "某县2026年工作要点"


def test_mojibake_after_pinyin_debris_is_repaired_or_flagged() -> None:
    text = "發(fā)展產業(yè)。確(què)?,F有企業(yè)穩定。\n????一、加強領導\n"
    draft = ingest_text(text)
    kinds = draft.repair_counts()
    assert kinds.get("mojibake", 0) + kinds.get("mojibake-unrepaired", 0) >= 2
    assert "?,F" not in draft.text and "????" not in draft.text
    assert titles(draft.items) == ["加强领导"]


def test_past_results_are_results_not_targets_and_their_years_are_not_deadlines() -> None:
    text = (
        "一、2025年工作回顾\n2025年，全市地区生产总值达到500亿元以上、增长5.5%。\n"
        "二、2026年工作安排\n主要预期目标是：地区生产总值增长5%左右，2026年底前建成10个产业园。\n"
    )
    draft = ingest_text(text)
    assert [(t.value, t.unit) for t in draft.targets] == [(5, "%"), (10, "个")]
    assert {(t.value, t.unit) for t in draft.results} == {(500, "亿元"), (5.5, "%")}
    assert [d.date for d in draft.deadlines] == ["2026-12-31"]


def test_a_project_word_in_news_prose_is_not_a_project() -> None:
    draft = ingest_text("他说，这个项目很好，我们引进了一个好项目。今年开工建设国道341线改建工程。")
    assert [p.name for p in draft.projects] == ["国道341线改建工程"]


def test_utf16_without_a_bom_is_text_and_taiwan_wording_keeps_licensing_power() -> None:
    text = "關於軟體與資訊服務的通知\n一、落實行政許可權下放\n網路安全與程式開發。\n"
    draft = ingest_document(text.encode("utf-16-le"))
    assert draft.encoding == "utf-16-le"
    assert titles(draft.items) == ["落实行政许可权下放"]


def _framework(draft: Draft, name: str) -> Framework:
    return next(f for f in draft.frameworks if f.name == name)


def test_a_verb_governing_a_list_before_a_slogan_is_dropped_only_when_the_items_are_nouns() -> None:
    draft = ingest_text(
        "落实人员、资金、场地、制度“四个到位”要求。实施新建布局、优化提升、整合重组、调整淘汰“四个一批”。"
        "做深做透城乡融合发展、文旅深度融合发展“两篇文章”。"
    )
    assert [i.title for i in _framework(draft, "四个到位").items] == ["人员", "资金", "场地", "制度"]
    assert [i.title for i in _framework(draft, "四个一批").items][0] == "新建布局"
    assert [i.title for i in _framework(draft, "两篇文章").items] == ["城乡融合发展", "文旅深度融合发展"]


def test_a_list_cut_inside_a_phrase_gives_no_slogan_items() -> None:
    draft = ingest_text("开展违规收费、拖欠账款以及执法检查“三个专项整治”。开展甲类、乙类以“两项检查”。")
    assert [i.title for i in _framework(draft, "三个专项整治").items] == ["违规收费", "拖欠账款", "执法检查"]
    assert not any(f.name == "两项检查" and f.items for f in draft.frameworks)


def test_a_counted_livelihood_list_is_read_where_it_is_announced_not_where_it_is_reported_done() -> None:
    review = "\n".join(f"（{c}）回顾第{c}项工作。去年做了很多事情，成效明显。" for c in "一二三")
    tasks = "\n".join(f"{n}.{w}方面。为群众办好一批实事。" for n, w in enumerate(["教育", "医疗", "养老"], 1))
    text = f"一、过去一年工作回顾\n三方面民生实事圆满完成。\n{review}\n二、今年工作\n继续办好三方面民生实事，说到做到。\n{tasks}\n"
    draft = ingest_text(text)
    assert [i.title for i in _framework(draft, "三方面民生实事").items] == [
        "教育方面",
        "医疗方面",
        "养老方面",
    ]


def test_counts_and_glossary_terms_are_not_slogans() -> None:
    text = "一、稳增长\n落实稳增长“21”条措施，建成“00”号公路。\n名词解释\n1.“三个体系”：指甲体系、乙体系、丙体系“三个体系”。\n"
    names = [f.name for f in ingest_text(text).frameworks]
    assert "21" not in names and "00" not in names and "三个体系" not in names


def test_numbers_past_ninety_nine() -> None:
    from luoshi.ingest.structure import cn_to_int

    assert [cn_to_int(n) for n in ("一百", "一百零一", "一百一十", "一百二十三")] == [100, 101, 110, 123]
    ones = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
    numerals = [
        (ones[n // 10] if n >= 20 else "") + ("十" if n >= 10 else "") + ones[n % 10] for n in range(1, 100)
    ]
    lines = [f"{n}、做好第{i}件事。" for i, n in enumerate([*numerals, "一百", "一百零一"], 1)]
    draft = ingest_text("\n".join(["工作任务", *lines]))
    assert [(i.label, i.number) for i in draft.items][-2:] == [("一百、", 100), ("一百零一、", 101)]


def test_named_works_without_project_after_them() -> None:
    text = (
        "扩大有效投资。全面投运甲乙机场，推进丙丁机场前期。加快戊己至庚辛铁路建设。"
        "开工子丑至寅卯、辰巳至午未等铁路，推动东西高铁、南北水库等“八大工程”纳入规划。"
        "加快推进某某新材料产业园、某某能源燃煤发电等12个百亿元、70个30亿元以上项目建设。"
    )
    names = [p.name for p in ingest_text(text).projects]
    for name in (
        "甲乙机场",
        "丙丁机场",
        "戊己至庚辛铁路",
        "子丑至寅卯",
        "辰巳至午未",
        "东西高铁",
        "南北水库",
        "某某新材料产业园",
        "某某能源燃煤发电",
    ):
        assert name in names
    assert not any("亿元" in n or "个" in n for n in names)


def test_quantities_procedures_and_fields_are_not_project_names() -> None:
    text = (
        "引导民间资本参与特许经营项目，为城市更新项目提供支持，谋划储备、洽谈招引、转化落地一批项目。"
        "推进新能源汽车、机器人、商业航天等重点项目。深化城镇燃气、危险化学品等“一件事”治理。"
        "有序推进保障性住房、城中村改造等项目建设。加强水利、铁路、公路等基础设施建设。"
    )
    assert [p.name for p in ingest_text(text).projects] == []


def test_rates_of_a_base_and_more_units_of_measure_are_targets() -> None:
    text = "主要预期目标是：粮食产量100亿斤以上，细颗粒物年均浓度控制在30微克/立方米左右，常住人口城镇化率达60%左右。"
    found = {(t.value, t.unit) for t in ingest_text(text).targets}
    assert {(100, "亿斤"), (30, "微克/立方米"), (60, "%")} <= found
    assert not ingest_text("全县总人口30万人。").targets


def test_inline_runs_separated_by_commas_and_inline_numbers_in_a_paragraph() -> None:
    draft = ingest_text(
        "一、目标\n今后五年的目标：一是经济实力持续提升，二是改革开放取得突破，三是生活品质不断提高。\n"
        "二、实事\n今年办好三件实事。（1）改善农村学校条件，新建校舍。（2）加强医疗服务。（3）推进避险搬迁。\n"
    )
    assert titles(draft.items[0].children) == ["经济实力持续提升", "改革开放取得突破", "生活品质不断提高"]
    assert titles(draft.items[1].children) == ["改善农村学校条件，新建校舍", "加强医疗服务", "推进避险搬迁"]


def test_numbering_counts_afresh_in_each_section() -> None:
    # the first sub-heading of a section lost: its second one still opens the section's run
    text = (
        "一、推进产业发展\n（一）培育龙头企业。内容。\n（二）扩大种植规模。内容。\n（三）完善物流体系。内容。\n"
        "二、改善城乡面貌\n（二）新修农村道路。内容。\n（三）整治人居环境。内容。\n"
    )
    draft = ingest_text(text)
    assert titles(draft.items[1].children) == ["新修农村道路", "整治人居环境"]
    assert draft.items[1].children[0].confidence < 0.7
    # sub-headings numbered on through the parts keep full confidence
    text = "一、甲方面工作\n（一）做好甲事。内容。\n（二）做好乙事。内容。\n二、乙方面工作\n（三）做好丙事。内容。\n"
    assert ingest_text(text).items[1].children[0].confidence >= 0.8


def test_a_jump_of_several_numbers_is_kept_when_the_run_goes_on_from_it() -> None:
    text = (
        "一、加强领导\n内容。\n二、压实责任\n内容。\n五、强化督查\n内容。\n六、严格考核\n内容。\n"
        "七、加强宣传\n内容。\n"
    )
    draft = ingest_text(text)
    assert titles(draft.items) == ["加强领导", "压实责任", "强化督查", "严格考核", "加强宣传"]
    assert [i.confidence < 0.7 for i in draft.items] == [False, False, True, False, False]
    # a lone stray number far ahead is still not a heading
    text = "一、加强领导\n内容。\n二、压实责任\n内容。\n九、这一行不是标题\n内容。\n"
    assert titles(ingest_text(text).items) == ["加强领导", "压实责任"]


def test_the_deeper_marker_families_are_headings_and_notes_stay_notes() -> None:
    text = (
        "一、主要任务\n1）完善工作制度。制定办法。\n2）加强人员培训。每年培训。\n"
        "二、保障措施\n①加强组织领导。成立专班。\n②强化资金保障。安排资金。\n"
        "三、工作要求\n⑴按时报送材料。内容。\n⑵确保数据准确。内容。\n"
    )
    draft = ingest_text(text)
    assert [titles(i.children) for i in draft.items] == [
        ["完善工作制度", "加强人员培训"],
        ["加强组织领导", "强化资金保障"],
        ["按时报送材料", "确保数据准确"],
    ]
    assert [c.label for c in draft.items[1].children] == ["①", "②"]
    # a mark the body refers to, and a line defining a term, are notes
    text = (
        "一、推进智慧城市建设①\n内容。\n二、加强安全\n内容。\n①智慧城市指运用信息技术的城市。\n②说明文字。\n"
    )
    assert [titles(i.children) for i in ingest_text(text).items] == [[], []]
    text = "一、推进工作\n内容。\n二、加强安全\n内容。\n1）数字底座是指共用的平台。\n"
    assert [titles(i.children) for i in ingest_text(text).items] == [[], []]


def test_circled_numbers_inside_a_paragraph_are_a_run() -> None:
    draft = ingest_text("一、重点任务\n抓好三项工作：①修缮老旧校舍；②配齐教学设备；③补充乡村教师。\n")
    assert titles(draft.items[0].children) == ["修缮老旧校舍", "配齐教学设备", "补充乡村教师"]


def test_an_excerpt_that_opens_inside_a_run_keeps_its_headings() -> None:
    text = "（六）围绕乡村振兴添活力。粮食稳产。\n（七）围绕民生改善增福祉。就业稳定。\n（八）围绕安全发展守底线。\n"
    draft = ingest_text(text)
    assert titles(draft.items) == ["围绕乡村振兴添活力", "围绕民生改善增福祉", "围绕安全发展守底线"]
    assert draft.items[0].confidence < 0.7
    # a lone numbered line is not a run
    assert titles(ingest_text("前言。\n（六）围绕乡村振兴添活力。粮食稳产。\n正文。\n").items) == []


def test_a_regulation_published_after_a_notice_is_not_nested_under_its_points() -> None:
    text = (
        "某市常委会办公室公告\n现将条例草案全文公布，并就有关事项公告如下：\n"
        "一、各单位和个人均可以提出意见。\n二、征求意见的时间为一个月。\n某市数据条例（草案）\n"
        "总　则\n第一条　为了规范数据管理，制定本条例。\n第二条　本条例适用于本市。\n"
        "附　则\n第三条　本条例自公布之日起施行。\n"
    )
    draft = ingest_text(text)
    assert titles(draft.items) == ["各单位和个人均可以提出意见", "征求意见的时间为一个月", "总则", "附则"]
    assert titles(draft.items[2].children) == ["为了规范数据管理，制定本条例", "本条例适用于本市"]
    assert titles(draft.items[3].children) == ["本条例自公布之日起施行"]
    assert draft.items[2].label == ""


def test_reported_speech_opens_an_inline_run_after_a_comma() -> None:
    text = (
        "会议听取了各单位的汇报。\n县长指出，一要抓好春耕生产，确保不误农时。二要抓好安全生产，消除隐患。"
        "三要抓好项目建设，加快施工进度。\n"
    )
    assert titles(ingest_text(text).items) == [
        "抓好春耕生产，确保不误农时",
        "抓好安全生产，消除隐患",
        "抓好项目建设，加快施工进度",
    ]
    # two items after a comma, or items run on after commas, are no run of their own
    assert ingest_text("他说，一要认真学习，二要抓好落实，三要加强督查。\n").items == []


def test_a_short_name_before_a_colon_is_the_heading() -> None:
    text = (
        "一、工作原则\n1、以人为本：必须把学生的成长放在首位，关爱每一个学生。\n"
        "2、依法治教：必须增强依法行政意识，完善决策机制。\n3、目标：增长5%。\n"
    )
    draft = ingest_text(text)
    assert titles(draft.items[0].children) == ["以人为本", "依法治教", "目标：增长5%"]


def test_arabic_numbers_after_a_colon_inside_a_paragraph_are_a_run() -> None:
    text = "一、平台的责任\n平台应当履行下列责任：1. 保护用户信息；2. 定期检测系统安全；3. 配合监管工作。\n"
    draft = ingest_text(text)
    assert titles(draft.items[0].children) == ["保护用户信息", "定期检测系统安全", "配合监管工作"]
    assert [c.label for c in draft.items[0].children] == ["1.", "2.", "3."]
    # decimals are not numbers of a list
    assert ingest_text("一、目标\n增长目标：3.5%，力争4.5%。\n").items[0].children == []


def test_footnote_marks_in_tortoise_brackets_are_notes() -> None:
    text = "一、落实“双减”〔1〕政策\n内容。\n二、推进健康行动\n内容。\n〔1〕双减是指减轻学生作业负担和校外培训负担。\n"
    draft = ingest_text(text)
    assert titles(draft.items) == ["落实“双减”政策", "推进健康行动"]
    assert draft.items[1].children == []


def test_a_year_may_follow_an_arabic_heading_number() -> None:
    text = "某县工作要点\n1.2025年工作回顾\n内容。\n2.2026年工作安排\n内容。\n1.5亿元用于道路建设。\n"
    assert titles(ingest_text(text).items) == ["2025年工作回顾", "2026年工作安排"]


def test_a_contents_list_names_the_headings_and_gives_no_items() -> None:
    text = (
        "目录\n1.去年工作回顾 2\n2.今年工作安排……6\n去年工作回顾\n去年全县经济平稳增长，各项事业全面进步，圆满完成全年任务。\n"
        "今年工作安排\n今年全县要坚持稳中求进，抓好项目建设，办好民生实事，确保完成目标。\n"
    )
    draft = ingest_text(text)
    assert titles(draft.items) == ["去年工作回顾", "今年工作安排"]
    assert all(i.confidence < 0.8 for i in draft.items)
    # numbered headings listed in the contents are found once, where they stand
    text = "目录\n一、总体要求 1\n二、重点任务 3\n一、总体要求\n内容。\n二、重点任务\n内容。\n"
    assert titles(ingest_text(text).items) == ["总体要求", "重点任务"]


def test_numbered_levels_nest_in_the_standard_order() -> None:
    # a task list numbered 1.… straight through its （一）（二） sections
    text = (
        "一、主要目标\n1.地区生产总值增长6%左右。\n2.固定资产投资增长10%。\n二、重点任务\n（一）扩大有效投资\n"
        "3.实施重点项目50个以上。\n4.争取专项债券资金。\n（二）培育产业集群\n5.新增规上企业20家。\n"
    )
    draft = ingest_text(text)
    assert titles(draft.items[1].children) == ["扩大有效投资", "培育产业集群"]
    assert [titles(c.children) for c in draft.items[1].children] == [
        ["实施重点项目50个以上", "争取专项债券资金"],
        ["新增规上企业20家"],
    ]
    # a family written above its standard place keeps it when the other restarts under it
    text = "1.总体要求\n（一）指导思想。内容。\n（二）基本原则。内容。\n2.主要任务\n（一）抓好产业。内容。\n（二）改善民生。内容。\n"
    assert [titles(i.children) for i in ingest_text(text).items] == [
        ["指导思想", "基本原则"],
        ["抓好产业", "改善民生"],
    ]


def test_the_list_of_annexes_after_a_notice_gives_no_items() -> None:
    text = "一、压实责任。内容。\n二、加强调度。内容。\n附件：1.2025年重点任务清单\n2.2025年民生实事分解\n某县人民政府办公室\n"
    assert titles(ingest_text(text).items) == ["压实责任", "加强调度"]


def test_a_part_named_in_a_sentence_is_wording_not_structure() -> None:
    text = (
        "一、起草过程\n内容。\n二、主要内容\n报告共分为两个部分：\n第一部分，去年工作回顾。总结了成绩。\n"
        "第二部分，今年工作安排。提出了重点工作。\n"
    )
    draft = ingest_text(text)
    assert titles(draft.items) == ["起草过程", "主要内容"]
    assert titles(draft.items[1].children) == ["去年工作回顾", "今年工作安排"]
    text = "第一部分 总体要求\n一、指导思想\n内容。\n第二部分 重点任务\n一、抓好产业\n内容。\n"
    assert [titles(i.children) for i in ingest_text(text).items] == [["指导思想"], ["抓好产业"]]


def test_rows_of_a_pasted_task_table_are_items() -> None:
    text = "某县重点工作任务分解表\n序号\t工作任务\t牵头单位\n1\t加快推进项目建设\t县发改局\n2\t新建农村公路\t县交通局\n"
    assert titles(ingest_text(text).items) == ["加快推进项目建设", "新建农村公路"]


def test_a_heading_standing_in_its_place_after_misread_numbers_is_kept() -> None:
    text = (
        "一、甲方面\n（一）子项一。内容。\n（二）子项二。内容。\n（二）子项三。内容。\n（二）子项四。内容。\n"
        "（五）子项五。内容。\n二、乙方面\n（一）子项六。内容。\n"
    )
    draft = ingest_text(text)
    assert titles(draft.items[0].children) == ["子项一", "子项二", "子项三", "子项四", "子项五"]
    assert [c.confidence < 0.7 for c in draft.items[0].children] == [False, False, True, True, True]


def test_a_heading_run_into_the_first_task_of_a_flattened_division() -> None:
    body = "，".join(["各地各部门要细化责任、加强调度、确保按期完成各项任务"] * 8)
    line = (
        f"各市人民政府，省政府各部门：现将重点工作任务分解如下，请认真组织落实。{body}。"
        f"一、主要发展目标1.2026年是实施规划的关键一年。生产总值增长6%。{body}。"
        f"二、推进产业转型2.坚持把制造业作为立省之本，推动传统产业升级。{body}。"
        f"三、扩大有效投资3.抓好重大项目建设，全年完成投资1.5倍于上年。{body}。"
    )
    assert len(line) > 400 and "\n" not in line
    draft = ingest_text(line)
    assert titles(draft.items) == ["主要发展目标", "推进产业转型", "扩大有效投资"]
    assert [titles(i.children) for i in draft.items] == [
        ["2026年是实施规划的关键一年"],
        ["坚持把制造业作为立省之本，推动传统产业升级"],
        ["抓好重大项目建设，全年完成投资1.5倍于上年"],
    ]
    # one heading with a decimal in it is not a run-in number
    single = ingest_text(f"通知。{body}。一、总量增长1.5倍以上。{body}。二、推进转型。{body}。")
    assert "\n1." not in single.text


def test_parts_named_in_one_sentence_are_the_top_level() -> None:
    text = (
        "本报讯 3月2日上午，某某县第九届人民代表大会第三次会议开幕。县长代表县人民政府向大会作政府工作报告。\n"
        "报告分为2025年工作回顾、2026年主要任务、加强政府自身建设三个部分。\n"
        "在回顾2025年工作时，报告说，一年来我们攻坚克难。一是经济稳中有进；二是民生持续改善。\n"
        "谈到2026年主要任务，报告指出，今年重点做好以下工作：一是扩大有效投资；二是做强特色产业；三是推进乡村振兴。\n"
    )
    draft = ingest_text(text)
    assert draft.title == "某某县政府工作报告"
    assert titles(draft.items) == ["2025年工作回顾", "2026年主要任务", "加强政府自身建设"]
    assert [titles(i.children) for i in draft.items] == [
        ["经济稳中有进", "民生持续改善"],
        ["扩大有效投资", "做强特色产业", "推进乡村振兴"],
        [],
    ]
    # a count that does not fit the names: no parts
    other = ingest_text(text.replace("三个部分", "四个部分"))
    assert titles(other.items)[:2] == ["经济稳中有进", "民生持续改善"]


def test_reporting_dates_with_a_weekday_month_ends_and_the_day_a_ban_binds() -> None:
    notice = (
        "2026年重点工作任务分解的通知\n各镇人民政府，区政府各部门：\n"
        "一、各牵头单位要制定实施方案，于4月20日(星期五)前上报区督查组。\n"
        "二、各部门要在每季度末(分别在6月、9月和12月底)，将进展情况报区督查组。\n"
    )
    assert [d.date for d in ingest_text(notice).deadlines] == [
        "2026-04-20",
        "2026-06-30",
        "2026-09-30",
        "2026-12-31",
    ]
    rules = (
        "某市墙体材料管理规定\n第一条为节约土地，制定本规定。\n"
        "第二条原有企业应进行技术改造。自2027年9月1日起，全市禁止生产实心粘土砖。\n"
        "第三条本规定自2026年1月1日起施行。\n"
    )
    assert [(d.date, d.text) for d in ingest_text(rules).deadlines] == [
        ("2027-09-01", "自2027年9月1日起，全市禁止")
    ]


def test_a_title_over_three_lines_and_a_lone_dash_heading() -> None:
    text = (
        "名称：某市人民政府办公室关于印发2026年重点工作任务分解的通知\n某市人民政府办公室\n"
        "关于印发2026年重点工作\n任务分解的通知\n各县区人民政府：\n一、强化责任意识。各地要抓好落实。\n"
    )
    assert ingest_text(text).title == "某市人民政府办公室关于印发2026年重点工作任务分解的通知"
    report = (
        "政府工作报告\n——坚持改进作风，自身建设不断加强\n一年来，县政府班子切实加强自身建设，能力不断提升。\n"
    )
    assert titles(ingest_text(report).items) == ["坚持改进作风，自身建设不断加强"]
    # a subtitle is not a heading
    speech = (
        "政府工作报告\n——在某县第十届人民代表大会第四次会议上\n各位代表：现在，我代表县人民政府作报告。\n"
    )
    assert ingest_text(speech).items == []


def test_an_opinion_with_its_number_before_the_title_addressees_and_stage_years() -> None:
    text = (
        "某政发〔2026〕3号《某省人民政府关于深化预算管理制度改革的实施意见》\n"
        "各市人民政府，各县(市、区)人民政府，省政府各部门、各直属机构，各大企业，各高等院校：\n"
        "现就深化预算管理制度改革提出以下实施意见：\n一、总体要求\n"
        "1.目标任务。从2026年开始，全面启动改革。2027年在预算管理改革上取得决定性进展。"
        "2028年基本完成各项改革任务。\n"
    )
    draft = ingest_text(text)
    assert draft.title == "某省人民政府关于深化预算管理制度改革的实施意见"
    assert draft.units == [
        "各市人民政府",
        "各县(市、区)人民政府",
        "省政府各部门",
        "各直属机构",
        "各大企业",
        "各高等院校",
    ]
    assert [d.date for d in draft.deadlines] == ["2027", "2028"]


def test_rules_named_in_a_publication_note_and_clauses_of_an_article() -> None:
    text = (
        "发布信息\n2026年3月，某省人民政府办公厅发布《某省乡村振兴责任制实施细则》，自发布之日起施行。\n"
        "第一章 总则\n第一条 为了落实责任，制定本细则。\n第二章 各级责任\n第二条 各级政府的责任主要包括：\n"
        "(一)深入学习贯彻有关重要论述，认真落实决策部署，结合实际实施乡村振兴战略。其他内容。\n"
        "(二)把确保粮食供给作为首要任务，压实耕地保护责任。\n"
    )
    draft = ingest_text(text)
    assert draft.title == "某省乡村振兴责任制实施细则"
    article = draft.items[1].children[0]
    assert titles(article.children) == [
        "深入学习贯彻有关重要论述，认真落实决策部署，结合实际实施乡村振兴战略",
        "把确保粮食供给作为首要任务，压实耕地保护责任",
    ]


def test_dash_lines_behind_lost_indentation_and_a_title_run_into_the_salutation() -> None:
    text = (
        "某市政府工作报告\n一、2025年工作回顾\n2025年，全市经济稳中有进。\n"
        "? ? ——坚决打赢疫情防控阻击战，全力守护人民群众生命安全。一年来，全市上下众志成城。\n"
        "? ? ——经济总量持续攀升，城市综合竞争力显著增强。地区生产总值稳步增长。\n"
    )
    draft = ingest_text(text)
    assert titles(draft.items[0].children) == [
        "坚决打赢疫情防控阻击战，全力守护人民群众生命安全",
        "经济总量持续攀升，城市综合竞争力显著增强",
    ]
    assert "?" not in draft.text
    flat = "市长在某市人民代表大会第一次会议上的政府工作报告(2026年政府工作报告)各位代表:现在，我代表市人民政府报告工作。"
    assert ingest_text(flat).title == "市长在某市人民代表大会第一次会议上的政府工作报告"


def test_a_page_title_doubled_before_the_salutation() -> None:
    body = "今天会议的主要任务是部署全年工作，全力以赴做好改革发展稳定各项工作。"
    assert ingest_text(f"县长在座谈会上讲话县长在座谈会上的讲话同志们:{body}").title == "县长在座谈会上的讲话"
    assert (
        ingest_text(f"政府工作报告(市级) 政府工作报告(市级) 各位代表: {body}").title == "政府工作报告(市级)"
    )


def test_a_districts_notice_with_a_title_field_quarterly_reports_and_counted_lists() -> None:
    text = (
        "标 题 | 某政办〔2026〕2 号 区人民政府办公室关于印发2026年重点任务分解方案的通知 |\n"
        "各街道办事处，区人民政府各部门：\n"
        "《分解方案》已报经区人民政府同意，现印发给你们。\n"
        "一、各责任单位要深入实施“大融合、大引进、大合作、大建设”四大战略，加快发展。\n"
        "二、各责任单位要在每季度最后一个月的25日前将落实情况报区人民政府办公室。\n"
    )
    draft = ingest_text(text)
    assert draft.title == "区人民政府办公室关于印发2026年重点任务分解方案的通知"
    slogans = {f.name: titles(f.items) for f in draft.frameworks if f.source == "slogan"}
    assert slogans == {"四大战略": ["大融合", "大引进", "大合作", "大建设"]}
    assert [d.date for d in draft.deadlines] == ["2026-03-25", "2026-06-25", "2026-09-25", "2026-12-25"]
    # the issuing office and the government that approved are not units
    assert draft.units == ["各街道办事处", "区人民政府各部门"]


def test_a_summary_with_lost_dots_a_file_name_and_masked_characters() -> None:
    filler = "全镇上下团结一心，克难攻坚，各项工作取得了新的进展。" * 4
    text = (
        "2025年镇长工作总结.docxVIP\n一、工作回顾  "
        + filler
        + "  1 经济发展平稳。"
        + filler
        + "  2 超额完成招商引资任务。引进了一家投资了1 3亿元的某某包装有限公司。"
        + filler
        + "  3 土地整治稳步推进。"
        + filler
        + "\n二、加强**建工作\n1. 推进**员活动:组织开展各类**员活动，加强教育培训。\n"
    )
    draft = ingest_text(text)
    assert draft.title == "2025年镇长工作总结"
    assert titles(draft.items[0].children) == ["经济发展平稳", "超额完成招商引资任务", "土地整治稳步推进"]
    assert titles(draft.items[1].children) == ["推进**员活动"]
    assert "某某包装有限公司" in draft.units


def test_an_issuer_above_its_title_and_a_list_number_before_a_year() -> None:
    text = (
        "某县人民政府\n关于印发某县2026年十大民生实事项目的通知\n各镇人民政府：\n现印发给你们。\n"
        "1.2026年农村公路生命安全防护工程。\n2.城北小学门前道路建设项目。\n"
    )
    draft = ingest_text(text)
    assert draft.title == "某县人民政府关于印发某县2026年十大民生实事项目的通知"
    assert "2026年农村公路生命安全防护工程" in [p.name for p in draft.projects]


def test_a_division_tables_time_limits_are_deadlines() -> None:
    text = (
        "某县2026年重点工作任务分解表\n序号\t工作任务\t牵头单位\t完成时限\n"
        "1\t加快推进项目建设\t县发改局\t12月底\n2\t新建农村公路\t县交通局\t2026年10月底前\n"
    )
    draft = ingest_text(text)
    assert [(i.title, i.lead_units) for i in draft.items] == [
        ("加快推进项目建设", ["县发改局"]),
        ("新建农村公路", ["县交通局"]),
    ]
    assert sorted(d.date for d in draft.deadlines) == ["2026-10-31", "2026-12-31"]


def test_a_report_without_its_title_page_emoji_and_a_templates_year() -> None:
    text = (
        "各位代表:\n现在,我代表某某县人民政府,向大会报告政府工作,请予审议。\n20XX年工作回顾🏆\n"
        "20XX年,在县委的坚强领导下,全县上下团结奋进,攻坚克难,较好地完成了县人大会议确定的目标任务,"
        "经济社会发展取得了新的成绩。\n——突出提升发展质量和效益,综合实力显著增强\n一年来,经济平稳增长。\n"
        "今年重点办好15件民生实事，新建农村公路50公里。\n"
    )
    draft = ingest_text(text)
    assert draft.title == "某某县政府工作报告"
    assert titles(draft.items) == ["20XX年工作回顾"]
    assert titles(draft.items[0].children) == ["突出提升发展质量和效益,综合实力显著增强"]
    assert "🏆" not in draft.text
    figures = [(t.value, t.unit) for t in draft.targets + draft.results]
    assert (50.0, "公里") in figures and (15.0, "件") not in figures  # 15件民生实事 counts the plan's own


def test_a_page_title_with_its_section_and_a_report_sent_to_an_office() -> None:
    text = (
        "在全县公路建设大会战动员会议上的讲话|动员部署会议\n同志们：\n"
        "一要严密组织，迅速行动。各乡镇于2月29日前将方案报送至县政府政务督查室。二要强化保障，落实资金。\n"
    )
    draft = ingest_text(text)
    assert draft.title == "在全县公路建设大会战动员会议上的讲话"
    assert "县政府政务督查室" in draft.units
