"""The metrics every article gets: keys, plain-language names and explanations, defined once.

The pipeline fills :attr:`analysis.model.ArticleAnalysis.metrics` with these keys; the command line,
the table and the dashboard read names and explanations from here.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_WORDS_FOR_FIGURES = 150
"""Below this many body words every figure is shown with a warning: too few words to mean much."""


@dataclass(frozen=True)
class MetricInfo:
    """How to name, explain and compare one metric."""

    key: str
    name: str
    explanation: str
    narration_key: str | None = None
    """The same metric over the outlet's own words alone, when there is one."""
    unit: str = ""
    low: float = 0.0
    high: float = 1.0
    meaningful_difference: float = 0.0
    """Differences smaller than this are noise on news-length texts (see the methods page)."""


METRICS: tuple[MetricInfo, ...] = (
    MetricInfo(
        key="tone",
        name="Tone",
        explanation="Mean VADER score of the sentences, from −1 (negative) to +1 (positive).",
        narration_key="tone_narration",
        low=-1.0,
        high=1.0,
        meaningful_difference=0.1,
    ),
    MetricInfo(
        key="loaded_per_100",
        name="Loaded words",
        explanation="Matches of the loaded-language lexicon per 100 words of body text.",
        narration_key="loaded_per_100_narration",
        unit="per 100 words",
        high=10.0,
        meaningful_difference=0.5,
    ),
    MetricInfo(
        key="quote_share",
        name="Quoted",
        explanation="Share of body words that stand inside direct quotation marks.",
        unit="share of words",
        meaningful_difference=0.05,
    ),
    MetricInfo(
        key="flesch_kincaid_grade",
        name="Reading grade",
        explanation="Flesch–Kincaid grade: the US school year a reader needs to follow the text.",
        narration_key="flesch_kincaid_grade_narration",
        unit="US grade",
        high=20.0,
        meaningful_difference=1.0,
    ),
)

METRICS_BY_KEY: dict[str, MetricInfo] = {m.key: m for m in METRICS}
