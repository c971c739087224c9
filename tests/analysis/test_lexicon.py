"""Tests for the loaded-language lexicon and its matcher."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import lexicon as lexicon_module
from analysis.lexicon import (
    CATEGORIES_FILE,
    EXCLUSIONS_FILE,
    EXCLUSIONS_HEADER,
    TERMS_FILE,
    TERMS_HEADER,
    Lexicon,
    LexiconEntry,
    LexiconError,
    default_lexicon,
    derived_entries,
    find_loaded,
    lexicon_with_derived_entries,
    parse_exclusions,
    parse_lexicon,
)
from analysis.model import LoadedHit

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"

REQUIRED_CATEGORIES = {
    "charged",
    "intensifier",
    "hedge",
    "saying_verb",
    "label",
    "editorialising",
    "presupposing",
    "evaluative",
}

CATEGORIES_CSV = "id,name,description\nsay,Loaded verb of saying,Judges speech.\nx,Other,Other.\n"


def hits_in(text: str, lexicon: Lexicon | None = None) -> list[LoadedHit]:
    """Return the hits of the whole text."""
    return find_loaded(text, [(0, len(text))], lexicon)


def hit_texts(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """Return the matched text of each hit, lower-cased."""
    return [hit.text.lower() for hit in hits_in(text, lexicon)]


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def tiny_lexicon(*rows: str) -> Lexicon:
    """Return a lexicon of the given ``term,category,alternative,source,note`` rows."""
    return parse_lexicon("\n".join([",".join(TERMS_HEADER), *rows]) + "\n", CATEGORIES_CSV)


# --- the shipped files -------------------------------------------------------------------------


def test_shipped_files_are_spreadsheet_friendly_csv() -> None:
    with TERMS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == TERMS_HEADER
    assert all(len(row) == len(TERMS_HEADER) for row in rows)
    with CATEGORIES_FILE.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == ["id", "name", "description"]
    with EXCLUSIONS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle) if not row[0].startswith("#")]
    assert tuple(rows[0]) == EXCLUSIONS_HEADER
    assert all(len(row) == len(EXCLUSIONS_HEADER) and row[1] for row in rows)


def test_default_lexicon_has_every_required_category_with_entries() -> None:
    lexicon = default_lexicon()
    ids = {category.id for category in lexicon.categories}
    assert ids >= REQUIRED_CATEGORIES
    used = {entry.category for entry in lexicon.entries}
    assert used >= REQUIRED_CATEGORIES
    assert all(category.name and category.description for category in lexicon.categories)


def test_default_lexicon_entries_have_source_and_note_and_load_once() -> None:
    lexicon = default_lexicon()
    assert lexicon is default_lexicon()
    assert all(entry.source and entry.note for entry in lexicon.entries)


# --- every category, on hand-written sentences -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "matched", "category"),
    [
        ("The senator's arbitrary deadline angered voters.", "arbitrary", "charged"),
        ("The plan was a fiasco from the start.", "fiasco", "charged"),
        ("There will be absolutely no cooperation.", "absolutely", "intensifier"),
        ("The reform is very bad for renters.", "very", "intensifier"),
        ("Perhaps sensing trouble, she left.", "perhaps", "hedge"),
        ("Drones hit supposed militant targets.", "supposed", "hedge"),
        ("The minister allegedly took bribes.", "allegedly", "hedge"),
        ("He claimed the vote was rigged.", "claimed", "saying_verb"),
        ("She insisted the plan would work.", "insisted", "saying_verb"),
        ("The mayor backtracked on Tuesday.", "backtracked", "saying_verb"),
        ("The official conceded that mistakes happened.", "conceded", "saying_verb"),
        ("The regime announced new elections.", "regime", "label"),
        ("The so-called experts disagreed.", "so-called", "label"),
        ("Such moves reflect poorly on the board.", "reflect poorly", "editorialising"),
        ("Of course, nobody believed it.", "of course", "editorialising"),
        ("The remark raised eyebrows in Paris.", "raised eyebrows", "editorialising"),
        ("The theory has been debunked.", "debunked", "presupposing"),
        ("The files revealed a hidden budget.", "revealed", "presupposing"),
        ("The report exposed the scheme.", "exposed", "presupposing"),
    ],
)
def test_each_category_is_found(text: str, matched: str, category: str) -> None:
    hits = [hit for hit in hits_in(text) if hit.text.lower() == matched]
    assert len(hits) == 1, hits_in(text)
    assert hits[0].category == category
    assert hits[0].label == default_lexicon().category(category).name


def test_hit_carries_entry_fields_and_a_readable_reason() -> None:
    text = "He then backtracked his earlier comment."
    (hit,) = hits_in(text)
    assert (hit.start, hit.end) == (text.index("backtracked"), text.index(" his"))
    assert hit.text == "backtracked" == text[hit.start : hit.end]
    assert hit.term == "backtrack"
    assert hit.category == "saying_verb"
    assert hit.alternative == "revised"
    assert hit.source == "project"
    assert hit.reason.startswith("Loaded verb of saying: ")
    assert hit.reason.endswith("neutral: 'revised'")
    assert hit.kind == "loaded"
    assert (hit.voice, hit.role) == ("narration", "body")


# --- matching rules ----------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["claim", "claims", "claimed", "claiming"])
def test_single_word_inflections(form: str) -> None:
    lexicon = tiny_lexicon("claim,say,said,project,may not be true")
    assert hit_texts(f"They {form} it works.", lexicon) == [form]


@pytest.mark.parametrize(
    ("base", "form"),
    [
        ("admit", "admitted"),
        ("admit", "admitting"),
        ("concede", "conceded"),
        ("concede", "conceding"),
        ("decry", "decries"),
        ("decry", "decried"),
        ("draw", "drew"),
        ("draw", "drawn"),
        ("lash", "lashes"),
    ],
)
def test_spelling_rules_and_irregular_forms(base: str, form: str) -> None:
    lexicon = tiny_lexicon(f"{base},say,,project,note")
    assert hit_texts(f"Then he {form} it.", lexicon) == [form]


@pytest.mark.parametrize(
    "phrase",
    ["reflect poorly", "reflects poorly", "reflected poorly", "reflecting badly"],
)
def test_phrase_inflections(phrase: str) -> None:
    assert hit_texts(f"These moves {phrase} on him.") == [phrase]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It raised eyebrows.", ["raised eyebrows"]),
        ("It raised some eyebrows.", ["raised some eyebrows"]),
        ("It raised a few eyebrows.", ["raised a few eyebrows"]),
        ("That will raise many eyebrows.", ["raise many eyebrows"]),
        ("It raised his children's eyebrows.", []),  # the gap only skips small words
        ("It raised three big new eyebrows.", []),
    ],
)
def test_gap_of_small_words(text: str, expected: list[str]) -> None:
    assert hit_texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The decision has drawn widespread fire.", ["drawn widespread fire"]),
        ("The convoy drew fire near the river.", ["drew fire"]),
        ("The convoy drew heavy machine-gun fire.", []),
    ],
)
def test_draw_fire_only_with_figurative_gap_words(text: str, expected: list[str]) -> None:
    assert hit_texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The farmers reclaimed the land.", []),
        ("A claimant appeared in court.", []),
        ("Radicalism grew.", []),
        ("He disclaimed it.", []),
        ("They claimed-and won.", ["claimed"]),
    ],
)
def test_whole_words_only(text: str, expected: list[str]) -> None:
    assert hit_texts(text) == expected


@pytest.mark.parametrize("text", ["PERHAPS not.", "Perhaps not.", "perhaps not.", "PerHaps not."])
def test_case_insensitive(text: str) -> None:
    assert hit_texts(text) == ["perhaps"]


@pytest.mark.parametrize(
    "text",
    [
        "The so-called reform.",
        "The so called reform.",
        "The so\u2011called reform.",
        "The So-Called reform.",
        "The so-\ncalled reform.",
    ],
)
def test_hyphen_space_and_line_break_variants(text: str) -> None:
    hits = hits_in(text)
    assert [hit.term for hit in hits] == ["so-called"]
    assert hits[0].text == text[text.index("o") - 1 : text.index("led") + 3]


@pytest.mark.parametrize("text", ["Of\n\ncourse not.", "Of, course not.", "of — course"])
def test_phrases_do_not_cross_punctuation_or_paragraphs(text: str) -> None:
    assert hit_texts(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Let\u2019s face it, the plan failed.", ["let\u2019s face it"]),
        ("Let's face it, the plan failed.", ["let's face it"]),
        ("The regime\u2019s envoy spoke.", ["regime"]),
        ("The regime's envoy spoke.", ["regime"]),
    ],
)
def test_curly_and_straight_apostrophes_and_possessives(text: str, expected: list[str]) -> None:
    assert hit_texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Drones hit supposed ISIS-K targets.", ["supposed"]),
        ("The talks were supposed to start Monday.", []),
        ("He is supposed to resign.", []),
        ("The supposedly neutral panel met.", ["supposedly"]),
    ],
)
def test_supposed_as_hedge_but_not_as_obligation(text: str, expected: list[str]) -> None:
    assert hit_texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The deal is very bad.", ["very", "bad"]),
        ("The speech was very tedious.", ["very", "tedious"]),
        ("It was a very good decision.", ["very"]),
        ("It was a very cruel decision.", ["very", "cruel"]),
        ("It was the very first flight.", []),
        ("They met very soon after.", []),
        ("The attack was so brutal.", ["so", "brutal"]),
        ("And so it goes.", []),
    ],
)
def test_mild_boosters_only_before_evaluative_words(text: str, expected: list[str]) -> None:
    assert hit_texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Biden was severely criticized.", ["severely"]),
        ("Two soldiers were severely wounded.", []),
        ("Claims of fraud spread.", []),
        ("The jobless claims rose.", []),
        ("IS claimed responsibility for the blast.", []),
        ("He said the vote was fair.", []),
        ("The sanctions regime was tightened.", []),
        ("The team won the grand slam.", []),
    ],
)
def test_context_rules_for_neutral_uses(text: str, expected: list[str]) -> None:
    assert hit_texts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The war in Afghanistan ended after 20 years.",
        "The attack killed 13 American troops and more than 150 Afghans.",
        "Two people died in the bombing, and 40 were wounded.",
        "The terrorist group claimed responsibility; violence spread to the capital.",
        "Islamic State militants and other jihadist groups operate in the region.",
        "The suicide bombing last week at a Kabul airport gate killed at least 169 Afghans.",
        "Troops fired on the crowd, police said, and the death toll rose.",
    ],
)
def test_words_that_name_grim_facts_are_not_loaded(text: str) -> None:
    assert hits_in(text) == []


@pytest.mark.parametrize("prefix", ["", "İstanbul: ", "Straße ", "ﬁne — ", "İİİ İ "])
def test_offsets_survive_characters_that_change_length_in_lower_case(prefix: str) -> None:
    text = f"{prefix}Perhaps the regime\u2019s so-called envoy lied."
    hits = hits_in(text)
    assert [hit.text for hit in hits] == ["Perhaps", "regime", "so-called", "lied"]
    assert all(hit.text == text[hit.start : hit.end] for hit in hits)


def test_longest_match_wins_and_hits_do_not_overlap() -> None:
    text = "Beholden to the radical left, they ran."
    assert hit_texts(text) == ["radical left"]


def test_overlap_resolution_prefers_longer_phrase_over_earlier_word() -> None:
    lexicon = tiny_lexicon("cover,x,,project,n", "cover up the truth,x,,project,n", "truth,x,,p,n")
    assert hit_texts("They cover up the truth.", lexicon) == ["cover up the truth"]


def test_only_given_regions_are_searched() -> None:
    text = "Perhaps. Caption: absolutely. Body: of course."
    body = (text.index("Body"), len(text))
    headline = (0, len(text.split(".")[0]) + 1)
    assert [hit.text for hit in find_loaded(text, [body, headline])] == ["Perhaps", "of course"]
    assert find_loaded(text, []) == []


def test_phrase_split_across_two_regions_is_not_found() -> None:
    text = "They raised eyebrows."
    middle = text.index(" eyebrows")
    assert find_loaded(text, [(0, middle), (middle, len(text))]) == []
    assert [hit.text for hit in find_loaded(text, [(0, len(text))])] == ["raised eyebrows"]


def test_overlapping_regions_give_each_hit_once() -> None:
    text = "Perhaps it was debunked."
    hits = find_loaded(text, [(0, 20), (5, len(text)), (0, len(text))])
    assert [hit.text for hit in hits] == ["Perhaps", "debunked"]


VOCABULARY = [
    "perhaps",
    "raised",
    "some",
    "eyebrows",
    "so",
    "called",
    "so-called",
    "very",
    "bad",
    "radical",
    "left",
    "the",
    "supposed",
    "to",
    "claimed",
    "war",
    "Of",
    "course",
    "regime’s",
]


def _text_and_cut_regions(
    words: list[str], separators: list[str], cuts: list[int]
) -> tuple[str, list[tuple[int, int]]]:
    """Join words and separators; pair the sorted cut positions into regions of that text."""
    text = "".join(word + sep for word, sep in zip(words, separators, strict=False))
    bounds = sorted(min(cut, len(text)) for cut in cuts)
    return text, list(zip(bounds[::2], bounds[1::2], strict=False))


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.sampled_from(VOCABULARY), max_size=30),
    separators=st.lists(st.sampled_from([" ", ", ", "-", "\n", "\n\n", ". "]), min_size=30),
    cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=6),
)
def test_hits_are_sorted_disjoint_inside_regions_and_slice_the_text(
    words: list[str], separators: list[str], cuts: list[int]
) -> None:
    text, regions = _text_and_cut_regions(words, separators, cuts)
    regions = regions or [(0, len(text))]
    hits = find_loaded(text, regions)
    assert [hit.start for hit in hits] == sorted(hit.start for hit in hits)
    for before, after in zip(hits, hits[1:], strict=False):
        assert before.end <= after.start
    for hit in hits:
        assert hit.text == text[hit.start : hit.end]
        assert any(start <= hit.start and hit.end <= end for start, end in regions)


# --- malformed files ---------------------------------------------------------------------------

HEADER = ",".join(TERMS_HEADER)


@pytest.mark.parametrize(
    ("terms_csv", "line", "problem"),
    [
        ("", 1, "empty"),
        ("term,category,alternative,note\n", 1, "header"),
        (f"{HEADER}\nclaim,say,said,project\n", 2, "cells"),
        (f"{HEADER}\nclaim,say,said,project,n\n\ninsist,nope,said,project,n\n", 4, "category"),
        (f"{HEADER}\n,say,said,project,n\n", 2, "empty"),
        (f"{HEADER}\nclaim,say,said,,n\n", 2, "source"),
        (f"{HEADER}\nclaim,say,,project,n\nClaim,say,,project,n\n", 3, "already on line 2"),
        (f"{HEADER}\n* eyebrows,say,,project,n\n", 2, "gap"),
        (f"{HEADER}\nraise * * eyebrows,say,,project,n\n", 2, "gap"),
        (f"{HEADER}\n[claim,say,,project,n\n", 2, "bracket"),
        (f"{HEADER}\nclaim||assert,say,,project,n\n", 2, "empty alternative"),
        (f"{HEADER}\nvery <positive>,say,,project,n\n", 2, "<evaluative>"),
        (f"{HEADER}\nsupposed !to again,say,,project,n\n", 2, "exclusion"),
        (f"{HEADER}\n!not,say,,project,n\n", 2, "no words"),
        (f'{HEADER}\nclaim,say,,project,"unclosed\n', 2, "quotation mark"),
        (f'{HEADER}\nclaim,say,,project,n\ninsist,say,,project,"a"b\n', 3, "quotation mark"),
    ],
)
def test_malformed_terms_raise_with_line_number(terms_csv: str, line: int, problem: str) -> None:
    with pytest.raises(LexiconError) as raised:
        parse_lexicon(terms_csv, CATEGORIES_CSV)
    assert f"line {line}" in str(raised.value)
    assert problem in str(raised.value)


@pytest.mark.parametrize(
    ("categories_csv", "line", "problem"),
    [
        ("id,name\nsay,Saying\n", 1, "header"),
        ("id,name,description\nsay,Saying,d\nsay,Again,d\n", 3, "already on line 2"),
        ("id,name,description\nSay Verb,Saying,d\n", 2, "lower-case"),
        ("id,name,description\nsay,,d\n", 2, "no name"),
    ],
)
def test_malformed_categories_raise_with_line_number(
    categories_csv: str, line: int, problem: str
) -> None:
    with pytest.raises(LexiconError) as raised:
        parse_lexicon(f"{HEADER}\n", categories_csv)
    assert f"line {line}" in str(raised.value)
    assert problem in str(raised.value)


def test_parse_accepts_bom_comments_blank_lines_and_quoted_commas() -> None:
    terms = f'\ufeff{HEADER}\n# a comment row\n\nclaim,say,said,project,"may, or not"\n'
    lexicon = parse_lexicon(terms, CATEGORIES_CSV)
    assert [entry.note for entry in lexicon.entries] == ["may, or not"]
    assert hit_texts("He claimed it.", lexicon) == ["claimed"]


def test_lexicon_built_directly_checks_its_entries() -> None:
    categories = default_lexicon().categories
    bad_term = LexiconEntry("[claim", "saying_verb", "said", "project", "n")
    with pytest.raises(LexiconError, match="bracket"):
        Lexicon(entries=(bad_term,), categories=categories)
    bad_category = LexiconEntry("claim", "nope", "said", "project", "n")
    with pytest.raises(LexiconError, match="unknown category"):
        Lexicon(entries=(bad_category,), categories=categories)


def test_default_categories_used_when_none_given() -> None:
    lexicon = parse_lexicon(f"{HEADER}\nregime,label,government,project,n\n")
    assert {category.id for category in lexicon.categories} >= REQUIRED_CATEGORIES


# --- the seed articles -------------------------------------------------------------------------


def seed(name: str) -> str:
    return (SEEDS / f"{name}.txt").read_text(encoding="utf-8")


def test_opinion_piece_is_far_denser_than_wire_report() -> None:
    sofrep, ap = seed("sofrep"), seed("ap")
    sofrep_hits, ap_hits = hits_in(sofrep), hits_in(ap)
    sofrep_rate = 100 * len(sofrep_hits) / word_count(sofrep)
    ap_rate = 100 * len(ap_hits) / word_count(ap)
    print(f"\nSOFREP {len(sofrep_hits)} hits, {sofrep_rate:.2f} per 100 words")
    for hit in sofrep_hits:
        print(f"  {hit.category:15} {hit.text!r}: {hit.reason}")
    print(f"AP {len(ap_hits)} hits, {ap_rate:.2f} per 100 words")
    for hit in ap_hits:
        print(f"  {hit.category:15} {hit.text!r}: {hit.reason}")
    assert sofrep_rate >= 2 * ap_rate
    assert ap_rate < 1.0


@pytest.mark.parametrize(
    "expected",
    [
        "reflect poorly",
        "raised some eyebrows",
        "perhaps",
        "downplay",
        "backtracked",
        "supposed",
        "absolutely",
        "debunked",
        "severely",
        "arbitrary",
        "drawn widespread fire",
        "simply",
    ],
)
def test_opinion_piece_catches(expected: str) -> None:
    assert expected in hit_texts(seed("sofrep"))


@pytest.mark.parametrize("expected", ["frantic", "desperate", "asserts"])
def test_wire_report_catches(expected: str) -> None:
    assert expected in hit_texts(seed("ap"))


@pytest.mark.parametrize(
    "neutral",
    ["said", "war", "killed", "bombing", "troops", "violence", "attack", "militants", "jihadists"],
)
def test_seed_neutral_words_never_hit(neutral: str) -> None:
    for name in ("sofrep", "ap"):
        assert all(neutral not in hit.text.lower().split() for hit in hits_in(seed(name)))


# --- entries derived from VADER and pattern/TextBlob ------------------------------------------


def derived() -> list[LexiconEntry]:
    """Return the shipped lexicon's derived entries."""
    return [entry for entry in default_lexicon().entries if entry.source != "project"]


@pytest.mark.parametrize(
    ("text", "matched", "category", "source"),
    [
        ("The plan was a catastrophe.", "catastrophe", "charged", "VADER lexicon (MIT)"),
        ("The increasingly bitter dispute went on.", "bitter", "charged", "VADER lexicon (MIT)"),
        ("Awful weather hit the city.", "Awful", "charged", "VADER lexicon (MIT)"),
        ("The speech was tedious.", "tedious", "evaluative", "pattern/TextBlob lexicon (PDDL)"),
        ("A mediocre season ended.", "mediocre", "evaluative", "pattern/TextBlob lexicon (PDDL)"),
    ],
)
def test_derived_words_are_found_with_their_source_and_score(
    text: str, matched: str, category: str, source: str
) -> None:
    (hit,) = [hit for hit in hits_in(text) if hit.text == matched]
    assert hit.category == category
    assert hit.source.startswith(source)
    assert re.search(r"(valence|subjectivity) [-+]?\d\.\d", hit.source)
    assert hit.reason.startswith(default_lexicon().category(category).name + ": ")


@pytest.mark.parametrize(
    "text",
    [
        "Police arrested two suspects after the robbery.",
        "Cancer deaths fell last year, and the flu season was mild.",
        "The company reported losses and rising debt.",
        "The Senate rejected the ban, and the governor vetoed the bill.",
        "The team won the championship and the coach thanked the fans.",
        "Residents fear more floods after the storm damaged hundreds of homes.",
        "The peace agreement was signed in Doha.",
        "Milley did not elaborate, and the troops left behind no equipment.",
    ],
)
def test_derived_words_that_name_facts_do_not_hit(text: str) -> None:
    assert hits_in(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They signed with Awful Records.", []),  # capitalised inside a sentence: a name
        ("Awful scenes followed.", ["Awful"]),  # capitalised at the start of a sentence
        ("He said: Awful scenes followed.", ["Awful"]),
        ("It was awful.", ["awful"]),
    ],
)
def test_derived_words_skip_names(text: str, expected: list[str]) -> None:
    assert [hit.text for hit in hits_in(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It was a grand gesture.", ["grand"]),
        ("A Grand Jury met.", []),
        ("Grand gestures followed.", ["Grand"]),
        ("The Grand\nplan.", []),
    ],
)
def test_lowercase_condition(text: str, expected: list[str]) -> None:
    lexicon = tiny_lexicon("grand <lowercase>,x,,project,n")
    assert [hit.text for hit in hits_in(text, lexicon)] == expected


def test_curated_entries_take_precedence_over_derived_ones() -> None:
    curated_words = {"brutal", "frantic", "vicious", "claimed"}
    for entry in derived():
        assert entry.display_term not in curated_words
    (hit,) = hits_in("The brutal attack ended.")
    assert (hit.source, hit.category) == ("project", "charged")
    assert hits_in("A vicious cycle of debt.") == []  # the curated entry's context rule holds


def test_neutral_alternatives_of_curated_entries_are_never_derived() -> None:
    alternatives = {entry.alternative.lower() for entry in default_lexicon().entries}
    assert {"angry", "mistake", "failure"} <= alternatives
    assert not {entry.display_term for entry in derived()} & alternatives
    assert hits_in("The voters were angry about the mistake.") == []


def test_derived_entries_are_explained_and_never_excluded() -> None:
    excluded = parse_exclusions(EXCLUSIONS_FILE.read_text(encoding="utf-8"))
    entries = derived()
    assert {entry.category for entry in entries} == {"charged", "evaluative"}
    for entry in entries:
        assert entry.note and entry.source.split(":")[0] in {
            "VADER lexicon (MIT)",
            "pattern/TextBlob lexicon (PDDL)",
        }
        assert entry.display_term.replace(" ", "-") not in excluded


@pytest.mark.parametrize(
    ("looser", "stricter"),
    [
        ({"vader_min_negative": 1.5}, {"vader_min_negative": 2.5}),
        ({"vader_min_positive": 2.0}, {"vader_min_positive": 3.0}),
        ({"min_subjectivity": 0.5}, {"min_subjectivity": 0.9}),
        ({"min_polarity": 0.2}, {"min_polarity": 0.6}),
    ],
)
def test_stricter_thresholds_derive_fewer_words(
    looser: dict[str, float], stricter: dict[str, float]
) -> None:
    curated = parse_lexicon(TERMS_FILE.read_text(encoding="utf-8")).entries
    loose = {entry.term for entry in derived_entries(curated, **looser)}
    strict = {entry.term for entry in derived_entries(curated, **stricter)}
    assert strict < loose


def test_exclusions_silence_a_derived_word_with_its_forms() -> None:
    curated = parse_lexicon(TERMS_FILE.read_text(encoding="utf-8")).entries
    shipped = {entry.display_term for entry in derived_entries(curated)}
    assert {"disgust", "disgusted"} <= shipped
    fewer = derived_entries(curated, parse_exclusions("word,reason\ndisgust,a teacher's choice\n"))
    assert not {"disgust", "disgusted", "disgusts"} & {entry.display_term for entry in fewer}


@pytest.mark.parametrize(
    ("exclusions_csv", "line", "problem"),
    [
        ("word\nwar\n", 1, "header"),
        ("word,reason\nwar,names a fact,extra\n", 2, "cells"),
        ("word,reason\nhate crime,a legal category\n", 2, "single word"),
    ],
)
def test_malformed_exclusions_raise_with_line_number(
    exclusions_csv: str, line: int, problem: str
) -> None:
    with pytest.raises(LexiconError) as raised:
        parse_exclusions(exclusions_csv)
    assert f"line {line}" in str(raised.value)
    assert problem in str(raised.value)


def test_derived_entries_need_their_categories_and_come_after_own_entries() -> None:
    with pytest.raises(LexiconError, match="evaluative"):
        lexicon_with_derived_entries(tiny_lexicon("claim,say,said,project,n"))
    own = parse_lexicon(f"{HEADER}\nclaim,saying_verb,said,project,n\n")
    combined = lexicon_with_derived_entries(own)
    assert combined.entries[0] == own.entries[0]
    assert len(combined.entries) > 1000
    assert [hit.category for hit in hits_in("He claimed it was awful.", combined)] == [
        "saying_verb",
        "charged",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "It was awful.",
        "Awful scenes. They signed with Awful Records.",
        "A self-confident, self confident speaker; selfconfident.",
        "Awfully awful awfuls.",
    ],
)
def test_exact_derived_terms_match_like_the_general_syntax(text: str) -> None:
    derived_style = tiny_lexicon(
        "[awful] <lowercase>,x,,p,n", "[self] [confident] <lowercase>,x,,p,n"
    )
    general = tiny_lexicon(  # '|' alternatives take the general parser
        "[awful|awful] <lowercase>,x,,p,n", "[self|self] [confident] <lowercase>,x,,p,n"
    )
    assert [(h.start, h.end) for h in hits_in(text, derived_style)] == [
        (h.start, h.end) for h in hits_in(text, general)
    ]
    assert hits_in(text, derived_style)


# --- the fast paths agree with the general way ---------------------------------------------------

MATCHER_VOCABULARY = [
    *VOCABULARY,
    *[word + "'s" for word in ("called", "line", "right", "back", "eyebrows", "fire")],
    *["called’s", "line’s", "hard", "line", "far", "right", "left"],
    *["fact", "is", "truth", "be", "sure", "of", "course", "at", "best", "it", "said", "in"],
    *["hot", "water", "raise", "a", "few", "drew", "drawn", "fire", "walk", "back", "walk-back"],
    *["targets", "first", "grand", "Grand", "Jury", "ruthless", "Ruthless", "brutal", "regime"],
    *["regime's", "over", "simply", "frantic", "asserts", "hard", "far", "nothing", "up"],
    *["İstanbul", "ΣΑΣ", "café", "K", "x_y", "42", "don't", "it’s", "ʼokina", "’", "'", "''"],
]
SEPARATORS = [" ", "  ", ", ", "-", " - ", "\u2010", "\n", "\n\n", ". ", "’", "'", " '", "' "]
SEPARATORS += ["“", "” ", "—", "\xa0", "; ", "_", "2", ""]


def _candidates_the_general_way(
    text: str, start: int, end: int, matcher: lexicon_module._Matcher
) -> list[tuple[int, int, int]]:
    """Every match in the region: split with the regular expression, every word tried."""
    tokens = lexicon_module._tokens(text, start, end)
    found: list[tuple[int, int, int]] = []
    for index, key in enumerate(tokens.keys):
        if key in matcher.by_first_form:
            found.extend(lexicon_module._matches_at(text, tokens, index, matcher))
    return sorted(found)


@settings(max_examples=1_000, deadline=None)
@given(
    words=st.lists(st.sampled_from(MATCHER_VOCABULARY) | st.text(max_size=3), max_size=30),
    separators=st.lists(st.sampled_from(SEPARATORS), min_size=30, max_size=30),
    cuts=st.lists(st.integers(min_value=0, max_value=300), max_size=6),
)
def test_candidates_equal_the_general_way(
    words: list[str], separators: list[str], cuts: list[int]
) -> None:
    text, regions = _text_and_cut_regions(words, separators, cuts)
    regions = [*regions, (0, len(text))]
    matcher = default_lexicon()._matcher
    spaced_keys = lexicon_module._spaced_keys(text)
    for start, end in regions:
        expected = _candidates_the_general_way(text, start, end, matcher)
        candidates = lexicon_module._region_candidates
        assert sorted(candidates(text, start, end, matcher)) == expected
        if spaced_keys is not None:
            assert sorted(candidates(text, start, end, matcher, spaced_keys)) == expected
            _assert_same_tokens(text, start, end, spaced_keys)


def _assert_same_tokens(text: str, start: int, end: int, spaced_keys: str) -> None:
    """The tokens cut from spaced keys are the regular expression's, separators apart.

    Their separators come from the text rather than its lower-cased, straightened copy: the same
    for what they are checked for.
    """
    general = lexicon_module._tokens(text, start, end)
    spaced_region = lexicon_module._spaced_region(spaced_keys, start, end)
    keys = spaced_region.split()
    fast = lexicon_module._shaped_tokens(keys, spaced_region, text, start)
    assert list(fast.keys) == list(general.keys)
    assert list(fast.ends) == list(general.ends)
    for index in range(len(keys)):
        assert fast.start(index) == general.start(index)
        assert fast.joined(index) == general.joined(index)
        if index:
            assert {m for m in lexicon_module._SENTENCE_BREAKS if m in fast.separator(index)} == {
                m for m in lexicon_module._SENTENCE_BREAKS if m in general.separator(index)
            }


def test_lower_casing_and_straightening_keep_what_separators_are_checked_for() -> None:
    # Separators hold no word characters, and the fast path takes them from the text as it is.
    checked = lexicon_module._HYPHENS | lexicon_module._SENTENCE_BREAKS
    for char in map(chr, range(0x110000)):
        changed = lexicon_module._straighten(char).lower()
        if changed == char or (re.match(r"\w", char) and char not in "\u02bc"):
            continue
        assert len(changed) == 1, repr(char)
        assert changed.isspace() == char.isspace(), repr(char)
        assert char not in checked and changed not in checked, repr(char)


@pytest.mark.parametrize(
    "text",
    [
        "'They don't say it’s the so-called regime's 'hard line'",
        "raised some eyebrows' fire’s far-right's",
    ],
)
def test_candidates_equal_the_general_way_in_regions_cut_anywhere(text: str) -> None:
    matcher = default_lexicon()._matcher
    spaced_keys = lexicon_module._spaced_keys(text)
    assert spaced_keys is not None
    for cut in range(len(text) + 1):
        for start, end in ((0, cut), (cut, len(text)), (cut, min(cut + 9, len(text)))):
            expected = _candidates_the_general_way(text, start, end, matcher)
            candidates = lexicon_module._region_candidates(text, start, end, matcher, spaced_keys)
            assert sorted(candidates) == expected
            _assert_same_tokens(text, start, end, spaced_keys)


@pytest.mark.parametrize(
    "text",
    [
        "ΣΑΣ said so-called things",  # a capital sigma lower-cases by its context
        "İstanbul officials raised eyebrows",  # "İ" lower-cases to two characters
        "".join(map(chr, range(0x2000, 0x2070))) + " so-called",  # many kinds of punctuation
    ],
)
def test_texts_the_fast_path_cannot_take_are_split_per_region(text: str) -> None:
    assert lexicon_module._spaced_keys(text) is None
    matcher = default_lexicon()._matcher
    assert lexicon_module._region_candidates(
        text, 0, len(text), matcher
    ) == _candidates_the_general_way(text, 0, len(text), matcher)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(MATCHER_VOCABULARY), max_size=30),
    separators=st.lists(st.sampled_from(SEPARATORS), min_size=30, max_size=30),
)
def test_hits_are_built_as_the_dataclass_builds_them(
    words: list[str], separators: list[str]
) -> None:
    text = "".join(word + sep for word, sep in zip(words, separators, strict=False))
    for hit in find_loaded(text, [(0, len(text))]):
        fields = {name: getattr(hit, name) for name in hit.__dataclass_fields__}
        built = LoadedHit(**fields)
        assert hit == built and repr(hit) == repr(built)
        assert list(hit.__dict__) == list(built.__dict__)
