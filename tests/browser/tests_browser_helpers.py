"""Page helpers for the browser tests: waiting for reruns, clicking chart bars, reading counts."""

from __future__ import annotations

import re

APP_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
CHARTS_DRAWN = "document.querySelectorAll(\"[data-testid='stPlotlyChart'] .main-svg\").length >= 5"
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
