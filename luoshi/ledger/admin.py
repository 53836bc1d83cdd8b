from django.contrib import admin

from luoshi.ledger.models import LedgerImport


@admin.register(LedgerImport)
class LedgerImportAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["filename", "plan", "state", "created_by", "created_at", "applied_at"]
    list_filter = ["state", "plan"]
    exclude = ["content", "rows"]
    readonly_fields = [
        "plan",
        "created_by",
        "filename",
        "state",
        "done",
        "total",
        "error",
        "counts",
        "warnings",
        "digest",
        "applied_at",
    ]
