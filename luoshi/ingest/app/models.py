from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.Model):
    """An ingested text (来源文件) and the draft plan made from it; draft items point into ``text``."""

    title = models.CharField(_("title"), max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    encoding = models.CharField(_("encoding"), max_length=32, blank=True)
    original = models.TextField(_("original text"))
    text = models.TextField(_("normalised text"))
    draft = models.JSONField(_("draft plan"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Whose office brought the text in; only it sees the text."),
    )
    plan = models.ForeignKey(
        "plans.Plan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sources",
        verbose_name=_("plan"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")

    def __str__(self) -> str:
        return self.title or self.filename or f"#{self.pk}"
