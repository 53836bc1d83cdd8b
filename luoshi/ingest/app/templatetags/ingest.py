"""Readable names for what the review page reports: the kinds of repair made to the text and the
encoding it came in. The ingest core names them in ASCII (``pinyin-debris``, ``str``); people read
these labels."""

from __future__ import annotations

from django import template
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

register = template.Library()

REPAIR_LABELS: dict[str, Promise] = {
    "pinyin-debris": _("pinyin annotations"),
    "mojibake": _("garbled characters repaired"),
    "mojibake-unrepaired": _("garbled characters to check"),
    "simplified": _("Traditional to Simplified"),
    "fullwidth": _("full-width digits and letters"),
    "boilerplate": _("web page furniture"),
    "anti-copy-token": _("anti-copy tokens"),
    "html-markup": _("HTML tags and entities"),
    "line-break": _("line breaks"),
    "chunk-number": _("a document site's chunk numbers"),
    "lost-dot": _("dots lost after numbers"),
    "duplicate": _("repeated paragraphs"),
    "doubled-comma": _("doubled punctuation"),
    "whitespace": _("spaces and line ends"),
    "control-character": _("control characters"),
    "emoji": _("emoji"),
    "literal-codepoint": _("written-out code points"),
}

ENCODING_LABELS: dict[str, Promise] = {
    "str": _("pasted text"),
    "docx": _("Word file"),
    "pdf": _("PDF file"),
    "ofd": _("OFD file"),
}


@register.filter
def repair_label(kind: str) -> str:
    """``pinyin-debris`` → 拼音注音; a kind without a label is shown as it is."""
    label = REPAIR_LABELS.get(kind)
    return str(label) if label is not None else kind


@register.filter
def encoding_label(encoding: str) -> str:
    """``str`` → 粘贴文本, ``docx`` → Word 文件; a character encoding is shown in capitals (GB18030)."""
    label = ENCODING_LABELS.get(encoding)
    return str(label) if label is not None else (encoding or "").upper()
