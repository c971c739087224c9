"""Pure functions of the comparison view: selection, hits, emphasis, HTML, figures, tables."""

from __future__ import annotations

import html
import json
import re

import pytest

from analysis.compare import Comparison, compare_articles
from analysis.model import Article, ArticleAnalysis, ArticleMeta, Quote, Sentence, Word
from analysis.segment import segment_blocks, sentence_spans, word_spans
from ui.compare_view import (
    MISSING_CLASS,
    ONLY_CLASS,
    PARAM_ARTICLE,
    PARAM_KIND,
    PARAM_VALUE,
    SELECTED_CLASS,
    SWAP_CLASS,
    CompareEmphasis,
    CompareSelection,
    Mark,
    actor_chart,
    actor_table,
    alignment_html,
    alignment_rows,
    describe_selection,
    distinctive_chart,
    emphasis_caption,
    emphasis_for,
    headlines_html,
    hits_html,
    hits_summary,
    marked_html,
    point_customdata,
    query_params_from_selection,
    quote_matrix_chart,
    quote_table,
    selection_after_click,
    selection_from_chart_event,
    selection_from_customdata,
    selection_from_query_params,
    selection_hits,
    selection_in_scope,
)
from ui.style import DIM_OPACITY

QUOTE_RE = re.compile(r"“([^”]+)”")
HOSTILE = "<script>alert(1)</script> & <b>bold</b>"
NAMES = {"a": "Outlet <A>", "b": "Outlet B"}


def build(article_id: str, body: str, outlet: str = "", headline: str = "") -> ArticleAnalysis:
    """Return a hand-built analysis; quotations are “…” runs, said by the word after them."""
    meta = ArticleMeta(id=article_id, outlet=outlet, headline=headline)
    text, blocks = segment_blocks(Article(meta=meta, body=body))
    quotes = []
    for m in QUOTE_RE.finditer(text):
        speaker = re.match(r",?\s*(?:said\s+)?([A-Z]\w+(?: [A-Z]\w+)*)", text[m.end() :])
        quotes.append(
            Quote(
                start=m.start(),
                end=m.end(),
                text=m.group(1),
                speaker=speaker.group(1) if speaker else None,
                partial=len(m.group(1).split()) <= 3,
            )
        )
    words, sentences = [], []
    for block in blocks:
        words += [
            Word(start=s, end=e, role=block.role)
            for s, e in word_spans(text, block.start, block.end)
        ]
        sentences += [
            Sentence(start=s, end=e, index=len(sentences), role=block.role, tone_narration=0.1)
            for s, e in sentence_spans(text, block.start, block.end)
        ]
    return ArticleAnalysis(
        meta=meta,
        text=text,
        blocks=blocks,
        sentences=sentences,
        words=words,
        quotes=quotes,
        loaded=[],
        metrics={},
    )


@pytest.fixture()
def pair() -> tuple[list[ArticleAnalysis], Comparison]:
    a = build(
        "a",
        "He warned Islamic State militants in the north. "
        f"“We are not done with you yet,” said Joe Biden. The mayor wrote {HOSTILE} on a wall. "
        "Rebels rebels rebels attacked the town.",
        outlet="Outlet <A>",
        headline="Biden warns militants",
    )
    b = build(
        "b",
        "He warned Islamic State jihadists in the north. "
        "“We are not done with you yet,” said Joe Biden. Troops troops held the bridge.",
        outlet="Outlet B",
    )
    analyses = [a, b]
    return analyses, compare_articles(analyses)


def _visible_text(markup: str) -> str:
    """Return the text of some HTML with badges, tags and markup removed, entities decoded."""
    without = re.sub(r'<span class="cmp-(?:tag|badge)[^"]*"[^>]*>.*?</span> ?', "", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", without))


def _selected(markup: str) -> list[str]:
    """Return the visible text of every selected mark (outermost tags only)."""
    return [
        _visible_text(m)
        for m in re.findall(rf'<mark class="{SELECTED_CLASS}[^"]*"[^>]*>(.*?)</mark>', markup)
    ]


# --------------------------------------------------------------------------- marks


@pytest.mark.parametrize(
    ("text", "marks", "expected"),
    [
        ("a <b> c", [Mark(2, 5, "x")], 'a <mark class="x">&lt;b&gt;</mark> c'),
        ("a & b", [], "a &amp; b"),
        (
            "one two",
            [Mark(4, 7, "x", title='say "hi"', tag="≠")],
            'one <mark class="x" data-tip="say &quot;hi&quot;" tabindex="0">two'
            '<span class="cmp-tag" aria-hidden="true">≠</span></mark>',
        ),
        # Nested: the outer (lower layer) mark stays open around the inner one.
        (
            "a big cat",
            [Mark(2, 9, "q", layer=0), Mark(6, 9, "w", layer=2)],
            'a <mark class="q">big <mark class="w">cat</mark></mark>',
        ),
        # Crossing: the inner mark is closed and reopened so tags nest; its tag shows once.
        (
            "abcdef",
            [Mark(0, 4, "q", layer=0), Mark(2, 6, "w", tag="+", layer=2)],
            '<mark class="q">ab<mark class="w">cd</mark></mark><mark class="w">ef'
            '<span class="cmp-tag" aria-hidden="true">+</span></mark>',
        ),
    ],
)
def test_marked_html_escapes_nests_and_wraps(text: str, marks: list[Mark], expected: str) -> None:
    assert marked_html(text, 0, len(text), marks) == expected


def test_marked_html_clips_marks_to_the_fragment() -> None:
    text = "first sentence. second <one>."
    start = text.index("second")
    markup = marked_html(text, start, len(text), [Mark(0, len(text), "q", layer=0)])
    assert markup == '<mark class="q">second &lt;one&gt;.</mark>'


# --------------------------------------------------------------------------- selection


def test_selection_round_trips_through_customdata_events_and_url() -> None:
    chosen = CompareSelection("voice", "Joe Biden", "a")
    assert selection_from_customdata(point_customdata("voice", "Joe Biden", "a")) == chosen
    event = {"selection": {"points": [{"customdata": ["term", "war", ""]}]}}
    assert selection_from_chart_event(event) == CompareSelection("term", "war")
    params = query_params_from_selection(chosen)
    assert params == {PARAM_KIND: "voice", PARAM_VALUE: "Joe Biden", PARAM_ARTICLE: "a"}
    assert selection_from_query_params(params) == chosen
    assert query_params_from_selection(None) == {}


@pytest.mark.parametrize(
    "params",
    [{}, {PARAM_KIND: "sentence", PARAM_VALUE: "3"}, {PARAM_KIND: "term"}, {PARAM_KIND: "x"}],
)
def test_malformed_url_selects_nothing(params: dict[str, str]) -> None:
    assert selection_from_query_params(params) is None


@pytest.mark.parametrize("customdata", [None, [], ["term", "war"], ["metric", "tone", "a"]])
def test_points_without_a_comparison_selection_are_ignored(customdata) -> None:
    assert selection_from_customdata(customdata) is None


def test_click_selects_second_click_clears_and_empty_events_keep() -> None:
    war = CompareSelection("term", "war", "a")
    click = {"selection": {"points": [{"customdata": ["term", "war", "a"]}]}}
    assert selection_after_click(None, click) == war
    assert selection_after_click(war, click) is None
    other = CompareSelection("actor", "Taliban", "b")
    assert selection_after_click(other, click) == war
    assert selection_after_click(other, {"selection": {"points": []}}) == other
    assert selection_after_click(other, None) == other


def test_selections_that_do_not_apply_to_the_articles_are_dropped(pair) -> None:
    _, comparison = pair
    assert selection_in_scope(None, comparison) is None
    kept = [CompareSelection("voice", "Joe Biden", "a"), CompareSelection("term", "nowhere")]
    assert [selection_in_scope(s, comparison) for s in kept] == kept
    assert selection_in_scope(CompareSelection("voice", "Nobody"), comparison) is None
    assert selection_in_scope(CompareSelection("actor", "Nobody", "a"), comparison) is None
    moved = CompareSelection("actor", "Islamic State", "gone")
    assert selection_in_scope(moved, comparison) == CompareSelection("actor", "Islamic State")


def test_describe_selection_in_plain_words() -> None:
    assert describe_selection(CompareSelection("term", "war")) == "Every use of the word “war”"
    assert "quotation of Joe Biden" in describe_selection(CompareSelection("voice", "Joe Biden"))
    assert "no article attributes" in describe_selection(
        CompareSelection("voice", "(unattributed)")
    )
    assert describe_selection(CompareSelection("actor", "IS")) == "Every mention of IS"


# --------------------------------------------------------------------------- hits and emphasis


def test_hits_of_a_word_a_voice_and_an_actor(pair) -> None:
    analyses, comparison = pair
    words = selection_hits(CompareSelection("term", "REBELS"), comparison, analyses)
    assert [(h.article, h.match) for h in words] == [
        ("a", "Rebels"),
        ("a", "rebels"),
        ("a", "rebels"),
    ]
    assert words[1].before.endswith("Rebels ") and words[1].after.startswith(" rebels")
    quotes = selection_hits(CompareSelection("voice", "Joe Biden"), comparison, analyses)
    assert [(h.article, h.match) for h in quotes] == [
        ("a", "“We are not done with you yet,”"),
        ("b", "“We are not done with you yet,”"),
    ]
    actors = selection_hits(CompareSelection("actor", "Islamic State"), comparison, analyses)
    assert [(h.article, h.match) for h in actors] == [
        ("a", "Islamic State"),
        ("b", "Islamic State"),
    ]
    assert selection_hits(None, comparison, analyses) == []
    assert selection_hits(CompareSelection("actor", "Nobody"), comparison, analyses) == []


def test_emphasis_follows_the_selection_into_every_chart(pair) -> None:
    analyses, comparison = pair
    assert emphasis_for(None, comparison, analyses, []) == CompareEmphasis()
    done = CompareSelection("term", "done", "b")
    emphasis = emphasis_for(done, comparison, analyses, selection_hits(done, comparison, analyses))
    assert emphasis.active and emphasis.terms == {("b", "done")}
    assert emphasis.voices == {("Joe Biden", "a"), ("Joe Biden", "b")}  # they say “done”
    assert emphasis.actors == frozenset()
    assert emphasis.is_chosen("term", "done", "b") and not emphasis.is_chosen("term", "done", "a")
    biden = CompareSelection("voice", "Joe Biden", "a")
    emphasis = emphasis_for(
        biden, comparison, analyses, selection_hits(biden, comparison, analyses)
    )
    assert ("b", "done") in emphasis.terms and ("b", "troops") not in emphasis.terms
    assert emphasis.actors == {("Joe Biden", "a"), ("Joe Biden", "b")}  # the same person
    assert not emphasis.shows("actors", ("Islamic State", "a"))


def test_emphasis_captions_say_what_is_bright(pair) -> None:
    analyses, comparison = pair
    war = CompareSelection("term", "war")
    assert emphasis_caption("terms", war).startswith("Outlined: war")
    assert "quotations contain “war”" in emphasis_caption("voices", war)
    empty = emphasis_for(war, comparison, analyses, [])
    assert emphasis_caption("actors", war, empty).startswith("All faded")


# --------------------------------------------------------------------------- HTML


def test_alignment_marks_swaps_in_both_and_only_in_content(pair) -> None:
    analyses, comparison = pair
    markup = alignment_html(comparison, analyses, "a", "b", NAMES)
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert "Outlet &lt;A&gt;" in markup
    swapped = re.findall(rf'<mark class="{SWAP_CLASS}"[^>]*>([^<]+)<', markup)
    assert swapped == ["militants", "jihadists"]
    assert 'data-tip="Word choice: Outlet B has “jihadists” here"' in markup
    only = re.findall(rf'<td class="cmp-cell {ONLY_CLASS}">(.*?)</td>', markup)
    assert {_visible_text(x) for x in only} == {
        f"The mayor wrote {HOSTILE} on a wall.",
        "Rebels rebels rebels attacked the town.",
        "Troops troops held the bridge.",
    }
    assert "only in Outlet B" in html.unescape(markup)
    assert MISSING_CLASS not in markup  # with two articles, a lone sentence is only in one
    assert SELECTED_CLASS not in markup
    # Every body sentence is shown exactly once, in its article's column.
    rows = re.findall(
        r'<tr><td class="cmp-cell[^"]*">(.*?)</td><td class="cmp-sim">.*?</td>'
        r'<td class="cmp-cell[^"]*">(.*?)</td></tr>',
        markup,
    )
    columns = [" ".join(_visible_text(r[k]) for r in rows) for k in (0, 1)]
    for column, analysis in zip(columns, analyses, strict=True):
        for s in analysis.sentences:
            if s.role == "body":
                assert column.count(s.slice(analysis.text)) == 1


def test_alignment_outlines_the_selection_and_can_keep_only_its_rows(pair) -> None:
    analyses, comparison = pair
    biden = CompareSelection("voice", "Joe Biden")
    hits = selection_hits(biden, comparison, analyses)
    rows = alignment_rows(comparison, analyses, "a", "b", NAMES, biden, hits)
    assert sum(r.selected for r in rows) == 1 < len(rows)
    markup = alignment_html(comparison, analyses, "a", "b", NAMES, biden, hits)
    assert _selected(markup) == ["“We are not done with you yet,”"] * 2
    assert "cmp-has-sel" in markup
    only = alignment_html(comparison, analyses, "a", "b", NAMES, biden, hits, only_selected=True)
    assert only.count("<tr>") == 2  # the header and the row with the quotation
    assert _selected(only) == _selected(markup)
    rebels = CompareSelection("term", "rebels")
    found = alignment_html(
        comparison, analyses, "a", "b", NAMES, rebels, selection_hits(rebels, comparison, analyses)
    )
    assert [t.lower() for t in _selected(found)] == ["rebels"] * 3


def test_headlines_mark_the_selection_and_note_a_missing_headline(pair) -> None:
    analyses, comparison = pair
    markup = headlines_html(comparison, analyses, NAMES)
    assert "Biden warns militants" in markup and "No headline recorded" in markup
    assert "Outlet &lt;A&gt;" in markup and "<A>" not in markup
    word = CompareSelection("term", "biden")
    marked = headlines_html(
        comparison, analyses, NAMES, word, selection_hits(word, comparison, analyses)
    )
    assert _selected(marked) == ["Biden"]


def test_hits_html_lists_snippets_per_article_escaped(pair) -> None:
    analyses, comparison = pair
    word = CompareSelection("term", "script")
    hits = selection_hits(word, comparison, analyses)
    markup = hits_html(word, hits, analyses, NAMES)
    assert "<script>" not in markup and "&lt;b&gt;bold" in markup
    assert _selected(markup) == ["script", "script"]
    assert "Outlet &lt;A&gt; · 2" in markup and "Outlet B · 0" in markup
    assert "None in this article." in markup
    assert hits_summary(word, hits, analyses, NAMES) == (
        "Every use of the word “script”: 2 in Outlet <A>, 0 in Outlet B."
    )
    headline = CompareSelection("term", "warns")
    tagged = hits_html(headline, selection_hits(headline, comparison, analyses), analyses, NAMES)
    assert ">headline</span>" in tagged
    capped = hits_html(word, hits, analyses, NAMES, limit=1)
    assert len(_selected(capped)) == 1 and "… and 1 more." in capped


# --------------------------------------------------------------------------- figures


def _customdata(figure) -> list[list[str]]:
    return [list(c) for trace in figure.data for c in trace.customdata]


def _opacities(figure) -> list[float]:
    values: list[float] = []
    for trace in figure.data:
        opacity = trace.marker.opacity
        values.extend(opacity if isinstance(opacity, tuple | list) else [opacity])
    return values


def test_charts_carry_selectable_customdata_alt_text_and_summaries(pair) -> None:
    analyses, comparison = pair
    terms = distinctive_chart(comparison, analyses, NAMES)
    assert ["term", "rebels", "a"] in _customdata(terms.figure)
    assert ["term", "troops", "b"] in _customdata(terms.figure)
    assert {t.xaxis for t in terms.figure.data} == {"x", "x2"}  # one panel per article
    assert "Outlet <A> uses more: “rebels” (3 vs 0)" in terms.summary
    voices = quote_matrix_chart(comparison, analyses, NAMES)
    assert {t.type for t in voices.figure.data} == {"scatter"}
    assert ["voice", "Joe Biden", "a"] in _customdata(voices.figure)
    assert "Joe Biden: 7 words in Outlet <A>, 7 words in Outlet B" in voices.summary
    actors = actor_chart(comparison, analyses, NAMES)
    assert ["actor", "Islamic State", "b"] in _customdata(actors.figure)
    for chart in (terms, voices, actors):
        assert chart.alt and chart.summary
        assert set(_opacities(chart.figure)) == {1.0}
        spec = json.dumps(chart.figure.to_plotly_json())
        assert "Outlet <A>" not in spec and "Outlet &lt;A&gt;" in spec


def test_charts_dim_what_the_selection_does_not_touch_and_outline_the_choice(pair) -> None:
    analyses, comparison = pair
    chosen = CompareSelection("term", "rebels", "a")
    emphasis = emphasis_for(
        chosen, comparison, analyses, selection_hits(chosen, comparison, analyses)
    )
    terms = distinctive_chart(comparison, analyses, NAMES, emphasis).figure
    bars = {
        tuple(c[1:]): (o, w)
        for trace in terms.data
        for c, o, w in zip(
            trace.customdata, trace.marker.opacity, trace.marker.line.width, strict=True
        )
    }
    assert bars[("rebels", "a")] == (1.0, 3.0)
    assert bars[("troops", "b")] == (DIM_OPACITY, 0.0)
    for chart in (quote_matrix_chart, actor_chart):
        assert set(_opacities(chart(comparison, analyses, NAMES, emphasis).figure)) == {DIM_OPACITY}


# --------------------------------------------------------------------------- tables


def test_tables_keep_what_the_selection_touches(pair) -> None:
    analyses, comparison = pair
    quotes = quote_table(comparison, analyses, NAMES)
    row = quotes[quotes["Quotation"].str.startswith("We are not done")].iloc[0]
    assert (row["Outlet <A>"], row["Outlet B"], row["Matched"]) == ("✓", "✓", "word for word")
    troops = CompareSelection("term", "troops")
    hits = selection_hits(troops, comparison, analyses)
    assert quote_table(comparison, analyses, NAMES, troops, hits).empty
    done = CompareSelection("term", "done")
    assert (
        len(
            quote_table(
                comparison, analyses, NAMES, done, selection_hits(done, comparison, analyses)
            )
        )
        == 1
    )
    biden = CompareSelection("actor", "Joe Biden")
    assert len(quote_table(comparison, analyses, NAMES, biden, [])) == 1  # spoken by him

    actors = actor_table(comparison, analyses, NAMES)
    row = actors[actors["Actor"] == "Joe Biden"].iloc[0]
    assert row["Outlet <A>: mentions"] == 1 and row["Outlet B: mentions"] == 1
    emphasis = emphasis_for(
        biden, comparison, analyses, selection_hits(biden, comparison, analyses)
    )
    assert list(actor_table(comparison, analyses, NAMES, emphasis)["Actor"]) == ["Joe Biden"]
