"""Headlines side by side: each article's headline and subheadline with tone and loaded words."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import fmean

from analysis.compare.results import HeadlineSummary, TextRef
from analysis.model import HEADLINE_ROLES, ArticleAnalysis

NO_HEADLINE_NOTE = "No headline recorded for this article."


def _joined_ref(analysis: ArticleAnalysis, role: str) -> TextRef | None:
    """Return the span covering every block of ``role`` (None when there is none)."""
    blocks = [b for b in analysis.blocks if b.role == role]
    if not blocks:
        return None
    start, end = blocks[0].start, blocks[-1].end
    return TextRef(analysis.meta.id, start, end, analysis.text[start:end])


def compare_headlines(analyses: Sequence[ArticleAnalysis]) -> list[HeadlineSummary]:
    """Return one headline summary per article, in comparison order.

    Args:
        analyses: The compared articles.

    Returns:
        Per article: headline and subheadline spans, the mean VADER tone of their sentences, the
        loaded-word hits inside them, and a note when no headline was recorded.
    """
    out: list[HeadlineSummary] = []
    for analysis in analyses:
        headline = _joined_ref(analysis, "headline")
        subheadline = _joined_ref(analysis, "subheadline")
        tones = [s.tone for s in analysis.sentences if s.role in HEADLINE_ROLES]
        hits = [h for h in analysis.loaded if h.role in HEADLINE_ROLES]
        notes = []
        if headline is None:
            notes.append(NO_HEADLINE_NOTE)
        if headline is not None and subheadline is None:
            notes.append("No subheadline recorded.")
        out.append(
            HeadlineSummary(
                article=analysis.meta.id,
                headline=headline,
                subheadline=subheadline,
                tone=fmean(tones) if tones else None,
                loaded=tuple(
                    TextRef(analysis.meta.id, h.start, h.end, analysis.text[h.start : h.end])
                    for h in hits
                ),
                loaded_categories=tuple(h.category for h in hits),
                note=" ".join(notes),
            )
        )
    return out
