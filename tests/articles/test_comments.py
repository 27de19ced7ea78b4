import threading
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services, spam
from articles.models import Article, Comment, ModerationWord
from articles.views import REMEMBER_COOKIE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def form_data(**overrides):
    data = {
        "body": "Ein sehr schöner Artikel, danke!",
        "name": "Rita Reader",
        "email": "rita@example.net",
        "website": "",
        "homepage": "",
        "parent": "",
        "timestamp": spam.sign_timestamp(time.time() - 30),
    }
    data.update(overrides)
    return data


def post(client, article, **overrides):
    return client.post(reverse("articles:comment_create", kwargs={"slug": article.slug}), form_data(**overrides))


def test_comment_form_is_in_german_with_required_note_and_privacy_link(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    for text in [
        "Schreibe einen Kommentar",
        'Kommentar<span class="asteriskField">*</span>',
        'Name<span class="asteriskField">*</span>',
        'E-Mail<span class="asteriskField">*</span>',
        "Deine E-Mail-Adresse wird nicht veröffentlicht.",
        "Website",
        "Erforderliche Felder sind mit * markiert.",
        'href="/datenschutz/"',
    ]:
        assert text in html


def test_remember_checkbox_is_unchecked_by_default(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'name="remember" class="checkboxinput form-check-input" id="id_remember">' in html


def test_member_is_shown_as_logged_in_without_name_and_email_fields(client, article, member):
    client.force_login(member)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Angemeldet als Martha Member." in html and "Abmelden?" in html
    assert 'name="email"' not in html and 'name="name"' not in html


def test_member_comment_refers_to_the_account_without_copying_the_email(client, article, member):
    client.force_login(member)
    post(client, article, name="", email="")
    comment = Comment.objects.get()
    assert comment.user == member and comment.email == "" and comment.name == ""


def test_first_comment_by_a_reader_is_pending_with_a_reason(client, article):
    post(client, article)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert "Erster Kommentar" in comment.hold_reason


def test_pending_comment_is_invisible_to_other_readers(client, article):
    post(client, article, body="Geheimer wartender Kommentar")
    assert "Geheimer wartender Kommentar" not in Client().get(article.get_absolute_url()).content.decode()


@pytest.mark.smoke
def test_author_sees_own_pending_comment_in_place_with_a_note(client, article):
    response = post(client, article, body="Mein wartender Kommentar")
    html = client.get(response["Location"]).content.decode()
    assert "Mein wartender Kommentar" in html
    assert "Dein Kommentar wartet auf Freischaltung" in html


def test_own_pending_comment_is_remembered_in_the_session_not_in_a_cookie(client, article):
    response = post(client, article)
    assert all("rita@example.net" not in morsel.value for morsel in response.cookies.values())
    assert client.session["articles_pending_comments"] == [Comment.objects.get().pk]


def test_moderator_sees_pending_comments_on_the_article(client, article, make_comment, moderator):
    make_comment(body="Bitte prüfen", status=Comment.Status.PENDING)
    client.force_login(moderator)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Bitte prüfen" in html and "Wartet auf Freischaltung" in html


def test_pending_comment_is_not_counted_or_in_the_comment_feed(client, article, make_comment):
    make_comment(body="Wartet noch", status=Comment.Status.PENDING)
    assert "0 Kommentare" in client.get(reverse("articles:article_list")).content.decode()
    assert "0 Kommentare" in client.get(article.get_absolute_url()).content.decode()
    feed = client.get(reverse("articles:comment_feed", kwargs={"slug": article.slug})).content.decode()
    assert "Wartet noch" not in feed


def test_comment_from_a_previously_approved_address_is_approved_at_once(client, article, make_comment):
    make_comment(email="Rita@Example.net", status=Comment.Status.APPROVED)
    post(client, article, body="Zweiter Kommentar")
    assert Comment.objects.get(body="Zweiter Kommentar").status == Comment.Status.APPROVED


def test_auto_approval_of_known_addresses_can_be_switched_off(client, article, make_comment, settings):
    settings.COMMENTS_AUTO_APPROVE_KNOWN = False
    make_comment(email="rita@example.net")
    post(client, article, body="Zweiter Kommentar")
    assert Comment.objects.get(body="Zweiter Kommentar").status == Comment.Status.PENDING


def test_member_with_an_approved_comment_is_approved_at_once(client, article, make_comment, member):
    make_comment(user=member, name="", email="")
    client.force_login(member)
    post(client, article, body="Wieder da")
    assert Comment.objects.get(body="Wieder da").status == Comment.Status.APPROVED


@pytest.mark.parametrize("role", ["moderator", "staff"])
def test_comments_by_moderators_and_staff_are_published_at_once(client, article, role, request):
    client.force_login(request.getfixturevalue(role))
    post(client, article)
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_comment_with_too_many_links_is_held_even_from_a_known_address(client, article, make_comment, settings):
    settings.COMMENTS_MAX_LINKS = 2
    make_comment()
    post(client, article, body="https://a.example https://b.example https://c.example")
    comment = Comment.objects.get(body__startswith="https://a")
    assert comment.status == Comment.Status.PENDING and "3 Links" in comment.hold_reason


def test_comment_with_a_word_on_the_moderation_list_is_held(client, article, make_comment):
    ModerationWord.objects.create(word="Casino", action=ModerationWord.Action.HOLD)
    make_comment()
    post(client, article, body="Besuche mein casino!")
    comment = Comment.objects.get(body="Besuche mein casino!")
    assert comment.status == Comment.Status.PENDING and "casino" in comment.hold_reason


def test_comment_with_a_word_on_the_block_list_goes_straight_to_spam(client, article):
    ModerationWord.objects.create(word="viagra", action=ModerationWord.Action.BLOCK)
    post(client, article, body="Billiges VIAGRA hier")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM and "viagra" in comment.hold_reason


def test_spam_is_not_shown_to_its_author(client, article):
    ModerationWord.objects.create(word="viagra", action=ModerationWord.Action.BLOCK)
    response = post(client, article, body="Billiges VIAGRA hier")
    assert "Billiges" not in client.get(response["Location"]).content.decode()


def test_comment_on_an_old_article_is_held(client, make_article, make_comment, settings):
    settings.COMMENTS_HOLD_AFTER_DAYS = 30
    old = make_article(slug="alt", published_at=timezone.now() - timedelta(days=31))
    make_comment()
    post(client, old)
    comment = Comment.objects.get(article=old)
    assert comment.status == Comment.Status.PENDING and "30 Tage" in comment.hold_reason


def test_filled_honeypot_saves_nothing(client, article):
    response = post(client, article, homepage="http://spam.example")
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_form_sent_back_after_the_honeypot_has_it_empty_and_keeps_the_text(client, article):
    response = post(client, article, body="Mein Text", homepage="http://autofill.example")
    html = response.content.decode()
    assert 'name="homepage" value=' not in html and "Mein Text</textarea>" in html


def test_expired_form_asks_to_resubmit_and_keeps_the_text(client, article, settings):
    settings.COMMENTS_FORM_MAX_AGE_HOURS = 1
    response = post(client, article, body="Mein langer Text", timestamp=spam.sign_timestamp(time.time() - 7200))
    html = response.content.decode()
    assert response.status_code == 400
    assert "noch einmal ab" in html and "Mein langer Text</textarea>" in html
    assert not Comment.objects.exists()


@pytest.mark.parametrize("timestamp", ["12345:forged", "1\x00", "x" * 300])
def test_forged_timestamp_asks_to_resubmit(client, article, timestamp):
    response = post(client, article, body="Mein Text", timestamp=timestamp)
    assert response.status_code == 400 and not Comment.objects.exists()
    assert "noch einmal ab" in response.content.decode() and "Mein Text</textarea>" in response.content.decode()


def test_resubmitted_form_after_expiry_gets_a_fresh_timestamp(client, article, settings):
    settings.COMMENTS_FORM_MAX_AGE_HOURS = 1
    response = post(client, article, timestamp=spam.sign_timestamp(time.time() - 7200))
    fresh = response.context["form"].data["timestamp"]
    assert 0 <= spam.seconds_since(fresh) < 5


def test_comment_sent_within_three_seconds_is_held_as_suspected_spam(client, article, make_comment):
    make_comment()
    post(client, article, body="Blitzschnell", timestamp=spam.sign_timestamp())
    comment = Comment.objects.get(body="Blitzschnell")
    assert comment.status == Comment.Status.PENDING and "Spamverdacht" in comment.hold_reason


def test_sixth_comment_from_one_ip_within_ten_minutes_is_answered_429(client, article, settings):
    settings.COMMENTS_RATE_LIMIT = 5
    for number in range(5):
        assert post(client, article, body=f"Kommentar {number}", email=f"r{number}@example.net").status_code == 302
    response = post(client, article, body="Einer zu viel", email="r9@example.net")
    assert response.status_code == 429
    assert "Bitte warte ein paar Minuten" in response.content.decode()
    assert "Einer zu viel</textarea>" in response.content.decode()


def test_rate_limit_also_counts_per_email_address(article, settings):
    settings.COMMENTS_RATE_LIMIT = 2
    for number in range(2):
        post(Client(REMOTE_ADDR=f"10.0.0.{number + 1}"), article, body=f"Kommentar {number}")
    assert post(Client(REMOTE_ADDR="10.0.0.9"), article, body="Noch einer").status_code == 429


def test_rate_limit_counts_an_ipv6_network_not_single_addresses(article, settings):
    settings.COMMENTS_RATE_LIMIT = 2
    for number in range(2):
        post(Client(REMOTE_ADDR=f"2001:db8:1:2::{number + 1}"), article, body=f"K {number}", email=f"r{number}@ex.net")
    response = post(Client(REMOTE_ADDR="2001:db8:1:2:ffff::9"), article, body="Noch einer", email="r9@example.net")
    assert response.status_code == 429


def test_duplicate_comment_is_refused(client, article):
    post(client, article, body="Doppelt hält besser")
    response = post(client, article, body="Doppelt hält besser")
    assert response.status_code == 200
    assert "bereits geschrieben" in response.content.decode()
    assert Comment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_double_click_sending_the_form_twice_at_once_saves_one_comment(article, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database locks tables instead of letting two requests wait")
    decide = services.moderation_status

    def slow_decision(**kwargs):
        time.sleep(0.5)  # both requests are between the duplicate check and the insert at the same time
        return decide(**kwargs)

    monkeypatch.setattr(services, "moderation_status", slow_decision)

    def send():
        try:
            post(Client(), article, body="Zweimal geklickt")
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Comment.objects.filter(body="Zweimal geklickt").count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("body", "Hallo\x00Welt"),
        ("body", "x" * 10001),
        ("body", "   \u200b  "),
        ("email", "keine-adresse"),
        ("email", "r" * 250 + "@example.net"),
        ("website", "javascript:alert(1)"),
        ("website", "ftp://example.org"),
        ("name", "Rita\x07"),
    ],
)
def test_bad_input_gives_a_form_error_and_keeps_the_text(client, article, field, value):
    response = post(client, article, **{field: value, "body": "Behalte mich" if field != "body" else value})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert f'id="id_{field}"' in response.content.decode() and "is-invalid" in response.content.decode()
    if field != "body":
        assert "Behalte mich</textarea>" in response.content.decode()
    assert not Comment.objects.exists()


def test_too_long_comment_error_names_the_limit(client, article):
    response = post(client, article, body="x" * 10001)
    assert "höchstens 10000 Zeichen" in response.content.decode()


def test_comment_to_a_draft_article_is_404(client, make_article):
    draft = make_article(slug="entwurf", status=Article.Status.DRAFT, published_at=None)
    assert post(client, draft).status_code == 404


def test_comment_form_requires_csrf(article):
    client = Client(enforce_csrf_checks=True)
    assert post(client, article).status_code == 403


def test_closed_article_has_no_form_and_refuses_comments(client, make_article):
    closed = make_article(slug="zu", comments_open=False)
    assert "Schreibe einen Kommentar" not in client.get(closed.get_absolute_url()).content.decode()
    assert post(client, closed).status_code == 403
    assert not Comment.objects.exists()


def test_comments_close_automatically_after_the_configured_days(client, make_article, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    old = make_article(slug="alt", published_at=timezone.now() - timedelta(days=15))
    assert "sind geschlossen" in client.get(old.get_absolute_url()).content.decode()
    assert post(client, old).status_code == 403


def test_reply_is_threaded_under_its_parent(client, article, make_comment):
    parent = make_comment()
    post(client, article, body="Eine Antwort", parent=str(parent.pk))
    reply = Comment.objects.get(body="Eine Antwort")
    assert reply.parent == parent and reply.depth == 1


@pytest.mark.smoke
def test_reply_deeper_than_the_limit_attaches_to_the_deepest_allowed_level(client, article, make_comment, settings):
    settings.COMMENTS_MAX_DEPTH = 3
    top = make_comment(body="Ebene 0")
    first = make_comment(body="Ebene 1", parent=top)
    second = make_comment(body="Ebene 2", parent=first)
    post(client, article, body="Zu tief", parent=str(second.pk))
    reply = Comment.objects.get(body="Zu tief")
    assert reply.parent == first and reply.depth == 2


def test_reply_to_a_pending_comment_is_refused(client, article, make_comment):
    pending = make_comment(status=Comment.Status.PENDING)
    response = post(client, article, parent=str(pending.pk))
    assert "existiert nicht" in response.content.decode()


def test_reply_under_a_comment_that_became_spam_is_refused(client, article, make_comment):
    top = make_comment(body="Oben")
    answer = make_comment(body="Antwort", parent=top)
    Comment.objects.filter(pk=top.pk).update(status=Comment.Status.SPAM)
    response = post(client, article, body="Noch eine Antwort", parent=str(answer.pk))
    assert "existiert nicht" in response.content.decode()
    assert not Comment.objects.filter(body="Noch eine Antwort").exists()


@pytest.mark.parametrize("parent", ["abc", "99999999999999999999999", "-3", "1\x00"])
def test_odd_parent_values_give_a_form_error(client, article, parent):
    response = post(client, article, parent=parent)
    assert response.status_code == 200 and "existiert nicht" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.smoke
def test_comments_are_shown_oldest_first_with_replies_under_their_parent(client, article, make_comment):
    first = make_comment(body="Erster")
    make_comment(body="Zweiter")
    make_comment(body="Antwort auf Ersten", parent=first)
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index("Erster") < html.index("Antwort auf Ersten") < html.index("Zweiter")


def test_reply_under_a_spam_comment_is_not_shown(client, article, make_comment):
    spam_comment = make_comment(body="Werbung")
    make_comment(body="Antwort auf Werbung", parent=spam_comment)
    Comment.objects.filter(pk=spam_comment.pk).update(status=Comment.Status.SPAM)
    assert "Antwort auf Werbung" not in client.get(article.get_absolute_url()).content.decode()


def test_reply_under_a_spam_comment_is_not_counted(client, article, make_comment):
    spam_comment = make_comment(body="Werbung")
    make_comment(body="Antwort auf Werbung", parent=spam_comment)
    make_comment(body="Ganz normal")
    Comment.objects.filter(pk=spam_comment.pk).update(status=Comment.Status.SPAM)
    assert "· 1 Kommentar\n" in client.get(reverse("articles:article_list")).content.decode()
    assert "1 Kommentar\n" in client.get(article.get_absolute_url()).content.decode()


def test_reply_under_a_pending_comment_is_not_in_the_comment_feed(client, article, make_comment):
    pending = make_comment(body="Wartet")
    make_comment(body="Antwort auf Wartendes", parent=pending)
    Comment.objects.filter(pk=pending.pk).update(status=Comment.Status.PENDING)
    feed = client.get(reverse("articles:comment_feed", kwargs={"slug": article.slug})).content.decode()
    assert "Antwort auf Wartendes" not in feed


def test_comments_are_paginated(client, article, make_comment, settings):
    settings.COMMENTS_PER_PAGE = 2
    for number in range(3):
        make_comment(body=f"Nummer {number}")
    assert "Nummer 2" not in client.get(article.get_absolute_url()).content.decode()
    assert "Nummer 2" in client.get(article.get_absolute_url(), {"kommentare": "2"}).content.decode()


def add_comments(make_comment, count, authors, **extra):
    """`count` comments, every third one a top-level comment with replies under it, by members and guests in turn."""
    parent = None
    for number in range(count):
        author = authors[number % len(authors)]
        identity = {"user": author, "name": "", "email": ""} if author else {}
        comment = make_comment(body=f"Kommentar {number}", parent=parent if number % 3 else None, **identity, **extra)
        parent = comment if number % 3 == 0 else parent


# Every comment on one page, so a query per comment (author, parent, …) would show at 500. Members: +2 for the
# notification bell's cached count and whether they follow the article's comments.
# + 2: the comments' fragments, one get_many and one write on a miss (the database cache of the tests).
QUERY_BUDGETS = {None: 5 + 2, "member": 10 + 2, "moderator": 11 + 2}


@pytest.mark.parametrize("role", list(QUERY_BUDGETS))
@pytest.mark.parametrize("count", [5, 500])
def test_article_page_query_count_does_not_grow_with_comments(
    client, article, make_comment, member, other_member, count, role, request, settings, django_assert_max_num_queries
):
    settings.COMMENTS_PER_PAGE = 1000
    add_comments(make_comment, count, [member, other_member, None])
    add_comments(make_comment, 3, [member, None], status=Comment.Status.PENDING)
    if role:
        client.force_login(request.getfixturevalue(role))
    with django_assert_max_num_queries(QUERY_BUDGETS[role]):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert f"Kommentar {count - 1}" in response.content.decode()


def test_commenter_email_is_never_in_public_html_or_feeds(client, article, make_comment):
    make_comment(email="geheim@example.net", website="https://rita.example")
    for url in [
        article.get_absolute_url(),
        reverse("articles:comment_feed", kwargs={"slug": article.slug}),
        reverse("articles:article_list"),
        reverse("articles:article_feed"),
    ]:
        body = client.get(url).content.decode()
        assert "geheim@example.net" not in body
        assert "gravatar" not in body.lower()


def test_commenter_gets_an_initials_avatar_and_a_nofollow_website_link(client, article, make_comment):
    make_comment(name="Rita Reader", website="https://rita.example")
    html = client.get(article.get_absolute_url()).content.decode()
    assert ">RR</span>" in html
    assert 'href="https://rita.example" rel="nofollow ugc noopener noreferrer"' in html


def test_remember_me_stores_a_cookie_and_prefills_the_form(client, article):
    response = post(client, article, remember="on")
    assert REMEMBER_COOKIE in response.cookies
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'value="Rita Reader"' in html


def test_no_cookie_is_stored_without_remember_me(client, article):
    response = post(client, article)
    assert REMEMBER_COOKIE not in response.cookies


def test_unchecking_remember_me_deletes_the_cookie(client, article):
    post(client, article, remember="on")
    response = post(client, article, body="Zweiter Text")
    assert response.cookies[REMEMBER_COOKIE].value == ""
    assert response.cookies[REMEMBER_COOKIE]["max-age"] == 0


def test_client_ip_is_remote_addr_and_x_forwarded_for_is_ignored(article):
    post(Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1"), article)
    assert Comment.objects.get().ip_address == "203.0.113.7"


def test_x_forwarded_for_is_used_behind_a_trusted_proxy(article, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    post(Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1"), article)
    assert Comment.objects.get().ip_address == "198.51.100.1"


def test_reply_whose_parent_is_on_the_previous_page_is_still_shown(client, article, make_comment, settings):
    settings.COMMENTS_PER_PAGE = 2
    top = make_comment(body="Oben")
    make_comment(body="Erste Antwort", parent=top)
    make_comment(body="Zweite Antwort", parent=top)
    assert "Zweite Antwort" in client.get(article.get_absolute_url(), {"kommentare": "2"}).content.decode()


def test_comment_permalink_leads_to_the_page_the_comment_is_on(client, article, make_comment, settings):
    settings.COMMENTS_PER_PAGE = 2
    comments = [make_comment(body=f"Nummer {number}") for number in range(3)]
    response = client.get(comments[2].get_absolute_url())
    assert response["Location"] == f"{article.get_absolute_url()}?kommentare=2#kommentar-{comments[2].pk}"


def test_permalink_of_a_pending_comment_is_404_for_other_readers(client, make_comment):
    pending = make_comment(status=Comment.Status.PENDING)
    assert client.get(pending.get_absolute_url()).status_code == 404


def test_comment_feed_links_to_comment_permalinks(client, article, make_comment):
    comment = make_comment()
    feed = client.get(reverse("articles:comment_feed", kwargs={"slug": article.slug})).content.decode()
    assert comment.get_absolute_url() in feed


def test_reply_link_without_javascript_prefills_the_parent(client, article, make_comment):
    parent = make_comment(name="Paul Gast")
    html = client.get(article.get_absolute_url(), {"antwort": str(parent.pk)}).content.decode()
    assert "Antwort an Paul Gast." in html
    assert f'name="parent" value="{parent.pk}"' in html


@pytest.mark.parametrize("value", ["abc", "1\x00", "99999999999999999999999"])
def test_odd_reply_parameter_is_ignored(client, article, value):
    assert client.get(article.get_absolute_url(), {"antwort": value}).status_code == 200


def test_a_name_with_direction_marks_cannot_reverse_the_text_around_it(client, article, make_comment):
    make_comment(name="\u202eevil Gast")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<bdi>\u202eevil Gast</bdi>" in html
    assert ">EG</span>" in html


@pytest.mark.parametrize("role", ["moderator", "staff"])
def test_moderators_are_not_offered_an_approval_email_for_comments_published_at_once(client, article, role, request):
    client.force_login(request.getfixturevalue(role))
    assert 'name="notify_on_approval"' not in client.get(article.get_absolute_url()).content.decode()


def test_members_are_offered_the_approval_email(client, article, member):
    client.force_login(member)
    assert 'name="notify_on_approval"' in client.get(article.get_absolute_url()).content.decode()


def test_member_sees_own_pending_comment_from_another_browser(client, article, member):
    client.force_login(member)
    post(client, article, body="Mein Kommentar als Mitglied")
    other_browser = Client()
    other_browser.force_login(member)
    html = other_browser.get(article.get_absolute_url()).content.decode()
    assert "Mein Kommentar als Mitglied" in html and "Dein Kommentar wartet auf Freischaltung" in html
    assert "Mein Kommentar als Mitglied" not in Client().get(article.get_absolute_url()).content.decode()
