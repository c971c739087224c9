"""The teacher's word list is the whole app's: a term added on the Word list page is flagged on
the Compare coverage and Across the articles pages too, in that session only.

AppTest cannot follow the app's navigation between function pages, so a small harness draws the
page named in ``st.session_state`` (the real page functions of ``dashboard.py`` and ``ui``).
"""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

from ui.evidence import COL_TEXT
from ui.lexicon_editor import FORM_ADD_TERM, WIDGET_TERM, WIDGET_TERM_CATEGORY
from ui.story_source import (
    KEY_LEXICON_ANALYSES,
    KEY_SESSION_LEXICON,
    default_fingerprint,
    lexicon_fingerprint,
)

TIMEOUT_S = 90
PAGE = "harness_page"
TERM = "forever war"
NOTE = "A slogan <b>that</b> takes a side"


def harness() -> None:
    """Draw the page named in ``st.session_state['harness_page']`` (the Compare page first)."""
    import streamlit as st

    import dashboard
    from ui import lexicon_editor
    from ui.highlight import highlight_css

    st.html(highlight_css())
    page = st.session_state.get("harness_page", "compare")
    if page == "words":
        lexicon_editor.render()
    elif page == "across":
        dashboard.comparison_page()
    elif page == "methods":
        dashboard.methods_page()
    else:
        dashboard.compare_page()


def html_of(at: AppTest) -> str:
    return "".join(h.proto.body for h in at.get("html"))


def article_html(at: AppTest) -> str:
    return "".join(h.proto.body for h in at.get("html") if 'class="cl-text' in h.proto.body)


def open_page(at: AppTest, page: str) -> AppTest:
    at.session_state[PAGE] = page
    at.run()
    assert not at.exception, at.exception
    return at


def add_term(at: AppTest, term: str, category: str, note: str = "") -> None:
    open_page(at, "words")
    at.text_input(key=WIDGET_TERM).input(term)
    at.selectbox(key=WIDGET_TERM_CATEGORY).set_value(category)
    at.text_input(key="lexicon_note").input(note)
    next(b for b in at.button if b.proto.form_id == FORM_ADD_TERM).click().run()
    assert not at.exception, at.exception
    assert f"Added “{term}”" in html_of(at)


def headline_loaded_counts(at: AppTest) -> list[int]:
    """The number of loaded words in each headline on the Across page, in article order."""
    return [int(n) for n in re.findall(r"· (\d+) loaded word\(s\)</p>", html_of(at))]


def flagged_terms(at: AppTest) -> list[str]:
    """The loaded words of the Compare page's evidence table."""
    table = at.dataframe[0].value
    return [" ".join(str(t).split()).lower() for t in table[COL_TEXT]]


def test_a_term_added_in_the_editor_is_flagged_on_compare_and_across() -> None:
    at = AppTest.from_function(harness, default_timeout=TIMEOUT_S)
    open_page(at, "compare")
    assert TERM not in flagged_terms(at)
    assert f"“{TERM}”" not in article_html(at).lower()
    before = len(flagged_terms(at))

    add_term(at, TERM, "charged", NOTE)
    lexicon = at.session_state[KEY_SESSION_LEXICON]
    assert lexicon_fingerprint(lexicon) != default_fingerprint()

    open_page(at, "compare")
    terms = flagged_terms(at)
    assert TERM in terms, "the evidence table lists the teacher's term"
    assert len(terms) > before
    markup = article_html(at)
    assert "ld cat-charged" in markup
    assert re.search(r"<mark class=\"ld cat-charged[^\"]*\"[^>]*>forever war", markup), markup[:300]
    assert "&lt;b&gt;that&lt;/b&gt;" in markup, "the teacher's note is escaped, never markup"
    assert "<b>that</b>" not in markup
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert charts, "the Compare page draws its charts"
    assert any(key[1] != default_fingerprint() for key in at.session_state[KEY_LEXICON_ANALYSES]), (
        "the edited list's analysis is kept in this session"
    )

    open_page(at, "across")
    before = headline_loaded_counts(at)
    add_term(at, "strikes", "charged")
    open_page(at, "across")
    after = headline_loaded_counts(at)
    assert after[0] == before[0] + 1, "the AP headline (“…on strikes against IS”) gains one"
    assert after[1:] == before[1:]

    open_page(at, "methods")
    sources = [t.value for t in at.table if "Source" in t.value.index.names or "Licence" in t.value]
    assert sources, "the Methods page lists where the word list comes from"
    teacher = sources[0].loc["Added by the teacher in this session"]
    assert int(teacher["Entries"]) == 2, "the two terms added in this session"


def test_an_edited_word_list_stays_in_its_session() -> None:
    teacher = AppTest.from_function(harness, default_timeout=TIMEOUT_S)
    add_term(teacher, TERM, "charged")
    open_page(teacher, "compare")
    assert TERM in flagged_terms(teacher)

    other = AppTest.from_function(harness, default_timeout=TIMEOUT_S)
    open_page(other, "compare")
    assert KEY_SESSION_LEXICON not in other.session_state
    assert TERM not in flagged_terms(other), "another session still uses the shipped list"


def test_removing_an_entry_unflags_it_everywhere() -> None:
    at = AppTest.from_function(harness, default_timeout=TIMEOUT_S)
    open_page(at, "compare")
    assert "debunked" in flagged_terms(at)
    open_page(at, "words")
    at.multiselect(key="lexicon_remove_flagging").set_value(["debunk"]).run()
    at.button(key="lexicon_remove_flagging_button").click().run()
    assert "Removed 1 entry" in html_of(at)
    open_page(at, "compare")
    assert "debunked" not in flagged_terms(at)
    at.session_state[PAGE] = "words"
    at.run()
    at.button(key="lexicon_reset").click().run()
    open_page(at, "compare")
    assert "debunked" in flagged_terms(at), "back to the shipped list"
