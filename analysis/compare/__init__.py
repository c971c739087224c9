"""Cross-article comparison: how 2 to 6 articles of one story differ, with evidence spans.

Entry point::

    from analysis import analyse_story, load_story
    from analysis.compare import compare_articles

    comparison = compare_articles(analyse_story(load_story(path)).articles)
    comparison.to_json()  # the command line puts this under "comparison"

Only body text is compared (headlines have their own section; captions, promos and footers are
left out). Methods and thresholds are documented in the submodules: :mod:`.align` (sentence
alignment, word swaps), :mod:`.quotes` (quotations, voices, primary source), :mod:`.distinctive`
(log-odds with informative Dirichlet prior), :mod:`.actors` (people and groups),
:mod:`.headlines`, :mod:`.occurrences` (click-to-find).

JSON shape of ``Comparison.to_json()`` (offsets index into the named article's ``text``, ``end``
exclusive; article ids are ``meta.id``)::

    {
      "articles": ["sofrep", "ap"],            # compared article ids, in order
      "primary_source": null,                  # id of the transcript / primary source, if any
      "parameters": {"align_threshold": 0.25, ...},
      "aligned": [                             # sentences reporting the same thing
        {"a": {"article": "sofrep", "start": 0, "end": 251, "text": "...",
               "sentences": [[0, 251]]},        # several adjacent sentences when many-to-one
         "b": {"article": "ap", ...},
         "similarity": 0.73,                   # TF-IDF cosine of content-word stems, 0..1
         "kind": "one-to-one" | "many-to-one",
         "swaps": [                            # word-choice differences inside the pair
           {"kind": "swap" | "only_a" | "only_b",
            "a": {"article", "start", "end", "text"} | null,
            "b": {"article", "start", "end", "text"} | null,
            "reordered": false}]}],
      "only_in": {"sofrep": [{"start", "end", "text"}], "ap": [...]},
                                               # body sentences no other article reports
      "quotes": [                              # each quotation, with every article carrying it
        {"text": "...", "speaker": "Mark Milley" | null, "articles": ["sofrep", "ap"],
         "match": "single" | "exact" | "contained" | "fuzzy",
         "occurrences": [
           {"article", "start", "end", "text", "speaker", "speaker_as_written", "verb",
            "partial", "words",
            "primary": null | {"source": "transcript-id",
                               "status": "verbatim" | "altered" | "not_found",
                               "source_ref": {"article", "start", "end", "text"} | null,
                               "similarity": 0.9,
                               "differences": [{"quoted": "...", "source": "..."}]}}]}],
      "voices": [                              # per speaker: who quotes them, how much
        {"speaker": "Joe Biden" | "(unattributed)", "articles": ["ap"], "total_words": 61,
         "counts": [{"article": "sofrep", "quotes": 1, "words": 8}, ...]}],
      "distinctive": {                         # per article: words it uses more than the rest
        "sofrep": [{"term": "cooperation", "z": 1.56, "delta": 2.1, "count": 4,
                    "count_others": 0, "total": 520, "total_others": 610}]},
      "actors": [                              # people and groups, aliases merged
        {"name": "Joe Biden", "kind": "person" | "group", "aliases": ["Biden", "Joe Biden"],
         "mentions": 13,
         "articles": [{"article": "ap", "mentions": 9, "mentions_narration": 9,
                       "spans": [[s, e]], "labels": [{"text": "ruthless",
                       "kind": "loaded" | "quoted", "start", "end"}],
                       "tone_narration": -0.12 | null,   # mean tone toward the actor
                       "narration_sentences": 7,          # in the outlet's own words (-1…1)
                       "vader_tone_narration": -0.2 | null,  # mean VADER tone, same sentences
                       "tone_sentences": [                # per narration sentence naming it
                         {"start", "end", "label": "negative" | "neutral" | "positive",
                          "score": -0.4,                  # P(positive) - P(negative)
                          "evidence": [{"start", "end", "word", "weight", "reason"}]}]}]}],
      "headlines": [                           # headline and subheadline side by side
        {"article": "ap", "headline": {"article", "start", "end", "text"} | null,
         "subheadline": {...} | null, "tone": -0.2 | null,
         "loaded": [{"article", "start", "end", "text", "category"}],
         "note": "No headline recorded for this article."}],
      "warnings": []
    }
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis.compare.actors import build_actor_index, compare_actors
from analysis.compare.align import ALIGN_THRESHOLD, MERGE_GAIN, align_articles
from analysis.compare.distinctive import PRIOR_SHARE, distinctive_terms
from analysis.compare.headlines import compare_headlines
from analysis.compare.occurrences import TermOccurrence, term_occurrences
from analysis.compare.quotes import FUZZY_RATIO, compare_quotes
from analysis.compare.results import (
    Actor,
    ActorInArticle,
    ActorLabel,
    Alignment,
    Comparison,
    DistinctiveTerm,
    HeadlineSummary,
    PrimaryCheck,
    QuoteOccurrence,
    SentenceGroup,
    SharedQuote,
    Swap,
    TextRef,
    VoiceCount,
    VoiceSummary,
)
from analysis.model import ArticleAnalysis

MAX_ARTICLES = 6
"""The comparison is designed and benchmarked for up to six articles; more still work, slower."""

__all__ = [
    "MAX_ARTICLES",
    "Actor",
    "ActorInArticle",
    "ActorLabel",
    "Alignment",
    "Comparison",
    "DistinctiveTerm",
    "HeadlineSummary",
    "PrimaryCheck",
    "QuoteOccurrence",
    "SentenceGroup",
    "SharedQuote",
    "Swap",
    "TermOccurrence",
    "TextRef",
    "VoiceCount",
    "VoiceSummary",
    "compare_articles",
    "term_occurrences",
]


def compare_articles(analyses: Sequence[ArticleAnalysis]) -> Comparison:
    """Compare the analysed articles of one story.

    Args:
        analyses: Two to six analysed articles with distinct ``meta.id``.

    Returns:
        Alignment, one-article-only sentences, quotations, voices, distinctive words, actors and
        headlines. With fewer than two articles only the headlines are filled and a warning says
        why; with more than :data:`MAX_ARTICLES` everything is computed and a warning notes it.

    Raises:
        ValueError: When two articles share an id (results are keyed by id).
    """
    ids = [a.meta.id for a in analyses]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"article ids must be unique to compare them; repeated: {duplicates}")
    comparison = Comparison(
        articles=ids,
        parameters={
            "align_threshold": ALIGN_THRESHOLD,
            "merge_gain": MERGE_GAIN,
            "quote_fuzzy_ratio": FUZZY_RATIO,
            "prior_share": PRIOR_SHARE,
        },
        headlines=compare_headlines(analyses),
    )
    if len(analyses) < 2:
        comparison.warnings.append("A comparison needs at least two articles.")
        return comparison
    if len(analyses) > MAX_ARTICLES:
        comparison.warnings.append(
            f"{len(analyses)} articles: the comparison is designed for at most {MAX_ARTICLES}."
        )
    comparison.aligned, comparison.only_in = align_articles(analyses)
    index, mentions = build_actor_index(analyses)
    comparison.actors = compare_actors(analyses, index, mentions)
    comparison.quotes, comparison.voices, comparison.primary_source = compare_quotes(
        analyses, index.resolve
    )
    comparison.distinctive = distinctive_terms(analyses)
    for headline in comparison.headlines:
        if headline.headline is None:
            comparison.warnings.append(f"{headline.article}: {headline.note}")
    return comparison
