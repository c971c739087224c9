"""Sentence alignment across articles and word-choice differences inside aligned sentences.

Method (light, no models):

1. Each body sentence (role ``body``; headlines, crossheads, captions and promos are left out)
   becomes a bag of content-word stems: stopwords and attribution verbs dropped, numbers and
   abbreviations normalised ("124,000", "U.S."/"US", "Gen."), a small suffix stemmer applied.
2. Terms are weighted by TF-IDF, the document frequency counted over all body sentences of all
   compared articles, so words every sentence shares ("Taliban" in a Taliban story) weigh less.
3. For every pair of articles, every pair of sentences sharing at least
   :data:`MIN_SHARED_STEMS` stems is scored by cosine similarity. Pairs are accepted greedily,
   best first, one-to-one, while the score is at least :data:`ALIGN_THRESHOLD`.
4. Many-to-one: a sentence left unmatched joins the alignment of an adjacent sentence of its own
   article when the two together are more similar to the other side than the matched one alone
   (by at least :data:`MERGE_GAIN`) — one outlet merging what another splits.
5. Word choice inside an aligned pair: :class:`difflib.SequenceMatcher` over normalised word
   tokens (so case and punctuation differences vanish). Replaced runs become swaps with spans in
   both texts; runs that only reorder the same words across a short equal stretch are merged into
   one swap. Runs without any content word ("the" → "a") are ignored.

Thresholds were set on the seed story (SOFREP vs AP) by reading every pair scored between 0.15
and 0.5: pairs reporting the same fact scored from about 0.3 up; unrelated pairs about Taliban and
Afghanistan scored below 0.25.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from analysis.compare._text import Token, content_stems, is_content, tokenize
from analysis.compare.results import Alignment, SentenceGroup, Swap, TextRef
from analysis.model import ArticleAnalysis

ALIGN_THRESHOLD = 0.25
"""Least TF-IDF cosine for two sentences to count as reporting the same thing."""
MIN_SHARED_STEMS = 2
"""Sentences must share at least this many content stems (or all of the shorter one's)."""
SHORT_SENTENCE_SIMILARITY = 0.8
"""Sentences sharing fewer stems ("It's brutal.") align only when this similar (near-identical)."""
MERGE_GAIN = 0.05
"""How much more similar two adjacent sentences together must be to join a many-to-one group."""
MAX_GROUP = 3
"""Most sentences on the "many" side of a many-to-one alignment."""
REORDER_BRIDGE = 3
"""Two changed runs separated by at most this many equal words merge when words moved between."""


@dataclass
class BodySentence:
    """A body sentence prepared for alignment."""

    article: str
    index: int
    """Position among the article's body sentences."""
    start: int
    end: int
    text: str
    tokens: list[Token]
    stems: Counter[str]
    vector: dict[str, float] | None = None
    """Unit TF-IDF vector, set once the comparison's weights are known."""


def body_sentences(analysis: ArticleAnalysis) -> list[BodySentence]:
    """Return the article's body sentences (role ``body``) with tokens and content stems.

    Args:
        analysis: One analysed article.

    Returns:
        Sentences in text order; sentences with no word at all are skipped.
    """
    out: list[BodySentence] = []
    for sentence in analysis.sentences:
        if sentence.role != "body":
            continue
        tokens = tokenize(analysis.text, sentence.start, sentence.end)
        if not tokens:
            continue
        out.append(
            BodySentence(
                article=analysis.meta.id,
                index=len(out),
                start=sentence.start,
                end=sentence.end,
                text=analysis.text[sentence.start : sentence.end],
                tokens=tokens,
                stems=Counter(content_stems(tokens)),
            )
        )
    return out


class TfidfSpace:
    """TF-IDF weights over a set of sentences, with cosine similarity of any bags of stems."""

    def __init__(self, bags: Sequence[Counter[str]]) -> None:
        """Count document frequencies over ``bags`` (one bag of stems per sentence)."""
        df: Counter[str] = Counter()
        for bag in bags:
            df.update(bag.keys())
        n = len(bags)
        self.idf = {term: math.log((1 + n) / (1 + count)) + 1.0 for term, count in df.items()}

    def vector(self, bag: Counter[str]) -> dict[str, float]:
        """Return the unit-length TF-IDF vector of a bag of stems (empty if the bag is)."""
        vec = {t: c * self.idf.get(t, 1.0) for t, c in bag.items()}
        norm = math.sqrt(sum(w * w for w in vec.values()))
        return {t: w / norm for t, w in vec.items()} if norm else {}

    @staticmethod
    def cosine(u: dict[str, float], v: dict[str, float]) -> float:
        """Return the cosine of two unit vectors."""
        if len(u) > len(v):
            u, v = v, u
        return sum(w * v.get(t, 0.0) for t, w in u.items())


def _merge_bags(sentences: Sequence[BodySentence]) -> Counter[str]:
    """Return the summed bag of stems of several sentences."""
    total: Counter[str] = Counter()
    for s in sentences:
        total.update(s.stems)
    return total


def align_pair(
    left: Sequence[BodySentence],
    right: Sequence[BodySentence],
    space: TfidfSpace,
    threshold: float = ALIGN_THRESHOLD,
) -> list[tuple[list[int], list[int], float]]:
    """Align the body sentences of two articles.

    Args:
        left: Body sentences of the first article.
        right: Body sentences of the second article.
        space: TF-IDF weights shared by the whole comparison.
        threshold: Least cosine similarity for a pair.

    Returns:
        ``(left indices, right indices, similarity)`` per alignment, in the order of the left
        article; one side has a single index, the other one to :data:`MAX_GROUP` adjacent ones.
    """
    lvec = [s.vector if s.vector is not None else space.vector(s.stems) for s in left]
    rvec = [s.vector if s.vector is not None else space.vector(s.stems) for s in right]
    index: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for j, vec in enumerate(rvec):
        for term, weight in vec.items():
            index[term].append((j, weight))
    scored: list[tuple[float, int, int]] = []
    # Each sentence's best partner on the other side (by similarity, the first one on ties).
    best_right: dict[int, tuple[float, int]] = {}
    left_sim = [0.0] * len(rvec)
    left_of = [-1] * len(rvec)
    # Fewest shared stems a pair needs: MIN_SHARED_STEMS, or all of the shorter sentence's.
    r_need = [min(MIN_SHARED_STEMS, len(vec)) for vec in rvec]
    for i, vec in enumerate(lvec):
        # Per right sentence: dot product so far and stems shared; touched in order of contact.
        dots = [0.0] * len(rvec)
        shared = [0] * len(rvec)
        touched: list[int] = []
        for term, weight in vec.items():
            postings = index.get(term)
            if postings is None:
                continue
            for j, other in postings:
                if not shared[j]:
                    touched.append(j)
                dots[j] += weight * other
                shared[j] += 1
        n_left = len(vec)
        top = (0.0, -1)
        for j in touched:
            sim, n_shared = dots[j], shared[j]
            if n_shared < r_need[j] and n_shared < n_left:
                continue
            if n_shared < MIN_SHARED_STEMS and sim < SHORT_SENTENCE_SIMILARITY:
                sim = 0.0
            if sim >= threshold:  # only these can be accepted below
                scored.append((sim, i, j))
            if sim > top[0]:
                top = (sim, j)
            if sim > left_sim[j]:
                left_sim[j] = sim
                left_of[j] = i
        if top[1] >= 0:
            best_right[i] = top
    best_left = {j: (left_sim[j], i) for j, i in enumerate(left_of) if i >= 0}
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    groups: list[tuple[list[int], list[int], float]] = []
    group_of_left: dict[int, int] = {}
    group_of_right: dict[int, int] = {}
    for sim, i, j in scored:
        if sim < threshold:
            break
        if i in group_of_left or j in group_of_right:
            continue
        group_of_left[i] = group_of_right[j] = len(groups)
        groups.append(([i], [j], sim))

    def try_merge(
        side: Sequence[BodySentence],
        other: Sequence[BodySentence],
        best: dict[int, tuple[float, int]],
        group_of_side: dict[int, int],
        group_of_other: dict[int, int],
        side_is_left: bool,
    ) -> None:
        for i in range(len(side)):
            if i in group_of_side or i not in best:
                continue
            _, j = best[i]
            g = group_of_other.get(j)
            if g is None:
                continue
            lidx, ridx, sim = groups[g]
            own, theirs = (lidx, ridx) if side_is_left else (ridx, lidx)
            if len(theirs) != 1 or len(own) >= MAX_GROUP:
                continue
            if i != own[0] - 1 and i != own[-1] + 1:
                continue
            merged = sorted([*own, i])
            bag = _merge_bags([side[k] for k in merged])
            new_sim = space.cosine(space.vector(bag), space.vector(other[theirs[0]].stems))
            if new_sim < max(threshold, sim + MERGE_GAIN):
                continue
            groups[g] = (merged, ridx, new_sim) if side_is_left else (lidx, merged, new_sim)
            group_of_side[i] = g

    try_merge(left, right, best_right, group_of_left, group_of_right, side_is_left=True)
    try_merge(right, left, best_left, group_of_right, group_of_left, side_is_left=False)
    groups.sort(key=lambda g: (g[0][0], g[1][0]))
    return groups


def _ref(article: str, tokens: Sequence[Token], text: str) -> TextRef:
    """Return the span covering ``tokens`` (all from one article)."""
    start, end = tokens[0].start, tokens[-1].end
    return TextRef(article, start, end, text[start:end])


def _has_content(tokens: Sequence[Token]) -> bool:
    """Return whether any token is a content word."""
    return any(is_content(t.norm) for t in tokens)


def word_swaps(
    a_article: str,
    a_tokens: Sequence[Token],
    a_text: str,
    b_article: str,
    b_tokens: Sequence[Token],
    b_text: str,
) -> list[Swap]:
    """Return the word-choice differences between two aligned token sequences.

    Args:
        a_article: Id of the first article.
        a_tokens: Tokens of the first side (may come from several sentences).
        a_text: The first article's text (tokens index into it).
        b_article: Id of the second article.
        b_tokens: Tokens of the second side.
        b_text: The second article's text.

    Returns:
        Swaps in the order of the first side: ``swap`` where both sides have different words,
        ``only_a``/``only_b`` where one side has words the other lacks. Differences of case and
        punctuation never show; runs without a content word are dropped.
    """
    a_norm = [t.norm for t in a_tokens]
    b_norm = [t.norm for t in b_tokens]
    if a_norm == b_norm:
        return []
    matcher = SequenceMatcher(None, a_norm, b_norm, autojunk=False)
    runs = [list(op) for op in matcher.get_opcodes() if op[0] != "equal"]
    merged: list[tuple[int, int, int, int, bool]] = []
    for _, i1, i2, j1, j2 in runs:
        if merged:
            pi1, pi2, pj1, pj2, _ = merged[-1]
            gap = max(i1 - pi2, j1 - pj2)
            prev_words = set(a_norm[pi1:pi2]) | set(b_norm[pj1:pj2])
            these_words = set(a_norm[i1:i2]) | set(b_norm[j1:j2])
            moved_words = {
                w
                for w in (set(a_norm[pi1:pi2]) & set(b_norm[j1:j2]))
                | (set(b_norm[pj1:pj2]) & set(a_norm[i1:i2]))
                if is_content(w)
            }
            if gap <= REORDER_BRIDGE and moved_words and prev_words and these_words:
                merged[-1] = (pi1, i2, pj1, j2, True)
                continue
        merged.append((i1, i2, j1, j2, False))
    swaps: list[Swap] = []
    for i1, i2, j1, j2, reordered in merged:
        a_run, b_run = a_tokens[i1:i2], b_tokens[j1:j2]
        if not (_has_content(a_run) or _has_content(b_run)):
            continue
        if a_run and b_run:
            swaps.append(
                Swap(
                    "swap",
                    _ref(a_article, a_run, a_text),
                    _ref(b_article, b_run, b_text),
                    reordered,
                )
            )
        elif a_run:
            swaps.append(Swap("only_a", _ref(a_article, a_run, a_text), None))
        else:
            swaps.append(Swap("only_b", None, _ref(b_article, b_run, b_text)))
    return swaps


def _group(article: str, sentences: Sequence[BodySentence]) -> SentenceGroup:
    """Return the :class:`SentenceGroup` of adjacent body sentences."""
    return SentenceGroup(
        article=article,
        sentences=tuple((s.start, s.end) for s in sentences),
        text=" ".join(s.text for s in sentences),
    )


def align_articles(
    analyses: Sequence[ArticleAnalysis], threshold: float = ALIGN_THRESHOLD
) -> tuple[list[Alignment], dict[str, list[TextRef]]]:
    """Align the body sentences of every pair of articles and find sentences in one only.

    Args:
        analyses: The compared articles (ids unique).
        threshold: Least TF-IDF cosine similarity of an aligned pair.

    Returns:
        The alignments (pairs in comparison order, then by position in the first article) and,
        per article id, its body sentences aligned with no sentence of any other article.
    """
    prepared = [body_sentences(a) for a in analyses]
    space = TfidfSpace([s.stems for sents in prepared for s in sents])
    for sents in prepared:
        for s in sents:
            s.vector = space.vector(s.stems)
    aligned: list[Alignment] = []
    matched: list[set[int]] = [set() for _ in analyses]
    for ai in range(len(analyses)):
        for bi in range(ai + 1, len(analyses)):
            left, right = prepared[ai], prepared[bi]
            a_id, b_id = analyses[ai].meta.id, analyses[bi].meta.id
            for lidx, ridx, sim in align_pair(left, right, space, threshold):
                matched[ai].update(lidx)
                matched[bi].update(ridx)
                lsents = [left[i] for i in lidx]
                rsents = [right[j] for j in ridx]
                swaps = word_swaps(
                    a_id,
                    [t for s in lsents for t in s.tokens],
                    analyses[ai].text,
                    b_id,
                    [t for s in rsents for t in s.tokens],
                    analyses[bi].text,
                )
                aligned.append(
                    Alignment(
                        a=_group(a_id, lsents),
                        b=_group(b_id, rsents),
                        similarity=min(1.0, sim),
                        swaps=tuple(swaps),
                    )
                )
    only_in = {
        analysis.meta.id: [
            TextRef(analysis.meta.id, s.start, s.end, s.text)
            for s in sents
            if s.index not in matched[k]
        ]
        for k, (analysis, sents) in enumerate(zip(analyses, prepared, strict=True))
    }
    return aligned, only_in
