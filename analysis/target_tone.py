"""Tone of a sentence toward a named target ("how does this sentence treat Milley?").

Sentence tone (VADER) says how a sentence sounds; it does not say whom the tone is about. In
"Tapper said, as Miller attempted to keep talking", the sentence is negative toward Miller and
neutral toward Tapper. :func:`target_tone` gives the tone toward one target (a person or group,
given by its character spans in the sentence) as negative, neutral or positive, with the
probabilities and the words behind the decision.

Method: a multinomial logistic regression over interpretable features, trained on NewsMTSC
(Hamborg and Donnay, EACL 2021; MIT) by ``scripts/train_target_tone.py``. The weights ship in
``analysis/data/target_tone_model.json`` (one row of three weights per feature); scoring is
plain Python. The features, all computed from the sentence and the target's position:

* **words** — the sentence's words (lower case, light suffix stripping: "criticized",
  "criticizes" → "criticiz"), as a bag over the sentence (``w:``), within
  :data:`WINDOW` tokens to the left or right of the target (``l:``, ``r:``), as the two tokens
  just before and after it (``l1:``, ``l2:``, ``r1:``, ``r2:``) and in the target's clause
  (``c:``, between commas, dashes, colons, brackets and quotation marks). Capitalised words that
  are not known as ordinary words become ``<name>``: the model learns how sentences treat
  people, not which people datasets like or dislike; the target's own words are never features.
* **VADER valences** of the sentence's words (:func:`analysis.tone.score_tone`: negation,
  boosters and "but" applied), summed with a decay by distance to the left and right of the
  target, over positive and negative words, inside and outside quotation marks, in the
  target's clause, and over words nearer the target than any other name or pronoun
  ("own") versus the rest.
* **the target's role** — inside quotation marks, next to a verb of saying (a speaker), first in
  the sentence.

Every feature is a sum over words, so each word's share of every class score is exact; the
evidence is the words that moved the decision most, with signed weights (see
:class:`TargetTone`).

Quoted words: pass ``exclude`` (the spans of quotations) to score the outlet's own words only,
as the actor comparison does. Excluded words are not features and VADER scores the remaining
parts; offsets stay those of ``sentence``.

Measured once on NewsMTSC ``devtest_mt`` (1,476 targets in 721 sentences that each name two or
more people; never used for training or model selection), ``python
benchmarks/eval_target_tone.py``: macro-F1 0.627 (95% bootstrap interval 0.597–0.656) against
0.501 for the sentence's VADER label; on the targets of sentences whose targets differ in gold
tone, 0.549 against 0.392. Figures in ``analysis/data/eval_target_tone.json``. The penalty was
chosen by grouped 5-fold cross-validation on ``train.jsonl`` (macro-F1 0.647 there).

Limits: a bag of words with positions, not a parser: "X was attacked by Y" and "X attacked Y"
differ only through the words around X; words far from the target in long sentences are weak
evidence either way; function words ("the", "and") carry small learned weights and can appear
among the evidence. Left and right count from the target's first mention, the words right after
it from its last.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from analysis.model import ToneDriver
from analysis.tone import score_tone

LABELS: tuple[str, str, str] = ("negative", "neutral", "positive")
"""The classes, in the order of the weight rows in the model file."""

MODEL_PATH = Path(__file__).resolve().parent / "data" / "target_tone_model.json"
"""The shipped weights (written by ``scripts/train_target_tone.py``)."""

MODEL_FORMAT = "coverage-lens/target-tone/1"
"""The ``format`` value a model file must carry."""

WINDOW = 4
"""Tokens (words and punctuation marks) either side of the target that count as near it."""

DECAY_TOKENS = 3.0
"""Distance (in tokens) over which a word's valence in the left/right sums falls by a factor e."""

VALENCE_SCALE = 4.0
"""VADER valences (about -4…+4) are divided by this before they enter the model."""

MAX_EVIDENCE = 6
"""Most words returned as evidence for a decision."""

NAME = "<name>"
"""The token that stands for a capitalised word not known as an ordinary word."""

TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d[\d,.]*|[^\w\s]")
"""A word (letters joined by apostrophes or hyphens), a number, or one punctuation mark."""

CLAUSE_BREAKS = frozenset(',;:—–()[]“”"?!')
"""Tokens that end the target's clause."""

SENTENCE_OPENERS = frozenset(".!?:;“\"‘'(—–")
"""A capitalised word after one of these (or first) may be capitalised only by position."""

QUOTE_OPEN = frozenset("“")
QUOTE_CLOSE = frozenset("”")
QUOTE_TOGGLE = frozenset('"')

SAYING_VERBS = frozenset(
    {"said", "says", "say", "told", "tells", "asked", "asks", "added", "adds", "wrote"}
    | {"writes", "according", "tweeted", "stated", "states", "explained", "noted", "argued"}
    | {"argues", "claimed", "claims", "insisted", "insists", "warned", "warns", "announced"}
)
"""Verbs (and "according") whose nearness marks the target as a speaker."""

PRONOUNS = frozenset(
    {"he", "she", "him", "her", "his", "hers", "they", "them", "their", "i", "we", "us", "you"}
    | {"it", "its", "me", "my", "our"}
)
"""Words that, like names, can be what a nearby evaluative word is about."""

_SUFFIXES: tuple[tuple[str, str, int], ...] = (
    ("ies", "y", 3),
    ("ied", "y", 3),
    ("ing", "", 3),
    ("ed", "", 3),
    ("es", "", 3),
    ("s", "", 3),
    ("ly", "", 4),
)
"""``(suffix, replacement, shortest stem kept)``, tried in order by :func:`stem`."""
_KEEP_S = frozenset({"news", "always", "perhaps", "sometimes", "besides", "towards"})
"""Words whose final ``s`` is not a plural or verb ending."""


def stem(word: str) -> str:
    """Return the light stem of a word: lower case, straight apostrophes, inflections stripped.

    Deliberately simple and predictable ("criticized", "criticizes", "criticize" → "criticiz";
    "hates", "hating", "hated" → "hat"): a possessive "'s" goes, then one suffix of
    :data:`_SUFFIXES` (``-es`` only after s, x, z, ch or sh; ``-s`` not after s, u, i or a), a
    doubled final consonant is undoubled after ``-ing``/``-ed``, and a final ``e`` goes.

    Args:
        word: One word token.

    Returns:
        The stem (the word itself, lower-cased, when no rule applies).
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.rstrip("'")
    for suffix, replacement, shortest in _SUFFIXES:
        if not w.endswith(suffix) or len(w) - len(suffix) < shortest:
            continue
        base = w[: len(w) - len(suffix)]
        if suffix == "es" and not base.endswith(("s", "x", "z", "ch", "sh")):
            continue
        if suffix == "s" and (base.endswith(("s", "u", "i", "a")) or w in _KEEP_S):
            continue
        if (
            suffix in ("ing", "ed")
            and len(base) > 3
            and base[-1] == base[-2]
            and base[-1] not in "aeiouls"
        ):
            base = base[:-1]
        w = base + replacement
        break
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


class _Token(NamedTuple):
    start: int
    end: int
    text: str
    form: str
    """The token's feature form: its stem, the punctuation mark, or :data:`NAME`."""
    quoted: bool
    mention: bool
    """A capitalised name word or a pronoun (something evaluative words can be about)."""


@dataclass(frozen=True)
class _SentenceInfo:
    tokens: tuple[_Token, ...]
    valence: tuple[float, ...]
    """Final VADER valence of each token (0 for most)."""
    names: tuple[tuple[str, str, str, str], ...]
    """Each token's word-feature names: in the sentence, left, right, in the clause."""


class Feature(NamedTuple):
    """One feature of a (sentence, target) pair, with the tokens it comes from.

    Attributes:
        name: The feature's name in the model file ("w:criticiz", "val_left", "target_quoted").
        value: Its value.
        sources: ``(start, end, share)`` per source token: character offsets in the sentence and
            that token's part of ``value`` (the shares sum to ``value``). Empty for ``bias``.
    """

    name: str
    value: float
    sources: tuple[tuple[int, int, float], ...]


@dataclass(frozen=True)
class TargetToneModel:
    """Weights of the target-tone classifier.

    Attributes:
        weights: Feature name → one weight per class of :data:`LABELS`.
        bias: One intercept per class.
        known_words: Forms (stems) the model knows as ordinary words; a capitalised word whose
            form is not here is read as a name.
        meta: What the file says about its training (data, sizes, cross-validation figures).
    """

    weights: dict[str, tuple[float, float, float]]
    bias: tuple[float, float, float]
    known_words: frozenset[str]
    meta: dict

    @classmethod
    def from_json(cls, data: dict) -> TargetToneModel:
        """Return the model stored in a parsed model file.

        Raises:
            ValueError: If the data is not a model file of :data:`MODEL_FORMAT`.
        """
        if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
            raise ValueError(f"not a target-tone model file (expected format {MODEL_FORMAT!r})")
        if list(data.get("labels", ())) != list(LABELS):
            raise ValueError(f"model labels must be {list(LABELS)}")
        weights = {name: _triple(row) for name, row in data["weights"].items()}
        known = {name[2:] for name in weights if name.startswith("w:")}
        known.update(data.get("known_words", ()))
        return cls(
            weights=weights,
            bias=_triple(data["bias"]),
            known_words=frozenset(known),
            meta=dict(data.get("meta", {})),
        )


def _triple(row: Sequence[float]) -> tuple[float, float, float]:
    if len(row) != 3:
        raise ValueError(f"a weight row needs 3 numbers, got {len(row)}")
    return float(row[0]), float(row[1]), float(row[2])


@functools.cache
def load_model(path: Path | None = None) -> TargetToneModel:
    """Return the target-tone model (cached), by default the one shipped with the package.

    Args:
        path: A model file; None for :data:`MODEL_PATH`.

    Raises:
        FileNotFoundError: If the file is missing.
        ValueError: If it is not a model file.
    """
    source = MODEL_PATH if path is None else path
    with open(source, encoding="utf-8") as handle:
        return TargetToneModel.from_json(json.load(handle))


@dataclass(frozen=True)
class TargetTone:
    """The tone of a sentence toward one target, with the words behind it.

    Attributes:
        label: "negative", "neutral" or "positive".
        probabilities: The model's probability of each label (they sum to 1).
        evidence: Up to :data:`MAX_EVIDENCE` words that moved the decision most, in text order
            (punctuation marks and the target's own position features count in the scores but
            are not listed):
            offsets into the sentence, ``label`` the word as written, ``weight`` its signed
            push on the negative–positive axis (its contribution to the positive class score
            minus its contribution to the negative one; > 0 toward positive), ``reason`` which
            features it fired and how much it supports the decision.
    """

    label: str
    probabilities: dict[str, float]
    evidence: tuple[ToneDriver, ...]

    @property
    def score(self) -> float:
        """Return P(positive) − P(negative), from -1 (surely negative) to +1 (surely positive)."""
        return self.probabilities["positive"] - self.probabilities["negative"]


_QUOTE_MARKS = QUOTE_OPEN | QUOTE_CLOSE | QUOTE_TOGGLE


@functools.lru_cache(maxsize=65536)
def _form(text: str) -> str:
    return stem(text) if text[:1].isalnum() else text


def _tokens(
    sentence: str, exclude: Sequence[tuple[int, int]], known: Callable[[str], bool]
) -> tuple[_Token, ...]:
    """Return the sentence's tokens outside ``exclude``, with forms, quote flags and mentions."""
    out: list[_Token] = []
    quoted = False
    previous = ""
    for match in TOKEN_RE.finditer(sentence):
        start, end, text = match.start(), match.end(), match.group()
        if text in _QUOTE_MARKS:
            quoted = True if text in QUOTE_OPEN else False if text in QUOTE_CLOSE else not quoted
        opener = previous == "" or previous in SENTENCE_OPENERS
        previous = text
        if exclude and any(a <= start and end <= b for a, b in exclude):
            continue
        form = _form(text)
        is_name = False
        if text[:1].isupper():
            acronym = len(text) > 1 and text.isupper()
            is_name = text != "I" and (acronym or not (opener and known(form)))
            if is_name:
                form = NAME
        out.append(
            _Token(
                start,
                end,
                text,
                form,
                quoted and text not in _QUOTE_MARKS,
                is_name or text.lower() in PRONOUNS,
            )
        )
    return tuple(out)


def _parts_outside(length: int, exclude: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    parts: list[tuple[int, int]] = []
    cursor = 0
    for start, end in sorted(exclude):
        if start > cursor:
            parts.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < length:
        parts.append((cursor, length))
    return parts


@functools.lru_cache(maxsize=4096)
def _sentence_info(
    sentence: str, exclude: tuple[tuple[int, int], ...], known: frozenset[str] | None
) -> _SentenceInfo:
    """Return the tokens and VADER valences of a sentence (cached: targets share sentences)."""
    tokens = _tokens(
        sentence, exclude, (lambda form: True) if known is None else known.__contains__
    )
    parts = _parts_outside(len(sentence), exclude) if exclude else None
    drivers = score_tone(sentence, parts).drivers if parts != [] else ()
    valence = [0.0] * len(tokens)
    for driver in drivers:
        for i, token in enumerate(tokens):
            if token.start < driver.end and driver.start < token.end:
                valence[i] += driver.weight
                break
    names = tuple((f"w:{t.form}", f"l:{t.form}", f"r:{t.form}", f"c:{t.form}") for t in tokens)
    return _SentenceInfo(tokens=tokens, valence=tuple(valence), names=names)


def _normalise_targets(
    target: tuple[int, int] | Sequence[tuple[int, int]], length: int
) -> tuple[tuple[int, int], ...]:
    single = len(target) == 2 and all(isinstance(x, int) for x in target)
    spans: Sequence[tuple[int, int]] = [target] if single else target  # type: ignore[list-item]
    out = tuple((int(s), int(e)) for s, e in spans)
    if not out:
        raise ValueError("no target span given")
    for s, e in out:
        if not 0 <= s < e <= length:
            raise ValueError(f"target ({s}, {e}) is not a non-empty range of a text of {length}")
    return out


def _distances(marked: Sequence[bool], *, exclude_self: bool = False) -> list[int]:
    """Return each position's distance to the nearest marked position (len + 1 when none).

    With ``exclude_self`` a marked position does not count as its own nearest one.
    """
    n = len(marked)
    far = n + 1
    left = [far] * n
    last = None
    for i in range(n):
        if last is not None:
            left[i] = i - last
        if marked[i]:
            last = i
            if not exclude_self:
                left[i] = 0
    out = left
    last = None
    for i in range(n - 1, -1, -1):
        if last is not None and last - i < out[i]:
            out[i] = last - i
        if marked[i]:
            last = i
    return out


def _sources(
    sentence: str,
    spans: tuple[tuple[int, int], ...],
    exclude: tuple[tuple[int, int], ...],
    known_words: frozenset[str] | None,
) -> list[tuple[str, int, int, float]]:
    """Return every feature occurrence as ``(name, start, end, share)``, in a fixed order.

    A feature's value is the sum of its shares (see :func:`extract_features`).
    """
    info = _sentence_info(sentence, exclude, known_words)
    tokens, valence = info.tokens, info.valence
    n = len(tokens)
    in_target = [False] * n
    for i, token in enumerate(tokens):
        for s, e in spans:
            if token.start < e and s < token.end:
                in_target[i] = True
                break
    positions = [i for i in range(n) if in_target[i]]
    if not positions:
        return []  # the target lies inside excluded text (or in no token)
    first, last = positions[0], positions[-1]
    out: list[tuple[str, int, int, float]] = []
    distance = _distances(in_target)
    other = _distances(
        [t.mention and not in_target[i] for i, t in enumerate(tokens)], exclude_self=True
    )
    lo = first
    while lo > 0 and tokens[lo - 1].text not in CLAUSE_BREAKS:
        lo -= 1
    hi = last
    while hi < n - 1 and tokens[hi + 1].text not in CLAUSE_BREAKS:
        hi += 1
    seen_word: dict[str, list[int]] = defaultdict(list)
    names = info.names
    for i, token in enumerate(tokens):
        if in_target[i]:
            continue
        word, left, right, clause = names[i]
        seen_word[word].append(i)
        if distance[i] <= WINDOW:
            seen_word[left if i < first else right].append(i)
        if lo <= i <= hi:
            seen_word[clause].append(i)
        v = valence[i] / VALENCE_SCALE
        if not v:
            continue
        start, end = token.start, token.end
        decay = math.exp(-(distance[i] - 1) / DECAY_TOKENS)
        out.append(("val_left" if i < first else "val_right", start, end, v * decay))
        out.append(("val_positive" if v > 0 else "val_negative", start, end, v))
        out.append(("val_quoted" if token.quoted else "val_narration", start, end, v))
        if lo <= i <= hi:
            out.append(("val_clause", start, end, v))
        out.append(("val_own" if distance[i] <= other[i] else "val_other", start, end, v))
    for prefix, where in (
        ("l1:", first - 1),
        ("l2:", first - 2),
        ("r1:", last + 1),
        ("r2:", last + 2),
    ):
        if 0 <= where < n and not in_target[where]:
            seen_word[prefix + tokens[where].form].append(where)
    # Word features are binary: a word that occurs twice shares the one unit.
    for name, occurrences in seen_word.items():
        share = 1.0 / len(occurrences)
        for i in occurrences:
            out.append((name, tokens[i].start, tokens[i].end, share))
    head = tokens[first]
    if head.quoted:
        out.append(("target_quoted", head.start, head.end, 1.0))
    for j in range(max(0, first - 3), min(n, last + 4)):
        if not in_target[j] and tokens[j].text.lower() in SAYING_VERBS:
            out.append(("target_speaker", tokens[j].start, tokens[j].end, 1.0))
            break
    if first <= 2:
        out.append(("target_first", head.start, head.end, 1.0))
    return out


def extract_features(
    sentence: str,
    target: tuple[int, int] | Sequence[tuple[int, int]],
    *,
    exclude: Sequence[tuple[int, int]] = (),
    known_words: frozenset[str] | None = None,
) -> list[Feature]:
    """Return the features of a sentence toward a target (the model's input).

    Args:
        sentence: One sentence.
        target: The target's ``(start, end)`` span in ``sentence``, or several spans (every
            mention of the same target: "Clinton … her … she"). Left and right, and the words
            right before and after, count from the first and the last mention.
        exclude: Spans whose words are left out (for example quotations).
        known_words: Stems known as ordinary words; a capitalised word at the start of the
            sentence (or after a quotation mark, colon…) is a name unless its stem is here, and
            any other capitalised word is always a name. None treats every word at such a
            position as an ordinary word.

    Returns:
        The features with non-zero values, ``bias`` first, each with its source tokens; only
        ``bias`` when the target lies inside excluded text.

    Raises:
        ValueError: If a target span is empty or outside the sentence.
    """
    spans = _normalise_targets(target, len(sentence))
    grouped: dict[str, list[tuple[int, int, float]]] = defaultdict(list)
    for name, start, end, share in _sources(sentence, spans, tuple(sorted(exclude)), known_words):
        grouped[name].append((start, end, share))
    out = [Feature(name="bias", value=1.0, sources=())]
    for name, sources in grouped.items():
        value = sum(share for _, _, share in sources)
        if value:
            out.append(Feature(name=name, value=value, sources=tuple(sources)))
    return out


def _softmax(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


_DESCRIPTIONS = {
    "w": "word in the sentence",
    "l": "word shortly before the target",
    "r": "word shortly after the target",
    "l1": "word right before the target",
    "l2": "second word before the target",
    "r1": "word right after the target",
    "r2": "second word after the target",
    "c": "word in the target's clause",
    "val_left": "VADER valence before the target (nearer counts more)",
    "val_right": "VADER valence after the target (nearer counts more)",
    "val_positive": "positive VADER word",
    "val_negative": "negative VADER word",
    "val_quoted": "VADER valence inside quotation marks",
    "val_narration": "VADER valence outside quotation marks",
    "val_clause": "VADER valence in the target's clause",
    "val_own": "VADER valence nearer the target than any other name",
    "val_other": "VADER valence nearer another name or pronoun",
    "target_quoted": "the target is inside quotation marks",
    "target_speaker": "a verb of saying next to the target",
    "target_first": "the target opens the sentence",
}
"""Plain-language names of the features, by prefix (word features) or full name."""


def _describe(name: str) -> str:
    """Return the plain-language name of a feature ("word right after the target")."""
    return _DESCRIPTIONS.get(name.split(":", 1)[0], name.replace("_", " "))


def target_tone(
    sentence: str,
    target: tuple[int, int] | Sequence[tuple[int, int]],
    *,
    exclude: Sequence[tuple[int, int]] = (),
    model: TargetToneModel | None = None,
) -> TargetTone:
    """Return the tone of ``sentence`` toward the target at ``target``, with the evidence.

    Args:
        sentence: One sentence.
        target: The target's ``(start, end)`` span in ``sentence``, or all its mentions there.
        exclude: Spans left out (quotations, to score the outlet's own words only).
        model: The weights; None for the shipped model (:func:`load_model`).

    Returns:
        The label, the probabilities and up to :data:`MAX_EVIDENCE` evidence words.

    Raises:
        ValueError: If a target span is empty or outside the sentence.
    """
    model = load_model() if model is None else model
    spans = _normalise_targets(target, len(sentence))
    weights = model.weights
    s0, s1, s2 = model.bias
    per_word: dict[tuple[int, int], list] = {}
    for name, start, end, share in _sources(
        sentence, spans, tuple(sorted(exclude)), model.known_words
    ):
        row = weights.get(name)
        if row is None:
            continue
        w0, w1, w2 = row
        s0 += w0 * share
        s1 += w1 * share
        s2 += w2 * share
        entry = per_word.get((start, end))
        if entry is None:
            entry = per_word[(start, end)] = [0.0, 0.0, 0.0, []]
        entry[0] += w0 * share
        entry[1] += w1 * share
        entry[2] += w2 * share
        entry[3].append((name, share, row))
    probabilities = _softmax((s0, s1, s2))
    best = max(range(3), key=probabilities.__getitem__)
    label = LABELS[best]
    ranked: list[tuple[float, int, int]] = []
    for (start, end), entry in per_word.items():
        if not sentence[start].isalnum() or any(start < e and s < end for s, e in spans):
            continue  # punctuation and the target's position count, but are not evidence
        support = entry[best] - (entry[0] + entry[1] + entry[2] - entry[best]) / 2
        if support > 1e-6:
            ranked.append((support, start, end))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    evidence: list[ToneDriver] = []
    for support, start, end in ranked[:MAX_EVIDENCE]:
        entry = per_word[(start, end)]
        reasons = sorted(
            (
                (share * (row[best] - (sum(row) - row[best]) / 2), name)
                for name, share, row in entry[3]
            ),
            reverse=True,
        )
        how = "; ".join(dict.fromkeys(_describe(name) for part, name in reasons[:3] if part > 0))
        evidence.append(
            ToneDriver(
                start=start,
                end=end,
                label=sentence[start:end],
                reason=f"supports {label} ({support:+.2f}): {how}",
                weight=round(entry[2] - entry[0], 4),
            )
        )
    evidence.sort(key=lambda d: d.start)
    return TargetTone(
        label=label,
        probabilities={name: probabilities[k] for k, name in enumerate(LABELS)},
        evidence=tuple(evidence),
    )


def feature_values(features: Iterable[Feature]) -> dict[str, float]:
    """Return ``{name: value}`` of features (what the training script fits on)."""
    return {f.name: f.value for f in features}
