"""The "Across the articles" page in headless Chromium: charts, clicks that light up text, clearing,
and shared links.

What a click should light up is computed in-process from the same bundled story, so the tests
check the page against the analysis rather than against numbers copied from a screenshot.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests_browser_helpers import (
    ACROSS_CHARTS,
    APP_IDLE,
    click_chart_point,
    dimmed_point_count,
    marked_texts,
    open_across,
    wait_for_across,
)

from analysis import analyse_story, list_stories, load_story
from analysis.compare import Comparison, compare_articles
from analysis.compare.distinctive import term_key
from analysis.model import ArticleAnalysis
from ui.compare_view import CompareSelection, selection_hits

pytestmark = pytest.mark.browser

TERMS, VOICES, ACTORS = ACROSS_CHARTS
HITS = ".st-key-compare_hits mark.cmp-sel"
ALIGNED = ".st-key-compare_aligned mark.cmp-sel"
SELECTED = ".cmp-align mark.cmp-sel, .cmp-heads mark.cmp-sel, .cmp-hits mark.cmp-sel"
NOTHING_SELECTED = f'document.querySelectorAll("{SELECTED}").length === 0'


@pytest.fixture(scope="module")
def story() -> tuple[list[ArticleAnalysis], Comparison]:
    """The bundled story as the page opens it: the first story, every article in file order."""
    articles = list(analyse_story(load_story(list_stories()[0])).articles)
    return articles, compare_articles(articles)


def _across(url: str) -> str:
    return f"{url}/across"


def test_opens_with_charts_texts_and_no_selection(page, dashboard_url: str, screenshot_dir: Path):
    open_across(page, _across(dashboard_url))
    assert page.locator("[data-testid='stException']").count() == 0
    for key in ACROSS_CHARTS:
        chart = page.locator(f".st-key-{key} [data-testid='stPlotlyChart']")
        assert chart.locator(".point").count() > 0, key
        assert chart.get_attribute("aria-label"), f"{key} has no alt text"
        assert dimmed_point_count(page, key) == 0, key
    assert page.locator(".cmp-align tbody tr").count() > 20
    assert page.locator(".cmp-align td.cmp-only .cmp-badge").count() > 5
    assert page.locator(".cmp-align mark.cmp-swap[data-tip]").count() > 5
    assert page.locator(SELECTED).count() == 0
    assert page.locator(".st-key-compare_clear button").is_disabled()
    page.screenshot(path=screenshot_dir / "across-opened.png")


def test_word_click_lights_up_every_occurrence_then_clear_restores(
    page, dashboard_url: str, screenshot_dir: Path, story
) -> None:
    articles, comparison = story
    second = articles[1].meta.id
    term = next(t.term for t in comparison.distinctive[second] if t.z > 0)
    expected = selection_hits(CompareSelection("term", term), comparison, articles)
    open_across(page, _across(dashboard_url))

    # The second article's panel is the subplot x2y2; its first bar is its top word.
    click_chart_point(page, TERMS, ".subplot.x2y2 .barlayer .point path", 0)
    page.wait_for_selector(HITS)
    wait_for_across(page)
    snippets = marked_texts(page, HITS)
    assert len(snippets) == len(expected) >= 2
    assert {term_key(s) for s in snippets} == {term_key(term)}
    in_texts = marked_texts(page, ALIGNED)
    assert in_texts and {term_key(s) for s in in_texts} == {term_key(term)}
    assert f"cmp=term&cmp_value={term}" in page.url
    assert dimmed_point_count(page, TERMS) > 0
    assert dimmed_point_count(page, ACTORS) > 0
    page.locator(".st-key-compare_hits").scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "across-word.png")

    page.locator(".st-key-compare_clear button").click()
    page.wait_for_function(NOTHING_SELECTED)
    wait_for_across(page)
    assert page.locator(".st-key-compare_hits").count() == 0
    assert "cmp=" not in page.url
    assert all(dimmed_point_count(page, key) == 0 for key in ACROSS_CHARTS)


def test_quote_matrix_click_lights_up_the_voice(
    page, dashboard_url: str, screenshot_dir: Path, story
) -> None:
    articles, comparison = story
    speakers = [v.speaker for v in comparison.voices]
    voice = next(v for v in comparison.voices if len(v.articles) == len(articles))
    expected = selection_hits(CompareSelection("voice", voice.speaker), comparison, articles)
    open_across(page, _across(dashboard_url))

    # Trace 1 is the first article's column of dots, in the order of the voices.
    first_column = ".scatterlayer .trace:nth-of-type(1) .point"
    click_chart_point(page, VOICES, first_column, speakers.index(voice.speaker))
    page.wait_for_selector(HITS)
    wait_for_across(page)
    assert marked_texts(page, HITS) == [h.match for h in expected]
    quoted = " ".join(h.match for h in expected)
    in_texts = marked_texts(page, ALIGNED)
    assert in_texts and all(piece in quoted for piece in in_texts)
    assert "cmp=voice" in page.url
    assert dimmed_point_count(page, VOICES) > 0
    page.locator(".st-key-compare_chart_voices").scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "across-voice.png")

    page.locator(".st-key-compare_clear_sidebar button").click()
    page.wait_for_function(NOTHING_SELECTED)
    wait_for_across(page)
    assert "cmp=" not in page.url


def test_actor_click_and_shared_url_reproduce_the_view(
    page, browser, dashboard_url: str, screenshot_dir: Path, story
) -> None:
    articles, comparison = story
    actor = comparison.actors[0]
    expected = selection_hits(CompareSelection("actor", actor.name), comparison, articles)
    open_across(page, _across(dashboard_url))

    click_chart_point(page, ACTORS, ".barlayer .trace:nth-of-type(1) .point path", 0)
    page.wait_for_selector(HITS)
    wait_for_across(page)
    assert len(marked_texts(page, HITS)) == len(expected) == actor.mentions
    assert "cmp=actor" in page.url
    shared = page.url
    view = (
        marked_texts(page, HITS),
        marked_texts(page, ALIGNED),
        [dimmed_point_count(page, key) for key in ACROSS_CHARTS],
    )

    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    try:
        other = context.new_page()
        other.set_default_timeout(90_000)
        open_across(other, shared)
        other.wait_for_selector(HITS)
        assert (
            marked_texts(other, HITS),
            marked_texts(other, ALIGNED),
            [dimmed_point_count(other, key) for key in ACROSS_CHARTS],
        ) == view
        assert other.locator(APP_IDLE).count() == 1
    finally:
        context.close()


def test_full_page_screenshot_of_a_shared_selection(
    browser, dashboard_url: str, screenshot_dir: Path
) -> None:
    context = browser.new_context(viewport={"width": 1600, "height": 6200})
    try:
        tall = context.new_page()
        tall.set_default_timeout(90_000)
        open_across(tall, f"{_across(dashboard_url)}?cmp=voice&cmp_value=Joe+Biden&cmp_article=ap")
        tall.wait_for_selector(HITS)
        assert tall.locator("[data-testid='stException']").count() == 0
        tall.screenshot(path=screenshot_dir / "across-full.png")
    finally:
        context.close()
