"""Word tokens, normalisation and a light stemmer shared by the comparison modules.

Everything here works on character offsets into the original text so that every result can be
shown as a span. Normalisation folds case, curly apostrophes, dots in abbreviations ("U.S." and
"US" → "usa"), thousands separators ("124,000" → "124000"), small number words ("two" → "2")
and a few abbreviations ("Gen." → "general"), so that two outlets writing the same thing
differently still produce the same tokens.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

TOKEN_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\w+(?:[’'.\-]\w+)*", re.UNICODE)
"""A word: letters/digits joined by inner apostrophes, dots or hyphens; or a number with commas."""

NUMBER_WORDS: dict[str, str] = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "thirteen": "13",
    "fourteen": "14",
    "fifteen": "15",
    "sixteen": "16",
    "seventeen": "17",
    "eighteen": "18",
    "nineteen": "19",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "hundred": "100",
    "thousand": "1000",
    "million": "1000000",
}

ABBREVIATIONS: dict[str, str] = {
    "gen": "general",
    "lt": "lieutenant",
    "col": "colonel",
    "sgt": "sergeant",
    "adm": "admiral",
    "sec": "secretary",
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "pres": "president",
    "dept": "department",
    "mr": "mr",
    "jan": "january",
    "feb": "february",
    "mar": "march",
    "apr": "april",
    "aug": "august",
    "sep": "september",
    "sept": "september",
    "oct": "october",
    "nov": "november",
    "dec": "december",
}

_STOPWORD_TEXT = """
    a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each even ever every few for from further had hadn't has
    hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his
    how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just let's may
    me might more most mr mrs ms much must mustn't my myself no nor not now of off on once only
    or other others our ours ourselves out over own per rather same shan't she she'd she'll
    she's should shouldn't since so some such than that that's the their theirs them themselves
    then there there's these they they'd they'll they're they've this those though through thus
    to too under until up upon us very via was wasn't we we'd we'll we're we've were weren't
    what what's when when's where where's whether which while who who's whom whose why why's
    will with won't would wouldn't yet you you'd you'll you're you've your yours yourself
    yourselves said says say saying told according also
"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORD_TEXT.split())
"""Function words and attribution verbs ignored by content-word comparisons."""


class Token(NamedTuple):
    """One word of a text with its offsets and normalised form.

    A named tuple rather than a dataclass: the comparison makes one per word of every compared
    article, and tuples are several times cheaper to build.
    """

    start: int
    end: int
    surface: str
    norm: str
    """Case-folded, apostrophe-, number- and abbreviation-normalised form."""


@lru_cache(maxsize=65536)
def normalise_word(surface: str) -> str:
    """Return the normalised form of one word token.

    Args:
        surface: The word as written.

    Returns:
        Lower-case form with curly apostrophes straightened, a possessive "'s" dropped, dots and
        thousands separators removed, "US"/"U.S." as "usa", number words as digits and known
        abbreviations expanded.
    """
    if surface.replace(".", "") in ("US", "USA"):
        return "usa"
    word = surface.lower().replace("’", "'")
    if word.endswith("'s") and len(word) > 2:
        word = word[:-2]
    elif word.endswith("s'"):
        word = word[:-1]
    if word[:1].isdigit():
        return word.replace(",", "")
    word = word.replace(".", "")
    return NUMBER_WORDS.get(word) or ABBREVIATIONS.get(word) or word


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Return the word tokens of ``text[start:end]`` with offsets into ``text``.

    Args:
        text: The whole text.
        start: Where to start looking.
        end: Where to stop (exclusive); the end of the text by default.

    Returns:
        Tokens in order.
    """
    stop = len(text) if end is None else end
    new, norm = tuple.__new__, normalise_word  # tuple.__new__: Token(...) without a Python call
    return [
        new(Token, (*m.span(), word, norm(word)))
        for m in TOKEN_RE.finditer(text, start, stop)
        for word in (m.group(),)
    ]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return a light stem of a normalised word (plural, -ing, -ed, -ly and similar endings).

    A deliberately small suffix stripper, not Porter: it only has to make "coordinated",
    "coordinating" and "coordinate" meet, and "troops"/"troop", "killed"/"kills".

    Args:
        word: A normalised (lower-case) word.

    Returns:
        The stem; words of four letters or fewer are returned unchanged.
    """
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix, replacement in (
        ("ational", "ate"),
        ("ization", "ize"),
        ("ations", "ate"),
        ("ation", "ate"),
        ("ically", "ic"),
        ("ously", "ous"),
        ("ists", ""),
        ("isms", ""),
        ("ist", ""),
        ("ism", ""),
        ("ics", ""),
        ("ic", ""),
        ("ments", ""),
        ("ment", ""),
        ("ness", ""),
        ("ings", ""),
        ("ing", ""),
        ("ies", "y"),
        ("ied", "y"),
        ("edly", ""),
        ("ed", ""),
        ("ly", ""),
        ("ers", "er"),
        ("es", "e"),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            base = word[: len(word) - len(suffix)] + replacement
            return base[:-1] if base.endswith("e") and len(base) > 4 else base
    return word[:-1] if word.endswith("e") else word


@lru_cache(maxsize=65536)
def is_content(norm: str) -> bool:
    """Return whether a normalised token carries content (not a stopword, not punctuation)."""
    return bool(norm) and norm not in STOPWORDS and any(ch.isalnum() for ch in norm)


@lru_cache(maxsize=65536)
def _content_stem(norm: str) -> str | None:
    """Return the stem of a content word, None for any other word."""
    return stem(norm) if is_content(norm) else None


def content_stems(tokens: list[Token]) -> list[str]:
    """Return the stems of the content tokens, in order."""
    return [s for s in map(_content_stem, [t.norm for t in tokens]) if s is not None]
