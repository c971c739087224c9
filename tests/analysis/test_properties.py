"""Property-based tests: the analysis survives any text and its spans always tell the truth.

Hypothesis generates arbitrary Unicode and, more often, news-like text (quotations with every kind
of quotation mark, attributions, apostrophes, abbreviations, loaded words) salted with control
characters, emoji, right-to-left script and very long words. For every input the analysis must
finish, every span must lie inside the text and point at what it claims, every metric must be a
finite number in its range, and the same input must give the same output.
"""

from __future__ import annotations

import math
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.compare import compare_articles
from analysis.compare.distinctive import body_term_counts
from analysis.corpus import parse_article
from analysis.export import article_to_json
from analysis.model import BODY_ROLES, ArticleAnalysis
from analysis.pipeline import analyse_article
from analysis.segment import WORD_RE

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- strategies -----------------------------------------------------------------------------------

_NEWS_WORDS = (
    "the a an of to in on for and but or not said says told added claimed insisted admitted "
    "slammed blasted vowed warned officials Pentagon general president troops Taliban attack "
    "strikes cooperation possible ruthless regime militants thugs radical so-called reportedly "
    "allegedly finally however very really it's don't they're Biden's U.S. Gen. Sept. a.m. Dr. "
    "Mr. Mrs. No. St. Inc. e.g. i.e. vs. etc. 124,000 3.5 10:30 50% 2021 US-led well-known "
    "Kabul Afghanistan Washington Milley Austin spokesman he she they it we you his her their"
)
NEWS_WORDS = _NEWS_WORDS.split()
NAMES = ("Mark Milley", "Lloyd Austin", "Joe Biden", "the general", "a spokesman", "He", "She")
VERBS = ("said", "told reporters", "added", "insisted", "warned", "asked", "claimed")
OPEN_CLOSE = (("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'"), ("«", "»"), ("„", "“"), ("”", "“"))
ODD = (
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u202e",
    "\u00ad",
    "\ufffd",
    "\t",
    "\r",
    "\r\n",
    "\x0c",
    "\u2028",
    "😀",
    "👍🏽",
    "👨‍👩‍👧",
    "🇺🇸",
    "❤️",
    "مرحبا بالعالم",
    "שלום עולם",
    "\u200f",
    "中文新闻",
    "Ünïcödé",
    "e\u0301",
    "ﬁnal",
    "…",
    "—",
    "–",
    "·",
    "$",
    "€",
    "&amp;",
    "<p>",
    "</p>",
    "(",
    ")",
    "[",
    "]",
    ":",
    ";",
    "!",
    "?",
    "?!",
    "...",
    "'s",
    "’s",
    "s'",
    "x" * 300,
    "Supercalifragilistic" * 12,
    "-" * 40,
    "." * 20,
    "A" * 5000,
)
WORD = st.one_of(
    st.sampled_from(NEWS_WORDS),
    st.sampled_from(NEWS_WORDS).map(str.capitalize),
    st.sampled_from(NEWS_WORDS).map(str.upper),
)


@st.composite
def sentences(draw: st.DrawFn) -> str:
    """One news-like sentence: plain, quoted with attribution, or with a partial quote."""
    words = " ".join(draw(st.lists(WORD, min_size=1, max_size=18)))
    opening, closing = draw(st.sampled_from(OPEN_CLOSE))
    name, verb = draw(st.sampled_from(NAMES)), draw(st.sampled_from(VERBS))
    end = draw(st.sampled_from((".", ".", ".", "?", "!", "", ",", ":", "…")))
    shape = draw(st.integers(0, 6))
    if shape == 0:
        return f"{opening}{words.capitalize()}{end}{closing} {name} {verb}."
    if shape == 1:
        return f"{name} {verb}: {opening}{words}{end}{closing}"
    if shape == 2:
        return f"{name} {verb} the plan was {opening}{draw(WORD)}{closing} and {words}{end}"
    if shape == 3:  # an unbalanced quotation mark
        return f"{opening}{words}{end} {name} {verb}"
    if shape == 4:  # odd characters inside the sentence
        odd = draw(st.lists(st.sampled_from(ODD), min_size=1, max_size=4))
        pieces = words.split(" ")
        for piece in odd:
            pieces.insert(draw(st.integers(0, len(pieces))), piece)
        return draw(st.sampled_from((" ", ""))).join(pieces) + end
    return f"{words.capitalize()}{end}"


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    """A paragraph of sentences, sometimes a caption, promo or crosshead-like line."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.sampled_from(("Read Next:", "Photo: AP", "Sign up for our newsletter")))
    if kind == 1:
        return " ".join(draw(st.lists(WORD, min_size=1, max_size=5))).title()
    separator = draw(st.sampled_from((" ", " ", "  ", "", "\t")))
    return separator.join(draw(st.lists(sentences(), min_size=1, max_size=6)))


@st.composite
def news_texts(draw: st.DrawFn) -> str:
    """A news-like article file: optional header, headline lines, paragraphs."""
    body = draw(st.sampled_from(("\n", "\n\n", "\n \n"))).join(
        draw(st.lists(paragraphs(), min_size=0, max_size=8))
    )
    if draw(st.booleans()):
        headline = " ".join(draw(st.lists(WORD, min_size=0, max_size=12)))
        body = f"{headline}\n{body}"
    if draw(st.integers(0, 3)) == 0:
        headline = " ".join(draw(st.lists(WORD, min_size=0, max_size=10)))
        kind = draw(st.sampled_from(("wire report", "transcript", "opinion", "")))
        body = f"Outlet: Test\nHeadline: {headline}\nKind: {kind}\n---\n{body}"
    return body


ANY_TEXT = st.one_of(
    st.text(max_size=400),
    st.text(st.characters(codec="utf-8"), max_size=400),
    st.text(st.characters(min_codepoint=0, max_codepoint=0x7F), max_size=400),
    st.text(st.sampled_from("“”\"'‘’«» .,;:!?\n\t—-()abcXYZ"), max_size=400),
)
TEXTS = st.one_of(news_texts(), news_texts(), ANY_TEXT)

# --- checks ---------------------------------------------------------------------------------------


def _within(text: str, start: int, end: int) -> bool:
    return 0 <= start <= end <= len(text)


def check_spans(analysis: ArticleAnalysis) -> None:
    """Every span lies inside the text and points at what it claims."""
    text = analysis.text
    previous_end = 0
    for block in analysis.blocks:
        assert _within(text, block.start, block.end)
        assert block.start >= previous_end, "blocks overlap or are out of order"
        assert block.slice(text).strip(), "an empty block"
        previous_end = block.end
    for word in analysis.words:
        assert _within(text, word.start, word.end)
        assert word.end > word.start
        assert WORD_RE.fullmatch(word.slice(text)), repr(word.slice(text))
        assert any(b.contains(word) for b in analysis.blocks)
    previous = None
    for index, sentence in enumerate(analysis.sentences):
        assert sentence.index == index
        assert _within(text, sentence.start, sentence.end)
        assert sentence.end > sentence.start
        assert any(b.contains(sentence) for b in analysis.blocks), "a sentence outside its block"
        if previous is not None:
            assert sentence.start >= previous.end, "sentences overlap"
        previous = sentence
        assert 0 <= sentence.quoted_word_count <= sentence.word_count
        for driver in sentence.drivers:
            assert sentence.contains(driver)
            assert driver.label == driver.slice(text)
            assert math.isfinite(driver.weight)
    for quote in analysis.quotes:
        assert _within(text, quote.start, quote.end)
        assert quote.text in quote.slice(text)
        if quote.speaker_start is not None:
            assert quote.speaker_end is not None
            assert _within(text, quote.speaker_start, quote.speaker_end)
    for hit in analysis.loaded:
        assert _within(text, hit.start, hit.end)
        assert hit.end > hit.start
        assert hit.text == hit.slice(text)
        assert hit.term and hit.category


SHARES = ("negative_share", "positive_share")
TONES = ("tone", "headline_tone")


def check_metrics(analysis: ArticleAnalysis) -> None:
    """Metrics are finite numbers within their ranges."""
    metrics = analysis.metrics
    for key, value in metrics.items():
        if value is None:
            continue
        assert isinstance(value, int | float), key
        assert math.isfinite(value), (key, value)
        if key.startswith(TONES):
            assert -1.0 <= value <= 1.0, (key, value)
        elif key.startswith(SHARES) or key == "quote_share":
            assert 0.0 <= value <= 1.0, (key, value)
        elif key.startswith("loaded_per_100") or key.endswith("_count") or "count" in key:
            assert value >= 0, (key, value)
    body_words = [w for w in analysis.words if w.role in BODY_ROLES]
    assert metrics["word_count"] == len(body_words)
    assert metrics["word_count_narration"] + metrics["word_count_quoted"] == len(body_words)
    for sentence in analysis.sentences:
        assert -1.0 <= sentence.tone <= 1.0
        for part in (sentence.tone_narration, sentence.tone_quoted):
            assert part is None or -1.0 <= part <= 1.0
        assert math.isfinite(sentence.grade)


def analyse(text: str) -> ArticleAnalysis:
    return analyse_article(parse_article(text, "x"))


# --- properties -----------------------------------------------------------------------------------


@SETTINGS
@given(TEXTS)
def test_any_text_analyses_with_truthful_spans_and_finite_metrics(text: str) -> None:
    analysis = analyse(text)
    check_spans(analysis)
    check_metrics(analysis)


@SETTINGS
@given(TEXTS)
def test_the_same_input_gives_the_same_output(text: str) -> None:
    assert article_to_json(analyse(text)) == article_to_json(analyse(text))


@settings(SETTINGS, max_examples=60)
@given(st.lists(news_texts(), min_size=2, max_size=3))
def test_comparison_of_any_articles_has_spans_inside_their_texts(texts: list[str]) -> None:
    analyses = [
        analyse_article(parse_article(text, f"a{number}")) for number, text in enumerate(texts)
    ]
    result = compare_articles(analyses).to_json()
    by_id = {a.meta.id: a.text for a in analyses}
    _check_refs(result, by_id)


def _single_term_vocabulary(analyses: list[ArticleAnalysis]) -> bool:
    pooled: Counter[str] = Counter()
    for analysis in analyses:
        pooled.update(body_term_counts(analysis))
    return len(pooled) == 1


@pytest.mark.parametrize("texts", [("", "St."), ("a", "b"), ("The wall.", "The wall.")])
def test_comparison_of_articles_with_a_one_word_vocabulary(texts: tuple[str, str]) -> None:
    analyses = [analyse_article(parse_article(t, f"a{n}")) for n, t in enumerate(texts)]
    assert _single_term_vocabulary(analyses)
    comparison = compare_articles(analyses)
    assert all(terms == [] for terms in comparison.distinctive.values())


def _check_refs(node: object, texts: dict[str, str]) -> None:
    """Every ``{"article", "start", "end"[, "text"]}`` in the comparison JSON is a true span.

    A sentence group's ``text`` is its sentences joined by a space; a quotation occurrence's
    ``text`` is the words inside the marks; any other ``text`` is the slice itself.
    """
    if isinstance(node, dict):
        if {"article", "start", "end"} <= node.keys() and node["start"] is not None:
            text = texts[node["article"]]
            start, end = node["start"], node["end"]
            assert _within(text, start, end)
            claimed = node.get("text")
            if "sentences" in node:
                parts = node["sentences"]
                assert parts == sorted(parts)
                assert all(start <= s < e <= end for s, e in parts)
                assert claimed == " ".join(text[s:e] for s, e in parts), node
            elif "words" in node:
                assert isinstance(claimed, str) and claimed in text[start:end], node
            elif isinstance(claimed, str):
                assert claimed == text[start:end], node
        for value in node.values():
            _check_refs(value, texts)
    elif isinstance(node, list):
        for value in node:
            _check_refs(value, texts)
