"""Start loading the browser's charting library while the server is still busy.

Streamlit's browser code fetches plotly.js (about 4.7 MB of JavaScript) only when the first
chart element arrives, and parsing it is the largest single cost of opening the page. On a
session's first run the server spends a second or two importing the analysis and analysing the
story before it sends any chart, and the browser waits idle meanwhile.
:func:`request_chart_library` sends an empty, ten-pixel chart at the very start of that run, so
the browser loads plotly.js in parallel; :func:`release_chart_library` removes the placeholder
again before the real charts are drawn (so it never counts as one of them, and no visitor sees
it).

The placeholder sits in a slot that every run creates at the same place (the first element of
the page), empty after the first run: the elements after it keep their positions from one run
to the next, so no widget is drawn anew and nothing typed into one is lost.

This module imports only Streamlit: ``dashboard.py`` calls it before its heavy imports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

if TYPE_CHECKING:
    from streamlit.delta_generator import DeltaGenerator

KEY_PRELOAD_REQUESTED = "chart_library_requested"
"""``st.session_state`` key: True once this session's browser was asked to load plotly.js."""
KEY_PRELOAD_PENDING = "chart_library_placeholder_shown"
"""``st.session_state`` key: True while the placeholder of the current run is on the page."""

PLACEHOLDER_FIGURE: dict[str, Any] = {
    "data": [{"type": "scatter", "x": [], "y": [], "hoverinfo": "skip"}],
    "layout": {
        "height": 10,
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "xaxis": {"visible": False},
        "yaxis": {"visible": False},
    },
}
"""An empty figure ten pixels high (plotly's minimum): loads the library, shows nothing."""
PLACEHOLDER_CONFIG: dict[str, Any] = {"staticPlot": True, "displayModeBar": False}


def request_chart_library() -> DeltaGenerator:
    """Create the slot; on a session's first run, show the placeholder chart in it.

    Returns:
        The slot, for :func:`release_chart_library`. Later runs leave it empty: the browser
        has the library by then.
    """
    slot = st.empty()
    if st.session_state.get(KEY_PRELOAD_REQUESTED):
        return slot
    st.session_state[KEY_PRELOAD_REQUESTED] = True
    st.session_state[KEY_PRELOAD_PENDING] = True
    slot.plotly_chart(
        PLACEHOLDER_FIGURE,
        config=PLACEHOLDER_CONFIG,
        theme=None,
        alt="Charts are loading.",
    )
    return slot


def release_chart_library(slot: DeltaGenerator | None) -> None:
    """Remove the placeholder shown by :func:`request_chart_library` in this run, if any.

    Safe to call more than once and with a slot of an earlier run or another session (tests
    import ``dashboard`` once and call its pages in many sessions): only a placeholder still
    pending in the current session is removed.
    """
    if slot is not None and st.session_state.pop(KEY_PRELOAD_PENDING, False):
        slot.empty()
