from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # The page cache's own table (CACHES["pages"] when REDIS_URL is unset); createcachetable skips existing ones.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_moderation_log")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
