"""The thread page's pieces as cached fragments (core/fragments.py): the post cards (forum/_post.html with its like
button forum/_like.html and bookmark button forum/_bookmark.html) and the solution box (forum/_solution.html).

Each piece is rendered from a plain context built here, in one place, for one post and one reader: everything the
card shows (the post's text and state, its author's name, its counts, the reader's controls and whether the reader
likes or keeps it) is in that context and so in the fragment's key. An edit, a hide, an approval, a like, a solution
mark, a renamed author, another language or another reader's permissions give another key; nothing is invalidated by
hand. What the reader may not see never enters the context: the text of a hidden or deleted post is left out unless
the reader may see it, the moderator's links are only in a moderator's context.

The links are built cheaply, by string building from each route's shape (`core.links.pk_link`, `forum.lists.Links`)
instead of one reverse() per post; the permission predicates that do not depend on the post are asked once per page.
"""

from django.urls import reverse

from core import fragments
from core.links import pk_link
from forum.lists import Links
from forum.permissions import (
    can_be_solution,
    can_bookmark_post,
    can_delete_post,
    can_edit_post,
    can_like_post,
    can_mark_solution,
    can_moderate,
    can_reply,
    can_report_post,
    can_see_post_body,
    concrete,
    takes_replies,
)

POST_TEMPLATE = "forum/_post.html"
LIKE_TEMPLATE = "forum/_like.html"
BOOKMARK_TEMPLATE = "forum/_bookmark.html"
SOLUTION_TEMPLATE = "forum/_solution.html"


def like_context(post, *, may_like, liked, like_url=None, likers_url=None) -> dict:
    """What forum/_like.html shows for `post` to a reader (`may_like`: the button, `liked`: its state)."""
    return fragments.like_context(
        post.pk,
        post.like_count,
        may_like=may_like,
        liked=liked,
        like_url=like_url or reverse("forum:post_like", args=[post.pk]),
        likers_url=likers_url or reverse("forum:post_likers", args=[post.pk]),
    )


def bookmark_context(post, *, bookmarked, bookmark_url=None) -> dict:
    """What forum/_bookmark.html shows for `post` to a reader who may keep it."""
    return {
        "pk": post.pk,
        "bookmarked": bool(bookmarked),
        "bookmark_url": bookmark_url or reverse("forum:post_bookmark", args=[post.pk]),
    }


def render_like(request, post, *, liked):
    """The like button of `post` alone (the answer to htmx), for a reader who may like it."""
    return fragments.render_one(LIKE_TEMPLATE, like_context(post, may_like=True, liked=liked), request)


def render_bookmark(request, post, *, bookmarked):
    """The bookmark button of `post` alone (the answer to htmx), for a reader who may keep it."""
    return fragments.render_one(BOOKMARK_TEMPLATE, bookmark_context(post, bookmarked=bookmarked), request)


class PostCards:
    """The plain contexts of one thread page's post cards for one reader (`view`: the page's reading view)."""

    def __init__(self, user, thread, view):
        # The user itself, not request.user's lazy proxy: the predicates read it some 400 times per page.
        self.user, self.thread, self.view = concrete(user), thread, str(view)  # a plain str: its repr is in the key
        self.moderator = can_moderate(user)
        self.replies_open = can_reply(user, thread)
        self.marks_solution = can_mark_solution(user, thread)
        self.reply_url = reverse("forum:reply_create", args=[thread.pk])
        self.branch_url = f"{thread.get_absolute_url()}?view=threaded&branch="
        self.urls = {
            name: pk_link(f"forum:{name}")
            for name in (
                "post_permalink",
                "post_edit",
                "post_delete",
                "post_report",
                "post_moderate",
                "post_mark_solution",
                "post_like",
                "post_likers",
                "post_bookmark",
            )
        }
        self.profile_url = Links().profile

    def decorate(self, post):
        """Set on `post` what the rest of the page (meta description, structured data) reads: `show_body`, `url`,
        `author_url`."""
        post.thread = self.thread
        post.url = self.urls["post_permalink"](post.pk)
        post.author_url = self.profile_url(post.author.username)
        post.show_body = can_see_post_body(self.user, post)
        return post

    def context(self, post) -> dict:
        """The plain context of `post`'s card (after `decorate`)."""
        user, urls, pk = self.user, self.urls, post.pk
        shows_body = post.show_body
        reply_url = f"{self.reply_url}?to={pk}" if self.replies_open and takes_replies(post) else None
        is_solution = pk == self.thread.solution_id
        may_like = can_like_post(user, post)
        may_bookmark = can_bookmark_post(user, post)
        may_edit = can_edit_post(user, post)
        may_delete = can_delete_post(user, post)
        may_report = can_report_post(user, post)
        may_mark_solution = self.marks_solution and not is_solution and can_be_solution(post)
        shows_parent = bool(getattr(post, "shows_parent", False))
        parent_username = getattr(post, "parent_author_username", None) if shows_parent else None
        hidden_replies = getattr(post, "hidden_replies", 0)
        context = {
            "pk": pk,
            "view": self.view,
            "indent": getattr(post, "indent", 0),
            "url": post.url,
            "position": post.position,
            "author_name": str(post.author.public_name),
            "author_url": post.author_url,
            "created_at": post.created_at,
            "shows_parent": shows_parent,
            "parent_author_name": (post.parent_author_display_name or parent_username) if parent_username else None,
            "parent_author_url": self.profile_url(parent_username) if parent_username else None,
            "parent_url": f"{urls['post_permalink'](post.parent_id)}?view=chrono" if shows_parent else None,
            "parent_position": getattr(post, "parent_position", None) if shows_parent else None,
            "edit_count": post.edit_count,
            "edited_at": post.edited_at if post.edit_count else None,
            "is_solution": is_solution,
            "status": str(post.status),
            "is_hidden": post.is_hidden,
            "hidden_reason": post.hidden_reason if post.is_hidden else "",
            "is_deleted": post.is_deleted,
            "show_body": shows_body,
            # The text only for a reader who may read it: a hidden post's text never enters another reader's key.
            "body_html": post.body_html if shows_body else "",
            "reply_url": reply_url,
            "quote_url": f"{self.reply_url}?zitat={pk}" if reply_url and shows_body else None,
            "may_edit": may_edit,
            "edit_url": urls["post_edit"](pk) if may_edit else None,
            "may_delete": may_delete,
            "delete_url": urls["post_delete"](pk) if may_delete else None,
            "may_report": may_report,
            "report_url": urls["post_report"](pk) if may_report else None,
            "may_moderate": self.moderator,
            "moderate_url": urls["post_moderate"](pk) if self.moderator else None,
            "may_mark_solution": may_mark_solution,
            "mark_solution_url": urls["post_mark_solution"](pk) if may_mark_solution else None,
            "hidden_replies": hidden_replies,
            "branch_url": f"{self.branch_url}{pk}" if hidden_replies else None,
            "may_bookmark": may_bookmark,
        }
        if may_like or post.like_count:
            context.update(
                like_context(
                    post,
                    may_like=may_like,
                    liked=getattr(post, "liked", False),
                    like_url=urls["post_like"](pk),
                    likers_url=urls["post_likers"](pk),
                )
            )
        if may_bookmark:
            context.update(
                bookmark_context(
                    post, bookmarked=getattr(post, "bookmarked", False), bookmark_url=urls["post_bookmark"](pk)
                )
            )
        return context

    def solution_context(self, solution) -> dict:
        """The plain context of the solution box (`solution` from `decorate`)."""
        may_mark_solution = self.marks_solution
        return {
            "author_name": str(solution.author.public_name),
            "position": solution.position,
            "body_html": solution.body_html,
            "url": solution.url,
            "may_mark_solution": may_mark_solution,
            "clear_url": reverse("forum:thread_clear_solution", args=[self.thread.pk]) if may_mark_solution else None,
        }


def render_thread_page(request, posts, thread, view, solution=None):
    """Set `post.card` (the rendered card) on each of `posts` and return the solution box's HTML (or None), all from
    one read of the fragment cache."""
    cards = PostCards(request.user, thread, view)
    pieces = [(POST_TEMPLATE, cards.context(cards.decorate(post))) for post in posts]
    if solution is not None:
        pieces.append((SOLUTION_TEMPLATE, cards.solution_context(solution)))
    html = fragments.render_pieces(pieces, request)
    for post, card in zip(posts, html, strict=False):
        post.card = card
    return html[-1] if solution is not None else None
