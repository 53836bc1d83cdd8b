"""Writes of comments: add, edit, delete, and the @unit mentions that notify the units' reporters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import User
from luoshi.comments import access
from luoshi.comments.models import Comment
from luoshi.lib.translation import in_site_language
from luoshi.notifications.models import Notification
from luoshi.notifications.services import Message, notifications_send, unit_reporters
from luoshi.plans.models import Item, Plan, Unit
from luoshi.reports.models import Report
from luoshi.status.changes import plan_ensure_writable

MAX_BODY = 4000


def mentioned_units(body: str, units: Iterable[Unit]) -> list[Unit]:
    """The units named right after an ``@`` in ``body`` (by full or short name, the longest that fits),
    in the order first mentioned."""
    names: list[tuple[str, Unit]] = []
    for unit in units:
        names.extend((name, unit) for name in {unit.name, unit.short_name} if name)
    names.sort(key=lambda pair: -len(pair[0]))
    found: dict[int, Unit] = {}
    start = body.find("@")
    while start != -1:
        rest = body[start + 1 :]
        for name, unit in names:
            if rest.startswith(name):
                found.setdefault(unit.pk, unit)
                break
        start = body.find("@", start + 1)
    return list(found.values())


def thread_url(comment: Comment) -> str:
    if comment.item_id:
        return reverse("web:item_detail", args=[comment.item_id]) + f"#comment-{comment.pk}"
    return reverse("reports:report_detail", args=[comment.report_id]) + f"#comment-{comment.pk}"


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": _("A comment is at most %(max)d characters.") % {"max": MAX_BODY}})
    return body


@in_site_language
def _notify(comment: Comment, plan: Plan, units: list[Unit], author: User) -> None:
    """Tell the reporters of each newly mentioned unit (never the author), once per comment."""
    reporters = unit_reporters(u.pk for u in units)
    subject = comment.item.title if comment.item_id else comment.report.item.title  # type: ignore[union-attr]
    title = _("%(author)s mentioned %(unit)s: %(subject)s")
    messages = [
        Message(
            user=user,
            kind=Notification.Kind.NOTICE,
            key=f"comment:{comment.pk}:{unit.pk}",
            title=title % {"author": author, "unit": unit.name, "subject": subject},
            body=comment.body[:500],
            url=thread_url(comment),
        )
        for unit in units
        for user in reporters.get(unit.pk, [])
        if user.pk != author.pk
    ]
    notifications_send(plan=plan, messages=messages)


def _plan_units(plan: Plan) -> list[Unit]:
    return list(Unit.objects.filter(organisation_id=plan.organisation_id).only("pk", "name", "short_name"))


@transaction.atomic
def comment_add(
    *,
    user: User,
    body: str,
    item: Item | None = None,
    report: Report | None = None,
    annotation: bool = False,
) -> Comment:
    """Write a comment on ``item`` or ``report`` (the caller checked that ``user`` may comment there);
    a 批注 only by the office or a leader. Mentioned units' reporters are notified."""
    if (item is None) == (report is None):
        raise ValueError("a comment is on an item or on a report")
    plan = item.plan if item is not None else report.plan  # type: ignore[union-attr]
    plan_ensure_writable(plan.pk)  # an archived plan's threads are read-only
    body = _clean_body(body)
    if annotation and not access.can_annotate(user, plan):
        raise ValidationError(_("Only the supervision office and leaders write annotations."))
    comment = Comment.objects.create(
        organisation_id=plan.organisation_id,
        item=item,
        report=report,
        author=user,
        body=body,
        is_annotation=annotation,
    )
    units = mentioned_units(body, _plan_units(plan))
    if units:
        comment.mentions.set(units)
        _notify(comment, plan, units, user)
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, user: User, body: str, now: dt.datetime | None = None) -> Comment:
    """The author changes the text within the edit window; units newly mentioned are notified."""
    now = now or timezone.now()
    plan_ensure_writable(access.plan_of(comment).pk)  # an archived plan's threads are read-only
    if not access.can_edit(user, comment, now):
        raise ValidationError(
            _("A comment can be changed only by its author, within %(minutes)d minutes of writing it.")
            % {"minutes": access.EDIT_WINDOW.seconds // 60}
        )
    comment.body, comment.edited_at = _clean_body(body), now
    comment.save(update_fields=["body", "edited_at"])
    plan = access.plan_of(comment)
    before = set(comment.mentions.values_list("pk", flat=True))
    units = mentioned_units(comment.body, _plan_units(plan))
    comment.mentions.set(units)
    fresh = [u for u in units if u.pk not in before]
    if fresh:
        _notify(comment, plan, fresh, user)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user: User, now: dt.datetime | None = None) -> Comment:
    """The author within the edit window, or the office of the plan, hides the comment."""
    now = now or timezone.now()
    plan_ensure_writable(access.plan_of(comment).pk)  # an archived plan's threads are read-only
    if not access.can_delete(user, comment, now):
        raise ValidationError(
            _("Only the office can delete a comment after %(minutes)d minutes.")
            % {"minutes": access.EDIT_WINDOW.seconds // 60}
        )
    comment.deleted_at = now
    comment.save(update_fields=["deleted_at"])
    return comment
