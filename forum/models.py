"""Forum: categories (Bereiche), threads, posts with threaded replies, post revisions, reports, preferences.

A thread is ordered two ways, both in constant time per page:

* `Post.position` — a per-thread sequence number (1 = opening post). The chronological page N holds the
  positions ((N-1)·size, N·size], read through the index (thread, position).
* `Post.path` — a materialised path of fixed-width, zero-padded decimal segments, one per level. Sorting by
  path gives the threaded (depth-first) order, read through the index (thread, path). The path holds only ASCII
  digits, so its byte order equals its order under every collation: no `db_collation="C"`, which SQLite lacks.
  The opening post's path is `segment(0)`; the k-th direct reply to it gets `segment(k)` (its *branch number*),
  so the threaded page N holds branches ((N-1)·size, N·size] — one range scan `path >= lo AND path < hi`.
  Deeper replies append `segment(position)`: siblings stay in chronological order.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.models import profile_urls
from core.markup import render_markdown
from core.validators import validate_line, validate_not_blank_after_normalising, validate_text

PATH_SEGMENT_WIDTH = 7  # up to 9,999,999 posts per thread
PATH_MAX_DEPTH = 36  # levels stored in the path; deeper replies are placed next to their parent
PATH_MAX_LENGTH = PATH_SEGMENT_WIDTH * PATH_MAX_DEPTH


# slugify() drops "ß" and turns "ä" into "a" ("Große Fahrräder" → "groe-fahrrader"); German readers write
# "grosse-fahrraeder".
GERMAN_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)


def path_segment(number: int) -> str:
    return str(number).zfill(PATH_SEGMENT_WIDTH)


class CategoryQuerySet(models.QuerySet):
    def readable_by(self, user):
        return self if user.is_authenticated else self.filter(members_only=False)


class Category(models.Model):
    name = models.CharField(_("name"), max_length=80, validators=[validate_line, validate_not_blank_after_normalising])
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True, validators=[validate_text])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
        help_text=_("Leave empty for a top-level category. Only one level of subcategories is possible."),
    )
    is_closed = models.BooleanField(
        _("closed"), default=False, help_text=_("A closed category takes no new threads or replies.")
    )
    members_only = models.BooleanField(
        _("members only"), default=False, help_text=_("Only logged-in members can read this category.")
    )
    is_question = models.BooleanField(
        _("questions and answers"),
        default=False,
        help_text=_("A thread's author (or a moderator) can mark one reply as the solution."),
    )
    thread_count = models.PositiveIntegerField(_("threads"), default=0, editable=False)
    post_count = models.PositiveIntegerField(_("posts"), default=0, editable=False)
    last_post = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # What a members-only category holds stays among members: its subcategories are members-only too
        # (anonymous readers could otherwise reach them, their threads and posts through the sitemap and profiles).
        if self.parent_id and not self.members_only:
            self.members_only = Category.objects.filter(pk=self.parent_id, members_only=True).exists()
        super().save(*args, **kwargs)
        if self.members_only and self.pk:
            Category.objects.filter(parent_id=self.pk, members_only=False).update(members_only=True)

    def get_absolute_url(self):
        return reverse("forum:category_detail", kwargs={"slug": self.slug})

    def roll_up(self, subcategories=()):
        """Set what a list of categories shows: `subcategories`, and this category's counts and latest post together
        with theirs. Pass only the subcategories the reader may read (a members-only subcategory adds nothing for
        anonymous readers); the totals are sums of the exact counters the services keep, so they are exact too."""
        self.subcategories = list(subcategories)
        family = [self, *self.subcategories]
        self.total_thread_count = sum(category.thread_count for category in family)
        self.total_post_count = sum(category.post_count for category in family)
        latest = [category.last_post for category in family if category.last_post_id]
        self.latest_post = max(latest, key=lambda post: (post.created_at, post.pk), default=None)
        # With `has_unread` annotated (forum.unread.with_unread_flag): a subcategory's unread threads mark the parent.
        if hasattr(self, "has_unread"):
            self.has_unread = any(getattr(category, "has_unread", False) for category in family)
        return self

    def clean(self):
        if self.parent_id:
            if self.parent.parent_id:
                raise ValidationError({"parent": _("Subcategories cannot have subcategories of their own.")})
            if self.pk and (self.parent_id == self.pk or self.children.exists()):
                raise ValidationError({"parent": _("A category with subcategories cannot become a subcategory.")})


class ThreadQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_hidden=False, is_held=False)

    def visible_to(self, user):
        from forum.permissions import can_moderate

        if can_moderate(user):
            return self
        if user.is_authenticated:
            return self.filter(Q(is_hidden=False) & (Q(is_held=False) | Q(author=user)))
        return self.visible().filter(category__members_only=False)

    def public(self):
        return self.visible().filter(category__members_only=False)

    def listed_for(self, user):
        """Threads anyone like `user` may find in a list: visible, in a category `user` may read."""
        return self.visible() if user.is_authenticated else self.public()

    def with_read_position(self, user):
        """Each thread with `read_position`: how far `user` has read it (None: never opened), `read_mark`: when
        they last marked its category or the forum as read, and `last_post_position`. Nothing for anonymous
        readers (forum/unread.py)."""
        if not user.is_authenticated:
            return self
        read = ThreadRead.objects.filter(user=user, thread=models.OuterRef("pk")).values("last_position")[:1]
        marks = (
            ReadMark.objects.filter(user=user)
            .filter(Q(category=None) | Q(category=models.OuterRef("category_id")))
            .order_by("-marked_at")
            .values("marked_at")[:1]
        )
        return self.annotate(
            read_position=models.Subquery(read),
            read_mark=models.Subquery(marks),
            last_post_position=models.F("last_post__position"),
        )


class Thread(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads", verbose_name=_("category"))
    title = models.CharField(
        _("title"),
        max_length=150,
        validators=[MinLengthValidator(3), validate_line, validate_not_blank_after_normalising],
    )
    slug = models.SlugField(_("slug"), max_length=160, allow_unicode=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_threads", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    post_count = models.PositiveIntegerField(_("posts"), default=0, editable=False)
    last_post = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    # Allocation counters, read and advanced under the thread's row lock.
    last_position = models.PositiveIntegerField(default=0, editable=False)
    branch_count = models.PositiveIntegerField(default=0, editable=False)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_held = models.BooleanField(_("awaiting approval"), default=False, editable=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True, validators=[validate_line])
    # In a question category: the reply that answered the question (forum/services.py keeps it a shown reply).
    solution = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+",
        verbose_name=_("solution"),
    )  # fmt: skip
    solved_at = models.DateTimeField(_("solved at"), null=True, blank=True, editable=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-is_pinned", "-last_activity_at", "-pk"]
        permissions = [("moderate_forum", _("Can moderate the forum"))]
        indexes = [
            # A category's page walks this in order and stops after one page, for every reader: the few hidden or
            # held threads are filtered on the way (with them in the index, only anonymous readers' equality
            # filters could use it, and members' pages sorted the whole category: 11 ms for 730 threads).
            models.Index(fields=["category", "-is_pinned", "-last_activity_at", "-id"], name="forum_thread_listing"),
            models.Index(fields=["category", "-last_activity_at"], name="forum_thread_category_activity"),
            # The home page's "active in the forum" across all categories: walked in order, stopped after a few.
            models.Index(fields=["-last_activity_at"], name="forum_thread_activity"),
            models.Index(fields=["author", "-created_at"], name="forum_thread_author"),
            # The owner's dashboard counts solutions marked in a period (forum/insights.py).
            models.Index(fields=["solved_at"], condition=Q(solved_at__isnull=False), name="forum_thread_solved"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title.translate(GERMAN_TRANSLITERATION))[:160] or "thema"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("forum:thread_detail", kwargs={"pk": self.pk, "slug": self.slug})


class PostQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(status=Post.Status.PUBLISHED)

    def visible_to(self, user):
        """Posts listed in a thread for `user`: published (hidden or deleted ones as a placeholder), the user's
        own held posts, and everything for moderators."""
        from forum.permissions import can_moderate

        if can_moderate(user):
            return self
        if user.is_authenticated:
            return self.filter(Q(status=Post.Status.PUBLISHED) | Q(status=Post.Status.HELD, author=user))
        return self.visible()

    def counted(self):
        """Posts that count: published, neither hidden nor deleted."""
        return self.filter(status=Post.Status.PUBLISHED, is_hidden=False, is_deleted=False)

    def public(self):
        """Posts anyone may read in full: counted, in a visible thread of a public category."""
        return self.listed_for(None)

    def listed_for(self, user):
        """Posts `user` may read in full in a list: counted, in a visible thread of a category they may read."""
        posts = self.counted().filter(thread__is_hidden=False, thread__is_held=False)
        if user is None or not user.is_authenticated:
            posts = posts.filter(thread__category__members_only=False)
        return posts


class Post(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("published")
        HELD = "held", _("awaiting approval")
        REJECTED = "rejected", _("rejected")

    # No index of its own: the unique (thread, position) and (thread, path) indexes serve every lookup, and a
    # single-column index misled the planner into scanning whole threads (docs/performance-notes.md).
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread"), db_index=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_posts", verbose_name=_("author")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    body = models.TextField(_("text"), validators=[validate_text])
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True, editable=False)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    edit_count = models.PositiveIntegerField(_("edits"), default=0, editable=False)
    position = models.PositiveIntegerField(_("number"), editable=False)
    path = models.CharField(max_length=PATH_MAX_LENGTH, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PUBLISHED)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True, validators=[validate_line])
    is_deleted = models.BooleanField(_("deleted by the author"), default=False)
    # When the author deleted it: the text is purged FORUM_DELETED_POSTS_GRACE_DAYS later (forum.services).
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)
    like_count = models.PositiveIntegerField(_("likes"), default=0, editable=False)
    # A token from the form, so that submitting the same form twice creates one post.
    submit_token = models.UUIDField(null=True, blank=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["thread_id", "position"]  # not "thread": that would join and sort by the thread's ordering
        constraints = [
            models.UniqueConstraint(fields=["thread", "position"], name="forum_post_unique_position"),
            models.UniqueConstraint(fields=["thread", "path"], name="forum_post_unique_path"),
            models.UniqueConstraint(fields=["author", "submit_token"], name="forum_post_unique_submit_token"),
        ]
        indexes = [
            models.Index(fields=["author", "status", "-created_at"], name="forum_post_author"),
            models.Index(fields=["status", "created_at"], name="forum_post_status"),
            # The retention job purges the text of posts deleted long enough ago (forum.services).
            models.Index(fields=["deleted_at"], condition=Q(is_deleted=True), name="forum_post_deleted"),
            # A thread's posts since the unread threshold (forum.unread counts a list's unread posts by it).
            models.Index(fields=["thread", "created_at"], name="forum_post_thread_created"),
        ]

    def __str__(self):
        return f"#{self.position} {self.thread.title}" if self.thread_id else f"#{self.position}"

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body, mentions=profile_urls)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("forum:post_permalink", kwargs={"pk": self.pk})

    @property
    def is_opening_post(self):
        return self.position == 1

    @property
    def branch_number(self):
        """The number of the top-level branch this post belongs to (0 for the opening post)."""
        return int(self.path[:PATH_SEGMENT_WIDTH])

    @property
    def is_held(self):
        return self.status == self.Status.HELD

    @property
    def is_rejected(self):
        return self.status == self.Status.REJECTED


class PostRevision(models.Model):
    """The text of a post before an edit; visible to moderators."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written"))
    replaced_at = models.DateTimeField(_("replaced"), default=timezone.now)
    replaced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")
        ordering = ["-replaced_at", "-pk"]

    def __str__(self):
        return f"{self.post} ({self.replaced_at:%Y-%m-%d %H:%M})"


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        OFFENSIVE = "offensive", _("Offensive")
        OFF_TOPIC = "off_topic", _("Off-topic")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        RESOLVED = "resolved", _("resolved")
        DISMISSED = "dismissed", _("dismissed")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports", verbose_name=_("post"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_reports", verbose_name=_("reported by")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason)
    text = models.TextField(_("details"), max_length=1000, blank=True, validators=[validate_text])
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="forum_report_once_per_member")]
        indexes = [models.Index(fields=["status", "created_at"], name="forum_report_status")]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.post}"


class ReadingPreference(models.Model):
    """How a member likes to read threads. Anonymous readers keep the choice in their session."""

    class View(models.TextChoices):
        THREADED = "threaded", _("Threaded")
        CHRONOLOGICAL = "chrono", _("Chronological")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_preference")
    thread_view = models.CharField(max_length=10, choices=View, default=View.THREADED)

    class Meta:
        verbose_name = _("reading preference")
        verbose_name_plural = _("reading preferences")

    def __str__(self):
        return f"{self.user}: {self.thread_view}"


class ThreadRead(models.Model):
    """How far a member has read a thread: the highest post number up to which they have seen every post shown to
    them. One row per member and thread, moved only forward (forum/unread.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    last_position = models.PositiveIntegerField(default=0)
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("read position")
        verbose_name_plural = _("read positions")
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="forum_threadread_once")]

    def __str__(self):
        return f"{self.user_id} @ {self.thread_id}: {self.last_position}"


class ReadMark(models.Model):
    """ "Mark all as read": everything written before `marked_at` counts as read, in one category or (without a
    category) in the whole forum."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("read mark")
        verbose_name_plural = _("read marks")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "category"], condition=Q(category__isnull=False), name="forum_readmark_category"
            ),
            models.UniqueConstraint(fields=["user"], condition=Q(category__isnull=True), name="forum_readmark_all"),
        ]

    def __str__(self):
        return f"{self.user_id} / {self.category_id}: {self.marked_at}"


class PostLike(models.Model):
    """A member likes ("Gefällt mir") a post; `Post.like_count` counts these rows."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="forum_postlike_once")]
        indexes = [models.Index(fields=["post", "-created_at"], name="forum_postlike_post")]

    def __str__(self):
        return f"{self.user_id} ♥ {self.post_id}"


class Bookmark(models.Model):
    """A post a member keeps ("Merken") to find it again on their list."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="forum_bookmark_once")]
        indexes = [models.Index(fields=["user", "-created_at"], name="forum_bookmark_user")]

    def __str__(self):
        return f"{self.user_id} 🔖 {self.post_id}"
