"""Reads an official-document docx back with python-docx: what the layout tests compare."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length, Pt

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class ReadBack:
    document: Any
    texts: list[str]

    def paragraph(self, text: str) -> Any:
        return next(p for p in self.document.paragraphs if p.text == text)


def read_back(content: bytes) -> ReadBack:
    document = Document(io.BytesIO(content))
    return ReadBack(document, [p.text for p in document.paragraphs])


def east_asian_font(run: Any) -> str:
    return str(run._element.rPr.rFonts.get(qn("w:eastAsia")))


def assert_official_layout(back: ReadBack, *, mark: str, number: str, title: str, addressee: str) -> None:
    """The measures of GB/T 9704-2012 that every document of ours carries."""
    doc = back.document
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    assert round(Length(section.page_width - section.left_margin - section.right_margin).mm) == 156
    assert round(Length(section.page_height - section.top_margin - section.bottom_margin).mm) == 225
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars" and grid.get(qn("w:linePitch")) == "580"

    # The first four paragraphs: the red mark, the number over the red rule, the title, the addressee.
    assert back.texts[:4] == [mark, number, title, f"{addressee}："], back.texts[:4]
    mark_run = doc.paragraphs[0].runs[0]
    assert str(mark_run.font.color.rgb) == "FF0000"
    assert east_asian_font(mark_run) == "方正小标宋简体"
    assert doc.paragraphs[0].alignment == 1  # centred
    rule = doc.paragraphs[1]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "FF0000"
    title_run = doc.paragraphs[2].runs[0]
    assert title_run.font.size.pt == 22 and east_asian_font(title_run) == "方正小标宋简体"  # 2号小标宋
    body = doc.paragraphs[4]
    assert body.runs[0].font.size.pt == 16 and east_asian_font(body.runs[0]) == "仿宋"  # 3号仿宋
    assert body.paragraph_format.first_line_indent == Pt(32)  # two characters in

    # Page numbers: “— PAGE —” in 4号宋体, on odd and even pages.
    assert doc.settings.odd_and_even_pages_header_footer
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in "".join(t.text for t in footer._element.iter(f"{W}instrText"))
        assert "fldChar" in xml
        paragraph = footer.paragraphs[0]
        assert paragraph.text == "— 1 —"
        assert paragraph.runs[0].font.size.pt == 14 and east_asian_font(paragraph.runs[0]) == "宋体"
