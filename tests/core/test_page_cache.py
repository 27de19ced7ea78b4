import uuid

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from model_bakery import baker

from forum import services
from forum.models import Category, Post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.FORUM_HOLD_FIRST_POSTS = 0
    settings.FORUM_POST_INTERVAL = 0


@pytest.fixture
def thread(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        category = baker.make(Category, slug="allgemeines")
        return services.start_thread(category=category, author=member, title="Ein Thema", body="Der Anfang")


def test_second_anonymous_visit_is_served_from_the_cache(client, thread):
    first = client.get(thread.get_absolute_url())
    second = client.get(thread.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Der Anfang" in second.content.decode()


def test_a_cached_page_costs_at_most_the_cache_reads(client, thread, django_assert_max_num_queries):
    client.get(thread.get_absolute_url())
    with django_assert_max_num_queries(1):  # the generation and the page, in one read of the database cache
        assert client.get(thread.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_cached_page_keeps_the_headers_of_the_rendered_page(client, thread):
    first = client.get(thread.get_absolute_url())
    second = client.get(thread.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language", "Content-Type", "Vary"):
        assert second[header] == first[header], header
    assert "script-src 'self'" in second["Content-Security-Policy"]
    assert second["X-Content-Type-Options"] == "nosniff"  # SecurityMiddleware, above the page cache


def test_anonymous_visit_sets_no_cookie_and_writes_no_session(client, thread):
    sessions = Session.objects.count()
    for _ in range(2):
        response = client.get(thread.get_absolute_url())
        assert not response.cookies
    assert Session.objects.count() == sessions


def test_members_always_get_a_fresh_page(client, thread, other_member):
    client.get(thread.get_absolute_url())
    client.force_login(other_member)
    response = client.get(thread.get_absolute_url())
    assert "X-Page-Cache" not in response


def test_a_new_reply_is_visible_to_anonymous_readers_at_once(
    client, thread, other_member, django_capture_on_commit_callbacks
):
    reader = Client()
    reader.get(thread.get_absolute_url())
    client.force_login(other_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("forum:reply_create", args=[thread.pk]), {"body": "Meine Antwort", "submit_token": uuid.uuid4()}
        )
    assert response.status_code == 302
    page = reader.get(thread.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert "Meine Antwort" in page.content.decode()


def test_hiding_a_post_is_visible_to_anonymous_readers_at_once(
    thread, other_member, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.reply_to_thread(thread=thread, author=other_member, body="Unsinn hier")
    reader = Client()
    assert "Unsinn hier" in reader.get(thread.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.hide_post(post=reply, moderator=moderator, reason="Spam")
    assert "Unsinn hier" not in reader.get(thread.get_absolute_url()).content.decode()


def test_an_authors_delete_is_visible_to_anonymous_readers_at_once(
    thread, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.reply_to_thread(thread=thread, author=other_member, body="Doch nicht")
    reader = Client()
    assert "Doch nicht" in reader.get(thread.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_post(post=Post.objects.get(pk=reply.pk), user=other_member)
    assert "Doch nicht" not in reader.get(thread.get_absolute_url()).content.decode()


def test_a_changed_display_name_is_visible_at_once(thread, member, django_capture_on_commit_callbacks):
    reader = Client()
    reader.get(thread.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        member.display_name = "Ganz Neuer Name"
        member.save()
    assert "Ganz Neuer Name" in reader.get(thread.get_absolute_url()).content.decode()


def test_a_login_does_not_empty_the_cache(client, thread, other_member):
    reader = Client()
    reader.get(thread.get_absolute_url())
    client.post(reverse("account_login"), {"login": other_member.username, "password": "correct-horse-battery-staple"})
    assert reader.get(thread.get_absolute_url())["X-Page-Cache"] == "hit"


def test_pages_are_cached_per_language(client, thread):
    client.get(thread.get_absolute_url())
    english = Client()
    english.cookies["django_language"] = "en"
    response = english.get(thread.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert '<html lang="en">' in response.content.decode()


def test_a_visitor_with_a_session_cookie_bypasses_the_cache(client, thread):
    client.get(thread.get_absolute_url())
    client.cookies["sessionid"] = "whatever"
    assert "X-Page-Cache" not in client.get(thread.get_absolute_url())


def test_the_language_switch_works_from_a_cached_page_without_a_csrf_token(thread):
    reader = Client(enforce_csrf_checks=True)
    reader.get(thread.get_absolute_url())
    html = reader.get(thread.get_absolute_url()).content.decode()
    assert "csrfmiddlewaretoken" not in html
    response = reader.post(reverse("set_language"), {"language": "en", "next": thread.get_absolute_url()})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_a_chosen_view_is_cached_and_still_remembered_in_the_cookie(thread):
    from forum.reading import COOKIE_NAME

    url = thread.get_absolute_url() + "?view=chrono"
    first, second = Client(), Client()
    assert first.get(url)["X-Page-Cache"] == "miss"
    response = second.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert response.cookies[COOKIE_NAME].value == "chrono"
    assert response.cookies[COOKIE_NAME]["httponly"]


def test_a_url_with_a_query_parameter_the_page_does_not_know_is_rendered_not_cached(client, thread):
    url = thread.get_absolute_url() + "?utm_source=newsletter"
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def test_a_host_outside_allowed_hosts_is_refused_even_for_a_cached_page(client, thread, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    client.get(thread.get_absolute_url())
    assert client.get(thread.get_absolute_url())["X-Page-Cache"] == "hit"
    assert client.get(thread.get_absolute_url(), HTTP_HOST="evil.example").status_code == 400


def test_pages_are_cached_per_host(client, thread, settings):
    settings.ALLOWED_HOSTS = ["forum.example", "www.forum.example"]
    client.get(thread.get_absolute_url(), HTTP_HOST="forum.example")
    response = client.get(thread.get_absolute_url(), HTTP_HOST="www.forum.example")
    assert response["X-Page-Cache"] == "miss"
    assert 'href="http://www.forum.example/' in response.text  # its canonical link names its own host


def test_pages_stored_before_the_generation_was_lost_are_not_served_again(
    client, thread, other_member, django_capture_on_commit_callbacks
):
    from django.core.cache import caches

    from core.page_cache import CACHE_ALIAS, GENERATION_KEY

    pages = caches[CACHE_ALIAS]
    pages.delete(GENERATION_KEY)  # a fresh cache
    client.get(thread.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_to_thread(thread=thread, author=other_member, body="Neu seit dem Speichern")
    pages.delete(GENERATION_KEY)  # evicted, or the cache restarted without it
    response = client.get(thread.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "Neu seit dem Speichern" in response.text


def test_a_page_the_view_marks_private_is_not_kept(client, thread, monkeypatch):
    from django.utils.cache import add_never_cache_headers

    from forum import views

    original = views.render

    def render_never_cache(*args, **kwargs):
        response = original(*args, **kwargs)
        add_never_cache_headers(response)
        return response

    monkeypatch.setattr(views, "render", render_never_cache)
    client.get(thread.get_absolute_url())
    assert client.get(thread.get_absolute_url())["X-Page-Cache"] == "miss"


def test_a_replayed_page_states_its_own_length(client, thread):
    client.get(thread.get_absolute_url())
    response = client.get(thread.get_absolute_url())
    assert int(response["Content-Length"]) == len(response.content)


def test_the_system_check_refuses_csrf_in_sessions_with_the_page_cache(settings):
    from django.core import checks

    settings.CSRF_USE_SESSIONS = True
    assert [error.id for error in checks.run_checks(tags=[checks.Tags.security])] == ["core.E001"]
    settings.PAGE_CACHE_SECONDS = 0
    assert "core.E001" not in [error.id for error in checks.run_checks(tags=[checks.Tags.security])]
