"""Whether a plan is shown to the public (公开), and how many levels of it."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.plans.models import Plan

MAX_LEVELS = 3


class Publication(models.Model):
    """A plan's public page: off until the office turns it on; the plan's code is its address."""

    plan = models.OneToOneField(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="publication"
    )
    enabled = models.BooleanField(_("public"), default=False)
    levels = models.PositiveSmallIntegerField(
        _("levels shown"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_LEVELS)],
        help_text=_("How many levels of the plan the public page shows (1–3)."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(levels__gte=1, levels__lte=MAX_LEVELS), name="publication_levels_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {'public' if self.enabled else 'not public'}"
