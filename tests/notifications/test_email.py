"""Notification mails: sent by tasks, coalesced per thread, stoppable in one click, never about hidden content."""

import re
import time
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forum import services
from notifications import emails
from notifications.models import Kind, MemberSettings, Notification, NotificationSetting
from notifications.services import notify_post
from tests.notifications.conftest import committed, reply

pytestmark = pytest.mark.django_db


def mails_to(mailoutbox, user):
    return [message for message in mailoutbox if message.to == [user.email]]


def unsubscribe_path(message):
    return re.search(r"<https://forum\.example\.org(/benachrichtigungen/abbestellen/[^>]+/)>",
                     message.extra_headers["List-Unsubscribe"]).group(1)  # fmt: skip


def test_a_reply_is_mailed_with_site_name_links_and_one_click_headers(thread, member, other_member, mailoutbox):
    post = reply(thread, other_member, body="Die Antwort auf alles")
    (message,) = mails_to(mailoutbox, member)
    assert message.from_email.startswith("Stammtisch <")
    assert message.subject.startswith("[Stammtisch] ")
    assert "Otto Other" in message.subject
    assert f"https://forum.example.org/forum/p/{post.pk}/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_path(message) in message.body  # the visible link, too
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Die Antwort auf alles" in html
    assert member.email not in message.body and other_member.email not in message.body + html


def test_mails_speak_the_members_language(thread, member, other_member, mailoutbox):
    MemberSettings.objects.create(user=member, language="en")
    reply(thread, other_member)
    (message,) = mails_to(mailoutbox, member)
    assert "replied to your post" in message.subject


def test_a_burst_of_replies_is_one_mail_until_the_member_reads(thread, member, other_member, mailoutbox):
    for number in range(3):
        reply(thread, other_member, body=f"Antwort {number}")
    assert len(mails_to(mailoutbox, member)) == 1
    Notification.objects.filter(recipient=member).update(read_at=Notification.objects.latest("pk").created_at)
    reply(thread, other_member, body="Noch eine")
    assert len(mails_to(mailoutbox, member)) == 2


def test_after_the_window_the_next_reply_is_mailed_again(settings, thread, member, other_member, mailoutbox):
    reply(thread, other_member, body="Eins")
    settings.NOTIFICATIONS_COALESCE_MINUTES = 0
    reply(thread, other_member, body="Zwei")
    assert len(mails_to(mailoutbox, member)) == 2


def test_no_mail_to_an_unverified_address(thread, member, other_member, mailoutbox):
    EmailAddress.objects.filter(user=member).update(verified=False)
    reply(thread, other_member)
    assert mails_to(mailoutbox, member) == []
    assert Notification.objects.filter(recipient=member).count() == 1  # still in the site


def test_no_mail_about_a_post_hidden_before_the_mail_goes_out(thread, member, other_member, moderator, mailoutbox):
    with committed():
        post = services.reply_to_thread(thread=thread, author=other_member, body="Bald versteckt")
        # The same transaction block: the task runs after it, as a worker would later.
        services.hide_post(post=post, moderator=moderator, reason="Spam")
    assert mails_to(mailoutbox, member) == []


def test_sending_rechecks_visibility_for_due_notifications(thread, member, other_member, moderator, mailoutbox):
    with mock.patch("notifications.tasks.queue_emails"):  # the worker has not got to the mail yet
        post = reply(thread, other_member)
    notification = Notification.objects.get(recipient=member)
    with committed():
        services.delete_post(post=post, user=other_member)
    emails.send_immediate([notification.pk])
    assert mails_to(mailoutbox, member) == []
    assert notify_post(post.pk) == []  # nor a notification in the site


def test_one_click_unsubscribe_turns_off_exactly_that_kind_without_login(thread, member, other_member, mailoutbox):
    reply(thread, other_member)
    path = unsubscribe_path(mails_to(mailoutbox, member)[0])
    client = Client(enforce_csrf_checks=True)  # a mail client has no CSRF token
    response = client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert NotificationSetting.objects.get(user=member, kind=Kind.REPLY).email == "never"
    assert not NotificationSetting.objects.filter(user=member, kind=Kind.MENTION).exists()
    mailoutbox.clear()
    Notification.objects.update(read_at=timezone.now())  # read: the next mail about this thread is not held back
    reply(thread, other_member, body="Noch eine Antwort")
    assert mails_to(mailoutbox, member) == []
    reply(thread, other_member, body="Was meinst du, @member?")
    assert len(mails_to(mailoutbox, member)) == 1  # mentions still come


def test_the_unsubscribe_link_shows_a_confirmation_page_first(thread, member, other_member, mailoutbox, client):
    reply(thread, other_member)
    response = client.get(unsubscribe_path(mails_to(mailoutbox, member)[0]))
    assert response.status_code == 200
    assert "Alle E-Mails abbestellen" in response.content.decode()
    assert not NotificationSetting.objects.exists()


def test_unsubscribe_from_all_mails(thread, member, other_member, mailoutbox, client):
    reply(thread, other_member)
    client.force_login(member)  # logged in or not makes no difference
    response = client.post(unsubscribe_path(mails_to(mailoutbox, member)[0]), {"scope": "all"})
    assert response.status_code == 200
    assert MemberSettings.objects.get(user=member).email_off
    mailoutbox.clear()
    reply(thread, other_member, body="@member hallo")
    assert mails_to(mailoutbox, member) == []


def test_a_forged_unsubscribe_token_is_refused(client, member):
    token = emails.unsubscribe_token(kind=Kind.REPLY, user_id=member.pk)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert client.post(reverse("notifications:unsubscribe", args=[forged])).status_code == 400
    other = emails.signing.dumps({"k": "all", "u": member.pk}, salt="something else")
    assert client.post(reverse("notifications:unsubscribe", args=[other])).status_code == 400
    assert not MemberSettings.objects.filter(email_off=True).exists()


def test_an_expired_unsubscribe_token_is_refused(client, member, settings):
    token = emails.unsubscribe_token(kind=Kind.REPLY, user_id=member.pk)
    later = time.time() + (settings.NOTIFICATIONS_UNSUBSCRIBE_DAYS + 1) * 86400
    with mock.patch("time.time", return_value=later):
        response = client.post(reverse("notifications:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert not NotificationSetting.objects.exists()


def test_daily_digest_collects_what_happened_in_one_mail(thread, member, other_member, third_member, mailoutbox):
    NotificationSetting.objects.create(user=member, kind=Kind.REPLY, email="daily")
    reply(thread, other_member, body="Eins")
    reply(thread, third_member, body="Zwei")
    assert mails_to(mailoutbox, member) == []
    with committed():
        call_command("send_digests", "daily")
    (digest,) = mails_to(mailoutbox, member)
    assert digest.subject == "[Stammtisch] Deine tägliche Zusammenfassung"
    assert "Otto Other" in digest.body and "Theo Third" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with committed():
        call_command("send_digests", "daily")
    assert len(mails_to(mailoutbox, member)) == 1  # nothing twice


def test_digest_leaves_out_what_was_hidden_meanwhile(thread, member, other_member, moderator, mailoutbox):
    NotificationSetting.objects.create(user=member, kind=Kind.REPLY, email="weekly")
    post = reply(thread, other_member, body="Bald weg")
    with committed():
        services.hide_post(post=post, moderator=moderator, reason="Spam")
        call_command("send_digests", "weekly")
    assert mails_to(mailoutbox, member) == []


def test_a_rejected_post_is_mailed_to_its_author_with_the_reason(settings, thread, moderator, mailoutbox):
    from tests.conftest import make_user

    settings.FORUM_HOLD_FIRST_POSTS = 1
    newcomer = make_user("neu")
    held = reply(thread, newcomer, body="Kauft billige Uhren")
    with committed():
        services.reject_post(post=held, moderator=moderator, reason="Werbung ist hier nicht erlaubt")
    (message,) = mails_to(mailoutbox, newcomer)
    assert "abgelehnt" in message.subject
    assert "Grund: Werbung ist hier nicht erlaubt" in message.body


def test_what_went_out_before_a_send_failed_is_not_sent_again(thread, member, other_member, third_member, mailoutbox):
    with mock.patch("notifications.tasks.queue_emails"):
        reply(thread, other_member, body="An alle, @third")
    due = list(Notification.objects.order_by("recipient_id").values_list("pk", flat=True))
    assert len(due) == 2
    original = emails.EmailMultiAlternatives.send
    calls = []

    def fail_second(message, *args, **kwargs):
        calls.append(message.to)
        if len(calls) == 2:
            raise ConnectionRefusedError("SMTP down")
        return original(message, *args, **kwargs)

    with mock.patch.object(emails.EmailMultiAlternatives, "send", fail_second), pytest.raises(ConnectionRefusedError):
        emails.send_immediate(due)
    emails.send_immediate(due)  # run again: the first mail is not repeated, the second goes
    assert sorted(m.to[0] for m in mailoutbox) == sorted([member.email, third_member.email])


def test_unsubscribing_a_deleted_account_is_no_error(client, member):
    token = emails.unsubscribe_token(kind=Kind.REPLY, user_id=member.pk)
    member.delete()
    assert client.post(reverse("notifications:unsubscribe", args=[token])).status_code == 200


def test_the_language_of_sign_up_is_the_language_of_mails(client):
    from tests.accounts.test_signup import SIGNUP

    with committed():
        response = client.post(reverse("account_signup"), SIGNUP, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert MemberSettings.objects.get(user__username=SIGNUP["username"]).language == "en"


def test_unsubscribing_from_a_digest_stops_the_kinds_in_it(thread, member, other_member, mailoutbox):
    NotificationSetting.objects.create(user=member, kind=Kind.REPLY, email="daily")
    reply(thread, other_member)
    with committed():
        call_command("send_digests", "daily")
    (digest,) = mails_to(mailoutbox, member)
    Client().post(
        unsubscribe_path(digest), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert NotificationSetting.objects.get(user=member, kind=Kind.REPLY).email == "never"
    assert NotificationSetting.objects.get(user=member, kind=Kind.ARTICLE_COMMENT).email == "never"  # daily by default
    assert not NotificationSetting.objects.filter(user=member, kind=Kind.MENTION).exists()  # immediate: untouched
