"""Cross-article comparison: hand-written articles, a hand-computed log-odds example, the seeds."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.compare import Comparison, compare_articles, term_occurrences
from analysis.compare._text import Token, tokenize
from analysis.compare.actors import _in_quote, build_actor_index, compare_actors
from analysis.compare.align import align_articles, word_swaps
from analysis.compare.distinctive import (
    body_term_counts,
    distinctive_terms,
    log_odds_dirichlet,
    term_key,
)
from analysis.compare.quotes import (
    _contains,
    check_against_source,
    compare_quotes,
    match_kind,
    quote_tokens,
)
from analysis.model import (
    BODY_ROLES,
    Article,
    ArticleAnalysis,
    ArticleMeta,
    LoadedHit,
    Quote,
    Sentence,
    Word,
)
from analysis.segment import segment_blocks, sentence_spans, word_spans
from analysis.target_tone import target_tone

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
QUOTE_RE = re.compile(r"[“\"]([^”\"]+)[”\"]")


# --------------------------------------------------------------------------- hand-built articles


def build(
    article_id: str,
    body: str,
    headline: str = "",
    kind: str = "",
    speakers: dict[str, str] | None = None,
    loaded: tuple[str, ...] = (),
    tone_narration: float = 0.0,
) -> ArticleAnalysis:
    """Return an analysis of a hand-written article (blocks and sentences from the segmenter).

    Quotations are the “…” runs; ``speakers`` maps a quotation's first word to its speaker;
    quotations of three words or fewer are partial. ``loaded`` words become loaded hits.
    """
    meta = ArticleMeta(id=article_id, outlet=article_id.upper(), headline=headline, kind=kind)
    text, blocks = segment_blocks(Article(meta=meta, body=body))
    speakers = speakers or {}
    quotes: list[Quote] = []
    for block in blocks:
        for m in QUOTE_RE.finditer(text, block.start, block.end):
            inner = m.group(1)
            first = inner.split()[0].strip(",.")
            quotes.append(
                Quote(
                    start=m.start(),
                    end=m.end(),
                    text=inner,
                    speaker=speakers.get(first),
                    partial=len(inner.split()) <= 3,
                )
            )

    def quoted(s: int, e: int) -> bool:
        return any(q.start <= s and e <= q.end for q in quotes)

    words: list[Word] = []
    sentences: list[Sentence] = []
    for block in blocks:
        for s, e in word_spans(text, block.start, block.end):
            voice = "quote" if quoted(s, e) else "narration"
            words.append(Word(start=s, end=e, role=block.role, voice=voice))
        for s, e in sentence_spans(text, block.start, block.end):
            sentences.append(
                Sentence(
                    start=s,
                    end=e,
                    index=len(sentences),
                    role=block.role,
                    tone=tone_narration,
                    tone_narration=tone_narration,
                )
            )
    hits = []
    for term in loaded:
        for m in re.finditer(rf"\b{re.escape(term)}\b", text):
            role = next(b.role for b in blocks if b.start <= m.start() < b.end)
            hits.append(
                LoadedHit(
                    start=m.start(),
                    end=m.end(),
                    text=term,
                    term=term,
                    category="charged",
                    role=role,
                    voice="quote" if quoted(m.start(), m.end()) else "narration",
                )
            )
    return ArticleAnalysis(
        meta=meta,
        text=text,
        blocks=blocks,
        sentences=sentences,
        words=words,
        quotes=quotes,
        loaded=hits,
        metrics={},
    )


def body_sentence_texts(analysis: ArticleAnalysis) -> list[str]:
    """Return the texts of the body sentences."""
    return [s.slice(analysis.text) for s in analysis.sentences if s.role == "body"]


# ---------------------------------------------------------------- log-odds (Fightin' Words)


@pytest.mark.parametrize(
    ("counts_i", "counts_j", "prior", "expected"),
    [
        # δ_a = log((3+1)/(4+2−3−1)) − log((1+1)/(4+2−1−1)) = log 2 − log ½ = 1.386294
        # σ² = 1/(3+1) + 1/(1+1) = 0.75 → z = 1.386294 / 0.866025 = 1.600755
        (
            {"a": 3, "b": 1},
            {"a": 1, "b": 3},
            {"a": 1.0, "b": 1.0},
            {"a": (1.386294, 1.600755), "b": (-1.386294, -1.600755)},
        ),
        # n_i = 2, n_j = 5, α0 = 2.
        # δ_x = log(2.5/1.5) − log(0.5/6.5) = 0.510826 + 2.564949 = 3.075775
        # σ²_x = 1/2.5 + 1/0.5 = 2.4 → z = 3.075775 / 1.549193 = 1.985404
        # δ_y = log(1.5/2.5) − log(6.5/0.5) = −3.075775; σ²_y = 1/1.5 + 1/6.5 = 0.820513
        # → z = −3.075775 / 0.905822 = −3.395564
        (
            {"x": 2},
            {"y": 5},
            {"x": 0.5, "y": 1.5},
            {"x": (3.075775, 1.985404), "y": (-3.075775, -3.395564)},
        ),
    ],
)
def test_log_odds_matches_hand_computation(
    counts_i: dict[str, int],
    counts_j: dict[str, int],
    prior: dict[str, float],
    expected: dict[str, tuple[float, float]],
) -> None:
    scores = log_odds_dirichlet(counts_i, counts_j, prior)
    assert scores.keys() == expected.keys()
    for word, (delta, z) in expected.items():
        assert scores[word][0] == pytest.approx(delta, abs=1e-5)
        assert scores[word][1] == pytest.approx(z, abs=1e-5)


def test_distinctive_terms_use_pooled_prior_and_body_words_only() -> None:
    a = build(
        "a",
        "Rebels shelled the town. Rebels shelled the bridge. The rebels fled north.",
        headline="Insurgents everywhere in headline",
    )
    b = build("b", "Troops shelled the town. Troops held the bridge. The troops moved north.")
    result = distinctive_terms([a, b], prior_share=0.1)
    a_terms = {t.term: t for t in result["a"]}
    b_terms = {t.term: t for t in result["b"]}
    assert "rebels" in a_terms and "troops" in b_terms
    assert a_terms["rebels"].count == 3 and a_terms["rebels"].count_others == 0
    assert "insurgents" not in a_terms  # headline words are not body words
    assert "shelled" not in b_terms or b_terms["shelled"].z < b_terms["troops"].z
    # Recompute "rebels" by hand from the documented prior: α0 = 0.1 × pooled total.
    pooled_total = a_terms["rebels"].total + a_terms["rebels"].total_others
    alpha0 = 0.1 * pooled_total
    alpha = alpha0 * 3 / pooled_total
    n_i, n_j = a_terms["rebels"].total, a_terms["rebels"].total_others
    delta = math.log((3 + alpha) / (n_i + alpha0 - 3 - alpha)) - math.log(
        alpha / (n_j + alpha0 - alpha)
    )
    assert a_terms["rebels"].delta == pytest.approx(delta)
    assert a_terms["rebels"].z == pytest.approx(delta / math.sqrt(1 / (3 + alpha) + 1 / alpha))


@pytest.mark.parametrize(
    ("surface", "key"),
    [("Taliban’s", "taliban"), ("US", "u.s."), ("U.S", "u.s."), ("us", "us"), ("ISIS-K", "isis-k")],
)
def test_term_key(surface: str, key: str) -> None:
    assert term_key(surface) == key


# --------------------------------------------------------------------------- alignment


def test_alignment_pairs_paraphrases_and_lists_sentences_in_one_article_only() -> None:
    a = build(
        "a",
        "The storm destroyed 40 homes in the coastal village of Marsh Point. "
        "Officials said rebuilding would take two years. "
        "The mayor blamed the weather service for late warnings.",
    )
    b = build(
        "b",
        "Rebuilding will take 2 years, officials estimated. "
        "A powerful storm destroyed forty homes in Marsh Point, a coastal village. "
        "Insurers expect claims to top $5 million.",
    )
    aligned, only_in = align_articles([a, b])
    pairs = {(x.a.text, x.b.text) for x in aligned}
    a_texts, b_texts = body_sentence_texts(a), body_sentence_texts(b)
    assert (a_texts[0], b_texts[1]) in pairs
    assert (a_texts[1], b_texts[0]) in pairs
    assert [r.text for r in only_in["a"]] == [a_texts[2]]
    assert [r.text for r in only_in["b"]] == [b_texts[2]]
    for alignment in aligned:
        assert 0.0 < alignment.similarity <= 1.0


def test_many_to_one_when_one_article_merges_what_the_other_splits() -> None:
    a = build(
        "a",
        "The council met on Monday. The blast at the north gate killed 13 soldiers. "
        "It also wounded 20 civilians near the market wall. Schools stayed open.",
    )
    b = build(
        "b",
        "The blast at the north gate killed 13 soldiers and wounded 20 civilians near the "
        "market wall. Police closed the road.",
    )
    aligned, only_in = align_articles([a, b])
    merged = [x for x in aligned if x.kind == "many-to-one"]
    assert len(merged) == 1
    a_texts = body_sentence_texts(a)
    assert merged[0].a.text == f"{a_texts[1]} {a_texts[2]}"
    assert len(merged[0].a.sentences) == 2
    assert merged[0].b.text == body_sentence_texts(b)[0]
    assert {r.text for r in only_in["a"]} == {a_texts[0], a_texts[3]}


@pytest.mark.parametrize(
    ("a_text", "b_text", "expected"),
    [
        (
            "He warned Islamic State militants in the region.",
            "He warned Islamic State jihadists in the region.",
            [("militants", "jihadists")],
        ),
        # Case, punctuation and curly quotes alone are not word choice.
        ("The U.S. military, he said, left.", "The US military he said left", []),
        ("It’s far from over.", "IT'S FAR FROM OVER!", []),
        # A pure function-word change is ignored.
        ("They met in the capital.", "They met at the capital.", []),
    ],
)
def test_word_swaps(a_text: str, b_text: str, expected: list[tuple[str, str]]) -> None:
    swaps = word_swaps("a", tokenize(a_text), a_text, "b", tokenize(b_text), b_text)
    got = [(s.a.text if s.a else "", s.b.text if s.b else "") for s in swaps]
    assert got == expected
    for swap in swaps:
        if swap.a is not None:
            assert a_text[swap.a.start : swap.a.end] == swap.a.text
        if swap.b is not None:
            assert b_text[swap.b.start : swap.b.end] == swap.b.text


def test_reordered_words_merge_into_one_swap() -> None:
    a_text = "The attack killed 13 American troops and more than 150 Afghans on Thursday."
    b_text = "The attack killed at least 169 Afghans and 13 American service members on Thursday."
    swaps = word_swaps("a", tokenize(a_text), a_text, "b", tokenize(b_text), b_text)
    assert len(swaps) == 1
    assert swaps[0].kind == "swap" and swaps[0].reordered
    assert "13 American troops" in swaps[0].a.text and "150 Afghans" in swaps[0].a.text
    assert "169 Afghans" in swaps[0].b.text and "13 American service" in swaps[0].b.text


def test_article_against_a_copy_of_itself_aligns_every_sentence_without_swaps() -> None:
    body = (
        "The minister resigned on Friday. Her deputy will lead the ministry until June. "
        "Opposition parties called for an election. Markets barely moved."
    )
    aligned, only_in = align_articles([build("a", body), build("b", body)])
    assert len(aligned) == 4
    assert all(x.similarity == pytest.approx(1.0) and not x.swaps for x in aligned)
    assert only_in == {"a": [], "b": []}


# --------------------------------------------------------------------------- quotations


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("We are not done with you yet.", "we are not done with you yet", "exact"),
        ("“It’s brutal,” he said", "It's brutal", None),  # two words: exact only
        ("It's brutal.", "IT’S BRUTAL!", "exact"),
        (
            "War is hard. It's vicious. It's brutal.",
            "It's vicious. It's brutal",
            "contained",
        ),
        (
            "I would not make any leaps of logic to broader issues",
            "I would not make any leap of logic to broader issues",
            "fuzzy",
        ),
        ("ruthless", "ruthless", "exact"),
        ("ruthless", "they were ruthless and cruel", None),
        ("possible", "impossible", None),
        (
            "I was not going to extend this forever war",
            "I was not going to extend a forever exit",
            None,
        ),
    ],
)
def test_match_kind(a: str, b: str, expected: str | None) -> None:
    assert match_kind(quote_tokens(a), quote_tokens(b)) == expected
    assert match_kind(quote_tokens(b), quote_tokens(a)) == expected


def test_quotes_shared_trimmed_and_single_with_voices() -> None:
    a = build(
        "a",
        "“We will rebuild every home, and we will do it fast,” Mayor Ann Lee said on Monday. "
        "Lee called the storm “brutal.” “Nobody saw this coming,” a neighbour said.",
        speakers={"We": "Mayor Ann Lee", "brutal": "Ann Lee"},
    )
    b = build(
        "b",
        "Lee said: “We will rebuild every home.” She called the response “brutal.” "
        "“Insurance will not cover it,” said Tom Ray.",
        speakers={"We": "Lee", "brutal": "Lee", "Insurance": "Tom Ray"},
    )
    resolve = build_actor_index([a, b])[0].resolve
    quotes, voices, primary = compare_quotes([a, b], resolve)
    assert primary is None
    by_articles = {q.text: q.articles for q in quotes}
    assert by_articles["We will rebuild every home, and we will do it fast,"] == ["a", "b"]
    assert by_articles["brutal."] == ["a", "b"]
    assert by_articles["Nobody saw this coming,"] == ["a"]
    assert by_articles["Insurance will not cover it,"] == ["b"]
    rebuild = next(q for q in quotes if q.text.startswith("We will"))
    assert rebuild.match == "contained"
    voice = {v.speaker: v for v in voices}
    assert "Lee" not in voice and "Mayor Ann Lee" not in voice  # merged by the actor index
    counts = {c.article: (c.quotes, c.words) for c in voice["Ann Lee"].counts}
    assert counts == {"a": (2, 12), "b": (2, 6)}
    assert voice["Tom Ray"].articles == ["b"]
    assert voice["(unattributed)"].articles == ["a"]
    unnamed = compare_quotes([a, b])[1]  # without a resolver names stay as written
    assert {"Mayor Ann Lee", "Lee"} <= {v.speaker for v in unnamed}


def test_quotes_checked_against_a_primary_source() -> None:
    transcript = build(
        "transcript",
        "MILLEY: In war, you do what you must in order to reduce risk to mission and force. "
        "We will see. The Taliban are a ruthless group.",
        kind="transcript",
    )
    article = build(
        "news",
        "“In war, you do what you must to reduce risk to the mission,” Milley said. "
        "He called them “ruthless.” “We will win,” he said. "
        "“We will see,” he added.",
    )
    quotes, _, primary = compare_quotes([transcript, article])
    assert primary == "transcript"
    status = {q.text: q.occurrences[0].primary.status for q in quotes}
    assert status["ruthless."] == "verbatim"
    assert status["We will see,"] == "verbatim"
    assert status["We will win,"] == "not_found"
    war = next(q for q in quotes if q.text.startswith("In war"))
    check = war.occurrences[0].primary
    assert check.status == "altered"
    assert check.source_ref is not None and "In war" in check.source_ref.text
    assert ("", "in order") in check.differences or any(
        "order" in src for _, src in check.differences
    )
    assert all(occ.article == "news" for q in quotes for occ in q.occurrences)


def test_primary_source_check_on_hand_tokens() -> None:
    source = build("t", "We are not done with you yet, said the president.", kind="transcript")
    tokens = tokenize(source.text)
    assert check_against_source("We are NOT done with you yet!", source, tokens).status == (
        "verbatim"
    )
    assert check_against_source("Something else entirely here", source, tokens).status == (
        "not_found"
    )


# --------------------------------------------------------------------------- actors


def test_actors_strip_titles_merge_aliases_and_skip_places() -> None:
    a = build(
        "a",
        "U.S. Army General Mark Milley met President Joe Biden in Kabul on Tuesday. "
        "Milley said the Taliban are ruthless. The Islamic State Khorasan Province (ISIS-K) "
        "claimed the attack. Biden vowed to hunt ISIS-K.",
        loaded=("ruthless",),
        tone_narration=-0.4,
    )
    b = build(
        "b",
        "Gen. Mark Milley called the Taliban “ruthless.” Biden spoke in Doha, Qatar. "
        "The Central Intelligence Agency said the CIA had warned about ISIS-K.",
        tone_narration=0.2,
    )
    actors = {x.name: x for x in compare_actors([a, b])}
    assert {"Mark Milley", "Joe Biden", "Taliban"} <= set(actors)
    assert actors["Mark Milley"].kind == "person" and actors["Taliban"].kind == "group"
    assert not {"Kabul", "Doha", "Qatar", "Tuesday", "General", "U.S."} & set(actors)
    milley = {p.article: p.mentions for p in actors["Mark Milley"].per_article}
    assert milley == {"a": 2, "b": 1}
    biden = {p.article: p.mentions for p in actors["Joe Biden"].per_article}
    assert biden == {"a": 2, "b": 1}
    isis_k = next(x for x in actors.values() if "ISIS-K" in x.aliases)
    assert "Islamic State Khorasan Province" in isis_k.aliases
    assert {p.article: p.mentions for p in isis_k.per_article} == {"a": 2, "b": 1}
    cia = next(x for x in actors.values() if "CIA" in x.aliases)
    assert "Central Intelligence Agency" in cia.aliases
    taliban = {p.article: p for p in actors["Taliban"].per_article}
    assert [lb.text for lb in taliban["a"].labels] == ["ruthless"]
    assert [(lb.text, lb.kind) for lb in taliban["b"].labels] == [("ruthless", "quoted")]
    # tone_narration: target-dependent tone toward the Taliban of the outlet's own words;
    # the sentence-level VADER mean is kept as vader_tone_narration.
    for article, sentence_text, quoted in (
        ("a", "Milley said the Taliban are ruthless.", None),
        ("b", "Gen. Mark Milley called the Taliban “ruthless.”", "“ruthless.”"),
    ):
        start = sentence_text.index("Taliban")
        exclude = []
        if quoted is not None:
            q = sentence_text.index(quoted)
            exclude = [(q, q + len(quoted))]
        expected = target_tone(sentence_text, (start, start + 7), exclude=exclude)
        assert taliban[article].tone_narration == pytest.approx(expected.score)
        assert [t.label for t in taliban[article].tone_sentences] == [expected.label]
    assert taliban["a"].vader_tone_narration == pytest.approx(-0.4)
    assert taliban["b"].vader_tone_narration == pytest.approx(0.2)
    assert taliban["b"].mentions_narration == 1


@pytest.mark.parametrize(
    ("body", "actor", "other"),
    [
        (
            "Senator John Smith praised Mary Jones on Monday. "
            "Mary Jones was arrested last week on corruption charges and lied to investigators.",
            "Mary Jones",
            "John Smith",
        ),
        (
            "Mary Jones won a landslide victory, thanking supporters for their tremendous support. "
            "John Smith spoke to reporters in Ohio on Tuesday.",
            "Mary Jones",
            "John Smith",
        ),
    ],
)
def test_actor_tone_is_per_actor_with_evidence_in_narration(
    body: str, actor: str, other: str
) -> None:
    a = build("a", body)
    b = build("b", "John Smith and Mary Jones met in Ohio. They spoke for an hour.")
    actors = {x.name: x for x in compare_actors([a, b])}
    per = {name: actors[name].per_article[0] for name in (actor, other)}
    for entry in per.values():
        assert entry.narration_sentences == len(entry.tone_sentences) >= 1
        assert entry.tone_narration == pytest.approx(
            sum(t.score for t in entry.tone_sentences) / len(entry.tone_sentences)
        )
        for sentence in entry.tone_sentences:
            assert sentence.label in ("negative", "neutral", "positive")
            for driver in sentence.evidence:
                assert sentence.start <= driver.start < driver.end <= sentence.end
                assert a.text[driver.start : driver.end] == driver.label
                assert not any(s <= driver.start < e for s, e in entry.spans)
    # The sentence that is only about one of them weighs on that one alone.
    only = [
        t for t in per[actor].tone_sentences if other.split()[-1] not in a.text[t.start : t.end]
    ]
    assert only and all(t.label != "neutral" for t in only)
    assert per[actor].tone_narration != pytest.approx(per[other].tone_narration)


def test_actor_tone_leaves_quoted_words_out() -> None:
    body = "John Smith attended. Mary Jones said John Smith was “a liar and a disgrace” today."
    a = build("a", body)
    b = build("b", "John Smith and Mary Jones met in Ohio.")
    smith = next(x for x in compare_actors([a, b]) if x.name == "John Smith").per_article[0]
    quote_start = body.index("“")
    for sentence in smith.tone_sentences:
        for driver in sentence.evidence:
            assert not quote_start <= driver.start < body.index("”") + 1
    words = {d.label for t in smith.tone_sentences for d in t.evidence}
    assert not {"liar", "disgrace"} & words


def test_actor_mentioned_only_inside_quotations_has_no_narration_tone() -> None:
    a = build("a", "“We will find ISIS-K,” the president said. Troops left Kabul.")
    b = build("b", "The president said ISIS-K would pay. Troops left the city.")
    actors = {x.name: x for x in compare_actors([a, b])}
    per = {p.article: p for p in actors["ISIS-K"].per_article}
    assert (per["a"].mentions, per["a"].mentions_narration) == (1, 0)
    assert per["a"].tone_narration is None and per["a"].narration_sentences == 0
    assert (per["b"].mentions, per["b"].mentions_narration) == (1, 1)


# --------------------------------------------------------------------------- headlines, terms


def test_headlines_side_by_side_note_a_missing_headline() -> None:
    a = build("a", "The vote passed. Turnout was low.", headline="Reckless vote passes")
    a.loaded.append(
        LoadedHit(
            start=0, end=8, text="Reckless", term="reckless", category="charged", role="headline"
        )
    )
    b = build("b", "The vote passed. Turnout was low.")
    comparison = compare_articles([a, b])
    heads = {h.article: h for h in comparison.headlines}
    assert heads["a"].headline is not None and heads["a"].headline.text == "Reckless vote passes"
    assert [r.text for r in heads["a"].loaded] == ["Reckless"]
    assert heads["b"].headline is None and "No headline" in heads["b"].note
    assert any(w.startswith("b:") for w in comparison.warnings)


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("taliban", {("a", "Taliban"), ("a", "Taliban’s"), ("b", "TALIBAN")}),
        ("u.s.", {("a", "U.S"), ("b", "US")}),
        ("drone strikes", {("b", "drone  strikes")}),
        ("absent", set()),
    ],
)
def test_term_occurrences(term: str, expected: set[tuple[str, str]]) -> None:
    a = build("a", "The Taliban met U.S. envoys. The Taliban’s leaders left.")
    b = build("b", "TALIBAN fighters watched US drone  strikes.")
    found = term_occurrences([a, b], term)
    assert {(o.article, o.match) for o in found} == expected
    texts = {"a": a.text, "b": b.text}
    for o in found:
        text = texts[o.article]
        assert text[o.start : o.end] == o.match
        assert text[: o.start].endswith(o.before.lstrip("…"))
        assert text[o.end :].startswith(o.after.rstrip("…"))
        assert o.role == "body"


# --------------------------------------------------------------------------- the whole comparison


def test_compare_articles_json_has_the_documented_fields() -> None:
    a = build(
        "a",
        "“We are ready,” Ann Lee said. The Taliban moved north. Rain fell.",
        speakers={"We": "Ann Lee"},
    )
    b = build(
        "b",
        "The Taliban moved north overnight. “We are ready,” said Lee.",
        speakers={"We": "Lee"},
    )
    data = json.loads(json.dumps(compare_articles([a, b]).to_json()))
    documented = {"aligned", "only_in", "quotes", "voices", "distinctive", "actors", "headlines"}
    assert documented <= set(data)
    first = data["aligned"][0]
    assert {"a", "b", "similarity", "swaps"} <= set(first)
    assert {"article", "start", "end"} <= set(first["a"])
    assert set(data["only_in"]) == {"a", "b"}
    assert {"text", "speaker", "articles"} <= set(data["quotes"][0])
    assert {"term", "z", "count"} <= set(data["distinctive"]["a"][0])
    assert data["quotes"][0]["articles"] == ["a", "b"]
    assert data["quotes"][0]["speaker"] == "Ann Lee"


def test_compare_articles_rejects_duplicate_ids_and_warns_on_one_article() -> None:
    a = build("a", "The vote passed.")
    with pytest.raises(ValueError, match="unique"):
        compare_articles([a, build("a", "Another text.")])
    single = compare_articles([a])
    assert single.aligned == [] and single.warnings
    assert isinstance(single, Comparison)


SENTENCE_POOL = [
    "The storm destroyed forty homes near the river.",
    "Officials said rebuilding would take two years.",
    "The mayor blamed the weather service for late warnings.",
    "Insurers expect claims to top five million dollars.",
    "Schools will reopen on Monday after repairs.",
    "Volunteers handed out water and blankets at the shelter.",
    "The governor asked Washington for emergency funds.",
    "Power returned to most streets by Sunday night.",
]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(SENTENCE_POOL), min_size=1, max_size=6, unique=True),
        min_size=2,
        max_size=4,
    )
)
def test_every_body_sentence_is_aligned_or_listed_as_only_in(articles: list[list[str]]) -> None:
    analyses = [build(f"x{k}", " ".join(sents)) for k, sents in enumerate(articles)]
    comparison = compare_articles(analyses)
    covered: dict[str, set[tuple[int, int]]] = {a.meta.id: set() for a in analyses}
    for x in comparison.aligned:
        covered[x.a.article].update(x.a.sentences)
        covered[x.b.article].update(x.b.sentences)
    texts = {a.meta.id: set(body_sentence_texts(a)) for a in analyses}
    for analysis in analyses:
        aid = analysis.meta.id
        body = {(s.start, s.end) for s in analysis.sentences if s.role == "body"}
        only = {(r.start, r.end) for r in comparison.only_in[aid]}
        assert covered[aid] | only == body
        assert not covered[aid] & only
        # A sentence another article also carries is aligned, never "only in".
        others = set().union(*(t for k, t in texts.items() if k != aid))
        assert not {r.text for r in comparison.only_in[aid]} & others


# --------------------------------------------------------------------------- the seed story


@pytest.fixture(scope="module")
def seeds(sofrep: ArticleAnalysis, ap: ArticleAnalysis) -> Comparison:
    """The seed story compared: SOFREP (opinion piece) first, AP (wire report) second."""
    return compare_articles([sofrep, ap])


def _squash(text: str) -> str:
    """Return text lower-cased with curly quotes straightened and spaces collapsed."""
    return " ".join(text.lower().replace("’", "'").replace("‘", "'").split())


def _quote_articles(comparison: Comparison, fragment: str) -> list[list[str]]:
    """Return the article lists of the quotations whose text contains ``fragment``."""
    return [
        q.articles
        for q in comparison.quotes
        if any(_squash(fragment) in _squash(o.text) for o in q.occurrences)
    ]


@pytest.mark.parametrize(
    "fragment",
    [
        "In war, you do what you must",
        "I would not make any leaps of logic",
        "War is hard",
        "To ISIS-K: We are not done with you yet",
        "ruthless",
        "possible",
        "Whether or not they change",
    ],
)
def test_seed_quotations_both_articles_carry(seeds: Comparison, fragment: str) -> None:
    assert _quote_articles(seeds, fragment) == [["sofrep", "ap"]]


@pytest.mark.parametrize(
    ("fragment", "article"),
    [
        ("forever war", "ap"),
        ("forever exit", "ap"),
        ("What is the vital national interest?", "ap"),
        ("I simply do not believe", "ap"),
        ("very pragmatic and very businesslike", "ap"),
        ("Leave no man behind.", "sofrep"),
    ],
)
def test_seed_quotations_one_article_carries(
    seeds: Comparison, fragment: str, article: str
) -> None:
    assert _quote_articles(seeds, fragment) == [[article]]


def test_seed_voices(seeds: Comparison) -> None:
    voices = {v.speaker: {c.article: c for c in v.counts} for v in seeds.voices}
    assert {"Mark Milley", "Joe Biden", "Lloyd Austin"} <= set(voices)
    # AP quotes Biden's address at length; SOFREP only "To ISIS-K: We are not done with you yet."
    assert voices["Joe Biden"]["ap"].words > 5 * voices["Joe Biden"]["sofrep"].words > 0
    assert voices["Joe Biden"]["sofrep"].quotes == 1
    mckenzie = next(name for name in voices if "McKenzie" in name)
    assert voices[mckenzie]["sofrep"].quotes == 0 and voices[mckenzie]["ap"].quotes == 1
    # Austin's one line is quoted word for word by both.
    austin = voices["Lloyd Austin"]
    assert (
        austin["ap"].words
        == austin["sofrep"].words
        == 11  # I would not make any leaps of logic to broader issues
    )


def _aligned_both(comparison: Comparison, fragment: str) -> list[float]:
    """Return the similarity of each alignment whose both sides contain ``fragment``."""
    return [
        x.similarity
        for x in comparison.aligned
        if _squash(fragment) in _squash(x.a.text) and _squash(fragment) in _squash(x.b.text)
    ]


@pytest.mark.parametrize(
    "fragment",
    [
        "evacuation of more than 124,000 people",
        "Doha, Qatar",
        "suicide bombing last week at a Kabul airport gate",
        "matter of convenience for both parties",
        "not necessarily a model for the future",
    ],
)
def test_seed_facts_both_report_are_aligned(seeds: Comparison, fragment: str) -> None:
    similarities = _aligned_both(seeds, fragment)
    assert len(similarities) == 1
    assert similarities[0] >= seeds.parameters["align_threshold"]


@pytest.mark.parametrize(
    ("article", "fragment"),
    [
        ("ap", "negotiated with the Taliban for May 1 by former president Donald Trump"),
        ("ap", "defended his decision to end America’s longest war"),
        ("ap", "ousted the Taliban from power in the fall of 2001"),
        ("sofrep", "arbitrary withdrawal date of August 31"),
        ("sofrep", "billions of dollars of equipment"),
        ("sofrep", "reflect poorly on the administration"),
    ],
)
def test_seed_content_only_one_article_reports(
    seeds: Comparison, article: str, fragment: str
) -> None:
    assert any(_squash(fragment) in _squash(r.text) for r in seeds.only_in[article])
    for x in seeds.aligned:
        for side in (x.a, x.b):
            assert _squash(fragment) not in _squash(side.text)


def test_seed_only_in_never_lists_a_headline_caption_or_promo(
    seeds: Comparison, sofrep: ArticleAnalysis, ap: ArticleAnalysis
) -> None:
    for analysis in (sofrep, ap):
        body = {(s.start, s.end) for s in analysis.sentences if s.role == "body"}
        for ref in seeds.only_in[analysis.meta.id]:
            assert (ref.start, ref.end) in body
            assert analysis.text[ref.start : ref.end] == ref.text
    assert not any("Read Next" in r.text for r in seeds.only_in["sofrep"])


def test_seed_word_swaps(seeds: Comparison, sofrep: ArticleAnalysis, ap: ArticleAnalysis) -> None:
    swaps = [s for x in seeds.aligned for s in x.swaps if s.kind == "swap"]
    pairs = {(s.a.text, s.b.text) for s in swaps}
    assert ("militants", "jihadists") in pairs
    casualties = [s for s in swaps if "150 Afghans" in s.a.text]
    assert len(casualties) == 1
    assert "169 Afghans" in casualties[0].b.text
    assert "13 American service" in casualties[0].b.text
    for swap in swaps:
        assert sofrep.text[swap.a.start : swap.a.end] == swap.a.text
        assert ap.text[swap.b.start : swap.b.end] == swap.b.text
        assert _squash(swap.a.text) != _squash(swap.b.text)


def test_seed_many_to_one(seeds: Comparison) -> None:
    merged = [x for x in seeds.aligned if x.kind == "many-to-one"]
    casualty = [x for x in merged if "150 Afghans" in x.a.text]
    assert len(casualty) == 1
    assert len(casualty[0].a.sentences) == 2 and len(casualty[0].b.sentences) == 1
    assert "vowed continued retaliation" in casualty[0].a.text
    assert "169 Afghans" in casualty[0].b.text


def test_seed_actors(seeds: Comparison) -> None:
    actors = {a.name: a for a in seeds.actors}
    assert {"Joe Biden", "Mark Milley", "Lloyd Austin", "Taliban"} <= set(actors)
    assert "Biden" in actors["Joe Biden"].aliases
    assert not {"Biden", "Milley", "Kabul", "Afghanistan", "Doha", "Qatar"} & set(actors)
    isis_k = next(a for a in seeds.actors if "ISIS-K" in a.aliases)
    assert "Islamic State Khorasan Province" in isis_k.aliases
    per = {p.article: p for p in isis_k.per_article}
    assert per["ap"].mentions == 1 and per["ap"].mentions_narration == 0  # only in Biden's quote
    assert per["sofrep"].mentions_narration > per["ap"].mentions_narration
    taliban = {p.article: p for p in actors["Taliban"].per_article}
    for article in ("ap", "sofrep"):
        assert "ruthless" in {lb.text for lb in taliban[article].labels}
        assert taliban[article].mentions >= 10
        assert taliban[article].tone_narration is not None
        assert taliban[article].vader_tone_narration is not None
        assert len(taliban[article].tone_sentences) == taliban[article].narration_sentences
    assert actors["Taliban"].kind == "group" and actors["Joe Biden"].kind == "person"


def test_seed_headlines(seeds: Comparison) -> None:
    heads = {h.article: h for h in seeds.headlines}
    assert heads["sofrep"].headline is None and "No headline" in heads["sofrep"].note
    assert heads["ap"].headline.text.startswith("US general says coordination with Taliban")
    assert heads["ap"].subheadline.text.startswith("But Mark Milley")
    assert heads["ap"].tone is not None


def test_seed_distinctive_counts_agree_with_term_occurrences(
    seeds: Comparison, sofrep: ArticleAnalysis, ap: ArticleAnalysis
) -> None:
    analyses = {"sofrep": sofrep, "ap": ap}
    for article, terms in seeds.distinctive.items():
        assert terms, article
        assert [t.z for t in terms] == sorted((t.z for t in terms), reverse=True)
        for term in terms[:5]:
            found = term_occurrences([analyses[article]], term.term, roles=BODY_ROLES)
            assert len(found) == term.count
    sofrep_terms = {t.term: t for t in seeds.distinctive["sofrep"]}
    assert sofrep_terms["cooperation"].count_others == 0  # AP writes "cooperative arrangement"


def test_seed_json_round_trips(seeds: Comparison) -> None:
    data = json.loads(json.dumps(seeds.to_json()))
    assert data["articles"] == ["sofrep", "ap"]
    assert data["primary_source"] is None
    assert len(data["aligned"]) == len(seeds.aligned)


# --------------------------------------------------------------------------- fast paths


def test_distinctive_terms_equal_log_odds_dirichlet_exactly(
    sofrep: ArticleAnalysis, ap: ArticleAnalysis
) -> None:
    """distinctive_terms computes the log-odds for all words at once: same floats, same ranks."""
    extra = build("extra", "Rebels shelled the town. Troops held the bridge over the river.")
    analyses = [sofrep, ap, extra]
    counts = [body_term_counts(a) for a in analyses]
    pooled: Counter[str] = Counter()
    for c in counts:
        pooled.update(c)
    total = sum(pooled.values())
    prior = {w: 0.1 * total * c / total for w, c in pooled.items()}
    result = distinctive_terms(analyses, top=10_000, prior_share=0.1)
    for k, analysis in enumerate(analyses):
        others: Counter[str] = Counter()
        for m, c in enumerate(counts):
            if m != k:
                others.update(c)
        scores = log_odds_dirichlet(counts[k], others, prior)
        expected = sorted(
            (w for w, (_, z) in scores.items() if z > 0),
            key=lambda w: (-scores[w][1], -counts[k][w], w),
        )
        terms = result[analysis.meta.id]
        assert [t.term for t in terms] == expected
        for t in terms:
            assert (t.delta, t.z) == scores[t.term]  # exactly, not approximately
            assert (t.count, t.count_others) == (counts[k][t.term], others[t.term])


@settings(max_examples=300, deadline=None)
@given(
    longer=st.lists(st.sampled_from("abc"), max_size=12),
    shorter=st.lists(st.sampled_from("abc"), max_size=5),
)
def test_contains_finds_exactly_the_contiguous_runs(longer: list[str], shorter: list[str]) -> None:
    n = len(shorter)
    plain = n > 0 and any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))
    assert _contains(longer, shorter) is plain
    assert _contains(tuple(longer), tuple(shorter)) is plain


def test_in_quote_with_and_without_the_start_offsets() -> None:
    quotes = [Quote(start=s, end=e, text="x") for s, e in [(0, 10), (20, 40), (22, 30), (50, 60)]]
    starts = [q.start for q in quotes]
    for start in range(0, 70, 3):
        for end in (start + 1, start + 5, start + 12):
            assert _in_quote(quotes, start, end) is _in_quote(quotes, start, end, starts)


def test_tokens_are_named_tuples_with_offsets_into_the_text() -> None:
    text = "Gen. Mark Milley said 124,000 people left the U.S. base."
    tokens = tokenize(text, 5)
    assert all(text[t.start : t.end] == t.surface for t in tokens)
    assert [t.norm for t in tokens][:3] == ["mark", "milley", "said"]
    assert "124000" in [t.norm for t in tokens] and "usa" in [t.norm for t in tokens]
    assert tokens[0] == Token(5, 9, "Mark", "mark")
