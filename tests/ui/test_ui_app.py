"""The dashboard in Streamlit's AppTest: pages render, and the canonical selection drives views.

AppTest cannot click chart points, so these tests seed the selection's session-state key (or the
URL) the way a chart click or a shared link would.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.selection import Selection
from ui.style import DIM_OPACITY

DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")
TIMEOUT_S = 30


def _figures(at: AppTest) -> dict[str, dict]:
    return {
        element.proto.id or str(n): json.loads(element.proto.spec)
        for n, element in enumerate(at.get("plotly_chart"))
    }


def _opacities(figure: dict) -> list[float]:
    values: list[float] = []
    for trace in figure["data"]:
        opacity = trace.get("marker", {}).get("opacity", 1.0)
        values.extend(opacity if isinstance(opacity, list) else [opacity])
    return values


def _article_html(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.get("html") if 'class="cl-text' in h.proto.body]


@pytest.fixture(scope="module")
def opened() -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT_S)
    at.run()
    return at


def test_compare_page_renders_the_bundled_story(opened: AppTest) -> None:
    assert not opened.exception
    assert 'class="cl-title">Pentagon briefing on Afghanistan and the Taliban</h1>' in "".join(
        h.proto.body for h in opened.get("html")
    )
    assert len(opened.get("plotly_chart")) == 5
    texts = _article_html(opened)
    assert len(texts) == 2
    assert all('<mark class="ld' in t and '<mark class="q' in t for t in texts)
    assert not any(" sel" in t for t in texts)
    for figure in _figures(opened).values():
        assert set(_opacities(figure)) == {1.0}
    assert len(opened.dataframe) == 1 and len(opened.dataframe[0].value) > 20
    assert not opened.markdown, "no stray Markdown (Streamlit magic) on the page"


def test_methods_page_renders() -> None:
    def methods() -> None:
        import dashboard

        dashboard.methods_page()

    at = AppTest.from_function(methods, default_timeout=TIMEOUT_S)
    at.run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Tone is not bias" in text and "sarcasm" in text and "Licence" in text
    assert len(at.table) == 5
    sources = at.table[3].value
    assert "PDDL" in set(sources["Licence"]) and "MIT" in set(sources["Licence"])
    accuracy_table = at.table[4].value
    assert "0.989" in set(accuracy_table["This tool"]), "quote F1 from eval_quotes.json"
    assert "annotators mark words by context" in " ".join(c.value for c in at.caption)


def test_seeded_selection_changes_highlights_figures_and_table(opened: AppTest) -> None:
    rows_before = len(opened.dataframe[0].value)
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT_S)
    at.session_state["selection"] = Selection("category", "charged")
    at.run()
    assert not at.exception
    texts = _article_html(at)
    assert all("has-sel" in t for t in texts)
    assert sum(t.count('cat-charged sel"') for t in texts) >= 2
    assert 'class="q sel"' not in "".join(texts)
    dimmed = [f for f in _figures(at).values() if DIM_OPACITY in _opacities(f)]
    assert len(dimmed) == 5
    table = at.dataframe[0].value
    assert 0 < len(table) < rows_before
    assert set(table["What"]) == {"Loaded word"}
    assert at.query_params["sel"] == "category"
    assert at.query_params["sel_value"] == "charged"


def test_shared_url_reproduces_the_selection() -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT_S)
    at.query_params["sel"] = "speaker"
    at.query_params["sel_value"] = "Biden"
    at.run()
    assert not at.exception
    assert at.session_state["selection"] == Selection("speaker", "Biden")
    assert set(at.dataframe[0].value["What"]) == {"Quotation"}
    assert "q sel" in "".join(_article_html(at))


def test_clear_button_restores_everything() -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT_S)
    at.session_state["selection"] = Selection("sentence", "5", "ap")
    at.run()
    assert "sent sel" in "".join(_article_html(at))
    rows_selected = len(at.dataframe[0].value)
    assert len([b for b in at.button if b.label == "Clear selection"]) == 2
    at.button(key="clear_main").click().run()
    assert at.session_state["selection"] is None
    assert "sel" not in at.query_params
    assert " sel" not in "".join(_article_html(at))
    assert len(at.dataframe[0].value) > rows_selected


def test_comparison_page_renders() -> None:
    def across() -> None:
        import dashboard

        dashboard.comparison_page()

    at = AppTest.from_function(across, default_timeout=TIMEOUT_S)
    at.run()
    assert not at.exception
    assert "Across the articles" in "".join(h.proto.body for h in at.get("html"))


HOSTILE_BODY = (
    "Officials said the <script>alert(1)</script> plan was a *disaster* and "
    '<img src=x onerror="alert(2)"> critics claimed it was :red[brutal]. '
    "“It is a catastrophe,” the minister said. " * 3
)


def _write_story(folder: Path, title: str, outlets: list[str]) -> None:
    folder.mkdir(parents=True)
    (folder / "story.txt").write_text(f"Title: {title}\nDate: 2024-01-01\n---\nA test story.\n")
    for number, outlet in enumerate(outlets):
        (folder / f"article{number}.txt").write_text(
            f"Outlet: {outlet}\nHeadline: Plan <b>fails</b> {number}\nKind: wire report\n---\n"
            f"{HOSTILE_BODY}\n",
            encoding="utf-8",
        )


@pytest.fixture
def two_story_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import streamlit as st

    import analysis.corpus

    _write_story(tmp_path / "a-story", "First story", ["Outlet One", "Outlet Two"])
    _write_story(tmp_path / "b-story", "Second *story*", ["Evil <b>Outlet</b>", "Other", "Third"])
    monkeypatch.setattr(analysis.corpus, "CORPUS_DIR", tmp_path)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield tmp_path
    st.cache_data.clear()
    st.cache_resource.clear()


def test_switching_story_and_hostile_text_stay_data(two_story_corpus: Path) -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT_S)
    at.run()
    assert not at.exception
    assert at.multiselect(key="articles").value == ["article0", "article1"]
    at.selectbox(key="story").select("b-story").run()
    assert not at.exception
    assert at.multiselect(key="articles").value == ["article0", "article1", "article2"]
    page = "".join(h.proto.body for h in at.get("html"))
    assert "Second *story*" in page
    assert "<script" not in page and "<img" not in page
    assert "<b>Outlet" not in page and "<b>fails" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Evil &lt;b&gt;Outlet&lt;/b&gt;" in page
    assert len(_article_html(at)) == 3
    for figure in _figures(at).values():
        assert "<b>Outlet" not in json.dumps(figure)
