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

WORD_RE = re.compile(r"[^\W_](?:(?<=\d)\d*+(?:[.,:]\d+)*+%?|[^\W_]*+(?:[’'\-.][^\W_]+)*+)")
r"""A word: a number (124,000 · 3.5 · 10:30) or letters joined by apostrophes, hyphens or dots
(It’s, US-led, U.S).

The same as ``\d+(?:[.,:]\d+)*%?|[^\W_]+(?:[’'\-.][^\W_]+)*``, written to open with the one
character class every word starts with, so the regular expression engine skips to candidates
in C, and with possessive quantifiers (``*+``), which spare it keeping track of characters to
give back: giving any back could only end the word sooner."""

_WORDS_PER_MATCH = 16


def _consecutive_words_pattern(word: str, count: int) -> str:
    """Return a pattern for up to ``count`` consecutive words, each in a group of its own.

    The first word, then optionally the characters up to the next word (``[\\W_]``: none of
    them can start one, and every other character does) and that word, and so on; the empty
    alternative ``|)`` ends the run after any word. Each word is the one ``word`` alone would
    match there, since whatever follows it can be empty.
    """
    pattern = f"({word})"
    for _ in range(count - 1):
        pattern = f"({word})(?:[\\W_]*+{pattern}|)"
    return pattern


_WORDS_RE = re.compile(_consecutive_words_pattern(WORD_RE.pattern, _WORDS_PER_MATCH))
"""Runs of up to :data:`_WORDS_PER_MATCH` of the words :data:`WORD_RE` finds one by one. Much of
the cost of finding a word is per match (starting the search, the match object, a step of the
Python loop), so :func:`word_spans` takes the spans of many words from each match."""

MAX_SENTENCE_CHARS = 1_000
"""Longer "sentences" (text without sentence punctuation, pasted tables, emoji runs) are cut at a
space into pieces of at most this many characters (about 170 words; news sentences rarely pass
60), so that tone and reading grade stay per sentence and the cost stays linear in the length."""

_BLOCK_SEPARATOR = "\n\n"
_MISSED_BREAK = re.compile(r"[.!?](?<=[a-z]{2}[.!?])(\s+)(?=[“\"‘']?[A-Z])")
"""A possible sentence break nupunkt did not make: the spaces (group 1) between a mark after two
lower-case letters and a capital. The match starts at the mark, a character class, which lets the
regular expression engine skip to candidates in C; a pattern opening with the lookbehind would be
tried at every position. Search from the character before a sentence, which may hold the mark."""
_CLOSING_MARKS = "\"')]}”’»*"
"""Closing quotes and brackets that nupunkt lets trail a sentence's end mark."""
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
                _block(s, e, role, f"The article's {role}") for s, e in line_spans(text, start, end)
            )
            continue
        body_lines = list(line_spans(text, start, end))
        lines = [text[s:e] for s, e in body_lines]
        for (s, e), (line_role, reason) in zip(body_lines, classify_blocks(lines), strict=True):
            blocks.append(_block(s, e, line_role, reason))
    return text, blocks


def _block(start: int, end: int, role: BlockRole, reason: str) -> Block:
    """Return ``Block(start=start, end=end, role=role, label=role, reason=reason)``.

    A frozen dataclass sets each field through ``object.__setattr__``; filling the instance
    dictionary directly gives an equal object several times faster.
    """
    block = object.__new__(Block)
    block.__dict__.update(start=start, end=end, kind="block", label=role, reason=reason, role=role)
    return block


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
    for s, e in _punkt_spans(chunk):
        if e - s <= MAX_SENTENCE_CHARS and not _MISSED_BREAK.search(chunk, max(s - 1, 0), e):
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


def _punkt_spans(chunk: str) -> list[tuple[int, int]]:
    """Return ``nupunkt.sent_spans(chunk)``, without running the tokenizer when it has nothing
    to decide.

    nupunkt considers a sentence end only at ``.``, ``!``, ``?`` or ``…`` with text after it.
    When the only such mark ends the chunk, possibly followed by closing quotes or
    brackets (a paragraph of one sentence), its answer is the whole chunk, whatever it decides
    about that mark.
    """
    head = chunk.rstrip(_CLOSING_MARKS)[:-1]
    if not ("." in head or "!" in head or "?" in head or "…" in head):
        return [(0, len(chunk))] if chunk else []
    # What nupunkt.sent_spans does with these spans, without building each sentence's text:
    # every sentence runs to the start of the next one, the last to the end.
    starts = [start for start, _ in nupunkt.load("default").span_tokenize(chunk)]
    if not starts:
        return [(0, len(chunk))]
    return list(zip(starts, [*starts[1:], len(chunk)], strict=True))


def _split_missed_breaks(chunk: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    position = start
    for match in _MISSED_BREAK.finditer(chunk, max(start - 1, 0), end):
        before = chunk[position : match.start(1)]
        last_word = before.rsplit(None, 1)[-1].rstrip(".!?") if before.strip() else ""
        if not last_word[:1].islower() or "." in last_word or last_word in _ABBREVIATIONS:
            continue
        yield position, match.start(1)
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
    spans: list[tuple[int, int]] = []
    # One match per run of words rather than per word; ``regs`` holds the span of every group
    # (undocumented, but part of match objects since Python 1.5), so taking the matched words'
    # spans is one step as well.
    for match in _WORDS_RE.finditer(text, start, end):
        spans += match.regs[1 : match.lastindex + 1]
    return spans
