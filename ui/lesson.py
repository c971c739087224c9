"""The lesson page: read blind, predict, reveal, discuss, in one class period.

A teacher projects the page; students can follow on their own laptops, each at their own pace.
Everything a student does (step, marked words, guesses) lives in this browser tab's
``st.session_state`` (:class:`ui.lesson_model.LessonState`): no accounts, nothing stored on the
server. The logic is in :mod:`ui.lesson_model` and :mod:`ui.lesson_questions`, the HTML in
:mod:`ui.lesson_html` and :mod:`ui.handout`; this module only draws.

While reading blind (steps 1 and 2) the page shows no outlet names anywhere: the articles are
"Article A", "Article B"…, the story's description is left out, and the sidebar offers only the
story titles (the article choice, which names the outlets, appears from step 3 on).
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from analysis.model import ArticleAnalysis
from ui.handout import handout_html
from ui.highlight import marked_html, plain_text_html
from ui.lesson_html import (
    agreement_legend_html,
    article_heading_html,
    guess_table_html,
    left_out_note,
    lesson_css,
    question_cards_html,
    reveal_names_html,
    step_intro_html,
    word_lists_html,
)
from ui.lesson_model import (
    GUESS_QUESTIONS,
    SAME,
    STEP_TITLES,
    STEPS,
    LessonState,
    agreement,
    agreement_marks,
    agreement_sentence,
    blind_article,
    blind_labels,
    blind_word_options,
    hidden_marks,
    lesson_id,
    shown_regions,
    student_marks,
    tool_answer,
    verdict,
    word_tokens,
)
from ui.lesson_questions import discussion_questions
from ui.lesson_source import (
    lesson_articles,
    lesson_comparison,
    session_category_names,
    story_fingerprint,
)
from ui.story_source import (
    KEY_ARTICLES,
    MAX_ARTICLES,
    MIN_ARTICLES,
    ShownStory,
    base_analysis,
    current_story,
    show_story,
    sidebar_story_choice,
    story_options,
)
from ui.summary import article_display_names

PAGE_TITLE = "Lesson"
URL_PATH = "lesson"
COLUMNS_PER_ROW = 3
TEXT_HEIGHT_PX = 560
SHOWN_QUESTIONS = 8

KEY_LESSON = "lesson_state"
"""``st.session_state`` key of this tab's :class:`ui.lesson_model.LessonState`."""
WIDGET_STEP = "lesson_step"
WIDGET_MARKS = "lesson_marks_{position}"
WIDGET_GUESS = "lesson_guess_{key}"
WIDGET_STORY = "lesson_story"
KEY_NEXT = "lesson_next"
KEY_BACK = "lesson_back"
KEY_RESET = "lesson_reset"
KEY_HANDOUT = "lesson_handout"
KEY_WORKSHEET = "lesson_worksheet"
KEY_HANDOUT_SIDEBAR = "lesson_handout_sidebar"
KEY_MORE_QUESTIONS = "lesson_more_questions"
WIDGET_PREFIXES = ("lesson_marks_", "lesson_guess_")
BLIND_STEPS = frozenset({"read", "predict"})
URL_ARTICLES = KEY_ARTICLES
"""The query parameter of the article choice (bound to the URL under its widget key)."""


# --- state ---------------------------------------------------------------------------------------


def lesson_state(current_id: str) -> LessonState:
    """Return this tab's lesson, starting a new one when the story or articles changed."""
    state = st.session_state.get(KEY_LESSON)
    if not isinstance(state, LessonState) or state.lesson_id != current_id:
        state = LessonState(lesson_id=current_id)
        st.session_state[KEY_LESSON] = state
        _forget_widgets()
    return state


def _forget_widgets() -> None:
    """Drop the mark and guess widgets' values (they belong to the previous lesson)."""
    for key in [k for k in st.session_state if str(k).startswith(WIDGET_PREFIXES)]:
        del st.session_state[key]


def _state() -> LessonState:
    return st.session_state[KEY_LESSON]


def _on_step() -> None:
    chosen = st.session_state.get(WIDGET_STEP)
    if chosen in STEPS:
        _state().step = chosen


def _move(offset: int) -> None:
    state = _state()
    state.move(offset)
    st.session_state[WIDGET_STEP] = state.step


def _reset() -> None:
    st.session_state[KEY_LESSON] = LessonState(lesson_id=_state().lesson_id)
    st.session_state[WIDGET_STEP] = STEPS[0]
    _forget_widgets()


def _on_marks(widget_key: str, article_id: str) -> None:
    _state().marks[article_id] = list(st.session_state.get(widget_key) or [])


def _on_guess(widget_key: str, question_key: str) -> None:
    _state().guesses[question_key] = st.session_state.get(widget_key)


def _on_story_title() -> None:
    story_id = st.session_state.get(WIDGET_STORY)
    if not story_id:
        return
    ids = [a.meta.id for a in base_analysis(story_id).articles][:MAX_ARTICLES]
    show_story(story_id, ids)


# --- sidebar -------------------------------------------------------------------------------------


def _hide_article_ids_in_url() -> None:
    """Drop the article ids from the address bar while reading blind (they can name outlets)."""
    if URL_ARTICLES in st.query_params:
        del st.query_params[URL_ARTICLES]


def _blind_story_choice(shown: ShownStory) -> None:
    """The sidebar while reading blind: the story's title only, never the outlets."""
    options = story_options()
    st.session_state[WIDGET_STORY] = shown.story_id
    with st.sidebar:
        st.selectbox(
            "Story",
            options=list(options),
            format_func=lambda s: options.get(s, s),
            key=WIDGET_STORY,
            on_change=_on_story_title,
            help="The articles to compare are chosen on the Compare page, or here from step 3 "
            "on (that list names the outlets, so it is hidden while reading blind).",
        )


def _teacher_sidebar(
    shown: ShownStory,
    articles: Sequence[ArticleAnalysis],
    names: dict[str, str],
) -> None:
    """The teacher's tools: start again and the printable sheets."""
    with st.sidebar:
        st.divider()
        st.button(
            "Start the lesson again",
            key=KEY_RESET,
            on_click=_reset,
            icon=":material/restart_alt:",
            help="Clears this tab's marks and guesses and goes back to step 1.",
        )
        st.download_button(
            "Worksheet for reading blind (HTML)",
            data=_worksheet(shown, articles, names),
            file_name="coverage-lens-worksheet.html",
            mime="text/html",
            on_click="ignore",
            key=KEY_WORKSHEET,
            icon=":material/print:",
            help="Outlet names hidden, no highlights: print it for step 1 and 2 on paper.",
        )
        st.download_button(
            "Handout with highlights and questions (HTML)",
            data=_handout(shown, articles, names),
            file_name="coverage-lens-handout.html",
            mime="text/html",
            on_click="ignore",
            key=KEY_HANDOUT_SIDEBAR,
            icon=":material/print:",
            help="Side-by-side texts, legend, figures and discussion questions with room for "
            "answers. Open it in the browser and print on A4 or Letter.",
        )


def _handout(shown: ShownStory, articles: Sequence[ArticleAnalysis], names: dict[str, str]) -> str:
    categories = session_category_names()
    questions = discussion_questions(articles, lesson_comparison(shown), names, categories)
    return handout_html(
        articles,
        names,
        questions,
        title=shown.title,
        description=shown.description,
        category_names=categories,
    )


def _worksheet(
    shown: ShownStory, articles: Sequence[ArticleAnalysis], names: dict[str, str]
) -> str:
    return handout_html(
        articles, names, [], title=shown.title, category_names=session_category_names(), blind=True
    )


# --- steps ---------------------------------------------------------------------------------------


def _rows(articles: Sequence[ArticleAnalysis]) -> list[list[tuple[int, ArticleAnalysis]]]:
    numbered = list(enumerate(articles))
    return [numbered[i : i + COLUMNS_PER_ROW] for i in range(0, len(numbered), COLUMNS_PER_ROW)]


def _word_count(article: ArticleAnalysis) -> str:
    words = article.metrics.get("word_count")
    return f"{words:.0f} words" if words is not None else ""


def blind_texts(articles: Sequence[ArticleAnalysis], state: LessonState, marking: bool) -> None:
    """Show the articles blind, side by side; with ``marking``, the word boxes under them."""
    labels = blind_labels(articles)
    for row in _rows(articles):
        for column, (position, article) in zip(st.columns(len(row)), row, strict=True):
            view = blind_article(article)
            label = labels[article.meta.id]
            marked = state.marks.get(article.meta.id, [])
            regions = [(b.start, b.end) for b in view.blocks]
            marks = hidden_marks(view.hidden)
            if marked:
                tokens = word_tokens(view.text, regions, view.hidden)
                marks += student_marks(tokens, marked)
            with column:
                st.html(article_heading_html(label, _word_count(article)))
                with st.container(height=TEXT_HEIGHT_PX, border=True):
                    st.html(marked_html(view.text, marks, view.blocks, label=f"{label} text"))
                note = left_out_note(view.left_out)
                if note:
                    st.html(note)
                if marking:
                    options = blind_word_options(view)
                    widget = WIDGET_MARKS.format(position=position)
                    if widget not in st.session_state:
                        st.session_state[widget] = [k for k in marked if k in options]
                    st.multiselect(
                        f"Loaded words in {label}",
                        options=list(options),
                        format_func=lambda k, o=options: o.get(k, k),
                        key=widget,
                        placeholder="Type a word, then press Enter",
                        select_all=False,
                        on_change=_on_marks,
                        args=(widget, article.meta.id),
                    )


def guesses(articles: Sequence[ArticleAnalysis], state: LessonState) -> None:
    """Show the prediction questions (blind names), each answered with a radio row."""
    labels = blind_labels(articles)
    options = [*labels, SAME]
    st.header("Your predictions")
    for question in GUESS_QUESTIONS:
        widget = WIDGET_GUESS.format(key=question.key)
        stored = state.guesses.get(question.key)
        if widget not in st.session_state and stored in options:
            st.session_state[widget] = stored
        st.radio(
            question.prompt,
            options=options,
            index=None,
            format_func=lambda o: "About the same" if o == SAME else labels.get(o, o),
            horizontal=True,
            key=widget,
            on_change=_on_guess,
            args=(widget, question.key),
        )


def reveal(articles: Sequence[ArticleAnalysis], state: LessonState, names: dict[str, str]) -> None:
    """Show who wrote what, the student's marks beside the tool's, and the guesses checked."""
    labels = blind_labels(articles)
    full = {i: f"{labels[i]}: {names[i]}" for i in labels}
    categories = session_category_names()
    st.html(reveal_names_html(articles, labels))
    results = {a.meta.id: agreement(a, state.marks.get(a.meta.id, [])) for a in articles}
    st.html(agreement_legend_html(results, full))
    for row in _rows(articles):
        for column, (_, article) in zip(st.columns(len(row)), row, strict=True):
            result = results[article.meta.id]
            blocks = [b for b in article.blocks if (b.start, b.end) in set(shown_regions(article))]
            with column:
                st.html(article_heading_html(full[article.meta.id], _facts(article)))
                st.html(plain_text_html(agreement_sentence(result), "ls-agree"))
                with st.container(height=TEXT_HEIGHT_PX, border=True):
                    st.html(
                        marked_html(
                            article.text,
                            agreement_marks(article, result, categories),
                            blocks,
                            label=f"{full[article.meta.id]} text",
                        )
                    )
                st.html(word_lists_html(article, result, categories))
    st.header("Your predictions beside the figures")
    rows = []
    for question in GUESS_QUESTIONS:
        answer = tool_answer(question, articles)
        guess = state.guesses.get(question.key)
        rows.append((question, guess, answer, verdict(guess, answer)))
    st.html(guess_table_html(rows, full))
    st.html(
        plain_text_html(
            "The tool measures words, not truth or intent: where you and the tool disagree, "
            "look at the sentence and decide who has the better case. What gave the outlets "
            "away when you read blind?",
            "ls-note",
        )
    )


def _facts(article: ArticleAnalysis) -> str:
    meta = article.meta
    parts = [meta.kind or "kind not recorded", meta.date or "date not recorded"]
    return " · ".join([*parts, _word_count(article)])


def discuss(shown: ShownStory, articles: Sequence[ArticleAnalysis], names: dict[str, str]) -> None:
    """Show the discussion questions generated from the detected differences."""
    questions = discussion_questions(
        articles, lesson_comparison(shown), names, session_category_names(), max_questions=None
    )
    if not questions:
        st.html(plain_text_html("The tool found no difference to discuss.", "ls-note"))
        return
    st.html(question_cards_html(questions[:SHOWN_QUESTIONS], names))
    if len(questions) > SHOWN_QUESTIONS:
        with st.expander(
            f"{len(questions) - SHOWN_QUESTIONS} more questions", key=KEY_MORE_QUESTIONS
        ):
            st.html(question_cards_html(questions[SHOWN_QUESTIONS:], names, SHOWN_QUESTIONS + 1))
    st.download_button(
        "Download the printable handout (HTML, for A4 or Letter)",
        data=_handout(shown, articles, names),
        file_name="coverage-lens-handout.html",
        mime="text/html",
        on_click="ignore",
        key=KEY_HANDOUT,
        icon=":material/print:",
        type="primary",
    )


def step_navigation(state: LessonState, where: str) -> None:
    """Show Back and Next buttons (``where`` keeps the keys of the two sets apart)."""
    position = STEPS.index(state.step)
    left, _, right = st.columns([2, 1, 2])  # wide enough for the labels at the largest text
    if position > 0:
        left.button(
            f"Back: {STEP_TITLES[STEPS[position - 1]]}",
            key=f"{KEY_BACK}_{where}",
            on_click=_move,
            args=(-1,),
            icon=":material/arrow_back:",
            width="stretch",
        )
    if position < len(STEPS) - 1:
        right.button(
            f"Next: {STEP_TITLES[STEPS[position + 1]]}",
            key=f"{KEY_NEXT}_{where}",
            on_click=_move,
            args=(1,),
            icon=":material/arrow_forward:",
            type="primary",
            width="stretch",
        )


def render() -> None:
    """Draw the lesson page."""
    st.html(lesson_css())
    state_now = st.session_state.get(KEY_LESSON)
    blind = not isinstance(state_now, LessonState) or state_now.step in BLIND_STEPS
    shown = current_story() if blind else sidebar_story_choice()
    if blind:
        _blind_story_choice(shown)
        _hide_article_ids_in_url()
    state = lesson_state(lesson_id(story_fingerprint(shown.analysis.story), shown.article_ids))
    if state.step in BLIND_STEPS and not blind:
        st.rerun()  # a new choice of articles starts a new lesson: hide the outlets' names
    st.html(plain_text_html(f"Lesson: {shown.title}", "cl-title", "h1"))
    if not shown.enough_chosen or len(shown.article_ids) < MIN_ARTICLES:
        st.warning(f"Choose at least {MIN_ARTICLES} articles on the Compare page for a lesson.")
        return
    articles = lesson_articles(shown)
    names = article_display_names(articles)
    _teacher_sidebar(shown, articles, names)
    st.session_state[WIDGET_STEP] = state.step
    st.segmented_control(
        "Lesson step",
        options=list(STEPS),
        format_func=STEP_TITLES.get,
        key=WIDGET_STEP,
        required=True,
        on_change=_on_step,
        width="stretch",
    )
    st.html(step_intro_html(state.step))
    if state.step == "read":
        blind_texts(articles, state, marking=False)
    elif state.step == "predict":
        blind_texts(articles, state, marking=True)
        guesses(articles, state)
    elif state.step == "reveal":
        reveal(articles, state, names)
    else:
        discuss(shown, articles, names)
    step_navigation(state, "bottom")
