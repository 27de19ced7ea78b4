"""Forum writes that touch several rows: each one transaction, counters updated with F() inside it.

Counters: `Thread.post_count` counts the thread's *counted* posts (published, neither hidden nor deleted);
`Category.thread_count`/`post_count` count the *listed* threads (neither hidden nor held) and their counted posts.
`last_post` is the newest counted post; it is set directly on a new reply and looked up again (one indexed
query) when a post or thread stops or starts counting.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import page_cache
from core.markup import render_markdown
from core.moderation import log_action
from forum import signals
from forum.models import (
    PATH_MAX_DEPTH,
    PATH_SEGMENT_WIDTH,
    Category,
    Post,
    PostRevision,
    Report,
    Thread,
    path_segment,
)
from forum.permissions import can_moderate

_LINK = re.compile(r"<a\s", re.IGNORECASE)

# The moderation log's labels of the actions below (registered in forum/apps.py).
LOG_ACTIONS = {
    "forum.post.edit": _("Post edited"),
    "forum.post.restore": _("Post restored"),
    "forum.post.hide": _("Post hidden"),
    "forum.post.unhide": _("Post shown again"),
    "forum.post.approve": _("Post approved"),
    "forum.post.reject": _("Post rejected"),
    "forum.thread.lock": _("Thread locked"),
    "forum.thread.unlock": _("Thread unlocked"),
    "forum.thread.pin": _("Thread pinned"),
    "forum.thread.unpin": _("Thread unpinned"),
    "forum.thread.hide": _("Thread hidden"),
    "forum.thread.unhide": _("Thread shown again"),
    "forum.thread.move": _("Thread moved"),
    "forum.thread.rename": _("Thread renamed"),
    "forum.report.resolve": _("Report resolved, post hidden"),
    "forum.report.dismiss": _("Report dismissed"),
}


class DuplicateSubmission(Exception):
    """The same form was submitted twice; `post` is the one the first submission created."""

    def __init__(self, post):
        super().__init__("duplicate submission")
        self.post = post


# --- Limits -----------------------------------------------------------------------------------------------


def rate_limit_exceeded(user) -> bool:
    """True when `user` posted less than FORUM_POST_INTERVAL seconds ago; otherwise start a new interval."""
    interval = settings.FORUM_POST_INTERVAL
    if interval <= 0 or can_moderate(user):
        return False
    return not cache.add(f"forum:post-interval:{user.pk}", 1, timeout=interval)


def needs_approval(author, body: str) -> bool:
    """New members' first posts, and link-heavy posts from members with few posts, wait for a moderator."""
    if can_moderate(author):
        return False
    published = Post.objects.filter(author=author, status=Post.Status.PUBLISHED).count()
    if published < settings.FORUM_HOLD_FIRST_POSTS:
        return True
    return _too_many_links(published, body)


def _too_many_links(published: int, body: str) -> bool:
    if published < settings.FORUM_TRUSTED_AFTER_POSTS:
        return len(_LINK.findall(render_markdown(body))) > settings.FORUM_MAX_LINKS_UNTRUSTED
    return False


def edit_needs_approval(post, editor, body) -> bool:
    """An author's edit that puts more links into a published post than their post count allows: held again
    (otherwise a new member's approved post could be edited into link spam)."""
    if editor.pk != post.author_id or post.status != Post.Status.PUBLISHED or can_moderate(editor):
        return False
    published = Post.objects.filter(author_id=post.author_id, status=Post.Status.PUBLISHED).count()
    return _too_many_links(published, body)


def find_duplicate(author, submit_token):
    if submit_token is None:
        return None
    return Post.objects.filter(author=author, submit_token=submit_token).select_related("thread").first()


# --- Counters ---------------------------------------------------------------------------------------------


def _is_listed(thread) -> bool:
    return not thread.is_hidden and not thread.is_held


def _counts(post) -> bool:
    return post.status == Post.Status.PUBLISHED and not post.is_hidden and not post.is_deleted


def _refresh_thread_last_post(thread_id):
    last = Post.objects.counted().filter(thread_id=thread_id).order_by("-position").values("pk", "created_at").first()
    thread = Thread.objects.filter(pk=thread_id)
    if last:
        thread.update(last_post_id=last["pk"], last_activity_at=last["created_at"])
    else:
        thread.update(last_post=None, last_activity_at=F("created_at"))


def _refresh_category_last_post(category_id):
    latest = (
        Thread.objects.visible()
        .filter(category_id=category_id, last_post__isnull=False)
        .order_by("-last_activity_at", "-pk")
        .values("last_post_id")
        .first()
    )
    Category.objects.filter(pk=category_id).update(last_post_id=latest["last_post_id"] if latest else None)


def _change_post_count(thread, delta):
    """A post of `thread` started (+1) or stopped (-1) counting."""
    Thread.objects.filter(pk=thread.pk).update(post_count=F("post_count") + delta)
    if _is_listed(thread):
        Category.objects.filter(pk=thread.category_id).update(post_count=F("post_count") + delta)
    _refresh_thread_last_post(thread.pk)
    _refresh_category_last_post(thread.category_id)


def _change_listing(thread, category_id, sign):
    """`thread` appears in (+1) or disappears from (-1) the category `category_id`."""
    thread.refresh_from_db(fields=["post_count"])
    Category.objects.filter(pk=category_id).update(
        thread_count=F("thread_count") + sign, post_count=F("post_count") + sign * thread.post_count
    )
    _refresh_category_last_post(category_id)


def _lock_thread(thread):
    return Thread.objects.select_for_update().select_related("category").get(pk=thread.pk)


# --- Writing ----------------------------------------------------------------------------------------------


@transaction.atomic
def start_thread(*, category, author, title, body, submit_token=None) -> Thread:
    """Create a thread with its opening post (held for approval when the author is new)."""
    held = needs_approval(author, body)
    now = timezone.now()
    thread = Thread.objects.create(
        category=category,
        title=title,
        author=author,
        created_at=now,
        last_activity_at=now,
        is_held=held,
        last_position=1,
        post_count=0 if held else 1,
    )
    post = _create_post(
        thread=thread,
        author=author,
        body=body,
        parent=None,
        position=1,
        path=path_segment(0),
        depth=0,
        held=held,
        submit_token=submit_token,
        now=now,
    )
    if not held:
        Thread.objects.filter(pk=thread.pk).update(last_post=post)
        Category.objects.filter(pk=category.pk).update(
            thread_count=F("thread_count") + 1, post_count=F("post_count") + 1, last_post=post
        )
        thread.last_post = post
    signals.send_on_commit(signals.post_held if held else signals.post_published, post=post)
    return thread


def _create_post(*, thread, author, body, parent, position, path, depth, held, submit_token, now):
    try:
        with transaction.atomic():
            return Post.objects.create(
                thread=thread,
                author=author,
                parent=parent,
                body=body,
                position=position,
                path=path,
                depth=depth,
                status=Post.Status.HELD if held else Post.Status.PUBLISHED,
                submit_token=submit_token,
                created_at=now,
            )
    except IntegrityError:
        duplicate = find_duplicate(author, submit_token)
        if duplicate is not None:
            raise DuplicateSubmission(duplicate) from None
        raise


@transaction.atomic
def reply_to_thread(*, thread, author, body, parent=None, submit_token=None) -> Post:
    """Add a reply to `thread`, nested under `parent` (a post of the thread; the opening post when None)."""
    thread = _lock_thread(thread)  # serialises replies to one thread: positions and counters stay exact
    if parent is None:
        parent = Post.objects.get(thread=thread, position=1)
    elif parent.thread_id != thread.pk:
        raise ValueError("The parent post belongs to another thread.")
    position = thread.last_position + 1
    branch_count = thread.branch_count
    if parent.depth == 0:
        branch_count += 1
        path, depth = path_segment(branch_count), 1
    elif parent.depth >= PATH_MAX_DEPTH:
        # As deep as a path can go: the reply sits next to its parent (and still says whom it answers).
        path, depth = parent.path[:-PATH_SEGMENT_WIDTH] + path_segment(position), parent.depth
    else:
        path, depth = parent.path + path_segment(position), parent.depth + 1
    held = needs_approval(author, body)
    now = timezone.now()
    post = _create_post(
        thread=thread,
        author=author,
        body=body,
        parent=parent,
        position=position,
        path=path,
        depth=depth,
        held=held,
        submit_token=submit_token,
        now=now,
    )
    changes = {"last_position": position, "branch_count": branch_count}
    if not held:
        changes.update(post_count=F("post_count") + 1, last_post=post, last_activity_at=now)
    Thread.objects.filter(pk=thread.pk).update(**changes)
    if not held and _is_listed(thread):
        Category.objects.filter(pk=thread.category_id).update(post_count=F("post_count") + 1, last_post=post)
    signals.send_on_commit(signals.post_held if held else signals.post_published, post=post)
    return post


@transaction.atomic
def edit_post(*, post, editor, body) -> Post:
    """Change the text of `post`, keeping the previous text as a revision."""
    if body == post.body:
        return post
    hold = edit_needs_approval(post, editor, body)
    if hold:
        thread = _lock_thread(post.thread)
        post.refresh_from_db(fields=["status", "is_hidden", "is_deleted"])
        counted = _counts(post)
        post.status = Post.Status.HELD
    now = timezone.now()
    previous_body = post.body
    PostRevision.objects.create(post=post, body=post.body, created_at=post.edited_at or post.created_at,
                                replaced_at=now, replaced_by=editor)  # fmt: skip
    post.body = body
    post.edited_at = now
    post.edited_by = editor
    post.edit_count = F("edit_count") + 1
    # Only what an edit changes: a moderator's hiding in the meantime must not be undone by a stale copy.
    post.save(update_fields=["body", "body_html", "edited_at", "edited_by", "edit_count", "status"])
    post.refresh_from_db(fields=["edit_count"])
    if hold and counted:
        _change_post_count(thread, -1)
    if editor.pk != post.author_id:
        log_action(actor=editor, action="forum.post.edit", target=post)
    if not hold and post.status == Post.Status.PUBLISHED:
        signals.send_on_commit(signals.post_edited, post=post, previous_body=previous_body)
    return post


@transaction.atomic
def delete_post(*, post, user) -> None:
    """The author deletes their post: it stays in place as "deleted", its replies stay where they are."""
    thread = _lock_thread(post.thread)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.is_deleted:
        return
    counted = _counts(post)
    Post.objects.filter(pk=post.pk).update(is_deleted=True, deleted_at=timezone.now())
    _drop_solution(post)
    if counted:
        _change_post_count(thread, -1)
    page_cache.invalidate()  # the only write here without a save() or a moderation log entry


def purge_deleted_posts(*, now=None) -> int:
    """Posts their authors deleted more than FORUM_DELETED_POSTS_GRACE_DAYS ago lose their text and its earlier
    versions for good (until then a moderator can restore them); the placeholder keeps its place in the thread.
    Returns how many were purged. Run by the retention job (privacy/retention.py)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.FORUM_DELETED_POSTS_GRACE_DAYS)
    due = Post.objects.filter(is_deleted=True, deleted_at__lt=cutoff).exclude(body="", edit_count=0)
    with transaction.atomic():
        ids = list(due.select_for_update().values_list("pk", flat=True))
        PostRevision.objects.filter(post_id__in=ids).delete()
        Post.objects.filter(pk__in=ids).update(body="", body_html="", edit_count=0)
    if ids:
        page_cache.invalidate()
    return len(ids)


@transaction.atomic
def restore_post(*, post, moderator, reason="") -> None:
    thread = _lock_thread(post.thread)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not post.is_deleted:
        return
    Post.objects.filter(pk=post.pk).update(is_deleted=False, deleted_at=None)
    post.is_deleted = False
    if _counts(post):
        _change_post_count(thread, +1)
    log_action(actor=moderator, action="forum.post.restore", target=post, reason=reason)


# --- Moderation: posts ------------------------------------------------------------------------------------


@transaction.atomic
def hide_post(*, post, moderator, reason) -> None:
    thread = _lock_thread(post.thread)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.is_hidden:
        return
    counted = _counts(post)
    Post.objects.filter(pk=post.pk).update(is_hidden=True, hidden_reason=reason)
    _drop_solution(post)
    if counted:
        _change_post_count(thread, -1)
    log_action(actor=moderator, action="forum.post.hide", target=post, reason=reason)


@transaction.atomic
def unhide_post(*, post, moderator, reason="") -> None:
    thread = _lock_thread(post.thread)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not post.is_hidden:
        return
    Post.objects.filter(pk=post.pk).update(is_hidden=False, hidden_reason="")
    post.is_hidden = False
    if _counts(post):
        _change_post_count(thread, +1)
    log_action(actor=moderator, action="forum.post.unhide", target=post, reason=reason)


@transaction.atomic
def approve_post(*, post, moderator) -> None:
    """Publish a held post; approving a thread's opening post lists the thread."""
    thread = _lock_thread(post.thread)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != Post.Status.HELD:
        return
    Post.objects.filter(pk=post.pk).update(status=Post.Status.PUBLISHED)
    post.status = Post.Status.PUBLISHED
    if _counts(post):
        _change_post_count(thread, +1)
    if post.is_opening_post and thread.is_held:
        Thread.objects.filter(pk=thread.pk).update(is_held=False)
        thread.is_held = False
        if _is_listed(thread):
            _change_listing(thread, thread.category_id, +1)
    log_action(actor=moderator, action="forum.post.approve", target=post)
    signals.send_on_commit(signals.post_moderated, post=post, action="approve", moderator=moderator, reason="")
    signals.send_on_commit(signals.post_published, post=post)


@transaction.atomic
def reject_post(*, post, moderator, reason="") -> None:
    """Refuse a held post: it stays in the database, visible to moderators only. Refusing the opening post of a
    held thread hides the thread (otherwise its author would see it "awaiting approval" for ever)."""
    thread = _lock_thread(post.thread)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != Post.Status.HELD:
        return
    Post.objects.filter(pk=post.pk).update(status=Post.Status.REJECTED)
    if post.is_opening_post and thread.is_held and not thread.is_hidden:
        # A held thread is not listed: hiding it changes no counter.
        Thread.objects.filter(pk=thread.pk).update(is_hidden=True, hidden_reason=reason)
        log_action(actor=moderator, action="forum.thread.hide", target=thread, reason=reason)
    log_action(actor=moderator, action="forum.post.reject", target=post, reason=reason)
    signals.send_on_commit(signals.post_moderated, post=post, action="reject", moderator=moderator, reason=reason)


# --- Moderation: threads ----------------------------------------------------------------------------------


@transaction.atomic
def set_thread_flag(*, thread, moderator, flag, value, reason="") -> None:
    """Lock/unlock or pin/unpin a thread."""
    assert flag in {"is_locked", "is_pinned"}
    Thread.objects.filter(pk=thread.pk).update(**{flag: value})
    action = {"is_locked": ("unlock", "lock"), "is_pinned": ("unpin", "pin")}[flag][bool(value)]
    log_action(actor=moderator, action=f"forum.thread.{action}", target=thread, reason=reason)
    if action == "lock":
        signals.send_on_commit(
            signals.thread_moderated, thread=thread, action="lock", moderator=moderator, reason=reason
        )


@transaction.atomic
def hide_thread(*, thread, moderator, reason) -> None:
    thread = _lock_thread(thread)
    if thread.is_hidden:
        return
    was_listed = _is_listed(thread)
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True, hidden_reason=reason)
    thread.is_hidden = True
    if was_listed:
        _change_listing(thread, thread.category_id, -1)
    log_action(actor=moderator, action="forum.thread.hide", target=thread, reason=reason)


@transaction.atomic
def unhide_thread(*, thread, moderator, reason="") -> None:
    thread = _lock_thread(thread)
    if not thread.is_hidden:
        return
    Thread.objects.filter(pk=thread.pk).update(is_hidden=False, hidden_reason="")
    thread.is_hidden = False
    if _is_listed(thread):
        _change_listing(thread, thread.category_id, +1)
    log_action(actor=moderator, action="forum.thread.unhide", target=thread, reason=reason)


@transaction.atomic
def move_thread(*, thread, moderator, category, reason="") -> None:
    thread = _lock_thread(thread)
    old_category_id = thread.category_id
    if old_category_id == category.pk:
        return
    # Lock both categories in a fixed order, so two moves in opposite directions cannot deadlock.
    list(Category.objects.select_for_update().filter(pk__in=[old_category_id, category.pk]).order_by("pk"))
    Thread.objects.filter(pk=thread.pk).update(category=category)
    if _is_listed(thread):
        _change_listing(thread, old_category_id, -1)
        _change_listing(thread, category.pk, +1)
    thread.category = category
    log_action(actor=moderator, action="forum.thread.move", target=thread, reason=reason)
    signals.send_on_commit(signals.thread_moderated, thread=thread, action="move", moderator=moderator, reason=reason)


@transaction.atomic
def rename_thread(*, thread, moderator, title, reason="") -> None:
    old_title = thread.title
    thread.title = title
    thread.save(update_fields=["title", "slug"])
    log_action(actor=moderator, action="forum.thread.rename", target=thread, reason=reason or old_title)
    signals.send_on_commit(signals.thread_moderated, thread=thread, action="rename", moderator=moderator, reason=reason)


# --- Solutions --------------------------------------------------------------------------------------------


@transaction.atomic
def mark_solution(*, post, user) -> None:
    """Make `post` (a reply of a question thread) its thread's solution, replacing any earlier one."""
    thread = _lock_thread(post.thread)
    if thread.solution_id == post.pk:
        return
    _count_solution(thread.solution_id, -1)
    Thread.objects.filter(pk=thread.pk).update(solution=post, solved_at=timezone.now())
    _count_solution(post.pk, +1)
    if user.pk != thread.author_id:
        log_action(actor=user, action="forum.thread.solution", target=post)
    page_cache.invalidate()


@transaction.atomic
def clear_solution(*, thread, user) -> None:
    thread = _lock_thread(thread)
    if thread.solution_id is None:
        return
    _count_solution(thread.solution_id, -1)
    Thread.objects.filter(pk=thread.pk).update(solution=None, solved_at=None)
    if user.pk != thread.author_id:
        log_action(actor=user, action="forum.thread.solution_clear", target=thread)
    page_cache.invalidate()


def _drop_solution(post):
    """A post that no one can read any more is no solution (called inside the hiding or deleting transaction)."""
    if Thread.objects.filter(pk=post.thread_id, solution=post).update(solution=None, solved_at=None):
        _count_solution(post.pk, -1)


def _count_solution(post_id, step):
    """The author of the post `post_id` (None: nothing) gained (+1) or lost (-1) a solution."""
    if post_id is not None:
        author = Post.objects.filter(pk=post_id).values("author_id")
        get_user_model().objects.filter(pk__in=author).update(solutions_count=F("solutions_count") + step)


# --- Reports ----------------------------------------------------------------------------------------------


def report_post(*, post, reporter, reason, text="") -> Report | None:
    """Report `post`; None when this member has reported it before."""
    try:
        with transaction.atomic():
            report = Report.objects.create(post=post, reporter=reporter, reason=reason, text=text)
            signals.send_on_commit(signals.post_reported, report=report)
            return report
    except IntegrityError:
        return None


@transaction.atomic
def resolve_report(*, report, moderator, hide=False, reason="") -> None:
    """Close `report`: with `hide`, hide the reported post (and close every open report on it), else dismiss."""
    now = timezone.now()
    if hide:
        hide_post(post=report.post, moderator=moderator, reason=reason or report.get_reason_display())
        Report.objects.filter(post=report.post, status=Report.Status.OPEN).update(
            status=Report.Status.RESOLVED, resolved_by=moderator, resolved_at=now
        )
        log_action(actor=moderator, action="forum.report.resolve", target=report, reason=reason)
    else:
        Report.objects.filter(pk=report.pk).update(
            status=Report.Status.DISMISSED, resolved_by=moderator, resolved_at=now
        )
        log_action(actor=moderator, action="forum.report.dismiss", target=report, reason=reason)
