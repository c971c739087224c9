"""The evidence table: every flagged item of every article, and what a selection keeps of it.

One row per loaded word, quotation, hard sentence and tone word, with the article, sentence,
category and reason. The same rows decide what the highlighted text and the charts emphasise,
so a selection means the same thing everywhere.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.model import BODY_ROLES, ArticleAnalysis, Quote, Sentence
from ui.selection import NO_SPEAKER, Selection

# Shown columns.
COL_ARTICLE = "Article"
COL_SENTENCE = "Sentence"
COL_WHAT = "What"
COL_CATEGORY = "Category or speaker"
COL_TEXT = "Text"
COL_REASON = "Why it is flagged"
COL_ALTERNATIVE = "Neutral alternative"
COL_VOICE = "Voice"
COL_PART = "Part"
# Key columns used for filtering and highlighting; hidden in the app.
COL_ARTICLE_ID = "article_id"
COL_KIND = "kind"
COL_CATEGORY_ID = "category_id"
COL_SPEAKER = "speaker"
COL_SENTENCE_INDEX = "sentence_index"
COL_START = "start"
COL_END = "end"

SHOWN_COLUMNS: tuple[str, ...] = (
    COL_ARTICLE,
    COL_SENTENCE,
    COL_WHAT,
    COL_TEXT,
    COL_CATEGORY,
    COL_ALTERNATIVE,
    COL_REASON,
    COL_VOICE,
    COL_PART,
)
ALL_COLUMNS: tuple[str, ...] = SHOWN_COLUMNS + (
    COL_ARTICLE_ID,
    COL_KIND,
    COL_CATEGORY_ID,
    COL_SPEAKER,
    COL_SENTENCE_INDEX,
    COL_START,
    COL_END,
)

KIND_LOADED = "loaded"
KIND_QUOTE = "quote"
KIND_HARD_SENTENCE = "hard_sentence"
KIND_TONE_WORD = "tone_word"
KIND_NAMES: dict[str, str] = {
    KIND_LOADED: "Loaded word",
    KIND_QUOTE: "Quotation",
    KIND_HARD_SENTENCE: "Hard sentence",
    KIND_TONE_WORD: "Tone word",
}

METRIC_EVIDENCE: dict[str, tuple[str, str | None]] = {
    "tone": (KIND_TONE_WORD, None),
    "tone_narration": (KIND_TONE_WORD, "narration"),
    "loaded_per_100": (KIND_LOADED, None),
    "loaded_per_100_narration": (KIND_LOADED, "narration"),
    "quote_share": (KIND_QUOTE, None),
    "flesch_kincaid_grade": (KIND_HARD_SENTENCE, None),
    "flesch_kincaid_grade_narration": (KIND_HARD_SENTENCE, "narration"),
}
"""Which evidence stands behind a metric: the row kind, and the voice when narration-only."""

_MAX_TEXT_CHARS = 300


def sentence_index_at(sentences: Sequence[Sentence], offset: int) -> int | None:
    """Return the index of the sentence containing ``offset``, or None outside every sentence."""
    starts = [s.start for s in sentences]
    position = bisect.bisect_right(starts, offset) - 1
    if position >= 0 and offset < sentences[position].end:
        return sentences[position].index
    return None


def _inside_any(start: int, quotes: Sequence[Quote]) -> bool:
    return any(q.start <= start < q.end for q in quotes)


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_TEXT_CHARS else text[: _MAX_TEXT_CHARS - 1] + "…"


def evidence_rows(
    article: ArticleAnalysis,
    article_name: str,
    category_names: Mapping[str, str],
    hard_sentence_grade: float,
) -> list[dict[str, object]]:
    """Return the evidence rows of one article (see :data:`ALL_COLUMNS`).

    Args:
        article: The analysed article.
        article_name: How the article is named in the table.
        category_names: Display name per lexicon category id.
        hard_sentence_grade: Sentences at or above this grade are listed as hard.
    """
    sentences = sorted(article.sentences, key=lambda s: s.start)
    article_id = article.meta.id
    rows: list[dict[str, object]] = []

    def add(**fields: object) -> None:
        start = int(fields[COL_START])  # type: ignore[call-overload]
        index = sentence_index_at(sentences, start)
        row: dict[str, object] = {
            COL_ARTICLE: article_name,
            COL_SENTENCE: index + 1 if index is not None else None,
            COL_ARTICLE_ID: article_id,
            COL_SENTENCE_INDEX: index,
            COL_ALTERNATIVE: "",
            COL_CATEGORY_ID: "",
            COL_SPEAKER: "",
        }
        row.update(fields)
        row[COL_WHAT] = KIND_NAMES[str(row[COL_KIND])]
        rows.append(row)

    for hit in article.loaded:
        add(
            **{
                COL_KIND: KIND_LOADED,
                COL_CATEGORY: category_names.get(hit.category, hit.category),
                COL_CATEGORY_ID: hit.category,
                COL_TEXT: hit.text or hit.slice(article.text),
                COL_REASON: hit.reason,
                COL_ALTERNATIVE: hit.alternative,
                COL_VOICE: hit.voice,
                COL_PART: hit.role,
                COL_START: hit.start,
                COL_END: hit.end,
            }
        )
    for quote in article.quotes:
        speaker = quote.speaker or NO_SPEAKER
        verb = f" ({quote.verb})" if quote.verb else ""
        kind_of_quote = "partial quote" if quote.partial else "direct quote"
        add(
            **{
                COL_KIND: KIND_QUOTE,
                COL_CATEGORY: speaker,
                COL_SPEAKER: speaker,
                COL_TEXT: _shorten(quote.text or quote.slice(article.text)),
                COL_REASON: f"{kind_of_quote}, speaker {speaker}{verb}",
                COL_VOICE: "quote",
                COL_PART: _role_at(article, quote.start),
                COL_START: quote.start,
                COL_END: quote.end,
            }
        )
    for sentence in sentences:
        if sentence.role in BODY_ROLES and sentence.grade >= hard_sentence_grade:
            add(
                **{
                    COL_KIND: KIND_HARD_SENTENCE,
                    COL_CATEGORY: f"grade {sentence.grade:.1f}",
                    COL_TEXT: _shorten(sentence.slice(article.text)),
                    COL_REASON: (
                        f"reading grade {sentence.grade:.1f} is at or above "
                        f"{hard_sentence_grade:g} ({sentence.word_count} words)"
                    ),
                    COL_VOICE: sentence.voice,
                    COL_PART: sentence.role,
                    COL_START: sentence.start,
                    COL_END: sentence.end,
                }
            )
        for driver in sentence.drivers:
            direction = "negative" if driver.weight < 0 else "positive"
            add(
                **{
                    COL_KIND: KIND_TONE_WORD,
                    COL_CATEGORY: f"{direction} tone",
                    COL_TEXT: driver.slice(article.text),
                    COL_REASON: driver.reason
                    or f"pulls the sentence's tone {direction} (weight {driver.weight:+.1f})",
                    COL_VOICE: "quote"
                    if _inside_any(driver.start, article.quotes)
                    else "narration",
                    COL_PART: sentence.role,
                    COL_START: driver.start,
                    COL_END: driver.end,
                }
            )
    return rows


def _role_at(article: ArticleAnalysis, offset: int) -> str:
    for block in article.blocks:
        if block.start <= offset < block.end:
            return block.role
    return "body"


def evidence_table(
    articles: Iterable[ArticleAnalysis],
    article_names: Mapping[str, str],
    category_names: Mapping[str, str],
    hard_sentence_grade: float,
) -> pd.DataFrame:
    """Return every flagged item of the articles, in article and reading order.

    Args:
        articles: The compared articles.
        article_names: Display name per article id.
        category_names: Display name per lexicon category id.
        hard_sentence_grade: Sentences at or above this grade are listed as hard.
    """
    rows: list[dict[str, object]] = []
    for article in articles:
        name = article_names.get(article.meta.id, article.meta.id)
        rows.extend(
            sorted(
                evidence_rows(article, name, category_names, hard_sentence_grade),
                key=lambda row: (int(row[COL_START]), str(row[COL_KIND])),  # type: ignore[call-overload]
            )
        )
    table = pd.DataFrame(rows, columns=list(ALL_COLUMNS))
    table[COL_SENTENCE] = table[COL_SENTENCE].astype("Int64")
    table[COL_SENTENCE_INDEX] = table[COL_SENTENCE_INDEX].astype("Int64")
    return table


def evidence_mask(table: pd.DataFrame, selection: Selection | None) -> pd.Series:
    """Return which rows of the evidence table stand behind ``selection`` (all for None)."""
    if selection is None:
        return pd.Series(True, index=table.index)
    mask = pd.Series(True, index=table.index)
    if selection.article_id is not None:
        mask &= table[COL_ARTICLE_ID] == selection.article_id
    match selection.kind:
        case "article":
            pass
        case "metric":
            kind, voice = METRIC_EVIDENCE.get(selection.value, ("", None))
            mask &= table[COL_KIND] == kind
            if voice is not None:
                mask &= table[COL_VOICE] == voice
        case "category":
            mask &= (table[COL_KIND] == KIND_LOADED) & (table[COL_CATEGORY_ID] == selection.value)
        case "sentence":
            index = selection.sentence_index()
            mask &= table[COL_SENTENCE_INDEX].eq(index).fillna(False).astype(bool)
        case "speaker":
            mask &= (table[COL_KIND] == KIND_QUOTE) & (table[COL_SPEAKER] == selection.value)
    return mask


def filtered_evidence(table: pd.DataFrame, selection: Selection | None) -> pd.DataFrame:
    """Return the rows of the evidence table that stand behind ``selection``."""
    return table[evidence_mask(table, selection)]


def evidence_csv(table: pd.DataFrame) -> bytes:
    """Return the shown columns of an evidence table as UTF-8 CSV (with a BOM for spreadsheets)."""
    return table.loc[:, list(SHOWN_COLUMNS)].to_csv(index=False).encode("utf-8-sig")


@dataclass(frozen=True)
class Emphasis:
    """What every chart emphasises for the current selection, derived from the kept evidence.

    Attributes:
        active: Whether anything is selected (when not, nothing is dimmed).
        articles: Article ids with kept evidence (or the selected article).
        sentences: (article id, sentence index) pairs to emphasise.
        categories: (article id, category id) pairs to emphasise.
        speakers: (article id, speaker) pairs to emphasise.
        metrics: (article id, metric key) pairs to emphasise.
    """

    active: bool = False
    articles: frozenset[str] = frozenset()
    sentences: frozenset[tuple[str, int]] = frozenset()
    categories: frozenset[tuple[str, str]] = frozenset()
    speakers: frozenset[tuple[str, str]] = frozenset()
    metrics: frozenset[tuple[str, str]] = frozenset()

    def shows(self, group: str, key: tuple[str, object] | str) -> bool:
        """Return whether the element ``key`` of ``group`` is shown at full strength."""
        if not self.active:
            return True
        return key in getattr(self, group)


def _metrics_behind(kind: str, voice: str) -> list[str]:
    keys = [key for key, (k, v) in METRIC_EVIDENCE.items() if k == kind and v is None]
    if voice == "narration":
        keys += [key for key, (k, v) in METRIC_EVIDENCE.items() if k == kind and v == voice]
    return keys


def emphasis_for(table: pd.DataFrame, selection: Selection | None) -> Emphasis:
    """Return what the charts emphasise for ``selection``, given the full evidence table."""
    if selection is None:
        return Emphasis()
    kept = filtered_evidence(table, selection)
    articles = set(kept[COL_ARTICLE_ID])
    sentences = {
        (str(a), int(i))
        for a, i in zip(kept[COL_ARTICLE_ID], kept[COL_SENTENCE_INDEX], strict=True)
        if not pd.isna(i)
    }
    rows = list(
        zip(
            kept[COL_ARTICLE_ID].astype(str),
            kept[COL_KIND].astype(str),
            kept[COL_CATEGORY_ID].astype(str),
            kept[COL_SPEAKER].astype(str),
            kept[COL_VOICE].astype(str),
            strict=True,
        )
    )
    categories = {(a, c) for a, kind, c, _, _ in rows if kind == KIND_LOADED}
    speakers = {(a, s) for a, kind, _, s, _ in rows if kind == KIND_QUOTE}
    metrics = {
        (a, key) for a, kind, _, _, voice in set(rows) for key in _metrics_behind(kind, voice)
    }
    if selection.article_id is not None and selection.kind in ("article", "metric", "sentence"):
        articles.add(selection.article_id)
    if selection.kind == "metric" and selection.article_id is not None:
        metrics = {(selection.article_id, selection.value)}
    index = selection.sentence_index()
    if index is not None and selection.article_id is not None:
        sentences.add((selection.article_id, index))
    return Emphasis(
        active=True,
        articles=frozenset(articles),
        sentences=frozenset(sentences),
        categories=frozenset(categories),
        speakers=frozenset(speakers),
        metrics=frozenset(metrics),
    )
