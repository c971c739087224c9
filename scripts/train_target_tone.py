"""Train the target-tone classifier (``analysis/data/target_tone_model.json``).

Run: ``python scripts/train_target_tone.py`` (needs numpy and scipy, for training only). It reads
only ``shared/data/newsmtsc/train.jsonl`` (NewsMTSC, Hamborg and Donnay 2021, MIT), never the
``devtest`` files, and writes the model file (``--output`` for another place; ``--select`` first
runs the model selection below and trains with the regularisation it picks).

What it does, deterministically (same data, same file, byte for byte):

1. Every target of every training sentence becomes one example: the features of
   :func:`analysis.target_tone.extract_features` for the target's span and its
   ``further_mentions`` (the same actor named again or by pronoun), label 2 → negative,
   4 → neutral, 6 → positive.
2. "Known words" (stems seen in lower case in the training sentences) decide when a capitalised
   sentence-initial word is an ordinary word rather than a name; they ship with the model.
3. Features seen in fewer than :data:`MIN_COUNT` examples are dropped.
4. A multinomial logistic regression with L2 penalty (bias not penalised) and balanced class
   weights (NewsMTSC is unevenly split between the classes), fitted by L-BFGS from zero
   weights. The penalty ``C`` is :data:`DEFAULT_C`, chosen with ``--select``: grouped 5-fold
   cross-validation on ``train.jsonl`` (folds by source article, so sentences of one article
   never sit on both sides), macro-F1 over the three classes, grid :data:`C_GRID`.
5. Weights are centred per feature (softmax is unchanged by adding a constant to a feature's
   three weights), rounded to :data:`DIGITS` decimals, and features whose three weights all round
   to zero are left out.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import scipy.optimize
import scipy.sparse

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from eval_target_tone import NEWSMTSC, Example, read_newsmtsc  # noqa: E402

from analysis.target_tone import (  # noqa: E402
    LABELS,
    MODEL_FORMAT,
    MODEL_PATH,
    TOKEN_RE,
    extract_features,
    feature_values,
    stem,
)

TRAIN_FILE = NEWSMTSC / "train.jsonl"

MIN_COUNT = 2
DEFAULT_C = 0.05
C_GRID = (0.02, 0.05, 0.1, 0.3)
FOLDS = 5
SEED = 0
DIGITS = 4
MAX_ITER = 3000


def lowercase_stems(examples: Sequence[Example]) -> frozenset[str]:
    """Return the stems of words written in lower case in the examples' sentences."""
    stems: set[str] = set()
    for sentence in dict.fromkeys(e.sentence for e in examples):
        for match in TOKEN_RE.finditer(sentence):
            word = match.group()
            if word[:1].isalpha() and word[:1].islower():
                stems.add(stem(word))
    return frozenset(stems)


def featurise(examples: Sequence[Example], known: frozenset[str]) -> list[dict[str, float]]:
    """Return the feature values of each example."""
    return [
        feature_values(extract_features(e.sentence, e.spans, known_words=known)) for e in examples
    ]


def vocabulary(rows: Sequence[dict[str, float]]) -> list[str]:
    """Return the feature names seen in at least :data:`MIN_COUNT` rows, sorted, ``bias`` first."""
    counts = Counter(name for row in rows for name in row)
    names = sorted(name for name, n in counts.items() if n >= MIN_COUNT and name != "bias")
    return ["bias", *names]


def matrix(rows: Sequence[dict[str, float]], names: Sequence[str]) -> scipy.sparse.csr_matrix:
    """Return the rows as a sparse matrix over ``names`` (unknown features dropped)."""
    index = {name: j for j, name in enumerate(names)}
    data: list[float] = []
    cols: list[int] = []
    indptr = [0]
    for row in rows:
        for name, value in sorted(row.items()):
            j = index.get(name)
            if j is not None and value:
                cols.append(j)
                data.append(value)
        indptr.append(len(cols))
    return scipy.sparse.csr_matrix(
        (np.array(data), np.array(cols, dtype=np.int64), np.array(indptr, dtype=np.int64)),
        shape=(len(rows), len(names)),
    )


def fit(x: scipy.sparse.csr_matrix, y: np.ndarray, c: float) -> np.ndarray:
    """Return the weights (features × classes) of a class-balanced L2 multinomial regression.

    Column 0 of ``x`` is the bias and is not penalised.
    """
    n, d = x.shape
    k = len(LABELS)
    counts = np.bincount(y, minlength=k).astype(float)
    sample_weight = (n / (k * counts))[y]
    onehot = np.eye(k)[y]
    penalty = 1.0 / c
    xt = x.T.tocsr()

    def loss_and_grad(flat: np.ndarray) -> tuple[float, np.ndarray]:
        w = flat.reshape(d, k)
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(z).sum(axis=1, keepdims=True))
        log_p = z - log_norm
        loss = -(sample_weight * log_p[np.arange(n), y]).sum()
        loss += 0.5 * penalty * float((w[1:] ** 2).sum())
        grad = np.asarray(xt @ ((np.exp(log_p) - onehot) * sample_weight[:, None]))
        grad[1:] += penalty * w[1:]
        return float(loss), grad.ravel()

    result = scipy.optimize.minimize(
        loss_and_grad,
        np.zeros(d * k),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": MAX_ITER, "maxfun": MAX_ITER * 2},
    )
    return result.x.reshape(d, k)


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    """Return the mean F1 over the three classes."""
    scores = []
    for k in range(len(LABELS)):
        tp = float(np.sum((gold == k) & (pred == k)))
        predicted, actual = float(np.sum(pred == k)), float(np.sum(gold == k))
        p = tp / predicted if predicted else 0.0
        r = tp / actual if actual else 0.0
        scores.append(2 * p * r / (p + r) if p + r else 0.0)
    return float(np.mean(scores))


def folds(examples: Sequence[Example]) -> list[int]:
    """Return each example's fold: articles shuffled with a fixed seed, dealt round-robin."""
    groups = sorted({e.group for e in examples})
    random.Random(SEED).shuffle(groups)
    fold_of = {g: i % FOLDS for i, g in enumerate(groups)}
    return [fold_of[e.group] for e in examples]


def cross_validate(
    examples: Sequence[Example], known: frozenset[str], grid: Sequence[float]
) -> dict[str, dict[str, float]]:
    """Return grouped cross-validated macro-F1 per ``C``: all examples and multi-target ones.

    Multi-target sentences (two or more targets) are reported apart: they are where a
    target-blind sentence score must fail.
    """
    rows = featurise(examples, known)
    y = np.array([LABELS.index(e.label) for e in examples])
    fold = np.array(folds(examples))
    targets_in = Counter(e.sentence for e in examples)
    multi = np.array([targets_in[e.sentence] > 1 for e in examples])
    results: dict[str, dict[str, float]] = {}
    for c in grid:
        pred = np.zeros(len(examples), dtype=int)
        for f in range(FOLDS):
            train_idx = np.flatnonzero(fold != f)
            test_idx = np.flatnonzero(fold == f)
            names = vocabulary([rows[i] for i in train_idx])
            w = fit(matrix([rows[i] for i in train_idx], names), y[train_idx], c)
            scores = matrix([rows[i] for i in test_idx], names) @ w
            pred[test_idx] = np.argmax(scores, axis=1)
        results[str(c)] = {
            "macro_f1": round(macro_f1(y, pred), 4),
            "macro_f1_multi_target": round(macro_f1(y[multi], pred[multi]), 4),
        }
        print(f"C={c}: {results[str(c)]}", flush=True)
    return results


def train_model(examples: Sequence[Example], c: float, selection: dict | None = None) -> dict:
    """Return the model file's content for a model fitted on all ``examples``."""
    known = lowercase_stems(examples)
    rows = featurise(examples, known)
    names = vocabulary(rows)
    y = np.array([LABELS.index(e.label) for e in examples])
    w = fit(matrix(rows, names), y, c)
    w = w - w.mean(axis=1, keepdims=True)
    weights: dict[str, list[float]] = {}
    for j, name in enumerate(names[1:], start=1):
        row = [round(float(v), DIGITS) + 0.0 for v in w[j]]
        if any(row):
            weights[name] = row
    word_stems = {name[2:] for name in weights if name.startswith("w:")}
    counts = np.bincount(y, minlength=len(LABELS))
    meta = {
        "data": "NewsMTSC train.jsonl (Hamborg and Donnay, EACL 2021; MIT)",
        "examples": len(examples),
        "sentences": len({e.sentence for e in examples}),
        "class_counts": {label: int(counts[k]) for k, label in enumerate(LABELS)},
        "C": c,
        "min_count": MIN_COUNT,
        "features": len(weights),
        "class_weights": "balanced",
        "trainer": "scripts/train_target_tone.py",
    }
    if selection is not None:
        meta["selection"] = selection
    return {
        "format": MODEL_FORMAT,
        "labels": list(LABELS),
        "bias": [round(float(v), DIGITS) + 0.0 for v in w[0]],
        "weights": weights,
        "known_words": sorted(known - word_stems),
        "meta": meta,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Train (optionally after model selection) and write the model file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=TRAIN_FILE, help="NewsMTSC train.jsonl")
    parser.add_argument("--output", type=Path, default=MODEL_PATH, help="model file to write")
    parser.add_argument("--c", type=float, default=DEFAULT_C, help="L2 penalty C")
    parser.add_argument(
        "--select", action="store_true", help="choose C by grouped cross-validation first"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    examples = read_newsmtsc(args.train)
    print(f"{len(examples)} training examples from {args.train}", flush=True)
    c, selection = args.c, None
    if args.select:
        cv = cross_validate(examples, lowercase_stems(examples), C_GRID)
        c = max(C_GRID, key=lambda value: (cv[str(value)]["macro_f1"], -value))
        selection = {
            "method": f"grouped {FOLDS}-fold cross-validation on train.jsonl, macro-F1",
            "grid": cv,
            "chosen_C": c,
        }
    model = train_model(examples, c, selection)
    text = json.dumps(model, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    args.output.write_text(text + "\n", encoding="utf-8")
    size = args.output.stat().st_size
    print(
        f"wrote {args.output} ({size / 1e6:.2f} MB, {model['meta']['features']} features, C={c})"
        f" in {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
