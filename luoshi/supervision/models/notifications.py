"""In-app notifications and escalations. Both carry a key so that a scheduled run never repeats one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.plans.models import Item, Plan


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


class Escalation(models.Model):
    """An item flagged to the office (two yellows in a row) or for a talk (three reds in a row)."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("Escalated to the office")
        TALK = "talk", _("Flagged for a talk (约谈)")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="escalations"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    period = models.DateField(_("period"))
    runs = models.PositiveSmallIntegerField(_("periods in a row"))
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period", "kind"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [models.UniqueConstraint(fields=["item", "kind", "period"], name="escalation_once")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.kind} {self.period}"
