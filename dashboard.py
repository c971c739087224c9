"""Coverage Lens: how different outlets cover the same event, side by side.

Run with ``streamlit run dashboard.py``. This file is only layout, state and caching: the
analysis comes from :mod:`analysis`, every figure and piece of HTML from the pure functions in
:mod:`ui`. One canonical :class:`ui.selection.Selection` in ``st.session_state`` drives every
highlight, emphasis and filter; chart clicks write it and it is mirrored in the URL.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence

import streamlit as st

from ui.warm_up import quiet_server_start, warm_server

if __name__ != "__main__":
    # The server imports this module when it starts, before its runtime exists (see ``app`` at
    # the end and ui/warm_up.py): silence the harmless warnings the imports below then cause.
    # Every import after this call is deliberately late (E402 is ignored for this file).
    quiet_server_start()

import pandas as pd

from analysis.metrics import METRICS_BY_KEY
from analysis.model import ArticleAnalysis
from analysis.readability import HARD_SENTENCE_GRADE
from analysis.tone import tone_label
from ui import a11y, accuracy, compare_view, glossary, input_page, lesson, lexicon_editor, methods
from ui.evidence import (
    COL_ARTICLE_ID,
    COL_END,
    COL_KIND,
    COL_START,
    SHOWN_COLUMNS,
    emphasis_for,
    evidence_csv,
    evidence_mask,
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
from ui.story_source import (
    HIGHLIGHT_DEFAULTS,
    KEY_SELECTION,
    MIN_ARTICLES,
    ShownStory,
    category_names,
    own_story,
    session_lexicon,
    sidebar_story_choice,
)
from ui.style import article_colour
from ui.summary import (
    SUMMARY_CSS,
    article_display_names,
    names_by_key,
    summary_card_html,
)

APP_TITLE = "Coverage Lens"
CARDS_PER_ROW = 3
TEXT_HEIGHT_PX = 720
EVIDENCE_MAX_HEIGHT_PX = 460
EVIDENCE_ROW_PX = 35

# Session-state and widget keys. Story and article choices (ui.story_source) are bound to the URL.
# How long the last script run took on the server (read by benchmarks/bench_dashboard.py).
KEY_RUN_SECONDS = "run_seconds"
KEY_EVIDENCE_COUNT = "evidence_count"
KEY_CLEAR_MAIN = "clear_main"
KEY_CLEAR_SIDEBAR = "clear_sidebar"
KEY_EVIDENCE_TABLE = "evidence_table"
KEY_ADD_OWN = "add_own"
CHART_METRICS = "chart_metrics"
CHART_TONE = "chart_tone"
CHART_CATEGORIES = "chart_categories"
CHART_SPEAKERS = "chart_speakers"
CHART_GRADE = "chart_grade"

PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
}


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


def _toggle(column: st.delta_generator.DeltaGenerator, label: str, name: str, **kwargs) -> bool:
    """Draw one highlight switch; its default applies only when no value is stored yet (a
    reopened comparison stores one), so Streamlit never sees both."""
    key, default = HIGHLIGHT_DEFAULTS[name]
    value = None if key in st.session_state else default
    if value is None:
        return column.toggle(label, key=key, **kwargs)
    return column.toggle(label, value=value, key=key, **kwargs)


def highlight_options() -> HighlightOptions:
    """Show the highlight switches above the texts and return the chosen options."""
    columns = st.columns(4)
    loaded = _toggle(columns[0], "Loaded words", "loaded")
    quotes = _toggle(columns[1], "Quotations", "quotes")
    hard = _toggle(
        columns[2],
        "Hard sentences",
        "hard_sentences",
        help=f"Sentences with a reading grade of {HARD_SENTENCE_GRADE:g} or more",
    )
    tone = _toggle(columns[3], "Tone words", "tone_words")
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


def own_story_sidebar(story: ShownStory) -> None:
    """For the visitor's own story: the save button in the sidebar."""
    own = own_story()
    if not story.own or own is None:
        return
    with st.sidebar:
        input_page.save_button(story, own, input_page.KEY_SAVE_SIDEBAR)


def add_own_link(go_input: Callable[[], None] | None, own: bool) -> None:
    """A sidebar button to the page where visitors add (or change) their own articles."""
    if go_input is None:
        return
    label = "Change your articles" if own else "Compare your own articles"
    with st.sidebar:
        if st.button(label, key=KEY_ADD_OWN, icon=":material/post_add:"):
            go_input()


def story_heading(story: ShownStory, title_prefix: str = "") -> None:
    """The story's title and description, escaped (an own story's title is user text)."""
    st.html(plain_text_html(title_prefix + (story.title or APP_TITLE), "cl-title", "h1"))
    if story.description:
        st.html(plain_text_html(story.description, "cl-caption"))


def compare_page(go_input: Callable[[], None] | None = None) -> None:
    """The main page: summary, linked charts, highlighted texts and evidence.

    Args:
        go_input: Switches to the "Your articles" page (None: no button to it).
    """
    story = sidebar_story_choice()
    add_own_link(go_input, story.own)
    own_story_sidebar(story)
    selection = current_selection()
    story_heading(story)
    if not story.enough_chosen:
        st.warning(f"Choose at least {MIN_ARTICLES} articles in the sidebar to compare them.")
        sync_selection_to_url(selection)
        return
    articles = story.articles
    if selection and selection.article_id and selection.article_id not in story.article_ids:
        selection = None
        st.session_state[KEY_SELECTION] = None
    sync_selection_to_url(selection)
    names = article_display_names(articles)
    own = own_story() if story.own else None
    notes = input_page.text_notes_html(
        articles, names, own.notices if own else None, own.story_notices if own else ()
    )
    if notes:
        st.html(notes)
    summary_cards(articles, names)
    st.divider()
    selection_banner(selection, names)
    sidebar_selection(selection, names)
    evidence = story.evidence()
    mask = evidence_mask(evidence, selection)
    linked_charts(articles, names, evidence, selection)
    highlighted_texts(articles, names, evidence[mask], selection)
    evidence_section(evidence, mask, selection)


def comparison_page() -> None:
    """Across the articles: aligned sentences, shared quotations, distinctive words."""
    story = sidebar_story_choice()
    own_story_sidebar(story)
    story_heading(story, "Across the articles: ")
    if not story.enough_chosen:
        st.warning(f"Choose at least {MIN_ARTICLES} articles in the sidebar to compare them.")
        return
    compare_view.render_comparison(story.articles, comparison=story.comparison())


def methods_page() -> None:
    """How each figure is computed, the lexicon's sources, and what the methods cannot do.

    The categories and sources are those of the session's word list (a teacher's edits show).
    """
    st.title("Methods")
    st.markdown(methods.methods_markdown())
    lexicon = session_lexicon()
    st.subheader("The figures")
    st.table(methods.metrics_frame().set_index("Figure"))
    st.subheader("How the figures are put into words")
    st.table(methods.labels_frame().set_index("Figure"))
    st.subheader("The loaded-word categories")
    st.table(methods.categories_frame(lexicon).set_index("Category"))
    st.subheader("Where the lexicon comes from")
    st.table(methods.lexicon_sources_frame(lexicon).set_index("Source"))
    st.subheader("How often is it right?")
    st.table(accuracy.accuracy_frame().set_index(accuracy.COL_MEASURE))
    st.caption(accuracy.ACCURACY_NOTE)
    st.markdown(methods.limits_markdown())


def main() -> None:
    """Configure the page and run the chosen page.

    Pages are listed in ``pages`` in navigation order; add new ``st.Page`` entries there.
    """
    # No page_icon: a Material icon favicon is fetched from Google's servers, which an offline
    # classroom cannot reach.
    st.set_page_config(page_title=APP_TITLE, layout="wide")
    # The compare page and "Your articles" link to each other: each gets a function that
    # switches to the other page, looked up when it is called (both pages exist by then).
    go: dict[str, Callable[[], None]] = {}
    compare = st.Page(
        functools.partial(compare_page, lambda: go["input"]()),
        title="Compare coverage",
        icon=":material/compare:",
        url_path="compare",
        default=True,
    )
    yours = st.Page(
        functools.partial(input_page.render, lambda: go["compare"]()),
        title=input_page.PAGE_TITLE,
        icon=":material/post_add:",
        url_path="yours",
    )
    go["compare"] = functools.partial(st.switch_page, compare)
    go["input"] = functools.partial(st.switch_page, yours)
    pages = [
        compare,
        yours,
        st.Page(
            comparison_page,
            title="Across the articles",
            icon=":material/difference:",
            url_path="across",
        ),
        st.Page(
            lesson.render,
            title=lesson.PAGE_TITLE,
            icon=":material/school:",
            url_path=lesson.URL_PATH,
        ),
        st.Page(
            glossary.render,
            title=glossary.PAGE_TITLE,
            icon=":material/dictionary:",
            url_path=glossary.URL_PATH,
        ),
        st.Page(
            lexicon_editor.render,
            title=lexicon_editor.PAGE_TITLE,
            icon=":material/edit_note:",
            url_path=lexicon_editor.URL_PATH,
        ),
        st.Page(methods_page, title="Methods", icon=":material/menu_book:", url_path="methods"),
    ]
    started = time.perf_counter()
    st.html(highlight_css() + SUMMARY_CSS)
    navigation = st.navigation(pages)
    # Text size and high contrast on every page, in the sidebar (kept when switching pages).
    a11y.display_settings()
    navigation.run()
    st.session_state[KEY_RUN_SECONDS] = time.perf_counter() - started


if __name__ == "__main__":
    main()
else:
    # ``streamlit run dashboard.py`` finds this App, imports this module once when the server
    # starts (the imports above are then done before any visitor) and runs ``warm_server``.
    # Each visitor's page is still this file run as ``__main__``.
    app = st.App("dashboard.py", lifespan=warm_server)
