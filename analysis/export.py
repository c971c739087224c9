"""The JSON and CSV the command line prints: a documented, stable contract (see README).

Schema ``coverage-lens/1``. Offsets are character offsets into each article's ``text`` (Python
string indices, i.e. Unicode code points), ``end`` exclusive. Scores are rounded to 4 decimals.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from analysis.model import ArticleAnalysis, Story

SCHEMA = "coverage-lens/1"
_DECIMALS = 4


def _num(value: float | int | None) -> float | int | None:
    if value is None or isinstance(value, int):
        return value
    if math.isnan(value) or math.isinf(value):
        return None
    return round(value, _DECIMALS)


def article_to_json(analysis: ArticleAnalysis, story_id: str = "") -> dict[str, Any]:
    """Return one article's analysis as plain JSON-ready data."""
    meta = analysis.meta
    return {
        "id": meta.id,
        "story": story_id,
        "outlet": meta.outlet,
        "headline": meta.headline,
        "subheadline": meta.subheadline,
        "byline": meta.byline,
        "date": meta.date,
        "url": meta.url,
        "kind": meta.kind,
        "text": analysis.text,
        "word_count": int(analysis.metrics.get("word_count") or 0),
        "blocks": [
            {"start": b.start, "end": b.end, "role": b.role, "reason": b.reason}
            for b in analysis.blocks
        ],
        "sentences": [
            {
                "start": s.start,
                "end": s.end,
                "index": s.index,
                "role": s.role,
                "voice": s.voice,
                "tone": _num(s.tone),
                "tone_narration": _num(s.tone_narration),
                "tone_quoted": _num(s.tone_quoted),
                "grade": _num(s.grade),
                "word_count": s.word_count,
                "quoted_word_count": s.quoted_word_count,
                "drivers": [
                    {"start": d.start, "end": d.end, "word": d.label, "weight": _num(d.weight)}
                    for d in s.drivers
                ],
            }
            for s in analysis.sentences
        ],
        "quotes": [
            {
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "speaker": q.speaker,
                "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end,
                "verb": q.verb,
                "partial": q.partial,
                "reason": q.reason,
            }
            for q in analysis.quotes
        ],
        "loaded": [
            {
                "start": h.start,
                "end": h.end,
                "text": h.text,
                "term": h.term,
                "category": h.category,
                "alternative": h.alternative,
                "voice": h.voice,
                "role": h.role,
                "reason": h.reason,
                "source": h.source,
            }
            for h in analysis.loaded
        ],
        "metrics": {key: _num(value) for key, value in analysis.metrics.items()},
        "warnings": list(analysis.warnings),
    }


def story_to_json(story: Story, analyses: Sequence[ArticleAnalysis]) -> dict[str, Any]:
    """Return a story's metadata with the ids of its articles."""
    return {
        "id": story.id,
        "title": story.title,
        "date": story.date,
        "description": story.description,
        "articles": [a.meta.id for a in analyses],
    }
