"""A supervision notice (督办单) as a docx in the official-document layout (``luoshi.lib.official``),
written in the site's language."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from luoshi.lib.official import Block, OfficialDocument, chinese_date, official_docx
from luoshi.notices.models import Notice, NoticeTarget


def notice_document(notice: Notice, targets: Iterable[NoticeTarget]) -> OfficialDocument:
    """The notice's values for the layout; ``targets`` are the addressed units the reader may see."""
    organisation = notice.plan.organisation
    office = (
        _("%(org)s Supervision Office") % {"org": organisation.name}
        if organisation
        else _("Supervision Office")
    )
    body: list[Block] = [
        _("In carrying out “%(item)s” of %(plan)s, the following is required:")
        % {"item": notice.item, "plan": notice.plan.name}
    ]
    body += [line.strip() for line in notice.requirement.splitlines() if line.strip()]
    if notice.instruction is not None:
        body.append(
            _("This notice follows the instruction of %(author)s: %(text)s")
            % {"author": notice.instruction.author, "text": notice.instruction.text}
        )
    body.append(
        _("Please report in writing how it has been carried out by %(date)s.")
        % {"date": chinese_date(notice.deadline)}
    )
    return OfficialDocument(
        mark=office,
        number=notice.number,
        title=notice.title,
        addressee="、".join(t.unit.name for t in targets),
        body=body,
        signature=office,
        date=timezone.localtime(notice.issued_at).date(),
        extra={"subject": notice.number, "keywords": str(_("Supervision notice"))},
    )


def notice_docx(notice: Notice, targets: Iterable[NoticeTarget]) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return official_docx(notice_document(notice, targets))
