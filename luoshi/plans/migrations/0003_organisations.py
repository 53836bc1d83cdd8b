# Plans, units and leaders belong to an organisation; the plan's printed issuer keeps its old text.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0001_organisations'),
        ('plans', '0002_item_numbering'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='leader',
            name='leader_unique_name_position',
        ),
        migrations.AddField(
            model_name='historicalitem',
            name='aligned_to',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="The item of the parent organisation's plan this item carries out (对接).", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='plans.item', verbose_name='carries out'),
        ),
        migrations.AddField(
            model_name='historicalleader',
            name='organisation',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisations.organisation', verbose_name='organisation'),
        ),
        migrations.RenameField(model_name='historicalplan', old_name='organisation', new_name='issuer'),
        migrations.AlterField(
            model_name='historicalplan',
            name='issuer',
            field=models.CharField(blank=True, help_text='The body that issued the plan, as printed.', max_length=128, verbose_name='issued by'),
        ),
        migrations.AddField(
            model_name='historicalunit',
            name='contact_person',
            field=models.CharField(blank=True, max_length=64, verbose_name='contact person'),
        ),
        migrations.AddField(
            model_name='historicalunit',
            name='contact_phone',
            field=models.CharField(blank=True, max_length=32, verbose_name='contact phone'),
        ),
        migrations.AddField(
            model_name='historicalunit',
            name='organisation',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisations.organisation', verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='item',
            name='aligned_to',
            field=models.ForeignKey(blank=True, help_text="The item of the parent organisation's plan this item carries out (对接).", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='aligned_items', to='plans.item', verbose_name='carries out'),
        ),
        migrations.AddField(
            model_name='leader',
            name='organisation',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='leaders', to='organisations.organisation', verbose_name='organisation'),
        ),
        migrations.RenameField(model_name='plan', old_name='organisation', new_name='issuer'),
        migrations.AlterField(
            model_name='plan',
            name='issuer',
            field=models.CharField(blank=True, help_text='The body that issued the plan, as printed.', max_length=128, verbose_name='issued by'),
        ),
        migrations.AddField(
            model_name='unit',
            name='contact_person',
            field=models.CharField(blank=True, max_length=64, verbose_name='contact person'),
        ),
        migrations.AddField(
            model_name='unit',
            name='contact_phone',
            field=models.CharField(blank=True, max_length=32, verbose_name='contact phone'),
        ),
        migrations.AddField(
            model_name='unit',
            name='organisation',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='units', to='organisations.organisation', verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='historicalplan',
            name='organisation',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisations.organisation', verbose_name='organisation'),
        ),
        migrations.AlterField(
            model_name='historicalunit',
            name='name',
            field=models.CharField(max_length=128, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='plan',
            name='organisation',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='plans', to='organisations.organisation', verbose_name='organisation'),
        ),
        migrations.AlterField(
            model_name='unit',
            name='name',
            field=models.CharField(max_length=128, verbose_name='name'),
        ),
        migrations.AddConstraint(
            model_name='leader',
            constraint=models.UniqueConstraint(fields=('organisation', 'name', 'position'), name='leader_unique_name_position'),
        ),
        migrations.AddConstraint(
            model_name='unit',
            constraint=models.UniqueConstraint(fields=('organisation', 'name'), name='unit_unique_name_in_organisation'),
        ),
    ]
