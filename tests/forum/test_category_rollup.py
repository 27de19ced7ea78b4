"""A parent category shows its subcategories' threads, posts and latest post (issue 14, point 14)."""

import re

import pytest
from django.urls import reverse
from model_bakery import baker

from forum import services
from forum.models import Category
from tests.forum.conftest import reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def parent(db):
    return baker.make(Category, name="Hobbys", slug="hobbys", order=1)


@pytest.fixture
def child(parent):
    return baker.make(Category, name="Fahrrad", slug="fahrrad", parent=parent, order=2)


def _row(html, slug):
    """The index row of the category with `slug`: its name, counts and latest post."""
    start = html.index(f'href="/forum/bereich/{slug}/"')
    start = html.rindex('<div class="list-group-item', 0, start)
    end = html.find('<div class="list-group-item', start + 1)
    return html[start : end if end != -1 else len(html)]


def _counts(row):
    return [int(n.replace(".", "")) for n in re.findall(r"<dd>([\d.]+)</dd>", row)]


def test_parent_category_counts_its_subcategories_threads_and_posts(client, parent, child, member, other_member):
    thread = services.start_thread(category=child, author=member, title="Kette springt ab", body="Hilfe")
    reply(thread, other_member, "Schaltung einstellen")
    html = client.get(reverse("forum:index")).content.decode()
    assert _counts(_row(html, "hobbys")) == [1, 2]
    assert _counts(_row(html, "fahrrad")) == [1, 2]
    assert "Kette springt ab" in _row(html, "hobbys")
    assert "No posts yet" not in _row(html, "hobbys") and "Noch keine Beiträge" not in _row(html, "hobbys")


def test_parent_shows_the_newest_post_of_itself_and_its_subcategories(client, parent, child, member):
    services.start_thread(category=child, author=member, title="Altes Thema im Unterbereich", body="a")
    services.start_thread(category=parent, author=member, title="Neues Thema oben", body="b")
    row = _row(client.get(reverse("forum:index")).content.decode(), "hobbys")
    assert _counts(row) == [2, 2]
    assert "Neues Thema oben" in row and "Altes Thema im Unterbereich" not in row


def test_members_only_subcategory_adds_nothing_to_its_parent_for_anonymous_readers(client, parent, member):
    secret = baker.make(Category, name="Intern", slug="intern", parent=parent, members_only=True, order=3)
    services.start_thread(category=secret, author=member, title="Geheime Planung", body="x")
    html = client.get(reverse("forum:index")).content.decode()
    assert _counts(_row(html, "hobbys")) == [0, 0]
    assert "Geheime Planung" not in html
    client.force_login(member)
    assert _counts(_row(client.get(reverse("forum:index")).content.decode(), "hobbys")) == [1, 1]


def test_rolled_up_counts_follow_hiding_and_moving(client, parent, child, member, moderator):
    thread = services.start_thread(category=child, author=member, title="Wird versteckt", body="x")
    services.hide_thread(thread=thread, moderator=moderator, reason="Spam")
    assert _counts(_row(client.get(reverse("forum:index")).content.decode(), "hobbys")) == [0, 0]
    services.unhide_thread(thread=thread, moderator=moderator)
    other = baker.make(Category, name="Sonstiges", slug="sonstiges", order=9)
    thread.refresh_from_db()
    services.move_thread(thread=thread, moderator=moderator, category=other)
    html = client.get(reverse("forum:index")).content.decode()
    assert _counts(_row(html, "hobbys")) == [0, 0]
    assert _counts(_row(html, "sonstiges")) == [1, 1]


def test_index_queries_do_not_grow_with_subcategories(client, django_assert_max_num_queries, parent, member):
    for number in range(6):
        sub = baker.make(Category, name=f"Unter {number}", slug=f"unter-{number}", parent=parent, order=10 + number)
        services.start_thread(category=sub, author=member, title=f"Thema {number}", body="x")
    with django_assert_max_num_queries(2 + 2):  # + the rows' fragments: one get_many, one write on a miss
        assert client.get(reverse("forum:index")).status_code == 200
