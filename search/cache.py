"""Search results kept in the shared cache: a query asked again costs a cache read, not a search.

Two kinds of entries, in the page cache's cache (`CACHES["pages"]`) and under its *generation* (core/page_cache.py):
every write through the services — a new or edited post, a hide, a deletion, an approval, a moved thread, a category
made members-only, a published article, any moderation action — bumps the generation once it commits, and an entry
stored under an older generation is never read again. After a hide, the very next search runs afresh.

- The result list of a query: the ranked ids (thread and its best post, article and its best comment) with their
  scores and dates, and what the page says about them (cut off, loose, the spelling suggestion) — no HTML. Another
  page of the same query is filled from it (titles and snippets, one to three queries) without searching again.
- Each page shown: its filled hits (marked title and snippet, address, place, author).

An entry's key is made of the normalised query, the filters and the reader's *scope*: what decides what they may
find. Search asks `Post.objects.listed_for(user)` and `Thread.objects.listed_for(user)`, whose answer depends only on
whether the reader is logged in (members also find members-only categories; moderators find what members find), and
articles and comments are the same for everyone; a rule there that looks at more of the reader must become part of
`scope()`. The language is not part of the key: nothing in an entry is translated.

Writes that bypass the services (a bulk `update()` in a shell or a data migration) do not bump the generation; that
is so for every page in the page cache too. Entries live at most PAGE_CACHE_SECONDS (and no longer than until the
next scheduled article goes live). Even then a cached page never shows what has become hidden: the ids it shows are
checked against the same permission QuerySets on every read (one query); only its count may be too high until the
entry expires. PAGE_CACHE_SECONDS=0 turns this cache off with the page cache.

The search log counts every search, whether it came from here or not (the view logs after `find()`).
"""

import hashlib
import time
from dataclasses import astuple

from django.conf import settings
from django.core.cache import caches
from django.db import connection

from articles.models import Article, Comment
from core import page_cache
from forum.models import Post
from search import engine
from search.query import parse

# Part of every key: change it when the layout of an entry changes.
FORMAT = 1
ROW_FIELDS = 6  # kind, pk, score, date, post_id, comment_id: what a Hit is before it is filled


def scope(user) -> str:
    """What decides what `user` may find (see the module's docstring)."""
    return "member" if user.is_authenticated else "anonymous"


def find(*, user, query, filters: engine.Filters, page: int):
    """`engine.search_with_help()` and `engine.page_of()` for `user`: (the results, the hits of page `page` or None
    past the end), from the cache where it holds them."""
    parsed = parse(query)
    if settings.PAGE_CACHE_SECONDS <= 0 or parsed.is_empty:
        results = engine.search_with_help(user=user, query=parsed, filters=filters)
        return results, engine.page_of(results, page, user=user)
    base = _key(user, parsed, filters)
    list_key, page_key = f"{base}:list", f"{base}:page:{page}"
    cache = caches[page_cache.CACHE_ALIAS]
    generation, found = page_cache.read(page_key)
    entry = found.get(page_key)
    if entry is not None and entry[0] == generation:
        _, summary, total, hits = entry
        return engine.Results(**summary, total=total), _still_listed(hits, user)

    entry = cache.get(list_key)
    if entry is not None and entry[0] == generation:
        _, summary, rows, expires = entry
        results = engine.Results(**summary, hits=[engine.Hit(*row) for row in rows])
        results.matcher = engine.matcher_for(results.query, loose=results.loose)
    else:
        results = engine.search_with_help(user=user, query=parsed, filters=filters)
        summary = _summary(results)
        expires = _expires(filters)
        rows = [astuple(hit)[:ROW_FIELDS] for hit in results.hits]
        _store(cache, list_key, (generation, summary, rows, expires), expires)
    hits = engine.page_of(results, page, user=user)
    if hits is not None:
        _store(cache, page_key, (generation, summary, results.count, hits), expires)
    return results, hits


def _key(user, parsed, filters):
    category = filters.category.pk if filters.category is not None else None
    raw = repr((scope(user), parsed.text, filters.kind, category, filters.author, filters.period, filters.sort))
    return f"search:{FORMAT}:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _summary(results):
    return {
        "query": results.query,
        "truncated": results.truncated,
        "loose": results.loose,
        "suggestion": results.suggestion,
        "corrected_from": results.corrected_from,
    }


def _expires(filters):
    """When the entries of a search made now must be gone: after PAGE_CACHE_SECONDS, or when the next scheduled
    article goes live (no write announces it)."""
    expires = time.time() + settings.PAGE_CACHE_SECONDS
    if filters.kind in ("", "artikel") and filters.category is None:
        moment = Article.objects.next_publication_at()
        if moment is not None:
            expires = min(expires, moment.timestamp())
    return expires


def _store(cache, key, value, expires):
    timeout = int(expires - time.time())
    if timeout > 0:
        cache.set(key, value, timeout)


def _still_listed(hits, user):
    """The cached hits the reader may still read, by the same QuerySets the search asks; one query."""
    wanted = {
        "post": [hit.post_id for hit in hits if hit.kind == "thread"],
        "article": [hit.pk for hit in hits if hit.kind == "article"],
        "comment": [hit.comment_id for hit in hits if hit.comment_id],
    }
    sources = {
        "post": lambda: Post.objects.listed_for(user),
        "article": lambda: Article.objects.published(),
        "comment": lambda: Comment.objects.public().on_published_articles(),
    }
    statements, params = [], []
    for kind, ids in wanted.items():
        if ids:
            sql, part_params = sources[kind]().filter(pk__in=ids).order_by().values_list("pk").query.sql_with_params()
            statements.append(f"SELECT %s, listed.* FROM ({sql}) AS listed")  # one column: the id
            params += [kind, *part_params]
    if not statements:
        return hits
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(statements), params)
        listed = set(cursor.fetchall())
    return [hit for hit in hits if _listed(hit, listed)]


def _listed(hit, listed):
    if hit.kind == "thread":
        return ("post", hit.post_id) in listed
    return ("article", hit.pk) in listed and (not hit.comment_id or ("comment", hit.comment_id) in listed)
