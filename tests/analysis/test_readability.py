"""Tests for analysis.readability: textstat's counts, the project's sentences, offline data."""

from __future__ import annotations

import importlib.util
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import nltk
import nupunkt
import pyphen
import pytest
import textstat
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.corpus.reader import CMUDictCorpusReader
from textstat.backend.counts import _count_syllables

from analysis import readability
from analysis.readability import (
    CMUDICT_PATH,
    HARD_SENTENCE_GRADE,
    MIN_SENTENCES_FOR_SMOG,
    NLTK_DATA_DIR,
    SortedCmudict,
    ensure_offline_cmudict,
    readability_indices,
    sentence_grade,
)

REPO = Path(__file__).resolve().parents[2]
SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
INDICES = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "dale_chall",
)

# Counts below are by hand: syllables from the CMU dictionary entries (THE DH AH0, SUNNY S AH1 N
# IY0, UNIVERSITIES Y UW2 N AH0 V ER1 S AH0 T IY0 Z ...), letters by counting, difficult words by
# looking each word up in textstat's Dale-Chall list (resources/en/easy_words.txt).
SIMPLE = ["The cat sat on the mat.", "The dog ran to the park."]
# words 12, sentences 2, syllables 12, letters 17 + 18, no polysyllables, all words familiar.
HARD = ["Universities encourage international cooperation."]
# words 4, sentences 1, syllables 5 + 3 + 5 + 5, letters 12 + 9 + 13 + 11, polysyllables 4,
# none familiar.

HAND_CASES = [
    pytest.param(
        SIMPLE,
        {
            "words": 12,
            "sentences": 2,
            "syllables": 12,
            "letters": 35,
            "polysyllables": 0,
            "complex_words": 0,
            "difficult_words": 0,
        },
        {
            "flesch_reading_ease": 206.835 - 1.015 * 6 - 84.6 * 1,
            "flesch_kincaid_grade": 0.39 * 6 + 11.8 * 1 - 15.59,
            "gunning_fog": 0.4 * 6,
            "smog_index": 3.1291,
            "coleman_liau_index": 0.058 * 3500 / 12 - 0.296 * 200 / 12 - 15.8,
            "dale_chall": 0.0496 * 6,
        },
        id="simple",
    ),
    pytest.param(
        HARD,
        {
            "words": 4,
            "sentences": 1,
            "syllables": 18,
            "letters": 45,
            "polysyllables": 4,
            "complex_words": 4,
            "difficult_words": 4,
        },
        {
            "flesch_reading_ease": 206.835 - 1.015 * 4 - 84.6 * 4.5,
            "flesch_kincaid_grade": 0.39 * 4 + 11.8 * 4.5 - 15.59,
            "gunning_fog": 0.4 * (4 + 100),
            "smog_index": 1.043 * math.sqrt(30 * 4) + 3.1291,
            "coleman_liau_index": 0.058 * 1125 - 0.296 * 25 - 15.8,
            "dale_chall": 0.1579 * 100 + 0.0496 * 4 + 3.6365,
        },
        id="hard",
    ),
    pytest.param(
        SIMPLE + HARD,
        {
            "words": 16,
            "sentences": 3,
            "syllables": 30,
            "letters": 80,
            "polysyllables": 4,
            "complex_words": 4,
            "difficult_words": 4,
        },
        {
            "flesch_reading_ease": 206.835 - 1.015 * 16 / 3 - 84.6 * 30 / 16,
            "flesch_kincaid_grade": 0.39 * 16 / 3 + 11.8 * 30 / 16 - 15.59,
            "gunning_fog": 0.4 * (16 / 3 + 100 * 4 / 16),
            "smog_index": 1.043 * math.sqrt(30 * 4 / 3) + 3.1291,
            "coleman_liau_index": 0.058 * 8000 / 16 - 0.296 * 300 / 16 - 15.8,
            "dale_chall": 0.1579 * 25 + 0.0496 * 16 / 3 + 3.6365,
        },
        id="mixed",
    ),
    pytest.param(
        ["Hello"],
        {
            "words": 1,
            "sentences": 1,
            "syllables": 2,
            "letters": 5,
            "polysyllables": 0,
            "complex_words": 0,
            "difficult_words": 0,
        },
        {
            "flesch_reading_ease": 206.835 - 1.015 - 84.6 * 2,
            "flesch_kincaid_grade": 0.39 + 11.8 * 2 - 15.59,
            "gunning_fog": 0.4,
            "smog_index": 3.1291,
            "coleman_liau_index": 0.058 * 500 - 0.296 * 100 - 15.8,
            "dale_chall": 0.0496,
        },
        id="one-word",
    ),
]


@pytest.mark.parametrize(("sentences", "counts", "indices"), HAND_CASES)
def test_hand_computed_indices(
    sentences: list[str], counts: dict[str, int], indices: dict[str, float]
) -> None:
    result = readability_indices(sentences)
    for name, value in counts.items():
        assert result[name] == value, name
    for name, value in indices.items():
        assert result[name] == pytest.approx(value, abs=1e-9), name


@pytest.mark.parametrize(
    "sentences",
    [
        SIMPLE,
        SIMPLE + HARD,
        [
            "Officials said the evacuation was chaotic and dangerous.",
            "Several thousand people waited outside the airport for days.",
            "Nobody could say when the last flight would leave the capital.",
        ],
    ],
)
def test_matches_textstat_where_textstat_counts_sentences_right(sentences: list[str]) -> None:
    # No abbreviations and no sentence under three words: textstat's own sentence count is right.
    text = " ".join(sentences)
    assert textstat.sentence_count(text) == len(sentences)
    result = readability_indices(sentences)
    assert result["flesch_reading_ease"] == pytest.approx(textstat.flesch_reading_ease(text))
    assert result["flesch_kincaid_grade"] == pytest.approx(textstat.flesch_kincaid_grade(text))
    assert result["gunning_fog"] == pytest.approx(textstat.gunning_fog(text))
    assert result["smog_index"] == pytest.approx(textstat.smog_index(text))
    assert result["coleman_liau_index"] == pytest.approx(textstat.coleman_liau_index(text))
    assert result["dale_chall"] == pytest.approx(textstat.dale_chall_readability_score(text))


ABBREVIATED = "Gen. Mark Milley met U.S. officials on Sept. 1 to discuss the withdrawal."


def test_abbreviations_do_not_split_the_sentence() -> None:
    assert textstat.sentence_count(ABBREVIATED) > 1
    result = readability_indices([ABBREVIATED])
    assert result["sentences"] == 1
    # Gen Mark Milley met US officials on Sept 1 to discuss the withdrawal
    assert result["words"] == 13
    # Without the periods textstat finds the one sentence and the same words and syllables.
    plain = ABBREVIATED.replace(".", "") + "."
    assert textstat.sentence_count(plain) == 1
    assert result["flesch_kincaid_grade"] == pytest.approx(textstat.flesch_kincaid_grade(plain))
    assert result["flesch_reading_ease"] == pytest.approx(textstat.flesch_reading_ease(plain))
    assert sentence_grade(ABBREVIATED) == pytest.approx(textstat.flesch_kincaid_grade(plain))


@pytest.mark.parametrize(
    ("typographic", "plain"),
    [
        ("They didn’t say.", "They didn't say."),
        ("Milley’s remarks were ‘possible’ hints.", "Milley's remarks were 'possible' hints."),
    ],
)
def test_curly_apostrophes_count_like_ascii(typographic: str, plain: str) -> None:
    assert readability_indices([typographic]) == readability_indices([plain])
    assert sentence_grade(typographic) == sentence_grade(plain)


@pytest.mark.parametrize("sentences", [[], [""], ["   ", "—", "..."]])
def test_nothing_to_measure(sentences: list[str]) -> None:
    result = readability_indices(sentences)
    assert all(result[name] is None for name in INDICES)
    assert result["words"] == result["sentences"] == result["syllables"] == 0


def test_sentences_without_words_are_not_counted() -> None:
    with_empty = readability_indices(["", *SIMPLE, "—"])
    assert with_empty == readability_indices(SIMPLE)


@pytest.mark.parametrize(
    ("sentence", "grade"),
    [
        ("The cat sat on the mat.", 0.39 * 6 + 11.8 * 1 - 15.59),
        ("Universities encourage international cooperation.", 0.39 * 4 + 11.8 * 4.5 - 15.59),
        ("Hello", 0.39 + 11.8 * 2 - 15.59),
        ("", 0.0),
        ("—", 0.0),
    ],
)
def test_sentence_grade(sentence: str, grade: float) -> None:
    assert sentence_grade(sentence) == pytest.approx(grade, abs=1e-9)


def test_thresholds() -> None:
    assert MIN_SENTENCES_FOR_SMOG == 30
    # A plain sentence stays under the mark, a dense one goes over it.
    assert sentence_grade(SIMPLE[0]) < HARD_SENTENCE_GRADE < sentence_grade(HARD[0])


def _seed_sentences(name: str) -> list[str]:
    text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    return [text[start:end] for start, end in nupunkt.sent_spans(text)]


@pytest.mark.parametrize("name", ["sofrep", "ap"])
def test_seed_articles(name: str) -> None:
    sentences = _seed_sentences(name)
    text = " ".join(sentences).replace("’", "'")
    result = readability_indices(sentences)
    # Counts add up over sentences: the same as textstat's on the whole text (apostrophes ASCII).
    assert result["words"] == textstat.lexicon_count(text)
    assert result["syllables"] == textstat.syllable_count(text)
    assert result["letters"] == textstat.letter_count(text)
    assert result["polysyllables"] == textstat.polysyllabcount(text)
    assert result["sentences"] == sum(1 for s in sentences if textstat.lexicon_count(s))
    words, count = result["words"], result["sentences"]
    assert result["flesch_kincaid_grade"] == pytest.approx(
        0.39 * words / count + 11.8 * result["syllables"] / words - 15.59
    )
    # News prose: somewhere between middle school and graduate school.
    assert 6 < result["flesch_kincaid_grade"] < 20
    grades = [sentence_grade(s) for s in sentences]
    hard_share = sum(g > HARD_SENTENCE_GRADE for g in grades) / len(grades)
    assert 0 < hard_share < 0.5


# Offline data ------------------------------------------------------------------------------------

OFFLINE_TEXT = "The idea of the area is to stop the fire."
# CMU: idea AY0 D IY1 AH0 (3), area EH1 R IY0 AH0 (3), fire F AY1 ER0 (2); pyphen gives each 1.


def _reference_cmudict() -> dict[str, list[list[str]]]:
    """NLTK's own reader over the shipped file, independent of SortedCmudict."""
    return CMUDictCorpusReader(str(CMUDICT_PATH.parent), ["cmudict"]).dict()


@pytest.fixture(scope="module")
def reference_cmudict() -> dict[str, list[list[str]]]:
    return _reference_cmudict()


def _expected_syllables(text: str, cmudict: dict[str, list[list[str]]]) -> tuple[int, int]:
    """Syllables of ``text`` from the CMU dictionary and from pyphen alone."""
    hyphenator = pyphen.Pyphen(lang="en_US")
    words = textstat.remove_punctuation(text).lower().split()
    from_cmu = sum(sum(p[-1].isdigit() for p in cmudict[w][0]) for w in words)
    from_pyphen = sum(len(hyphenator.positions(w)) + 1 for w in words)
    return from_cmu, from_pyphen


def test_sorted_reader_equals_nltk_reader(reference_cmudict: dict[str, list[list[str]]]) -> None:
    shipped = SortedCmudict(CMUDICT_PATH)
    assert len(shipped) == len(reference_cmudict)
    assert dict(shipped.items()) == reference_cmudict
    for missing in ("", "qzxv", "READ", "read "):
        with pytest.raises(KeyError):
            shipped[missing]


def test_shipped_file_is_sorted_for_bisection() -> None:
    lines = CMUDICT_PATH.read_text(encoding="utf-8").splitlines()
    keys = [line.split(" ", 1)[0] for line in lines]
    assert keys == sorted(keys)
    assert (CMUDICT_PATH.parent / "LICENSE").is_file()
    assert "Carnegie Mellon University" in (CMUDICT_PATH.parent / "LICENSE").read_text()


def test_no_download_in_process(
    monkeypatch: pytest.MonkeyPatch, reference_cmudict: dict[str, list[list[str]]]
) -> None:
    def refuse_download(*args: object, **kwargs: object) -> None:
        raise AssertionError("nltk.download was called")

    monkeypatch.setattr(nltk, "download", refuse_download)
    monkeypatch.setattr(readability, "_offline_ready", False)
    ensure_offline_cmudict()
    _count_syllables.count_syllables.cache_clear()
    assert nltk.data.path[0] == str(NLTK_DATA_DIR)
    from_cmu, from_pyphen = _expected_syllables(OFFLINE_TEXT, reference_cmudict)
    assert from_cmu != from_pyphen
    result = readability_indices([OFFLINE_TEXT])
    assert result["syllables"] == from_cmu
    assert result["flesch_reading_ease"] == pytest.approx(
        206.835 - 1.015 * 10 - 84.6 * from_cmu / 10
    )


def test_textstat_uses_the_fast_reader() -> None:
    ensure_offline_cmudict()
    assert _count_syllables.get_cmudict("en_US") is _count_syllables.get_cmudict("en")
    assert isinstance(_count_syllables.get_cmudict("en_US"), SortedCmudict)


def test_ensure_offline_cmudict_is_idempotent() -> None:
    ensure_offline_cmudict()
    ensure_offline_cmudict()
    assert nltk.data.path.count(str(NLTK_DATA_DIR)) == 1


_CHILD = """
import json, sys, time
started = time.perf_counter()
import nltk

def refuse_download(*args, **kwargs):
    raise SystemExit("nltk.download was called")

nltk.download = refuse_download
from analysis import readability
imported = time.perf_counter()
result = readability.readability_indices([sys.argv[1]])
first_call = time.perf_counter()
textstat_route = None
if sys.argv[2] == "nltk":
    # Layer 1 alone: textstat's original lookup through nltk.data.find finds the shipped corpus.
    from textstat.backend.utils._get_cmudict import get_cmudict
    textstat_route = len(get_cmudict("en_US"))
print(json.dumps({
    "result": result,
    "path0": nltk.data.path[0],
    "textstat_route": textstat_route,
    "import_s": imported - started,
    "first_call_s": first_call - imported,
}))
"""


def _writable_by_others(path: Path) -> bool:
    return any(p.stat().st_mode & 0o022 for p in (path, *path.parents) if REPO in (p, *p.parents))


@pytest.mark.parametrize("route", ["fast", "nltk"])
def test_no_download_in_a_fresh_process(
    tmp_path: Path, route: str, reference_cmudict: dict[str, list[list[str]]]
) -> None:
    if route == "nltk" and _writable_by_others(CMUDICT_PATH.parent):
        pytest.skip("NLTK refuses data folders others can write to; the fast route covers it")
    env = {k: v for k, v in os.environ.items() if k not in ("NLTK_DATA", "PYTHONPATH")}
    env["HOME"] = str(tmp_path)  # no ~/nltk_data can help
    env["PYTHONPATH"] = str(REPO)
    completed = subprocess.run(
        [sys.executable, "-c", _CHILD, OFFLINE_TEXT, route],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout)
    from_cmu, _ = _expected_syllables(OFFLINE_TEXT, reference_cmudict)
    assert report["result"]["syllables"] == from_cmu
    assert report["path0"] == str(NLTK_DATA_DIR)
    if route == "nltk":
        assert report["textstat_route"] == len(reference_cmudict)


def _load_build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_cmudict", REPO / "scripts/build_cmudict.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_script_converts_the_dictionary_format() -> None:
    source = (
        "zebra Z IY1 B R AH0\n"
        "read R EH1 D\n"
        "read(2) R IY1 D  # verb, present\n"
        "\n"
        "aalborg AO1 L B AO0 R G # place, danish\n"
    )
    assert _load_build_script().nltk_cmudict_lines(source) == [
        "AALBORG 1 AO1 L B AO0 R G",
        "READ 1 R EH1 D",
        "READ 2 R IY1 D",
        "ZEBRA 1 Z IY1 B R AH0",
    ]


def test_build_script_refuses_lines_without_phones() -> None:
    with pytest.raises(ValueError):
        _load_build_script().nltk_cmudict_lines("lonely\n")


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(["don't", "'quoted'", "Kabul’s", "well-known", "U.S.", "42", "é", "_", ","])
        | st.text(max_size=6),
        max_size=12,
    ).map(" ".join)
)
def test_word_and_letter_counts_equal_textstat(text: str) -> None:
    from textstat.backend.selections._list_words import list_words

    from analysis.readability import _letter_count, _list_words

    assert _list_words(text) == list_words(text)
    assert _letter_count(text) == textstat.letter_count(text)
