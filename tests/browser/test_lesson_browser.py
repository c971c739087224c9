"""The classroom kit in headless Chromium: the lesson step by step, the printed handout, the
word list's export and import, the glossary.

Screenshots of every lesson step and PNGs of every printed handout page go to the screenshot
folder (``$SCREENSHOT_DIR`` or ``artifacts/screenshots``): look at them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from tests_browser_helpers import (
    RERUN_TIMEOUT_MS,
    open_page,
    rerun_after,
    wait_for_idle,
    wait_idle,
)

pytestmark = pytest.mark.browser

OUTLET_NAMES = ("Associated Press", "SOFREP", "Times of Israel", "(AP)")
PDF_TOOLS = ("pdfinfo", "pdftoppm", "pdftotext")
PAGE_SIZES_PT = {"A4": (595.92, 842.88), "Letter": (612.0, 792.0)}
MIN_PAGES, MAX_PAGES = 3, 12
RENDER_DPI = 60


def lesson_url(base: str) -> str:
    return f"{base}/lesson"


def next_step(page, title: str, ready: str) -> None:
    """Press the Next button to the step called ``title``, wait for ``ready`` (drawn only by
    that step, so only by the new run) and for the run to finish: no fixed pause."""
    page.get_by_role("button", name=f"Next: {title}").click()
    page.wait_for_selector(ready, timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)


STUDENT_MARKS = ".cl-text mark.ag-you"


def mark_word(page, position: int, word: str) -> None:
    """Mark a word with the keyboard only: focus the box, type, Enter, Escape.

    Waits for what the mark does, not for a while: its chip in the box, and the rerun that
    underlines the word in the text.
    """
    widget = f".st-key-lesson_marks_{position}"
    chips_before = page.locator(f"{widget} [data-tag]").count()
    marks_before = page.locator(STUDENT_MARKS).count()
    page.locator(f"{widget} input").focus()
    page.keyboard.type(word)
    page.keyboard.press("Enter")
    for selector, before in ((f"{widget} [data-tag]", chips_before), (STUDENT_MARKS, marks_before)):
        page.wait_for_function(
            "([sel, n]) => document.querySelectorAll(sel).length > n",
            arg=[selector, before],
            timeout=RERUN_TIMEOUT_MS,
        )
    page.keyboard.press("Escape")
    wait_idle(page)


def guess(page, question: str, answer: str) -> None:
    """Answer a prediction question; wait for the run it causes and for the choice to show."""
    widget = f".st-key-lesson_guess_{question}"
    rerun_after(page, page.locator(widget).get_by_text(answer, exact=True).click)
    page.wait_for_function(
        "([sel, name]) => [...document.querySelectorAll(sel + ' input[type=radio]')]"
        ".some(r => r.checked && r.closest('label').innerText.trim() === name)",
        arg=[widget, answer],
        timeout=RERUN_TIMEOUT_MS,
    )


def visible_text(page) -> str:
    return page.locator("[data-testid='stApp']").inner_text()


def shown_height(page) -> None:
    """Let the page grow to its full height for a whole-page screenshot."""
    page.set_viewport_size({"width": 1600, "height": 2600})


def test_lesson_step_by_step(page, dashboard_url: str, screenshot_dir: Path) -> None:
    open_page(page, lesson_url(dashboard_url), ".ls-intro")
    text = visible_text(page)
    for name in OUTLET_NAMES:
        assert name not in text, f"{name} visible while reading blind"
    assert "Article A" in text and "[outlet]" in text
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=screenshot_dir / "lesson-1-read.png")

    next_step(page, "2 · Predict", ".st-key-lesson_marks_0")
    mark_word(page, 0, "ruthless")
    mark_word(page, 0, "desperate")
    mark_word(page, 1, "debunked")
    mark_word(page, 1, "Taliban")
    assert page.locator(STUDENT_MARKS).count() >= 10
    guess(page, "loaded", "Article B")
    guess(page, "quotes", "Article B")
    text = visible_text(page)
    for name in OUTLET_NAMES:
        assert name not in text, f"{name} visible while predicting"
    page.screenshot(path=screenshot_dir / "lesson-2-predict.png")

    next_step(page, "3 · Reveal", ".ls-legend")
    text = visible_text(page)
    assert "Article A was Associated Press" in text and "Article B was SOFREP" in text
    assert page.locator(".cl-text mark.ag-both").count() >= 3
    assert page.locator(".cl-text mark.ag-tool").count() >= 10
    assert "You and the tool agree" in text and "The tool measured otherwise" in text
    shown_height(page)
    page.screenshot(path=screenshot_dir / "lesson-3-reveal.png")

    next_step(page, "4 · Discuss", ".ls-card")
    assert page.locator("li.ls-card").count() >= 8
    assert "I was not going to extend this forever war" in visible_text(page)
    page.screenshot(path=screenshot_dir / "lesson-4-discuss.png")


def test_keyboard_moves_through_highlights(page, dashboard_url: str) -> None:
    open_page(page, lesson_url(dashboard_url), ".ls-intro")
    next_step(page, "2 · Predict", ".st-key-lesson_marks_0")
    next_step(page, "3 · Reveal", ".ls-legend")
    page.locator(".cl-text[role='region']").first.focus()
    seen = []
    for _ in range(3):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                "() => { const e = document.activeElement;"
                " const marks = [...document.querySelectorAll('.cl-text mark[tabindex]')];"
                " return [e.tagName, marks.indexOf(e), e.getAttribute('data-tip') || '',"
                " getComputedStyle(e, '::after').content]; }"
            )
        )
    assert [index for _, index, _, _ in seen] == [0, 1, 2], "each Tab reaches the next highlight"
    for tag, _, tip, shown in seen:
        assert tag == "MARK" and tip
        assert shown.strip('"').split("\\a")[0] in tip, "the explanation shows on focus"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def download_html(page, container: str, path: Path) -> Path:
    """Press the download button in ``container`` and save the file it gives to ``path``.

    Waits for real conditions only: the button is visible and enabled, the download has
    finished without an error, and the file is a whole HTML document. The lesson's download
    buttons do not rerun the script (``on_click="ignore"``), so the file the button points to
    cannot be replaced by a rerun while the browser fetches it.
    """
    button = page.locator(container).get_by_role("button")
    button.wait_for(state="visible", timeout=RERUN_TIMEOUT_MS)
    page.wait_for_function(
        "selector => { const b = document.querySelector(selector + ' button');"
        " return b !== null && !b.disabled; }",
        arg=container,
        timeout=RERUN_TIMEOUT_MS,
    )
    with page.expect_download(timeout=RERUN_TIMEOUT_MS) as download:
        button.click()
    assert download.value.failure() is None, download.value.failure()
    download.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    return path


def _require_pdf_tools() -> None:
    missing = [tool for tool in PDF_TOOLS if shutil.which(tool) is None]
    if missing and os.environ.get("CI"):
        pytest.fail(f"missing {', '.join(missing)}: install Debian's poppler-utils")
    if missing:
        pytest.skip(f"missing {', '.join(missing)} (apt-get install poppler-utils)")


def _pdf_pages(pdf: Path) -> tuple[int, tuple[float, float]]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))
    width, height = re.search(
        r"^Page size:\s+([\d.]+) x ([\d.]+)", info.stdout, re.MULTILINE
    ).groups()
    return pages, (float(width), float(height))


def _print(browser, document: Path, out: Path, paper: str) -> tuple[int, str]:
    """Print a saved HTML file to PDF as Chromium does; return its pages and text."""
    context = browser.new_context()
    try:
        printer = context.new_page()
        printer.goto(document.as_uri())
        printer.emulate_media(media="print")
        printer.pdf(path=out, format=paper)
    finally:
        context.close()
    pages, size = _pdf_pages(out)
    assert size == pytest.approx(PAGE_SIZES_PT[paper], abs=1.0)
    subprocess.run(
        ["pdftoppm", "-r", str(RENDER_DPI), "-png", str(out), str(out.with_suffix(""))],
        check=True,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    return pages, text


def test_handout_prints_on_a4_and_letter(
    page, browser, dashboard_url: str, screenshot_dir: Path, tmp_path: Path
) -> None:
    _require_pdf_tools()
    open_page(page, lesson_url(dashboard_url), ".ls-intro")
    for title, ready in (("2 · Predict", ".st-key-lesson_marks_0"), ("3 · Reveal", ".ls-legend")):
        next_step(page, title, ready)
    next_step(page, "4 · Discuss", ".ls-card")
    handout = download_html(page, ".st-key-lesson_handout", tmp_path / "handout.html")
    markup = handout.read_text(encoding="utf-8")
    assert "<script" not in markup and not re.search(r"\b(?:src|href)=", markup)
    worksheet = download_html(page, ".st-key-lesson_worksheet", tmp_path / "worksheet.html")

    for paper in ("A4", "Letter"):
        pdf = screenshot_dir / f"handout-{paper}.pdf"
        pages, text = _print(browser, handout, pdf, paper)
        assert MIN_PAGES <= pages <= MAX_PAGES, pages
        assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
        for expected in (
            "Article A: Associated Press",
            "Article B: SOFREP",
            "How to read the marks",
            "The figures",
            "forever war",
            "Name:",
        ):
            assert expected in text, (paper, expected)
        assert len(list(screenshot_dir.glob(f"handout-{paper}-*.png"))) == pages
    pdf = screenshot_dir / "worksheet-A4.pdf"
    pages, text = _print(browser, worksheet, pdf, "A4")
    assert MIN_PAGES - 1 <= pages <= MAX_PAGES
    assert "Which article quotes people more?" in text
    for name in OUTLET_NAMES:
        assert name not in text, name


def uploaded(page, name: str) -> None:
    """Wait until the uploader lists the file ``name`` (uploads reach the server on their own)."""
    box = page.locator("[class*='st-key-lexicon_upload_']")
    box.get_by_text(name, exact=True).wait_for(timeout=RERUN_TIMEOUT_MS)
    wait_for_idle(page)


def test_word_list_export_and_import(page, dashboard_url: str, tmp_path: Path) -> None:
    open_page(page, f"{dashboard_url}/words", "[data-testid='stDataFrame']")
    page.locator(".st-key-lexicon_term input").fill("forever war")
    page.get_by_role("button", name="Add to the list").click()
    page.wait_for_selector(".cl-lx-ok", timeout=RERUN_TIMEOUT_MS)
    wait_for_idle(page)
    assert "Added “forever war”" in page.locator(".cl-lx-ok").inner_text()

    with page.expect_download(timeout=RERUN_TIMEOUT_MS) as download:
        page.get_by_role("button", name="Download the word list (CSV)").click()
    saved = tmp_path / "terms.csv"
    download.value.save_as(saved)
    exported = saved.read_text(encoding="utf-8")
    assert exported.splitlines()[1].startswith("forever war,charged,")

    broken = tmp_path / "broken.csv"
    broken.write_text("term,category,alternative,source,note\nwar,nope,,project,\n", "utf-8")
    upload = page.locator("[class*='st-key-lexicon_upload_'] input[type='file']")
    upload.set_input_files(str(broken))
    uploaded(page, "broken.csv")
    page.get_by_role("button", name="Use the uploaded files").click()
    page.wait_for_selector(".cl-lx-error", timeout=RERUN_TIMEOUT_MS)
    error = page.locator(".cl-lx-error").inner_text()
    assert "broken.csv: terms, line 2: unknown category 'nope'" in error

    wait_for_idle(page)
    page.wait_for_selector(".st-key-lexicon_upload_1", timeout=RERUN_TIMEOUT_MS)
    box = page.locator("[class*='st-key-lexicon_upload_']")
    assert box.get_by_text("broken.csv").count() == 0, "the uploader is emptied after each import"
    upload.set_input_files(str(saved))
    uploaded(page, "terms.csv")
    page.get_by_role("button", name="Use the uploaded files").click()
    page.wait_for_selector(".cl-lx-ok", timeout=RERUN_TIMEOUT_MS)
    assert "Loaded terms.csv" in page.locator(".cl-lx-ok").inner_text()


def test_glossary_shows_examples_from_the_story(
    page, dashboard_url: str, screenshot_dir: Path
) -> None:
    open_page(page, f"{dashboard_url}/glossary", ".gl-entry")
    assert page.locator(".gl-entry").count() >= 30
    assert page.locator("mark.gl").count() >= 20
    hedge = page.locator(".gl-entry", has_text="Hedge or doubt marker")
    assert hedge.locator("mark.gl").inner_text() == "perhaps"
    page.screenshot(path=screenshot_dir / "glossary.png")


def test_article_ids_leave_the_address_bar_while_reading_blind(page, dashboard_url: str) -> None:
    open_page(page, f"{dashboard_url}/lesson?articles=sofrep", "h1.cl-title")
    page.wait_for_function("() => !location.search.includes('articles=')", timeout=RERUN_TIMEOUT_MS)
    assert "sofrep" not in page.url.lower()


def test_a_term_added_on_the_word_list_is_marked_on_the_compare_page(
    page, dashboard_url: str
) -> None:
    open_page(page, f"{dashboard_url}/words", "[data-testid='stDataFrame']")
    page.locator(".st-key-lexicon_term input").fill("forever war")
    page.get_by_role("button", name="Add to the list").click()
    page.wait_for_selector(".cl-lx-ok", timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    page.locator("[data-testid='stSidebarNav']").get_by_text("Compare coverage", exact=True).click()
    page.wait_for_selector(".cl-text", timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    marked = page.locator(".cl-text mark.ld.cat-charged", has_text="forever war")
    assert marked.count() >= 1, "the teacher's term is marked on the main page"
    assert "forever war" in (marked.first.get_attribute("data-tip") or "")
