"""Tests for analysis.target_tone: the tone of a sentence toward a named target."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import target_tone as tt
from analysis.target_tone import (
    LABELS,
    MAX_EVIDENCE,
    MODEL_FORMAT,
    MODEL_PATH,
    NAME,
    TargetToneModel,
    extract_features,
    load_model,
    stem,
    target_tone,
)


def span_of(sentence: str, word: str, occurrence: int = 0) -> tuple[int, int]:
    """Return the span of the ``occurrence``-th ``word`` in ``sentence``."""
    start = -1
    for _ in range(occurrence + 1):
        start = sentence.index(word, start + 1)
    return start, start + len(word)


def tiny_model(weights: dict[str, list[float]], bias: list[float] | None = None) -> TargetToneModel:
    """Return a hand-made model with the given weights (other features weigh nothing)."""
    return TargetToneModel.from_json(
        {
            "format": MODEL_FORMAT,
            "labels": list(LABELS),
            "bias": bias if bias is not None else [0.0, 0.5, 0.0],
            "weights": weights,
            "known_words": ["the", "critic"],
        }
    )


SENTENCES = [
    ("Critics accused Smith of lying to investigators and covering up the scandal.", "Smith"),
    ("Brown won a landslide victory, thanking supporters for their tremendous support.", "Brown"),
    ("Jones praised Smith, who was arrested last week on corruption charges.", "Smith"),
    ("Jones praised Smith, who was arrested last week on corruption charges.", "Jones"),
    ("“He is a disgrace,” Miller said of Tapper, as Tapper attempted to keep talking.", "Miller"),
    ("The meeting with Smith is on Tuesday.", "Smith"),
    ("Smith", "Smith"),
]


# --- stemming -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("forms", "expected_same"),
    [
        (("criticized", "criticizes", "criticize", "criticizing"), True),
        (("attack", "attacks", "attacked", "attacking"), True),
        (("stop", "stopped", "stopping", "stops"), True),
        (("Trump’s", "trump's", "trump"), True),
        (("news", "new"), False),
        (("bias", "biases"), True),
        (("says", "said"), False),
    ],
)
def test_stem_merges_inflections_only(forms: tuple[str, ...], expected_same: bool) -> None:
    stems = {stem(form) for form in forms}
    assert (len(stems) == 1) is expected_same


@pytest.mark.parametrize("word", ["a", "is", "was", "news", "always", "I", "x"])
def test_stem_keeps_short_and_exception_words(word: str) -> None:
    assert stem(word) == word.lower()


# --- features -------------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "target"), SENTENCES)
def test_feature_shares_sum_to_values_and_point_into_sentence(sentence: str, target: str) -> None:
    features = extract_features(sentence, span_of(sentence, target))
    assert features[0].name == "bias"
    for feature in features[1:]:
        assert math.isclose(sum(s for _, _, s in feature.sources), feature.value, abs_tol=1e-9)
        for start, end, _ in feature.sources:
            assert 0 <= start < end <= len(sentence)


@pytest.mark.parametrize(("sentence", "target"), SENTENCES)
def test_target_words_are_never_word_features(sentence: str, target: str) -> None:
    span = span_of(sentence, target)
    for feature in extract_features(sentence, span):
        if feature.name.startswith("target_"):
            continue  # the target's position: sourced at its first token by design
        for start, end, _ in feature.sources:
            assert end <= span[0] or start >= span[1], feature.name


@pytest.mark.parametrize(
    ("sentence", "target", "near_left", "near_right"),
    [
        ("Critics accused Smith of lying.", "Smith", "accused", "of"),
        ("The senator slammed Brown as a failure.", "Brown", "slammed", "as"),
    ],
)
def test_window_features_carry_the_side(
    sentence: str, target: str, near_left: str, near_right: str
) -> None:
    names = {f.name for f in extract_features(sentence, span_of(sentence, target))}
    assert f"l1:{stem(near_left)}" in names and f"l:{stem(near_left)}" in names
    assert f"r1:{stem(near_right)}" in names and f"r:{stem(near_right)}" in names
    assert f"r:{stem(near_left)}" not in names and f"l:{stem(near_right)}" not in names


@pytest.mark.parametrize("other", ["Jones", "Obama", "Xylander", "Trump"])
def test_other_names_are_masked(other: str) -> None:
    sentence = f"The report said {other} criticized Smith on Monday."
    names = {f.name for f in extract_features(sentence, span_of(sentence, "Smith"))}
    assert f"w:{NAME}" in names
    assert not any(name.endswith(":" + stem(other)) for name in names)


@pytest.mark.parametrize("name", ["Smith", "Trump", "Obama", "Xylander"])
def test_the_targets_identity_does_not_change_the_result(name: str) -> None:
    """Name words are masked, the target's own words excluded: only the wording counts."""
    template = "Critics said {} had failed the voters and praised {} instead."
    reference = template.format("Smith", "Jones")
    sentence = template.format(name, "Jones")
    first = target_tone(reference, span_of(reference, "Smith"))
    second = target_tone(sentence, span_of(sentence, name))
    assert first.label == second.label
    for label in LABELS:
        assert second.probabilities[label] == pytest.approx(first.probabilities[label])


def test_sentence_initial_word_is_a_name_unless_known() -> None:
    sentence = "Critics blamed Smith."
    target = span_of(sentence, "Smith")
    known = extract_features(sentence, target, known_words=frozenset({"critic"}))
    unknown = extract_features(sentence, target, known_words=frozenset())
    assert "w:critic" in {f.name for f in known}
    assert "w:critic" not in {f.name for f in unknown}
    assert f"w:{NAME}" in {f.name for f in unknown}


@pytest.mark.parametrize(
    ("sentence", "quoted"),
    [
        ("Miller said Tapper was “a disgrace and a liar” on air.", "“a disgrace and a liar”"),
        ('Miller said Tapper was "a disgrace and a liar" on air.', '"a disgrace and a liar"'),
    ],
)
def test_exclude_drops_the_quoted_words(sentence: str, quoted: str) -> None:
    target = span_of(sentence, "Tapper")
    whole = {f.name: f.value for f in extract_features(sentence, target)}
    start = sentence.index(quoted)
    narration = {
        f.name: f.value
        for f in extract_features(sentence, target, exclude=[(start, start + len(quoted))])
    }
    assert "w:disgrac" in whole and "w:disgrac" not in narration
    assert whole.get("val_quoted", 0) < 0 and "val_quoted" not in narration
    assert "val_negative" not in narration


def test_target_inside_excluded_text_gives_only_the_bias() -> None:
    sentence = "He said “Smith is a liar” yesterday."
    quote = span_of(sentence, "“Smith is a liar”")
    features = extract_features(sentence, span_of(sentence, "Smith"), exclude=[quote])
    assert [f.name for f in features] == ["bias"]


def test_further_mentions_are_part_of_the_target() -> None:
    sentence = "Smith lost, and critics mocked her for days."
    alone = {f.name for f in extract_features(sentence, span_of(sentence, "Smith"))}
    both = {
        f.name
        for f in extract_features(sentence, [span_of(sentence, "Smith"), span_of(sentence, "her")])
    }
    # Sides and the words right before/after count from the first and last mention.
    assert "r1:for" in both and "r1:for" not in alone
    assert "r:mock" in both and "r:mock" not in alone


@pytest.mark.parametrize("bad", [(5, 5), (-1, 3), (0, 999), [], [(3, 2)]])
def test_bad_target_spans_raise(bad: object) -> None:
    with pytest.raises(ValueError):
        extract_features("Smith spoke.", bad)  # type: ignore[arg-type]


# --- scoring with a hand-made model -------------------------------------------------------


def test_the_words_right_after_the_target_decide_per_target() -> None:
    """A model that only knows "criticized right after the target" tells the two targets apart."""
    model = tiny_model({"r1:criticiz": [3.0, -1.0, -2.0]})
    sentence = "Smith criticized Jones."
    smith = target_tone(sentence, span_of(sentence, "Smith"), model=model)
    jones = target_tone(sentence, span_of(sentence, "Jones"), model=model)
    assert smith.label == "negative" and jones.label == "neutral"
    assert [(d.label, d.weight < 0) for d in smith.evidence] == [("criticized", True)]
    assert "right after the target" in smith.evidence[0].reason
    assert jones.evidence == ()


def test_probabilities_are_the_softmax_of_the_weighted_features() -> None:
    weights = {"val_negative": [2.0, 0.0, -1.0], "w:critic": [0.5, 0.0, 0.0], "l:the": [0, 1, 0]}
    model = tiny_model(weights, bias=[0.1, 0.2, 0.3])
    sentence = "Critics called the plan by Smith a disaster."
    result = target_tone(sentence, span_of(sentence, "Smith"), model=model)
    features = extract_features(sentence, span_of(sentence, "Smith"), known_words=model.known_words)
    scores = [0.1, 0.2, 0.3]
    for f in features:
        for k in range(3):
            scores[k] += weights.get(f.name, [0, 0, 0])[k] * f.value
    total = sum(math.exp(s) for s in scores)
    for k, label in enumerate(LABELS):
        assert result.probabilities[label] == pytest.approx(math.exp(scores[k]) / total)


def test_from_json_rejects_other_files(tmp_path: Path) -> None:
    good = {"format": MODEL_FORMAT, "labels": list(LABELS), "bias": [0, 0, 0], "weights": {}}
    TargetToneModel.from_json(good)
    for bad in (
        {**good, "format": "something-else"},
        {**good, "labels": ["neg", "neu", "pos"]},
        {**good, "weights": {"w:x": [1.0, 2.0]}},
        {**good, "bias": [0.0]},
        ["not", "a", "model"],
    ):
        with pytest.raises(ValueError):
            TargetToneModel.from_json(bad)  # type: ignore[arg-type]
    path = tmp_path / "model.json"
    path.write_text(json.dumps({**good, "bias": [0.0, 0.0, 5.0]}))
    model = load_model(path)
    assert target_tone("Smith spoke.", (0, 5), model=model).label == "positive"


# --- the shipped model -----------------------------------------------------------------------


def test_shipped_model_is_small_and_well_formed() -> None:
    assert MODEL_PATH.stat().st_size < 2_000_000
    model = load_model()
    assert len(model.weights) > 1000
    assert model.meta["data"].startswith("NewsMTSC train.jsonl")
    assert all(len(row) == 3 for row in model.weights.values())


@pytest.mark.parametrize(("sentence", "target"), SENTENCES)
def test_shipped_model_result_is_consistent(sentence: str, target: str) -> None:
    span = span_of(sentence, target)
    result = target_tone(sentence, span)
    assert sum(result.probabilities.values()) == pytest.approx(1.0)
    assert result.label == max(result.probabilities, key=result.probabilities.__getitem__)
    assert -1.0 <= result.score <= 1.0
    assert len(result.evidence) <= MAX_EVIDENCE
    assert [d.start for d in result.evidence] == sorted(d.start for d in result.evidence)
    model = load_model()
    features = extract_features(sentence, span, known_words=model.known_words)
    for driver in result.evidence:
        assert driver.label == sentence[driver.start : driver.end]
        assert driver.label[0].isalnum()
        assert driver.end <= span[0] or driver.start >= span[1]
        assert result.label in driver.reason
        push = sum(
            share * (model.weights[f.name][2] - model.weights[f.name][0])
            for f in features
            if f.name in model.weights
            for start, end, share in f.sources
            if (start, end) == (driver.start, driver.end)
        )
        assert driver.weight == pytest.approx(push, abs=1e-4)


@pytest.mark.parametrize(
    ("sentence", "target", "label"),
    [
        (SENTENCES[0][0], "Smith", "negative"),
        ("The senator slammed Brown as a dishonest failure.", "Brown", "negative"),
        (SENTENCES[1][0], "Brown", "positive"),
        ("Brown, a hero to many, helped rescue dozens of children.", "Brown", "positive"),
    ],
)
def test_shipped_model_on_plain_cases(sentence: str, target: str, label: str) -> None:
    assert target_tone(sentence, span_of(sentence, target)).label == label


def test_shipped_model_tells_targets_of_one_sentence_apart() -> None:
    sentence = "Jones praised Smith, who was arrested last week on corruption charges."
    smith = target_tone(sentence, span_of(sentence, "Smith"))
    jones = target_tone(sentence, span_of(sentence, "Jones"))
    assert smith.probabilities["negative"] > jones.probabilities["negative"]
    assert smith.score < jones.score
    assert "arrested" in {d.label for d in smith.evidence}


def test_results_do_not_depend_on_the_sentence_cache() -> None:
    sentence, target = SENTENCES[2]
    first = target_tone(sentence, span_of(sentence, target))
    tt._sentence_info.cache_clear()
    second = target_tone(sentence, span_of(sentence, target))
    assert first == second


# --- PreparedSentence: the fast path gives exactly the straightforward computation -----------


def reference_tone(
    sentence: str,
    target: tuple[int, int] | list[tuple[int, int]],
    exclude: list[tuple[int, int]],
    model: TargetToneModel,
) -> tt.TargetTone:
    """Score the way target_tone did before PreparedSentence: feature by feature over _sources."""
    spans = tt._normalise_targets(target, len(sentence))
    s0, s1, s2 = model.bias
    per_word: dict[tuple[int, int], list] = {}
    for name, start, end, share in tt._sources(
        sentence, spans, tuple(sorted(exclude)), model.known_words
    ):
        row = model.weights.get(name)
        if row is None:
            continue
        w0, w1, w2 = row
        s0 += w0 * share
        s1 += w1 * share
        s2 += w2 * share
        entry = per_word.setdefault((start, end), [0.0, 0.0, 0.0, []])
        entry[0] += w0 * share
        entry[1] += w1 * share
        entry[2] += w2 * share
        entry[3].append((name, share, row))
    probabilities = tt._softmax((s0, s1, s2))
    best = max(range(3), key=probabilities.__getitem__)
    label = LABELS[best]
    ranked = []
    for (start, end), entry in per_word.items():
        if not sentence[start].isalnum() or any(start < e and s < end for s, e in spans):
            continue
        support = entry[best] - (entry[0] + entry[1] + entry[2] - entry[best]) / 2
        if support > 1e-6:
            ranked.append((support, start, end))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    evidence = []
    for support, start, end in ranked[:MAX_EVIDENCE]:
        entry = per_word[(start, end)]
        reasons = sorted(
            (
                (share * (row[best] - (sum(row) - row[best]) / 2), name)
                for name, share, row in entry[3]
            ),
            reverse=True,
        )
        how = "; ".join(dict.fromkeys(tt._describe(name) for part, name in reasons[:3] if part > 0))
        evidence.append(
            tt.ToneDriver(
                start=start,
                end=end,
                label=sentence[start:end],
                reason=f"supports {label} ({support:+.2f}): {how}",
                weight=round(entry[2] - entry[0], 4),
            )
        )
    evidence.sort(key=lambda d: d.start)
    return tt.TargetTone(
        label=label,
        probabilities={name: probabilities[k] for k, name in enumerate(LABELS)},
        evidence=tuple(evidence),
    )


PREPARED_CASES = [
    ("Jones praised Smith, who was arrested last week on corruption charges.", ["Smith", "Jones"]),
    ("“He is a disgrace,” Miller said of Tapper, as Tapper attempted to keep talking.", ["Tapper"]),
    ("Critics said Smith had failed the voters and the voters praised Jones instead.", ["Smith"]),
    ("The senator slammed Brown as a dishonest failure, and Brown hit back: “Lies!”", ["Brown"]),
    ("Smith", ["Smith"]),
    ("Smith lost, and critics mocked her for days.", ["Smith", "her"]),
]


@pytest.mark.parametrize(("sentence", "targets"), PREPARED_CASES)
@pytest.mark.parametrize("quoted", [False, True])
@pytest.mark.parametrize("model_kind", ["shipped", "tiny"])
def test_prepared_sentence_equals_the_reference_exactly(
    sentence: str, targets: list[str], quoted: bool, model_kind: str
) -> None:
    model = (
        load_model()
        if model_kind == "shipped"
        else tiny_model(
            {"w:critic": [0.5, 0.0, -0.5], "val_negative": [2.0, 0.0, -1.0], "r1:prais": [0, 0, 1]}
        )
    )
    exclude = [m.span() for m in re.finditer(r"“[^”]*”", sentence)] if quoted else []
    prepared = tt.PreparedSentence(sentence, exclude=exclude, model=model)
    spans = [span_of(sentence, t) for t in targets]
    # Each target alone, every mention of a repeated name, and all targets as one.
    cases: list[tuple[int, int] | list[tuple[int, int]]] = [*spans, spans]
    if sentence.count(targets[0]) > 1:
        cases.append([span_of(sentence, targets[0], k) for k in range(sentence.count(targets[0]))])
    for target in cases:
        expected = reference_tone(sentence, target, exclude, model)
        assert prepared.tone(target) == expected
        assert target_tone(sentence, target, exclude=exclude, model=model) == expected


def test_prepared_sentence_moves_the_evidence_by_the_offset() -> None:
    sentence, target = SENTENCES[0]
    span = span_of(sentence, target)
    plain = tt.PreparedSentence(sentence).tone(span)
    moved = tt.PreparedSentence(sentence).tone(span, offset=100)
    assert plain.evidence and plain.probabilities == moved.probabilities
    assert [(d.start + 100, d.end + 100, d.label) for d in plain.evidence] == [
        (d.start, d.end, d.label) for d in moved.evidence
    ]


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            [
                "Smith",
                "Jones",
                "he",
                "her",
                "said",
                "praised",
                "attacked",
                "the",
                "terrible",
                "good",
                "not",
                "very",
                ",",
                ":",
                "“",
                "”",
                "(",
                ")",
                "and",
                "critics",
                "Critics",
                "lies",
                "US",
                "won",
                "badly",
            ]
        ),
        min_size=1,
        max_size=30,
    ),
    choice=st.data(),
)
def test_prepared_sentence_equals_the_reference_on_random_sentences(
    words: list[str], choice: st.DataObject
) -> None:
    sentence = " ".join(words)
    starts, offset = [], 0
    for word in words:
        starts.append((offset, offset + len(word)))
        offset += len(word) + 1
    picked = choice.draw(st.lists(st.sampled_from(starts), min_size=1, max_size=3, unique=True))
    exclude = [m.span() for m in re.finditer(r"“[^”]*”", sentence)]
    model = load_model()
    expected = reference_tone(sentence, sorted(picked), exclude, model)
    assert tt.PreparedSentence(sentence, exclude=exclude).tone(sorted(picked)) == expected
