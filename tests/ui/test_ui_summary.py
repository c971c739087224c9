"""Summary cards: labels, narration values, noise notes, warnings, escaping."""

from __future__ import annotations

from analysis.tone import tone_label
from ui.summary import (
    article_display_names,
    formatted_value,
    metric_label,
    summary_card_html,
)


def test_labels_are_plain_language() -> None:
    assert metric_label("tone", -0.4, tone_label) == "negative on average"
    assert metric_label("loaded_per_100", 0.2, tone_label) == "few loaded words"
    assert metric_label("loaded_per_100_narration", 5, tone_label) == "many loaded words"
    assert metric_label("quote_share", 0.5, tone_label) == "quote-heavy"
    assert metric_label("flesch_kincaid_grade", 14, tone_label) == "university level"
    assert metric_label("tone", None, tone_label) == "not enough text"
    assert formatted_value("quote_share", 0.123) == "12%"
    assert formatted_value("tone", -0.25) == "−0.25"


def test_card_shows_whole_and_narration_values_notes_and_warnings(two_articles) -> None:
    first, second = two_articles
    first.meta.headline = "<script>alert(1)</script>"
    card = summary_card_html(first, [second], "A", "#0072B2", tone_label)
    assert "<script>" not in card and "&lt;script&gt;" in card
    assert "outlet&#x27;s own words" in card
    assert card.count('class="metric"') == 4
    assert "a difference this small means little" in card
    assert "Only a few words" in card  # the analysis's own warning
    first.warnings.clear()
    card = summary_card_html(first, [second], "A", "#0072B2", tone_label)
    assert "fewer than 150" in card  # the dashboard's fallback for short texts


def test_display_names_are_short_and_unique(article_factory) -> None:
    articles = [
        article_factory("x", outlet="Associated Press (via The Times of Israel)"),
        article_factory("y", outlet="SOFREP"),
        article_factory("z", outlet="SOFREP"),
    ]
    assert article_display_names(articles) == {
        "x": "Associated Press",
        "y": "SOFREP (y)",
        "z": "SOFREP (z)",
    }


def test_lexicon_sources_are_named_with_licences() -> None:
    from ui.methods import source_and_licence

    assert source_and_licence("project") == ("Written for this project", "MIT")
    assert source_and_licence("VADER lexicon (MIT): strongly negative word, valence -1.8") == (
        "VADER lexicon",
        "MIT",
    )
    assert source_and_licence("pattern/TextBlob lexicon (PDDL): subjectivity 1.00") == (
        "pattern/TextBlob lexicon",
        "PDDL",
    )
