"""Writes for progress reports: draft, submit, review (approve / return), revise, contribute, attach.

Approving a report is the one way a report changes the plan: it goes through luoshi.plans.services,
which keeps the item's history and rolls progress up to its parents.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import User
from luoshi.lib import periods
from luoshi.plans.models import Indicator, Item, Plan, Status
from luoshi.reports import reminders
from luoshi.reports.models import (
    Attachment,
    Report,
    ReportContribution,
    ReportDue,
    ReportIndicatorValue,
    ReportOutcomeCount,
)
from luoshi.status import changes as changes_module

REPORT_FIELDS = ("work_done", "progress", "completed_investment", "problems", "next_steps")

# Extension -> (content type, accepted leading bytes). The client's content type is not trusted.
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0",)
ATTACHMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".webp": ("image/webp", (b"RIFF",)),
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    ".doc": ("application/msword", _OLE),
    ".xls": ("application/vnd.ms-excel", _OLE),
    ".ppt": ("application/vnd.ms-powerpoint", _OLE),
}


@dataclass(frozen=True)
class ReportData:
    work_done: str = ""
    progress: int = 0
    completed_investment: Decimal | None = None
    problems: str = ""
    next_steps: str = ""


def _now(now: dt.datetime | None, plan: Plan) -> dt.datetime:
    return now or plan.now()


class ReportConflictError(Exception):
    """Someone else saved this report's draft since it was read: the write is refused, nothing is lost."""

    def __init__(self, current: Report) -> None:
        super().__init__(_("This report was changed by someone else while you were editing it."))
        self.current = current


@transaction.atomic
def report_draft_save(
    *,
    item: Item,
    user: User,
    period: dt.date,
    data: ReportData,
    indicator_values: Mapping[int, Decimal | None] | None = None,
    report: Report | None = None,
    expected_revision: int | None = None,
) -> Report:
    """Create the draft for (item, period), or update ``report`` if it is still a draft.

    With ``expected_revision`` (the draft's ``revision`` as read, 0 for "no draft yet") a draft saved
    since, or created meanwhile by someone else, is not overwritten: :class:`ReportConflictError`."""
    changes_module.plan_ensure_writable(item.plan_id)  # an archived plan takes no report
    if item.lead_unit_id is None:
        raise ValidationError(_("This item has no lead unit to report for it."))
    period = item.plan.cadence().period_of(period)
    if report is None:
        # The item's row serialises first drafts of the same item, so the second one sees the first.
        Item.objects.select_for_update().filter(pk=item.pk).exists()
        existing = Report.objects.filter(item=item, period=period).order_by("-version").first()
        if existing is not None and existing.state != Report.State.DRAFT:
            raise ValidationError(_("A report for this period exists already; open it to revise it."))
        if existing is not None and expected_revision is not None:
            raise ReportConflictError(existing)
        if existing is None:
            report = Report(
                plan_id=item.plan_id, item=item, unit_id=item.lead_unit_id, period=period, created_by=user
            )
        else:
            report = Report.objects.select_for_update().get(pk=existing.pk)
    else:
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.state != Report.State.DRAFT:
            raise ValidationError(_("A submitted report is read-only."))
        if expected_revision is not None and report.revision != expected_revision:
            raise ReportConflictError(report)
    for name in REPORT_FIELDS:
        setattr(report, name, getattr(data, name))
    report.full_clean(exclude=["plan", "item", "unit", "created_by"])
    if report.pk is None:
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            # A first draft saved meanwhile where the item lock does not serialise (SQLite).
            current = Report.objects.filter(item=item, period=period).order_by("-version").first()
            if current is None:
                raise
            raise ReportConflictError(current) from None
    else:
        report.revision += 1
        report.save()
    if indicator_values is not None:
        _save_indicator_values(report, indicator_values)
    return report


def _save_indicator_values(report: Report, values: Mapping[int, Decimal | None]) -> None:
    allowed = set(Indicator.objects.filter(item_id=report.item_id).values_list("pk", flat=True))
    ReportIndicatorValue.objects.filter(report=report).delete()
    ReportIndicatorValue.objects.bulk_create(
        [
            ReportIndicatorValue(report=report, indicator_id=pk, value=value)
            for pk, value in values.items()
            if pk in allowed and value is not None
        ]
    )


@transaction.atomic
def report_submit(*, report: Report, user: User, now: dt.datetime | None = None) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    changes_module.plan_ensure_writable(report.plan_id)  # an archived plan takes no report
    if report.state != Report.State.DRAFT:
        raise ValidationError(_("Only a draft can be submitted."))
    if not report.work_done.strip():
        raise ValidationError(_("Say what was done before submitting."))
    moment = _now(now, report.plan)
    report.state, report.submitted_at, report.submitted_by = Report.State.SUBMITTED, moment, user
    report.save(update_fields=["state", "submitted_at", "submitted_by", "updated_at"])
    report_due_record(report=report, submitted_at=moment)
    reminders.notification_report_submitted(report=report)
    return report


def report_due_record(*, report: Report, submitted_at: dt.datetime) -> ReportDue:
    """Record the first submission for the item and period as on time or late."""
    cadence = report.plan.cadence()
    due = cadence.due_date(report.period)
    record, _created = ReportDue.objects.get_or_create(
        item_id=report.item_id,
        period=report.period,
        defaults={"plan_id": report.plan_id, "unit_id": report.unit_id, "due_date": due},
    )
    if record.submitted_at is None:
        on_time = timezone.localdate(submitted_at) <= record.due_date
        record.outcome = ReportDue.Outcome.ON_TIME if on_time else ReportDue.Outcome.LATE
        record.submitted_at = submitted_at
        record.save(update_fields=["outcome", "submitted_at"])
        report_outcomes_count(plan=report.plan, period=report.period)
    return record


def report_outcomes_count(*, plan: Plan, period: dt.date) -> int:
    """Count the period's due records again by unit and outcome (after any write of them)."""
    counts: dict[int, dict[str, int]] = {}
    for unit_id, outcome, n in (
        ReportDue.objects.filter(plan=plan, period=period)
        .values_list("unit_id", "outcome")
        .order_by()  # no default ordering in the GROUP BY
        .annotate(n=Count("pk"))
        .values_list("unit_id", "outcome", "n")
    ):
        counts.setdefault(unit_id, {})[outcome] = n
    ReportOutcomeCount.objects.filter(plan=plan, period=period).delete()
    ReportOutcomeCount.objects.bulk_create(
        [ReportOutcomeCount(plan=plan, period=period, unit_id=unit_id, **c) for unit_id, c in counts.items()]
    )
    return len(counts)


@transaction.atomic
def report_return(*, report: Report, user: User, reason: str, now: dt.datetime | None = None) -> Report:
    """Send a submitted report back (退办) with a reason; the reporter revises it as a new version."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    changes_module.plan_ensure_writable(report.plan_id)  # an archived plan takes no report
    if report.state != Report.State.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."))
    if not reason.strip():
        raise ValidationError(_("Give a reason for returning the report."))
    report.state, report.reviewed_at, report.reviewed_by = Report.State.RETURNED, _now(now, report.plan), user
    report.review_note = reason.strip()
    report.save(update_fields=["state", "reviewed_at", "reviewed_by", "review_note", "updated_at"])
    reminders.notification_report_returned(report=report)
    return report


@transaction.atomic
def report_approve(*, report: Report, user: User, note: str = "", now: dt.datetime | None = None) -> Report:
    """Accept the report and carry its figures into the item (progress, investment, indicator actuals)."""
    report = Report.objects.select_for_update().select_related("item", "plan").get(pk=report.pk)
    changes_module.plan_ensure_writable(report.plan_id)  # an archived plan takes no report
    if report.state != Report.State.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be approved."))
    report.state, report.reviewed_at, report.reviewed_by = Report.State.APPROVED, _now(now, report.plan), user
    report.review_note = note.strip()
    report.save(update_fields=["state", "reviewed_at", "reviewed_by", "review_note", "updated_at"])
    item = Item.objects.get(pk=report.item_id)
    changes: dict[str, Any] = {"progress": report.progress}
    if report.completed_investment is not None:
        changes["completed_investment"] = report.completed_investment
    values = {v.indicator_id: v.value for v in report.indicator_values.all()}
    for indicator in Indicator.objects.select_for_update().filter(pk__in=values):
        if indicator.actual != values[indicator.pk]:
            indicator.actual = values[indicator.pk]
            indicator.version += 1
            indicator.save(update_fields=["actual", "version"])  # kept in the indicator's history
    # The approved report is the authority on the item's progress: no version to compare with.
    current = Item.objects.select_for_update().get(pk=item.pk)
    if current.numchild:
        changes.pop("progress")  # a parent's progress is its sub-items' roll-up; the report keeps its figure
    changes_module.item_update(
        item_id=item.pk,
        expected_version=current.version,
        data=changes,
        allowed_fields={"progress", "completed_investment"},
    )
    return report


@transaction.atomic
def report_revise(*, report: Report, user: User) -> Report:
    """Start the next version of a returned report, as a draft holding the returned text."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    changes_module.plan_ensure_writable(report.plan_id)  # an archived plan takes no report
    if report.state != Report.State.RETURNED:
        raise ValidationError(_("Only a returned report can be revised."))
    latest = Report.objects.filter(item_id=report.item_id, period=report.period).aggregate(v=Max("version"))[
        "v"
    ]
    if latest != report.version:
        raise ValidationError(_("A newer version of this report exists already."))
    draft = Report.objects.create(
        plan_id=report.plan_id,
        item_id=report.item_id,
        unit_id=report.unit_id,
        period=report.period,
        version=report.version + 1,
        created_by=user,
        **{name: getattr(report, name) for name in REPORT_FIELDS},
    )
    ReportIndicatorValue.objects.bulk_create(
        [
            ReportIndicatorValue(report=draft, indicator_id=v.indicator_id, value=v.value)
            for v in report.indicator_values.all()
        ]
    )
    return draft


@transaction.atomic
def report_contribute(*, report: Report, user: User, text: str) -> ReportContribution:
    """A cooperating unit adds (or updates) its part of a report that is not yet reviewed."""
    changes_module.plan_ensure_writable(report.plan_id)  # an archived plan takes no report
    if report.state not in (Report.State.DRAFT, Report.State.SUBMITTED):
        raise ValidationError(_("This report has been reviewed; contributions are closed."))
    if user.unit_id is None:
        raise ValidationError(_("Your account has no unit."))
    if not text.strip():
        raise ValidationError(_("Write your unit's part first."))
    contribution, _created = ReportContribution.objects.update_or_create(
        report=report, unit_id=user.unit_id, defaults={"text": text.strip(), "author": user}
    )
    return contribution


def attachment_check(upload: UploadedFile) -> tuple[str, str]:
    """The file's trusted content type and a safe display name, or a ValidationError saying why not."""
    name = Path(upload.name or "file").name[-200:]
    suffix = Path(name).suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        raise ValidationError(
            _("%(name)s: only photos (JPEG, PNG, GIF, WebP), PDF and Office files can be attached.")
            % {"name": name}
        )
    limit = settings.ATTACHMENT_MAX_BYTES
    if (upload.size or 0) > limit:
        raise ValidationError(
            _("%(name)s is larger than %(limit)d MB.") % {"name": name, "limit": limit // (1024 * 1024)}
        )
    content_type, magics = ATTACHMENT_TYPES[suffix]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in magics):
        raise ValidationError(
            _("%(name)s does not look like a %(ext)s file.") % {"name": name, "ext": suffix}
        )
    return content_type, name


@transaction.atomic
def attachment_add(*, report: Report, user: User, upload: UploadedFile) -> Attachment:
    changes_module.plan_ensure_writable(report.plan_id)  # an archived plan takes no report
    if report.state != Report.State.DRAFT:
        raise ValidationError(_("A submitted report is read-only."))
    content_type, name = attachment_check(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        report=report,
        name=name,
        content_type=content_type,
        size=upload.size or 0,
        checksum=digest.hexdigest(),
        uploaded_by=user,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def reports_mark_missing(*, plan: Plan, today: dt.date) -> int:
    """Record a missing report for every item with a lead unit whose report for a past-due period
    never came. Idempotent: run it as often as you like."""
    cadence = plan.cadence()
    period = cadence.period_of(today)

    if cadence.due_date(period) >= today:
        period = periods.previous_period(cadence.cadence, period)
    if period < cadence.period_of(plan.start_date):
        return 0
    due = cadence.due_date(period)
    # A completed item owes no more reports: it is neither missing nor counted against its unit.
    done = Q(item__status=Status.DONE) | Q(item__progress__gte=100)
    ReportDue.objects.filter(plan=plan, period=period, outcome=ReportDue.Outcome.PENDING).filter(
        done
    ).delete()
    pending = ReportDue.objects.filter(plan=plan, period=period, outcome=ReportDue.Outcome.PENDING)
    changed = pending.update(outcome=ReportDue.Outcome.MISSING)
    have = set(ReportDue.objects.filter(plan=plan, period=period).values_list("item_id", flat=True))
    leaves = (
        Item.objects.filter(plan=plan, numchild=0, lead_unit__isnull=False)
        .exclude(status=Status.DONE)
        .exclude(progress__gte=100)
        .exclude(start_date__gt=due)  # not begun yet: nothing to report
    )
    missing = [
        ReportDue(
            plan=plan,
            item_id=pk,
            unit_id=unit_id,
            period=period,
            due_date=due,
            outcome=ReportDue.Outcome.MISSING,
        )
        for pk, unit_id in leaves.values_list("pk", "lead_unit_id")
        if pk not in have
    ]
    ReportDue.objects.bulk_create(missing, batch_size=2000, ignore_conflicts=True)
    report_outcomes_count(plan=plan, period=period)
    return changed + len(missing)
