from django.db import migrations

from core.names import name_skeleton


def fill_name_skeletons(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    batch = []
    for user in User.objects.only("username", "display_name").iterator(chunk_size=2000):
        user.username_skeleton = name_skeleton(user.username)
        user.display_name_skeleton = name_skeleton(user.display_name)
        batch.append(user)
        if len(batch) == 2000:
            User.objects.bulk_update(batch, ["username_skeleton", "display_name_skeleton"])
            batch = []
    User.objects.bulk_update(batch, ["username_skeleton", "display_name_skeleton"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_name_skeletons"),
    ]

    operations = [
        migrations.RunPython(fill_name_skeletons, migrations.RunPython.noop, elidable=True),
    ]
