"""Supervision models, one module per area; import them from here."""

from luoshi.supervision.models.aggregates import PeriodSummary
from luoshi.supervision.models.notifications import Escalation, Notification
from luoshi.supervision.models.status import StatusOverride, StatusRecord, StatusRules

__all__ = ["Escalation", "Notification", "PeriodSummary", "StatusOverride", "StatusRecord", "StatusRules"]
