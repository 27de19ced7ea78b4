"""The open archive: the whole public corpus, readable without this software.

Written into a folder:

    html/       a static mirror with the live site's paths (`forum/t/12-thema/index.html`), relative links, browsable
                offline from the file system; long threads continue on `…/seite/N/index.html`
    jsonl/      JSON Lines per kind (categories, forum_categories, threads, posts, articles, comments, authors) with
                stable ids (the database's) and permalinks
    markdown/   the Markdown sources: one file per article (with its comments) and per thread (with its posts)
    manifest.json, LICENSE.txt   the content licence (CONTENT_LICENSE) and what is in the archive

Only what anonymous readers see goes in: published articles and their public comments (the name, never the e-mail
address, website or IP); visible threads and counted posts of categories that are not members-only; authors'
display names. Everything streams: queries are read in chunks and pages written as they are read, so memory stays
the same for a thousand or a million posts.

A run builds into `<folder>/.building` and replaces the previous archive only when it is complete, so nothing that
has since become private survives a rerun. Threads are written in batches, each recorded in `.building/state.json`
when done: an interrupted run, started again, continues after the last finished batch.
"""

import json
import shutil
from datetime import UTC, datetime
from html import escape
from itertools import groupby
from operator import itemgetter
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import OuterRef, Subquery
from django.utils import translation
from django.utils.translation import gettext as _

from articles.models import Article, Comment
from articles.models import Category as ArticleCategory
from core.personal_data import FORMER_MEMBER
from forum.models import Category, Post, Thread

CHUNK = 2000
THREAD_BATCH = 500
POSTS_PER_PAGE = 100
THREAD_FIELDS = [
    "id", "slug", "title", "created_at", "last_activity_at", "post_count", "author_id", "category__id",
    "category__name", "category__slug", "author__display_name", "author__username", "author__erased_at",
]  # fmt: skip
POST_FIELDS = [
    "thread_id", "pk", "position", "parent_id", "parent_position", "created_at", "edited_at", "body", "body_html",
    "author_id", "author__display_name", "author__username", "author__erased_at",
]  # fmt: skip
KINDS = ["forum_categories", "threads", "posts", "categories", "articles", "comments", "authors"]


class Archive:
    def __init__(self, folder, *, base_url="", out=None):
        self.folder = Path(folder)
        self.build = self.folder / ".building"
        self.base_url = base_url.rstrip("/")
        self.out = out
        self.author_ids = set()
        self.counts = dict.fromkeys(KINDS, 0)
        self.licence = settings.CONTENT_LICENSE
        self.licence_url = settings.CONTENT_LICENSE_URL

    # --- Helpers ------------------------------------------------------------------------------------------

    def say(self, text):
        if self.out:
            self.out.write(text)

    def permalink(self, path):
        return self.base_url + path

    def page_file(self, path):
        """`/forum/t/1-x/` → html/forum/t/1-x/index.html"""
        return self.build / "html" / path.strip("/") / "index.html"

    @staticmethod
    def rel(from_path, to_path):
        """The relative link from the page at `from_path` to the page at `to_path` (both site paths)."""
        here = PurePosixPath(from_path.strip("/") or ".")
        depth = len(here.parts) if from_path.strip("/") else 0
        target = to_path.strip("/")
        return "../" * depth + (target + "/" if target else "") + "index.html"

    def head(self, path, title):
        css = self.rel(path, "/")[: -len("index.html")] + "archive.css"
        home = self.rel(path, "/")
        return (
            f'<!DOCTYPE html>\n<html lang="{settings.LANGUAGE_CODE}">\n<head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)} – {escape(settings.SITE_NAME)}</title>"
            f'<link rel="stylesheet" href="{css}"></head>\n<body>\n'
            f'<header><a href="{home}">{escape(settings.SITE_NAME)}</a> · '
            f'<a href="{self.rel(path, "/artikel/")}">{escape(_("Articles"))}</a> · '
            f'<a href="{self.rel(path, "/forum/")}">{escape(_("Forum"))}</a></header>\n<main>\n'
        )

    def foot(self):
        notice = _("Content licensed under %(licence)s. Archive made on %(date)s.") % {
            "licence": f'<a href="{escape(self.licence_url)}" rel="license">{escape(self.licence)}</a>',
            "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        }
        return f"</main>\n<footer>{notice}</footer>\n</body>\n</html>\n"

    def write_text(self, file, text):
        file.parent.mkdir(parents=True, exist_ok=True)
        part = file.with_name(file.name + ".part")
        part.write_text(text, encoding="utf-8")
        part.replace(file)

    def open_out(self, file):
        file.parent.mkdir(parents=True, exist_ok=True)
        return file.open("w", encoding="utf-8")

    def jsonl(self, handle, kind, record):
        handle.write(json.dumps(record, default=_json_value, ensure_ascii=False) + "\n")
        self.counts[kind] += 1

    def author_name(self, display_name, username, erased_at):
        if erased_at:
            return str(FORMER_MEMBER)
        return display_name or username

    # --- The run ------------------------------------------------------------------------------------------

    def run(self):
        with translation.override(settings.LANGUAGE_CODE):
            self.build.mkdir(parents=True, exist_ok=True)
            state = self.load_state()
            self.write_forum_index()
            self.write_threads(state)
            self.write_articles()
            self.write_authors()
            self.finish()
        return self.counts

    def load_state(self):
        file = self.build / "state.json"
        state = json.loads(file.read_text()) if file.exists() else {}
        state.setdefault("batches", {})
        state.setdefault("authors", [])
        state.setdefault("counts", {})
        self.author_ids.update(state["authors"])
        return state

    def save_state(self, state):
        state["authors"] = sorted(self.author_ids)
        self.write_text(self.build / "state.json", json.dumps(state))

    def write_forum_index(self):
        categories = list(Category.objects.filter(members_only=False).order_by("order", "name"))
        with self.open_out(self.build / "jsonl" / "forum_categories.jsonl") as out:
            for category in categories:
                self.jsonl(out, "forum_categories", {
                    "id": category.pk, "name": category.name, "slug": category.slug,
                    "description": category.description, "parent_id": category.parent_id,
                    "url": self.permalink(category.get_absolute_url()),
                })  # fmt: skip
        path = "/forum/"
        items = "".join(
            f'<li><a href="{self.rel(path, c.get_absolute_url())}">{escape(c.name)}</a>'
            f"<p>{escape(c.description)}</p></li>\n"
            for c in categories
        )
        self.write_text(
            self.page_file(path), self.head(path, _("Forum")) + f"<h1>{_('Forum')}</h1><ul>{items}</ul>" + self.foot()
        )
        # Each category's page lists its threads, newest activity first, streamed.
        for category in categories:
            path = category.get_absolute_url()
            file = self.page_file(path)
            with self.open_out(file) as out:
                out.write(self.head(path, category.name) + f"<h1>{escape(category.name)}</h1>\n<ul>\n")
                threads = (
                    Thread.objects.public()
                    .filter(category=category)
                    .order_by("-is_pinned", "-last_activity_at", "-pk")
                    .values_list("pk", "slug", "title", "post_count")
                )
                for pk, slug, title, count in threads.iterator(chunk_size=CHUNK):
                    url = f"/forum/t/{pk}-{slug}/"
                    out.write(f'<li><a href="{self.rel(path, url)}">{escape(title)}</a> ({count})</li>\n')
                out.write("</ul>\n" + self.foot())

    def write_threads(self, state):
        """Threads in batches of THREAD_BATCH by id; a batch's JSON Lines go to their own files, which are joined
        at the end. A finished batch is recorded, and skipped when an interrupted run is started again."""
        threads = Thread.objects.public().select_related("category", "author").order_by("pk").only(*THREAD_FIELDS)
        batch = []
        for thread in threads.iterator(chunk_size=THREAD_BATCH):
            batch.append(thread)
            if len(batch) == THREAD_BATCH:
                self.write_thread_batch(batch, state)
                batch = []
        if batch:
            self.write_thread_batch(batch, state)
        for kind in ["threads", "posts"]:
            self.join_parts(kind)

    def write_thread_batch(self, threads, state):
        key = f"{threads[0].pk}-{threads[-1].pk}"
        if key in state["batches"]:
            for kind, count in state["batches"][key].items():
                self.counts[kind] += count
            return
        before = dict(self.counts)
        parts = self.build / "jsonl" / "parts"
        threads_part = parts / f"threads-{threads[0].pk:012d}.jsonl"
        posts_part = parts / f"posts-{threads[0].pk:012d}.jsonl"
        waiting = {thread.pk: thread for thread in threads}
        # One query for the whole batch, in thread order (the index (thread, position)), split up as it streams.
        posts = (
            Post.objects.public()
            .filter(thread_id__in=list(waiting))
            .order_by("thread_id", "position")
            # The parent's number by its primary key, row by row: a join would read the whole table every batch.
            .annotate(parent_position=Subquery(Post.objects.filter(pk=OuterRef("parent_id")).values("position")))
            .values_list(*POST_FIELDS)
        )
        with self.open_out(threads_part) as thread_out, self.open_out(posts_part) as post_out:
            for thread_id, rows in groupby(posts.iterator(chunk_size=CHUNK), key=itemgetter(0)):
                self.write_thread(waiting.pop(thread_id), rows, thread_out, post_out)
            for thread in waiting.values():  # no public post (an opening post hidden, say): the page says so
                self.write_thread(thread, [], thread_out, post_out)
        state["batches"][key] = {kind: self.counts[kind] - before[kind] for kind in ["threads", "posts"]}
        self.save_state(state)
        self.say(f"threads {key}: {self.counts['posts']} posts so far\n")

    def write_thread(self, thread, rows, thread_out, post_out):
        path = thread.get_absolute_url()
        author = self.author_name(thread.author.display_name, thread.author.username, thread.author.erased_at)
        self.author_ids.add(thread.author_id)
        self.jsonl(thread_out, "threads", {
            "id": thread.pk, "title": thread.title, "category_id": thread.category_id, "author_id": thread.author_id,
            "author": author, "created_at": thread.created_at, "last_activity_at": thread.last_activity_at,
            "post_count": thread.post_count, "url": self.permalink(path),
        })  # fmt: skip
        page, html, markdown = 0, None, self.open_out(self.markdown_file(thread))
        markdown.write(f"# {thread.title}\n\n{_('Category')}: {thread.category.name}\n\n")
        page_path = path
        for number, row in enumerate(rows):
            _thread_id, pk, position, parent_id, parent_position, created, edited, body, body_html, author_id = row[:10]
            name = self.author_name(*row[10:])
            self.author_ids.add(author_id)
            if number % POSTS_PER_PAGE == 0:
                if html:
                    self.close_thread_page(html, page_path, path, page, more=True)
                page += 1
                page_path = path if page == 1 else f"{path}seite/{page}/"
                html = self.open_out(self.page_file(page_path))
                html.write(self.head(page_path, thread.title))
                html.write(f"<h1>{escape(thread.title)}</h1>\n")
                if page > 1:
                    previous = path if page == 2 else f"{path}seite/{page - 1}/"
                    html.write(f'<p><a href="{self.rel(page_path, previous)}">← {page - 1}</a></p>\n')
            reply = f" · {_('in reply to')} #{parent_position}" if parent_id and parent_position else ""
            html.write(
                f'<article id="post-{pk}"><header><strong>{escape(name)}</strong> · #{position} · '
                f'<time datetime="{created.isoformat()}">{created:%Y-%m-%d %H:%M}</time>{reply}</header>\n'
                f"{body_html}</article>\n"
            )
            markdown.write(f"## #{position} {name} ({created:%Y-%m-%d %H:%M}){reply}\n\n{body}\n\n")
            self.jsonl(post_out, "posts", {
                "id": pk, "thread_id": thread.pk, "number": position, "in_reply_to": parent_id, "author_id": author_id,
                "author": name, "created_at": created, "edited_at": edited, "body": body, "body_html": body_html,
                "url": self.permalink(f"/forum/p/{pk}/"),
            })  # fmt: skip
        if html is None:  # nothing public in it: an empty page, so that links to it still lead somewhere
            html = self.open_out(self.page_file(path))
            html.write(self.head(path, thread.title) + f"<h1>{escape(thread.title)}</h1>\n")
        self.close_thread_page(html, page_path, path, page, more=False)
        markdown.close()

    def close_thread_page(self, html, page_path, path, page, *, more):
        if more:
            html.write(f'<p><a href="{self.rel(page_path, f"{path}seite/{page + 1}/")}">{page + 1} →</a></p>\n')
        html.write(self.foot())
        html.close()

    def markdown_file(self, thread):
        return self.build / "markdown" / "forum" / f"{thread.pk}-{thread.slug}.md"

    def join_parts(self, kind):
        """Join a kind's batch files into one JSON Lines file, chunk by chunk."""
        parts = sorted((self.build / "jsonl" / "parts").glob(f"{kind}-*.jsonl"))
        target = self.build / "jsonl" / f"{kind}.jsonl"
        with target.open("wb") as out:
            for part in parts:
                with part.open("rb") as source:
                    shutil.copyfileobj(source, out, 1 << 20)

    def write_articles(self):
        categories = list(ArticleCategory.objects.order_by("name"))
        with self.open_out(self.build / "jsonl" / "categories.jsonl") as out:
            for category in categories:
                self.jsonl(out, "categories", {
                    "id": category.pk, "name": category.name, "slug": category.slug,
                    "description": category.description, "url": self.permalink(category.get_absolute_url()),
                })  # fmt: skip
        articles = Article.objects.published().select_related("author", "category").order_by("-published_at", "-pk")
        index_path = "/artikel/"
        with (
            self.open_out(self.page_file(index_path)) as index,
            self.open_out(self.build / "jsonl" / "articles.jsonl") as article_out,
            self.open_out(self.build / "jsonl" / "comments.jsonl") as comment_out,
        ):
            index.write(self.head(index_path, _("Articles")) + f"<h1>{_('Articles')}</h1>\n<ul>\n")
            for article in articles.iterator(chunk_size=200):
                path = article.get_absolute_url()
                index.write(
                    f'<li><a href="{self.rel(index_path, path)}">{escape(article.title)}</a> '
                    f"({article.published_at:%Y-%m-%d})</li>\n"
                )
                self.write_article(article, path, article_out, comment_out)
            index.write("</ul>\n" + self.foot())
        home = "/"
        self.write_text(
            self.page_file(home),
            self.head(home, settings.SITE_NAME)
            + f"<h1>{escape(settings.SITE_NAME)}</h1><ul>"
            + f'<li><a href="{self.rel(home, index_path)}">{_("Articles")}</a></li>'
            + f'<li><a href="{self.rel(home, "/forum/")}">{_("Forum")}</a></li></ul>'
            + self.foot(),
        )

    def write_article(self, article, path, article_out, comment_out):
        author = self.author_name(article.author.display_name, article.author.username, article.author.erased_at)
        self.author_ids.add(article.author_id)
        self.jsonl(article_out, "articles", {
            "id": article.pk, "title": article.title, "slug": article.slug, "author_id": article.author_id,
            "author": author, "category_id": article.category_id, "summary": article.summary,
            "published_at": article.published_at, "body": article.body, "body_html": article.body_html,
            "url": self.permalink(path),
        })  # fmt: skip
        comments = (
            Comment.objects.public()
            .filter(article=article)
            .in_thread_order()
            .values_list(
                "pk", "parent_id", "created_at", "body", "body_html", "name", "user_id", "user__display_name",
                "user__username", "user__erased_at",
            )
        )  # fmt: skip
        with (
            self.open_out(self.page_file(path)) as html,
            self.open_out(self.build / "markdown" / "artikel" / f"{article.slug}.md") as markdown,
        ):
            html.write(self.head(path, article.title))
            html.write(
                f"<article><h1>{escape(article.title)}</h1><p>{escape(author)} · "
                f"{article.published_at:%Y-%m-%d}</p>\n{article.body_html}</article>\n"
                f"<h2>{_('Comments')}</h2>\n"
            )
            markdown.write(f"# {article.title}\n\n{author}, {article.published_at:%Y-%m-%d}\n\n{article.body}\n")
            for pk, parent_id, created, body, body_html, name, user_id, *user in comments.iterator(chunk_size=CHUNK):
                name = self.author_name(*user) if user_id else name
                html.write(
                    f'<article id="kommentar-{pk}"><header><strong>{escape(name)}</strong> · '
                    f"<time>{created:%Y-%m-%d %H:%M}</time></header>\n{body_html}</article>\n"
                )
                markdown.write(f"\n## {name} ({created:%Y-%m-%d %H:%M})\n\n{body}\n")
                self.jsonl(comment_out, "comments", {
                    "id": pk, "article_id": article.pk, "in_reply_to": parent_id, "author": name, "created_at": created,
                    "body": body, "body_html": body_html, "url": self.permalink(f"{path}kommentar/{pk}/"),
                })  # fmt: skip
            html.write(self.foot())

    def write_authors(self):
        """Display names of everyone whose public contribution is in the archive (nothing else about them)."""
        from accounts.models import User

        ids = sorted(self.author_ids)
        with self.open_out(self.build / "jsonl" / "authors.jsonl") as out:
            for start in range(0, len(ids), CHUNK):
                rows = User.objects.filter(pk__in=ids[start : start + CHUNK]).order_by("pk")
                for pk, display_name, username, erased_at in rows.values_list(
                    "pk", "display_name", "username", "erased_at"
                ):
                    self.jsonl(out, "authors", {"id": pk, "name": self.author_name(display_name, username, erased_at)})

    def finish(self):
        (self.build / "html" / "archive.css").write_text(CSS, encoding="utf-8")
        shutil.rmtree(self.build / "jsonl" / "parts", ignore_errors=True)
        (self.build / "state.json").unlink(missing_ok=True)
        manifest = {
            "site": settings.SITE_NAME,
            "base_url": self.base_url,
            "created_at": datetime.now(UTC),
            "licence": self.licence,
            "licence_url": self.licence_url,
            "counts": self.counts,
            "contents": {
                "html": "a static mirror with the site's paths; open html/index.html",
                "jsonl": "one JSON object per line and kind, with stable ids and permalinks",
                "markdown": "the Markdown sources of articles (with comments) and threads (with posts)",
            },
        }
        self.write_text(self.build / "manifest.json", json.dumps(manifest, cls=DjangoJSONEncoder, indent=2))
        self.write_text(
            self.build / "LICENSE.txt",
            f"{settings.SITE_NAME}: {self.licence}\n{self.licence_url}\n",
        )
        # Replace the previous archive in one step: nothing that has become private since stays behind.
        for name in ["html", "jsonl", "markdown", "manifest.json", "LICENSE.txt"]:
            old = self.folder / name
            if old.is_dir():
                shutil.rmtree(old)
            elif old.exists():
                old.unlink()
            (self.build / name).replace(old)
        shutil.rmtree(self.build, ignore_errors=True)


def _json_value(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


CSS = """body{font-family:system-ui,sans-serif;max-width:50rem;margin:0 auto;padding:1rem;line-height:1.5}
header,footer{color:#555;font-size:.9rem;margin:1rem 0}article{border-top:1px solid #ddd;padding:.5rem 0}
blockquote{border-left:3px solid #ccc;margin-left:0;padding-left:1rem;color:#444}
"""
