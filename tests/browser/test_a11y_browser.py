"""Accessibility in headless Chromium: axe-core on every page and every lesson step, the
high-contrast theme and text size, charts with alternative text and a summary in words.

axe-core is vendored for the tests only (``vendor/axe-core``, MPL-2.0). A page passes when axe
reports no violation of serious or critical impact.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests_browser_helpers import (
    RERUN_TIMEOUT_MS,
    axe_violations,
    describe_violations,
    open_page,
    wait_for_idle,
)

pytestmark = pytest.mark.browser

PAGES = [
    pytest.param("", ".cl-text", id="compare"),
    pytest.param("yours", "h1", id="yours"),
    pytest.param("across", ".cmp-aligned-box", id="across"),
    pytest.param("lesson", ".ls-intro", id="lesson"),
    pytest.param("glossary", ".gl-entry", id="glossary"),
    pytest.param("words", "[data-testid='stDataFrame']", id="words"),
    pytest.param("methods", "h1", id="methods"),
    pytest.param("?sel=category&sel_value=charged", ".cl-text.has-sel", id="compare-selected"),
    pytest.param("across?cmp=term&cmp_value=taliban", ".cmp-hitcol", id="across-selected"),
]
HIGH_CONTRAST_CSS = "mark.ag{font-weight:600;}"
"""A rule only the high-contrast stylesheet has (see ui.a11y.display_css)."""
SETTLE_FOR_AXE_MS = 1500
"""Charts and data grids finish drawing after the script is idle."""


def _check(page, where: str) -> None:
    page.wait_for_timeout(SETTLE_FOR_AXE_MS)
    violations = axe_violations(page)
    assert not violations, f"{where}:\n{describe_violations(violations)}"


def _switch_high_contrast_on(page) -> None:
    """Turn on the high-contrast theme with the sidebar switch (drawn on every page)."""
    page.locator(".st-key-display_high_contrast_widget label").click()
    page.wait_for_function(
        f"() => [...document.querySelectorAll('style')].some(s => s.textContent.includes("
        f"'{HIGH_CONTRAST_CSS}'))",
        timeout=RERUN_TIMEOUT_MS,
    )
    wait_for_idle(page)


@pytest.mark.parametrize(("path", "ready"), PAGES)
def test_no_serious_or_critical_violations(page, dashboard_url: str, path: str, ready: str):
    open_page(page, f"{dashboard_url}/{path}", ready)
    assert page.locator("[data-testid='stException']").count() == 0
    _check(page, path or "compare")


@pytest.mark.parametrize(("path", "ready"), PAGES)
def test_no_serious_or_critical_violations_in_high_contrast(
    page, dashboard_url: str, path: str, ready: str
):
    open_page(page, f"{dashboard_url}/{path}", ready)
    _switch_high_contrast_on(page)
    page.wait_for_selector(ready, timeout=RERUN_TIMEOUT_MS)
    assert page.locator("[data-testid='stException']").count() == 0
    _check(page, f"{path or 'compare'}, high contrast")


def test_every_lesson_step_passes_in_both_themes(page, dashboard_url: str) -> None:
    open_page(page, f"{dashboard_url}/lesson", ".ls-intro")
    steps = [("2 · Predict", ".st-key-lesson_marks_0"), ("3 · Reveal", ".ls-legend")]
    steps.append(("4 · Discuss", ".ls-card"))
    for title, ready in steps:
        page.get_by_role("button", name=f"Next: {title}").click()
        page.wait_for_selector(ready, timeout=RERUN_TIMEOUT_MS)
        wait_for_idle(page)
        _check(page, title)
    page.get_by_role("button", name="Back: 3 · Reveal").click()
    page.wait_for_selector(".ls-legend", timeout=RERUN_TIMEOUT_MS)
    wait_for_idle(page)
    _switch_high_contrast_on(page)
    _check(page, "reveal, high contrast")


def test_text_size_and_high_contrast_follow_to_other_pages(
    page, dashboard_url: str, screenshot_dir: Path
) -> None:
    open_page(page, f"{dashboard_url}/lesson", ".ls-intro")
    root_px = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    slider = page.locator(".st-key-display_text_size_widget input[type='range']")
    slider.focus()
    page.keyboard.press("End")
    page.wait_for_function(
        f"() => parseFloat(getComputedStyle(document.documentElement).fontSize) > {root_px}",
        timeout=RERUN_TIMEOUT_MS,
    )
    wait_for_idle(page)
    large_px = page.evaluate(
        "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"
    )
    assert large_px == pytest.approx(root_px * 1.5, abs=1)
    page.locator(".st-key-display_high_contrast_widget label").click()
    wait_for_idle(page)
    page.screenshot(path=screenshot_dir / "lesson-large-high-contrast.png")

    page.locator("[data-testid='stSidebarNav']").get_by_text("Glossary", exact=True).click()
    page.wait_for_selector(".gl-entry", timeout=RERUN_TIMEOUT_MS)
    wait_for_idle(page)
    assert page.evaluate(
        "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"
    ) == pytest.approx(large_px, abs=1)
    assert page.locator(".st-key-display_high_contrast_widget input").is_checked()
    mark = page.locator(".gl-example mark.gl").first
    assert mark.is_visible()
    _check(page, "glossary, large and high contrast")


def test_charts_have_alternative_text_and_a_summary(page, dashboard_url: str) -> None:
    open_page(page, dashboard_url, ".cl-text")
    page.wait_for_function(
        "document.querySelectorAll(\"[data-testid='stPlotlyChart']:has(.main-svg)\").length >= 5",
        timeout=RERUN_TIMEOUT_MS,
    )
    charts = page.locator("[data-testid='stPlotlyChart']")
    assert charts.count() >= 5
    for n in range(charts.count()):
        chart = charts.nth(n)
        assert chart.get_attribute("role") == "figure"
        assert len(chart.get_attribute("aria-label") or "") > 20
        summary = chart.evaluate(
            "e => { let box = e.closest('[data-testid=\"stElementContainer\"]');"
            " const next = box && box.nextElementSibling; return next ? next.innerText : ''; }"
        )
        assert len(summary.split()) >= 5, f"chart {n} has no summary in words"


def test_highlights_on_the_compare_page_are_keyboard_stops(page, dashboard_url: str) -> None:
    open_page(page, dashboard_url, ".cl-text")
    marks = page.locator(".cl-text mark[data-tip]")
    stops = page.locator(".cl-text mark[data-tip][tabindex='0']")
    assert stops.count() > 20
    assert stops.count() <= marks.count()
    stops.first.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.tagName, !!document.activeElement.closest('.cl-text')]"
    )
    assert focused == ["MARK", True]


def test_aligned_sentences_scroll_with_the_keyboard_and_marks_are_stops(
    page, dashboard_url: str
) -> None:
    open_page(page, f"{dashboard_url}/across", ".cmp-aligned-box")
    box = page.locator(".st-key-compare_aligned .cmp-aligned-box[role='region'][tabindex='0']")
    assert box.count() == 1 and len(box.get_attribute("aria-label") or "") > 10
    assert box.evaluate("e => e.scrollHeight > e.clientHeight"), "a long list scrolls in the box"
    box.focus()
    page.keyboard.press("PageDown")
    page.wait_for_function(
        "() => document.querySelector('.cmp-aligned-box').scrollTop > 0", timeout=5_000
    )
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const e = document.activeElement; return [e.tagName, e.className,"
        " !!e.closest('.cmp-aligned-box'), e.getAttribute('data-tip') || '',"
        " getComputedStyle(e).outlineStyle, getComputedStyle(e, '::after').content]; }"
    )
    tag, css, inside, tip, outline, shown = focused
    assert tag == "MARK" and inside and "cmp-" in css
    assert tip and outline != "none"
    assert shown.strip('"').split("\\a")[0] in tip, "the explanation shows on focus"
