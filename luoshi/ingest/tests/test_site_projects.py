"""Sites named in prose: a short list closed by a count of their kind, places sharing one head
after a verb of building, a base whose building is completed or started, a list of sites after
a visit, and two works joined by 和 where the first closes with its own verb."""

from luoshi.ingest.extract import find_projects


def _names(text: str) -> list[str]:
    return [p.text for p in find_projects(text)]


def test_a_short_list_closed_by_a_count_of_its_kind() -> None:
    names = _names("今年，青石岭、白马川两座水库完成蓄水验收，东坪、西坪、南坪三个工业园区加快建设。")
    for name in ("青石岭", "白马川", "东坪", "西坪", "南坪"):
        assert name in names


def test_a_count_that_differs_from_the_list_names_nothing() -> None:
    assert "东坪" not in _names("东坪、西坪三个工业园区加快建设。")


def test_places_sharing_one_head_after_a_verb_of_building() -> None:
    names = _names("推进柳湾、石桥国家级示范区建设，打造高产稳产的丰收田。")
    assert "柳湾国家级示范区" in names
    assert "石桥国家级示范区" in names


def test_a_base_whose_building_is_completed_or_started() -> None:
    names = _names("完成河口5000头肉牛标准化养殖基地建设，谋划启动北山中药材种植基地，带动农户增收。")
    assert "河口5000头肉牛标准化养殖基地" in names
    assert "北山中药材种植基地" in names


def test_a_list_of_sites_after_a_visit() -> None:
    names = _names("近日，县长带领有关部门走访城东智能制造产业园、河西现代农业示范园等重点项目现场。")
    assert "城东智能制造产业园" in names
    assert "河西现代农业示范园" in names


def test_two_works_the_first_closed_by_its_own_verb() -> None:
    names = _names("完成县城幼儿园新建和实验小学迁建工程。")
    assert "实验小学迁建工程" in names
    assert "县城幼儿园新建和实验小学迁建工程" not in names


def test_kinds_before_a_bare_head_are_not_places() -> None:
    names = _names("深度打造生态养殖、精深加工基地，加快产品研发。")
    assert "生态养殖基地" not in names
    assert "精深加工基地" not in names


def test_places_of_different_lengths_are_not_split() -> None:
    names = _names("推进柴达木东、海西清洁能源基地建设。")
    assert "柴达木东能源基地" not in names
