"""Solved answers in question categories: who may mark one, where it shows, lists, structured data."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from model_bakery import baker

from forum import services
from forum.models import Category, Thread
from tests.forum.conftest import reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(db):
    return baker.make(Category, name="Fragen & Antworten", slug="fragen", is_question=True)


@pytest.fixture
def question(questions, member):
    return services.start_thread(category=questions, author=member, title="Wie entkalke ich?", body="Hilfe!")


@pytest.fixture
def answer(question, other_member):
    return reply(question, other_member, "Mit Zitronensäure.")


def mark(client, post):
    return client.post(reverse("forum:post_mark_solution", args=[post.pk]))


def solution_of(thread):
    return Thread.objects.get(pk=thread.pk).solution


def test_author_marks_a_reply_as_solution(client, member, question, answer):
    client.force_login(member)
    response = mark(client, answer)
    assert response.status_code == 302
    assert solution_of(question) == answer


def test_moderator_marks_a_reply_as_solution_and_it_is_logged(client, moderator, question, answer):
    from core.models import ModerationLogEntry

    client.force_login(moderator)
    assert mark(client, answer).status_code == 302
    assert solution_of(question) == answer
    assert ModerationLogEntry.objects.filter(action="forum.thread.solution").exists()


def test_other_member_cannot_mark_a_solution(client, other_member, question, answer):
    client.force_login(other_member)
    assert mark(client, answer).status_code == 403
    assert solution_of(question) is None


def test_anonymous_reader_is_sent_to_log_in(client, question, answer):
    response = mark(client, answer)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert solution_of(question) is None


def test_marking_a_solution_needs_a_post_request(client, member, answer):
    client.force_login(member)
    assert client.get(reverse("forum:post_mark_solution", args=[answer.pk])).status_code == 405


def test_no_solutions_outside_question_categories(client, member, thread, other_member):
    answer = reply(thread, other_member)
    client.force_login(member)
    assert mark(client, answer).status_code == 403


def test_the_question_itself_cannot_be_the_solution(client, member, question):
    client.force_login(member)
    assert mark(client, question.posts.get(position=1)).status_code == 403


def test_a_hidden_reply_cannot_be_the_solution(client, member, moderator, answer):
    services.hide_post(post=answer, moderator=moderator, reason="Spam")
    client.force_login(member)
    assert mark(client, answer).status_code == 403


def test_a_held_reply_of_someone_else_is_404(client, member, question, settings):
    from tests.conftest import make_user

    settings.FORUM_HOLD_FIRST_POSTS = 1
    held = reply(question, make_user("neuling"))
    client.force_login(member)
    assert mark(client, held).status_code == 404


def test_author_cannot_change_the_solution_of_a_locked_thread_but_a_moderator_can(
    client, member, moderator, question, answer
):
    services.set_thread_flag(thread=question, moderator=moderator, flag="is_locked", value=True)
    client.force_login(member)
    assert mark(client, answer).status_code == 403
    client.force_login(moderator)
    assert mark(client, answer).status_code == 302


def test_a_hidden_thread_is_404_for_its_author(client, member, moderator, question, answer):
    services.hide_thread(thread=question, moderator=moderator, reason="Spam")
    client.force_login(member)
    assert mark(client, answer).status_code == 404


def test_marking_another_reply_replaces_the_solution(client, member, question, answer, other_member):
    better = reply(question, other_member, "Mit Essig.")
    client.force_login(member)
    mark(client, answer)
    mark(client, better)
    assert solution_of(question) == better


def test_author_removes_the_solution_mark(client, member, question, answer):
    services.mark_solution(post=answer, user=member)
    client.force_login(member)
    response = client.post(reverse("forum:thread_clear_solution", args=[question.pk]))
    assert response.status_code == 302
    assert solution_of(question) is None


def test_other_member_cannot_remove_the_solution_mark(client, member, other_member, question, answer):
    services.mark_solution(post=answer, user=member)
    client.force_login(other_member)
    assert client.post(reverse("forum:thread_clear_solution", args=[question.pk])).status_code == 403
    assert solution_of(question) == answer


def test_hiding_or_deleting_the_solution_removes_the_mark(member, other_member, moderator, question, answer):
    services.mark_solution(post=answer, user=member)
    services.hide_post(post=answer, moderator=moderator, reason="Falsch")
    assert solution_of(question) is None
    second = reply(question, other_member, "Anders")
    services.mark_solution(post=second, user=member)
    services.delete_post(post=second, user=other_member)
    assert solution_of(question) is None


def test_the_solution_shows_under_the_question_on_every_page(client, member, question, answer, other_member, settings):
    settings.FORUM_POSTS_PER_PAGE = 2
    reply(question, other_member, "Noch eine")
    services.mark_solution(post=answer, user=member)
    for page in (1, 2):
        response = client.get(question.get_absolute_url(), {"view": "chrono", "page": page})
        assert response.context["solution"] == answer
        assert "forum-solution" in response.text
        assert answer.get_absolute_url() in response.text


def test_only_the_author_and_moderators_see_the_mark_button(client, member, other_member, question, answer):
    button = reverse("forum:post_mark_solution", args=[answer.pk])
    client.force_login(other_member)
    assert button not in client.get(question.get_absolute_url()).text
    client.force_login(member)
    assert button in client.get(question.get_absolute_url()).text


def test_lists_show_solved_badge_and_filter_open_questions(client, member, questions, question, answer):
    services.mark_solution(post=answer, user=member)
    open_one = services.start_thread(category=questions, author=member, title="Noch offen", body="?")
    response = client.get(questions.get_absolute_url())
    assert "gelöst" in response.text
    response = client.get(questions.get_absolute_url(), {"offen": "1"})
    assert list(response.context["threads"]) == [open_one]


@pytest.mark.parametrize("value", ["0", "ja", "\x00"])
def test_open_questions_filter_with_another_value_is_404(client, questions, value):
    assert client.get(questions.get_absolute_url(), {"offen": value}).status_code == 404


def test_open_questions_filter_outside_question_categories_is_404(client, category):
    assert client.get(category.get_absolute_url(), {"offen": "1"}).status_code == 404


def structured_data(response):
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    return json.loads(block)


def test_question_threads_carry_qapage_with_accepted_and_suggested_answers(
    client, member, question, answer, other_member
):
    other = reply(question, other_member, "Mit Essig.")
    services.mark_solution(post=answer, user=member)
    data = structured_data(client.get(question.get_absolute_url()))
    assert data["@type"] == "QAPage"
    entity = data["mainEntity"]
    assert (entity["@type"], entity["name"], entity["answerCount"]) == ("Question", "Wie entkalke ich?", 2)
    assert entity["acceptedAnswer"]["text"] == "Mit Zitronensäure."
    assert entity["acceptedAnswer"]["url"].endswith(answer.get_absolute_url())
    assert [a["text"] for a in entity["suggestedAnswer"]] == ["Mit Essig."]
    assert other.get_absolute_url() in entity["suggestedAnswer"][0]["url"]


def test_open_question_has_no_accepted_answer(client, question, answer):
    entity = structured_data(client.get(question.get_absolute_url()))["mainEntity"]
    assert "acceptedAnswer" not in entity
    assert len(entity["suggestedAnswer"]) == 1


def test_marking_a_solution_is_visible_to_anonymous_readers_of_cached_pages(
    member, question, answer, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    anonymous = Client()
    anonymous.get(question.get_absolute_url())
    assert anonymous.get(question.get_absolute_url())["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_solution(post=answer, user=member)
    assert "forum-solution" in anonymous.get(question.get_absolute_url()).text


@pytest.mark.parametrize("size", [3, 40])
def test_question_thread_page_costs_the_same_with_a_solution(
    client, member, other_member, question, django_assert_max_num_queries, size
):
    answers = [reply(question, other_member, f"Antwort {n}") for n in range(size)]
    services.mark_solution(post=answers[-1], user=member)
    client.force_login(member)
    client.get(question.get_absolute_url())
    # With the bell's cached count, the thread's watch level, the fragment cache (one read, one write on page 2) and
    # the solution, read on its own for solved questions only (forum.views._solution).
    with django_assert_max_num_queries(13):
        assert client.get(question.get_absolute_url(), {"page": 2 if size > 20 else 1}).status_code == 200


def test_solution_counters_follow_marks_changes_and_hiding(member, other_member, moderator, question, answer):
    from accounts.models import User

    def solutions(user):
        return User.objects.get(pk=user.pk).solutions_count

    services.mark_solution(post=answer, user=member)
    services.mark_solution(post=answer, user=member)
    assert solutions(other_member) == 1
    own = reply(question, member, "Selbst gefunden")
    services.mark_solution(post=own, user=member)
    assert (solutions(other_member), solutions(member)) == (0, 1)
    services.clear_solution(thread=question, user=member)
    assert solutions(member) == 0
    services.mark_solution(post=answer, user=member)
    services.hide_post(post=answer, moderator=moderator, reason="Falsch")
    assert solutions(other_member) == 0
