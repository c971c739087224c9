"""Hostile articles in headless Chromium: nothing a visitor pastes runs, and it shows literally.

Two articles whose text, headlines, outlets and title carry script tags, event-handler attributes,
``javascript:`` links, SVG and iframe payloads, CSS injection, Markdown and Streamlit directive
syntax are pasted and compared. Every payload that could run sets ``window.__pwned`` (or opens a
dialog); the test asserts that none did, that no payload became an element, and that the payload
text is on the page as written. A second browser context (another visitor) must not see the story.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests_browser_helpers import (
    RERUN_TIMEOUT_MS,
    compare_own,
    list_count,
    open_dashboard,
    open_input,
    paste_article,
    wait_idle,
)

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
TRAP = "window.__pwned = 0;"
PAYLOADS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1;alert(1)">',
    '<a href="javascript:window.__pwned=1">click me</a>',
    "[a markdown link](javascript:window.__pwned=1)",
    '<svg onload="window.__pwned=1"><circle r="9"></circle></svg>',
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    '<iframe src="javascript:parent.__pwned=1"></iframe>',
    "<style>body{display:none !important}</style>",
    '<div style="position:fixed;inset:0;background:red;z-index:99999">covered</div>',
    '"><script>window.__pwned=1</script><b title="',
    ":red[directive] :material/warning: $x^2$ **bold** __under__",
    "{{constructor.constructor('window.__pwned=1')()}}",
)
HEADLINE = '<script>window.__pwned=1</script>Plan <b onmouseover="window.__pwned=1">fails</b>'
OUTLETS = ('<svg onload="window.__pwned=1">Evil Outlet', ":red[Other] **Outlet**")
TITLE = '<img src=x onerror="window.__pwned=1"> :blue[Title] # not a heading'
INJECTED = (
    "[data-testid='stMain'] script, [data-testid='stMain'] img[src='x'],"
    " [data-testid='stMain'] iframe, [data-testid='stMain'] svg[onload],"
    " [onerror], [onload], [onmouseover], a[href^='javascript:'],"
    " [data-testid='stSidebar'] svg[onload]"
)


def hostile_body(number: int) -> str:
    """An article with every payload: alone on a line, inside a quotation and in a sentence."""
    news = (FIXTURES / "pasted.txt").read_text(encoding="utf-8").split("\n", 1)[1]
    lines = [
        f"Officials said the {p} plan was a disaster, and critics claimed it was brutal."
        for p in PAYLOADS
    ]
    quoted = [f"“This {p} is a catastrophe,” the minister said." for p in PAYLOADS[:4]]
    return "\n".join([news, *PAYLOADS, *lines, *quoted, f"Article number {number}."])


def _trap(page, dialogs: list[str]) -> None:
    page.add_init_script(TRAP)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))


def _assert_nothing_ran(page, dialogs: list[str]) -> None:
    page.wait_for_timeout(500)  # give anything that would run (onerror, onload) its moment
    assert dialogs == []
    for frame in page.frames:
        assert frame.evaluate("window.__pwned") in (0, None), frame.url
    assert page.locator(INJECTED).count() == 0
    assert page.evaluate("getComputedStyle(document.body).display") != "none"
    assert page.locator("[data-testid='stException']").count() == 0


def _visible_text(page, selector: str) -> str:
    return " ".join(page.locator(selector).all_inner_texts())


def test_hostile_articles_do_not_run_and_show_literally(
    browser, dashboard_url: str, screenshot_dir: Path
) -> None:
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    dialogs: list[str] = []
    try:
        page = context.new_page()
        page.set_default_timeout(RERUN_TIMEOUT_MS)
        _trap(page, dialogs)
        open_input(page, dashboard_url)
        for number, outlet in enumerate(OUTLETS, start=1):
            paste_article(page, hostile_body(number), outlet, HEADLINE)
        entries = _visible_text(page, "div.cl-in-entry")
        assert OUTLETS[0] in entries and HEADLINE[:40] in entries
        _assert_nothing_ran(page, dialogs)

        compare_own(page, TITLE)
        _assert_nothing_ran(page, dialogs)
        assert page.locator("h1.cl-title").inner_text() == TITLE
        texts = _visible_text(page, ".cl-text")
        for payload in PAYLOADS:
            assert payload in texts, payload
        assert HEADLINE in texts
        names = _visible_text(page, "h4.cl-article")
        assert OUTLETS[0] in names and OUTLETS[1] in names
        legends = " ".join(page.locator(".legendtext").all_text_contents())
        assert OUTLETS[0] in legends, "chart labels show the outlet literally"
        page.locator(".cl-text mark.q").first.hover()
        _assert_nothing_ran(page, dialogs)
        page.set_viewport_size({"width": 1600, "height": 3200})
        page.screenshot(path=screenshot_dir / "hostile-compared.png")
        page.set_viewport_size({"width": 1600, "height": 1000})

        page.get_by_role("link", name="Across the articles").click()
        page.wait_for_selector("h1.cl-title", timeout=RERUN_TIMEOUT_MS)
        page.wait_for_timeout(1000)
        wait_idle(page)
        _assert_nothing_ran(page, dialogs)
        assert page.locator("h1.cl-title").inner_text() == f"Across the articles: {TITLE}"
        assert PAYLOADS[0] in page.locator("[data-testid='stMain']").inner_text()
        page.set_viewport_size({"width": 1600, "height": 3200})
        page.screenshot(path=screenshot_dir / "hostile-across.png")
        page.set_viewport_size({"width": 1600, "height": 1000})
        shared_url = page.url

        other_context = browser.new_context(viewport={"width": 1600, "height": 1000})
        try:
            other = other_context.new_page()
            other.set_default_timeout(RERUN_TIMEOUT_MS)
            other_dialogs: list[str] = []
            _trap(other, other_dialogs)
            open_dashboard(other, dashboard_url)
            seen = other.locator("[data-testid='stApp']").inner_text()
            assert "Evil Outlet" not in seen and "Your articles:" not in seen
            other.goto(shared_url)
            other.wait_for_selector("h1.cl-title", timeout=RERUN_TIMEOUT_MS)
            wait_idle(other)
            seen = other.locator("[data-testid='stApp']").inner_text()
            assert "Evil Outlet" not in seen and TITLE not in seen
            open_input(other, dashboard_url)
            assert list_count(other) == 0
            _assert_nothing_ran(other, other_dialogs)
        finally:
            other_context.close()
    finally:
        context.close()
