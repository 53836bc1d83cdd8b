"""The office manages units, leaders and users in luoshi's own pages; the admin is for superusers.

Office accounts were made staff automatically so that they could use the admin. That right is
taken back, except where a superuser gave the account groups or permissions of its own.
"""

from django.db import migrations
from django.db.models import Q


def office_leaves_the_admin(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    plain = Q(groups__isnull=True) & Q(user_permissions__isnull=True)
    ids = list(
        User.objects.filter(plain, role="office", is_staff=True, is_superuser=False).values_list("pk", flat=True)
    )
    User.objects.filter(pk__in=ids).update(is_staff=False)


def office_back_in_the_admin(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(role="office", is_staff=False).update(is_staff=True)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_organisation_required")]

    operations = [migrations.RunPython(office_leaves_the_admin, office_back_in_the_admin)]
