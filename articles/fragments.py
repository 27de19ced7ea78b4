"""The article page's comments as cached fragments (core/fragments.py): each comment (articles/_comment.html with its
like button articles/_comment_like.html) is rendered from a plain context built here, for one comment and one reader.

Everything a comment shows — its text, author, time, state and like count, and the reader's part (may like it, likes
it, may answer it, is a moderator looking at a pending comment) — is in that context and so in the fragment's key: an
approval, an edit, a like or a renamed member gives another key, and nothing is invalidated by hand. The page's own
query decides which comments a reader sees (`Comment.objects.visible_to`); a pending comment's fragment can only be
served to a reader whose page lists it. Links are built from each route's shape (core/links.py), not reversed per
comment.
"""

from accounts.models import profile_link
from core import fragments
from core.links import MARKER, SLUG, shape

COMMENT_TEMPLATE = "articles/_comment.html"
LIKE_TEMPLATE = "articles/_comment_like.html"


class CommentLinks:
    """The links of one article's comments."""

    def __init__(self, article_slug):
        self.slug = article_slug
        self._like = shape("articles:comment_like", slug=SLUG, pk=MARKER)
        self._likers = shape("articles:comment_likers", slug=SLUG, pk=MARKER)
        self.profile = profile_link()  # username -> a member's profile

    def like(self, pk):
        return f"{self._like[0]}{self.slug}{self._like[2]}{pk}{self._like[4]}"

    def likers(self, pk):
        return f"{self._likers[0]}{self.slug}{self._likers[2]}{pk}{self._likers[4]}"


def like_context(comment, links: CommentLinks, *, may_like, liked) -> dict:
    """What articles/_comment_like.html shows of `comment` to a reader (`may_like`: the button, `liked`: its state)."""
    return fragments.like_context(
        comment.pk,
        comment.like_count,
        may_like=may_like,
        liked=liked,
        like_url=links.like(comment.pk),
        likers_url=links.likers(comment.pk),
    )


def render_like(request, comment, *, liked):
    """The like button of `comment` alone (the answer to htmx), for a reader who may like it."""
    links = CommentLinks(comment.article.slug)
    return fragments.render_one(LIKE_TEMPLATE, like_context(comment, links, may_like=True, liked=liked), request)


def comment_context(comment, links: CommentLinks, *, replies_open, moderator) -> dict:
    """The plain context of a comment from the article page's query (`may_like` and, for members, `liked` set)."""
    is_pending = comment.is_pending
    may_like = comment.may_like
    has_user = bool(comment.user_id and comment.user)
    context = {
        "pk": comment.pk,
        "indent": comment.indent,
        "avatar_variant": comment.avatar_variant,
        "initials": comment.initials,
        "author_name": str(comment.author_name),
        "author_url": links.profile(comment.user.username) if has_user else None,
        "website": comment.website if not has_user else "",
        "created_at": comment.created_at,
        "body_html": comment.body_html,
        "is_pending": is_pending,
        # A moderator sees a pending comment with the way to the queue; its author sees that it waits.
        "moderator_sees_pending": moderator and is_pending,
        "may_reply": replies_open and not is_pending,
        "shows_like": may_like or bool(comment.like_count),
    }
    if context["shows_like"]:
        context.update(like_context(comment, links, may_like=may_like, liked=getattr(comment, "liked", False)))
    return context


def render_comments(request, comments, article, *, replies_open, moderator) -> list:
    """The rendered comments, in order, from one read of the fragment cache."""
    links = CommentLinks(article.slug)
    contexts = [comment_context(c, links, replies_open=replies_open, moderator=moderator) for c in comments]
    return fragments.render_many(COMMENT_TEMPLATE, contexts, request)
