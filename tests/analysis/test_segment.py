"""Blocks, sentences and words as spans."""

from __future__ import annotations

import pytest

from analysis.corpus import parse_article
from analysis.segment import (
    MAX_SENTENCE_CHARS,
    compose_text,
    segment_blocks,
    sentence_spans,
    word_spans,
)


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text, 0, len(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Gen. Mark Milley met U.S. officials on Sept. 1 at 10 a.m. in Washington. He left.",
            [
                "Gen. Mark Milley met U.S. officials on Sept. 1 at 10 a.m. in Washington.",
                "He left.",
            ],
        ),
        (
            "Officials in the U.S. Army said so. President Biden spoke.",
            ["Officials in the U.S. Army said so.", "President Biden spoke."],
        ),
        (
            "“War is hard. It’s vicious,” Milley said. “Yes.”",
            ["“War is hard.", "It’s vicious,” Milley said.", "“Yes.”"],
        ),
        (
            "The meeting ended at 5 p.m. Tuesday in Doha.",
            ["The meeting ended at 5 p.m. Tuesday in Doha."],
        ),
        ("No sentence punctuation at all here", ["No sentence punctuation at all here"]),
        ("Pain and Anger", ["Pain and Anger"]),
    ],
)
def test_news_abbreviations_do_not_end_sentences(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_sentence_spans_are_offsets_into_the_whole_text() -> None:
    text = "Intro line.\n\nFirst one. Second one."
    start = text.index("First")
    spans = sentence_spans(text, start, len(text))
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one."]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("It’s Kabul’s US-led airlift.", ["It’s", "Kabul’s", "US-led", "airlift"]),
        (
            "More than 124,000 people; 3.5 million",
            ["More", "than", "124,000", "people", "3.5", "million"],
        ),
        ("The U.S. left", ["The", "U.S", "left"]),
        ("“ruthless,” he said", ["ruthless", "he", "said"]),
        ("Café naïve 🙂 日本", ["Café", "naïve", "日本"]),
    ],
)
def test_words(text: str, words: list[str]) -> None:
    assert [text[s:e] for s, e in word_spans(text)] == words


def test_compose_text_puts_headline_and_subheadline_first() -> None:
    article = parse_article("Headline: H\nSubheadline: S\n---\nBody here.", "x")
    text, ranges = compose_text(article)
    assert text == "H\n\nS\n\nBody here."
    assert [(text[s:e], role) for s, e, role in ranges] == [
        ("H", "headline"),
        ("S", "subheadline"),
        ("Body here.", "body"),
    ]


def test_compose_text_skips_missing_headline() -> None:
    text, ranges = compose_text(parse_article("Outlet: X\n---\nJust body.", "x"))
    assert text == "Just body."
    assert ranges == [(0, 10, "body")]


def test_blocks_cover_every_line_with_a_role() -> None:
    article = parse_article(
        "Headline: H\n---\nBody one.\n\nA soldier stands. (AP Photo/Jane Doe)\n\nBody two.", "x"
    )
    text, blocks = segment_blocks(article)
    assert [(text[b.start : b.end], b.role) for b in blocks] == [
        ("H", "headline"),
        ("Body one.", "body"),
        ("A soldier stands. (AP Photo/Jane Doe)", "caption"),
        ("Body two.", "body"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        " ".join(["word"] * 2_000),
        "x" * 3_500,
        " ".join(["🙂"] * 1_500),
    ],
)
def test_run_on_text_is_cut_into_bounded_sentences(text: str) -> None:
    spans = sentence_spans(text, 0, len(text))
    assert len(spans) > 1
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e in spans)
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")
