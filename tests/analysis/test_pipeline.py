"""The whole analysis on hand-written articles and on the seed story."""

from __future__ import annotations

import math

import pytest

from analysis import analyse_article, parse_article
from analysis.model import BODY_ROLES

ARTICLE_WITH_EXTRAS = """Headline: Mayor’s plan is a disaster, critics claim
---
The mayor unveiled a budget on Monday. Critics claimed it was a disaster.

A crowd outside city hall. (AP Photo/Jane Doe)

“This budget is a shameful betrayal of our city,” said Ann Lee, a council member.

Read Next: Ten things about budgets

The council will vote next week.
"""


def _without_lines(text: str, *starts: str) -> str:
    return "\n".join(line for line in text.split("\n") if not line.startswith(starts))


def test_captions_promos_and_headline_do_not_change_body_metrics() -> None:
    full = analyse_article(parse_article(ARTICLE_WITH_EXTRAS, "a"))
    bare_text = _without_lines(ARTICLE_WITH_EXTRAS, "A crowd", "Read Next", "Headline")
    bare = analyse_article(parse_article("Outlet: x\n" + bare_text, "a"))
    assert full.metrics.keys() == bare.metrics.keys()
    for key, value in full.metrics.items():
        if key.startswith("headline_"):
            continue
        assert value == pytest.approx(bare.metrics[key]), key
    assert full.metrics["headline_loaded_count"] >= 1  # "disaster", "claim" in the headline
    assert {h.role for h in full.loaded} >= {"headline", "body"}


def test_narration_and_quotation_are_reported_apart() -> None:
    analysis = analyse_article(parse_article(ARTICLE_WITH_EXTRAS, "a"))
    quoted = [w for w in analysis.words if w.voice == "quote" and w.role in BODY_ROLES]
    assert " ".join(w.slice(analysis.text) for w in quoted).startswith("This budget is a shameful")
    assert analysis.metrics["quote_share"] == pytest.approx(
        len(quoted) / analysis.metrics["word_count"]
    )
    assert analysis.metrics["tone_quoted"] < analysis.metrics["tone_narration"]
    voices = {analysis.text[s.start : s.end][:12]: s.voice for s in analysis.sentences}
    assert voices["“This budget"] == "mixed"
    assert voices["The mayor un"] == "narration"


def test_short_text_gets_a_warning_not_silence() -> None:
    analysis = analyse_article(parse_article("Outlet: x\n---\nThe vote passed.", "a"))
    assert analysis.warnings and "unreliable" in analysis.warnings[0]
    assert analysis.metrics["word_count"] == 3


def test_every_span_lies_inside_the_text(seed_analysis) -> None:
    for article in seed_analysis.articles:
        n = len(article.text)
        spans = [
            *article.blocks,
            *article.sentences,
            *article.words,
            *article.quotes,
            *article.loaded,
        ]
        spans += [d for s in article.sentences for d in s.drivers]
        for span in spans:
            assert 0 <= span.start < span.end <= n, span
        for hit in article.loaded:
            assert hit.slice(article.text) == hit.text


def test_metrics_are_finite_and_in_range(seed_analysis) -> None:
    for article in seed_analysis.articles:
        m = article.metrics
        for key, value in m.items():
            assert value is None or math.isfinite(value), key
        for key in ("tone", "tone_narration", "tone_quoted"):
            assert -1 <= m[key] <= 1
        for key in ("quote_share", "negative_share", "positive_share"):
            assert 0 <= m[key] <= 1


def test_table_has_one_row_per_article_and_one_column_per_metric(seed_analysis) -> None:
    table = seed_analysis.table
    assert list(table["id"]) == ["ap", "sofrep"]
    for article in seed_analysis.articles:
        assert set(article.metrics) <= set(table.columns)


def test_opinion_narration_is_more_loaded_than_the_wire_report(sofrep, ap) -> None:
    opinion = sofrep.metrics["loaded_per_100_narration"]
    wire = ap.metrics["loaded_per_100_narration"]
    assert opinion >= 1.5 * wire, (opinion, wire)


def test_seed_body_excludes_captions_promos_and_footer(sofrep, ap) -> None:
    for article in (sofrep, ap):
        body_words = [w for w in article.words if w.role in BODY_ROLES]
        assert article.metrics["word_count"] == len(body_words)
        excluded = {b.role for b in article.blocks} - BODY_ROLES - {"headline", "subheadline"}
        assert excluded
    ap_body = " ".join(ap.text[b.start : b.end] for b in ap.blocks if b.role in BODY_ROLES)
    assert "AP Photo" not in ap_body and "Never miss" not in ap_body
    sofrep_body = " ".join(
        sofrep.text[b.start : b.end] for b in sofrep.blocks if b.role in BODY_ROLES
    )
    assert "Read Next" not in sofrep_body and "(File photo)" not in sofrep_body


def test_per_sentence_tone_does_not_saturate(sofrep, ap) -> None:
    for article in (sofrep, ap):
        assert -0.6 < article.metrics["tone"] < 0.2
        tones = [s.tone for s in article.sentences if s.role in BODY_ROLES]
        assert min(tones) < -0.3 and max(tones) > 0.1


def test_seed_articles_get_no_warnings(sofrep, ap) -> None:
    assert sofrep.warnings == [] and ap.warnings == []


def test_text_that_is_not_english_is_warned_about() -> None:
    text = (
        "Le général a déclaré que la coopération avec les talibans était possible. "
        "Les responsables du ministère de la Défense ont refusé de commenter. " * 3
    )
    analysis = analyse_article(parse_article("Outlet: x\n---\n" + text, "fr"))
    assert any("English" in w for w in analysis.warnings)


def test_fast_words_equal_dataclass_words() -> None:
    import dataclasses

    from analysis.model import Word
    from analysis.pipeline import _add_words

    words: list[Word] = []
    _add_words(words, [(3, 9), (10, 12)], "caption", ["quote", "narration"])
    fast = words[0]
    made = Word(start=3, end=9, role="caption", voice="quote")
    assert words[1] == Word(start=10, end=12, role="caption", voice="narration")
    assert fast == made
    assert hash(fast) == hash(made)
    assert set(vars(fast)) == {f.name for f in dataclasses.fields(Word)}
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.start = 4  # type: ignore[misc]
