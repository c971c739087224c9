"""Coverage Lens: how different outlets cover the same event, side by side.

Run with ``streamlit run dashboard.py``. This file is only layout, state and caching: the
analysis comes from :mod:`analysis`, every figure and piece of HTML from the pure functions in
:mod:`ui`. One canonical :class:`ui.selection.Selection` in ``st.session_state`` drives every
highlight, emphasis and filter; chart clicks write it and it is mirrored in the URL.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from analysis import analyse_story, list_stories, load_story
from analysis.compare import Comparison, compare_articles
from analysis.lexicon import default_lexicon
from analysis.metrics import METRICS_BY_KEY
from analysis.model import ArticleAnalysis, ArticleMeta
from analysis.pipeline import StoryAnalysis
from analysis.readability import HARD_SENTENCE_GRADE
from analysis.tone import tone_label
from ui import compare_view, methods
from ui.evidence import (
    COL_ARTICLE_ID,
    COL_END,
    COL_KIND,
    COL_START,
    SHOWN_COLUMNS,
    emphasis_for,
    evidence_csv,
    evidence_mask,
    evidence_table,
)
from ui.figures import (
    Chart,
    category_chart,
    grade_chart,
    metrics_chart,
    speaker_chart,
    tone_strip_chart,
)
from ui.highlight import (
    HighlightOptions,
    article_marks,
    category_counts,
    highlight_css,
    legend_html,
    marked_html,
    plain_text_html,
)
from ui.selection import (
    SELECTION_PARAMS,
    Selection,
    describe_selection,
    query_params_from_selection,
    selection_from_chart_event,
    selection_from_query_params,
)
from ui.style import article_colour
from ui.summary import (
    SUMMARY_CSS,
    article_display_names,
    names_by_key,
    short_text_warning,
    summary_card_html,
)

APP_TITLE = "Coverage Lens"
MIN_ARTICLES = 2
MAX_ARTICLES = 6
CARDS_PER_ROW = 3
TEXT_HEIGHT_PX = 720
EVIDENCE_MAX_HEIGHT_PX = 460
EVIDENCE_ROW_PX = 35

# Session-state and widget keys. Story and article choices are bound to the URL by their keys.
KEY_SELECTION = "selection"
# How long the last script run took on the server (read by benchmarks/bench_dashboard.py).
KEY_RUN_SECONDS = "run_seconds"
KEY_STORY = "story"
KEY_ARTICLES = "articles"
KEY_SHOW_LOADED = "show_loaded"
KEY_SHOW_QUOTES = "show_quotes"
KEY_SHOW_HARD = "show_hard"
KEY_SHOW_TONE = "show_tone"
KEY_EVIDENCE_COUNT = "evidence_count"
KEY_CLEAR_MAIN = "clear_main"
KEY_CLEAR_SIDEBAR = "clear_sidebar"
KEY_EVIDENCE_TABLE = "evidence_table"
CHART_METRICS = "chart_metrics"
CHART_TONE = "chart_tone"
CHART_CATEGORIES = "chart_categories"
CHART_SPEAKERS = "chart_speakers"
CHART_GRADE = "chart_grade"

PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
}


@st.cache_data(show_spinner=False)
def story_titles() -> dict[str, str]:
    """Return the bundled stories: folder name → title, in folder order."""
    return {path.name: load_story(path).title for path in list_stories()}


@st.cache_resource(show_spinner="Analysing the articles…")
def story_analysis(story_id: str) -> StoryAnalysis:
    """Return the analysis of one bundled story, computed once per server process."""
    paths = {path.name: path for path in list_stories()}
    return analyse_story(load_story(paths[story_id]))


@st.cache_resource(show_spinner=False)
def category_names() -> dict[str, str]:
    """Return the lexicon's categories: id → display name, in the lexicon's order."""
    return {category.id: category.name for category in default_lexicon().categories}


@st.cache_resource(show_spinner=False, max_entries=64)
def story_evidence(story_id: str, article_ids: tuple[str, ...]) -> pd.DataFrame:
    """Return the evidence table of the chosen articles of a story."""
    articles = chosen_articles(story_id, article_ids)
    return evidence_table(
        articles, article_display_names(articles), category_names(), HARD_SENTENCE_GRADE
    )


@st.cache_resource(show_spinner="Comparing the articles…", max_entries=64)
def story_comparison(story_id: str, article_ids: tuple[str, ...]) -> Comparison:
    """Return the sentence-by-sentence comparison of the chosen articles of a story."""
    return compare_articles(chosen_articles(story_id, article_ids))


def chosen_articles(story_id: str, article_ids: Sequence[str]) -> list[ArticleAnalysis]:
    """Return the analyses of the chosen articles, in the order they were chosen."""
    by_id = {a.meta.id: a for a in story_analysis(story_id).articles}
    return [by_id[i] for i in article_ids if i in by_id]


# --- selection state -------------------------------------------------------------------------


def current_selection() -> Selection | None:
    """Return the canonical selection, reading it from the URL on a session's first run."""
    if KEY_SELECTION not in st.session_state:
        st.session_state[KEY_SELECTION] = selection_from_query_params(st.query_params.to_dict())
    return st.session_state[KEY_SELECTION]


def on_chart_select(chart_key: str) -> None:
    """Write the clicked point's selection; clicking the selected element again clears it.

    Empty events (plotly's own selection being reset) are ignored: only the clear button and a
    second click clear the canonical selection.
    """
    chosen = selection_from_chart_event(st.session_state.get(chart_key))
    if chosen is None:
        return
    same = st.session_state.get(KEY_SELECTION) == chosen
    st.session_state[KEY_SELECTION] = None if same else chosen


def clear_selection() -> None:
    """Drop the canonical selection."""
    st.session_state[KEY_SELECTION] = None


def sync_selection_to_url(selection: Selection | None) -> None:
    """Mirror the selection in the query parameters, touching only those that changed."""
    wanted = query_params_from_selection(selection)
    for param in SELECTION_PARAMS:
        if param in wanted:
            if st.query_params.get(param) != wanted[param]:
                st.query_params[param] = wanted[param]
        elif param in st.query_params:
            del st.query_params[param]


def on_story_change() -> None:
    """Choose the new story's first articles and drop a selection that no longer applies."""
    story_id = st.session_state[KEY_STORY]
    ids = [a.meta.id for a in story_analysis(story_id).articles]
    st.session_state[KEY_ARTICLES] = ids[:MAX_ARTICLES]
    st.session_state[KEY_SELECTION] = None


# --- shared sidebar ----------------------------------------------------------------------------


def article_option_label(meta: ArticleMeta, name: str, headline_chars: int = 60) -> str:
    """Return how an article is offered for comparison: outlet, kind, date and headline."""
    headline = meta.headline or "no headline"
    if len(headline) > headline_chars:
        headline = headline[: headline_chars - 1] + "…"
    return " · ".join([name, meta.kind or "kind unknown", meta.date or "no date", headline])


def sidebar_story_choice() -> tuple[str, list[str]]:
    """Show the story and article choices; return the story id and the chosen article ids."""
    titles = story_titles()
    with st.sidebar:
        story_id = st.selectbox(
            "Story",
            options=list(titles),
            format_func=lambda s: titles.get(s, s),
            key=KEY_STORY,
            bind="query-params",
            on_change=on_story_change,
        )
        analysis = story_analysis(story_id)
        names = article_display_names(analysis.articles)
        ids = [a.meta.id for a in analysis.articles]
        labels = {
            a.meta.id: article_option_label(a.meta, names[a.meta.id]) for a in analysis.articles
        }
        chosen = st.multiselect(
            f"Articles to compare ({MIN_ARTICLES} to {MAX_ARTICLES})",
            options=ids,
            default=ids[:MAX_ARTICLES],
            format_func=lambda i: labels.get(i, i),
            max_selections=MAX_ARTICLES,
            key=KEY_ARTICLES,
            bind="query-params",
        )
    return story_id, list(chosen)


# --- the compare page --------------------------------------------------------------------------


def show_chart(chart: Chart, key: str) -> None:
    """Show a linked chart with its description; a click writes the canonical selection."""
    st.plotly_chart(
        chart.figure,
        key=key,
        on_select=functools.partial(on_chart_select, key),
        selection_mode="points",
        config=PLOTLY_CONFIG,
        width="stretch",
        alt=chart.alt,
    )
    st.html(plain_text_html(chart.summary, "cl-caption"))


def highlight_options() -> HighlightOptions:
    """Show the highlight switches above the texts and return the chosen options."""
    columns = st.columns(4)
    loaded = columns[0].toggle("Loaded words", value=True, key=KEY_SHOW_LOADED)
    quotes = columns[1].toggle("Quotations", value=True, key=KEY_SHOW_QUOTES)
    hard = columns[2].toggle(
        "Hard sentences",
        value=False,
        key=KEY_SHOW_HARD,
        help=f"Sentences with a reading grade of {HARD_SENTENCE_GRADE:g} or more",
    )
    tone = columns[3].toggle("Tone words", value=False, key=KEY_SHOW_TONE)
    return HighlightOptions(loaded=loaded, quotes=quotes, hard_sentences=hard, tone_words=tone)


def selection_text(selection: Selection, names: dict[str, str]) -> str:
    """Return the banner text that says what is selected."""
    metric_names = names_by_key(METRICS_BY_KEY)
    return "Showing: " + describe_selection(selection, names, category_names(), metric_names)


def selection_banner(selection: Selection | None, names: dict[str, str]) -> None:
    """Show what is selected and the button that clears it."""
    left, right = st.columns([5, 1], vertical_alignment="center")
    with left:
        if selection is None:
            idle = "Click a bar, a marker or a speaker to see the words behind it."
            st.html(plain_text_html(idle, "cl-banner-idle", "div"))
        else:
            st.html(plain_text_html(selection_text(selection, names), "cl-banner", "div"))
    right.button(
        "Clear selection",
        on_click=clear_selection,
        disabled=selection is None,
        icon=":material/close:",
        width="stretch",
        key=KEY_CLEAR_MAIN,
    )


def sidebar_selection(selection: Selection | None, names: dict[str, str]) -> None:
    """Keep the selection and its clear button in view in the sidebar while scrolling."""
    if selection is None:
        return
    with st.sidebar:
        st.divider()
        st.html(plain_text_html(selection_text(selection, names), "cl-banner", "div"))
        st.button(
            "Clear selection",
            on_click=clear_selection,
            icon=":material/close:",
            width="stretch",
            key=KEY_CLEAR_SIDEBAR,
        )


def summary_cards(articles: Sequence[ArticleAnalysis], names: dict[str, str]) -> None:
    """Show one summary card per article, at most three to a row."""
    for row_start in range(0, len(articles), CARDS_PER_ROW):
        row = articles[row_start : row_start + CARDS_PER_ROW]
        for offset, (column, article) in enumerate(
            zip(st.columns(min(CARDS_PER_ROW, len(articles))), row, strict=False)
        ):
            others = [a for a in articles if a is not article]
            colour = article_colour(row_start + offset)
            with column:
                st.html(
                    summary_card_html(article, others, names[article.meta.id], colour, tone_label)
                )


def tone_labels(articles: Sequence[ArticleAnalysis]) -> dict[str, dict[int, str]]:
    """Return the plain-language tone label of every sentence, per article id."""
    return {a.meta.id: {s.index: tone_label(s.tone) for s in a.sentences} for a in articles}


def linked_charts(
    articles: Sequence[ArticleAnalysis],
    names: dict[str, str],
    evidence: pd.DataFrame,
    selection: Selection | None,
) -> None:
    """Show the five linked charts, emphasising the selection."""
    emphasis = emphasis_for(evidence, selection)
    show_chart(metrics_chart(articles, names, emphasis), CHART_METRICS)
    show_chart(tone_strip_chart(articles, names, emphasis, tone_labels(articles)), CHART_TONE)
    show_chart(grade_chart(articles, names, emphasis, HARD_SENTENCE_GRADE), CHART_GRADE)
    left, right = st.columns(2)
    with left:
        show_chart(category_chart(articles, names, emphasis, category_names()), CHART_CATEGORIES)
    with right:
        show_chart(speaker_chart(articles, names, emphasis), CHART_SPEAKERS)


def highlighted_texts(
    articles: Sequence[ArticleAnalysis],
    names: dict[str, str],
    kept: pd.DataFrame,
    selection: Selection | None,
) -> None:
    """Show the legend and the articles side by side with every highlight."""
    st.subheader("The articles side by side")
    st.caption(
        "Hover over a marked word for why it is marked; hover over any sentence for its tone, "
        "the words that drove it and its reading grade. Greyed lines are not part of the article."
    )
    options = highlight_options()
    counts = {names[a.meta.id]: category_counts(a) for a in articles}
    quote_counts = {names[a.meta.id]: len(a.quotes) for a in articles}
    st.html(legend_html(counts, category_names(), options, quote_counts, HARD_SENTENCE_GRADE))
    labels = tone_labels(articles)
    index = selection.sentence_index() if selection else None
    for row_start in range(0, len(articles), CARDS_PER_ROW):
        row = articles[row_start : row_start + CARDS_PER_ROW]
        for column, article in zip(st.columns(len(row)), row, strict=True):
            article_id = article.meta.id
            items: set[tuple[str, int, int]] = set()
            if selection is not None:
                mine = kept[kept[COL_ARTICLE_ID] == article_id]
                items = set(zip(mine[COL_KIND], mine[COL_START], mine[COL_END], strict=True))
            sentences = (
                {index} if index is not None and selection.article_id == article_id else set()
            )
            marks = article_marks(
                article,
                options,
                tone_label_of=labels[article_id],
                hard_sentence_grade=HARD_SENTENCE_GRADE,
                category_names=category_names(),
                selected_items=items,
                selected_sentences=sentences,
            )
            with column:
                meta = article.meta
                st.html(plain_text_html(names[article_id], "cl-article", "h4"))
                facts = [meta.kind or "kind not recorded", meta.date or "date not recorded"]
                st.html(plain_text_html(" · ".join(facts), "cl-caption"))
                if sentences:
                    st.html(plain_text_html(f"Sentence {index + 1} selected", "cl-match"))
                elif selection is not None:
                    matched = f"{len(items)} flagged items behind the selection"
                    st.html(plain_text_html(matched, "cl-match"))
                with st.container(height=TEXT_HEIGHT_PX, border=True):
                    st.html(
                        marked_html(
                            article.text,
                            marks,
                            article.blocks,
                            container_classes=["has-sel"] if selection else [],
                        )
                    )


def evidence_section(evidence: pd.DataFrame, mask: pd.Series, selection: Selection | None) -> None:
    """Show the evidence table filtered by the selection, with a CSV download."""
    kept = evidence[mask]
    st.subheader("Evidence")
    scope = "behind the selection" if selection else "in the compared articles"
    with st.container(key=KEY_EVIDENCE_COUNT):
        st.caption(
            f"{len(kept)} of {len(evidence)} flagged items {scope}. Click a column header to sort."
        )
    st.dataframe(
        kept.loc[:, list(SHOWN_COLUMNS)],
        hide_index=True,
        width="stretch",
        height=min(EVIDENCE_MAX_HEIGHT_PX, EVIDENCE_ROW_PX * (len(kept) + 1) + 3),
        key=KEY_EVIDENCE_TABLE,
    )
    st.download_button(
        "Download as CSV",
        data=evidence_csv(kept),
        file_name="coverage-lens-evidence.csv",
        mime="text/csv",
        icon=":material/download:",
    )


def compare_page() -> None:
    """The main page: summary, linked charts, highlighted texts and evidence."""
    story_id, article_ids = sidebar_story_choice()
    selection = current_selection()
    analysis = story_analysis(story_id)
    st.html(plain_text_html(analysis.story.title or APP_TITLE, "cl-title", "h1"))
    if analysis.story.description:
        st.html(plain_text_html(analysis.story.description, "cl-caption"))
    if len(article_ids) < min(MIN_ARTICLES, len(analysis.articles)):
        st.warning(f"Choose at least {MIN_ARTICLES} articles in the sidebar to compare them.")
        sync_selection_to_url(selection)
        return
    articles = chosen_articles(story_id, article_ids)
    if selection and selection.article_id and selection.article_id not in article_ids:
        selection = None
        st.session_state[KEY_SELECTION] = None
    sync_selection_to_url(selection)
    names = article_display_names(articles)
    short = [names[a.meta.id] for a in articles if short_text_warning(a)]
    if short:
        warning = f"Short text: {', '.join(short)}. Too few words for the figures to mean much."
        st.html(plain_text_html(warning, "cl-warning", "div"))
    summary_cards(articles, names)
    st.divider()
    selection_banner(selection, names)
    sidebar_selection(selection, names)
    evidence = story_evidence(story_id, tuple(a.meta.id for a in articles))
    mask = evidence_mask(evidence, selection)
    linked_charts(articles, names, evidence, selection)
    highlighted_texts(articles, names, evidence[mask], selection)
    evidence_section(evidence, mask, selection)


def comparison_page() -> None:
    """Across the articles: aligned sentences, shared quotations, distinctive words."""
    story_id, article_ids = sidebar_story_choice()
    analysis = story_analysis(story_id)
    st.html(plain_text_html(f"Across the articles: {analysis.story.title}", "cl-title", "h1"))
    if len(article_ids) < min(MIN_ARTICLES, len(analysis.articles)):
        st.warning(f"Choose at least {MIN_ARTICLES} articles in the sidebar to compare them.")
        return
    articles = chosen_articles(story_id, article_ids)
    compare_view.render_comparison(
        articles, comparison=story_comparison(story_id, tuple(article_ids))
    )


def methods_page() -> None:
    """How each figure is computed, the lexicon's sources, and what the methods cannot do."""
    st.title("Methods")
    st.markdown(methods.methods_markdown())
    lexicon = default_lexicon()
    st.subheader("The figures")
    st.table(methods.metrics_frame().set_index("Figure"))
    st.subheader("How the figures are put into words")
    st.table(methods.labels_frame().set_index("Figure"))
    st.subheader("The loaded-word categories")
    st.table(methods.categories_frame(lexicon).set_index("Category"))
    st.subheader("Where the lexicon comes from")
    st.table(methods.lexicon_sources_frame(lexicon).set_index("Source"))
    st.markdown(methods.limits_markdown())


def main() -> None:
    """Configure the page and run the chosen page."""
    # No page_icon: a Material icon favicon is fetched from Google's servers, which an offline
    # classroom cannot reach.
    st.set_page_config(page_title=APP_TITLE, layout="wide")
    pages = [
        st.Page(compare_page, title="Compare coverage", icon=":material/compare:", default=True),
        st.Page(
            comparison_page,
            title="Across the articles",
            icon=":material/difference:",
            url_path="across",
        ),
        st.Page(methods_page, title="Methods", icon=":material/menu_book:", url_path="methods"),
    ]
    started = time.perf_counter()
    st.html(highlight_css() + SUMMARY_CSS)
    st.navigation(pages).run()
    st.session_state[KEY_RUN_SECONDS] = time.perf_counter() - started


if __name__ == "__main__":
    main()
