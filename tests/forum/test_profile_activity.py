import pytest
from model_bakery import baker

from forum import services
from forum.models import Category
from tests.forum.conftest import reply

pytestmark = pytest.mark.django_db


def test_profile_lists_recent_threads_and_posts(client, member, other_member, thread):
    theirs = services.start_thread(category=thread.category, author=other_member, title="Fremdes Thema", body="x")
    reply(theirs, member, "Meine Antwort dort")
    text = client.get(member.get_absolute_url()).text
    assert "Erstes Thema" in text
    assert "Meine Antwort dort" in text
    assert "Fremdes Thema" in text  # as the thread of the reply


def test_profile_leaves_out_hidden_posts_and_threads(client, member, other_member, category, moderator):
    hidden_thread = services.start_thread(category=category, author=member, title="Verstecktes Thema", body="x")
    services.hide_thread(thread=hidden_thread, moderator=moderator, reason="x")
    visible = services.start_thread(category=category, author=other_member, title="Sichtbar", body="x")
    hidden_post = reply(visible, member, "Versteckte Antwort")
    services.hide_post(post=hidden_post, moderator=moderator, reason="x")
    text = client.get(member.get_absolute_url()).text
    assert "Verstecktes Thema" not in text
    assert "Versteckte Antwort" not in text


def test_profile_leaves_out_members_only_threads_for_anonymous_readers(client, member):
    backroom = baker.make(Category, slug="hinterzimmer", members_only=True)
    services.start_thread(category=backroom, author=member, title="Nur für Mitglieder", body="x")
    assert "Nur für Mitglieder" not in client.get(member.get_absolute_url()).text


@pytest.mark.parametrize("size", [1, 30])
def test_profile_query_count_does_not_grow_with_activity(client, member, category, django_assert_max_num_queries, size):
    for number in range(size):
        thread = services.start_thread(category=category, author=member, title=f"Thema {number}", body="x")
        reply(thread, member, "Antwort")
    with django_assert_max_num_queries(4):
        assert client.get(member.get_absolute_url()).status_code == 200


def test_profile_excerpt_shows_ampersands_as_characters(client, member, thread):
    reply(thread, member, "Käse & Brot <3")
    html = client.get(member.get_absolute_url()).content.decode()
    assert "Käse &amp; Brot &lt;3" in html
    assert "&amp;amp;" not in html
