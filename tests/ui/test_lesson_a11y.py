"""Accessibility pieces: focusable highlights, display settings, contrast, the lesson's HTML."""

from __future__ import annotations

import re

from ui.a11y import display_css
from ui.highlight import Mark, highlight_css, marked_html
from ui.lesson_html import (
    AGREE_COLOURS,
    agreement_legend_html,
    guess_table_html,
    lesson_css,
    question_cards_html,
    step_intro_html,
)
from ui.lesson_model import (
    GUESS_QUESTIONS,
    STEPS,
    Agreement,
    ToolAnswer,
)
from ui.lesson_questions import DiscussionQuestion, Evidence
from ui.style import (
    CATEGORY_STYLES,
    HIGH_CONTRAST_COLOURS,
    HIGH_CONTRAST_QUOTE,
    contrast_ratio,
    readable_text_colour,
)

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def test_marks_with_an_explanation_join_the_tab_order_once() -> None:
    text = "aaa bbb. ccc ddd."
    marks = [
        Mark(0, 8, 0, tag="span", classes=("sent",), title="sentence"),
        Mark(9, 17, 0, tag="span", classes=("sent",), title="sentence"),
        Mark(4, 12, 1, classes=("q",), title="quote"),
        Mark(13, 16, 3, classes=("ld",)),
    ]
    markup = marked_html(text, marks)
    assert markup.count('tabindex="0"') == 1, "the quote's first piece only"
    assert '<mark class="q" data-tip="quote" tabindex="0">bbb' in markup
    assert '<span class="sent" data-tip="sentence">' in markup, "sentences are not tab stops"


def test_labelled_text_is_a_focusable_region() -> None:
    markup = marked_html("One.", [], label='Article "A" text')
    assert markup.startswith(
        '<div class="cl-text" role="region" aria-label="Article &quot;A&quot; text" tabindex="0">'
    )
    assert 'role="region"' not in marked_html("One.", [])


def test_focus_shows_the_explanation_and_a_visible_outline() -> None:
    css = highlight_css()
    assert ".cl-text mark[data-tip]:focus::after{content:attr(data-tip);" in css
    assert ".cl-text mark[tabindex]:focus{outline:3px solid #000;" in css


def test_code_letters_are_readable_on_their_colours() -> None:
    for style in CATEGORY_STYLES.values():
        text = readable_text_colour(style.colour)
        assert contrast_ratio(text, style.colour) >= 4.5, style


def test_high_contrast_colours_reach_aaa() -> None:
    for category, colour in HIGH_CONTRAST_COLOURS.items():
        assert contrast_ratio(colour, "#FFFFFF") >= 7.0, category
    assert contrast_ratio("#111111", HIGH_CONTRAST_QUOTE) >= 7.0
    for colour in AGREE_COLOURS.values():
        assert contrast_ratio(colour, "#FFFFFF") >= 4.5
    assert round(contrast_ratio("#000000", "#FFFFFF"), 1) == 21.0


def test_display_css() -> None:
    assert display_css() == ""
    large = display_css(1.5)
    assert "html{font-size:24px;}" in large and "cat-" not in large
    assert "html{font-size:21px;}" in display_css(1.25, base_px=17)
    contrast = display_css(1.0, True)
    assert "font-size" not in contrast.split("{")[0]
    for category, colour in HIGH_CONTRAST_COLOURS.items():
        assert f"mark.cat-{category}{{text-decoration-color:{colour}" in contrast
    assert HIGH_CONTRAST_QUOTE in contrast
    assert ".stApp button p{color:inherit;}" in contrast, "white text stays on primary buttons"


def test_lesson_css_tells_agreement_apart_without_colour() -> None:
    css = lesson_css()
    styles = {w: re.search(rf"mark\.ag-{w}\{{([^}}]*)\}}", css).group(1) for w in AGREE_COLOURS}
    assert "underline solid" in styles["both"]
    assert "outline:2px dashed" in styles["you"]
    assert "underline wavy" in styles["tool"]


def test_lesson_html_escapes_everything() -> None:
    question = DiscussionQuestion("voice", HOSTILE, HOSTILE, (Evidence("a", 0, 1, HOSTILE),))
    cards = question_cards_html([question], {"a": HOSTILE}, start=3)
    assert "<script" not in cards and "<img" not in cards and 'start="3"' in cards
    answer = ToolAnswer("a", {"a": 0.3, "b": 0.1}, ("a",), 0.05)
    table = guess_table_html([(GUESS_QUESTIONS[1], "b", answer, "disagree")], {"a": HOSTILE})
    assert "<script" not in table and "The tool measured otherwise" in table
    result = Agreement("a", (), (), ("x",), (), {"x": "x"})
    legend = agreement_legend_html({"a": result}, {"a": HOSTILE})
    assert "<script" not in legend and "Only you" in legend
    for step in STEPS:
        assert "<p>" in step_intro_html(step)
