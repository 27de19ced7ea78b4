"""Who may do what in the forum: one predicate per rule, used by querysets, views and templates.

Roles: anonymous reader, member (logged in), the post's author, moderator (the group with the
`forum.moderate_forum` permission) and staff (can do everything).
"""

from django.utils.functional import LazyObject, empty

MODERATE_PERMISSION = "forum.moderate_forum"


def concrete(user):
    """The user behind `request.user`'s lazy proxy (loaded if it was not yet), or `user` itself. A thread page asks
    the predicates below hundreds of times; every attribute read through the proxy costs about a microsecond."""
    if isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        return user._wrapped
    return user


def can_moderate(user) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_forum_can_moderate", None)
    if cached is None:
        cached = user.is_staff or user.is_superuser or user.has_perm(MODERATE_PERMISSION)
        user._forum_can_moderate = cached
    return cached


def can_read_category(user, category) -> bool:
    return user.is_authenticated or not category.members_only


def can_start_thread(user, category) -> bool:
    return user.is_authenticated and (can_moderate(user) or not category.is_closed)


def can_reply(user, thread) -> bool:
    if not user.is_authenticated or thread.is_hidden or thread.is_held:
        return False
    return can_moderate(user) or not (thread.is_locked or thread.category.is_closed)


def takes_replies(post) -> bool:
    """A post one may answer: published, neither hidden nor deleted (as the "Reply" link under it says)."""
    return post.status == post.Status.PUBLISHED and not post.is_hidden and not post.is_deleted


def can_mark_solution(user, thread) -> bool:
    """In a question category, the thread's author (while the thread is open) and moderators choose the solution."""
    if not user.is_authenticated or not thread.category.is_question or thread.is_hidden or thread.is_held:
        return False
    return can_moderate(user) or (thread.author_id == user.pk and not thread.is_locked)


def can_be_solution(post) -> bool:
    """A reply that everyone can read."""
    return post.position > 1 and takes_replies(post)


def can_like_post(user, post) -> bool:
    """Members like others' readable posts, while the thread is open."""
    thread = post.thread
    return (
        user.is_authenticated
        and post.author_id != user.pk
        and takes_replies(post)
        and not (thread.is_hidden or thread.is_held or thread.is_locked or thread.category.is_closed)
    )


def can_bookmark_post(user, post) -> bool:
    """Members keep any post they can read (also in locked threads)."""
    return user.is_authenticated and takes_replies(post) and not (post.thread.is_hidden or post.thread.is_held)


def can_see_post_body(user, post) -> bool:
    """Hidden and deleted posts show a placeholder; moderators still see what was written."""
    if can_moderate(user):
        return True
    if post.is_hidden:
        return False
    if post.is_deleted:
        return False
    return True


def can_edit_post(user, post) -> bool:
    if can_moderate(user):
        return True
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and not post.is_hidden
        and not post.is_deleted
        and not post.is_rejected
        and not post.thread.is_locked
    )


def can_delete_post(user, post) -> bool:
    return can_edit_post(user, post) and not post.is_deleted and post.author_id == user.pk


def can_report_post(user, post) -> bool:
    return (
        user.is_authenticated
        and post.author_id != user.pk
        and post.status == post.Status.PUBLISHED
        and not post.is_hidden
        and not post.is_deleted
    )
