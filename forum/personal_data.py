"""The forum's sections of a member's data (core/personal_data.py): threads, posts with their edit history, reports
filed, the reading preference."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core import page_cache
from core.personal_data import register_member_section
from forum.models import Post, PostRevision, ReadingPreference, Report, Thread
from forum.services import (
    _change_listing,
    _change_post_count,
    _counts,
    _is_listed,
    _lock_thread,
    _refresh_category_last_post,
)

CHUNK = 1000


def export_threads(user):
    threads = Thread.objects.filter(author=user).select_related("category").order_by("pk")
    for thread in threads.iterator(chunk_size=CHUNK):
        yield {
            "id": thread.pk,
            "title": thread.title,
            "category": thread.category.name,
            "created_at": thread.created_at,
            "url": thread.get_absolute_url(),
            "hidden": thread.is_hidden,
            "awaiting_approval": thread.is_held,
        }


def export_posts(user):
    posts = Post.objects.filter(author=user).select_related("thread").order_by("pk")
    for post in posts.iterator(chunk_size=CHUNK):
        yield {
            "id": post.pk,
            "thread": post.thread.title,
            "url": post.get_absolute_url(),
            "number": post.position,
            "in_reply_to": post.parent_id,
            "created_at": post.created_at,
            "edited_at": post.edited_at,
            "status": post.status,
            "hidden": post.is_hidden,
            "deleted": post.is_deleted,
            "body": post.body,
            # The edit history: the earlier versions of the text, newest first.
            "revisions": [
                {"body": body, "written_at": written, "replaced_at": replaced}
                for body, written, replaced in PostRevision.objects.filter(post=post)
                .order_by("-replaced_at", "-pk")
                .values_list("body", "created_at", "replaced_at")
            ]
            if post.edit_count
            else [],
        }


def export_reports(user):
    reports = Report.objects.filter(reporter=user).select_related("post").order_by("pk")
    for report in reports.iterator(chunk_size=CHUNK):
        yield {
            "post": report.post.get_absolute_url(),
            "reason": report.reason,
            "details": report.text,
            "created_at": report.created_at,
            "status": report.status,
        }


def export_preference(user):
    for preference in ReadingPreference.objects.filter(user=user):
        yield {"thread_view": preference.thread_view}


def erase_reports(user, *, keep_contributions):
    Report.objects.filter(reporter=user).delete()


def erase_preference(user, *, keep_contributions):
    ReadingPreference.objects.filter(user=user).delete()


def erase_posts(user, *, keep_contributions):
    """Keep: the posts stay as they are, their author shown as "Former member" (the account's own section removes
    the name). Remove: the member's threads nobody else wrote in disappear; of their other posts, the ones with
    replies keep their place as "deleted", without text or history, and the rest disappear. Counters stay exact
    (the forum's own services move them); quotes of the member's posts in other posts stay."""
    if keep_contributions:
        return
    thread_ids = set(Thread.objects.filter(author=user).values_list("pk", flat=True))
    thread_ids |= set(Post.objects.filter(author=user).values_list("thread_id", flat=True).distinct())
    for thread_id in sorted(thread_ids):
        _remove_posts_in_thread(thread_id, user)
    page_cache.invalidate()


def _remove_posts_in_thread(thread_id, user):
    with transaction.atomic():
        thread = _lock_thread(Thread(pk=thread_id))
        if thread.author_id == user.pk and not Post.objects.filter(thread=thread).exclude(author=user).exists():
            if _is_listed(thread):
                _change_listing(thread, thread.category_id, -1)
            Post.objects.filter(thread=thread).update(parent=None)  # parents are protected from a bulk delete
            thread.delete()
            _refresh_category_last_post(thread.category_id)
            return
        # Newest first: a reply is always newer than the post it answers, so the member's own replies are gone
        # before their parent is looked at.
        for post in Post.objects.filter(thread=thread, author=user).order_by("-position"):
            counted = _counts(post)
            if Post.objects.filter(parent=post).exists():
                PostRevision.objects.filter(post=post).delete()
                Post.objects.filter(pk=post.pk).update(is_deleted=True, body="", body_html="", edit_count=0)
            else:
                Report.objects.filter(post=post).delete()
                post.delete()
            if counted:
                _change_post_count(thread, -1)


def register():
    register_member_section("forum_threads", title=_("Forum threads"), export=export_threads)
    register_member_section("forum_posts", title=_("Forum posts"), export=export_posts, erase=erase_posts)
    register_member_section("forum_reports", title=_("Reports filed"), export=export_reports, erase=erase_reports)
    register_member_section(
        "forum_reading_preference", title=_("Reading preference"), export=export_preference, erase=erase_preference
    )
