"""Figures already reached are results, goals are targets, and counts of a notice's own parts are neither."""

from __future__ import annotations

from luoshi.ingest import ingest_text


def _figures(text: str) -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
    draft = ingest_text(text)
    return [(t.value, t.unit) for t in draft.targets], [(t.value, t.unit) for t in draft.results]


def test_an_unnumbered_review_heading_opens_the_review_until_the_plan_heading() -> None:
    text = (
        "各位代表：\n现在，我代表县人民政府作报告。\n2025年工作回顾\n"
        "2025年，全县上下奋力拼搏。预计实现地区生产总值120亿元，增长6.2%。\n"
        "2026年工作安排\n今年主要预期目标是：地区生产总值增长6%左右。\n"
    )
    targets, results = _figures(text)
    assert targets == [(6.0, "%")]
    assert results == [(120.0, "亿元"), (6.2, "%")]


def test_figures_reached_so_far_are_results() -> None:
    text = (
        "今年以来，该区抓项目促投资。\n全区计划实施重点项目40个，年度计划投资35亿元。"
        "目前已开复工28个项目，累计完成投资11.2亿元。前5个月，新签约项目9个。\n"
    )
    targets, results = _figures(text)
    assert (40.0, "个") in targets and (35.0, "亿元") in targets
    assert {(28.0, "个"), (11.2, "亿元"), (9.0, "个")} <= set(results)


def test_a_past_paragraph_that_opens_with_guoqu_de_yinian() -> None:
    text = "过去的一年，全镇财政收入增长7%，新增就业800人。\n新的一年，力争财政收入增长8%。\n"
    targets, results = _figures(text)
    assert targets == [(8.0, "%")]
    assert results == [(7.0, "%"), (800.0, "人")]


def test_counts_of_a_notices_own_parts_are_not_targets() -> None:
    text = (
        "现将2026年5个方面120项工作任务分解如下，涉及28个牵头单位。\n一、区发改局牵头工作（6项）\n"
        "1.全年完成18项重点任务，新建5G基站300个。\n"
    )
    targets, _ = _figures(text)
    assert targets == [(18.0, "项"), (300.0, "个")]


def test_units_of_working_days_livestock_and_trees_are_targets() -> None:
    from luoshi.ingest.extract import find_targets

    text = "办理时间压缩至2个工作日，出栏肉牛800头，栽植苗木3000株。"
    assert [(t.value, t.unit) for t in find_targets(text)] == [
        (2.0, "个工作日"),
        (800.0, "头"),
        (3000.0, "株"),
    ]
    # days, hours and metres count monitoring days and heights far more often than goals
    assert find_targets("一季度有效监测天数90天，海拔4500米，每天8小时。") == []


def test_a_year_opens_a_goal_of_its_year_or_a_result_of_an_earlier_one() -> None:
    from luoshi.ingest.extract import find_deadlines

    text = "2027年，力争文旅收入突破20亿元。2024年，全县文旅收入达到12亿元以上。"
    assert [(d.date, d.text) for d in find_deadlines(text, default_year=2025)] == [
        ("2027", "2027年，力争文旅收入突破20亿元")
    ]


def test_a_table_row_flattened_with_bars_is_split_into_its_cells() -> None:
    from luoshi.ingest.extract import find_deadlines

    row = "1 | 启动文化中心建设。 | ①3月底前,完成设计招标。②6月底前,开工建设。 | 已完成 |"
    assert [(d.date, d.text) for d in find_deadlines(row, default_year=2025)] == [
        ("2025-03-31", "①3月底前"),
        ("2025-06-30", "②6月底前"),
    ]


def test_reporting_dates_listed_after_yu_are_deadlines_of_the_documents_year() -> None:
    from luoshi.ingest.extract import find_deadlines

    def dates(text: str) -> list[str]:
        return [d.date for d in find_deadlines(text, default_year=2019)]

    assert dates("各单位请于6月20日、12月20日分两次向县政府督查室报送进展情况。") == [
        "2019-06-20",
        "2019-12-20",
    ]
    assert dates("请于2020年1月10日报送全年工作总结。") == ["2020-01-10"]
    # a date of a meeting or of something done is no deadline
    assert dates("会议于3月5日在县政府召开，于4月1日印发了实施方案。") == []


def test_an_interview_answer_that_looks_back_reports_results() -> None:
    text = (
        "记者：请您谈谈今年的工作成效？\n"
        "李明：今年以来，我们团结带领全县干部群众苦干实干。完成植树造林5.1万亩，网店达到210家。\n"
        "记者：明年的目标是什么？\n李明：明年要新建农村公路120公里。\n"
    )
    targets, results = _figures(text)
    assert targets == [(120.0, "公里")]
    assert results == [(5.1, "万亩"), (210.0, "家")]


def test_a_base_a_tally_and_a_sentence_of_this_year_so_far_are_no_targets() -> None:
    text = (
        "一、发展特色农业\n在流转60万亩土地的基础上，新建高标准农田5万亩。\n"
        "二、抓好任务落实\n任务分解采用表格形式，分为任务内容、责任单位2个方面的内容，共149项。\n"
        "三、推动工业发展\n全县工业稳步发展。今年以来，全县以实施10个重大项目为载体，取得了阶段性成果。明年要新建标准化厂房20万平方米。\n"
    )
    targets, results = _figures(text)
    assert targets == [(5.0, "万亩"), (20.0, "万平方米")]
    assert results == [(10.0, "个")]
