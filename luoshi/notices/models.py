"""Supervision notices (督办单), the leaders' instructions (批示) they may come from, and their numbering.

A notice goes to one or more units; each addressed unit has a NoticeTarget that carries its own
acknowledgement, reply, deadline (moved by an approved extension) and review. Every step is kept
as a NoticeEvent, so the whole history of a notice can be shown.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from luoshi.plans.models import Item, Plan, Unit
from luoshi.reports.models import StoredFile, attachment_storage


class DocumentSeries(models.Model):
    """The prefix and counter of a plan's numbered documents, e.g. 古督〔2020〕12号.

    Numbers are allocated inside the transaction that creates the document, with the row locked,
    so they are unique and without gaps even when two people issue at the same moment.
    """

    class Kind(models.TextChoices):
        NOTICE = "notice", _("Supervision notice")
        BULLETIN = "bulletin", _("Bulletin")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    prefix = models.CharField(_("prefix"), max_length=16, help_text=_("e.g. 古督 or 古督通"))
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(
        _("last number issued"), default=0, help_text=_("The next document gets this number plus one.")
    )

    class Meta:
        verbose_name = _("document numbering")
        verbose_name_plural = _("document numbering")
        constraints = [models.UniqueConstraint(fields=["plan", "kind"], name="document_series_once")]

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕"

    def format(self, number: int) -> str:
        return f"{self.prefix}〔{self.year}〕{number}号"


class Instruction(models.Model):
    """A leader's written instruction (批示) on an item; the office may issue a notice from it.
    Praise counts in the assessment of the item's lead unit."""

    class Kind(models.TextChoices):
        DIRECTIVE = "directive", _("Instruction")
        PRAISE = "praise", _("Praise")
        CRITICISM = "criticism", _("Criticism")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="instructions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DIRECTIVE)
    text = models.TextField(_("instruction"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("instruction")
        verbose_name_plural = _("instructions")
        indexes = [models.Index(fields=["plan", "kind", "created_at"], name="instruction_plan_kind")]

    def __str__(self) -> str:
        return self.text[:40]


class Notice(models.Model):
    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("notice", "Open")
        CLOSED = "closed", pgettext_lazy("notice", "Closed")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="notices")
    instruction = models.ForeignKey(
        Instruction,
        verbose_name=_("instruction"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("document number"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    requirement = models.TextField(_("what must be done"))
    deadline = models.DateField(_("reply by"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_note = models.TextField(_("closing note"), blank=True)

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("supervision notice")
        verbose_name_plural = _("supervision notices")
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "sequence"], name="notice_number_once"),
        ]
        indexes = [models.Index(fields=["plan", "state"], name="notice_plan_state")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class NoticeTarget(models.Model):
    """One addressed unit of a notice: its acknowledgement, its one reply, its deadline and review."""

    class State(models.TextChoices):
        ISSUED = "issued", _("Issued")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        REPLIED = "replied", _("Replied")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")

    # States in which the unit still owes a reply.
    OWING = (State.ISSUED, State.ACKNOWLEDGED, State.RETURNED)

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.ISSUED)
    deadline = models.DateField(_("reply by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Incremented on every change; a reply written over a newer state is refused."
    )
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["notice", "unit__name"]
        verbose_name = _("addressed unit")
        verbose_name_plural = _("addressed units")
        constraints = [models.UniqueConstraint(fields=["notice", "unit"], name="notice_target_once")]
        indexes = [models.Index(fields=["unit", "state"], name="notice_target_unit_state")]

    def __str__(self) -> str:
        return f"{self.notice_id} → {self.unit_id}"

    @property
    def owes_reply(self) -> bool:
        return self.state in self.OWING

    def is_overdue(self, today: dt.date) -> bool:
        return self.owes_reply and self.deadline < today


class NoticeExtension(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", pgettext_lazy("extension", "Pending")
        APPROVED = "approved", _("Approved")
        DENIED = "denied", _("Denied")

    target = models.ForeignKey(NoticeTarget, on_delete=models.CASCADE, related_name="extensions")
    requested_deadline = models.DateField(_("new deadline asked for"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(
        _("decision"), max_length=8, choices=Decision.choices, default=Decision.PENDING
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        constraints = [
            models.UniqueConstraint(
                fields=["target"], condition=models.Q(decision="pending"), name="notice_extension_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"{self.target_id} → {self.requested_deadline}"


def _reply_upload_to(instance: NoticeAttachment, filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    return f"notices/{instance.target.notice_id}/{instance.target_id}/{instance.checksum[:16]}{suffix}"


class NoticeAttachment(StoredFile):
    target = models.ForeignKey(NoticeTarget, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=attachment_storage, upload_to=_reply_upload_to, max_length=300)

    class Meta(StoredFile.Meta):
        pass


class NoticeEvent(models.Model):
    """One step in a notice's history. Reminders carry a key, so a repeated run adds nothing."""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("Issued")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        REPLIED = "replied", _("Replied")
        RETURNED = "returned", _("Reply returned")
        ACCEPTED = "accepted", _("Reply accepted")
        EXTENSION_REQUESTED = "ext_asked", _("Extension asked for")
        EXTENSION_APPROVED = "ext_approved", _("Extension approved")
        EXTENSION_DENIED = "ext_denied", _("Extension denied")
        REMINDED = "reminded", _("Reminder sent")
        CHASED = "chased", _("Chaser sent")
        CLOSED = "closed", _("Closed")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="events")
    target = models.ForeignKey(
        NoticeTarget, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("text"), blank=True)
    key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("notice event")
        verbose_name_plural = _("notice events")
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~models.Q(key=""), name="notice_event_key_once")
        ]
        indexes = [models.Index(fields=["kind", "created_at"], name="notice_event_kind")]

    def __str__(self) -> str:
        return f"{self.notice_id} {self.kind}"
