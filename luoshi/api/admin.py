from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from luoshi.api.models import ApiToken, token_digest


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    fields = ["user", "name", "revoked_at"]

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if not change:
            secret = ApiToken.new_secret()
            obj.prefix, obj.digest = secret[:10], token_digest(secret)
            messages.warning(
                request,
                _("The new token is %(secret)s — copy it now, it will not be shown again.")
                % {"secret": secret},
            )
        super().save_model(request, obj, form, change)
