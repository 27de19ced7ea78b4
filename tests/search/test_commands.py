from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from search.models import Word
from tests.search.conftest import search, titles

pytestmark = pytest.mark.django_db


def test_rebuild_search_index_counts_the_documents_of_each_word(start_thread):
    start_thread("Tomaten", "Tomaten im Hochbeet.")
    start_thread("Mehr Tomaten", "Tomaten, Tomaten!")
    Word.objects.all().delete()
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert Word.objects.get(word="tomaten").documents == 2
    assert Word.objects.get(word="hochbeet").documents == 1
    assert "Search index rebuilt" in out.getvalue()


def test_rebuild_search_index_with_vectors_makes_every_text_findable_again(client, start_thread):
    start_thread("Tomaten", "Tomaten im Hochbeet.")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE forum_post SET search_vector = NULL")
    assert titles(search(client, "Hochbeet")) == []
    call_command("rebuild_search_index", "--vectors", stdout=StringIO())
    assert titles(search(client, "Hochbeet")) == ["Tomaten"]


def test_words_written_are_in_the_vocabulary_at_once(start_thread):
    start_thread("Quittengelee", "Mit Zimt.")
    assert set(Word.objects.filter(word__in=["quittengelee", "zimt"]).values_list("word", flat=True)) == {
        "quittengelee",
        "zimt",
    }
