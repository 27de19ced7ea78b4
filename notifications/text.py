"""What a notification says and where it leads, in the site and in mails; whether it still may be sent."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Article, Comment
from forum.models import Post, Report
from notifications.models import Kind
from notifications.services import readable_post


def _names(n):
    actor = n.actor.public_name if n.actor_id and n.actor else ""
    if n.comment_id and n.comment and not actor:
        actor = n.comment.author_name
    return {
        "actor": actor or _("Someone"),
        "thread": n.thread.title if n.thread_id and n.thread else "",
        "category": n.thread.category.name if n.thread_id and n.thread else "",
        "article": n.article.title if n.article_id and n.article else "",
    }


def summary(n) -> str:
    names = _names(n)
    match n.kind, n.action:
        case Kind.REPLY, _action:
            return _("%(actor)s replied to your post in “%(thread)s”") % names
        case Kind.MENTION, _action:
            return _("%(actor)s mentioned you in “%(thread)s”") % names
        case Kind.QUOTE, _action:
            return _("%(actor)s quoted your post in “%(thread)s”") % names
        case Kind.THREAD_POST, _action:
            return _("%(actor)s wrote in “%(thread)s”") % names
        case Kind.CATEGORY_THREAD, _action:
            return _("%(actor)s started the thread “%(thread)s”") % names
        case Kind.MODERATION, "approve":
            return _("Your post in “%(thread)s” was approved") % names
        case Kind.MODERATION, "reject":
            return _("Your post in “%(thread)s” was rejected") % names
        case Kind.MODERATION, "move":
            return _("Your thread “%(thread)s” was moved to “%(category)s”") % names
        case Kind.MODERATION, "lock":
            return _("Your thread “%(thread)s” was locked") % names
        case Kind.MODERATION, "rename":
            return _("Your thread was renamed to “%(thread)s”") % names
        case Kind.COMMENT_REPLY, _action:
            return _("%(actor)s replied to your comment on “%(article)s”") % names
        case Kind.ARTICLE_COMMENT, _action:
            return _("%(actor)s commented on “%(article)s”") % names
        case Kind.REPORT, _action:
            return _("A post in “%(thread)s” was reported") % names
        case Kind.HELD, "comment":
            return _("A comment by %(actor)s on “%(article)s” is waiting for approval") % names
        case Kind.HELD, _action:
            return _("A post by %(actor)s in “%(thread)s” is waiting for approval") % names
    return _("Something happened")


def group_summary(group) -> str:
    """A group of notifications of one kind about one thread or article, newest first."""
    first, count = group[0], len(group)
    if count == 1:
        return summary(first)
    names = {**_names(first), "count": count}
    match first.kind:
        case Kind.REPLY:
            return (
                ngettext("%(count)d new reply in “%(thread)s”", "%(count)d new replies in “%(thread)s”", count) % names
            )
        case Kind.THREAD_POST:
            return ngettext("%(count)d new post in “%(thread)s”", "%(count)d new posts in “%(thread)s”", count) % names
        case Kind.COMMENT_REPLY | Kind.ARTICLE_COMMENT:
            return (
                ngettext("%(count)d new comment on “%(article)s”", "%(count)d new comments on “%(article)s”", count)
                % names
            )
    return _("%(summary)s (and %(more)d more)") % {"summary": summary(first), "more": count - 1}


def target_url(n) -> str:
    """Where the notification leads (a path on this site)."""
    if n.kind == Kind.HELD:
        return reverse("articles:moderation_queue" if n.action == "comment" else "forum:moderation_queue")
    if n.kind == Kind.REPORT:
        return reverse("forum:moderation_queue")
    if n.comment_id:
        return reverse("articles:comment_permalink", kwargs={"slug": n.article.slug, "pk": n.comment_id})
    if n.post_id and not (n.kind == Kind.MODERATION and n.action == "reject"):
        return reverse("forum:post_permalink", kwargs={"pk": n.post_id})
    if n.thread_id and not n.thread.is_hidden:
        return reverse("forum:thread_redirect", kwargs={"pk": n.thread_id})
    return reverse("forum:index")


def still_relevant(n) -> bool:
    """Checked again when the mail goes out: nothing about content hidden, deleted or handled meanwhile."""
    match n.kind:
        case Kind.REPLY | Kind.MENTION | Kind.QUOTE | Kind.THREAD_POST | Kind.CATEGORY_THREAD:
            return readable_post(n.post_id) is not None
        case Kind.MODERATION:
            if n.action == "approve":
                return readable_post(n.post_id) is not None
            return n.action == "reject" or not n.thread.is_hidden
        case Kind.REPORT:
            return Report.objects.filter(post_id=n.post_id, status=Report.Status.OPEN).exists()
        case Kind.HELD:
            if n.action == "comment":
                return Comment.objects.filter(pk=n.comment_id, status=Comment.Status.PENDING).exists()
            return Post.objects.filter(pk=n.post_id, status=Post.Status.HELD).exists()
        case Kind.COMMENT_REPLY | Kind.ARTICLE_COMMENT:
            return (
                Comment.objects.filter(pk=n.comment_id, status=Comment.Status.APPROVED).exists()
                and Article.objects.published().filter(pk=n.article_id).exists()
            )
    return False
