"""Names of works as official documents and news about them write them, and the prose that names none."""

from __future__ import annotations

from luoshi.ingest import ingest_text


def _projects(text: str) -> list[str]:
    return [p.name for p in ingest_text(text).projects]


def test_the_word_project_in_news_prose_names_no_work() -> None:
    text = (
        "我区始终坚持项目为王，全区项目建设势头良好。此次集中开工项目共12个，全年新签约项目30个。"
        "要严格按照工程建设程序，保证建设项目质量，如期完成工程任务。丰台区项目建设再提速。"
        "通过这次项目观摩，大家很受鼓舞。"
    )
    assert _projects(text) == []


def test_a_named_project_after_a_figure_or_a_list_opening() -> None:
    text = (
        "引进落地总投资12.5亿元的华兴光电新型显示模组生产项目。"
        "开工项目包括青石岭抽水蓄能电站配套道路项目、城东污水处理厂扩建项目等20个项目。"
    )
    names = _projects(text)
    assert "华兴光电新型显示模组生产项目" in names
    assert "青石岭抽水蓄能电站配套道路项目" in names
    assert "城东污水处理厂扩建项目" in names


def test_a_field_after_de_is_not_a_name() -> None:
    assert _projects("既有技术含量高的战略新兴项目，也有传统产业升级项目。") == []


def test_a_campaign_named_in_quotes_is_not_a_project() -> None:
    assert _projects("扎实开展“重点项目攻坚年”活动，成效明显。") == []


def test_a_list_after_among_and_a_level_before_the_kind() -> None:
    names = _projects(
        "28个重点工程中滨河大道、园区二号路等9个项目已复工。有城北快速通道工程、南湖湿地修复等县级重点项目。"
    )
    assert {"滨河大道", "园区二号路", "城北快速通道工程", "南湖湿地修复"} <= set(names)


def test_a_named_bridge_built_and_put_to_use() -> None:
    assert "清河大桥" in _projects("清河大桥建成投入使用；农村小型水利工程确权登记全面开展。")
    assert "农村小型水利工程" not in _projects("启动农村小型水利工程确权登记。")


def test_counts_and_progress_are_not_part_of_a_name() -> None:
    assert _projects("全县坚持把项目作为抓手。16处集中供水工程全部开工。环城路已完成工程投资3000万元。") == []


def test_a_duty_over_the_works_of_a_place_is_not_a_work() -> None:
    text = "第五条市建设主管部门负责对本市建设工程新型墙体材料的认定以及对本市建设工程的使用进行监督管理。\n"
    assert _projects(text) == []


def test_promoting_projects_in_general_names_no_work() -> None:
    assert _projects("二、发展工业\n整合优势资源，包装精品项目，策划储备项目，加快建设苗家坝水电站。\n") == [
        "苗家坝水电站"
    ]


def test_a_work_named_as_the_subject_of_its_completion_in_a_review() -> None:
    text = (
        "一、2025年工作回顾\n苗家坝水电站正式并网发电，天府国际机场建成投运、客流量大幅增长。"
        "加快西宁至成都铁路建设、青藏铁路格拉段电气化改造。\n"
    )
    assert _projects(text) == ["苗家坝水电站", "天府国际机场", "西宁至成都铁路", "青藏铁路格拉段电气化改造"]
