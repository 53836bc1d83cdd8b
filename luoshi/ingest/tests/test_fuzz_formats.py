"""Bounded fuzzing of office files: damaged Word, PDF and OFD files give a draft or an IngestError."""

from __future__ import annotations

import functools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.ingest import Draft, IngestError, ingest_document

from .test_formats import OUTLINE, make_docx, make_ofd


@functools.cache
def _samples() -> tuple[bytes, ...]:
    samples = [make_docx(OUTLINE), make_ofd(["一、加强组织领导", "（一）压实工作责任。"])]
    try:
        import weasyprint

        html = "<html><head><meta charset='utf-8'></head><body><p>一、加强组织领导</p><p>（一）压实责任。</p></body></html>"
        samples.append(bytes(weasyprint.HTML(string=html).write_pdf()))
    except ImportError:
        pass
    return tuple(samples)


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(_samples())))
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[: draw(st.integers(4, len(data)))]
    return bytes(data)


@settings(max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_a_damaged_office_file_gives_a_draft_or_a_clear_error(data: bytes) -> None:
    try:
        draft = ingest_document(data)
    except IngestError as error:
        assert error.message_zh and error.message_en
        return
    assert isinstance(draft, Draft)
