"""The glossary: every term, with examples taken from the story on screen."""

from __future__ import annotations

import pytest

from analysis import analyse_story, load_story
from analysis.compare import Comparison, compare_articles
from analysis.corpus import CORPUS_DIR
from analysis.lexicon import default_lexicon
from ui.glossary import (
    SECTIONS,
    Example,
    GlossaryEntry,
    example_html,
    glossary_entries,
    glossary_html,
    matches,
)
from ui.summary import article_display_names

SEED = CORPUS_DIR / "2021-09-01-pentagon-briefing"
HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


@pytest.fixture(scope="module")
def entries() -> dict[str, GlossaryEntry]:
    articles = analyse_story(load_story(SEED)).articles
    names = article_display_names(articles)
    found = glossary_entries(articles, compare_articles(articles), default_lexicon(), names)
    return {e.term: e for e in found}


def _marked(entry: GlossaryEntry) -> list[str]:
    return [x.text[s:e] for x in entry.examples for s, e in x.spans]


def test_every_term_the_app_uses_is_explained(entries) -> None:
    # entries is keyed by term: a category and a comparison term with one name would collide
    expected = {
        "Loaded language",
        "Hedge or doubt marker",
        "Partial quote",
        "Narration (the outlet's own words)",
        "Direct quotation",
        "Tone",
        "Reading grade and hard sentences",
        "Meaningful difference",
        "Aligned sentences",
        "Only in one article",
        "Word swap",
        "Reading blind",
    }
    assert expected <= set(entries)
    for category in default_lexicon().categories:
        assert category.name in entries
        assert entries[category.name].definition == category.description
    assert {e.section for e in entries.values()} == set(SECTIONS)
    assert _marked(entries["Label attached to a person or group"]) in (["asserts"], ["downplay"])
    assert all(e.definition for e in entries.values())


def test_examples_come_from_this_story(entries) -> None:
    assert _marked(entries["Hedge or doubt marker"]) == ["perhaps"]
    assert entries["Hedge or doubt marker"].examples[0].article_id == "sofrep"
    assert _marked(entries["Presupposing verb"]) == ["debunked"]
    assert _marked(entries["Editorialising phrase"]) == ["reflect poorly"]
    assert _marked(entries["Loaded language"]) == [
        "insistence",
        "arbitrary",
        "drawn widespread fire",
    ]
    assert _marked(entries["Partial quote"]) == ["“possible”"]
    assert "“Leave no man behind.”" in _marked(entries["Unattributed quotation"])
    assert _marked(entries["Word swap"]) == ["jihadists", "militants"]
    assert entries["Reading blind"].examples[0].text.startswith("WASHINGTON ([outlet])")
    assert "about the same" in entries["Meaningful difference"].illustration


def test_examples_in_neighbouring_entries_differ(entries) -> None:
    saying = _marked(entries["Loaded verb of saying"])
    assert _marked(entries["Neutral alternative"]) != saying
    assert _marked(entries["Word-list entry"]) not in (
        saying,
        _marked(entries["Neutral alternative"]),
    )


def test_terms_without_an_example_say_so(entries) -> None:
    assert entries["Evaluative adjective"].examples == ()
    markup = glossary_html([entries["Evaluative adjective"]], {})
    assert "No example in these articles." in markup


def test_spans_stay_inside_their_passages(entries) -> None:
    for entry in entries.values():
        for example in entry.examples:
            for start, end in example.spans:
                assert 0 <= start < end <= len(example.text), entry.term


def test_glossary_without_a_comparison(article_factory) -> None:
    article = article_factory()
    found = glossary_entries([article], Comparison(articles=["a"]), default_lexicon(), {})
    by_term = {e.term: e for e in found}
    assert by_term["Aligned sentences"].examples == ()
    assert _marked(by_term["Emotionally charged word"]) in (["disaster"], ["brutal"])


def test_search_matches_term_and_definition(entries) -> None:
    hedge = entries["Hedge or doubt marker"]
    assert matches(hedge, "hedge") and matches(hedge, "DOUBT supposed")
    assert not matches(hedge, "hedge quotation")


def test_html_escapes_examples_and_notes() -> None:
    example = Example("a", HOSTILE + " word", ((len(HOSTILE) + 1, len(HOSTILE) + 5),), HOSTILE)
    markup = example_html(example, {"a": HOSTILE})
    assert "<script" not in markup and "<img" not in markup
    assert '<mark class="gl">word</mark>' in markup
    entry = GlossaryEntry(HOSTILE, "Measures", HOSTILE, (), HOSTILE)
    assert "<script" not in glossary_html([entry], {})


def test_terms_are_unique(article_factory) -> None:
    articles = [article_factory(), article_factory(article_id="b", outlet="Outlet B")]
    found = glossary_entries(articles, compare_articles(articles), default_lexicon(), {})
    terms = [e.term for e in found]
    assert len(terms) == len(set(terms))
