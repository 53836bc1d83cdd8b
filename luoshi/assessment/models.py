"""The year-end assessment (考核): per-plan rules, and each computation with every point it gave."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.plans.models import Item, Plan, Unit


def _points(label: Any, default: str) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(label, max_digits=6, decimal_places=2, default=Decimal(default))


class AssessmentRules(models.Model):
    """Points per event; a plan without a row uses these defaults. Deductions are negative numbers."""

    plan = models.OneToOneField(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="assessment_rules"
    )
    base_score = _points(_("base score"), "100")
    late_report = _points(_("late report"), "-0.1")
    missing_report = _points(_("missing report"), "-0.5")
    returned_reply = _points(_("notice reply returned"), "-2")
    red_light = _points(_("red light (per item and period)"), "-2")
    leader_praise = _points(_("leader's praise"), "1")
    completed_on_time = _points(_("item completed on time (times its weight)"), "1")
    completion = _points(_("weighted item completion (points at 100%)"), "20")

    class Meta:
        verbose_name = _("assessment rules")
        verbose_name_plural = _("assessment rules")

    def __str__(self) -> str:
        return str(self.plan)


class AssessmentRun(models.Model):
    """One computation of every unit's score as of a date, with the rules it used."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField(_("as of"))
    rules = models.JSONField(default=dict)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        ordering = ["-computed_at", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.plan_id} {self.as_of}"


class AssessmentScore(models.Model):
    run = models.ForeignKey(AssessmentRun, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2)
    rank = models.PositiveIntegerField(_("rank"))
    completion = models.DecimalField(_("weighted completion (%)"), max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["rank", "unit__name"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["run", "unit"], name="assessment_score_once")]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.score}"


class AssessmentEntry(models.Model):
    """One line of a unit's score: the base, an event's points, or the completion points."""

    class Kind(models.TextChoices):
        BASE = "base", _("Base score")
        LATE_REPORT = "late_report", _("Late report")
        MISSING_REPORT = "missing_report", _("Missing report")
        RETURNED_REPLY = "returned_reply", _("Notice reply returned")
        RED_LIGHT = "red_light", _("Red light")
        LEADER_PRAISE = "leader_praise", _("Leader's praise")
        COMPLETED_ON_TIME = "completed", _("Completed on time")
        COMPLETION = "completion", _("Weighted item completion")

    run = models.ForeignKey(AssessmentRun, on_delete=models.CASCADE, related_name="entries")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2)
    item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    day = models.DateField(_("date"), null=True, blank=True)
    source = models.CharField(
        max_length=64, blank=True, help_text="The event's model and id, e.g. reports.reportdue:12"
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    SOURCES = {
        "reports.reportdue": _("Report record"),
        "status.statusrecord": _("Colour history"),
        "notices.noticeevent": _("Notice record"),
        "notices.instruction": _("Leader's instruction"),
    }

    class Meta:
        ordering = ["unit", "kind", "day", "id"]
        verbose_name = _("score entry")
        verbose_name_plural = _("score entries")
        indexes = [models.Index(fields=["run", "unit"], name="assessment_entry_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kind} {self.points}"

    @property
    def source_label(self) -> str:
        """Where the points come from, in words: 报送记录 #12, not reports.reportdue:12."""
        if not self.source:
            return ""
        label, _sep, pk = self.source.partition(":")
        name = self.SOURCES.get(label)
        return f"{name} #{pk}" if name is not None else ""


class AssessmentOrganisationScore(models.Model):
    """An organisation below the plan's (a city's county), scored in a run of the plan: the mean of
    its units' scores under the run's rules over its own plans of the period, and the weighted
    completion of those plans (the dashboard's figure)."""

    run = models.ForeignKey(AssessmentRun, on_delete=models.CASCADE, related_name="organisation_scores")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2)
    rank = models.PositiveIntegerField(_("rank"))
    units = models.PositiveIntegerField(_("units scored"))
    completion = models.DecimalField(_("weighted completion (%)"), max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["rank", "organisation__path"]
        verbose_name = _("organisation's score")
        verbose_name_plural = _("organisations' scores")
        constraints = [
            models.UniqueConstraint(fields=["run", "organisation"], name="assessment_organisation_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.score}"
