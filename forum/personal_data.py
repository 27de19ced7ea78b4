"""The forum's sections of a member's data (core/personal_data.py): threads, posts with their edit history, reports
filed, the reading preference, likes given, bookmarks and read positions."""

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from core import page_cache
from core.markup import MENTION
from core.personal_data import FORMER_MEMBER, register_member_section
from forum.models import Bookmark, Post, PostLike, PostRevision, ReadingPreference, ReadMark, Report, Thread, ThreadRead
from forum.quoting import escape_markdown
from forum.services import (
    _change_listing,
    _change_post_count,
    _counts,
    _drop_solution,
    _is_listed,
    _lock_thread,
    _refresh_category_last_post,
)

CHUNK = 200  # rows per fetch; the peak memory of an export is about two chunks, whatever the number of rows


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


def export_likes(user):
    likes = PostLike.objects.filter(user=user).select_related("post__thread").order_by("pk")
    for like in likes.iterator(chunk_size=CHUNK):
        yield {"post": like.post.get_absolute_url(), "thread": like.post.thread.title, "created_at": like.created_at}


def export_bookmarks(user):
    bookmarks = Bookmark.objects.filter(user=user).select_related("post__thread").order_by("pk")
    for bookmark in bookmarks.iterator(chunk_size=CHUNK):
        yield {
            "post": bookmark.post.get_absolute_url(),
            "thread": bookmark.post.thread.title,
            "created_at": bookmark.created_at,
        }


def export_read_positions(user):
    reads = ThreadRead.objects.filter(user=user).select_related("thread").order_by("pk")
    for read in reads.iterator(chunk_size=CHUNK):
        yield {
            "thread": read.thread.title,
            "url": read.thread.get_absolute_url(),
            "read_up_to_post": read.last_position,
            "read_at": read.read_at,
        }
    for mark in ReadMark.objects.filter(user=user).select_related("category").order_by("pk"):
        yield {
            "marked_all_read_in": mark.category.name if mark.category_id else "*",
            "marked_at": mark.marked_at,
        }


def _unlike(likes):
    """Delete `likes` (PostLike rows) and take each one off its post's `like_count` and its author's
    `likes_received` (F(), in the erasure's transaction)."""
    users = get_user_model()
    per_post = likes.values("post_id").annotate(n=Count("pk")).order_by("post_id")
    for row in per_post.iterator(chunk_size=CHUNK):
        Post.objects.filter(pk=row["post_id"]).update(like_count=F("like_count") - row["n"])
    per_author = likes.values("post__author_id").annotate(n=Count("pk")).order_by("post__author_id")
    for row in per_author.iterator(chunk_size=CHUNK):
        users.objects.filter(pk=row["post__author_id"]).update(likes_received=F("likes_received") - row["n"])
    return likes.delete()[0]


def erase_likes(user, *, keep_contributions):
    """The member's likes go, counters follow. Removing the contributions: the likes others gave to the member's
    posts go as well (the posts disappear or stay as placeholders without text)."""
    if _unlike(PostLike.objects.filter(user=user)):
        page_cache.invalidate()
    if not keep_contributions:
        _unlike(PostLike.objects.filter(post__author=user))


def erase_bookmarks(user, *, keep_contributions):
    Bookmark.objects.filter(user=user).delete()


def erase_read_positions(user, *, keep_contributions):
    ThreadRead.objects.filter(user=user).delete()
    ReadMark.objects.filter(user=user).delete()


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
    for post in Post.objects.filter(author=user, pk__in=Thread.objects.values("solution_id")):
        _drop_solution(post)  # a removed post or a placeholder is nobody's solution
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


# A quote's attribution line (forum/quoting.py: "Name wrote in [#n](/forum/p/<id>/):", in any language), also
# inside a quote of a quote.
_ATTRIBUTION = re.compile(
    r"^(?P<marks>(?:> ?)+)(?P<name>.+?) (?P<words>\S+ \S+) \[#(?P<number>\d+)\]\(/forum/p/(?P<pk>\d+)/\):$", re.M
)


def erase_name_in_others_posts(user, *, keep_contributions):
    """Quotes of the member's posts in other members' posts stay (their text), attributed to "Former member"
    instead of the member's name, and `@username` mentions of them become "@Former member" (plain text: no such
    member). Runs before the account's own section removes the names it looks for (order)."""
    names = {name for name in (user.display_name, user.username) if name}
    own = set(Post.objects.filter(author=user).values_list("pk", flat=True))
    spelled = {escape_markdown(name) for name in names} | names
    former = escape_markdown(str(FORMER_MEMBER))
    mention = f"@{user.username}"
    wanted = Q(body__contains=mention)
    if own:
        for name in spelled:
            wanted |= Q(body__contains="](/forum/p/") & Q(body__contains=name)

    def attribute(match):
        if int(match["pk"]) not in own or match["name"] not in spelled:
            return match[0]
        return f"{match['marks']}{former} {match['words']} [#{match['number']}](/forum/p/{match['pk']}/):"

    def unmention(match):
        return f"@{former}" if match[1].lower() == user.username.lower() else match[0]

    changed = False
    for post in Post.objects.exclude(author=user).filter(wanted).iterator(chunk_size=200):
        body = MENTION.sub(unmention, _ATTRIBUTION.sub(attribute, post.body))
        if body != post.body:
            post.body = body
            post.save(update_fields=["body", "body_html"])
            changed = True
    if changed:
        page_cache.invalidate()


def register():
    register_member_section("forum_threads", title=_("Forum threads"), export=export_threads)
    # Before the account's section removes the name, which the attributions are found by.
    register_member_section(
        "forum_quotes", title=_("Quotes and mentions of me"), erase=erase_name_in_others_posts, order=-20
    )
    register_member_section("forum_posts", title=_("Forum posts"), export=export_posts, erase=erase_posts)
    register_member_section("forum_reports", title=_("Reports filed"), export=export_reports, erase=erase_reports)
    register_member_section(
        "forum_reading_preference", title=_("Reading preference"), export=export_preference, erase=erase_preference
    )
    # Before the posts (order): the likes are counted off the posts that are still there.
    register_member_section("forum_likes", title=_("Likes given"), export=export_likes, erase=erase_likes, order=-10)
    register_member_section("forum_bookmarks", title=_("Bookmarks"), export=export_bookmarks, erase=erase_bookmarks)
    register_member_section(
        "forum_read_positions", title=_("Read positions"), export=export_read_positions, erase=erase_read_positions
    )
