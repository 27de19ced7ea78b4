"""What a member has not read yet, at a constant number of queries per page.

A post is *unread* for a member when it counts (published, neither hidden nor deleted), its number is above the
member's read position in its thread (`ThreadRead.last_position`, 0 when they never opened it) and it was written
after the member's *threshold* for its category: the latest of
  - now minus FORUM_UNREAD_DAYS (older activity counts as read, so a new member's lists are not all bold),
  - the member's "mark all as read" for the whole forum, and for the thread's category (`ReadMark`).
A thread is unread when its last post is. Anonymous readers have no reading state, and their pages stay cached.

The read position moves only forward, and only as far as the member has seen every post (visible to them) up to
it: the highest number N such that every post numbered up to N was shown on a page they opened (the threaded view
shows posts out of number order, so a page far into a long thread does not count the pages in between as read).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from forum.models import Post, ReadMark, Thread, ThreadRead


@dataclass
class ReadState:
    cutoff: datetime
    overall: datetime | None = None
    categories: dict = field(default_factory=dict)

    @property
    def base(self) -> datetime:
        return max(self.cutoff, self.overall) if self.overall else self.cutoff


def read_state(user) -> ReadState | None:
    """The member's marks for the lists that filter by them (one query, once per request); None for anonymous
    readers. Pages of single threads read the marks with the thread instead (`with_read_position`)."""
    if not user.is_authenticated:
        return None
    state = getattr(user, "_forum_read_state", None)
    if state is None:
        state = ReadState(cutoff=timezone.now() - timedelta(days=settings.FORUM_UNREAD_DAYS))
        for category_id, marked_at in ReadMark.objects.filter(user=user).values_list("category_id", "marked_at"):
            if category_id is None:
                state.overall = marked_at
            else:
                state.categories[category_id] = marked_at
        user._forum_read_state = state
    return state


def _threshold(thread):
    cutoff = timezone.now() - timedelta(days=settings.FORUM_UNREAD_DAYS)
    return max(cutoff, thread.read_mark) if thread.read_mark else cutoff


def is_unread(thread) -> bool:
    """For a thread from `Thread.objects.with_read_position(user)`: no query."""
    last = getattr(thread, "last_post_position", None)
    if last is None or (thread.read_position or 0) >= last:
        return False
    return thread.last_activity_at > _threshold(thread)


# A thread row counts at most this many unread posts ("more than 100 unread" beyond): counting stops there, so
# the row of a long thread opened long ago costs no more than any other.
UNREAD_COUNT_CAP = 100


def mark_threads(threads, user):
    """Set `is_unread`, `is_new` (never opened), `unread_count` (at most UNREAD_COUNT_CAP) and `unread_more` (there
    are more than that) on threads from `with_read_position(user)`: one query for all of them (the unread posts of
    each unread thread the member has opened, counted up to the cap), none when there are none. A new thread's row
    says "new", not a count: its posts are not counted. `created_at` must be loaded (not deferred)."""
    unread = []
    for thread in threads:
        thread.is_unread = is_unread(thread)
        # New: never opened, and started after the threshold (an older thread's posts up to it count as read).
        thread.is_new = thread.is_unread and thread.read_position is None and thread.created_at > _threshold(thread)
        thread.unread_count = 0
        thread.unread_more = False
        if thread.is_unread and not thread.is_new:
            unread.append(thread)
    if unread:
        counts = _capped_unread_counts(unread)
        for thread in unread:
            count = counts.get(thread.pk, 0)
            thread.unread_count, thread.unread_more = min(count, UNREAD_COUNT_CAP), count > UNREAD_COUNT_CAP
    return threads


# Stand-ins for one thread's values in its unread posts' query (`_capped_unread_counts`).
_STAND_IN_THREAD, _STAND_IN_POSITION = 918273645, 918273646  # in range: the ORM drops a condition out of it
_STAND_IN_TIME = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)


def _capped_unread_counts(threads) -> dict:
    """{thread id: its unread posts, counted up to UNREAD_COUNT_CAP + 1} in one statement: per thread, a count over
    its unread posts (`Post.objects.counted()`, the posts the pages count) limited to the cap: it walks the
    thread's posts since the threshold in the (thread, created_at) index, and only up to the cap.

    The per-thread query is built by the ORM once, with stand-in values, and repeated with each thread's values in
    their places (building it for 25 threads cost a list page more than running the statement)."""
    posts = (
        Post.objects.counted()
        .filter(thread_id=_STAND_IN_THREAD, position__gt=_STAND_IN_POSITION, created_at__gt=_STAND_IN_TIME)
        .order_by()
        .values("pk")[: UNREAD_COUNT_CAP + 1]
    )
    sql, params = posts.query.sql_with_params()
    adapt = connection.ops.adapt_datetimefield_value
    stand_in_time = adapt(_STAND_IN_TIME)
    if not {_STAND_IN_THREAD, _STAND_IN_POSITION, stand_in_time} <= set(params):
        raise AssertionError("a stand-in value is not a parameter of the unread posts' query")
    statement = f"SELECT %s, (SELECT COUNT(*) FROM ({sql}) AS capped)"  # noqa: S608 - ORM-built SQL
    all_params = []
    for thread in threads:
        values = {
            _STAND_IN_THREAD: thread.pk,
            _STAND_IN_POSITION: thread.read_position or 0,
            stand_in_time: adapt(_threshold(thread)),
        }
        all_params += [thread.pk, *(values.get(param, param) for param in params)]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([statement] * len(threads)), all_params)
        return dict(cursor.fetchall())


def _exclude_marked(threads, state):
    base = state.base
    for category_id, marked_at in state.categories.items():
        if marked_at > base:
            threads = threads.exclude(category_id=category_id, last_activity_at__lte=marked_at)
    return threads


def unread_threads(user):
    """Threads with unread posts for `user`, newest activity first: walks the threads active since the base
    threshold (at most FORUM_UNREAD_DAYS) in the activity index."""
    state = read_state(user)
    threads = Thread.objects.listed_for(user).filter(last_activity_at__gt=state.base, last_post__isnull=False)
    threads = _exclude_marked(threads, state).with_read_position(user)
    return threads.filter(Q(read_position__isnull=True) | Q(read_position__lt=F("last_post_position")))


def with_unread_flag(categories, user):
    """Annotate `has_unread` on categories: whether a thread listed in the category is unread for `user` (one
    EXISTS per category in the same query, stopping at the first unread thread)."""
    state = read_state(user)
    if state is None:
        return categories
    read = ThreadRead.objects.filter(
        user=user, thread=OuterRef("pk"), last_position__gte=OuterRef("last_post__position")
    )
    threads = Thread.objects.visible().filter(
        category=OuterRef("pk"), last_activity_at__gt=state.base, last_post__isnull=False
    )
    threads = _exclude_marked(threads, state).filter(~Exists(read))
    return categories.annotate(has_unread=Exists(threads))


def first_unread_post(thread, *, threaded: bool):
    """The first post of `thread` (from `with_read_position`) that its reader has not read, in the reading order
    of the view (threaded: depth-first by path; chronological: by number); None when everything is read."""
    if not is_unread(thread):
        return None
    posts = Post.objects.counted().filter(
        thread_id=thread.pk, position__gt=thread.read_position or 0, created_at__gt=_threshold(thread)
    )
    return posts.order_by("path" if threaded else "position").first()


def first_unread_on_page(thread, posts):
    """The first post of a page (in its order) that was unread when the page was asked for: no query."""
    if not is_unread(thread):
        return None
    read, threshold = thread.read_position or 0, _threshold(thread)
    for post in posts:
        if post.position > read and post.created_at > threshold and post.status == Post.Status.PUBLISHED:
            if not post.is_hidden and not post.is_deleted:
                return post
    return None


def record_reading(*, user, thread, posts) -> None:
    """Move `user`'s read position in `thread` forward over the `posts` of the page just shown, as far as no post
    they have not seen lies in between. At most two queries, none when the page holds nothing new."""
    if not user.is_authenticated:
        return
    read = thread.read_position or 0
    shown = {post.position for post in posts if post.position > read}
    if not shown:
        return
    # The first post after the read position that this page did not show (in the threaded view, posts of other
    # branches; in both, replies written since the page's posts were read).
    gap = (
        thread.posts.visible_to(user)
        .filter(position__gt=read)
        .exclude(position__in=shown)
        .order_by("position")
        .values_list("position", flat=True)
        .first()
    )
    mark = max(shown) if gap is None else min(max(shown), gap - 1)
    if mark > read:
        advance(user=user, thread=thread, position=mark)
        thread.read_position = mark


def advance(*, user, thread, position) -> None:
    """Set the read position to `position` unless it is already further: one statement, safe when two tabs (or a
    slow and a fast request) write at once."""
    table = ThreadRead._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (user_id, thread_id, last_position, read_at) VALUES (%s, %s, %s, %s) "
            f"ON CONFLICT (user_id, thread_id) DO UPDATE SET last_position = excluded.last_position, "
            f"read_at = excluded.read_at WHERE {table}.last_position < excluded.last_position",
            [user.pk, thread.pk, position, timezone.now()],
        )


def mark_all_read(*, user, category=None) -> None:
    """Everything written until now counts as read: in `category` and its subcategories, or in the whole forum."""
    now = timezone.now()
    categories = [None] if category is None else [category, *category.children.all()]
    for each in categories:
        ReadMark.objects.update_or_create(user=user, category=each, defaults={"marked_at": now})
    if hasattr(user, "_forum_read_state"):
        del user._forum_read_state
