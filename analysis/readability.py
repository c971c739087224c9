"""Readability indices from textstat's counts and the project's own sentence split.

textstat's formulas divide by its own sentence count, which ends a sentence at every period
("Gen. Mark Milley met U.S. officials on Sept. 1" is three sentences to it) and ignores sentences
of one or two words. Here textstat supplies only what it counts well (words, syllables, letters,
polysyllables, difficult words), per sentence of the caller's segmentation, and each index is its
standard formula with textstat's constants applied to those counts and the caller's sentence
count.

Offline use: textstat counts syllables with the CMU Pronouncing Dictionary from NLTK and calls
``nltk.download('cmudict')`` when NLTK cannot find it. :func:`ensure_offline_cmudict` puts the copy
shipped in ``analysis/data/nltk_data`` first on ``nltk.data.path`` and gives textstat a fast reader
of that file, so no download can be attempted (see ``analysis/data/nltk_data/README.md``).
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from operator import attrgetter
from pathlib import Path

import nltk
import textstat
from textstat.backend.counts import _count_syllables
from textstat.backend.counts._count_syllables import count_syllables
from textstat.backend.utils.constants import RE_NONCONTRACTION_APOSTROPHE
from textstat.backend.validations._is_difficult_word import is_difficult_word

NLTK_DATA_DIR = Path(__file__).resolve().parent / "data" / "nltk_data"
"""The project's NLTK data folder; holds ``corpora/cmudict/cmudict``."""
CMUDICT_PATH = NLTK_DATA_DIR / "corpora" / "cmudict" / "cmudict"

MIN_SENTENCES_FOR_SMOG = 30
"""SMOG was calibrated on samples of 30 sentences; on fewer its grade is a rough estimate."""

HARD_SENTENCE_GRADE: float = 16.0
"""Flesch-Kincaid grade above which one sentence is marked as hard to read.

Grade 16 is the reading level of a US college senior: following the sentence comfortably takes
four years of university reading. It takes, for example, 30 words averaging 1.8 syllables, or 40
words averaging 1.6. Per-sentence grades spread far wider than a whole text's: on the seed
articles (whole-text grades 12.3 and 13.3) single sentences range up to grade 29 and the median
sentence is at 13.5, so a cut-off at a whole article's level (12-13) would mark half of all
sentences and point at nothing. At 16 the mark falls on 7 of 41 sentences of the SOFREP piece and
15 of 46 of the AP file (whose long photo captions count here), the sentences that really stand
out.
"""

_FLESCH_BASE = 206.835
_FLESCH_SENTENCE_LENGTH = 1.015
_FLESCH_SYLLABLES_PER_WORD = 84.6
_GUNNING_FOG_SYLLABLES = 3
"""textstat's English ``syllable_threshold``: Gunning's complex words have three or more."""
_DALE_CHALL_SYLLABLES = 0
"""textstat's Dale-Chall counts every word off the familiar-word list, whatever its length."""

_LANG = "en_US"
_NONCONTRACTION_APOSTROPHE_RE = re.compile(RE_NONCONTRACTION_APOSTROPHE)
_PUNCTUATION_BUT_APOSTROPHE_RE = re.compile(r"[^\w\s\']")
_NOT_WORD_CHARACTER_RE = re.compile(r"\W+")
_ASCII_PUNCTUATION_BUT_APOSTROPHE = bytes(
    code for code in range(128) if _PUNCTUATION_BUT_APOSTROPHE_RE.match(chr(code))
)
"""The ASCII characters that :data:`_PUNCTUATION_BUT_APOSTROPHE_RE` removes."""
_TYPOGRAPHIC_PUNCTUATION = ("“", "”", "‘", "—", "–", "…")
"""Punctuation of news text outside ASCII (``’`` is already ``'``, see :func:`_countable`)."""
_MAX_WORD_PROFILES = 200_000

_setup_lock = threading.Lock()
_offline_ready = False


def _line_key(line: str) -> str:
    """The word a cmudict line gives the pronunciation of (the text before the first space)."""
    return line[: line.find(" ")]


class SortedCmudict(Mapping[str, list[list[str]]]):
    """Read-only ``word -> pronunciations`` view of a sorted NLTK-format cmudict file.

    It answers exactly like ``nltk.corpus.cmudict.dict()`` (lower-case keys; each value is the
    list of pronunciations, each a list of phones, in file order) but finds a word by bisecting
    the sorted lines instead of parsing all 135,000 of them, which takes NLTK about 0.5-0.8 s.
    """

    def __init__(self, path: Path) -> None:
        """Read the file at ``path`` (lines ``WORD N PH ON ES``, sorted by ``WORD``).

        Args:
            path: The cmudict file in NLTK's format, sorted as ``scripts/build_cmudict.py``
                writes it.
        """
        self._lines = path.read_text(encoding="utf-8").splitlines()
        self._found: dict[str, list[list[str]]] = {}
        self._len: int | None = None

    def __getitem__(self, word: str) -> list[list[str]]:
        """Return the pronunciations of ``word`` (lower case, as NLTK's keys are).

        Raises:
            KeyError: If the dictionary has no such word.
        """
        found = self._found.get(word)
        if found is not None:
            return found
        key = word.upper()
        if key.lower() != word:
            raise KeyError(word)
        lines = self._lines
        # Bisecting with a key function spares building a list of 135,000 keys at start-up.
        index = bisect.bisect_left(lines, key, key=_line_key)
        pronunciations: list[list[str]] = []
        while index < len(lines) and _line_key(lines[index]) == key:
            pronunciations.append(lines[index].split()[2:])
            index += 1
        if not pronunciations:
            raise KeyError(word)
        # Bounded by the dictionary's 126,000 words; news vocabulary repeats.
        self._found[word] = pronunciations
        return pronunciations

    def __iter__(self) -> Iterator[str]:
        """Yield each word once, in lower case."""
        previous = None
        for key in map(_line_key, self._lines):
            if key != previous:
                previous = key
                yield key.lower()

    def __len__(self) -> int:
        """Return the number of distinct words."""
        if self._len is None:
            self._len = sum(1 for _ in self)
        return self._len


def _offline_get_cmudict(lang: str) -> Mapping[str, list[list[str]]] | None:
    """Stand in for textstat's ``get_cmudict``: the shipped dictionary for English, else None."""
    if lang.split("_")[0] != "en":
        return None
    return _shipped_cmudict()


@functools.cache
def _shipped_cmudict() -> SortedCmudict:
    return SortedCmudict(CMUDICT_PATH)


def ensure_offline_cmudict() -> None:
    """Make textstat count syllables from the shipped CMU dictionary, never downloading it.

    Two layers, so that a textstat upgrade that renames its internals still stays offline:

    1. ``analysis/data/nltk_data`` goes first on ``nltk.data.path``, so NLTK's own lookup
       (``nltk.data.find('corpora/cmudict')`` in textstat) finds the shipped corpus and textstat
       never reaches its ``nltk.download`` call.
    2. textstat's syllable counter is pointed at :class:`SortedCmudict` over the same file. This
       skips NLTK's 0.5-0.8 s parse and NLTK's lookup, which also refuses data folders that
       another account can write to (a group-writable checkout, umask 002) and would then
       download.

    Safe to call many times and from several threads.

    Raises:
        FileNotFoundError: If the shipped dictionary is missing.
    """
    global _offline_ready
    if _offline_ready:
        return
    with _setup_lock:
        if _offline_ready:
            return
        if not CMUDICT_PATH.is_file():
            raise FileNotFoundError(f"shipped CMU dictionary missing: {CMUDICT_PATH}")
        data_dir = str(NLTK_DATA_DIR)
        if data_dir in nltk.data.path:
            nltk.data.path.remove(data_dir)
        nltk.data.path.insert(0, data_dir)
        if hasattr(_count_syllables, "get_cmudict"):
            _count_syllables.get_cmudict = _offline_get_cmudict
            # A syllable count cached before the switch could come from another dictionary.
            _count_syllables.count_syllables.cache_clear()
        _offline_ready = True


def _countable(sentence: str) -> str:
    """Return ``sentence`` with typographic apostrophes made ASCII, as textstat expects.

    textstat keeps ``'`` in contractions but deletes ``’``, so "didn’t" would become "didnt",
    which is not in the CMU dictionary. A closing ``’`` quote is still removed as punctuation.
    """
    return sentence.replace("\u2019", "'")


@dataclass(frozen=True)
class SentenceCounts:
    """textstat's counts for one sentence: the inputs of every readability formula."""

    words: int = 0
    syllables: int = 0
    letters: int = 0
    polysyllables: int = 0
    complex_words: int = 0
    difficult_words: int = 0


_COUNT_NAMES = tuple(f.name for f in fields(SentenceCounts))


def sentence_counts(sentence: str) -> SentenceCounts:
    """Return textstat's counts for one sentence (words, syllables, letters and word classes).

    The sentence is split into words once, as textstat's ``lexicon_count`` does, and each word's
    syllables and familiarity come from :func:`_word_profile`; the sums equal textstat's
    ``syllable_count``, ``polysyllabcount`` and ``difficult_words`` on the same sentence. Count
    each sentence once and pass the counts to :func:`indices_from_counts` and
    :func:`grade_from_counts`.
    """
    ensure_offline_cmudict()
    sentence = _countable(sentence)
    words = _list_words(sentence)
    if not words:
        return SentenceCounts()
    # Each word's four counts are packed into one integer (see _packed_profile), so one C-level
    # sum adds them all; KeyError means some word has not been met before.
    try:
        total = sum(map(_packed_profiles.__getitem__, words))
    except KeyError:
        total = sum(map(_packed_profile, words))
    # Filling the instance dictionary at once is several times faster than the frozen
    # dataclass's __init__, and gives an equal object.
    counts = object.__new__(SentenceCounts)
    # textstat's letter_count counts the word characters (\w). Removing punctuation kept all of
    # them and left only whitespace and apostrophes besides, so the words hold exactly the word
    # characters and the apostrophes.
    letters = "".join(words)
    counts.__dict__.update(
        words=len(words),
        syllables=total & _FIELD_MASK,
        letters=len(letters) - letters.count("'"),
        polysyllables=(total >> _FIELD_BITS) & _FIELD_MASK,
        complex_words=(total >> 2 * _FIELD_BITS) & _FIELD_MASK,
        difficult_words=total >> 3 * _FIELD_BITS,
    )
    return counts


def _list_words(text: str) -> list[str]:
    """textstat's ``list_words(text)`` (punctuation removed, contraction apostrophes kept)."""
    if "'" in text:
        text = _NONCONTRACTION_APOSTROPHE_RE.sub("", text)
    if not text.isascii():
        # Typographic quotes and dashes are punctuation, removed below in any case; without
        # them most sentences are ASCII. A no-break space splits words like a space.
        for mark in _TYPOGRAPHIC_PUNCTUATION:
            text = text.replace(mark, "")
        text = text.replace("\xa0", " ")
    if text.isascii():
        # Deleting bytes takes a table lookup per character, where the pattern looks up the
        # Unicode category of each; the result is the same.
        ascii_bytes = text.encode("ascii").translate(None, _ASCII_PUNCTUATION_BUT_APOSTROPHE)
        return ascii_bytes.decode("ascii").split()
    return _PUNCTUATION_BUT_APOSTROPHE_RE.sub("", text).split()


def _letter_count(text: str) -> int:
    """textstat's ``letter_count(text)``: the word characters (``\\w``) of ``text``."""
    return len(_NOT_WORD_CHARACTER_RE.sub("", text))


_word_profiles: dict[str, tuple[int, int, int, int]] = {}
_packed_profiles: dict[str, int] = {}
_FIELD_BITS = 40
"""Bits per count in a packed profile: no sentence held in memory has 2**40 words."""
_FIELD_MASK = (1 << _FIELD_BITS) - 1


def _packed_profile(word: str) -> int:
    """:func:`_word_profile` of ``word`` as one integer, the counts in fields of
    :data:`_FIELD_BITS` bits (syllables lowest), so that summing the integers of a sentence's
    words sums each count separately; memoised like the profiles."""
    packed = _packed_profiles.get(word)
    if packed is None:
        syllables, polysyllable, complex_word, difficult_word = _word_profile(word)
        packed = (
            syllables
            | polysyllable << _FIELD_BITS
            | complex_word << 2 * _FIELD_BITS
            | difficult_word << 3 * _FIELD_BITS
        )
        if len(_packed_profiles) < _MAX_WORD_PROFILES:
            _packed_profiles[word] = packed
    return packed


def _word_profile(word: str) -> tuple[int, int, int, int]:
    """Syllables of one word, and 1 or 0 for: 3+ syllables (a polysyllable), a complex (Gunning)
    and a difficult (Dale-Chall) word, memoised per word: a vocabulary, bounded by the words the
    process has met."""
    profile = _word_profiles.get(word)
    if profile is None:
        syllables = count_syllables(word, _LANG)
        profile = (
            syllables,
            int(syllables >= 3),
            int(is_difficult_word(word, _GUNNING_FOG_SYLLABLES, _LANG)),
            int(is_difficult_word(word, _DALE_CHALL_SYLLABLES, _LANG)),
        )
        if len(_word_profiles) < _MAX_WORD_PROFILES:
            _word_profiles[word] = profile
    return profile


def readability_indices(sentences: Sequence[str]) -> dict[str, float | None]:
    """Return the standard readability indices of a text given as its sentences.

    Same as :func:`indices_from_counts` over :func:`sentence_counts` of each sentence.
    """
    return indices_from_counts([sentence_counts(s) for s in sentences])


def indices_from_counts(counts: Sequence[SentenceCounts]) -> dict[str, float | None]:
    """Return the standard readability indices of a text given as its sentences.

    Counts come from textstat 0.7.13 (syllables from the CMU dictionary, else pyphen; words are
    whitespace-separated tokens once punctuation is removed, so "over-the-horizon" is one word;
    letters are word characters), with the apostrophe ``’`` read as ``'``. With
    W words, S sentences (the given sentences that contain at least one word), Y syllables,
    L letters, P polysyllables (3+ syllables), C complex words (3+ syllables and not on the
    Dale-Chall list of familiar words) and D difficult words (not on that list), counted with
    repeats:

    - ``flesch_reading_ease`` = 206.835 - 1.015 * W/S - 84.6 * Y/W (higher is easier; 60-70 is
      plain English).
    - ``flesch_kincaid_grade`` = 0.39 * W/S + 11.8 * Y/W - 15.59 (US school grade).
    - ``gunning_fog`` = 0.4 * (W/S + 100 * C/W).
    - ``smog_index`` = 1.043 * sqrt(30 * P/S) + 3.1291 (defined on 30 sentences; see
      :data:`MIN_SENTENCES_FOR_SMOG`).
    - ``coleman_liau_index`` = 0.058 * (100 * L/W) - 0.296 * (100 * S/W) - 15.8.
    - ``dale_chall`` = 0.1579 * (100 * D/W) + 0.0496 * W/S, plus 3.6365 when 100 * D/W > 5.

    Args:
        counts: The counts of the text's sentences, as the project's segmentation found them.

    Returns:
        The six indices (each None when there are no words) and the counts ``words``,
        ``sentences``, ``syllables``, ``letters``, ``polysyllables``, ``complex_words`` and
        ``difficult_words``.
    """
    counted = [sentence for sentence in counts if sentence.words]
    sentence_count = len(counted)
    totals = {name: sum(map(attrgetter(name), counted)) for name in _COUNT_NAMES}

    result: dict[str, float | None] = {
        "flesch_reading_ease": None,
        "flesch_kincaid_grade": None,
        "gunning_fog": None,
        "smog_index": None,
        "coleman_liau_index": None,
        "dale_chall": None,
        "sentences": sentence_count,
        **totals,
    }
    words = totals["words"]
    if words == 0:
        return result
    words_per_sentence = words / sentence_count
    syllables_per_word = totals["syllables"] / words
    difficult_percent = 100 * totals["difficult_words"] / words
    result["flesch_reading_ease"] = (
        _FLESCH_BASE
        - _FLESCH_SENTENCE_LENGTH * words_per_sentence
        - _FLESCH_SYLLABLES_PER_WORD * syllables_per_word
    )
    result["flesch_kincaid_grade"] = _kincaid(words_per_sentence, syllables_per_word)
    result["gunning_fog"] = 0.4 * (words_per_sentence + 100 * totals["complex_words"] / words)
    result["smog_index"] = 1.043 * math.sqrt(30 * totals["polysyllables"] / sentence_count) + 3.1291
    result["coleman_liau_index"] = (
        0.058 * (100 * totals["letters"] / words) - 0.296 * (100 * sentence_count / words) - 15.8
    )
    result["dale_chall"] = (
        0.1579 * difficult_percent
        + 0.0496 * words_per_sentence
        + (3.6365 if difficult_percent > 5 else 0.0)
    )
    return result


def _kincaid(words_per_sentence: float, syllables_per_word: float) -> float:
    return 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59


def sentence_grade(sentence: str) -> float:
    """Return the Flesch-Kincaid grade of one sentence: 0.39 * W + 11.8 * Y/W - 15.59.

    Args:
        sentence: One sentence.

    Returns:
        The grade, or 0.0 when the sentence has no words.
    """
    ensure_offline_cmudict()
    sentence = _countable(sentence)
    words = textstat.lexicon_count(sentence)
    if words == 0:
        return 0.0
    return _kincaid(words, textstat.syllable_count(sentence) / words)


def grade_from_counts(counts: SentenceCounts) -> float:
    """Return the Flesch-Kincaid grade of one sentence from its counts (0.0 without words)."""
    if counts.words == 0:
        return 0.0
    return _kincaid(counts.words, counts.syllables / counts.words)
