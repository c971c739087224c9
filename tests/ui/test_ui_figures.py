"""The linked charts: customdata on every point, emphasis of the selection, alt text."""

from __future__ import annotations

import pytest

from ui.evidence import emphasis_for, evidence_table
from ui.figures import (
    category_chart,
    grade_chart,
    metrics_chart,
    speaker_chart,
    tone_strip_chart,
    within_noise,
)
from ui.selection import Selection, selection_from_customdata
from ui.style import DIM_OPACITY

NAMES = {"a": "A <i>", "b": "B"}
CATEGORIES = {"charged": "Charged", "hedge": "Hedge", "label": "Label"}


def _charts(articles, selection):
    table = evidence_table(articles, NAMES, CATEGORIES, hard_sentence_grade=12)
    emphasis = emphasis_for(table, selection)
    return {
        "metrics": metrics_chart(articles, NAMES, emphasis),
        "tone": tone_strip_chart(articles, NAMES, emphasis, {}),
        "categories": category_chart(articles, NAMES, emphasis, CATEGORIES),
        "speakers": speaker_chart(articles, NAMES, emphasis),
        "grade": grade_chart(articles, NAMES, emphasis, 12),
    }


@pytest.mark.parametrize("name", ["metrics", "tone", "categories", "speakers", "grade"])
def test_every_point_carries_a_selection(two_articles, name: str) -> None:
    chart = _charts(two_articles, None)[name]
    assert chart.alt and chart.summary and len(chart.alt) < 100
    assert chart.figure.data
    for trace in chart.figure.data:
        assert trace.customdata is not None
        assert all(selection_from_customdata(c) is not None for c in trace.customdata)
        assert set(trace.marker.opacity) == {1.0}


def test_category_selection_is_emphasised_in_every_chart(two_articles) -> None:
    charts = _charts(two_articles, Selection("category", "charged"))
    for trace in charts["categories"].figure.data:
        shown = [o == 1.0 for o in trace.marker.opacity]
        assert shown == [c[1] == "charged" for c in trace.customdata]
    metric_opacity = {
        (c[2], c[1]): o
        for trace in charts["metrics"].figure.data
        for c, o in zip(trace.customdata, trace.marker.opacity, strict=True)
    }
    assert metric_opacity[("a", "loaded_per_100")] == 1.0
    assert metric_opacity[("a", "tone")] == DIM_OPACITY
    tone_points = {
        (c[2], c[1]): o
        for trace in charts["tone"].figure.data
        for c, o in zip(trace.customdata, trace.marker.opacity, strict=True)
    }
    assert tone_points[("a", "1")] == 1.0 and tone_points[("a", "3")] == DIM_OPACITY


def test_sentence_selection_emphasises_one_marker_per_chart(two_articles) -> None:
    charts = _charts(two_articles, Selection("sentence", "2", "b"))
    for name in ("tone", "grade"):
        full = [
            c
            for trace in charts[name].figure.data
            for c, o in zip(trace.customdata, trace.marker.opacity, strict=True)
            if o == 1.0
        ]
        assert full == [["sentence", "2", "b"]]


def test_hover_text_is_escaped(two_articles) -> None:
    chart = _charts(two_articles, None)["tone"]
    hover = " ".join(t for trace in chart.figure.data for t in trace.hovertext)
    assert "A &lt;i&gt;" in hover and "<i>" not in hover


def test_noise_marker_in_panel_titles(two_articles) -> None:
    chart = _charts(two_articles, None)["metrics"]
    titles = [a.text for a in chart.figure.layout.annotations]
    assert any("too small to mean much" in t for t in titles)
    assert within_noise([0.1, 0.15], 0.1) and not within_noise([0.1, 0.3], 0.1)
    assert not within_noise([0.1, None], 0.1)


def test_six_articles_get_distinct_colours_and_patterns(article_factory) -> None:
    articles = [article_factory(f"a{n}", outlet=f"Outlet {n}") for n in range(6)]
    names = {a.meta.id: a.meta.outlet for a in articles}
    table = evidence_table(articles, names, CATEGORIES, hard_sentence_grade=12)
    chart = category_chart(articles, names, emphasis_for(table, None), CATEGORIES)
    styles = {(t.marker.color, t.marker.pattern.shape) for t in chart.figure.data}
    assert len(styles) == 6
    assert len({t.marker.pattern.shape for t in chart.figure.data}) == 6
