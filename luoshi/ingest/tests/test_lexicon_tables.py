"""The lexicon's lookup tables: both layouts give every value back, also after the disk cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.ingest import lexicon

KEYS = st.text(alphabet="发展改革委员会中国一二三", min_size=2, max_size=2)


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(KEYS, st.text(alphabet="0123456789,āáǎà", min_size=1, max_size=30), max_size=40))
def test_a_table_gives_back_every_value_and_nothing_else(values: dict[str, str]) -> None:
    values = {k: v for k, v in values.items() if v.strip() == v}
    table = lexicon.Table.of(values, 2)
    assert all(table.get(k) == v for k, v in values.items())
    assert table.get("无此", "-") == "-" and table.get("长了一点", "-") == "-"


@pytest.mark.parametrize(
    ("values", "fixed"),
    [
        ({"发展": "123", "改革": "75"}, True),
        ({"中": "a", "二": "b", "三": "c", "一": "yī,yí,yì,yì,yī,yí,yì"}, False),
    ],
)
def test_the_disk_cache_keeps_a_table(
    values: dict[str, str], fixed: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LUOSHI_CACHE_DIR", str(tmp_path))
    source = tmp_path / "source.txt"
    source.write_text("x")
    key_len = len(next(iter(values)))
    built = lexicon._cached("t", str(source), lambda: values, key_len)
    assert bool(built.width) == fixed  # padded records, or keys, ends and values apart
    again = lexicon._cached("t", str(source), lambda: {}, key_len)  # read from the cache, not built
    assert [again.get(k) for k in values] == [built.get(k) for k in values] == list(values.values())
