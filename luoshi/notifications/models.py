"""In-app notifications. Each carries a key so that a scheduled run never repeats one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
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
