"""Runs that survive damage: an inline number skipped or repeated, a heading number cut from its
mark by a line break."""

from luoshi.ingest import ingest_text


def _top(text: str) -> list[tuple[str, str, float]]:
    draft = ingest_text(text)
    return [(i.label or i.marker, i.title, i.confidence) for f in draft.frameworks for i in f.items]


def test_an_inline_number_repeated_does_not_end_the_run() -> None:
    items = _top("会议要求：1.管好资金。2.管好项目。2.管好队伍。4.管好风险。\n")
    assert [t for _, t, _ in items] == ["管好资金", "管好项目", "管好队伍", "管好风险"]
    assert items[2][2] < 0.7  # shown as uncertain


def test_an_inline_number_skipped_does_not_end_the_run() -> None:
    items = _top("会议要求：1.管好资金。2.管好项目。4.管好队伍。5.管好风险。\n")
    assert [t for _, t, _ in items] == ["管好资金", "管好项目", "管好队伍", "管好风险"]
    assert [c < 0.7 for _, _, c in items] == [False, False, True, False]


def test_two_damages_end_the_run() -> None:
    items = _top("会议要求：1.管好资金。2.管好项目。4.管好队伍。6.管好风险。\n")
    assert [t for _, t, _ in items] == ["管好资金", "管好项目", "管好队伍"]


def test_a_chinese_number_alone_on_its_line_before_its_mark() -> None:
    text = "乡镇工作要点\n一\n、抓好产业\n新增合作社3家。\n二\n、抓好民生\n新建卫生室两个。\n三\n、抓好治理\n调解纠纷。\n"
    assert [(label, title) for label, title, _ in _top(text)] == [
        ("一、", "抓好产业"),
        ("二、", "抓好民生"),
        ("三、", "抓好治理"),
    ]


def test_a_chapter_number_alone_on_its_line() -> None:
    text = "办法\n第一\n章 总则\n第一条 为了规范管理，制定本办法。\n第二条 本办法适用于本镇。\n"
    assert [(label, title) for label, title, _ in _top(text)] == [("第一章", "总则")]


def test_an_item_cut_off_by_the_end_of_the_page_is_left_out() -> None:
    text = "一、总结工作\n（一）经济平稳。一是投资较快增长。全年投资增长8%。二是消费稳步回升"
    draft = ingest_text(text)
    titles = [
        c.title for f in draft.frameworks for i in f.items for c in i.children for c in [c, *c.children]
    ]
    assert "投资较快增长" in titles
    assert "消费稳步回升" not in titles


def test_an_item_ending_the_text_with_its_full_stop_is_kept() -> None:
    text = "一、总结工作\n（一）经济平稳。一是投资较快增长。全年投资增长8%。二是消费稳步回升。\n"
    draft = ingest_text(text)
    titles = [
        c.title for f in draft.frameworks for i in f.items for c in i.children for c in [c, *c.children]
    ]
    assert "消费稳步回升" in titles


_FILLER = "全县上下团结一心，克难攻坚，各项工作取得了新的进展，群众的获得感不断增强。" * 6


def test_a_flattened_speech_announcing_its_parts_gets_its_first_part_back() -> None:
    text = (
        "在全县工作会议上的讲话 同志们："
        + _FILLER
        + "下面，我讲三点意见：一、认清当前形势。"
        + _FILLER
        + "（一）看到成绩。"
        + _FILLER
    )
    assert len(text) > 400 and "\n" not in text
    draft = ingest_text(text)
    top = [i.title for f in draft.frameworks for i in f.items]
    assert "认清当前形势" in top


def test_a_lone_number_on_a_flattened_line_without_announcement_stays_prose() -> None:
    text = "同志们：" + _FILLER + "我们看到：一、二级公路都已建成。" + _FILLER
    draft = ingest_text(text)
    assert not [i for f in draft.frameworks for i in f.items if i.label == "一、"]


def test_two_enumerations_in_one_paragraph_after_their_own_leads() -> None:
    text = (
        "一、去年工作\n"
        "“两增”：一是工业产值增长。产值增长8%。二是投资实现增长。“三突破”：一是项目建设有突破。"
        "二是园区建设有突破。三是财政收入有突破。\n"
    )
    draft = ingest_text(text)
    children = [c.title for f in draft.frameworks for i in f.items for c in i.children]
    assert children == ["工业产值增长", "投资实现增长", "项目建设有突破", "园区建设有突破", "财政收入有突破"]
    assert all(c.confidence >= 0.7 for f in draft.frameworks for i in f.items for c in i.children)


def test_headings_listed_at_the_top_without_page_numbers_are_a_contents_list() -> None:
    text = (
        "一、回顾过去\n二、谋划未来\n在全镇工作会议上的讲话\n同志们：\n今天召开会议，部署全年工作。\n"
        "一、回顾过去，成绩来之不易\n去年全镇经济平稳增长。\n二、谋划未来，明确工作重点\n今年要抓好三件事。\n"
    )
    draft = ingest_text(text)
    assert [i.title for f in draft.frameworks for i in f.items] == [
        "回顾过去，成绩来之不易",
        "谋划未来，明确工作重点",
    ]


def test_short_headings_with_their_bodies_are_not_a_contents_list() -> None:
    text = "一、回顾过去\n去年全镇经济平稳增长。\n二、谋划未来\n今年要抓好三件事。\n"
    draft = ingest_text(text)
    assert [i.title for f in draft.frameworks for i in f.items] == ["回顾过去", "谋划未来"]


def test_ordinals_with_a_classifier_are_a_marker_family() -> None:
    text = (
        "一、总结上半年\n可以用三句话概括：\n第一句话，总量稳步扩大。全县生产总值增长6%。\n"
        "第二句话，结构持续优化。三产比重提高。\n第三句话，后劲明显增强。项目储备充足。\n"
    )
    draft = ingest_text(text)
    item = draft.frameworks[0].items[0]
    assert [c.title for c in item.children] == ["总量稳步扩大", "结构持续优化", "后劲明显增强"]


def test_an_answer_opening_with_an_ordinal_after_the_speaker_label() -> None:
    text = (
        "镇长访谈\n记者：请介绍三张名片。\n答：第一张名片：生态茶园。全镇茶园10万亩。\n"
        "第二张名片：古镇旅游。游客增长两成。\n第三张名片：特色美食。小吃远近闻名。\n"
    )
    draft = ingest_text(text)
    assert [i.title for f in draft.frameworks for i in f.items] == ["生态茶园", "古镇旅游", "特色美食"]


def test_a_heading_run_into_a_body_that_opens_with_a_year() -> None:
    text = "政府工作报告\n一、2022年工作回顾2022年，全县经济平稳增长。\n二、2023年工作安排2023年，我们将继续努力。\n"
    assert [t for _, t, _ in _top(text)] == ["2022年工作回顾", "2023年工作安排"]


def test_a_year_inside_a_heading_stays() -> None:
    text = "要点\n一、深入推进2023年重点工作\n内容。\n二、展望2024年\n内容。\n"
    assert [t for _, t, _ in _top(text)] == ["深入推进2023年重点工作", "展望2024年"]
