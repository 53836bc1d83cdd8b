"""Per-period figures for the dashboard, precomputed so that it reads a few hundred rows, not 50,000."""

from __future__ import annotations

from django.db import models

from luoshi.plans.models import Plan


class PeriodSummary(models.Model):
    """Colour counts and report timeliness for one period, over the whole plan, one pillar or one unit."""

    class Scope(models.TextChoices):
        PLAN = "plan", "plan"
        PILLAR = "pillar", "pillar"
        UNIT = "unit", "unit"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    period = models.DateField()
    scope = models.CharField(max_length=8, choices=Scope.choices)
    key = models.BigIntegerField(default=0, help_text="0 for the plan, else the pillar item's or unit's id.")
    label = models.CharField(max_length=300, blank=True)
    green = models.PositiveIntegerField(default=0)
    yellow = models.PositiveIntegerField(default=0)
    red = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    none = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    missing = models.PositiveIntegerField(default=0)
    pending = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "period", "scope", "key"], name="period_summary_once"),
        ]
        indexes = [models.Index(fields=["plan", "scope", "period"], name="period_summary_lookup")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.period} {self.scope} {self.key}"

    @property
    def total(self) -> int:
        return self.green + self.yellow + self.red + self.done + self.none
