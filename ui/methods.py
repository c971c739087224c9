"""The methods page's content: the explanatory text and tables built from the metric registry."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path
from string import Template

import pandas as pd

from analysis.lexicon import Lexicon
from analysis.metrics import METRICS, MIN_WORDS_FOR_FIGURES
from analysis.tone import NEGATIVE_BELOW, POSITIVE_ABOVE
from ui.summary import (
    GRADE_EASY_BELOW,
    GRADE_HARD_FROM,
    LOADED_FEW_BELOW,
    LOADED_MANY_FROM,
    QUOTES_FEW_BELOW,
    QUOTES_MANY_FROM,
)

_HERE = Path(__file__).resolve().parent
METHODS_FILE = _HERE / "methods.md"
LIMITS_FILE = _HERE / "limits.md"


def _filled(path: Path) -> str:
    template = Template(path.read_text(encoding="utf-8"))
    return template.substitute(min_words=MIN_WORDS_FOR_FIGURES)


@cache
def methods_markdown() -> str:
    """Return how each figure is computed, with sources and licences (Markdown)."""
    return _filled(METHODS_FILE)


@cache
def limits_markdown() -> str:
    """Return what the methods cannot do (Markdown)."""
    return _filled(LIMITS_FILE)


def metrics_frame() -> pd.DataFrame:
    """Return one row per headline figure: name, explanation, narration variant, threshold."""
    return pd.DataFrame(
        [
            {
                "Figure": info.name,
                "What it measures": info.explanation,
                "Also for the outlet's own words": "yes" if info.narration_key else "no",
                "Differences smaller than this mean little": (
                    f"{info.meaningful_difference:g} {info.unit}".strip()
                ),
            }
            for info in METRICS
        ]
    )


def categories_frame(lexicon: Lexicon) -> pd.DataFrame:
    """Return one row per lexicon category: name, description and number of entries."""
    entries: dict[str, int] = {}
    for entry in lexicon.entries:
        entries[entry.category] = entries.get(entry.category, 0) + 1
    return pd.DataFrame(
        [
            {
                "Category": category.name,
                "What it marks": category.description,
                "Entries": entries.get(category.id, 0),
            }
            for category in lexicon.categories
        ]
    )


_SOURCE_WITH_LICENCE = re.compile(r"^(?P<name>[^(:]+?)\s*\((?P<licence>[^)]+)\)")
PROJECT_SOURCE = "project"
TEACHER_SOURCE = "teacher (this session)"
"""The ``source`` of entries a teacher adds on the Word list page (this session only)."""


def source_and_licence(source: str) -> tuple[str, str]:
    """Return the readable source and licence of a lexicon entry's ``source`` field.

    Args:
        source: As written in the terms file: ``project``, or ``Name (Licence): details``.
    """
    if source.strip().lower() == PROJECT_SOURCE:
        return "Written for this project", "MIT"
    if source.strip() == TEACHER_SOURCE:
        return "Added by the teacher in this session", "the teacher's own"
    match = _SOURCE_WITH_LICENCE.match(source)
    if match:
        return match.group("name").strip(), match.group("licence").strip()
    return source.strip() or "unknown", "see DATA_LICENSES.md"


def lexicon_sources_frame(lexicon: Lexicon) -> pd.DataFrame:
    """Return where the lexicon's entries come from: one row per source with licence and count."""
    counts = Counter(source_and_licence(entry.source) for entry in lexicon.entries)
    return pd.DataFrame(
        [
            {"Source": name, "Licence": licence, "Entries": count}
            for (name, licence), count in counts.most_common()
        ]
    )


def labels_frame() -> pd.DataFrame:
    """Return how the summary cards turn each figure into words: one row per label."""
    rows = [
        ("Tone", "negative", f"{NEGATIVE_BELOW:+g} or lower"),
        ("Tone", "neutral", f"between {NEGATIVE_BELOW:+g} and {POSITIVE_ABOVE:+g}"),
        ("Tone", "positive", f"{POSITIVE_ABOVE:+g} or higher"),
        ("Loaded words", "few loaded words", f"under {LOADED_FEW_BELOW:g} per 100 words"),
        (
            "Loaded words",
            "some loaded words",
            f"{LOADED_FEW_BELOW:g} to under {LOADED_MANY_FROM:g} per 100 words",
        ),
        ("Loaded words", "many loaded words", f"{LOADED_MANY_FROM:g} or more per 100 words"),
        ("Quoted", "mostly the outlet's own words", f"under {QUOTES_FEW_BELOW:.0%} quoted"),
        (
            "Quoted",
            "a mix of own words and quotes",
            f"{QUOTES_FEW_BELOW:.0%} to under {QUOTES_MANY_FROM:.0%} quoted",
        ),
        ("Quoted", "quote-heavy", f"{QUOTES_MANY_FROM:.0%} or more quoted"),
        ("Reading grade", "easy to read", f"under grade {GRADE_EASY_BELOW:g}"),
        (
            "Reading grade",
            "high-school level",
            f"grade {GRADE_EASY_BELOW:g} to under {GRADE_HARD_FROM:g}",
        ),
        ("Reading grade", "university level", f"grade {GRADE_HARD_FROM:g} or more"),
    ]
    return pd.DataFrame(rows, columns=["Figure", "Label", "When"])
