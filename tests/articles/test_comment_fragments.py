"""The article page's comments from cached fragments (articles/fragments.py): every change shows at once, and nothing
cached for one reader reaches another who may not see it."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles import services
from articles.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fragment_cache_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 3600
    settings.PAGE_CACHE_SECONDS = 0  # every page rendered: what is checked here is the fragments


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def cached_fragments():
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_cache_fragments")
        return cursor.fetchone()[0]


def test_comments_are_served_from_fragments_cached_by_the_first_request(client, article, make_comment):
    for number in range(3):
        make_comment(body=f"Kommentar Nummer {number}")
    first = page(client, article)
    stored = cached_fragments()
    assert stored >= 3
    assert without_tokens(page(client, article)) == without_tokens(first)
    assert cached_fragments() == stored  # nothing rendered anew
    assert "Kommentar Nummer 2" in first


def test_an_approval_an_edit_and_a_renamed_member_show_at_once(client, article, make_comment, member, moderator):
    pending = make_comment(body="Noch nicht freigegeben", status=Comment.Status.PENDING)
    by_member = make_comment(body="Vom Mitglied", user=member, name="", email="")
    assert "Noch nicht freigegeben" not in page(client, article)
    services.approve_comment(comment=pending, actor=moderator)
    assert "Noch nicht freigegeben" in page(client, article)
    Comment.objects.filter(pk=by_member.pk).update(body_html="<p>Vom Mitglied, verbessert</p>")
    assert "Vom Mitglied, verbessert" in page(client, article)
    member.display_name = "Mira Neuname"
    member.save()
    assert "Mira Neuname" in page(client, article)


def test_a_like_shows_for_everyone_and_as_mine_only_for_the_liker(article, make_comment, member, other_member):
    comment = make_comment(body="Guter Punkt")
    liker, other, anonymous = logged_in(member), logged_in(other_member), Client()
    for client in (liker, other, anonymous):
        page(client, article)  # the fragments before the like
    response = liker.post(reverse("articles:comment_like", args=[article.slug, comment.pk]), {"like": "1"})
    assert response.status_code == 302
    assert "Gefällt dir" in page(liker, article)
    for client in (other, anonymous):
        html = page(client, article)
        assert "1 × Gefällt mir" in html
        assert "Gefällt dir" not in html


def test_the_htmx_like_button_is_the_fragment_with_the_readers_token(article, make_comment, member):
    comment = make_comment(body="Guter Punkt")
    client = logged_in(member)
    url = reverse("articles:comment_like", args=[article.slug, comment.pk])
    response = client.post(url, {"like": "1"}, headers={"hx-request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<span class="comment-like')
    assert 'name="csrfmiddlewaretoken"' in html and "<!--stammtisch:csrf-->" not in html
    assert 'value="0"' in html  # the button now takes the like back


def test_pending_comments_and_the_moderators_link_never_reach_other_readers(
    client, article, make_comment, member, other_member, moderator
):
    make_comment(body="Wartet auf Freigabe", status=Comment.Status.PENDING)
    make_comment(body="Sichtbar für alle")
    moderator_page = page(logged_in(moderator), article)
    assert "Wartet auf Freigabe" in moderator_page
    assert reverse("articles:moderation_queue") in moderator_page
    for reader in (client, logged_in(other_member)):
        html = page(reader, article)
        assert "Sichtbar für alle" in html
        assert "Wartet auf Freigabe" not in html
        assert reverse("articles:moderation_queue") not in html


def test_the_language_and_closed_comments_give_other_fragments(client, article, make_comment, member):
    make_comment(body="Ein Kommentar")
    reader = logged_in(member)
    assert "Antworten" in page(reader, article)
    english = reader.get(article.get_absolute_url(), headers={"accept-language": "en"}).content.decode()
    assert ">Reply<" in english and ">Antworten<" not in english
    article.comments_open = False
    article.save()
    assert "comment-reply-link" not in page(reader, article)
