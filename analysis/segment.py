"""Segmentation: the article text, its blocks (lines), sentences and words, all as spans.

Sentences come from nupunkt (MIT), a Punkt implementation with a model trained on legal and news
text that ships inside the package (no download), so abbreviations such as "Gen.", "U.S.",
"Sept." and "a.m." do not end a sentence. A small rule repairs the one error it makes on news
text: a missed break after an ordinary lower-case word ("said so. President Biden spoke").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import nupunkt

from analysis.boilerplate import classify_blocks
from analysis.model import Article, Block, BlockRole

WORD_RE = re.compile(r"[^\W_](?:(?<=\d)\d*(?:[.,:]\d+)*%?|[^\W_]*(?:[’'\-.][^\W_]+)*)")
r"""A word: a number (124,000 · 3.5 · 10:30) or letters joined by apostrophes, hyphens or dots
(It’s, US-led, U.S).

The same as ``\d+(?:[.,:]\d+)*%?|[^\W_]+(?:[’'\-.][^\W_]+)*``, written to open with the one
character class every word starts with, so the regular expression engine skips to candidates
in C."""

MAX_SENTENCE_CHARS = 1_000
"""Longer "sentences" (text without sentence punctuation, pasted tables, emoji runs) are cut at a
space into pieces of at most this many characters (about 170 words; news sentences rarely pass
60), so that tone and reading grade stay per sentence and the cost stays linear in the length."""

_BLOCK_SEPARATOR = "\n\n"
_MISSED_BREAK = re.compile(r"(?<=[a-z]{2}[.!?])\s+(?=[“\"‘']?[A-Z])")
_ABBREVIATIONS = frozenset({"etc", "approx", "vs", "est", "ca", "fig", "op", "cit", "seq", "al"})
"""Lower-case abbreviations after which a capital letter does not start a new sentence."""


def compose_text(article: Article) -> tuple[str, list[tuple[int, int, BlockRole]]]:
    """Join headline, subheadline and body into the one text all offsets index into.

    Args:
        article: The article.

    Returns:
        The text and the ``(start, end, role)`` of its headline and subheadline parts and of the
        body part (role ``body``; it is split into blocks afterwards).
    """
    parts: list[tuple[str, BlockRole]] = [
        (article.meta.headline.strip(), "headline"),
        (article.meta.subheadline.strip(), "subheadline"),
        (article.body.strip("\n"), "body"),
    ]
    pieces: list[str] = []
    ranges: list[tuple[int, int, BlockRole]] = []
    offset = 0
    for content, role in parts:
        if not content.strip():
            continue
        if pieces:
            pieces.append(_BLOCK_SEPARATOR)
            offset += len(_BLOCK_SEPARATOR)
        pieces.append(content)
        ranges.append((offset, offset + len(content), role))
        offset += len(content)
    return "".join(pieces), ranges


def line_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield the non-blank lines of ``text[start:end]`` as spans without surrounding spaces."""
    position = start
    for line in text[start:end].split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            yield position + lead, position + lead + len(stripped)
        position += len(line) + 1


def segment_blocks(article: Article) -> tuple[str, list[Block]]:
    """Compose the article text and split it into blocks with roles.

    Args:
        article: The article.

    Returns:
        The text and its blocks in reading order: headline, subheadline, then one block per body
        line, each classified as body, crosshead, caption, promo or footer.
    """
    text, ranges = compose_text(article)
    blocks: list[Block] = []
    for start, end, role in ranges:
        if role != "body":
            blocks.extend(
                Block(start=s, end=e, role=role, label=role, reason=f"The article's {role}")
                for s, e in line_spans(text, start, end)
            )
            continue
        body_lines = list(line_spans(text, start, end))
        lines = [text[s:e] for s, e in body_lines]
        for (s, e), (line_role, reason) in zip(body_lines, classify_blocks(lines), strict=True):
            blocks.append(Block(start=s, end=e, role=line_role, label=line_role, reason=reason))
    return text, blocks


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` (one block) into sentences.

    Args:
        text: The whole text.
        start: Where the block starts.
        end: Where the block ends.

    Returns:
        Sentence spans in reading order, without surrounding whitespace, covering every word of
        the block.
    """
    chunk = text[start:end]
    spans: list[tuple[int, int]] = []
    for s, e in nupunkt.sent_spans(chunk):
        if e - s <= MAX_SENTENCE_CHARS and not _MISSED_BREAK.search(chunk, s, e):
            spans.append((s, e))  # what the two splits below give for most sentences
            continue
        for piece_start, piece_end in _split_missed_breaks(chunk, s, e):
            spans.extend(_split_run_on(chunk, piece_start, piece_end))
    result = []
    for s, e in spans:
        piece = chunk[s:e]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            result.append((start + s + lead, start + s + lead + len(stripped)))
    return result


def _split_missed_breaks(chunk: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    position = start
    for match in _MISSED_BREAK.finditer(chunk, start, end):
        before = chunk[position : match.start()]
        last_word = before.rsplit(None, 1)[-1].rstrip(".!?") if before.strip() else ""
        if not last_word[:1].islower() or "." in last_word or last_word in _ABBREVIATIONS:
            continue
        yield position, match.start()
        position = match.end()
    yield position, end


def _split_run_on(chunk: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut a "sentence" longer than :data:`MAX_SENTENCE_CHARS` at spaces (or hard, if none)."""
    while end - start > MAX_SENTENCE_CHARS:
        cut = chunk.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        yield start, cut
        start = cut
    yield start, end


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return the words of ``text[start:end]`` as spans (see :data:`WORD_RE`)."""
    end = len(text) if end is None else end
    return [m.span() for m in WORD_RE.finditer(text, start, end)]
