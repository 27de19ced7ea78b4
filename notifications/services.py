"""Who hears of what: the recipients of each event, their watch levels and settings, and the unread counter.

Receivers (notifications/receivers.py) hand events to background tasks (notifications/tasks.py); the tasks call
the `notify_*` functions here, which create the notifications in bulk and mark those that are due by e-mail.
"""

import re
from datetime import timedelta
from itertools import islice

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import transaction
from django.db.models import Count, Q, Subquery, Value
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from core.markup import mentioned_names
from forum.models import Post
from notifications.models import (
    DEFAULTS,
    CategoryWatch,
    Frequency,
    Kind,
    MemberSettings,
    Notification,
    NotificationSetting,
    ThreadWatch,
    WatchLevel,
)

MAX_MENTIONS = 10  # mentions that notify, per post
MAX_QUOTES = 10
QUOTE_LINK = re.compile(r"/forum/p/(\d{1,18})/")
UNREAD_KEY = "notifications:unread:{}"
UNREAD_TIMEOUT = 30 * 24 * 3600
CHUNK = 2000  # rows per bulk insert and ids per IN (...) list


def chunks(items, size=CHUNK):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# --- The bell ---------------------------------------------------------------------------------------------


def unread_count(user) -> int:
    """The bell's number: one cache read (Redis: no query; database cache: one). Logging in and reading write the
    count; a new notification drops it (one DELETE for thousands of members), and the next page counts again."""
    key = UNREAD_KEY.format(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user).unread().count()
        cache.set(key, count, UNREAD_TIMEOUT)
    return count


def store_unread_counts(user_ids, *, at_once=False):
    """After commit (`at_once`: now): count these members' unread notifications and keep the numbers in the cache."""

    def store(chunk):
        counts = dict.fromkeys(chunk, 0)
        rows = Notification.objects.filter(recipient_id__in=chunk).unread().order_by().values("recipient_id")
        counts.update(rows.annotate(count=Count("pk")).values_list("recipient_id", "count"))
        cache.set_many({UNREAD_KEY.format(pk): count for pk, count in counts.items()}, UNREAD_TIMEOUT)

    for chunk in chunks(sorted(set(user_ids))):
        if at_once:
            store(chunk)
        else:
            transaction.on_commit(lambda chunk=chunk: store(chunk))


def forget_unread_counts(user_ids):
    for chunk in chunks(sorted(set(user_ids))):
        transaction.on_commit(lambda chunk=chunk: cache.delete_many([UNREAD_KEY.format(pk) for pk in chunk]))


def mark_read(*, user, ids=None) -> int:
    """Mark `user`'s notifications `ids` (all, without ids) as read."""
    notifications = Notification.objects.filter(recipient=user).unread()
    if ids is not None:
        notifications = notifications.filter(pk__in=ids)
    changed = notifications.update(read_at=timezone.now())
    if changed:
        store_unread_counts([user.pk])
    return changed


# --- Watching ---------------------------------------------------------------------------------------------


WATCH_CATEGORIES_KEY = "notifications:watch:{}:categories"  # {category id: level} of one member
WATCH_THREAD_KEY = "notifications:watch:{}:thread:{}"  # a member's own level for one thread, NO_WATCH for none
WATCH_TIMEOUT = 3600  # a bound only: every change of a member's watches forgets their keys at once
NO_WATCH = -1


def _watches_cached() -> bool:
    """Keep watch levels in the cache only where a cache read is cheaper than the query (not the database)."""
    return not isinstance(caches["default"], DatabaseCache)


def forget_watches(user_id, thread_ids=(), categories=False):
    """Drop the cached watch levels of member `user_id` for `thread_ids` (and their category levels): now, and once
    more after commit (a request that read the old rows meanwhile may have stored them again)."""
    if not _watches_cached():
        return
    keys = [WATCH_THREAD_KEY.format(user_id, pk) for pk in thread_ids]
    if categories:
        keys.append(WATCH_CATEGORIES_KEY.format(user_id))
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def set_thread_level(*, user, thread, level):
    ThreadWatch.objects.update_or_create(user=user, thread=thread, defaults={"level": level})
    forget_watches(user.pk, [thread.pk])


def set_category_level(*, user, category, level):
    CategoryWatch.objects.update_or_create(user=user, category=category, defaults={"level": level})
    forget_watches(user.pk, categories=True)


def _category_levels(user) -> dict:
    return dict(CategoryWatch.objects.filter(user=user).values_list("category_id", "level"))


def thread_level(user, thread) -> int:
    """The level `user` watches `thread` with: their own choice for it, else their category's, else Normal. Thread
    pages show it to members: with Redis from the cache (one read), otherwise in one query."""
    if not _watches_cached():
        own = ThreadWatch.objects.filter(user=user, thread=thread).values("level")[:1]
        inherited = CategoryWatch.objects.filter(user=user, category_id=thread.category_id).values("level")[:1]
        level = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .values_list(Coalesce(Subquery(own), Subquery(inherited), Value(WatchLevel.NORMAL)), flat=True)
            .first()
        )
        return WatchLevel.NORMAL if level is None else level
    thread_key, categories_key = WATCH_THREAD_KEY.format(user.pk, thread.pk), WATCH_CATEGORIES_KEY.format(user.pk)
    found = cache.get_many([thread_key, categories_key])
    missing = {}
    own = found.get(thread_key)
    if own is None:
        own = ThreadWatch.objects.filter(user=user, thread=thread).values_list("level", flat=True).first()
        own = missing[thread_key] = NO_WATCH if own is None else own
    categories = found.get(categories_key)
    if categories is None:
        categories = missing[categories_key] = _category_levels(user)
    if missing:
        cache.set_many(missing, WATCH_TIMEOUT)
    if own != NO_WATCH:
        return own
    return categories.get(thread.category_id, WatchLevel.NORMAL)


def category_level(user, category_id) -> int:
    if not _watches_cached():
        level = CategoryWatch.objects.filter(user=user, category_id=category_id).values_list("level", flat=True)
        level = level.first()
        return WatchLevel.NORMAL if level is None else level
    key = WATCH_CATEGORIES_KEY.format(user.pk)
    categories = cache.get(key)
    if categories is None:
        categories = _category_levels(user)
        cache.set(key, categories, WATCH_TIMEOUT)
    return categories.get(category_id, WatchLevel.NORMAL)


def watch_by_default(post):
    """Threads I start: Beobachten; threads I reply in: Verfolgen (unless I chose a level before)."""
    level = WatchLevel.WATCHING if post.position == 1 else WatchLevel.TRACKING
    ThreadWatch.objects.bulk_create(
        [ThreadWatch(user_id=post.author_id, thread_id=post.thread_id, level=level)], ignore_conflicts=True
    )
    forget_watches(post.author_id, [post.thread_id])


# --- Settings ---------------------------------------------------------------------------------------------


def preferences(user_ids, kinds):
    """{(user id, kind): (in the site, e-mail frequency)} for the given members and kinds, defaults filled in."""
    chosen = {}
    for chunk in chunks(user_ids):
        rows = NotificationSetting.objects.filter(user_id__in=chunk, kind__in=kinds)
        chosen.update({(row.user_id, row.kind): (row.in_app, row.email) for row in rows})
    return {(pk, kind): chosen.get((pk, kind), DEFAULTS[kind]) for pk in user_ids for kind in kinds}


def member_settings(user) -> MemberSettings:
    return MemberSettings.objects.get_or_create(user=user)[0]


# --- Creating notifications -------------------------------------------------------------------------------


def create_notifications(recipients, *, mailable=None, **fields) -> list[Notification]:
    """One notification per recipient: {user id: kind}. `mailable`: the recipients whose notification may be
    mailed (default all); the others get it in the site only (Verfolgen)."""
    if not recipients:
        return []
    kinds = set(recipients.values())
    prefs = preferences(list(recipients), kinds)
    now = timezone.now()
    notifications = []
    for user_id, kind in recipients.items():
        in_app, frequency = prefs[(user_id, kind)]
        if mailable is not None and user_id not in mailable:
            frequency = Frequency.NEVER
        if not in_app and frequency == Frequency.NEVER:
            continue
        notifications.append(
            Notification(
                recipient_id=user_id,
                kind=kind,
                # Not wanted in the site: created read, so it never counts in the bell (the e-mail still goes).
                read_at=None if in_app else now,
                email_due="" if frequency == Frequency.NEVER else frequency,
                **fields,
            )
        )
    created = []
    for chunk in chunks(notifications):
        created += Notification.objects.bulk_create(chunk)
    forget_unread_counts([n.recipient_id for n in created if n.read_at is None])
    return created


def active_member_ids(ids):
    found = set()
    for chunk in chunks(ids):
        found.update(get_user_model().objects.filter(pk__in=chunk, is_active=True).values_list("pk", flat=True))
    return found


def readable_post(post_id):
    """The post if every member may read it now (published, not hidden or deleted, in a visible thread)."""
    return Post.objects.listed_for(_ANY_MEMBER).select_related("thread__category", "parent").filter(pk=post_id).first()


class _Member:
    is_authenticated = True


_ANY_MEMBER = _Member()


def notify_post(post_id) -> list[Notification]:
    """A post was published: its parent's author, mentioned and quoted members, the thread's and the category's
    watchers — each once, with the most personal kind, never the author, never those who muted the thread."""
    post = readable_post(post_id)
    if post is None:
        return []
    thread = post.thread
    threads = dict(ThreadWatch.objects.filter(thread=thread).values_list("user_id", "level"))
    categories = dict(CategoryWatch.objects.filter(category_id=thread.category_id).values_list("user_id", "level"))

    def level(user_id):
        return threads.get(user_id, categories.get(user_id, WatchLevel.NORMAL))

    wanted = {}  # user id → kind, the most personal first
    names = mentioned_names(post.body, limit=MAX_MENTIONS)
    if names:
        lowered = [name.lower() for name in names]
        users = get_user_model().objects.annotate(name_lower=Lower("username")).filter(name_lower__in=lowered)
        for user_id in users.values_list("pk", flat=True):
            wanted.setdefault(user_id, Kind.MENTION)
    quoted = [int(pk) for pk in dict.fromkeys(QUOTE_LINK.findall(post.body))][:MAX_QUOTES]
    if quoted:
        for author_id in Post.objects.filter(pk__in=quoted, thread__is_hidden=False).values_list(
            "author_id", flat=True
        ):
            wanted.setdefault(author_id, Kind.QUOTE)
    if post.parent is not None:
        wanted.setdefault(post.parent.author_id, Kind.REPLY)
    mailable = set()
    if post.position == 1:
        for user_id, watch in categories.items():
            if watch >= WatchLevel.TRACKING and user_id not in threads:
                wanted.setdefault(user_id, Kind.CATEGORY_THREAD)
    else:
        for user_id in set(threads) | set(categories):
            if level(user_id) >= WatchLevel.TRACKING:
                wanted.setdefault(user_id, Kind.THREAD_POST)
    for user_id, kind in wanted.items():
        if kind in (Kind.MENTION, Kind.QUOTE, Kind.REPLY) or level(user_id) == WatchLevel.WATCHING:
            mailable.add(user_id)
    wanted.pop(post.author_id, None)
    wanted = {pk: kind for pk, kind in wanted.items() if level(pk) != WatchLevel.MUTED}
    active = active_member_ids(wanted)
    recipients = {pk: kind for pk, kind in wanted.items() if pk in active}
    return create_notifications(recipients, mailable=mailable, actor_id=post.author_id, thread=thread, post=post)


def added_mentions(previous_body, body) -> list[str]:
    """The `@names` that count in `body` (the first MAX_MENTIONS) and were not mentioned in `previous_body`."""
    before = {name.lower() for name in mentioned_names(previous_body, limit=MAX_MENTIONS)}
    return [name for name in mentioned_names(body, limit=MAX_MENTIONS) if name.lower() not in before]


def notify_mentions(post_id, names) -> list[Notification]:
    """An edit added `@names` to a post: those members are told, as if the post had mentioned them from the start —
    if they may read it, have not muted the thread, and were never told of a mention in this post before."""
    post = readable_post(post_id)
    if post is None or not names:
        return []
    lowered = [name.lower() for name in names[:MAX_MENTIONS]]
    users = get_user_model().objects.annotate(name_lower=Lower("username")).filter(name_lower__in=lowered)
    wanted = set(users.values_list("pk", flat=True)) - {post.author_id}
    wanted -= set(
        Notification.objects.filter(post=post, kind=Kind.MENTION, recipient__in=wanted).values_list(
            "recipient_id", flat=True
        )
    )
    threads = dict(ThreadWatch.objects.filter(thread=post.thread, user__in=wanted).values_list("user_id", "level"))
    categories = dict(
        CategoryWatch.objects.filter(category_id=post.thread.category_id, user__in=wanted).values_list(
            "user_id", "level"
        )
    )
    muted = {pk for pk in wanted if threads.get(pk, categories.get(pk, WatchLevel.NORMAL)) == WatchLevel.MUTED}
    recipients = dict.fromkeys(active_member_ids(wanted - muted), Kind.MENTION)
    return create_notifications(recipients, actor_id=post.author_id, thread=post.thread, post=post)


def moderator_ids(app_label, codename, *, with_staff):
    """Active members holding the permission (through a group or directly), superusers, and staff if asked."""
    users = get_user_model().objects.filter(is_active=True)
    condition = (
        Q(is_superuser=True)
        | Q(groups__permissions__content_type__app_label=app_label, groups__permissions__codename=codename)
        | Q(user_permissions__content_type__app_label=app_label, user_permissions__codename=codename)
    )
    if with_staff:
        condition |= Q(is_staff=True)
    return set(users.filter(condition).values_list("pk", flat=True))


def notify_forum_moderators(*, kind, exclude=(), **fields):
    ids = moderator_ids("forum", "moderate_forum", with_staff=True) - set(exclude)
    return create_notifications(dict.fromkeys(ids, kind), **fields)


def notify_comment_moderators(*, comment):
    if not settings.COMMENTS_NOTIFY_MODERATORS:
        return []
    ids = moderator_ids("articles", "moderate_comment", with_staff=False) - {comment.user_id}
    return create_notifications(
        dict.fromkeys(ids, Kind.HELD), action="comment", comment=comment, article_id=comment.article_id
    )


def notify_member(user_id, kind, **fields):
    if user_id is None or not active_member_ids([user_id]):
        return []
    return create_notifications({user_id: kind}, **fields)


# --- Retention --------------------------------------------------------------------------------------------


def purge_read_notifications(*, now=None) -> int:
    """Delete the notifications their recipients read more than NOTIFICATIONS_KEEP_READ_DAYS ago; unread ones and
    ones whose e-mail is still due stay. Returns how many were deleted. Run by the retention job
    (privacy/retention.py), in batches, so that a first run on a large table holds no long lock."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.NOTIFICATIONS_KEEP_READ_DAYS)
    old = Notification.objects.filter(read_at__lt=cutoff, email_due="").order_by("pk")
    deleted, last = 0, 0
    # Forward along the primary key: each batch starts where the last one ended instead of reading the table again.
    while ids := list(old.filter(pk__gt=last).values_list("pk", flat=True)[:CHUNK]):
        deleted += Notification.objects.filter(pk__in=ids).delete()[0]
        last = ids[-1]
    return deleted
