from django.db import models
from django.utils.translation import gettext_lazy as _


class PageViewFields(models.Model):
    """What the daily and the monthly table hold."""

    class Kind(models.TextChoices):
        ARTICLE = "article", _("article")
        THREAD = "thread", _("thread")
        PAGE = "page", _("page")

    class Referrer(models.TextChoices):
        SEARCH = "search", _("search engine")
        SITE = "site", _("other site")
        DIRECT = "direct", _("direct")
        INTERNAL = "internal", _("within the site")

    path = models.CharField(_("page"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.PAGE)
    object_id = models.BigIntegerField(_("content"), null=True, blank=True)
    # The day the content was published (article) or started (thread): the age of a view without a join.
    published_on = models.DateField(_("published"), null=True, blank=True)
    referrer_class = models.CharField(_("referrer"), max_length=10, choices=Referrer)
    referrer_host = models.CharField(_("referring site"), max_length=100, blank=True)
    views = models.PositiveBigIntegerField(_("views"), default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.day} {self.path} {self.referrer_class}: {self.views}"


class PageViewDay(PageViewFields):
    """Views of one public page on one day from one kind of referrer: the daily table the counts are folded into.

    Nothing here identifies a reader: no IP, no cookie, no user, no full referrer URL — only the page's path, the
    content it shows (an article or a thread, resolved when the counts are folded), the referrer's class and, for
    other sites, their host name."""

    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("page views on a day")
        verbose_name_plural = _("page views per day")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "path", "referrer_class", "referrer_host"], name="insights_pageviewday_unique"
            )
        ]
        indexes = [
            # The figures per content read only this index (an index-only scan; `views` as a key column, as SQLite has
            # no INCLUDE).
            models.Index(
                fields=["day", "kind", "object_id", "published_on", "referrer_class", "views"],
                name="insights_pageviewday_content",
            ),
        ]


class PageViewMonth(PageViewFields):
    """The same counts per calendar month (`day` is the month's first day): the year's figures read twelve
    months' rows instead of 365 days'. Filled by the same fold, in the same transaction."""

    day = models.DateField(_("month"))

    class Meta:
        verbose_name = _("page views in a month")
        verbose_name_plural = _("page views per month")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "path", "referrer_class", "referrer_host"], name="insights_pageviewmonth_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["day", "kind", "object_id", "published_on", "referrer_class", "views"],
                name="insights_pageviewmonth_content",
            ),
        ]


class FoldedBatch(models.Model):
    """A batch of counts taken from the cache and folded into PageViewDay: written in the same transaction as its
    counts, so a batch that two folds read (one crashed, or both ran at once) is added once."""

    batch = models.CharField(max_length=64, unique=True)
    folded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return self.batch


class ArticleLink(models.Model):
    """A forum post that links to an article, found when the post is saved (insights/links.py)."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey("forum.Thread", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "post"], name="insights_articlelink_unique")]

    def __str__(self):
        return f"{self.post_id} -> {self.article_id}"
