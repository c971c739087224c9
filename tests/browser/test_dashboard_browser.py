"""The running dashboard in headless Chromium: open, click a chart, clear, share the URL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests_browser_helpers import (
    APP_IDLE,
    click_at_centre,
    click_largest_bar,
    evidence_counts,
    open_dashboard,
    selected_mark_count,
    wait_for_rerun,
)

pytestmark = pytest.mark.browser


def test_opens_with_both_articles_and_every_chart(page, dashboard_url: str) -> None:
    open_dashboard(page, dashboard_url)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator(".cl-text").count() == 2
    # Exactly the five linked charts: the chart-library placeholder of the first run is gone.
    assert page.locator("[data-testid='stPlotlyChart']").count() == 5
    assert page.locator("[data-testid='stPlotlyChart']:has(.main-svg)").count() == 5
    for key in ("metrics", "tone", "grade", "categories", "speakers"):
        chart = page.locator(f".st-key-chart_{key} [data-testid='stPlotlyChart']")
        assert chart.locator(".point").count() > 0, key
    assert page.locator(".cl-text mark.ld[data-tip]").count() > 5
    assert page.locator(".cl-text mark.q[data-tip*='Quotation from']").count() > 5
    assert selected_mark_count(page) == 0
    kept, total = evidence_counts(page)
    assert kept == total > 20


def test_click_highlights_filters_and_clear_restores(
    page, dashboard_url: str, screenshot_dir: Path
) -> None:
    open_dashboard(page, dashboard_url)
    _, total = evidence_counts(page)
    click_largest_bar(page, "categories")
    page.wait_for_selector(".cl-text mark.sel")
    wait_for_rerun(page)
    assert selected_mark_count(page) >= 2
    kept, total_after = evidence_counts(page)
    assert total_after == total and 0 < kept < total
    assert "sel=category" in page.url
    page.screenshot(path=screenshot_dir / "browser-selection.png")

    page.locator(".st-key-clear_main button").click()
    page.wait_for_function("document.querySelectorAll('.cl-text mark.sel').length === 0")
    wait_for_rerun(page)
    assert evidence_counts(page) == (total, total)
    assert "sel=" not in page.url


def test_shared_url_reproduces_the_view(page, browser, dashboard_url: str) -> None:
    open_dashboard(page, dashboard_url)
    click_largest_bar(page, "speakers")
    page.wait_for_selector(".cl-text mark.q.sel")
    wait_for_rerun(page)
    shared = page.url
    assert re.search(r"sel=speaker", shared)
    expected = (selected_mark_count(page), evidence_counts(page))

    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    try:
        other = context.new_page()
        open_dashboard(other, shared)
        other.wait_for_selector(".cl-text mark.q.sel")
        assert (selected_mark_count(other), evidence_counts(other)) == expected
    finally:
        context.close()


def test_sentence_marker_click_marks_that_sentence(page, dashboard_url: str) -> None:
    open_dashboard(page, dashboard_url)
    chart = page.locator(".st-key-chart_tone [data-testid='stPlotlyChart']")
    chart.scroll_into_view_if_needed()
    box = chart.locator(".scatterlayer .point").first.bounding_box()
    assert box is not None
    click_at_centre(page, box)
    page.wait_for_selector(".cl-text span.sent.sel")
    wait_for_rerun(page)
    tips = page.locator(".cl-text span.sent.sel").evaluate_all(
        "spans => spans.map(s => s.getAttribute('data-tip'))"
    )
    assert len(tips) >= 1 and len(set(tips)) == 1, "one sentence (in one or more pieces)"
    assert page.locator(APP_IDLE).count() == 1


def test_screenshots_of_app_and_methods(browser, dashboard_url: str, screenshot_dir: Path) -> None:
    context = browser.new_context(viewport={"width": 1600, "height": 5400})
    try:
        tall = context.new_page()
        open_dashboard(tall, dashboard_url)
        tall.screenshot(path=screenshot_dir / "browser-opened.png")
        open_dashboard(tall, f"{dashboard_url}/?sel=category&sel_value=charged")
        tall.wait_for_selector(".cl-text mark.sel")
        tall.screenshot(path=screenshot_dir / "browser-selection-full.png")
        tall.set_viewport_size({"width": 1600, "height": 2200})
        tall.goto(f"{dashboard_url}/methods")
        tall.wait_for_selector("text=Tone is not bias")
        tall.wait_for_selector(APP_IDLE)
        assert tall.locator("[data-testid='stException']").count() == 0
        tall.screenshot(path=screenshot_dir / "browser-methods.png")
    finally:
        context.close()
