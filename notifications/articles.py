"""Article comments: replies to a member's or a confirmed guest's comment, and new comments for followers."""

from articles.models import Article, Comment
from notifications import guests
from notifications.models import ArticleFollow, Kind
from notifications.services import active_member_ids, create_notifications


def notify_comment(comment_id):
    comment = (
        Comment.objects.select_related("article", "parent")
        .filter(pk=comment_id, status=Comment.Status.APPROVED)
        .first()
    )
    if comment is None or not Article.objects.published().filter(pk=comment.article_id).exists():
        return []
    recipients = {}
    parent = comment.parent
    if parent is not None and parent.status == Comment.Status.APPROVED:
        if parent.user_id:
            recipients[parent.user_id] = Kind.COMMENT_REPLY
        else:
            guests.mail_reply(reply=comment, exclude_email=comment.email)
    for user_id in ArticleFollow.objects.filter(article_id=comment.article_id).values_list("user_id", flat=True):
        recipients.setdefault(user_id, Kind.ARTICLE_COMMENT)
    recipients.pop(comment.user_id, None)
    active = active_member_ids(recipients)
    recipients = {pk: kind for pk, kind in recipients.items() if pk in active}
    return create_notifications(recipients, actor_id=comment.user_id, article_id=comment.article_id, comment=comment)
