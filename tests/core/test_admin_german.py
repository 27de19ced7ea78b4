"""The admin speaks German: Django's strings its German catalogue lacks are translated in ours, and every app
section has one German name of its own."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from model_bakery import baker

from config import django_strings

pytestmark = pytest.mark.django_db

ENGLISH = ["Filter by", "- Select an option -", ">Run<", "Tasks Database Backend", "Task Results", "Accounts"]


def admin_page(client, staff, url):
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_admin_index_names_each_app_section_once_in_german(client, staff):
    html = admin_page(client, staff, reverse("admin:index"))
    sections = re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', html)
    assert len(sections) == len(set(sections))
    assert {"Mitglieder", "E-Mail-Adressen", "Hintergrundaufgaben"} <= set(sections)
    assert not [english for english in ENGLISH if english in html]


def test_changelist_with_filters_date_hierarchy_and_actions_is_german(client, staff):
    baker.make("articles.Article", _quantity=2, author=staff, status="published", slug=baker.seq("artikel-"))
    html = admin_page(client, staff, reverse("admin:articles_article_changelist"))
    assert not [english for english in ENGLISH if english in html]
    assert "Nach Veröffentlichungsdatum filtern" in html
    assert "– Bitte auswählen –" in html and ">Ausführen<" in html


def test_background_tasks_list_is_german(client, staff):
    html = admin_page(client, staff, reverse("admin:django_tasks_database_dbtaskresult_changelist"))
    assert not [english for english in ENGLISH if english in html]
    assert "Aufgaben" in html


def test_time_zone_note_of_the_date_widgets_is_german(client, staff):
    script = admin_page(client, staff, reverse("admin:jsi18n"))
    assert "Hinweis: Zeiten in der Zeitzone %(timezone)s eingeben." in script


def rendered(text, language):
    """`text` (a gettext_noop string or a lazy translation) as `language` shows it."""
    with translation.override(language):
        if isinstance(text, str):
            return translation.gettext(text)
        return str(text) or str(text % {"count": 2})  # ngettext_lazy(..., "count") needs its number


def test_every_django_string_we_list_has_a_german_translation():
    untranslated = [rendered(text, "en") for text in django_strings.DJANGO_STRINGS
                    if rendered(text, "de") == rendered(text, "en")]  # fmt: skip
    assert untranslated == [", "]  # a comma is a comma
