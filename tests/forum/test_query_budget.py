"""Query counts that do not grow with data: measured at two sizes with the same budget."""

import pytest
from django.urls import reverse

from forum import services
from tests.forum.conftest import build_thread

pytestmark = pytest.mark.django_db

BUDGET = 12  # session, user, permissions, thread, posts, deeper-replies count, preference, fragments read + write


@pytest.fixture(params=["anonymous", "member", "moderator"])
def reader(request, client):
    if request.param != "anonymous":
        client.force_login(request.getfixturevalue(request.param))
    return client


@pytest.mark.parametrize("size", [10, 2000])
@pytest.mark.parametrize("view", ["threaded", "chrono"])
def test_first_and_last_thread_page_cost_the_same_number_of_queries(
    reader, category, other_member, django_assert_max_num_queries, size, view
):
    thread = build_thread(category, other_member, size)
    last_page = {"threaded": thread.branch_count // 10 + 1, "chrono": thread.last_position // 20 + 1}[view]
    reader.get(thread.get_absolute_url(), {"view": view})  # remember the view outside the measurement
    for page in {1, last_page}:
        with django_assert_max_num_queries(BUDGET):
            response = reader.get(thread.get_absolute_url(), {"view": view, "page": page})
        assert response.status_code == 200
        assert response.context["posts"]


@pytest.mark.parametrize("size", [2, 40])
def test_index_query_count_does_not_grow_with_categories_and_threads(
    reader, member, django_assert_max_num_queries, size
):
    from model_bakery import baker

    from forum.models import Category

    parents = baker.make(Category, _quantity=size // 2)
    for parent in parents:
        child = baker.make(Category, parent=parent)
        services.start_thread(category=child, author=member, title="Ein Thema", body="Text")
    with django_assert_max_num_queries(8 + 2):  # + the rows' fragments: one get_many, one write on a miss
        response = reader.get(reverse("forum:index"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 60])
def test_category_page_query_count_does_not_grow_with_threads(
    reader, category, member, django_assert_max_num_queries, size
):
    for number in range(size):
        thread = services.start_thread(category=category, author=member, title=f"Thema {number}", body="Text")
        services.reply_to_thread(thread=thread, author=member, body="Antwort")
    # Members: the bell's cached count and the category's watch level; moderators: the queue badge too; the rows'
    # fragments: one get_many, one write on a miss.
    with django_assert_max_num_queries(12 + 2):
        response = reader.get(category.get_absolute_url())
    assert response.status_code == 200
    with django_assert_max_num_queries(12 + 2):
        response = reader.get(category.get_absolute_url(), {"page": (size - 1) // 25 + 1})
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 20])
def test_moderation_queue_query_count_does_not_grow(
    client, settings, thread, moderator, django_assert_max_num_queries, size
):
    from tests.conftest import make_user

    settings.FORUM_HOLD_FIRST_POSTS = 1
    for number in range(size):
        author = make_user(f"neu{number}")
        held = services.reply_to_thread(thread=thread, author=author, body="Bitte freischalten")
        services.report_post(post=thread.posts.get(position=1), reporter=author, reason="spam")
        assert held.status == "held"
    client.force_login(moderator)
    with django_assert_max_num_queries(9):  # with the bell's cached count (one query with the database cache)
        response = client.get(reverse("forum:moderation_queue"))
    assert response.status_code == 200
