"""The methods page's accuracy table: how often each method agrees with annotated data.

The figures are read from the evaluation results shipped in ``analysis/data/eval_*.json``, which
the scripts in ``benchmarks/`` (``eval_loaded.py``, ``eval_quotes.py``, ``eval_target_tone.py``)
write; nothing here is typed in by hand.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

DATA_DIR = Path(__file__).resolve().parent.parent / "analysis" / "data"
EVAL_FILES = {
    "loaded": DATA_DIR / "eval_loaded.json",
    "quotes": DATA_DIR / "eval_quotes.json",
    "target_tone": DATA_DIR / "eval_target_tone.json",
}

COL_MEASURE = "What is measured"
COL_DATA = "Against"
COL_OURS = "This tool"
COL_REFERENCE = "Published reference"
COL_GOAL = "Goal"
COL_MET = "Goal met"


@cache
def _results(name: str) -> dict[str, Any]:
    return json.loads(EVAL_FILES[name].read_text(encoding="utf-8"))


def _met(value: float, goal: float) -> str:
    return "yes" if value >= goal else "no"


def accuracy_frame() -> pd.DataFrame:
    """Return one row per evaluated figure: data, the tool's score, references and the goal.

    Returns:
        A table with the columns ``COL_MEASURE`` … ``COL_MET``; scores keep three decimals.
    """
    loaded, quotes, tone = _results("loaded"), _results("quotes"), _results("target_tone")
    loaded_refs = loaded["references"]
    lexicon_ref, feature_ref = loaded_refs["f1"].values()
    mbic = f"MBIC, {loaded['all']['sentences']:,} annotated sentences"
    held_out = loaded["held_out_topics"]
    gold = (
        f"hand-made gold set, {quotes['quotes']} quotations in {quotes['articles']} MBIC articles"
    )
    newsmtsc = f"NewsMTSC devtest, {tone['targets']:,} targets"
    rows = [
        (
            "Loaded words: word-level F1 against the words annotators marked",
            mbic,
            f"{loaded['all']['f1']:.3f} (held-out topics {held_out['f1']:.3f})",
            f"negative-sentiment lexicon {lexicon_ref:.2f}; best feature model {feature_ref:.2f}",
            f"{loaded_refs['goal_f1']:.2f}",
            _met(loaded["all"]["f1"], loaded_refs["goal_f1"]),
        ),
        (
            "Loaded-word density: separates biased from unbiased sentences (ROC AUC)",
            mbic,
            f"{loaded['all']['auc']:.3f} (held-out topics {held_out['auc']:.3f})",
            "",
            f"{loaded_refs['goal_auc']:.2f}",
            _met(loaded["all"]["auc"], loaded_refs["goal_auc"]),
        ),
        (
            "Direct quotes: span F1, exact boundaries",
            gold,
            f"{quotes['exact']['f1']:.3f}",
            "rule-based news quote extractor 0.84",
            "0.90",
            _met(quotes["exact"]["f1"], 0.90),
        ),
        (
            "Direct quotes: span F1, overlapping",
            gold,
            f"{quotes['overlap']['f1']:.3f}",
            "",
            "0.90",
            _met(quotes["overlap"]["f1"], 0.90),
        ),
        (
            "Who is quoted: speaker accuracy",
            gold,
            f"{quotes['speaker_accuracy']:.3f}",
            "rule-based news quote extractor 0.87",
            "0.90",
            _met(quotes["speaker_accuracy"], 0.90),
        ),
        (
            "Tone toward a named actor: macro-F1 (negative, neutral, positive)",
            newsmtsc,
            f"{tone['model']['macro_f1']:.3f}",
            f"VADER on the same sentences {tone['vader_baseline']['macro_f1']:.3f}",
            f"{tone['goal_macro_f1']:.2f}",
            _met(tone["model"]["macro_f1"], tone["goal_macro_f1"]),
        ),
    ]
    return pd.DataFrame(
        rows, columns=[COL_MEASURE, COL_DATA, COL_OURS, COL_REFERENCE, COL_GOAL, COL_MET]
    )


ACCURACY_NOTE = (
    "Rerun any row with its script in `benchmarks/` (`eval_loaded.py`, `eval_quotes.py`, "
    "`eval_target_tone.py`). The loaded-word figures are low for a reason worth telling a class: "
    'annotators mark words by context ("slammed" in one sentence, not in another), and a word '
    "list cannot read context. Treat the highlights as prompts for discussion, not verdicts."
)
