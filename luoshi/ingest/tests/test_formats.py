"""Office files: Word numbering, PDF text layers, OFD, and the files that must be refused."""

from __future__ import annotations

import io
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from luoshi.ingest import IngestError, ingest_document, ingest_file
from luoshi.ingest.cli import main
from luoshi.ingest.formats import sniff
from luoshi.ingest.formats.docx import format_number

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
OUTLINE = [
    (0, "加快产业转型升级"),
    (None, "今年要围绕主导产业，抓好以下工作。"),
    (1, "推进重点项目建设"),
    (2, "完成固定资产投资50亿元以上"),
    (1, "强化要素保障"),
    (0, "持续改善民生福祉"),
    (1, "促进高质量充分就业"),
    (1, "办好十件民生实事"),
]


def make_docx(sections: list[tuple[int | None, str]]) -> bytes:
    """A .docx whose 一、/（一）/1. come from Word's automatic numbering, not from the text."""
    from docx import Document
    from docx.oxml import parse_xml

    doc = Document()
    numbering = doc.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {W_NS} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        "</w:abstractNum>"
    )
    first = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    if first is not None:
        first.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    doc.add_paragraph("关于印发2026年重点工作任务的通知")
    for level, text in sections:
        paragraph = doc.add_paragraph(text)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
            )
    table = doc.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["序号", "任务", "牵头单位"], strict=True):
        cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_word_numbering_is_read_from_the_numbering_definitions() -> None:
    draft = ingest_document(make_docx(OUTLINE))
    assert draft.encoding == "docx"
    assert [i.title for i in draft.items] == ["加快产业转型升级", "持续改善民生福祉"]
    assert [c.title for c in draft.items[0].children] == ["推进重点项目建设", "强化要素保障"]
    assert [c.marker for c in draft.items[0].children] == ["(cn)", "(cn)"]
    assert draft.items[0].children[0].children[0].title == "完成固定资产投资50亿元以上"
    assert draft.items[1].children[0].number == 1  # （一） restarts under the second 二、


def test_word_number_formats() -> None:
    assert [format_number(n, "chineseCounting") for n in (1, 10, 12, 20, 35, 101)] == [
        "一",
        "十",
        "十二",
        "二十",
        "三十五",
        "一百零一",
    ]
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(2, "ideographTraditional") == "乙"
    assert format_number(4, "upperRoman") == "IV"


def test_a_corrupt_docx_gets_a_clear_error() -> None:
    good = make_docx(OUTLINE)
    for broken in (good[: len(good) // 2], b"PK\x03\x04" + b"\x00garbage" * 50):
        with pytest.raises(IngestError) as caught:
            ingest_document(broken)
        assert caught.value.code == "corrupt" and "损坏" in caught.value.message_zh
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("word/document.xml", "<w:document><unclosed>")
    with pytest.raises(IngestError) as caught:
        ingest_document(archive.getvalue())
    assert caught.value.code == "corrupt"


def test_legacy_word_and_other_archives_are_refused_with_advice() -> None:
    with pytest.raises(IngestError) as caught:
        ingest_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert ".docx" in caught.value.message_zh
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(IngestError):
        ingest_document(archive.getvalue())


def _pdf(html_body: str) -> bytes:
    weasyprint = pytest.importorskip("weasyprint")
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
        if not fonts.strip():
            pytest.skip("no CJK font to draw a Chinese PDF with")
    css = "body{font-family:'Noto Sans CJK SC','Noto Serif CJK SC','WenQuanYi Zen Hei',sans-serif;font-size:12pt}"
    html = f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>{html_body}</body></html>"
    return bytes(weasyprint.HTML(string=html).write_pdf())


SECTION = (
    "<p>{n}、推进第{i}项重点任务</p>"
    "<p>（一）加快项目建设。全面推进第{i}批重点项目建设，确保年底前完成投资任务，力争固定资产投资增长5%以上，"
    "统筹土地、资金、能耗等要素，优先保障重点项目，形成更多实物工作量。</p>"
    "<p style='page-break-after:always'>（二）强化要素保障。统筹第{i}批项目的土地、资金、能耗等要素。</p>"
)


def test_a_pdf_with_a_text_layer_becomes_an_outline() -> None:
    body = "<h1>关于印发2026年重点工作任务的通知</h1>" + "".join(
        SECTION.format(n="一二三"[i], i=i + 1) for i in range(3)
    )
    draft = ingest_document(_pdf(body))
    assert draft.encoding == "pdf"
    assert [i.title for i in draft.items] == [f"推进第{i}项重点任务" for i in (1, 2, 3)]
    assert [c.title for c in draft.items[0].children] == ["加快项目建设", "强化要素保障"]
    assert any(t.value == 5 and t.unit == "%" for t in draft.targets)


def test_a_scanned_pdf_says_that_no_ocr_is_done() -> None:
    data = _pdf("<div style='width:400px;height:600px;background:#888'></div>")
    with pytest.raises(IngestError) as caught:
        ingest_document(data)
    assert caught.value.code == "no_text" and "OCR" in caught.value.message_zh


def test_a_password_pdf_is_refused() -> None:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(_pdf("<p>一、加强组织领导</p>")))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(IngestError) as caught:
        ingest_document(out.getvalue())
    assert caught.value.code == "encrypted" and "密码" in caught.value.message_zh


def test_a_corrupt_pdf_gets_a_clear_error() -> None:
    with pytest.raises(IngestError) as caught:
        ingest_document(b"%PDF-1.7\n" + b"\x00\xff garbage " * 200)
    assert caught.value.code in ("corrupt", "no_text")


def test_a_200_page_pdf_is_read_in_bounded_time() -> None:
    body = "".join(SECTION.format(n="一二三四五六七八九十"[i % 10], i=i + 1) for i in range(200))
    data = _pdf(body)
    started = time.perf_counter()
    draft = ingest_document(data)
    assert time.perf_counter() - started < 30
    assert len(draft.text) > 20000 and len(draft.items) >= 10


def make_ofd(lines: list[str]) -> bytes:
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    objects = "".join(
        f'<ofd:TextObject ID="{i + 10}" Boundary="20 {20 + 8 * i} 170 6" Font="1" Size="4">'
        f'<ofd:TextCode X="0" Y="5">{line}</ofd:TextCode></ofd:TextObject>'
        for i, line in enumerate(lines)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "OFD.xml",
            f"<ofd:OFD {ns} Version='1.0'><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        z.writestr(
            "Doc_0/Document.xml",
            f"<ofd:Document {ns}><ofd:Pages><ofd:Page ID='1' BaseLoc='Pages/Page_0/Content.xml'/></ofd:Pages></ofd:Document>",
        )
        z.writestr(
            "Doc_0/Pages/Page_0/Content.xml",
            f"<ofd:Page {ns}><ofd:Content><ofd:Layer ID='2'>{objects}</ofd:Layer></ofd:Content></ofd:Page>",
        )
    return out.getvalue()


def test_an_ofd_file_is_read_from_its_text_layer() -> None:
    data = make_ofd(
        [
            "关于印发重点工作的通知",
            "一、加强组织领导",
            "（一）压实工作责任。",
            "二、强化督查考核",
            "（一）定期通报进展。",
        ]
    )
    assert sniff(data) == "ofd"
    draft = ingest_document(data)
    assert draft.encoding == "ofd" and [i.title for i in draft.items] == ["加强组织领导", "强化督查考核"]
    with pytest.raises(IngestError):
        ingest_document(make_ofd([]))


def test_the_command_line_takes_a_docx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(make_docx(OUTLINE))
    assert main([str(path)]) == 0
    assert "推进重点项目建设" in capsys.readouterr().out
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really")
    assert main([str(broken)]) == 3
    assert "损坏" in capsys.readouterr().err
    assert ingest_file(path).encoding == "docx"


def word_table(rows: list[list[str]], merge: tuple[tuple[int, int], tuple[int, int]] | None = None) -> bytes:
    """A .docx with a title and one table of ``rows``; ``merge`` joins two cells (row, column)."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("某县2026年重点工作任务分解表")
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for cell, text in zip(table.rows[r].cells, values, strict=True):
            if text:
                cell.text = text
    if merge:
        table.cell(*merge[0]).merge(table.cell(*merge[1]))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_word_division_table_gives_each_task_its_unit_and_time_limit() -> None:
    rows = [
        ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
        ["1", "加快推进项目建设", "县发改局", "", "12月底"],
        ["2", "新建农村公路50公里", "县交通局", "县财政局", "2026年10月底前"],
    ]
    draft = ingest_document(word_table(rows))
    assert [(i.title, i.lead_units) for i in draft.items] == [
        ("加快推进项目建设", ["县发改局"]),
        ("新建农村公路50公里", ["县交通局"]),
    ]
    assert sorted(d.date for d in draft.deadlines) == ["2026-10-31", "2026-12-31"]
    assert "县财政局" in draft.units


def test_a_lead_unit_merged_down_a_word_table_leads_each_task_it_spans() -> None:
    rows = [
        ["序号", "工作任务", "牵头单位", "完成时限"],
        ["1", "加快推进项目建设", "县发改局", "6月底"],
        ["2", "强化项目要素保障", "", "9月底"],
        ["3", "新建农村公路50公里", "县交通局", "12月底"],
    ]
    draft = ingest_document(word_table(rows, ((1, 2), (2, 2))))  # 县发改局 leads tasks 1 and 2
    assert [(i.title, i.lead_units) for i in draft.items] == [
        ("加快推进项目建设", ["县发改局"]),
        ("强化项目要素保障", ["县发改局"]),
        ("新建农村公路50公里", ["县交通局"]),
    ]


def test_a_cell_spanning_two_columns_keeps_the_next_cells_under_their_headers() -> None:
    rows = [
        ["序号", "工作任务", "具体内容", "牵头单位"],
        ["1", "加快推进项目建设", "", "县发改局"],
        ["2", "新建农村公路", "建成50公里", "县交通局"],
    ]
    draft = ingest_document(word_table(rows, ((1, 1), (1, 2))))  # the first task spans two columns
    assert [i.lead_units for i in draft.items] == [["县发改局"], ["县交通局"]]
