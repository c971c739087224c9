"""The articles the classroom pages show, analysed with this session's word list.

The lesson, glossary and word-list pages show the story chosen in the sidebar
(:mod:`ui.story_source`). The session's word list (the shipped one, or the one a teacher edited
on the Word list page) is the whole app's: :mod:`ui.story_source` analyses every story with it,
keeps analyses made with an edited list in ``st.session_state`` only (never in a cache shared
with other sessions, never on disk), and is where the word list lives. This module keeps the
names the classroom pages use.
"""

from __future__ import annotations

from analysis.compare import Comparison
from analysis.model import ArticleAnalysis
from ui.story_source import (
    KEY_LEXICON_ANALYSES,
    KEY_SESSION_LEXICON,
    MAX_LEXICON_ANALYSES,
    ShownStory,
    category_names,
    default_fingerprint,
    lexicon_fingerprint,
    lexicon_is_edited,
    session_lexicon,
    set_session_lexicon,
    story_fingerprint,
)

KEY_SESSION_ANALYSES = KEY_LEXICON_ANALYSES
"""``st.session_state`` key of the analyses made with the session's word list."""
MAX_SESSION_ANALYSES = MAX_LEXICON_ANALYSES

__all__ = [
    "KEY_SESSION_ANALYSES",
    "KEY_SESSION_LEXICON",
    "MAX_SESSION_ANALYSES",
    "default_fingerprint",
    "lesson_articles",
    "lesson_comparison",
    "lexicon_fingerprint",
    "lexicon_is_edited",
    "session_category_names",
    "session_lexicon",
    "set_session_lexicon",
    "story_fingerprint",
]


def session_category_names() -> dict[str, str]:
    """Return the session word list's categories: id → display name, in list order."""
    return category_names()


def lesson_articles(shown: ShownStory) -> list[ArticleAnalysis]:
    """Return the chosen articles, analysed with the session's word list."""
    return shown.articles


def lesson_comparison(shown: ShownStory) -> Comparison:
    """Return the comparison of the chosen articles, made with the session's word list."""
    return shown.comparison()
