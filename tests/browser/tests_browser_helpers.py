"""Page helpers for the browser tests: waiting for reruns, clicking chart bars, reading counts."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

APP_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
# Each drawn plotly chart holds two .main-svg layers: count the charts, not the layers.
CHARTS_DRAWN = (
    "document.querySelectorAll(\"[data-testid='stPlotlyChart']:has(.main-svg)\").length >= 5"
)
RERUN_TIMEOUT_MS = 90_000
HOVER_PAUSE_MS = 300


def wait_for_rerun(page) -> None:
    """Wait until the script has finished its run and every chart is drawn."""
    page.wait_for_selector(APP_IDLE, timeout=RERUN_TIMEOUT_MS)
    page.wait_for_function(CHARTS_DRAWN, timeout=RERUN_TIMEOUT_MS)


def open_dashboard(page, url: str) -> None:
    """Open the dashboard at ``url`` and wait until it is fully drawn."""
    page.goto(url)
    page.wait_for_selector(".cl-text", timeout=RERUN_TIMEOUT_MS)
    wait_for_rerun(page)


def click_largest_bar(page, chart: str) -> None:
    """Click the centre of the largest bar of the chart with key ``chart_<chart>``.

    Plotly's drag layer swallows element clicks, so this clicks the page at the bar's centre.
    """
    container = page.locator(f".st-key-chart_{chart} [data-testid='stPlotlyChart']")
    container.scroll_into_view_if_needed()
    bars = container.locator(".barlayer .point path")
    boxes = [bars.nth(i).bounding_box() for i in range(bars.count())]
    box = max((b for b in boxes if b), key=lambda b: b["width"] * b["height"])
    click_at_centre(page, box)


def click_at_centre(page, box: dict[str, float]) -> None:
    """Hover, then click the centre of ``box`` as a person would (plotly clicks need a hover)."""
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.wait_for_timeout(HOVER_PAUSE_MS)
    page.mouse.click(x, y)


def selected_mark_count(page) -> int:
    """Return how many marks in the article texts are emphasised as selected."""
    return page.locator(".cl-text mark.sel").count()


def evidence_counts(page) -> tuple[int, int]:
    """Return (rows kept, rows in total) from the evidence table's caption."""
    text = page.locator(".st-key-evidence_count").inner_text()
    match = re.search(r"(\d+) of (\d+) flagged items", text)
    assert match, text
    return int(match.group(1)), int(match.group(2))


# --- the "Across the articles" page (ui/compare_view.py) ----------------------------------------

ACROSS_CHARTS = ("compare_chart_terms", "compare_chart_voices", "compare_chart_actors")
ACROSS_DRAWN = (
    "["
    + ", ".join(f"'{key}'" for key in ACROSS_CHARTS)
    + "].every(k => document.querySelector(`.st-key-${k} [data-testid='stPlotlyChart'] .point`))"
    " && document.querySelector('.cmp-align') !== null"
)


def wait_for_across(page) -> None:
    """Wait until the Across page's script has finished and its three charts and texts are drawn."""
    page.wait_for_selector(APP_IDLE, timeout=RERUN_TIMEOUT_MS)
    page.wait_for_function(ACROSS_DRAWN, timeout=RERUN_TIMEOUT_MS)


def open_across(page, url: str) -> None:
    """Open the Across page at ``url`` (the server's ``/across``, maybe with a query) and wait."""
    page.goto(url)
    page.wait_for_selector(".cmp-align", timeout=RERUN_TIMEOUT_MS)
    wait_for_across(page)


def click_chart_point(page, key: str, selector: str, index: int) -> None:
    """Click the ``index``-th element matching ``selector`` inside the chart keyed ``key``.

    Args:
        page: The Playwright page.
        key: The chart's Streamlit key (its container has the class ``st-key-<key>``).
        selector: CSS selector of the points inside the plotly chart, e.g.
            ``.subplot.x2y2 .barlayer .point path`` or ``.scatterlayer .trace:nth-child(1) .point``.
        index: Which of the matching points, in plotly's (data) order.
    """
    container = page.locator(f".st-key-{key} [data-testid='stPlotlyChart']")
    container.scroll_into_view_if_needed()
    box = container.locator(selector).nth(index).bounding_box()
    assert box is not None, f"no point {index} for {selector} in {key}"
    click_at_centre(page, box)


def marked_texts(page, selector: str) -> list[str]:
    """Return the visible text of every element matching ``selector`` (badges and tags left out)."""
    return page.locator(selector).evaluate_all(
        "els => els.map(e => { const c = e.cloneNode(true);"
        " c.querySelectorAll('.cmp-tag').forEach(t => t.remove());"
        " return c.textContent.replace(/\\s+/g, ' ').trim(); })"
    )


def dimmed_point_count(page, key: str) -> int:
    """Return how many points of the chart keyed ``key`` are drawn faded (opacity below 1)."""
    return page.locator(f".st-key-{key} [data-testid='stPlotlyChart'] .point").evaluate_all(
        "els => els.filter(e => parseFloat(getComputedStyle(e).opacity) < 0.99"
        " || parseFloat(getComputedStyle(e.querySelector('path') || e).opacity) < 0.99).length"
    )


# --- the "Your articles" page (ui/input_page.py) ------------------------------------------------

INPUT_PATH = "/yours"
PASTE_TEXT = ".st-key-in_paste_text textarea"
PASTE_OUTLET = ".st-key-in_paste_outlet input"
PASTE_HEADLINE = ".st-key-in_paste_headline input"
PASTE_ADD = ".st-key-in_paste_add button"
URL_INPUT = ".st-key-in_url input"
URL_FETCH = ".st-key-in_url_fetch button"
TITLE_INPUT = ".st-key-in_title input"
COMPARE_BUTTON = ".st-key-in_compare button"
SAVE_SIDEBAR = ".st-key-save_sidebar button"
OWN_TEXTS_DRAWN = (
    "document.querySelectorAll(\"[data-testid='stPlotlyChart']:has(.main-svg)\").length >= 5"
    " && document.querySelectorAll('.cl-text').length >= 2"
)


def wait_idle(page) -> None:
    """Wait until the script has finished its run."""
    page.wait_for_selector(APP_IDLE, timeout=RERUN_TIMEOUT_MS)


def open_input(page, base_url: str) -> None:
    """Open the "Your articles" page and wait until its paste form is drawn."""
    page.goto(base_url + INPUT_PATH)
    page.wait_for_selector(PASTE_TEXT, timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)


def list_count(page) -> int:
    """Return how many articles the "Your list" heading says the visitor has."""
    text = page.get_by_text(re.compile(r"Your list: \d+ of \d+ articles")).inner_text()
    return int(re.search(r"Your list: (\d+)", text).group(1))


def paste_article(page, text: str, outlet: str = "", headline: str = "") -> None:
    """Fill the paste form and press "Add this article"; wait until the list has grown."""
    before = list_count(page)
    page.locator(PASTE_TEXT).fill(text)
    page.locator(PASTE_OUTLET).fill(outlet)
    page.locator(PASTE_HEADLINE).fill(headline)
    page.locator(PASTE_ADD).click()
    page.get_by_text(f"Your list: {before + 1} of").wait_for(timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)


def compare_own(page, title: str = "") -> None:
    """Type the comparison's title, press Compare and wait for the compared story's charts."""
    if title:
        page.locator(TITLE_INPUT).fill(title)
        page.locator(TITLE_INPUT).press("Enter")
        wait_idle(page)
    page.locator(COMPARE_BUTTON).click()
    page.wait_for_function(OWN_TEXTS_DRAWN, timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)


# --- pages without charts, and accessibility checks (classroom pages) -------------------------

SETTLE_MS = 400
"""A pause before waiting for the idle state, so a rerun that is about to start is not missed."""
AXE_SCRIPT = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                                           summary: n.failureSummary}))}));
}"""


_WATCH_RUNS = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  if (window.__clRunWatch) window.__clRunWatch.disconnect();
  window.__clRunChanges = 0;
  window.__clRunWatch = new MutationObserver(
    records => { window.__clRunChanges += records.length; });
  window.__clRunWatch.observe(
    app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


def rerun_after(page, action: Callable[[], object]) -> None:
    """Do ``action`` (which makes the script run again) and wait until that run has finished.

    A real condition, not a pause: the script-state attribute is watched from before the action,
    so a run that starts late, or one that ends before anyone looks, is never missed.
    """
    page.evaluate(_WATCH_RUNS)
    action()
    page.wait_for_function("() => window.__clRunChanges > 0", timeout=RERUN_TIMEOUT_MS)
    page.wait_for_selector(APP_IDLE, timeout=RERUN_TIMEOUT_MS)


def wait_for_idle(page) -> None:
    """Wait until the script has finished its run (for pages that draw no charts)."""
    page.wait_for_timeout(SETTLE_MS)
    page.wait_for_selector(APP_IDLE, timeout=RERUN_TIMEOUT_MS)


def open_page(page, url: str, ready: str) -> None:
    """Open ``url`` and wait until ``ready`` is on the page and the script is idle."""
    page.goto(url)
    page.wait_for_selector(ready, timeout=RERUN_TIMEOUT_MS)
    wait_for_idle(page)


def axe_violations(page, impacts: frozenset[str] = BLOCKING_IMPACTS) -> list[dict]:
    """Run axe-core (vendored, test-only) on the page; return violations of these impacts."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_SCRIPT.read_text(encoding="utf-8"))
    return [v for v in page.evaluate(_AXE_RUN) if v["impact"] in impacts]


def describe_violations(violations: list[dict]) -> str:
    """Return axe violations as readable lines for an assertion message."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['impact']} {violation['id']}: {violation['help']}")
        lines.extend(f"    {n['target']}: {n['html']}" for n in violation["nodes"])
    return "\n".join(lines)
