"""Runs on SQLite too (`make test`'s smoke run): search works without PostgreSQL, plainly."""

import pytest

from tests.search.conftest import search, titles


@pytest.mark.smoke
@pytest.mark.django_db
def test_search_finds_a_thread_and_an_article(client, start_thread, write_article, members_category):
    start_thread("Käse selbst machen", "Mit Rohmilch und Geduld.")
    start_thread("Interna", "Käse für Mitglieder.", category=members_category)
    write_article("Käse aus der Region", "Warum Käse vom Hof besser schmeckt.")
    response = search(client, "Käse")
    assert response.status_code == 200
    assert set(titles(response)) == {"Käse selbst machen", "Käse aus der Region"}
    assert "<mark>" in response.content.decode()
    assert search(client, '&|!:*() \x00 "').status_code == 200
