"""Units of 万 with a classifier (1万台, 5万个, 1000万只), rates per mille, and sizes inside a site's name."""

from luoshi.ingest.extract import find_targets


def _values(text: str) -> list[tuple[float, str]]:
    return [(t.value, t.unit) for t in find_targets(text)]


def test_wan_with_a_classifier_is_one_unit() -> None:
    assert _values("新增充电桩2万台，开发公益岗位1.5万个以上，全县生猪存栏达到30万头。") == [
        (2.0, "万台"),
        (1.5, "万个"),
        (30.0, "万头"),
    ]


def test_wan_before_a_noun_stays_wan() -> None:
    assert _values("带动就业3万余人。") == [(3.0, "万")]


def test_a_size_in_a_named_sites_name_is_no_target() -> None:
    assert _values("完成石门500万只肉鸡标准化养殖基地建设，带动农户增收。") == []


def test_a_size_after_a_plain_verb_of_building_is_a_target() -> None:
    assert _values("建设500万只肉鸡养殖基地。") == [(500.0, "万只")]


def test_a_rate_per_mille_is_a_target_in_per_mille() -> None:
    found = find_targets("全年人口出生率稳定在9.5‰左右，自然增长率控制在4‰以内。")
    assert [(t.value, t.unit, t.qualifier) for t in found] == [(9.5, "‰", "左右"), (4.0, "‰", "以内")]
