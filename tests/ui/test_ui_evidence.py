"""The evidence table and what a selection keeps of it."""

from __future__ import annotations

import pandas as pd

from ui.evidence import (
    COL_ARTICLE_ID,
    COL_KIND,
    COL_SENTENCE,
    SHOWN_COLUMNS,
    emphasis_for,
    evidence_csv,
    evidence_table,
    filtered_evidence,
)
from ui.selection import Selection


def _table(articles) -> pd.DataFrame:
    return evidence_table(
        articles, {"a": "A", "b": "B"}, {"charged": "Charged"}, hard_sentence_grade=12
    )


def test_every_flagged_item_is_a_row(two_articles) -> None:
    table = _table(two_articles)
    counts = table.groupby([COL_ARTICLE_ID, COL_KIND]).size().to_dict()
    assert counts[("a", "loaded")] == 4 and counts[("b", "loaded")] == 2
    assert counts[("a", "quote")] == 1
    assert counts[("a", "hard_sentence")] == 1
    assert counts[("a", "tone_word")] == 3
    disaster = table[(table["Text"] == "disaster") & (table[COL_ARTICLE_ID] == "a")].iloc[0]
    assert disaster["Category or speaker"] == "Charged"
    assert disaster["Neutral alternative"] == "neutral-disaster"
    assert disaster[COL_SENTENCE] == 2  # shown 1-based; the headline is sentence 1


def test_filters(two_articles) -> None:
    table = _table(two_articles)
    assert len(filtered_evidence(table, None)) == len(table)
    charged = filtered_evidence(table, Selection("category", "charged"))
    assert set(charged["Text"]) == {"disaster", "brutal"} and len(charged) == 3
    only_a = filtered_evidence(table, Selection("category", "charged", "a"))
    assert len(only_a) == 2
    tone = filtered_evidence(table, Selection("metric", "tone", "b"))
    assert set(tone[COL_KIND]) == {"tone_word"} and set(tone[COL_ARTICLE_ID]) == {"b"}
    sentence = filtered_evidence(table, Selection("sentence", "1", "a"))
    assert set(sentence[COL_SENTENCE]) == {2}
    speaker = filtered_evidence(table, Selection("speaker", "The general"))
    assert len(speaker) == 2 and set(speaker[COL_KIND]) == {"quote"}
    assert filtered_evidence(table, Selection("speaker", "Nobody")).empty


def test_emphasis_follows_the_kept_evidence(two_articles) -> None:
    table = _table(two_articles)
    assert not emphasis_for(table, None).active
    charged = emphasis_for(table, Selection("category", "charged"))
    assert charged.categories == {("a", "charged"), ("b", "charged")}
    assert ("a", "loaded_per_100") in charged.metrics
    assert ("a", "quote_share") not in charged.metrics
    assert charged.shows("sentences", ("a", 1)) and not charged.shows("sentences", ("a", 3))
    metric = emphasis_for(table, Selection("metric", "quote_share", "b"))
    assert metric.metrics == {("b", "quote_share")}
    sentence = emphasis_for(table, Selection("sentence", "3", "b"))
    assert ("b", 3) in sentence.sentences


def test_csv_has_only_shown_columns(two_articles) -> None:
    csv = evidence_csv(_table(two_articles)).decode("utf-8-sig")
    assert csv.splitlines()[0].split(",") == list(SHOWN_COLUMNS)
