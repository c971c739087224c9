"""The "Your articles" page in Streamlit's AppTest: paste, upload, fetch, reopen, compare.

AppTest cannot follow ``st.switch_page`` between function pages, so a small harness app draws the
input page until it asks for the compare page, then draws the compare page in the same session.
No test reaches the network: web-address tests use private addresses (refused by the guard) or a
guard whose name lookups fail as they do offline.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.corpus import MAX_ARTICLE_CHARS
from analysis.ingest import MAX_ARTICLES, article_from_paste
from ui import input_page
from ui.input_page import (
    KEY_DRAFT,
    KEY_PASTE_ADD,
    KEY_PASTE_HEADLINE,
    KEY_PASTE_OUTLET,
    KEY_PASTE_TEXT,
    KEY_URL,
    KEY_URL_FETCH,
    new_draft_article,
)
from ui.story_source import KEY_OWN_STORY, KEY_STORY, OWN_STORY_ID, OwnStory

TIMEOUT_S = 60
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "2021-09-01-pentagon-briefing"
GO = "harness_page"


def harness() -> None:
    """Draw the input page; after Compare or a reopened file, draw the compare page."""
    import streamlit as st

    import dashboard
    from ui import input_page
    from ui.highlight import highlight_css

    def go_compare() -> None:
        st.session_state["harness_page"] = "compare"
        st.rerun()

    st.html(highlight_css())
    if st.session_state.get("harness_page") == "compare":
        dashboard.compare_page()
    else:
        input_page.render(go_compare)


def body(name: str) -> str:
    """The body of a bundled corpus article (after its header)."""
    return (CORPUS / name).read_text(encoding="utf-8").split("\n---\n", 1)[1]


def html_of(at: AppTest) -> str:
    return "".join(h.proto.body for h in at.get("html"))


def messages(at: AppTest, level: str) -> list[str]:
    return [h.proto.body for h in at.get("html") if f'class="cl-in-{level}"' in h.proto.body]


def paste(at: AppTest, text: str, outlet: str = "", headline: str = "") -> AppTest:
    at.text_area(key=KEY_PASTE_TEXT).input(text)
    at.text_input(key=KEY_PASTE_OUTLET).input(outlet)
    at.text_input(key=KEY_PASTE_HEADLINE).input(headline)
    return at.button(key=KEY_PASTE_ADD).click().run()


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_function(harness, default_timeout=TIMEOUT_S)
    app.run()
    assert not app.exception
    return app


def test_two_pasted_articles_are_compared_as_the_sessions_own_story(at: AppTest) -> None:
    paste(at, body("ap.txt"), "Wire Service", "General says strikes possible")
    assert not at.exception
    assert at.text_area(key=KEY_PASTE_TEXT).value == "", "the form empties for the next article"
    assert messages(at, "ok") and "Added" in messages(at, "ok")[0]
    assert at.button(key="in_compare").disabled
    paste(at, body("sofrep.txt"), "Analysis Site")
    assert not at.button(key="in_compare").disabled
    at.text_input(key="in_title").input("Milley briefing").run()
    at.button(key="in_compare").click().run()
    assert not at.exception
    assert at.session_state[GO] == "compare"
    assert isinstance(at.session_state[KEY_OWN_STORY], OwnStory)
    assert at.selectbox(key=KEY_STORY).value == OWN_STORY_ID
    assert at.multiselect(key="articles").value == ["wire-service", "analysis-site"]
    page = html_of(at)
    assert 'class="cl-title">Milley briefing</h1>' in page
    assert "Only you can see them" in page
    assert page.count('class="cl-text') == 2
    assert len(at.get("plotly_chart")) == 5
    assert len(at.dataframe[0].value) > 10
    assert [b for b in at.get("download_button") if "Save this comparison" in b.proto.label]


def test_an_empty_paste_says_so_and_keeps_what_was_typed(at: AppTest) -> None:
    paste(at, "   ", "Kept Outlet", "Kept headline")
    errors = messages(at, "error")
    assert len(errors) == 1 and "empty" in errors[0]
    assert at.text_input(key=KEY_PASTE_OUTLET).value == "Kept Outlet"
    assert at.text_input(key=KEY_PASTE_HEADLINE).value == "Kept headline"
    assert at.session_state[KEY_DRAFT] == []


def test_a_text_over_the_limit_names_the_limit_and_stays_in_the_box(at: AppTest) -> None:
    text = "Word and word. " * (MAX_ARTICLE_CHARS // 15 + 10)
    paste(at, text)
    errors = messages(at, "error")
    assert len(errors) == 1
    assert f"{MAX_ARTICLE_CHARS:,}" in errors[0] and "split it" in errors[0]
    assert at.text_area(key=KEY_PASTE_TEXT).value == text


def test_a_seventh_article_is_refused_with_the_limit(at: AppTest) -> None:
    pasted = (FIXTURES / "pasted.txt").read_text(encoding="utf-8")
    entries = []
    for uid in range(MAX_ARTICLES):
        entry, _ = new_draft_article(entries, article_from_paste(pasted), "pasted text", uid)
        entries.append(entry)
    at.session_state[KEY_DRAFT] = entries
    at.session_state["in_next_uid"] = MAX_ARTICLES
    paste(at, pasted + " One more sentence.")
    errors = messages(at, "error")
    assert len(errors) == 1 and f"limit of {MAX_ARTICLES}" in errors[0]
    assert at.text_area(key=KEY_PASTE_TEXT).value.endswith("One more sentence.")
    assert len(at.session_state[KEY_DRAFT]) == MAX_ARTICLES
    at.button(key=f"in_remove_{entries[0].uid}").click().run()
    assert len(at.session_state[KEY_DRAFT]) == MAX_ARTICLES - 1


def test_odd_pastes_are_added_with_warnings_and_notes(at: AppTest) -> None:
    odd = "\x00\x07 " + "<p>Officials 😀 said\u202e the plan “was bad " * 81
    paste(at, odd, "Odd")
    assert not at.exception
    ok = messages(at, "ok")
    assert len(ok) == 1
    assert "control character" in ok[0] or "NUL" in ok[0]
    assert "Quotation marks" in ok[0]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8501/", "loopback"),
        ("http://192.168.1.1/admin", "private"),
        ("file:///etc/passwd", "only http:// and https://"),
        ("javascript:alert(1)", "only http:// and https://"),
        ("", "No address given"),
    ],
)
def test_refused_addresses_give_a_message_and_keep_both_forms(
    at: AppTest, url: str, expected: str
) -> None:
    at.text_area(key=KEY_PASTE_TEXT).input("A draft the teacher is still writing.")
    at.text_input(key=KEY_URL).input(url)
    at.button(key=KEY_URL_FETCH).click().run()
    assert not at.exception
    errors = messages(at, "error")
    assert len(errors) == 1 and expected in errors[0]
    assert at.text_input(key=KEY_URL).value == url
    assert at.text_area(key=KEY_PASTE_TEXT).value == "A draft the teacher is still writing."


def _offline_resolver(host: str, port: int) -> list[str]:
    raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")


def test_offline_fetch_says_so_and_keeps_the_address(
    at: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analysis.urlguard import UrlGuard

    monkeypatch.setattr(input_page, "DEFAULT_GUARD", UrlGuard(resolver=_offline_resolver))
    at.text_input(key=KEY_URL).input("https://news.example.com/story")
    at.button(key=KEY_URL_FETCH).click().run()
    errors = messages(at, "error")
    assert len(errors) == 1 and "offline" in errors[0]
    assert at.text_input(key=KEY_URL).value == "https://news.example.com/story"


def test_a_site_that_refuses_the_connection_gives_a_message(
    at: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analysis.urlguard import UrlGuard

    with socket.socket() as sock:  # a loopback port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setattr(input_page, "DEFAULT_GUARD", UrlGuard(allow=[f"127.0.0.1:{port}"]))
    url = f"http://127.0.0.1:{port}/news"
    at.text_input(key=KEY_URL).input(url)
    at.button(key=KEY_URL_FETCH).click().run()
    errors = messages(at, "error")
    assert len(errors) == 1 and "refused" in errors[0]
    assert at.text_input(key=KEY_URL).value == url


def test_uploads_are_read_once_with_a_message_per_file(at: AppTest) -> None:
    files = [
        ("article.docx", (FIXTURES / "article.docx").read_bytes(), "application/octet-stream"),
        ("picture.png", (FIXTURES / "picture.png").read_bytes(), "image/png"),
        ("binary.txt", (FIXTURES / "binary.txt").read_bytes(), "text/plain"),
        ("old-word.doc", (FIXTURES / "old-word.doc").read_bytes(), "application/msword"),
    ]
    at.file_uploader(key="in_upload_0").set_value(files).run()
    assert not at.exception
    assert len(at.session_state[KEY_DRAFT]) == 1
    errors = messages(at, "error")
    assert len(errors) == 3
    assert any("picture.png" in e and "picture" in e for e in errors)
    assert any("old-word.doc" in e and ".docx" in e for e in errors)
    assert at.file_uploader(key="in_upload_0").value, "the files stay in the uploader"
    at.run()
    assert len(at.session_state[KEY_DRAFT]) == 1, "a file is read once"


def test_good_uploads_empty_the_uploader_and_are_reported(at: AppTest) -> None:
    files = [
        ("article.txt", (FIXTURES / "article.txt").read_bytes(), "text/plain"),
        ("article.pdf", (FIXTURES / "article.pdf").read_bytes(), "application/pdf"),
    ]
    at.file_uploader(key="in_upload_0").set_value(files).run()
    assert not at.exception
    assert len(at.session_state[KEY_DRAFT]) == 2
    assert at.session_state["in_upload_round"] == 1
    assert len(messages(at, "ok")) == 2
    assert not at.button(key="in_compare").disabled


def test_a_saved_comparison_reopens_as_its_view(at: AppTest) -> None:
    data = (FIXTURES / "saved-comparison.json").read_bytes()
    at.file_uploader(key="in_bundle_0").set_value(("sea.json", data, "application/json")).run()
    assert not at.exception
    assert at.session_state[GO] == "compare"
    assert at.selectbox(key=KEY_STORY).value == OWN_STORY_ID
    page = html_of(at)
    assert 'class="cl-title">Harbour Town sea wall vote</h1>' in page
    assert "lexicon version 000000000000" in page, "the saved lexicon differs: a note says so"
    assert page.count('class="cl-text') == 2


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("x.json", b"\x00\x01binary", "not a saved comparison"),
        ("x.json", b'{"schema": "coverage-lens-bundle/9"}', "newer version"),
        ("x.json", b"[1, 2", "invalid JSON"),
    ],
)
def test_a_bad_saved_file_gives_a_message(at: AppTest, name: str, data: bytes, expected: str):
    at.file_uploader(key="in_bundle_0").set_value((name, data, "application/json")).run()
    assert not at.exception
    errors = messages(at, "error")
    assert len(errors) == 1 and expected in errors[0]
    assert GO not in at.session_state


HOSTILE = (
    '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1"> '
    "*emphasis* :red[red] [link](javascript:alert(1)) $x^2$"
)


def test_hostile_text_reaches_the_page_escaped(at: AppTest) -> None:
    text = f"{HOSTILE}\n" + (FIXTURES / "pasted.txt").read_text(encoding="utf-8")
    paste(at, text, HOSTILE, HOSTILE)
    paste(at, body("ap.txt"), "Second <b>outlet</b>")
    at.text_input(key="in_title").input(HOSTILE).run()
    at.button(key="in_compare").click().run()
    assert not at.exception
    page = html_of(at)
    assert "<script" not in page and "<img" not in page and "<b>outlet" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert not at.markdown, "no user text goes through Markdown"
    for chart in at.get("plotly_chart"):
        assert "<script" not in chart.proto.spec and "<b>outlet" not in chart.proto.spec


def test_another_session_does_not_see_this_sessions_story(at: AppTest) -> None:
    paste(at, body("ap.txt"), "Only Mine")
    paste(at, body("sofrep.txt"), "Also Mine")
    at.button(key="in_compare").click().run()
    assert at.selectbox(key=KEY_STORY).value == OWN_STORY_ID

    other = AppTest.from_function(harness, default_timeout=TIMEOUT_S)
    other.session_state[GO] = "compare"
    other.run()
    assert not other.exception
    assert OWN_STORY_ID not in other.selectbox(key=KEY_STORY).options
    assert "Only Mine" not in html_of(other)


def test_an_upload_over_the_limit_names_the_limit_and_what_to_do(at: AppTest) -> None:
    from analysis.ingest import MAX_UPLOAD_BYTES

    assert input_page.UPLOAD_LIMIT_MB * 1_000_000 > MAX_UPLOAD_BYTES, "our message shows first"
    big = b"word " * (MAX_UPLOAD_BYTES // 5 + 1)
    at.file_uploader(key="in_upload_0").set_value(("big.txt", big, "text/plain")).run()
    errors = messages(at, "error")
    assert len(errors) == 1
    assert f"{MAX_UPLOAD_BYTES:,}" in errors[0] and "split the file" in errors[0]
    assert at.session_state[KEY_DRAFT] == []


def test_back_on_the_input_page_the_comparison_can_be_shown_again(at: AppTest) -> None:
    paste(at, body("ap.txt"), "One")
    paste(at, body("sofrep.txt"), "Two")
    assert not [b for b in at.button if b.key == "in_show_own"]
    at.button(key="in_compare").click().run()
    at.session_state[GO] = "input"
    at.run()
    analysed = at.session_state[KEY_OWN_STORY]
    at.button(key="in_show_own").click().run()
    assert at.session_state[GO] == "compare"
    assert at.session_state[KEY_OWN_STORY] is analysed, "not analysed again"
    assert html_of(at).count('class="cl-text') == 2
    at.session_state[GO] = "input"
    at.run()
    paste(at, (FIXTURES / "pasted.txt").read_text(encoding="utf-8"), "Three")
    assert "changed since you compared" in "".join(messages(at, "info"))
    assert not [b for b in at.button if b.key == "in_show_own"]
