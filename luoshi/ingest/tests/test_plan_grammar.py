"""Forms of official documents modelled from the tuning sets, with texts written for them: counted
industries after their list closed by 等, parts titled with the count of their tasks, counts of a
plan's own tasks, and addressee lines naming prefectures (州) among the places sharing a head."""

from luoshi.ingest.extract import find_addressees, find_targets
from luoshi.ingest.structure import find_outline


def _slogan_items(text: str) -> dict[str, list[str]]:
    return {s.name: [n.title for n in s.items] for s in find_outline(text).slogans if s.items}


def _all_titles(nodes) -> list[str]:
    out: list[str] = []
    for n in nodes:
        out.append(n.title)
        out.extend(_all_titles(n.children))
    return out


def test_counted_industries_after_their_list_closed_by_deng() -> None:
    text = "一、工业发展\n今年着力培育茶叶加工、竹木制品和生物医药等三大主导产业，带动就业。\n"
    assert _slogan_items(text) == {"三大主导产业": ["茶叶加工", "竹木制品", "生物医药"]}
    text = "县里强力推进文化旅游、电子商务、现代物流等三大产业，成效初显。\n"
    assert _slogan_items(text) == {"三大产业": ["文化旅游", "电子商务", "现代物流"]}


def test_counted_industries_without_deng_or_naming_a_site_are_not_taken() -> None:
    assert _slogan_items("大力发展软件服务、工业设计和现代金融三大产业，增加就业。\n") == {}
    assert _slogan_items("建设茶叶、竹木和药材等三大产业基地，带动农户。\n") == {}


def test_a_parts_task_count_is_not_in_its_title_nor_a_target() -> None:
    text = (
        "一、主要内容\n《方案》将报告分解为两个方面30项重点工作任务。两个方面分别是：\n"
        "1.在“扩大有效投资”方面(分解任务12项)。\n2.在“改善民生福祉”方面（分解任务18项）。\n"
    )
    titles = _all_titles(find_outline(text).items)
    assert "在“扩大有效投资”方面" in titles
    assert "在“改善民生福祉”方面" in titles
    assert find_targets(text) == []


def test_addressees_with_prefectures_share_the_head() -> None:
    assert find_addressees("各市、州、县人民政府，省政府各部门：") == ["各市、州、县人民政府", "省政府各部门"]
    assert find_addressees("各盟、市人民政府，自治区各部门：") == ["各盟、市人民政府", "自治区各部门"]


def test_parts_counted_before_a_colon_as_clauses_up_to_semicolons() -> None:
    text = (
        "会议指出，今年要重点抓好三个方面工作：坚持项目为王，推动投资实现新增长；坚持创新驱动，"
        "推动产业实现新跨越；坚持民生优先，推动社会事业实现新进步。\n"
    )
    assert [n.title for n in find_outline(text).items] == [
        "坚持项目为王，推动投资实现新增长",
        "坚持创新驱动，推动产业实现新跨越",
        "坚持民生优先，推动社会事业实现新进步",
    ]


def test_clauses_not_matching_the_count_are_no_parts() -> None:
    text = "会议要求抓好三个方面工作：稳增长；惠民生，防风险。\n"
    assert find_outline(text).items == []


def test_a_title_over_two_lines_and_the_name_of_a_reported_report() -> None:
    text = "市人民政府关于\n加快发展现代物流业的若干意见\n各区人民政府：\n一、总体要求\n二、主要任务\n"
    assert find_outline(text).title == "市人民政府关于加快发展现代物流业的若干意见"
    text = (
        "3月2日，清河县第五届人民代表大会第三次会议开幕。清河县人民政府县长王明作政府工作报告。\n"
        "报告提出，要重点抓好两个方面工作：坚持工业强县，推动制造业提质；坚持农业稳县，推动粮食增产。\n"
    )
    assert find_outline(text).title == "清河县政府工作报告"
