"""Demo articles and comments for `manage.py seed_demo` (development only). Safe to run again."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from articles.models import Article, Category, Comment, ModerationWord, Series

CATEGORIES = [
    ("vereinsleben", "Vereinsleben", "Was bei uns los ist: Treffen, Termine, Menschen."),
    ("technik", "Technik", "Werkzeuge, Anleitungen und Erfahrungen aus der Praxis."),
]

SERIES = ("einstieg", "Einstieg in den Stammtisch", "Drei Kapitel für alle, die neu bei uns sind.")

ARTICLES = [
    # slug, title, category, series position, days ago (negative: scheduled; None: draft), status, summary, body
    (
        "willkommen-am-stammtisch",
        "Willkommen am Stammtisch",
        "vereinsleben",
        1,
        20,
        "published",
        "Wer wir sind, was wir vorhaben und wie du mitmachen kannst.",
        "Schön, dass du da bist! Der **Stammtisch** ist ein Ort für Gespräche ohne Algorithmus.\n\n"
        "## Was dich erwartet\n\n- Artikel der Redaktion\n- ein Forum für Fragen und Antworten\n"
        "- Menschen, die gern helfen\n\nIm nächsten Kapitel geht es um die Regeln des Hauses.",
    ),
    (
        "hausregeln",
        "Die Hausregeln in fünf Minuten",
        "vereinsleben",
        2,
        12,
        "published",
        "Freundlich, beim Thema, ohne Werbung: unsere Regeln kurz erklärt.",
        "Wir halten es einfach:\n\n1. Sei freundlich.\n2. Bleib beim Thema.\n3. Keine Werbung.\n\n"
        "> Wer sich daran hält, wird hier viel Freude haben.\n\nKommentare werden vor dem Erscheinen "
        "von unserem Moderationsteam gelesen – beim ersten Mal dauert es also einen Moment.",
    ),
    (
        "gut-fragen",
        "Wie man gute Fragen stellt",
        "vereinsleben",
        3,
        5,
        "published",
        "Eine gute Frage bekommt eine gute Antwort. Ein paar Tipps dazu.",
        "Beschreibe, was du vorhast, was du versucht hast und was passiert ist.\n\n"
        "Ein Beispiel in Code:\n\n```\nprint('Hallo Stammtisch')\n```\n\nMehr dazu im Forum.",
    ),
    (
        "backups-fuer-alle",
        "Backups für alle: die 3-2-1-Regel",
        "technik",
        None,
        2,
        "published",
        "Drei Kopien, zwei Medien, eine außer Haus – warum das reicht und wie es geht.",
        "Datenverlust trifft meist die, die nicht damit rechnen. Die **3-2-1-Regel** hilft:\n\n"
        "| Kopien | Medien | Außer Haus |\n|---|---|---|\n| 3 | 2 | 1 |\n\n"
        "Mehr dazu unter https://de.wikipedia.org/wiki/Datensicherung.",
    ),
    (
        "sommerfest",
        "Einladung zum Sommerfest",
        "vereinsleben",
        None,
        -7,
        "published",
        "Geplant: Dieser Artikel erscheint erst in einer Woche.",
        "Wir feiern! Details folgen.",
    ),
    (
        "entwurf-passwortmanager",
        "Passwortmanager im Vergleich (Entwurf)",
        "technik",
        None,
        None,
        "draft",
        "Noch in Arbeit.",
        "Dieser Entwurf ist nur für die Redaktion sichtbar.",
    ),
]

COMMENTS = [
    # article slug, author username or (name, e-mail), body, status, index of the comment replied to
    ("willkommen-am-stammtisch", "erika", "Endlich ein Ort ohne Werbung. Danke euch!", "approved", None),
    ("willkommen-am-stammtisch", ("Paul Gast", "paul@example.com"), "Gibt es auch Treffen vor Ort?", "approved", None),
    ("willkommen-am-stammtisch", "moderatorin", "Ja, einmal im Monat – Termine stehen im Forum.", "approved", 1),
    ("hausregeln", "mitglied", "Kurz und klar, so mag ich das.", "approved", None),
    ("backups-fuer-alle", ("Lena Leserin", "lena@example.com"), "Zählt eine Cloud als „außer Haus“?", "pending", None),
    (
        "backups-fuer-alle",
        ("Billig Angebote", "spam@example.com"),
        "Günstige Uhren: https://spam.example https://spam.example/2 https://spam.example/3",
        "spam",
        None,
    ),
]

HOLD_REASONS = {
    "pending": "Erster Kommentar dieser Person: Kommentare werden von Hand freigegeben.",
    "spam": "Enthält 3 Links (mehr als 2).",
}


def seed(stdout):
    admin = User.objects.get(username="admin")
    now = timezone.now()
    categories = {}
    for slug, name, description in CATEGORIES:
        categories[slug], _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
    series, _ = Series.objects.get_or_create(slug=SERIES[0], defaults={"title": SERIES[1], "description": SERIES[2]})
    articles = {}
    for slug, title, category, position, days_ago, status, summary, body in ARTICLES:
        articles[slug], _ = Article.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "author": admin,
                "category": categories[category],
                "series": series if position else None,
                "series_position": position,
                "status": status,
                "published_at": now - timedelta(days=days_ago) if days_ago is not None else None,
                "summary": summary,
                "body": body,
            },
        )
    comments = []
    for slug, author, body, status, reply_to in COMMENTS:
        article = articles[slug]
        existing = article.comments.filter(body=body).first()
        if existing:
            comments.append(existing)
            continue
        values = {"article": article, "body": body, "status": status, "ip_address": "192.0.2.10"}
        if isinstance(author, str):
            values["user"] = User.objects.get(username=author)
        else:
            values["name"], values["email"] = author
        values["hold_reason"] = HOLD_REASONS.get(status, "")
        if reply_to is not None:
            values["parent"] = comments[reply_to]
        comments.append(Comment.objects.create(**values))
    ModerationWord.objects.get_or_create(word="casino", defaults={"action": ModerationWord.Action.HOLD})
    ModerationWord.objects.get_or_create(word="viagra", defaults={"action": ModerationWord.Action.BLOCK})
    stdout.write(
        f"Demo articles: {Article.objects.count()} (one scheduled, one draft); "
        f"comments: {Comment.objects.count()} (the pending one is in /artikel/moderation/)."
    )
