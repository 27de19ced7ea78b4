"""Nothing a reader may not read is found, counted or suggested: every hidden state, decided in the query."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Comment
from forum import services
from forum.models import Post, Thread
from search.models import Word
from tests.search.conftest import search, titles

pytestmark = pytest.mark.django_db

SECRET = "Geheimrezept"


@pytest.fixture
def public_thread(start_thread):
    return start_thread("Öffentliches Thema", "Hier steht nichts Besonderes.")


def reply(thread, body, author):
    return services.reply_to_thread(thread=thread, author=author, body=body)


def assert_not_found(client, query=SECRET):
    response = search(client, query)
    assert response.status_code == 200
    assert titles(response) == []
    assert response.context["results"].count == 0
    assert "search-results" not in response.content.decode()
    return response


def test_members_only_category_is_found_by_members_only(client, member, start_thread, members_category):
    start_thread("Interna", f"Unser {SECRET} bleibt hier.", category=members_category)
    assert_not_found(client)
    client.force_login(member)
    assert titles(search(client, SECRET)) == ["Interna"]


@pytest.mark.parametrize(
    "state",
    [
        {"status": Post.Status.HELD},
        {"status": Post.Status.REJECTED},
        {"is_hidden": True},
        {"is_deleted": True},
    ],
    ids=["held", "rejected", "hidden", "deleted"],
)
def test_post_that_is_not_public_is_never_found(client, member, moderator, public_thread, other_member, state):
    post = reply(public_thread, f"Das {SECRET} steht nur hier.", other_member)
    Post.objects.filter(pk=post.pk).update(**state)
    assert_not_found(client)
    client.force_login(member)
    assert_not_found(client)
    client.force_login(other_member)  # not even to its author
    assert_not_found(client)


@pytest.mark.parametrize("flag", ["is_hidden", "is_held"])
def test_thread_that_is_not_public_is_never_found(client, member, public_thread, other_member, flag):
    reply(public_thread, f"Ein {SECRET} im Thema.", other_member)
    Thread.objects.filter(pk=public_thread.pk).update(**{flag: True})
    assert_not_found(client)
    client.force_login(member)
    assert_not_found(client)


def test_hiding_a_post_removes_it_from_the_results_at_once(client, moderator, public_thread, other_member):
    post = reply(public_thread, f"Ein {SECRET} im Beitrag.", other_member)
    assert titles(search(client, SECRET)) == ["Öffentliches Thema"]
    services.hide_post(post=post, moderator=moderator, reason="Test")
    assert_not_found(client)


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.SPAM])
def test_comment_waiting_or_spam_is_never_found(client, member, write_article, write_comment, status):
    article = write_article("Ein Artikel", "Text ohne das Wort.")
    write_comment(article, f"Mein {SECRET} im Kommentar.", status=status)
    assert_not_found(client)
    client.force_login(member)
    assert_not_found(client)


def test_approved_reply_under_a_pending_comment_is_not_found(client, write_article, write_comment):
    article = write_article("Ein Artikel", "Text ohne das Wort.")
    parent = write_comment(article, "Wartet noch.", status=Comment.Status.PENDING)
    write_comment(article, f"Antwort mit {SECRET}.", parent=parent)
    assert_not_found(client)


def test_approved_comment_is_found_and_links_to_its_permalink(client, write_article, write_comment):
    article = write_article("Ein Artikel", "Text ohne das Wort.")
    comment = write_comment(article, f"Mein {SECRET} im Kommentar.")
    hit = search(client, SECRET).context["hits"][0]
    assert hit.title == "Ein Artikel"
    assert hit.url == f"/artikel/{article.slug}/kommentar/{comment.pk}/"


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.PUBLISHED, "published_at": timezone.now() + timedelta(days=3)},
    ],
    ids=["draft", "scheduled"],
)
def test_draft_and_scheduled_articles_are_never_found(client, member, staff, write_article, write_comment, state):
    article = write_article(f"Das {SECRET}", f"Ein {SECRET} im Text.", **state)
    write_comment(article, f"Kommentar zum {SECRET}.")
    assert_not_found(client)
    client.force_login(member)
    assert_not_found(client)


def test_suggestion_never_reveals_a_word_only_in_hidden_content(client, member, public_thread, other_member):
    post = reply(public_thread, f"Das {SECRET} steht nur hier.", other_member)
    Post.objects.filter(pk=post.pk).update(is_hidden=True)
    assert Word.objects.filter(word=SECRET.casefold()).exists()  # the vocabulary knows it …
    response = assert_not_found(client, "Geheimrezebt")
    assert response.context["results"].suggestion == ""  # … and still never offers it
    assert SECRET.casefold() not in response.content.decode().casefold()
    client.force_login(member)
    assert assert_not_found(client, "Geheimrezebt").context["results"].suggestion == ""


def test_suggestion_from_a_members_only_category_is_offered_to_members_only(
    client, member, start_thread, members_category
):
    start_thread("Interna", f"Unser {SECRET} bleibt hier.", category=members_category)
    assert assert_not_found(client, "Geheimrezebt").context["results"].suggestion == ""
    client.force_login(member)
    assert search(client, "Geheimrezebt").context["results"].suggestion == "Geheimrezept"


def test_forum_category_filter_offers_only_categories_the_reader_may_read(client, member, members_category):
    response = search(client, "egal")
    assert "intern" not in [value for value, _ in response.context["form"].fields["bereich"].choices]
    client.force_login(member)
    response = search(client, "egal")
    assert "intern" in [value for value, _ in response.context["form"].fields["bereich"].choices]


def test_members_only_category_in_the_filter_finds_nothing_for_anonymous_readers(
    client, start_thread, members_category
):
    start_thread("Interna", f"Unser {SECRET} bleibt hier.", category=members_category)
    response = search(client, SECRET, bereich="intern")
    assert titles(response) == []


def test_thread_whose_opening_post_is_hidden_links_to_its_first_readable_post(
    client, moderator, start_thread, other_member
):
    thread = start_thread("Quittengelee kochen", "Das Rezept steht hier.")
    answer = reply(thread, "Ich nehme weniger Zucker.", other_member)
    services.hide_post(post=thread.posts.get(position=1), moderator=moderator, reason="Test")
    hits = search(client, "Quittengelee").context["hits"]
    assert [(hit.title, hit.url) for hit in hits] == [("Quittengelee kochen", answer.get_absolute_url())]
    assert "Rezept" not in hits[0].snippet
