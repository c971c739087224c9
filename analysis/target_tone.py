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

import bisect
import functools
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
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
    _reason_cache: dict[str, tuple[float, float, float, str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Filled as used: feature name → its support for each class per unit of value (the class's
    weight minus the mean of the other two) and its plain-language name (for the evidence)."""

    def reason(self, name: str) -> tuple[float, float, float, str]:
        """Return a weighted feature's support per class and its plain-language name.

        Raises:
            KeyError: If the model has no weights for ``name``.
        """
        known = self._reason_cache.get(name)
        if known is None:
            row = self.weights[name]
            total = sum(row)
            known = self._reason_cache[name] = (
                row[0] - (total - row[0]) / 2,
                row[1] - (total - row[1]) / 2,
                row[2] - (total - row[2]) / 2,
                _describe(name),
            )
        return known

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


_Row = tuple[float, float, float]


class _Features(NamedTuple):
    """The weighted features of a sentence toward one target (see :meth:`PreparedSentence.tone`).

    Each group is in the order :func:`_sources` gives its features; features the model has no
    weights for are left out (they add nothing).
    """

    in_target: list[bool]
    first: int
    """Index of the target's first token."""
    last: int
    """Index of its last token."""
    valued: list[tuple[int, str, float, _Row]]
    """The valence features: ``(token, name, share, weights)``."""
    words: dict[str, list]
    """The word features: name → ``[weights, token, token, …]``, the tokens it occurs at (one
    over their number is each occurrence's share)."""
    targeted: list[tuple[int, str, float, _Row]]
    """The target's role features, as ``valued``."""


class PreparedSentence:
    """A sentence made ready for :func:`target_tone` toward any number of targets in it.

    The sentence's tokens, valences and the weights of its words are looked up once here;
    :meth:`tone` then does only the per-target work. Scoring several targets of a sentence
    through one ``PreparedSentence`` gives exactly what :func:`target_tone` gives for each.

    Args:
        sentence: One sentence.
        exclude: Spans whose words are left out (quotations, to score the outlet's own words).
        model: The weights; None for the shipped model (:func:`load_model`).
    """

    def __init__(
        self,
        sentence: str,
        *,
        exclude: Sequence[tuple[int, int]] = (),
        model: TargetToneModel | None = None,
    ) -> None:
        model = load_model() if model is None else model
        info = _sentence_info(sentence, tuple(sorted(exclude)), model.known_words)
        tokens = info.tokens
        self.sentence = sentence
        self._model = model
        self._get = get = model.weights.get
        self._tokens = tokens
        self._starts: tuple[int, ...] = tuple(t.start for t in tokens)
        self._ends: tuple[int, ...] = tuple(t.end for t in tokens)
        # The features' names per token, by kind: in the sentence, left, right, in the clause.
        if tokens:
            self._names: tuple[tuple[str, ...], ...] = tuple(zip(*info.names, strict=True))
        else:
            self._names = ((), (), (), ())
        self._word_rows = list(map(get, self._names[0]))
        self._clause_rows = list(map(get, self._names[3]))
        # (token, valence / VALENCE_SCALE) of the tokens with a valence.
        self._values = [
            (i, v / VALENCE_SCALE) for i, v in enumerate(info.valence) if v / VALENCE_SCALE
        ]
        self._mentions: list[int] | None = None
        # Only words and numbers can be evidence; punctuation marks count in the scores only.
        self._wordlike = [i for i, t in enumerate(tokens) if t.text[0].isalnum()]

    def tone(
        self, target: tuple[int, int] | Sequence[tuple[int, int]], *, offset: int = 0
    ) -> TargetTone:
        """Return the tone of the sentence toward ``target``, as :func:`target_tone` does.

        Args:
            target: The target's ``(start, end)`` span in the sentence, or all its mentions.
            offset: Added to the evidence offsets (the sentence's position in a longer text).

        Returns:
            The label, the probabilities and up to :data:`MAX_EVIDENCE` evidence words.

        Raises:
            ValueError: If a target span is empty or outside the sentence.
        """
        features = self._features(_normalise_targets(target, len(self.sentence)))
        s0, s1, s2 = self._model.bias
        n = len(self._starts)
        # Each token's share of the three class scores (read for evidence candidates only).
        e0 = [0.0] * n
        e1 = [0.0] * n
        e2 = [0.0] * n
        if features is not None:
            # Summed in the order of _sources, so that the floating-point results are the same.
            for i, _, share, row in features.valued:
                p0, p1, p2 = row[0] * share, row[1] * share, row[2] * share
                s0 += p0
                s1 += p1
                s2 += p2
                e0[i] += p0
                e1[i] += p1
                e2[i] += p2
            for entry in features.words.values():
                if len(entry) == 2:
                    # A share of 1.0: the products are the weights themselves (x * 1.0 == x).
                    (p0, p1, p2), i = entry
                    s0 += p0
                    s1 += p1
                    s2 += p2
                    e0[i] += p0
                    e1[i] += p1
                    e2[i] += p2
                    continue
                row = entry[0]
                share = 1.0 / (len(entry) - 1)
                p0, p1, p2 = row[0] * share, row[1] * share, row[2] * share
                for i in entry[1:]:
                    s0 += p0
                    s1 += p1
                    s2 += p2
                    e0[i] += p0
                    e1[i] += p1
                    e2[i] += p2
            for i, _, share, row in features.targeted:
                p0, p1, p2 = row[0] * share, row[1] * share, row[2] * share
                s0 += p0
                s1 += p1
                s2 += p2
                e0[i] += p0
                e1[i] += p1
                e2[i] += p2
        probabilities = _softmax((s0, s1, s2))
        best = max(range(3), key=probabilities.__getitem__)
        label = LABELS[best]
        evidence = () if features is None else self._evidence(features, best, e0, e1, e2, offset)
        return TargetTone(
            label=label,
            probabilities={name: probabilities[k] for k, name in enumerate(LABELS)},
            evidence=evidence,
        )

    def _features(self, spans: tuple[tuple[int, int], ...]) -> _Features | None:
        """Return the weighted features toward the target at ``spans`` (what :func:`_sources`
        gives, less the features without weights); None when the target is in no token."""
        starts, ends = self._starts, self._ends
        n = len(starts)
        in_target = [False] * n
        for s, e in spans:
            # Tokens are sorted and disjoint: those overlapping [s, e) form one run.
            for i in range(bisect.bisect_right(ends, s), bisect.bisect_left(starts, e)):
                in_target[i] = True
        positions = [i for i, inside in enumerate(in_target) if inside]
        if not positions:
            return None
        first, last = positions[0], positions[-1]
        tokens = self._tokens
        lo = first
        while lo > 0 and tokens[lo - 1].text not in CLAUSE_BREAKS:
            lo -= 1
        hi = last
        while hi < n - 1 and tokens[hi + 1].text not in CLAUSE_BREAKS:
            hi += 1
        near = set()
        for p in positions:
            near.update(range(p - WINDOW, p + WINDOW + 1))
        # Outside [around_lo, around_hi] a token is neither near the target nor in its clause
        # (nor part of it), so only its word feature counts.
        around_lo = max(0, min(lo, first - WINDOW))
        around_hi = min(n - 1, max(hi, last + WINDOW))
        word_names, left_names, right_names, clause_names = self._names
        word_rows, clause_rows = self._word_rows, self._clause_rows
        get = self._get
        words: dict[str, list] = {}
        for i in range(around_lo):
            if (row := word_rows[i]) is not None:
                if (entry := words.get(word_names[i])) is None:
                    words[word_names[i]] = [row, i]
                else:
                    entry.append(i)
        for i in range(around_lo, around_hi + 1):
            if in_target[i]:
                continue
            if (row := word_rows[i]) is not None:
                if (entry := words.get(word_names[i])) is None:
                    words[word_names[i]] = [row, i]
                else:
                    entry.append(i)
            if i in near:
                side = left_names[i] if i < first else right_names[i]
                if (row := get(side)) is not None:
                    if (entry := words.get(side)) is None:
                        words[side] = [row, i]
                    else:
                        entry.append(i)
            if lo <= i <= hi and (row := clause_rows[i]) is not None:
                if (entry := words.get(clause_names[i])) is None:
                    words[clause_names[i]] = [row, i]
                else:
                    entry.append(i)
        for i in range(around_hi + 1, n):
            if (row := word_rows[i]) is not None:
                if (entry := words.get(word_names[i])) is None:
                    words[word_names[i]] = [row, i]
                else:
                    entry.append(i)
        for prefix, where in (
            ("l1:", first - 1),
            ("l2:", first - 2),
            ("r1:", last + 1),
            ("r2:", last + 2),
        ):
            if 0 <= where < n and not in_target[where]:
                name = prefix + tokens[where].form
                row = get(name)
                if row is not None:
                    words[name] = [row, where]
        valued = self._valence_features(in_target, positions, first, lo, hi) if self._values else []
        targeted: list[tuple[int, str, float, _Row]] = []
        if tokens[first].quoted and (row := get("target_quoted")) is not None:
            targeted.append((first, "target_quoted", 1.0, row))
        for j in range(max(0, first - 3), min(n, last + 4)):
            if not in_target[j] and tokens[j].text.lower() in SAYING_VERBS:
                if (row := get("target_speaker")) is not None:
                    targeted.append((j, "target_speaker", 1.0, row))
                break
        if first <= 2 and (row := get("target_first")) is not None:
            targeted.append((first, "target_first", 1.0, row))
        return _Features(in_target, first, last, valued, words, targeted)

    def _valence_features(
        self, in_target: list[bool], positions: list[int], first: int, lo: int, hi: int
    ) -> list[tuple[int, str, float, _Row]]:
        """Return the valence features ``(token, name, share, weights)`` in token order."""
        out: list[tuple[int, str, float, _Row]] = []
        values = [(i, v) for i, v in self._values if not in_target[i]]
        if not values:
            return out
        if self._mentions is None:
            self._mentions = [i for i, t in enumerate(self._tokens) if t.mention]
        mentions = [j for j in self._mentions if not in_target[j]]
        get, tokens = self._get, self._tokens
        far = len(tokens) + 1
        for i, v in values:
            distance = min(abs(i - p) for p in positions)
            other = min((abs(i - j) for j in mentions if j != i), default=far)
            decay = math.exp(-(distance - 1) / DECAY_TOKENS)
            names = [
                ("val_left" if i < first else "val_right", v * decay),
                ("val_positive" if v > 0 else "val_negative", v),
                ("val_quoted" if tokens[i].quoted else "val_narration", v),
            ]
            if lo <= i <= hi:
                names.append(("val_clause", v))
            names.append(("val_own" if distance <= other else "val_other", v))
            for name, share in names:
                row = get(name)
                if row is not None:
                    out.append((i, name, share, row))
        return out

    def _evidence(
        self,
        features: _Features,
        best: int,
        e0: list[float],
        e1: list[float],
        e2: list[float],
        offset: int,
    ) -> tuple[ToneDriver, ...]:
        """Return the words that support the decision most, in text order.

        Args:
            features: The features toward the target.
            best: Index of the decided class.
            e0: Each token's share of the negative class score.
            e1: Of the neutral one.
            e2: Of the positive one.
            offset: Added to the evidence offsets.
        """
        chosen = (e0, e1, e2)[best]
        in_target = features.in_target
        # (-support, token) of every candidate: sorted, the best come first (then text order),
        # and those with support > 1e-6 are a prefix.
        ranked = sorted(
            [
                (-(x - (e0[i] + e1[i] + e2[i] - x) / 2), i)
                for i in self._wordlike
                if not in_target[i]
                for x in (chosen[i],)
            ]
        )
        top = [item for item in ranked[:MAX_EVIDENCE] if item[0] < -1e-6]
        if not top:
            return ()
        label = LABELS[best]
        sentence, starts, ends = self.sentence, self._starts, self._ends
        evidence: list[ToneDriver] = []
        for minus_support, i in sorted(top, key=itemgetter(1)):
            parts = self._reasons(features, i, best)
            parts.sort(reverse=True)
            described: list[str] = []
            for part, _, description in parts[:3]:
                if part > 0 and description not in described:
                    described.append(description)
            start, end = starts[i], ends[i]
            evidence.append(
                ToneDriver(
                    start=start + offset,
                    end=end + offset,
                    label=sentence[start:end],
                    reason=f"supports {label} ({-minus_support:+.2f}): {'; '.join(described)}",
                    weight=round(e2[i] - e0[i], 4),
                )
            )
        return tuple(evidence)

    def _reasons(self, features: _Features, i: int, best: int) -> list[tuple[float, str, str]]:
        """Return ``(support, name, description)`` of every feature of token ``i``, unordered.

        A feature's support is its push toward class ``best`` against the mean of the others.
        """
        reason = self._model.reason
        out = []
        for j, name, share, _ in features.valued:
            if j == i:
                known = reason(name)
                out.append((share * known[best], name, known[3]))
        words = features.words
        word_names, left_names, right_names, clause_names = self._names
        first, last = features.first, features.last
        names = [
            word_names[i],
            left_names[i] if i < first else right_names[i],
            clause_names[i],
        ]
        if first - 2 <= i <= last + 2:
            form = self._tokens[i].form
            for prefix, where in (
                ("l1:", first - 1),
                ("l2:", first - 2),
                ("r1:", last + 1),
                ("r2:", last + 2),
            ):
                if where == i:
                    names.append(prefix + form)
        for name in names:
            entry = words.get(name)
            if entry is not None and i in entry[1:]:
                known = reason(name)
                out.append((1.0 / (len(entry) - 1) * known[best], name, known[3]))
        for j, name, share, _ in features.targeted:
            if j == i:
                known = reason(name)
                out.append((share * known[best], name, known[3]))
        return out


def target_tone(
    sentence: str,
    target: tuple[int, int] | Sequence[tuple[int, int]],
    *,
    exclude: Sequence[tuple[int, int]] = (),
    model: TargetToneModel | None = None,
) -> TargetTone:
    """Return the tone of ``sentence`` toward the target at ``target``, with the evidence.

    To score several targets of one sentence, :class:`PreparedSentence` does the
    sentence's share of the work once.

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
    _normalise_targets(target, len(sentence))
    return PreparedSentence(sentence, exclude=exclude, model=model).tone(target)


def feature_values(features: Iterable[Feature]) -> dict[str, float]:
    """Return ``{name: value}`` of features (what the training script fits on)."""
    return {f.name: f.value for f in features}
