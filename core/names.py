"""Names compared as a reader sees them: `name_skeleton("аdmin") == name_skeleton("ADMIN")`.

A skeleton (after Unicode's UTS #39) is the text after NFKC normalisation (fullwidth and other compatibility
forms), without default-ignorable format characters (zero-width spaces and joiners, direction marks, soft
hyphens), casefolded, with every character that Unicode lists as confusable with another replaced by that one
(Cyrillic "а" by Latin "a", "0" by "O", "m" by "rn") and runs of white space collapsed. Two names with the same
skeleton look alike. The confusables come from Unicode's confusables.txt as packaged by `confusable_homoglyphs`.
"""

import functools
import unicodedata

# Stored in an indexed column (accounts.User): long enough for any name, short enough for an index.
SKELETON_MAX_LENGTH = 255


@functools.cache
def _confusable_table():
    """{code point: prototype} from confusable_homoglyphs' data. The package stores each source character with its
    one prototype and each prototype with all its sources; where two characters only name each other, either may
    be the prototype, so both map to the smaller one."""
    from confusable_homoglyphs.confusables import confusables_data

    def plain(text):
        return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")  # the data wraps RTL text in marks

    table = {}
    for key, glyphs in confusables_data.items():
        source = plain(key)
        if len(source) != 1 or len(glyphs) != 1:
            continue  # a prototype with several sources (or a sequence): it stays as it is
        prototype = plain(glyphs[0]["c"])
        if len(confusables_data.get(glyphs[0]["c"], ())) == 1 and len(prototype) == 1:
            prototype = min(source, prototype)  # two characters that only name each other
        if prototype != source:
            table[ord(source)] = prototype
    return table


def name_skeleton(name: str) -> str:
    text = unicodedata.normalize("NFKC", name or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) not in {"Cf", "Cc"}).casefold()
    text = unicodedata.normalize("NFD", text).translate(_confusable_table())
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.split())[:SKELETON_MAX_LENGTH]
