"""The privacy statement's default text: what is stored, for how long (the periods come from the settings, see
core.models.LegalPage.html), and how to get it or have it erased. A text staff have edited is left alone."""

from importlib import import_module

from django.db import migrations

from core.markup import render_markdown

OLD = import_module("core.migrations.0002_legal_pages_and_cache_table").DATENSCHUTZ
# insights' migration may have added its paragraph on page views to the old default first: that text is a default too.
COUNTED_VIEWS = import_module("insights.migrations.0002_privacy_text_counts_views")
DEFAULTS = {OLD.strip(), COUNTED_VIEWS.UPDATED.strip()}

DATENSCHUTZ = """\
## Datenschutzerklärung

Wir verarbeiten nur die Daten, die für den Betrieb dieser Gemeinschaft nötig sind. Verantwortlich ist der
Betreiber (siehe Impressum).

### Cookies

Diese Website setzt nur technisch notwendige Cookies:

- **sessionid** – hält dich angemeldet, nur nach dem Anmelden;
- **csrftoken** – schützt Formulare vor Missbrauch durch fremde Websites;
- **django_language** – merkt sich die Sprache, wenn du sie wechselst.

Es gibt keine Tracking-, Werbe- oder Analyse-Cookies und keine Inhalte von fremden Servern: Schriften, Skripte
und Bilder liefern wir selbst aus.

### Was wir speichern und wie lange

- **Konto:** Benutzername, Anzeigename, der Text über dich, E-Mail-Adressen, ein verschlüsseltes Passwort, der
  Zeitpunkt der Registrierung und der letzten Anmeldung – solange das Konto besteht. Deine E-Mail-Adresse wird nie
  öffentlich angezeigt.
- **Forum:** deine Themen und Beiträge mit ihren früheren Fassungen (nach einer Bearbeitung, nur für Moderatoren
  sichtbar), deine Meldungen und deine Leseeinstellung – solange das Konto besteht oder bis du sie löschst.
- **Kommentare:** Name, E-Mail-Adresse (nie veröffentlicht), optional eine Website, der Text und die IP-Adresse
  zur Abwehr von Missbrauch. Die IP-Adresse wird nach **[[COMMENTS_IP_RETENTION_DAYS]] Tagen** gekürzt (IPv4 auf
  /24, IPv6 auf /48). Forenbeiträge speichern keine IP-Adresse.
- **Datenexporte** liegen **[[DATA_EXPORT_VALID_DAYS]] Tage** zum Herunterladen bereit und werden dann gelöscht.

[[PAGE_VIEWS_SECTION]]### Deine Daten bekommen oder löschen

- **Mitglieder:** Unter [„Meine Daten“](/konto/meine-daten/) im Kontomenü lädst du alles, was wir über dich
  speichern, als ZIP-Datei herunter (JSON und lesbares Markdown) und löschst dein Konto. Du entscheidest, ob deine
  Beiträge als „Ehemaliges Mitglied“ stehen bleiben oder mitgelöscht werden. Das Konto wird sofort gesperrt und
  nach **[[ACCOUNT_ERASURE_GRACE_DAYS]] Tagen** endgültig gelöscht; bis dahin kannst du die Löschung mit dem Link
  aus der Bestätigungs-E-Mail zurücknehmen.
- **Kommentare ohne Konto:** Unter [„Meine Kommentare“](/kommentare/meine/) gibst du deine E-Mail-Adresse ein und
  bekommst einen Link (**[[GUEST_LINK_MAX_AGE_HOURS]] Stunden** gültig), mit dem du deine Kommentare ansiehst,
  herunterlädst oder löschst und Benachrichtigungen abbestellst.

### Öffentliche Inhalte

Öffentliche Beiträge, Kommentare und Artikel stehen unter der Lizenz **[[CONTENT_LICENSE]]**; der Betreiber kann
sie als Archiv veröffentlichen – immer nur mit Anzeigenamen, nie mit E-Mail- oder IP-Adressen, nie mit Inhalten
aus Bereichen nur für Mitglieder.

### Deine Rechte

Du hast das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung deiner Daten sowie auf
Datenübertragbarkeit und Beschwerde bei einer Aufsichtsbehörde. Kontakt: siehe Impressum.
""".replace("[[PAGE_VIEWS_SECTION]]", COUNTED_VIEWS.SECTION)


def update_text(apps, schema_editor):
    LegalPage = apps.get_model("core", "LegalPage")
    page = LegalPage.objects.filter(kind="datenschutz").first()
    if page is None:
        LegalPage.objects.create(
            kind="datenschutz", title="Datenschutz", body=DATENSCHUTZ, body_html=render_markdown(DATENSCHUTZ)
        )
    elif page.body.replace("\r\n", "\n").strip() in DEFAULTS:
        page.body, page.body_html = DATENSCHUTZ, render_markdown(DATENSCHUTZ)
        page.save(update_fields=["body", "body_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_account_erasure_and_data_export"),
        ("core", "0002_legal_pages_and_cache_table"),
        ("insights", "0002_privacy_text_counts_views"),
    ]

    operations = [migrations.RunPython(update_text, migrations.RunPython.noop)]
