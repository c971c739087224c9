"""Equivalence tests for the faster re-implementations in the analysis engine.

Each fast path is compared with the code it replaces: VADER's own ``polarity_scores`` loop,
textstat's counts, and straightforward versions of the project's own rules.
"""

from __future__ import annotations

import re
import string

import textstat
from hypothesis import given, settings
from hypothesis import strategies as st
from textstat.backend.counts._count_syllables import count_syllables
from textstat.backend.selections._list_words import list_words
from textstat.backend.validations._is_difficult_word import is_difficult_word
from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    SentiText,
    allcap_differential,
)

from analysis.boilerplate import _is_capitals_teaser
from analysis.model import Block
from analysis.pipeline import _RangeSet
from analysis.readability import SentenceCounts, sentence_counts
from analysis.segment import WORD_RE
from analysis.tone import (
    _compound,
    _entries,
    _sentiments,
    _vader_tokens,
    mask_proper_names,
    score_tone,
    vader_input,
)

VADER = SentimentIntensityAnalyzer()

_VADER_VOCAB = [
    *[
        "good",
        "bad",
        "not",
        "very",
        "but",
        "kind",
        "of",
        "sort",
        "no",
        "least",
        "at",
        "nor",
        "or",
        "never",
        "so",
        "this",
        "without",
        "doubt",
    ],
    *[
        "the",
        "bomb",
        "kiss",
        "death",
        "yeah",
        "right",
        "just",
        "enough",
        "kinda",
        "sorta",
        "bus",
        "stop",
        "bad",
        "ass",
        "to",
        "die",
        "for",
    ],
    *[
        "GREAT",
        "VERY",
        "Good",
        "BAD",
        "extremely",
        "barely",
        "isn't",
        "don't",
        "can't",
        "war",
        "killed",
        "peace",
        "hope",
    ],
    *["ruthless!", "(calm)", "'evil'", ":)", ":D", "<3", "😁", "☹", "...", "??", "!!", "a", "A"],
]


def _vader_sentiments(text: str) -> list[float]:
    """The per-token valences of ``polarity_scores`` (vaderSentiment 3.3.2), its own loop."""
    sentitext = SentiText(text)
    words = sentitext.words_and_emoticons
    sentiments: list[float] = []
    for i, item in enumerate(words):
        if item.lower() in BOOSTER_DICT:
            sentiments.append(0)
            continue
        if i < len(words) - 1 and item.lower() == "kind" and words[i + 1].lower() == "of":
            sentiments.append(0)
            continue
        sentiments = VADER.sentiment_valence(0, sentitext, item, i, sentiments)
    return VADER._but_check(words, sentiments)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_VADER_VOCAB), max_size=16).map(" ".join))
def test_valences_equal_vaders_own_loop(text: str) -> None:
    entries = _entries(text.split())
    words, lowered, is_cap_diff, hits = _vader_tokens(entries)
    sentitext = SentiText(text)
    assert list(words) == sentitext.words_and_emoticons
    assert is_cap_diff == allcap_differential(sentitext.words_and_emoticons)
    assert hits == [i for i, word in enumerate(lowered) if word in VADER.lexicon]
    expected = _vader_sentiments(text)
    sentiments = _sentiments(words, lowered, is_cap_diff, VADER.lexicon, hits)
    if sentiments is None:
        assert not any(expected)
        return
    if "but" in lowered:
        sentiments = VADER._but_check(words, sentiments)
    # Same values and the same types (an idiom's valence stays an int, as in VADER).
    assert [(type(v), v) for v in sentiments] == [(type(v), v) for v in expected]
    assert _compound(sentiments, text) == VADER.score_valence(expected, text)["compound"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aB .,!?'\"-:)(x😁\u2019\u201c\u2014")), max_size=40))
def test_tokens_equal_sentitext_on_any_characters(text: str) -> None:
    entries = _entries(text.split())
    words, _, is_cap_diff, _ = _vader_tokens(entries)
    sentitext = SentiText(text)
    assert list(words) == sentitext.words_and_emoticons
    assert is_cap_diff == allcap_differential(sentitext.words_and_emoticons)
    normalised = vader_input(text)
    assert score_tone(text).compound == VADER.polarity_scores(normalised)["compound"]


def _reference_mask(text: str) -> str:
    """mask_proper_names as first written: every test run on the pieces of the text."""
    pieces = text.split()
    if len(pieces) < 2:
        return text
    candidates = [
        i
        for i, piece in enumerate(pieces)
        if (word := piece.strip(string.punctuation))
        and word[0].isupper()
        and word.lower() in VADER.lexicon
    ]
    capital = [
        bool(p.strip(string.punctuation)) and p.strip(string.punctuation)[0].isupper()
        for p in pieces
    ]
    closed = [p[-1] in ",.;:!?)\"'" for p in pieces]
    links = {"of", "for", "and", "the", "de", "al"}

    def in_name(index: int) -> bool:
        neighbour = [c and i > 0 for i, c in enumerate(capital)]

        def run(step: int) -> int:
            count, j = 0, index
            while True:
                k = j + step
                if not 0 <= k < len(pieces) or closed[min(j, k)]:
                    return count
                if not neighbour[k] and pieces[k] in links:
                    k += step
                    if not 0 <= k < len(pieces) or closed[min(j, k)] or closed[min(k, k - step)]:
                        return count
                if not neighbour[k]:
                    return count
                count, j = count + 1, k

        return run(1) >= 2 if index == 0 else run(1) >= 1 or run(-1) >= 1

    positions, cursor = [], 0
    for piece in pieces:
        cursor = text.index(piece, cursor)
        positions.append(cursor)
        cursor += len(piece)
    chars = list(text)
    for i in candidates:
        if in_name(i):
            for position in range(positions[i], positions[i] + len(pieces[i])):
                if text[position].isalpha():
                    chars[position] = "x"
    return "".join(chars)


_NAME_VOCAB = [
    *[
        "Defense",
        "Secretary",
        "Lloyd",
        "Austin",
        "of",
        "the",
        "Central",
        "Intelligence",
        "Agency",
        "Good",
        "Hope",
        "said",
    ],
    *[
        "Friday",
        "Morning",
        "America,",
        "Joe.",
        "He",
        "met",
        "and",
        "for",
        "de",
        "al",
        "Sadly",
        "Biden",
        "no",
        "good",
        "(Hope)",
        "Grim",
    ],
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_NAME_VOCAB), max_size=12).map(" ".join))
def test_masking_equals_the_plain_version(text: str) -> None:
    assert mask_proper_names(text) == _reference_mask(text)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(["don't", "'quoted'", "Kabul’s", "well-known", "U.S.", "42", "é", "_", ","])
        | st.sampled_from(["extraordinary", "the", "Afghanistan", "cat", "beautifully", "a’b"])
        | st.text(max_size=6),
        max_size=12,
    ).map(" ".join)
)
def test_sentence_counts_equal_textstat(text: str) -> None:
    counts = sentence_counts(text)
    countable = text.replace("\u2019", "'")
    words = list_words(countable)
    if not words:
        assert counts == SentenceCounts()
        return
    syllables = [count_syllables(word, "en_US") for word in words]
    assert counts == SentenceCounts(
        words=len(words),
        syllables=sum(syllables),
        letters=textstat.letter_count(countable),
        polysyllables=sum(1 for n in syllables if n >= 3),
        complex_words=sum(1 for word in words if is_difficult_word(word, 3, "en_US")),
        difficult_words=sum(1 for word in words if is_difficult_word(word, 0, "en_US")),
    )


def _reference_teaser(stripped: str, words: list[str]) -> bool:
    """_is_capitals_teaser without its quick exit."""
    if len(words) < 7 or stripped[0] in "“‘\"'(" or stripped[-1] in ".:;—–-":
        return False
    letters = [char for char in stripped if char.isalpha()]
    figures = sum(1 for word in words if any(char.isdigit() for char in word))
    upper = sum(1 for char in letters if char.isupper())
    return upper >= 0.9 * len(letters) and figures <= len(words) // 4


@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.sampled_from(["WAR", "Kabul", "in", "2021", "ÉTÉ", "ⓐⒶ", "x", "NEWS:", "é", "A1"])
        | st.text(min_size=1, max_size=5),
        min_size=1,
        max_size=12,
    ).map(" ".join)
)
def test_capitals_teaser_quick_exit_changes_nothing(line: str) -> None:
    stripped = line.strip()
    if not stripped:
        return
    words = stripped.split()
    assert _is_capitals_teaser(stripped, words) == _reference_teaser(stripped, words)


def _reference_voices(ranges: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[str]:
    result = []
    for start, end in spans:
        inside = sum(max(0, min(e, end) - max(s, start)) for s, e in ranges)
        result.append("quote" if inside * 2 > end - start else "narration")
    return result


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=60), max_size=8),
    st.lists(st.integers(min_value=0, max_value=60), max_size=20),
)
def test_voices_equal_a_plain_overlap_count(
    range_points: list[int], span_points: list[int]
) -> None:
    # Sorted, non-overlapping ranges and words, as the pipeline has them.
    points = sorted(set(range_points))
    ranges = list(zip(points[0::2], points[1::2], strict=False))
    points = sorted(set(span_points))
    spans = list(zip(points[0::2], points[1::2], strict=False))
    assert _RangeSet(ranges).voices(spans) == _reference_voices(ranges, spans)


_PLAIN_WORD_RE = re.compile(r"\d+(?:[.,:]\d+)*%?|[^\W_]+(?:[’'\-.][^\W_]+)*")


@settings(max_examples=800, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("a9Zé٣_ .,:%’'-\n")) | st.characters(),
        max_size=40,
    )
)
def test_word_pattern_equals_the_plain_one(text: str) -> None:
    assert [m.span() for m in WORD_RE.finditer(text)] == [
        m.span() for m in _PLAIN_WORD_RE.finditer(text)
    ]
    assert bool(WORD_RE.fullmatch(text)) == bool(_PLAIN_WORD_RE.fullmatch(text))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["the", "extraordinary", "Afghanistan", "don't", "42", "a’b", "cat"])
    | st.text(alphabet=st.sampled_from(list("abcxyzAE'é")), min_size=1, max_size=8)
)
def test_packed_profile_holds_the_word_profile(word: str) -> None:
    from analysis.readability import _FIELD_BITS, _FIELD_MASK, _packed_profile, _word_profile

    packed = _packed_profile(word)
    fields = tuple((packed >> (n * _FIELD_BITS)) & _FIELD_MASK for n in range(4))
    assert fields == _word_profile(word)
    # Summing packed profiles sums each count separately.
    assert (3 * packed) & _FIELD_MASK == 3 * _word_profile(word)[0]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_VADER_VOCAB), max_size=16).map(" ".join))
def test_driver_reasons_do_not_depend_on_the_memo(text: str) -> None:
    from analysis import tone

    remembered = score_tone(text)
    tone._base_reasons.clear()
    assert score_tone(text) == remembered


def test_text_without_lexicon_words_has_no_tone() -> None:
    for text in ("The cat sat on the mat.", "", "   ", "Kabul’s 42 U.S. officials"):
        result = score_tone(text)
        assert result.compound == VADER.polarity_scores(vader_input(text))["compound"] == 0.0
        assert result.drivers == ()


_WORD_PIECES = st.sampled_from(["word", "U.S.", "124,000", "3rd", "50%", "It’s", "a_b", "é²x", "—"])
_WORD_TEXT = st.lists(
    _WORD_PIECES | st.text(alphabet=st.sampled_from(list("a9٣_ .,:%’'-\n\xa0“")), max_size=4),
    max_size=40,
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(_WORD_TEXT, st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=400))
def test_word_spans_equal_the_word_pattern_one_by_one(text: str, start: int, size: int) -> None:
    from analysis.segment import word_spans

    start = min(start, len(text))
    end = min(start + size, len(text))
    # Runs of more words than one match takes (16) included.
    assert word_spans(text, start, end) == [
        m.span() for m in _PLAIN_WORD_RE.finditer(text, start, end)
    ]
    assert word_spans(text) == [m.span() for m in _PLAIN_WORD_RE.finditer(text)]


_SENTENCE_PIECES = st.sampled_from(
    [
        "He said so.",
        "President Biden spoke",
        "U.S.",
        "Gen.",
        "etc.",
        "“Yes.”",
        "no!",
        "What?!",
        "a.m.",
        "said. President",
        "e.g. The",
        "1.",
        "(a)",
        "Wait . . .",
    ]
)
_SENTENCE_TEXT = st.lists(
    _SENTENCE_PIECES
    | st.text(alphabet=st.sampled_from(list("aB .!?…\"')]}”’»*“‘(\n\t-")), max_size=5),
    max_size=8,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(_SENTENCE_TEXT)
def test_punkt_spans_equal_nupunkts_own(chunk: str) -> None:
    import nupunkt

    from analysis.segment import _punkt_spans

    assert _punkt_spans(chunk) == nupunkt.sent_spans(chunk)


_LOOKBEHIND_MISSED_BREAK = re.compile(r"(?<=[a-z]{2}[.!?])\s+(?=[“\"‘']?[A-Z])")


@settings(max_examples=500, deadline=None)
@given(
    _SENTENCE_TEXT, st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=60)
)
def test_missed_break_searched_from_the_mark_equals_the_lookbehind(
    text: str, start: int, size: int
) -> None:
    from analysis.segment import _MISSED_BREAK

    start = min(start, len(text))
    end = min(start + size, len(text))
    found = [(m.start(1), m.end()) for m in _MISSED_BREAK.finditer(text, max(start - 1, 0), end)]
    assert found == [m.span() for m in _LOOKBEHIND_MISSED_BREAK.finditer(text, start, end)]
    assert bool(_MISSED_BREAK.search(text, max(start - 1, 0), end)) == bool(found)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Subscribe", "SIGN UP", "sİgn up", "ſubscribe", "ſ", "ı", "K", "©"])
        | st.sampled_from(["You’re Subscribed", "this Story was Updated", "Join Our", "news"])
        | st.text(max_size=4),
        max_size=6,
    ).map(" ".join)
)
def test_footer_search_in_lower_case_equals_ignorecase(line: str) -> None:
    from analysis.boilerplate import _FOOTER, _has_footer

    assert _has_footer(line) == bool(_FOOTER.search(line))


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(["(AP Photo/Susan Walsh)", "REUTERS/Kemal Aslan", "(@AlexBerenson)", "."])
        | st.sampled_from(["— Alex Berenson", "June 4, 2020", "said.", ")", "/", " "])
        | st.text(max_size=4),
        max_size=8,
    ).map(" ".join)
)
def test_quick_checks_before_credit_patterns_hide_no_match(line: str) -> None:
    from analysis.boilerplate import _POST_SIGNATURE, _TRAILING_CREDIT, _TRAILING_PARENTHESIS

    stripped = line.strip()
    assert _TRAILING_PARENTHESIS.search(stripped) is None or stripped.endswith(")")
    assert _TRAILING_CREDIT.search(stripped) is None or "/" in stripped
    assert _POST_SIGNATURE.search(stripped) is None or "(@" in stripped


@settings(max_examples=600, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab9 '\"“”‘—–…\xa0\x1c_.,-!é\t")) | st.characters(),
        max_size=30,
    )
    | st.sampled_from(["don't", "'t", "'“t", "x'–s", "rock’n’roll"])
)
def test_list_words_equal_textstats(text: str) -> None:
    from analysis.readability import _list_words

    countable = text.replace("\u2019", "'")
    assert _list_words(countable) == list_words(countable)


def test_block_builder_equals_the_dataclass() -> None:
    from analysis.model import Block
    from analysis.segment import _block

    built = _block(3, 9, "caption", "Photo caption")
    expected = Block(start=3, end=9, role="caption", label="caption", reason="Photo caption")
    assert built == expected
    assert vars(built) == vars(expected)
    assert list(vars(built)) == list(vars(expected))


_TONE_VOCAB = [
    *_VADER_VOCAB,
    *_NAME_VOCAB,
    *["wouldn't've", "oughtn't", "Don't", "NOT", "So", "Kind", "badass", "BUT", "But,"],
    *["(good)", "good.", "“good”", "‘Hope’", "bomb!", "X", "xd", "XD", ":-)", "—", "42"],
]
_SEPARATORS = [" ", " ", " ", "  ", "\n", " — ", "\u00a0", ", "]


def _reference_tone(
    text: str, parts: list[tuple[int, int]]
) -> tuple[float, list[tuple[object, ...]] | None]:
    """score_tone read plainly: VADER's own loop on vader_input of the joined parts.

    Returns the compound and, for text without emojis (else None), each driver's start, end,
    label, reason, weight type and weight.
    """
    from analysis.tone import _driver_reason

    joined = " ".join(text[start:end] for start, end in parts)
    origins: list[int] = []
    for number, (start, end) in enumerate(parts):
        origins += ([-1] if number else []) + list(range(start, end))
    normalised = vader_input(joined)
    compound = VADER.polarity_scores(normalised)["compound"]
    if any(char in VADER.emojis for char in normalised):
        return compound, None
    valences = _vader_sentiments(normalised)
    words = SentiText(normalised).words_and_emoticons
    lowered = [word.lower() for word in words]
    is_cap_diff = allcap_differential(words)
    but_index = lowered.index("but") if "but" in lowered else None
    pieces = list(re.finditer(r"\S+", normalised))
    drivers: list[tuple[object, ...]] = []
    for i, valence in enumerate(valences):
        if not valence:
            continue
        position = pieces[i].start() + pieces[i].group().find(words[i])
        first, last = origins[position], origins[position + len(words[i]) - 1]
        base = VADER.lexicon.get(lowered[i], valence)
        reason = _driver_reason(words[i], lowered, i, base, valence, but_index, is_cap_diff)
        drivers.append((first, last + 1, text[first : last + 1], reason, type(valence), valence))
    return compound, drivers


@settings(max_examples=1500, deadline=None)
@given(
    words=st.lists(st.sampled_from(_TONE_VOCAB) | st.text(max_size=4), max_size=18),
    separators=st.lists(st.sampled_from(_SEPARATORS), max_size=18),
    cuts=st.lists(st.integers(min_value=0, max_value=120), max_size=4),
)
def test_tone_equals_the_plain_reading(
    words: list[str], separators: list[str], cuts: list[int]
) -> None:
    # Only the notable pieces and their neighbours are read, names are masked on the pieces'
    # entries, capitals are counted only when they may matter, and drivers are placed by a
    # search: all as VADER's own loop on the masked text.
    text = "".join(w + (separators[i] if i < len(separators) else " ") for i, w in enumerate(words))
    points = sorted({min(cut, len(text)) for cut in cuts} | {0, len(text)})
    parts = list(zip(points[0::2], points[1::2], strict=False)) or [(0, len(text))]
    result = score_tone(text, parts)
    compound, drivers = _reference_tone(text, parts)
    assert result.compound == compound
    if drivers is not None:
        assert [
            (d.start, d.end, d.label, d.reason, type(d.weight), d.weight) for d in result.drivers
        ] == drivers


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TONE_VOCAB) | st.text(max_size=4), max_size=14).map(" ".join))
def test_tone_does_not_depend_on_the_piece_memo(text: str) -> None:
    from analysis import tone

    remembered = score_tone(text)
    tone._pieces.clear()
    assert score_tone(text) == remembered
    # Half memoised: only the even pieces.
    tone._pieces.clear()
    for piece in text.split()[::2]:
        tone._piece_entry(piece)
    assert score_tone(text) == remembered


def test_every_multi_word_idiom_has_a_key_word() -> None:
    from analysis.tone import _NGRAM_KEY_WORDS

    for phrase in [*SPECIAL_CASES, *BOOSTER_DICT]:
        if " " in phrase:
            assert _NGRAM_KEY_WORDS & set(phrase.split()), phrase


# --- Quotes: the searches find_quotes makes, against the regular expressions they replace ------

_QUOTE_WORDS = [
    *["spokesman", "general", "gen", "Gen.", "ceo", "representative", "Mark", "Milley", "Milley’s"],
    *["de", "la", "al", "the", "The", "in", "(in", "IN", "ın", "at", "Throughout", "said", "by"],
    *["McKenzie", "US", "É", "Éric", "iPhone", "Kabul,", "(Hope)", "x", ",", "—", "“Yes.”"],
]
_QUOTE_SPACES = [" ", " ", " ", "  ", "\n", "\xa0", "\t ", "\u2003"]


@st.composite
def _text_and_window(draw: st.DrawFn) -> tuple[str, int, int]:
    """A text of the words above with varied white space, and a window (a block) in it."""
    words = draw(st.lists(st.sampled_from(_QUOTE_WORDS), max_size=14))
    spaces = draw(
        st.lists(st.sampled_from(_QUOTE_SPACES), min_size=len(words), max_size=len(words))
    )
    text = "".join(word + space for word, space in zip(words, spaces, strict=True))
    start = draw(st.integers(min_value=0, max_value=len(text)))
    end = draw(st.integers(min_value=start, max_value=len(text)))
    return text, start, end


@settings(max_examples=800, deadline=None)
@given(_text_and_window())
def test_capitalised_runs_equal_the_single_expression(window: tuple[str, int, int]) -> None:
    from analysis import quotes

    text, start, end = window
    upper = re.escape(quotes._UPPER)
    single = re.compile(  # the expression before the title was looked up separately
        rf"(?:(?<!\S)(?P<title>{'|'.join(sorted(quotes._TITLE_ROLES))})\s+)?"
        rf"(?P<name>(?<!\S)[{upper}]\S*"
        rf"(?P<more>(?:\s+(?:(?:{'|'.join(sorted(quotes._NAME_PARTICLES))})\s+)*[{upper}]\S*)*))"
    )
    expected = [
        (m.group("title") or "", m.start("name"), m.end(), bool(m.group("more")))
        for m in single.finditer(text, start, end)
    ]
    block = Block(start=start, end=end, role="body")
    assert list(quotes._capitalised_runs(text, block)) == expected


@settings(max_examples=500, deadline=None)
@given(_text_and_window())
def test_place_preposition_tail_search_equals_the_whole_search(
    window: tuple[str, int, int],
) -> None:
    from analysis import quotes

    text, start, end = window
    for name_start in range(start, end + 1):
        whole = quotes._PLACE_PREPOSITION.search(text, start, name_start) is not None
        assert quotes._after_place_preposition(text, start, name_start) == whole


def _check_surnames(text: str, blocks: list[Block], surnames: set[str]) -> None:
    """Check _surname_mentions against the alternation of the surnames it replaces."""
    from analysis import quotes

    pattern = re.compile(
        r"(?<![\w\-])("
        + "|".join(re.escape(s) for s in sorted(surnames, key=len, reverse=True))
        + r")(?![\w\-])"
    )
    expected = (
        [
            (m.start(), m.group(), quotes._is_secondary(text, m.start(), m.end()))
            for block in blocks
            for m in pattern.finditer(text, block.start, block.end)
        ]
        if surnames
        else []
    )
    found = quotes._surname_mentions(text, blocks, surnames)
    assert [(m.position, m.canonical, m.secondary) for m in found] == expected


@settings(max_examples=500, deadline=None)
@given(
    _text_and_window(),
    st.sets(
        st.sampled_from(["Milley", "Mil", "ley", "O’Brien", "Brien", "A’A", "US", "x", "de la"]),
        max_size=5,
    ),
    st.integers(min_value=0, max_value=30),
)
def test_surname_search_equals_the_alternation(
    window: tuple[str, int, int], surnames: set[str], gap: int
) -> None:
    text, start, end = window
    text = text.replace("Mark", "A’A’A").replace("Éric", "Milley-ley")
    end = min(end, len(text))
    start = min(start, end)
    # Two blocks with a gap between, as a caption left out of the searched blocks leaves.
    middle = min(end, start + gap)
    blocks = [Block(start=start, end=middle, role="body")]
    if middle + 2 <= end:
        blocks.append(Block(start=middle + 2, end=end, role="body"))
    _check_surnames(text, blocks, surnames)


def test_surname_search_takes_the_first_then_the_longest() -> None:
    text = "A’A’A O’Brien Milley-ley Mil ley, Milley"
    surnames = {"A’A", "Brien", "O’Brien", "Milley", "ley", "Mil"}
    _check_surnames(text, [Block(start=0, end=len(text), role="body")], surnames)
    _check_surnames(text, [Block(start=2, end=11, role="body")], surnames)


@settings(max_examples=500, deadline=None)
@given(_text_and_window())
def test_tokens_equal_the_whitespace_expression(window: tuple[str, int, int]) -> None:
    from analysis import quotes

    text, start, end = window
    expected = [
        quotes._Token(*m.span(), m.group()) for m in re.finditer(r"\S+", text[:end][start:])
    ]
    expected = [quotes._Token(t.start + start, t.end + start, t.raw) for t in expected if t.core]
    fields = ("start", "end", "raw", "core", "leading", "trailing")
    assert [[getattr(t, f) for f in fields] for t in quotes._tokens_in(text, start, end)] == [
        [getattr(t, f) for f in fields] for t in expected
    ]


@settings(max_examples=500, deadline=None)
@given(_text_and_window())
def test_secondary_names_equal_the_preposition_search(window: tuple[str, int, int]) -> None:
    from analysis import quotes

    text, start, end = window
    oblique = re.compile(  # the expression the quick exit spares
        r"(?<![^\s(])(?:to|with|at|of|by|for|from|in|on|against|about|over)\s+(?:the\s+)?\Z",
        re.IGNORECASE,
    )
    text = text.replace("Throughout", "ABOUT The").replace("iPhone", "ſ aGainst")
    for name_start in range(min(start, len(text)), min(end, len(text)) + 1):
        expected = text.startswith(("’s", "'s", "’ ", "' "), name_start + 3) or bool(
            oblique.search(text, max(0, name_start - 16), name_start)
        )
        assert quotes._is_secondary(text, name_start, name_start + 3) == expected


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("a.!?”’\"')] \n\x00X")), max_size=30),
    st.integers(min_value=0, max_value=30),
)
def test_sentence_ends_equal_the_single_expression(text: str, start: int) -> None:
    from analysis import quotes

    single = re.compile(r"[.!?][\x00”\"’')\]]*\s+")  # the expression split in two
    start = min(start, len(text))
    found = quotes._sentence_ends(text, start, len(text))
    assert [m.span() for m in found] == [m.span() for m in single.finditer(text, start)]
