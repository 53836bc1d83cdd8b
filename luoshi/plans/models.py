"""The plan tree and what hangs off it: units, leaders, milestones, indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

from luoshi.lib import periods
from luoshi.lib.numbering import DEFAULT_SCHEME, SCHEME_STYLES
from luoshi.organisations.models import Organisation, OrganisationOwned
from luoshi.plans import reasons

# Said by every write an archived plan refuses (a form error, the API's 400, a page's 403).
PLAN_ARCHIVED = _("This plan's year is archived: it can be read, exported and compared, but not changed.")


class PlanArchivedError(ValidationError):
    """A write to an archived plan; a ValidationError, so every form and the API say why."""

    def __init__(self) -> None:
        super().__init__(PLAN_ARCHIVED, code="archived")


def _organisation_field(related_name: str) -> models.ForeignKey[Organisation, Organisation]:
    return models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name=related_name
    )


class Unit(OrganisationOwned, models.Model):
    """A department, township or company that leads or cooperates on items."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department")
        TOWNSHIP = "township", _("Township")
        COMPANY = "company", _("Company")
        OTHER = "other", _("Other")

    organisation = _organisation_field("units")
    name = models.CharField(_("name"), max_length=128)
    short_name = models.CharField(_("short name"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DEPARTMENT)
    contact_person = models.CharField(_("contact person"), max_length=64, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unit_unique_name_in_organisation")
        ]

    def __str__(self) -> str:
        return self.name


class Leader(OrganisationOwned, models.Model):
    """The official answerable for items (包联领导)."""

    organisation = _organisation_field("leaders")
    name = models.CharField(_("name"), max_length=64)
    position = models.CharField(_("position"), max_length=128, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name", "position"], name="leader_unique_name_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.position}）" if self.position else self.name


class Plan(OrganisationOwned, models.Model):
    """One numbered plan, e.g. Gu County's 2020 "1234" work focus."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    organisation = _organisation_field("plans")
    issuer = models.CharField(
        _("issued by"), max_length=128, blank=True, help_text=_("The body that issued the plan, as printed.")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    source_title = models.CharField(_("source document"), max_length=300, blank=True)
    source_url = models.URLField(_("source address"), blank=True)
    description = models.TextField(_("description"), blank=True)
    status_date = models.DateField(
        _("status as of"),
        null=True,
        blank=True,
        help_text=_(
            "Rate statuses as of this date (e.g. the date the figures were collected); empty means today."
        ),
    )
    numbering = models.CharField(
        _("numbering"),
        max_length=120,
        default=",".join(DEFAULT_SCHEME),
        help_text=_(
            "The marker style of each level, e.g. cn,paren_cn,arabic,paren_arabic,circled (一、 （一） 1. （1） ①)."
        ),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(
        _("archived at"),
        null=True,
        blank=True,
        help_text=_(
            "An archived plan (a closed year) is read-only: read, exported and compared, never changed."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="plan_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def ensure_writable(self) -> None:
        """Refuse (:class:`PlanArchivedError`) a write to an archived plan."""
        if self.archived_at is not None:
            raise PlanArchivedError

    def scheme(self) -> list[str]:
        return [s for s in self.numbering.split(",") if s in SCHEME_STYLES] or list(DEFAULT_SCHEME)

    def today(self) -> dt.date:
        """The plan's date, taken everywhere a date is needed: ``status_date`` if set (a demo, a test,
        figures collected at a date), else today in the site's time zone."""
        return self.status_date or timezone.localdate()

    def now(self) -> dt.datetime:
        """The plan's moment: now, moved to ``status_date`` if one is set (the time of day is kept)."""
        moment = timezone.localtime()
        if self.status_date is None:
            return moment
        return moment.replace(
            year=self.status_date.year, month=self.status_date.month, day=self.status_date.day
        )

    def cadence(self) -> ReportCadence:
        """The plan's reporting cadence, or the default (monthly, due on the 28th) if it never set one."""
        try:
            return self.report_cadence
        except ReportCadence.DoesNotExist:
            return ReportCadence(plan=self)

    def current_period(self, today: dt.date | None = None) -> dt.date:
        return self.cadence().period_of(today or self.today())


class ReportCadence(models.Model):
    """How often a plan's units report, and on which day the report is due."""

    class Cadence(models.TextChoices):
        MONTHLY = periods.MONTHLY, _("Monthly")
        WEEKLY = periods.WEEKLY, _("Weekly")

    plan = models.OneToOneField(
        "Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="report_cadence"
    )
    cadence = models.CharField(_("cadence"), max_length=8, choices=Cadence.choices, default=Cadence.MONTHLY)
    due_day = models.PositiveSmallIntegerField(
        _("due day"),
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Day of the month (monthly) or weekday 1–7 (weekly) the report is due."),
    )
    remind_days_before = models.PositiveSmallIntegerField(_("remind days before"), default=3)

    class Meta:
        verbose_name = _("reporting cadence")
        verbose_name_plural = _("reporting cadences")

    def __str__(self) -> str:
        return f"{self.plan}: {self.get_cadence_display()}"

    def period_of(self, day: dt.date) -> dt.date:
        return periods.period_start(self.cadence, day)

    def due_date(self, period: dt.date) -> dt.date:
        return periods.due_date(self.cadence, period, self.due_day)


class Status(models.TextChoices):
    NONE = "none", _("Not rated")
    GREEN = "green", _("On track")
    YELLOW = "yellow", _("Lagging")
    RED = "red", _("Seriously lagging")
    DONE = "done", _("Done")


class Item(MP_Node):
    """A node of a plan tree: pillar, task, measure or project, of any depth.

    The tree is a materialised path (treebeard): ``path`` orders the whole plan in one index scan
    and a subtree is one prefix range, which is what the tree page and the roll-ups need.
    """

    class Kind(models.TextChoices):
        PILLAR = "pillar", _("Pillar")
        TASK = "task", _("Task")
        MEASURE = "measure", _("Measure")
        PROJECT = "project", _("Project")
        INDICATOR = "indicator", _("Indicator item")

    steplen = 4
    node_order_by: list[str] = []

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TASK)
    number = models.CharField(
        _("number"),
        max_length=16,
        blank=True,
        help_text=_("As printed, e.g. 一 or （二）; leave empty to number it by the plan's scheme."),
    )
    number_fixed = models.BooleanField(
        default=False, help_text="The office typed this number: renumbering leaves it as it is."
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    progress_note = models.TextField(
        _("progress"), blank=True, help_text=_("What has been done so far (进展情况), as last reported.")
    )
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_items",
    )
    cooperating_units = models.ManyToManyField(
        Unit, verbose_name=_("cooperating units"), blank=True, related_name="cooperating_items"
    )
    leader = models.ForeignKey(
        Leader,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, default=Decimal("1"), validators=[MinValueValidator(0)]
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.NONE)
    status_code = models.CharField(_("status reason"), max_length=32, blank=True)
    status_params = models.JSONField(default=dict, blank=True)
    # Project figures (重点项目), in 万元.
    planned_investment = models.DecimalField(
        _("planned investment (10k yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    completed_investment = models.DecimalField(
        _("completed investment (10k yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    source_quote = models.TextField(_("source sentence"), blank=True)
    aligned_to = models.ForeignKey(
        "self",
        verbose_name=_("carries out"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aligned_items",
        help_text=_("The item of the parent organisation's plan this item carries out (对接)."),
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Incremented on every save; stale writes are refused."
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[cooperating_units], excluded_fields=["numchild", "updated_at"])

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        indexes = [
            models.Index(fields=["plan", "path"], name="item_plan_path"),
            models.Index(fields=["plan", "depth"], name="item_plan_depth"),
            # The dashboard's colours by unit and pillar (GROUP BY lead unit, status, pillar) read this
            # index alone on PostgreSQL: an index-only scan of a 50,000-item plan takes half the time of
            # reading the table.
            models.Index(fields=["plan", "status", "lead_unit", "path"], name="item_plan_status_unit"),
            # The tree's colour counts (GROUP BY status) on every tree page: PostgreSQL reads this small
            # index alone (360 kB for 50,000 items, against 11 MB for the one above, which the planner
            # does not prefer to reading the table when the plan is most of it): 12-15 ms against 46-68.
            models.Index(fields=["plan", "status"], name="item_plan_status"),
            models.Index(fields=["lead_unit", "plan"], name="item_lead_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def clean(self) -> None:
        """Units and leaders come from the plan's organisation; an item carries out (is aligned to) an
        item of a plan of an organisation above its own, never beside or below it (so no cycles)."""
        if self.plan_id is None:
            return  # a form's blank instance; the service checks it again with its plan
        org = self.plan.organisation
        errors: dict[str, Any] = {}
        if self.lead_unit_id is not None and self.lead_unit.organisation_id != org.pk:
            errors["lead_unit"] = _("This unit belongs to another organisation.")
        if self.leader_id is not None and self.leader.organisation_id != org.pk:
            errors["leader"] = _("This leader belongs to another organisation.")
        if self.aligned_to_id is not None:
            above = self.aligned_to.plan.organisation
            if not above.is_ancestor_of(org):
                errors["aligned_to"] = _(
                    "An item can only carry out an item of the plan of an organisation above its own."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def status_reason(self) -> str:
        """Why the item has its colour, in the reader's language."""
        return reasons.render(self.status_code, self.status_params)

    @property
    def is_project(self) -> bool:
        return self.kind == self.Kind.PROJECT

    def is_overdue(self, today: dt.date) -> bool:
        return self.due_date is not None and self.due_date < today and self.status != Status.DONE


class PlanRevision(models.Model):
    """How many committed transactions have changed a plan's items: figures counted from the items
    are cached under it (``luoshi.plans.revisions``).

    The database counts it, not the app: a trigger on the item table adds one when a transaction
    that inserted, updated or deleted any of the plan's items commits (on PostgreSQL a deferred
    constraint trigger, so the row is locked only at commit and never before an item's; on SQLite,
    one writer at a time, a trigger per row). Every path that writes items is counted, bulk updates,
    tree moves and imports included. No foreign key: a plan deleted with its items leaves its row.
    """

    plan_id = models.BigIntegerField(primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("plan revision")

    def __str__(self) -> str:
        return f"{self.plan_id}@{self.value}"


class Milestone(models.Model):
    """A dated checkpoint of an item (节点目标)."""

    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=300)
    due_date = models.DateField(_("due date"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Incremented on every save; stale writes are refused."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date) -> bool:
        return self.completed_on is None and self.due_date < today


class Indicator(models.Model):
    """A measured target of an item (指标): baseline, target and the latest actual value."""

    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("measure unit"), max_length=16, blank=True, help_text=_("e.g. 项, 万元, %"))
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2, null=True, blank=True)
    actual = models.DecimalField(_("actual"), max_digits=16, decimal_places=2, null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Incremented on every save; stale writes are refused."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def completion(self) -> Decimal | None:
        """Share of the way from baseline to target, in percent, capped at 100."""
        if self.target is None or self.actual is None:
            return None
        base = self.baseline or Decimal(0)
        span = self.target - base
        if span == 0:
            return Decimal(100)
        share = (self.actual - base) / span * 100
        return max(Decimal(0), min(Decimal(100), share)).quantize(Decimal("0.1"))
