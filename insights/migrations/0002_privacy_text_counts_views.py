"""The default privacy statement says what insights counts. Only a text still exactly as core's migration wrote it
is changed; a text the owner edited is left alone (the README gives the paragraph to paste)."""

from importlib import import_module

from django.db import migrations

from core.markup import render_markdown

ORIGINAL = import_module("core.migrations.0002_legal_pages_and_cache_table").DATENSCHUTZ
ANCHOR = "### Konto\n"
SECTION = """\
### Seitenaufrufe

Wir zählen auf unserem eigenen Server, wie oft die öffentlichen Seiten (Artikel, Forenthemen, Übersichten)
aufgerufen werden, damit wir sehen, welche Inhalte gelesen werden. Gespeichert wird dabei je Tag und Seite nur eine
Zahl, getrennt nach der Herkunft des Aufrufs: von einer Suchmaschine, von einer anderen Website (nur deren Name,
etwa „example.org“, nie die vollständige Adresse) oder direkt. Wir setzen dafür keine Cookies und speichern weder
IP-Adressen noch Benutzerkonten noch andere Merkmale, an denen man dich wiedererkennen könnte; nichts davon geht an
Dritte. Aufrufe von Suchmaschinen-Crawlern und anderen Programmen zählen wir nicht.

"""
UPDATED = ORIGINAL.replace(ANCHOR, SECTION + ANCHOR, 1)


def add_section(apps, schema_editor):
    _replace(apps, ORIGINAL, UPDATED)


def remove_section(apps, schema_editor):
    _replace(apps, UPDATED, ORIGINAL)


def _replace(apps, old, new):
    LegalPage = apps.get_model("core", "LegalPage")
    for page in LegalPage.objects.filter(kind="datenschutz"):
        if page.body.replace("\r\n", "\n") == old:
            page.body, page.body_html = new, render_markdown(new)
            page.save(update_fields=["body", "body_html"])


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_page_views_and_article_links"), ("core", "0002_legal_pages_and_cache_table")]

    operations = [migrations.RunPython(add_section, remove_section)]
