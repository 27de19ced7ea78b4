"""German as readers type it: inflection, compounds both ways, umlaut and ß spellings, typos, phrases, title
priority, loanwords and abbreviations, stop words in questions. A small corpus of our own."""

import pytest

from tests.search.conftest import search, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(start_thread, write_article):
    start_thread("Fahrradkette rostet", "Meine Fahrradkette ist nach dem Winter voller Rost. Was hilft dagegen?")
    start_thread("Quietschen beim Treten", "Die Kette am Fahrrad quietscht bei jedem Tritt, trotz Öl.")
    start_thread("Sauerteigbrot backen", "Mein Sauerteigbrot wird innen nicht locker. Liegt es am Mehl?")
    start_thread("Unser Apfelbaum trägt nicht", "Die Bäume im Garten tragen dieses Jahr kaum Äpfel.")
    start_thread("Mitgliedsbeitrag", "Wie hoch sind die Beiträge bei den Vereinen in der Gegend?")
    start_thread("Käse selbst machen", "Hat jemand Erfahrung mit Käse aus Rohmilch?")
    start_thread("Parken vor dem Haus", "In unserer Strasse gibt es seit Wochen keine Parkplätze mehr.")
    start_thread("Fotos sichern", "Ich mache jeden Sonntag ein Backup in die Cloud, nach der 3-2-1-Regel.")
    start_thread("Reichweite im Winter", "Wie lange hält der Akku von einem E-Bike bei Frost?")
    start_thread("Satzung gesucht", "Wir gründen einen e.V. und fragen uns, was die DSGVO zur Mitgliederliste sagt.")
    start_thread("Heizung entlüften", "Wie geht das richtig?")
    start_thread(
        "Allerlei vom Wochenende",
        "Am Samstag waren wir auf dem Markt, dann im Kino und abends bei Freunden. "
        "Sonntag haben wir lange geschlafen, gefrühstückt, den Keller aufgeräumt und dabei die Heizung "
        "kurz angeschaut. Danach ging es in den Wald, zum Spielplatz und am Ende noch zum Bäcker.",
    )
    start_thread("Fenster tauschen", "Neue Fenster sind drin. Die alte Wärmepumpe bleibt noch.")
    start_thread("Endlich warm", "Seit Montag läuft die neue Wärmepumpe ohne Probleme.")
    start_thread("Besuch am Abend", "Im Teich in unserem Garten wohnen jetzt Frösche.")
    write_article("Die Straße gehört allen", "Warum Autos nicht die ganze Straße brauchen.")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Baum", "Unser Apfelbaum trägt nicht"),
        ("Bäume", "Unser Apfelbaum trägt nicht"),
        ("Verein", "Mitgliedsbeitrag"),
        ("Vereinen", "Mitgliedsbeitrag"),
        ("Beitrag", "Mitgliedsbeitrag"),
    ],
)
def test_inflected_forms_find_each_other(client, corpus, query, expected):
    assert expected in titles(search(client, query))


@pytest.mark.parametrize("query", ["Käse", "Kaese", "KÄSE"])
def test_umlaut_spellings_find_each_other(client, corpus, query):
    assert titles(search(client, query)) == ["Käse selbst machen"]


@pytest.mark.parametrize("query", ["Straße", "Strasse"])
def test_sharp_s_and_double_s_find_each_other(client, corpus, query):
    assert set(titles(search(client, query))) == {"Parken vor dem Haus", "Die Straße gehört allen"}


def test_part_of_a_compound_finds_the_compound(client, corpus):
    assert set(titles(search(client, "Kette"))) == {"Fahrradkette rostet", "Quietschen beim Treten"}


def test_compound_finds_its_parts_written_apart(client, corpus):
    assert set(titles(search(client, "Fahrradkette"))) == {"Fahrradkette rostet", "Quietschen beim Treten"}


@pytest.mark.parametrize("query", ["Gartenteich", "Gartenteiche"])
def test_compound_finds_its_parts_written_apart_and_inflected(client, corpus, query):
    assert titles(search(client, query)) == ["Besuch am Abend"]


def test_plural_of_a_compound_finds_its_parts(client, corpus):
    assert "Quietschen beim Treten" in titles(search(client, "Fahrradketten"))


def test_beginning_of_a_compound_finds_the_compound(client, corpus):
    assert titles(search(client, "Sauerteig")) == ["Sauerteigbrot backen"]


def test_stop_words_and_question_words_are_ignored(client, corpus):
    assert titles(search(client, "Wie kann ich am besten Sauerteigbrot backen?")) == ["Sauerteigbrot backen"]


def test_misspelt_word_gets_a_suggestion_and_its_results(client, corpus):
    response = search(client, "Fahhrad")
    assert response.context["results"].suggestion == "Fahrrad"
    assert "Meintest du" in response.content.decode()
    assert set(titles(response)) == {"Fahrradkette rostet", "Quietschen beim Treten"}
    assert response.context["search_query"] == "Fahhrad"


def test_misspelt_word_in_a_longer_query_is_corrected(client, corpus):
    response = search(client, "Sauerteigbrott backen")
    assert response.context["results"].suggestion == "Sauerteigbrot backen"
    assert titles(response) == ["Sauerteigbrot backen"]


def test_exact_phrase_finds_only_the_words_in_order(client, corpus):
    assert titles(search(client, '"Kette am Fahrrad"')) == ["Quietschen beim Treten"]


def test_excluded_word_leaves_out_results(client, corpus):
    assert titles(search(client, "Kette -Rost")) == ["Quietschen beim Treten"]


@pytest.mark.parametrize("word", ["oder", "OR"])
def test_either_word_with_oder(client, corpus, word):
    assert set(titles(search(client, f"Käse {word} Sauerteigbrot"))) == {"Käse selbst machen", "Sauerteigbrot backen"}


def test_title_ranks_above_a_passing_mention_in_a_long_text(client, corpus):
    assert titles(search(client, "Heizung")) == ["Heizung entlüften", "Allerlei vom Wochenende"]


def test_words_in_a_row_rank_above_scattered_words(client, corpus):
    assert titles(search(client, "neue Wärmepumpe")) == ["Endlich warm", "Fenster tauschen"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Backup", "Fotos sichern"),
        ("Cloud", "Fotos sichern"),
        ("3-2-1", "Fotos sichern"),
        ("E-Bike", "Reichweite im Winter"),
        ("e.V.", "Satzung gesucht"),
        ("DSGVO", "Satzung gesucht"),
    ],
)
def test_loanwords_and_abbreviations_are_found_as_typed(client, corpus, query, expected):
    assert titles(search(client, query)) == [expected]


def test_snippet_highlights_the_matched_word(client, corpus):
    hit = search(client, "Rohmilch").context["hits"][0]
    assert "<mark>Rohmilch</mark>" in hit.snippet


def test_no_result_with_all_words_shows_results_with_some(client, corpus):
    response = search(client, "Käse Raumschiff")
    assert titles(response) == ["Käse selbst machen"]
    assert response.context["results"].loose
