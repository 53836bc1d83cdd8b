from __future__ import annotations

import re
from collections import Counter

import pytest

from luoshi.ingest import IngestError, ingest_text, normalise

DEBRIS = "持續(xù)推進發(fā)展，做強產(chǎn)業(yè)，區(qū)域發(fā)展"


def test_it_removes_pinyin_debris_but_keeps_years() -> None:
    text = f"{DEBRIS}(2020-2025年)，见附件(一)和(1)。"
    result = normalise(text)
    assert "(" not in result.text.replace("(2020-2025年)", "").replace("(一)", "").replace("(1)", "")
    assert "(2020-2025年)" in result.text and "(一)" in result.text and "(1)" in result.text
    assert "持续推进发展" in result.text
    assert Counter(r.kind for r in result.repairs)["pinyin-debris"] == 6


@pytest.mark.parametrize(
    "keep",
    [
        "(以下简称“方案”)",
        "(ACM)",
        "(app)",
        "(wifi)",
        "(a)",
        "(e)",
        "(ok)",
        "(in)",
        "(市政府办公室牵头)",
        "(yáo)",
    ],
)
def test_it_never_touches_legitimate_parentheses(keep: str) -> None:
    text = f"{DEBRIS}，相关内容{keep}照常保留。"
    assert keep.replace("“", "“") in normalise(text).text


def test_a_single_gloss_is_kept_when_there_is_no_other_debris() -> None:
    assert "垚(yáo)" in normalise("他的名字里有个垚(yáo)字。").text


def test_the_seed_loses_all_99_debris_parentheses_on_15_characters(seed_text: str) -> None:
    result = normalise(seed_text)
    debris = [r for r in result.repairs if r.kind == "pinyin-debris"]
    counts = Counter(r.note for r in debris)
    assert len(debris) == 99
    assert counts == {
        "業": 26, "發": 25, "戰": 7, "續": 7, "創": 7, "區": 5, "養": 4, "環": 4,
        "優": 3, "穩": 3, "規": 2, "鄉": 2, "衛": 2, "醫": 1, "態": 1,
    }  # fmt: skip
    assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", result.text)
    assert "(" not in result.text  # the seed has no legitimate parenthesis


@pytest.mark.parametrize(
    ("garbled", "expected"),
    [
        ("確?,F有的項目", "确保现有的项目"),
        ("投產見效?!秉S曉君表示", "投产见效。”黄晓君表示"),
        ("城市化進程??h委", "城市化进程。县委"),
    ],
)
def test_it_repairs_mojibake_from_a_gbk_stream_knocked_out_of_step(garbled: str, expected: str) -> None:
    result = normalise(garbled)
    assert result.text == expected
    assert [r.kind for r in result.repairs].count("mojibake") == 1


def test_it_marks_mojibake_it_cannot_repair() -> None:
    result = normalise("工作?,\u00ffZ進展")
    assert result.text.startswith("工作?,")
    assert any(r.kind == "mojibake-unrepaired" for r in result.repairs) or "?" in result.text


def test_it_removes_the_doubled_commas_of_web_converters() -> None:
    result = normalise("生機勃勃,。近日,,就如何貫徹,、落實")
    assert result.text == "生机勃勃。近日,就如何贯彻、落实"
    assert Counter(r.kind for r in result.repairs)["doubled-comma"] == 3


def test_it_converts_taiwan_wording_to_simplified() -> None:
    text = "推進全鏈條最佳化審批，做好「網際網路+監管」，按程式在入口網站公布"
    assert normalise(text).text == "推进全链条优化审批，做好「互联网+监管」，按程序在门户网站公布"


def test_it_converts_traditional_and_the_particle_zhe() -> None:
    assert normalise("隨著經濟發展，著力推進，顯著提升").text == "随着经济发展，着力推进，显著提升"


def test_it_strips_web_chrome_and_keeps_the_article() -> None:
    text = (
        "首页 茶界资讯 丝路品牌茶 经典茶具 金牌鉴茶官\n"
        "2020-06-24 08:41:40 来源:临汾新闻网   浏览次数:\n"
        "一、工作要求。全面推进各项工作。\n"
        "- 2 -\n"
        "责任编辑: 吉政\n"
        "版权声明:凡临汾日报刊载的稿件,未经书面授权,不得转载。\n"
    )
    result = normalise(text)
    assert result.text == "一、工作要求。全面推进各项工作。"
    assert Counter(r.kind for r in result.repairs)["boilerplate"] == 5


def test_it_removes_anti_copy_tokens_and_keeps_their_paragraph_breaks() -> None:
    paragraph = "我代表县人民政府向大会报告工作,请予审议,并请政协各位委员和其他列席人员\n提出意见。PZl\n"
    text = "各位代表:PZl\n" + paragraph * 4 + "工作回顾PZ\nl\n去年,县政府在县委的正确领导下取得成绩。PZl\n"
    result = normalise(text)
    assert "PZ" not in result.text and "l\n" not in result.text
    lines = result.text.split("\n")
    assert lines[0] == "各位代表:"
    assert lines[1] == "我代表县人民政府向大会报告工作,请予审议,并请政协各位委员和其他列席人员提出意见。"
    assert lines[-2:] == ["工作回顾", "去年,县政府在县委的正确领导下取得成绩。"]


def test_it_joins_lines_broken_inside_sentences() -> None:
    lines = []
    for year in ("二", "三", "四"):
        lines += [
            f"过去{year}年,县政府坚定以新时代思想为指导,深入贯彻",
            "重要指示精神,认真落实决策部署,在县委的坚强领",
            "导下,较好地完成了主要目标任务。",
        ]
    result = normalise("\n".join(lines))
    assert result.text.count("\n") == 2
    assert "坚强领导下" in result.text


def test_a_web_page_with_some_open_lines_is_not_taken_for_hard_wrapped_text() -> None:
    # headings, a contents list and a truncated last line end without punctuation, but most
    # long lines of the page end a sentence: nothing is joined
    lines = [
        "目录",
        "1.全县重点工作解读之一:去年工作回顾2",
        "2.全县重点工作解读之二:今年工作思路和目标6",
        "全县重点工作解读之一:去年工作回顾",
        "去年是全县发展历程中极不平凡的一年,全县上下真抓实干,交出了一份精彩答卷。",
        "这一年,我们迎难而上稳大盘,保持了稳中有进的良好态势。",
        "地区生产总值稳步增长,综合实力稳居全省第一方阵,各项指标好于预期。",
        "这一年,我们大抓实体兴产业,迈出了转型升级的有力步伐。",
        "重点项目进展顺利,传统产业改造升级,新兴产业不断壮大,发展后劲明显增强",
    ]
    result = normalise("\n".join(lines))
    assert result.text.split("\n") == lines


def test_it_replaces_literal_code_points_and_full_width_digits() -> None:
    result = normalise("<U+00A0><U+00A0>新华社北京３月１５日电　２００８年")
    assert result.text == "新华社北京3月15日电2008年"


def test_it_drops_a_page_captured_twice() -> None:
    body = "现在，我代表国务院向大会作政府工作报告，请予审议。\n一、工作回顾全面完成了年度目标任务。\n"
    result = normalise(body + body)
    assert result.text.count("现在，我代表国务院") == 1


def test_every_character_maps_back_to_the_original(seed_text: str) -> None:
    result = normalise(seed_text)
    mapped = result.mapped
    assert len(mapped.starts) == len(result.text) == len(mapped.ends)
    previous = 0
    for start, end in zip(mapped.starts, mapped.ends, strict=True):
        assert 0 <= start <= end <= len(seed_text)
        assert start >= previous
        previous = start
    at = result.text.index("长临高速古县连接线工程")
    start, end = result.original_span(at, at + len("长临高速古县连接线工程"))
    assert seed_text[start:end] == "長臨高速古縣連接線工程"


@pytest.mark.parametrize(
    "codec", ["utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16", "utf-16-le", "utf-16-be"]
)
def test_it_decodes_common_chinese_encodings(codec: str) -> None:
    text = "擦亮一張名片，做強兩大產業，推進三城聯創，辦好四件大事。" * 3
    result = normalise(text.encode(codec))
    assert result.text.startswith("擦亮一张名片，做强两大产业")


def test_it_decodes_a_file_whose_lines_use_different_encodings() -> None:
    data = "第一行是统一编码的中文内容。\n".encode() + "第二行使用国标编码保存。\n".encode("gb18030")
    result = normalise(data)
    assert result.text == "第一行是统一编码的中文内容。\n第二行使用国标编码保存。"
    assert result.encoding == "mixed" and result.warnings


@pytest.mark.parametrize("bad", [b"", b"   \n\t ", "\u3000\n".encode()])
def test_empty_input_is_a_clear_error(bad: bytes) -> None:
    with pytest.raises(IngestError) as caught:
        normalise(bad)
    assert "文本为空" in str(caught.value) and "empty" in str(caught.value)


def test_binary_input_is_a_clear_error() -> None:
    blob = bytes(range(256)) * 64
    with pytest.raises(IngestError) as caught:
        normalise(blob)
    assert caught.value.code == "binary"


def test_oversized_input_is_refused_without_reading_it_all() -> None:
    with pytest.raises(IngestError) as caught:
        normalise(b"a" * (50 * 1024 * 1024))
    assert caught.value.code == "too_large"


def test_a_sites_display_toolbar_is_chrome() -> None:
    text = "无障碍浏览 长者模式\n简体 | 繁体 | English\n关于做好防汛工作的通知\n无障碍环境建设要加快推进。\n"
    result = normalise(text)
    assert result.text.split("\n") == ["关于做好防汛工作的通知", "无障碍环境建设要加快推进。"]


def test_a_character_lost_with_its_pinyin_gloss_is_flagged() -> None:
    text = "發(fā)展產業(yè)，做好收官?zèng)_刺工作，確保完成任務。"
    result = normalise(text)
    flagged = [r for r in result.repairs if r.kind == "mojibake-unrepaired"]
    assert [r.before for r in flagged] == ["?zèng)_"]
    assert result.warnings
    assert normalise("是否(yes)?完成").warnings == []


def test_a_title_repeated_as_a_running_header_is_removed() -> None:
    body = "全县上下迎难而上，砥砺奋进，经济社会发展总体保持平稳态势。"
    text = "\n".join(["某县上半年重点工作情况报告", "一、上半年工作情况", body, "某县上半年重点工作情况报告", body + "一",
                      "某县上半年重点工作情况报告", "二、下半年工作安排", body + "二"])  # fmt: skip
    lines = normalise(text).text.split("\n")
    assert lines.count("某县上半年重点工作情况报告") == 1 and lines[0] == "某县上半年重点工作情况报告"
    # sub-headings repeated in several parts are headings, not running headers
    parts = "\n".join(f"{n}、第{n}项专项行动\n（一）工作目标和任务\n{body}{n}" for n in "一二三")
    assert normalise(parts).text.count("（一）工作目标和任务") == 3


def test_sign_in_links_are_chrome() -> None:
    assert (
        normalise("公务邮 无障碍浏览 长者模式 手机版 微信\n登录 | 注册\n关于做好防汛工作的通知\n").text
        == "关于做好防汛工作的通知"
    )


def test_a_flattened_page_gets_breaks_before_long_headings_in_sequence() -> None:
    body = "。".join(["全面推进各项工作落实落地见效"] * 12)
    line = (
        f"下面我讲两点意见：一、深刻把握形势任务，树牢抢抓机遇的进取意识才能精准发力，唯有抢抓机遇方能破局突围。{body}。"
        f"（一）客观分析自身短板差距产业结构失衡已成为最大瓶颈。{body}。（二）准确把握发展机遇各项政策叠加释放红利。{body}。"
        f"二、聚焦重点任务，全力推动高质量发展项目是经济工作的生命线。{body}。一、二级水源地保护区划定工作全面完成。{body}。"
    )
    starts = [ln[:3] for ln in normalise(line).text.split("\n")]
    assert starts == ["下面我", "一、深", "（一）", "（二）", "二、聚"]
    # an enumeration inside one long paragraph stays in it
    paragraph = (
        f"有必要阐明以下观点：（一）计划与市场应当有机结合起来，并在实践中根据不同时期的情况不断调整完善。{body}。"
        f"（二）检验计划与市场结合得好不好的根本标准，是看能否促进生产力的持续稳定发展。{body}。"
    )
    assert "\n" not in normalise(paragraph).text


def test_a_table_pasted_as_text_keeps_its_rows_and_cells_under_their_labels() -> None:
    text = (
        "某县重点工作任务分解表\n序号\t工作任务\t牵头单位\t完成时限\n1\t加快推进项目建设\t县发改局\t12月底\n"
        "2\t新建农村公路\t县交通局\t10月底\n"
    )
    lines = normalise(text).text.split("\n")
    assert lines == [
        "某县重点工作任务分解表",
        "序号；工作任务；牵头单位；完成时限。",
        "1.加快推进项目建设；牵头单位：县发改局；完成时限：12月底。",
        "2.新建农村公路；牵头单位：县交通局；完成时限：10月底。",
    ]
    # a tab inside prose is only a space
    assert normalise("全县\t上下团结一心。").text == "全县上下团结一心。"


def test_a_document_sites_chunk_numbers_are_removed_and_its_chunks_joined() -> None:
    filler = "全市上下团结一心，克难攻坚，各项工作取得了新的进展。" * 3
    text = f"1、政府工作报告各位代表：{filler}一年来，我们发展\n2、的质量更高了。{filler}在抵御险情、\n3、抗击疫情的紧要关头，{filler}"
    norm = normalise(text)
    assert "一年来，我们发展的质量更高了。" in norm.text and "在抵御险情、抗击疫情" in norm.text
    assert not norm.text.startswith("1、")
    assert sum(r.kind == "chunk-number" for r in norm.repairs) == 3
    # a list whose items end their sentences is a list
    listed = "1、加强组织领导。\n2、强化督查考核。\n3、严格责任追究。"
    assert normalise(listed).text == listed


def test_a_line_flattened_with_spaces_between_paragraphs_gets_its_breaks_back() -> None:
    filler = "全市上下团结一心，克难攻坚，各项工作取得了新的进展，群众的获得感不断增强。" * 5
    line = f"各位代表: 现在，我代表市人民政府报告工作。 一、2025年工作回顾 过去的一年，{filler} 二、2026年工作安排 {filler} 今年要抓好五项工作。"
    assert len(line) > 400
    lines = normalise(line).text.split("\n")
    assert lines[:4] == [
        "各位代表:",
        "现在，我代表市人民政府报告工作。",
        "一、2025年工作回顾",
        "过去的一年，" + filler,
    ]
    assert "二、2026年工作安排" in lines


def test_a_table_saved_one_cell_a_line_is_read_by_rows_and_columns() -> None:
    cells = "\n".join(
        ["某县十件民生实事项目清单 |", "||||", "|", "序号 |", "项目名称 |", "建设内容 |", "责任单位 |", "|"]
        + ["1 |", "城北小学门前道路建设项目 |", "建成道路1.2公里。 |", "住建局 |", "|"]
        + ["2 |", "高标准农田建设项目 |", "建设高标准农田5000亩。 |", "农业农村局 |", "|"]
    )
    lines = normalise(cells).text.split("\n")
    assert lines[0] == "某县十件民生实事项目清单"
    assert lines[2:] == [
        "1.城北小学门前道路建设项目；建成道路1.2公里。；责任单位：住建局。",
        "2.高标准农田建设项目；建设高标准农田5000亩。；责任单位：农业农村局。",
    ]
    draft = ingest_text(cells)
    assert [(i.title, i.lead_units) for i in draft.items] == [
        ("城北小学门前道路建设项目", ["住建局"]),
        ("高标准农田建设项目", ["农业农村局"]),
    ]
