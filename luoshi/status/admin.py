from django.contrib import admin

from luoshi.status.models import Escalation, StatusRules


@admin.register(StatusRules)
class StatusRulesAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["plan", "yellow_gap", "red_gap", "due_soon_days", "escalate_yellow_runs", "talk_red_runs"]


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["item", "kind", "period", "runs", "reason", "resolved_at"]
    list_filter = ["kind", "period"]
    raw_id_fields = ["item", "plan"]
