"""Tone (VADER sentiment) of one sentence, with the words that drove it.

VADER (vaderSentiment 3.3.2, MIT, lexicon bundled) is meant for sentences: over a whole article
its compound score saturates near -1. :func:`score_tone` scores one sentence, or chosen parts of
it (only the narration, only the quotations), and keeps every word whose final VADER valence is
non-zero, with that valence and its character offsets, so the interface can show why.

The per-word valences come from reproducing ``SentimentIntensityAnalyzer.polarity_scores``
step by step with VADER's own methods, so the compound returned is exactly the one
``polarity_scores`` gives for the same input.

Typography: VADER splits on whitespace and strips only ASCII punctuation, so news typography hides
words from it: ``“ruthless”`` keeps its curly quotes and is not found in the lexicon, ``don’t``
(curly apostrophe) is not read as a negation, and ``weak—and`` is one token. By default curly
quotes and apostrophes become their ASCII forms and em and en dashes become spaces before
scoring (see :func:`vader_input`); each replacement is one character for one, so offsets are
unchanged. Words inside multi-word proper names ("Defense" in "Defense Secretary Lloyd Austin")
are hidden from VADER the same way (see :func:`mask_proper_names`). Pass
``normalize_typography=False`` to score the text exactly as written.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    normalize,
)

from analysis.model import ToneDriver

NEGATIVE_BELOW = -0.05
"""Compound scores below this are negative (VADER's standard cut-off).

VADER's README counts exactly -0.05 as negative; here, as the name says, it is neutral. Compound
scores are rounded to four decimals, so only a score of exactly -0.05 is affected.
"""
POSITIVE_ABOVE = 0.05
"""Compound scores above this are positive (VADER's standard cut-off; exactly 0.05 is neutral)."""

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark / apostrophe
        "\u201a": "'",  # single low-9 quotation mark
        "\u201b": "'",  # single high-reversed-9 quotation mark
        "\u2032": "'",  # prime
        "\u201c": '"',  # left double quotation mark
        "\u201d": '"',  # right double quotation mark
        "\u201e": '"',  # double low-9 quotation mark
        "\u201f": '"',  # double high-reversed-9 quotation mark
        "\u2033": '"',  # double prime
        "\u2013": " ",  # en dash
        "\u2014": " ",  # em dash
    }
)
_TYPOGRAPHIC_CHARS = frozenset(chr(code) for code in _TYPOGRAPHY)
_TYPOGRAPHY_PAIRS = tuple((chr(code), str(char)) for code, char in _TYPOGRAPHY.items())
_NEGATIONS = frozenset(NEGATE)
_MINUS = "\u2212"


@dataclass(frozen=True)
class ToneResult:
    """The VADER tone of a piece of text and the words behind it.

    Attributes:
        compound: VADER's compound score, -1 (most negative) to +1 (most positive).
        drivers: Every word with a non-zero final valence, in text order; their offsets index
            into the text given to :func:`score_tone`.
    """

    compound: float
    drivers: tuple[ToneDriver, ...]

    @property
    def label(self) -> str:
        """Return "negative", "neutral" or "positive" for :attr:`compound`."""
        return tone_label(self.compound)


def tone_label(compound: float) -> str:
    """Return the tone category of a compound score, with VADER's standard cut-offs.

    Args:
        compound: A VADER compound score.

    Returns:
        "negative" below :data:`NEGATIVE_BELOW`, "positive" above :data:`POSITIVE_ABOVE`,
        else "neutral".
    """
    if compound < NEGATIVE_BELOW:
        return "negative"
    if compound > POSITIVE_ABOVE:
        return "positive"
    return "neutral"


class _Analyzer(SentimentIntensityAnalyzer):
    """VADER's analyzer with an equivalent, cheaper negation check.

    vaderSentiment 3.3.2 lower-cases the whole sentence each time it checks one of the three
    words before a sentiment word; this version lower-cases only those three (see
    :func:`_negation`).
    """

    @staticmethod
    def _negation_check(
        valence: float, words_and_emoticons: list[str], start_i: int, i: int
    ) -> float:
        lower = [""] * max(0, i - 3)
        lower += [str(word).lower() for word in words_and_emoticons[max(0, i - 3) : i]]
        return _negation(valence, lower, start_i, i)


def _negation(valence: float, lower: Sequence[str], start_i: int, i: int) -> float:
    """VADER's ``_negation_check`` on the sentence's words already lower-cased.

    The logic is VADER's (MIT), unchanged: callers guarantee ``i > start_i``, so every index is
    non-negative.
    """
    if start_i == 0 and _negated(lower[i - 1]):
        valence = valence * N_SCALAR
    if start_i == 1:
        if lower[i - 2] == "never" and lower[i - 1] in ("so", "this"):
            valence = valence * 1.25
        elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
            pass
        elif _negated(lower[i - 2]):
            valence = valence * N_SCALAR
    if start_i == 2:
        if (lower[i - 3] == "never" and lower[i - 2] in ("so", "this")) or lower[i - 1] in (
            "so",
            "this",
        ):
            valence = valence * 1.25
        elif lower[i - 3] == "without" and "doubt" in (lower[i - 2], lower[i - 1]):
            pass
        elif _negated(lower[i - 3]):
            valence = valence * N_SCALAR
    return valence


def _negated(lowered_word: str) -> bool:
    """VADER's ``negated([word])`` for one lower-cased word, without rebuilding its word list."""
    return lowered_word in _NEGATIONS or "n't" in lowered_word


_IDIOM_WORDS = tuple((phrase, phrase.split()) for phrase in SPECIAL_CASES)
_NGRAM_WORDS = frozenset(
    word for phrase in (*SPECIAL_CASES, *BOOSTER_DICT) if " " in phrase for word in phrase.split()
)
"""Every word of VADER's multi-word idioms and boosters: an n-gram of tokens (which never hold
whitespace) can match one only if each of its words is in this set."""
_MAX_CACHED_PIECES = 50_000
_Piece = tuple[str, str, bool, bool, bool, bool, bool, bool]
_TOKEN, _LOWERED, _UPPER, _CANDIDATE = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(3)
_IN_LEXICON = itemgetter(7)
_pieces: dict[str, _Piece] = {}


def _piece_entry(piece: str) -> _Piece:
    """Return what scoring needs to know of one whitespace-separated piece, memoised per piece.

    That is VADER's token (``SentiText._strip_punc_if_word(piece)``), the token lower-cased,
    whether the token is in capitals; then for :func:`mask_proper_names`, whether the piece is a
    capitalised word of VADER's lexicon it may hide, whether the piece is capitalised, whether
    it ends with punctuation that closes a name, and whether it is a name link ("of"). A pure
    function of the piece, so the memo is bounded by the vocabulary.
    """
    entry = _pieces.get(piece)
    if entry is not None:
        return entry
    stripped = piece.strip(string.punctuation)
    token = piece if len(stripped) <= 2 else stripped
    capitalised = bool(stripped) and stripped[0].isupper()
    candidate = (
        # A piece opening with a lower-case letter or a digit keeps it after stripping
        # punctuation, so it cannot be capitalised: this cheap test skips most words.
        not (piece[0].islower() or piece[0].isdigit())
        and capitalised
        and stripped.lower() in _analyzer().lexicon
    )
    entry = (
        token,
        token.lower(),
        token.isupper(),
        candidate,
        capitalised,
        piece[-1] in ",.;:!?)\"'",
        piece in _NAME_LINKS,
        token.lower() in _analyzer().lexicon,
    )
    if len(_pieces) < _MAX_CACHED_PIECES:
        _pieces[piece] = entry
    return entry


def _entries(pieces: Sequence[str]) -> list[_Piece]:
    """Return the :func:`_piece_entry` of each piece, looked up in C when all are memoised."""
    entries = list(map(_pieces.get, pieces))
    if None in entries:
        entries = [
            entry or _piece_entry(piece) for entry, piece in zip(entries, pieces, strict=True)
        ]
    return entries


def _vader_tokens(
    entries: Sequence[_Piece],
) -> tuple[Sequence[str], Sequence[str], bool, list[int]]:
    """Return VADER's tokens of the pieces, lower-cased too, ``is_cap_diff`` and lexicon hits.

    ``is_cap_diff`` is ``allcap_differential(tokens)``: some, but not all, tokens are in capitals.
    The hits are the indices of the tokens whose lower-case form is in VADER's lexicon.
    """
    if not entries:
        return (), (), False, []
    words = tuple(map(_TOKEN, entries))
    lowered = tuple(map(_LOWERED, entries))
    capitals = sum(map(_UPPER, entries))
    hits = list(compress(range(len(entries)), map(_IN_LEXICON, entries)))
    return words, lowered, 0 < len(words) - capitals < len(words), hits


def _sentiments(
    words: Sequence[str],
    lowered: Sequence[str],
    is_cap_diff: bool,
    lexicon: dict[str, float],
    hits: Sequence[int],
) -> list[float] | None:
    """Return VADER's valence of each token before its "but" rule, or None if all would be 0.

    The loop of ``SentimentIntensityAnalyzer.polarity_scores`` (vaderSentiment 3.3.2, MIT):
    boosters and the "kind" of "kind of" get 0, as does every word off the lexicon (for which
    ``sentiment_valence`` appends 0); each other word gets :func:`_valence`. ``hits`` are the
    indices of the words in the lexicon, in order.
    """
    if not hits:
        return None
    sentiments: list[float] = [0] * len(lowered)
    last = len(lowered) - 1
    for i in hits:
        word = lowered[i]
        if word in BOOSTER_DICT or (word == "kind" and i < last and lowered[i + 1] == "of"):
            continue
        sentiments[i] = _valence(words, lowered, i, is_cap_diff, lexicon)
    return sentiments


def _valence(
    words: Sequence[str],
    lowered: Sequence[str],
    i: int,
    is_cap_diff: bool,
    lexicon: dict[str, float],
) -> float:
    """VADER's ``sentiment_valence`` for the lexicon word ``words[i]``, step for step.

    The same arithmetic in the same order (so the floats are identical) on words lower-cased
    once per sentence instead of once per check.
    """
    item_lowercase = lowered[i]
    valence = lexicon[item_lowercase]
    if item_lowercase == "no" and i != len(words) - 1 and lowered[i + 1] in lexicon:
        valence = 0.0
    if (
        (i > 0 and lowered[i - 1] == "no")
        or (i > 1 and lowered[i - 2] == "no")
        or (i > 2 and lowered[i - 3] == "no" and lowered[i - 1] in ("or", "nor"))
    ):
        valence = lexicon[item_lowercase] * N_SCALAR
    if is_cap_diff and words[i].isupper():
        if valence > 0:
            valence += C_INCR
        else:
            valence -= C_INCR
    for start_i in range(3):
        before = i - (start_i + 1)
        if i > start_i and lowered[before] not in lexicon:
            # scalar_inc_dec
            scalar = 0.0
            if lowered[before] in BOOSTER_DICT:
                scalar = BOOSTER_DICT[lowered[before]]
                if valence < 0:
                    scalar *= -1
                if is_cap_diff and words[before].isupper():
                    if valence > 0:
                        scalar += C_INCR
                    else:
                        scalar -= C_INCR
            if start_i == 1 and scalar != 0:
                scalar = scalar * 0.95
            if start_i == 2 and scalar != 0:
                scalar = scalar * 0.9
            valence = valence + scalar
            valence = _negation(valence, lowered, start_i, i)
            if start_i == 2 and not _NGRAM_WORDS.isdisjoint(lowered[i - 3 : i + 3]):
                valence = _special_idioms(valence, lowered, i)
    # _least_check
    if i > 1 and lowered[i - 1] == "least" and lowered[i - 1] not in lexicon:
        if lowered[i - 2] != "at" and lowered[i - 2] != "very":
            valence = valence * N_SCALAR
    elif i > 0 and lowered[i - 1] == "least" and lowered[i - 1] not in lexicon:
        valence = valence * N_SCALAR
    return valence


def _special_idioms(valence: float, lowered: Sequence[str], i: int) -> float:
    """VADER's ``_special_idioms_check`` on lower-cased words (``i >= 3``)."""
    onezero = f"{lowered[i - 1]} {lowered[i]}"
    twoonezero = f"{lowered[i - 2]} {lowered[i - 1]} {lowered[i]}"
    twoone = f"{lowered[i - 2]} {lowered[i - 1]}"
    threetwoone = f"{lowered[i - 3]} {lowered[i - 2]} {lowered[i - 1]}"
    threetwo = f"{lowered[i - 3]} {lowered[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if len(lowered) - 1 > i:
        zeroone = f"{lowered[i]} {lowered[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if len(lowered) - 1 > i + 1:
        zeroonetwo = f"{lowered[i]} {lowered[i + 1]} {lowered[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


def _compound(sentiments: Sequence[float], text: str) -> float:
    """VADER's ``score_valence(sentiments, text)["compound"]``, with the same arithmetic."""
    if not sentiments:
        return 0.0
    sum_s = float(sum(sentiments))
    # _punctuation_emphasis
    ep_amplifier = min(text.count("!"), 4) * 0.292
    qm_count = text.count("?")
    qm_amplifier: float = 0
    if qm_count > 1:
        qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
    punct_emph_amplifier = ep_amplifier + qm_amplifier
    if sum_s > 0:
        sum_s += punct_emph_amplifier
    elif sum_s < 0:
        sum_s -= punct_emph_amplifier
    return round(normalize(sum_s), 4)


@functools.cache
def _analyzer() -> SentimentIntensityAnalyzer:
    return _Analyzer()


def vader_input(text: str) -> str:
    """Return ``text`` with typography VADER cannot read replaced, one character for one.

    Curly quotes and apostrophes (and primes) become ``'`` and ``"``; em and en dashes become
    spaces.

    Args:
        text: Any text.

    Returns:
        A string of the same length.
    """
    return mask_proper_names(_plain_typography(text))


def _plain_typography(text: str) -> str:
    """The typography half of :func:`vader_input`."""
    # Every typographic character is outside ASCII, and isascii() looks at a flag, not the text.
    if not text.isascii() and not _TYPOGRAPHIC_CHARS.isdisjoint(text):
        # str.replace per character is many times faster than str.translate with a mapping.
        for char, replacement in _TYPOGRAPHY_PAIRS:
            if char in text:
                text = text.replace(char, replacement)
    return text


_TOKEN_RE = re.compile(r"\S+")
_NAME_LINKS = frozenset({"of", "for", "and", "the", "de", "al"})
_NAME_MASK = "x"


def mask_proper_names(text: str) -> str:
    """Hide VADER-lexicon words that are part of a multi-word proper name, one character for one.

    VADER scores "Defense" in "Defense Secretary Lloyd Austin", "Intelligence" in "Central
    Intelligence Agency" and "Hope" in "Hope Hicks" as if they were opinions. A capitalised word is
    taken as part of a name when a neighbouring word (across "of", "for", "and"…) is capitalised
    too, and no punctuation separates them; the first word of the text counts only when at least
    two capitalised words follow it ("Sadly Biden said" keeps "Sadly"). Such a word is replaced by
    x's when VADER's lexicon has it, so it no longer drives the tone.

    Args:
        text: One sentence or a part of one.

    Returns:
        A string of the same length.
    """
    pieces = text.split()
    if len(pieces) < 2:
        return text
    return _mask_names(text, _entries(pieces))


def _mask_names(text: str, entries: Sequence[_Piece]) -> str:
    """:func:`mask_proper_names` given the :func:`_piece_entry` of each piece of ``text``."""
    if len(entries) < 2 or not any(map(_CANDIDATE, entries)):
        return text
    candidates = list(compress(range(len(entries)), map(_CANDIDATE, entries)))
    capital, closed, link = list(zip(*entries, strict=True))[4:7]
    # The first piece is capitalised because it starts the sentence: never a neighbour.
    neighbour = [False, *capital[1:]]
    named = [i for i in candidates if _in_name(i, link, neighbour, closed)]
    if not named:
        return text
    spans = [m.span() for m in _TOKEN_RE.finditer(text)]
    chars = list(text)
    for i in named:
        start, end = spans[i]
        for position in range(start, end):
            if text[position].isalpha():
                chars[position] = _NAME_MASK
    return "".join(chars)


def _in_name(
    index: int, link: Sequence[bool], neighbour: Sequence[bool], closed: Sequence[bool]
) -> bool:
    """Whether the capitalised piece at ``index`` has a capitalised neighbour in the same name.

    ``link`` says which pieces are name links ("of", "for"…), ``neighbour`` which are
    capitalised (the first piece never counts: it is capitalised because it starts the
    sentence) and ``closed`` which end with punctuation. The first piece is itself part of a
    name only when two capitalised words follow it.
    """
    count_all = len(link)

    def run(step: int) -> int:
        count, j = 0, index
        while True:
            k = j + step
            if not 0 <= k < count_all or closed[min(j, k)]:
                return count
            if not neighbour[k] and link[k]:
                k += step
                if not 0 <= k < count_all or closed[min(j, k)] or closed[min(k, k - step)]:
                    return count
            if not neighbour[k]:
                return count
            count, j = count + 1, k

    if index == 0:
        return run(1) >= 2
    return run(1) >= 1 or run(-1) >= 1


def _joined_with_origins(text: str, parts: Sequence[tuple[int, int]]) -> tuple[str, list[int]]:
    """Return the parts of ``text`` joined by single spaces, and each character's offset in it.

    Separators get offset -1.
    """
    origins: list[int] = []
    for number, (start, end) in enumerate(parts):
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"part ({start}, {end}) is not a range of a text of {len(text)}")
        if number:
            origins.append(-1)
        origins.extend(range(start, end))
    return " ".join(text[start:end] for start, end in parts), origins


def _replace_emojis(text: str, origins: list[int], emojis: dict[str, str]) -> tuple[str, list[int]]:
    """Replace emojis by their descriptions as ``polarity_scores`` does, carrying the offsets.

    Each character of a description gets the offset of the emoji it describes.
    """
    if not emojis.keys() & set(text):
        return text, origins
    chars: list[str] = []
    new_origins: list[int] = []
    previous_space = True
    for char, origin in zip(text, origins, strict=True):
        if char in emojis:
            description = emojis[char]
            if not previous_space:
                chars.append(" ")
                new_origins.append(-1)
            chars.append(description)
            new_origins.extend([origin] * len(description))
            previous_space = False
        else:
            chars.append(char)
            new_origins.append(origin)
            previous_space = char == " "
    return "".join(chars), new_origins


def _token_ranges(
    text: str, tokens: Sequence[str], wanted: Sequence[int]
) -> list[tuple[int, tuple[int, int]]]:
    """Return ``(index, (start, end))`` in ``text`` of each wanted token (indices in order).

    ``tokens`` are VADER's tokens of ``text.split()``: the pieces with leading and trailing ASCII
    punctuation stripped, unless that leaves two characters or fewer.
    """
    pieces = text.split()
    lengths = list(map(len, pieces))
    if sum(lengths) + len(pieces) - 1 == len(text):
        # One whitespace character between pieces: a piece starts after the ones before it.
        starts = [sum(lengths[:i]) + i for i in wanted]
    else:
        # Pieces come in order and only whitespace lies between them, so the first match from
        # the cursor is the piece itself, even when the same word occurs earlier.
        every, cursor = [], 0
        for raw in pieces[: wanted[-1] + 1]:
            position = text.find(raw, cursor)
            every.append(position)
            cursor = position + len(raw)
        starts = [every[i] for i in wanted]
    ranges = []
    for i, position in zip(wanted, starts, strict=True):
        raw, token = pieces[i], tokens[i]
        lead = len(raw) - len(raw.lstrip(string.punctuation)) if token != raw else 0
        ranges.append((i, (position + lead, position + lead + len(token))))
    return ranges


def _signed(value: float, digits: int = 1) -> str:
    return f"{value:+.{digits}f}".replace("-", _MINUS)


_base_reasons: dict[float, str] = {}
"""The first half of :func:`_driver_reason` per lexicon value: VADER's values are few."""


def _driver_reason(
    words: Sequence[str],
    lowered_words: Sequence[str],
    index: int,
    base: float,
    final: float,
    but_index: int | None,
    caps_stand_out: bool,
) -> str:
    """Return a short account of a word's valence: its lexicon value and what changed it."""
    reason = _base_reasons.get(base)
    if reason is None:
        kind = "negative" if base < 0 else "positive"
        reason = f"{kind} word (VADER {_signed(base)})"
        # Keyed by value, and 0.0 == -0.0 would share a key but not a sign.
        if base and len(_base_reasons) < _MAX_CACHED_PIECES:
            _base_reasons[base] = reason
    if abs(final - base) < 1e-9:
        return reason
    lowered = lowered_words[max(0, index - 3) : index]
    word = words[index]
    word_lower = lowered_words[index]
    around = f" {' '.join(lowered_words[max(0, index - 3) : index + 3])} "
    changes: list[str] = []
    idiom = next(
        (p for p, p_words in _IDIOM_WORDS if word_lower in p_words and f" {p} " in around),
        None,
    )
    if idiom is not None:
        changes.append(f"idiom '{idiom}'")
    elif (final < 0) != (base < 0):
        flipper = next(
            (w for w in reversed(lowered) if w in _NEGATIONS or "n't" in w or w in ("no", "least")),
            None,
        )
        changes.append(f"'{flipper}' flips '{word}'" if flipper else f"'{word}' is negated")
    booster = next((w for w in reversed(lowered) if w in BOOSTER_DICT), None)
    if booster is not None:
        verb = "strengthens" if BOOSTER_DICT[booster] > 0 else "softens"
        changes.append(f"'{booster}' {verb} it")
    if caps_stand_out and word.isupper():
        changes.append("capitals add emphasis")
    if but_index is not None and index != but_index:
        changes.append("halved before 'but'" if index < but_index else "×1.5 after 'but'")
    if not changes:
        changes.append("adjusted by VADER's rules")
    return f"{reason}; {'; '.join(changes)}: {_signed(final, 2)}"


def _tone_driver(start: int, end: int, label: str, reason: str, weight: float) -> ToneDriver:
    """Return ``ToneDriver(start=start, end=end, label=label, reason=reason, weight=weight)``.

    Built like the words of ``pipeline._add_words``: filling the instance dictionary at once is
    several times faster than the frozen dataclass's ``__init__`` and gives an equal object.
    """
    driver = object.__new__(ToneDriver)
    driver.__dict__.update(
        start=start, end=end, kind="tone_driver", label=label, reason=reason, weight=weight
    )
    return driver


def score_tone(
    text: str,
    parts: Sequence[tuple[int, int]] | None = None,
    *,
    normalize_typography: bool = True,
) -> ToneResult:
    """Return the VADER tone of ``text`` (or of some parts of it) and the words that drove it.

    Args:
        text: The text the offsets refer to, typically one sentence or a whole article.
        parts: ``(start, end)`` ranges of ``text``; when given, only these are scored, joined by
            single spaces (for example only a sentence's narration, or only its quoted words).
            None scores the whole of ``text``.
        normalize_typography: Replace curly quotes, apostrophes and dashes first (see
            :func:`vader_input`); False scores the characters exactly as written.

    Returns:
        The compound score, equal to ``SentimentIntensityAnalyzer().polarity_scores(s)
        ["compound"]`` for ``s`` the (normalised) scored string, and one
        :class:`~analysis.model.ToneDriver` per word with a non-zero final valence: ``start`` and
        ``end`` in ``text``, ``label`` the word as written, ``weight`` its valence after VADER's
        booster, negation, capitals and "but" rules, and a ``reason`` such as "negative word
        (VADER −2.3)".

    Raises:
        ValueError: If a part is not a range inside ``text``.
    """
    analyzer = _analyzer()
    if parts is None:
        parts = [(0, len(text))]
    origins: list[int] | None
    if len(parts) == 1:
        # One range: a character's offset in ``text`` is ``offset`` plus its position.
        offset, end = parts[0]
        if not 0 <= offset <= end <= len(text):
            raise ValueError(f"part ({offset}, {end}) is not a range of a text of {len(text)}")
        joined, origins = text[offset:end], None
    else:
        joined, origins = _joined_with_origins(text, parts)
        offset = 0
    if normalize_typography:
        # vader_input, splitting the text once for the masking and the scoring.
        joined = _plain_typography(joined)
        entries = _entries(joined.split())
        masked = _mask_names(joined, entries)
        if masked is not joined:
            joined = masked
            entries = _entries(joined.split())
    else:
        entries = _entries(joined.split())
    # Every emoji in VADER's list is outside ASCII.
    emojis_replaced = not joined.isascii() and not analyzer.emojis.keys().isdisjoint(joined)
    if emojis_replaced:
        if origins is None:
            origins, offset = list(range(offset, offset + len(joined))), 0
        expanded, origins = _replace_emojis(joined, origins, analyzer.emojis)
        entries = _entries(expanded.split())
    else:
        expanded = joined
    if not any(map(_IN_LEXICON, entries)):
        # No word is in the lexicon: every valence is 0, and so is the compound (see
        # _sentiments), so the tokens need not be built.
        return ToneResult(compound=0.0, drivers=())
    # SentimentIntensityAnalyzer.polarity_scores (vaderSentiment 3.3.2), see _sentiments.
    words, lowered_words, is_cap_diff, hits = _vader_tokens(entries)
    sentiments = _sentiments(words, lowered_words, is_cap_diff, analyzer.lexicon, hits)
    if sentiments is None:
        # No word is in the lexicon: every valence is 0, and so is the compound.
        return ToneResult(compound=0.0, drivers=())
    scored = expanded.strip()
    if "but" in lowered_words:
        sentiments = analyzer._but_check(words, sentiments)
    compound = _compound(sentiments, scored)
    wanted = list(compress(range(len(sentiments)), sentiments))
    if not wanted:
        return ToneResult(compound=compound, drivers=())

    lead = len(expanded) - len(expanded.lstrip())
    if origins is None:
        offset += lead
    else:
        origins = origins[lead : lead + len(scored)]
    but_index = lowered_words.index("but") if "but" in lowered_words else None
    drivers: list[ToneDriver] = []
    for i, (start, end) in _token_ranges(scored, words, wanted):
        valence = sentiments[i]
        if origins is None:
            first, last = offset + start, offset + end - 1
        else:
            first, last = origins[start], origins[end - 1]
        base = analyzer.lexicon.get(lowered_words[i], valence)
        label = text[first : last + 1]
        reason = _driver_reason(words, lowered_words, i, base, valence, but_index, is_cap_diff)
        if emojis_replaced and vader_input(label).lower() != lowered_words[i]:
            # An emoji, read through one word of its description.
            reason = f"read as '{words[i]}': {reason}"
        drivers.append(_tone_driver(first, last + 1, label, reason, valence))
    return ToneResult(compound=compound, drivers=tuple(drivers))
