"""Every occurrence of a term in every article, with a snippet of context (for click-to-find)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from analysis.compare.distinctive import term_key
from analysis.model import ArticleAnalysis
from analysis.segment import WORD_RE

CONTEXT_CHARS = 60
"""Characters of context shown on each side of an occurrence (cut back to a whole word)."""


@dataclass(frozen=True)
class TermOccurrence:
    """One occurrence of a term: where it is, in which block role, and the text around it."""

    article: str
    start: int
    end: int
    role: str
    """Role of the block it is in ("body", "headline", "caption"…)."""
    before: str
    match: str
    after: str

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form: ``article``, ``start``, ``end``, ``role``, snippet parts."""
        return {
            "article": self.article,
            "start": self.start,
            "end": self.end,
            "role": self.role,
            "before": self.before,
            "match": self.match,
            "after": self.after,
        }


def _role_at(analysis: ArticleAnalysis, position: int) -> str:
    """Return the role of the block containing ``position`` ("" when none does)."""
    for block in analysis.blocks:
        if block.start <= position < block.end:
            return block.role
    return ""


def _snippet(text: str, start: int, end: int, context: int) -> tuple[str, str]:
    """Return up to ``context`` characters before and after, cut at word boundaries."""
    lo = max(0, start - context)
    hi = min(len(text), end + context)
    before = text[lo:start]
    after = text[end:hi]
    if lo > 0 and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    if hi < len(text) and " " in after:
        after = after[: after.rindex(" ")] + "…"
    return " ".join(before.split("\n")), " ".join(after.split("\n"))


def _phrase_pattern(term: str) -> re.Pattern[str]:
    """Return a case-insensitive pattern for a phrase: any spacing, either apostrophe."""
    words = [re.escape(w).replace("'", "['’]").replace("’", "['’]") for w in term.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?:['’]s)?(?!\w)", re.IGNORECASE)


def term_occurrences(
    analyses: Sequence[ArticleAnalysis],
    term: str,
    roles: frozenset[str] | None = None,
    context: int = CONTEXT_CHARS,
) -> list[TermOccurrence]:
    """Return every occurrence of ``term`` in every article, in article then text order.

    A one-word term matches words with the same counting key as the distinctive-words table
    (case folded, possessive dropped, "US" = "U.S."), so clicking "taliban" finds "Taliban’s".
    A phrase matches case-insensitively with any spacing and either apostrophe.

    Args:
        analyses: The articles to search.
        term: A word (as listed by the distinctive-words table) or a phrase.
        roles: Only blocks with these roles (every block when None).
        context: Characters of context on each side.

    Returns:
        The occurrences with spans into each article's text and context snippets.
    """
    term = term.strip()
    if not term:
        return []
    out: list[TermOccurrence] = []
    single = len(term.split()) == 1
    key = term_key(term) if single else ""
    pattern = None if single else _phrase_pattern(term)
    for analysis in analyses:
        text = analysis.text
        if single:
            spans = [
                (m.start(), m.end()) for m in WORD_RE.finditer(text) if term_key(m.group()) == key
            ]
        else:
            assert pattern is not None
            spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
        for start, end in spans:
            role = _role_at(analysis, start)
            if roles is not None and role not in roles:
                continue
            before, after = _snippet(text, start, end, context)
            out.append(
                TermOccurrence(analysis.meta.id, start, end, role, before, text[start:end], after)
            )
    return out
