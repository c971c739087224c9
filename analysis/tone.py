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

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    SentiText,
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
    words before a sentiment word; this version lower-cases only those three. The logic is
    VADER's (MIT), unchanged: callers guarantee ``i > start_i``, so every index is non-negative.
    """

    @staticmethod
    def _negation_check(
        valence: float, words_and_emoticons: list[str], start_i: int, i: int
    ) -> float:
        lower = {k: str(words_and_emoticons[k]).lower() for k in range(max(0, i - 3), i)}
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
    if not _TYPOGRAPHIC_CHARS.isdisjoint(text):
        # str.replace per character is many times faster than str.translate with a mapping.
        for char, replacement in _TYPOGRAPHY_PAIRS:
            if char in text:
                text = text.replace(char, replacement)
    return mask_proper_names(text)


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
    lexicon = _analyzer().lexicon
    candidates = [
        i
        for i, piece in enumerate(pieces)
        # A piece opening with a lower-case letter or a digit keeps it after stripping
        # punctuation, so it cannot be capitalised: this cheap test skips most words.
        if not (piece[0].islower() or piece[0].isdigit())
        and (word := piece.strip(string.punctuation))
        and word[0].isupper()
        and word.lower() in lexicon
    ]
    if not candidates:
        return text
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]
    capital = [_is_capitalised(token) for _, _, token in tokens]
    closed = [token[-1] in ",.;:!?)\"'" for _, _, token in tokens]
    chars: list[str] | None = None
    for i in candidates:
        start, end, _ = tokens[i]
        if _in_name(i, tokens, capital, closed):
            chars = chars if chars is not None else list(text)
            for position in range(start, end):
                if text[position].isalpha():
                    chars[position] = _NAME_MASK
    return text if chars is None else "".join(chars)


def _is_capitalised(token: str) -> bool:
    letters = token.strip(string.punctuation)
    return bool(letters) and letters[0].isupper()


def _in_name(
    index: int, tokens: Sequence[tuple[int, int, str]], capital: list[bool], closed: list[bool]
) -> bool:
    """Whether the capitalised token at ``index`` has a capitalised neighbour in the same name.

    The first token is capitalised because it starts the sentence, so it is never counted as a
    neighbour; it is itself part of a name only when two capitalised words follow it.
    """
    neighbour = [c and i > 0 for i, c in enumerate(capital)]

    def run(step: int) -> int:
        count, j = 0, index
        while True:
            k = j + step
            if not 0 <= k < len(tokens) or closed[min(j, k)]:
                return count
            if not neighbour[k] and tokens[k][2] in _NAME_LINKS:
                k += step
                if not 0 <= k < len(tokens) or closed[min(j, k)] or closed[min(k, k - step)]:
                    return count
            if not neighbour[k]:
                return count
            count, j = count + 1, k

    if index == 0:
        return run(1) >= 2
    return run(1) >= 1 or run(-1) >= 1


def _has_lexicon_word(text: str, lexicon: dict[str, float]) -> bool:
    """Whether any of VADER's tokens of ``text`` could be in its lexicon.

    A VADER token is a whitespace-separated piece, with its ASCII punctuation stripped unless that
    leaves two characters or fewer, so checking both forms of every piece is exact.
    """
    for piece in text.lower().split():
        if piece in lexicon or piece.strip(string.punctuation) in lexicon:
            return True
    return False


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


def _token_ranges(text: str, tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Return where each of VADER's tokens lies in ``text`` (the text VADER split).

    VADER's tokens are the whitespace-separated pieces with leading and trailing ASCII
    punctuation stripped, unless that leaves two characters or fewer.
    """
    ranges: list[tuple[int, int]] = []
    cursor = 0
    for raw, token in zip(text.split(), tokens, strict=True):
        # Pieces come in order and only whitespace lies between them, so the first match from
        # the cursor is the piece itself, even when the same word occurs earlier.
        position = text.find(raw, cursor)
        cursor = position + len(raw)
        lead = len(raw) - len(raw.lstrip(string.punctuation)) if token != raw else 0
        ranges.append((position + lead, position + lead + len(token)))
    return ranges


def _signed(value: float, digits: int = 1) -> str:
    return f"{value:+.{digits}f}".replace("-", _MINUS)


def _driver_reason(
    words: Sequence[str],
    index: int,
    base: float,
    final: float,
    but_index: int | None,
    caps_stand_out: bool,
) -> str:
    """Return a short account of a word's valence: its lexicon value and what changed it."""
    lowered = [word.lower() for word in words[max(0, index - 3) : index]]
    word = words[index]
    around = " ".join(w.lower() for w in words[max(0, index - 3) : index + 3])
    kind = "negative" if base < 0 else "positive"
    reason = f"{kind} word (VADER {_signed(base)})"
    if abs(final - base) < 1e-9:
        return reason
    changes: list[str] = []
    idiom = next(
        (p for p in SPECIAL_CASES if word.lower() in p.split() and f" {p} " in f" {around} "),
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
        joined = vader_input(joined)
    emojis_replaced = not analyzer.emojis.keys().isdisjoint(joined)
    if not emojis_replaced and not _has_lexicon_word(joined, analyzer.lexicon):
        # Every valence would be 0, and so is the compound VADER returns for that.
        return ToneResult(compound=0.0, drivers=())
    if emojis_replaced:
        if origins is None:
            origins, offset = list(range(offset, offset + len(joined))), 0
        expanded, origins = _replace_emojis(joined, origins, analyzer.emojis)
    else:
        expanded = joined
    scored = expanded.strip()
    lead = len(expanded) - len(expanded.lstrip())
    if origins is None:
        offset += lead
    else:
        origins = origins[lead : lead + len(scored)]

    # The loop of SentimentIntensityAnalyzer.polarity_scores (vaderSentiment 3.3.2).
    sentitext = SentiText(scored)
    words = sentitext.words_and_emoticons
    sentiments: list[float] = []
    lexicon = analyzer.lexicon
    for i, item in enumerate(words):
        lowered = item.lower()
        if (
            lowered not in lexicon  # sentiment_valence would append 0: skip the call
            or lowered in BOOSTER_DICT
            or (i < len(words) - 1 and lowered == "kind" and words[i + 1].lower() == "of")
        ):
            sentiments.append(0)
            continue
        sentiments = analyzer.sentiment_valence(0, sentitext, item, i, sentiments)
    sentiments = analyzer._but_check(words, sentiments)
    compound = analyzer.score_valence(sentiments, scored)["compound"]

    if not any(sentiments):
        return ToneResult(compound=compound, drivers=())
    lowered_words = [word.lower() for word in words]
    but_index = lowered_words.index("but") if "but" in lowered_words else None
    drivers: list[ToneDriver] = []
    for i, (valence, (start, end)) in enumerate(
        zip(sentiments, _token_ranges(scored, words), strict=True)
    ):
        if not valence:
            continue
        if origins is None:
            first, last = offset + start, offset + end - 1
        else:
            first, last = origins[start], origins[end - 1]
        base = analyzer.lexicon.get(lowered_words[i], valence)
        label = text[first : last + 1]
        reason = _driver_reason(words, i, base, valence, but_index, sentitext.is_cap_diff)
        if emojis_replaced and vader_input(label).lower() != lowered_words[i]:
            # An emoji, read through one word of its description.
            reason = f"read as '{words[i]}': {reason}"
        drivers.append(
            ToneDriver(start=first, end=last + 1, label=label, reason=reason, weight=valence)
        )
    return ToneResult(compound=compound, drivers=tuple(drivers))
