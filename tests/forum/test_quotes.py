"""Quoting a post in a reply: the Markdown, the link, and who may quote what."""

import pytest
from django.urls import reverse

from forum import quoting, services
from tests.forum.conftest import reply

pytestmark = pytest.mark.django_db


def quote_page(client, thread, post):
    return client.get(reverse("forum:reply_create", args=[thread.pk]), {"zitat": post.pk})


def test_quote_fills_the_reply_form_with_attribution_link_and_text(client, member, thread, other_member):
    post = reply(thread, other_member, "Erste Zeile\n\nZweite *Zeile*")
    client.force_login(member)
    response = quote_page(client, thread, post)
    assert response.status_code == 200
    body = response.context["form"]["body"].value()
    assert body == (
        f"> Otto Other schrieb in [#2]({post.get_absolute_url()}):\n>\n> Erste Zeile\n>\n> Zweite *Zeile*\n\n"
    )
    assert response.context["form"]["parent"].value() == post.pk


def test_a_quoted_reply_renders_a_block_quote_with_a_link_to_the_post(client, member, thread, other_member):
    post = reply(thread, other_member, "Das Original")
    client.force_login(member)
    body = quote_page(client, thread, post).context["form"]["body"].value() + "Meine Antwort"
    client.post(reverse("forum:reply_create", args=[thread.pk]), {"body": body, "parent": post.pk})
    answer = thread.posts.order_by("-position").first()
    assert "<blockquote>" in answer.body_html
    assert f'href="{post.get_absolute_url()}"' in answer.body_html
    assert "Meine Antwort" in answer.body_html


def test_markdown_in_the_display_name_is_escaped(member, thread, other_member):
    other_member.display_name = "[Klick](javascript:alert(1)) *fett*"
    other_member.save()
    post = reply(thread, other_member)
    text = quoting.quote(post)
    assert r"\[Klick\]\(javascript:alert\(1\)\) \*fett\*" in text


def test_long_posts_are_cut_at_a_line_end(member, thread, other_member):
    post = reply(thread, other_member, "\n".join(f"Zeile {n} " + "x" * 50 for n in range(100)))
    text = quoting.quote(post)
    assert len(text) < quoting.QUOTE_MAX_CHARACTERS + 200
    assert text.rstrip().endswith("…")


def test_every_readable_post_offers_a_quote_link(client, member, thread, other_member):
    post = reply(thread, other_member)
    client.force_login(member)
    assert f"?zitat={post.pk}" in client.get(thread.get_absolute_url()).text


def test_anonymous_readers_see_no_quote_link_and_are_sent_to_log_in(client, thread, other_member):
    post = reply(thread, other_member)
    assert "zitat=" not in client.get(thread.get_absolute_url()).text
    assert quote_page(client, thread, post).status_code == 302


def test_quoting_a_hidden_post_is_refused(client, member, moderator, thread, other_member):
    post = reply(thread, other_member, "Geheim")
    services.hide_post(post=post, moderator=moderator, reason="Spam")
    client.force_login(member)
    assert quote_page(client, thread, post).status_code == 403


def test_quoting_a_deleted_post_is_refused(client, member, thread, other_member):
    post = reply(thread, other_member, "Weg")
    services.delete_post(post=post, user=other_member)
    client.force_login(member)
    assert quote_page(client, thread, post).status_code == 403


def test_quoting_a_held_post_of_someone_else_is_404(client, member, thread, settings):
    from tests.conftest import make_user

    settings.FORUM_HOLD_FIRST_POSTS = 1
    held = reply(thread, make_user("neuling"), "Wartet")
    client.force_login(member)
    assert quote_page(client, thread, held).status_code == 404


def test_quoting_a_post_of_another_thread_is_404(client, member, category, thread, other_member):
    elsewhere = services.start_thread(category=category, author=other_member, title="Anderswo", body="Fremd")
    client.force_login(member)
    assert quote_page(client, thread, elsewhere.posts.get()).status_code == 404


def test_quoting_a_post_of_a_members_only_category_stays_among_members(client, member, other_member):
    from model_bakery import baker

    from forum.models import Category

    closed = baker.make(Category, slug="intern", members_only=True)
    thread = services.start_thread(category=closed, author=member, title="Intern", body="Nur für uns")
    assert quote_page(client, thread, thread.posts.get()).status_code == 302  # to the login page
    client.force_login(other_member)
    assert "Nur für uns" in quote_page(client, thread, thread.posts.get()).context["form"]["body"].value()


def test_quoting_in_a_locked_thread_is_refused(client, member, moderator, thread, other_member):
    post = reply(thread, other_member)
    services.set_thread_flag(thread=thread, moderator=moderator, flag="is_locked", value=True)
    client.force_login(member)
    assert quote_page(client, thread, post).status_code == 403


@pytest.mark.parametrize("value", ["abc", "-1", "\x00", "1" * 30])
def test_a_malformed_quote_reference_is_404(client, member, thread, value):
    client.force_login(member)
    assert client.get(reverse("forum:reply_create", args=[thread.pk]), {"zitat": value}).status_code == 404


def test_a_selection_from_the_post_is_quoted_alone(client, member, thread, other_member):
    post = reply(thread, other_member, "Erster Satz.\n\nZweiter **wichtiger** Satz.")
    client.force_login(member)
    response = client.get(
        reverse("forum:reply_create", args=[thread.pk]), {"zitat": post.pk, "auswahl": "Zweiter wichtiger\n Satz"}
    )
    body = response.context["form"]["body"].value()
    assert body.endswith(":\n>\n> Zweiter wichtiger Satz\n\n")
    assert "Erster Satz" not in body


def test_a_selection_that_is_not_the_posts_text_quotes_the_whole_post(client, member, thread, other_member):
    post = reply(thread, other_member, "Was wirklich dasteht.")
    client.force_login(member)
    response = client.get(
        reverse("forum:reply_create", args=[thread.pk]), {"zitat": post.pk, "auswahl": "Ich habe nie gesagt"}
    )
    body = response.context["form"]["body"].value()
    assert "> Was wirklich dasteht." in body
    assert "nie gesagt" not in body
