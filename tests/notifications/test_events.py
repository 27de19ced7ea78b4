"""Each forum event reaches exactly the right members: not the author, not those who muted, not the inactive."""

import pytest
from django.urls import reverse

from forum import services
from notifications.models import CategoryWatch, Kind, Notification, ThreadWatch, WatchLevel
from tests.conftest import make_user
from tests.notifications.conftest import committed, reply

pytestmark = pytest.mark.django_db


def kinds(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_reply_notifies_the_author_of_the_post_replied_to_but_not_the_replier(thread, member, other_member):
    reply(thread, other_member)
    assert kinds(member) == [Kind.REPLY]
    assert kinds(other_member) == []


def test_threads_started_are_watched_and_threads_replied_in_are_tracked(thread, member, other_member):
    reply(thread, other_member)
    levels = dict(ThreadWatch.objects.filter(thread=thread).values_list("user__username", "level"))
    assert levels == {"member": WatchLevel.WATCHING, "other": WatchLevel.TRACKING}


def test_a_new_post_reaches_trackers_in_the_site_without_mail(thread, member, other_member, third_member, mailoutbox):
    reply(thread, other_member)
    mailoutbox.clear()
    reply(thread, third_member, parent=thread.posts.get(position=1))
    notification = Notification.objects.get(recipient=other_member)
    assert notification.kind == Kind.THREAD_POST
    assert other_member.email not in {address for message in mailoutbox for address in message.to}


def test_muted_members_hear_nothing_not_even_mentions(thread, member, other_member):
    ThreadWatch.objects.update_or_create(user=member, thread=thread, defaults={"level": WatchLevel.MUTED})
    reply(thread, other_member, body="Was meinst du, @member?")
    assert kinds(member) == []


def test_a_muted_category_mutes_its_threads(thread, category, member, other_member, third_member):
    CategoryWatch.objects.create(user=third_member, category=category, level=WatchLevel.MUTED)
    reply(thread, other_member, body="Hallo @third")
    assert kinds(third_member) == []


def test_mention_notifies_the_member_once_with_the_most_personal_kind(thread, member, other_member, third_member):
    reply(thread, other_member, body="@third und @member, schaut mal @third")
    assert kinds(third_member) == [Kind.MENTION]
    assert kinds(member) == [Kind.MENTION]  # a mention beats the reply


def test_at_most_ten_mentions_notify(thread, other_member):
    names = [make_user(f"leser{number}").username for number in range(12)]
    reply(thread, other_member, body=" ".join(f"@{name}" for name in names))
    assert Notification.objects.filter(kind=Kind.MENTION).count() == 10


def test_mentions_in_code_notify_no_one(thread, other_member, third_member):
    reply(thread, other_member, body="Schreib `@third` so")
    assert kinds(third_member) == []


def test_a_held_post_notifies_no_one_until_it_is_approved(settings, thread, member, other_member, moderator):
    settings.FORUM_HOLD_FIRST_POSTS = 1
    newcomer = make_user("neu")
    held = reply(thread, newcomer, body="Hallo @other")
    assert kinds(other_member) == [] and kinds(member) == []
    with committed():
        services.approve_post(post=held, moderator=moderator)
    assert kinds(other_member) == [Kind.MENTION]
    assert kinds(member) == [Kind.REPLY]
    assert Notification.objects.get(recipient=newcomer, kind=Kind.MODERATION).action == "approve"


def test_quote_of_a_post_notifies_its_author(thread, member, other_member, third_member):
    quoted = reply(thread, other_member, body="Ein kluger Satz")
    reply(thread, third_member, body=f"> Ein kluger Satz\n> — [Otto](/forum/p/{quoted.pk}/)\n\nGenau!")
    assert Kind.QUOTE in kinds(other_member)


def test_watching_a_category_brings_its_new_threads(category, member, other_member):
    CategoryWatch.objects.create(user=other_member, category=category, level=WatchLevel.WATCHING)
    with committed():
        thread = services.start_thread(category=category, author=member, title="Neues Thema", body="Text")
    notification = Notification.objects.get(recipient=other_member)
    assert notification.kind == Kind.CATEGORY_THREAD and notification.thread == thread


def test_deactivated_members_get_no_notifications(thread, member, other_member):
    member.is_active = False
    member.save()
    reply(thread, other_member)
    assert kinds(member) == []


def test_moderation_outcomes_reach_the_author_with_the_reason(settings, thread, member, moderator):
    settings.FORUM_HOLD_FIRST_POSTS = 1
    newcomer = make_user("neu")
    held = reply(thread, newcomer, body="Werbung")
    with committed():
        services.reject_post(post=held, moderator=moderator, reason="Werbung ist nicht erlaubt")
        services.set_thread_flag(thread=thread, moderator=moderator, flag="is_locked", value=True)
        services.rename_thread(thread=thread, moderator=moderator, title="Besserer Titel")
    rejection = Notification.objects.get(recipient=newcomer, kind=Kind.MODERATION)
    assert (rejection.action, rejection.reason) == ("reject", "Werbung ist nicht erlaubt")
    assert sorted(Notification.objects.filter(recipient=member).values_list("action", flat=True)) == ["lock", "rename"]


def test_moderators_acting_on_their_own_thread_are_not_notified(category, moderator, other_category=None):
    with committed():
        thread = services.start_thread(category=category, author=moderator, title="Eigenes", body="Text")
        services.set_thread_flag(thread=thread, moderator=moderator, flag="is_locked", value=True)
    assert kinds(moderator) == []


def test_held_posts_and_reports_reach_moderators_but_not_the_author(settings, thread, member, other_member, moderator):
    settings.FORUM_HOLD_FIRST_POSTS = 1
    newcomer = make_user("neu")
    reply(thread, newcomer, body="Bitte freischalten")
    assert kinds(moderator) == [Kind.HELD]
    assert kinds(other_member) == []
    with committed():
        services.report_post(post=thread.posts.get(position=1), reporter=other_member, reason="spam")
    assert sorted(kinds(moderator)) == [Kind.HELD, Kind.REPORT]
    assert Kind.REPORT not in kinds(member) + kinds(other_member)


def test_the_request_that_replies_does_not_fan_out(client, thread, other_member, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    client.force_login(other_member)
    with committed():
        response = client.post(reverse("forum:reply_create", args=[thread.pk]), {"body": "Antwort", "parent": ""})
    assert response.status_code == 302
    assert not Notification.objects.exists()  # the work waits for the worker


def edit(post, body):
    with committed():
        return services.edit_post(post=post, editor=post.author, body=body)


def test_an_edit_that_adds_a_mention_notifies_the_newly_mentioned_member_once(
    thread, member, other_member, third_member
):
    post = reply(thread, other_member, body="Hallo @member")
    assert kinds(member) == [Kind.MENTION]
    edit(post, "Hallo @member und @third")
    assert kinds(third_member) == [Kind.MENTION]
    assert kinds(member) == [Kind.MENTION]  # already told: not again
    edit(post, "Hallo @member")  # the mention taken out …
    edit(post, "Hallo @member, @third")  # … and put back: told once is enough
    assert kinds(third_member) == [Kind.MENTION]
    assert kinds(other_member) == []


def test_an_edit_adding_a_mention_respects_mutes_and_readability(thread, member, other_member, third_member, moderator):
    post = reply(thread, other_member, body="Text")
    ThreadWatch.objects.update_or_create(user=third_member, thread=thread, defaults={"level": WatchLevel.MUTED})
    edit(post, "Text @third")
    assert kinds(third_member) == []
    with committed():
        services.hide_post(post=post, moderator=moderator, reason="Spam")
    post.refresh_from_db()
    edit(post, "Text @third @member")
    assert Kind.MENTION not in kinds(member)  # a hidden post tells no one
