"""The thread page assembled from cached post fragments (forum/fragments.py): every change shows at once, and nothing
cached for one reader reaches another who may not see it."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse

from accounts.roles import MODERATORS_GROUP
from core.fragments import CSRF_PLACEHOLDER
from forum import services
from forum.models import Category
from tests.conftest import make_user
from tests.forum.conftest import reply

pytestmark = pytest.mark.django_db

VIEWS = ["chrono", "threaded"]


@pytest.fixture(autouse=True)
def _fragment_cache_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 3600


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def page(client, thread, view="chrono"):
    response = client.get(thread.get_absolute_url(), {"view": view})
    assert response.status_code == 200
    return response.content.decode()


def cached_fragments():
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_cache_fragments")
        return cursor.fetchone()[0]


@pytest.fixture
def readers(member, other_member, moderator):
    """The thread's author, another member, a moderator and an anonymous reader."""
    return {"author": logged_in(member), "other": logged_in(other_member), "moderator": logged_in(moderator),
            "anonymous": Client()}  # fmt: skip


def read_all(readers, thread, view="chrono"):
    return {name: page(client, thread, view) for name, client in readers.items()}


@pytest.mark.parametrize("view", VIEWS)
def test_the_page_is_served_from_fragments_cached_by_the_first_request(client, thread, view):
    first = page(client, thread, view)
    assert cached_fragments() > 0
    assert page(client, thread, view) == first


@pytest.mark.parametrize("view", VIEWS)
def test_an_edit_shows_to_every_reader_at_once(readers, thread, view):
    opening = thread.posts.get(position=1)
    read_all(readers, thread, view)
    response = readers["author"].post(reverse("forum:post_edit", args=[opening.pk]), {"body": "Ganz *neuer* Text"})
    assert response.status_code == 302
    for html in read_all(readers, thread, view).values():
        assert "Ganz <em>neuer</em> Text" in html
        assert "Hallo <em>Welt</em>" not in html


@pytest.mark.parametrize("view", VIEWS)
def test_a_hidden_post_loses_its_text_at_once_except_for_moderators(readers, thread, other_member, view):
    answer = reply(thread, other_member, body="Geheimnisvolle Antwort")
    read_all(readers, thread, view)
    response = readers["moderator"].post(reverse("forum:post_action", args=[answer.pk, "hide"]), {"reason": "Spam"})
    assert response.status_code == 302
    pages = read_all(readers, thread, view)
    assert "Geheimnisvolle Antwort" in pages["moderator"]
    for name in ("author", "other", "anonymous"):
        assert "Geheimnisvolle Antwort" not in pages[name]
        assert "Spam" in pages[name]


def test_a_held_post_cached_for_its_author_and_moderators_never_shows_to_others(settings, readers, thread):
    settings.FORUM_HOLD_FIRST_POSTS = 1
    newcomer = make_user("neuling")
    held = reply(thread, newcomer, body="Erster Beitrag eines Neulings")
    assert held.status == "held"
    readers["newcomer"] = logged_in(newcomer)
    pages = read_all(readers, thread)
    assert "Erster Beitrag eines Neulings" in pages["newcomer"]
    assert "Erster Beitrag eines Neulings" in pages["moderator"]
    for name in ("author", "other", "anonymous"):
        assert "Erster Beitrag eines Neulings" not in pages[name]
    response = readers["moderator"].post(reverse("forum:post_action", args=[held.pk, "approve"]), {"reason": ""})
    assert response.status_code == 302
    for html in read_all(readers, thread).values():
        assert "Erster Beitrag eines Neulings" in html
        assert "Wartet auf Freischaltung" not in html  # the "Awaiting approval" badge is gone for everyone


@pytest.mark.parametrize("view", VIEWS)
def test_a_like_shows_to_every_reader_at_once(readers, thread, view):
    opening = thread.posts.get(position=1)
    likers_url = reverse("forum:post_likers", args=[opening.pk])
    assert all(likers_url not in html for html in read_all(readers, thread, view).values())
    readers["other"].post(reverse("forum:post_like", args=[opening.pk]), {"like": "1"})
    pages = read_all(readers, thread, view)
    assert all(likers_url in html for html in pages.values())
    assert 'aria-pressed="true"' in pages["other"]
    assert 'aria-pressed="true"' not in pages["moderator"]


def test_the_like_button_alone_answers_htmx_with_the_same_markup_as_on_the_page(readers, thread):
    opening = thread.posts.get(position=1)
    response = readers["other"].post(
        reverse("forum:post_like", args=[opening.pk]), {"like": "1"}, headers={"HX-Request": "true"}
    )
    button = response.content.decode().strip()
    assert button.startswith(
        f'<span class="forum-like d-inline-flex align-items-baseline gap-1" id="like-{opening.pk}">'
    )
    masked = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", button)
    assert masked in re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page(readers["other"], thread))


@pytest.mark.parametrize("view", VIEWS)
def test_a_solution_mark_shows_to_every_reader_at_once(readers, member, other_member, view):
    question = Category.objects.create(name="Fragen", slug="fragen", is_question=True)
    thread = services.start_thread(category=question, author=member, title="Eine Frage", body="Wie geht das?")
    answer = reply(thread, other_member, body="So geht das.")
    assert all("forum-solution" not in html for html in read_all(readers, thread, view).values())
    response = readers["author"].post(reverse("forum:post_mark_solution", args=[answer.pk]))
    assert response.status_code == 302
    pages = read_all(readers, thread, view)
    for html in pages.values():
        assert "forum-solution" in html
        assert '<span class="badge text-bg-success">Lösung</span>' in html
    clear_url = reverse("forum:thread_clear_solution", args=[thread.pk])
    assert clear_url in pages["author"]
    assert clear_url not in pages["other"]


def test_a_renamed_author_shows_under_the_new_name_at_once(readers, thread):
    read_all(readers, thread)
    response = readers["author"].post(reverse("accounts:profile_edit"), {"display_name": "Martha Neu", "bio": ""})
    assert response.status_code == 302
    for html in read_all(readers, thread).values():
        assert "Martha Neu" in html
        assert "Martha Member" not in html


def test_each_language_gets_its_own_fragments(thread):
    german, english = Client(), Client()
    english.cookies["django_language"] = "en"
    assert "Link zu diesem Beitrag" in page(german, thread)
    english_page = page(english, thread)
    assert "Link to this post" in english_page
    assert "Link zu diesem Beitrag" not in english_page
    assert "Link zu diesem Beitrag" in page(german, thread)


def test_a_member_made_moderator_gets_the_controls_at_once_and_loses_them_when_demoted(moderator, other_member, thread):
    opening = thread.posts.get(position=1)
    moderate_url = reverse("forum:post_moderate", args=[opening.pk])
    reader = logged_in(other_member)
    assert moderate_url not in page(reader, thread)
    group = Group.objects.get(name=MODERATORS_GROUP)
    other_member.groups.add(group)
    assert moderate_url in page(reader, thread)
    other_member.groups.remove(group)
    assert moderate_url not in page(reader, thread)


@pytest.mark.parametrize("view", VIEWS)
def test_moderator_and_author_controls_never_reach_other_readers(readers, thread, view):
    opening = thread.posts.get(position=1)
    pages = read_all(readers, thread, view)
    moderate_url = reverse("forum:post_moderate", args=[opening.pk])
    edit_url = reverse("forum:post_edit", args=[opening.pk])
    assert moderate_url in pages["moderator"]
    assert edit_url in pages["author"]
    for name in ("other", "anonymous"):
        assert moderate_url not in pages[name]
        assert edit_url not in pages[name]
    assert moderate_url not in pages["author"]


def test_a_readers_csrf_token_never_appears_in_another_readers_page(member, other_member, thread):
    opening = thread.posts.get(position=1)
    reply(thread, other_member)
    for user in (member, other_member):  # both see like and bookmark forms (on each other's posts)
        reader = logged_in(user)
        html = page(reader, thread)
        html = page(reader, thread)  # the second time from the fragments the first one cached
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert len(tokens) >= 3
        secret = reader.cookies["csrftoken"].value
        assert {_unmask_cipher_token(token) for token in tokens} == {secret}
        assert CSRF_PLACEHOLDER not in html
    assert reverse("forum:post_like", args=[opening.pk]) in html


def _without_per_request_values(html):
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'name="submit_token" value="[^"]+"', "", html)


@pytest.mark.parametrize("view", VIEWS)
def test_the_page_is_the_same_with_the_fragment_cache_off(settings, readers, thread, other_member, view):
    answer = reply(thread, other_member, body="Eine Antwort", parent=thread.posts.get(position=1))
    reply(thread, thread.author, body="Und noch eine", parent=answer)
    readers["other"].post(reverse("forum:post_like", args=[thread.posts.get(position=1).pk]), {"like": "1"})
    read_all(readers, thread, view)
    cached = read_all(readers, thread, view)
    settings.FRAGMENT_CACHE_SECONDS = 0
    fresh = read_all(readers, thread, view)
    for name in readers:
        assert _without_per_request_values(cached[name]) == _without_per_request_values(fresh[name])
