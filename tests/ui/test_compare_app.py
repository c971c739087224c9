"""The "Across the articles" page in Streamlit's AppTest, on the bundled story.

AppTest cannot click chart points, so these tests seed the canonical selection (its session-state
key, or the URL) the way a chart click or a shared link would, and check that the highlighted
HTML, the charts' emphasis, the tables and the URL follow it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.compare_view import KEY_SELECTION, CompareSelection
from ui.style import DIM_OPACITY

TIMEOUT_S = 60
CHARTS = ("terms", "voices", "actors")
"""The page's charts, in page order."""
HITS = 'class="cmp-view cmp-hits"'
"""Marks the HTML of the snippets of the selection (not the style sheet that styles them)."""


def across() -> None:
    """The Across page as the dashboard mounts it (page-level CSS is not needed here)."""
    import dashboard

    dashboard.comparison_page()


def _app(**query: str) -> AppTest:
    at = AppTest.from_function(across, default_timeout=TIMEOUT_S)
    for name, value in query.items():
        at.query_params[name] = value
    return at


def _figures(at: AppTest) -> dict[str, dict]:
    charts = at.get("plotly_chart")
    assert len(charts) == len(CHARTS)
    return dict(zip(CHARTS, (json.loads(c.proto.spec) for c in charts), strict=True))


def _opacities(figure: dict) -> set[float]:
    values: set[float] = set()
    for trace in figure["data"]:
        opacity = trace.get("marker", {}).get("opacity", 1.0)
        values.update(opacity if isinstance(opacity, list) else [opacity])
    return values


def _html(at: AppTest, marker: str) -> str:
    """Return the bodies of the page's ``st.html`` elements that contain ``marker``."""
    return "".join(h.proto.body for h in at.get("html") if marker in h.proto.body)


def _selected_marks(markup: str) -> list[str]:
    return re.findall(r'<mark class="cmp-sel[^"]*"[^>]*>([^<]*)', markup)


@pytest.fixture(scope="module")
def opened() -> AppTest:
    at = _app()
    at.run()
    return at


def test_across_page_renders_the_bundled_story(opened: AppTest) -> None:
    assert not opened.exception
    figures = _figures(opened)
    kinds = {
        name: {c[0] for t in fig["data"] for c in t["customdata"]} for name, fig in figures.items()
    }
    assert kinds == {"terms": {"term"}, "voices": {"voice"}, "actors": {"actor"}}
    assert all(_opacities(f) == {1.0} for f in figures.values())
    aligned = _html(opened, 'class="cmp-align"')
    assert aligned.count("<tr>") > 20 and "cmp-swap" in aligned and "cmp-only" in aligned
    assert not _selected_marks(aligned)
    assert "US general says coordination with Taliban" in _html(opened, 'class="cmp-view cmp-heads')
    captions = _html(opened, "cl-caption")
    assert "uses more: “" in captions and "Quoted words per speaker:" in captions
    assert "Mentions: Taliban" in captions
    assert [len(d.value) for d in opened.dataframe] == [14, 20]
    assert opened.query_params.get("cmp") is None
    assert not opened.markdown, "no stray Markdown (Streamlit magic) on the page"


def test_seeded_word_lights_up_texts_snippets_and_charts(opened: AppTest) -> None:
    at = _app()
    at.session_state[KEY_SELECTION] = CompareSelection("term", "war", "ap")
    at.run()
    assert not at.exception
    aligned = _html(at, 'class="cmp-align"')
    marks = _selected_marks(aligned)
    assert marks and {m.lower() for m in marks} == {"war"}
    assert "cmp-has-sel" in aligned
    assert aligned.count("<tr>") < _html(opened, 'class="cmp-align"').count("<tr>")
    snippets = _html(at, HITS)
    assert "Associated Press · 10" in snippets and "SOFREP · 3" in snippets
    assert len(_selected_marks(snippets)) == 13
    figures = _figures(at)
    assert all(DIM_OPACITY in _opacities(f) for f in figures.values())
    war = next(t for t in figures["terms"]["data"] if ["term", "war", "ap"] in t["customdata"])
    position = war["customdata"].index(["term", "war", "ap"])
    assert war["marker"]["line"]["width"][position] == 3.0
    assert war["marker"]["opacity"][position] == 1.0
    assert 0 < len(at.dataframe[0].value) < 14
    assert at.query_params["cmp"] == "term"
    assert at.query_params["cmp_value"] == "war"
    assert at.query_params["cmp_article"] == "ap"


def test_shared_url_reproduces_a_voice_selection() -> None:
    at = _app(cmp="voice", cmp_value="Joe Biden")
    at.run()
    assert not at.exception
    assert at.session_state[KEY_SELECTION] == CompareSelection("voice", "Joe Biden")
    snippets = _html(at, HITS)
    assert "Every quotation of Joe Biden: 5 in Associated Press, 1 in SOFREP." in snippets
    assert "To ISIS-K: We are not done with you yet" in "".join(_selected_marks(snippets))
    assert set(at.dataframe[0].value["Speaker"]) == {"Joe Biden"}
    speakers = {
        c[1]: o
        for t in _figures(at)["voices"]["data"]
        for c, o in zip(t["customdata"], t["marker"]["opacity"], strict=True)
    }
    assert speakers["Joe Biden"] == 1.0 and speakers["Mark Milley"] == DIM_OPACITY
    assert any(
        "Showing: Every quotation of Joe Biden" in h.proto.body for h in at.sidebar.get("html")
    )


def test_rows_toggle_shows_every_row_with_the_marks_kept() -> None:
    at = _app(cmp="actor", cmp_value="Taliban")
    at.run()
    filtered = _html(at, 'class="cmp-align"')
    at.toggle(key="compare_only_selected").set_value(False).run()
    assert not at.exception
    full = _html(at, 'class="cmp-align"')
    assert filtered.count("<tr>") < full.count("<tr>")
    assert _selected_marks(filtered) == _selected_marks(full) != []


def test_clear_button_restores_the_page() -> None:
    at = _app()
    at.session_state[KEY_SELECTION] = CompareSelection("actor", "Islamic State", "ap")
    at.run()
    assert _selected_marks(_html(at, 'class="cmp-align"'))
    assert at.query_params["cmp"] == "actor"
    at.button(key="compare_clear").click().run()
    assert not at.exception
    assert at.session_state[KEY_SELECTION] is None
    assert "cmp" not in at.query_params and "cmp_value" not in at.query_params
    assert not _selected_marks(_html(at, 'class="cmp-align"'))
    assert not _html(at, HITS)
    assert all(_opacities(f) == {1.0} for f in _figures(at).values())


HOSTILE_BODY = (
    "Officials said the <script>alert(1)</script> plan was a *disaster* and "
    '<img src=x onerror="alert(2)"> critics claimed it was :red[brutal]. '
    "“It is a catastrophe,” the minister <b>Evil</b> said. "
)


@pytest.fixture
def hostile_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import streamlit as st

    import analysis.corpus

    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "story.txt").write_text("Title: Hostile <i>story</i>\nDate: 2024-01-01\n---\nX.\n")
    for number, outlet in enumerate(["Evil <b>Outlet</b>", "Other :red[x]"]):
        (folder / f"article{number}.txt").write_text(
            f"Outlet: {outlet}\nHeadline: Plan <b>fails</b> {number}\nKind: wire report\n---\n"
            + HOSTILE_BODY * (2 + number)
            + ("Rebels <script>rebels</script> stormed the town.\n" if number else ""),
            encoding="utf-8",
        )
    monkeypatch.setattr(analysis.corpus, "CORPUS_DIR", tmp_path)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield folder
    st.cache_data.clear()
    st.cache_resource.clear()


def test_hostile_text_stays_data(hostile_corpus: Path) -> None:
    at = _app(cmp="term", cmp_value="script")
    at.run()
    assert not at.exception
    page = "".join(h.proto.body for h in at.get("html"))
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page and "Evil &lt;b&gt;Outlet&lt;/b&gt;" in page
    assert _selected_marks(_html(at, HITS))
    for figure in _figures(at).values():
        assert "<b>Outlet" not in json.dumps(figure)


def test_stale_link_to_an_unknown_voice_is_dropped_from_state_and_url() -> None:
    at = _app(cmp="voice", cmp_value="Nobody Quoted")
    at.run()
    assert not at.exception
    assert at.session_state[KEY_SELECTION] is None
    assert "cmp" not in at.query_params and "cmp_value" not in at.query_params
    assert not _html(at, HITS)
