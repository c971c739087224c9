"""The lesson, glossary and word-list pages in Streamlit's AppTest.

AppTest drives the widgets the way a student would: choose words, answer the guesses, move on.
The blind steps are checked for any trace of the outlets' names in everything drawn (HTML,
Markdown, widget labels and options).
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ui.lesson import (
    KEY_LESSON,
    KEY_RESET,
    WIDGET_GUESS,
    WIDGET_MARKS,
    WIDGET_STEP,
)
from ui.lesson_model import LessonState
from ui.lesson_source import KEY_SESSION_LEXICON
from ui.lexicon_editor import (
    FORM_ADD_TERM,
    KEY_MESSAGE,
    WIDGET_REMOVE_FLAGGING,
    WIDGET_TERM,
    WIDGET_TERM_CATEGORY,
)

TIMEOUT_S = 90
OUTLET_NAMES = ("Associated Press", "SOFREP", "Times of Israel", "sofrep.com", "(AP)")


def lesson_app() -> None:
    """The lesson page on its own, with the app's base stylesheet."""
    import streamlit as st

    from ui import lesson
    from ui.highlight import highlight_css

    st.html(highlight_css())
    lesson.render()


def glossary_app() -> None:
    from ui import glossary

    glossary.render()


def words_app() -> None:
    from ui import lexicon_editor

    lexicon_editor.render()


def everything_drawn(at: AppTest) -> str:
    """Every piece of text the page drew: HTML, Markdown, labels, options, values."""
    parts = [h.proto.body for h in at.get("html")]
    parts += [m.value for m in at.markdown]
    for kind in ("selectbox", "multiselect", "radio", "button", "segmented_control"):
        for widget in at.get(kind):
            proto = widget.proto
            parts.append(getattr(proto, "label", ""))
            parts.extend(str(o) for o in getattr(proto, "options", []))
            parts.append(getattr(proto, "help", ""))
    return "\n".join(parts)


def html_of(at: AppTest) -> str:
    return "".join(h.proto.body for h in at.get("html"))


def step(at: AppTest) -> str:
    return at.session_state[KEY_LESSON].step


@pytest.fixture(scope="module")
def lesson() -> AppTest:
    at = AppTest.from_function(lesson_app, default_timeout=TIMEOUT_S)
    at.run()
    return at


def test_the_lesson_runs_read_predict_reveal_discuss(lesson: AppTest) -> None:
    at = lesson
    assert not at.exception
    assert step(at) == "read"
    drawn = everything_drawn(at)
    for name in OUTLET_NAMES:
        assert name not in drawn, name
    assert "Article A" in drawn and "Article B" in drawn and "[outlet]" in drawn
    assert not at.multiselect, "nothing to mark while reading"

    at.button(key="lesson_next_bottom").click().run()
    assert step(at) == "predict" and not at.exception
    at.multiselect(key=WIDGET_MARKS.format(position=0)).select("ruthless").select("desperate").run()
    at.multiselect(key=WIDGET_MARKS.format(position=1)).select("debunked").select("taliban").run()
    at.radio(key=WIDGET_GUESS.format(key="loaded")).set_value("sofrep").run()
    at.radio(key=WIDGET_GUESS.format(key="negative")).set_value("ap").run()
    drawn = everything_drawn(at)
    for name in OUTLET_NAMES:
        assert name not in drawn, name
    state: LessonState = at.session_state[KEY_LESSON]
    assert state.marks == {"ap": ["ruthless", "desperate"], "sofrep": ["debunked", "taliban"]}
    assert state.guesses == {"loaded": "sofrep", "negative": "ap"}
    assert html_of(at).count('class="ag ag-you"') >= 3, "marked words underlined while reading"

    at.button(key="lesson_next_bottom").click().run()
    assert step(at) == "reveal" and not at.exception
    markup = html_of(at)
    assert "<b>Article A</b> was <b>Associated Press" in markup
    assert "You found 2 of the" in markup and "You found 1 of the" in markup
    assert markup.count('class="ag ag-both"') >= 3
    assert "Only you:</b> Taliban" in markup
    assert "You and the tool agree" in markup, "SOFREP uses more loaded words"
    assert "Too close to call" in markup, "the tones differ by less than 0.1"
    assert "No guess made" in markup

    at.button(key="lesson_next_bottom").click().run()
    assert step(at) == "discuss" and not at.exception
    markup = html_of(at)
    assert markup.count('class="ls-card"') >= 8
    assert "I was not going to extend this forever war" in markup

    at.button(key="lesson_back_bottom").click().run()
    assert step(at) == "reveal"
    at.segmented_control(key=WIDGET_STEP).set_value("predict").run()
    assert step(at) == "predict"
    marks = at.multiselect(key=WIDGET_MARKS.format(position=0))
    assert marks.value == ["ruthless", "desperate"], "marks survive moving between steps"

    at.button(key=KEY_RESET).click().run()
    assert step(at) == "read"
    assert at.session_state[KEY_LESSON].marks == {}


def test_choosing_other_articles_starts_a_new_lesson(lesson: AppTest) -> None:
    at = lesson
    at.button(key="lesson_next_bottom").click().run()
    at.multiselect(key=WIDGET_MARKS.format(position=0)).select("war").run()
    old = at.session_state[KEY_LESSON]
    assert old.marks
    at.session_state["articles"] = ["sofrep", "ap"]
    at.run()
    new = at.session_state[KEY_LESSON]
    assert new.lesson_id != old.lesson_id and new.marks == {} and new.step == "read"
    assert "Article A" in html_of(at)


def test_glossary_page_shows_examples_from_the_story() -> None:
    at = AppTest.from_function(glossary_app, default_timeout=TIMEOUT_S)
    at.run()
    assert not at.exception
    markup = html_of(at)
    assert markup.count('class="gl-entry"') >= 30
    assert '<mark class="gl">perhaps</mark>' in markup
    at.text_input(key="glossary_filter").set_value("partial quote").run()
    markup = html_of(at)
    assert markup.count('class="gl-entry"') == 1 and "“possible”" in markup


def test_word_list_page_adds_and_removes_entries_for_the_session() -> None:
    at = AppTest.from_function(words_app, default_timeout=TIMEOUT_S)
    at.run()
    assert not at.exception
    assert KEY_SESSION_LEXICON not in at.session_state
    at.text_input(key=WIDGET_TERM).input("forever war")
    at.selectbox(key=WIDGET_TERM_CATEGORY).set_value("charged")
    submit = next(b for b in at.button if b.proto.form_id == FORM_ADD_TERM)
    submit.click().run()
    assert not at.exception
    assert "Added “forever war”" in html_of(at)
    lexicon = at.session_state[KEY_SESSION_LEXICON]
    assert lexicon.entries[0].term == "forever war"
    options = at.multiselect(key=WIDGET_REMOVE_FLAGGING).options
    assert "forever war · Emotionally charged word" in options

    at.multiselect(key=WIDGET_REMOVE_FLAGGING).set_value(["forever war", "debunk"]).run()
    at.button(key="lexicon_remove_flagging_button").click().run()
    assert "Removed 2 entries" in html_of(at)
    terms = {e.term for e in at.session_state[KEY_SESSION_LEXICON].entries}
    assert "forever war" not in terms and "debunk" not in terms

    at.button(key="lexicon_remove_flagging_button").click().run()
    assert "Choose the entries to remove first." in html_of(at)
    assert KEY_MESSAGE not in at.session_state, "a message is shown once"

    at.button(key="lexicon_reset").click().run()
    assert KEY_SESSION_LEXICON not in at.session_state
    assert "Back to the shipped word list." in html_of(at)


def test_a_new_choice_of_articles_after_the_reveal_hides_the_names_again() -> None:
    at = AppTest.from_function(lesson_app, default_timeout=TIMEOUT_S)
    at.run()
    for _ in range(2):
        at.button(key="lesson_next_bottom").click().run()
    assert step(at) == "reveal"
    assert any(m.label.startswith("Articles to compare") for m in at.multiselect)
    at.multiselect(key="articles").set_value(["sofrep", "ap"]).run()
    assert not at.exception
    assert step(at) == "read"
    assert not any(m.label.startswith("Articles to compare") for m in at.multiselect)
    for name in OUTLET_NAMES:
        assert name not in everything_drawn(at), name
