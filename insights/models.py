from django.db import models
from django.utils.translation import gettext_lazy as _


class PageViewDay(models.Model):
    """Views of one public page on one day from one kind of referrer: the daily table the counts are folded into.

    Nothing here identifies a reader: no IP, no cookie, no user, no full referrer URL — only the page's path, the
    content it shows (an article or a thread, resolved when the counts are folded), the referrer's class and, for
    other sites, their host name."""

    class Kind(models.TextChoices):
        ARTICLE = "article", _("article")
        THREAD = "thread", _("thread")
        PAGE = "page", _("page")

    class Referrer(models.TextChoices):
        SEARCH = "search", _("search engine")
        SITE = "site", _("other site")
        DIRECT = "direct", _("direct")
        INTERNAL = "internal", _("within the site")

    day = models.DateField(_("day"))
    path = models.CharField(_("page"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.PAGE)
    object_id = models.BigIntegerField(_("content"), null=True, blank=True)
    # The day the content was published (article) or started (thread): the age of a view without a join.
    published_on = models.DateField(_("published"), null=True, blank=True)
    referrer_class = models.CharField(_("referrer"), max_length=10, choices=Referrer)
    referrer_host = models.CharField(_("referring site"), max_length=100, blank=True)
    views = models.PositiveBigIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("page views on a day")
        verbose_name_plural = _("page views per day")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "path", "referrer_class", "referrer_host"], name="insights_pageviewday_unique"
            )
        ]
        indexes = [
            models.Index(fields=["kind", "object_id", "day"], name="insights_pageview_content"),
        ]

    def __str__(self):
        return f"{self.day} {self.path} {self.referrer_class}: {self.views}"


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
