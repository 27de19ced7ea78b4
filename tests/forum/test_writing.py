import uuid

import pytest
from django.urls import reverse

from forum.models import Post, PostRevision, Thread
from tests.forum.conftest import reply

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def new_thread(client, category, **data):
    return client.post(
        reverse("forum:thread_create", args=[category.slug]),
        {"title": "Wie pflege ich Sauerteig?", "body": "Meiner wird *nichts*.", **data},
    )


def test_member_starts_a_thread(client, member, category):
    client.force_login(member)
    response = new_thread(client, category)
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    assert thread.posts.get().body_html == "<p>Meiner wird <em>nichts</em>.</p>"


def test_thread_url_spells_umlauts_and_sharp_s_the_german_way(client, member, category):
    client.force_login(member)
    response = new_thread(client, category, title="Größere Fahrräder für Übergrößen")
    assert response["Location"].endswith("-groessere-fahrraeder-fuer-uebergroessen/")


def test_anonymous_user_is_sent_to_login_for_a_new_thread(client, category):
    response = client.get(reverse("forum:thread_create", args=[category.slug]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_closed_category_rejects_a_forged_new_thread_with_403(client, member, category):
    category.is_closed = True
    category.save()
    client.force_login(member)
    assert new_thread(client, category).status_code == 403
    assert not Thread.objects.exists()


@pytest.mark.parametrize("title", ["ab", "x" * 151, "   ", "\u200b\u200b\u200b"])
def test_thread_title_outside_the_limits_gives_a_form_error(client, member, category, title):
    client.force_login(member)
    response = new_thread(client, category, title=title)
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert not Thread.objects.exists()


def test_nul_byte_in_body_gives_a_clear_error_and_keeps_the_text(client, member, category):
    client.force_login(member)
    response = new_thread(client, category, body="Hallo\x00Welt")
    assert response.context["form"].has_error("body", "control_characters")
    assert "Hallo" in response.text
    assert not Thread.objects.exists()


def test_body_longer_than_the_limit_gives_a_form_error(client, member, category, settings):
    settings.FORUM_MAX_BODY_LENGTH = 20000
    client.force_login(member)
    response = new_thread(client, category, body="a" * 100_000)
    assert response.status_code == 200
    assert response.context["form"].errors["body"]


def test_preview_renders_the_text_without_saving(client, member, category):
    client.force_login(member)
    response = new_thread(client, category, body="**fett**", preview="1")
    assert response.status_code == 200
    assert "<strong>fett</strong>" in response.text
    assert not Thread.objects.exists()


def test_member_replies_to_a_specific_post(client, member, other_member, thread):
    first = reply(thread, other_member, "Erste Antwort")
    client.force_login(member)
    response = client.post(reverse("forum:reply_create", args=[thread.pk]), {"body": "Genau!", "parent": first.pk})
    created = Post.objects.get(body="Genau!")
    assert response.status_code == 302
    assert created.parent == first
    assert created.path.startswith(first.path)


def test_reader_lands_on_the_new_reply_with_a_confirmation(client, member, other_member, thread):
    first = reply(thread, other_member, "Erste Antwort")
    client.force_login(member)
    response = client.post(
        reverse("forum:reply_create", args=[thread.pk]), {"body": "Genau!", "parent": first.pk}, follow=True
    )
    created = Post.objects.get(body="Genau!")
    assert response.redirect_chain[-1][0].endswith(f"#post-{created.pk}")
    assert "Deine Antwort ist veröffentlicht." in response.text


def test_new_thread_is_confirmed_on_its_page(client, member, category):
    client.force_login(member)
    response = client.post(
        reverse("forum:thread_create", args=[category.slug]),
        {"title": "Wie pflege ich Sauerteig?", "body": "Meiner wird *nichts*."},
        follow=True,
    )
    assert "Dein Thema ist eröffnet." in response.text


def test_reply_form_quotes_the_post_it_answers(client, member, other_member, thread):
    first = reply(thread, other_member, "Erste Antwort")
    client.force_login(member)
    response = client.get(reverse("forum:reply_create", args=[thread.pk]), {"to": first.pk})
    assert "Antwort auf Otto Other, Beitrag #2" in response.text
    assert "Erste Antwort" in response.text


def test_reply_to_a_post_of_another_thread_is_404(client, member, category, thread):
    from forum import services

    elsewhere = services.start_thread(category=category, author=member, title="Anderes", body="x")
    foreign = elsewhere.posts.get()
    client.force_login(member)
    response = client.post(reverse("forum:reply_create", args=[thread.pk]), {"body": "Hm", "parent": foreign.pk})
    assert response.status_code == 404


def test_locked_thread_rejects_a_forged_reply_with_403(client, member, thread):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    client.force_login(member)
    response = client.post(reverse("forum:reply_create", args=[thread.pk]), {"body": "Trotzdem"})
    assert response.status_code == 403


def test_locked_thread_shows_no_reply_form(client, member, thread):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    client.force_login(member)
    assert "forum-reply-form" not in client.get(thread.get_absolute_url()).text


def test_second_post_within_the_interval_is_refused_with_429_and_the_text_kept(client, member, thread, settings):
    settings.FORUM_POST_INTERVAL = 15
    client.force_login(member)
    url = reverse("forum:reply_create", args=[thread.pk])
    assert client.post(url, {"body": "Eins"}).status_code == 302
    response = client.post(url, {"body": "Zwei und noch mehr"})
    assert response.status_code == 429
    assert "Zwei und noch mehr" in response.text
    assert "15 Sekunden" in response.text


def test_submitting_the_same_form_twice_creates_one_post(client, member, thread, settings):
    settings.FORUM_POST_INTERVAL = 15
    client.force_login(member)
    data = {"body": "Doppelt?", "submit_token": str(uuid.uuid4())}
    url = reverse("forum:reply_create", args=[thread.pk])
    first = client.post(url, data)
    second = client.post(url, data)
    assert Post.objects.filter(body="Doppelt?").count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]


def test_author_edits_own_post_and_it_is_marked_edited(client, member, thread):
    post = thread.posts.get()
    client.force_login(member)
    client.post(reverse("forum:post_edit", args=[post.pk]), {"body": "Neuer Text"})
    post.refresh_from_db()
    assert post.body == "Neuer Text"
    assert post.edit_count == 1
    assert "bearbeitet" in client.get(thread.get_absolute_url()).text


def test_editing_keeps_the_previous_version(client, member, thread):
    post = thread.posts.get()
    client.force_login(member)
    client.post(reverse("forum:post_edit", args=[post.pk]), {"body": "Neuer Text"})
    assert PostRevision.objects.get(post=post).body == "Hallo *Welt*"


def test_previous_versions_are_visible_to_moderators(client, member, moderator, thread):
    post = thread.posts.get()
    client.force_login(member)
    client.post(reverse("forum:post_edit", args=[post.pk]), {"body": "Neuer Text"})
    client.force_login(moderator)
    assert "Hallo *Welt*" in client.get(reverse("forum:post_moderate", args=[post.pk])).text


def test_author_deletes_own_post_and_replies_stay_in_place(client, member, other_member, thread):
    mine = reply(thread, member, "Mein Beitrag")
    answer = reply(thread, other_member, "Antwort darauf", parent=mine)
    client.force_login(member)
    client.post(reverse("forum:post_delete", args=[mine.pk]))
    text = client.get(thread.get_absolute_url(), {"view": "threaded"}).text
    assert "Beitrag gelöscht" in text
    assert "Mein Beitrag" not in text
    assert f'id="post-{answer.pk}"' in text


def test_deleted_post_stays_in_the_database(client, member, thread):
    mine = reply(thread, member, "Mein Beitrag")
    client.force_login(member)
    client.post(reverse("forum:post_delete", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.is_deleted and mine.body == "Mein Beitrag"


@pytest.mark.parametrize("to", ["\x00", "abc", "-1"])
def test_reply_form_for_a_bad_post_reference_is_404(client, member, thread, to):
    client.force_login(member)
    assert client.get(reverse("forum:reply_create", args=[thread.pk]), {"to": to}).status_code == 404


def test_forged_parent_with_nul_byte_is_404(client, member, thread):
    client.force_login(member)
    response = client.post(reverse("forum:reply_create", args=[thread.pk]), {"body": "x", "parent": "1\x00"})
    assert response.status_code == 404
    assert thread.posts.count() == 1


def test_nul_byte_in_the_thread_url_is_404(client, thread):
    assert client.get(f"/forum/t/{thread.pk}-erstes%00thema/").status_code == 404


def test_odd_unicode_title_is_kept(client, member, category):
    client.force_login(member)
    new_thread(client, category, title="Ünïcødé 🍺 עברית")
    thread = Thread.objects.get()
    assert thread.title == "Ünïcødé 🍺 עברית"
    assert client.get(thread.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("state", ["hidden", "deleted", "held", "rejected"])
def test_forged_reply_to_a_post_without_reply_link_is_refused(client, member, moderator, thread, state):
    from forum import services

    target = reply(thread, member, "Das Ziel")
    match state:
        case "hidden":
            services.hide_post(post=target, moderator=moderator, reason="Spam")
        case "deleted":
            services.delete_post(post=target, user=member)
        case _:
            Post.objects.filter(pk=target.pk).update(status=state)
    client.force_login(member)
    url = reverse("forum:reply_create", args=[thread.pk])
    response = client.post(url, {"body": "Trotzdem eine Antwort", "parent": target.pk})
    # The author sees their own held post (403); a rejected one is visible to moderators only (404).
    assert response.status_code == (404 if state == "rejected" else 403)
    assert not Post.objects.filter(body="Trotzdem eine Antwort").exists()
    assert client.get(url, {"to": target.pk}).status_code == response.status_code


def test_sending_the_new_thread_form_twice_creates_one_thread(client, member, category):
    client.force_login(member)
    token = str(uuid.uuid4())
    first = new_thread(client, category, submit_token=token)
    second = new_thread(client, category, submit_token=token)
    assert Thread.objects.count() == 1
    assert second["Location"] == first["Location"] == Thread.objects.get().get_absolute_url()


def test_new_thread_within_the_interval_is_a_429_with_title_and_text_kept(client, member, category, settings):
    settings.FORUM_POST_INTERVAL = 15
    client.force_login(member)
    assert new_thread(client, category).status_code == 302
    response = new_thread(client, category, title="Noch ein Thema", body="Mein zweiter Text")
    assert response.status_code == 429
    assert 'value="Noch ein Thema"' in response.text
    assert "Mein zweiter Text" in response.text
    assert Thread.objects.count() == 1


def test_reply_to_a_post_with_an_eight_digit_id(client, member, other_member, thread):
    # Post ids count across the whole forum: a big forum passes 9,999,999 posts long before any thread does.
    target = reply(thread, other_member, "Beitrag Nummer zwölf Millionen")
    Post.objects.filter(pk=target.pk).update(id=12_345_678)
    client.force_login(member)
    url = reverse("forum:reply_create", args=[thread.pk])
    assert client.get(url, {"to": 12_345_678}).status_code == 200
    assert client.post(url, {"body": "Große Zahl", "parent": 12_345_678}).status_code == 302
    assert Post.objects.get(body="Große Zahl").parent_id == 12_345_678


def test_reply_to_a_post_id_beyond_any_database_integer_is_404(client, member, thread):
    client.force_login(member)
    url = reverse("forum:reply_create", args=[thread.pk])
    assert client.get(url, {"to": "9" * 19}).status_code == 404
    assert client.get(url, {"to": "9" * 18}).status_code == 404


def test_bytes_that_are_not_utf8_give_a_form_error_instead_of_a_garbled_thread(client, member, category):
    client.force_login(member)
    response = client.post(
        reverse("forum:thread_create", args=[category.slug]),
        b"title=%ff%fe%fd&body=Guter%20Text%20%c3",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "Zeichen, die nicht gelesen werden konnten" in response.text
    assert "Guter Text" in response.text
    assert not Thread.objects.exists()
