from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from luoshi.plans.models import Leader, Unit


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):  # type: ignore[type-arg]
    list_display = ("name", "short_name", "kind", "is_demo")
    list_filter = ("kind", "is_demo")
    search_fields = ("name", "short_name")


@admin.register(Leader)
class LeaderAdmin(SimpleHistoryAdmin):  # type: ignore[type-arg]
    list_display = ("name", "position", "is_demo")
    search_fields = ("name", "position")
