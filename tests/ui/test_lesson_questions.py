"""Discussion questions come from differences actually detected, checked on the seed story.

The expectations come from reading the two articles: the AP report quotes President Biden's
defence of the withdrawal ("I was not going to extend this forever war") and SOFREP does not
(it quotes Biden only on ISIS-K); SOFREP alone calls the withdrawal date "arbitrary" and says
the administration "has drawn widespread fire"; SOFREP says Austin "attempted to downplay" any
suggestion of cooperation; the two articles' mean tones differ by less than 0.1.
"""

from __future__ import annotations

import pytest

from analysis import analyse_story, load_story
from analysis.compare import compare_articles
from analysis.corpus import CORPUS_DIR
from analysis.lexicon import default_lexicon
from ui.lesson_questions import MAX_QUESTIONS, discussion_questions, voice_questions
from ui.summary import article_display_names

SEED = CORPUS_DIR / "2021-09-01-pentagon-briefing"


@pytest.fixture(scope="module")
def seed():
    """(articles, comparison, names, category names) of the bundled story."""
    articles = analyse_story(load_story(SEED)).articles
    categories = {c.id: c.name for c in default_lexicon().categories}
    return articles, compare_articles(articles), article_display_names(articles), categories


@pytest.fixture(scope="module")
def every_question(seed):
    articles, comparison, names, categories = seed
    return discussion_questions(articles, comparison, names, categories, max_questions=None)


def _by_kind(questions, kind):
    return [q for q in questions if q.kind == kind]


def test_biden_defence_of_the_withdrawal_is_quoted_only_by_ap(every_question, seed) -> None:
    articles, *_ = seed
    ap = next(a for a in articles if a.meta.id == "ap")
    first = every_question[0]
    assert first.kind == "voice"
    assert "Only Associated Press quotes Joe Biden" in first.finding
    assert "I was not going to extend this forever war" in first.finding
    assert "SOFREP quotes Joe Biden elsewhere, but not these words" in first.finding
    assert "SOFREP" in first.question
    evidence = first.evidence[0]
    assert evidence.article_id == "ap"
    assert evidence.text.startswith("Biden in an address to the nation Tuesday defended his")
    assert " ".join(ap.text[evidence.start : evidence.end].split()) == evidence.text


def test_each_voice_question_names_a_speaker_the_other_article_leaves_out(seed) -> None:
    articles, comparison, names, _ = seed
    questions = voice_questions(articles, comparison, names)
    speakers = [q.finding.split(" quotes ")[1].split(" saying")[0] for q in questions]
    assert speakers[:2] == ["Joe Biden", "Frank McKenzie"]
    assert "Mark Milley" not in speakers, "both articles carry every Milley quotation"
    assert "SOFREP never quotes Frank McKenzie" in questions[1].finding


def test_judgement_only_sofrep_has(every_question) -> None:
    judgement = _by_kind(every_question, "judgement")
    assert judgement[0].evidence[0].article_id == "sofrep"
    assert "arbitrary withdrawal date" in judgement[0].evidence[0].text
    assert "“arbitrary” (Emotionally charged word)" in judgement[0].finding
    assert "“drawn widespread fire” (Editorialising phrase)" in judgement[0].finding
    assert "Associated Press reports nothing like it" in judgement[0].finding


def test_labels_attached_to_people(every_question) -> None:
    labels = {q.finding.split("“")[1].split("”")[0]: q for q in _by_kind(every_question, "label")}
    assert "downplay" in labels
    assert "about Lloyd Austin" in labels["downplay"].finding
    assert "attempted to downplay" in labels["downplay"].evidence[0].text
    assert "absolutely" not in labels, "intensifiers are not labels"
    assert "ruthless" not in labels, "Milley's word, quoted by both"


def test_figure_questions_only_for_meaningful_gaps(every_question) -> None:
    kinds = {q.kind for q in every_question}
    assert {"loaded_gap", "quote_gap", "grade_gap"} <= kinds
    assert "tone_gap" not in kinds, "−0.23 against −0.24 is noise"
    loaded = _by_kind(every_question, "loaded_gap")[0]
    assert loaded.finding.startswith("In its own words, SOFREP uses")
    assert all(e.article_id == "sofrep" for e in loaded.evidence)
    quotes = _by_kind(every_question, "quote_gap")[0]
    assert quotes.finding.startswith("18% of Associated Press's words are direct quotations")


def test_distinctive_and_coverage(every_question) -> None:
    distinctive = _by_kind(every_question, "distinctive")[0]
    assert "Associated Press uses “war”" in distinctive.finding
    assert "SOFREP uses" in distinctive.finding and "“cooperation”" in distinctive.finding
    coverage = every_question[-1]
    assert coverage.kind == "coverage"
    assert "sentences SOFREP does not report" in coverage.finding
    assert {e.article_id for e in coverage.evidence} == {"ap", "sofrep"}


def test_no_two_questions_rest_on_the_same_sentences(every_question) -> None:
    seen: list[set[tuple[str, int]]] = []
    for question in every_question:
        spots = {(e.article_id, e.start) for e in question.evidence}
        assert not spots or not any(spots <= earlier for earlier in seen), question
        seen.append(spots)


def test_default_selection_mixes_kinds_and_keeps_the_closing_question(seed) -> None:
    articles, comparison, names, categories = seed
    chosen = discussion_questions(articles, comparison, names, categories)
    assert len(chosen) == MAX_QUESTIONS
    kinds = [q.kind for q in chosen]
    assert kinds[:3] == ["voice", "judgement", "label"]
    assert kinds[-1] == "coverage"
    assert len(set(kinds)) >= 7
    three = discussion_questions(articles, comparison, names, categories, max_questions=3)
    assert [q.kind for q in three] == ["voice", "judgement", "coverage"]


def test_evidence_is_real_text(every_question, seed) -> None:
    articles, *_ = seed
    by_id = {a.meta.id: a for a in articles}
    for question in every_question:
        for evidence in question.evidence:
            text = by_id[evidence.article_id].text[evidence.start : evidence.end]
            assert " ".join(text.split()) == evidence.text


def test_identical_articles_raise_no_question(article_factory) -> None:
    first = article_factory(article_id="a")
    second = article_factory(article_id="b", outlet="Outlet B")
    comparison = compare_articles([first, second])
    names = {"a": "Outlet A", "b": "Outlet B"}
    assert discussion_questions([first, second], comparison, names, {}) == []
    assert discussion_questions([first], comparison, names, {}) == []
