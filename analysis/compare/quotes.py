"""Quotations across articles: the same quotation in several articles, voices, primary source.

Matching. Each quotation is normalised to word tokens (case folded, curly and straight quotation
marks and all punctuation dropped, numbers and abbreviations normalised). Two quotations are the
same when

* their tokens are equal (``exact``), or
* the tokens of one are a contiguous run of the other's, and the shorter has at least
  :data:`MIN_CONTAINED_WORDS` words (``contained``: one outlet trimmed the quotation), or
* both have at least :data:`MIN_CONTAINED_WORDS` words and either
  :func:`difflib.SequenceMatcher` gives a ratio of at least :data:`FUZZY_RATIO` or at least
  :data:`FUZZY_COVER` of the shorter's words fall in matching blocks (``fuzzy``: a word changed).

One-word and two-word partial quotations ("ruthless", "possible") therefore only match exactly.
Matches are merged transitively (union-find), so a quotation one article splits in two joins the
other's longer version. Quotations from the primary source itself are not clustered.

Primary source. When an article's ``meta.kind`` is "transcript" or "primary source", every other
article's quotation is looked up in its text: ``verbatim`` when its tokens occur there as a
contiguous run, ``altered`` when a passage matches at least :data:`ALTERED_COVER` of its words
and at least :data:`MIN_ALTERED_MATCHED` words (the differing word runs are reported as
``(as quoted, as in the source)``), else ``not_found``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from analysis.compare._text import Token, tokenize
from analysis.compare.results import (
    PrimaryCheck,
    QuoteOccurrence,
    SharedQuote,
    TextRef,
    VoiceCount,
    VoiceSummary,
)
from analysis.model import BODY_ROLES, ArticleAnalysis, Quote

MIN_CONTAINED_WORDS = 3
"""A trimmed quotation matches a longer one only with at least this many words."""
FUZZY_RATIO = 0.85
"""Least SequenceMatcher ratio of two quotations' words to count as the same quotation."""
FUZZY_COVER = 0.85
"""Or: least share of the shorter quotation's words found, in order, in the longer one."""
ALTERED_COVER = 0.6
"""Least share of a quotation's words found in a primary-source passage to call it altered."""
MIN_ALTERED_MATCHED = 4
"""And at least this many of its words: a short quotation is verbatim or not found."""
PRIMARY_KINDS = frozenset({"transcript", "primary source", "primary"})
UNATTRIBUTED = "(unattributed)"

_MATCH_RANK = {"single": 0, "exact": 1, "contained": 2, "fuzzy": 3}


def is_primary_source(analysis: ArticleAnalysis) -> bool:
    """Return whether an article is a primary source (``meta.kind`` transcript/primary source)."""
    kind = analysis.meta.kind.strip().lower().replace("_", " ").replace("-", " ")
    return kind in PRIMARY_KINDS


def quote_tokens(text: str) -> list[str]:
    """Return the normalised word tokens of a quotation's text."""
    return [t.norm for t in tokenize(text)]


def _contains(longer: Sequence[str], shorter: Sequence[str]) -> bool:
    """Return whether ``shorter`` occurs as a contiguous run inside ``longer``."""
    n = len(shorter)
    if n == 0 or n > len(longer):
        return False
    longer, shorter = list(longer), list(shorter)
    first, last_start = shorter[0], len(longer) - n
    i = -1
    while True:
        try:
            i = longer.index(first, i + 1, last_start + 1)  # next place the run could start
        except ValueError:
            return False
        if longer[i : i + n] == shorter:
            return True


def match_kind(a: Sequence[str], b: Sequence[str]) -> str | None:
    """Return how two quotations' token lists match ("exact", "contained", "fuzzy") or None.

    Args:
        a: Normalised tokens of one quotation.
        b: Normalised tokens of the other.

    Returns:
        The rule that matched (see the module docstring), or None when they differ.
    """
    return _match_kind(a, b, set(a), set(b))


def _match_kind(
    a: Sequence[str], b: Sequence[str], words_a: set[str], words_b: set[str]
) -> str | None:
    """Return :func:`match_kind` of ``a`` and ``b``, given the sets of their words."""
    if not a or not b:
        return None
    a, b = list(a), list(b)
    if a == b:
        return "exact"
    if len(a) <= len(b):
        shorter, longer, shorter_words, longer_words = a, b, words_a, words_b
    else:
        shorter, longer, shorter_words, longer_words = b, a, words_b, words_a
    if len(shorter) < MIN_CONTAINED_WORDS:
        return None
    # Checked before containment, which it implies: most pairs fail here, cheaply.
    if len(shorter_words & longer_words) < FUZZY_COVER * len(shorter_words):
        return None
    if _contains(longer, shorter):
        return "contained"
    matcher = SequenceMatcher(None, longer, shorter, autojunk=False)
    if matcher.ratio() >= FUZZY_RATIO:
        return "fuzzy"
    covered = sum(block.size for block in matcher.get_matching_blocks())
    if covered / len(shorter) >= FUZZY_COVER:
        return "fuzzy"
    return None


@dataclass
class _Item:
    """One quotation of one article, prepared for matching."""

    article: int
    quote: Quote
    tokens: list[str]


class _Clusters:
    """Union-find over quotation indices, remembering the loosest rule used."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.rank = dict.fromkeys(range(n), "single")

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int, kind: str) -> None:
        ri, rj = self.find(i), self.find(j)
        loosest = max(self.rank[ri], self.rank[rj], kind, key=_MATCH_RANK.__getitem__)
        if ri != rj:
            self.parent[rj] = ri
        self.rank[ri] = loosest


def _body_quotes(analysis: ArticleAnalysis) -> list[Quote]:
    """Return the article's quotations that start in a body block."""
    body = [(b.start, b.end) for b in analysis.blocks if b.role in BODY_ROLES]
    return [q for q in analysis.quotes if any(s <= q.start < e for s, e in body)]


def check_against_source(
    quote_text: str, source: ArticleAnalysis, source_tokens: Sequence[Token]
) -> PrimaryCheck:
    """Look a quotation up in the primary source.

    Args:
        quote_text: The quoted words.
        source: The primary source article.
        source_tokens: Its tokens (from :func:`tokenize` over its text).

    Returns:
        ``verbatim``, ``altered`` (with the differing word runs) or ``not_found``.
    """
    wanted = quote_tokens(quote_text)
    src = [t.norm for t in source_tokens]
    sid = source.meta.id
    if not wanted:
        return PrimaryCheck(sid, "not_found")
    n = len(wanted)
    for i in range(len(src) - n + 1):
        if src[i] == wanted[0] and src[i : i + n] == wanted:
            ref = _source_ref(source, source_tokens, i, i + n)
            return PrimaryCheck(sid, "verbatim", ref, 1.0)
    if n < MIN_CONTAINED_WORDS:
        return PrimaryCheck(sid, "not_found")
    anchor = SequenceMatcher(None, src, wanted, autojunk=False).find_longest_match(
        0, len(src), 0, n
    )
    if anchor.size == 0:
        return PrimaryCheck(sid, "not_found")
    slack = max(3, n // 4)
    lo = max(0, anchor.a - anchor.b - slack)
    hi = min(len(src), anchor.a + (n - anchor.b) + slack)
    window = src[lo:hi]
    matcher = SequenceMatcher(None, window, wanted, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    covered = sum(b.size for b in blocks)
    if covered / n < ALTERED_COVER or covered < MIN_ALTERED_MATCHED:
        return PrimaryCheck(sid, "not_found", similarity=covered / n)
    first, last = blocks[0].a, blocks[-1].a + blocks[-1].size
    matcher = SequenceMatcher(None, window[first:last], wanted, autojunk=False)
    differences = tuple(
        (" ".join(wanted[j1:j2]), " ".join(window[first + i1 : first + i2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    )
    ref = _source_ref(source, source_tokens, lo + first, lo + last)
    return PrimaryCheck(sid, "altered", ref, covered / n, differences)


def _source_ref(source: ArticleAnalysis, tokens: Sequence[Token], first: int, last: int) -> TextRef:
    """Return the span of ``tokens[first:last]`` in the source."""
    start, end = tokens[first].start, tokens[last - 1].end
    return TextRef(source.meta.id, start, end, source.text[start:end])


def compare_quotes(
    analyses: Sequence[ArticleAnalysis],
    resolve_speaker: Callable[[str | None], str | None] | None = None,
) -> tuple[list[SharedQuote], list[VoiceSummary], str | None]:
    """Match quotations across articles, count each voice, check against a primary source.

    Args:
        analyses: The compared articles.
        resolve_speaker: Maps a speaker as written to a merged name (e.g. "President Biden" →
            "Joe Biden"); names are kept as written when None or when it returns None.

    Returns:
        The quotations (shared by most articles first, then longest), the voices (most quoted
        words first) and the id of the primary source (None when the story has none).
    """
    primary = next((a for a in analyses if is_primary_source(a)), None)
    primary_tokens = tokenize(primary.text) if primary is not None else []
    items: list[_Item] = []
    for k, analysis in enumerate(analyses):
        if analysis is primary:
            continue
        for q in _body_quotes(analysis):
            items.append(_Item(k, q, quote_tokens(q.text)))
    clusters = _Clusters(len(items))
    tokens = [item.tokens for item in items]
    vocab = [set(t) for t in tokens]
    for i in range(len(items)):
        tokens_i, vocab_i = tokens[i], vocab[i]
        for j in range(i + 1, len(items)):
            if vocab_i.isdisjoint(vocab[j]):
                continue
            kind = _match_kind(tokens_i, tokens[j], vocab_i, vocab[j])
            if kind is not None:
                clusters.union(i, j, kind)

    def speaker_name(written: str | None) -> str | None:
        if not written:
            return None
        resolved = resolve_speaker(written) if resolve_speaker is not None else None
        return resolved or written

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[clusters.find(i)].append(i)
    shared: list[SharedQuote] = []
    for root, members in groups.items():
        occurrences = []
        for i in sorted(members, key=lambda m: (items[m].article, items[m].quote.start)):
            item = items[i]
            q = item.quote
            check = (
                check_against_source(q.text, primary, primary_tokens)
                if primary is not None
                else None
            )
            occurrences.append(
                QuoteOccurrence(
                    article=analyses[item.article].meta.id,
                    start=q.start,
                    end=q.end,
                    text=q.text,
                    speaker=speaker_name(q.speaker),
                    speaker_as_written=q.speaker,
                    verb=q.verb,
                    partial=q.partial,
                    words=len(item.tokens),
                    primary=check,
                )
            )
        speakers = [o.speaker for o in occurrences if o.speaker]
        speaker = max(set(speakers), key=lambda s: (speakers.count(s), s)) if speakers else None
        longest = max(occurrences, key=lambda o: (o.words, -len(o.article)))
        shared.append(
            SharedQuote(
                text=longest.text,
                speaker=speaker,
                occurrences=tuple(occurrences),
                match=clusters.rank[root] if len(members) > 1 else "single",
            )
        )
    shared.sort(key=lambda s: (-len(s.articles), -max(o.words for o in s.occurrences), s.text))
    voices = _voices(analyses, shared)
    return shared, voices, None if primary is None else primary.meta.id


def _voices(
    analyses: Sequence[ArticleAnalysis], shared: Sequence[SharedQuote]
) -> list[VoiceSummary]:
    """Return, per speaker, how many quotations and quoted words each article gives them.

    A quotation is credited to the speaker its own article names; when its article names nobody
    but another article's version does, the cluster's speaker is used.
    """
    counts: dict[str, dict[str, list[int]]] = defaultdict(
        lambda: {a.meta.id: [0, 0] for a in analyses}
    )
    for quote in shared:
        for occ in quote.occurrences:
            speaker = occ.speaker or quote.speaker or UNATTRIBUTED
            entry = counts[speaker][occ.article]
            entry[0] += 1
            entry[1] += occ.words
    voices = [
        VoiceSummary(
            speaker=speaker,
            counts=tuple(VoiceCount(aid, q, w) for aid, (q, w) in per.items()),
        )
        for speaker, per in counts.items()
    ]
    voices.sort(
        key=lambda v: (v.speaker == UNATTRIBUTED, -sum(c.words for c in v.counts), v.speaker)
    )
    return voices
