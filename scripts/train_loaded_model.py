"""Train the second-stage loaded-word scorer (``analysis/data/loaded_word_model.json``).

Run: ``python scripts/train_loaded_model.py --output FILE`` (needs scikit-learn, for training
only, and WordNet 3.0 data: ``apt-get install wordnet-base`` puts it in ``/usr/share/wordnet``;
``--wordnet DIR`` for another place). Without ``--output`` it trains and prints only. Then
``python benchmarks/eval_loaded.py --word-model FILE`` measures the model on the held-out topics.

The model is an experiment and is not shipped: see :mod:`analysis.loaded_model` for why.

What it does, deterministically:

1. Word tables, from general sources only:
   * WordNet 3.0 (Princeton, WordNet licence): for each one-word lemma, which generic class most of
     its senses fall in (describing adjective, adverb, verb of contact/communication/social
     action/emotion/competition, abstract noun of feeling/state/attribute/cognition/
     communication) and whether it has an adjective sense;
   * document frequency of each word in the text of the 1,056 MBIC articles
     (``shared/data/mbic/articles.csv``, Apache-2.0). This is unsupervised corpus statistics: the
     annotations are not read, and words in fewer than two articles are not stored.
2. Candidates: every word of every MBIC sentence of the *development* topics (the split of
   ``benchmarks/eval_loaded.py``) that the curated lexicon does not already flag and that has an
   evaluative cue (see :mod:`analysis.loaded_model`). Label: the annotators marked it.
3. A logistic regression (scikit-learn, L2). The regularisation strength and the set of cues are
   chosen by leave-one-topic-out cross-validation over the development topics, on the word-level
   F1 of the union (lexicon hits or model hits) as ``benchmarks/eval_loaded.py`` computes it; the
   threshold is the one that maximises that cross-validated F1. The held-out topics are not read.
4. The final model is fitted on all development candidates and written with its tables.

No feature names a word: the model cannot memorise which words MBIC's annotators marked.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from eval_loaded import DEV_TOPICS, gold_token_mask, token_spans  # noqa: E402

from analysis.lexicon import default_lexicon, find_loaded  # noqa: E402
from analysis.loaded_model import (  # noqa: E402
    DEFAULT_CUES,
    FEATURES,
    MODEL_FORMAT,
    TOKEN_RE,
    LoadedWordModel,
    region_evidence,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
MBIC = SHARED / "data" / "mbic"
WORDNET_DIR = Path("/usr/share/wordnet")


def _words(text: str) -> list[str]:
    """Return the whitespace-separated words of ``text`` (for long word lists)."""
    return text.split()


MIN_DOC_FREQ = 2
CLASS_SHARE = 0.5
"""A lemma belongs to a WordNet class when at least this share of its senses do."""
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
CUE_SETS: dict[str, tuple[str, ...]] = {
    "all cues": DEFAULT_CUES,
    "no abstract nouns": tuple(c for c in DEFAULT_CUES if c != "wn_abstract_noun"),
    "no abstract nouns or action verbs": tuple(
        c for c in DEFAULT_CUES if c not in ("wn_abstract_noun", "wn_action_verb")
    ),
}
THRESHOLDS = tuple(round(0.05 + 0.01 * i, 2) for i in range(76))
SWEEP = (0.16, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6)

LEXNAMES = _words(
    "adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute "
    "noun.body noun.cognition noun.communication noun.event noun.feeling noun.food noun.group "
    "noun.location noun.motive noun.object noun.person noun.phenomenon noun.plant "
    "noun.possession noun.process noun.quantity noun.relation noun.shape noun.state "
    "noun.substance noun.time verb.body verb.change verb.cognition verb.communication "
    "verb.competition verb.consumption verb.contact verb.creation verb.emotion verb.motion "
    "verb.perception verb.possession verb.social verb.stative verb.weather adj.ppl"
)
"""WordNet 3.0's lexicographer files, by number (``lexnames``)."""
CLASS_LEXNAMES: dict[str, frozenset[str]] = {
    "A": frozenset({"adj.all"}),
    "D": frozenset({"adv.all"}),
    "V": frozenset(
        {"verb.contact", "verb.communication", "verb.social", "verb.emotion", "verb.competition"}
    ),
    "N": frozenset(
        {"noun.feeling", "noun.state", "noun.attribute", "noun.cognition", "noun.communication"}
    ),
}

DESCRIPTORS: tuple[str, ...] = tuple(
    _words(
        """black white brown red blue green yellow orange purple pink grey gray
    gay lesbian bisexual queer transgender trans nonbinary non-binary heterosexual homosexual
    intersex cisgender female male females males woman women man men girl girls boy boys
    hispanic latino latina latinx asian african caucasian indigenous native jewish muslim
    christian catholic protestant hindu sikh buddhist evangelical arab
    elderly young old older younger disabled pregnant married single unmarried"""
    )
)
"""Plain descriptors of identity, colour, age or family status: never flagged by the model,
whatever a sentiment lexicon says of them ("black", "gay" and "old" are facts about people)."""


@dataclass(frozen=True)
class Candidate:
    """One scored word of one sentence."""

    topic: str
    sentence: int
    features: dict[str, float]
    gold: bool


@dataclass(frozen=True)
class SentenceTokens:
    """Per sentence: its topic, gold tokens, and which tokens the lexicon flags."""

    topic: str
    gold: int
    lexicon_true: int
    lexicon_false: int


def read_csv(path: Path) -> list[dict[str, str]]:
    """Read a CSV file of MBIC.

    Raises:
        SystemExit: If the file is absent; the message names the expected path.
    """
    if not path.is_file():
        raise SystemExit(
            f"MBIC not found: expected {path} (shared/data/mbic/ beside the repository)"
        )
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def wordnet_classes(directory: Path) -> dict[str, str]:
    """Return one-word WordNet lemma -> class letters (see ``CLASS_LEXNAMES``; J: has an adjective).

    Raises:
        SystemExit: If the WordNet data files are absent.
    """
    if not (directory / "index.noun").is_file():
        raise SystemExit(
            f"WordNet 3.0 data not found in {directory}: install it with "
            "'apt-get install wordnet-base' or pass --wordnet DIR"
        )
    lexname_of: dict[tuple[str, int], str] = {}
    for pos in ("noun", "verb", "adj", "adv"):
        with (directory / f"data.{pos}").open(encoding="latin-1") as handle:
            for line in handle:
                if line.startswith("  "):
                    continue
                offset, lex_file = line.split(" ", 2)[:2]
                lexname_of[(pos, int(offset))] = LEXNAMES[int(lex_file)]
    senses: dict[str, list[str]] = {}
    for pos in ("noun", "verb", "adj", "adv"):
        with (directory / f"index.{pos}").open(encoding="latin-1") as handle:
            for line in handle:
                if line.startswith("  "):
                    continue
                fields = line.split()
                lemma = fields[0]
                if "_" in lemma or not lemma.replace("-", "").replace("'", "").isalpha():
                    continue
                synsets = int(fields[2])
                pointers = int(fields[3])
                offsets = fields[6 + pointers : 6 + pointers + synsets]
                senses.setdefault(lemma, []).extend(
                    lexname_of[(pos, int(offset))] for offset in offsets
                )
    classes: dict[str, str] = {}
    for lemma, lexnames in senses.items():
        letters = "".join(
            letter
            for letter, wanted in CLASS_LEXNAMES.items()
            if sum(name in wanted for name in lexnames) / len(lexnames) >= CLASS_SHARE
        )
        if any(name.startswith("adj.") for name in lexnames):
            letters += "J"
        if letters:
            classes[lemma] = letters
    return classes


def document_frequency(articles: Iterable[dict[str, str]]) -> tuple[dict[str, int], int]:
    """Return word -> number of articles with it (at least ``MIN_DOC_FREQ``), and the count."""
    counts: Counter[str] = Counter()
    n_docs = 0
    for article in articles:
        n_docs += 1
        counts.update(
            {m.group().replace("\u2019", "'").lower() for m in TOKEN_RE.finditer(article["text"])}
        )
    return (
        {
            word: count
            for word, count in counts.items()
            if count >= MIN_DOC_FREQ and word.replace("-", "").replace("'", "").isalpha()
        },
        n_docs,
    )


def blank_model(
    classes: dict[str, str], doc_freq: dict[str, int], n_docs: int, cues: Sequence[str]
) -> LoadedWordModel:
    """Return a model with the tables but no weights (to compute features)."""
    return LoadedWordModel(
        feature_names=(),
        weights=(),
        bias=0.0,
        threshold=0.5,
        means=(),
        doc_freq=doc_freq,
        n_docs=n_docs,
        word_classes=classes,
        descriptors=frozenset(DESCRIPTORS),
        cues=tuple(cues),
    )


def collect(
    rows: Sequence[dict[str, str]], model: LoadedWordModel
) -> tuple[list[Candidate], list[SentenceTokens]]:
    """Return the candidates and the per-sentence lexicon counts of the given sentences."""
    lexicon = default_lexicon()
    candidates: list[Candidate] = []
    sentences: list[SentenceTokens] = []
    for number, row in enumerate(rows):
        text = row["sentence"]
        spans = token_spans(text)
        gold, _ = gold_token_mask(
            [key for _, _, key in spans], json.loads(row["biased_words"] or "[]")
        )
        hits = find_loaded(text, [(0, len(text))], lexicon)
        hit_spans = [(hit.start, hit.end) for hit in hits]
        covered = [any(s < e_ and e > s_ for s_, e_ in hit_spans) for s, e, _ in spans]
        index_of = {start: i for i, (start, _, _) in enumerate(spans)}
        for evidence in region_evidence(text, 0, len(text), model, hit_spans):
            index = index_of[evidence.start]
            candidates.append(Candidate(row["topic"], number, dict(evidence.features), gold[index]))
        sentences.append(
            SentenceTokens(
                topic=row["topic"],
                gold=sum(gold),
                lexicon_true=sum(c and g for c, g in zip(covered, gold, strict=True)),
                lexicon_false=sum(c and not g for c, g in zip(covered, gold, strict=True)),
            )
        )
    return candidates, sentences


def union_f1(
    sentences: Sequence[SentenceTokens],
    candidates: Sequence[Candidate],
    probabilities: Sequence[float],
    threshold: float,
) -> tuple[float, float, float]:
    """Return word-level (P, R, F1) of lexicon hits ∪ candidates at or above ``threshold``."""
    tp = sum(s.lexicon_true for s in sentences)
    fp = sum(s.lexicon_false for s in sentences)
    gold = sum(s.gold for s in sentences)
    for candidate, probability in zip(candidates, probabilities, strict=True):
        if probability >= threshold:
            tp += candidate.gold
            fp += not candidate.gold
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def fit(candidates: Sequence[Candidate], c: float):  # noqa: ANN201 (scikit-learn object)
    """Fit an L2 logistic regression on the candidates (deterministic lbfgs)."""
    from sklearn.linear_model import LogisticRegression

    x = [[cand.features.get(name, 0.0) for name in FEATURES] for cand in candidates]
    y = [cand.gold for cand in candidates]
    return LogisticRegression(C=c, max_iter=5000).fit(x, y)


def cross_validated(candidates: Sequence[Candidate], c: float) -> list[float]:
    """Return leave-one-topic-out probabilities for the candidates (development topics)."""
    probabilities = [0.0] * len(candidates)
    for topic in DEV_TOPICS:
        train = [cand for cand in candidates if cand.topic != topic]
        test = [i for i, cand in enumerate(candidates) if cand.topic == topic]
        model = fit(train, c)
        x = [[candidates[i].features.get(name, 0.0) for name in FEATURES] for i in test]
        for i, p in zip(test, model.predict_proba(x)[:, 1], strict=True):
            probabilities[i] = float(p)
    return probabilities


def main(argv: Sequence[str] | None = None) -> int:
    """Train, choose on development topics, and write the model file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=WORDNET_DIR)
    parser.add_argument("--output", type=Path, help="write the model file here")
    args = parser.parse_args(argv)

    classes = wordnet_classes(args.wordnet)
    doc_freq, n_docs = document_frequency(read_csv(MBIC / "articles.csv"))
    rows = [row for row in read_csv(MBIC / "sentences.csv") if row["topic"] in DEV_TOPICS]
    print(f"WordNet classes: {len(classes)} lemmas; reference words: {len(doc_freq)} of {n_docs}")
    print(f"development sentences: {len(rows)} ({', '.join(DEV_TOPICS)})")

    best: tuple[float, str, float, float] | None = None
    for cue_name, cues in CUE_SETS.items():
        candidates, sentences = collect(rows, blank_model(classes, doc_freq, n_docs, cues))
        positives = sum(cand.gold for cand in candidates)
        for c in C_GRID:
            probabilities = cross_validated(candidates, c)
            f1, threshold = max(
                (union_f1(sentences, candidates, probabilities, t)[2], t) for t in THRESHOLDS
            )
            p, r, _ = union_f1(sentences, candidates, probabilities, threshold)
            print(
                f"  {cue_name:34} C={c:<5} candidates {len(candidates):5d} "
                f"(marked {positives:4d}): CV P {p:.3f} R {r:.3f} F1 {f1:.3f} at {threshold:.2f}"
            )
            if best is None or f1 > best[0] + 1e-9:
                best = (f1, cue_name, c, threshold)
    assert best is not None
    cv_f1, cue_name, c, threshold = best
    cues = CUE_SETS[cue_name]
    candidates, sentences = collect(rows, blank_model(classes, doc_freq, n_docs, cues))
    probabilities = cross_validated(candidates, c)
    cv_p, cv_r, _ = union_f1(sentences, candidates, probabilities, threshold)
    print("dev CV, chosen setting: threshold, union P/R/F1, model hits and their share marked")
    for swept in SWEEP:
        p, r, f1 = union_f1(sentences, candidates, probabilities, swept)
        chosen = [
            cand.gold for cand, q in zip(candidates, probabilities, strict=True) if q >= swept
        ]
        share = sum(chosen) / len(chosen) if chosen else 0.0
        print(
            f"    {swept:.2f}  P {p:.3f} R {r:.3f} F1 {f1:.3f}  model hits {len(chosen):5d}, "
            f"marked {share:.3f}"
        )
    final = fit(candidates, c)
    weights = [round(float(w), 4) for w in final.coef_[0]]
    means = [
        round(sum(cand.features.get(name, 0.0) for cand in candidates) / len(candidates), 4)
        for name in FEATURES
    ]
    print(f"chosen: {cue_name}, C={c}, threshold {threshold:.2f}: dev CV F1 {cv_f1:.3f}")
    for name, weight in sorted(zip(FEATURES, weights, strict=True), key=lambda x: -abs(x[1])):
        print(f"    {weight:+8.4f} {name}")

    by_letters: dict[str, list[str]] = {}
    for word, letters in sorted(classes.items()):
        by_letters.setdefault(letters, []).append(word)
    by_count: dict[int, list[str]] = {}
    for word, count in sorted(doc_freq.items()):
        by_count.setdefault(count, []).append(word)
    model = {
        "format": MODEL_FORMAT,
        "about": (
            "Logistic regression over generic word features (no word identities), trained by "
            "scripts/train_loaded_model.py on the development topics of MBIC (Spinde et al. 2021)"
        ),
        "sources": {
            "labels": "MBIC sentences.csv, development topics only (Apache-2.0)",
            "reference": "document frequency in the text of the MBIC articles (Apache-2.0); "
            "no annotations",
            "word_classes": "WordNet 3.0, Princeton University (WordNet licence): lemma classes",
        },
        "training": {
            "dev_topics": list(DEV_TOPICS),
            "candidates": len(candidates),
            "marked": sum(cand.gold for cand in candidates),
            "C": c,
            "cue_set": cue_name,
            "threshold_rule": "maximises leave-one-topic-out F1 of lexicon ∪ model on dev topics",
            "cv_precision": round(cv_p, 4),
            "cv_recall": round(cv_r, 4),
            "cv_f1": round(cv_f1, 4),
        },
        "features": list(FEATURES),
        "weights": weights,
        "bias": round(float(final.intercept_[0]), 4),
        "means": means,
        "threshold": threshold,
        "cues": list(cues),
        "descriptors": list(DESCRIPTORS),
        "word_classes": {letters: " ".join(words) for letters, words in sorted(by_letters.items())},
        "reference": {
            "n_docs": n_docs,
            "min_doc_freq": MIN_DOC_FREQ,
            "doc_freq": {str(count): " ".join(words) for count, words in sorted(by_count.items())},
        },
    }
    if args.output is None:
        return 0
    args.output.write_text(
        json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    size = args.output.stat().st_size
    print(f"wrote {args.output} ({size / 1024:.0f} KiB, {math.ceil(size / 1e3)} kB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
