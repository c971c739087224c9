"""Pure functions of the comparison view: escaped HTML, figures with customdata, tables."""

from __future__ import annotations

import html
import re

import pytest

from analysis.compare import Comparison, compare_articles, term_occurrences
from analysis.model import Article, ArticleAnalysis, ArticleMeta, Quote, Sentence, Word
from analysis.segment import segment_blocks, sentence_spans, word_spans
from ui.compare_view import (
    ONLY_CLASS,
    SWAP_CLASS,
    TERM_CLASS,
    Mark,
    actor_table,
    alignment_html,
    distinctive_figure,
    headlines_html,
    marked_html,
    quote_matrix_figure,
    quote_table,
    term_marks,
    term_occurrences_html,
)

QUOTE_RE = re.compile(r"“([^”]+)”")


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


HOSTILE = "<script>alert(1)</script> & <b>bold</b>"


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
    """Return the text of some HTML with tags removed and entities decoded."""
    without_tags = re.sub(r'<span class="cmp-tag">.*?</span>', "", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", without_tags))


@pytest.mark.parametrize(
    ("text", "marks", "expected"),
    [
        ("a <b> c", [Mark(2, 5, "x")], 'a <mark class="x">&lt;b&gt;</mark> c'),
        ("a & b", [], "a &amp; b"),
        (
            "one two three",
            [Mark(4, 7, "x", title='say "hi"', tag="≠"), Mark(5, 9, "y")],  # overlap dropped
            'one <mark class="x" title="say &quot;hi&quot;">two<span class="cmp-tag">≠</span>'
            "</mark> three",
        ),
    ],
)
def test_marked_html_escapes_and_wraps(text: str, marks: list[Mark], expected: str) -> None:
    assert marked_html(text, 0, len(text), marks) == expected


def test_alignment_html_marks_swaps_in_both_and_only_in_content(pair) -> None:
    analyses, comparison = pair
    markup = alignment_html(comparison, analyses, "a", "b")
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert "Outlet &lt;A&gt;" in markup
    swapped = re.findall(rf'<mark class="{SWAP_CLASS}"[^>]*>([^<]+)<', markup)
    assert swapped == ["militants", "jihadists"]
    only = re.findall(rf'<mark class="{ONLY_CLASS}"[^>]*>(.*?)<span', markup)
    only_text = {_visible_text(x) for x in only}
    assert f"The mayor wrote {HOSTILE} on a wall." in only_text
    assert "Troops troops held the bridge." in only_text
    assert "only in Outlet B" in html.unescape(markup)
    # Every body sentence is shown exactly once, in its article's column.
    rows = re.findall(
        r'<tr><td class="cmp-cell">(.*?)</td><td class="cmp-sim">.*?</td>'
        r'<td class="cmp-cell">(.*?)</td></tr>',
        markup,
    )
    columns = [" ".join(_visible_text(r[k]) for r in rows) for k in (0, 1)]
    for column, analysis in zip(columns, analyses, strict=True):
        for s in analysis.sentences:
            if s.role == "body":
                assert column.count(s.slice(analysis.text)) == 1


def test_quote_matrix_is_a_clickable_dot_matrix(pair) -> None:
    analyses, comparison = pair
    figure = quote_matrix_figure(comparison, analyses)
    assert {t.type for t in figure.data} == {"scatter"}
    assert len(figure.data) == 2
    cells = {(c[0], c[1]): c for t in figure.data for c in t.customdata}
    assert cells[("Joe Biden", "a")][3] == cells[("Joe Biden", "b")][3] == 7
    assert set(figure.layout.yaxis.categoryarray) == {v.speaker for v in comparison.voices}


def test_distinctive_figure_customdata_names_article_and_term(pair) -> None:
    analyses, comparison = pair
    figure = distinctive_figure(comparison, analyses)
    assert [t.type for t in figure.data] == ["bar", "bar"]
    by_article = {t.name: [tuple(c[:2]) for c in t.customdata] for t in figure.data}
    assert ("a", "rebels") in by_article["Outlet <A>"]
    assert ("b", "troops") in by_article["Outlet B"]
    for trace in figure.data:
        assert list(trace.x) == sorted(trace.x, reverse=True)
    assert figure.data[0].marker.pattern.shape != figure.data[1].marker.pattern.shape


def test_tables(pair) -> None:
    analyses, comparison = pair
    quotes = quote_table(comparison, analyses)
    row = quotes[quotes["Quotation"].str.startswith("We are not done")].iloc[0]
    assert (row["Outlet <A>"], row["Outlet B"]) == ("✓", "✓")
    actors = actor_table(comparison, analyses)
    biden = actors[actors["Actor"] == "Joe Biden"].iloc[0]
    assert biden["Mentions · Outlet <A>"] == 1 and biden["Mentions · Outlet B"] == 1


def test_headlines_html_notes_missing_headline(pair) -> None:
    analyses, comparison = pair
    markup = headlines_html(comparison, analyses)
    assert "Biden warns militants" in markup
    assert "No headline recorded" in markup


def test_term_occurrences_light_up_every_article(pair) -> None:
    analyses, _ = pair
    found = term_occurrences(analyses, "Rebels")
    assert len(found) == 3 and {o.article for o in found} == {"a"}
    markup = term_occurrences_html(found, analyses)
    assert markup.count(f'<mark class="{TERM_CLASS}">') == 3
    assert "Not used." in markup  # Outlet B never writes it
    marks = term_marks(found, "a")
    text = analyses[0].text
    assert [text[m.start : m.end].lower() for m in marks] == ["rebels"] * 3
    hostile = term_occurrences(analyses, "script")
    assert "<script>" not in term_occurrences_html(hostile, analyses)
