"""Links in comments that wait for a moderator are never live links: a moderator reads where they lead instead of
clicking into spam by accident."""

import pytest
from django.urls import reverse

from articles.models import Comment

pytestmark = pytest.mark.django_db

SPAM = "Billige Uhren [hier klicken](https://spam.example.net/kaufen) oder gleich https://bare.example.org/x ansehen"


@pytest.fixture
def spam_comment(make_comment):
    return make_comment(body=SPAM, status=Comment.Status.SPAM, website="https://uhren.example.com/angebot")


@pytest.fixture
def pending_spam(make_comment):
    return make_comment(body=SPAM, status=Comment.Status.PENDING, website="https://uhren.example.com/angebot")


def assert_links_are_text(html):
    for url in ["https://spam.example.net/kaufen", "https://bare.example.org/x", "https://uhren.example.com/angebot"]:
        assert f'href="{url}"' not in html
        assert url in html  # the address is visible as text
    for host in ["spam.example.net", "bare.example.org", "uhren.example.com"]:
        assert f"<strong>{host}</strong>" in html


@pytest.mark.parametrize("status", ["pending", "spam"])
def test_comment_queue_shows_links_and_website_as_text_with_their_hosts(
    client, moderator, pending_spam, spam_comment, status
):
    client.force_login(moderator)
    html = client.get(reverse("articles:moderation_queue"), {"status": status}).content.decode()
    assert_links_are_text(html)
    assert "Links im Text führen zu" in html and "führt zu" in html


def test_combined_moderation_queue_shows_comment_links_as_text(client, moderator, pending_spam):
    client.force_login(moderator)
    html = client.get(reverse("portal:moderation_queue")).content.decode()
    assert_links_are_text(html)


def test_approve_and_reply_page_shows_the_comments_links_as_text(client, moderator, pending_spam):
    client.force_login(moderator)
    html = client.get(reverse("articles:comment_approve_reply", kwargs={"pk": pending_spam.pk})).content.decode()
    assert_links_are_text(html)


def test_queue_shows_the_comment_text_escaped(client, moderator, make_comment):
    make_comment(body="<script>alert(1)</script> **fett**", status=Comment.Status.PENDING)
    client.force_login(moderator)
    html = client.get(reverse("articles:moderation_queue")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **fett**" in html


def test_queue_marks_a_stored_website_that_leads_to_no_public_site(client, moderator, make_comment):
    # Stored before websites were checked.
    make_comment(status=Comment.Status.PENDING, website="http://169.254.169.254/latest/")
    client.force_login(moderator)
    html = client.get(reverse("articles:moderation_queue")).content.decode()
    assert 'href="http://169.254.169.254/latest/"' not in html
    assert "http://169.254.169.254/latest/</bdi> (<strong>keine öffentliche Website</strong>)" in html


def test_approved_comment_on_the_article_page_keeps_its_links(client, make_comment):
    make_comment(body=SPAM, status=Comment.Status.APPROVED)
    html = client.get(reverse("articles:article_detail", kwargs={"slug": "erster-artikel"})).content.decode()
    assert 'href="https://spam.example.net/kaufen"' in html
