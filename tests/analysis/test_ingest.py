"""Bring your own articles: every format becomes the same article; bad input gets a clear message.

The fixtures in ``tests/fixtures/ingest/`` are made by ``make_fixtures.py`` from one short,
made-up article, so each format can be checked against the same words.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from analysis.corpus import MAX_ARTICLE_CHARS, InputError, parse_article
from analysis.ingest import (
    MAX_ARTICLES,
    MAX_DOCX_UNPACKED_BYTES,
    MAX_HTML_CHARS,
    MAX_UPLOAD_BYTES,
    article_from_html,
    article_from_paste,
    article_from_upload,
    decode_html,
    extract_html_builtin,
    pdf_paragraphs,
    slug,
    story_from_articles,
)
from analysis.model import Article, ArticleMeta
from analysis.pipeline import analyse_article, analyse_story

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"
REFERENCE = parse_article((FIXTURES / "article.txt").read_text(encoding="utf-8"), "reference")
HEADLINE = REFERENCE.meta.headline


def upload(name: str):
    return article_from_upload(name, (FIXTURES / name).read_bytes())


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


# --- every format gives the same article ----------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "article.txt",
        "article.md",
        "pasted.txt",
        "utf16.txt",
        "controls.txt",
        "article.html",
        "cp1252.html",
        "article.docx",
        "article.pdf",
    ],
)
def test_each_format_yields_the_reference_headline_and_body(name: str) -> None:
    result = upload(name)
    assert result.article.meta.headline == HEADLINE
    assert words(result.article.body) == words(REFERENCE.body)
    assert result.article.meta.id == slug(Path(name).stem)


def test_the_corpus_format_keeps_its_header_fields() -> None:
    meta = upload("article.txt").article.meta
    assert (meta.outlet, meta.byline, meta.date, meta.kind) == (
        "Harbour Town Gazette",
        "Ada Quill",
        "2024-03-05",
        "news report",
    )


def test_pdf_lines_are_joined_back_into_the_original_paragraphs() -> None:
    result = upload("article.pdf")
    assert result.article.body.split("\n") == REFERENCE.body.split("\n")
    assert any("joined into paragraphs" in n for n in result.notices)
    assert any("page-number line" in n for n in result.notices)


def test_html_gives_metadata_and_leaves_out_page_furniture() -> None:
    result = upload("article.html")
    meta = result.article.meta
    assert (meta.outlet, meta.date, meta.byline) == (
        "Harbour Town Gazette",
        "2024-03-05",
        "Ada Quill",
    )
    for furniture in ("Most read", "Privacy policy", "Subscribe", "Home", "high tide"):
        assert furniture not in result.article.body
    assert any("extracted from the page" in n for n in result.notices)


def test_the_builtin_extractor_finds_the_same_article() -> None:
    found = extract_html_builtin((FIXTURES / "article.html").read_text(encoding="utf-8"))
    assert found["title"] == HEADLINE
    assert (found["sitename"], found["date"], found["author"]) == (
        "Harbour Town Gazette",
        "2024-03-05",
        "Ada Quill",
    )
    assert words(found["text"]) == words(REFERENCE.body)


def test_html_without_metadata_says_what_is_missing_and_names_the_outlet_by_host() -> None:
    html = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in REFERENCE.body.split("\n"))
    result = article_from_html(html + "</article></body></html>", "https://www.example.org/x/1")
    assert result.article.meta.outlet == "example.org"
    assert any(n.startswith("Not found on the page") and "date" in n for n in result.notices)


def test_docx_takes_the_title_paragraph_as_headline_and_reports_left_out_tables() -> None:
    result = upload("article.docx")
    assert any("1 table" in n for n in result.notices)
    assert "12.5 million dollars" in result.article.body  # from the text, not the table
    assert "Cost" not in result.article.body


def test_cp1252_text_is_read_with_a_notice() -> None:
    result = upload("cp1252.txt")
    assert "Café owners said “no”." in result.article.body
    assert any("Windows-1252" in n for n in result.notices)


def test_control_characters_are_removed_with_notices() -> None:
    result = upload("controls.txt")
    assert not any(c in result.article.body for c in "\x07\x1b\ufeff\u200b")
    assert "2 invisible control characters removed." in result.notices
    assert any("zero-width space" in n and "byte-order mark" in n for n in result.notices)


def test_a_guessed_headline_is_reported() -> None:
    result = upload("pasted.txt")
    assert any(HEADLINE in n and "headline" in n for n in result.notices)
    assert upload("article.txt").notices == []


# --- files that cannot become articles ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("binary.txt", "binary"),
        ("scanned.pdf", "scanned image"),
        ("protected.pdf", "password-protected"),
        ("not-really.pdf", "not a PDF file"),
        ("not-really.docx", "not a Word .docx file"),
        ("old-word.doc", "save it as .docx"),
        ("picture.png", "picture cannot be read"),
        ("empty-page.html", "no article text could be found"),
        ("header-only.txt", "no article text after the '---' line"),
        ("saved-comparison.json", "saved comparison"),
    ],
)
def test_unusable_files_get_a_one_line_message_naming_the_file(name: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        upload(name)
    text = str(caught.value)
    assert text.startswith(name)
    assert "\n" not in text


def test_unknown_suffixes_list_what_is_supported() -> None:
    with pytest.raises(InputError, match=r"'\.xyz' files are not supported; upload \.txt"):
        article_from_upload("notes.xyz", b"hello")
    with pytest.raises(InputError, match="without a type suffix"):
        article_from_upload("README", b"hello")


def test_a_pdf_named_as_text_is_read_as_pdf() -> None:
    result = article_from_upload("article.txt", (FIXTURES / "article.pdf").read_bytes())
    assert words(result.article.body) == words(REFERENCE.body)


def test_an_empty_upload_is_refused() -> None:
    with pytest.raises(InputError, match="empty"):
        article_from_upload("a.txt", b"")


def test_a_path_in_the_upload_name_is_not_shown_or_used() -> None:
    result = article_from_upload("C:\\Users\\me\\Desktop\\My Article!.txt", b"Some words here.")
    assert result.article.meta.id == "my-article"
    with pytest.raises(InputError) as caught:
        article_from_upload("../../etc/x.txt", b"")
    assert str(caught.value).startswith("x.txt:")


# --- limits: each message says the limit and what to do -------------------------------------------


def test_upload_size_limit() -> None:
    with pytest.raises(InputError) as caught:
        article_from_upload("big.txt", b"a" * (MAX_UPLOAD_BYTES + 1))
    assert f"{MAX_UPLOAD_BYTES:,}" in str(caught.value)
    assert "split" in str(caught.value)


@pytest.mark.parametrize("where", ["upload", "paste", "html"])
def test_article_length_limit(where: str) -> None:
    body = ("word " * (MAX_ARTICLE_CHARS // 5 + 10)).strip()
    with pytest.raises(InputError) as caught:
        if where == "upload":
            article_from_upload("long.txt", body.encode())
        elif where == "paste":
            article_from_paste(body)
        else:
            article_from_html(f"<article><p>{body}</p></article>")
    message = str(caught.value)
    assert f"{MAX_ARTICLE_CHARS:,}" in message
    assert "split it into several articles" in message


def test_an_article_just_under_the_limit_is_accepted() -> None:
    body = "word " * (MAX_ARTICLE_CHARS // 5 - 1)
    assert len(article_from_paste(body).article.body) <= MAX_ARTICLE_CHARS


def test_html_size_limit() -> None:
    with pytest.raises(InputError, match=f"{MAX_HTML_CHARS:,}.*paste it instead"):
        article_from_html("<p>" + "x" * MAX_HTML_CHARS + "</p>")


def test_a_docx_that_unpacks_too_large_is_refused_without_unpacking() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w/>" + b" " * (MAX_DOCX_UNPACKED_BYTES + 1))
    assert len(buffer.getvalue()) < MAX_UPLOAD_BYTES
    with pytest.raises(InputError, match=f"limit of {MAX_DOCX_UNPACKED_BYTES:,}"):
        article_from_upload("bomb.docx", buffer.getvalue())


def test_story_limits_and_unique_ids() -> None:
    articles = [article_from_paste(f"Text number {n}.").article for n in range(MAX_ARTICLES)]
    story = story_from_articles(articles, "My story")
    assert [a.meta.id for a in story.articles] == ["pasted"] + [
        f"pasted-{n}" for n in range(2, MAX_ARTICLES + 1)
    ]
    extra = [*articles, article_from_paste("One too many.").article]
    with pytest.raises(InputError, match=f"limit of {MAX_ARTICLES} per story; remove 1"):
        story_from_articles(extra)
    with pytest.raises(InputError, match="at least one"):
        story_from_articles([])


# --- pasted text ----------------------------------------------------------------------------------


def test_paste_with_typed_metadata() -> None:
    result = article_from_paste(
        REFERENCE.body, headline=HEADLINE, outlet="Gazette", date="2024-03-05", kind="news report"
    )
    meta = result.article.meta
    assert (meta.headline, meta.outlet, meta.date, meta.kind) == (
        HEADLINE,
        "Gazette",
        "2024-03-05",
        "news report",
    )
    assert result.article.body == REFERENCE.body
    assert result.notices == []


def test_paste_of_a_whole_corpus_file_uses_its_header() -> None:
    text = (FIXTURES / "article.txt").read_text(encoding="utf-8")
    result = article_from_paste(text, outlet="Typed outlet wins")
    assert result.article.meta.headline == HEADLINE
    assert result.article.meta.outlet == "Typed outlet wins"
    assert result.article.meta.byline == "Ada Quill"


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_paste_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        article_from_paste(text)


def test_metadata_is_one_clean_line_of_sensible_length() -> None:
    result = article_from_paste("Body text.", headline="A\x00 head\nline " + "x" * 600)
    headline = result.article.meta.headline
    assert "\x00" not in headline and "\n" not in headline
    assert headline.startswith("A head line x")
    assert len(headline) == 500
    assert any("cut to 500" in n for n in result.notices)


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01\x02 text with controls \x7f\x9b",
        "😀" * 50 + " emoji only " + "🇺🇸👨‍👩‍👧",
        "no sentence punctuation at all just words " * 40,
        "“an opening mark that never closes and goes on",
        "مرحبا بالعالم. هذا نص عربي.",
        "one enormous paragraph. " * 3_000,
        "<html><body><p>pasted html</p></body></html>",
        "\ufeff\u200b\u202e reversed?",
        "a",
    ],
)
def test_odd_pastes_analyse_without_a_crash(text: str) -> None:
    result = article_from_paste(text)
    analysis = analyse_article(result.article)
    assert analysis.text
    assert all(0 <= w.start < w.end <= len(analysis.text) for w in analysis.words)


def test_pasted_articles_form_a_story_that_analyses() -> None:
    first = article_from_paste(REFERENCE.body, headline=HEADLINE, outlet="Gazette").article
    second = upload("article.docx").article
    result = analyse_story(story_from_articles([first, second], "Sea wall"))
    assert [a.meta.id for a in result.articles] == ["pasted", "article"]
    assert result.table["word_count"].tolist()[0] == result.table["word_count"].tolist()[1]


# --- helpers --------------------------------------------------------------------------------------


def test_pdf_paragraphs_keep_hyphenated_words_and_headings() -> None:
    page = (
        "A headline for the page\n"
        "This is a long line of text that runs the full width of the column and\n"
        "continues here with a well-\n"
        "known phrase and ends on this line.\n"
        "Next paragraph starts here and is long enough to fill the column width too\n"
        "and ends.\n"
        "12"
    )
    text, notices = pdf_paragraphs([page])
    assert text.split("\n") == [
        "A headline for the page",
        "This is a long line of text that runs the full width of the column and continues here "
        "with a well-known phrase and ends on this line.",
        "Next paragraph starts here and is long enough to fill the column width too and ends.",
    ]
    assert "1 page-number line removed." in notices


@pytest.mark.parametrize(
    ("data", "charset", "expected"),
    [
        ("<p>Café “quoted”</p>".encode(), None, "<p>Café “quoted”</p>"),
        ("<p>Café “quoted”</p>".encode("cp1252"), None, "<p>Café “quoted”</p>"),
        ('<meta charset="iso-8859-1"><p>Café</p>'.encode("latin-1"), None, "Café"),
        ("<p>Café</p>".encode("utf-16"), None, "<p>Café</p>"),
        ("<p>Café</p>".encode("cp1252"), "windows-1252", "<p>Café</p>"),
        ("<p>Café</p>".encode(), "no-such-charset", "<p>Café</p>"),
    ],
)
def test_decode_html(data: bytes, charset: str | None, expected: str) -> None:
    text, _ = decode_html(data, charset)
    assert expected in text


def test_decode_html_refuses_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_html(b"\x00\x01\x02" * 100)


def test_slug() -> None:
    assert slug("My Article (final) v2") == "my-article-final-v2"
    assert slug("Ünïcödé") == "ncd"
    assert slug("!!!") == "article"
    assert len(slug("x" * 100)) == 40


def test_an_ingested_article_is_a_plain_article() -> None:
    result = article_from_paste("Some text.", headline="A head line")
    assert isinstance(result.article, Article)
    assert isinstance(result.article.meta, ArticleMeta)
    assert result.article.meta.source_path == "pasted text"


def test_trafilatura_extracts_when_installed() -> None:
    pytest.importorskip("trafilatura")
    result = upload("article.html")
    assert any("(trafilatura)" in n for n in result.notices)
