"""The printable handout: self-contained, laid out for A4 and Letter, escaped, complete."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from analysis import analyse_story, load_story
from analysis.compare import compare_articles
from analysis.corpus import CORPUS_DIR
from analysis.lexicon import default_lexicon
from analysis.model import ArticleMeta, LoadedHit
from ui.handout import ANSWER_LINES, handout_css, handout_html, legend_html
from ui.lesson_model import PLACEHOLDER
from ui.lesson_questions import DiscussionQuestion, Evidence, discussion_questions
from ui.summary import article_display_names

SEED = CORPUS_DIR / "2021-09-01-pentagon-briefing"
HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"> *bold* :red[x]'


class _Tags(HTMLParser):
    """Collects start tags and their attributes, and checks that tags nest."""

    VOID = {"meta", "br", "img", "link"}

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.ok = True

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.ok = False


@pytest.fixture(scope="module")
def seed():
    articles = analyse_story(load_story(SEED)).articles
    categories = {c.id: c.name for c in default_lexicon().categories}
    names = article_display_names(articles)
    questions = discussion_questions(articles, compare_articles(articles), names, categories)
    return articles, names, questions, categories


@pytest.fixture(scope="module")
def handout(seed) -> str:
    articles, names, questions, categories = seed
    return handout_html(
        articles,
        names,
        questions,
        title="Pentagon briefing",
        category_names=categories,
        description="Two outlets",
    )


def _parse(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    return parser


def test_handout_is_one_self_contained_document(handout: str) -> None:
    assert handout.startswith("<!DOCTYPE html>") and handout.rstrip().endswith("</html>")
    parsed = _parse(handout)
    assert parsed.ok and not parsed.stack
    tags = {tag for tag, _ in parsed.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert not re.search(r"\b(?:src|href)\s*=", handout)
    assert "url(" not in handout and "@import" not in handout
    assert '<meta charset="utf-8">' in handout and '<html lang="en">' in handout


def test_page_rules_fit_a4_and_letter() -> None:
    css = handout_css()
    assert "@page{size:auto;margin:13mm 12mm 15mm 12mm;" in css
    assert "counter(page)" in css and "counter(pages)" in css
    assert "print-color-adjust:exact" in css
    main_width = float(re.search(r"main\{max-width:(\d+)mm", css).group(1))
    assert main_width + 12 + 12 <= 210, "narrower than A4 (and Letter, 216 mm) minus margins"
    assert "@page{size:A4;" in handout_css("A4")
    assert "@page{size:letter;" in handout_css("Letter")


def test_unknown_paper_is_refused(seed) -> None:
    articles, names, questions, categories = seed
    with pytest.raises(ValueError, match="paper"):
        handout_html(articles, names, [], title="t", category_names=categories, paper="A5")


def test_handout_holds_texts_legend_figures_and_questions(handout: str, seed) -> None:
    articles, names, questions, categories = seed
    assert handout.count('<article class="col">') == 2
    assert "Article A: Associated Press" in handout and "Article B: SOFREP" in handout
    assert handout.count('class="ld cat-') > 20, "the tool's highlights"
    assert 'class="q"' in handout
    assert "letter C" in handout and "dashed underline, letter S" in handout
    assert "<th>Measure</th>" in handout and "Reading grade" in handout
    assert "about the same" in handout and "highest: SOFREP" in handout
    assert handout.count('<ol class="questions">') == 1
    assert handout.count('<div class="lines">') == len(questions)
    assert handout.count("<div></div>") == len(questions) * ANSWER_LINES
    assert "I was not going to extend this forever war" in handout
    assert "Name:" in handout and "Two outlets" in handout
    assert "role-caption" not in handout, "captions are left out"


def test_legend_lists_only_the_categories_found() -> None:
    legend = legend_html({"charged": "Charged", "hedge": "Hedge"}, {"hedge"})
    assert "Hedge" in legend and "Charged" not in legend and "Direct quotation" in legend


def test_blind_worksheet_hides_outlets_highlights_and_figures(seed) -> None:
    articles, names, questions, categories = seed
    sheet = handout_html(
        articles, names, questions, title="T", category_names=categories, blind=True
    )
    for hidden in ("Associated Press", "SOFREP", "Times of Israel", "(AP)", "wire report"):
        assert hidden not in sheet, hidden
    assert PLACEHOLDER in sheet
    assert "cat-" not in sheet.split("</style>")[1], "no highlights"
    assert "<th>Measure</th>" not in sheet
    assert "Which article quotes people more?" in sheet
    assert sheet.count('class="box"') == 4 * 3, "A, B or about the same, four times"
    assert _parse(sheet).ok


def test_every_piece_of_text_is_escaped(article_factory) -> None:
    article = article_factory(
        outlet=HOSTILE,
        headline=HOSTILE,
        loaded=(("disaster", "charged"),),
    )
    article.loaded[0] = LoadedHit(
        start=article.loaded[0].start,
        end=article.loaded[0].end,
        text="disaster",
        term="disaster",
        category="charged",
        reason=HOSTILE,
    )
    article.meta = ArticleMeta(id="a", outlet=HOSTILE, kind=HOSTILE, headline=HOSTILE)
    question = DiscussionQuestion("voice", HOSTILE, HOSTILE, (Evidence("a", 0, 5, HOSTILE),))
    for blind in (False, True):
        markup = handout_html(
            [article],
            {"a": HOSTILE},
            [question],
            title=HOSTILE,
            category_names={"charged": HOSTILE},
            description=HOSTILE,
            blind=blind,
        )
        parsed = _parse(markup)
        assert parsed.ok
        assert not {tag for tag, _ in parsed.tags} & {"script", "img"}
        assert all(not name.startswith("on") for _, attrs in parsed.tags for name in attrs)
        assert "&lt;script&gt;" in markup
