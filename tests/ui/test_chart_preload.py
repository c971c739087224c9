"""The chart-library preload: a placeholder on a session's first run only, removed on release."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from ui.chart_preload import KEY_PRELOAD_PENDING, KEY_PRELOAD_REQUESTED

TIMEOUT_S = 30


def _request_only() -> None:
    import streamlit as st

    from ui.chart_preload import request_chart_library

    request_chart_library()
    st.text("after the slot")


def _request_then_release() -> None:
    import streamlit as st

    from ui.chart_preload import release_chart_library, request_chart_library

    slot = request_chart_library()
    st.text("after the placeholder")
    release_chart_library(slot)
    release_chart_library(slot)  # a second release changes nothing
    st.text("end")


def test_first_run_shows_the_placeholder_and_later_runs_keep_an_empty_slot() -> None:
    at = AppTest.from_function(_request_only, default_timeout=TIMEOUT_S)
    at.run()
    assert not at.exception
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    figure = json.loads(charts[0].proto.spec)
    assert figure["layout"]["height"] == 10
    assert all(not trace.get("x") for trace in figure["data"])
    assert at.session_state[KEY_PRELOAD_REQUESTED]
    assert at.main.children[1].value == "after the slot"
    at.run()
    assert not at.get("plotly_chart")
    # The slot is still the first element, empty: what follows keeps its place on the page.
    assert len(at.main.children) == 2
    assert at.main.children[1].value == "after the slot"


def test_release_removes_the_placeholder_in_the_same_run() -> None:
    at = AppTest.from_function(_request_then_release, default_timeout=TIMEOUT_S)
    at.run()
    assert not at.exception
    assert not at.get("plotly_chart")
    assert [t.value for t in at.text] == ["after the placeholder", "end"]
    assert KEY_PRELOAD_PENDING not in at.session_state


def test_release_of_another_sessions_slot_leaves_the_page_alone() -> None:
    def script() -> None:
        import streamlit as st

        from ui.chart_preload import release_chart_library

        st.text("first element")
        # A slot object from elsewhere: with nothing pending in this session it is not touched.
        release_chart_library(st.empty())
        st.text("second element")

    at = AppTest.from_function(script, default_timeout=TIMEOUT_S)
    at.run()
    assert not at.exception
    assert [t.value for t in at.text] == ["first element", "second element"]
