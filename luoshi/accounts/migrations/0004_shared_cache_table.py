from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # The database cache holds the rate-limit counters shared by every app server (settings.CACHES);
    # createcachetable makes the tables of every database cache and skips those that exist.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_history")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
