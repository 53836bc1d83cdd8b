from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from luoshi.organisations.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(TreeAdmin):  # type: ignore[misc]
    form = movenodeform_factory(Organisation)
    list_display = ("name", "short_name", "level", "code")
    search_fields = ("name", "code")
