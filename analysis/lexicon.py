"""The loaded-language lexicon and its matcher.

The lexicon is made of CSV files a teacher can open in a spreadsheet:

* ``data/loaded_terms.csv`` with the columns ``term,category,alternative,source,note``;
* ``data/loaded_categories.csv`` with the columns ``id,name,description``;
* ``data/loaded_exclusions.csv`` with the columns ``word,reason`` (see the end of this text).

How a ``term`` is written (matching is always case-insensitive and whole-word):

* Words are separated by spaces or hyphens. Either matches a space, a line break or a hyphen in
  the text, so ``so-called`` also finds "so called" and ``walk back`` also finds "walk-back".
* Every word also matches its regular -s, -ed and -ing forms (``claim`` finds claims, claimed,
  claiming; ``reflect poorly`` finds "reflected poorly"), plus the past forms of common irregular
  verbs (``draw`` finds drew, drawn). A possessive ’s after the last word is allowed.
* ``a|b`` lists alternatives for one word: ``reflect poorly|badly``.
* ``[word]`` matches exactly that form and no inflection: ``[illegals]``. Inside brackets,
  ``|`` still separates alternatives: ``[caved|caving]``.
* ``*`` is a gap of up to two small words (a, the, some, few, many, their…): ``raise * eyebrows``
  finds "raised eyebrows", "raised some eyebrows" and "raised a few eyebrows".
* ``!word`` before the first word means "not right after this word"; after the last word it means
  "not right before this word": ``supposed !to`` finds "supposed targets" but not "supposed to".
* ``<evaluative>`` as the last token means "only when the next word is evaluative" (a word with a
  strong score in VADER's sentiment lexicon, or an emotionally charged or evaluative word of this
  lexicon): the ``very`` of "very bad" is a booster, the ``very`` of "the very first" is not. Only
  the term's own words are highlighted.
* ``<lowercase>`` as the last token means "not when the first word is capitalised inside a
  sentence", where it is most likely part of a name: "grand" in "a grand gesture" but not in
  "a Grand Jury". The two conditions can be combined.

Curly apostrophes (’) and straight ones (') are the same to the matcher.

Besides the curated terms file, the shipped lexicon (:func:`default_lexicon`) adds entries derived
from two general-purpose sentiment lexicons, so that it is not limited to a short list:

* ``charged``: words that VADER's lexicon (MIT, read from the installed ``vaderSentiment``)
  rates strongly negative (mean valence <= -``VADER_MIN_NEGATIVE``) or strongly positive
  (>= ``VADER_MIN_POSITIVE``) on its -4…+4 scale;
* ``evaluative``: adjectives that the pattern/TextBlob lexicon (PDDL,
  ``data/pattern_sentiment.csv``) rates subjective (mean subjectivity >= ``MIN_SUBJECTIVITY``) and
  clearly positive or negative (|mean polarity| >= ``MIN_POLARITY``).

Derived words never override the curated file (a word the curated file lists as a single word is
left to it, with its context rules), match only their exact form, skip capitalised words inside a
sentence (names), and skip the words of ``data/loaded_exclusions.csv``: words that name facts
(died, war, arrested, cancer, debt, ban, won…) rather than judge them. A teacher can add a word
there to silence it. Each derived entry names its source and score in ``source``.

The four thresholds were chosen on the development topics of MBIC (Spinde et al. 2021) and
checked on the other topics; ``benchmarks/eval_loaded.py`` measures them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from itertools import accumulate, compress, count
from operator import add, sub
from pathlib import Path

from analysis.byteshape import NON_SPACES_AS_A, non_ascii_characters, without_unjoined_apostrophes
from analysis.model import LoadedHit

DATA_DIR = Path(__file__).parent / "data"
TERMS_FILE = DATA_DIR / "loaded_terms.csv"
CATEGORIES_FILE = DATA_DIR / "loaded_categories.csv"
EXCLUSIONS_FILE = DATA_DIR / "loaded_exclusions.csv"
SUBJECTIVITY_FILE = DATA_DIR / "pattern_sentiment.csv"

TERMS_HEADER = ("term", "category", "alternative", "source", "note")
CATEGORIES_HEADER = ("id", "name", "description")
EXCLUSIONS_HEADER = ("word", "reason")
SUBJECTIVITY_HEADER = ("form", "pos", "polarity", "subjectivity", "intensity")

EVALUATIVE_CONDITION = "<evaluative>"
LOWERCASE_CONDITION = "<lowercase>"
CONDITIONS = (EVALUATIVE_CONDITION, LOWERCASE_CONDITION)
EVALUATIVE_MIN_VALENCE = 1.5
"""A word counts as evaluative when VADER's mean valence is at least this far from zero."""

VADER_MIN_NEGATIVE = 1.5
"""A VADER word at or below minus this valence is a derived ``charged`` entry (-4…+4 scale)."""
VADER_MIN_POSITIVE = 2.5
"""A VADER word at or above this valence is a derived ``charged`` entry."""
MIN_SUBJECTIVITY = 0.6
"""A pattern/TextBlob adjective at or above this mean subjectivity (0…1) may be ``evaluative``."""
MIN_POLARITY = 0.4
"""…if its mean polarity is also at least this far from zero (-1…+1)."""

CHARGED = "charged"
EVALUATIVE = "evaluative"

GAP_TOKEN = "*"
MAX_GAP_WORDS = 2
GAP_WORDS: frozenset[str] = frozenset(
    {
        "a",
        "an",
        "the",
        "some",
        "any",
        "few",
        "many",
        "more",
        "most",
        "much",
        "several",
        "lots",
        "lot",
        "of",
        "his",
        "her",
        "its",
        "their",
        "our",
        "your",
        "my",
        "this",
        "that",
        "these",
        "those",
        "widespread",
        "considerable",
        "growing",
        "bipartisan",
        "public",
        "political",
        "serious",
        "fresh",
        "new",
    }
)
"""Words a ``*`` gap may skip. The adjectives only fit figurative uses ("drew widespread fire")."""

_APOSTROPHES = ("\u2019", "\u2018", "\u02bc")
_TOKEN_RE = re.compile(r"\w+(?:'\w+)*")
_WORD_SPLIT_RE = re.compile(r"(\w+(?:'\w+)*)")
_HYPHENS = frozenset("-\u2010\u2011")
_CATEGORY_ID_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
_SENTENCE_BREAKS = frozenset(".!?:;\n\u2014")
"""Characters after which a capitalised word may start a sentence (or a heading, or a list)."""
_EXACT_WORDS_TERM_RE = re.compile(
    r"(\[[a-z]+(?:'[a-z]+)*\](?: \[[a-z]+(?:'[a-z]+)*\])*) <lowercase>"
)
_PLAIN_WORD_RE = re.compile(r"[a-z]+(?:[-'][a-z]+)*\Z", re.IGNORECASE)
_VOWELS = frozenset("aeiou")

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "beat": ("beaten",),
    "bite": ("bit", "bitten"),
    "blow": ("blew", "blown"),
    "break": ("broke", "broken"),
    "bring": ("brought",),
    "come": ("came",),
    "do": ("does", "did", "done"),
    "draw": ("drew", "drawn"),
    "fall": ("fell", "fallen"),
    "fight": ("fought",),
    "fly": ("flew", "flown"),
    "get": ("got", "gotten"),
    "give": ("gave", "given"),
    "go": ("goes", "went", "gone"),
    "hold": ("held",),
    "keep": ("kept",),
    "lay": ("laid",),
    "lead": ("led",),
    "leave": ("left",),
    "lose": ("lost",),
    "make": ("made",),
    "pay": ("paid",),
    "rise": ("rose", "risen"),
    "run": ("ran",),
    "say": ("said",),
    "see": ("saw", "seen"),
    "shake": ("shook", "shaken"),
    "shoot": ("shot",),
    "sink": ("sank", "sunk"),
    "speak": ("spoke", "spoken"),
    "spin": ("spun",),
    "stand": ("stood",),
    "steal": ("stole", "stolen"),
    "strike": ("struck", "stricken"),
    "swear": ("swore", "sworn"),
    "take": ("took", "taken"),
    "tear": ("tore", "torn"),
    "tell": ("told",),
    "think": ("thought",),
    "throw": ("threw", "thrown"),
    "wear": ("wore", "worn"),
    "write": ("wrote", "written"),
}


class LexiconError(ValueError):
    """A lexicon file could not be read; the message names the line and the problem."""


@dataclass(frozen=True)
class LexiconEntry:
    """One row of the terms file.

    Attributes:
        term: The term as written in the file, with its matching syntax (see the module doc).
        category: The id of its category.
        alternative: A neutral alternative, or empty when there is none.
        source: Where the entry comes from ("project" for entries written for this project).
        note: Why the term is loaded, in words a student understands.
    """

    term: str
    category: str
    alternative: str
    source: str
    note: str

    @property
    def display_term(self) -> str:
        """Return the term's base form without matching syntax ("raise … eyebrows")."""
        return _display_term(self.term)


@dataclass(frozen=True)
class Category:
    """A kind of loaded language: its id, display name and one-line description."""

    id: str
    name: str
    description: str


@dataclass(frozen=True)
class _Pattern:
    """A compiled term: one set of accepted word forms per position, ``None`` for a gap."""

    slots: tuple[frozenset[str] | None, ...]
    not_after: frozenset[str]
    """Forms of the word that must not come right before the match."""
    not_before: frozenset[str]
    """Forms of the word that must not come right after the match."""
    needs_evaluative_next: bool
    skips_names: bool = False
    """Whether a match whose first word is capitalised inside a sentence is skipped."""


@dataclass(frozen=True)
class _Matcher:
    """Compiled patterns indexed by the forms their first word accepts."""

    by_first_form: dict[str, tuple[tuple[int, _Pattern], ...]]
    evaluative_words: frozenset[str]
    first_forms: frozenset[str]
    """The forms of ``by_first_form`` with a pattern that may match whatever word follows (one
    word, or a ``*`` gap next)."""
    first_pairs: frozenset[tuple[str, str]]
    """``(first, second)`` keys that may begin a match of the other forms' patterns: each of
    those needs a second word (or that word with a possessive 's)."""


@dataclass(frozen=True)
class Lexicon:
    """A set of loaded-language entries and their categories, with a compiled matcher.

    Raises:
        LexiconError: If a term cannot be compiled or names an unknown category.
    """

    entries: tuple[LexiconEntry, ...]
    categories: tuple[Category, ...]
    _matcher: _Matcher = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        known = {category.id for category in self.categories}
        patterns: list[_Pattern] = []
        for entry in self.entries:
            if entry.category not in known:
                raise LexiconError(f"term {entry.term!r}: unknown category {entry.category!r}")
            try:
                patterns.append(_compile_term(entry.term))
            except ValueError as error:
                raise LexiconError(f"term {entry.term!r}: {error}") from error
        object.__setattr__(self, "_matcher", _build_matcher(self.entries, patterns))

    def category(self, category_id: str) -> Category:
        """Return the category with this id.

        Raises:
            KeyError: If there is no such category.
        """
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)


def _inflected_forms(word: str) -> frozenset[str]:
    """Return ``word`` with its regular -s, -ed, -ing forms and known irregular forms."""
    forms = {word}
    if not word.isalpha() or len(word) < 2 or word.endswith(("ly", "ed")):
        return frozenset(forms)
    consonant_y = word.endswith("y") and word[-2] not in _VOWELS
    if word.endswith(("s", "x", "z", "ch", "sh")) or word in {"go", "do"}:
        forms.add(word + "es")
    elif consonant_y:
        forms.add(word[:-1] + "ies")
    else:
        forms.add(word + "s")
    if word.endswith("ie"):
        forms.update({word + "d", word[:-2] + "ying"})
    elif word.endswith("ee"):
        forms.update({word + "d", word + "ing"})
    elif word.endswith("e"):
        forms.update({word + "d", word[:-1] + "ing"})
    elif consonant_y:
        forms.update({word[:-1] + "ied", word + "ing"})
    else:
        forms.update({word + "ed", word + "ing"})
        if (
            len(word) >= 3
            and word[-1] not in _VOWELS | {"w", "x", "y"}
            and word[-2] in _VOWELS
            and word[-3] not in _VOWELS
        ):
            # Doubling depends on stress (admitted, but targeted): accept both spellings.
            forms.update({word + word[-1] + "ed", word + word[-1] + "ing"})
    forms.update(_IRREGULAR.get(word, ()))
    return frozenset(forms)


def _straighten(text: str) -> str:
    """Return ``text`` with curly apostrophes made straight (same length)."""
    for apostrophe in _APOSTROPHES:
        text = text.replace(apostrophe, "'")  # much faster than str.translate
    return text


def _normalise(word: str) -> str:
    """Return the matching key of a word: lower case, straight apostrophes."""
    return _straighten(word).lower()


def _slot_forms(token: str) -> frozenset[str]:
    """Return the forms one written word of a term accepts (``a|b``, ``[exact]``)."""
    exact = token.startswith("[") and token.endswith("]")
    body = token[1:-1] if exact else token
    if "[" in body or "]" in body:
        raise ValueError(f"misplaced bracket in {token!r}")
    alternatives = [_normalise(part) for part in body.split("|")]
    forms: set[str] = set()
    for alternative in alternatives:
        if not alternative:
            raise ValueError(f"empty alternative in {token!r}")
        words = _TOKEN_RE.findall(alternative)
        if len(words) != 1 or words[0] != alternative:
            raise ValueError(f"{alternative!r} is not a single word")
        forms |= {alternative} if exact else _inflected_forms(alternative)
    return frozenset(forms)


def _term_tokens(term: str) -> list[str]:
    """Split a term into written words, treating hyphens between words like spaces."""
    tokens: list[str] = []
    for chunk in term.split():
        if chunk.startswith(("!", "[", "<")) or chunk == GAP_TOKEN:
            tokens.append(chunk)
        else:
            tokens.extend(part for part in re.split(r"[-\u2010\u2011]", chunk) if part)
    return tokens


@lru_cache(maxsize=8192)
def _compile_term(term: str) -> _Pattern:
    """Compile a term written in the lexicon's syntax (cached: patterns are immutable).

    Raises:
        ValueError: If the term is empty or its syntax is wrong; the message says what is wrong.
    """
    simple = _EXACT_WORDS_TERM_RE.fullmatch(term)
    if simple:  # "[word] <lowercase>", as derived entries are written: skip the general parser
        words = simple.group(1)[1:-1].split("] [")
        return _Pattern(
            slots=tuple(frozenset({_normalise(word)}) for word in words),
            not_after=frozenset(),
            not_before=frozenset(),
            needs_evaluative_next=False,
            skips_names=True,
        )
    tokens = _term_tokens(term.strip())
    conditions: set[str] = set()
    while tokens and tokens[-1] in CONDITIONS and tokens[-1] not in conditions:
        conditions.add(tokens.pop())
    not_after: set[str] = set()
    not_before: set[str] = set()
    slots: list[frozenset[str] | None] = []
    for token in tokens:
        if token.startswith("<"):
            raise ValueError(
                f"{token!r}: only {' and '.join(CONDITIONS)} are known, at the end of the term"
            )
        if token.startswith("!"):
            forms = _slot_forms(token[1:])
            (not_before if slots else not_after).update(forms)
            continue
        if not_before:
            raise ValueError(f"{token!r} comes after a '!' exclusion; exclusions go at either end")
        slots.append(None if token == GAP_TOKEN else _slot_forms(token))
    if not slots:
        raise ValueError("the term has no words")
    if slots[0] is None or slots[-1] is None:
        raise ValueError(f"a {GAP_TOKEN!r} gap must stand between two words")
    if any(a is None and b is None for a, b in zip(slots, slots[1:], strict=False)):
        raise ValueError(f"two {GAP_TOKEN!r} gaps in a row")
    return _Pattern(
        slots=tuple(slots),
        not_after=frozenset(not_after),
        not_before=frozenset(not_before),
        needs_evaluative_next=EVALUATIVE_CONDITION in conditions,
        skips_names=LOWERCASE_CONDITION in conditions,
    )


def _display_term(term: str) -> str:
    """Return a term without its matching syntax: first alternatives, no brackets or conditions."""
    words: list[str] = []
    for chunk in term.split():
        if chunk.startswith(("!", "<")):
            continue
        if chunk == GAP_TOKEN:
            words.append("…")
            continue
        words.append(chunk.strip("[]").split("|")[0])
    return " ".join(words)


@cache
def _vader_valences() -> dict[str, float]:
    """Return VADER's lexicon (MIT) as word -> mean valence (-4…+4), or empty if it is absent.

    Only plain words are kept (letters, inner hyphens or apostrophes); emoticons are left out.
    """
    try:
        lexicon_text = (
            resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8")
        )
    except (ModuleNotFoundError, OSError):
        return {}
    valences: dict[str, float] = {}
    for line in lexicon_text.splitlines():
        word, _, rest = line.partition("\t")
        if not word.replace("-", "").replace("'", "").isalpha() or not word[0].isalpha():
            continue
        try:
            valences[word.lower()] = float(rest.partition("\t")[0])
        except ValueError:
            continue
    return valences


@cache
def _vader_evaluative_words() -> frozenset[str]:
    """Return the single words of VADER's lexicon with a strong valence (``<evaluative>``)."""
    return frozenset(
        word
        for word, valence in _vader_valences().items()
        if word.isalpha() and abs(valence) >= EVALUATIVE_MIN_VALENCE
    )


@cache
def _subjective_adjectives() -> dict[str, tuple[float, float]]:
    """Return the pattern/TextBlob adjectives (PDDL) as word -> (mean polarity, mean subjectivity).

    The file rates each sense of a word; like TextBlob, the scores of a word's senses are averaged
    (adjective senses only). Multi-word forms and forms with digits are left out.

    Raises:
        LexiconError: If the shipped file cannot be read or is malformed.
    """
    try:
        text = SUBJECTIVITY_FILE.read_text(encoding="utf-8")
    except OSError as error:
        raise LexiconError(f"{SUBJECTIVITY_FILE.name}: {error}") from error
    senses: dict[str, list[tuple[float, float]]] = {}
    for line, (form, pos, polarity, subjectivity, _) in _read_csv_rows(
        text, SUBJECTIVITY_HEADER, SUBJECTIVITY_FILE.name
    ):
        form = form.lower()
        if not pos.startswith("JJ") or not _PLAIN_WORD_RE.match(form):
            continue
        try:
            scores = (float(polarity), float(subjectivity))
        except ValueError as error:
            raise LexiconError(f"{SUBJECTIVITY_FILE.name}, line {line}: {error}") from error
        senses.setdefault(form, []).append(scores)
    return {
        form: (
            sum(polarity for polarity, _ in scored) / len(scored),
            sum(subjectivity for _, subjectivity in scored) / len(scored),
        )
        for form, scored in senses.items()
    }


def parse_exclusions(exclusions_csv: str) -> dict[str, str]:
    """Parse an exclusions file (``word,reason``): words derived sources must not flag.

    Each word also excludes its regular -s, -ed and -ing forms.

    Args:
        exclusions_csv: The file's text.

    Returns:
        Every excluded form, lower-cased, with the reason given for its word.

    Raises:
        LexiconError: If the file is malformed; the message names the line.
    """
    excluded: dict[str, str] = {}
    for line, (word, reason) in _read_csv_rows(exclusions_csv, EXCLUSIONS_HEADER, "exclusions"):
        key = _normalise(word)
        if not _PLAIN_WORD_RE.match(key):
            raise LexiconError(f"exclusions, line {line}: {word!r} is not a single word")
        for form in _inflected_forms(key):
            excluded.setdefault(form, reason)
    return excluded


@cache
def _default_exclusions() -> dict[str, str]:
    return parse_exclusions(EXCLUSIONS_FILE.read_text(encoding="utf-8"))


def derived_entries(
    curated: Sequence[LexiconEntry],
    exclusions: dict[str, str] | None = None,
    *,
    vader_min_negative: float = VADER_MIN_NEGATIVE,
    vader_min_positive: float = VADER_MIN_POSITIVE,
    min_subjectivity: float = MIN_SUBJECTIVITY,
    min_polarity: float = MIN_POLARITY,
) -> tuple[LexiconEntry, ...]:
    """Return the entries derived from VADER's and pattern/TextBlob's lexicons.

    Args:
        curated: The curated entries. A word one of them lists as a single word is left to it;
            a word one of them recommends as its neutral alternative ("angry") is never derived.
        exclusions: Forms never to derive (see :func:`parse_exclusions`); the shipped file's
            when None.
        vader_min_negative: VADER valence at or below minus this makes a word ``charged``.
        vader_min_positive: VADER valence at or above this makes a word ``charged``.
        min_subjectivity: pattern/TextBlob mean subjectivity for an ``evaluative`` adjective.
        min_polarity: …and the distance of its mean polarity from zero.

    Returns:
        One entry per word (exact form, ``<lowercase>`` condition), ``charged`` ones first, each
        sorted by word. A word strong in both lexicons is ``charged``.
    """
    excluded = _default_exclusions() if exclusions is None else exclusions
    owned: set[str] = set()
    for entry in curated:
        pattern = _compile_term(entry.term)
        if len(pattern.slots) == 1 and pattern.slots[0] is not None:
            owned |= pattern.slots[0]
        alternative = _normalise(entry.alternative)
        if _PLAIN_WORD_RE.match(alternative):  # the plain word the curated list recommends
            owned |= _inflected_forms(alternative)

    def usable(word: str) -> bool:
        return word not in owned and word not in excluded and len(word) > 2

    def exact_term(word: str) -> str:
        parts = " ".join(f"[{part}]" for part in word.split("-"))  # "self-confident"
        return f"{parts} {LOWERCASE_CONDITION}"

    charged: list[LexiconEntry] = []
    for word, valence in sorted(_vader_valences().items()):
        if not usable(word) or -vader_min_negative < valence < vader_min_positive:
            continue
        strength = "negative" if valence < 0 else "positive"
        charged.append(
            LexiconEntry(
                term=exact_term(word),
                category=CHARGED,
                alternative="",
                source=f"VADER lexicon (MIT): strongly {strength} word, valence "
                f"{valence:+.1f} on a scale from -4 to +4",
                note=f"a strongly {strength} word in a general sentiment lexicon: it adds "
                "feeling where a plainer word could state the fact",
            )
        )
    taken = {entry.term for entry in charged}
    evaluative: list[LexiconEntry] = []
    for word, (polarity, subjectivity) in sorted(_subjective_adjectives().items()):
        term = exact_term(word)
        if (
            not usable(word)
            or term in taken
            or subjectivity < min_subjectivity
            or abs(polarity) < min_polarity
        ):
            continue
        evaluative.append(
            LexiconEntry(
                term=term,
                category=EVALUATIVE,
                alternative="",
                source=f"pattern/TextBlob lexicon (PDDL): subjectivity {subjectivity:.2f} "
                f"of 1, polarity {polarity:+.2f}",
                note="a subjective adjective: it gives an assessment rather than a fact the "
                "reader can check",
            )
        )
    return (*charged, *evaluative)


def lexicon_with_derived_entries(lexicon: Lexicon) -> Lexicon:
    """Return ``lexicon`` with the derived ``charged`` and ``evaluative`` entries appended.

    Its own entries come first, so they win where a derived entry matches the same words.

    Raises:
        LexiconError: If the lexicon lacks the ``charged`` or ``evaluative`` category.
    """
    known = {category.id for category in lexicon.categories}
    missing = {CHARGED, EVALUATIVE} - known
    if missing:
        raise LexiconError(f"derived entries need the categories {', '.join(sorted(missing))}")
    return Lexicon(
        entries=(*lexicon.entries, *derived_entries(lexicon.entries)),
        categories=lexicon.categories,
    )


def _build_matcher(entries: Sequence[LexiconEntry], patterns: Sequence[_Pattern]) -> _Matcher:
    """Index compiled patterns by their first word's forms and gather the evaluative words."""
    index: dict[str, list[tuple[int, _Pattern]]] = {}
    charged_words: set[str] = set()
    for number, (entry, pattern) in enumerate(zip(entries, patterns, strict=True)):
        first = pattern.slots[0]
        assert first is not None  # _compile_term rejects a leading gap
        for form in first:
            index.setdefault(form, []).append((number, pattern))
            if len(pattern.slots) == 1:  # "regime's" starts a match of "regime"
                index.setdefault(form + "'s", []).append((number, pattern))
        if entry.category in (CHARGED, EVALUATIVE) and len(pattern.slots) == 1:
            charged_words |= first
    first_forms: set[str] = set()
    first_pairs: set[tuple[str, str]] = set()
    for form, found in index.items():
        seconds = [pattern.slots[1] if len(pattern.slots) > 1 else None for _, pattern in found]
        if any(second is None for second in seconds):
            first_forms.add(form)
            continue
        for second in seconds:
            assert second is not None
            for word in second:
                first_pairs.update({(form, word), (form, word + "'s")})
    return _Matcher(
        by_first_form={form: tuple(found) for form, found in index.items()},
        evaluative_words=_vader_evaluative_words() | charged_words,
        first_forms=frozenset(first_forms),
        first_pairs=frozenset(first_pairs),
    )


def _read_csv_rows(
    text: str, header: tuple[str, ...], what: str
) -> Iterable[tuple[int, list[str]]]:
    """Yield ``(line number, cells)`` for each non-blank, non-comment row after the header.

    Raises:
        LexiconError: If the header is wrong or a row has the wrong number of cells.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), strict=True)
    first_line = 1
    try:
        header_row = next(reader, None)
        if header_row is None:
            raise LexiconError(f"{what}, line 1: the file is empty; expected the header")
        found = tuple(cell.strip().lower() for cell in header_row)
        if found != header:
            raise LexiconError(
                f"{what}, line 1: header is {','.join(found)!r}; expected {','.join(header)!r}"
            )
        first_line = reader.line_num + 1
        for row in reader:
            line = first_line
            first_line = reader.line_num + 1
            if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if len(row) != len(header):
                raise LexiconError(
                    f"{what}, line {line}: {len(row)} cells; expected {len(header)} "
                    f"({','.join(header)})"
                )
            yield line, [cell.strip() for cell in row]
    except csv.Error as error:
        raise LexiconError(
            f"{what}, line {first_line}: {error} (is a quotation mark left open?)"
        ) from error


def parse_categories(categories_csv: str) -> tuple[Category, ...]:
    """Parse a categories file (``id,name,description``).

    Args:
        categories_csv: The file's text.

    Returns:
        The categories in file order.

    Raises:
        LexiconError: If the file is malformed; the message names the line.
    """
    categories: list[Category] = []
    seen: dict[str, int] = {}
    for line, (category_id, name, description) in _read_csv_rows(
        categories_csv, CATEGORIES_HEADER, "categories"
    ):
        where = f"categories, line {line}"
        if not _CATEGORY_ID_RE.match(category_id):
            raise LexiconError(f"{where}: id {category_id!r} must be lower-case letters and _")
        if category_id in seen:
            raise LexiconError(f"{where}: id {category_id!r} already on line {seen[category_id]}")
        if not name:
            raise LexiconError(f"{where}: category {category_id!r} has no name")
        seen[category_id] = line
        categories.append(Category(id=category_id, name=name, description=description))
    if not categories:
        raise LexiconError("categories: the file has no categories")
    return tuple(categories)


def parse_lexicon(terms_csv: str, categories_csv: str | None = None) -> Lexicon:
    """Parse a terms file (and optionally a categories file) into a lexicon.

    Args:
        terms_csv: Text of a CSV with the header ``term,category,alternative,source,note``.
        categories_csv: Text of a CSV with the header ``id,name,description``; the shipped
            categories when None.

    Returns:
        The lexicon, ready to match.

    Raises:
        LexiconError: If either file is malformed; the message names the line and the problem.
    """
    categories = (
        parse_categories(categories_csv) if categories_csv is not None else _default_categories()
    )
    return Lexicon(entries=_parse_entries(terms_csv, categories), categories=categories)


def _parse_entries(terms_csv: str, categories: Sequence[Category]) -> tuple[LexiconEntry, ...]:
    """Parse and check the rows of a terms file.

    Raises:
        LexiconError: If the file is malformed; the message names the line and the problem.
    """
    known = {category.id for category in categories}
    entries: list[LexiconEntry] = []
    seen: dict[str, int] = {}
    for line, (term, category, alternative, source, note) in _read_csv_rows(
        terms_csv, TERMS_HEADER, "terms"
    ):
        where = f"terms, line {line}"
        if not term:
            raise LexiconError(f"{where}: the term is empty")
        if category not in known:
            raise LexiconError(
                f"{where}: unknown category {category!r}; known: {', '.join(sorted(known))}"
            )
        if not source:
            raise LexiconError(f"{where}: the source is empty (write 'project' for your own)")
        try:
            _compile_term(term)
        except ValueError as error:
            raise LexiconError(f"{where}: term {term!r}: {error}") from error
        key = " ".join(_normalise(term).split())
        if key in seen:
            raise LexiconError(f"{where}: term {term!r} already on line {seen[key]}")
        seen[key] = line
        entries.append(LexiconEntry(term, category, alternative, source, note))
    return tuple(entries)


@cache
def _default_categories() -> tuple[Category, ...]:
    return parse_categories(CATEGORIES_FILE.read_text(encoding="utf-8"))


@cache
def default_lexicon() -> Lexicon:
    """Return the shipped lexicon, loaded once: the curated files plus the derived entries.

    Raises:
        LexiconError: If a shipped file is malformed.
    """
    categories = _default_categories()
    curated = _parse_entries(TERMS_FILE.read_text(encoding="utf-8"), categories)
    return Lexicon(entries=(*curated, *derived_entries(curated)), categories=categories)


def _joinable(separator: str) -> bool:
    """Return whether two words with this between them may belong to one phrase."""
    rest = separator.strip()
    return (not rest or (len(rest) == 1 and rest in _HYPHENS)) and separator.count("\n") <= 1


@dataclass(slots=True)  # not frozen: a frozen dataclass sets its fields several times slower
class _Tokens:
    """The words of one region: matching keys, character offsets, and the text between words."""

    keys: Sequence[str]
    ends: Sequence[int]
    source: str
    """The text the separators are cut from: the whole text, or the region straightened (and
    lower-cased, unless that changed its length)."""
    offset: int
    """Where ``source`` begins in the text."""
    starts: Sequence[int] | None = None
    """Where each word starts; None when each word is as long as its key."""

    def start(self, index: int) -> int:
        """Return where word ``index`` starts."""
        if self.starts is None:
            return self.ends[index] - len(self.keys[index])
        return self.starts[index]

    def separator(self, index: int) -> str:
        """Return the text between word ``index - 1`` and word ``index`` (``index`` >= 1)."""
        return self.source[self.ends[index - 1] - self.offset : self.start(index) - self.offset]

    def joined(self, index: int) -> bool:
        """Return whether word ``index`` may continue a phrase that word ``index - 1`` began."""
        return 0 < index < len(self.keys) and _joinable(self.separator(index))


def _tokens(text: str, start: int, end: int) -> _Tokens:
    """Split ``text[start:end]`` into words with their matching keys and offsets.

    The general way, with a regular expression; :func:`_region_candidates` usually finds the
    same words faster from :func:`_spaced_keys`.
    """
    straight = _straighten(text[start:end])
    lowered = straight.lower()
    lengthened = len(lowered) != len(straight)
    if not lengthened:
        parts = _WORD_SPLIT_RE.split(lowered)
        keys = parts[1::2]
    else:  # lower() lengthened a character ("İ"): split first so offsets stay right
        parts = _WORD_SPLIT_RE.split(straight)
        keys = [word.lower() for word in parts[1::2]]
    # parts alternate: text before word 0, word 0, text before word 1, ..., text after the last.
    separators = parts[0:-1:2]
    words = parts[1::2]
    # Offsets come from lengths, as the parts tile the region.
    ends = list(accumulate(map(add, map(len, separators), map(len, words)), initial=start))[1:]
    return _Tokens(
        keys=keys,
        ends=ends,
        source=straight if lengthened else lowered,
        offset=start,
        starts=list(map(sub, ends, map(len, words))) if lengthened else None,
    )


_WORD_CHAR_RE = re.compile(r"\w")
_NOT_IN_WORDS_TO_SPACE = bytes(
    byte if byte >= 128 or chr(byte).isalnum() or chr(byte) in "_'" else ord(" ")
    for byte in range(256)
)
"""A ``bytes.translate`` table: ASCII characters that are neither word characters nor apostrophes
become spaces; UTF-8 bytes of other characters stay."""
_MAX_REPLACED_KINDS = 50
"""With more kinds of non-ASCII characters to replace than this, words are found per region with
the regular expression (each kind costs a pass over the text)."""


def _spaced_keys(text: str) -> str | None:
    """Return the text's words as keys with everything between them made spaces, or None.

    The result has the text's length and holds, where ``_WORD_SPLIT_RE`` finds a word in the
    straightened text, the word's key (lower case, straight apostrophes), and spaces elsewhere.
    Splitting it finds the words without a regular expression.

    None when lower-casing a region alone could give other keys than lower-casing the text (a
    capital sigma lower-cases differently at the end of a word), when lower-casing is not character
    for character ("İ" becomes two), or when the text has too many kinds of non-ASCII characters:
    then each region is split with the regular expression.
    """
    if "\u03a3" in text:
        return None
    spaced = text
    if not text.isascii():
        others = set(non_ascii_characters(text.encode("utf-8", "surrogatepass")))
        replaced = [
            (char, "'" if char in _APOSTROPHES else " ")
            for char in others
            if char in _APOSTROPHES or not _WORD_CHAR_RE.match(char)
        ]
        if len(replaced) > _MAX_REPLACED_KINDS:
            return None
        for char, replacement in replaced:  # curly quotes and apostrophes, dashes: a few kinds
            spaced = spaced.replace(char, replacement)
    # Left: word characters, apostrophes and spaces, and non-ASCII word characters, whose UTF-8
    # bytes the table keeps.
    shape = spaced.encode("utf-8").translate(_NOT_IN_WORDS_TO_SPACE)
    if b"'" in shape:
        # An apostrophe belongs to a word only between two word characters: once pairs are gone,
        # the ones next to a space go (and those at either end of a region, _spaced_region).
        shape = without_unjoined_apostrophes(shape)
    if shape.isascii():
        return shape.lower().decode("ascii")
    keys = shape.decode("utf-8").lower()
    return keys if len(keys) == len(text) else None


def _spaced_region(spaced_keys: str, start: int, end: int) -> str:
    """Return ``spaced_keys[start:end]`` with an apostrophe at either end made a space.

    An apostrophe between two words of the text is not part of a word at the region's edge.
    """
    region = spaced_keys[start:end]
    if region.startswith("'"):
        region = " " + region[1:]
    if region.endswith("'"):
        region = region[:-1] + " "
    return region


def _shaped_tokens(keys: list[str], spaced_region: str, text: str, start: int) -> _Tokens:
    """Return the tokens of a region from its spaced keys (see :func:`_spaced_region`).

    Args:
        keys: ``spaced_region.split()``.
        spaced_region: The region's part of :func:`_spaced_keys`, edges seen to.
        text: The whole text.
        start: Where the region starts in the text.
    """
    # One byte per character, "a" in a word and " " between words (non-ASCII characters, which
    # are all in words, encode as "?"); then a cut after every word's last character.
    shape = spaced_region.encode("ascii", "replace").translate(NON_SPACES_AS_A) + b" "
    pieces = shape.replace(b"a ", b"a\n ").split(b"\n")
    # Each piece is the space before a word and the word, and a last one the space after.
    ends = list(accumulate(map(len, pieces), initial=start))[1:-1]
    # Lower-casing and straightening leave what separators are checked for (white space,
    # hyphens, line breaks, sentence marks) as it is, so they can come from the text itself.
    return _Tokens(keys=keys, ends=ends, source=text, offset=0)


def _first_word_indices(keys: Sequence[str], matcher: _Matcher) -> list[int]:
    """Return the indices of the words that may start a match, in order.

    A word may start one when its key starts a pattern whatever follows, or when it and the next
    key are a pair that starts a phrase. Every other word's patterns need a second word that is
    not there, so :func:`_matches_at` would find nothing.
    """
    indices: list[int] = []
    # Set operations first: many regions have no such word, and most no such pair.
    if not matcher.first_forms.isdisjoint(keys):
        indices.extend(compress(count(), map(matcher.first_forms.__contains__, keys)))
    following = keys[1:]
    pairs = matcher.first_pairs.intersection(zip(keys, following, strict=False))
    if pairs:
        pairs_at = map(pairs.__contains__, zip(keys, following, strict=False))
        indices.extend(compress(count(), pairs_at))
        indices.sort()
    return indices


def _accepts(slot: frozenset[str], key: str) -> int:
    """Return 1 if ``key`` fills ``slot``, 2 if it does once a possessive 's is cut, else 0."""
    if key in slot:
        return 1
    if key.endswith("'s") and key[:-2] in slot:
        return 2
    return 0


def _match_end(tokens: _Tokens, first: int, pattern: _Pattern) -> tuple[int, int] | None:
    """Return ``(last word index, end offset)`` of the longest match starting at word ``first``."""
    keys = tokens.keys
    last_slot = len(pattern.slots) - 1
    first_slot = pattern.slots[0]
    assert first_slot is not None
    how = _accepts(first_slot, keys[first])
    if not how or (how == 2 and last_slot > 0):
        return None
    if not last_slot:  # one word: nothing to extend
        return first, tokens.ends[first] - (2 if how == 2 else 0)

    def extend(slot_index: int, word: int, trimmed: bool) -> tuple[int, bool] | None:
        """Match slots from ``slot_index`` on; ``word`` matched the previous slot."""
        if slot_index > last_slot:
            return word, trimmed
        slot = pattern.slots[slot_index]
        if slot is None:
            best: tuple[int, bool] | None = None
            for skipped in range(MAX_GAP_WORDS + 1):
                gap_word = word + skipped
                if skipped and not (tokens.joined(gap_word) and keys[gap_word] in GAP_WORDS):
                    break
                found = extend(slot_index + 1, word + skipped, trimmed)
                if found is not None and (best is None or found[0] > best[0]):
                    best = found
            return best
        following = word + 1
        if not tokens.joined(following):
            return None
        how = _accepts(slot, keys[following])
        if not how or (how == 2 and slot_index != last_slot):
            return None
        return extend(slot_index + 1, following, how == 2)

    found = extend(1, first, how == 2)
    if found is None:
        return None
    last, trimmed = found
    return last, tokens.ends[last] - (2 if trimmed else 0)


def _region_candidates(
    text: str, start: int, end: int, matcher: _Matcher, spaced_keys: str | None = None
) -> list[tuple[int, int, int]]:
    """Return every ``(start, end, entry number)`` match inside ``text[start:end]``.

    Args:
        text: The whole text.
        start: Where the region starts.
        end: Where it ends.
        matcher: The lexicon's compiled patterns.
        spaced_keys: ``_spaced_keys(text)``; the region is split with the regular expression
            when None.
    """
    if spaced_keys is None:
        tokens = _tokens(text, start, end)
        indices = _first_word_indices(tokens.keys, matcher)
    else:
        spaced_region = _spaced_region(spaced_keys, start, end)
        keys = spaced_region.split()
        indices = _first_word_indices(keys, matcher)
        if not indices:
            return []  # no need to work out where the words are
        tokens = _shaped_tokens(keys, spaced_region, text, start)
    found: list[tuple[int, int, int]] = []
    for index in indices:
        found.extend(_matches_at(text, tokens, index, matcher))
    return found


def _matches_at(
    text: str, tokens: _Tokens, index: int, matcher: _Matcher
) -> list[tuple[int, int, int]]:
    """Return every ``(start, end, entry number)`` match whose first word is word ``index``."""
    keys = tokens.keys
    word_count = len(keys)
    candidates = matcher.by_first_form[keys[index]]
    previous = keys[index - 1] if index > 0 else None
    next_key = keys[index + 1] if tokens.joined(index + 1) else ""
    found: list[tuple[int, int, int]] = []
    for number, pattern in candidates:
        if previous is not None and previous in pattern.not_after:
            continue
        second = pattern.slots[1] if len(pattern.slots) > 1 else None
        if second is not None and not (
            next_key in second or (next_key.endswith("'s") and next_key[:-2] in second)
        ):
            continue  # cheap early exit for phrases (_accepts, inlined)
        matched = _match_end(tokens, index, pattern)
        if matched is None:
            continue
        last, match_end = matched
        following = keys[last + 1] if last + 1 < word_count else None
        if following is not None and following in pattern.not_before:
            continue
        if pattern.needs_evaluative_next and not (
            tokens.joined(last + 1) and following in matcher.evaluative_words
        ):
            continue
        word_start = tokens.ends[index] - len(keys[index])
        if pattern.skips_names and _inside_a_name(text, word_start, tokens, index):
            continue
        found.append((word_start, match_end, number))
    return found


def _inside_a_name(text: str, start: int, tokens: _Tokens, index: int) -> bool:
    """Return whether word ``index`` (at ``start``) is capitalised inside a sentence."""
    if not text[start].isupper() or index == 0:
        return False
    return not any(mark in tokens.separator(index) for mark in _SENTENCE_BREAKS)


def _merged_regions(regions: Sequence[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Return the regions clipped to the text, sorted, with overlapping ones merged."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in regions):
        if start >= end:
            continue
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def hit_reason(entry: LexiconEntry, category: Category) -> str:
    """Return the short explanation shown for a hit of ``entry``.

    Example: "Loaded verb of saying: implies the speaker retreated; neutral: 'revised'".
    """
    reason = f"{category.name}: {entry.note or category.description}"
    if entry.alternative:
        reason += f"; neutral: '{entry.alternative}'"
    return reason


def find_loaded(
    text: str, regions: Sequence[tuple[int, int]], lexicon: Lexicon | None = None
) -> list[LoadedHit]:
    """Find loaded language in the given regions of a text.

    Args:
        text: The whole article text; hit offsets index into it.
        regions: ``(start, end)`` character ranges to search (the pipeline passes body and
            headline blocks). A phrase never spans two regions.
        lexicon: The lexicon to use; the shipped one when None.

    Returns:
        The hits sorted by start, without overlaps: where matches overlap, the longest wins
        (then the earliest, then the entry listed first in the file).
    """
    lexicon = lexicon or default_lexicon()
    matcher = lexicon._matcher
    spaced_keys = _spaced_keys(text)
    candidates: list[tuple[int, int, int]] = []
    for start, end in _merged_regions(regions, len(text)):
        candidates.extend(_region_candidates(text, start, end, matcher, spaced_keys))
    candidates.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
    taken: list[tuple[int, int, int]] = []
    for candidate in candidates:
        if all(candidate[1] <= s or candidate[0] >= e for s, e, _ in taken):
            taken.append(candidate)
    taken.sort()
    categories = {category.id: category for category in lexicon.categories}
    hits: list[LoadedHit] = []
    for start, end, number in taken:
        entry = lexicon.entries[number]
        category = categories[entry.category]
        hits.append(
            _loaded_hit(
                start=start,
                end=end,
                label=category.name,
                reason=hit_reason(entry, category),
                text=text[start:end],
                term=entry.display_term,
                category=entry.category,
                alternative=entry.alternative,
                source=entry.source,
            )
        )
    return hits


def _loaded_hit(
    *,
    start: int,
    end: int,
    label: str,
    reason: str,
    text: str,
    term: str,
    category: str,
    alternative: str,
    source: str,
) -> LoadedHit:
    """Return ``LoadedHit(start=start, end=end, ...)`` with the other fields at their defaults.

    A frozen dataclass sets each of its twelve fields through ``object.__setattr__``; filling the
    instance dictionary directly, in field order, gives an equal object several times faster (as
    ``analysis.pipeline`` builds words; a test checks the two agree).
    """
    hit = object.__new__(LoadedHit)
    hit.__dict__.update(
        start=start,
        end=end,
        kind="loaded",
        label=label,
        reason=reason,
        text=text,
        term=term,
        category=category,
        alternative=alternative,
        source=source,
        voice="narration",
        role="body",
    )
    return hit
