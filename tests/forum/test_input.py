"""Single-line forum fields take one line: a title or a reason with a line break is refused, the text kept."""

import pytest
from django.urls import reverse

from forum.models import Thread

pytestmark = pytest.mark.django_db

LINE_BREAK_ERROR = "Bitte schreibe dies in eine Zeile, ohne Zeilenumbrüche oder Tabulatoren."


@pytest.mark.parametrize("title", ["Erste Zeile\r\nZweite Zeile", "Erste Zeile\nZweite", "Mit\tTabulator"])
def test_thread_title_with_a_line_break_is_refused_with_the_text_kept(client, member, category, title):
    client.force_login(member)
    response = client.post(
        reverse("forum:thread_create", args=[category.slug]), {"title": title, "body": "Zeile 1\nZeile 2"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == [LINE_BREAK_ERROR]
    assert response.context["form"].data["body"] == "Zeile 1\nZeile 2"
    assert not Thread.objects.exists()


def test_thread_body_keeps_its_line_breaks(client, member, category):
    client.force_login(member)
    client.post(reverse("forum:thread_create", args=[category.slug]), {"title": "Ein Titel", "body": "Eins\nZwei"})
    assert Thread.objects.get().posts.get().body == "Eins\nZwei"


def test_rename_to_a_title_with_a_line_break_is_refused(client, moderator, thread):
    client.force_login(moderator)
    response = client.post(reverse("forum:thread_action", args=[thread.pk, "rename"]), {"title": "Neu\r\nTitel"})
    assert response.status_code == 400
    thread.refresh_from_db()
    assert thread.title == "Erstes Thema"


def test_hide_reason_with_a_line_break_is_refused(client, moderator, thread):
    client.force_login(moderator)
    response = client.post(reverse("forum:thread_action", args=[thread.pk, "hide"]), {"reason": "Spam\nBcc: x"})
    assert response.status_code == 400
    thread.refresh_from_db()
    assert not thread.is_hidden


def test_category_name_with_a_line_break_is_refused_in_the_admin(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("admin:forum_category_add"), {"name": "Zwei\nZeilen", "slug": "zwei", "order": 0, "description": ""}
    )
    assert response.status_code == 200
    assert LINE_BREAK_ERROR in response.content.decode()


BLANK_LOOKING_TITLES = ["\u2800\u2800\u2800", "\u3164\u3164\u3164", "\u200b\u200b\u200b", "\u115f\u1160\uffa0"]


@pytest.mark.parametrize("title", BLANK_LOOKING_TITLES)
def test_a_thread_title_of_blank_looking_characters_only_is_refused(client, member, category, title):
    client.force_login(member)
    response = client.post(reverse("forum:thread_create", args=[category.slug]), {"title": title, "body": "Text"})
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["Bitte gib sichtbaren Text ein."]
    assert not Thread.objects.exists()
