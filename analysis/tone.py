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
from bisect import bisect_right
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


_NO_TONE = ToneResult(compound=0.0, drivers=())


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
_IN_IDIOMS = frozenset(word for _, words in _IDIOM_WORDS for word in words)
_NGRAM_WORDS = frozenset(
    word for phrase in (*SPECIAL_CASES, *BOOSTER_DICT) if " " in phrase for word in phrase.split()
)
"""Every word of VADER's multi-word idioms and boosters: an n-gram of tokens (which never hold
whitespace) can match one only if each of its words is in this set."""
_NGRAM_KEY_WORDS = _NGRAM_WORDS - {"the", "of", "to", "for"}
"""The words of :data:`_NGRAM_WORDS` but four common ones: each multi-word idiom or booster has at
least one of them, so words around a token without any of them match none."""
_VALENCE_CUES = frozenset({"no", "so", "this", "least", *NEGATE, *BOOSTER_DICT})
"""The words that change the valence of a lexicon word up to three words after them (with any
word holding "n't"), in ``sentiment_valence``: "no", the boosters, the negations, "so" and
"this" (see :func:`_negation`) and "least"."""
_MAX_CACHED_PIECES = 50_000
_Piece = tuple[str, str, bool, bool, bool, bool, bool, bool, bool, bool, int]
# The fields of a piece's entry, see _piece_entry. A plain tuple: a NamedTuple would be slower
# to index, in C (itemgetter, BINARY_SUBSCR) as in Python.
(
    _TOKEN_AT,
    _LOWERED_AT,
    _UPPER_AT,
    _CANDIDATE_AT,
    _CAPITALISED_AT,
    _CLOSES_AT,
    _LINK_AT,
    _IN_LEXICON_AT,
    _NOTABLE_AT,
    _EMPHATIC_AT,
    _LEAD_AT,
) = range(11)
_TOKEN, _LOWERED, _UPPER = itemgetter(_TOKEN_AT), itemgetter(_LOWERED_AT), itemgetter(_UPPER_AT)
_CANDIDATE, _IN_LEXICON = itemgetter(_CANDIDATE_AT), itemgetter(_IN_LEXICON_AT)
_NOTABLE = itemgetter(_NOTABLE_AT)
_pieces: dict[str, _Piece] = {}


def _piece_entry(piece: str) -> _Piece:
    """Return what scoring needs to know of one whitespace-separated piece, memoised per piece.

    The fields, in order:

    - token: VADER's token, ``SentiText._strip_punc_if_word(piece)``;
    - lowered: the token lower-cased;
    - upper: whether the token is in capitals;
    - candidate: whether the piece is a capitalised word of VADER's lexicon that
      :func:`mask_proper_names` may hide;
    - capitalised: whether the piece is capitalised;
    - closes: whether the piece ends with punctuation that closes a name;
    - link: whether the piece is a name link ("of", "for"…);
    - in_lexicon: whether the token is in VADER's lexicon;
    - notable: in the lexicon, a candidate, "but" or emphatic (the other pieces of a text
      score 0 and only matter next to a notable one);
    - emphatic: in capitals and in the lexicon or a booster, so capitals may change a valence;
    - lead: where the token starts in the piece.

    A pure function of the piece, so the memo is bounded by the vocabulary.
    """
    entry = _pieces.get(piece)
    if entry is not None:
        return entry
    lexicon = _analyzer().lexicon
    stripped = piece.strip(string.punctuation)
    token = piece if len(stripped) <= 2 else stripped
    lowered = token.lower()
    capitalised = bool(stripped) and stripped[0].isupper()
    candidate = (
        # A piece opening with a lower-case letter or a digit keeps it after stripping
        # punctuation, so it cannot be capitalised: this cheap test skips most words.
        not (piece[0].islower() or piece[0].isdigit())
        and capitalised
        and stripped.lower() in lexicon
    )
    in_lexicon = lowered in lexicon
    emphatic = token.isupper() and (in_lexicon or lowered in BOOSTER_DICT)
    entry = (
        token,
        lowered,
        token.isupper(),
        candidate,
        capitalised,
        piece[-1] in ",.;:!?)\"'",
        piece in _NAME_LINKS,
        in_lexicon,
        in_lexicon or candidate or lowered == "but" or emphatic,
        emphatic,
        len(piece) - len(piece.lstrip(string.punctuation)) if token != piece else 0,
    )
    if len(_pieces) < _MAX_CACHED_PIECES:
        _pieces[piece] = entry
    return entry


def _entries(pieces: Sequence[str]) -> Sequence[_Piece]:
    """Return the :func:`_piece_entry` of each piece, looked up in C when all are memoised."""
    try:
        # itemgetter with several keys returns a tuple of values; with one, the bare value.
        if len(pieces) > 1:
            return itemgetter(*pieces)(_pieces)
        return tuple(map(_pieces.__getitem__, pieces))
    except KeyError:
        return [_piece_entry(piece) for piece in pieces]


def _vader_tokens(
    entries: Sequence[_Piece],
) -> tuple[Sequence[str], Sequence[str], bool, list[int]]:
    """Return VADER's tokens of the pieces, lower-cased too, ``is_cap_diff`` and lexicon hits.

    ``is_cap_diff`` is ``allcap_differential(tokens)``: some, but not all, tokens are in capitals.
    The hits are the indices of the tokens whose lower-case form is in VADER's lexicon. The plain
    reading, which tests hold against ``SentiText``; :func:`score_tone` reads only what the
    notable pieces need.
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
    preceding = lowered[max(0, i - 3) : i]
    plain = _VALENCE_CUES.isdisjoint(preceding) and "n't" not in " ".join(preceding)
    if not plain and (
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
    if plain:
        # No "no", booster, negation, "so", "this" or "least" among the three words before:
        # the loop below would only add 0.0 three times (the valence is never -0.0: lexicon
        # values are not 0) and look for an idiom.
        if (
            i > 2
            and lowered[i - 3] not in lexicon
            and not _NGRAM_KEY_WORDS.isdisjoint(lowered[i - 3 : i + 3])
        ):
            valence = _special_idioms(valence, lowered, i)
        return valence
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
            if start_i == 2 and not _NGRAM_KEY_WORDS.isdisjoint(lowered[i - 3 : i + 3]):
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
    # "in" finds a character faster than count counts it, and most texts have neither.
    ep_amplifier = min(text.count("!") if "!" in text else 0, 4) * 0.292
    qm_count = text.count("?") if "?" in text else 0
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
    if not text.isascii():
        # str.replace per character is many times faster than str.translate with a mapping,
        # and looking for each character faster than checking the text against all of them.
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
    candidates = compress(range(len(entries)), map(_CANDIDATE, entries))
    named = [i for i in candidates if _in_name(i, entries)]
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


def _unmasked_names(
    pieces: list[str], entries: Sequence[_Piece], candidates: Sequence[int]
) -> Sequence[_Piece]:
    """Return ``entries`` with the pieces :func:`mask_proper_names` would hide read as hidden.

    ``candidates`` are the indices of the pieces masking may hide. The entry of a hidden piece
    becomes that of the piece with its letters masked: masking replaces letters by letters, so
    the pieces and their positions stay the same.
    """
    if len(entries) < 2:
        return entries
    named = [i for i in candidates if _in_name(i, entries)]
    if not named:
        return entries
    entries = list(entries)
    for i in named:
        masked = "".join(_NAME_MASK if char.isalpha() else char for char in pieces[i])
        entries[i] = _piece_entry(masked)
    return entries


def _in_name(index: int, entries: Sequence[_Piece]) -> bool:
    """Whether the capitalised piece at ``index`` has a capitalised neighbour in the same name.

    ``entries`` are the :func:`_piece_entry` of the pieces. The first piece is itself part of a
    name only when two capitalised words follow it.
    """
    if index == 0:
        return _name_run(entries, index, 1) >= 2
    return _name_run(entries, index, 1) >= 1 or _name_run(entries, index, -1) >= 1


def _name_run(entries: Sequence[_Piece], index: int, step: int) -> int:
    """Return how many capitalised pieces of one name follow (step 1) or precede (-1) ``index``.

    The entries say which pieces are name links ("of", "for"…), which are capitalised (the
    first piece never counts: it is capitalised because it starts the sentence) and which end
    with punctuation, which closes the name.
    """
    count_all = len(entries)
    count, j = 0, index
    while True:
        k = j + step
        if not 0 <= k < count_all or entries[min(j, k)][_CLOSES_AT]:
            return count
        if not (k and entries[k][_CAPITALISED_AT]) and entries[k][_LINK_AT]:
            k += step
            if (
                not 0 <= k < count_all
                or entries[min(j, k)][_CLOSES_AT]
                or entries[min(k, k - step)][_CLOSES_AT]
            ):
                return count
        if not (k and entries[k][_CAPITALISED_AT]):
            return count
        count, j = count + 1, k


def _joined_parts(text: str, parts: Sequence[tuple[int, int]]) -> str:
    """Return the parts of ``text`` joined by single spaces.

    Raises:
        ValueError: If a part is not a range inside ``text``.
    """
    for start, end in parts:
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"part ({start}, {end}) is not a range of a text of {len(text)}")
    return " ".join(text[start:end] for start, end in parts)


def _char_origins(parts: Sequence[tuple[int, int]]) -> list[int]:
    """Return the offset in the text of each character of :func:`_joined_parts` (separators -1)."""
    origins: list[int] = []
    for number, (start, end) in enumerate(parts):
        if number:
            origins.append(-1)
        origins.extend(range(start, end))
    return origins


def _part_starts(parts: Sequence[tuple[int, int]]) -> list[int]:
    """Return where each part starts in :func:`_joined_parts`."""
    starts, position = [], 0
    for start, end in parts:
        starts.append(position)
        position += end - start + 1
    return starts


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
    text: str, pieces: Sequence[str], entries: Sequence[_Piece], wanted: Sequence[int]
) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` in ``text`` of VADER's token of each wanted piece.

    ``pieces`` are ``text.split()`` and ``entries`` their :func:`_piece_entry` (or that of the
    piece with its letters masked, whose token has the same place); ``wanted`` are indices of
    pieces, in order.
    """
    if " ".join(pieces) == text:
        # One space between pieces: piece i is the match of it with i spaces before it (and a
        # space, or nothing, just before).
        starts = []
        for i in wanted:
            raw = pieces[i]
            position = text.find(raw)
            while text.count(" ", 0, position) != i or (position and text[position - 1] != " "):
                position = text.find(raw, position + 1)
            starts.append(position)
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
    for k, position in enumerate(starts):
        entry = entries[wanted[k]]
        start = position + entry[_LEAD_AT]
        ranges.append((start, start + len(entry[_TOKEN_AT])))
    return ranges


def _signed(value: float, digits: int = 1) -> str:
    return f"{value:+.{digits}f}".replace("-", _MINUS)


_base_reasons: dict[float, str] = {}
"""The first half of :func:`_driver_reason` per lexicon value: VADER's values are few."""


def _driver_reason(
    word: str,
    lowered_words: Sequence[str],
    index: int,
    base: float,
    final: float,
    but_index: int | None,
    caps_stand_out: bool,
) -> str:
    """Return a short account of a word's valence: its lexicon value and what changed it.

    ``word`` is VADER's token at ``index`` of the lower-cased tokens ``lowered_words``.
    """
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
    word_lower = lowered_words[index]
    changes: list[str] = []
    idiom = None
    if word_lower in _IN_IDIOMS:
        around = f" {' '.join(lowered_words[max(0, index - 3) : index + 3])} "
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


def _tone_result(compound: float, drivers: tuple[ToneDriver, ...]) -> ToneResult:
    """Return ``ToneResult(compound=compound, drivers=drivers)``, built as :func:`_tone_driver`."""
    result = object.__new__(ToneResult)
    result.__dict__.update(compound=compound, drivers=drivers)
    return result


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
    if len(parts) == 1:
        start, end = parts[0]
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"part ({start}, {end}) is not a range of a text of {len(text)}")
        joined = text[start:end]
    else:
        joined = _joined_parts(text, parts)
    origins: list[int] | None = None
    if normalize_typography:
        joined = _plain_typography(joined)
    # Every emoji in VADER's list is outside ASCII.
    emojis_replaced = not joined.isascii() and not analyzer.emojis.keys().isdisjoint(joined)
    if emojis_replaced:
        if normalize_typography:
            joined = mask_proper_names(joined)
        # Each character of an emoji's description gets the emoji's offset.
        expanded, origins = _replace_emojis(joined, _char_origins(parts), analyzer.emojis)
    else:
        expanded = joined
    pieces = expanded.split()
    entries = _entries(pieces)
    notable = list(compress(range(len(entries)), map(_NOTABLE, entries)))
    if normalize_typography and notable and not emojis_replaced:
        # The rest of vader_input: mask_proper_names on the entries, not the text.
        candidates = [i for i in notable if entries[i][_CANDIDATE_AT]]
        if candidates:
            entries = _unmasked_names(pieces, entries, candidates)
    # SentimentIntensityAnalyzer.polarity_scores (vaderSentiment 3.3.2), see _sentiments. Only
    # notable pieces matter: the others are off the lexicon and score 0.
    hits: list[int] = []
    emphatic = False
    but_index = None
    for i in notable:
        entry = entries[i]
        if entry[_IN_LEXICON_AT]:
            hits.append(i)
        emphatic = emphatic or entry[_EMPHATIC_AT]
        if but_index is None and entry[_LOWERED_AT] == "but":
            but_index = i
    if not hits:
        # No word is in the lexicon: every valence is 0, and so is the compound.
        return _NO_TONE
    lowered_words = tuple(map(_LOWERED, entries))
    # allcap_differential matters only for words in capitals that are in the lexicon or boost.
    count = len(entries)
    is_cap_diff = emphatic and 0 < count - sum(map(_UPPER, entries)) < count
    # VADER reads the tokens as written only to see capitals, and only when is_cap_diff.
    words = tuple(map(_TOKEN, entries)) if is_cap_diff else lowered_words
    sentiments = _sentiments(words, lowered_words, is_cap_diff, analyzer.lexicon, hits)
    assert sentiments is not None  # there are hits
    if but_index is not None:
        # The "but" rule reads the tokens lower-cased.
        sentiments = analyzer._but_check(lowered_words, sentiments)
    scored = expanded.strip()
    compound = _compound(sentiments, scored)
    # Words off the lexicon have valence 0, and the "but" rule only scales valences.
    wanted = [i for i in hits if sentiments[i]]
    if not wanted:
        return _tone_result(compound, ())

    lead = len(expanded) - len(expanded.lstrip())
    # Tokens hold no space, so each lies in one part, where offsets run on with positions.
    part_starts = _part_starts(parts) if len(parts) > 1 else [0]
    drivers: list[ToneDriver] = []
    for k, (start, end) in enumerate(_token_ranges(scored, pieces, entries, wanted)):
        i = wanted[k]
        token, valence = entries[i][_TOKEN_AT], sentiments[i]
        if origins is None:
            part = bisect_right(part_starts, lead + start) - 1 if len(parts) > 1 else 0
            first = parts[part][0] + lead + start - part_starts[part]
            last = first + end - start - 1
        else:
            first, last = origins[lead + start], origins[lead + end - 1]
        base = analyzer.lexicon.get(lowered_words[i], valence)
        label = text[first : last + 1]
        reason = _driver_reason(token, lowered_words, i, base, valence, but_index, is_cap_diff)
        if emojis_replaced and vader_input(label).lower() != lowered_words[i]:
            # An emoji, read through one word of its description.
            reason = f"read as '{token}': {reason}"
        drivers.append(_tone_driver(first, last + 1, label, reason, valence))
    return _tone_result(compound, tuple(drivers))
