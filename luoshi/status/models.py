"""Per-plan status rules, office overrides, the history of colours per item, the dashboard's per-period
colour counts and escalations."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.plans import reasons
from luoshi.plans.models import Item, Plan, Status
from luoshi.status import rules


class StatusRules(models.Model):
    """The thresholds a plan's status rules and escalation use; a plan without a row uses the defaults."""

    plan = models.OneToOneField(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="status_rules"
    )
    yellow_gap = models.PositiveSmallIntegerField(
        _("yellow when behind by more than (points)"), default=10, validators=[MaxValueValidator(100)]
    )
    red_gap = models.PositiveSmallIntegerField(
        _("red when behind by more than (points)"), default=30, validators=[MaxValueValidator(100)]
    )
    due_soon_days = models.PositiveSmallIntegerField(_("warn this many days before the due date"), default=15)
    due_soon_below = models.PositiveSmallIntegerField(
        _("warn near the due date below this progress (%)"), default=90, validators=[MaxValueValidator(100)]
    )
    not_started_months = models.PositiveSmallIntegerField(_("not started after (months)"), default=2)
    milestone_red_days = models.PositiveSmallIntegerField(
        _("late milestone turns red after (days)"), default=30
    )
    memory = models.BooleanField(_("a red turns yellow before green"), default=True)
    parent_red_share = models.PositiveSmallIntegerField(_("parent red at red share (%)"), default=30)
    parent_yellow_share = models.PositiveSmallIntegerField(
        _("parent yellow at red and yellow share (%)"), default=20
    )
    escalate_yellow_runs = models.PositiveSmallIntegerField(_("escalate after yellows in a row"), default=2)
    talk_red_runs = models.PositiveSmallIntegerField(_("talk (约谈) after reds in a row"), default=3)

    class Meta:
        verbose_name = _("status rules")
        verbose_name_plural = _("status rules")

    def __str__(self) -> str:
        return str(self.plan)

    def config(self) -> rules.RuleConfig:
        return rules.RuleConfig(
            yellow_gap=self.yellow_gap,
            red_gap=self.red_gap,
            due_soon_days=self.due_soon_days,
            due_soon_below=self.due_soon_below,
            not_started_months=self.not_started_months,
            milestone_red_days=self.milestone_red_days,
            memory=self.memory,
            parent_red_share=self.parent_red_share,
            parent_yellow_share=self.parent_yellow_share,
        )


class StatusOverride(models.Model):
    """The office sets an item's colour by hand, with a reason and an expiry date."""

    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="status_overrides"
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=[
            (Status.GREEN, Status.GREEN.label),
            (Status.YELLOW, Status.YELLOW.label),
            (Status.RED, Status.RED.label),
        ],
    )
    reason = models.CharField(_("reason"), max_length=200)
    expires_on = models.DateField(_("expires on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("status override")
        verbose_name_plural = _("status overrides")
        indexes = [models.Index(fields=["item", "expires_on"], name="override_item_expiry")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.status}"


class StatusRecord(models.Model):
    """An item's colour for one reporting period: the history that memory, escalation and trends read."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="status_records")
    period = models.DateField(_("period"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    reason_code = models.CharField(_("reason"), max_length=32, blank=True)
    reason_params = models.JSONField(default=dict, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period"]
        verbose_name = _("status record")
        verbose_name_plural = _("status records")
        constraints = [models.UniqueConstraint(fields=["item", "period"], name="status_record_once")]
        indexes = [models.Index(fields=["plan", "period", "status"], name="status_record_plan_period")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.period} {self.status}"

    @property
    def reason(self) -> str:
        """The reason in the reader's language."""
        return reasons.render(self.reason_code, self.reason_params)


class PeriodSummary(models.Model):
    """Colour counts for one period, over the whole plan, one pillar or one lead unit. The recompute step
    keeps the current period's row equal to the items' colours; past periods keep what they were."""

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


class SupervisionRun(models.Model):
    """A completed daily supervision run of a plan (missing reports, ratings, reminders, escalation),
    written in the run's own transaction: a run that died left no row and is run again."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    run_on = models.DateField(_("run on"), help_text="The calendar day of the run, in the site's time zone.")
    as_of = models.DateField(_("as of"), help_text="The plan's date the run rated at.")
    finished_at = models.DateTimeField(_("finished at"))
    result = models.JSONField(default=dict)

    class Meta:
        ordering = ["-run_on"]
        verbose_name = _("supervision run")
        verbose_name_plural = _("supervision runs")
        constraints = [models.UniqueConstraint(fields=["plan", "run_on"], name="supervision_run_once_a_day")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.run_on}"
