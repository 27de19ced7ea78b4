from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # The fragment cache's own table (CACHES["fragments"] when REDIS_URL is unset); createcachetable skips the others.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0007_legal_text_deleted_posts_period")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
