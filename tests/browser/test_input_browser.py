"""Bring your own articles in headless Chromium: paste, compare, click, save, reopen; errors keep
the form. No test reaches the network: the refused address is a private one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests_browser_helpers import (
    PASTE_HEADLINE,
    PASTE_OUTLET,
    PASTE_TEXT,
    RERUN_TIMEOUT_MS,
    SAVE_SIDEBAR,
    URL_FETCH,
    URL_INPUT,
    click_largest_bar,
    compare_own,
    evidence_counts,
    list_count,
    open_input,
    paste_article,
    rerun_after,
    selected_mark_count,
    wait_for_rerun,
    wait_idle,
)

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus" / "2021-09-01-pentagon-briefing"
FIXTURES = REPO / "tests" / "fixtures" / "ingest"
OPEN_TAB = "Open a saved comparison"


def body(name: str) -> str:
    """The body of a bundled article, as a teacher would paste it."""
    return (CORPUS / name).read_text(encoding="utf-8").split("\n---\n", 1)[1]


def _tall_screenshot(page, path: Path, height: int = 1500) -> None:
    """Screenshot the page at a taller viewport (Streamlit scrolls inside the page)."""
    page.set_viewport_size({"width": 1600, "height": height})
    page.wait_for_timeout(500)
    page.screenshot(path=path)
    page.set_viewport_size({"width": 1600, "height": 1000})


def test_paste_compare_click_save_and_reopen(
    page, browser, dashboard_url: str, screenshot_dir: Path, tmp_path: Path
) -> None:
    open_input(page, dashboard_url)
    assert page.locator("[data-testid='stException']").count() == 0
    assert list_count(page) == 0
    paste_article(page, body("ap.txt"), "Wire Service", "General says strikes possible")
    paste_article(page, body("sofrep.txt"), "Analysis Site")
    assert page.locator(PASTE_TEXT).input_value() == "", "the form empties for the next article"
    _tall_screenshot(page, screenshot_dir / "input-page.png")

    compare_own(page, "Milley briefing, my copy")
    assert page.locator("h1.cl-title").inner_text() == "Milley briefing, my copy"
    assert page.locator(".cl-text").count() == 2
    assert page.locator("[data-testid='stException']").count() == 0
    click_largest_bar(page, "categories")
    page.wait_for_selector(".cl-text mark.sel", timeout=RERUN_TIMEOUT_MS)
    wait_for_rerun(page)
    view = (selected_mark_count(page), evidence_counts(page))
    assert view[0] >= 1 and 0 < view[1][0] < view[1][1]
    _tall_screenshot(page, screenshot_dir / "input-compared.png", 2600)

    with page.expect_download(timeout=RERUN_TIMEOUT_MS) as download:
        page.locator(SAVE_SIDEBAR).first.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert document["schema"] == "coverage-lens-bundle/1"
    assert [a["outlet"] for a in document["articles"]] == ["Wire Service", "Analysis Site"]
    assert document["settings"]["selection"]["sel"] == "category"

    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    try:
        fresh = context.new_page()
        fresh.set_default_timeout(RERUN_TIMEOUT_MS)
        open_input(fresh, dashboard_url)
        fresh.get_by_role("tab", name=OPEN_TAB).click()
        fresh.locator(".st-key-in_bundle_0 input[type='file']").set_input_files(str(saved))
        fresh.wait_for_selector(".cl-text mark.sel", timeout=RERUN_TIMEOUT_MS)
        wait_for_rerun(fresh)
        assert fresh.locator("h1.cl-title").inner_text() == "Milley briefing, my copy"
        assert (selected_mark_count(fresh), evidence_counts(fresh)) == view
        assert fresh.locator("[data-testid='stException']").count() == 0
    finally:
        context.close()


def test_errors_keep_the_form_filled(page, dashboard_url: str, screenshot_dir: Path) -> None:
    open_input(page, dashboard_url)
    draft = "A draft of an article the teacher is still pasting."
    page.locator(PASTE_TEXT).fill(draft)
    page.locator(PASTE_OUTLET).fill("Kept outlet")
    page.locator(PASTE_HEADLINE).fill("Kept headline")
    page.locator(PASTE_HEADLINE).press("Enter")
    wait_idle(page)
    page.get_by_role("tab", name="From a web address").click()
    page.locator(URL_INPUT).fill("http://127.0.0.1:8501/admin")
    page.locator(URL_FETCH).click()
    error = page.locator("div.cl-in-error")
    error.wait_for(timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    assert "loopback" in error.inner_text() and "only public web sites" in error.inner_text()
    assert page.locator(URL_INPUT).input_value() == "http://127.0.0.1:8501/admin"
    _tall_screenshot(page, screenshot_dir / "input-error-kept.png")

    page.get_by_role("tab", name="Paste text").click()
    assert page.locator(PASTE_TEXT).input_value() == draft
    assert page.locator(PASTE_OUTLET).input_value() == "Kept outlet"
    assert page.locator(PASTE_HEADLINE).input_value() == "Kept headline"

    page.get_by_role("tab", name="Upload files").click()
    page.locator(".st-key-in_upload_0 input[type='file']").set_input_files(
        [str(FIXTURES / "picture.png"), str(FIXTURES / "article.txt")]
    )
    page.get_by_text("Your list: 1 of").wait_for(timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    errors = page.locator("div.cl-in-error").all_inner_texts()
    assert any("picture.png" in e and "paste its text" in e for e in errors)
    assert page.locator(PASTE_TEXT).input_value() == draft, "the paste box is still filled"
    assert page.locator("[data-testid='stException']").count() == 0


def test_the_form_and_the_list_survive_a_visit_to_another_page(page, dashboard_url: str) -> None:
    open_input(page, dashboard_url)
    draft = "Half-pasted text the teacher will come back to."
    page.locator(PASTE_TEXT).fill(draft)
    page.locator(PASTE_OUTLET).fill("Outlet typed before leaving")
    rerun_after(page, lambda: page.locator(PASTE_OUTLET).press("Enter"))
    page.get_by_role("tab", name="Upload files").click()
    page.locator(".st-key-in_upload_0 input[type='file']").set_input_files(
        str(FIXTURES / "article.txt")
    )
    page.get_by_text("Your list: 1 of").wait_for(timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    page.get_by_role("link", name="Methods").click()
    page.wait_for_selector("text=Tone is not bias", timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    page.get_by_role("link", name="Your articles").click()
    page.wait_for_selector(PASTE_TEXT, timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    assert list_count(page) == 1
    assert page.locator(PASTE_TEXT).input_value() == draft
    assert page.locator(PASTE_OUTLET).input_value() == "Outlet typed before leaving"
