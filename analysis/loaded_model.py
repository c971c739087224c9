"""An experimental second stage for loaded language: a word scorer over generic features.

**Status: measured, not used.** The shipped lexicon (:func:`analysis.lexicon.default_lexicon`) does
not call this module. It was tried against MBIC (Spinde et al. 2021) and left out because it
reaches its word-level F1 mostly by flagging uncommon but neutral words ("coordination",
"airlift", "arrangement"), and on the bundled story it adds about as many words to the wire
report as to the opinion piece (24 and 25 in narration), so the wire report no longer reads as
plain. ``benchmarks/eval_loaded.py --word-model FILE`` measures a model file written by
``scripts/train_loaded_model.py``; the figures are in ``data/eval_loaded.json`` under
``experiments``.

The curated lexicon (:mod:`analysis.lexicon`) knows the words and phrases someone wrote down. This
module scores the *other* words of a text with a logistic regression whose features describe a
word without naming it, so it cannot have memorised the words annotators marked:

* how a general sentiment lexicon rates it: VADER (MIT) valence, pattern/TextBlob (PDDL) polarity,
  subjectivity and intensity, looked up for the word or its base form ("slammed" -> "slam");
* what kind of word it is in WordNet 3.0 (Princeton, WordNet licence): mostly a describing
  adjective, an adverb, a verb of contact, speech, social action, emotion or competition, or an
  abstract noun (feeling, state, attribute, thought, communication);
* its shape: suffix classes (-ly, -ous, -ive, -ful, -less, -est, -ist, -ism …), stance prefixes
  (anti-, pro-, -wing), length, hyphenation;
* how common it is in news: its document frequency in a reference corpus (the training script
  uses the text of the 1,056 MBIC articles, Apache-2.0, without their annotations);
* its neighbours: after an intensifier or a negation, next to a word the lexicon flagged, inside
  short "scare quotes".

Every feature has a plain-language description, so each hit explains itself with the features that
pushed it up ("negative in the VADER lexicon (-2.5 on −4…+4); a describing adjective (WordNet)").

A word is only ever scored when it has at least one *evaluative cue* (a sentiment-lexicon entry, an
adjective, adverb, judging verb or abstract noun in WordNet, a stance prefix or suffix, an
intensifier before it or scare quotes around it). Function words, numbers, words capitalised inside
a sentence (names), the words of ``data/loaded_exclusions.csv`` (facts such as "killed", "war") and
plain descriptors of identity or colour ("black", "gay", "female") are never scored.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.model import LoadedHit

if TYPE_CHECKING:
    from analysis.lexicon import Lexicon

MODEL_FORMAT = "coverage-lens/loaded-word-model/1"


def _words(text: str) -> list[str]:
    """Return the whitespace-separated words of ``text`` (for long word lists)."""
    return text.split()


TOKEN_RE = re.compile(r"\w+(?:[-'\u2019]\w+)*")
"""A word: letters or digits with inner hyphens and apostrophes kept ("so-called", "can't")."""

FUNCTION_WORDS: frozenset[str] = frozenset(
    _words(
        """a about above across after again against all almost also although always am among an and
    another any anybody anyone anything are around as at be because been before being below
    between both but by can could did do does doing done down during each either else enough
    even ever every everyone everything few for from further had has have having he her here
    hers herself him himself his how however i if in into is it it's its itself just least less
    like many may me might mine more most much must my myself neither no nobody none nor not
    nothing now of off on once one only onto or other others otherwise our ours ourselves out
    over own per rather same several shall she should since so some somebody someone something
    still such than that that's the their theirs them themselves then there there's these they
    this those though through throughout thus to too toward towards under until up upon us very
    via was we were what whatever when whenever where whether which while who whoever whom whose
    why will with within without would yet you your yours yourself yourselves mr mrs ms dr
    don't doesn't didn't won't can't isn't aren't wasn't weren't hasn't haven't hadn't wouldn't
    couldn't shouldn't i'm you're we're they're he's she's i've we've they've i'll we'll they'll
    let's says said say saying told tell asked"""
    )
)
"""Words that are never scored: grammar, pronouns and the neutral verbs of saying."""

INTENSIFIERS: frozenset[str] = frozenset(
    _words(
        """very so too extremely really quite highly utterly absolutely totally completely
    incredibly deeply truly particularly especially most more increasingly remarkably
    exceptionally seriously terribly awfully"""
    )
)
NEGATIONS: frozenset[str] = frozenset(_words("not no never nothing none nobody neither nor"))
DETERMINERS: frozenset[str] = frozenset(_words("a an the this that these those such"))
NAME_BREAKS = frozenset('.!?:;\n\u2014\u201c\u2018"(')
"""After these a capitalised word may start a sentence, a heading or a quotation."""
QUOTE_PAIRS = (("\u201c", "\u201d"), ('"', '"'), ("\u2018", "\u2019"))
SCARE_QUOTE_MAX_WORDS = 4

SUFFIXES: tuple[str, ...] = (
    "ically",
    "ly",
    "ous",
    "ive",
    "ful",
    "less",
    "est",
    "ist",
    "ism",
    "ical",
    "ic",
    "able",
    "ible",
    "ness",
    "ity",
    "ment",
    "tion",
    "ate",
    "ize",
    "ed",
    "ing",
    "al",
    "er",
    "y",
)
"""Endings that say what kind of word this is, longest first; a word gets the first that fits."""

BASE_FORM_RULES: tuple[tuple[str, str], ...] = (
    ("ies", "y"),
    ("ied", "y"),
    ("ier", "y"),
    ("iest", "y"),
    ("ily", "y"),
    ("es", "e"),
    ("es", ""),
    ("s", ""),
    ("ed", "e"),
    ("ed", ""),
    ("ing", "e"),
    ("ing", ""),
    ("er", "e"),
    ("er", ""),
    ("est", "e"),
    ("est", ""),
    ("ly", ""),
    ("ally", ""),
)
"""Suffix rules to find a word's base form in a lexicon ("slammed" -> "slam" via doubling)."""

WORD_CLASSES = {
    "A": "adjective",
    "D": "adverb",
    "V": "action_verb",
    "N": "abstract_noun",
    "J": "any_adjective",
}
"""One-letter codes of the WordNet word classes stored in the model file: most senses a describing
adjective (A), an adverb (D), a verb of contact, communication, social action, emotion or
competition (V), an abstract noun of feeling, state, attribute, thought or communication (N); J:
at least one adjective sense."""

DEFAULT_CUES: tuple[str, ...] = (
    "vader",
    "pattern",
    "wn_adjective",
    "wn_adverb",
    "wn_action_verb",
    "wn_abstract_noun",
    "stance_prefix",
    "stance_suffix",
    "after_intensifier",
    "scare_quotes",
)
"""Features of which a word needs at least one to be scored (see the module doc); a model file
may narrow them."""


class ModelError(ValueError):
    """The model file could not be read; the message names the file and the problem."""


@dataclass(frozen=True)
class WordEvidence:
    """What the model saw in one word: its features and the text they explain."""

    start: int
    end: int
    key: str
    features: Mapping[str, float]
    valence: float | None
    """VADER valence of the word or its base form (-4…+4), None if absent."""
    pattern_scores: tuple[float, float] | None
    """pattern/TextBlob (polarity, subjectivity) of the word or its base form, None if absent."""
    doc_freq: int


@dataclass(frozen=True)
class ModelHit:
    """A word the model flags: where, how sure, and which features pushed it up."""

    start: int
    end: int
    probability: float
    category: str
    reasons: tuple[str, ...]
    """Plain-language descriptions of the features that contributed most, strongest first."""


@dataclass(frozen=True, eq=False)
class LoadedWordModel:
    """A trained word scorer with the tables its features read.

    Attributes:
        feature_names: The features, in the order of ``weights`` and ``means``.
        weights: Logistic-regression weight per feature.
        bias: The intercept.
        threshold: Probability at or above which a word is flagged (chosen on development topics).
        means: Mean of each feature over the training candidates (explanations compare to it).
        doc_freq: Reference document frequency per word (words in at least two articles).
        n_docs: Number of reference articles.
        word_classes: WordNet class letters per base form (see ``WORD_CLASSES``).
        descriptors: Plain descriptors (identity, colour) that are never scored.
        cues: Features of which a word needs at least one to be scored.
        about: Where the model comes from, in one line.
    """

    feature_names: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float
    means: tuple[float, ...]
    doc_freq: Mapping[str, int]
    n_docs: int
    word_classes: Mapping[str, str]
    descriptors: frozenset[str]
    cues: tuple[str, ...] = DEFAULT_CUES
    about: str = ""

    def probability(self, features: Mapping[str, float]) -> float:
        """Return the model's probability that a word with these features is loaded."""
        score = self.bias
        for name, weight in zip(self.feature_names, self.weights, strict=True):
            value = features.get(name)
            if value:
                score += weight * value
        return 1.0 / (1.0 + math.exp(-score))

    def contributions(self, features: Mapping[str, float]) -> list[tuple[str, float]]:
        """Return ``(feature, weight × (value − mean))`` per feature the word has, largest first.

        Only features present in the word are listed: a word is never explained by what it lacks.
        """
        found = [
            (name, weight * (features.get(name, 0.0) - mean))
            for name, weight, mean in zip(self.feature_names, self.weights, self.means, strict=True)
            if features.get(name)
        ]
        return sorted(found, key=lambda item: -item[1])


def model_from_dict(data: Mapping[str, object], where: str = "model") -> LoadedWordModel:
    """Build a model from the parsed JSON of a model file.

    Raises:
        ModelError: If a field is missing or malformed; the message names it.
    """
    try:
        if data.get("format") != MODEL_FORMAT:
            raise ModelError(
                f"{where}: format is {data.get('format')!r}; expected {MODEL_FORMAT!r}"
            )
        names = tuple(str(name) for name in data["features"])  # type: ignore[union-attr]
        weights = tuple(float(value) for value in data["weights"])  # type: ignore[union-attr]
        means = tuple(float(value) for value in data["means"])  # type: ignore[union-attr]
        if not (len(names) == len(weights) == len(means)):
            raise ModelError(f"{where}: features, weights and means differ in length")
        unknown = set(names) - set(FEATURES)
        if unknown:
            raise ModelError(f"{where}: unknown features {', '.join(sorted(unknown))}")
        classes: dict[str, str] = {}
        for letters, words in data["word_classes"].items():  # type: ignore[union-attr]
            if not set(letters) <= set(WORD_CLASSES):
                raise ModelError(f"{where}: unknown word class {letters!r}")
            for word in str(words).split():
                classes[word] = letters
        reference = data["reference"]
        assert isinstance(reference, Mapping)
        doc_freq: dict[str, int] = {}
        for count, words in reference["doc_freq"].items():
            for word in str(words).split():
                doc_freq[word] = int(count)
        cues = tuple(str(cue) for cue in data.get("cues", DEFAULT_CUES))  # type: ignore[union-attr]
        if not set(cues) <= set(DEFAULT_CUES):
            unknown_cues = ", ".join(sorted(set(cues) - set(DEFAULT_CUES)))
            raise ModelError(f"{where}: unknown cues {unknown_cues}")
        threshold = float(data["threshold"])  # type: ignore[arg-type]
        if not 0.0 < threshold < 1.0:
            raise ModelError(f"{where}: threshold {threshold} is not between 0 and 1")
        return LoadedWordModel(
            feature_names=names,
            weights=weights,
            bias=float(data["bias"]),  # type: ignore[arg-type]
            threshold=threshold,
            means=means,
            doc_freq=doc_freq,
            n_docs=int(reference["n_docs"]),
            word_classes=classes,
            descriptors=frozenset(str(word) for word in data["descriptors"]),  # type: ignore[union-attr]
            cues=cues,
            about=str(data.get("about", "")),
        )
    except (KeyError, TypeError, ValueError, AssertionError, AttributeError) as error:
        if isinstance(error, ModelError):
            raise
        raise ModelError(f"{where}: malformed model file ({error!r})") from error


def load_model(path: Path) -> LoadedWordModel:
    """Read a model file.

    Raises:
        ModelError: If the file cannot be read or is malformed.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ModelError(f"{path.name}: {error}") from error
    if not isinstance(data, dict):
        raise ModelError(f"{path.name}: expected a JSON object")
    return model_from_dict(data, path.name)


# --- features ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sources:
    """The general-purpose tables the features read (not the trained parts of the model)."""

    vader: Mapping[str, float]
    pattern: Mapping[str, tuple[float, float, float]]
    excluded: Mapping[str, str]


@cache
def _sources() -> _Sources:
    from analysis import lexicon  # imported here: lexicon imports this module lazily too

    return _Sources(
        vader=lexicon._vader_valences(),
        pattern=_pattern_scores(),
        excluded=lexicon._default_exclusions(),
    )


@cache
def _pattern_scores() -> dict[str, tuple[float, float, float]]:
    """Return pattern/TextBlob (PDDL) scores: word -> mean (polarity, subjectivity, intensity).

    All senses of a form are averaged, whatever their part of speech (as TextBlob does).
    """
    from analysis import lexicon

    text = lexicon.SUBJECTIVITY_FILE.read_text(encoding="utf-8")
    senses: dict[str, list[tuple[float, float, float]]] = {}
    for _, (form, _pos, polarity, subjectivity, intensity) in lexicon._read_csv_rows(
        text, lexicon.SUBJECTIVITY_HEADER, lexicon.SUBJECTIVITY_FILE.name
    ):
        form = form.lower()
        if " " in form or not form.replace("-", "").replace("'", "").isalpha():
            continue
        senses.setdefault(form, []).append((float(polarity), float(subjectivity), float(intensity)))
    return {
        form: tuple(sum(s[i] for s in scored) / len(scored) for i in range(3))  # type: ignore[misc]
        for form, scored in senses.items()
    }


def base_forms(key: str) -> list[str]:
    """Return ``key`` and the base forms its regular suffixes suggest, most likely first.

    Example: ``base_forms("slammed")`` includes "slamm", "slam" and "slamme"; a lexicon lookup
    takes the first that it knows.
    """
    if key.endswith("'s"):
        key = key[:-2]
    forms = [key]
    for suffix, replacement in BASE_FORM_RULES:
        if key.endswith(suffix) and len(key) > len(suffix) + 2:
            stem = key[: -len(suffix)]
            forms.append(stem + replacement)
            if (
                not replacement
                and suffix in ("ed", "ing", "er", "est")
                and len(stem) > 2
                and stem[-1] == stem[-2]
            ):
                forms.append(stem[:-1])  # "slammed" -> "slam"
    return forms


def _lookup(table: Mapping[str, object], key: str) -> object | None:
    for form in base_forms(key):
        found = table.get(form)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class _WordFacts:
    """Features of a word that do not depend on its context (cached per word)."""

    features: Mapping[str, float]
    valence: float | None
    pattern_scores: tuple[float, float] | None
    doc_freq: int
    never: bool
    """Never scored: a function word, number, excluded fact word or descriptor."""


def _word_facts(model: LoadedWordModel, key: str) -> _WordFacts:
    return _cached_word_facts(model, key)


@lru_cache(maxsize=65536)
def _cached_word_facts(model: LoadedWordModel, key: str) -> _WordFacts:
    sources = _sources()
    plain = key[:-2] if key.endswith("'s") else key
    never = (
        len(plain) <= 2
        or plain in FUNCTION_WORDS
        or any(c.isdigit() for c in plain)
        or plain in sources.excluded
        or plain in model.descriptors
    )
    features: dict[str, float] = {}
    valence = _lookup(sources.vader, plain)
    if isinstance(valence, float | int):
        features["vader"] = 1.0
        features["vader_negative"] = max(0.0, -float(valence)) / 4
        features["vader_positive"] = max(0.0, float(valence)) / 4
    else:
        valence = None
    scores = _lookup(sources.pattern, plain)
    pattern_scores: tuple[float, float] | None = None
    if isinstance(scores, tuple):
        polarity, subjectivity, intensity = scores
        pattern_scores = (polarity, subjectivity)
        features["pattern"] = 1.0
        features["pattern_subjectivity"] = subjectivity
        features["pattern_negative"] = max(0.0, -polarity)
        features["pattern_positive"] = max(0.0, polarity)
        features["pattern_intensity"] = min(1.0, max(0.0, intensity - 1.0))
    letters = _lookup(model.word_classes, plain)
    if isinstance(letters, str):
        for letter in letters:
            features["wn_" + WORD_CLASSES[letter]] = 1.0
    else:
        features["wn_no_class"] = 1.0
    parts = plain.split("-")
    if len(parts) > 1:
        features["hyphenated"] = 1.0
        if parts[0] in ("anti", "pro") or parts[-1] == "wing":
            features["stance_prefix"] = 1.0
    last = parts[-1]
    if last.endswith(("ism", "isms")) or (
        last.endswith(("ist", "ists")) and ("wn_any_adjective" in features or "vader" in features)
    ):
        features["stance_suffix"] = 1.0
    for suffix in SUFFIXES:
        if last.endswith(suffix) and len(last) >= len(suffix) + 3:
            features["suffix_" + suffix] = 1.0
            break
    features["length"] = min(len(plain), 15) / 15
    doc_freq = model.doc_freq.get(plain, 0)
    features["rarity"] = math.log((model.n_docs + 1) / (doc_freq + 1)) / math.log(model.n_docs + 1)
    if doc_freq <= 2:
        features["rare"] = 1.0
    return _WordFacts(features, valence, pattern_scores, doc_freq, never)


FEATURES: tuple[str, ...] = (
    "vader",
    "vader_negative",
    "vader_positive",
    "pattern",
    "pattern_subjectivity",
    "pattern_negative",
    "pattern_positive",
    "pattern_intensity",
    "wn_adjective",
    "wn_adverb",
    "wn_action_verb",
    "wn_abstract_noun",
    "wn_any_adjective",
    "wn_no_class",
    "hyphenated",
    "stance_prefix",
    "stance_suffix",
    *(f"suffix_{suffix}" for suffix in SUFFIXES),
    "length",
    "rarity",
    "rare",
    "sentence_start",
    "after_intensifier",
    "after_negation",
    "after_determiner",
    "next_to_lexicon_hit",
    "next_to_strong_word",
    "scare_quotes",
    "in_quotation",
)
"""Every feature a model may use, in a fixed order."""


def _quote_ranges(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Return ``(open, close, short)`` for each quotation inside ``text[start:end]``.

    ``short`` is True for at most ``SCARE_QUOTE_MAX_WORDS`` words: scare quotes or a quoted term.
    """
    found: list[tuple[int, int, bool]] = []
    for opening, closing in QUOTE_PAIRS:
        position = text.find(opening, start, end)
        while position != -1:
            close = text.find(closing, position + 1, end)
            if close == -1:
                break
            inside = text[position + 1 : close]
            if opening == "\u2018" and (not inside or inside[0] == " "):
                position = text.find(opening, position + 1, end)
                continue
            words = len(TOKEN_RE.findall(inside))
            found.append((position, close, 0 < words <= SCARE_QUOTE_MAX_WORDS))
            position = text.find(opening, close + 1, end)
    return found


def region_evidence(
    text: str,
    start: int,
    end: int,
    model: LoadedWordModel,
    lexicon_spans: Sequence[tuple[int, int]] = (),
) -> list[WordEvidence]:
    """Return the features of every word in ``text[start:end]`` that the model may score.

    Args:
        text: The whole text; offsets index into it.
        start: Start of the region.
        end: End of the region.
        model: The model whose tables the features read.
        lexicon_spans: ``(start, end)`` of the lexicon's hits: their words are not scored again,
            and a word next to one gets the ``next_to_lexicon_hit`` feature.

    Returns:
        One entry per candidate word (one with an evaluative cue, see the module doc), in order.
    """
    sources = _sources()
    matches = list(TOKEN_RE.finditer(text, start, end))
    keys = [m.group().replace("\u2019", "'").lower() for m in matches]
    covered = [False] * len(matches)
    if lexicon_spans:
        ordered = sorted(lexicon_spans)
        for index, match in enumerate(matches):
            covered[index] = any(s < match.end() and e > match.start() for s, e in ordered)
    quotes: list[tuple[int, int, bool]] | None = None
    found: list[WordEvidence] = []
    for index, match in enumerate(matches):
        if covered[index]:
            continue
        key = keys[index]
        facts = _word_facts(model, key)
        if facts.never:
            continue
        word_start = match.start()
        separator = text[matches[index - 1].end() : word_start] if index else text[start:word_start]
        capitalised = match.group()[0].isupper()
        at_start = index == 0 or any(mark in separator for mark in NAME_BREAKS)
        if capitalised and not at_start:
            continue  # most likely (part of) a name
        features = dict(facts.features)
        if capitalised:
            features["sentence_start"] = 1.0
        previous = keys[index - 1] if index and not at_start else ""
        if previous in INTENSIFIERS:
            features["after_intensifier"] = 1.0
        elif previous in NEGATIONS:
            features["after_negation"] = 1.0
        elif previous in DETERMINERS:
            features["after_determiner"] = 1.0
        for neighbour in (index - 1, index + 1):
            if 0 <= neighbour < len(matches):
                if covered[neighbour]:
                    features["next_to_lexicon_hit"] = 1.0
                valence = sources.vader.get(keys[neighbour])
                if valence is not None and abs(valence) >= 1.5:
                    features["next_to_strong_word"] = 1.0
        if quotes is None:
            quotes = _quote_ranges(text, start, end)
        for opening, closing, short in quotes:
            if opening < word_start < closing:
                features["scare_quotes" if short else "in_quotation"] = 1.0
                break
        if not any(features.get(cue) for cue in model.cues):
            continue
        found.append(
            WordEvidence(
                start=word_start,
                end=match.end(),
                key=key,
                features=features,
                valence=facts.valence,
                pattern_scores=facts.pattern_scores,
                doc_freq=facts.doc_freq,
            )
        )
    return found


# --- explanations --------------------------------------------------------------------------------


def describe(feature: str, evidence: WordEvidence, model: LoadedWordModel) -> str | None:
    """Return a feature of a word in plain words, or None for features not worth showing."""
    valence = evidence.valence
    scores = evidence.pattern_scores
    match feature:
        case "vader" | "vader_negative" | "vader_positive" if valence is not None:
            strength = "strongly " if abs(valence) >= 1.5 else ""
            sign = "negative" if valence < 0 else "positive" if valence > 0 else "neutral"
            return f"{strength}{sign} in the VADER sentiment lexicon ({valence:+.1f} on −4…+4)"
        case "pattern_subjectivity" | "pattern" if scores is not None:
            return f"rated subjective in the pattern lexicon ({scores[1]:.1f} of 1)"
        case "pattern_negative" | "pattern_positive" if scores is not None:
            sign = "negative" if scores[0] < 0 else "positive"
            return f"{sign} in the pattern lexicon (polarity {scores[0]:+.1f} on −1…+1)"
        case "pattern_intensity":
            return "an intensifying word in the pattern lexicon"
        case "wn_adjective":
            return "a describing word (an adjective in WordNet)"
        case "wn_adverb":
            return "an adverb of manner or degree (WordNet)"
        case "wn_action_verb":
            return "a verb of attacking, hitting, speaking or fighting (WordNet)"
        case "wn_abstract_noun":
            return "an abstract noun for a feeling, state or judgement (WordNet)"
        case "stance_prefix":
            return "a stance word (anti-…, pro-…, …-wing)"
        case "stance_suffix":
            return "an ideology or stance word (…-ist, …-ism)"
        case "rarity" | "rare":
            seen = f"in {evidence.doc_freq}" if evidence.doc_freq else "in at most 1"
            return f"uncommon in news ({seen} of {model.n_docs:,} reference articles)"
        case "after_intensifier":
            return "comes after an intensifier (very, so, extremely …)"
        case "scare_quotes":
            return "set in quotation marks on its own (scare quotes)"
        case "next_to_lexicon_hit" | "next_to_strong_word":
            return "next to another loaded word"
        case _ if feature.startswith("suffix_"):
            return f"ends in -{feature.removeprefix('suffix_')}, a typical ending of judging words"
    return None


def hit_category(evidence: WordEvidence) -> str:
    """Return the lexicon category a model hit is shown under.

    ``label`` for stance words, ``charged`` for words a sentiment lexicon rates strongly, else
    ``evaluative``.
    """
    features = evidence.features
    if features.get("stance_prefix") or features.get("stance_suffix"):
        return "label"
    if evidence.valence is not None and abs(evidence.valence) >= 1.5:
        return "charged"
    return "evaluative"


def score_region(
    text: str,
    start: int,
    end: int,
    model: LoadedWordModel,
    lexicon_spans: Sequence[tuple[int, int]] = (),
    max_reasons: int = 3,
) -> list[ModelHit]:
    """Return the words of ``text[start:end]`` the model flags, with their reasons.

    Args:
        text: The whole text; offsets index into it.
        start: Start of the region.
        end: End of the region.
        model: The model.
        lexicon_spans: The lexicon's hits in the region (see :func:`region_evidence`).
        max_reasons: At most this many reasons per hit.
    """
    hits: list[ModelHit] = []
    for evidence in region_evidence(text, start, end, model, lexicon_spans):
        probability = model.probability(evidence.features)
        if probability < model.threshold:
            continue
        reasons: list[str] = []
        for feature, contribution in model.contributions(evidence.features):
            if contribution <= 0 or len(reasons) >= max_reasons:
                break
            described = describe(feature, evidence, model)
            if described and described not in reasons:
                reasons.append(described)
        hits.append(
            ModelHit(
                start=evidence.start,
                end=evidence.end,
                probability=probability,
                category=hit_category(evidence),
                reasons=tuple(reasons),
            )
        )
    return hits


MODEL_SOURCE = (
    "word model: logistic regression over generic word features (analysis/loaded_model.py)"
)


def model_hits(
    text: str,
    regions: Sequence[tuple[int, int]],
    model: LoadedWordModel,
    lexicon: Lexicon,
    lexicon_spans: Sequence[tuple[int, int]] = (),
) -> list[LoadedHit]:
    """Return the model's hits in the regions as lexicon hits, outside the lexicon's own hits.

    Args:
        text: The whole text; offsets index into it.
        regions: ``(start, end)`` ranges to search, as for :func:`analysis.lexicon.find_loaded`.
        model: The model.
        lexicon: The lexicon whose categories name the hits (``evaluative``, ``charged``,
            ``label``); a hit whose category it lacks is left out.
        lexicon_spans: ``(start, end)`` of the lexicon's hits: their words are not scored again.

    Returns:
        The hits sorted by start; each ``reason`` names the model, its probability and the
        features that pushed it up.
    """
    known = {category.id: category for category in lexicon.categories}
    hits: list[LoadedHit] = []
    for start, end in sorted(regions):
        inside = [(s, e) for s, e in lexicon_spans if s < end and e > start]
        for found in score_region(text, start, end, model, inside):
            category = known.get(found.category)
            if category is None:
                continue
            because = "; ".join(found.reasons) or "its features together"
            word = text[found.start : found.end]
            hits.append(
                LoadedHit(
                    start=found.start,
                    end=found.end,
                    label=category.name,
                    reason=f"{category.name} (word model, {found.probability:.0%} likely): "
                    f"{because}",
                    text=word,
                    term=word.lower(),
                    category=category.id,
                    alternative="",
                    source=MODEL_SOURCE,
                )
            )
    hits.sort(key=lambda hit: hit.start)
    return hits
