"""An uploaded ledger on its way in: the file, its preview, and how far the work has got."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.plans.models import Plan


class LedgerImport(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        READING = "reading", _("Reading the file")
        PREVIEWED = "previewed", _("Ready to apply")
        APPLYING = "applying", _("Applying")
        APPLIED = "applied", _("Applied")
        FAILED = "failed", _("Failed")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="ledger_imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("file"), editable=False)
    # The rows as read at preview time (compressed JSON), so that applying skips reading the file again.
    parsed = models.BinaryField(editable=False, null=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.TextField(_("error"), blank=True)
    counts = models.JSONField(default=dict, blank=True)
    rows = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    digest = models.CharField(max_length=64, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ledger import")
        verbose_name_plural = _("ledger imports")

    def __str__(self) -> str:
        return self.filename

    @property
    def is_running(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.READING, self.State.APPLYING)

    @property
    def can_apply(self) -> bool:
        return self.state == self.State.PREVIEWED and not self.counts.get("error")

    def progress_dict(self) -> dict[str, Any]:
        percent = round(100 * self.done / self.total) if self.total else (100 if not self.is_running else 0)
        return {
            "state": self.state,
            "state_label": str(self.get_state_display()),
            "done": self.done,
            "total": self.total,
            "percent": percent,
            "running": self.is_running,
            "error": self.error,
            "counts": self.counts,
        }
