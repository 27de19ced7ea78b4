from django.db import migrations

from accounts.roles import grant_to_moderators


def grant(apps, schema_editor):
    grant_to_moderators(apps, "articles", ["moderate_comment"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_articles_comments"),
        ("accounts", "0002_moderator_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
