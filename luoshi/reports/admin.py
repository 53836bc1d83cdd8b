from django.contrib import admin

from luoshi.reports.models import Report, ReportDue


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["item", "unit", "period", "version", "state", "submitted_at"]
    list_filter = ["state", "period"]
    raw_id_fields = ["item", "plan", "unit", "created_by", "submitted_by", "reviewed_by"]
    search_fields = ["item__title"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False  # reports change only through the review flow


@admin.register(ReportDue)
class ReportDueAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["item", "unit", "period", "due_date", "outcome", "submitted_at"]
    list_filter = ["outcome", "period"]
    raw_id_fields = ["item", "plan", "unit"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
