"""The one exception the ingest core raises on input it cannot use."""

from __future__ import annotations


class IngestError(ValueError):
    """Input that cannot become a draft plan (empty, binary, too large, undecodable).

    ``message_zh`` and ``message_en`` carry the same explanation in both languages;
    ``str(error)`` gives both, Chinese first.
    """

    def __init__(self, message_zh: str, message_en: str, *, code: str = "invalid") -> None:
        self.message_zh = message_zh
        self.message_en = message_en
        self.code = code
        super().__init__(f"{message_zh} / {message_en}")
