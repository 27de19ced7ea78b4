"""The privacy statement's default text names how long a post its author deleted can still be restored before its
text is purged (FORUM_DELETED_POSTS_GRACE_DAYS). Only a text that is still exactly the previous default is
replaced; a text staff have edited is left alone."""

from importlib import import_module

from django.db import migrations

from core.markup import render_markdown

PREVIOUS = import_module("privacy.migrations.0004_privacy_statement_reactions_notifications").DATENSCHUTZ

OLD = "deine Meldungen und deine Leseeinstellung – solange das Konto besteht oder bis du sie löschst."
NEW = (
    "deine Meldungen und deine Leseeinstellung – solange das Konto besteht oder bis du sie löschst. Einen gelöschten\n"
    "  Beitrag kann die Moderation noch **[[FORUM_DELETED_POSTS_GRACE_DAYS]] Tage** wiederherstellen, dann wird sein\n"
    "  Text mit allen früheren Fassungen endgültig gelöscht."
)

DATENSCHUTZ = PREVIOUS.replace(OLD, NEW, 1)


def update_text(apps, schema_editor):
    LegalPage = apps.get_model("core", "LegalPage")
    page = LegalPage.objects.filter(kind="datenschutz").first()
    if page is not None and page.body.replace("\r\n", "\n").strip() == PREVIOUS.strip():
        page.body, page.body_html = DATENSCHUTZ, render_markdown(DATENSCHUTZ)
        page.save(update_fields=["body", "body_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0004_privacy_statement_reactions_notifications"),
        ("core", "0007_legal_text_deleted_posts_period"),
    ]

    operations = [migrations.RunPython(update_text, migrations.RunPython.noop)]
