from django.db import migrations

from accounts.roles import grant_to_moderators


def grant(apps, schema_editor):
    grant_to_moderators(apps, "forum", ["moderate_forum"])


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_initial"),
        ("accounts", "0002_moderator_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
