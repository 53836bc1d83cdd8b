"""Supervision models, one module per area; import them from here."""

from luoshi.supervision.models.aggregates import PeriodSummary
from luoshi.supervision.models.assessment import (
    AssessmentEntry,
    AssessmentRules,
    AssessmentRun,
    AssessmentScore,
)
from luoshi.supervision.models.bulletins import Bulletin
from luoshi.supervision.models.notices import (
    DocumentSeries,
    Instruction,
    Notice,
    NoticeAttachment,
    NoticeEvent,
    NoticeExtension,
    NoticeTarget,
)
from luoshi.supervision.models.notifications import Escalation, Notification
from luoshi.supervision.models.status import StatusOverride, StatusRecord, StatusRules

__all__ = [
    "AssessmentEntry",
    "AssessmentRules",
    "AssessmentRun",
    "AssessmentScore",
    "Bulletin",
    "DocumentSeries",
    "Escalation",
    "Instruction",
    "Notice",
    "NoticeAttachment",
    "NoticeEvent",
    "NoticeExtension",
    "NoticeTarget",
    "Notification",
    "PeriodSummary",
    "StatusOverride",
    "StatusRecord",
    "StatusRules",
]
