"""In-app notifications. Each carries a key so that a scheduled run never repeats one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.plans.models import Plan


class Notification(models.Model):
    class Kind(models.TextChoices):
        DUE = "due", _("Report due")
        OVERDUE = "overdue", _("Report overdue")
        RETURNED = "returned", _("Report returned")
        SUBMITTED = "submitted", _("Report submitted")
        ESCALATION = "escalation", _("Escalation")
        TALK = "talk", _("Talk (约谈)")
        NOTICE = "notice", _("Supervision notice")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    key = models.CharField(
        max_length=120, help_text="Identifies the event; one notification per user and key."
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.title


class OutboxMessage(models.Model):
    """An e-mail waiting to go out: written in the transaction that creates its notification, so that a
    crash loses neither, and sent by the worker once (the row is locked while it is sent, and its id is
    the Message-ID). A failed attempt is tried again later, with a growing pause."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Given up")

    notification = models.OneToOneField(Notification, on_delete=models.CASCADE, related_name="outbox")
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"

    @property
    def message_id(self) -> str:
        return f"<outbox-{self.pk}@luoshi>"


class OutboxAttempt(models.Model):
    """One try at sending an outbox message, whatever came of it."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(default=timezone.now)
    ok = models.BooleanField()
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"outbox-{self.message_id} {self.at:%Y-%m-%d %H:%M} {'ok' if self.ok else self.error[:60]}"
