"""Users in the admin, which is for superusers; the office manages its organisation's people in
luoshi's own pages (``luoshi.accounts.views``).

A superuser manages everyone: the organisation a user acts in, and every role held (Membership)
below the account. Should staff without superuser rights be given permissions here, they may not
grant superuser, staff or office rights, nor touch the groups and permissions that would grant
them, nor change an office or superuser account. Every save is kept in the user's history with
who made it.
"""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from luoshi.accounts.models import Membership, Role, User

# Roles staff other than superusers may give; superuser and office rights only come from a superuser.
OFFICE_GRANTABLE_ROLES = (Role.LEADER, Role.REPORTER, Role.PUBLIC)
SUPERUSER_ONLY_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


def is_privileged(user: User) -> bool:
    """An account only a superuser may change: superusers, staff and office users."""
    return bool(user.is_superuser or user.is_staff or user.role == Role.OFFICE)


class PasswordChangeForm(AdminPasswordChangeForm):  # type: ignore[type-arg]
    # Django writes this warning in English without gettext; the same words, translated.
    usable_password_help_text = format_lazy(  # type: ignore[assignment]
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    """Every role the user holds, one per organisation."""

    model = Membership
    extra = 0
    fields = ("organisation", "role", "unit", "leader")
    raw_id_fields = ("unit", "leader")


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "display_name", "organisation", "role", "unit", "is_active")
    list_filter = ("role", "organisation", "is_active")
    search_fields = ("username", "display_name")
    list_select_related = ("organisation", "unit")
    actions = ["unlock_sign_in"]
    change_password_form = PasswordChangeForm
    inlines = [MembershipInline]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (
            _("luoshi: the role acted in now"),
            {"fields": ("display_name", "organisation", "role", "unit", "leader")},
        ),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (
            _("luoshi: the role acted in now"),
            {"fields": ("display_name", "organisation", "role", "unit", "leader")},
        ),
    )

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in SUPERUSER_ONLY_FIELDS]})
            for name, opts in fieldsets
        ]

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [(role.value, role.label) for role in OFFICE_GRANTABLE_ROLES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not request.user.is_superuser and is_privileged(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not request.user.is_superuser and is_privileged(obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm[User], change: bool) -> None:
        # The form already offers nothing more; this is the last word for a forged post.
        if not request.user.is_superuser:
            before = User.objects.filter(pk=obj.pk).first() if change else None
            if is_privileged(obj) or (before is not None and is_privileged(before)):
                raise PermissionDenied
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        if not request.user.is_superuser:
            queryset = queryset.exclude(Q(is_superuser=True) | Q(is_staff=True) | Q(role=Role.OFFICE))
        super().delete_queryset(request, queryset)

    @admin.action(description=_("Unlock sign-in (after too many wrong passwords)"))
    def unlock_sign_in(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        usernames = list(queryset.values_list("username", flat=True))
        for username in usernames:
            axes_reset(username=username)
        count = len(usernames)
        self.message_user(
            request,
            ngettext("Sign-in unlocked for %(count)d user.", "Sign-in unlocked for %(count)d users.", count)
            % {"count": count},
            messages.SUCCESS,
        )
