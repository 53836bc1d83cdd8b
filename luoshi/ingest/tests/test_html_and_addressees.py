"""HTML markup left in a page's text, and addressees joined by 并."""

from __future__ import annotations

from luoshi.ingest import ingest_text, normalise
from luoshi.ingest.extract import find_addressees

PAGE = (
    "<p>各区人民政府,市政府各部门:</p><p>&nbsp;现将《某市推进垃圾分类工作方案》印发给你们。</p>"
    '<p style="text-align:right">某市人民政府</p><p><br/></p>'
    '<p style="text-align:center"><strong>某市推进垃圾分类工作方案</strong></p>'
    "<p><strong> 一、工作目标</strong></p><p>到2025年,生活垃圾回收利用率达到35%。</p>"
    "<p><strong> 二、主要任务</strong></p><p>完善分类投放设施,建立收运体系。</p>"
    "<p><strong> 三、保障措施</strong></p><p>加强组织领导,落实工作责任。</p>"
)


def test_tags_become_lines_and_entities_their_characters() -> None:
    norm = normalise(PAGE)
    assert "<" not in norm.text and "&nbsp;" not in norm.text
    lines = norm.text.split("\n")
    assert "各区人民政府,市政府各部门:" in lines
    assert "一、工作目标" in lines
    assert "某市推进垃圾分类工作方案" in lines
    kinds = {r.kind for r in norm.repairs}
    assert "html-markup" in kinds
    # every tag removed maps back to its place in the original
    first = next(r for r in norm.repairs if r.kind == "html-markup")
    assert PAGE[first.start : first.end] == "<p>"


def test_a_page_with_its_markup_gives_its_outline_and_addressees() -> None:
    draft = ingest_text(PAGE)
    titles = [item.title for item in draft.frameworks[0].items] if draft.frameworks else []
    assert [t[:4] for t in titles] == ["工作目标", "主要任务", "保障措施"]
    assert {"各区人民政府", "市政府各部门"} <= set(draft.units)


def test_inline_tags_vanish_entities_are_decoded_cells_kept_apart() -> None:
    text = (
        "<div>加快<span style='color:red'>项目</span>建设&amp;管理,"
        "增幅&lt;5%&gt;&quot;保底&quot;&#8220;稳&#x201d;</div>"
        "<table><tr><td>1</td><td>修建道路</td><td>县交通局</td></tr></table>"
    )
    out = normalise(text).text
    assert '加快项目建设&管理,增幅<5%>"保底"\u201c稳\u201d' in out
    assert "修建道路；县交通局" in out


def test_tags_in_capitals_and_self_closing_breaks() -> None:
    out = normalise("<P>第一段。</P><BR>第二段。<br />第三段。").text
    assert out.split("\n") == ["第一段。", "第二段。", "第三段。"]


def test_texts_without_markup_are_not_touched() -> None:
    for text in (
        "当增幅<5%且总量>100亿元时,启动《应急预案》。",
        "学习《关于<若干问题>的决定》和《条例》。",
        "x<p>y 不是标签",  # one tag alone is not a page's markup
        "若a<b>c，则d<br>e。",  # two are not either
        "价格&lt;10元的商品",  # an entity without tags stays as written
        "型号<p 2 > 与 <p2> 都不是标签。",
    ):
        norm = normalise(text)
        assert norm.text == text
        assert not any(r.kind == "html-markup" for r in norm.repairs)


def test_addressees_joined_by_bing_are_split() -> None:
    assert find_addressees("各镇人民政府、街道办事处,区政府各部门并有关单位:") == [
        "各镇人民政府",
        "街道办事处",
        "区政府各部门",
        "有关单位",
    ]
    assert find_addressees("各县人民政府，市直各部门并各直属单位：") == [
        "各县人民政府",
        "市直各部门",
        "各直属单位",
    ]


def test_bing_inside_a_word_does_not_split() -> None:
    assert find_addressees("各县人民政府，市兼并重组工作领导小组办公室：") == [
        "各县人民政府",
        "市兼并重组工作领导小组办公室",
    ]
    assert find_addressees("各乡镇人民政府，县合并办公室：") == ["各乡镇人民政府", "县合并办公室"]
    # a place before 并 is no body of its own
    assert find_addressees("各乡镇人民政府，县并有关单位：") == ["各乡镇人民政府", "县并有关单位"]


def test_bodies_named_by_their_head_alone_share_the_first() -> None:
    assert find_addressees("各市、县人民政府,省人民政府各委、办、厅、局:") == [
        "各市、县人民政府",
        "省人民政府各委、办、厅、局",
    ]
    # places before a head still share it
    assert find_addressees("市人民政府、县、区人民政府：") == ["市人民政府", "县、区人民政府"]


def test_a_page_tables_merged_cells_keep_each_row_under_its_headers() -> None:
    from luoshi.ingest import ingest_text

    page = (
        "<p>某县2026年重点工作任务分解表</p><table><tr><td>序号</td><td>工作任务</td><td>牵头单位</td>"
        '<td>完成时限</td></tr>\n<tr><td>1</td><td>加快推进项目建设</td><td rowspan="2">县发改局</td>'
        "<td>6月底</td></tr>\n<tr><td>2</td><td>强化项目要素保障</td><td>9月底</td></tr>\n"
        '<tr><td>3</td><td colspan="2">新建农村公路50公里</td><td>12月底</td></tr></table>'
    )
    draft = ingest_text(page)
    assert [(i.title, i.lead_units, [d.date for d in i.deadlines]) for i in draft.items] == [
        ("加快推进项目建设", ["县发改局"], ["2026-06-30"]),
        ("强化项目要素保障", ["县发改局"], ["2026-09-30"]),
        ("新建农村公路50公里", [], ["2026-12-31"]),
    ]
