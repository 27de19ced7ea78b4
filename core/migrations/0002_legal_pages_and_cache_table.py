from django.core.management import call_command
from django.db import migrations

from core.markup import render_markdown

IMPRESSUM = """\
**Angaben gemäß § 5 DDG**

Diese Angaben trägt das Team des Betreibers in der Administration ein: Name und Anschrift, vertretungsberechtigte
Person, Kontakt (E-Mail, Telefon) und gegebenenfalls Register und Umsatzsteuer-ID.
"""

DATENSCHUTZ = """\
## Datenschutzerklärung

Wir verarbeiten nur die Daten, die für den Betrieb dieser Gemeinschaft nötig sind.

### Cookies

Diese Website setzt nur technisch notwendige Cookies:

- **sessionid** – hält dich angemeldet, nur nach dem Anmelden;
- **csrftoken** – schützt Formulare vor Missbrauch durch fremde Websites;
- **django_language** – merkt sich die Sprache, wenn du sie wechselst.

Es gibt keine Tracking-, Werbe- oder Analyse-Cookies und keine Inhalte von fremden Servern: Schriften, Skripte
und Bilder liefern wir selbst aus.

### Konto

Für ein Konto speichern wir Benutzername, Anzeigename, E-Mail-Adresse und ein verschlüsseltes Passwort. Deine
E-Mail-Adresse wird nie öffentlich angezeigt.

### Kommentare und Beiträge

Bei Kommentaren speichern wir Name, E-Mail-Adresse (nie veröffentlicht), optional eine Website, sowie die
IP-Adresse zur Abwehr von Missbrauch; die IP-Adresse wird nach einer kurzen Frist gekürzt.

### Deine Rechte

Du hast das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung deiner Daten sowie auf
Datenübertragbarkeit und Beschwerde bei einer Aufsichtsbehörde. Kontakt: siehe Impressum.
"""


def create_pages(apps, schema_editor):
    LegalPage = apps.get_model("core", "LegalPage")
    for kind, title, body in [("impressum", "Impressum", IMPRESSUM), ("datenschutz", "Datenschutz", DATENSCHUTZ)]:
        LegalPage.objects.get_or_create(
            kind=kind, defaults={"title": title, "body": body, "body_html": render_markdown(body)}
        )


def create_cache_table(apps, schema_editor):
    # The database cache (used when REDIS_URL is unset) needs its table; a no-op for other caches.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(create_pages, migrations.RunPython.noop),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
