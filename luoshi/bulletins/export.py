"""A bulletin as a printed document: HTML (preview), PDF (WeasyPrint) and docx (python-docx).

All three render the stored figures (``Bulletin.data``) in the site's language, in the layout a
county office prints: red masthead, 文号, red rule, title, numbered sections, tables.
"""

from __future__ import annotations

import io
import subprocess
import time
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from luoshi.bulletins.models import Bulletin

RED = "C00000"
SERIF = "Noto Serif CJK SC"
FONT_CHECK_SECONDS = 300
_font_check: tuple[float, bool] | None = None


class CjkFontMissing(RuntimeError):
    """No font on this server covers Chinese: WeasyPrint would print every character as a box."""


def cjk_font_installed() -> bool:
    """Whether fontconfig knows a font for Chinese; asked again at most every few minutes, so a font
    installed while the server runs is seen without a restart."""
    global _font_check  # noqa: PLW0603 - a one-value cache
    now = time.monotonic()
    if _font_check is None or now - _font_check[0] > FONT_CHECK_SECONDS:
        try:
            found = subprocess.run(  # noqa: S603 - a fixed command
                ["fc-list", ":lang=zh", "family"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,  # noqa: S607
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        _font_check = (now, bool(found))
    return _font_check[1]


@cache
def _css() -> str:
    path = finders.find("bulletins/bulletin.css")
    with open(str(path), encoding="utf-8") as handle:
        return handle.read()


def bulletin_html(bulletin: Bulletin, *, standalone: bool = False) -> SafeString:
    with translation.override(settings.LANGUAGE_CODE):
        context = {"bulletin": bulletin, "d": bulletin.data, "css": _css()}
        template = "bulletins/bulletin_print.html" if standalone else "bulletins/_bulletin_body.html"
        return mark_safe(render_to_string(template, context))  # noqa: S308 - rendered by our template


def bulletin_pdf(bulletin: Bulletin) -> bytes:
    """The bulletin as PDF; raises :class:`CjkFontMissing` rather than print boxes."""
    if not cjk_font_installed():
        raise CjkFontMissing
    from weasyprint import HTML

    return HTML(string=str(bulletin_html(bulletin, standalone=True))).write_pdf()  # type: ignore[no-any-return]


# --- docx -------------------------------------------------------------------------------------------


def _font(run: Any, *, size: float | None = None, bold: bool = False, colour: str | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = SERIF
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), SERIF)
    if size:
        run.font.size = Pt(size)
    run.font.bold = bold
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)


def _paragraph(
    doc: Any,
    text: str,
    *,
    size: float = 12,
    bold: bool = False,
    align: str = "",
    indent: bool = False,
    colour: str | None = None,
) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    if align:
        paragraph.alignment = getattr(WD_ALIGN_PARAGRAPH, align)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    _font(paragraph.add_run(text), size=size, bold=bold, colour=colour)
    return paragraph


def _red_rule(paragraph: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "16"), ("w:space", "1"), ("w:color", RED)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _table(doc: Any, head: list[str], rows: list[list[Any]], widths: list[float]) -> None:
    """A bordered table; ``widths`` in millimetres. Figures are centred, text is left-aligned."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = ""
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(cell.paragraphs[0].add_run(text), size=10, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = ""
            text = str(value)
            if isinstance(value, int) or text.rstrip("%").replace(".", "", 1).isdigit():
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(cell.paragraphs[0].add_run(text), size=10)
    # Word reads the cells' widths, LibreOffice the grid's: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
    doc.add_paragraph()


def bulletin_docx(bulletin: Bulletin) -> bytes:
    from docx import Document
    from docx.shared import Mm

    d: dict[str, Any] = bulletin.data
    with translation.override(settings.LANGUAGE_CODE):
        doc = Document()
        section = doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(30), Mm(28)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        org = (
            _("%(org)s Supervision Bulletin") % {"org": d["organisation"]}
            if d.get("organisation")
            else _("Supervision Bulletin")
        )
        _paragraph(doc, org, size=26, bold=True, align="CENTER", colour=RED)
        _red_rule(_paragraph(doc, bulletin.number, align="CENTER"))
        _paragraph(doc, bulletin.title, size=17, bold=True, align="CENTER")
        _paragraph(
            doc,
            _("This bulletin reports the progress of %(plan)s as of %(day)s (reporting period %(period)s).")
            % {"plan": d["plan"], "day": d["as_of"], "period": d["period_label"]},
            indent=True,
        )
        counts = d["counts"]
        _paragraph(doc, _("1. Overall progress"), size=13, bold=True)
        _paragraph(
            doc,
            _(
                "Overall completion is %(completion)s%%. Of %(total)s items, %(done)s are done, %(green)s on "
                "track, %(yellow)s lagging and %(red)s seriously lagging."
            )
            % {"completion": d["completion"], "total": d["total"], **counts}
            + " "
            + _("Reports this period: %(on_time)s on time, %(late)s late, %(missing)s missing.") % counts,
            indent=True,
        )
        _table(
            doc,
            [_("Pillar"), _("Done"), _("On track"), _("Lagging"), _("Seriously lagging")],
            [[p["item"], p["done"], p["green"], p["yellow"], p["red"]] for p in d["pillars"]]
            + [[_("Total"), counts["done"], counts["green"], counts["yellow"], counts["red"]]],
            [64, 23, 23, 23, 23],
        )
        _paragraph(doc, _("2. Ranking of units"), size=13, bold=True)
        _table(
            doc,
            [
                _("Rank"),
                _("Unit"),
                _("Seriously lagging"),
                _("Lagging"),
                _("On track"),
                _("Done"),
                _("Reports late"),
                _("Reports missing"),
            ],
            [
                [
                    u["rank"],
                    u["unit"],
                    u["red"],
                    u["yellow"],
                    u["green"],
                    u["done"],
                    u["late_total"],
                    u["missing_total"],
                ]
                for u in d["units"]
            ],
            [12, 60, 14, 14, 14, 14, 14, 14],
        )
        if d.get("counties"):
            _paragraph(doc, _("Ranking of the organisations below"), size=12, bold=True)
            _table(
                doc,
                [
                    _("Rank"),
                    _("Organisation"),
                    _("Completion"),
                    _("Seriously lagging"),
                    _("Lagging"),
                    _("On track"),
                    _("Done"),
                    _("Overdue"),
                    _("Lagging items"),
                ],
                [
                    [
                        c["rank"],
                        c["organisation"],
                        f"{c['completion']}%",
                        c["red"],
                        c["yellow"],
                        c["green"],
                        c["done"],
                        c["overdue"],
                        c["lagging"],
                    ]
                    for c in d["counties"]
                ],
                [12, 40, 18, 14, 14, 14, 14, 14, 16],
            )
        _paragraph(doc, _("3. Lagging items and reasons"), size=13, bold=True)
        if d["lagging"]:
            _table(
                doc,
                [_("Item"), _("Lead unit"), _("Progress"), _("Status"), _("Reason")],
                [
                    [i["item"], i["unit"] or "—", f"{i['progress']}%", i["status_label"], i["reason"]]
                    for i in d["lagging"]
                ],
                [46, 30, 14, 20, 46],
            )
        else:
            _paragraph(doc, _("No lagging items."), indent=True)
        _paragraph(doc, _("4. Praise and criticism"), size=13, bold=True)
        for label, entries in ((_("Praised"), d["praised"]), (_("Criticised"), d["criticised"])):
            text = "；".join(f"{e['unit']}（{e['reason']}）" for e in entries) or _("none")
            _paragraph(doc, f"{label}: {text}", indent=True)
        _paragraph(doc, _("5. Open supervision notices"), size=13, bold=True)
        if d["notices"]:
            _table(
                doc,
                [_("Document number"), _("Title"), _("Reply by"), _("Owing a reply")],
                [
                    [n["number"], n["title"], n["deadline"], "、".join(n["owing"]) or "—"]
                    for n in d["notices"]
                ],
                [36, 60, 24, 36],
            )
        else:
            _paragraph(doc, _("No open notices."), indent=True)
        office = (
            _("%(org)s Supervision Office") % {"org": d["organisation"]}
            if d.get("organisation")
            else _("Supervision Office")
        )
        _paragraph(doc, "")
        _paragraph(doc, office, align="RIGHT")
        _paragraph(doc, f"{timezone.localtime(bulletin.generated_at):%Y-%m-%d}", align="RIGHT")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
