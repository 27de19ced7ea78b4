"""The rows of the forum's lists (thread rows, category rows), rendered from cached fragments (core/fragments.py).

Each row is drawn by its template from a plain context built here once per page: links by string building from one
reverse() per page, names and counts, the dates themselves (formatted by the template when the fragment is
rendered) and the relative time ("vor 3 Minuten") as the text it is now, so a row's key moves on when that text
does. The reader's unread mark and count are part of the context too: a row the reader has read has the same
context as for anyone else, so members and anonymous readers share it; unread rows exist in a few variants (new,
N unread). A reader sees only rows the page's own query lists for them, and nothing else goes into a row's context,
so no fragment can show a reader what they may not see.
"""

from django.db.models import F

from accounts.models import profile_link, public_name
from core import fragments
from core.links import MARKER, SLUG, shape
from forum.models import Category, Thread

THREAD_ROW = "forum/_thread_row.html"
CATEGORY_ROW = "forum/_category_row.html"
BOOKMARK_ROW = "forum/_bookmark_row.html"

# What a thread row shows of the thread (`thread_rows_queryset`) ...
THREAD_ROW_FIELDS = (
    "category_id",
    "title",
    "slug",
    "is_pinned",
    "is_locked",
    "is_held",
    "is_hidden",
    "solution_id",
    "created_at",
    "post_count",
    "last_activity_at",
    "last_post_id",
)
# ... and of its author and last post, as columns of the same query: joined rows made a list page build three model
# objects more per row.
THREAD_ROW_COLUMNS = {
    "row_author_username": F("author__username"),
    "row_author_display_name": F("author__display_name"),
    "row_author_erased_at": F("author__erased_at"),
    "row_last_post_created_at": F("last_post__created_at"),
    "row_last_post_author_username": F("last_post__author__username"),
    "row_last_post_author_display_name": F("last_post__author__display_name"),
    "row_last_post_author_erased_at": F("last_post__author__erased_at"),
}

# What a bookmark row shows (`forum.reactions.bookmarks_of(user).only(*BOOKMARK_ROW_FIELDS)`).
BOOKMARK_ROW_FIELDS = (
    "post__position",
    "post__body_html",
    "post__thread__title",
    "post__author__username",
    "post__author__display_name",
    "post__author__erased_at",
)


class Links:
    """The forum's links, built by string concatenation instead of one reverse() per link (reverse() costs tens
    of microseconds; a list page used to call it dozens of times, a thread page once per post and author)."""

    def __init__(self):
        self._thread = shape("forum:thread_detail", pk=MARKER, slug=SLUG)
        self._post = shape("forum:post_permalink", pk=MARKER)
        self._first_unread = shape("forum:thread_first_unread", pk=MARKER)
        self._category = shape("forum:category_detail", slug=SLUG)
        self._bookmark = shape("forum:post_bookmark", pk=MARKER)
        self.profile = profile_link()  # username -> a member's profile, quoted as reverse() quotes it

    def thread(self, pk, slug):
        return f"{self._thread[0]}{pk}{self._thread[2]}{slug}{self._thread[4]}"

    def post(self, pk):
        return f"{self._post[0]}{pk}{self._post[2]}"

    def first_unread(self, pk):
        return f"{self._first_unread[0]}{pk}{self._first_unread[2]}"

    def category(self, slug):
        return f"{self._category[0]}{slug}{self._category[2]}"

    def bookmark(self, pk):
        return f"{self._bookmark[0]}{pk}{self._bookmark[2]}"


def thread_rows_queryset(threads):
    """`threads` with only the columns a thread row needs (and those of their authors and last posts)."""
    return threads.only(*THREAD_ROW_FIELDS).annotate(**THREAD_ROW_COLUMNS)


def thread_row_context(thread: Thread, links: Links) -> dict:
    """The plain context of `forum/_thread_row.html` for a thread from `thread_rows_queryset` (with
    `forum.unread.mark_threads` applied for members)."""
    has_last_post = thread.last_post_id is not None
    return {
        "url": links.thread(thread.pk, thread.slug),
        "title": thread.title,
        "is_pinned": thread.is_pinned,
        "is_locked": thread.is_locked,
        "is_held": thread.is_held,
        "is_hidden": thread.is_hidden,
        "is_solved": thread.solution_id is not None,
        **unread_context(thread, links),
        "author_name": public_name(
            thread.row_author_username, thread.row_author_display_name, thread.row_author_erased_at
        ),
        "created_at": thread.created_at,
        "post_count": thread.post_count,
        "last_post_url": links.post(thread.last_post_id) if has_last_post else None,
        "last_post_author_name": public_name(
            thread.row_last_post_author_username,
            thread.row_last_post_author_display_name,
            thread.row_last_post_author_erased_at,
        )
        if has_last_post
        else None,
        "last_post_created_at": thread.row_last_post_created_at if has_last_post else None,
        "last_post_ago": fragments.relative_time(thread.row_last_post_created_at) if has_last_post else None,
    }


def thread_rows(request, threads) -> list:
    """The rendered rows of `threads` (a list from `thread_rows_queryset`, marked by `forum.unread.mark_threads`
    for members)."""
    links = Links()
    return fragments.render_many(THREAD_ROW, [thread_row_context(thread, links) for thread in threads], request)


def unread_context(thread, links: Links) -> dict:
    """The reader's unread mark of a thread row (all false for anonymous readers and read threads)."""
    is_unread = getattr(thread, "is_unread", False)
    return {
        "is_unread": is_unread,
        "is_new": is_unread and thread.is_new,
        "unread_count": thread.unread_count if is_unread else 0,
        "unread_more": is_unread and thread.unread_more,
        "first_unread_url": links.first_unread(thread.pk) if is_unread else None,
    }


def bookmark_rows(request, bookmarks) -> list:
    """The rendered rows of "Gemerkt" for `bookmarks` (from `forum.reactions.bookmarks_of`)."""
    links = Links()
    contexts = [
        {
            "url": links.post(bookmark.post_id),
            "remove_url": links.bookmark(bookmark.post_id),
            "position": bookmark.post.position,
            "thread_title": bookmark.post.thread.title,
            "author_name": bookmark.post.author.public_name,
            # The excerpt is made from it when the row is rendered; the whole text in the key: an edit is a new row.
            "body_html": bookmark.post.body_html,
        }
        for bookmark in bookmarks
    ]
    return fragments.render_many(BOOKMARK_ROW, contexts, request)


def category_rows_queryset(categories):
    """`categories` with their last posts, and of those only what a category row shows."""
    return categories.select_related("last_post__author", "last_post__thread").only(
        *(field.name for field in Category._meta.concrete_fields),
        "last_post__created_at",
        "last_post__thread__title",
        "last_post__author__username",
        "last_post__author__display_name",
        "last_post__author__erased_at",
    )


def category_row_context(category, links: Links, *, subcategory=False) -> dict:
    """The plain context of `forum/_category_row.html` for a category after `roll_up()`."""
    latest = category.latest_post
    return {
        "url": links.category(category.slug),
        "name": category.name,
        "description": category.description,
        "subcategory": subcategory,
        "has_unread": getattr(category, "has_unread", False),
        "is_closed": category.is_closed,
        "members_only": category.members_only,
        "thread_count": category.total_thread_count,
        "post_count": category.total_post_count,
        "latest_url": links.post(latest.pk) if latest else None,
        "latest_title": latest.thread.title if latest else None,
        "latest_author_name": latest.author.public_name if latest else None,
        "latest_created_at": latest.created_at if latest else None,
        "latest_ago": fragments.relative_time(latest.created_at) if latest else None,
    }


def category_rows(request, categories, *, with_subcategories=False) -> list:
    """The rendered rows of `categories` (after `roll_up()`), each followed by its subcategories' rows when
    `with_subcategories` (the forum index)."""
    links = Links()
    contexts = []
    for category in categories:
        contexts.append(category_row_context(category, links))
        if with_subcategories:
            contexts.extend(category_row_context(child, links, subcategory=True) for child in category.subcategories)
    return fragments.render_many(CATEGORY_ROW, contexts, request)
