"""Bulletins (通报): a numbered periodic document, generated once and kept as it was generated."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.plans.models import Plan


class Bulletin(models.Model):
    """The figures are stored as generated (``data``), so a printed bulletin can always be shown again
    exactly as it went out, whatever happened to the plan afterwards."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("document number"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    as_of = models.DateField(_("figures as of"))
    period = models.DateField(_("period"))
    data = models.JSONField(default=dict)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    generated_at = models.DateTimeField(_("generated at"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "sequence"], name="bulletin_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"
