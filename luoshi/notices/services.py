"""Writes for supervision notices (督办单) and leaders' instructions (批示).

Each step checks the notice's state, writes in one transaction, records a NoticeEvent for the
history and notifies the other side through the supervision notifications (in-app and e-mail).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.accounts.models import User
from luoshi.lib.translation import in_site_language
from luoshi.notices.models import (
    DocumentSeries,
    Instruction,
    Notice,
    NoticeAttachment,
    NoticeEvent,
    NoticeExtension,
    NoticeTarget,
)
from luoshi.notifications.models import Notification
from luoshi.notifications.services import Message, notifications_send, office_users, unit_reporters
from luoshi.plans.models import Item, Plan, Unit
from luoshi.reports.services import attachment_check
from luoshi.status.changes import plan_ensure_writable


class NoticeConflictError(Exception):
    """The unit's reply changed since the form was read: nothing is written, the text is kept."""

    def __init__(self, current: NoticeTarget) -> None:
        super().__init__(
            _("Someone in your unit changed this reply, or the office did, while you were writing.")
        )
        self.current = current


REMIND_DAYS_BEFORE = 2
CHASE_EVERY_DAYS = 7


# --- numbering ------------------------------------------------------------------------------------


def default_prefix(plan: Plan, kind: str) -> str:
    """古督 for a notice of 古县's plan, 古督通 for its bulletin (the organisation's short name heads it)."""
    head = plan.organisation.head
    return head + ("督" if kind == DocumentSeries.Kind.NOTICE else "督通")


def document_number_allocate(*, plan: Plan, kind: str, year: int) -> tuple[int, str]:
    """The next number of the plan's series, as (sequence, formatted). Call it inside the transaction
    that stores the document: the locked counter row keeps numbers unique and, on rollback, gap-free."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("document_number_allocate must run inside a transaction")
    series = DocumentSeries.objects.select_for_update().filter(plan=plan, kind=kind).first()
    if series is None:
        try:
            with transaction.atomic():
                DocumentSeries.objects.create(
                    plan=plan, kind=kind, prefix=default_prefix(plan, kind), year=year
                )
        except IntegrityError:
            pass  # someone else created it a moment ago; lock theirs
        series = DocumentSeries.objects.select_for_update().get(plan=plan, kind=kind)
    if series.year != year:
        series.year, series.last_number = year, 0
    series.last_number += 1
    series.save(update_fields=["year", "last_number"])
    return series.last_number, series.format(series.last_number)


@transaction.atomic
def document_series_set(*, plan: Plan, kind: str, prefix: str, year: int, last_number: int) -> DocumentSeries:
    plan_ensure_writable(plan.pk)  # an archived plan's numbering is frozen with it
    prefix = prefix.strip()
    if not prefix:
        raise ValidationError(_("Give the document number's prefix, e.g. 古督."))
    series, _created = DocumentSeries.objects.select_for_update().get_or_create(
        plan=plan, kind=kind, defaults={"prefix": prefix, "year": year, "last_number": last_number}
    )
    series.prefix, series.year, series.last_number = prefix[:16], year, last_number
    series.save(update_fields=["prefix", "year", "last_number"])
    return series


def document_series_for(plan: Plan, kind: str) -> DocumentSeries:
    series = DocumentSeries.objects.filter(plan=plan, kind=kind).first()
    return series or DocumentSeries(
        plan=plan, kind=kind, prefix=default_prefix(plan, kind), year=plan.today().year
    )


# --- instructions -----------------------------------------------------------------------------------


@in_site_language
@transaction.atomic
def instruction_write(
    *, item: Item, user: User, text: str, kind: str = Instruction.Kind.DIRECTIVE
) -> Instruction:
    plan_ensure_writable(item.plan_id)  # an archived plan takes no instruction
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the instruction."))
    if kind not in Instruction.Kind.values:
        raise ValidationError(_("Unknown kind of instruction."))
    instruction = Instruction.objects.create(
        plan_id=item.plan_id, item=item, kind=kind, text=text, author=user
    )
    url = reverse("web:item_detail", kwargs={"item_id": item.pk})
    title = _("Leader's instruction on %(item)s") % {"item": item}
    notifications_send(
        plan=item.plan,
        messages=[
            Message(u, Notification.Kind.NOTICE, f"instruction:{instruction.pk}", title, text, url)
            for u in office_users(item.plan)
        ],
    )
    return instruction


# --- notices --------------------------------------------------------------------------------------


def _event(
    notice: Notice,
    kind: str,
    actor: User | None,
    *,
    target: NoticeTarget | None = None,
    text: str = "",
    key: str = "",
) -> NoticeEvent:
    return NoticeEvent.objects.create(
        notice=notice, target=target, kind=kind, actor=actor, text=text, key=key
    )


def _notice_url(notice: Notice) -> str:
    return reverse("notices:notice_detail", kwargs={"notice_id": notice.pk})


def _tell_units(notice: Notice, unit_ids: Iterable[int], key: str, title: str, body: str = "") -> None:
    users = [u for group in unit_reporters(unit_ids).values() for u in group]
    notifications_send(
        plan=notice.plan,
        messages=[Message(u, Notification.Kind.NOTICE, key, title, body, _notice_url(notice)) for u in users],
    )


def _tell_office(notice: Notice, key: str, title: str, body: str = "") -> None:
    notifications_send(
        plan=notice.plan,
        messages=[
            Message(u, Notification.Kind.NOTICE, key, title, body, _notice_url(notice))
            for u in office_users(notice.plan)
        ],
    )


@in_site_language
@transaction.atomic
def notice_issue(
    *,
    item: Item,
    user: User,
    units: Sequence[Unit],
    title: str,
    requirement: str,
    deadline: dt.date,
    instruction: Instruction | None = None,
    today: dt.date | None = None,
) -> Notice:
    """Issue a numbered notice on ``item`` to ``units``, optionally from a leader's instruction."""
    plan = item.plan
    plan_ensure_writable(plan.pk)  # an archived plan takes no notice
    today = today or plan.today()
    title, requirement = title.strip(), requirement.strip()
    if not units:
        raise ValidationError(_("Choose at least one unit."))
    if any(u.organisation_id != plan.organisation_id for u in units):
        raise ValidationError(_("A notice goes to units of the plan's own organisation."))
    if not title or not requirement:
        raise ValidationError(_("Give the notice a title and say what must be done."))
    if deadline < today:
        raise ValidationError(_("The reply deadline has passed already."))
    if instruction is not None and instruction.item_id != item.pk:
        raise ValidationError(_("The instruction is about another item."))
    sequence, number = document_number_allocate(plan=plan, kind=DocumentSeries.Kind.NOTICE, year=today.year)
    notice = Notice.objects.create(
        plan=plan,
        item=item,
        instruction=instruction,
        year=today.year,
        sequence=sequence,
        number=number,
        title=title[:200],
        requirement=requirement,
        deadline=deadline,
        issued_by=user,
    )
    unique_units = {u.pk: u for u in units}
    NoticeTarget.objects.bulk_create(
        [NoticeTarget(notice=notice, unit_id=pk, deadline=deadline) for pk in unique_units]
    )
    names = "、".join(u.short_name or u.name for u in unique_units.values())
    _event(
        notice,
        NoticeEvent.Kind.ISSUED,
        user,
        text=_("To %(units)s, reply by %(deadline)s")
        % {
            "units": names,
            "deadline": deadline.isoformat(),
        },
    )
    if instruction is not None:
        notifications_send(
            plan=plan,
            messages=[
                Message(
                    instruction.author,
                    Notification.Kind.NOTICE,
                    f"notice:{notice.pk}:from-instruction",
                    _("Notice %(number)s issued on your instruction") % {"number": number},
                    notice.title,
                    _notice_url(notice),
                )
            ],
        )
    _tell_units(
        notice,
        unique_units,
        f"notice:{notice.pk}:issued",
        _("Supervision notice %(number)s: %(title)s") % {"number": number, "title": notice.title},
        _("Reply by %(deadline)s.") % {"deadline": deadline.isoformat()},
    )
    return notice


def _lock(target: NoticeTarget) -> NoticeTarget:
    """Re-read the target with its row locked, so that two clicks cannot both pass the state checks."""
    locked = (
        NoticeTarget.objects.select_for_update()
        .select_related("notice", "notice__plan", "unit")
        .get(pk=target.pk)
    )
    # Every step of a notice (acknowledge, reply, review, extension) stops when its plan is archived.
    plan_ensure_writable(locked.notice.plan_id)
    if locked.notice.state != Notice.State.OPEN:
        raise ValidationError(_("The notice is closed."))
    return locked


@transaction.atomic
def notice_acknowledge(*, target: NoticeTarget, user: User) -> NoticeTarget:
    target = _lock(target)
    if target.state != NoticeTarget.State.ISSUED:
        return target  # acknowledging twice changes nothing
    target.state, target.acknowledged_at = NoticeTarget.State.ACKNOWLEDGED, target.notice.plan.now()
    target.version += 1
    target.save(update_fields=["state", "acknowledged_at", "version"])
    _event(target.notice, NoticeEvent.Kind.ACKNOWLEDGED, user, target=target)
    return target


def _attach(target: NoticeTarget, user: User, upload: UploadedFile) -> NoticeAttachment:
    content_type, name = attachment_check(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = NoticeAttachment(
        target=target,
        name=name,
        content_type=content_type,
        size=upload.size or 0,
        checksum=digest.hexdigest(),
        uploaded_by=user,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


@in_site_language
@transaction.atomic
def notice_reply(
    *,
    target: NoticeTarget,
    user: User,
    text: str,
    uploads: Sequence[UploadedFile] = (),
    expected_version: int | None = None,
) -> NoticeTarget:
    """The unit's one reply. After a return the unit replies again; the earlier text stays in the history.
    With ``expected_version`` (the version the form was read at), a reply over a newer state — another
    colleague's reply, a return or an extension since — is refused with :class:`NoticeConflictError`."""
    target = _lock(target)
    if expected_version is not None and expected_version != target.version:
        raise NoticeConflictError(target)
    text = text.strip()
    if not target.owes_reply:
        raise ValidationError(_("The reply has been sent; it can change only after the office returns it."))
    if not text:
        raise ValidationError(_("Write the reply."))
    for upload in uploads:
        attachment_check(upload)  # refuse the whole reply before anything is stored
    if target.acknowledged_at is None:
        target.acknowledged_at = target.notice.plan.now()
    target.state, target.reply, target.replied_at, target.replied_by = (
        NoticeTarget.State.REPLIED,
        text,
        target.notice.plan.now(),
        user,
    )
    target.version += 1
    target.save(update_fields=["state", "reply", "replied_at", "replied_by", "acknowledged_at", "version"])
    for upload in uploads:
        _attach(target, user, upload)
    replies = NoticeEvent.objects.filter(target=target, kind=NoticeEvent.Kind.REPLIED).count()
    _event(target.notice, NoticeEvent.Kind.REPLIED, user, target=target, text=text)
    _tell_office(
        target.notice,
        f"notice:{target.notice_id}:reply:{target.pk}:{replies + 1}",
        _("Reply to %(number)s from %(unit)s") % {"number": target.notice.number, "unit": target.unit},
    )
    return target


@in_site_language
@transaction.atomic
def notice_reply_accept(*, target: NoticeTarget, user: User, note: str = "") -> NoticeTarget:
    target = _lock(target)
    if target.state != NoticeTarget.State.REPLIED:
        raise ValidationError(_("Only a reply waiting for review can be accepted."))
    target.state, target.reviewed_at, target.review_note = (
        NoticeTarget.State.ACCEPTED,
        target.notice.plan.now(),
        note.strip(),
    )
    target.version += 1
    target.save(update_fields=["state", "reviewed_at", "review_note", "version"])
    _event(target.notice, NoticeEvent.Kind.ACCEPTED, user, target=target, text=note.strip())
    return target


@in_site_language
@transaction.atomic
def notice_reply_return(*, target: NoticeTarget, user: User, reason: str) -> NoticeTarget:
    target = _lock(target)
    reason = reason.strip()
    if target.state != NoticeTarget.State.REPLIED:
        raise ValidationError(_("Only a reply waiting for review can be returned."))
    if not reason:
        raise ValidationError(_("Say why the reply is returned."))
    target.state, target.reviewed_at, target.review_note = (
        NoticeTarget.State.RETURNED,
        target.notice.plan.now(),
        reason,
    )
    target.version += 1
    target.save(update_fields=["state", "reviewed_at", "review_note", "version"])
    event = _event(target.notice, NoticeEvent.Kind.RETURNED, user, target=target, text=reason)
    _tell_units(
        target.notice,
        [target.unit_id],
        f"notice:{target.notice_id}:returned:{event.pk}",
        _("Reply to %(number)s returned") % {"number": target.notice.number},
        reason,
    )
    return target


@in_site_language
@transaction.atomic
def notice_extension_request(
    *, target: NoticeTarget, user: User, deadline: dt.date, reason: str
) -> NoticeExtension:
    target = _lock(target)
    reason = reason.strip()
    if not target.owes_reply:
        raise ValidationError(_("The reply has been sent; no extension is needed."))
    if deadline <= target.deadline:
        raise ValidationError(_("Ask for a date after the current deadline."))
    if not reason:
        raise ValidationError(_("Say why more time is needed."))
    if target.extensions.filter(decision=NoticeExtension.Decision.PENDING).exists():
        raise ValidationError(_("An extension request is already waiting for the office."))
    extension = NoticeExtension.objects.create(
        target=target, requested_deadline=deadline, reason=reason, requested_by=user
    )
    _event(
        target.notice,
        NoticeEvent.Kind.EXTENSION_REQUESTED,
        user,
        target=target,
        text=_("Until %(deadline)s: %(reason)s") % {"deadline": deadline.isoformat(), "reason": reason},
    )
    _tell_office(
        target.notice,
        f"notice:{target.notice_id}:extension:{extension.pk}",
        _("%(unit)s asks for more time on %(number)s")
        % {"unit": target.unit, "number": target.notice.number},
        reason,
    )
    return extension


@in_site_language
@transaction.atomic
def notice_extension_decide(
    *, extension: NoticeExtension, user: User, approve: bool, reason: str
) -> NoticeExtension:
    extension = NoticeExtension.objects.select_for_update().select_related("target").get(pk=extension.pk)
    target = _lock(extension.target)
    reason = reason.strip()
    if extension.decision != NoticeExtension.Decision.PENDING:
        raise ValidationError(_("This request has been decided already."))
    if not reason:
        raise ValidationError(_("Give the reason for the decision."))
    extension.decision = NoticeExtension.Decision.APPROVED if approve else NoticeExtension.Decision.DENIED
    extension.decision_reason, extension.decided_by, extension.decided_at = (
        reason,
        user,
        extension.target.notice.plan.now(),
    )
    extension.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    if approve:
        target.deadline = extension.requested_deadline
        target.version += 1
        target.save(update_fields=["deadline", "version"])
    kind = NoticeEvent.Kind.EXTENSION_APPROVED if approve else NoticeEvent.Kind.EXTENSION_DENIED
    _event(target.notice, kind, user, target=target, text=reason)
    title = (
        _("More time on %(number)s granted, until %(deadline)s")
        if approve
        else _("More time on %(number)s refused; reply by %(deadline)s")
    ) % {"number": target.notice.number, "deadline": target.deadline.isoformat()}
    _tell_units(
        target.notice, [target.unit_id], f"notice:{target.notice_id}:decided:{extension.pk}", title, reason
    )
    return extension


@in_site_language
@transaction.atomic
def notice_close(*, notice: Notice, user: User, note: str = "") -> Notice:
    """Close a notice. With replies still outstanding the office must say why it closes it anyway."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    plan_ensure_writable(notice.plan_id)  # an archived plan's notices stay as they were
    note = note.strip()
    if notice.state == Notice.State.CLOSED:
        raise ValidationError(_("The notice is closed already."))
    unfinished = notice.targets.exclude(state=NoticeTarget.State.ACCEPTED).count()
    if unfinished and not note:
        raise ValidationError(
            _("%(count)d units have no accepted reply yet; say why the notice is closed anyway.")
            % {"count": unfinished}
        )
    notice.state, notice.closed_at, notice.close_note = Notice.State.CLOSED, notice.plan.now(), note
    notice.save(update_fields=["state", "closed_at", "close_note"])
    _event(notice, NoticeEvent.Kind.CLOSED, user, text=note)
    return notice


# --- reminders and chasers ------------------------------------------------------------------------


@in_site_language
@transaction.atomic
def notices_remind(*, plan: Plan, today: dt.date | None = None) -> int:
    """Remind units whose reply is due within two days, and chase overdue ones on the day after the
    deadline and every week after. Each reminder is keyed, so a repeated run sends nothing new.
    An archived plan's notices are not chased (nothing more can be replied there): 0."""
    if Plan.objects.filter(pk=plan.pk, archived_at__isnull=False).exists():
        return 0
    today = today or plan.today()
    targets = NoticeTarget.objects.filter(
        notice__plan=plan, notice__state=Notice.State.OPEN, state__in=NoticeTarget.OWING
    ).select_related("notice", "notice__plan", "unit")
    sent = 0
    for target in targets:
        days = (target.deadline - today).days
        if 0 <= days <= REMIND_DAYS_BEFORE:
            kind, key = NoticeEvent.Kind.REMINDED, f"notice-remind:{target.pk}:{target.deadline}"
            title = _("Reply to %(number)s due on %(deadline)s")
        elif days < 0:
            week = (-days - 1) // CHASE_EVERY_DAYS
            kind, key = NoticeEvent.Kind.CHASED, f"notice-chase:{target.pk}:{target.deadline}:{week}"
            title = _("Reply to %(number)s overdue since %(deadline)s")
        else:
            continue
        if NoticeEvent.objects.filter(key=key).exists():
            continue
        title = title % {"number": target.notice.number, "deadline": target.deadline.isoformat()}
        _event(target.notice, kind, None, target=target, text=title, key=key)
        _tell_units(target.notice, [target.unit_id], key, title, target.notice.title)
        if kind == NoticeEvent.Kind.CHASED:
            _tell_office(target.notice, key, f"{target.unit}: {title}")
        sent += 1
    return sent
