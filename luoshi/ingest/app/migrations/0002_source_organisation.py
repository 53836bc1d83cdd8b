"""A text belongs to the organisation whose office brought it in (texts read before: the creator's,
else the install's first organisation)."""

import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    Source = apps.get_model("ingest", "Source")
    Organisation = apps.get_model("organisations", "Organisation")
    first = Organisation.objects.filter(depth=1).order_by("path").first()
    for source in Source.objects.filter(organisation__isnull=True).select_related("created_by"):
        org_id = source.created_by.organisation_id if source.created_by else (first.pk if first else None)
        if org_id is not None:
            Source.objects.filter(pk=source.pk).update(organisation_id=org_id)


class Migration(migrations.Migration):

    dependencies = [
        ('ingest', '0001_source'),
        ('organisations', '0001_organisations'),
        ('plans', '0004_default_organisation'),
        ('accounts', '0006_organisation_required'),
    ]

    operations = [
        migrations.AddField(
            model_name='source',
            name='organisation',
            field=models.ForeignKey(help_text='Whose office brought the text in; only it sees the text.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.organisation', verbose_name='organisation'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
