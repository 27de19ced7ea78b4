"""The list pages (category, index, "Neu für dich", home) are assembled from cached row fragments: every change shows
at once on the next request, and nothing cached for one reader reaches another who may not see it."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.humanize.templatetags import humanize
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from model_bakery import baker

from core import fragments, links
from forum import lists, services
from forum.models import Category, Post, Thread
from tests.forum.conftest import reply

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fragment_cache_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 3600
    settings.PAGE_CACHE_SECONDS = 0  # anonymous readers' pages rendered too, from the same fragments


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def thread_row(html, title):
    """The list item of the thread titled `title`, or None."""
    for item in re.findall(r"<li class=\"list-group-item.*?</li>", html, re.S):
        if f">{title}</a>" in item:
            return item
    return None


def test_a_new_reply_shows_in_the_row_at_once(client, category, thread, other_member):
    page(client, category.get_absolute_url())
    reply(thread, other_member)
    row = thread_row(page(client, category.get_absolute_url()), thread.title)
    assert "2 Beiträge" in row
    assert "von Otto Other" in row


def test_a_renamed_thread_shows_its_new_title_at_once(client, category, thread, moderator):
    page(client, category.get_absolute_url())
    client_for(moderator).post(reverse("forum:thread_action", args=[thread.pk, "rename"]), {"title": "Neuer Titel"})
    html = page(client, category.get_absolute_url())
    assert thread_row(html, "Erstes Thema") is None
    assert f'href="/forum/t/{thread.pk}-neuer-titel/"' in thread_row(html, "Neuer Titel")


def test_a_moved_thread_leaves_its_old_category_at_once(client, category, other_category, thread, moderator):
    page(client, category.get_absolute_url())
    page(client, other_category.get_absolute_url())
    services.move_thread(thread=thread, moderator=moderator, category=other_category)
    assert thread_row(page(client, category.get_absolute_url()), thread.title) is None
    assert thread_row(page(client, other_category.get_absolute_url()), thread.title) is not None


@pytest.mark.parametrize(("action", "badge"), [("pin", "angeheftet"), ("lock", "gesperrt")])
def test_pinning_and_locking_show_their_badge_at_once(client, category, thread, moderator, action, badge):
    assert badge not in thread_row(page(client, category.get_absolute_url()), thread.title)
    client_for(moderator).post(reverse("forum:thread_action", args=[thread.pk, action]))
    assert badge in thread_row(page(client, category.get_absolute_url()), thread.title)


def test_a_hidden_thread_leaves_the_list_but_the_moderator_sees_it_marked(client, category, thread, moderator):
    moderator_client = client_for(moderator)
    page(client, category.get_absolute_url())
    page(moderator_client, category.get_absolute_url())
    services.hide_thread(thread=thread, moderator=moderator, reason="Spam")
    assert thread_row(page(client, category.get_absolute_url()), thread.title) is None
    assert "ausgeblendet" in thread_row(page(moderator_client, category.get_absolute_url()), thread.title)


def test_a_solution_mark_shows_the_solved_badge_at_once(client, member, other_member):
    questions = baker.make(Category, slug="fragen", is_question=True)
    question = services.start_thread(category=questions, author=member, title="Wie entkalke ich?", body="Hilfe!")
    answer = reply(question, other_member, "Mit Zitronensäure.")
    assert "gelöst" not in thread_row(page(client, questions.get_absolute_url()), question.title)
    client_for(member).post(reverse("forum:post_mark_solution", args=[answer.pk]))
    assert "gelöst" in thread_row(page(client, questions.get_absolute_url()), question.title)


def test_a_renamed_author_shows_in_every_list_at_once(client, category, thread, member):
    urls = [category.get_absolute_url(), reverse("forum:index"), reverse("portal:home")]
    for url in urls:
        assert "Martha Member" in page(client, url)
    member.display_name = "Martha Meyer"
    member.save(update_fields=["display_name"])
    for url in urls:
        html = page(client, url)
        assert "Martha Meyer" in html
        assert "Martha Member" not in html


def test_a_language_switch_changes_the_rows_at_once(client, category, thread, moderator):
    services.set_thread_flag(thread=thread, moderator=moderator, flag="is_pinned", value=True)
    assert "angeheftet" in thread_row(page(client, category.get_absolute_url()), thread.title)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    row = thread_row(page(client, category.get_absolute_url()), thread.title)
    assert "pinned" in row
    assert "angeheftet" not in row
    assert "1 post" in row


def test_relative_times_in_rows_move_on_with_the_clock(client, category, thread, monkeypatch):
    assert "Stunden" not in thread_row(page(client, category.get_absolute_url()), thread.title)

    class Later(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) + timedelta(hours=2, minutes=1)

    monkeypatch.setattr(humanize, "datetime", Later)
    assert "vor 2 Stunden" in thread_row(page(client, category.get_absolute_url()), thread.title)


def test_unread_marks_follow_the_reader(category, thread, member, other_member, moderator):
    reader = client_for(other_member)
    assert ">neu</a>" in thread_row(page(reader, category.get_absolute_url()), thread.title)
    page(reader, thread.get_absolute_url())
    row = thread_row(page(reader, category.get_absolute_url()), thread.title)
    assert "forum-unread" not in row
    assert 'class="fw-bold"' not in row
    reply(thread, member)
    row = thread_row(page(reader, category.get_absolute_url()), thread.title)
    assert "1 ungelesen" in row
    assert f'href="/forum/t/{thread.pk}/ungelesen/"' in row
    assert "1 ungelesen" in thread_row(page(reader, reverse("forum:unread_list")), thread.title)
    # Another member who has never opened it: the same thread, new to them.
    assert ">neu</a>" in thread_row(page(client_for(moderator), category.get_absolute_url()), thread.title)


def test_unread_marks_on_the_home_page_follow_the_reader(category, thread, other_member):
    reader = client_for(other_member)
    assert ">neu</a>" in page(reader, reverse("portal:home"))
    page(reader, thread.get_absolute_url())
    assert "forum-unread" not in page(reader, reverse("portal:home"))


def test_a_held_thread_shows_only_to_its_author_and_moderators(settings, client, category, other_member, moderator):
    settings.FORUM_HOLD_FIRST_POSTS = 1
    newcomer = baker.make("accounts.User", username="neu", display_name="Nora Neu")
    held = services.start_thread(category=category, author=newcomer, title="Erste Frage", body="Hallo")
    assert held.is_held
    assert "Wartet auf Freischaltung" in thread_row(page(client_for(newcomer), category.get_absolute_url()), held.title)
    assert thread_row(page(client_for(moderator), category.get_absolute_url()), held.title) is not None
    for reader in (client, client_for(other_member)):
        html = page(reader, category.get_absolute_url())
        assert "Erste Frage" not in html
        assert "Wartet auf Freischaltung" not in html


def test_members_only_categories_never_reach_anonymous_readers(client, member):
    circle = baker.make(Category, name="Stammtischrunde", slug="runde", members_only=True)
    services.start_thread(category=circle, author=member, title="Interna", body="Nur unter uns")
    member_client = client_for(member)
    assert "Stammtischrunde" in page(member_client, reverse("forum:index"))
    assert "Interna" in page(member_client, reverse("portal:home"))
    assert "Stammtischrunde" not in page(client, reverse("forum:index"))
    assert "Interna" not in page(client, reverse("portal:home"))
    assert client.get(circle.get_absolute_url()).status_code == 404


def _without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.parametrize("user", [None, "member", "moderator"])
def test_the_pages_are_the_same_with_the_fragment_cache_off(settings, category, thread, other_member, request, user):
    reply(thread, other_member)
    sub = baker.make(Category, name="Unterbereich", slug="unter", parent=category)
    services.start_thread(category=sub, author=other_member, title="Im Unterbereich", body="Text")
    # Written yesterday: the relative times ("vor 1 Tag") stay the same between the requests compared.
    yesterday = timezone.now() - timedelta(days=1, minutes=5)
    Post.objects.update(created_at=yesterday)
    Thread.objects.update(created_at=yesterday, last_activity_at=yesterday)
    reader = client_for(request.getfixturevalue(user) if user else None)
    urls = [category.get_absolute_url(), reverse("forum:index"), reverse("portal:home")]
    cached = [_without_tokens(page(reader, url)) for url in urls]
    cached_again = [_without_tokens(page(reader, url)) for url in urls]
    settings.FRAGMENT_CACHE_SECONDS = 0
    assert [_without_tokens(page(reader, url)) for url in urls] == cached == cached_again


def test_kept_posts_show_an_edit_at_once_with_the_readers_own_token(category, thread, member, other_member):
    post = reply(thread, other_member, "Der erste Wortlaut")
    reader = client_for(member)
    reader.post(reverse("forum:post_bookmark", args=[post.pk]), {"merken": "1"})
    assert "Der erste Wortlaut" in page(reader, reverse("forum:bookmark_list"))
    services.edit_post(post=post, editor=other_member, body="Der zweite Wortlaut")
    html = page(reader, reverse("forum:bookmark_list"))
    assert "Der zweite Wortlaut" in html
    assert "Der erste Wortlaut" not in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert fragments.CSRF_PLACEHOLDER not in html


@pytest.mark.parametrize("username", ["anna", "jörg.müller", "a+b@c-d_e", "ÇağlaÖz", "x" * 150])
def test_profile_links_are_those_reverse_builds(username):
    assert lists.Links().profile(username) == reverse("accounts:profile", kwargs={"username": username})


@pytest.mark.parametrize("name", ["forum:post_permalink", "forum:post_like", "forum:post_edit"])
def test_post_links_are_those_reverse_builds(name):
    assert links.pk_link(name)(1234567) == reverse(name, args=[1234567])
