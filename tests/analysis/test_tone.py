"""Tests for analysis.tone: VADER per sentence, with the words that drove the score."""

from __future__ import annotations

import string
from pathlib import Path

import nupunkt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import (
    B_INCR,
    N_SCALAR,
    SentimentIntensityAnalyzer,
    normalize,
)

from analysis.tone import (
    NEGATIVE_BELOW,
    POSITIVE_ABOVE,
    ToneResult,
    score_tone,
    tone_label,
    vader_input,
)

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
VADER = SentimentIntensityAnalyzer()
LEXICON = VADER.lexicon

HAND_SENTENCES = [
    "",
    "   ",
    "The meeting is on Tuesday.",
    "The book was good.",
    "The book was not good.",
    "The book was never so good.",
    "The book was very good.",
    "The book was only kind of good.",
    "VADER is VERY SMART, handsome, and FUNNY!!!",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "good good but bad bad",
    "At least it isn't a horrible book.",
    "It is the least bad option.",
    "There is no good answer, no hope and no peace.",
    "no",
    "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "😁😁 great",
    "Why would they do that?? Why???",
    "That movie was the bomb, a kiss of death for its rivals.",
    "He called the attack “cowardly” and said they don’t care about peace.",
    "The strikes were brutal—and, officials said, ‘deliberate.’",
    "It was a terrible, terrible, TERRIBLE day.",
    "Without doubt the best plan.",
    "He was not without hope.",
]


def _seed_sentences() -> list[str]:
    sentences = []
    for name in ("sofrep", "ap"):
        text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
        sentences += [text[start:end] for start, end in nupunkt.sent_spans(text)]
    return sentences


def _compound_from_weights(result: ToneResult, scored: str) -> float:
    """VADER's compound formula applied to the driver weights alone."""
    total = sum(driver.weight for driver in result.drivers)
    emphasis = VADER._punctuation_emphasis(scored)
    if total > 0:
        total += emphasis
    elif total < 0:
        total -= emphasis
    return round(normalize(total), 4)


def _bare(word: str) -> str:
    return vader_input(word).strip(string.punctuation).lower()


@pytest.mark.parametrize("sentence", HAND_SENTENCES + _seed_sentences())
def test_compound_equals_polarity_scores(sentence: str) -> None:
    assert (
        score_tone(sentence, normalize_typography=False).compound
        == VADER.polarity_scores(sentence)["compound"]
    )
    assert score_tone(sentence).compound == VADER.polarity_scores(vader_input(sentence))["compound"]


@pytest.mark.parametrize("sentence", HAND_SENTENCES + _seed_sentences())
def test_driver_weights_rebuild_the_compound(sentence: str) -> None:
    result = score_tone(sentence)
    if not sentence.strip():
        assert result == ToneResult(compound=0.0, drivers=())
        return
    assert _compound_from_weights(result, vader_input(sentence).strip()) == result.compound


@pytest.mark.parametrize("sentence", HAND_SENTENCES + _seed_sentences())
def test_drivers_point_at_their_words(sentence: str) -> None:
    result = score_tone(sentence)
    starts = [driver.start for driver in result.drivers]
    assert starts == sorted(starts)
    for driver in result.drivers:
        assert 0 <= driver.start < driver.end <= len(sentence)
        assert driver.label == sentence[driver.start : driver.end]
        assert driver.kind == "tone_driver"
        assert driver.weight != 0
        assert driver.reason
        if driver.label in VADER.emojis:
            assert driver.reason.startswith("read as ")
        else:
            assert _bare(driver.label) in LEXICON or driver.label in LEXICON


def test_repeated_words_get_their_own_offsets() -> None:
    text = "Good, good and good."
    result = score_tone(text)
    assert [(d.start, d.end) for d in result.drivers] == [(0, 4), (6, 10), (15, 19)]
    assert [d.label for d in result.drivers] == ["Good", "good", "good"]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("They called it “cowardly”.", "cowardly"),
        ("It was ‘shameful.’", "shameful"),
        ("a ‘great’ day", "great"),
        ("„evil“ plans", "evil"),
    ],
)
def test_curly_quotes_are_stripped_from_drivers(text: str, word: str) -> None:
    (driver,) = score_tone(text).drivers
    assert (driver.label, driver.weight) == (word, LEXICON[word])
    # As written, VADER keeps the curly quotes on the token and misses the word.
    assert score_tone(text, normalize_typography=False).drivers == ()


def test_non_breaking_space_separates_words() -> None:
    text = "A grim,\u00a0grim week"
    drivers = score_tone(text).drivers
    assert [(d.start, d.label) for d in drivers] == [(2, "grim"), (8, "grim")]


def test_curly_apostrophe_negation_is_read() -> None:
    text = "They don’t like it."
    (normalised,) = score_tone(text).drivers
    (raw,) = score_tone(text, normalize_typography=False).drivers
    assert normalised.label == raw.label == "like"
    assert raw.weight == LEXICON["like"]
    assert normalised.weight == pytest.approx(LEXICON["like"] * N_SCALAR)
    assert "'don't' flips 'like'" in normalised.reason


def test_em_dash_separates_words() -> None:
    text = "It was horrific—and preventable."
    (driver,) = score_tone(text).drivers
    assert (driver.label, driver.weight) == ("horrific", LEXICON["horrific"])
    assert score_tone(text, normalize_typography=False).drivers == ()


@pytest.mark.parametrize(
    ("text", "word", "expected_weight", "reason_part"),
    [
        ("The book was not good.", "good", LEXICON["good"] * N_SCALAR, "'not' flips 'good'"),
        ("The book was very good.", "good", LEXICON["good"] + B_INCR, "'very' strengthens it"),
        ("The book was good, but long.", "good", LEXICON["good"] * 0.5, "halved before 'but'"),
        ("Long, but a good book.", "good", LEXICON["good"] * 1.5, "×1.5 after 'but'"),
        ("The view is UGLY here.", "UGLY", LEXICON["ugly"] - 0.733, "capitals add emphasis"),
        ("A horrible week.", "horrible", LEXICON["horrible"], "negative word (VADER −2.5)"),
        ("A nice week.", "nice", LEXICON["nice"], "positive word (VADER +1.8)"),
        ("That movie was the bomb.", "bomb", 3, "idiom 'the bomb'"),
    ],
)
def test_driver_weight_and_reason(
    text: str, word: str, expected_weight: float, reason_part: str
) -> None:
    (driver,) = [d for d in score_tone(text).drivers if d.label == word]
    assert driver.weight == pytest.approx(expected_weight)
    assert reason_part in driver.reason


def test_emoji_driver_covers_the_emoji() -> None:
    text = "We left 😁 today"
    (driver,) = score_tone(text).drivers
    assert (driver.start, driver.end, driver.label) == (8, 9, "😁")
    assert driver.reason.startswith("read as '")


def test_parts_score_only_those_parts_and_map_back() -> None:
    text = "Officials said the attack was “a cowardly, evil act” and promised a calm response."
    quote_start = text.index("“")
    quote_end = text.index("”") + 1
    narration = [(0, quote_start), (quote_end, len(text))]
    quoted = [(quote_start, quote_end)]

    narration_result = score_tone(text, narration)
    joined = " ".join(text[a:b] for a, b in narration)
    assert narration_result.compound == VADER.polarity_scores(vader_input(joined))["compound"]
    assert {d.label for d in narration_result.drivers} == {"attack", "promised", "calm"}

    quoted_result = score_tone(text, quoted)
    assert (
        quoted_result.compound
        == VADER.polarity_scores(vader_input(text[quote_start:quote_end]))["compound"]
    )
    assert {d.label for d in quoted_result.drivers} == {"cowardly", "evil"}
    for driver in quoted_result.drivers:
        assert quote_start <= driver.start < driver.end <= quote_end
        assert text[driver.start : driver.end] == driver.label


def test_parts_are_joined_with_a_space() -> None:
    # "badgood" is no lexicon word; split into two parts it reads as "bad good".
    text = "badgood"
    assert score_tone(text).drivers == ()
    drivers = score_tone(text, [(0, 3), (3, 7)]).drivers
    assert [(d.start, d.end, d.label) for d in drivers] == [(0, 3, "bad"), (3, 7, "good")]


def test_empty_parts() -> None:
    assert score_tone("A terrible day.", []) == ToneResult(compound=0.0, drivers=())
    assert score_tone("A terrible day.", [(2, 2)]) == ToneResult(compound=0.0, drivers=())


@pytest.mark.parametrize("bad_part", [(-1, 3), (3, 2), (0, 99)])
def test_parts_outside_the_text_are_refused(bad_part: tuple[int, int]) -> None:
    with pytest.raises(ValueError):
        score_tone("A terrible day.", [bad_part])


@pytest.mark.parametrize(
    ("compound", "label"),
    [
        (-1.0, "negative"),
        (NEGATIVE_BELOW - 0.0001, "negative"),
        (NEGATIVE_BELOW, "neutral"),
        (0.0, "neutral"),
        (POSITIVE_ABOVE, "neutral"),
        (POSITIVE_ABOVE + 0.0001, "positive"),
        (1.0, "positive"),
    ],
)
def test_tone_label(compound: float, label: str) -> None:
    assert tone_label(compound) == label
    assert ToneResult(compound=compound, drivers=()).label == label


_VOCAB = [
    "good",
    "bad",
    "not",
    "very",
    "but",
    "kind",
    "of",
    "no",
    "least",
    "GREAT",
    "war",
    "killed",
    "peace",
    "the",
    "Taliban",
    "😁",
    ":)",
    "don’t",
    "“ruthless”",
    "‘hope’",
    "—",
    "!",
    "?",
    "sort",
]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(_VOCAB), max_size=14),
    separators=st.lists(st.sampled_from([" ", "  ", "\n", ", ", "—", " “", "” "]), max_size=14),
)
def test_random_sentences(words: list[str], separators: list[str]) -> None:
    text = "".join(w + (separators[i] if i < len(separators) else " ") for i, w in enumerate(words))
    result = score_tone(text)
    assert result.compound == VADER.polarity_scores(vader_input(text))["compound"]
    if text.strip():
        assert _compound_from_weights(result, vader_input(text).strip()) == result.compound
    for driver in result.drivers:
        assert driver.label == text[driver.start : driver.end]
        assert driver.label.strip() == driver.label != ""


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Defense Secretary Lloyd Austin spoke.", ["Defense"]),
        ("He met Secretary of Defense Lloyd Austin.", ["Defense"]),
        ("The Central Intelligence Agency agreed.", ["Intelligence"]),
        ("It was a Good Friday deal.", ["Good"]),
        ("Good Morning America aired it.", ["Good"]),
        ("Sadly Biden said no.", []),
        ("The Good news came.", []),
        ("Good news, Joe.", []),
        ("He said: Good. Fine.", []),
    ],
)
def test_words_inside_proper_names_do_not_drive_tone(text: str, masked: list[str]) -> None:
    from analysis.tone import mask_proper_names

    result = mask_proper_names(text)
    assert len(result) == len(text)
    hidden = [w for w in text.split() if w not in result.split()]
    assert [w.strip(".,:") for w in hidden] == masked
    driver_words = {d.label for d in score_tone(text).drivers}
    assert not driver_words & set(masked)


_NEGATION_VOCAB = ["never", "so", "this", "without", "doubt", "not", "isn't", "good", "bad", "it"]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(_NEGATION_VOCAB), min_size=4, max_size=8),
    start_i=st.integers(min_value=0, max_value=2),
)
def test_negation_check_matches_vader(words: list[str], start_i: int) -> None:
    from analysis.tone import _Analyzer

    for i in range(start_i + 1, len(words)):
        assert _Analyzer._negation_check(
            1.5, words, start_i, i
        ) == SentimentIntensityAnalyzer._negation_check(1.5, words, start_i, i)


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.sampled_from([*_VOCAB, "😀", "☹", "Good"]), min_size=1, max_size=12),
    cut=st.integers(min_value=0, max_value=12),
)
def test_two_parts_and_emojis_match_vader(words: list[str], cut: int) -> None:
    text = " ".join(words) + " | " + " ".join(reversed(words))
    middle = text.index(" | ")
    parts = [(0, min(cut, middle)), (middle + 3, len(text))]
    joined = " ".join(text[s:e] for s, e in parts)
    result = score_tone(text, parts)
    assert result.compound == VADER.polarity_scores(vader_input(joined))["compound"]
    for driver in result.drivers:
        assert any(s <= driver.start and driver.end <= e for s, e in parts)


def test_drivers_map_back_from_every_part() -> None:
    text = "A calm day.  Then “a terrible,  evil act”\nand a good end."
    quote_start, quote_end = text.index("“"), text.index("”") + 1
    parts = [(0, 11), (quote_start, quote_end), (quote_end + 1, len(text))]
    result = score_tone(text, parts)
    joined = " ".join(text[start:end] for start, end in parts)
    assert result.compound == VADER.polarity_scores(vader_input(joined))["compound"]
    assert [d.label for d in result.drivers] == ["calm", "terrible", "evil", "good"]
    for driver in result.drivers:
        assert text[driver.start : driver.end] == driver.label
        assert any(start <= driver.start and driver.end <= end for start, end in parts)


def test_idiom_words_keep_their_reason() -> None:
    (driver,) = score_tone("He was not badass at all.").drivers
    assert driver.label == "badass"
    assert driver.weight == pytest.approx(LEXICON["badass"] * N_SCALAR)
    # VADER lists "badass" among its idioms (but applies only the multi-word ones); the reason
    # names it, as it did before the reasons looked for idioms only around idiom words.
    assert "idiom 'badass'" in driver.reason
