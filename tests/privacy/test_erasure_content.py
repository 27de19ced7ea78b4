"""What an erasure does to a member's contributions: kept under "Former member", or removed with placeholders
where others replied; counters stay exact; the name is nowhere afterwards."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Comment
from forum import reactions
from forum import services as forum_services
from forum.models import Post, PostRevision, Report, Thread
from notifications import services as notification_services
from notifications.models import Kind
from privacy import services
from privacy.models import AccountErasure
from tests.forum.test_counters import assert_counters_exact
from tests.privacy.conftest import comment, reply

NAME = "Martha Member"


def erase(member, mode):
    erasure = AccountErasure.objects.create(user=member, mode=mode, erase_after=member.date_joined)
    services.erase_account(erasure)


@pytest.fixture
def contributions(member, other_member, start_thread, article):
    """The member's thread with a reply by someone else; a reply of theirs in another's thread that was answered
    and quoted; a reply nobody answered; comments, one answered."""
    own = start_thread(member, title="Marthas Thema")
    reply(own, other_member, "Gute Frage")
    alone = start_thread(member, title="Selbstgespräch")
    reply(alone, member, "Noch ich")
    others = start_thread(other_member, title="Ottos Thema")
    answered = reply(others, member, "Meine Meinung")
    forum_services.edit_post(post=answered, editor=member, body="Meine geänderte Meinung")
    quote = reply(others, other_member, "> Meine geänderte Meinung\n\nSehe ich anders", parent=answered)
    unanswered = reply(others, member, "Niemand antwortet mir")
    forum_services.report_post(post=quote, reporter=member, reason="other")
    first = comment(article, "Mein erster Kommentar", user=member)
    comment(article, "Antwort auf Martha", name="Rita", email="rita@example.net", parent=first)
    lonely = comment(article, "Kommentar ohne Antwort", user=member)
    return {
        "own": own, "alone": alone, "others": others, "answered": answered, "quote": quote,
        "unanswered": unanswered, "first": first, "lonely": lonely,
    }  # fmt: skip


def test_keeping_contributions_leaves_every_post_and_comment_in_place(contributions, member):
    erase(member, "keep")
    assert Post.objects.filter(author=member).count() == 5
    assert Thread.objects.filter(pk=contributions["alone"].pk).exists()
    first = Comment.objects.get(pk=contributions["first"].pk)
    assert first.user is None
    assert first.author_name == "Ehemaliges Mitglied"
    assert first.email == ""
    assert_counters_exact()


def test_removing_contributions_deletes_the_thread_nobody_else_wrote_in(contributions, member):
    erase(member, "remove")
    assert not Thread.objects.filter(pk=contributions["alone"].pk).exists()
    assert_counters_exact()


def test_removing_contributions_keeps_answered_posts_in_place_without_text_or_history(contributions, member):
    erase(member, "remove")
    answered = Post.objects.get(pk=contributions["answered"].pk)
    assert answered.is_deleted
    assert answered.body == "" and answered.body_html == ""
    assert not PostRevision.objects.filter(post=answered).exists()
    opening = Post.objects.get(thread=contributions["own"], position=1)
    assert opening.is_deleted and opening.body == ""
    assert not Post.objects.filter(pk=contributions["unanswered"].pk).exists()
    assert_counters_exact()


def test_removing_contributions_keeps_quotes_in_other_members_posts(contributions, member):
    erase(member, "remove")
    quote = Post.objects.get(pk=contributions["quote"].pk)
    assert "Meine geänderte Meinung" in quote.body


def test_removing_contributions_deletes_reports_and_comments_but_keeps_answered_comments_as_placeholder(
    contributions, member
):
    erase(member, "remove")
    assert not Report.objects.exists()
    assert not Comment.objects.filter(pk=contributions["lonely"].pk).exists()
    first = Comment.objects.get(pk=contributions["first"].pk)
    assert first.user is None
    assert "Mein erster Kommentar" not in first.body
    assert "vom Verfasser gelöscht" in first.body_html
    assert Comment.objects.filter(parent=first, body="Antwort auf Martha").exists()


@pytest.mark.parametrize("mode", ["keep", "remove"])
def test_erased_members_name_appears_nowhere(client, contributions, member, other_member, article, mode):
    chrono = contributions["others"].get_absolute_url() + "?view=chrono"
    before = client.get(chrono).text
    assert NAME in before and "/mitglieder/member/" in before  # before: there it was ("Antwort auf Martha Member")
    quote = contributions["quote"]
    reactions.set_post_like(post=quote, user=member, like=True)
    likers = reverse("forum:post_likers", args=[quote.pk])
    notification_services.notify_member(
        other_member.pk, Kind.REPLY, actor=member, thread=contributions["others"], post=quote
    )
    reader = Client()
    reader.force_login(other_member)
    notifications = reverse("notifications:list")
    assert NAME in reader.get(notifications).text and NAME in client.get(likers).text
    search = reverse("search:results") + "?q=Meinung"
    assert NAME in client.get(search).text
    erase(member, mode)
    assert "Ehemaliges Mitglied" in reader.get(notifications).text
    assert NAME not in reader.get(notifications).text
    pages = [
        search,
        likers,
        reverse("forum:thread_feed"),
        reverse("forum:post_feed", kwargs={"pk": contributions["others"].pk}),
        reverse("forum:category_feed", kwargs={"slug": "allgemeines"}),
        contributions["own"].get_absolute_url(),
        contributions["others"].get_absolute_url(),
        contributions["others"].get_absolute_url() + "?view=chrono",
        article.get_absolute_url(),
        reverse("articles:comment_feed", kwargs={"slug": article.slug}),
        reverse("articles:article_feed"),
        reverse("forum:index"),
        reverse("forum:category_detail", kwargs={"slug": "allgemeines"}),
        reverse("portal:home"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert NAME not in response.text, url
        assert "/mitglieder/member/" not in response.text, url
        assert "@member" not in response.text, url
    sitemap = client.get("/sitemap.xml")
    for section in [sitemap.text] + [client.get(loc).text for loc in _sitemap_locations(sitemap.text)]:
        assert NAME not in section
        assert "/mitglieder/member/" not in section
    assert client.get(reverse("accounts:profile", kwargs={"username": "member"})).status_code == 404


def _sitemap_locations(text):
    import re

    return [re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>", text) if "sitemap" in loc]


def test_erased_member_in_json_ld_is_former_member(client, contributions, member):
    erase(member, "keep")
    text = client.get(contributions["own"].get_absolute_url()).text
    assert "application/ld+json" in text
    assert NAME not in text
    assert "Ehemaliges Mitglied" in text


@pytest.mark.parametrize("mode", ["keep", "remove"])
def test_quotes_of_the_members_posts_stay_attributed_to_a_former_member(
    client, contributions, member, other_member, mode
):
    from forum.quoting import quote

    answered = contributions["answered"]
    quoting = reply(contributions["others"], other_member, quote(answered) + "Da hast du recht.")
    nested = reply(contributions["others"], other_member, quote(quoting) + "Zitat vom Zitat.")
    assert f"{NAME} schrieb in [#{answered.position}](/forum/p/{answered.pk}/):" in quoting.body
    erase(member, mode)
    quoting.refresh_from_db()
    nested.refresh_from_db()
    for post in (quoting, nested):
        assert NAME not in post.body and NAME not in post.body_html
        assert f"Ehemaliges Mitglied schrieb in [#{answered.position}](/forum/p/{answered.pk}/):" in post.body
    assert "Meine geänderte Meinung" in quoting.body  # the quoted text stays
    assert "Otto Other schrieb in" in nested.body  # others' attributions are left alone
    page = client.get(contributions["others"].get_absolute_url() + "?view=chrono").text
    assert NAME not in page and "Ehemaliges Mitglied schrieb in" in page


@pytest.mark.parametrize("mode", ["keep", "remove"])
def test_mentions_of_the_member_in_others_posts_name_a_former_member(client, contributions, member, other_member, mode):
    thanks = reply(contributions["others"], other_member, "Danke @member für den Tipp, und @other auch.")
    assert "/mitglieder/member/" in thanks.body_html
    erase(member, mode)
    thanks.refresh_from_db()
    assert thanks.body == "Danke @Ehemaliges Mitglied für den Tipp, und @other auch."
    assert "/mitglieder/member/" not in thanks.body_html and "/mitglieder/other/" in thanks.body_html
    assert "@member" not in client.get(contributions["others"].get_absolute_url() + "?view=chrono").text
