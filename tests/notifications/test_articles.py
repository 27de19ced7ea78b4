"""Article comments: replies reach members and confirmed guests (double opt-in); followers hear of new comments."""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from model_bakery import baker

from articles import services, spam
from articles.models import Article, Comment
from articles.models import Category as ArticleCategory
from notifications.models import ArticleFollow, GuestSubscription, Kind, Notification
from tests.notifications.conftest import committed

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(staff):
    return Article.objects.create(
        title="Ein Artikel", slug="ein-artikel", summary="S", body="Text", author=staff,
        category=baker.make(ArticleCategory, slug="technik"), status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timezone.timedelta(days=1),
    )  # fmt: skip


def comment(article, *, user=None, parent=None, body="Ein Kommentar", **guest):
    values = {"user": user, "name": "", "email": ""} if user else {"name": "Gustav Gast", "email": "gast@example.net"}
    values.update(guest)
    return Comment.objects.create(article=article, parent=parent, body=body, status=Comment.Status.APPROVED, **values)


def post_reply(client, article, parent, **extra):
    data = {"body": "Eine Antwort", "parent": parent.pk if parent else "",
            "timestamp": spam.sign_timestamp(time.time() - 30), **extra}  # fmt: skip
    with committed():
        return client.post(reverse("articles:comment_create", kwargs={"slug": article.slug}), data)


def test_a_reply_to_a_members_comment_notifies_the_member(client, article, member, moderator, mailoutbox):
    first = comment(article, user=member)
    client.force_login(moderator)  # published at once
    post_reply(client, article, first)
    notification = Notification.objects.get(recipient=member)
    assert notification.kind == Kind.COMMENT_REPLY
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert not Notification.objects.filter(recipient=moderator).exists()


def test_a_guest_hears_of_replies_only_after_confirming(client, article, member, staff, mailoutbox):
    guest = Client()
    response = post_reply(guest, article, None, name="Gustav Gast", email="gast@example.net",
                          body="Meine Frage", notify_replies="on")  # fmt: skip
    assert response.status_code == 302
    (confirmation,) = [m for m in mailoutbox if m.to == ["gast@example.net"]]
    confirm_path = re.search(r"https://forum\.example\.org(/\S+/)", confirmation.body).group(1)
    question = Comment.objects.get(body="Meine Frage")
    with committed():
        services.approve_comment(comment=question, actor=member)
    mailoutbox.clear()
    client.force_login(staff)  # published at once
    post_reply(client, article, question)
    assert mailoutbox == []  # not confirmed yet: nothing
    assert guest.get(confirm_path).status_code == 200  # a page with a button: a mail scanner's GET confirms nothing
    assert GuestSubscription.objects.get().confirmed_at is None
    assert guest.post(confirm_path).status_code == 200
    post_reply(client, article, question, body="Noch eine Antwort")
    (mail,) = mailoutbox
    assert mail.to == ["gast@example.net"]
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.search(r"<https://forum\.example\.org(/\S+/)>", mail.extra_headers["List-Unsubscribe"]).group(1)
    assert Client(enforce_csrf_checks=True).post(unsubscribe).status_code == 200
    mailoutbox.clear()
    post_reply(client, article, question, body="Die dritte Antwort")
    assert mailoutbox == []


def test_a_forged_confirmation_link_confirms_nothing(client):
    response = client.post(reverse("notifications:confirm_guest", args=["abc:def"]))
    assert response.status_code == 400


def test_following_an_article_brings_its_new_comments(client, article, member, moderator):
    client.force_login(member)
    assert (
        reverse("notifications:follow_article", args=[article.slug])
        in client.get(article.get_absolute_url()).content.decode()
    )
    client.post(reverse("notifications:follow_article", args=[article.slug]))
    assert ArticleFollow.objects.filter(user=member, article=article).exists()
    client.force_login(moderator)
    post_reply(client, article, None, body="Neuer Kommentar")
    assert Notification.objects.get(recipient=member).kind == Kind.ARTICLE_COMMENT


def test_a_held_comment_reaches_no_follower_until_approved(client, article, member, moderator):
    ArticleFollow.objects.create(user=member, article=article)
    post_reply(Client(), article, None, name="Neu", email="neu@example.net", body="Erster Kommentar")
    held = Comment.objects.get(body="Erster Kommentar")
    assert held.status == Comment.Status.PENDING
    assert not Notification.objects.filter(recipient=member).exists()
    assert Notification.objects.get(recipient=moderator).kind == Kind.HELD
    with committed():
        services.approve_comment(comment=held, actor=moderator)
    assert Notification.objects.get(recipient=member).kind == Kind.ARTICLE_COMMENT


def test_a_moderator_who_turned_held_mails_off_gets_none(client, article, moderator, mailoutbox):
    from notifications.models import NotificationSetting

    NotificationSetting.objects.create(user=moderator, kind=Kind.HELD, in_app=True, email="never")
    post_reply(Client(), article, None, name="Neu", email="neu@example.net", body="Erster Kommentar")
    assert moderator.email not in [m.to[0] for m in mailoutbox]
    assert Notification.objects.get(recipient=moderator).kind == Kind.HELD
