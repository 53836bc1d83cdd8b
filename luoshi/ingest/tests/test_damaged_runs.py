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
