"""Counted names written in the ways official texts and interviews write them: the count outside
the quotes (两个“城市名片”), an unquoted count announcing a numbered list after a colon (三项承诺：1.…),
parts written 之一：“…”——…, a heading's count on a page that keeps only part of its list, and a
regulation's contents list without page numbers before a chapter run into its first article."""

from luoshi.ingest.structure import find_outline


def _slogan_items(text: str) -> dict[str, list[str]]:
    return {s.name: [n.title for n in s.items] for s in find_outline(text).slogans if s.items}


def _titles(nodes) -> list[str]:
    return [n.title for n in nodes]


def test_count_outside_the_quotes_takes_the_ordinal_answers_after_it() -> None:
    text = (
        "记者：请您向外地朋友介绍本县的两个“城市名片”。\n"
        "李明：第一张名片：千年古镇。古镇保存完好，游客众多。\n"
        "第二张名片：高山茶叶。茶园面积逐年扩大。\n"
    )
    assert _slogan_items(text) == {"两个城市名片": ["千年古镇", "高山茶叶"]}


def test_an_ordinal_count_before_quotes_is_no_count() -> None:
    text = "会议提出第三个“重要窗口”的定位。\n第一张名片：千年古镇。\n第二张名片：高山茶叶。\n"
    assert "三个重要窗口" not in _slogan_items(text)


def test_unquoted_count_with_a_colon_and_numbered_clauses() -> None:
    text = (
        "街道党工委书记在会上作出三项公开承诺：1.年内完成老旧小区改造；2.新建社区食堂两处，"
        "方便老人就餐；3.建成街心公园。\n"
    )
    assert _slogan_items(text) == {
        "三项公开承诺": ["年内完成老旧小区改造", "新建社区食堂两处，方便老人就餐", "建成街心公园"]
    }


def test_a_count_of_the_speakers_own_parts_is_no_slogan() -> None:
    text = "下面我讲三点意见：1.提高认识；2.突出重点；3.狠抓落实。\n"
    assert _slogan_items(text) == {}


def test_a_count_whose_list_has_other_numbers_is_no_slogan() -> None:
    text = "镇里作出三项承诺：1.修通村道；3.建成小学。\n"
    assert _slogan_items(text) == {}


def test_parts_written_zhiyi_with_a_dash() -> None:
    text = (
        "镇长在会上亮出了“三大工程”的清单——\n"
        "之一：“富民工程”——扩大特色种植面积，带动农户增收。\n"
        "之二：“安居工程”——改造农村危房，改善居住条件。\n"
        "之三：“畅通工程”——硬化通组道路，方便群众出行。\n"
    )
    outline = find_outline(text)
    assert _titles(outline.items) == ["富民工程", "安居工程", "畅通工程"]
    assert _slogan_items(text) == {"三大工程": ["富民工程", "安居工程", "畅通工程"]}


def test_zhiyi_without_a_named_part_is_no_heading() -> None:
    text = "之一：我们要坚持问题导向，补齐短板。\n之二：我们要坚持目标导向，狠抓落实。\n"
    assert find_outline(text).items == []


def test_a_page_opening_at_a_heading_that_counts_its_parts() -> None:
    text = (
        "四、实施三大行动，建设宜居宜业新城区\n"
        "坚持以人民为中心的发展思想，持续改善城乡面貌，让群众生活更加便利。\n"
        "实施老旧街区更新行动。改造老旧小区12个，新增停车位800个，完善社区服务设施。\n"
        "实施公园绿地提升行动。新建口袋公园5个，打通滨河绿道3公里，提升绿地品质。\n"
    )
    outline = find_outline(text)
    assert _titles(outline.items) == ["实施三大行动，建设宜居宜业新城区"]
    assert _titles(outline.items[0].children) == ["实施老旧街区更新行动", "实施公园绿地提升行动"]
    assert _slogan_items(text) == {"三大行动": ["实施老旧街区更新行动", "实施公园绿地提升行动"]}


def test_a_heading_with_fewer_parts_than_its_count_before_another_heading_is_no_slogan() -> None:
    text = (
        "一、实施三大行动，建设宜居宜业新城区\n"
        "实施老旧街区更新行动。改造老旧小区12个，新增停车位800个，完善社区服务设施。\n"
        "实施公园绿地提升行动。新建口袋公园5个，打通滨河绿道3公里，提升绿地品质。\n"
        "二、加强政府自身建设\n"
        "坚持依法行政，自觉接受各方面监督，持续改进工作作风。\n"
    )
    assert "三大行动" not in _slogan_items(text)


def test_contents_without_page_numbers_and_a_chapter_run_into_its_article() -> None:
    text = (
        "某市河道管理条例\n"
        "目 录\n"
        "第一章 总 则\n"
        "第二章 河道整治\n"
        "第三章 附 则\n"
        "第一章 总 则 第一条 为了加强河道管理，保障防洪安全，制定本条例。\n"
        "第二条 本市行政区域内河道的整治、利用和保护，适用本条例。\n"
        "第二章 河道整治\n"
        "第三条 河道整治应当符合防洪规划。\n"
    )
    outline = find_outline(text)
    assert _titles(outline.items) == ["总则", "河道整治"]
    assert _titles(outline.items[0].children) == [
        "为了加强河道管理，保障防洪安全，制定本条例",
        "本市行政区域内河道的整治、利用和保护，适用本条例",
    ]


def test_a_chapters_label_is_a_leading_marker_when_titles_are_compared() -> None:
    from luoshi.ingest.match import title_key

    assert title_key("第一章 总则") == title_key("总则") == "总则"
    assert title_key("第十二章附则") == "附则"
    assert title_key("第一条为了规范管理") == "第一条为了规范管理"


def test_topic_sentences_under_an_unnumbered_heading_with_ascii_commas() -> None:
    text = (
        "政府工作报告\n"
        "2024年工作回顾\n"
        "2024年,我们坚持稳中求进工作总基调,全县经济运行稳中有进,社会大局和谐稳定,圆满完成了全年目标任务。\n"
        "产业升级、动能转换,经济实力稳步提升。全年新签约项目46个,新建成标准化厂房12万平方米。\n"
        "城乡统筹、协调发展,县域面貌焕然一新。完成老旧小区改造8个,新建城市公园3个。\n"
    )
    outline = find_outline(text)
    assert _titles(outline.items) == ["2024年工作回顾"]
    assert _titles(outline.items[0].children) == [
        "产业升级、动能转换,经济实力稳步提升",
        "城乡统筹、协调发展,县域面貌焕然一新",
    ]


def test_one_topic_sentence_stands_for_a_run_cut_off_by_the_page() -> None:
    text = (
        "政府工作报告\n"
        "2024年工作回顾\n"
        "2024年,我们坚持稳中求进工作总基调,全县经济运行稳中有进,社会大局和谐稳定,圆满完成了全年目标任务。\n"
        "产业升级、动能转换,经济实力稳步提升。全年新签约项目46个,新建成标准化厂房12万平方米。\n"
        "聚焦“双招\n"
    )
    assert _titles(find_outline(text).items[0].children) == ["产业升级、动能转换,经济实力稳步提升"]


def test_one_topic_sentence_before_a_complete_paragraph_is_no_run() -> None:
    text = (
        "政府工作报告\n"
        "2024年工作回顾\n"
        "2024年,我们坚持稳中求进工作总基调,全县经济运行稳中有进,社会大局和谐稳定,圆满完成了全年目标任务。\n"
        "产业升级、动能转换,经济实力稳步提升。全年新签约项目46个,新建成标准化厂房12万平方米。\n"
        "全县上下团结一心,克服了多重困难,取得了来之不易的成绩。\n"
    )
    assert find_outline(text).items[0].children == []


def test_an_unquoted_count_spelled_out_by_the_run_after_it() -> None:
    text = (
        "谈到工业发展，他说：今年将着力培育三大主导产业，实现工业经济新崛起。一是培育做大建材业。推进陶瓷生产线建设。"
        "二是做大做强轻纺工业。打造轻纺工业园。三是大力发展农副产品加工业。推进食品工业园建设。\n"
    )
    assert _slogan_items(text) == {
        "三大主导产业": ["培育做大建材业", "做大做强轻纺工业", "大力发展农副产品加工业"]
    }
    # a page cut inside the last item: one short, still the list
    cut = text.replace("三大主导产业", "四大主导产业").rstrip("\n") + "四是继"
    assert list(_slogan_items(cut)) == ["四大主导产业"]
    # a count the run does not fit, or measures in general, name no list
    assert _slogan_items(text.replace("三大主导产业", "五大主导产业")) == {}
    assert _slogan_items(text.replace("三大主导产业", "三项举措")) == {}
