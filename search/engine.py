"""The one place that searches: forum posts and threads, articles and their comments, for one reader.

Who may read what is decided in each query by the apps' own QuerySet predicates — `Post.objects.listed_for(user)`,
`Article.objects.published()`, `Comment.objects.public().on_published_articles()` — never by filtering a list
afterwards; the results, their number, the pages and the suggestions all come from those queries.

Cost is bounded whatever the query matches: each kind of document contributes at most its newest
`SEARCH_CANDIDATES` matches (the planner walks the newest posts for a common word and the GIN index for a rare one),
those are ranked and grouped (one result per thread, linking to its best post; one per article), and page N is a
slice of that list. No COUNT over the whole match set: the page knows its neighbours, and "more than N" says when the
candidates were cut. On PostgreSQL words are matched with the `german_unaccent` configuration, umlaut spellings,
prefixes and compounds; on SQLite (the demo without PostgreSQL) words are matched plainly (`icontains`).

To swap in an external engine, replace `search()` and keep its result.
"""

import html
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Case, F, FloatField, Func, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Left
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Comment
from forum.models import Category, Post, Thread
from search.models import Word
from search.query import SIMPLE_WORD, STOP_WORDS, ParsedQuery, parse, spelling_variants

CONFIG = "german_unaccent"
START, STOP = "\x02", "\x03"  # highlight marks: control characters never stored in any text (validators)
PREFIX_MIN_LENGTH = 4
COMPOUND_PART_MIN = 3
COMPOUNDS_PER_WORD = 20
LINKING_ELEMENTS = ("s", "es", "n", "en", "e", "er")
TITLE_CANDIDATES = 200
COMMENT_CANDIDATES = 100
SNIPPET_SOURCE_LENGTH = 6000
ARTICLE_CANDIDATES = 100

KINDS = ("forum", "artikel")
PERIODS = {"monat": 31, "jahr": 366}
SORTS = ("relevanz", "neu")


@dataclass
class Filters:
    kind: str = ""  # "" (everything), "forum" or "artikel"
    category: Category | None = None  # a forum category the reader may read (its subcategories included)
    author: str = ""  # a username
    period: str = ""  # "", "monat", "jahr"
    sort: str = "relevanz"

    @property
    def narrowed(self):
        return bool(self.kind or self.category or self.author or self.period)

    def since(self):
        days = PERIODS.get(self.period)
        return timezone.now() - timedelta(days=days) if days else None


@dataclass
class Hit:
    kind: str  # "thread" or "article"
    pk: int  # thread or article id
    score: float
    date: object
    post_id: int | None = None  # the thread's best post
    comment_id: int | None = None  # the article's best comment, when only comments matched
    # Filled for the page shown:
    title: str = ""
    title_html: str = ""  # the title, escaped, with the matched words marked
    url: str = ""
    place: str = ""
    author: str = ""
    snippet: str = ""


@dataclass
class Results:
    query: ParsedQuery
    hits: list = field(default_factory=list)  # every result found, ranked; the page is a slice
    truncated: bool = False  # the candidates were cut: there are more matches than listed
    loose: bool = False  # no result had every word; these have some of them
    suggestion: str = ""
    corrected_from: ParsedQuery | None = None  # the results are the suggestion's; this is what was typed
    matcher: object = None
    total: int | None = None  # how many hits there are, when `hits` holds only one page's (search/cache.py)

    @property
    def count(self):
        return len(self.hits) if self.total is None else self.total


def search(*, user, query, filters: Filters, loose=False) -> Results:
    parsed = query if isinstance(query, ParsedQuery) else parse(query)
    results = Results(query=parsed)
    if parsed.is_empty:
        return results
    matcher = matcher_for(parsed, loose=loose)
    hits, truncated = _candidates(user, matcher, filters)
    ordering = (lambda hit: hit.date) if filters.sort == "neu" else (lambda hit: (hit.score, hit.date))
    results.hits = sorted(hits, key=ordering, reverse=True)
    results.truncated = truncated
    results.loose = loose
    results.matcher = matcher
    return results


def matcher_for(parsed: ParsedQuery, *, loose=False):
    """What turns the terms into conditions, rankings and snippets on this database."""
    if connection.vendor == "postgresql":
        return PostgresMatcher(parsed, loose=loose)
    return PlainMatcher(parsed, loose=loose)


def search_with_help(*, user, query, filters: Filters) -> Results:
    """`search()`, and when nothing matched every word: the results with some of the words, and a spelling
    suggestion that finds something this reader may read."""
    results = search(user=user, query=query, filters=filters)
    if results.hits or results.query.is_empty:
        return results
    if connection.vendor == "postgresql":
        suggestion = suggest(results.query)
        corrected = search(user=user, query=suggestion, filters=filters) if suggestion else None
        if corrected is not None and corrected.hits:
            # What the reader most likely meant, shown at once ("Meintest du …?" says which spelling).
            corrected.suggestion, corrected.corrected_from = suggestion, results.query
            return corrected
    if len(results.query.groups) > 1:
        loose = search(user=user, query=results.query, filters=filters, loose=True)
        if loose.hits:
            return loose
    return results


def page_of(results: Results, number: int, *, user):
    """The hits of page `number` (1-based) with what they show; None past the end."""
    size = settings.SEARCH_RESULTS_PER_PAGE
    hits = results.hits[(number - 1) * size : number * size]
    if number > 1 and not hits:
        return None
    _fill(hits, results, user)
    return [hit for hit in hits if hit.url]  # hidden since the candidates were found, a moment ago


# --- Candidates ----------------------------------------------------------------------------------------------


def _candidates(user, matcher, filters):
    limit = settings.SEARCH_CANDIDATES
    since = filters.since()
    hits, truncated = [], False
    if filters.kind in ("", "forum"):
        posts = matcher.match(Post.objects.listed_for(user), "forum_post")
        if filters.category is not None:
            posts = posts.filter(Q(thread__category=filters.category) | Q(thread__category__parent=filters.category))
        if filters.author:
            posts = posts.filter(author__username=filters.author)
        if since:
            posts = posts.filter(created_at__gte=since)
        rows = list(
            matcher.ranked(posts, "forum_post")
            .order_by("-pk")
            .values_list("pk", "thread_id", "score", "created_at")[:limit]
        )
        # Titles are the strongest matches: looked up on the thread table's own small index, so that an old thread
        # whose title matches is found even when newer posts fill the candidates. Linked to the opening post.
        threads_found = matcher.match(Thread.objects.listed_for(user), "forum_thread")
        if filters.category is not None:
            threads_found = threads_found.filter(Q(category=filters.category) | Q(category__parent=filters.category))
        if filters.author:
            threads_found = threads_found.filter(author__username=filters.author)
        if since:
            threads_found = threads_found.filter(created_at__gte=since)
        # The first post the reader may read (the opening post unless it was hidden or deleted).
        first_post = Post.objects.counted().filter(thread=OuterRef("pk")).order_by("position").values("pk")[:1]
        titled = list(
            matcher.ranked(threads_found, "forum_thread")
            .annotate(first_post_id=Subquery(first_post))
            .filter(first_post_id__isnull=False)
            .order_by("-last_activity_at")
            .values_list("first_post_id", "pk", "score", "created_at")[:TITLE_CANDIDATES]
        )
        truncated |= len(rows) == limit or len(titled) == TITLE_CANDIDATES
        threads = {}
        for post_id, thread_id, score, created_at in rows:
            best = threads.get(thread_id)
            if best is None or (score, created_at) > (best.score, best.date):
                threads[thread_id] = Hit("thread", thread_id, score, created_at, post_id=post_id)
        for post_id, thread_id, score, created_at in titled:
            best = threads.get(thread_id)
            if best is None:
                threads[thread_id] = Hit("thread", thread_id, score, created_at, post_id=post_id)
            else:
                best.score += score
        hits.extend(threads.values())
    if filters.kind in ("", "artikel") and filters.category is None:
        articles = matcher.match(Article.objects.published(), "articles_article")
        # Approved comments on published articles, newest first; of those, the ones every reader sees (an approved
        # reply under a pending or spam comment is hidden too). That check looks at each comment's ancestors, so
        # runs on the bounded candidates only.
        comments = matcher.match(Comment.objects.approved().on_published_articles(), "articles_comment")
        if filters.author:
            articles = articles.filter(author__username=filters.author)
            comments = comments.filter(user__username=filters.author)
        if since:
            articles = articles.filter(published_at__gte=since)
            comments = comments.filter(created_at__gte=since)
        newest = list(comments.order_by("-pk").values_list("pk", flat=True)[:COMMENT_CANDIDATES])
        comments = matcher.match(Comment.objects.public().on_published_articles(), "articles_comment").filter(
            pk__in=newest
        )
        article_rows = list(
            matcher.ranked(articles, "articles_article")
            .order_by("-published_at", "-pk")
            .values_list("pk", "score", "published_at")[:ARTICLE_CANDIDATES]
        )
        comment_rows = list(
            matcher.ranked(comments, "articles_comment")
            .order_by("-pk")
            .values_list("pk", "article_id", "score", "created_at")[:limit]
        )
        truncated |= len(article_rows) == ARTICLE_CANDIDATES or len(newest) == COMMENT_CANDIDATES
        found = {pk: Hit("article", pk, score, published_at) for pk, score, published_at in article_rows}
        for comment_id, article_id, score, created_at in comment_rows:
            best = found.get(article_id)
            if best is None:
                found[article_id] = Hit("article", article_id, score, created_at, comment_id=comment_id)
            elif best.comment_id is not None and score > best.score:
                best.score, best.date, best.comment_id = score, created_at, comment_id
            elif best.comment_id is None:
                best.score += score / 10  # discussed under the article too: a little higher
        hits.extend(found.values())
    return hits, truncated


def _fill(hits, results, user):
    """Title, address, place, author and highlighted snippet of the hits shown: at most three queries."""
    matcher = results.matcher
    post_ids = [hit.post_id for hit in hits if hit.kind == "thread"]
    article_ids = [hit.pk for hit in hits if hit.kind == "article"]
    comment_ids = [hit.comment_id for hit in hits if hit.comment_id]
    posts = {}
    if post_ids:
        rows = matcher.with_snippet(
            Post.objects.listed_for(user).filter(pk__in=post_ids).select_related("thread__category", "author"),
            "forum_post",
            F("body_html"),
            title=F("thread__title"),
        )
        posts = {post.pk: post for post in rows}
    articles = {}
    if article_ids:
        rows = matcher.with_snippet(
            Article.objects.published().filter(pk__in=article_ids).select_related("category", "author"),
            "articles_article",
            Concat(F("summary"), Value(" "), F("body_html"), output_field=TextField()),
            title=F("title"),
        )
        articles = {article.pk: article for article in rows}
    comments = {}
    if comment_ids:
        rows = matcher.with_snippet(
            Comment.objects.public().on_published_articles().filter(pk__in=comment_ids).select_related("user"),
            "articles_comment",
            F("body_html"),
        )
        comments = {comment.pk: comment for comment in rows}
    for hit in hits:
        if hit.kind == "thread" and hit.post_id in posts:
            post = posts[hit.post_id]
            hit.title, hit.url = post.thread.title, post.get_absolute_url()
            hit.title_html = matcher.title(post, post.thread.title)
            hit.place, hit.author = post.thread.category.name, post.author.public_name
            hit.snippet = matcher.snippet(post)
        elif hit.kind == "article" and hit.pk in articles:
            article = articles[hit.pk]
            hit.title, hit.place = article.title, article.category.name
            hit.title_html = matcher.title(article, article.title)
            comment = comments.get(hit.comment_id)
            if comment is not None:
                hit.url = reverse("articles:comment_permalink", kwargs={"slug": article.slug, "pk": comment.pk})
                hit.author, hit.snippet = comment.author_name, matcher.snippet(comment)
            else:
                hit.url, hit.author = article.get_absolute_url(), article.author.public_name
                hit.snippet = matcher.snippet(article)


# --- Matching on PostgreSQL --------------------------------------------------------------------------------------


class PostgresMatcher:
    """Terms → one tsquery: each word in both umlaut spellings, as a prefix ("Sauerteig" finds "Sauerteigbrot"),
    as part of longer words it occurs in ("Kette" finds "Fahrradkette") and split into its parts ("Fahrradkette"
    finds "Kette am Fahrrad"); phrases and joined words ("E-Bike", "e.V.") in order."""

    def __init__(self, parsed, *, loose=False):
        self.parsed = parsed
        vocabulary = _vocabulary([term.text for term in parsed.terms if term.is_word])
        groups = [_any(self._term_query(term, vocabulary) for term in group) for group in parsed.groups]
        self.query = _any(groups) if loose else _all(groups)
        for term in parsed.excluded:
            self.query &= ~self._term_query(term, {})
        # Exact words score again, and all words in a row (the phrase) doubles the score.
        words = [term.text for term in parsed.terms]
        self.exact = SearchQuery(" ".join(words), config=CONFIG, search_type="plain")
        self.phrase = SearchQuery(" ".join(words), config=CONFIG, search_type="phrase") if len(words) > 1 else None

    def _term_query(self, term, vocabulary):
        if term.phrase:
            spaced = " ".join(re.split(r"[.\-]+", term.text))
            query = SearchQuery(term.text, config=CONFIG, search_type="phrase")
            if spaced != term.text:
                query |= SearchQuery(spaced, config=CONFIG, search_type="phrase")
            return query
        alternatives = []
        for variant in spelling_variants(term.text):
            if not SIMPLE_WORD.match(variant):  # e.g. a letter that case-folds to a combining mark
                continue
            alternatives.append(_quote(variant))
            if len(variant) >= PREFIX_MIN_LENGTH:
                alternatives.append(_quote(variant) + ":*")
        found = vocabulary.get(term.text.casefold(), {})
        alternatives.extend(_quote(word) for word in found.get("compounds", ()))
        for head, tail in found.get("splits", ())[:1]:
            alternatives.append(f"({_quote(head)} & {_quote(tail)})")
        if not alternatives:
            return SearchQuery(term.text, config=CONFIG, search_type="plain")
        return SearchQuery(" | ".join(alternatives), config=CONFIG, search_type="raw")

    def match(self, queryset, table):
        return queryset.alias(search_vector=_vector(table)).filter(search_vector=self.query)

    def ranked(self, queryset, table):
        vector = _vector(table)
        score = SearchRank(vector, self.query, normalization=Value(1)) + SearchRank(
            vector, self.exact, normalization=Value(1)
        )
        if self.phrase is not None:
            score = score * Case(When(search_vector=self.phrase, then=Value(2.0)), default=Value(1.0))
        return queryset.annotate(score=score)

    def with_snippet(self, queryset, table, html_expression, title=None):
        html_expression = Left(html_expression, SNIPPET_SOURCE_LENGTH)  # long articles: the beginning suffices
        tags = Value("<[^>]+>")
        text = Func(html_expression, tags, Value(" "), Value("g"), function="regexp_replace", output_field=TextField())
        if title is not None:
            queryset = queryset.annotate(
                title_marked=SearchHeadline(
                    title, self.query, config=CONFIG, start_sel=START, stop_sel=STOP, highlight_all=True
                )
            )
        return queryset.annotate(
            snippet_marked=SearchHeadline(
                text,
                self.query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )

    def snippet(self, obj):
        return mark_up(obj.snippet_marked)

    def title(self, obj, title):
        return mark_up(getattr(obj, "title_marked", None) or title, from_html=False)


def _vector(table):
    return RawSQL(f'"{table}"."search_vector"', (), output_field=SearchVectorField())


def _quote(word):
    """A word for to_tsquery: only letters and digits ever get here."""
    if not SIMPLE_WORD.match(word):
        raise ValueError(word)
    return f"'{word}'"


def _all(queries):
    queries = list(queries)
    combined = queries[0]
    for query in queries[1:]:
        combined &= query
    return combined


def _any(queries):
    queries = list(queries)
    combined = queries[0]
    for query in queries[1:]:
        combined |= query
    return combined


def _vocabulary(words):
    """For each word: the longer words it is part of (compounds) and its split into two known words. One query."""
    words = sorted({word.casefold() for word in words if len(word) >= PREFIX_MIN_LENGTH})
    if not words:
        return {}
    splits = {word: _split_candidates(word) for word in words}
    parts = sorted({part for candidates in splits.values() for pair in candidates for part in pair})
    # A tail may be inflected where it stands alone ("Fahrradkette" → "die Ketten am Fahrrad"): a word beginning
    # with it is enough.
    tails = sorted({tail for candidates in splits.values() for _, tail in candidates if len(tail) >= 4})
    # … or the tail without an inflection ending ("Fahrradketten" → "Kette").
    stems = {tail: [tail[:-cut] for cut in (1, 2) if len(tail) - cut >= 4] for tail in tails}
    parts = sorted(set(parts) | {stem for forms in stems.values() for stem in forms})
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT term, found.word, 'compound' FROM unnest(%s::text[]) AS term
            CROSS JOIN LATERAL (
                SELECT word FROM {Word._meta.db_table}
                 WHERE word LIKE '%%' || term || '%%' AND word <> term
                 ORDER BY documents DESC, word LIMIT {COMPOUNDS_PER_WORD}
            ) AS found
            UNION ALL
            SELECT NULL, word, 'part' FROM {Word._meta.db_table} WHERE word = ANY(%s::text[])
            UNION ALL
            SELECT NULL, tail, 'tail' FROM unnest(%s::text[]) AS tail
             WHERE EXISTS (SELECT 1 FROM {Word._meta.db_table} WHERE word LIKE tail || '%%')
            """,
            [words, parts, tails],
        )
        rows = cursor.fetchall()
    known = {word for term, word, kind in rows if kind == "part"} - STOP_WORDS
    known_tails = known | {word for term, word, kind in rows if kind == "tail"} - STOP_WORDS
    known_tails |= {tail for tail, forms in stems.items() if known.intersection(forms)}
    vocabulary = {word: {"compounds": [], "splits": []} for word in words}
    for term, word, kind in rows:
        if kind == "compound" and SIMPLE_WORD.match(word):
            vocabulary[term]["compounds"].append(word)
    for word, candidates in splits.items():
        found = [(head, tail) for head, tail in candidates if head in known and tail in known_tails]
        # The most even split: "fahrrad|kette" before "fahr|radkette".
        found.sort(key=lambda pair: -min(len(pair[0]), len(pair[1])))
        vocabulary[word]["splits"] = found
    return vocabulary


def _split_candidates(word):
    """(head, tail) pairs a compound may consist of, with and without a linking element: "arbeitszeit" →
    ("arbeits", "zeit"), ("arbeit", "zeit"), …"""
    pairs = []
    for index in range(COMPOUND_PART_MIN, len(word) - COMPOUND_PART_MIN + 1):
        head, tail = word[:index], word[index:]
        pairs.append((head, tail))
        for element in LINKING_ELEMENTS:
            if head.endswith(element) and len(head) - len(element) >= COMPOUND_PART_MIN:
                pairs.append((head[: -len(element)], tail))
    return pairs


def suggest(parsed: ParsedQuery) -> str:
    """The query with each word the vocabulary does not know replaced by the most similar known word ("" if none).
    The caller offers it only when it finds something the reader may read."""
    words = [term.text for term in parsed.terms if term.is_word]
    if not words:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT term, (SELECT word FROM {Word._meta.db_table}
                           WHERE word %% term AND word <> term
                           ORDER BY similarity(word, term) DESC, documents DESC, word LIMIT 1),
                   EXISTS (SELECT 1 FROM {Word._meta.db_table} WHERE word = term)
              FROM unnest(%s::text[]) AS term
            """,
            [[word.casefold() for word in words]],
        )
        replacements = {term: better for term, better, known in cursor.fetchall() if better and not known}
    if not replacements:
        return ""
    text = parsed.text
    for word in words:
        better = replacements.get(word.casefold())
        if better:
            if word.isupper() and len(word) > 1:
                better = better.upper()
            elif word[:1].isupper():
                better = better[:1].upper() + better[1:]
            text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, text, count=1)
    return text if text != parsed.text else ""


# --- Matching on SQLite -------------------------------------------------------------------------------------------


FIELDS = {
    "forum_post": ("body", "thread__title"),
    "forum_thread": ("title",),
    "articles_article": ("title", "summary", "body"),
    "articles_comment": ("body",),
}


class PlainMatcher:
    """The demo without PostgreSQL: every word (in either umlaut spelling) somewhere in the text, case-insensitive;
    a match in a title counts more."""

    def __init__(self, parsed, *, loose=False):
        self.parsed = parsed
        self.loose = loose

    def _condition(self, term, table):
        condition = Q()
        for variant in spelling_variants(term.text) if term.is_word else [term.text]:
            for name in FIELDS[table]:
                condition |= Q(**{f"{name}__icontains": variant})
        return condition

    def match(self, queryset, table):
        groups = []
        for group in self.parsed.groups:
            condition = Q()
            for term in group:
                condition |= self._condition(term, table)
            groups.append(condition)
        combined = Q()
        for condition in groups:
            combined = (combined | condition) if self.loose else (combined & condition)
        for term in self.parsed.excluded:
            combined &= ~self._condition(term, table)
        if table == "forum_post":
            queryset = queryset.select_related("thread")
        return queryset.filter(combined)

    def ranked(self, queryset, table):
        title = {"forum_post": "thread__title", "forum_thread": "title", "articles_article": "title"}.get(table)
        if title is None:
            return queryset.annotate(score=Value(1.0, output_field=FloatField()))
        in_title = Q()
        for term in self.parsed.terms:
            in_title |= Q(**{f"{title}__icontains": term.text})
        return queryset.annotate(
            score=Case(When(in_title, then=Value(2.0)), default=Value(1.0), output_field=FloatField())
        )

    def with_snippet(self, queryset, table, html_expression, title=None):
        return queryset

    def _pattern(self):
        words = [variant for term in self.parsed.terms for variant in spelling_variants(term.text)]
        return re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE) if words else None

    def title(self, obj, title):
        pattern = self._pattern()
        marked = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", title) if pattern else title
        return mark_up(marked, from_html=False)

    def snippet(self, obj):
        text = html.unescape(re.sub(r"<[^>]+>", " ", obj.body_html))
        text = " ".join(text.split())
        pattern = self._pattern()
        start = 0
        found = pattern.search(text) if pattern else None
        if found:
            start = max(0, found.start() - 80)
        excerpt = text[start : start + 240]
        if pattern:
            excerpt = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", excerpt)
        return mark_up(("… " if start else "") + excerpt + (" …" if start + 240 < len(text) else ""))


def mark_up(marked: str, *, from_html=True) -> str:
    """Text with highlight marks → escaped HTML with <mark>: the marks are the only markup. `from_html`: the text
    was cut from stored HTML, so its entities are turned back into characters first."""
    from django.utils.html import escape

    text = html.unescape(marked or "") if from_html else (marked or "")
    text = escape(text.replace(START, "\x00s").replace(STOP, "\x00e"))
    return text.replace("\x00s", "<mark>").replace("\x00e", "</mark>")
