import math
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import StartsWith
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.markup import link_hosts, render_markdown
from core.validators import (
    public_host,
    validate_line,
    validate_not_blank_after_normalising,
    validate_public_url,
    validate_text,
)

# Article slugs share /artikel/<slug>/ with these fixed pages.
RESERVED_SLUGS = frozenset({"feed", "rubrik", "serie", "moderation"})

# A comment's path: one fixed-width, zero-padded segment per level (its ancestors' ids, then its own), so sorting
# by path gives the thread in reading order on every database and collation.
PATH_SEGMENT = 10


def validate_not_reserved_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(_("This address is reserved; please choose another slug."), code="reserved")


class Category(models.Model):
    """A Rubrik: staff manage them in the admin."""

    name = models.CharField(_("name"), max_length=100, validators=[validate_line, validate_not_blank_after_normalising])
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True, validators=[validate_text])

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:category_detail", kwargs={"slug": self.slug})


class Series(models.Model):
    """Articles meant to be read in order ("Weiter zum Kapitel …")."""

    title = models.CharField(
        _("title"), max_length=200, validators=[validate_line, validate_not_blank_after_normalising]
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True, validators=[validate_text])

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = pgettext_lazy("plural", "series")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:series_detail", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Published and due: a future `published_at` schedules the article, decided here, at query time."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def next_publication_at(self):
        """When the next scheduled article goes live (None: none is scheduled); pages listing articles are cached
        no longer than until then."""
        scheduled = self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        return scheduled.order_by("published_at").values_list("published_at", flat=True).first()

    def visible_to(self, user):
        """Staff also see drafts and scheduled articles (the preview); everyone else only published ones."""
        if user.is_authenticated and user.is_staff:
            return self
        return self.published()

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def with_related(self):
        return self.select_related("author", "category", "series")

    def with_comment_counts(self):
        return self.annotate(
            approved_comment_count=Count("comments", filter=Q(comments__status=Comment.Status.APPROVED)),
            pending_comment_count=Count("comments", filter=Q(comments__status=Comment.Status.PENDING)),
        )

    def with_public_comment_count(self):
        """`comment_count`: the comments readers see (approved, and not under a pending or spam comment)."""
        counts = (
            Comment.objects.public()
            .filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(comment_count=Coalesce(Subquery(counts), 0))

    def with_last_comment(self):
        return self.annotate(
            last_comment_at=Max("comments__created_at", filter=Q(comments__status=Comment.Status.APPROVED))
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(
        _("title"), max_length=200, validators=[validate_line, validate_not_blank_after_normalising]
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True, validators=[validate_not_reserved_slug])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="articles",
        limit_choices_to={"is_staff": True},
        verbose_name=_("author"),
    )
    summary = models.TextField(
        _("summary"),
        max_length=500,
        validators=[validate_text],
        help_text=_("The teaser shown in lists and feeds (plain text)."),
    )
    body = models.TextField(_("text"), validators=[validate_text], help_text=_("Markdown."))
    body_html = models.TextField(editable=False)
    cover_image = models.ImageField(_("cover image"), upload_to="articles/%Y/", blank=True)
    cover_alt = models.CharField(
        _("alternative text of the cover image"),
        max_length=250,
        blank=True,
        validators=[validate_line],
        help_text=_("Describes the image for readers who cannot see it. Required with a cover image."),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("category")
    )
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("series"),
    )
    series_position = models.PositiveIntegerField(_("position in the series"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("A date in the future schedules the article: it appears at that moment."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    comments_open = models.BooleanField(_("comments open"), default=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "published_at"], name="article_status_published"),
            models.Index(fields=["category", "status", "published_at"], name="article_category_published"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["series", "series_position"], name="article_unique_series_position"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article_detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.cover_image and not self.cover_alt.strip():
            errors["cover_alt"] = _("Please describe the cover image.")
        if self.series_id and self.series_position is None:
            errors["series_position"] = _("Please give the article's position in the series.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def reading_minutes(self):
        return max(1, math.ceil(len(self.body.split()) / 200))

    def comments_are_open(self):
        """Open when the article is published, comments are on, and the automatic closing time has not passed."""
        if not self.comments_open or not self.is_published:
            return False
        closing = self.comments_close_at()
        return closing is None or timezone.now() < closing

    def comments_close_at(self):
        """When comments close by themselves (COMMENTS_CLOSE_AFTER_DAYS after publication), or None."""
        days = settings.COMMENTS_CLOSE_AFTER_DAYS
        return self.published_at + timedelta(days=days) if days and self.published_at else None

    def series_neighbours(self):
        """The previous and next published chapters of this article's series, in one query."""
        if not self.series_id or self.series_position is None:
            return None, None
        chapters = Article.objects.published().filter(series_id=self.series_id).exclude(pk=self.pk)
        previous = next_ = None
        for chapter in chapters.filter(
            Q(series_position__lt=self.series_position) | Q(series_position__gt=self.series_position)
        ).only("title", "slug", "series_position"):
            if chapter.series_position < self.series_position:
                if previous is None or chapter.series_position > previous.series_position:
                    previous = chapter
            elif next_ is None or chapter.series_position < next_.series_position:
                next_ = chapter
        return previous, next_


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def public(self):
        """What every reader sees: approved comments none of whose ancestors is pending or spam.

        (An approved reply stays hidden while the comment it answers is pending or spam.)
        """
        # Not approved = pending or spam, spelt as an equality so that the index (article, status, path) finds the
        # few such comments of the article instead of reading all of them for every comment checked.
        hidden_ancestor = Comment.objects.filter(
            article=OuterRef("article"), status__in=[Comment.Status.PENDING, Comment.Status.SPAM]
        ).filter(StartsWith(OuterRef("path"), F("path")))
        return self.approved().exclude(Exists(hidden_ancestor))

    def on_published_articles(self):
        return self.filter(article__in=Article.objects.published())

    def visible_to(self, user, own_pending_ids=()):
        """Approved comments; pending ones also for moderators and for their own author."""
        from articles.permissions import can_moderate_comments

        if can_moderate_comments(user):
            return self.filter(status__in=[Comment.Status.APPROVED, Comment.Status.PENDING])
        condition = Q(status=Comment.Status.APPROVED)
        own = Q(pk__in=[pk for pk in own_pending_ids if isinstance(pk, int)])
        if user.is_authenticated:
            own |= Q(user=user)
        return self.filter(condition | (Q(status=Comment.Status.PENDING) & own))

    def in_thread_order(self):
        return self.order_by("path")


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments", verbose_name=_("article"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies", verbose_name=_("reply to")
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="article_comments",
        verbose_name=_("member"),
    )
    name = models.CharField(
        _("name"), max_length=100, blank=True, validators=[validate_line, validate_not_blank_after_normalising]
    )
    email = models.EmailField(_("e-mail"), blank=True, validators=[validate_line])
    website = models.URLField(
        _("website"),
        max_length=200,
        blank=True,
        validators=[validate_line, URLValidator(schemes=["http", "https"]), validate_public_url],
    )
    body = models.TextField(
        _("comment"),
        validators=[validate_text],
        help_text=_("Markdown."),
    )
    body_html = models.TextField(editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING, db_index=True)
    hold_reason = models.TextField(_("why held"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    ip_truncated = models.BooleanField(_("IP address truncated"), default=False)
    notify_on_approval = models.BooleanField(_("e-mail on approval"), default=False)
    created_at = models.DateTimeField(_("written"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    like_count = models.PositiveIntegerField(_("likes"), default=0, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["-created_at"]
        permissions = [("moderate_comment", _("Can moderate article comments"))]
        indexes = [
            models.Index(fields=["article", "status", "path"], name="comment_article_status_path"),
            models.Index(fields=["status", "created_at"], name="comment_status_created"),
            models.Index(fields=["email", "status"], name="comment_email_status"),
        ]

    def __str__(self):
        return _("%(name)s on “%(article)s”") % {"name": self.author_name, "article": self.article}

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)
        if not self.path:
            self.path = (self.parent.path if self.parent_id else "") + str(self.pk).zfill(PATH_SEGMENT)
            Comment.objects.filter(pk=self.pk).update(path=self.path)

    def get_absolute_url(self):
        """A permalink that redirects to the right page of the article's comments."""
        return reverse("articles:comment_permalink", kwargs={"slug": self.article.slug, "pk": self.pk})

    @property
    def author_name(self):
        if self.user_id and self.user:
            return self.user.public_name
        return self.name

    @property
    def author_email(self):
        """For moderators and notifications only; never rendered publicly."""
        if self.user_id and self.user:
            return self.user.email
        return self.email

    @property
    def website_host(self):
        """The host the website address leads to, for moderators ("" when it is no public address)."""
        return public_host(self.website)

    @property
    def linked_hosts(self):
        """The hosts the links in the text lead to, for moderators."""
        return link_hosts(self.body_html)

    @property
    def depth(self):
        """0 for a top-level comment, 1 for a reply, …"""
        return max(0, len(self.path) // PATH_SEGMENT - 1)

    @property
    def ancestor_ids(self):
        segments = [int(self.path[i : i + PATH_SEGMENT]) for i in range(0, len(self.path), PATH_SEGMENT)]
        return segments[:-1]

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def indent(self):
        """The indentation level shown; deeper levels (a large COMMENTS_MAX_DEPTH) stay at the fourth."""
        return min(self.depth, 4)

    @property
    def initials(self):
        """The first letters of the first two words; invisible characters (e.g. direction marks) are skipped."""
        firsts = [next((char for char in part if char.isalnum()), "") for part in self.author_name.split()]
        return "".join(first for first in firsts if first)[:2].upper() or "?"

    @property
    def avatar_variant(self):
        """One of eight avatar colours, from an HMAC with the site secret — never from the e-mail address."""
        key = f"user:{self.user_id}" if self.user_id else f"name:{self.name}"
        return int(salted_hmac("articles.avatar", key, algorithm="sha256").hexdigest()[:8], 16) % 8


class ModerationWord(models.Model):
    """A word staff put on the moderation list (hold the comment) or the block list (straight to spam)."""

    class Action(models.TextChoices):
        HOLD = "hold", _("Hold for moderation")
        BLOCK = "block", _("Mark as spam")

    word = models.CharField(_("word"), max_length=100, unique=True, validators=[validate_line])
    action = models.CharField(_("action"), max_length=10, choices=Action, default=Action.HOLD)

    class Meta:
        verbose_name = _("moderation word")
        verbose_name_plural = _("moderation words")
        ordering = ["word"]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.word = self.word.strip().casefold()
        super().save(*args, **kwargs)


class CommentLike(models.Model):
    """A member likes ("Gefällt mir") an approved comment; `Comment.like_count` counts these rows."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [models.UniqueConstraint(fields=["user", "comment"], name="articles_commentlike_once")]
        indexes = [models.Index(fields=["comment", "-created_at"], name="articles_commentlike_comment")]

    def __str__(self):
        return f"{self.user_id} ♥ {self.comment_id}"
