"""Coverage Lens analysis: explainable metrics with evidence spans for news articles.

Pure Python: never imports streamlit or plotly. Typical use::

    from analysis import analyse_story, load_story
    result = analyse_story(load_story(path))
    result.table          # one row per article, one column per metric
    result.articles[0]    # spans: blocks, sentences, words, quotes, loaded words

Names are imported lazily so that ``import analysis.segment`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "CORPUS_DIR": "analysis.corpus",
    "InputError": "analysis.corpus",
    "list_stories": "analysis.corpus",
    "load_article": "analysis.corpus",
    "load_story": "analysis.corpus",
    "parse_article": "analysis.corpus",
    "Article": "analysis.model",
    "ArticleAnalysis": "analysis.model",
    "ArticleMeta": "analysis.model",
    "Story": "analysis.model",
    "StoryAnalysis": "analysis.pipeline",
    "analyse_article": "analysis.pipeline",
    "analyse_story": "analysis.pipeline",
    "metrics_table": "analysis.pipeline",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
