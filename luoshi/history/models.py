"""Baselines (基线): a named snapshot of a plan's dates, weights and targets, kept to compare against."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.plans.models import Plan


class Baseline(models.Model):
    """A named snapshot of a plan (e.g. 年初计划), taken by the office."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="baselines")
    name = models.CharField(_("name"), max_length=100)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="baseline_unique_name_in_plan")]

    def __str__(self) -> str:
        return self.name


class BaselineItem(models.Model):
    """One item as the baseline saw it. ``item_id`` is a plain number, not a key: a baseline outlives the
    items deleted after it, which is what it is for."""

    baseline = models.ForeignKey(Baseline, on_delete=models.CASCADE, related_name="items")
    item_id = models.BigIntegerField()
    number = models.CharField(max_length=16, blank=True)
    title = models.CharField(max_length=300)
    path = models.CharField(max_length=255)
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    weight = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal("1"))
    progress = models.PositiveSmallIntegerField(default=0)
    planned_investment = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["baseline", "item_id"], name="baseline_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.baseline_id} {self.item_id}"
