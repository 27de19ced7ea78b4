"""Articles and their comments at scale for `seed_scale`: comment paths exactly as `Comment.save()` writes them,
replies no deeper than COMMENTS_MAX_DEPTH allows."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from articles.models import PATH_SEGMENT, Article, Category, Comment
from core.markup import render_markdown

RUBRIKEN = ["Aus dem Verein", "Garten", "Technik", "Küche", "Ausflüge", "Ratgeber", "Geschichte", "Kommentar"]
ARTICLE_COLUMNS = (
    "id",
    "title",
    "slug",
    "author_id",
    "summary",
    "body",
    "body_html",
    "category_id",
    "status",
    "published_at",
    "created_at",
    "updated_at",
    "comments_open",
)
COMMENT_COLUMNS = (
    "id",
    "article_id",
    "parent_id",
    "path",
    "user_id",
    "name",
    "email",
    "body",
    "body_html",
    "status",
    "created_at",
    "updated_at",
)
GUEST_NAMES = ["Gast", "Leserin", "Hans aus Bremen", "Frau K.", "Ein Nachbar", "Bernd", "Ilse"]
COMMENT_STATUSES = [Comment.Status.APPROVED.value] * 97 + [Comment.Status.PENDING.value] * 2 + ["spam"]


def generate(*, writer, pool, rng, members, authors, articles, comments, since, now, progress):
    first_category = writer.next_id(Category)
    category_rows = [
        (first_category + number, name, f"{slugify(name)}-{first_category + number}", f"Artikel: {name}.")
        for number, name in enumerate(RUBRIKEN)
    ]
    with transaction.atomic():
        writer.write(Category, ("id", "name", "slug", "description"), category_rows)

    first_article = writer.next_id(Article)
    span = (now - since).total_seconds()
    article_rows, published = [], []
    for number in range(articles):
        pk = first_article + number
        title = pool.title()
        body = "\n\n".join(
            [f"## {pool.title()}"] + [pool.sentence() + " " + pool.sentence() for _ in range(rng.randint(4, 12))]
        )
        published_at = since + timedelta(seconds=rng.random() * span * 0.99)
        draft = rng.random() < 0.03
        article_rows.append(
            (
                pk,
                title,
                f"{slugify(title)[:80]}-{pk}",
                rng.choice(authors),
                pool.sentence(),
                body,
                render_markdown(body),
                rng.choice(category_rows)[0],
                "draft" if draft else "published",
                None if draft else published_at,
                published_at - timedelta(hours=3),
                published_at,
                True,
            )
        )
        if not draft:
            published.append((pk, published_at))
    with transaction.atomic():
        writer.write(Article, ARTICLE_COLUMNS, article_rows)
    if not comments or not published:
        return

    weights = [rng.paretovariate(1.5) for _ in published]
    scale = comments / sum(weights)
    sizes = [int(weight * scale) for weight in weights]
    for _ in range(comments - sum(sizes)):
        sizes[rng.randrange(len(sizes))] += 1
    max_parent_depth = max(1, settings.COMMENTS_MAX_DEPTH) - 2  # replies only to comments above the last level
    next_id = writer.next_id(Comment)
    rows = []
    bar = progress("comments", comments)
    for (article_id, published_at), size in zip(published, sizes, strict=True):
        seconds = max(60.0, min((now - published_at).total_seconds(), 90 * 86400))
        offsets = sorted(rng.random() * seconds for _ in range(size))
        earlier = []  # (id, path, depth) of this article's comments so far
        for offset in offsets:
            pk = next_id
            next_id += 1
            parent = None
            if earlier and rng.random() < 0.35:
                candidate = rng.choice(earlier[-30:])
                if candidate[2] <= max_parent_depth:
                    parent = candidate
            path = (parent[1] if parent else "") + str(pk).zfill(PATH_SEGMENT)
            earlier.append((pk, path, parent[2] + 1 if parent else 0))
            guest = rng.random() < 0.3
            body, html = pool.pick()
            created = published_at + timedelta(seconds=offset)
            rows.append(
                (
                    pk,
                    article_id,
                    parent[0] if parent else None,
                    path,
                    None if guest else rng.choice(members),
                    rng.choice(GUEST_NAMES) if guest else "",
                    f"gast{pk}@example.org" if guest else "",
                    body,
                    html,
                    rng.choice(COMMENT_STATUSES),
                    created,
                    created,
                )
            )
        if len(rows) >= 20_000:
            _flush_comments(writer, rows, bar)
            rows = []
    _flush_comments(writer, rows, bar)
    bar.finish()


def _flush_comments(writer, rows, bar):
    with transaction.atomic():
        writer.write(Comment, COMMENT_COLUMNS, rows)
    bar.advance(len(rows))
