"""Taiwan-usage conversion keeps the policy terms a mainland text meant."""

from __future__ import annotations

from luoshi.ingest import ingest_text
from luoshi.ingest.lexicon import to_simplified


def test_policy_terms_the_taiwan_phrase_table_would_change_are_kept() -> None:
    text = "嚴格執行制度，做好對口支援，加強檔案管理，推動線上線下融合，建設智慧社區。"
    assert (
        to_simplified(text, taiwan=True)
        == "严格执行制度，做好对口支援，加强档案管理，推动线上线下融合，建设智慧社区。"
    )


def test_taiwan_words_are_still_converted() -> None:
    text = "發展人工智慧，保護智慧財產權，最佳化網際網路服務。"
    assert to_simplified(text, taiwan=True) == "发展人工智能，保护知识产权，优化互联网服务。"


def test_a_page_in_taiwan_usage_reads_as_its_mainland_text() -> None:
    draft = ingest_text(
        "一、推進數位政府建設\n最佳化軟體和資訊服務，嚴格執行資料安全制度，建設智慧園區。\n二、其他\n內容。\n"
    )
    assert "严格执行" in draft.text and "智慧园区" in draft.text and "软件和信息服务" in draft.text
