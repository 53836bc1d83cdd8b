"""A bulletin as a printed document: HTML (preview), PDF (WeasyPrint) and docx (python-docx).

All three render the stored figures (``Bulletin.data``) in the site's language, in the layout a
county office prints: red masthead, 文号, red rule, title, numbered sections, tables. The docx follows
GB/T 9704-2012 (``luoshi.lib.official``): the measures a printed 公文 is checked against.
"""

from __future__ import annotations

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
from luoshi.lib import official

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


# --- docx: the official-document layout of GB/T 9704-2012 (luoshi.lib.official) ------------------


def bulletin_document(bulletin: Bulletin) -> official.OfficialDocument:
    """The bulletin's stored figures as the blocks of an official document."""
    d: dict[str, Any] = bulletin.data
    counts = d["counts"]
    body: list[official.Block] = [
        _("This bulletin reports the progress of %(plan)s as of %(day)s (reporting period %(period)s).")
        % {"plan": d["plan"], "day": d["as_of"], "period": d["period_label"]},
        official.Heading(_("1. Overall progress")),
        _(
            "Overall completion is %(completion)s%%. Of %(total)s items, %(done)s are done, %(green)s on "
            "track, %(yellow)s lagging and %(red)s seriously lagging."
        )
        % {"completion": d["completion"], "total": d["total"], **counts}
        + " "
        + _("Reports this period: %(on_time)s on time, %(late)s late, %(missing)s missing.") % counts,
        official.Table(
            [_("Pillar"), _("Done"), _("On track"), _("Lagging"), _("Seriously lagging")],
            [[p["item"], p["done"], p["green"], p["yellow"], p["red"]] for p in d["pillars"]]
            + [[_("Total"), counts["done"], counts["green"], counts["yellow"], counts["red"]]],
            [64, 23, 23, 23, 23],
        ),
        official.Heading(_("2. Ranking of units")),
        official.Table(
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
                [u["rank"], u["unit"], u["red"], u["yellow"], u["green"], u["done"], u["late_total"]]
                + [u["missing_total"]]
                for u in d["units"]
            ],
            [12, 46, 16, 16, 16, 16, 17, 17],
        ),
    ]
    if d.get("counties"):
        body += [
            official.Heading(_("Ranking of the organisations below"), level=2),
            official.Table(
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
                    [c["rank"], c["organisation"], f"{c['completion']}%", c["red"], c["yellow"], c["green"]]
                    + [c["done"], c["overdue"], c["lagging"]]
                    for c in d["counties"]
                ],
                [12, 32, 16, 16, 16, 16, 16, 16, 16],
            ),
        ]
    body.append(official.Heading(_("3. Lagging items and reasons")))
    if d["lagging"]:
        body.append(
            official.Table(
                [_("Item"), _("Lead unit"), _("Progress"), _("Status"), _("Reason")],
                [
                    [i["item"], i["unit"] or "—", f"{i['progress']}%", i["status_label"], i["reason"]]
                    for i in d["lagging"]
                ],
                [46, 30, 16, 20, 44],
            )
        )
    else:
        body.append(_("No lagging items."))
    body.append(official.Heading(_("4. Praise and criticism")))
    for label, entries in ((_("Praised"), d["praised"]), (_("Criticised"), d["criticised"])):
        text = "；".join(f"{e['unit']}（{e['reason']}）" for e in entries) or _("none")
        body.append(f"{label}: {text}")
    body.append(official.Heading(_("5. Open supervision notices")))
    if d["notices"]:
        body.append(
            official.Table(
                [_("Document number"), _("Title"), _("Reply by"), _("Owing a reply")],
                [
                    [n["number"], n["title"], n["deadline"], "、".join(n["owing"]) or "—"]
                    for n in d["notices"]
                ],
                [36, 60, 24, 36],
            )
        )
    else:
        body.append(_("No open notices."))
    org = d.get("organisation")
    return official.OfficialDocument(
        mark=_("%(org)s Supervision Bulletin") % {"org": org} if org else _("Supervision Bulletin"),
        number=bulletin.number,
        title=bulletin.title,
        addressee=_("All units concerned"),
        body=body,
        signature=_("%(org)s Supervision Office") % {"org": org} if org else _("Supervision Office"),
        date=timezone.localtime(bulletin.generated_at).date(),
        extra={"subject": bulletin.number, "keywords": str(_("Bulletin"))},
    )


def bulletin_docx(bulletin: Bulletin) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return official.official_docx(bulletin_document(bulletin))
