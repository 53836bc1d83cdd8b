"""Progress reports (进展报告): a unit's periodic account of an item, its review, and its timeliness."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.lib import previews
from luoshi.plans.models import Indicator, Item, Plan, Unit


class Report(models.Model):
    """One version of a unit's report on an item for a period. A returned report stays as it was;
    revising it makes the next version, so every version is kept."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="reports")
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reports")
    period = models.DateField(_("period"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    # Bumped on every save of the draft, so an edit form opened before another save is refused.
    revision = models.PositiveIntegerField(_("revision"), default=1, db_default=1)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    work_done = models.TextField(_("work done"), blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    completed_investment = models.DecimalField(
        _("completed investment (10k yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    problems = models.TextField(_("problems"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["-period", "-version"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["item", "period", "version"], name="report_unique_version"),
        ]
        indexes = [
            models.Index(fields=["plan", "state", "period"], name="report_plan_state"),
            models.Index(fields=["unit", "period"], name="report_unit_period"),
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.period:%Y-%m} · v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.state == self.State.DRAFT


class ReportIndicatorValue(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+"
    )
    value = models.DecimalField(_("actual"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="report_indicator_once"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"


class ReportContribution(models.Model):
    """A cooperating unit's part (配合单位) of the lead unit's report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="contributions")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("contribution"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.UniqueConstraint(fields=["report", "unit"], name="contribution_once_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.text[:40]}"


class AttachmentStorage(FileSystemStorage):
    """Files kept outside the web root (settings.ATTACHMENTS_ROOT), served only by an access-checked view."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.ATTACHMENTS_ROOT)

    @property  # type: ignore[override]
    def location(self) -> str:
        return str(Path(self.base_location).resolve())


def attachment_storage() -> AttachmentStorage:
    return AttachmentStorage()


def _upload_to(instance: Attachment, filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    return f"reports/{instance.report.period:%Y}/{instance.report_id}/{instance.checksum[:16]}{suffix}"


class StoredFile(models.Model):
    """What every uploaded file keeps beside its bytes (stored outside the web root)."""

    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    checksum = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name

    @property
    def preview_kind(self) -> str:
        """How the page may show the file: "image", "pdf", or "" (a download only)."""
        return previews.preview_kind(self.name, self.content_type)


class Attachment(StoredFile):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=attachment_storage, upload_to=_upload_to, max_length=300)

    class Meta(StoredFile.Meta):
        pass


class ReportDue(models.Model):
    """Whether an item's report for a period came on time, late or not at all (the assessment scores it)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        ON_TIME = "on_time", _("On time")
        LATE = "late", _("Late")
        MISSING = "missing", _("Missing")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="report_dues")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="report_dues")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="report_dues")
    period = models.DateField(_("period"))
    due_date = models.DateField(_("due date"))
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices, default=Outcome.PENDING)
    submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report due")
        verbose_name_plural = _("reports due")
        constraints = [models.UniqueConstraint(fields=["item", "period"], name="report_due_once")]
        indexes = [
            models.Index(fields=["plan", "period", "outcome"], name="report_due_plan_period"),
            models.Index(fields=["unit", "period"], name="report_due_unit_period"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.period} {self.outcome}"


class ReportOutcomeCount(models.Model):
    """How many of a unit's reports for one period came on time, late, not at all, or are pending:
    counted again from the due records by every write of that period's records, in its transaction,
    so the dashboard's all-periods totals read a few hundred rows instead of every record."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    period = models.DateField()
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    missing = models.PositiveIntegerField(default=0)
    pending = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "period", "unit"], name="report_outcome_count_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.period} {self.unit_id}"
