"""The assessment as an xlsx workbook: the ranking, then every point with its source."""

from __future__ import annotations

import io

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from luoshi.assessment.models import AssessmentEntry, AssessmentRun
from luoshi.lib.xlsx import escape_formula


def _sheet_text(value: object) -> object:
    """Text that a spreadsheet would take for a formula is written as text (unit names included:
    a ledger import can create a unit from a file a unit sent in)."""
    if isinstance(value, str):
        return escape_formula(value)
    return value


def _row(values: list[object]) -> list[object]:
    return [_sheet_text(value) for value in values]


def assessment_xlsx(run: AssessmentRun) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        # openpyxl takes most of a second to import: only the export pays for it, not every process
        # at its start (the pages import this module through their URLs).
        from openpyxl import Workbook
        from openpyxl.styles import Font

        book = Workbook()
        ranking = book.active
        ranking.title = _("Ranking")[:31]
        ranking.append([_("Rank"), _("Unit"), _("Score"), _("Weighted completion (%)")])
        for score in run.scores.select_related("unit").order_by("rank", "unit__name"):
            ranking.append(_row([score.rank, score.unit.name, float(score.score), float(score.completion)]))
        points = book.create_sheet(_("Points")[:31])
        points.append([_("Unit"), _("Kind"), _("Points"), _("Date"), _("Item"), _("Detail"), _("Source")])
        entries = (
            AssessmentEntry.objects.filter(run=run)
            .select_related("unit", "item")
            .order_by("unit__name", "kind", "day", "id")
        )
        for entry in entries.iterator(chunk_size=2000):
            points.append(
                _row(
                    [
                        entry.unit.name,
                        entry.get_kind_display(),
                        float(entry.points),
                        entry.day,
                        str(entry.item) if entry.item else "",
                        entry.detail,
                        entry.source,
                    ]
                )
            )
        for sheet in (ranking, points):
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            sheet.freeze_panes = "A2"
        info = book.create_sheet(_("Rules")[:31])
        info.append([_("As of"), run.as_of])
        for name, value in run.rules.items():
            info.append(_row([name, float(value)]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
