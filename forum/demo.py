"""Demo content for the forum (called by `manage.py seed_demo`): German categories, threads, one long and deeply
threaded discussion, a post waiting for approval and an open report. Idempotent: does nothing when the demo
categories exist."""

import random

from allauth.account.models import EmailAddress
from django.test import override_settings

from accounts.models import User
from forum import services
from forum.models import Category, Post

CATEGORIES = [
    # slug, name, description, parent slug, closed, members only
    ("ankuendigungen", "Ankündigungen", "Neuigkeiten der Moderation. Nur die Moderation schreibt hier.", None, True,
     False),
    ("allgemeines", "Allgemeines", "Alles, was sonst nirgends hinpasst.", None, False, False),
    ("werkstatt", "Werkstatt", "Basteln, reparieren, selber bauen.", None, False, False),
    ("fahrraeder", "Fahrräder", "Schrauben, Touren, Kaufberatung.", "werkstatt", False, False),
    ("holz", "Holzarbeiten", "Vom Brettchen bis zum Gartenhaus.", "werkstatt", False, False),
    ("garten", "Garten & Balkon", "Gemüse, Kräuter und was sonst wächst.", None, False, False),
    ("hinterzimmer", "Hinterzimmer", "Nur für angemeldete Mitglieder.", None, False, True),
]  # fmt: skip

EXTRA_MEMBERS = [("jonas", "Jonas"), ("anna", "Anna B."), ("neuling", "Nele Neuling")]

SENTENCES = [
    "Das kann ich so bestätigen.",
    "Bei mir hat es erst im zweiten Anlauf geklappt.",
    "Hast du schon mal versucht, es **langsamer** anzugehen?",
    "Ich sehe das ein bisschen anders: Es kommt sehr auf das Material an.",
    "Gute Frage! Mich würde das auch interessieren.",
    "Kleiner Tipp: vorher *immer* ausmessen.",
    "> Das war bei mir genauso.\n\nUnd wie hast du es dann gelöst?",
    "Danke, das hilft mir weiter.",
    "Ich würde es mit einer Schritt-für-Schritt-Liste machen:\n\n1. vorbereiten\n2. prüfen\n3. loslegen",
    "Da bin ich skeptisch – hat das jemand schon ausprobiert?",
]


def _member(username, display_name, password):
    user, created = User.objects.get_or_create(
        username=username, defaults={"display_name": display_name, "email": f"{username}@example.com"}
    )
    if created:
        user.set_password(password)
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


@override_settings(FORUM_HOLD_FIRST_POSTS=0, FORUM_MAX_LINKS_UNTRUSTED=100)
def _seed_discussions(users, categories):
    mona, max_, erika, jonas, anna = (users[name] for name in ["moderatorin", "mitglied", "erika", "jonas", "anna"])
    services.start_thread(
        category=categories["ankuendigungen"],
        author=mona,
        title="Willkommen im Stammtisch-Forum!",
        body="Schön, dass du da bist. Bitte bleib freundlich – und **lies die Regeln**.",
    )
    bike = services.start_thread(
        category=categories["fahrraeder"],
        author=max_,
        title="Kette springt beim Schalten – was tun?",
        body="Seit gestern springt meine Kette auf dem dritten Ritzel. Schaltwerk verstellt?",
    )
    answer = services.reply_to_thread(thread=bike, author=erika, body="Prüf mal die Zugspannung am Schaltwerk.")
    services.reply_to_thread(thread=bike, author=max_, body="Danke, das war's!", parent=answer)
    services.start_thread(
        category=categories["garten"],
        author=anna,
        title="Tomaten auf dem Balkon: welche Sorte?",
        body="Ich habe nur einen Südbalkon mit 4 m². Welche Sorten lohnen sich?",
    )
    services.start_thread(
        category=categories["hinterzimmer"],
        author=jonas,
        title="Sommerfest: wer bringt was mit?",
        body="Ich mache Kartoffelsalat. Wer übernimmt die Getränke?",
    )

    # One long, deeply threaded discussion: every reply answers the thread or one of the recent posts.
    long_thread = services.start_thread(
        category=categories["allgemeines"],
        author=erika,
        title="Die große Kaffee-Diskussion: Filter, Siebträger oder French Press?",
        body="Ich trinke seit Jahren Filterkaffee. Überzeugt mich vom Gegenteil!",
    )
    rng = random.Random(4)
    authors = [max_, erika, jonas, anna, mona]
    posts = [long_thread.posts.get(position=1)]
    for number in range(300):
        if rng.random() < 0.15:
            parent = posts[0]
        else:
            parent = posts[-1] if rng.random() < 0.55 else rng.choice(posts[-30:])
        post = services.reply_to_thread(
            thread=long_thread,
            author=rng.choice(authors),
            body=SENTENCES[number % len(SENTENCES)],
            parent=parent,
        )
        posts.append(post)
    return bike, answer


def seed(stdout, *, password):
    """Add the demo content; new demo members get `password`."""
    if Category.objects.filter(slug="allgemeines").exists():
        stdout.write("Forum demo content exists already.")
        return
    categories = {}
    for slug, name, description, parent, closed, members_only in CATEGORIES:
        categories[slug] = Category.objects.create(
            slug=slug,
            name=name,
            description=description,
            parent=categories.get(parent),
            is_closed=closed,
            members_only=members_only,
            order=len(categories),
        )
    users = {user.username: user for user in User.objects.filter(username__in=["moderatorin", "mitglied", "erika"])}
    for username, display_name in EXTRA_MEMBERS:
        users[username] = _member(username, display_name, password)
    bike, answer = _seed_discussions(users, categories)

    # A new member's first post waits for approval; a report waits for a decision.
    services.reply_to_thread(thread=bike, author=users["neuling"], body="Hallo! Ich habe das gleiche Problem.")
    services.report_post(
        post=answer, reporter=users["jonas"], reason="other", text="Demo-Meldung: bitte prüfen und verwerfen."
    )
    stdout.write(
        f"Forum: {Category.objects.count()} categories, {Post.objects.count()} posts, "
        "1 post waiting for approval, 1 open report."
    )
