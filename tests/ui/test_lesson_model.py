"""The lesson's logic: reading blind, words to mark, agreement with the tool, guesses, state."""

from __future__ import annotations

import pytest

from analysis import analyse_story, load_story
from analysis.corpus import CORPUS_DIR
from analysis.model import ArticleAnalysis, ArticleMeta
from ui.lesson_model import (
    AGREE_CODES,
    GUESS_QUESTIONS,
    PLACEHOLDER,
    SAME,
    STEPS,
    LessonState,
    agreement,
    agreement_marks,
    agreement_sentence,
    alias_ranges,
    answer_text,
    blind_article,
    blind_label,
    blind_labels,
    blind_word_options,
    counted_hits,
    guess_text,
    lesson_id,
    outlet_aliases,
    student_marks,
    tool_answer,
    verdict,
    word_key,
    word_options,
    word_tokens,
)

SEED = CORPUS_DIR / "2021-09-01-pentagon-briefing"
GUESSES = {q.key: q for q in GUESS_QUESTIONS}


@pytest.fixture(scope="module")
def seed() -> dict[str, ArticleAnalysis]:
    """The bundled story's articles, analysed, by id."""
    return {a.meta.id: a for a in analyse_story(load_story(SEED)).articles}


def test_blind_labels_follow_the_order_shown(two_articles) -> None:
    assert blind_label(0) == "Article A" and blind_label(5) == "Article F"
    assert blind_labels(list(reversed(two_articles))) == {"b": "Article A", "a": "Article B"}


def test_outlet_aliases_cover_names_initials_site_and_byline() -> None:
    meta = ArticleMeta(
        id="x",
        outlet="Associated Press (republished by The Times of Israel)",
        url="https://www.sofrep.com/news/x/",
        byline="By Robert Burns and Lolita C. Baldor",
    )
    aliases = outlet_aliases(meta)
    for name in ("Associated Press", "The Times of Israel", "Times of Israel", "AP", "sofrep"):
        assert name in aliases
    assert "Robert Burns" in aliases and "Lolita C. Baldor" in aliases
    assert list(aliases) == sorted(aliases, key=lambda n: (-len(n), n)), "longest first"
    assert outlet_aliases(ArticleMeta(id="y")) == ()


def test_alias_ranges_match_whole_words_and_acronyms_exactly() -> None:
    text = "WASHINGTON (AP) — an apt map. The Associated  Press said; the associated press too."
    ranges = alias_ranges(text, ["Associated Press", "AP"])
    assert [text[s:e] for s, e in ranges] == ["AP", "Associated  Press", "associated press"]


def test_blind_ap_hides_the_outlet_and_leaves_out_captions(seed) -> None:
    article = seed["ap"]
    view = blind_article(article)
    assert "(AP)" not in view.text and f"WASHINGTON ({PLACEHOLDER})" in view.text
    for name in ("Associated Press", "Times of Israel", "AP Photo", "Susan Walsh"):
        assert name not in view.text
    assert [view.text[s:e] for s, e in view.hidden] == [PLACEHOLDER] * len(view.hidden)
    assert view.left_out >= 2, "the photo captions and the newsletter prompt"
    assert view.text.startswith("US general says coordination with Taliban")
    assert {b.role for b in view.blocks} <= {"headline", "subheadline", "body", "crosshead"}
    for block in view.blocks:
        assert view.text[block.start : block.end].strip()


def test_blind_sofrep_drops_the_read_next_promo(seed) -> None:
    view = blind_article(seed["sofrep"])
    assert "SOFREP" not in view.text.upper()
    assert "Read Next" not in view.text
    assert view.left_out >= 1


def test_word_tokens_keep_abbreviations_hyphens_and_apostrophes() -> None:
    text = "The U.S. said the so-called deal didn’t hold, 124,000 left. Taliban’s men"
    keys = [t.key for t in word_tokens(text)]
    assert keys == [
        "the",
        "u.s.",
        "said",
        "the",
        "so-called",
        "deal",
        "didn't",
        "hold",
        "left",
        "taliban",
        "men",
    ]
    assert word_key("Taliban’s") == "taliban" and word_key("it’s") == "it's"


def test_word_options_are_in_reading_order_and_skip_hidden_names(seed) -> None:
    view = blind_article(seed["ap"])
    options = blind_word_options(view)
    keys = list(options)
    assert keys[:3] == ["us", "general", "says"]
    assert "ap" not in options and "outlet" not in options
    assert options["taliban"] == "Taliban" and "ruthless" in options
    assert len(keys) == len(set(keys))
    text = "Brutal. brutal, BRUTAL brutal"
    assert word_options(text, word_tokens(text)) == {"brutal": "brutal"}


def test_student_marks_cover_every_occurrence() -> None:
    text = "war is war, and War"
    marks = student_marks(word_tokens(text), ["war"])
    assert [text[m.start : m.end] for m in marks] == ["war", "war", "War"]
    assert all(m.code == AGREE_CODES["you"] for m in marks)


def test_agreement_on_the_seed_story(seed) -> None:
    sofrep = seed["sofrep"]
    result = agreement(sofrep, ["debunked", "fire", "taliban", "arbitrary"])
    both = result.words("both", sofrep.text)
    assert both == ["debunked", "arbitrary", "drawn widespread fire"], "in text order"
    assert result.student_only == ("taliban",)
    assert len(result.student_only_tokens) >= 10, "every Taliban outside a hit"
    tool_words = result.words("tool", sofrep.text)
    assert "reflect poorly" in tool_words and "debunked" not in tool_words
    assert len(result.both) + len(result.tool_only) == len(counted_hits(sofrep))
    assert agreement_sentence(result) == (
        f"You found 3 of the {len(counted_hits(sofrep))} words the tool flagged; "
        "1 of your words is not on the tool's list."
    )


def test_agreement_without_marks(seed) -> None:
    ap = seed["ap"]
    result = agreement(ap, [])
    assert result.both == () and result.student_only == ()
    assert len(result.tool_only) == len(counted_hits(ap)) > 0
    assert agreement_sentence(result).startswith("You marked no words")


def test_agreement_marks_explain_the_entry_and_show_quotes(seed) -> None:
    ap = seed["ap"]
    result = agreement(ap, ["desperate", "withdrawal"])
    marks = agreement_marks(ap, result, {"charged": "Emotionally charged word"})
    both = [m for m in marks if "ag-both" in m.classes]
    assert [ap.text[m.start : m.end] for m in both] == ["desperate"]
    assert "Flagged by the entry “desperate”" in both[0].title and both[0].code == "✓"
    yours = [m for m in marks if "ag-you" in m.classes]
    assert {ap.text[m.start : m.end].lower() for m in yours} == {"withdrawal"}
    assert sum("q" in m.classes for m in marks) == len(ap.quotes)


def test_hits_in_captions_do_not_count(article_factory) -> None:
    article = article_factory(loaded=(("disaster", "charged"), ("caption", "charged")))
    assert [h.text for h in counted_hits(article)] == ["disaster"]


def test_tool_answers_on_the_seed_story(seed) -> None:
    articles = [seed["ap"], seed["sofrep"]]
    negative = tool_answer(GUESSES["negative"], articles)
    assert negative.winner is None and set(negative.leaders) == {"ap", "sofrep"}
    assert tool_answer(GUESSES["quotes"], articles).winner == "ap"
    assert tool_answer(GUESSES["harder"], articles).winner == "ap"
    assert tool_answer(GUESSES["loaded"], articles).winner == "sofrep"


def test_verdicts() -> None:
    question = GUESSES["quotes"]
    clear = tool_answer(question, [_with(quote_share=0.3, id="a"), _with(quote_share=0.1, id="b")])
    assert clear.winner == "a"
    assert verdict("a", clear) == "agree"
    assert verdict("b", clear) == "disagree"
    assert verdict(SAME, clear) == "disagree"
    assert verdict(None, clear) == "unanswered"
    close = tool_answer(question, [_with(quote_share=0.3, id="a"), _with(quote_share=0.27, id="b")])
    assert close.winner is None and close.leaders == ("a", "b")
    assert verdict(SAME, close) == "agree" and verdict("a", close) == "too_close"
    names = {"a": "Article A", "b": "Article B"}
    assert answer_text(question, clear, names) == "Article A quotes more"
    assert answer_text(question, close, names) == "About the same: Article A and Article B"
    assert guess_text(SAME, names) == "About the same" and guess_text(None, names) == "–"


def test_lower_wins_for_negativity_and_missing_values_give_no_winner() -> None:
    question = GUESSES["negative"]
    answer = tool_answer(question, [_with(tone=-0.5, id="a"), _with(tone=0.1, id="b")])
    assert answer.winner == "a"
    missing = tool_answer(question, [_with(tone=None, id="a"), _with(tone=0.1, id="b")])
    assert missing.winner is None


def test_a_winner_among_three_needs_a_clear_lead() -> None:
    question = GUESSES["harder"]
    three = [
        _with(flesch_kincaid_grade=14.0, id="a"),
        _with(flesch_kincaid_grade=13.5, id="b"),
        _with(flesch_kincaid_grade=9.0, id="c"),
    ]
    answer = tool_answer(question, three)
    assert answer.winner is None and answer.leaders == ("a", "b")
    three[1] = _with(flesch_kincaid_grade=12.0, id="b")
    assert tool_answer(question, three).winner == "a"


def test_lesson_state_moves_within_the_steps() -> None:
    state = LessonState(lesson_id=lesson_id("story", ["a", "b"]))
    assert state.step == STEPS[0] and state.lesson_id == "story|a,b"
    state.move(-1)
    assert state.step == "read"
    state.move(2)
    assert state.step == "reveal"
    state.move(5)
    assert state.step == "discuss"


def _with(id: str, **metrics: float | None) -> ArticleAnalysis:
    """Return an article with only metadata and the given metrics."""
    return ArticleAnalysis(
        meta=ArticleMeta(id=id),
        text="",
        blocks=[],
        sentences=[],
        words=[],
        quotes=[],
        loaded=[],
        metrics=dict(metrics),
    )
