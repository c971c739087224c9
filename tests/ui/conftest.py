"""Small hand-built analyses for unit tests of the dashboard's pure functions."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from analysis.model import (
    ArticleAnalysis,
    ArticleMeta,
    Block,
    LoadedHit,
    Quote,
    Sentence,
    ToneDriver,
)


def find(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """Return the (start, end) of the ``occurrence``-th match of ``needle`` in ``text``."""
    starts = [m.start() for m in re.finditer(re.escape(needle), text)]
    start = starts[occurrence]
    return start, start + len(needle)


def make_article(
    article_id: str = "a",
    outlet: str = "Outlet A",
    headline: str = "General says cooperation is possible",
    body: str = (
        "The general said the attack was “ruthless” and a disaster. "
        "Officials claimed the brutal regime would never change. "
        "Critics say it is possible."
    ),
    caption: str = "A photo caption.",
    loaded: tuple[tuple[str, str], ...] = (
        ("disaster", "charged"),
        ("claimed", "saying_verb"),
        ("brutal", "charged"),
        ("regime", "label"),
    ),
    grades: tuple[float, ...] = (14.0, 8.0, 4.0),
    kind: str = "wire report",
) -> ArticleAnalysis:
    """Return an ArticleAnalysis with a headline, a three-sentence body and a caption."""
    parts = [headline, body, caption]
    text = "\n\n".join(parts)
    blocks: list[Block] = []
    offset = 0
    for part, role in zip(parts, ("headline", "body", "caption"), strict=True):
        blocks.append(Block(start=offset, end=offset + len(part), role=role))
        offset += len(part) + 2
    body_start = blocks[1].start
    sentences: list[Sentence] = [
        Sentence(start=blocks[0].start, end=blocks[0].end, index=0, role="headline", tone=0.1)
    ]
    for number, match in enumerate(re.finditer(r"[^.]+\.", body), start=1):
        start = body_start + match.start() + (1 if match.group().startswith(" ") else 0)
        end = body_start + match.end()
        drivers: tuple[ToneDriver, ...] = ()
        for word, weight in (("disaster", -3.1), ("brutal", -2.9), ("possible", 1.0)):
            if word in text[start:end]:
                s, e = find(text, word)
                drivers += (ToneDriver(start=s, end=e, weight=weight),)
        sentences.append(
            Sentence(
                start=start,
                end=end,
                index=number,
                role="body",
                voice="mixed" if "“" in text[start:end] else "narration",
                tone=-0.5 if drivers and drivers[0].weight < 0 else 0.3,
                tone_narration=-0.4,
                tone_quoted=-0.2 if "“" in text[start:end] else None,
                drivers=drivers,
                grade=grades[(number - 1) % len(grades)],
                word_count=len(text[start:end].split()),
            )
        )
    quotes: list[Quote] = []
    for match in re.finditer(r"“([^”]*)”", text):
        quotes.append(
            Quote(
                start=match.start(),
                end=match.end(),
                text=match.group(1),
                speaker="The general",
                verb="said",
                partial=True,
            )
        )
    hits = []
    for term, category in loaded:
        s, e = find(text, term)
        hits.append(
            LoadedHit(
                start=s,
                end=e,
                text=term,
                term=term,
                category=category,
                reason=f"{term} is {category}",
                alternative=f"neutral-{term}",
            )
        )
    words = len(body.split())
    return ArticleAnalysis(
        meta=ArticleMeta(
            id=article_id, outlet=outlet, headline=headline, kind=kind, date="2021-09-01"
        ),
        text=text,
        blocks=blocks,
        sentences=sentences,
        words=[],
        quotes=quotes,
        loaded=hits,
        metrics={
            "word_count": words,
            "word_count_narration": words - 1,
            "word_count_quoted": 1,
            "tone": -0.2,
            "tone_narration": -0.25,
            "loaded_per_100": 100 * len(hits) / words,
            "loaded_per_100_narration": 100 * len(hits) / (words - 1),
            "quote_share": 1 / words,
            "quote_count": len(quotes),
            "speaker_count": 1,
            "flesch_kincaid_grade": 9.0,
            "flesch_kincaid_grade_narration": 9.5,
            **{f"loaded_per_100__{c}": 100 * n / words for c, n in _counts(hits).items()},
        },
        warnings=["Only a few words: figures are unreliable."],
    )


def _counts(hits: list[LoadedHit]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for hit in hits:
        counts[hit.category] = counts.get(hit.category, 0) + 1
    return counts


@pytest.fixture
def article_factory() -> Callable[..., ArticleAnalysis]:
    """The :func:`make_article` factory, for tests that build their own articles."""
    return make_article


@pytest.fixture
def two_articles() -> list[ArticleAnalysis]:
    """Two small hand-built articles with different loaded words."""
    return [
        make_article(),
        make_article(
            article_id="b",
            outlet="Outlet B (via C)",
            loaded=(("disaster", "charged"), ("possible", "hedge")),
            kind="opinion",
        ),
    ]
