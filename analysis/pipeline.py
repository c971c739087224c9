"""One entry point: analyse an article or a story and return spans, metrics and a table."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from statistics import fmean
from typing import TYPE_CHECKING, Literal

from analysis.lexicon import Lexicon, default_lexicon, find_loaded
from analysis.metrics import MIN_WORDS_FOR_FIGURES
from analysis.model import (
    BODY_ROLES,
    HEADLINE_ROLES,
    Article,
    ArticleAnalysis,
    Block,
    LoadedHit,
    Quote,
    Sentence,
    Story,
    Word,
)
from analysis.quotes import find_quotes, quoted_ranges
from analysis.readability import (
    SentenceCounts,
    grade_from_counts,
    indices_from_counts,
    sentence_counts,
)
from analysis.segment import segment_blocks, sentence_spans, word_spans
from analysis.textcheck import text_warnings
from analysis.tone import NEGATIVE_BELOW, POSITIVE_ABOVE, score_tone

MIN_NARRATION_PART_WORDS = 3
"""A sentence's narration counts for narration tone and readability only with at least three
words: a bare attribution tag ("Milley said.") is not a sentence the outlet wrote about anything."""

META_COLUMNS = ("id", "outlet", "headline", "kind", "date")
READABILITY_KEYS = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "dale_chall",
)


if TYPE_CHECKING:
    import pandas as pd


@dataclass
class StoryAnalysis:
    """A story's articles analysed, with one table row per article."""

    story: Story
    articles: list[ArticleAnalysis]

    @functools.cached_property
    def table(self) -> pd.DataFrame:
        """One row per article and one column per metric (built when first asked for).

        pandas is imported only then: analysing does not need it, and it takes about half a
        second to import.
        """
        return metrics_table(self.articles)


def analyse_story(story: Story, lexicon: Lexicon | None = None) -> StoryAnalysis:
    """Analyse every article of a story.

    Args:
        story: The story.
        lexicon: The loaded-language lexicon; the shipped one by default.

    Returns:
        Per-article results and a table with one row per article and one column per metric.
    """
    analyses = [analyse_article(article, lexicon) for article in story.articles]
    return StoryAnalysis(story=story, articles=analyses)


def metrics_table(analyses: Sequence[ArticleAnalysis]) -> pd.DataFrame:
    """Return one row per article: its metadata columns then every metric."""
    import pandas as pd

    rows = [
        {
            "id": a.meta.id,
            "outlet": a.meta.outlet,
            "headline": a.meta.headline,
            "kind": a.meta.kind,
            "date": a.meta.date,
            **a.metrics,
        }
        for a in analyses
    ]
    return pd.DataFrame(rows)


def analyse_article(article: Article, lexicon: Lexicon | None = None) -> ArticleAnalysis:
    """Analyse one article: segment it, find quotes and loaded words, score every sentence.

    Args:
        article: The article.
        lexicon: The loaded-language lexicon; the shipped one by default.

    Returns:
        Spans and metrics; every offset indexes into the returned ``text``.
    """
    lexicon = lexicon or default_lexicon()
    text, blocks = segment_blocks(article)
    quotes = find_quotes(text, blocks)
    quoted = _RangeSet(quoted_ranges(quotes))

    words: list[Word] = []
    sentences: list[Sentence] = []
    counts: list[SentenceCounts] = []
    body_words = body_quoted = 0
    for block in blocks:
        spans = word_spans(text, block.start, block.end)
        voices = quoted.voices(spans)
        role = block.role
        if role in BODY_ROLES:
            body_words += len(voices)
            body_quoted += voices.count("quote")
        _add_words(words, spans, role, voices)
        word_starts = list(map(_FIRST, spans))
        for s, e in sentence_spans(text, block.start, block.end):
            # The sentence's words: those starting inside it, less any running past its end
            # (words do not overlap, so those come last).
            lo = bisect.bisect_left(word_starts, s)
            hi = bisect.bisect_left(word_starts, e)
            while hi > lo and spans[hi - 1][1] > e:
                hi -= 1
            word_count = hi - lo
            quoted_count = voices[lo:hi].count("quote")
            sentence_count = sentence_counts(text[s:e]) if word_count else SentenceCounts()
            counts.append(sentence_count)
            sentences.append(
                _sentence(
                    text,
                    (s, e),
                    block,
                    (word_count, quoted_count),
                    quoted,
                    len(sentences),
                    sentence_count,
                )
            )

    analysed_regions = [(b.start, b.end) for b in blocks if b.role in BODY_ROLES | HEADLINE_ROLES]
    role_at = _RoleLookup(blocks)
    loaded = [
        _replaced(hit, role=role_at(hit.start), voice=quoted.voices([(hit.start, hit.end)])[0])
        for hit in find_loaded(text, analysed_regions, lexicon)
    ]
    metrics = _article_metrics(
        text,
        blocks,
        sentences,
        counts,
        words,
        quotes,
        loaded,
        lexicon,
        (body_words, body_words - body_quoted),
    )
    return ArticleAnalysis(
        meta=article.meta,
        text=text,
        blocks=blocks,
        sentences=sentences,
        words=words,
        quotes=quotes,
        loaded=loaded,
        metrics=metrics,
        warnings=[*_warnings(metrics), *text_warnings(article.body)],
    )


def _add_words(
    words: list[Word], spans: Sequence[tuple[int, int]], role: str, voices: Sequence[str]
) -> None:
    """Append ``Word(start=start, end=end, role=role, voice=voice)`` for each span and voice.

    An article has thousands of words, and a frozen dataclass sets each field through
    ``object.__setattr__``; filling each instance dictionary directly gives equal objects several
    times faster (the tests check them field by field).
    """
    append = words.append
    for (start, end), voice in zip(spans, voices, strict=True):
        word = _new(Word)
        fields = word.__dict__
        fields["start"] = start
        fields["end"] = end
        fields["kind"] = "word"
        fields["label"] = ""
        fields["reason"] = ""
        fields["voice"] = voice
        fields["role"] = role
        append(word)


_new = object.__new__
_START = attrgetter("start")
_FIRST = itemgetter(0)
_END = itemgetter(1)


def _replaced(hit: LoadedHit, **changes: str) -> LoadedHit:
    """Return ``dataclasses.replace(hit, **changes)``, built as :func:`_add_words` builds words."""
    copy = _new(LoadedHit)
    copy.__dict__.update(hit.__dict__, **changes)
    return copy


def _sentence(
    text: str,
    span: tuple[int, int],
    block: Block,
    word_counts: tuple[int, int],
    quoted: _RangeSet,
    index: int,
    counts: SentenceCounts,
) -> Sentence:
    """Return the sentence at ``span`` of ``text`` in ``block``, with its voice, tones and grade.

    ``word_counts`` are its number of words and how many of them are quoted.
    """
    start, end = span
    word_count, quoted_count = word_counts
    narration_count = word_count - quoted_count
    voice = "quote" if narration_count == 0 and quoted_count else "narration"
    if quoted_count and narration_count:
        voice = "mixed"
    whole = score_tone(text, [(start, end)])
    tone_narration = tone_quoted = None
    if voice == "narration":
        tone_narration = whole.compound
    elif voice == "quote":
        tone_quoted = whole.compound
    else:
        inside = quoted.intersect(start, end)
        tone_quoted = score_tone(text, inside).compound
        if narration_count >= MIN_NARRATION_PART_WORDS:
            tone_narration = score_tone(text, _complement(start, end, inside)).compound
    # As in _add_words: the frozen dataclass's __init__ is several times slower.
    sentence = _new(Sentence)
    sentence.__dict__.update(
        start=start,
        end=end,
        kind="sentence",
        label=voice,
        reason="",
        index=index,
        role=block.role,
        voice=voice,
        tone=whole.compound,
        tone_narration=tone_narration,
        tone_quoted=tone_quoted,
        drivers=whole.drivers,
        grade=grade_from_counts(counts),
        word_count=word_count,
        quoted_word_count=quoted_count,
    )
    return sentence


def _article_metrics(
    text: str,
    blocks: Sequence[Block],
    sentences: Sequence[Sentence],
    counts: Sequence[SentenceCounts],
    words: Sequence[Word],
    quotes: Sequence[Quote],
    loaded: Sequence[LoadedHit],
    lexicon: Lexicon,
    body_word_counts: tuple[int, int],
) -> dict[str, float | None]:
    """Return the article's metrics; ``body_word_counts`` are its body words and how many of
    them are narration."""
    body_sentences = [s for s in sentences if s.role in BODY_ROLES]
    body_loaded = [h for h in loaded if h.role in BODY_ROLES]
    narration_loaded = [h for h in body_loaded if h.voice == "narration"]
    n_words, n_narration = body_word_counts

    narration_tones = [
        s.tone_narration
        for s in body_sentences
        if s.tone_narration is not None
        and s.word_count - s.quoted_word_count >= MIN_NARRATION_PART_WORDS
    ]
    quoted_tones = [s.tone_quoted for s in body_sentences if s.tone_quoted is not None]
    all_tones = [s.tone for s in body_sentences if s.word_count]
    metrics: dict[str, float | None] = {
        "word_count": n_words,
        "word_count_narration": n_narration,
        "word_count_quoted": n_words - n_narration,
        "sentence_count": len(body_sentences),
        "tone": _mean(all_tones),
        "tone_narration": _mean(narration_tones),
        "tone_quoted": _mean(quoted_tones),
        "negative_share": _share(all_tones, lambda t: t < NEGATIVE_BELOW),
        "negative_share_narration": _share(narration_tones, lambda t: t < NEGATIVE_BELOW),
        "negative_share_quoted": _share(quoted_tones, lambda t: t < NEGATIVE_BELOW),
        "positive_share": _share(all_tones, lambda t: t > POSITIVE_ABOVE),
        "positive_share_narration": _share(narration_tones, lambda t: t > POSITIVE_ABOVE),
        "positive_share_quoted": _share(quoted_tones, lambda t: t > POSITIVE_ABOVE),
        "loaded_count": len(body_loaded),
        "loaded_count_narration": len(narration_loaded),
        "loaded_per_100": _per_100(len(body_loaded), n_words),
        "loaded_per_100_narration": _per_100(len(narration_loaded), n_narration),
    }
    for category in lexicon.categories:
        metrics[f"loaded_per_100__{category.id}"] = _per_100(
            sum(1 for h in body_loaded if h.category == category.id), n_words
        )
        metrics[f"loaded_per_100_narration__{category.id}"] = _per_100(
            sum(1 for h in narration_loaded if h.category == category.id), n_narration
        )
    role_at = _RoleLookup(blocks)
    body_quotes = [q for q in quotes if role_at(q.start) in BODY_ROLES]
    metrics["quote_share"] = (n_words - n_narration) / n_words if n_words else None
    metrics["quote_count"] = len(body_quotes)
    metrics["speaker_count"] = len({q.speaker for q in body_quotes if q.speaker})

    whole = indices_from_counts([counts[s.index] for s in body_sentences])
    narration = indices_from_counts(_narration_counts(text, body_sentences, counts, words))
    for key in READABILITY_KEYS:
        metrics[key] = whole.get(key)
    metrics["flesch_reading_ease_narration"] = narration.get("flesch_reading_ease")
    metrics["flesch_kincaid_grade_narration"] = narration.get("flesch_kincaid_grade")

    headline_sentences = [s for s in sentences if s.role in HEADLINE_ROLES]
    metrics["headline_tone"] = _mean([s.tone for s in headline_sentences if s.role == "headline"])
    metrics["headline_loaded_count"] = sum(1 for h in loaded if h.role in HEADLINE_ROLES)
    return metrics


def _narration_counts(
    text: str,
    sentences: Sequence[Sentence],
    counts: Sequence[SentenceCounts],
    words: Sequence[Word],
) -> list[SentenceCounts]:
    """Readability counts of the outlet's own words of each sentence with at least a few."""
    starts: list[int] | None = None
    result = []
    for sentence in sentences:
        if sentence.word_count - sentence.quoted_word_count < MIN_NARRATION_PART_WORDS:
            continue
        if sentence.voice == "narration":
            result.append(counts[sentence.index])
            continue
        if starts is None:
            starts = list(map(_START, words))
        lo = bisect.bisect_left(starts, sentence.start)
        hi = bisect.bisect_left(starts, sentence.end)
        own = [w.slice(text) for w in words[lo:hi] if w.voice == "narration"]
        result.append(sentence_counts(" ".join(own) + "."))
    return result


def _warnings(metrics: dict[str, float | None]) -> list[str]:
    warnings = []
    words = int(metrics["word_count"] or 0)
    if words == 0:
        warnings.append("No article body was found: nothing to measure.")
    elif words < MIN_WORDS_FOR_FIGURES:
        warnings.append(
            f"Only {words} words of body text: figures on texts this short are unreliable; "
            "read them as a rough indication, not a measurement."
        )
    return warnings


def _mean(values: Sequence[float]) -> float | None:
    return fmean(values) if values else None


def _share(values: Sequence[float], predicate) -> float | None:
    return sum(1 for v in values if predicate(v)) / len(values) if values else None


def _per_100(count: int, words: int) -> float | None:
    return 100.0 * count / words if words else None


def _complement(start: int, end: int, inside: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    parts, position = [], start
    for s, e in inside:
        if s > position:
            parts.append((position, s))
        position = max(position, e)
    if position < end:
        parts.append((position, end))
    return parts


class _RoleLookup:
    """The role of the block at a character position (``body`` between blocks)."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        self._starts = [b.start for b in blocks]
        self._blocks = blocks

    def __call__(self, position: int) -> str:
        index = bisect.bisect_right(self._starts, position) - 1
        if index >= 0 and position < self._blocks[index].end:
            return self._blocks[index].role
        return "body"


class _RangeSet:
    """Sorted, non-overlapping character ranges with fast coverage and intersection queries."""

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        self._ranges = sorted(ranges)
        self._starts = [s for s, _ in self._ranges]

    def voices(self, spans: Sequence[tuple[int, int]]) -> list[Literal["narration", "quote"]]:
        """For sorted spans, "quote" where most of the span lies inside the ranges, in one sweep."""
        if not spans:
            return []
        ranges = self._ranges
        index = max(bisect.bisect_right(self._starts, spans[0][0]) - 1, 0)
        # No range but perhaps the one at ``index`` starts before the last span ends, and that
        # one ends before the first span starts: the sweep would find nothing quoted.
        after = bisect.bisect_left(self._starts, max(map(_END, spans)))
        if after <= index or (after == index + 1 and ranges[index][1] <= spans[0][0]):
            return ["narration"] * len(spans)
        result: list[Literal["narration", "quote"]] = []
        count = len(ranges)
        for start, end in spans:
            while index < count and ranges[index][1] <= start:
                index += 1
            if index == count or ranges[index][0] >= end:
                result.append("narration")  # no range overlaps the span
                continue
            inside, j = 0, index
            while j < count and ranges[j][0] < end:
                inside += max(0, min(ranges[j][1], end) - max(ranges[j][0], start))
                j += 1
            result.append("quote" if inside * 2 > end - start else "narration")
        return result

    def intersect(self, start: int, end: int) -> list[tuple[int, int]]:
        index = max(bisect.bisect_right(self._starts, start) - 1, 0)
        result = []
        for s, e in self._ranges[index:]:
            if s >= end:
                break
            lo, hi = max(s, start), min(e, end)
            if lo < hi:
                result.append((lo, hi))
        return result
