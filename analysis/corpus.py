"""Stories and articles as plain files a teacher can copy and edit.

An article file is a metadata header of ``Key: value`` lines, a line of three dashes, and the
body as published::

    Outlet: Associated Press (via The Times of Israel)
    Headline: US general says coordination with Taliban ‘possible’ on strikes against IS
    Kind: wire report
    ---
    WASHINGTON (AP) — General Mark Milley, chairman of the US Joint Chiefs of Staff, said …

A file without the dashes is all body (pasted text); its headline and subheadline are then
recognised from the first lines when they look like headlines. A story is a folder holding a
``story.txt`` (same header format: ``Title``, ``Date``, ``Description``) and one file per article.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.model import Article, ArticleMeta, Story

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"
STORY_FILE = "story.txt"
ARTICLE_SUFFIXES = (".txt", ".md")
HEADER_SEPARATOR = "---"

MAX_FILE_BYTES = 2_000_000
"""Largest article file read (2 MB): far above any news article, small enough to stay fast."""
MAX_ARTICLE_CHARS = 200_000
"""Longest article text analysed (about 35,000 words)."""

ARTICLE_FIELDS = ("outlet", "headline", "subheadline", "byline", "date", "url", "kind", "notes")
STORY_FIELDS = ("title", "date", "description")
FALLBACK_ENCODINGS = ("utf-8", "utf-16", "cp1252")
"""Tried in order; UTF-16 only when the file starts with a byte-order mark."""

_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z ]{0,30}):(.*)$")
_MAX_HEADLINE_WORDS = 20
_MAX_SUBHEADLINE_WORDS = 40


class InputError(ValueError):
    """Input that cannot be analysed. The message names the file and the problem in one line."""


def read_text_file(path: Path) -> str:
    """Read a text file for analysis, refusing what is not text.

    Args:
        path: The file to read.

    Returns:
        The decoded text with line endings normalised to ``\\n``.

    Raises:
        InputError: The file is missing, empty, too large, binary, or in an unknown encoding.
    """
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{path}: the file is empty")
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"{path}: {size:,} bytes is over the limit of {MAX_FILE_BYTES:,} bytes; split the file"
        )
    return decode_text(path.read_bytes(), str(path))


def decode_text(data: bytes, name: str = "input") -> str:
    """Decode bytes as text, trying the common encodings, and refuse binary data.

    Args:
        data: The raw bytes.
        name: What to call the input in an error message.

    Returns:
        The text with ``\\r\\n`` and ``\\r`` line endings turned into ``\\n``.

    Raises:
        InputError: The bytes are binary or in none of the common encodings.
    """
    has_bom16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")
    if not has_bom16 and (b"\x00" in data[:8192] or _looks_binary(data[:8192])):
        raise InputError(f"{name}: looks like a binary file, not text")
    for encoding in FALLBACK_ENCODINGS:
        if encoding == "utf-16" and not has_bom16:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise InputError(f"{name}: contains no text")
        return text
    raise InputError(
        f"{name}: not UTF-8 text (also tried {', '.join(FALLBACK_ENCODINGS[1:])}); "
        "save it as UTF-8 and try again"
    )


def _looks_binary(sample: bytes) -> bool:
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bool(sample) and control / len(sample) > 0.05


def parse_header(text: str) -> tuple[dict[str, str], str]:
    """Split a file into its ``Key: value`` header and its body.

    Args:
        text: The whole file.

    Returns:
        The header fields (lower-case keys, values stripped) and the body. Without a ``---`` line
        after the header, the header is empty and the whole text is the body.
    """
    lines = text.split("\n")
    fields: dict[str, str] = {}
    for number, line in enumerate(lines):
        if line.strip() == HEADER_SEPARATOR:
            return fields, "\n".join(lines[number + 1 :]).strip("\n")
        match = _HEADER_LINE.match(line)
        if match:
            fields[match.group(1).strip().lower()] = match.group(2).strip()
        elif line.strip() and not line.startswith((" ", "\t")):
            break
        elif line.strip() and fields:
            # An indented line continues the previous field (long notes).
            last = next(reversed(fields))
            fields[last] = f"{fields[last]} {line.strip()}"
    return {}, text.strip("\n")


def parse_article(text: str, article_id: str, source_path: str = "") -> Article:
    """Build an article from the text of an article file (header optional).

    Args:
        text: The file's text.
        article_id: A short identifier, unique within the story (the file name without suffix).
        source_path: Where the text came from, for messages.

    Returns:
        The article. When there is no header, a first line that looks like a headline (short, no
        closing full stop) becomes the headline, and a second such line the subheadline.
    """
    fields, body = parse_header(text)
    unknown = sorted(set(fields) - set(ARTICLE_FIELDS))
    meta = ArticleMeta(id=article_id, source_path=source_path)
    for key in ARTICLE_FIELDS:
        setattr(meta, key, fields.get(key, ""))
    if unknown:
        known = ", ".join(k.capitalize() for k in ARTICLE_FIELDS)
        meta.notes = (meta.notes + " " if meta.notes else "") + (
            f"(Ignored unknown header fields: {', '.join(unknown)}; known fields are {known}.)"
        )
    if not fields:
        meta.headline, meta.subheadline, body = split_headlines(body)
    return Article(meta=meta, body=body.strip("\n"))


def split_headlines(body: str) -> tuple[str, str, str]:
    """Recognise a headline and subheadline at the top of pasted text.

    Args:
        body: Text whose first lines may be a headline and a subheadline.

    Returns:
        ``(headline, subheadline, rest)``; empty strings where none was recognised.
    """
    paragraphs = [p for p in body.split("\n") if p.strip()]
    if len(paragraphs) < 2 or not _looks_like_headline(paragraphs[0], _MAX_HEADLINE_WORDS):
        return "", "", body
    headline = paragraphs[0].strip()
    rest = body.split(paragraphs[0], 1)[1]
    subheadline = ""
    if len(paragraphs) > 2 and _looks_like_headline(paragraphs[1], _MAX_SUBHEADLINE_WORDS):
        subheadline = paragraphs[1].strip()
        rest = rest.split(paragraphs[1], 1)[1]
    return headline, subheadline, rest.strip("\n")


def _looks_like_headline(line: str, max_words: int) -> bool:
    stripped = line.strip()
    words = stripped.split()
    return 2 <= len(words) <= max_words and stripped[-1] not in '.:;,”"' and "(" not in stripped


def load_article(path: Path, article_id: str | None = None) -> Article:
    """Read and parse one article file.

    Raises:
        InputError: The file cannot be read as text, or its text is too long.
    """
    text = read_text_file(path)
    article = parse_article(text, article_id or path.stem, str(path))
    if len(article.body) > MAX_ARTICLE_CHARS:
        raise InputError(
            f"{path}: {len(article.body):,} characters is over the limit of "
            f"{MAX_ARTICLE_CHARS:,} per article; split it into several articles"
        )
    if not article.body.strip():
        raise InputError(f"{path}: has a header but no article text after the '---' line")
    return article


def load_story(path: Path) -> Story:
    """Read a story folder: its ``story.txt`` and every article file beside it, by file name.

    Raises:
        InputError: The folder is missing, holds no article, or an article cannot be read.
    """
    if not path.is_dir():
        raise InputError(f"{path}: no such story folder")
    fields: dict[str, str] = {}
    story_file = path / STORY_FILE
    if story_file.exists():
        fields, description = parse_header(read_text_file(story_file))
        fields.setdefault("description", description.strip() if fields else "")
    files = sorted(
        p
        for p in path.iterdir()
        if p.is_file() and p.suffix in ARTICLE_SUFFIXES and p.name != STORY_FILE
    )
    if not files:
        raise InputError(f"{path}: the story folder holds no article files (*.txt, *.md)")
    return Story(
        id=path.name,
        title=fields.get("title") or path.name,
        date=fields.get("date", ""),
        description=fields.get("description", ""),
        articles=[load_article(p) for p in files],
    )


def list_stories(root: Path | None = None) -> list[Path]:
    """Return the story folders under ``root`` (the bundled ``corpus/`` by default), by name."""
    root = root or CORPUS_DIR
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / STORY_FILE).exists())


def format_article(article: Article) -> str:
    """Write an article back in the corpus file format (the inverse of :func:`parse_article`)."""
    lines = [
        f"{key.capitalize() if key != 'url' else 'URL'}: {getattr(article.meta, key)}".rstrip()
        for key in ARTICLE_FIELDS
    ]
    return "\n".join([*lines, HEADER_SEPARATOR, article.body.strip("\n"), ""])
