"""The dashboard's figures. Each table is a `Table` (shown on the page and downloadable as CSV); every figure is a
few aggregate queries over indexed columns or the daily table, whatever the size of the forum."""

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count, Min, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Comment
from core.models import ModerationLogEntry
from forum.models import Category, Post, Report, Thread
from insights import sources
from insights.models import ArticleLink, PageViewDay, PageViewMonth

PERIODS = {"week": 7, "month": 30, "year": 365}
UNANSWERED_AFTER = timedelta(hours=48)
LIST_LENGTH = 50
REFERRERS = [
    (PageViewDay.Referrer.SEARCH, _("Search engines")),
    (PageViewDay.Referrer.SITE, _("Other sites")),
    (PageViewDay.Referrer.DIRECT, _("Direct")),
    (PageViewDay.Referrer.INTERNAL, _("Within the site")),
]
AGE_BUCKETS = [
    ("month", _("This month (up to 30 days)"), 30),
    ("year", _("Up to a year"), 365),
    ("three_years", _("1 to 3 years"), 3 * 365),
    ("older", _("Older"), None),
]


@dataclass
class Period:
    name: str
    start: object
    end: object

    @classmethod
    def named(cls, name, now=None):
        """The last 7, 30 or 365 days, starting at a full hour (so that counts of whole hours can be kept)."""
        name = name if name in PERIODS else "month"
        end = now or timezone.now()
        return cls(name, _hour(end) - timedelta(days=PERIODS[name]), end)

    @property
    def previous(self):
        """The same number of days before this period (ending where this one starts)."""
        return Period(self.name, self.start - timedelta(days=PERIODS[self.name]), self.start)

    @property
    def first_day(self):
        return timezone.localdate(self.start) + timedelta(days=1)

    @property
    def last_day(self):
        return timezone.localdate(self.end)

    @property
    def in_months(self):
        """The year's page views are read per calendar month: the last twelve, this one included."""
        return self.name == "year"

    @property
    def views_since(self):
        if self.in_months:
            month = self.last_day.replace(day=1)
            return (
                month.replace(year=month.year - 1, month=month.month + 1)
                if month.month < 12
                else month.replace(month=1)
            )
        return self.first_day


@dataclass
class Table:
    slug: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    links: list = field(default_factory=list)  # per row: a URL for the first cell, or None
    more: int = 0  # rows left out on the page (the CSV has them all)

    def shorten(self, length):
        self.more = max(len(self.rows) - length, 0)
        self.rows, self.links = self.rows[:length], self.links[:length]
        return self

    def lines(self):
        """(url or None, cells) per row, for the template."""
        return [(self.links[index] if index < len(self.links) else None, row) for index, row in enumerate(self.rows)]


def _hour(moment):
    return moment.replace(minute=0, second=0, microsecond=0)


def _change(current, previous):
    if not previous:
        return None
    return round((current - previous) * 100 / previous)


# Activity ------------------------------------------------------------------------------------------------------


def _new_members(start, end):
    return get_user_model().objects.filter(date_joined__gte=start, date_joined__lt=end).count()


def _active_members(start, end):
    posters = Post.objects.filter(created_at__gte=start, created_at__lt=end).values("author_id")
    commenters = Comment.objects.filter(created_at__gte=start, created_at__lt=end, user__isnull=False).values("user_id")
    visitors = get_user_model().objects.filter(last_login__gte=start, last_login__lt=end).values("pk")
    return posters.union(commenters, visitors).count()


def _threads(start, end):
    return Thread.objects.filter(created_at__gte=start, created_at__lt=end).count()


def _posts(start, end):
    return Post.objects.filter(status=Post.Status.PUBLISHED, created_at__gte=start, created_at__lt=end).count()


def _comments(start, end):
    return Comment.objects.approved().filter(created_at__gte=start, created_at__lt=end).count()


BUILTIN_ACTIVITY = [
    ("new_members", _("New members"), _new_members),
    ("active_members", _("Active members (posted, commented or logged in)"), _active_members),
    ("threads", _("New threads"), _threads),
    ("posts", _("Published posts"), _posts),
    ("comments", _("Approved comments"), _comments),
]


# Counts of whole hours gone by do not change (much): they are kept this long, and the fold task computes them
# ahead (warm_activity), so the dashboard counts only the current hour itself. A year's active members and posts
# are some 100,000 index entries each.
ACTIVITY_CACHE_SECONDS = 3600


def activity(period):
    """Each activity figure for the period and the one before. Spans of whole hours come from the cache (one read
    for all), the current hour is counted afresh. Just after the hour turned, a span is worked out from the one an
    hour earlier: counts add up, so it is that one minus its first hour plus the last hour."""
    table = Table("activity", _("Activity"), [_("Figure"), _("This period"), _("Previous period"), _("Change in %")])
    hour, an_hour = _hour(period.end), timedelta(hours=1)
    figures = BUILTIN_ACTIVITY + sources.activity_sources
    spans = [(period.previous.start, period.start), (period.start, hour)]

    def cache_key(key, start, end):
        return f"insights:activity:{key}:{start.isoformat()}:{end.isoformat()}"

    cached = cache.get_many(
        [
            cache_key(key, start - shift, end - shift)
            for key, _label, _count in figures
            for start, end in spans
            for shift in (timedelta(0), an_hour)
        ]
    )
    missing = {}
    for key, label, count in figures:
        counts = []
        for start, end in spans:
            wanted, earlier = cache_key(key, start, end), cache_key(key, start - an_hour, end - an_hour)
            if wanted not in cached:
                if earlier in cached:
                    value = cached[earlier] - count(start - an_hour, start) + count(end - an_hour, end)
                else:
                    value = count(start, end)
                cached[wanted] = missing[wanted] = value
            counts.append(cached[wanted])
        before, current = counts[0], counts[1] + count(hour, period.end)
        table.rows.append([label, current, before, _change(current, before)])
    if missing:
        cache.set_many(missing, ACTIVITY_CACHE_SECONDS)
    return table


def warm_activity():
    """Compute the activity figures of every period into the cache (called by the fold task)."""
    for name in PERIODS:
        activity(Period.named(name))


# Health --------------------------------------------------------------------------------------------------------


def _median_hours(seconds):
    return round(statistics.median(seconds) / 3600, 1) if seconds else None


def first_replies(period):
    """Median time from a thread's start to the first reply by someone else, per category, for threads started in
    the period (one query: the first reply is found through the (thread, position) index)."""
    first_reply = (
        Post.objects.filter(thread=OuterRef("pk"), position__gt=1, status=Post.Status.PUBLISHED)
        .exclude(author=OuterRef("author"))
        .order_by("position")
        .values("created_at")[:1]
    )
    threads = (
        Thread.objects.filter(created_at__gte=period.start, created_at__lt=period.end, is_hidden=False, is_held=False)
        .annotate(first_reply_at=Subquery(first_reply))
        .values_list("category_id", "created_at", "first_reply_at")
    )
    waits, started = {}, {}
    for category_id, created_at, first_reply_at in threads:
        started[category_id] = started.get(category_id, 0) + 1
        if first_reply_at is not None:
            waits.setdefault(category_id, []).append((first_reply_at - created_at).total_seconds())
    table = Table(
        "first-reply",
        _("Time to the first reply"),
        [_("Category"), _("Threads started"), _("Answered"), _("Median hours to the first reply")],
    )
    names = dict(Category.objects.filter(pk__in=started).values_list("pk", "name"))
    for category_id in sorted(started, key=lambda pk: names.get(pk, "")):
        answered = waits.get(category_id, [])
        table.rows.append([names.get(category_id), started[category_id], len(answered), _median_hours(answered)])
    everything = [seconds for answered in waits.values() for seconds in answered]
    if started:
        table.rows.append([_("All categories"), sum(started.values()), len(everything), _median_hours(everything)])
    return table


def unanswered(period, now=None):
    """Threads of the period without a reply 48 hours after they were started, newest first."""
    now = now or timezone.now()
    threads = Thread.objects.filter(
        created_at__gte=period.start,
        created_at__lt=now - UNANSWERED_AFTER,
        is_hidden=False,
        is_held=False,
        post_count__lte=1,
    ).select_related("category", "author")
    table = Table("unanswered", _("Threads without a reply after 48 hours"), [_("Thread"), _("Category"), _("Started")])
    for thread in threads.order_by("-created_at")[:LIST_LENGTH]:
        table.rows.append([thread.title, thread.category.name, timezone.localtime(thread.created_at)])
        table.links.append(thread.get_absolute_url())
    return table


def _moderation_seconds(model, actions, period):
    """Seconds from creation to the first moderation decision, for the items decided in the period."""
    decided = (
        ModerationLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), action__in=actions)
        .values("object_id")
        .annotate(first=Min("created_at"))
        .filter(first__gte=period.start, first__lt=period.end)
    )
    decisions = {int(row["object_id"]): row["first"] for row in decided if row["object_id"].isdigit()}
    created = model.objects.filter(pk__in=decisions).values_list("pk", "created_at")
    return [(decisions[pk] - created_at).total_seconds() for pk, created_at in created]


def moderation(period):
    comments = _moderation_seconds(
        Comment, ["comment.approve", "comment.reply", "comment.spam", "comment.reject"], period
    )
    posts = _moderation_seconds(Post, ["forum.post.approve", "forum.post.reject"], period)
    open_reports = Report.objects.filter(status=Report.Status.OPEN).aggregate(
        count=Count("pk"), oldest=Min("created_at")
    )
    joined = get_user_model().objects.filter(date_joined__gte=period.start, date_joined__lt=period.end)
    # The time of each member's first post in each state, each through the (author, status, -created_at) index.
    firsts = {
        status: Subquery(
            Post.objects.filter(author=OuterRef("pk"), status=status).order_by("created_at").values("created_at")[:1]
        )
        for status in Post.Status.values
    }
    statuses = Counter()
    for times in joined.annotate(**firsts).values_list(*Post.Status.values):
        found = [(moment, status) for moment, status in zip(times, Post.Status.values, strict=True) if moment]
        if found:
            statuses[min(found)[1]] += 1
    approved, rejected = statuses.get(Post.Status.PUBLISHED, 0), statuses.get(Post.Status.REJECTED, 0)
    table = Table("moderation", _("Moderation"), [_("Figure"), _("Value")])
    table.rows = [
        [_("Held comments decided"), len(comments)],
        [_("Median hours until a held comment was decided"), _median_hours(comments)],
        [_("Held posts decided"), len(posts)],
        [_("Median hours until a held post was decided"), _median_hours(posts)],
        [_("Open reports"), open_reports["count"]],
        [
            _("Oldest open report (hours)"),
            round((timezone.now() - open_reports["oldest"]).total_seconds() / 3600, 1)
            if open_reports["oldest"]
            else None,
        ],
        [_("New members who wrote a post"), sum(statuses.values())],
        [_("… whose first post was approved"), approved],
        [_("… whose first post was rejected"), rejected],
        [_("… whose first post still waits"), statuses.get(Post.Status.HELD, 0)],
        [
            _("Share of first posts approved (%)"),
            round(approved * 100 / (approved + rejected)) if approved + rejected else None,
        ],
    ]
    return table


# Reach ---------------------------------------------------------------------------------------------------------


def _views(period):
    model = PageViewMonth if period.in_months else PageViewDay
    return model.objects.filter(day__gte=period.views_since, day__lte=period.last_day)


def _by_referrer():
    return {str(referrer): Sum("views", filter=Q(referrer_class=referrer), default=0) for referrer, _label in REFERRERS}


def daily_views(period, content=None):
    """Views per day (per month for the year) by referrer: of the whole site, or of one `content` (kind, id)."""
    counted = _views(period)
    if content is not None:
        counted = counted.filter(kind=content[0], object_id=content[1])
    rows = {}
    for day, referrer, views in (
        counted.values("day", "referrer_class")
        .annotate(total=Sum("views"))
        .values_list("day", "referrer_class", "total")
    ):
        rows.setdefault(day, {})[referrer] = views
    if period.in_months:
        table = Table("daily-views", _("Page views per month"), [_("Month")] + [label for _r, label in REFERRERS])
        days, month = [], period.views_since
        while month <= period.last_day:
            days.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
    else:
        table = Table("daily-views", _("Page views per day"), [_("Day")] + [label for _r, label in REFERRERS])
        count = (period.last_day - period.first_day).days + 1
        days = [period.first_day + timedelta(days=number) for number in range(count)]
    for day in days:
        table.rows.append([day] + [rows.get(day, {}).get(referrer, 0) for referrer, _label in REFERRERS])
    return table


def _titles(keys):
    """{(kind, id): (title, url)} for articles and threads, two queries."""
    articles = [pk for kind, pk in keys if kind == PageViewDay.Kind.ARTICLE]
    threads = [pk for kind, pk in keys if kind == PageViewDay.Kind.THREAD]
    titles = {}
    for article in Article.objects.filter(pk__in=articles).only("title", "slug"):
        titles[(PageViewDay.Kind.ARTICLE, article.pk)] = (article.title, article.get_absolute_url())
    for thread in Thread.objects.filter(pk__in=threads).only("title", "slug"):
        titles[(PageViewDay.Kind.THREAD, thread.pk)] = (thread.title, thread.get_absolute_url())
    return titles


def content_totals(period):
    """Views of each article and thread in the period, by referrer: one query (an index-only scan), kept on the
    period for the figures that share it."""
    if "_content_totals" not in period.__dict__:
        period.__dict__["_content_totals"] = list(
            _views(period)
            .exclude(kind=PageViewDay.Kind.PAGE)
            .values("kind", "object_id", "published_on")
            .annotate(total=Sum("views"), **_by_referrer())
            .order_by("-total", "kind", "object_id")
        )
    return period.__dict__["_content_totals"]


def content_link(period, kind, object_id):
    """The dashboard showing one article's or thread's views per day."""
    return f"?period={period.name}&content={kind}-{object_id}#insights-content"


def parse_content(value):
    """(kind, id) from `article-12` / `thread-7`, or None."""
    kind, _sep, number = (value or "").partition("-")
    if kind in {PageViewDay.Kind.ARTICLE, PageViewDay.Kind.THREAD} and number.isascii() and number.isdigit():
        if len(number) <= 18:
            return kind, int(number)
    return None


def content_title(content):
    """(title, url) of an article or thread, or None when it is gone."""
    return _titles([content]).get(content)


def top_content(period, limit=LIST_LENGTH):
    rows = content_totals(period)[:limit]
    titles = _titles([(row["kind"], row["object_id"]) for row in rows])
    table = Table(
        "content-views",
        _("Most read articles and threads"),
        [_("Content"), _("Kind"), _("Views")] + [label for _r, label in REFERRERS],
    )
    for row in rows:
        title, _url = titles.get((row["kind"], row["object_id"]), (f"#{row['object_id']}", None))
        table.rows.append(
            [title, capfirst(PageViewDay.Kind(row["kind"]).label), row["total"]]
            + [row[str(r)] for r, _label in REFERRERS]
        )
        table.links.append(content_link(period, row["kind"], row["object_id"]))
    return table


def entry_pages(period, limit=LIST_LENGTH):
    """Pages readers arrived on from outside (a search engine, another site, or typed / bookmarked)."""
    rows = (
        _views(period)
        .exclude(referrer_class=PageViewDay.Referrer.INTERNAL)
        .values("path")
        .annotate(total=Sum("views"), **{k: v for k, v in _by_referrer().items() if k != "internal"})
        .order_by("-total", "path")[:limit]
    )
    table = Table(
        "entry-pages",
        _("Top entry pages"),
        [_("Page"), _("Arrivals")] + [label for r, label in REFERRERS if r != PageViewDay.Referrer.INTERNAL],
    )
    for row in rows:
        table.rows.append(
            [row["path"], row["total"]] + [row[str(r)] for r, _l in REFERRERS if r != PageViewDay.Referrer.INTERNAL]
        )
        table.links.append(row["path"])
    return table


def referring_sites(period, limit=20):
    rows = (
        _views(period)
        .filter(referrer_class=PageViewDay.Referrer.SITE)
        .values("referrer_host")
        .annotate(total=Sum("views"))
        .order_by("-total", "referrer_host")[:limit]
    )
    table = Table("referring-sites", _("Other sites readers came from"), [_("Site"), _("Arrivals")])
    table.rows = [[row["referrer_host"], row["total"]] for row in rows]
    return table


def _age_bucket_of(published_on, last_day):
    age = (last_day - published_on).days
    for key, _label, days in AGE_BUCKETS:
        if days is None or age < days:
            return key


def evergreen(period):
    """Views in the period by the age of the content (at the period's end)."""
    last = period.last_day
    totals = dict.fromkeys((key for key, _label, _days in AGE_BUCKETS), 0)
    for row in content_totals(period):
        if row["published_on"] is not None:
            totals[_age_bucket_of(row["published_on"], last)] += row["total"]
    everything = sum(totals.values())
    table = Table("evergreen", _("Views by the age of the content"), [_("Age"), _("Views"), _("Share in %")])
    for key, label, _days in AGE_BUCKETS:
        table.rows.append([label, totals[key], round(totals[key] * 100 / everything) if everything else None])
    return table


def oldest_still_read(period, limit=10):
    """Articles and threads older than a year, most read in the period first."""
    year_ago = period.last_day - timedelta(days=365)
    rows = [row for row in content_totals(period) if row["published_on"] and row["published_on"] < year_ago][:limit]
    titles = _titles([(row["kind"], row["object_id"]) for row in rows])
    table = Table(
        "oldest-read",
        _("Old content still read"),
        [_("Content"), _("Kind"), _("Published"), _("Age in years"), _("Views")],
    )
    for row in rows:
        title, _url = titles.get((row["kind"], row["object_id"]), (f"#{row['object_id']}", None))
        age = round((period.last_day - row["published_on"]).days / 365, 1)
        table.rows.append(
            [title, capfirst(PageViewDay.Kind(row["kind"]).label), row["published_on"], age, row["total"]]
        )
        table.links.append(content_link(period, row["kind"], row["object_id"]))
    return table


# Article → community -------------------------------------------------------------------------------------------


def article_community(period, limit=None):
    """Per published article: readers in the period, its approved comments in the period and the visible forum
    threads that link to it. Three queries for all articles (and the shared views per content)."""
    articles = Article.objects.published().order_by("-published_at").only("title", "slug", "published_at")
    readers = {}
    for row in content_totals(period):
        if row["kind"] == PageViewDay.Kind.ARTICLE:
            readers[row["object_id"]] = readers.get(row["object_id"], 0) + row["total"]
    comments = dict(
        Comment.objects.approved()
        .filter(created_at__gte=period.start, created_at__lt=period.end)
        .values("article_id")
        .annotate(count=Count("pk"))
        .values_list("article_id", "count")
    )
    threads = dict(
        ArticleLink.objects.filter(thread__is_hidden=False, thread__is_held=False)
        .values("article_id")
        .annotate(count=Count("thread_id", distinct=True))
        .values_list("article_id", "count")
    )
    table = Table(
        "article-community",
        _("Articles and the community"),
        [_("Article"), _("Published"), _("Readers"), _("Comments in the period"), _("Linking threads")],
    )
    rows = []
    for article in articles:
        rows.append(
            (
                [
                    article.title,
                    timezone.localdate(article.published_at) if article.published_at else None,
                    readers.get(article.pk, 0),
                    comments.get(article.pk, 0),
                    threads.get(article.pk, 0),
                ],
                article.get_absolute_url(),
            )
        )
    rows.sort(key=lambda row: (-row[0][2], -row[0][4], -row[0][3]))
    for cells, url in rows[:limit]:
        table.rows.append(cells)
        table.links.append(url)
    return table


# Search (when an app provides it) ----------------------------------------------------------------------------


def search_tables(period, limit=20):
    tables = []
    for source in sources.search_sources:
        found = source(period.first_day, period.last_day, limit)
        top = Table("search-top", _("Top search queries"), [_("Query"), _("Searches"), _("Results")])
        top.rows = [list(row) for row in found.get("top", [])]
        zero = Table("search-zero", _("Searches without results"), [_("Query"), _("Searches")])
        zero.rows = [list(row) for row in found.get("zero", [])]
        tables += [top, zero]
        break  # one search app
    return tables


TABLES = {
    "activity": activity,
    "first-reply": first_replies,
    "unanswered": unanswered,
    "moderation": moderation,
    "daily-views": daily_views,
    "content-views": top_content,
    "entry-pages": entry_pages,
    "referring-sites": referring_sites,
    "evergreen": evergreen,
    "oldest-read": oldest_still_read,
    "article-community": article_community,
}
HEALTH_TABLES = {"first-reply", "unanswered", "moderation"}
