"""Accuracy of the loaded-language lexicon against MBIC's word-level bias annotations.

Run: ``python benchmarks/eval_loaded.py`` (a table), ``--json`` (the figures as JSON on standard
output), ``--write`` (also store them in ``analysis/data/eval_loaded.json`` for the methods page),
``--sentences FILE`` (another file of the same format, e.g. a held-out set).

Data: MBIC (Spinde et al., iConference 2021), ``shared/data/mbic/sentences.csv`` beside the repo:
1,700 news sentences with ``label_bias`` (Biased, Non-biased, No agreement) and ``biased_words``,
a JSON list of the words annotators marked as biased. Reference points on MBIC (Spinde et al.
2021): a negative-sentiment lexicon reaches word-level F1 0.40, the best feature-based model 0.43.
Goals (issue 7): F1 >= 0.45 and ROC AUC >= 0.75.

Definitions:

* **Tokens.** A token is a run of letters or digits, with inner hyphens and apostrophes kept:
  ``\\w+(?:[-'’]\\w+)*``. "so-called" and "can’t" are one token each. Keys are lower-cased with
  curly apostrophes made straight.
* **Gold.** A token is gold positive when it is (part of) an occurrence, in its sentence, of one of
  that sentence's ``biased_words``: each marked word is tokenised the same way and every place
  where its token sequence occurs in the sentence is marked. For a one-token word this is "the
  token's lower-cased form is in the sentence's list". Marked words that do not occur in their
  sentence as tokens (misspellings, fragments) are reported as ``unmatched`` and left out.
* **Predicted.** A token is predicted positive when it overlaps a hit of ``find_loaded`` run on the
  sentence on its own (the whole sentence is one region; quoted words count, as annotators marked
  words inside quotations too).
* **Word-level P/R/F1.** Micro-averaged: true and false positives and negatives are summed over
  every token of every sentence (all labels, "No agreement" included), then
  P = TP / (TP + FP), R = TP / (TP + FN), F1 = 2PR / (P + R).
* **Separation (ROC AUC).** Each sentence's score is its loaded density (hits per 100 tokens).
  AUC is the probability that a random Biased sentence scores higher than a random Non-biased one,
  ties counting one half (Mann–Whitney). "No agreement" sentences are left out of the main figure;
  a second figure counts them as not biased. The AUC of the plain hit count is shown too.
* **Word model (experiment).** ``--word-model FILE`` also measures the lexicon together with a
  word model written by ``scripts/train_loaded_model.py`` (:mod:`analysis.loaded_model`): a
  token is predicted when the lexicon or the model flags it, and the density counts both kinds of
  hit. The rows are stored under ``experiments`` with the model's hits on the bundled story. The
  model is not part of the shipped lexicon.
* **Honesty checks.** The method's thresholds were chosen on the *development* topics only
  (``DEV_TOPICS``); the *held-out* topics were looked at only for the final figures. Figures are
  also given per topic and per outlet, with 95 % bootstrap intervals (sentences resampled) for the
  whole set.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import random
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from analysis import lexicon as lexicon_module  # noqa: E402
from analysis.lexicon import Lexicon, default_lexicon, find_loaded  # noqa: E402
from analysis.loaded_model import LoadedWordModel, load_model, model_hits  # noqa: E402
from analysis.model import BODY_ROLES, LoadedHit  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
MBIC_SENTENCES = SHARED / "data" / "mbic" / "sentences.csv"
RESULTS_FILE = REPO / "analysis" / "data" / "eval_loaded.json"
SEEDS = REPO / "tests" / "fixtures" / "seeds"
STORY = REPO / "corpus" / "2021-09-01-pentagon-briefing"
LOAD_TARGET_MS = 150
SEEDS_TARGET_MS = 5

REFERENCES = {
    "negative-sentiment lexicon (Spinde et al. 2021)": 0.40,
    "best feature-based model (Spinde et al. 2021)": 0.43,
}
GOAL_F1 = 0.45
GOAL_AUC = 0.75

DEV_TOPICS: tuple[str, ...] = (
    "abortion",
    "coronavirus",
    "environment",
    "gun-control",
    "international-politics-and-world-news",
    "student-debt",
    "white-nationalism",
)
"""Topics the thresholds were tuned on: seven of the fourteen, fixed before any tuning, with
853 of the 1,700 sentences. The other seven (847 sentences) are held out."""

BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 7

_TOKEN_RE = re.compile(r"\w+(?:[-'\u2019]\w+)*")
_LABELS = ("Biased", "Non-biased", "No agreement")


@dataclass(frozen=True)
class SentenceResult:
    """What the lexicon did on one MBIC sentence."""

    topic: str
    outlet: str
    label: str
    tokens: int
    hits: int
    true_positives: int
    false_positives: int
    false_negatives: int
    unmatched_gold: int
    hit_categories: tuple[tuple[str, int, int], ...]
    """Per hit: category, hit tokens, of which gold."""

    @property
    def density(self) -> float:
        """Return hits per 100 tokens."""
        return 100 * self.hits / self.tokens if self.tokens else 0.0


def token_spans(text: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, key)`` for each token of ``text`` (see the module doc)."""
    return [
        (m.start(), m.end(), m.group().replace("\u2019", "'").lower())
        for m in _TOKEN_RE.finditer(text)
    ]


def gold_token_mask(keys: Sequence[str], marked: Iterable[str]) -> tuple[list[bool], int]:
    """Return which tokens are gold positive, and how many marked words occur nowhere."""
    mask = [False] * len(keys)
    unmatched = 0
    for word in marked:
        pattern = [key for _, _, key in token_spans(word)]
        if not pattern:
            continue
        found = False
        for start in range(len(keys) - len(pattern) + 1):
            if list(keys[start : start + len(pattern)]) == pattern:
                found = True
                for index in range(start, start + len(pattern)):
                    mask[index] = True
        unmatched += not found
    return mask, unmatched


def evaluate_sentence(
    row: dict[str, str],
    lexicon: Lexicon | None = None,
    word_model: LoadedWordModel | None = None,
) -> SentenceResult:
    """Run the lexicon (the shipped one by default) on one sentence; compare with the marks.

    With ``word_model``, the model's hits are added to the lexicon's (see the module doc).
    """
    text = row["sentence"]
    spans = token_spans(text)
    keys = [key for _, _, key in spans]
    gold, unmatched = gold_token_mask(keys, json.loads(row["biased_words"] or "[]"))
    hits = combined_hits(text, [(0, len(text))], lexicon or default_lexicon(), word_model)
    predicted = [False] * len(spans)
    per_hit: list[tuple[str, int, int]] = []
    for hit in hits:
        covered = [i for i, (s, e, _) in enumerate(spans) if s < hit.end and e > hit.start]
        for index in covered:
            predicted[index] = True
        per_hit.append((hit.category, len(covered), sum(gold[i] for i in covered)))
    pairs = list(zip(predicted, gold, strict=True))
    return SentenceResult(
        topic=row["topic"],
        outlet=row["outlet"],
        label=row["label_bias"],
        tokens=len(spans),
        hits=len(hits),
        true_positives=sum(p and g for p, g in pairs),
        false_positives=sum(p and not g for p, g in pairs),
        false_negatives=sum(g and not p for p, g in pairs),
        unmatched_gold=unmatched,
        hit_categories=tuple(per_hit),
    )


def combined_hits(
    text: str,
    regions: Sequence[tuple[int, int]],
    lexicon: Lexicon,
    word_model: LoadedWordModel | None,
) -> list[LoadedHit]:
    """Return the lexicon's hits, plus the word model's outside them when a model is given."""
    hits = find_loaded(text, regions, lexicon)
    if word_model is None:
        return hits
    extra = model_hits(text, regions, word_model, lexicon, [(h.start, h.end) for h in hits])
    return sorted([*hits, *extra], key=lambda hit: hit.start)


def word_scores(results: Sequence[SentenceResult]) -> dict[str, float]:
    """Return micro-averaged word-level precision, recall and F1."""
    tp = sum(r.true_positives for r in results)
    fp = sum(r.false_positives for r in results)
    fn = sum(r.false_negatives for r in results)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def roc_auc(positive: Sequence[float], negative: Sequence[float]) -> float | None:
    """Return the Mann–Whitney ROC AUC (ties count one half), or None if a side is empty."""
    if not positive or not negative:
        return None
    ranked = sorted([(score, 1) for score in positive] + [(score, 0) for score in negative])
    rank_sum = 0.0
    index = 0
    while index < len(ranked):
        end = index
        while end < len(ranked) and ranked[end][0] == ranked[index][0]:
            end += 1
        mean_rank = (index + 1 + end) / 2
        rank_sum += mean_rank * sum(label for _, label in ranked[index:end])
        index = end
    n_pos, n_neg = len(positive), len(negative)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def separation(
    results: Sequence[SentenceResult],
    score: Callable[[SentenceResult], float] = lambda r: r.density,
    no_agreement_as_unbiased: bool = False,
) -> float | None:
    """Return the ROC AUC of ``score`` for Biased against Non-biased sentences."""
    negative_labels = {"Non-biased", "No agreement"} if no_agreement_as_unbiased else {"Non-biased"}
    positive = [score(r) for r in results if r.label == "Biased"]
    negative = [score(r) for r in results if r.label in negative_labels]
    return roc_auc(positive, negative)


def summary(results: Sequence[SentenceResult]) -> dict[str, object]:
    """Return the word-level scores, the separations and the mean densities of a subset."""
    densities = {
        label: _mean([r.density for r in results if r.label == label]) for label in _LABELS
    }
    return {
        "sentences": len(results),
        **word_scores(results),
        "auc": separation(results),
        "auc_no_agreement_as_unbiased": separation(results, no_agreement_as_unbiased=True),
        "auc_hit_count": separation(results, score=lambda r: float(r.hits)),
        "density_per_100": densities,
    }


def bootstrap_intervals(results: Sequence[SentenceResult]) -> dict[str, tuple[float, float]]:
    """Return 95 % percentile intervals of F1 and AUC over sentences resampled with replacement."""
    rng = random.Random(BOOTSTRAP_SEED)
    f1s: list[float] = []
    aucs: list[float] = []
    for _ in range(BOOTSTRAP_SAMPLES):
        sample = rng.choices(results, k=len(results))
        f1s.append(word_scores(sample)["f1"])
        auc = separation(sample)
        if auc is not None:
            aucs.append(auc)
    return {"f1": _percentiles(f1s), "auc": _percentiles(aucs)}


def category_table(results: Sequence[SentenceResult]) -> list[dict[str, object]]:
    """Return per category: hits, hit tokens and the share of those tokens annotators marked."""
    hits: Counter[str] = Counter()
    tokens: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    for result in results:
        for category, n_tokens, n_gold in result.hit_categories:
            hits[category] += 1
            tokens[category] += n_tokens
            gold[category] += n_gold
    return [
        {
            "category": category,
            "hits": hits[category],
            "tokens": tokens[category],
            "token_precision": gold[category] / tokens[category] if tokens[category] else 0.0,
        }
        for category in sorted(hits, key=lambda c: -hits[c])
    ]


def evaluate(path: Path, word_model: LoadedWordModel | None = None) -> dict[str, object]:
    """Evaluate the shipped lexicon on a file of MBIC-format sentences; return every figure.

    With ``word_model``, the figures of the lexicon together with the model are added under
    ``experiments``.
    """
    rows = read_sentences(path)
    lexicon = default_lexicon()
    started = time.perf_counter()
    results = [evaluate_sentence(row) for row in rows]
    elapsed = time.perf_counter() - started
    dev = [r for r in results if r.topic in DEV_TOPICS]
    held_out = [r for r in results if r.topic not in DEV_TOPICS]
    sources = Counter(entry.source.split(":")[0] for entry in lexicon.entries)
    categories = Counter(entry.category for entry in lexicon.entries)
    figures: dict[str, object] = {
        "dataset": "MBIC (Spinde et al., iConference 2021), Apache-2.0",
        "file": path.name,
        "definitions": {
            "tokens": "runs of letters/digits, inner hyphens and apostrophes kept, lower-cased",
            "gold": "tokens inside an occurrence of a word the annotators marked in that sentence",
            "predicted": "tokens that overlap a hit of find_loaded on the sentence",
            "word_level": "micro-averaged over all tokens of all sentences, all labels",
            "auc": "ROC AUC of hits per 100 tokens, Biased vs Non-biased (No agreement left out)",
            "tuning": "thresholds chosen on the development topics; held-out topics not used",
        },
        "references": {"f1": REFERENCES, "goal_f1": GOAL_F1, "goal_auc": GOAL_AUC},
        "lexicon": {
            "entries": len(lexicon.entries),
            "sources": dict(sources),
            "categories": dict(categories),
            "vader_min_negative": lexicon_module.VADER_MIN_NEGATIVE,
            "vader_min_positive": lexicon_module.VADER_MIN_POSITIVE,
            "min_subjectivity": lexicon_module.MIN_SUBJECTIVITY,
            "min_polarity": lexicon_module.MIN_POLARITY,
            "excluded_words": _excluded_word_count(),
        },
        "all": summary(results),
        "biased_sentences_only": word_scores([r for r in results if r.label == "Biased"]),
        "ci95": bootstrap_intervals(results),
        "unmatched_gold_words": sum(r.unmatched_gold for r in results),
        "dev_topics": {"topics": list(DEV_TOPICS), **summary(dev)},
        "held_out_topics": {
            "topics": sorted({r.topic for r in held_out}),
            **summary(held_out),
        },
        "by_topic": _grouped(results, lambda r: r.topic),
        "by_outlet": _grouped(results, lambda r: r.outlet),
        "by_category": category_table(results),
        "ms_per_sentence": 1000 * elapsed / max(1, len(results)),
    }
    if word_model is not None:
        figures["experiments"] = {"word_model": word_model_figures(rows, results, word_model)}
    return figures


def word_model_figures(
    rows: Sequence[dict[str, str]],
    lexicon_results: Sequence[SentenceResult],
    word_model: LoadedWordModel,
) -> dict[str, object]:
    """Return the figures of the lexicon together with a word model, beside the lexicon's own."""
    lexicon = default_lexicon()
    results = [evaluate_sentence(row, lexicon, word_model) for row in rows]

    def split(found: Sequence[SentenceResult]) -> dict[str, object]:
        dev = [r for r in found if r.topic in DEV_TOPICS]
        held_out = [r for r in found if r.topic not in DEV_TOPICS]
        return {
            "all": summary(found),
            "dev_topics": summary(dev),
            "held_out_topics": summary(held_out),
        }

    model_tokens = sum(n for r in results for c, n, _ in r.hit_categories) - sum(
        n for r in lexicon_results for c, n, _ in r.hit_categories
    )
    model_gold = sum(g for r in results for _, _, g in r.hit_categories) - sum(
        g for r in lexicon_results for _, _, g in r.hit_categories
    )
    return {
        "model": word_model.about,
        "threshold": word_model.threshold,
        "features": len(word_model.feature_names),
        "lexicon_only": split(lexicon_results),
        "lexicon_and_model": split(results),
        "model_hit_tokens": model_tokens,
        "model_hit_tokens_marked": model_gold / model_tokens if model_tokens else None,
        "story": story_figures(word_model),
    }


def story_figures(word_model: LoadedWordModel) -> list[dict[str, object]]:
    """Return the word model's effect on each article of the bundled story.

    Per article: loaded words per 100 narration words without and with the model, and the
    model's hits in the body (word, voice, reason).
    """
    from analysis.corpus import load_article  # the pipeline is only needed here
    from analysis.pipeline import analyse_article

    lexicon = default_lexicon()
    found: list[dict[str, object]] = []
    for path in sorted(STORY.glob("*.txt")):
        if path.name == "story.txt":
            continue
        analysis = analyse_article(load_article(path), lexicon)
        body = [(b.start, b.end) for b in analysis.blocks if b.role in BODY_ROLES]
        spans = [(h.start, h.end) for h in analysis.loaded]
        extra = model_hits(analysis.text, body, word_model, lexicon, spans)
        quoted = [(q.start, q.end) for q in analysis.quotes]
        voices = [
            "quote" if any(s <= h.start < e for s, e in quoted) else "narration" for h in extra
        ]
        narration_words = analysis.metrics["word_count_narration"] or 0
        lexicon_narration = analysis.metrics["loaded_count_narration"] or 0
        model_narration = voices.count("narration")
        found.append(
            {
                "article": path.stem,
                "narration_words": narration_words,
                "lexicon_per_100_narration": 100 * lexicon_narration / narration_words
                if narration_words
                else None,
                "with_model_per_100_narration": 100
                * (lexicon_narration + model_narration)
                / narration_words
                if narration_words
                else None,
                "model_hits": [
                    {"word": h.text, "voice": v, "reason": h.reason}
                    for h, v in zip(extra, voices, strict=True)
                ],
            }
        )
    return found


def load_ms(repeats: int = 5) -> tuple[float, float]:
    """Return the best wall-clock and CPU times to load the shipped lexicon in a fresh process.

    CPU time is shown too because wall-clock time grows with whatever else the machine runs.
    """
    code = (
        "import time, analysis.lexicon as lexicon; t = time.perf_counter(); "
        "c = time.process_time(); lexicon.default_lexicon(); "
        "print((time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000)"
    )
    walls, cpus = [], []
    for _ in range(repeats):
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
        )
        wall, cpu = (float(value) for value in done.stdout.split())
        walls.append(wall)
        cpus.append(cpu)
    return min(walls), min(cpus)


def seeds_warm_ms(repeats: int = 50) -> float:
    """Return the best time to run ``find_loaded`` on both seed articles, warm (ms)."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    lexicon = default_lexicon()
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for text in texts:
            find_loaded(text, [(0, len(text))], lexicon)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def read_sentences(path: Path) -> list[dict[str, str]]:
    """Read an MBIC-format ``sentences.csv``.

    Raises:
        SystemExit: If the file is absent or lacks a needed column; the message names the path.
    """
    if not path.is_file():
        raise SystemExit(
            f"MBIC sentences not found at {path}: expected shared/data/mbic/sentences.csv "
            "beside the repository (or pass --sentences FILE)"
        )
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    needed = {"sentence", "topic", "outlet", "label_bias", "biased_words"}
    missing = needed - set(rows[0] if rows else ())
    if missing:
        raise SystemExit(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    return rows


def print_table(figures: dict[str, object]) -> None:
    """Print the figures as plain-text tables."""
    overall = figures["all"]
    assert isinstance(overall, dict)
    ci = figures["ci95"]
    assert isinstance(ci, dict)
    print(f"Loaded language vs MBIC ({figures['file']}, {overall['sentences']} sentences)")
    print()
    print(f"{'method / subset':46} {'P':>6} {'R':>6} {'F1':>6} {'AUC':>6} {'AUC*':>6} {'n':>5}")
    for name, f1 in REFERENCES.items():
        print(f"{name:46} {'':>6} {'':>6} {f1:6.2f}")
    print(f"{'goal (issue 7)':46} {'':>6} {'':>6} {GOAL_F1:6.2f} {GOAL_AUC:6.2f}")
    rows: list[tuple[str, dict[str, object]]] = [
        ("this lexicon, all sentences", overall),
        ("  development topics (tuned on)", figures["dev_topics"]),  # type: ignore[list-item]
        ("  held-out topics", figures["held_out_topics"]),  # type: ignore[list-item]
    ]
    experiments = figures.get("experiments")
    if isinstance(experiments, dict):
        model = experiments["word_model"]
        combined = model["lexicon_and_model"]
        rows += [
            (f"lexicon + word model (t={model['threshold']:.2f}), all", combined["all"]),
            ("  development topics (trained on)", combined["dev_topics"]),
            ("  held-out topics", combined["held_out_topics"]),
        ]
    for name, row in rows:
        print(_row(name, row))
    if isinstance(experiments, dict):
        _print_word_model(experiments["word_model"])
    print(
        f"95% bootstrap interval, all: F1 {ci['f1'][0]:.3f}–{ci['f1'][1]:.3f}, "
        f"AUC {ci['auc'][0]:.3f}–{ci['auc'][1]:.3f}"
    )
    print("AUC*: 'No agreement' counted as not biased. AUC of the hit count: ", end="")
    print(f"{overall['auc_hit_count']:.3f}")
    density = overall["density_per_100"]
    assert isinstance(density, dict)
    print(
        "mean hits per 100 tokens: "
        + ", ".join(f"{label} {value:.2f}" for label, value in density.items())
    )
    for title, key in (("per topic", "by_topic"), ("per outlet", "by_outlet")):
        print()
        print(f"{title:46} {'P':>6} {'R':>6} {'F1':>6} {'AUC':>6} {'AUC*':>6} {'n':>5}")
        groups = figures[key]
        assert isinstance(groups, list)
        for group in groups:
            marker = " (dev)" if group["name"] in DEV_TOPICS else ""
            print(_row(f"  {group['name']}{marker}", group))
    print()
    print(f"{'category':20} {'hits':>6} {'tokens':>7} {'share marked':>13}")
    categories = figures["by_category"]
    assert isinstance(categories, list)
    for row in categories:
        print(
            f"{row['category']:20} {row['hits']:6d} {row['tokens']:7d} "
            f"{row['token_precision']:13.3f}"
        )
    biased_only = figures["biased_sentences_only"]
    assert isinstance(biased_only, dict)
    print(
        "word level on Biased sentences only: "
        + ", ".join(f"{key} {value:.3f}" for key, value in biased_only.items())
    )
    print()
    print(f"marked words not found as tokens (left out): {figures['unmatched_gold_words']}")
    print(f"find_loaded: {figures['ms_per_sentence']:.3f} ms per sentence (incl. first load)")
    wall, cpu = load_ms()
    print(f"{'speed':46} {'best ms':>8} {'target':>7}")
    print(
        f"{'  load the shipped lexicon, fresh process (wall)':46} {wall:8.1f} {LOAD_TARGET_MS:7d}"
    )
    print(f"{'  load the shipped lexicon, fresh process (CPU)':46} {cpu:8.1f} {LOAD_TARGET_MS:7d}")
    print(
        f"{'  find_loaded on both seed articles, warm':46} {seeds_warm_ms():8.2f} "
        f"{SEEDS_TARGET_MS:7d}"
    )


def _print_word_model(model: dict[str, object]) -> None:
    """Print the word model's share of marked tokens and its hits on the bundled story."""
    share = model["model_hit_tokens_marked"]
    print(
        f"word model hit tokens: {model['model_hit_tokens']}, of which marked by annotators: "
        + (f"{share:.3f}" if isinstance(share, float) else "–")
    )
    story = model["story"]
    assert isinstance(story, list)
    for article in story:
        with_model = article["with_model_per_100_narration"]
        without = article["lexicon_per_100_narration"]
        print(
            f"  {article['article']}: loaded per 100 narration words {without:.2f} (lexicon), "
            f"{with_model:.2f} (with the word model); model hits in the body:"
        )
        for hit in article["model_hits"]:
            print(f"    {hit['word']!r} ({hit['voice']}): {hit['reason']}")


def main(argv: Sequence[str] | None = None) -> int:
    """Evaluate, print a table or JSON, and optionally store the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=Path, default=MBIC_SENTENCES)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--write",
        nargs="?",
        const=RESULTS_FILE,
        type=Path,
        help=f"store the figures as JSON (default {RESULTS_FILE.relative_to(REPO)})",
    )
    parser.add_argument(
        "--word-model",
        type=Path,
        help="also measure the lexicon with this word model (scripts/train_loaded_model.py)",
    )
    parser.add_argument(
        "--word-model-threshold", type=float, help="use this threshold instead of the model's"
    )
    args = parser.parse_args(argv)
    word_model = load_model(args.word_model) if args.word_model else None
    if word_model is not None and args.word_model_threshold is not None:
        word_model = dataclasses.replace(word_model, threshold=args.word_model_threshold)
    figures = evaluate(args.sentences, word_model)
    if args.json:
        print(json.dumps(_rounded(figures), indent=2, ensure_ascii=False))
    else:
        print_table(figures)
    if args.write:
        stored = {key: value for key, value in figures.items() if key != "ms_per_sentence"}
        args.write.write_text(
            json.dumps(_rounded(stored), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 0


def _excluded_word_count() -> int:
    """Return the number of words (rows) in the shipped exclusions file."""
    text = lexicon_module.EXCLUSIONS_FILE.read_text(encoding="utf-8")
    rows = [row for row in csv.reader(text.splitlines()) if row and not row[0].startswith("#")]
    return len(rows) - 1


def _grouped(
    results: Sequence[SentenceResult], key: Callable[[SentenceResult], str]
) -> list[dict[str, object]]:
    groups: dict[str, list[SentenceResult]] = {}
    for result in results:
        groups.setdefault(key(result), []).append(result)
    return [{"name": name, **summary(group)} for name, group in sorted(groups.items())]


def _row(name: str, row: dict[str, object]) -> str:
    def cell(value: object) -> str:
        return f"{value:6.3f}" if isinstance(value, float) else f"{'–':>6}"

    figures = [row["precision"], row["recall"], row["f1"], row["auc"]]
    figures.append(row["auc_no_agreement_as_unbiased"])
    return f"{name:46} " + " ".join(cell(v) for v in figures) + f" {row['sentences']:5d}"


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _percentiles(values: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(values)
    if not ordered:
        return (0.0, 0.0)
    return ordered[int(0.025 * len(ordered))], ordered[int(0.975 * len(ordered)) - 1]


def _rounded(value: object) -> object:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(item) for item in value]
    return value


if __name__ == "__main__":
    raise SystemExit(main())
