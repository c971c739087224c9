"""Bring your own articles: pasted text, uploaded files and web pages turned into articles.

Every entry point returns an :class:`IngestResult`: the :class:`~analysis.model.Article` and
plain-language *notices* saying what was done to the input (characters removed, encoding guessed,
the article extracted from a page, the first line taken as the headline). Anything that cannot
become an article raises :class:`~analysis.corpus.InputError` with a one-line message naming the
input, the problem and what to do.

Formats: ``.txt`` and ``.md`` (the corpus format of :func:`analysis.corpus.parse_article`: an
optional ``Key: value`` header and ``---``), ``.html``/``.htm`` (the article is extracted from the
page), ``.docx`` (Word) and ``.pdf`` when it has a text layer. Web pages are fetched through
:mod:`analysis.urlguard` and extracted with trafilatura (Apache-2.0) when it is installed, with a
small built-in extractor otherwise.

Limits (each message says the limit and what to do): :data:`MAX_UPLOAD_BYTES` per file,
:data:`~analysis.corpus.MAX_ARTICLE_CHARS` characters of text per article, :data:`MAX_ARTICLES`
articles per story, :data:`MAX_HTML_CHARS` of HTML, :data:`MAX_PDF_PAGES` pages.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import PurePath
from urllib.parse import urlsplit

from analysis.corpus import (
    MAX_ARTICLE_CHARS,
    InputError,
    decode_text,
    parse_article,
    split_headlines,
)
from analysis.model import Article, ArticleMeta, Story
from analysis.textcheck import clean_text
from analysis.urlguard import DEFAULT_GUARD, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, UrlGuard

MAX_ARTICLES = 6
"""Articles in one story: the comparison is designed and benchmarked for up to six."""
MIN_ARTICLES_TO_COMPARE = 2
MAX_UPLOAD_BYTES = 10_000_000
"""Largest uploaded file (10 MB): room for a PDF or Word file with pictures."""
MAX_HTML_CHARS = 5_000_000
"""Longest HTML page source read (a news page is typically 0.1–2 MB)."""
MAX_PDF_PAGES = 100
MAX_DOCX_UNPACKED_BYTES = 50_000_000
"""A .docx is a zip archive: refuse archives that unpack to more than this (zip bombs)."""
MAX_FIELD_CHARS = 500
"""Longest headline, outlet, date or kind kept; longer values are cut with a notice."""
MIN_EXTRACTED_CHARS = 40
"""Less text than this from a page, a PDF or a Word file counts as nothing found."""

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, ".docx", ".pdf")
SUPPORTED_LIST = ".txt, .md, .html, .docx or .pdf"
UPLOAD_TYPES = tuple(suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES)
"""For a file uploader's list of accepted types: ``("txt", "md", "html", …)``."""

_UNSUPPORTED_ADVICE = {
    ".doc": "the old Word .doc format cannot be read; save it as .docx or PDF in Word",
    ".rtf": "RTF files cannot be read; save it as .docx or plain text (.txt)",
    ".odt": "OpenDocument files cannot be read; save it as .docx or PDF",
    ".pages": "Pages files cannot be read; export it as .docx or PDF",
    ".epub": "e-books cannot be read; copy the article's text and paste it",
    ".json": "this is not an article file; to reopen a saved comparison, load it as one",
}
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".tif", ".tiff", ".bmp")
_META_FIELDS = ("headline", "outlet", "date", "kind", "byline", "url")


@dataclass
class IngestResult:
    """An article made from the user's input, and what was done to get it."""

    article: Article
    notices: list[str] = field(default_factory=list)
    """Plain-language notes for the reader, e.g. "3 invisible control characters removed."."""


# --- pasted text ------------------------------------------------------------------------------


def article_from_paste(
    text: str,
    headline: str = "",
    outlet: str = "",
    date: str = "",
    kind: str = "",
    *,
    article_id: str = "pasted",
) -> IngestResult:
    """Make an article from pasted text and the metadata typed beside it.

    The text may be a whole corpus file (``Key: value`` header, ``---``, body); otherwise a
    first line that looks like a headline is taken as the headline unless one is given.

    Args:
        text: The pasted text.
        headline: The headline, if typed separately.
        outlet: Who published it.
        date: When (free text; ISO ``2021-09-01`` sorts best).
        kind: What it is: "wire report", "opinion", "transcript"…
        article_id: Identifier within the story (made unique by :func:`story_from_articles`).

    Returns:
        The article and notices.

    Raises:
        InputError: The text is empty or too long.
    """
    if not text or not text.strip():
        raise InputError("The pasted text is empty: paste the article's text into the box.")
    if len(text) > 2 * MAX_ARTICLE_CHARS:  # refuse before spending time on cleaning
        _check_length(len(text), "The pasted text")
    cleaned, notices = clean_text(text)
    article = parse_article(cleaned, slug(article_id), "pasted text")
    given = {"headline": headline, "outlet": outlet, "date": date, "kind": kind}
    for key, value in given.items():
        if value and value.strip():
            setattr(article.meta, key, value)
    notices += _tidy_meta(article.meta)
    if not headline.strip() and article.meta.headline and not _has_header(cleaned):
        notices.append(f"The first line, “{article.meta.headline}”, was taken as the headline.")
    _check_body(article, "The pasted text")
    return IngestResult(article, notices)


# --- uploaded files ---------------------------------------------------------------------------


def article_from_upload(name: str, data: bytes) -> IngestResult:
    """Make an article from an uploaded file, by its type.

    Args:
        name: The file name as uploaded (its suffix chooses the reader).
        data: The file's bytes.

    Returns:
        The article (its id from the file name) and notices.

    Raises:
        InputError: Empty, too large, an unsupported type, not what its name says, binary,
            undecodable, a PDF without a text layer, a password-protected PDF, nothing extracted,
            or a text over the per-article limit. The message starts with the file name.
    """
    shown = _shown_name(name)
    if not data:
        raise InputError(f"{shown}: the file is empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise InputError(
            f"{shown}: {len(data):,} bytes is over the upload limit of {MAX_UPLOAD_BYTES:,} "
            "bytes; save the article alone as plain text (.txt) or split the file"
        )
    base = PurePath(name.replace("\\", "/")).name
    suffix = PurePath(base).suffix.lower()
    article_id = slug(PurePath(base).stem)
    if data.startswith(b"%PDF-") and suffix != ".pdf":
        suffix = ".pdf"
    if suffix in TEXT_SUFFIXES:
        return _from_text_file(shown, data, article_id)
    if suffix in HTML_SUFFIXES:
        html, notices = decode_html(data, name=shown)
        result = article_from_html(html, "", name=shown, article_id=article_id)
        result.notices[:0] = notices
        return result
    if suffix == ".docx":
        return _from_docx(shown, data, article_id)
    if suffix == ".pdf":
        return _from_pdf(shown, data, article_id)
    if suffix in _UNSUPPORTED_ADVICE:
        raise InputError(f"{shown}: {_UNSUPPORTED_ADVICE[suffix]}")
    if suffix in _IMAGE_SUFFIXES:
        raise InputError(
            f"{shown}: a picture cannot be read as text; upload the article as "
            f"{SUPPORTED_LIST}, or paste its text"
        )
    what = f"'{suffix}' files" if suffix else "files without a type suffix"
    raise InputError(f"{shown}: {what} are not supported; upload {SUPPORTED_LIST}")


def _from_text_file(shown: str, data: bytes, article_id: str) -> IngestResult:
    text = decode_text(data, shown)
    notices: list[str] = []
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            notices.append(
                "The file is not UTF-8; it was read as Windows-1252 (Western European): "
                "check that accented letters and quotation marks look right."
            )
    cleaned, cleaning = clean_text(text)
    notices += cleaning
    article = parse_article(cleaned, article_id, shown)
    notices += _tidy_meta(article.meta)
    if article.meta.headline and not _has_header(cleaned):
        notices.append(f"The first line, “{article.meta.headline}”, was taken as the headline.")
    if not article.body.strip():
        raise InputError(f"{shown}: has a header but no article text after the '---' line")
    _check_body(article, shown)
    return IngestResult(article, notices)


def _from_docx(shown: str, data: bytes, article_id: str) -> IngestResult:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
        has_document = "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError(
            f"{shown}: not a Word .docx file (it is not a valid .docx archive); save it again "
            "as .docx, or as plain text"
        ) from None
    if not has_document:
        raise InputError(f"{shown}: not a Word document (no word/document.xml inside)")
    if unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise InputError(
            f"{shown}: unpacks to {unpacked:,} bytes, over the limit of "
            f"{MAX_DOCX_UNPACKED_BYTES:,}; save the article alone as .docx or .txt"
        )
    try:
        import docx  # python-docx (MIT)
    except ImportError:  # pragma: no cover - a dependency of the project
        raise InputError(f"{shown}: reading .docx needs the python-docx package") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on damaged files
        raise InputError(
            f"{shown}: the Word file could not be read ({type(error).__name__}); open and save "
            "it again in Word, or paste its text"
        ) from None
    headline, lines = "", []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if not headline and not lines and style.lower() in ("title", "heading 1"):
            headline = text
            continue
        lines.append(text)
    body = "\n".join(lines)
    notices: list[str] = []
    if document.tables:
        notices.append(
            f"{_count(len(document.tables), 'table')} in the Word file left out: only "
            "paragraphs are analysed."
        )
    return _finish_extracted(shown, article_id, body, {"headline": headline}, notices, "Word file")


def _from_pdf(shown: str, data: bytes, article_id: str) -> IngestResult:
    if not data.startswith(b"%PDF-"):
        raise InputError(f"{shown}: not a PDF file (it does not start with %PDF)")
    try:
        import pypdf  # BSD-3-Clause
        from pypdf.errors import DependencyError, PdfReadError
    except ImportError:  # pragma: no cover - a dependency of the project
        raise InputError(f"{shown}: reading PDF needs the pypdf package") from None
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(
                f"{shown}: the PDF is password-protected; save an unprotected copy or paste "
                "its text"
            )
        pages = len(reader.pages)
        if pages > MAX_PDF_PAGES:
            raise InputError(
                f"{shown}: {pages:,} pages is over the limit of {MAX_PDF_PAGES} pages per "
                "article; save the article's pages alone as a PDF"
            )
        texts = []
        total = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            texts.append(text)
            total += len(text)
            if total > MAX_ARTICLE_CHARS * 2:
                break
    except InputError:
        raise
    except DependencyError:
        raise InputError(
            f"{shown}: the PDF is encrypted (AES), which needs the optional 'cryptography' package "
            "to read; print it to a new PDF, or paste its text"
        ) from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        raise InputError(
            f"{shown}: the PDF could not be read ({type(error).__name__}); save it again or "
            "paste its text"
        ) from None
    except Exception as error:  # pypdf raises many kinds on damaged files
        raise InputError(
            f"{shown}: the PDF could not be read ({type(error).__name__}); paste its text instead"
        ) from None
    if sum(len(t.strip()) for t in texts) < MIN_EXTRACTED_CHARS:
        raise InputError(
            f"{shown}: no text could be extracted from this PDF; it is probably a scanned "
            "image: copy the text from the original, or use a PDF that has selectable text"
        )
    body, notices = pdf_paragraphs(texts)
    info = {}
    try:
        title = (reader.metadata or {}).get("/Title")
        if isinstance(title, str) and 2 <= len(title.split()) <= 30:
            info["headline"] = title
    except Exception:  # noqa: BLE001 - metadata is optional; a broken entry is ignored
        pass
    return _finish_extracted(shown, article_id, body, info, notices, "PDF")


_PAGE_NUMBER_RE = re.compile(r"(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?", re.IGNORECASE)
_PARAGRAPH_END = tuple('.!?:”"’)…')


def pdf_paragraphs(pages: Sequence[str]) -> tuple[str, list[str]]:
    """Rebuild paragraphs from PDF text, whose lines break wherever the page's column did.

    A line ends its paragraph when a blank line follows, or when it ends with sentence
    punctuation and is clearly shorter than the page's usual line. Other line breaks are joined
    with a space (after a hyphen, with nothing: the hyphen is kept). Lines that are only a page
    number are dropped.

    Args:
        pages: The text of each page.

    Returns:
        One paragraph per line, and notices.
    """
    lines: list[str] = []
    dropped = 0
    for page in pages:
        for line in page.replace("\r", "\n").split("\n"):
            stripped = " ".join(line.split())
            if _PAGE_NUMBER_RE.fullmatch(stripped):
                dropped += 1
                continue
            lines.append(stripped)
        lines.append("")
    lengths = sorted(len(line) for line in lines if line)
    usual = lengths[int(len(lengths) * 0.8)] if lengths else 0
    paragraphs: list[str] = []
    current = ""
    joined = 0
    for number, line in enumerate(lines):
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if not current:
            current = line
        elif current.endswith("-") and line[:1].islower():
            current += line
            joined += 1
        else:
            current += " " + line
            joined += 1
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if _ends_paragraph(line, current, following, usual, first=not paragraphs):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    notices = []
    if joined:
        notices.append(
            "Lines of the PDF were joined into paragraphs; check that paragraphs start and end "
            "where they should."
        )
    if dropped:
        notices.append(f"{_count(dropped, 'page-number line')} removed.")
    return "\n".join(paragraphs), notices


def _ends_paragraph(line: str, current: str, following: str, usual: int, first: bool) -> bool:
    """Whether a PDF line ends its paragraph: short and punctuated, or a short heading."""
    if current.endswith(_PARAGRAPH_END):
        return len(line) < 0.85 * usual
    if not following[:1].isupper() and not following.startswith(("“", '"', "‘", "'")):
        return False
    if first and current == line:  # a headline-like first line
        return len(line) < 0.85 * usual and len(line.split()) <= 20
    return len(line) < 0.6 * usual  # a crosshead or a paragraph without a full stop


# --- HTML -------------------------------------------------------------------------------------


def article_from_html(
    html: str,
    url: str = "",
    *,
    name: str = "",
    article_id: str = "",
) -> IngestResult:
    """Extract the article from a web page's HTML: body text, headline, outlet, date and author.

    Menus, adverts, comments and other page furniture are left out. Metadata is taken where the
    page gives it (its ``<title>``/``og:title``, ``og:site_name``, publication date, author).

    Args:
        html: The page source.
        url: Where the page came from (recorded, and used to name the outlet when the page
            does not).
        name: What to call the input in messages (default: the URL, or "the HTML").
        article_id: Identifier; by default made from the URL's last path segment.

    Returns:
        The article and notices.

    Raises:
        InputError: The HTML is too long or no article text could be found in it.
    """
    shown = name or (url and _shorten(url)) or "The HTML"
    if len(html) > MAX_HTML_CHARS:
        raise InputError(
            f"{shown}: {len(html):,} characters of HTML is over the limit of "
            f"{MAX_HTML_CHARS:,}; copy the article's text from the page and paste it instead"
        )
    if not html.strip():
        raise InputError(f"{shown}: the page is empty")
    extracted, extractor = _extract(html, url)
    meta = {
        "headline": extracted.get("title", ""),
        "outlet": extracted.get("sitename", ""),
        "date": extracted.get("date", ""),
        "byline": extracted.get("author", ""),
        "url": url,
    }
    lines = [line.strip() for line in extracted.get("text", "").split("\n") if line.strip()]
    if not meta["outlet"] and url:
        meta["outlet"] = _host_outlet(url)
    notices = [
        f"The article was extracted from the page ({extractor}); menus, adverts and comments "
        "were left out, so check that nothing of the article is missing."
    ]
    missing = [label for key, label in _MISSING_LABELS if not meta.get(key)]
    if missing:
        notices.append(f"Not found on the page: {', '.join(missing)}.")
    article_id = article_id or slug(_url_stem(url) or meta["headline"] or "page")
    return _finish_extracted(shown, article_id, "\n".join(lines), meta, notices, "page")


_MISSING_LABELS = (("headline", "headline"), ("date", "date"), ("byline", "author"))


def _extract(html: str, url: str) -> tuple[dict[str, str], str]:
    """Extract text and metadata with trafilatura if installed, else the built-in extractor."""
    try:
        import trafilatura  # Apache-2.0
    except ImportError:
        return extract_html_builtin(html), "built-in extractor"
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            favor_precision=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # noqa: BLE001 - a page that breaks trafilatura gets the fallback
        document = None
    if document is None:
        return extract_html_builtin(html), "built-in extractor"
    found = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    result = {
        key: str(found.get(key) or "").strip()
        for key in ("title", "sitename", "date", "author", "text")
    }
    if len(result["text"]) < MIN_EXTRACTED_CHARS:
        builtin = extract_html_builtin(html)
        result["text"] = builtin["text"]
        for key in ("title", "sitename", "date", "author"):
            result[key] = result[key] or builtin[key]
    return result, "trafilatura"


_SKIPPED_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "button",
        "select",
        "iframe",
        "figure",
        "menu",
        "dialog",
        "object",
        "canvas",
        "head",
    }
)
_FURNITURE_RE = re.compile(
    r"\b(?:byline|author|dateline|caption|share|social|related|recommended|newsletter|promo|"
    r"advert|ad-slot|sponsor|comments?|cookie|subscribe|paywall|breadcrumb|tags)\b"
)
"""Class or id words of page furniture the built-in extractor skips."""
_TEXT_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "pre"})
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_META_KEYS = {
    "og:title": "title",
    "twitter:title": "title",
    "og:site_name": "sitename",
    "application-name": "sitename",
    "article:published_time": "date",
    "datepublished": "date",
    "date": "date",
    "dc.date": "date",
    "pubdate": "date",
    "publish-date": "date",
    "author": "author",
    "article:author": "author",
    "dc.creator": "author",
}


class _ArticleParser(HTMLParser):
    """Collects paragraph text from ``<article>`` (or ``<main>``, or the whole page) and
    metadata from ``<meta>``, ``<title>``, ``<h1>`` and ``<time>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.h1 = ""
        self.time = ""
        self.paragraphs: dict[str, list[str]] = {"article": [], "main": [], "page": []}
        self._stack: list[tuple[str, bool]] = []
        self._skip = 0
        self._in = {"article": 0, "main": 0}
        self._buffer: list[str] | None = None
        self._capture: str | None = None
        self._capture_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop") or ""
            field_name = _META_KEYS.get(key.lower())
            if field_name and values.get("content") and field_name not in self.meta:
                self.meta[field_name] = values["content"].strip()
            return
        if tag in _VOID_TAGS:
            if tag == "br" and self._buffer is not None:
                self._buffer.append(" ")
            return
        if tag == "time" and not self.time and values.get("datetime"):
            self.time = values["datetime"].strip()
        marker = f"{values.get('class', '')} {values.get('id', '')}".lower()
        skips = tag in _SKIPPED_TAGS or bool(_FURNITURE_RE.search(marker))
        self._stack.append((tag, skips))
        if skips:
            self._skip += 1
        if tag in self._in:
            self._in[tag] += 1
        if self._skip:
            return
        if tag in ("title", "h1") and self._capture is None:
            self._capture, self._capture_text = tag, []
        elif tag in _TEXT_TAGS and self._buffer is None:
            self._buffer = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS or all(open_tag != tag for open_tag, _ in self._stack):
            return
        while self._stack:
            open_tag, skips = self._stack.pop()
            self._close(open_tag, skips)
            if open_tag == tag:
                break

    def _close(self, tag: str, skips: bool) -> None:
        if skips:
            self._skip = max(self._skip - 1, 0)
        if tag in self._in:
            self._in[tag] = max(self._in[tag] - 1, 0)
        if tag == self._capture:
            text = " ".join("".join(self._capture_text).split())
            if tag == "title" and not self.title:
                self.title = text
            elif tag == "h1" and not self.h1:
                self.h1 = text
            self._capture = None
        if tag in _TEXT_TAGS and self._buffer is not None:
            text = " ".join("".join(self._buffer).split())
            self._buffer = None
            if text:
                where = "article" if self._in["article"] else "main" if self._in["main"] else ""
                if where:
                    self.paragraphs[where].append(text)
                self.paragraphs["page"].append(text)

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._capture is not None:
            self._capture_text.append(data)
        if self._buffer is not None:
            self._buffer.append(data)


def extract_html_builtin(html: str) -> dict[str, str]:
    """Extract article text and metadata from HTML with the standard library alone.

    Paragraph-like elements (``p``, ``h2``–``h6``, ``blockquote``, ``li``) inside ``<article>``
    are taken, else inside ``<main>``, else from the whole page; navigation, headers, footers,
    asides, forms, figures and scripts are skipped.

    Args:
        html: The page source.

    Returns:
        ``title``, ``sitename``, ``date``, ``author`` and ``text`` (paragraphs, one per line);
        empty strings where nothing was found.
    """
    parser = _ArticleParser()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # malformed markup: keep what was read
        pass
    paragraphs = (
        parser.paragraphs["article"] or parser.paragraphs["main"] or parser.paragraphs["page"]
    )
    title = parser.meta.get("title") or parser.h1 or parser.title
    return {
        "title": unescape(title).strip(),
        "sitename": unescape(parser.meta.get("sitename", "")).strip(),
        "date": (parser.meta.get("date") or parser.time)[:10],
        "author": unescape(parser.meta.get("author", "")).strip(),
        "text": "\n".join(paragraphs),
    }


_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def decode_html(
    data: bytes, charset: str | None = None, name: str = "page"
) -> tuple[str, list[str]]:
    """Decode a page's bytes: the declared charset, a byte-order mark, ``<meta charset>``, UTF-8,
    then Windows-1252.

    Args:
        data: The page's bytes.
        charset: The charset the server declared, if any.
        name: What to call the input in messages.

    Returns:
        The text and notices (e.g. characters that could not be decoded).

    Raises:
        InputError: The bytes are binary, not HTML.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace").lstrip("\ufeff"), []
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not a web page")
    candidates = [charset] if charset else []
    match = _META_CHARSET_RE.search(data[:8192])
    if match:
        candidates.append(match.group(1).decode("ascii", "replace"))
    candidates += ["utf-8"]
    for candidate in candidates:
        try:
            codec = codecs.lookup(candidate).name
        except LookupError:
            continue
        if codec in ("iso8859-1", "ascii"):
            codec = "cp1252"  # what browsers do with Latin-1 and ASCII labels
        try:
            return data.decode(codec), []
        except UnicodeDecodeError:
            continue
    text = data.decode("cp1252", errors="replace")
    bad = text.count("\ufffd")
    notices = [f"{_count(bad, 'character')} could not be decoded and show as �."] if bad else []
    return text, notices


# --- web pages --------------------------------------------------------------------------------


def fetch_article(
    url: str,
    *,
    guard: UrlGuard = DEFAULT_GUARD,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> IngestResult:
    """Fetch a web page through the guard and extract its article.

    Args:
        url: The page's address; ``https://`` is added when it has no scheme.
        guard: Which addresses may be contacted (public ones only, by default).
        timeout: Seconds for the whole fetch, redirects included.
        max_bytes: Largest page read.

    Returns:
        The article (with headline, outlet, date and author where the page has them) and notices.

    Raises:
        InputError: With a one-line message on every failure: a refused address, offline, DNS
            failure, connection refused, timeout, an error status, too many redirects, too
            large, not an HTML page, or no article text on the page.
    """
    url = url.strip()
    if not url:
        raise InputError("No address given: paste the address of the article's web page.")
    notices: list[str] = []
    if "://" not in url and not re.match(r"(?i)(javascript|data|file|mailto|about|vbscript):", url):
        url = "https://" + url
        notices.append(f"Read the address as {_shorten(url)}.")
    page = guard.fetch(url, timeout=timeout, max_bytes=max_bytes)
    shown = _shorten(page.url)
    html_types = ("text/html", "application/xhtml+xml")
    if page.content_type and page.content_type not in html_types:
        advice = (
            "download the file and upload it instead"
            if page.content_type in ("application/pdf", "text/plain")
            else "give the address of the article's web page"
        )
        raise InputError(f"{shown}: not a web page but '{page.content_type}'; {advice}")
    if not page.body.strip():
        raise InputError(f"{shown}: the site sent an empty page")
    html, decoding = decode_html(page.body, page.charset, name=shown)
    if not page.content_type and "<" not in html[:2000]:
        raise InputError(f"{shown}: the site did not send a web page (no HTML)")
    result = article_from_html(html, page.url, name=shown)
    if page.redirects:
        notices.append(f"The address redirected to {shown}.")
    result.notices[:0] = notices + decoding
    return result


# --- stories ----------------------------------------------------------------------------------


def story_from_articles(
    articles: Sequence[Article],
    title: str = "Your articles",
    *,
    story_id: str = "your-articles",
    date: str = "",
    description: str = "",
) -> Story:
    """Gather the user's articles into a story (2 or more are needed for the comparison).

    Article ids are made unique (``pasted``, ``pasted-2``…); the articles are not copied.

    Args:
        articles: One to :data:`MAX_ARTICLES` articles.
        title: The story's title.
        story_id: Its identifier.
        date: Its date.
        description: A short description.

    Returns:
        The story.

    Raises:
        InputError: No article, or more than :data:`MAX_ARTICLES`.
    """
    if not articles:
        raise InputError("No articles yet: paste, upload or fetch at least one article.")
    if len(articles) > MAX_ARTICLES:
        raise InputError(
            f"{len(articles)} articles is over the limit of {MAX_ARTICLES} per story; remove "
            f"{len(articles) - MAX_ARTICLES} or start a second story"
        )
    taken: set[str] = set()
    for article in articles:
        base = slug(article.meta.id)
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        article.meta.id = candidate
        taken.add(candidate)
    return Story(
        id=slug(story_id),
        title=title.strip() or "Your articles",
        date=date,
        description=description,
        articles=list(articles),
    )


# --- helpers ----------------------------------------------------------------------------------


def slug(text: str, limit: int = 40) -> str:
    """A short identifier from a name: lower-case ASCII letters, digits, hyphens, or "article"."""
    ascii_text = text.lower().encode("ascii", "ignore").decode()
    value = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:limit].strip("-")
    return value or "article"


def _finish_extracted(
    shown: str,
    article_id: str,
    body: str,
    meta: dict[str, str],
    notices: list[str],
    what: str,
) -> IngestResult:
    """Clean extracted text, recognise a headline when none was found, check limits."""
    cleaned, cleaning = clean_text(body)
    notices = notices + cleaning
    headline = " ".join(meta.get("headline", "").split())
    first, _, rest = cleaned.partition("\n")
    if headline and " ".join(first.split()) == headline:
        cleaned = rest  # the headline repeated as the first line of the text
    if len(cleaned.strip()) < MIN_EXTRACTED_CHARS:
        raise InputError(
            f"{shown}: no article text could be found in this {what}; copy the article's text "
            "and paste it instead"
        )
    article = Article(meta=ArticleMeta(id=article_id, source_path=shown), body=cleaned)
    for key, value in meta.items():
        if value:
            setattr(article.meta, key, value)
    if not article.meta.headline:
        headline, subheadline, rest = split_headlines(cleaned)
        if headline:
            article.meta.headline, article.meta.subheadline, article.body = (
                headline,
                subheadline,
                rest,
            )
            notices.append(f"The first line, “{headline}”, was taken as the headline.")
    notices += _tidy_meta(article.meta)
    _check_body(article, shown)
    return IngestResult(article, notices)


def _tidy_meta(meta: ArticleMeta) -> list[str]:
    """Clean metadata fields: one line, no control characters, a sensible length."""
    notices = []
    for key in _META_FIELDS:
        value = getattr(meta, key)
        if not value:
            continue
        cleaned, _ = clean_text(value)
        cleaned = " ".join(cleaned.split())
        if len(cleaned) > MAX_FIELD_CHARS:
            cleaned = cleaned[: MAX_FIELD_CHARS - 1].rstrip() + "…"
            notices.append(f"The {key} was cut to {MAX_FIELD_CHARS} characters.")
        setattr(meta, key, cleaned)
    return notices


def _check_body(article: Article, shown: str) -> None:
    if not article.body.strip():
        raise InputError(f"{shown}: contains no article text")
    _check_length(len(article.body), shown)


def _check_length(length: int, shown: str) -> None:
    if length > MAX_ARTICLE_CHARS:
        raise InputError(
            f"{shown}: {length:,} characters is over the limit of {MAX_ARTICLE_CHARS:,} per "
            "article; split it into several articles"
        )


def _has_header(text: str) -> bool:
    return any(line.strip() == "---" for line in text.split("\n")[:20])


def _shown_name(name: str) -> str:
    base = PurePath(name.replace("\\", "/")).name or "upload"
    return "".join(c if c.isprintable() else "?" for c in base)[:120]


def _shorten(url: str, limit: int = 100) -> str:
    printable = "".join(c if c.isprintable() and c != " " else "?" for c in url)
    return printable if len(printable) <= limit else printable[: limit - 1] + "…"


def _url_stem(url: str) -> str:
    if not url:
        return ""
    path = urlsplit(url).path.rstrip("/")
    stem = path.rsplit("/", 1)[-1]
    return re.sub(r"\.(html?|php|aspx?)$", "", stem)


def _host_outlet(url: str) -> str:
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return host


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")
