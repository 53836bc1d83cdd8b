"""Bounded fuzzing: whatever the input, a draft or an IngestError, never a crash or a hang."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.ingest import IngestError, ingest_text, normalise

PIECES = st.sampled_from(
    ["發(fā)展", "產(chǎn)業(yè)", "(2020)", "(一)", "（1）", "確?,F有", "?!秉S", "??h", ",,", ",、", "PZl", "\n", "- 2 -",
     "<U+00A0>", "一、", "（二）", "1.", "一是", "二是", "聚焦“", "”", "“1234”", "55项", "10月底前", "牵头", "分别", "。", " "]
)  # fmt: skip
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40).map("".join)


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_normalising_any_text_keeps_the_offset_map_consistent(text: str) -> None:
    try:
        result = normalise(text)
    except IngestError:
        return
    mapped = result.mapped
    assert len(mapped.starts) == len(mapped.ends) == len(result.text)
    assert all(0 <= s <= e <= len(text) for s, e in zip(mapped.starts, mapped.ends, strict=True))
    for repair in result.repairs:
        assert 0 <= repair.start <= repair.end <= len(text)


@settings(max_examples=100, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_ingesting_any_bytes_gives_a_draft_or_a_clear_error(data: bytes) -> None:
    try:
        draft = ingest_text(data)
    except IngestError as error:
        assert error.message_zh and error.message_en
        return
    draft.to_dict()


@settings(max_examples=60, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_ingesting_any_text_gives_a_draft_or_a_clear_error(text: str) -> None:
    try:
        draft = ingest_text(text)
    except IngestError:
        return
    for framework in draft.frameworks:
        for item in framework.items:
            for node in item.walk():
                assert 0 <= node.span.start <= node.span.end <= len(text)
