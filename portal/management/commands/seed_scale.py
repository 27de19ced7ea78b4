"""Fill an empty database with forum-scale data for the benchmark (`make bench`).

Defaults: 5,000 members, 30 forum categories, 20,000 threads, 1,000,000 posts (one thread of 100,000 posts with
deep reply chains), 500 articles with 50,000 comments. German text from word lists; each distinct body is rendered
through `core.markup.render_markdown` once and reused. Rows go in with PostgreSQL's COPY (bulk_create elsewhere),
with explicit ids, so reply trees, paths and counters are computed in Python exactly as the services compute them.
"""

import random
import time
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from articles import scale as articles_scale
from articles.models import Article
from core import page_cache
from core.markup import render_markdown
from core.names import name_skeleton
from forum import scale as forum_scale
from forum.models import Thread

SCALE_PASSWORD = "stammtisch-scale"

FIRST_NAMES = (
    "Anna Ben Clara David Emma Felix Greta Hannah Jonas Julia Karl Lena Leon Lina Lukas Marie Max Mia Moritz Nina "
    "Noah Paul Paula Sophie Tim Tom Ute Vera Wilhelm Zoe Jürgen Jörg Käthe Björn Sören Özlem Ayşe Dörte Günter Uwe"
).split()
LAST_NAMES = (
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter Klein "
    "Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Krause Meier Lehmann"
).split()

SUBJECTS = (
    "Mein Nachbar|Die Werkstatt|Unser Verein|Der neue Router|Das Fahrrad|Meine Oma|Der Hausarzt|Die Katze|"
    "Das Finanzamt|Der Bäcker um die Ecke|Die Heizung|Unser Garten|Der Zug nach Köln|Das Wetter|Die Kollegin|"
    "Der Sauerteig|Die Steuererklärung|Das alte Auto|Der Stammtisch|Die Bibliothek"
).split("|")
VERBS = (
    "hat gestern erzählt, dass|meint ernsthaft, dass|wundert sich, dass|hat endlich verstanden, dass|"
    "schreibt in der Zeitung, dass|behauptet steif und fest, dass|hat mir verraten, dass|glaubt nicht, dass"
).split("|")
CLAUSES = (
    "man im Winter öfter lüften sollte|die Reparatur teurer wird als gedacht|das Update alles kaputt gemacht hat|"
    "der Termin schon wieder verschoben wurde|es im Baumarkt keine Schrauben mehr gibt|"
    "die Tomaten dieses Jahr besonders süß sind|der Akku nach zwei Stunden leer ist|"
    "man Brot auch ohne Hefe backen kann|die Bahn pünktlich war|der Kompost zu nass ist|"
    "die Rechnung doppelt gekommen ist|das Ersatzteil erst nächste Woche kommt|"
    "die Straße wegen Bauarbeiten gesperrt ist|im Keller wieder Wasser steht|der Drucker kein WLAN mag"
).split("|")
REMARKS = (
    "Ehrlich gesagt bin ich mir da nicht sicher.|Kann ich nur bestätigen!|Das sehe ich etwas anders.|"
    "Hat jemand ähnliche Erfahrungen gemacht?|Danke für den Hinweis, das probiere ich aus.|"
    "Wir hatten das Problem letztes Jahr auch.|Früher war das übrigens ganz normal.|"
    "Vielleicht hilft es, den Händler direkt anzurufen.|Ich würde erst einmal abwarten.|"
    "Genau so ist es bei uns auch gelaufen.|Das klingt nach einem Fehler in der Firmware.|"
    "Gute Frage – darüber habe ich noch nie nachgedacht.|Schöne Grüße aus dem Schwarzwald!|"
    "Am Ende war es doch nur eine lose Schraube.|Mit etwas Geduld klappt das schon."
).split("|")
TOPICS = (
    "Sauerteig|Balkonkraftwerk|Wärmepumpe|Lastenrad|Hochbeet|Kaffeemaschine|Fritzbox|Dachrinne|Vereinsfest|"
    "Steuererklärung|Bahncard|Gartenteich|Kachelofen|E-Bike|Apfelbaum|Einkochen|Wanderweg|Schrebergarten|"
    "Nebenkosten|Winterreifen|Regentonne|Heizungsthermostat|Brotbackautomat|Fahrradschloss|Mietvertrag"
).split("|")
TITLE_PATTERNS = (
    "Frage zum {t}|{t}: Erfahrungen?|Welcher {t} lohnt sich?|Problem mit dem {t}|{t} richtig einstellen|"
    "Tipps für den {t} gesucht|Unser {t} – ein Erfahrungsbericht|Lohnt sich ein {t} noch?|{t} im Winter|"
    "Was tun, wenn der {t} streikt?|Neu hier: {t}|Alles rund um den {t}"
).split("|")


class TextPool:
    """Realistic German bodies, rendered once each: `pick()` returns (markdown, html)."""

    def __init__(self, rng, size):
        self.rng = rng
        self.bodies = []
        for _ in range(size):
            body = self._body()
            self.bodies.append((body, render_markdown(body)))

    def sentence(self):
        rng = self.rng
        if rng.random() < 0.4:
            return rng.choice(REMARKS)
        return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CLAUSES)}."

    def _paragraph(self):
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, 4)))

    def _body(self):
        rng = self.rng
        parts = [self._paragraph() for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))]
        extra = rng.random()
        if extra < 0.1:
            parts.insert(0, "> " + self.sentence())
        elif extra < 0.18:
            parts.append("\n".join(f"- {rng.choice(TOPICS)}" for _ in range(rng.randint(2, 4))))
        elif extra < 0.24:
            parts.append(f"Mehr dazu: https://example.org/{rng.choice(TOPICS).lower()}")
        elif extra < 0.3:
            parts[0] = f"**{rng.choice(TOPICS)}**: " + parts[0]
        return "\n\n".join(parts)

    def pick(self):
        return self.rng.choice(self.bodies)

    def title(self):
        return self.rng.choice(TITLE_PATTERNS).format(t=self.rng.choice(TOPICS))


class Progress:
    """One line per step, redrawn in place on a terminal."""

    def __init__(self, stdout, label, total):
        self.stdout, self.label, self.total = stdout, label, max(total, 1)
        self.done, self.started, self.shown = 0, time.monotonic(), -1
        self.tty = hasattr(stdout, "isatty") and stdout.isatty()

    def advance(self, n):
        self.done += n
        percent = min(100, self.done * 100 // self.total)
        step = percent if self.tty else percent // 10 * 10
        if step != self.shown:
            self.shown = step
            elapsed = time.monotonic() - self.started
            bar = "#" * (percent // 4)
            line = f"{self.label:<10} [{bar:<25}] {self.done:>9,}/{self.total:,} {percent:3d} % {elapsed:6.1f} s"
            self.stdout.write("\r" + line if self.tty else line, ending="" if self.tty else "\n")
            self.stdout.flush()

    def finish(self):
        if self.tty:
            self.stdout.write("")


class BulkWriter:
    """Writes rows with explicit ids: COPY on PostgreSQL, bulk_create elsewhere. Columns left out get the
    field's default. Call `reset_sequences()` at the end."""

    def __init__(self, batch_size=5000):
        self.batch_size = batch_size
        self.models = set()
        self.postgres = connection.vendor == "postgresql"

    def next_id(self, model):
        return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def write(self, model, columns, rows):
        self.models.add(model)
        fields = {field.attname: field for field in model._meta.concrete_fields}
        missing = [name for name in fields if name not in columns]
        defaults = tuple(fields[name].get_default() for name in missing)
        all_columns = list(columns) + missing
        if self.postgres:
            names = ", ".join(connection.ops.quote_name(fields[name].column) for name in all_columns)
            table = connection.ops.quote_name(model._meta.db_table)
            with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + defaults if defaults else row)
        else:
            objects = [model(**dict(zip(all_columns, row + defaults, strict=True))) for row in rows]
            model.objects.bulk_create(objects, batch_size=self.batch_size)

    def reset_sequences(self):
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(self.models)):
                cursor.execute(statement)


class Command(BaseCommand):
    help = "Fill an empty database with forum-scale data for the benchmark (refuses a database that holds data)."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=5000)
        parser.add_argument("--categories", type=int, default=30, help="forum categories (a fifth top-level)")
        parser.add_argument("--threads", type=int, default=20000)
        parser.add_argument("--posts", type=int, default=1_000_000, help="all forum posts, opening posts included")
        parser.add_argument("--big-thread", type=int, default=100_000, help="posts in the one very long thread")
        parser.add_argument("--articles", type=int, default=500)
        parser.add_argument("--comments", type=int, default=50_000)
        parser.add_argument("--years", type=int, default=8, help="the data spreads over this many years")
        parser.add_argument("--text-pool", type=int, default=3000, help="distinct bodies, each rendered once")
        parser.add_argument("--seed", type=int, default=20260101, help="random seed (same seed, same data)")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when the database holds data.")

    def handle(self, *args, **options):
        self.check_sizes(options)
        existing = {
            "members": User.objects.count(),
            "threads": Thread.objects.count(),
            "articles": Article.objects.count(),
        }
        if any(existing.values()):
            if options["if_empty"]:
                self.stdout.write("The database already holds data; seed_scale leaves it as it is.")
                return
            found = ", ".join(f"{count:,} {name}" for name, count in existing.items() if count)
            raise CommandError(
                f"The database already holds data ({found}). seed_scale fills an empty database only: "
                "use a fresh database, or --if-empty to skip this step."
            )
        started = time.monotonic()
        rng = random.Random(options["seed"])
        now = timezone.now().replace(microsecond=0)
        since = now - timedelta(days=365 * options["years"])
        pool = TextPool(rng, options["text_pool"])
        writer = BulkWriter()
        self.stdout.write(f"Text pool: {len(pool.bodies):,} bodies rendered in {time.monotonic() - started:.1f} s")

        with transaction.atomic():
            members, staff = self.create_members(options["members"], since, now, rng)
        forum_scale.generate(
            writer=writer,
            pool=pool,
            rng=rng,
            members=members,
            categories=options["categories"],
            threads=options["threads"],
            posts=options["posts"],
            big_thread=options["big_thread"],
            since=since,
            now=now,
            progress=lambda label, total: Progress(self.stdout, label, total),
        )
        articles_scale.generate(
            writer=writer,
            pool=pool,
            rng=rng,
            members=members,
            authors=staff,
            articles=options["articles"],
            comments=options["comments"],
            since=since,
            now=now,
            progress=lambda label, total: Progress(self.stdout, label, total),
        )
        writer.reset_sequences()
        page_cache.invalidate()  # COPY sends no signals; a shared cache (Redis) may hold pages of earlier data
        if writer.postgres:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"seed_scale done in {time.monotonic() - started:.0f} s: {len(members):,} members, "
                f"{options['threads']:,} threads, {options['posts']:,} posts, {options['articles']:,} articles, "
                f"{options['comments']:,} comments. Password of every member: {SCALE_PASSWORD}"
            )
        )

    def check_sizes(self, options):
        for name in ("members", "categories", "threads", "articles"):
            if options[name] < 1:
                raise CommandError(f"--{name} must be at least 1.")
        if options["comments"] < 0 or options["big_thread"] < 1 or options["years"] < 1 or options["text_pool"] < 1:
            raise CommandError("--comments, --big-thread, --years and --text-pool must be positive.")
        if options["posts"] < options["threads"] - 1 + options["big_thread"]:
            raise CommandError("--posts must be at least --threads - 1 + --big-thread (one post per thread).")

    def create_members(self, count, since, now, rng):
        """`count` members plus a few staff authors for the articles; one password hash shared by all."""
        password = make_password(SCALE_PASSWORD)
        span = (now - since).total_seconds()
        users = []
        for number in range(1, count + 1):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            users.append(
                User(
                    username=f"{first.lower()}.{last.lower()}{number}".encode("ascii", "ignore").decode(),
                    display_name=f"{first} {last}" if rng.random() < 0.6 else "",
                    email=f"mitglied{number}@example.org",
                    password=password,
                    bio=" ".join(rng.choice(REMARKS) for _ in range(rng.randint(0, 2))),
                    date_joined=since + timedelta(seconds=rng.random() * span * 0.5),
                )
            )
        staff = [
            User(
                username=f"redaktion{number}",
                display_name=f"Redaktion {rng.choice(LAST_NAMES)}",
                email=f"redaktion{number}@example.org",
                password=password,
                is_staff=True,
                date_joined=since,
            )
            for number in range(1, 6)
        ]
        for user in users + staff:  # bulk_create skips save(), which keeps the names' lookalike skeletons
            user.username_skeleton = name_skeleton(user.username)
            user.display_name_skeleton = name_skeleton(user.display_name)
        User.objects.bulk_create(users + staff, batch_size=1000)
        if connection.vendor != "postgresql":  # bulk_create sets primary keys on PostgreSQL only
            users = list(User.objects.filter(is_staff=False).order_by("pk"))
            staff = list(User.objects.filter(is_staff=True).order_by("pk"))
        return [user.pk for user in users], [user.pk for user in staff]
