"""The canonical selection: chart clicks, URL round trips, descriptions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ui.selection import (
    PARAM_KIND,
    Selection,
    describe_selection,
    point_customdata,
    query_params_from_selection,
    selection_from_chart_event,
    selection_from_customdata,
    selection_from_query_params,
)

SELECTIONS = [
    Selection("article", "", "ap"),
    Selection("metric", "tone_narration", "ap"),
    Selection("category", "charged"),
    Selection("category", "charged", "sofrep"),
    Selection("sentence", "4", "ap"),
    Selection("speaker", "Gen. Mark Milley"),
]


@pytest.mark.parametrize("selection", SELECTIONS)
def test_url_round_trip(selection: Selection) -> None:
    assert selection_from_query_params(query_params_from_selection(selection)) == selection


@pytest.mark.parametrize("selection", SELECTIONS)
def test_customdata_round_trip(selection: Selection) -> None:
    data = point_customdata(selection.kind, selection.value, selection.article_id)
    assert selection_from_customdata(data) == selection


def test_chart_event_takes_first_point_and_ignores_empty() -> None:
    event = {
        "selection": {
            "points": [
                {"x": 1, "customdata": ["sentence", "3", "ap"]},
                {"x": 2, "customdata": ["sentence", "5", "ap"]},
            ]
        }
    }
    assert selection_from_chart_event(event) == Selection("sentence", "3", "ap")
    assert selection_from_chart_event({"selection": {"points": []}}) is None
    assert selection_from_chart_event(None) is None
    assert selection_from_chart_event({"selection": {"points": [{"x": 1}]}}) is None


@pytest.mark.parametrize(
    "params",
    [{}, {PARAM_KIND: "nonsense"}, {PARAM_KIND: "sentence", "sel_value": "2"}],
)
def test_bad_urls_select_nothing(params: dict[str, str]) -> None:
    assert selection_from_query_params(params) is None


def test_sentence_index() -> None:
    assert Selection("sentence", "7", "a").sentence_index() == 7
    assert Selection("sentence", "x", "a").sentence_index() is None
    assert Selection("category", "7").sentence_index() is None


def test_description_is_plain_language() -> None:
    text = describe_selection(
        Selection("category", "charged", "ap"),
        {"ap": "Associated Press"},
        {"charged": "Charged words"},
        {},
    )
    assert text == "Loaded words of the category “Charged words” in Associated Press"
    assert describe_selection(Selection("sentence", "0", "ap"), {}, {}, {}).startswith("Sentence 1")


@given(
    st.sampled_from(["category", "speaker", "sentence", "metric", "article"]),
    st.text(max_size=80),
    st.text(min_size=1, max_size=40),
)
def test_any_selection_round_trips_through_the_url(kind: str, value: str, article: str) -> None:
    selection = Selection(kind, value, article)  # type: ignore[arg-type]
    params = query_params_from_selection(selection)
    assert all(isinstance(v, str) for v in params.values())
    assert selection_from_query_params(params) == selection
