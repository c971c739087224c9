"""Tests for the experimental word scorer (analysis/loaded_model.py) and its training script.

The tests build small models by hand: the features read the real VADER and pattern/TextBlob
lexicons and the shipped exclusions, and every expected probability is computed here from the
logistic formula and the lexicon values, not copied from a run. MBIC is never read.
"""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path

import pytest

from analysis import lexicon as lexicon_module
from analysis.lexicon import default_lexicon, find_loaded
from analysis.loaded_model import (
    DEFAULT_CUES,
    MODEL_FORMAT,
    MODEL_SOURCE,
    LoadedWordModel,
    ModelError,
    base_forms,
    load_model,
    model_from_dict,
    model_hits,
    region_evidence,
    score_region,
)

REPO = Path(__file__).resolve().parents[2]
WEIGHT = 6.0
BIAS = -3.0


def model_data(**changes: object) -> dict[str, object]:
    """Return the JSON data of a tiny model: weight on VADER negativity only."""
    data: dict[str, object] = {
        "format": MODEL_FORMAT,
        "features": ["vader_negative", "wn_adjective", "rarity"],
        "weights": [WEIGHT, 0.0, 0.0],
        "bias": BIAS,
        "means": [0.1, 0.2, 0.5],
        "threshold": 0.5,
        "cues": list(DEFAULT_CUES),
        "descriptors": ["black"],
        "word_classes": {"AJ": "shameful dreadful", "A": "certain", "V": "slam", "N": "fury"},
        "reference": {"n_docs": 10, "doc_freq": {"5": "report", "2": "plan"}},
    }
    data.update(changes)
    return data


@pytest.fixture(scope="module")
def model() -> LoadedWordModel:
    return model_from_dict(model_data())


def expected_probability(word: str) -> float:
    """The tiny model's probability for a word, from VADER's own value."""
    valence = lexicon_module._vader_valences()[word]
    return 1 / (1 + math.exp(-(BIAS + WEIGHT * max(0.0, -valence) / 4)))


def candidate_keys(text: str, model: LoadedWordModel, spans=()) -> list[str]:
    return [e.key for e in region_evidence(text, 0, len(text), model, spans)]


# --- which words are scored ---------------------------------------------------------------------


def test_function_words_numbers_names_facts_and_descriptors_are_never_scored(model) -> None:
    text = (
        "The senator said 2021 was a horrible year for Horrible Industries; "
        "black voters were killed."
    )
    keys = candidate_keys(text, model)
    assert "horrible" in keys
    assert keys.count("horrible") == 1  # the capitalised one inside the sentence is a name
    for never in ("the", "said", "2021", "was", "black", "killed"):
        assert never not in keys, never


def test_a_word_without_an_evaluative_cue_is_not_scored(model) -> None:
    assert candidate_keys("The committee met in the building.", model) == []


def test_a_capitalised_word_after_a_sentence_break_is_scored(model) -> None:
    assert candidate_keys("It rained. Horrible weather followed.", model) == ["horrible"]


def test_base_forms_undo_regular_suffixes_and_doubling() -> None:
    assert "slam" in base_forms("slammed")
    assert "unfair" in base_forms("unfairly")
    assert "plan" in base_forms("plan's")


def test_word_classes_are_found_through_base_forms(model) -> None:
    (evidence,) = region_evidence("Critics slammed it.", 0, 19, model)
    assert evidence.key == "slammed"
    assert evidence.features.get("wn_action_verb") == 1.0
    assert evidence.features.get("vader") == 1.0  # "slam" is in VADER; "slammed" is not


def test_lexicon_hits_are_not_scored_again_and_mark_their_neighbours(model) -> None:
    text = "a horrible dreadful day"
    start = text.index("horrible")
    evidence = region_evidence(text, 0, len(text), model, [(start, start + len("horrible"))])
    assert [e.key for e in evidence] == ["dreadful"]
    assert evidence[0].features.get("next_to_lexicon_hit") == 1.0


def test_short_quotations_are_scare_quotes_and_long_ones_quotations(model) -> None:
    short = "Critics called the plan \u201cshameful\u201d on Monday."
    (evidence,) = region_evidence(short, 0, len(short), model)
    assert evidence.features.get("scare_quotes") == 1.0
    long = "\u201cIt was a shameful day for every one of us here,\u201d she said."
    (evidence,) = region_evidence(long, 0, len(long), model)
    assert evidence.features.get("in_quotation") == 1.0
    assert "scare_quotes" not in evidence.features


def test_rarity_follows_the_reference_document_frequency(model) -> None:
    text = "a dreadful plan and a shameful report"
    features = {e.key: e.features for e in region_evidence(text, 0, len(text), model)}
    assert features["dreadful"]["rarity"] == pytest.approx(1.0)  # in no reference article
    assert features["dreadful"].get("rare") == 1.0
    assert "plan" not in features  # no evaluative cue of its own


# --- scores and explanations --------------------------------------------------------------------


def test_probability_is_the_logistic_function_of_the_weighted_features(model) -> None:
    text = "a horrible, sad, dreadful and shameful day"
    for evidence in region_evidence(text, 0, len(text), model):
        assert model.probability(evidence.features) == pytest.approx(
            expected_probability(evidence.key)
        )


def test_words_are_flagged_at_or_above_the_threshold_only(model) -> None:
    text = "a horrible, sad, dreadful, unfair and shameful day with some slam"
    words = ["horrible", "sad", "dreadful", "unfair", "shameful", "slam"]
    expected = {w for w in words if expected_probability(w) >= model.threshold}
    assert expected and expected != set(words)  # the example has words on both sides
    flagged = {text[h.start : h.end] for h in score_region(text, 0, len(text), model)}
    assert flagged == expected


def test_reasons_describe_present_features_in_plain_words(model) -> None:
    text = "a horrible day"
    (hit,) = score_region(text, 0, len(text), model)
    valence = lexicon_module._vader_valences()["horrible"]
    assert hit.reasons == (
        f"strongly negative in the VADER sentiment lexicon ({valence:+.1f} on −4…+4)",
    )
    assert hit.category == "charged"


def test_stance_words_are_shown_as_labels() -> None:
    model = model_from_dict(
        model_data(features=["stance_prefix"], weights=[5.0], means=[0.0], bias=-1.0)
    )
    text = "an anti-science crowd"
    (hit,) = score_region(text, 0, len(text), model)
    assert text[hit.start : hit.end] == "anti-science"
    assert hit.category == "label"
    assert hit.reasons == ("a stance word (anti-…, pro-…, …-wing)",)


def test_model_hits_become_lexicon_hits_outside_the_lexicons_own() -> None:
    model = model_from_dict(
        model_data(features=["wn_adjective"], weights=[5.0], means=[0.0], bias=-1.0)
    )
    text = "The senator gave a horrible, dreadful speech and called the win certain."
    lexicon = default_lexicon()
    own = find_loaded(text, [(0, len(text))], lexicon)
    spans = [(h.start, h.end) for h in own]
    assert {h.text for h in own} == {"horrible", "dreadful"}
    hits = model_hits(text, [(0, len(text))], model, lexicon, spans)
    assert [h.text for h in hits] == ["certain"]
    categories = {c.id for c in lexicon.categories}
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text
        assert hit.category in categories
        assert "word model" in hit.reason and hit.source == MODEL_SOURCE
        assert all(hit.end <= s or hit.start >= e for s, e in spans)


# --- the model file -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"format": "other/1"}, "format"),
        ({"features": ["vader_negative", "no_such_feature", "rarity"]}, "unknown features"),
        ({"weights": [1.0]}, "differ in length"),
        ({"threshold": 1.5}, "threshold"),
        ({"cues": ["vader", "loud"]}, "unknown cues"),
        ({"word_classes": {"Z": "word"}}, "word class"),
        ({"reference": {"n_docs": 10}}, "malformed"),
    ],
)
def test_a_malformed_model_is_rejected_with_the_problem(changes, message) -> None:
    with pytest.raises(ModelError, match=message):
        model_from_dict(model_data(**changes))


def test_load_model_reads_a_model_file(tmp_path, model) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model_data()), encoding="utf-8")
    loaded = load_model(path)
    assert loaded.threshold == model.threshold
    assert loaded.doc_freq == {"report": 5, "plan": 2}
    assert loaded.word_classes["shameful"] == "AJ"
    with pytest.raises(ModelError, match="model.json"):
        load_model(tmp_path / "model.json.missing")


# --- the training script (no MBIC, no scikit-learn needed) ---------------------------------------


@pytest.fixture(scope="module")
def trainer():
    path = REPO / "scripts" / "train_loaded_model.py"
    spec = importlib.util.spec_from_file_location("train_loaded_model", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def write_wordnet(directory: Path) -> None:
    """Write a tiny WordNet 3.0 database in the real file format."""
    header = "  1 This software and database is being provided to you\n"
    files = {
        # data lines: offset, lexicographer file number, type, word count, words…
        "data.adj": ["00000001 00 a 01 shameful 0 000 | disgraceful", "00000002 00 a 01 x 0 000 |"],
        "data.noun": [
            "00000010 12 n 01 fury 0 000 | anger",
            "00000011 06 n 01 table 0 000 | furniture",
            "00000012 06 n 01 shameful 0 000 | made up",
        ],
        "data.verb": ["00000020 35 v 01 slam 0 000 | hit", "00000021 32 v 01 slam 0 000 | say"],
        "data.adv": [],
        # index lines: lemma, pos, synsets, pointers, [pointer symbols], senses, tagged, offsets
        "index.adj": ["shameful a 1 1 & 1 0 00000001"],
        "index.noun": [
            "fury n 1 0 1 0 00000010",
            "table n 1 0 1 0 00000011",
            "shameful n 1 0 1 0 00000012",
            "ice_cream n 1 0 1 0 00000011",
        ],
        "index.verb": ["slam v 2 0 2 0 00000020 00000021"],
        "index.adv": [],
    }
    for name, lines in files.items():
        (directory / name).write_text(header + "".join(line + "\n" for line in lines))


def test_wordnet_classes_follow_the_share_of_senses(tmp_path, trainer) -> None:
    write_wordnet(tmp_path)
    classes = trainer.wordnet_classes(tmp_path)
    # shameful: one adjective sense of two (share 0.5) and it has an adjective sense
    assert classes == {"shameful": "AJ", "fury": "N", "slam": "V"}


def test_missing_wordnet_names_the_directory(tmp_path, trainer) -> None:
    with pytest.raises(SystemExit, match=str(tmp_path)):
        trainer.wordnet_classes(tmp_path)


def test_document_frequency_counts_articles_not_occurrences(trainer) -> None:
    articles = [
        {"text": "Plan, plan, plan: the Plan."},
        {"text": "A plan and a report."},
        {"text": "The report's 2020 report."},
    ]
    doc_freq, n_docs = trainer.document_frequency(articles)
    assert n_docs == 3
    # "a" and "report's" are in one article only; numbers are not stored
    assert doc_freq == {"plan": 2, "the": 2, "report": 2}


def test_union_f1_adds_the_candidates_above_the_threshold(trainer) -> None:
    sentences = [trainer.SentenceTokens("t", gold=4, lexicon_true=1, lexicon_false=1)]
    candidates = [
        trainer.Candidate("t", 0, {}, True),
        trainer.Candidate("t", 0, {}, False),
        trainer.Candidate("t", 0, {}, True),
    ]
    precision, recall, f1 = trainer.union_f1(sentences, candidates, [0.9, 0.6, 0.2], 0.5)
    assert (precision, recall) == (2 / 4, 2 / 4)
    assert f1 == pytest.approx(0.5)
