"""Named facilities as the object of a verb of building, and list numbers kept out of names."""

from luoshi.ingest.extract import find_projects


def _names(text: str) -> list[str]:
    return [p.text for p in find_projects(text)]


def test_a_facility_built_closing_its_clause() -> None:
    assert "东山乡万头生猪标准化养殖基地" in _names("1.投资2000万元建设东山乡万头生猪标准化养殖基地。")


def test_a_facility_with_a_possessive_is_a_description() -> None:
    assert not _names("努力打造全省重要的清洁能源基地。")


def test_created_is_not_built() -> None:
    assert not _names("南山景区成功创建成全省首个生态旅游示范基地。")


def test_a_list_number_is_not_part_of_a_name() -> None:
    names = _names("这三件事是:1.实施城南污水处理厂扩建工程。2.实施北湖湿地修复项目。")
    assert "城南污水处理厂扩建工程" in names
    assert "北湖湿地修复项目" in names
    assert not any(n[0].isdigit() for n in names)


def test_an_industrial_park_pushed_ahead_is_named() -> None:
    assert "台湾食品工业园" in _names(
        "以南京雨润等企业为依托,推进台湾食品工业园建设,促进农副产品加工业转型。"
    )


def test_a_short_name_after_the_sum_invested_in_it() -> None:
    assert _names("以福建合德集团投资2.7亿元的棉纺项目为龙头,大力发展棉纱、麻布产业。") == ["棉纺项目"]
    # a short word after an owner's 的 is still not a name
    assert not _names("这是我们县的新项目。")


def test_high_standard_is_dropped_only_before_a_verb() -> None:
    assert _names("5.高标准农田建设项目") == ["高标准农田建设项目"]
    assert _names("高标准建设城东污水处理厂扩建工程。") == ["城东污水处理厂扩建工程"]
