"""Likes, bookmarks, read positions, solutions, watches, notification settings and notifications in a member's
export and erasure: exported, removed, and every counter left exact."""

import io
import json
from zipfile import ZipFile

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from model_bakery import baker

from articles import services as article_services
from articles.models import Comment, CommentLike
from forum import reactions
from forum import services as forum_services
from forum.models import Bookmark, Category, Post, PostLike, ReadMark, Thread, ThreadRead
from notifications import emails as notification_emails
from notifications import services as notification_services
from notifications.models import (
    ArticleFollow,
    CategoryWatch,
    Kind,
    MemberSettings,
    Notification,
    NotificationSetting,
    ThreadWatch,
    WatchLevel,
)
from privacy import services
from tests.privacy.conftest import comment, reply
from tests.privacy.test_erasure_content import erase
from tests.privacy.test_export import download_url, request_export


def assert_like_counters_exact():
    for post in Post.objects.all():
        assert post.like_count == PostLike.objects.filter(post=post).count(), post
    for item in Comment.objects.all():
        assert item.like_count == CommentLike.objects.filter(comment=item).count(), item
    for user in get_user_model().objects.all():
        received = PostLike.objects.filter(post__author=user).count()
        received += CommentLike.objects.filter(comment__user=user).count()
        assert user.likes_received == received, user
        solutions = Thread.objects.filter(solution__author=user).count()
        assert user.solutions_count == solutions, user


@pytest.fixture
def reactions_of(member, other_member, moderator, start_thread, category, article):
    """The member likes, bookmarks, reads, watches; others like the member's posts and comment; one of the member's
    answers is a question's solution."""
    others = start_thread(other_member, title="Ottos Thema")
    liked = reply(others, other_member, "Ottos Antwort")
    reactions.set_post_like(post=liked, user=member, like=True)
    reactions.set_post_like(post=others.posts.get(position=1), user=member, like=True)
    reactions.set_bookmark(post=liked, user=member, keep=True)
    ThreadRead.objects.create(user=member, thread=others, last_position=2)
    ReadMark.objects.create(user=member, category=category)
    own = reply(others, member, "Marthas Antwort")
    reactions.set_post_like(post=own, user=other_member, like=True)
    reactions.set_post_like(post=own, user=moderator, like=True)
    question = baker.make(Category, name="Fragen", slug="fragen", is_question=True)
    asked = forum_services.start_thread(category=question, author=other_member, title="Eine Frage", body="?")
    answer = reply(asked, member, "Die Lösung")
    forum_services.mark_solution(post=answer, user=other_member)
    others_comment = comment(article, "Ottos Kommentar", user=other_member)
    article_services.set_comment_like(comment=others_comment, user=member, like=True)
    own_comment = comment(article, "Marthas Kommentar", user=member)
    article_services.set_comment_like(comment=own_comment, user=other_member, like=True)
    notification_services.set_thread_level(user=member, thread=others, level=WatchLevel.WATCHING)
    notification_services.set_category_level(user=member, category=category, level=WatchLevel.TRACKING)
    ArticleFollow.objects.create(user=member, article=article)
    NotificationSetting.objects.create(user=member, kind=Kind.REPLY, in_app=True, email="weekly")
    MemberSettings.objects.create(user=member, language="en", email_off=False)
    notification_services.notify_member(member.pk, Kind.REPLY, actor=other_member, thread=others, post=liked)
    assert_like_counters_exact()
    return {"others": others, "liked": liked, "own": own, "asked": asked, "answer": answer, "comment": others_comment}


def test_export_holds_likes_bookmarks_read_positions_watches_and_notification_settings(
    client, member, reactions_of, mailoutbox, django_capture_on_commit_callbacks
):
    request_export(client, member, django_capture_on_commit_callbacks)
    archive = ZipFile(io.BytesIO(b"".join(client.get(download_url(mailoutbox)).streaming_content)))

    def read(name):
        return json.loads(archive.read(f"{name}.json"))

    assert sorted(like["thread"] for like in read("forum_likes")) == ["Ottos Thema", "Ottos Thema"]
    assert read("article_comment_likes")[0]["article"] == "Erster Artikel"
    assert read("forum_bookmarks")[0]["post"] == reactions_of["liked"].get_absolute_url()
    positions = read("forum_read_positions")
    assert positions[0]["read_up_to_post"] == 2 and positions[1]["marked_all_read_in"] == "Allgemeines"
    watched = read("watched")
    assert [w.get("thread") or w.get("category") or w.get("article") for w in watched] == [
        "Ottos Thema", "Allgemeines", "Erster Artikel"]  # fmt: skip
    chosen = read("notification_settings")
    assert chosen[0] == {"email_language": "en", "no_email_at_all": False}
    assert chosen[1] == {"kind": "reply", "in_the_site": True, "email": "weekly"}
    assert "Otto Other" in read("notifications")[0]["text"]


@pytest.mark.parametrize("mode", ["keep", "remove"])
def test_erasure_removes_likes_bookmarks_read_positions_watches_settings_and_notifications(member, reactions_of, mode):
    erase(member, mode)
    assert not PostLike.objects.filter(user=member).exists()
    assert not CommentLike.objects.filter(user=member).exists()
    for model in (Bookmark, ThreadRead, ReadMark, ThreadWatch, CategoryWatch, ArticleFollow, NotificationSetting):
        assert not model.objects.filter(user=member).exists(), model
    assert not MemberSettings.objects.filter(user=member).exists()
    assert not Notification.objects.filter(recipient=member).exists()
    assert Post.objects.get(pk=reactions_of["liked"].pk).like_count == 0
    assert Comment.objects.get(pk=reactions_of["comment"].pk).like_count == 0
    assert_like_counters_exact()


def test_keeping_contributions_keeps_the_likes_others_gave_to_them(member, reactions_of):
    erase(member, "keep")
    assert Post.objects.get(pk=reactions_of["own"].pk).like_count == 2
    assert Thread.objects.get(pk=reactions_of["asked"].pk).solution_id == reactions_of["answer"].pk
    assert_like_counters_exact()


def test_removing_contributions_removes_the_likes_others_gave_and_the_solution_mark(member, reactions_of):
    erase(member, "remove")
    assert not PostLike.objects.filter(post_id=reactions_of["own"].pk).exists()
    assert not CommentLike.objects.filter(comment__body="Marthas Kommentar").exists()
    assert Thread.objects.get(pk=reactions_of["asked"].pk).solution_id is None
    assert_like_counters_exact()


def test_counters_stay_exact_when_the_erased_row_stays(member, other_member, reactions_of, start_thread):
    """A thread of the member's with a reply by someone else keeps the account row: its counters are exact too."""
    own_thread = start_thread(member, title="Marthas Thema")
    reply(own_thread, other_member, "Dazu etwas")
    erase(member, "remove")
    member.refresh_from_db()
    assert member.erased_at is not None
    assert member.likes_received == 0 and member.solutions_count == 0
    assert_like_counters_exact()


def test_who_liked_it_list_no_longer_shows_the_erased_member(client, member, reactions_of):
    likers = reverse("forum:post_likers", args=[reactions_of["liked"].pk])
    assert "Martha Member" in client.get(likers).text
    erase(member, "keep")
    text = client.get(likers).text
    assert "Martha Member" not in text
    assert "Ehemaliges Mitglied" not in text


def test_member_waiting_for_erasure_gets_no_more_mails(member, other_member, reactions_of):
    services.request_erasure(user=member, mode="keep", site_url="http://testserver")
    mail.outbox.clear()
    created = notification_services.notify_member(member.pk, Kind.REPLY, actor=other_member)
    assert created == []
    due = Notification.objects.filter(recipient=member)
    due.update(email_due="immediate")
    notification_emails.send_immediate(list(due.values_list("pk", flat=True)))
    notification_emails.send_digest(member.pk, "weekly")
    assert mail.outbox == []
