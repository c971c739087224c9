"""The quote finder against the hand-built gold set in ``tests/gold/quotes/`` (MBIC, Apache-2.0).

The floors are the figures measured with ``python benchmarks/eval_quotes.py`` (exact F1 0.989,
overlapping F1 0.994, overlapping precision 0.989 and recall 1.000, speaker accuracy 0.966 after
the organisation, document and plural-reference rules and the teaser, link, credit and
embedded-post lines), minus a margin of two to three points, so that a change that loses a few
quotes or speakers fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis import parse_article
from analysis.segment import segment_blocks
from benchmarks.eval_quotes import (
    GOLD_DIR,
    JSON_OUT,
    Counts,
    Evaluation,
    evaluate,
    load_gold,
    normalise_speaker,
    pair_by_overlap,
)

EXACT_F1_FLOOR = 0.96
OVERLAP_F1_FLOOR = 0.97
OVERLAP_PRECISION_FLOOR = 0.96
OVERLAP_RECALL_FLOOR = 0.97
SPEAKER_ACCURACY_FLOOR = 0.94

OPENING_MARKS = "“\"‘'«"
CLOSING_MARKS = "”\"’'»‘"


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    return evaluate()


# --- The gold set itself ------------------------------------------------------------------------


def test_gold_set_is_large_enough_and_stratified() -> None:
    articles = load_gold()
    assert len(articles) >= 25
    assert len({a.outlet for a in articles}) >= 5
    assert sum(len(a.quotes) for a in articles) >= 150
    assert len({a.article_id for a in articles}) == len(articles)


@pytest.mark.parametrize("path", sorted(GOLD_DIR.glob("*.json")), ids=lambda p: p.stem)
def test_gold_file_is_well_formed(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    text = data["text"]
    assert path.stem == f"mbic-{data['article_id']:04d}"
    assert data["url"].startswith("http") and data["outlet"]
    assert "Apache-2.0" in data["source"]
    previous_end = 0
    for quote in data["quotes"]:
        start, end = quote["start"], quote["end"]
        assert previous_end <= start < end <= len(text), quote
        previous_end = end
        assert text[start] in OPENING_MARKS, quote
        assert text[start + 1 : start + 1 + len(quote["text"])] == quote["text"], quote
        assert quote["kind"] in ("quote", "term")
        assert isinstance(quote["partial"], bool)
        if quote["kind"] == "term":
            assert quote["speaker"] is None
        closed = text[end - 1] in CLOSING_MARKS
        assert closed or end == len(text) or text[end] == "\n", quote
    for note in data["adjudication"]:
        assert note["decision"] and note["reason"]
        assert any(q["start"] == note["start"] for q in data["quotes"]), note


def test_gold_text_is_the_text_the_product_composes() -> None:
    for article in load_gold():
        composed, _ = segment_blocks(parse_article(article.text, f"mbic-{article.article_id}"))
        assert composed == article.text, article.article_id


# --- The scorer ---------------------------------------------------------------------------------


def test_overlap_pairing_is_one_to_one_largest_overlap_first() -> None:
    predicted = [(0, 10), (12, 20), (30, 40)]
    gold = [(0, 4), (2, 15), (35, 50), (60, 70)]
    pairs = pair_by_overlap(predicted, gold)
    # (12, 20) overlaps only (2, 15), already taken by the larger overlap of (0, 10).
    assert pairs == {0: 1, 2: 2}


def test_counts_give_precision_recall_and_f1() -> None:
    counts = Counts(tp=8, fp=2, fn=8)
    assert counts.precision == pytest.approx(0.8)
    assert counts.recall == pytest.approx(0.5)
    assert counts.f1 == pytest.approx(2 * 0.8 * 0.5 / 1.3)
    assert Counts().f1 == 1.0


def test_speaker_names_compare_without_case_and_leading_the() -> None:
    assert normalise_speaker("The New York Times") == normalise_speaker("new york  times")
    assert normalise_speaker("O’Brien") == normalise_speaker("O'Brien")
    assert normalise_speaker(None) is None


# --- The tool against the gold set --------------------------------------------------------------


def test_quote_spans_meet_the_measured_floors(evaluation: Evaluation) -> None:
    total = evaluation.total
    assert total.exact.f1 >= EXACT_F1_FLOOR, total.exact.as_dict()
    assert total.overlap.f1 >= OVERLAP_F1_FLOOR, total.overlap.as_dict()
    assert total.overlap.precision >= OVERLAP_PRECISION_FLOOR, total.overlap.as_dict()
    assert total.overlap.recall >= OVERLAP_RECALL_FLOOR, total.overlap.as_dict()


def test_speakers_meet_the_measured_floor(evaluation: Evaluation) -> None:
    assert evaluation.speaker_accuracy >= SPEAKER_ACCURACY_FLOOR, [
        (d.article_id, d.gold, d.tool)
        for d in evaluation.total.disagreements
        if d.kind == "speaker"
    ]


def test_every_outlet_keeps_most_of_its_quotes(evaluation: Evaluation) -> None:
    for outlet, score in evaluation.by_outlet.items():
        assert score.overlap.f1 >= 0.9, (outlet, score.overlap.as_dict())


def test_methods_page_figures_are_the_current_figures(evaluation: Evaluation) -> None:
    """``analysis/data/eval_quotes.json`` (shown on the methods page) is up to date.

    After changing the quote finder, re-run ``python benchmarks/eval_quotes.py --json``.
    """
    shown = json.loads(JSON_OUT.read_text(encoding="utf-8"))
    current = evaluation.as_dict()
    for key in ("exact", "overlap", "speaker_accuracy", "quotes", "articles", "terms"):
        assert shown[key] == current[key], key
