"""Highlighted text: escaping, nesting and overlap, legend counts, selection emphasis."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from analysis.model import Block, LoadedHit, Quote
from ui.highlight import (
    HighlightOptions,
    Mark,
    article_marks,
    category_counts,
    highlight_css,
    legend_html,
    marked_html,
)

HOSTILE = '<script>alert(1)</script> and <img src=x onerror="alert(2)"> & “quote”'


class _TagChecker(HTMLParser):
    """Collects start tags and checks that every end tag closes the innermost open tag."""

    VOID = {"br"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ok = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.ok = False


def _parse(markup: str) -> _TagChecker:
    checker = _TagChecker()
    checker.feed(markup)
    checker.close()
    return checker


def _visible_text(markup: str) -> str:
    without_codes = re.sub(r'<span class="code"[^>]*>[^<]*</span>', "", markup)
    without_tags = re.sub(r'<span class="role-tag">[^<]*</span> ', "", without_codes)
    parser = HTMLParser()
    chunks: list[str] = []
    parser.handle_data = chunks.append  # type: ignore[method-assign]
    parser.feed(re.sub(r"<br>", "\n", without_tags))
    return "".join(chunks)


def test_hostile_text_is_escaped_never_markup() -> None:
    marks = [Mark(start=0, end=8, layer=3, classes=("ld",), title='x" onmouseover="alert(3)')]
    markup = marked_html(HOSTILE, marks)
    checker = _parse(markup)
    tags = {tag for tag, _ in checker.tags}
    assert tags <= {"div", "p", "mark", "span", "br"}
    assert "<script" not in markup and "<img" not in markup
    assert "&lt;script&gt;" in markup and "&lt;img src=x onerror=" in markup
    assert all("onmouseover" not in attrs for _, attrs in checker.tags)
    assert checker.tags[2][1]["data-tip"] == 'x" onmouseover="alert(3)'
    assert _visible_text(markup) == HOSTILE


def test_hostile_titles_from_analysis_are_escaped(article_factory) -> None:
    article = article_factory()
    hit = article.loaded[0]
    article.loaded[0] = LoadedHit(
        start=hit.start,
        end=hit.end,
        text=hit.text,
        category="charged",
        reason='<img src=x onerror="alert(1)">',
        alternative="</mark><script>x</script>",
    )
    markup = marked_html(
        article.text,
        article_marks(
            article,
            HighlightOptions(),
            tone_label_of={},
            hard_sentence_grade=12,
            category_names={"charged": "<b>Charged</b>"},
        ),
        article.blocks,
    )
    assert "<img" not in markup and "<script" not in markup and "<b>" not in markup
    assert _parse(markup).ok


def test_overlapping_marks_nest_and_keep_text() -> None:
    text = "alpha beta gamma delta"
    marks = [
        Mark(start=0, end=10, layer=1, classes=("q",), title="quote"),
        Mark(start=6, end=16, layer=3, classes=("ld",), title="loaded", code="C"),
        Mark(start=0, end=22, layer=0, tag="span", classes=("sent",)),
    ]
    markup = marked_html(text, marks)
    checker = _parse(markup)
    assert checker.ok and not checker.stack
    assert _visible_text(markup) == text
    # the category code is written once, after the mark's last piece
    assert markup.count('<span class="code"') == 1
    assert markup.index("gamma") < markup.index('<span class="code"')


@given(
    st.text(alphabet="ab<>&\"' \n", min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.integers(0, 3)), max_size=8),
)
def test_any_marks_give_well_formed_html_with_the_same_text(
    text: str, spans: list[tuple[int, int, int]]
) -> None:
    marks = [
        Mark(start=min(a, b), end=min(max(a, b), len(text)), layer=layer, code="X" * (layer == 3))
        for a, b, layer in spans
    ]
    markup = marked_html(text, marks)
    checker = _parse(markup)
    assert checker.ok and not checker.stack
    assert _visible_text(markup) == text


def test_blocks_become_paragraphs_with_greyed_captions(article_factory) -> None:
    article = article_factory()
    markup = marked_html(article.text, [], article.blocks)
    assert markup.count('<p class="blk') == 3
    assert 'class="blk role-headline"' in markup
    assert '<p class="blk role-caption"><span class="role-tag">caption</span>' in markup


def test_marks_crossing_blocks_are_cut_at_the_block_edge() -> None:
    text = "one two\n\nthree four"
    blocks = [Block(start=0, end=7, role="body"), Block(start=9, end=19, role="body")]
    markup = marked_html(text, [Mark(start=4, end=14, layer=1, classes=("q",))], blocks)
    assert markup.count('<mark class="q">') == 2
    assert _parse(markup).ok


def test_article_marks_carry_hover_reasons_and_categories(article_factory) -> None:
    article = article_factory()
    marks = article_marks(
        article,
        HighlightOptions(tone_words=True, hard_sentences=True),
        tone_label_of={1: "negative"},
        hard_sentence_grade=12,
        category_names={"charged": "Charged language"},
    )
    loaded = [m for m in marks if "ld" in m.classes]
    assert len(loaded) == len(article.loaded)
    disaster = next(m for m in loaded if article.text[m.start : m.end] == "disaster")
    assert "cat-charged" in disaster.classes and disaster.code == "C"
    assert "Charged language" in disaster.title and "neutral-disaster" in disaster.title
    quote = next(m for m in marks if "q" in m.classes)
    assert "The general" in quote.title and "said" in quote.title
    sentence = next(m for m in marks if "sent" in m.classes and "hard" in m.classes)
    assert "driven by: disaster (−3.1)".replace("−", "-") in sentence.title
    assert any("tw" in m.classes and "neg" in m.classes for m in marks)


def test_hidden_categories_and_switches(article_factory) -> None:
    article = article_factory()
    options = HighlightOptions(quotes=False, hidden_categories=frozenset({"charged"}))
    marks = article_marks(
        article, options, tone_label_of={}, hard_sentence_grade=12, category_names={}
    )
    assert not any("q" in m.classes for m in marks)
    assert not any("cat-charged" in m.classes for m in marks)
    assert any("cat-label" in m.classes for m in marks)


def test_selected_items_are_marked_sel(article_factory) -> None:
    article = article_factory()
    hit = next(h for h in article.loaded if h.term == "brutal")
    marks = article_marks(
        article,
        HighlightOptions(),
        tone_label_of={},
        hard_sentence_grade=12,
        category_names={},
        selected_items={("loaded", hit.start, hit.end)},
        selected_sentences={2},
    )
    selected = [m for m in marks if "sel" in m.classes]
    assert {article.text[m.start : m.end] for m in selected if m.tag == "mark"} == {"brutal"}
    assert [m.layer for m in selected].count(0) == 1


def test_legend_lists_counts_per_article(two_articles) -> None:
    counts = {"A": category_counts(two_articles[0]), "B": category_counts(two_articles[1])}
    markup = legend_html(
        counts,
        {"charged": "Charged", "hedge": "Hedge", "label": "Label"},
        HighlightOptions(),
        quote_counts={"A": 1, "B": 1},
    )
    rows = re.findall(r"<tr>(.*?)</tr>", markup)
    charged = next(r for r in rows if "<td>Charged</td>" in r)
    assert re.findall(r"<td>(\d+)</td>", charged) == ["2", "1"]
    hedge = next(r for r in rows if "<td>Hedge</td>" in r)
    assert re.findall(r"<td>(\d+)</td>", hedge) == ["0", "1"]
    assert 'class="code">H<' in hedge


def test_every_category_has_its_own_underline_and_code() -> None:
    css = highlight_css()
    assert css.startswith("<style>") and css.endswith("</style>")
    for category in ("charged", "intensifier", "hedge", "saying_verb", "label"):
        assert f"mark.cat-{category.replace('_', '_')}" in css
    assert "text-decoration-style:wavy" in css and "text-decoration-style:double" in css


def test_a_teachers_category_is_drawn_with_a_letter_and_a_visible_box(article_factory) -> None:
    from ui.style import FALLBACK_STYLE, category_style

    assert category_style("military_jargon").code == "M"
    assert category_style("charged_too").code == FALLBACK_STYLE.code, "C is the shipped one's"
    assert category_style("military_jargon").colour == FALLBACK_STYLE.colour
    article = article_factory(loaded=(("disaster", "military_jargon"),))
    marks = article_marks(
        article,
        HighlightOptions(quotes=False),
        tone_label_of={},
        hard_sentence_grade=12,
        category_names={"military_jargon": "Military jargon"},
    )
    markup = marked_html(article.text, marks)
    assert '<mark class="ld cat-military_jargon"' in markup
    assert 'class="code" aria-hidden="true">M</span>' in markup
    css = highlight_css()
    fallback = css.index("mark.ld span.code{background:#555555;color:#FFFFFF;}")
    assert fallback < css.index("mark.cat-charged span.code"), "shipped styles win over it"


def test_quotes_have_speaker_in_title(article_factory) -> None:
    article = article_factory()
    article.quotes[0] = Quote(
        start=article.quotes[0].start, end=article.quotes[0].end, text="ruthless", speaker=None
    )
    marks = article_marks(
        article, HighlightOptions(), tone_label_of={}, hard_sentence_grade=12, category_names={}
    )
    assert "(unnamed)" in next(m for m in marks if "q" in m.classes).title


def test_plain_text_html_keeps_data_literal() -> None:
    from ui.highlight import plain_text_html

    markup = plain_text_html("*bold* :red[x] <script>alert(1)</script>", "cl-caption")
    assert markup == (
        '<p class="cl-caption">*bold* :red[x] &lt;script&gt;alert(1)&lt;/script&gt;</p>'
    )
    assert plain_text_html("A", 'x" onclick="y', "h4").startswith('<h4 class="x--onclick--y">')


def test_marks_stay_open_across_nested_marks() -> None:
    text = "One brutal word here. Next."
    marks = [
        Mark(start=0, end=21, layer=0, tag="span", classes=("sent",)),
        Mark(start=4, end=10, layer=3, classes=("ld",), code="C"),
        Mark(start=22, end=27, layer=0, tag="span", classes=("sent",)),
    ]
    markup = marked_html(text, marks)
    assert markup.count('<span class="sent">') == 2
    assert '<span class="sent">One <mark class="ld">brutal<span class="code"' in markup


def test_crossing_marks_reopen_the_inner_one() -> None:
    text = "aaa bbb. ccc ddd."
    marks = [
        Mark(start=0, end=8, layer=0, tag="span", classes=("sent",)),
        Mark(start=9, end=17, layer=0, tag="span", classes=("sent",)),
        Mark(start=4, end=12, layer=1, classes=("q",), code="Q"),
    ]
    markup = marked_html(text, marks)
    assert _parse(markup).ok
    # inside the first sentence, in the gap between the sentences, inside the second one
    assert markup.count('<mark class="q">') == 3
    assert markup.count('<span class="code"') == 1
    assert markup.index("ccc") < markup.index('<span class="code"')
