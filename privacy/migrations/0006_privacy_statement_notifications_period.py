"""The privacy statement's default text says that notifications are deleted NOTIFICATIONS_KEEP_READ_DAYS after they
were read (the retention run), no longer that they stay as long as the account. Only a text that is still exactly
the previous default is replaced; a text staff have edited is left alone."""

from importlib import import_module

from django.db import migrations

from core.legal_text import replace_unchanged_default

PREVIOUS = import_module("privacy.migrations.0005_privacy_statement_deleted_posts").DATENSCHUTZ

OLD = (
    "welcher Sprache) und die Benachrichtigungen selbst – sie bleiben, solange das Konto besteht. E-Mails gehen nur an"
)
NEW = (
    "welcher Sprache) und die Benachrichtigungen selbst – ungelesene, solange das Konto besteht, gelesene noch\n"
    "  **[[NOTIFICATIONS_KEEP_READ_DAYS]] Tage** nach dem Lesen. E-Mails gehen nur an"
)

DATENSCHUTZ = PREVIOUS.replace(OLD, NEW, 1)


def update_text(apps, schema_editor):
    replace_unchanged_default(apps.get_model("core", "LegalPage"), "datenschutz", PREVIOUS, DATENSCHUTZ)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0005_privacy_statement_deleted_posts"),
        ("core", "0009_legal_text_notifications_period"),
    ]

    operations = [migrations.RunPython(update_text, migrations.RunPython.noop)]
