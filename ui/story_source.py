"""Which story the dashboard shows: a bundled corpus story, or the visitor's own articles.

Every page that shows articles asks this module, and only this module, what to show::

    from ui.story_source import current_articles, current_story

    title, articles = current_articles()  # the chosen ArticleAnalysis objects, in order
    shown = current_story()  # the same, with the story's description, evidence table,
    # sentence-by-sentence comparison and whether the story is the visitor's own

Both read the choice made in the sidebar (:func:`sidebar_story_choice`, drawn by the compare
pages) without drawing anything, so a page without the sidebar shows the same story.

Two kinds of story, kept apart on purpose:

* **Bundled stories** (folders in ``corpus/``) are public files: each is analysed once per server
  process and shared by every visitor through ``st.cache_resource``, keyed by folder name.
* **The visitor's own story** (pasted, uploaded, fetched or reopened from a saved file) is
  analysed once, when the visitor presses *Compare*, and kept in ``st.session_state`` under
  :data:`KEY_OWN_STORY` only: never in a cache shared between sessions, never written to disk.
  It is gone when the session ends (Streamlit keeps a closed tab's session in memory for
  ``server.disconnectedSessionTTL``, 120 s by default, in case it reconnects). Its evidence
  table and comparison are computed on demand and kept in the same session object.

**The word list** (the loaded-language lexicon) is the session's: the shipped one, or the one a
teacher edited on the Word list page (:func:`session_lexicon`, kept in ``st.session_state`` under
:data:`KEY_SESSION_LEXICON`). Every page shows articles analysed with it. Every cache key names
the word list by its fingerprint (:func:`lexicon_fingerprint`): the caches shared between
sessions take only the shipped list's fingerprint and refuse any other, so an edited list and
what it flags never leave its session; analyses made with an edited list are kept in
``st.session_state`` (:data:`KEY_LEXICON_ANALYSES`, at most :data:`MAX_LEXICON_ANALYSES`
stories), and gone with the session.

The visible view (chosen articles, the canonical chart selection and the highlight switches) is
described by :func:`view_settings`; :func:`apply_view_settings` restores it, which is how a saved
comparison reopens as the identical view.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pandas as pd
import streamlit as st

from analysis import analyse_story, list_stories, load_story
from analysis.compare import Comparison, compare_articles
from analysis.lexicon import Lexicon, default_lexicon
from analysis.model import ArticleAnalysis, ArticleMeta, Story
from analysis.pipeline import StoryAnalysis
from analysis.readability import HARD_SENTENCE_GRADE
from ui.evidence import evidence_table
from ui.selection import (
    Selection,
    query_params_from_selection,
    selection_from_query_params,
)
from ui.summary import article_display_names

MIN_ARTICLES = 2
MAX_ARTICLES = 6
OWN_STORY_ID = "~yours"
"""The story choice that means "the visitor's own articles" (``~`` never starts a folder name
that :func:`analysis.list_stories` would offer)."""
OWN_STORY_DESCRIPTION = (
    "Your own articles. Only you can see them: they are kept in this browser session, not saved "
    "on the server, and gone when you close the tab. Save the comparison to keep it."
)
EVIDENCE_CACHE_ENTRIES = 8
"""Evidence tables and comparisons kept per own story (one per choice of articles)."""

# Session-state and widget keys.
KEY_STORY = "story"
"""The story selectbox (mirrored in the URL as ``?story=``)."""
KEY_ARTICLES = "articles"
"""The articles multiselect (mirrored in the URL as ``?articles=``)."""
PARAM_STORY = "story"
PARAM_ARTICLES = "articles"
KEY_SHOWN = "shown_story"
"""A plain copy of the last choice ``(story id, article ids)``: widget state is dropped on pages
that do not draw the sidebar, this is not."""
KEY_OWN_STORY = "own_story"
"""The visitor's analysed story (:class:`OwnStory`), this session only."""
KEY_SELECTION = "selection"
"""The canonical chart selection (:class:`ui.selection.Selection` or None)."""
KEY_SESSION_LEXICON = "session_lexicon"
"""The session's edited :class:`analysis.lexicon.Lexicon` (absent: the shipped one is used)."""
KEY_SESSION_LEXICON_KEY = "session_lexicon_key"
"""``(word list, its fingerprint)``: the fingerprint of the edited list, computed once."""
KEY_LEXICON_ANALYSES = "session_lexicon_analyses"
"""Stories analysed with the session's edited word list: ``(story, word list) fingerprints`` →
:class:`SessionAnalysis`, this session only."""
MAX_LEXICON_ANALYSES = 2
KEY_SHOW_LOADED = "show_loaded"
KEY_SHOW_QUOTES = "show_quotes"
KEY_SHOW_HARD = "show_hard"
KEY_SHOW_TONE = "show_tone"
HIGHLIGHT_DEFAULTS: dict[str, tuple[str, bool]] = {
    "loaded": (KEY_SHOW_LOADED, True),
    "quotes": (KEY_SHOW_QUOTES, True),
    "hard_sentences": (KEY_SHOW_HARD, False),
    "tone_words": (KEY_SHOW_TONE, False),
}
"""Highlight switch name → (widget key, default)."""

SETTING_ARTICLES = "articles"
SETTING_SELECTION = "selection"
SETTING_HIGHLIGHTS = "highlights"


@dataclass
class SessionAnalysis:
    """A story analysed in this session only, with evidence tables and comparisons on demand."""

    analysis: StoryAnalysis
    lexicon: Lexicon | None = None
    """The word list it was analysed with (None: the shipped one)."""
    lexicon_key: str = ""
    """The fingerprint of that word list (computed when not given)."""
    _evidence: dict[tuple[str, ...], pd.DataFrame] = field(default_factory=dict, repr=False)
    _comparisons: dict[tuple[str, ...], Comparison] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        """Fill in the word list's fingerprint."""
        if not self.lexicon_key:
            lexicon = self.lexicon
            self.lexicon_key = (
                default_fingerprint() if lexicon is None else lexicon_fingerprint(lexicon)
            )

    @property
    def story(self) -> Story:
        """The story as entered (metadata and text), for saving."""
        return self.analysis.story

    def evidence(self, article_ids: tuple[str, ...]) -> pd.DataFrame:
        """Return the evidence table of the chosen articles, computed once per choice."""
        if article_ids not in self._evidence:
            _bounded(self._evidence)
            articles = pick(self.analysis.articles, article_ids)
            names = lexicon_category_names(self.lexicon or default_lexicon())
            self._evidence[article_ids] = evidence_table(
                articles, article_display_names(articles), names, HARD_SENTENCE_GRADE
            )
        return self._evidence[article_ids]

    def comparison(self, article_ids: tuple[str, ...]) -> Comparison:
        """Return the sentence-by-sentence comparison of the chosen articles, computed once."""
        if article_ids not in self._comparisons:
            _bounded(self._comparisons)
            self._comparisons[article_ids] = compare_articles(
                pick(self.analysis.articles, article_ids)
            )
        return self._comparisons[article_ids]


@dataclass
class OwnStory(SessionAnalysis):
    """The visitor's own story, analysed once; lives in ``st.session_state`` only."""

    notices: dict[str, list[str]] = field(default_factory=dict)
    """Article id → what was done to the input (characters removed, headline taken…)."""
    story_notices: list[str] = field(default_factory=list)
    """Notes about the whole story, e.g. that a reopened file was saved with another lexicon."""


def _bounded(cache: dict[Any, Any]) -> None:
    """Drop the oldest entry of a per-session cache when it is full."""
    while len(cache) >= EVIDENCE_CACHE_ENTRIES:
        cache.pop(next(iter(cache)))


@dataclass(frozen=True)
class ShownStory:
    """The story the dashboard shows and the articles chosen from it."""

    story_id: str
    title: str
    description: str
    analysis: StoryAnalysis
    article_ids: tuple[str, ...]
    own: bool
    lexicon_key: str = ""
    """The fingerprint of the word list the articles were analysed with ('': the shipped one)."""

    @property
    def articles(self) -> list[ArticleAnalysis]:
        """The chosen articles' analyses, in the order they were chosen."""
        return pick(self.analysis.articles, self.article_ids)

    @property
    def all_articles(self) -> list[ArticleAnalysis]:
        """Every article of the story."""
        return list(self.analysis.articles)

    @property
    def enough_chosen(self) -> bool:
        """Whether enough articles are chosen to compare (or the story has fewer)."""
        return len(self.article_ids) >= min(MIN_ARTICLES, len(self.analysis.articles))

    def evidence(self) -> pd.DataFrame:
        """The evidence table of the chosen articles."""
        held = session_analysis(self.story_id, self.lexicon_key or default_fingerprint())
        if held is None:
            return corpus_evidence(self.story_id, self.article_ids, default_fingerprint())
        return held.evidence(self.article_ids)

    def comparison(self) -> Comparison:
        """The sentence-by-sentence comparison of the chosen articles."""
        held = session_analysis(self.story_id, self.lexicon_key or default_fingerprint())
        if held is None:
            return corpus_comparison(self.story_id, self.article_ids, default_fingerprint())
        return held.comparison(self.article_ids)


# --- pure helpers -----------------------------------------------------------------------------


def lexicon_fingerprint(lexicon: Lexicon) -> str:
    """Return a short fingerprint of a word list: its entries and categories, in order."""
    digest = hashlib.sha256()
    for entry in lexicon.entries:
        fields = (entry.term, entry.category, entry.alternative, entry.source, entry.note)
        digest.update("\x1f".join(fields).encode() + b"\x1e")
    digest.update(b"\x1d")
    for category in lexicon.categories:
        fields = (category.id, category.name, category.description)
        digest.update("\x1f".join(fields).encode() + b"\x1e")
    return digest.hexdigest()[:16]


@cache
def default_fingerprint() -> str:
    """Return the fingerprint of the shipped word list (computed once per process)."""
    return lexicon_fingerprint(default_lexicon())


def story_fingerprint(story: Story) -> str:
    """Return a short fingerprint of a story's articles (ids, metadata and text)."""
    digest = hashlib.sha256()
    for article in story.articles:
        digest.update(repr(article.meta).encode() + b"\0" + article.body.encode() + b"\0")
    return digest.hexdigest()[:16]


def lexicon_category_names(lexicon: Lexicon) -> dict[str, str]:
    """Return a word list's categories: id → display name, in list order."""
    return {category.id: category.name for category in lexicon.categories}


def pick(articles: Sequence[ArticleAnalysis], article_ids: Sequence[str]) -> list[ArticleAnalysis]:
    """Return the articles with the given ids, in the order of ``article_ids``; unknown ids are
    skipped."""
    by_id = {a.meta.id: a for a in articles}
    return [by_id[i] for i in article_ids if i in by_id]


def valid_article_ids(requested: Sequence[str] | None, available: Sequence[str]) -> list[str]:
    """Return the requested ids that exist, in order, without repeats and at most
    :data:`MAX_ARTICLES`; the first articles of the story when none of them is usable."""
    known = set(available)
    kept = list(dict.fromkeys(i for i in requested or () if i in known))[:MAX_ARTICLES]
    return kept or list(available)[:MAX_ARTICLES]


def own_story_label(title: str) -> str:
    """Return how the visitor's own story is offered in the story choice."""
    return f"Your articles: {title}" if title and title != "Your articles" else "Your articles"


def article_option_label(meta: ArticleMeta, name: str, headline_chars: int = 60) -> str:
    """Return how an article is offered for comparison: outlet, kind, date and headline."""
    headline = meta.headline or "no headline"
    if len(headline) > headline_chars:
        headline = headline[: headline_chars - 1] + "…"
    return " · ".join([name, meta.kind or "kind unknown", meta.date or "no date", headline])


def settings_from_state(
    article_ids: Sequence[str], selection: Selection | None, state: Mapping[str, Any]
) -> dict[str, Any]:
    """Return the view as plain JSON: chosen articles, selection and highlight switches.

    Args:
        article_ids: The chosen articles, in order.
        selection: The canonical selection.
        state: Where the highlight switches' values are (``st.session_state``).
    """
    return {
        SETTING_ARTICLES: list(article_ids),
        SETTING_SELECTION: query_params_from_selection(selection),
        SETTING_HIGHLIGHTS: {
            name: bool(state.get(key, default))
            for name, (key, default) in HIGHLIGHT_DEFAULTS.items()
        },
    }


def state_from_settings(
    settings: Mapping[str, Any], available: Sequence[str]
) -> tuple[list[str], Selection | None, dict[str, bool]]:
    """Read saved view settings defensively (they come from a file a visitor loaded).

    Args:
        settings: The ``settings`` object of a saved comparison.
        available: The ids of the story's articles.

    Returns:
        The article ids to show, the selection (None when absent, malformed or about an article
        that is not shown) and the highlight switches by widget key (defaults where absent).
    """
    raw_ids = settings.get(SETTING_ARTICLES)
    ids = [i for i in raw_ids if isinstance(i, str)] if isinstance(raw_ids, list) else []
    article_ids = valid_article_ids(ids, available)
    raw_selection = settings.get(SETTING_SELECTION)
    selection = None
    if isinstance(raw_selection, dict):
        params = {k: v for k, v in raw_selection.items() if isinstance(v, str)}
        selection = selection_from_query_params(params)
        if selection and selection.article_id and selection.article_id not in article_ids:
            selection = None
    raw_highlights = settings.get(SETTING_HIGHLIGHTS)
    highlights = raw_highlights if isinstance(raw_highlights, dict) else {}
    switches = {
        key: value if isinstance(value := highlights.get(name), bool) else default
        for name, (key, default) in HIGHLIGHT_DEFAULTS.items()
    }
    return article_ids, selection, switches


# --- bundled stories (shared, cached per server process) ------------------------------------


@st.cache_data(show_spinner=False)
def story_titles() -> dict[str, str]:
    """Return the bundled stories: folder name → title, in folder order."""
    return {path.name: load_story(path).title for path in list_stories()}


def shared_lexicon(lexicon_key: str) -> Lexicon:
    """Return the word list a cache shared between sessions may use: only the shipped one.

    Raises:
        ValueError: If ``lexicon_key`` is not the shipped list's fingerprint (an edited list's
            analyses stay in its session: see the module docstring).
    """
    if lexicon_key != default_fingerprint():
        raise ValueError("caches shared between sessions hold only the shipped word list")
    return default_lexicon()


@st.cache_resource(show_spinner="Analysing the articles…")
def corpus_analysis(story_id: str, lexicon_key: str) -> StoryAnalysis:
    """Return the analysis of one bundled story with the shipped word list, once per process.

    Args:
        story_id: The story's folder name.
        lexicon_key: The shipped word list's fingerprint (:func:`default_fingerprint`).
    """
    paths = {path.name: path for path in list_stories()}
    return analyse_story(load_story(paths[story_id]), shared_lexicon(lexicon_key))


def warm_shared_caches() -> dict[str, StoryAnalysis]:
    """Analyse every bundled story and build its default evidence table, into the shared caches.

    Called once when the server starts (:mod:`ui.warm_up`), so the first visitor does not wait
    for the analysis: the same cached functions then return at once. A visitor arriving while
    this runs waits for the entry being computed rather than computing it again.

    Returns:
        The cached analysis of each bundled story, by folder name.
    """
    key = default_fingerprint()
    analyses = {}
    for story_id in story_titles():
        analyses[story_id] = corpus_analysis(story_id, key)
        available = [a.meta.id for a in analyses[story_id].articles]
        corpus_evidence(story_id, tuple(valid_article_ids(None, available)), key)
    return analyses


def category_names() -> dict[str, str]:
    """Return the session word list's categories: id → display name, in the list's order."""
    return lexicon_category_names(session_lexicon())


@st.cache_resource(show_spinner=False, max_entries=64)
def corpus_evidence(story_id: str, article_ids: tuple[str, ...], lexicon_key: str) -> pd.DataFrame:
    """Return the evidence table of the chosen articles of a bundled story (shipped list)."""
    articles = pick(corpus_analysis(story_id, lexicon_key).articles, article_ids)
    names = lexicon_category_names(shared_lexicon(lexicon_key))
    return evidence_table(articles, article_display_names(articles), names, HARD_SENTENCE_GRADE)


@st.cache_resource(show_spinner="Comparing the articles…", max_entries=64)
def corpus_comparison(story_id: str, article_ids: tuple[str, ...], lexicon_key: str) -> Comparison:
    """Return the sentence-by-sentence comparison of chosen articles of a bundled story."""
    return compare_articles(pick(corpus_analysis(story_id, lexicon_key).articles, article_ids))


# --- the session's word list (this session only) ---------------------------------------------


def session_lexicon() -> Lexicon:
    """Return this session's word list: the teacher's edited one, else the shipped one."""
    value = st.session_state.get(KEY_SESSION_LEXICON)
    # Not isinstance alone: Streamlit re-imports local modules when a source file changes.
    if hasattr(value, "entries") and hasattr(value, "categories"):
        return value
    return default_lexicon()


def session_lexicon_key() -> str:
    """Return the fingerprint of this session's word list (computed once per list)."""
    if KEY_SESSION_LEXICON not in st.session_state:
        return default_fingerprint()
    lexicon = session_lexicon()
    known = st.session_state.get(KEY_SESSION_LEXICON_KEY)
    if isinstance(known, tuple) and len(known) == 2 and known[0] is lexicon:
        return known[1]
    key = lexicon_fingerprint(lexicon)
    st.session_state[KEY_SESSION_LEXICON_KEY] = (lexicon, key)
    return key


def set_session_lexicon(lexicon: Lexicon) -> None:
    """Use ``lexicon`` on every page for the rest of this session (the shipped one: no override).

    Analyses made with an earlier edited list are dropped.
    """
    if lexicon_fingerprint(lexicon) == default_fingerprint():
        st.session_state.pop(KEY_SESSION_LEXICON, None)
    else:
        st.session_state[KEY_SESSION_LEXICON] = lexicon
    st.session_state.pop(KEY_SESSION_LEXICON_KEY, None)
    st.session_state.pop(KEY_LEXICON_ANALYSES, None)


def lexicon_is_edited() -> bool:
    """Return whether this session uses a word list other than the shipped one."""
    return KEY_SESSION_LEXICON in st.session_state


def session_analysis(story_id: str, lexicon_key: str) -> SessionAnalysis | None:
    """Return the story analysed with the session's word list when it lives in this session.

    None for a bundled story with the shipped list (its analysis is shared: see
    :func:`corpus_analysis`). The visitor's own story analysed with this list is its
    :class:`OwnStory`; any other combination is analysed here, once, and kept in
    ``st.session_state`` under :data:`KEY_LEXICON_ANALYSES`.

    Args:
        story_id: A story id from :func:`story_options`.
        lexicon_key: The fingerprint of the session's word list (:func:`session_lexicon_key`).

    Raises:
        KeyError: If ``story_id`` is the own story and this session has none.
        ValueError: If ``lexicon_key`` is not the session's word list (no other list can be
            used in a session).
    """
    own = story_id == OWN_STORY_ID
    if not own and lexicon_key == default_fingerprint():
        return None
    base = base_analysis(story_id)
    if own:
        mine = own_story()
        # getattr: a story kept from before a code reload may lack the field (shipped list).
        if mine is not None and getattr(mine, "lexicon_key", default_fingerprint()) == lexicon_key:
            return mine
    lexicon = session_lexicon()
    if session_lexicon_key() != lexicon_key:
        raise ValueError("only the session's own word list can be used in this session")
    store: dict[tuple[str, str], SessionAnalysis] = st.session_state.setdefault(
        KEY_LEXICON_ANALYSES, {}
    )
    key = (story_fingerprint(base.story), lexicon_key)
    if key not in store:
        while len(store) >= MAX_LEXICON_ANALYSES:
            store.pop(next(iter(store)))
        with st.spinner("Analysing the articles with your word list…"):
            analysed = analyse_story(base.story, lexicon)
        store[key] = SessionAnalysis(analysis=analysed, lexicon=lexicon, lexicon_key=lexicon_key)
    return store[key]


# --- the visitor's own story (this session only) ---------------------------------------------


def own_story() -> OwnStory | None:
    """Return this session's own analysed story, if the visitor has made one."""
    value = st.session_state.get(KEY_OWN_STORY)
    # Not isinstance: Streamlit re-imports local modules when a source file changes, and the
    # session's object keeps the class it was made with.
    return value if hasattr(value, "analysis") and hasattr(value, "evidence") else None


def set_own_story(story: Story, notices: Mapping[str, list[str]] | None = None) -> OwnStory:
    """Analyse the visitor's story (once, with the session's word list) and keep it in this
    session, replacing any earlier one.

    Args:
        story: Two to :data:`MAX_ARTICLES` articles.
        notices: Article id → notices from reading the input, shown beside the figures.

    Returns:
        The analysed story, stored under :data:`KEY_OWN_STORY`.
    """
    lexicon = session_lexicon() if lexicon_is_edited() else None
    own = OwnStory(
        analysis=analyse_story(story, lexicon),
        lexicon=lexicon,
        lexicon_key=session_lexicon_key(),
        notices=dict(notices or {}),
    )
    st.session_state[KEY_OWN_STORY] = own
    return own


def story_options() -> dict[str, str]:
    """Return the stories that can be shown: id → label (bundled ones, then the visitor's)."""
    options = dict(story_titles())
    own = own_story()
    if own is not None:
        options[OWN_STORY_ID] = own_story_label(own.story.title)
    return options


def base_analysis(story_id: str) -> StoryAnalysis:
    """Return a story's first analysis: a bundled story's with the shipped word list (shared),
    the own story's as made when the visitor pressed Compare. Enough for titles and ids.

    Raises:
        KeyError: If ``story_id`` is the own story and this session has none.
    """
    if story_id == OWN_STORY_ID:
        own = own_story()
        if own is None:
            raise KeyError("this session has no story of its own")
        return own.analysis
    return corpus_analysis(story_id, default_fingerprint())


def analysis_of(story_id: str) -> StoryAnalysis:
    """Return the analysis of a story id from :func:`story_options`, made with the session's
    word list."""
    held = session_analysis(story_id, session_lexicon_key())
    return base_analysis(story_id) if held is None else held.analysis


def shown(story_id: str, article_ids: Sequence[str]) -> ShownStory:
    """Return the :class:`ShownStory` for a story id and the requested article ids."""
    lexicon_key = session_lexicon_key()
    held = session_analysis(story_id, lexicon_key)
    analysis = base_analysis(story_id) if held is None else held.analysis
    own = story_id == OWN_STORY_ID
    ids = [i for i in article_ids if i in {a.meta.id for a in analysis.articles}]
    return ShownStory(
        story_id=story_id,
        title=analysis.story.title,
        description=OWN_STORY_DESCRIPTION if own else analysis.story.description,
        analysis=analysis,
        article_ids=tuple(ids),
        own=own,
        lexicon_key=lexicon_key,
    )


def current_story() -> ShownStory:
    """Return the story and articles currently chosen, without drawing anything.

    The sidebar's choice when it was drawn on this run or an earlier one; else a shared link's
    story, else the first bundled story with its first articles. A choice that no longer exists
    (an own story from another session) falls back to the first bundled story.
    """
    story_id, article_ids = canonical_choice(story_options())
    return shown(story_id, article_ids)


def current_articles() -> tuple[str, list[ArticleAnalysis]]:
    """Return the title of the story shown and its chosen articles' analyses, in order.

    The one call other pages need (see the module docstring). Does not draw anything.
    """
    story = current_story()
    return story.title, story.articles


def show_story(story_id: str, article_ids: Sequence[str]) -> None:
    """Make the sidebar show this story and these articles on the next run (not this one's
    widgets, which may already be drawn: call before drawing them or before switching pages)."""
    ids = list(article_ids)
    st.session_state[KEY_STORY] = story_id
    st.session_state[KEY_ARTICLES] = ids
    st.session_state[KEY_SHOWN] = (story_id, ids)
    st.session_state[KEY_SELECTION] = None


def view_settings(story: ShownStory) -> dict[str, Any]:
    """Return the visible view as plain JSON (for a saved comparison)."""
    selection = st.session_state.get(KEY_SELECTION)
    return settings_from_state(story.article_ids, selection, st.session_state)


def apply_view_settings(settings: Mapping[str, Any]) -> None:
    """Show the own story with the saved view: its articles, selection and highlight switches.

    Call after :func:`set_own_story` and before the compare page draws its widgets.
    """
    own = own_story()
    if own is None:
        return
    available = [a.meta.id for a in own.analysis.articles]
    article_ids, selection, switches = state_from_settings(settings, available)
    show_story(OWN_STORY_ID, article_ids)
    st.session_state[KEY_SELECTION] = selection
    for key, value in switches.items():
        st.session_state[key] = value


# --- the sidebar choice -----------------------------------------------------------------------


def on_story_change() -> None:
    """Choose the new story's first articles and drop a selection that no longer applies."""
    story_id = st.session_state[KEY_STORY]
    ids = [a.meta.id for a in base_analysis(story_id).articles][:MAX_ARTICLES]
    st.session_state[KEY_SHOWN] = (story_id, ids)
    st.session_state[KEY_ARTICLES] = ids
    st.session_state[KEY_SELECTION] = None


def on_articles_change() -> None:
    """Keep the visitor's choice of articles as the canonical one."""
    story_id, _ = st.session_state.get(KEY_SHOWN) or (st.session_state.get(KEY_STORY), [])
    st.session_state[KEY_SHOWN] = (story_id, list(st.session_state.get(KEY_ARTICLES) or []))


def choice_from_query_params(
    story: str | None, articles: Sequence[str], options: Mapping[str, str]
) -> tuple[str | None, list[str] | None]:
    """Read a shared link's story and articles (``?story=…&articles=…&articles=…``).

    Args:
        story: The ``story`` parameter, if any.
        articles: The ``articles`` parameters (possibly none).
        options: The stories this session can show (id → label).

    Returns:
        The story id (None when absent, unknown or the visitor's own: it cannot be shared) and
        the requested article ids (None when absent), not yet checked against the story.
    """
    story_id = story if story in options and story != OWN_STORY_ID else None
    ids = [a for a in articles if a][:MAX_ARTICLES]
    return story_id, ids or None


def query_params_from_choice(
    story_id: str, article_ids: Sequence[str], default_story: str, default_ids: Sequence[str]
) -> dict[str, str | list[str]]:
    """Return the query parameters that reproduce a choice; defaults are left out, and so is the
    visitor's own story (another visitor cannot open it)."""
    if story_id == OWN_STORY_ID:
        return {}
    params: dict[str, str | list[str]] = {}
    if story_id != default_story:
        params[PARAM_STORY] = story_id
    if list(article_ids) != list(default_ids):
        params[PARAM_ARTICLES] = list(article_ids)
    return params


def canonical_choice(options: Mapping[str, str]) -> tuple[str, list[str]]:
    """Return the choice to show: ``(story id, article ids)``.

    The canonical choice is kept under :data:`KEY_SHOWN` (plain session state: widget state is
    dropped on pages that do not draw the widgets, and Streamlit cannot be relied on to restore
    it on every page). On a session's first run it comes from the URL or the defaults.

    Args:
        options: The stories this session can show (id → label), the first being the default.
    """
    state = st.session_state
    saved = state.get(KEY_SHOWN)
    if isinstance(saved, tuple):
        story_id, article_ids = saved
    else:
        story_id, article_ids = choice_from_query_params(
            st.query_params.get(PARAM_STORY), st.query_params.get_all(PARAM_ARTICLES), options
        )
    # The widget keys hold what the sidebar drew last; a difference was written since by code
    # (another page, a test): the widgets' own changes already went through their callbacks.
    written_ids = state.get(KEY_ARTICLES)
    if KEY_STORY in state and state[KEY_STORY] != story_id:
        unchanged = written_ids is None or list(written_ids) == list(article_ids or [])
        story_id, article_ids = state[KEY_STORY], None if unchanged else list(written_ids)
    elif written_ids is not None:
        article_ids = list(written_ids)
    if story_id not in options:
        story_id, article_ids = next(iter(options)), None
    available = [a.meta.id for a in base_analysis(story_id).articles]
    if article_ids is None:
        return story_id, valid_article_ids(None, available)
    known = set(available)
    return story_id, list(dict.fromkeys(i for i in article_ids if i in known))[:MAX_ARTICLES]


def _sync_choice_to_url(story_id: str, article_ids: Sequence[str], default_story: str) -> None:
    """Mirror the choice in the URL, touching only the parameters that changed."""
    default_ids = [a.meta.id for a in base_analysis(story_id).articles][:MAX_ARTICLES]
    wanted = query_params_from_choice(story_id, article_ids, default_story, default_ids)
    for param in (PARAM_STORY, PARAM_ARTICLES):
        value = wanted.get(param)
        if value is None:
            if param in st.query_params:
                del st.query_params[param]
        elif st.query_params.get_all(param) != ([value] if isinstance(value, str) else value):
            st.query_params[param] = value


def sidebar_story_choice() -> ShownStory:
    """Show the story and article choices in the sidebar; return what is chosen.

    The widgets are drawn from the canonical choice on every run and write it back through their
    callbacks, so the choice survives page switches; it is mirrored in the URL
    (``?story=…&articles=…``) so a link can be shared. The own story's option exists only in the
    session that made it and is never put in the URL.
    """
    options = story_options()
    story_id, article_ids = canonical_choice(options)
    st.session_state[KEY_SHOWN] = (story_id, article_ids)
    st.session_state[KEY_STORY] = story_id
    st.session_state[KEY_ARTICLES] = article_ids
    analysis = base_analysis(story_id)
    names = article_display_names(analysis.articles)
    ids = [a.meta.id for a in analysis.articles]
    labels = {a.meta.id: article_option_label(a.meta, names[a.meta.id]) for a in analysis.articles}
    with st.sidebar:
        st.selectbox(
            "Story",
            options=list(options),
            format_func=lambda s: options.get(s, s),
            key=KEY_STORY,
            on_change=on_story_change,
        )
        st.multiselect(
            f"Articles to compare ({MIN_ARTICLES} to {MAX_ARTICLES})",
            options=ids,
            format_func=lambda i: labels.get(i, i),
            max_selections=MAX_ARTICLES,
            key=KEY_ARTICLES,
            on_change=on_articles_change,
        )
    _sync_choice_to_url(story_id, article_ids, next(iter(options)))
    return shown(story_id, article_ids)
