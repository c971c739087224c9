"""Checks on text before it is analysed: clean what would break it, warn about what skews it.

Two kinds of result, both plain-language strings a reader can act on:

* :func:`clean_text` returns *notices*: something in the text had to be changed or dropped
  (invisible control characters, byte-order marks, zero-width spaces, direction overrides).
* :func:`text_warnings` returns *warnings*: the text is analysed as it is, but some figures may
  mislead (not English, no sentence punctuation, one enormous paragraph, unbalanced quotation
  marks, HTML source pasted as text).

The language check is deliberately light (no extra package): English prose is full of short
function words ("the", "of", "and", "to", "said"…). In 982 English news articles of the project's
development data they were at least 20% of the words (median 43%; at least 11.9% in every
60-word stretch), in French, German, Spanish, Italian, Dutch and Portuguese paragraphs at most
7.4%. Text in a script other than the Latin alphabet is recognised from its letters.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter
from collections.abc import Iterable

from analysis.byteshape import NON_SPACES_AS_A, non_ascii_characters, without_unjoined_apostrophes

MIN_WORDS_FOR_LANGUAGE_CHECK = 20
"""Shorter texts are not checked for language: a few words say too little. (Scripts written
without spaces, such as Chinese, are checked from 20 letters.)"""
MIN_ENGLISH_FUNCTION_SHARE = 0.10
"""Below this share of common English words a text is reported as probably not English: between
the 7.4% of the other languages measured and the 11.9% of the least English-like 60 words of
news."""
MIN_LATIN_LETTER_SHARE = 0.5
"""Below this share of Latin letters (among all letters) a text is reported as not English."""
MIN_WORDS_FOR_PUNCTUATION_CHECK = 60
"""A text this long without any full stop, question or exclamation mark has lost its sentences."""
LONG_PARAGRAPH_WORDS = 1_500
"""A single paragraph longer than this suggests the line breaks were lost."""

_FUNCTION_WORDS = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own said same says she should so some such than that the their theirs
    them themselves then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours yourself
    yourselves it's don't didn't isn't wasn't can't won't he's she's they're we're i'm there's
    that's who's what's let's also however although though since still yet must may might shall
"""
ENGLISH_FUNCTION_WORDS: frozenset[str] = frozenset(_FUNCTION_WORDS.split())
"""Common English words that carry grammar rather than topic; about half of English prose."""

_CONTROL_KEPT = frozenset("\n\t")
_LINE_BREAKS = {
    "\r\n": "\n",
    "\r": "\n",
    "\x0b": "\n",  # vertical tab
    "\x0c": "\n",  # form feed (page break in text exports)
    "\x85": "\n",  # next line
    "\u2028": "\n",  # line separator
    "\u2029": "\n",  # paragraph separator
}
_LINE_BREAK_RE = re.compile("|".join(re.escape(k) for k in _LINE_BREAKS))
_INVISIBLE = {
    "\ufeff": "byte-order mark",
    "\u200b": "zero-width space",
    "\u2060": "word joiner",
    "\u00ad": "soft hyphen",
    "\u180e": "Mongolian vowel separator",
}
"""Invisible characters that only split or glue words wrongly; removed. Zero-width joiners and
non-joiners (emoji sequences, Persian and Indic scripts) and left-to-right / right-to-left marks
are kept: they are part of correct text."""
_DIRECTION_OVERRIDES = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Bidirectional embeddings, overrides and isolates: they can make text display in an order
different from the order it is read and analysed in; removed."""

_DOUBLE_MARKS = ("“", "”", '"', "„", "«", "»")
_OPENING_DOUBLE_MARKS = ("“", '"', "„", "«")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_END_RE = re.compile(r"[.!?…。！？]")
_TAG_RE = re.compile(
    r"<(?:!doctype\s+html|html|head|body|p|div|span|a\s+href|br|script|style|meta|article|"
    r"section|h[1-6]|li|ul|img|table|td|tr|iframe|figure|header|footer|nav)\b[^<>]*>",
    re.IGNORECASE,
)
_CLOSING_TAG_RE = re.compile(r"</(?:p|div|span|a|html|body|head|h[1-6]|li|article|section)>", re.I)
_ENTITY_RE = re.compile(r"&(?:[a-z]{2,8}|#\d{2,6}|#x[0-9a-f]{2,5});", re.IGNORECASE)


def clean_text(text: str) -> tuple[str, list[str]]:
    """Remove what would break the analysis or the display, and say what was removed.

    Line endings become ``\\n`` (also form feeds, vertical tabs and Unicode line and paragraph
    separators); control characters other than line breaks and tabs, byte-order marks, zero-width
    spaces, word joiners, soft hyphens and text-direction overrides are removed; invalid
    characters (unpaired surrogates) become U+FFFD; the text is put in Unicode normal form NFC, so
    an accented letter typed as letter plus accent is one character.

    Args:
        text: The text as received.

    Returns:
        The cleaned text and plain-language notices, one per kind of change that dropped or
        replaced something (none when nothing was dropped).
    """
    notices: list[str] = []
    text = _LINE_BREAK_RE.sub(lambda m: _LINE_BREAKS[m.group()], text)

    surrogates = sum(1 for c in text if 0xD800 <= ord(c) <= 0xDFFF)
    if surrogates:
        text = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
        notices.append(
            f"{_count(surrogates, 'invalid character')} (broken encoding) replaced with �."
        )

    nul = text.count("\x00")
    controls = sum(1 for c in text if _is_control(c) and c != "\x00")
    invisible: dict[str, int] = {}
    overrides = 0
    kept: list[str] = []
    for char in text:
        if _is_control(char):
            continue
        if char in _INVISIBLE:
            invisible[_INVISIBLE[char]] = invisible.get(_INVISIBLE[char], 0) + 1
            continue
        if char in _DIRECTION_OVERRIDES:
            overrides += 1
            continue
        kept.append(char)
    if nul or controls or invisible or overrides:
        text = "".join(kept)
    if nul:
        notices.append(f"{_count(nul, 'NUL character')} (zero bytes) removed.")
    if controls:
        notices.append(f"{_count(controls, 'invisible control character')} removed.")
    if invisible:
        described = ", ".join(_count(n, name) for name, n in sorted(invisible.items()))
        notices.append(f"Invisible characters removed: {described}.")
    if overrides:
        notices.append(
            f"{_count(overrides, 'text-direction control character')} removed "
            "(they can make text display in a different order from how it reads)."
        )
    return unicodedata.normalize("NFC", text), notices


def _is_control(char: str) -> bool:
    code = ord(char)
    return (code < 0x20 and char not in _CONTROL_KEPT) or 0x7F <= code <= 0x9F


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def looks_like_html(text: str, word_count: int | None = None) -> bool:
    """Return whether the text looks like the HTML source of a page rather than article text.

    Args:
        text: Pasted or uploaded text.
        word_count: The number of words in ``text`` when the caller has counted them already.

    Returns:
        True when the text starts with a doctype or ``<html>``, or has many HTML tags or entities
        for its length (a stray ``<p>`` or ``&amp;`` in an article is not enough).
    """
    if "<" not in text:  # a doctype and every tag open with "<"
        return False
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:5000].lower():
        return True
    if text.count("<") < 5:  # every tag opens with "<": too few to be a page
        return False
    tags = len(_TAG_RE.findall(text)) + len(_CLOSING_TAG_RE.findall(text))
    entities = len(_ENTITY_RE.findall(text))
    if tags < 5:
        return False
    words = max(len(_WORD_RE.findall(text)) if word_count is None else word_count, 1)
    return (tags + entities / 4) / words > 0.02


def english_share(text: str) -> tuple[float, float, int]:
    """Measure how English-looking a text is.

    Args:
        text: Any text.

    Returns:
        ``(latin_share, function_share, words)``: the share of letters that are Latin, the share
        of words that are common English function words, and the number of words counted.
    """
    utf8 = _utf8(text)
    letters, latin = _letter_counts(text, utf8)
    shape = _word_shape(utf8)
    if shape is None:
        found = _WORD_RE.findall(text)
        words, function = len(found), _function_word_count(found)
    else:
        found_words = shape.split()
        words, function = len(found_words), sum(map(_FUNCTION_WORD_BYTES.__contains__, found_words))
    return (
        latin / letters if letters else 1.0,
        function / words if words else 0.0,
        words,
    )


# The language and paragraph checks count the words of _WORD_RE, and the function words among
# them, in a "word shape" of the text made with bytes operations, which run in C: several times
# faster than the regular expression and a Python loop over its words, with the same counts (a test
# checks). The shape is the text's UTF-8 with each letter (a character of _LETTER_RE) as a
# lower-case ASCII letter, or "_" when its lower case is no ASCII letter (so no function word),
# an apostrophe that joins two letters as "'", and every other character as spaces.

_ASCII_LETTER_BYTES = string.ascii_letters.encode("ascii")
_LETTER_RE = re.compile(r"[^\W\d_]")
"""One character of a word of ``_WORD_RE``."""
_FUNCTION_WORD_BYTES = frozenset(word.encode("ascii") for word in ENGLISH_FUNCTION_WORDS)
_OTHER_LETTER = b"\xff"
"""Stands for a letter whose lower case is no ASCII letter; never a byte of UTF-8."""


def _word_shape_table() -> bytes:
    """Return the ``bytes.translate`` table that makes a word shape of UTF-8 with stand-ins.

    ASCII letters are lower-cased, apostrophes kept, ``_OTHER_LETTER`` made "_", and every other
    byte a space.
    """
    table = bytearray(b" " * 256)
    for letter in string.ascii_letters:
        table[ord(letter)] = ord(letter.lower())
    table[ord("'")] = ord("'")
    table[ord(_OTHER_LETTER)] = ord("_")
    return bytes(table)


_WORD_SHAPE_TABLE = _word_shape_table()
_MAX_STAND_IN_KINDS = 50
"""With more kinds of non-ASCII letters than this, words are found with ``_WORD_RE`` (each kind
costs a pass over the text)."""


def _utf8(text: str) -> tuple[bytes, str]:
    """Return the text in UTF-8 (unpaired surrogates kept) and its non-ASCII characters."""
    encoded = text.encode("utf-8", "surrogatepass")
    if text.isascii():
        return encoded, ""
    return encoded, non_ascii_characters(encoded)


def _letter_counts(text: str, utf8: tuple[bytes, str] | None = None) -> tuple[int, int]:
    """Return how many characters of ``text`` are letters, and how many of those are Latin.

    Only non-ASCII characters are looked at one by one.

    Args:
        text: Any text.
        utf8: ``_utf8(text)`` when the caller has it.
    """
    encoded, non_ascii = utf8 or _utf8(text)
    ascii_letters = len(encoded) - len(encoded.translate(None, _ASCII_LETTER_BYTES))
    other_letters = [c for c in non_ascii if c.isalpha()]
    latin = ascii_letters + sum(1 for c in other_letters if _is_latin(c))
    return ascii_letters + len(other_letters), latin


def _is_latin(char: str) -> bool:
    if char.isascii():
        return True
    try:
        return unicodedata.name(char).startswith("LATIN")
    except ValueError:
        return False


def _word_shape(utf8: tuple[bytes, str]) -> bytes | None:
    """Return the word shape of a text (see above), or None when it has too many kinds of letters.

    Args:
        utf8: ``_utf8(text)``.
    """
    shape, non_ascii = utf8
    if non_ascii:
        stand_ins = [
            (char, _stand_in(char))
            for char in set(non_ascii)
            if char == "’" or _LETTER_RE.match(char)
        ]
        if len(stand_ins) > _MAX_STAND_IN_KINDS:
            return None
        for char, stand_in in stand_ins:
            shape = shape.replace(char.encode("utf-8", "surrogatepass"), stand_in)
    shape = shape.translate(_WORD_SHAPE_TABLE)
    if b"'" in shape:
        # An apostrophe joins letters only between two of them: once pairs are gone, the ones
        # next to a space go, and those at either end.
        shape = without_unjoined_apostrophes(shape).strip(b"'")
    return shape


def _stand_in(char: str) -> bytes:
    """Return what "’" or a non-ASCII letter becomes before a text's UTF-8 is made a word shape.

    An apostrophe for "’", which ``_WORD_RE`` takes as one; for a letter, its lower case when that
    is ASCII letters (the Kelvin sign is a "k"), else ``_OTHER_LETTER``.
    """
    if char == "’":
        return b"'"
    lowered = char.lower()
    return lowered.encode("ascii") if lowered.isascii() and lowered.isalpha() else _OTHER_LETTER


def _word_total(text: str, shape: bytes | None) -> int:
    """Return how many words ``_WORD_RE`` finds in the text, from its word shape if there is one."""
    if shape is None:
        return len(_WORD_RE.findall(text))
    # A word starts wherever a space is followed by anything else.
    return (b" " + shape.translate(NON_SPACES_AS_A)).count(b" a")


def _function_share_reaches(text: str, shape: bytes | None, words: int, share: float) -> bool:
    """Return whether function words make at least ``share`` of the text's ``words`` words.

    Function words are counted from the start, in growing chunks, and only until they are enough:
    in English that is after a few hundred words, however long the text.
    """
    if shape is None:
        return _function_word_count(_WORD_RE.findall(text)) / words >= share
    counted = 0
    rest = shape
    chunk = 256
    while rest:
        found = rest.split(None, chunk)
        rest = found.pop() if len(found) > chunk else b""
        counted += sum(map(_FUNCTION_WORD_BYTES.__contains__, found))
        if counted / words >= share:
            return True
        chunk *= 2
    return False


def _function_word_count(words: list[str]) -> int:
    """Return how many of the words, lower-cased with straight apostrophes, are function words."""
    return sum(
        count
        for word, count in Counter(words).items()
        if word.lower().replace("’", "'") in ENGLISH_FUNCTION_WORDS
    )


def text_warnings(text: str) -> list[str]:
    """Warn about text the analysis will handle but whose figures may mislead.

    Args:
        text: The article text (body, or headline and body).

    Returns:
        Plain-language warnings, possibly none: probably not English (the lexicons and the tone
        model are English-only), HTML source rather than article text, no sentence punctuation,
        one enormous paragraph, quotation marks that do not pair up.
    """
    warnings: list[str] = []
    utf8 = _utf8(text)
    letters, latin_letters = _letter_counts(text, utf8)
    shape = _word_shape(utf8)
    words = _word_total(text, shape)
    if words >= MIN_WORDS_FOR_LANGUAGE_CHECK or letters >= MIN_WORDS_FOR_LANGUAGE_CHECK:
        if (latin_letters / letters if letters else 1.0) < MIN_LATIN_LETTER_SHARE:
            warnings.append(
                "Most of this text is not in the Latin alphabet, so it is probably not English: "
                "the tone, loaded-language and readability measures are English-only and their "
                "figures here mean little."
            )
        elif words >= MIN_WORDS_FOR_LANGUAGE_CHECK and not _function_share_reaches(
            text, shape, words, MIN_ENGLISH_FUNCTION_SHARE
        ):
            warnings.append(
                "This text does not look like English (few common English words such as "
                "'the', 'of', 'and'): the tone, loaded-language and readability measures are "
                "English-only and their figures here mean little."
            )
    if looks_like_html(text, words):
        warnings.append(
            "This looks like the HTML source of a web page, not article text: extract the "
            "article from the HTML first, or copy the text from the page as displayed."
        )
    if words >= MIN_WORDS_FOR_PUNCTUATION_CHECK and not _SENTENCE_END_RE.search(text):
        warnings.append(
            f"{words:,} words without a single full stop, question or exclamation mark: "
            "sentence boundaries cannot be found, so per-sentence tone and readability "
            "treat whole lines as sentences."
        )
    # A paragraph of n words has at least n characters, and so at least n bytes of UTF-8: only
    # long ones need counting.
    if max(map(len, utf8[0].split(b"\n"))) > LONG_PARAGRAPH_WORDS:
        longest = max(
            (
                _word_total(line, _word_shape(_utf8(line)))
                for line in text.split("\n")
                if len(line) > LONG_PARAGRAPH_WORDS
            ),
            default=0,
        )
        if longest > LONG_PARAGRAPH_WORDS:
            warnings.append(
                f"One paragraph has {longest:,} words: the paragraph breaks may have been lost. "
                "Quotations and captions are recognised per paragraph, so check them."
            )
    if _some_line_has_odd_double_marks(text, utf8[1]):
        warnings.extend(_quote_mark_warnings(text))
    return warnings


def _some_line_has_odd_double_marks(text: str, non_ascii: str) -> bool:
    """Return whether a line of the text has an odd number of double quotation marks.

    A cheap test first, as most texts have none: then there is nothing to warn about.

    Args:
        text: Any text.
        non_ascii: Its non-ASCII characters (only the kinds of marks found there are looked for).
    """
    for mark in _DOUBLE_MARKS:
        if mark != '"' and mark in non_ascii:
            text = text.replace(mark, '"')
    # Each line has an even number of marks exactly when there is an even number in all and
    # every mark of odd rank (the 1st, 3rd...) has the next one on its line.
    pieces = text.split('"')
    return len(pieces) % 2 == 0 or "\n" in "".join(pieces[1::2])


def _quote_mark_warnings(text: str) -> Iterable[str]:
    """Warn once when quotation marks do not pair up within paragraphs.

    Double quotation marks (curly, straight, low or angle: sources mix them) are counted per
    paragraph; an odd count is unpaired unless the next paragraph opens with a quotation mark
    again, the usual way to quote several paragraphs. Single marks are not counted: they double
    as apostrophes.
    """
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    unpaired = 0
    for number, paragraph in enumerate(paragraphs):
        marks = sum(paragraph.count(mark) for mark in _DOUBLE_MARKS)
        following = paragraphs[number + 1] if number + 1 < len(paragraphs) else ""
        if marks % 2 and not following.startswith(_OPENING_DOUBLE_MARKS):
            unpaired += 1
    if unpaired:
        yield (
            f"Quotation marks do not pair up in {_count(unpaired, 'paragraph')}: some "
            "quotations may be cut short or run on, so check the highlighted quotes."
        )
