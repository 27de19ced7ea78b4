"""Which posts go on which page of a thread, in constant time per page (see forum/models.py for the scheme)."""

import math
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef
from django.db.models.functions import Substr
from django.http import Http404

from forum.models import (
    PATH_MAX_LENGTH,
    PATH_SEGMENT_WIDTH,
    Bookmark,
    Post,
    PostLike,
    ReadingPreference,
    path_segment,
)

THREADED = ReadingPreference.View.THREADED
CHRONOLOGICAL = ReadingPreference.View.CHRONOLOGICAL
_PAGE = re.compile(r"[0-9]{1,7}")
_ID = re.compile(r"[0-9]{1,18}")  # a post id (BigAutoField: up to 9,223,372,036,854,775,807)
_PATH = re.compile(rf"[0-9]{{{PATH_SEGMENT_WIDTH},{PATH_MAX_LENGTH}}}")
SESSION_KEY = "forum_thread_view"
COOKIE_NAME = "forum_view"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


def parse_page(value) -> int:
    """`?page=` as a number ≥ 1; anything else is a 404."""
    if value is None:
        return 1
    if not _PAGE.fullmatch(value) or int(value) < 1:
        raise Http404("Invalid page.")
    return int(value)


def parse_path(value):
    if value is None:
        return None
    if not _PATH.fullmatch(value) or len(value) % PATH_SEGMENT_WIDTH:
        raise Http404("Invalid position.")
    return value


def parse_int(value):
    """A post id from the query string or a form (`?to=`, `?branch=`, `parent`); anything else is a 404."""
    if value is None:
        return None
    if not _ID.fullmatch(value):
        raise Http404("Invalid number.")
    return int(value)


# --- The reader's choice of view --------------------------------------------------------------------------


def reading_view(request):
    """The view asked for in `?view=`, else the one remembered for this reader: for members in the session
    (read once from their ReadingPreference), for anonymous readers in a cookie (no session is created for them,
    so crawlers following the view links leave no session rows behind). Call `remember_view()` on the response."""
    asked = request.GET.get("view")
    if asked is not None and asked not in ReadingPreference.View.values:
        raise Http404("Unknown view.")
    if request.user.is_authenticated:
        remembered = request.session.get(SESSION_KEY)
        if remembered is None:
            preference = ReadingPreference.objects.filter(user=request.user).values_list("thread_view", flat=True)
            remembered = preference.first() or THREADED
            request.session[SESSION_KEY] = remembered
        if asked and asked != remembered:
            request.session[SESSION_KEY] = asked
            ReadingPreference.objects.update_or_create(user=request.user, defaults={"thread_view": asked})
    else:
        remembered = request.COOKIES.get(COOKIE_NAME)
        if remembered not in ReadingPreference.View.values:
            remembered = None
        if asked and asked != remembered:
            request.forum_view_cookie = asked
    return asked or remembered or THREADED


def remember_view(request, response):
    value = getattr(request, "forum_view_cookie", None)
    if value:
        response.set_cookie(
            COOKIE_NAME, value, max_age=COOKIE_MAX_AGE, samesite="Lax", secure=request.is_secure(), httponly=True
        )
    return response


# --- Chronological ----------------------------------------------------------------------------------------


def _page_posts(posts, user):
    """The posts of a page with their authors, and of each parent only what the "Reply to name #n" line needs
    (as columns of the same query: joining whole parent posts and their authors tripled the query's cost); for
    members also whether they like each post (`liked`) and keep it (`bookmarked`), in the same query."""
    posts = posts.select_related("author").annotate(
        parent_position=F("parent__position"),
        parent_depth=F("parent__depth"),
        parent_author_username=F("parent__author__username"),
        parent_author_display_name=F("parent__author__display_name"),
    )
    if user.is_authenticated:
        posts = posts.annotate(
            liked=Exists(PostLike.objects.filter(user=user, post=OuterRef("pk"))),
            bookmarked=Exists(Bookmark.objects.filter(user=user, post=OuterRef("pk"))),
        )
    return posts


def chronological_num_pages(thread) -> int:
    return max(1, math.ceil(thread.last_position / settings.FORUM_POSTS_PER_PAGE))


def chronological_page(thread, user, page):
    size = settings.FORUM_POSTS_PER_PAGE
    if page > chronological_num_pages(thread):
        raise Http404("No such page.")
    return list(
        _page_posts(thread.posts.visible_to(user), user)
        .filter(position__gt=(page - 1) * size, position__lte=page * size)
        # The LIMIT changes no result, but lets PostgreSQL walk the (thread, position) index instead of
        # scanning the whole thread (measured: 60-110 ms -> 0.3 ms on page 1 of a 100,000-post thread).
        .order_by("position")[:size]
    )


def chronological_page_of(post) -> int:
    return (post.position - 1) // settings.FORUM_POSTS_PER_PAGE + 1


# --- Threaded ---------------------------------------------------------------------------------------------


def path_successor(path: str) -> str:
    """The smallest path after every path that starts with `path` (same length, all digits)."""
    return str(int(path) + 1).zfill(len(path))


def threaded_num_pages(thread) -> int:
    return max(1, math.ceil(thread.branch_count / settings.FORUM_BRANCHES_PER_PAGE))


def _page_range(page):
    size = settings.FORUM_BRANCHES_PER_PAGE
    low = path_segment(0) if page == 1 else path_segment((page - 1) * size + 1)
    return low, path_segment(page * size + 1)


def _tree_slice(thread, user, low, high, max_depth, after):
    """Posts with `low <= path < high`, at most `max_depth` deep, after the path `after`, depth-first."""
    if after is not None and not low <= after < high:
        raise Http404("The position lies outside this page.")
    posts = thread.posts.visible_to(user).filter(path__gte=low, path__lt=high, depth__lte=max_depth)
    if after:
        posts = posts.filter(path__gt=after)
    limit = settings.FORUM_THREADED_MAX_POSTS
    posts = list(_page_posts(posts, user).order_by("path")[: limit + 1])
    if after is not None and not posts:
        raise Http404("Nothing after this position.")  # a made-up cursor: no empty pages for crawlers
    more_on_page = len(posts) > limit
    posts = posts[:limit]
    # Replies deeper than shown: one grouped count per post at the last shown level.
    hidden_deeper = {}
    if any(post.depth == max_depth for post in posts):
        prefix = PATH_SEGMENT_WIDTH * max_depth
        deeper = thread.posts.visible_to(user).filter(path__gte=posts[0].path, path__lt=high, depth__gt=max_depth)
        if more_on_page:
            deeper = deeper.filter(path__lte=path_successor(posts[-1].path))
        hidden_deeper = dict(
            deeper.annotate(ancestor=Substr("path", 1, prefix)).values_list("ancestor").annotate(n=Count("pk"))
        )
    for post in posts:
        post.hidden_replies = hidden_deeper.get(post.path, 0) if post.depth == max_depth else 0
    return posts, (posts[-1].path if more_on_page else None)


def threaded_page(thread, user, page, after=None):
    """Page `page` of the threaded view: the opening post (page 1) and a fixed number of top-level branches,
    each with its replies up to FORUM_THREADED_DEPTH levels. A page longer than FORUM_THREADED_MAX_POSTS
    continues at `?after=<path>`. Returns (posts, continue_after)."""
    if page > threaded_num_pages(thread):
        raise Http404("No such page.")
    low, high = _page_range(page)
    return _tree_slice(thread, user, low, high, settings.FORUM_THREADED_DEPTH, after)


def branch_page(thread, user, root, after=None):
    """The replies below `root` that the threaded page did not show (deeper than its indentation limit)."""
    return _tree_slice(
        thread, user, root.path, path_successor(root.path), root.depth + settings.FORUM_THREADED_DEPTH, after
    )


def branch_root_depth(post) -> int:
    """The depth of the branch root whose branch page shows `post` (0: the thread's own pages)."""
    return ((post.depth - 1) // settings.FORUM_THREADED_DEPTH) * settings.FORUM_THREADED_DEPTH if post.depth else 0


def threaded_page_of(post) -> int:
    return max(1, (post.branch_number - 1) // settings.FORUM_BRANCHES_PER_PAGE + 1) if post.depth else 1


def threaded_location(post, user):
    """(page, branch root or None, after-path or None) where the threaded view shows `post`."""
    root_depth = branch_root_depth(post)
    thread = post.thread
    if root_depth:
        root = Post.objects.get(thread=thread, path=post.path[: PATH_SEGMENT_WIDTH * root_depth])
        low, high, max_depth, page = root.path, path_successor(root.path), root.depth + settings.FORUM_THREADED_DEPTH, 1
    else:
        root = None
        page = threaded_page_of(post)
        low, high = _page_range(page)
        max_depth = settings.FORUM_THREADED_DEPTH
    before = thread.posts.visible_to(user).filter(path__gte=low, path__lt=post.path, depth__lte=max_depth)
    after = None
    if before.count() >= settings.FORUM_THREADED_MAX_POSTS:
        after = before.order_by("-path").values_list("path", flat=True).first()
    return page, root, after


# --- One page of a thread ---------------------------------------------------------------------------------


@dataclass
class ThreadPage:
    view: str
    number: int
    num_pages: int
    posts: list
    branch: Post | None = None  # the post whose replies a branch page shows
    after: str | None = None  # this page continues a long threaded page after this path
    continue_after: str | None = None  # ...and goes on after this one


def thread_page(request, thread) -> ThreadPage:
    """The page of `thread` that the query string asks for (404 for anything odd), posts in reading order,
    each with `indent` (its nesting level on this page)."""
    view = reading_view(request)
    number = parse_page(request.GET.get("page"))
    # The threaded view's cursor and branch: malformed ones are a 404 in either view (whichever view the reader
    # has chosen, the same URL answers alike); well-formed ones do not apply to the chronological view and are
    # ignored there.
    after = parse_path(request.GET.get("after"))
    branch_id = parse_int(request.GET.get("branch"))
    if view == CHRONOLOGICAL:
        posts = chronological_page(thread, request.user, number)
        for post in posts:
            post.indent = post.hidden_replies = 0
            # Replies to the opening post follow it anyway; others may be far from what they answer.
            post.shows_parent = post.parent_id is not None and post.parent_position != 1
        return ThreadPage(view, number, chronological_num_pages(thread), posts)
    if branch_id is None:
        posts, continue_after = threaded_page(thread, request.user, number, after)
        page = ThreadPage(view, number, threaded_num_pages(thread), posts, None, after, continue_after)
    else:
        branch = thread.posts.visible_to(request.user).exclude(depth=0).filter(pk=branch_id).first()
        if branch is None:
            raise Http404("No such branch.")
        posts, continue_after = branch_page(thread, request.user, branch, after)
        page = ThreadPage(view, 1, 1, posts, branch, after, continue_after)
    base_depth = page.branch.depth if page.branch else 0
    for post in posts:
        post.indent = min(post.depth - base_depth, settings.FORUM_THREADED_DEPTH)
        # Replies beyond the deepest level the path stores sit next to their parent: say which post they answer.
        post.shows_parent = post.parent_id is not None and post.depth == post.parent_depth
    return page
