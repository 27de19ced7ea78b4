"""The privacy statement's default text names what issue 10 and 11 added: likes, bookmarks, read positions, watches,
notification settings, notifications and mails, and guests' reply subscriptions. Only a text that is still exactly
the previous default is replaced; a text staff have edited is left alone."""

from importlib import import_module

from django.db import migrations

from core.markup import render_markdown

PREVIOUS = import_module("privacy.migrations.0002_privacy_statement_periods").DATENSCHUTZ

ANCHOR = "- **Datenexporte** liegen"

ADDED = """\
- **Gefällt mir, Merkliste, Lesestand:** welche Beiträge und Kommentare dir gefallen (für andere sichtbar), welche
  Beiträge du dir gemerkt hast und bis wohin du Themen gelesen hast (beides sieht nur du) – solange das Konto
  besteht oder bis du es zurücknimmst.
- **Benachrichtigungen:** die Themen, Bereiche und Artikel, denen du folgst, deine Einstellungen (was, wie oft, in
  welcher Sprache) und die Benachrichtigungen selbst – sie bleiben, solange das Konto besteht. E-Mails gehen nur an
  deine bestätigte Hauptadresse, jede mit einem Link zum Abbestellen.
- **Antworten auf Kommentare ohne Konto:** bestellst du sie und bestätigst den Link, speichern wir dafür deine
  E-Mail-Adresse, bis du abbestellst oder den Kommentar löschst.
"""

DATENSCHUTZ = PREVIOUS.replace(ANCHOR, ADDED + ANCHOR, 1)


def update_text(apps, schema_editor):
    LegalPage = apps.get_model("core", "LegalPage")
    page = LegalPage.objects.filter(kind="datenschutz").first()
    if page is None:
        LegalPage.objects.create(
            kind="datenschutz", title="Datenschutz", body=DATENSCHUTZ, body_html=render_markdown(DATENSCHUTZ)
        )
    elif page.body.replace("\r\n", "\n").strip() == PREVIOUS.strip():
        page.body, page.body_html = DATENSCHUTZ, render_markdown(DATENSCHUTZ)
        page.save(update_fields=["body", "body_html"])


class Migration(migrations.Migration):
    dependencies = [("privacy", "0003_archive_build")]

    operations = [migrations.RunPython(update_text, migrations.RunPython.noop)]
