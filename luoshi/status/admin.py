"""Admin pages whose saves change figures: each save ends in the one recompute step."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from luoshi.plans.models import Plan, ReportCadence
from luoshi.status.changes import plan_changed
from luoshi.status.models import Escalation, StatusRules


@admin.register(StatusRules)
class StatusRulesAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["plan", "yellow_gap", "red_gap", "due_soon_days", "escalate_yellow_runs", "talk_red_runs"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        plan_changed(plan=obj.plan)  # new thresholds: every colour follows them at once


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["item", "kind", "period", "runs", "reason", "resolved_at"]
    list_filter = ["kind", "period"]
    raw_id_fields = ["item", "plan"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "organisation", "issuer", "start_date", "end_date", "is_demo")
    search_fields = ("name", "code")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change:
            plan_changed(plan=obj)  # its dates and as-of date rate every item


@admin.register(ReportCadence)
class ReportCadenceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["plan", "cadence", "due_day", "remind_days_before"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        plan_changed(plan=obj.plan)  # periods moved: this period's history and figures follow
