"""What the reader typed, as terms: `"exact phrase"`, `-exclude`, `oder`/`OR`, stop words dropped.

Pure Python, no database: the engine (search/engine.py) turns the terms into a tsquery (PostgreSQL) or word
matches (SQLite). Any input is accepted; what cannot be a search term is dropped, so a hostile query is an empty one.
"""

import re
import unicodedata
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_EXCLUDED = 5

# PostgreSQL's German stop words (tsearch_data/german.stop, from Snowball). The documents keep umlaut stop words
# as lexemes ("für" becomes "fur" after unaccent, so the stemmer no longer knows it), the query drops them here.
STOP_WORDS = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm andern
    anderr anders auch auf aus bei bin bis bist da damit dann der den des dem die das daß dass derselbe derselben
    denselben desselben demselben dieselbe dieselben dasselbe dazu dein deine deinem deinen deiner deines denn derer
    dessen dich dir du dies diese diesem diesen dieser dieses doch dort durch ein eine einem einen einer eines einig
    einige einigem einigen einiger einiges einmal er ihn ihm es etwas euer eure eurem euren eurer eures für gegen
    gewesen hab habe haben hat hatte hatten hier hin hinter ich mich mir ihr ihre ihrem ihren ihrer ihres euch im in
    indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner
    keines können könnte machen man manche manchem manchen mancher manches mein meine meinem meinen meiner meines mit
    muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich
    sie ihnen sind so solche solchem solchen solcher solches soll sollte sondern sonst über um und uns unse unsem
    unsen unser unses unter viel vom von vor während war waren warst was weg weil weiter welche welchem welchen
    welcher welches wenn werde werden wie wieder will wir wird wirst wo wollen wollte würde würden zu zum zur zwar
    zwischen
    """.split()
)
# Words of a question that say nothing about its subject ("wie kann ich am besten …", "gibt es eine gute …").
QUESTION_WORDS = frozenset(
    """
    wer wem wen wessen warum wieso weshalb woher wohin womit wofür worauf woran wann welches kann könnt könnten
    kannst muss müssen müsste sollte sollten gibt gab geht klappt funktioniert best beste besten bester bestes
    gut gute guten guter gutes am eigentlich genau richtig richtige richtigen tipp tipps hilfe frage fragen bitte
    jemand irgendwie einfach schon mal
    """.split()
)
OR_WORDS = frozenset({"oder", "or", "|"})

TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# Inside a word: letters, digits and the joiners of "e.V.", "E-Bike", "3-2-1"; everything else separates words.
NOT_WORD = re.compile(r"[^\w.\-]|_")
EDGE_JOINERS = ".-"
SIMPLE_WORD = re.compile(r"^[^\W_]+$")


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False  # a quoted phrase, or a word with joiners ("e.V", "E-Bike"): matched in order

    @property
    def is_word(self):
        return not self.phrase


@dataclass
class ParsedQuery:
    text: str  # the normalised query: what the box shows again and the search log records
    groups: list = field(default_factory=list)  # all groups must match; within a group any term (oder/OR)
    excluded: list = field(default_factory=list)
    dropped_stop_words: bool = False

    @property
    def is_empty(self):
        return not self.groups

    @property
    def terms(self):
        return [term for group in self.groups for term in group]

    @property
    def has_or(self):
        return any(len(group) > 1 for group in self.groups)


def normalise(raw) -> str:
    """NFC, no control or format characters (NUL included), single spaces, at most MAX_QUERY_LENGTH characters."""
    if not isinstance(raw, str):
        return ""
    text = unicodedata.normalize("NFC", raw[: MAX_QUERY_LENGTH * 4])
    text = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def clean_word(token: str) -> list[str]:
    """The words in a token: "(Käse)" → ["Käse"], "e.V." → ["e.V"], "a&b" → ["a", "b"], "&|!" → []."""
    words = []
    for part in NOT_WORD.sub(" ", token).split():
        part = part.strip(EDGE_JOINERS)
        if part and any(char.isalnum() for char in part):
            words.append(part)
    return words


def parse(raw) -> ParsedQuery:
    text = normalise(raw)
    query = ParsedQuery(text=text)
    join_next = False
    for match in TOKEN.finditer(text):
        negated, phrase, plain = match.group(1), match.group(2), match.group(3)
        if plain is not None:
            if plain.casefold() in OR_WORDS:
                join_next = bool(query.groups)
                continue
            negated = plain.startswith("-") and len(plain) > 1
            words = clean_word(plain[1:] if negated else plain)
            if not words:
                continue
            terms = [_word_term(word) for word in words]
        else:
            words = clean_word(phrase)
            if not words:
                continue
            terms = [Term(" ".join(words), phrase=True) if len(words) > 1 else _word_term(words[0])]
        if negated:
            query.excluded.extend(terms)
            continue
        for term in terms:
            if term.is_word and term.text.casefold() in STOP_WORDS:
                query.dropped_stop_words = True
                continue
            if join_next and query.groups:
                query.groups[-1].append(term)
            else:
                query.groups.append([term])
            join_next = False
    # Question words go when something else remains: "Wie kann ich am besten Sauerteig ansetzen?".
    subject = [[term for term in group if not _is_question_word(term)] for group in query.groups]
    if any(subject):
        query.dropped_stop_words |= subject != query.groups
        query.groups = [group for group in subject if group]
    query.groups = [_unique(group) for group in query.groups][:MAX_TERMS]
    query.excluded = _unique(query.excluded)[:MAX_EXCLUDED]
    return query


def _word_term(word):
    return Term(word, phrase=not SIMPLE_WORD.match(word))


def _is_question_word(term):
    return term.is_word and term.text.casefold() in QUESTION_WORDS


def _unique(terms):
    seen, unique = set(), []
    for term in terms:
        key = (term.text.casefold(), term.phrase)
        if key not in seen:
            seen.add(key)
            unique.append(term)
    return unique


UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue"}


def spelling_variants(word: str) -> list[str]:
    """The word as typed and in the other umlaut spelling: "Käse" ↔ "Kaese", "Müller" ↔ "Mueller" (ß and ss meet in
    the database through `unaccent`)."""
    lower = word.casefold()
    variants = [lower]
    if any(char in lower for char in UMLAUTS):
        spelled = lower
        for umlaut, pair in UMLAUTS.items():
            spelled = spelled.replace(umlaut, pair)
        variants.append(spelled)
    elif any(pair in lower for pair in UMLAUTS.values()):
        spelled = lower
        for umlaut, pair in UMLAUTS.items():
            spelled = spelled.replace(pair, umlaut)
        variants.append(spelled)
    return variants
