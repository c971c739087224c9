"""Distinctive words per article: log-odds ratio with an informative Dirichlet prior.

Monroe, B. L., Colaresi, M. P. and Quinn, K. M. (2008). "Fightin' Words: Lexical Feature Selection
and Evaluation for Identifying the Content of Political Conflict." *Political Analysis* 16(4),
372–403, section 3.5 ("Model-based approach: log-odds ratio with informative Dirichlet prior").

For a word ``w``, article ``i`` (count ``y_i``, total ``n_i``) and the other articles pooled
(``y_j``, ``n_j``), with prior pseudo-counts ``α_w`` summing to ``α0``:

    δ_w = log[(y_i + α_w) / (n_i + α0 − y_i − α_w)] − log[(y_j + α_w) / (n_j + α0 − y_j − α_w)]
    σ²_w ≈ 1 / (y_i + α_w) + 1 / (y_j + α_w)                      (their equation 20)
    z_w = δ_w / σ_w

The prior is the pooled counts of all compared articles, scaled to total ``α0``:
``α_w = α0 · (pooled count of w) / (pooled total)``. Choice of ``α0``: :data:`PRIOR_SHARE` of the
pooled total, so the prior is worth a tenth of the data whatever the articles' length. With
``α0`` equal to the whole pooled total (the prior as strong as the data), a word used only by one
article could never reach δ above log 2 and frequent shared words dominated; with a near-empty
prior, words seen once or twice in one article dominated. A tenth ranks the seed story's
one-sided words ("arbitrary", "veterans" vs "jihadists", "forever") first while shared words with
different rates still show.

Words are the body words (blocks ``body`` and ``crosshead``; headline, captions, promos and
footers ignored), case-folded, possessive "’s" dropped, stopwords left out.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np

from analysis.compare._text import STOPWORDS
from analysis.compare.results import DistinctiveTerm
from analysis.model import BODY_ROLES, ArticleAnalysis

PRIOR_SHARE = 0.1
"""``α0`` as a share of the pooled word count of the compared articles."""
TOP_TERMS = 15
"""How many terms per article the comparison reports (highest z first)."""
MIN_Z = 0.0
"""Only terms with z above this are reported (words the article uses more than the others)."""


@lru_cache(maxsize=65536)
def term_key(surface: str) -> str:
    """Return the counting key of a word as written: "Taliban’s" → "taliban", "US" → "u.s.".

    Args:
        surface: A word as written in the text.

    Returns:
        Lower-case form, curly apostrophes straightened, a possessive "'s" dropped; "US"/"U.S."
        become "u.s." (so they do not meet the pronoun "us").
    """
    if surface.replace(".", "") in ("US", "USA"):
        return "u.s."
    word = surface.lower().replace("’", "'")
    if word.endswith("'s") and len(word) > 2:
        word = word[:-2]
    elif word.endswith("s'"):
        word = word[:-1]
    return word


@lru_cache(maxsize=65536)
def is_countable(key: str) -> bool:
    """Return whether a term key counts for distinctiveness (has a letter, not a stopword)."""
    return key not in STOPWORDS and any(ch.isalpha() for ch in key)


@lru_cache(maxsize=65536)
def _countable_key(surface: str) -> str | None:
    """Return the term key of a word as written when it counts, else None."""
    key = term_key(surface)
    return key if is_countable(key) else None


def body_term_counts(analysis: ArticleAnalysis) -> Counter[str]:
    """Return the counts of countable term keys over the article's body words."""
    text = analysis.text
    surfaces = [text[w.start : w.end] for w in analysis.words if w.role in BODY_ROLES]
    return Counter(key for key in map(_countable_key, surfaces) if key is not None)


def log_odds_dirichlet(
    counts_i: Mapping[str, int],
    counts_j: Mapping[str, int],
    prior: Mapping[str, float],
) -> dict[str, tuple[float, float]]:
    """Return the log-odds ratio and its z-score for every word (Monroe et al. 2008, §3.5).

    Args:
        counts_i: Word counts of the group of interest.
        counts_j: Word counts of the group compared against.
        prior: Dirichlet prior pseudo-count ``α_w`` of every word in either group (must be > 0).

    Returns:
        ``word → (δ, z)``; positive values mean the word is more typical of group ``i``.
    """
    n_i = sum(counts_i.values())
    n_j = sum(counts_j.values())
    alpha0 = sum(prior.values())
    out: dict[str, tuple[float, float]] = {}
    for word in set(counts_i) | set(counts_j):
        alpha = prior[word]
        y_i = counts_i.get(word, 0)
        y_j = counts_j.get(word, 0)
        delta = math.log((y_i + alpha) / (n_i + alpha0 - y_i - alpha)) - math.log(
            (y_j + alpha) / (n_j + alpha0 - y_j - alpha)
        )
        variance = 1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)
        out[word] = (delta, delta / math.sqrt(variance))
    return out


def distinctive_terms(
    analyses: Sequence[ArticleAnalysis],
    top: int = TOP_TERMS,
    prior_share: float = PRIOR_SHARE,
) -> dict[str, list[DistinctiveTerm]]:
    """Return, per article id, the words it uses distinctively more than the other articles.

    Args:
        analyses: The compared articles (at least two).
        top: Most terms per article.
        prior_share: ``α0`` as a share of the pooled word count.

    Returns:
        Per article id, up to ``top`` terms with z > :data:`MIN_Z`, highest z first (ties by
        count, then alphabetically).
    """
    counts = [body_term_counts(a) for a in analyses]
    pooled: Counter[str] = Counter()
    for c in counts:
        pooled.update(c)
    total = sum(pooled.values())
    result: dict[str, list[DistinctiveTerm]] = {a.meta.id: [] for a in analyses}
    if len(pooled) < 2 or len(analyses) < 2:
        # With a single distinct word the odds of "any other word" are zero: no log-odds.
        return result
    alpha0 = prior_share * total
    prior = {w: alpha0 * c / total for w, c in pooled.items()}
    words = list(pooled)
    position = {w: i for i, w in enumerate(words)}
    alpha = np.array(list(prior.values()), dtype=np.float64)
    alpha_total = sum(prior.values())  # what log_odds_dirichlet sums, in the same order
    pooled_counts = np.array(list(pooled.values()), dtype=np.int64)
    for k, analysis in enumerate(analyses):
        own = counts[k]
        y_own = np.zeros(len(words), dtype=np.int64)
        y_own[[position[w] for w in own]] = list(own.values())
        y_others = pooled_counts - y_own
        n_own = sum(own.values())
        n_others = total - n_own
        delta, z = _log_odds(y_own, y_others, alpha, n_own, n_others, alpha_total)
        keep = np.flatnonzero(z > MIN_Z)
        # Rank plain tuples (terms are distinct, so the order is total) and build the top only.
        ranked = sorted(
            zip(
                (-z[keep]).tolist(),
                (-y_own[keep]).tolist(),
                [words[i] for i in keep.tolist()],
                delta[keep].tolist(),
                y_others[keep].tolist(),
                strict=True,
            )
        )[:top]
        result[analysis.meta.id] = [
            DistinctiveTerm(
                term=w,
                z=-minus_z,
                delta=d,
                count=-minus_count,
                count_others=count_others,
                total=n_own,
                total_others=n_others,
            )
            for minus_z, minus_count, w, d, count_others in ranked
        ]
    return result


def _log_odds(
    y_i: np.ndarray,
    y_j: np.ndarray,
    alpha: np.ndarray,
    n_i: int,
    n_j: int,
    alpha0: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Return δ and z of :func:`log_odds_dirichlet` for many words at once.

    Every element goes through the same floating-point operations, in the same order, as the
    scalar formula there (additions, divisions and square roots are exact IEEE operations in
    NumPy too; the logarithms are Python's ``math.log``), so the results are identical.

    Args:
        y_i: Each word's count in the group of interest.
        y_j: Its count in the group compared against.
        alpha: Its prior pseudo-count.
        n_i: Total count of the group of interest.
        n_j: Total count of the other group.
        alpha0: Sum of the prior pseudo-counts (as ``sum(prior.values())`` gives it).

    Returns:
        ``(δ, z)`` arrays, one element per word.
    """
    a_i = y_i + alpha
    a_j = y_j + alpha
    ratio_i = (a_i / ((n_i + alpha0) - y_i - alpha)).tolist()
    ratio_j = (a_j / ((n_j + alpha0) - y_j - alpha)).tolist()
    log = math.log
    delta = np.array(list(map(log, ratio_i))) - np.array(list(map(log, ratio_j)))
    return delta, delta / np.sqrt(1.0 / a_i + 1.0 / a_j)
