"""Who may do what with articles and comments: one predicate per rule, used by querysets, views and templates."""


def can_preview_articles(user) -> bool:
    """Staff see drafts and scheduled articles at their real address."""
    return user.is_authenticated and user.is_staff


def can_moderate_comments(user) -> bool:
    """Moderators (the group holds `articles.moderate_comment`) and staff."""
    return user.is_authenticated and (user.is_staff or user.has_perm("articles.moderate_comment"))


def can_like_comment(user, comment) -> bool:
    """Members like others' approved comments."""
    return user.is_authenticated and comment.user_id != user.pk and comment.status == comment.Status.APPROVED


def comment_skips_moderation(user) -> bool:
    """Comments by moderators and staff are published at once."""
    return can_moderate_comments(user)
