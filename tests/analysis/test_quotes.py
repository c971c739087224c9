"""Tests for analysis.quotes: quotation marks, pairing, partial quotes, attribution, speakers."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.model import Block, BlockRole, Quote
from analysis.quotes import QUOTE_ROLES, find_quotes, quoted_ranges

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


def blocks_of(text: str, roles: dict[int, BlockRole] | None = None) -> list[Block]:
    """Split ``text`` into one block per non-blank line; ``roles`` maps line numbers to roles."""
    blocks: list[Block] = []
    position = 0
    for number, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if stripped:
            start = position + len(line) - len(line.lstrip())
            role = (roles or {}).get(number, "body")
            blocks.append(Block(start=start, end=start + len(stripped), role=role))
        position += len(line) + 1
    return blocks


def quotes_in(text: str, roles: dict[int, BlockRole] | None = None) -> list[Quote]:
    return find_quotes(text, blocks_of(text, roles))


def only_quote(text: str) -> Quote:
    quotes = quotes_in(text)
    assert len(quotes) == 1, [q.text for q in quotes]
    return quotes[0]


def speaker_words(text: str, quote: Quote) -> str | None:
    if quote.speaker_start is None or quote.speaker_end is None:
        return None
    return text[quote.speaker_start : quote.speaker_end]


# --- Marks and apostrophes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "It’s Kabul’s problem and the Taliban’s too.",
        "Don’t blame the students’ teachers.",
        "Music of the ’90s, rock ’n’ roll and ’em all.",
        "It's Kabul's problem; don't blame the students' teachers.",
        "The '90s were loud, rock 'n' roll too.",
        "Mistyped ‘90s apostrophe.",
        "Plural possessive at the end of a sentence: the students’.",
    ],
)
def test_apostrophes_are_not_quotes(text: str) -> None:
    assert quotes_in(text) == []


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("“It’s the students’ fault,” she said.", "It’s the students’ fault,"),
        ("‘It’s Kabul’s call’ was the line.", "It’s Kabul’s call"),
        ("\"It's the teachers' fault,\" she said.", "It's the teachers' fault,"),
        ("He called them ‘the students’ books’ twice.", "the students’ books"),
    ],
)
def test_apostrophes_inside_a_quote_do_not_end_it(text: str, inner: str) -> None:
    assert only_quote(text).text == inner


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("He said “yes” today.", "yes"),
        ('He said "yes" today.', "yes"),
        ("US general says it is ‘possible’ soon", "possible"),
        ("US general says it is 'possible' soon", "possible"),
        ("« Bonjour » dit-il.", " Bonjour "),
        ('“Mixed marks," he said.', "Mixed marks,"),
    ],
)
def test_mark_styles(text: str, inner: str) -> None:
    quote = only_quote(text)
    assert quote.text == inner
    assert text[quote.start] in "“\"‘'«"
    assert text[quote.end - 1] in "”\"’'»"
    assert text[quote.start + 1 : quote.end - 1] == inner


@pytest.mark.parametrize("text", ["“ ”", '""', "‘ ’ and “—”", "”stray closer’", '"', "'", ""])
def test_marks_around_no_words_make_no_quote(text: str) -> None:
    assert quotes_in(text) == []


# --- Nesting, several sentences, several paragraphs --------------------------------------------

NESTED = (
    "“To those asking for a third decade of war in Afghanistan, I ask, ‘What is the vital "
    "national interest?’” Biden said."
)


def test_nested_quote_is_part_of_its_outer_quote() -> None:
    quote = only_quote(NESTED)
    assert quote.text.startswith("To those asking")
    assert quote.text.endswith("‘What is the vital national interest?’")
    assert (quote.speaker, quote.verb, quote.partial) == ("Biden", "said", False)
    assert "quote within the quote" in quote.reason
    assert quoted_ranges([quote]) == [(quote.start + 1, quote.end - 1)]


def test_double_quote_nested_in_single_quote() -> None:
    quote = only_quote("‘He told me “never” again,’ she said.")
    assert quote.text == "He told me “never” again,"


def test_quote_of_several_sentences() -> None:
    text = "“War is hard. It’s vicious. It’s brutal. It’s unforgiving,” Milley said."
    quote = only_quote(text)
    assert quote.text == "War is hard. It’s vicious. It’s brutal. It’s unforgiving,"
    assert (quote.speaker, quote.verb) == ("Milley", "said")


CONTINUED = (
    "Smith said: “We will win this race.\n"
    "“And we will win the next one,” he added.\n"
    "Narration follows."
)


def test_quote_continued_over_paragraphs_is_one_quote() -> None:
    quote = only_quote(CONTINUED)
    assert CONTINUED[quote.start : quote.end] == (
        "“We will win this race.\n“And we will win the next one,”"
    )
    assert quote.speaker == "Smith"
    assert "2 paragraphs" in quote.reason
    (start, end), *rest = quoted_ranges([quote])
    assert not rest
    assert CONTINUED[start:end] == "We will win this race.\n“And we will win the next one,"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Never closed, next paragraph does not open a quote: stops at the paragraph's end.
        ("She said “this never closes.\nThe next paragraph is narration.", ["this never closes."]),
        (
            "“Unclosed here.\nNarration, then “a quote,” he said.",
            ["Unclosed here.", "a quote,"],
        ),
        # A new opening mark while a quote is open: the first quote ends before it.
        ("“First never closes “Second closes,” he said.", ["First never closes", "Second closes,"]),
    ],
)
def test_unclosed_quote_does_not_swallow_the_text(text: str, expected: list[str]) -> None:
    quotes = quotes_in(text)
    assert [q.text for q in quotes] == expected
    assert all("\n" not in text[q.start : q.end] for q in quotes)


def test_unclosed_quote_reason_says_so() -> None:
    quote = only_quote("She said “this never closes.\nNarration.")
    assert "closing mark is missing" in quote.reason
    assert quote.end == len("She said “this never closes.")


def test_unclosed_single_quote_is_dropped_as_a_likely_apostrophe() -> None:
    assert quotes_in("The ‘dorm was full.\nNext paragraph.") == []


# --- Partial quotes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "partial"),
    [
        ("Milley said it’s “possible” that they will.", True),
        ("Milley called the Taliban “ruthless,” and left.", True),
        ("He described it as “very pragmatic and very businesslike,” saying more.", True),
        ("US general says coordination with Taliban ‘possible’ on strikes", True),
        ("The so-called “experts” were wrong.", True),
        ("It backed the “Black Lives Matter” movement.", True),
        ("“In war, you do what you must,” Milley said.", False),
        ("Biden said, “To ISIS-K: We are not done with you yet.”", False),
        ("He added: “whatever it takes.”", False),
        ("Milley kept calm, adding that “Whether or not they change remains to be seen.”", False),
        ("The motto has always been, “Leave no man behind.”", False),
        ("Milley said so. “Yes, we all have pain.”", False),
    ],
)
def test_partial_quotes(text: str, partial: bool) -> None:
    quote = only_quote(text)
    assert quote.partial is partial
    assert quote.reason.startswith("Partial quote" if partial else "Direct quote")


# --- Attribution patterns ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "index", "speaker", "verb", "named_as"),
    [
        ("“In war, you do what you must,” Milley said.", 0, "Milley", "said", "Milley"),
        ("“I would not make leaps,” said Austin.", 0, "Austin", "said", "Austin"),
        ("Biden said, “We are not done with you yet.”", 0, "Biden", "said", "Biden"),
        ("Biden said: “We are not done.”", 0, "Biden", "said", "Biden"),
        ("On Tuesday, Biden said, “To ISIS-K: We are not done.”", 0, "Biden", "said", "Biden"),
        (
            "Milley called the Taliban “ruthless,” adding: “Whether or not they change remains.”",
            0,
            "Milley",
            "called",
            "Milley",
        ),
        (
            "Milley called the Taliban “ruthless,” adding: “Whether or not they change remains.”",
            1,
            "Milley",
            "adding",
            "Milley",
        ),
        (
            "Milley further commented, calling them “ruthless” and adding that “Whether or not "
            "they change remains to be seen.”",
            1,
            "Milley",
            "adding",
            "Milley",
        ),
        (
            "Marine Gen. Frank McKenzie, head of US Central Command, has described the relation "
            "as “very pragmatic and very businesslike,” saying they helped.",
            0,
            "McKenzie",
            "described",
            "Frank McKenzie",
        ),
        (
            "U.S. Army General Mark Milley, chairman of the Joint Chiefs of Staff, said it’s "
            "“possible” that they will.",
            0,
            "Milley",
            "said",
            "Mark Milley",
        ),
        (
            "“I was not going to extend it,” Biden declared from home.",
            0,
            "Biden",
            "declared",
            "Biden",
        ),
        ("“Why now?” Jones asked.", 0, "Jones", "asked", "Jones"),
        (
            "“Act now,” Lloyd Austin, the defense secretary, urged.",
            0,
            "Austin",
            "urged",
            "Lloyd Austin",
        ),
        ("“We did nothing wrong,” according to Smith.", 0, "Smith", "according to", "Smith"),
        (
            "According to the Pentagon, “the strikes were lawful.”",
            0,
            "Pentagon",
            "according to",
            "Pentagon",
        ),
        ("“It is over,” the top-ranked Nadal said.", 0, "Nadal", "said", "Nadal"),
        ("“Fine,” said Mr. O’Brien.", 0, "O’Brien", "said", "O’Brien"),
    ],
)
def test_attribution_patterns(
    text: str, index: int, speaker: str, verb: str, named_as: str
) -> None:
    quote = quotes_in(text)[index]
    assert (quote.speaker, quote.verb) == (speaker, verb)
    assert speaker_words(text, quote) == named_as
    assert quote.label == speaker
    assert speaker in quote.reason and verb in quote.reason


@pytest.mark.parametrize(
    "text",
    [
        "“War is hard,” Milley said. “Yes, we all have pain and anger.”",
        '"War is hard," Milley said. "Yes, we all have pain and anger."',
    ],
)
def test_second_quote_after_attribution_continues_the_speaker(text: str) -> None:
    first, second = quotes_in(text)
    assert (first.speaker, second.speaker) == ("Milley", "Milley")
    assert second.verb == "said"
    assert "continuing Milley" in second.reason
    assert speaker_words(text, second) == "Milley"


def test_paragraph_that_is_only_a_quote_continues_the_previous_speaker() -> None:
    text = "“We will go,” Jones said.\n“And we will stay there as long as it takes.”"
    assert [q.speaker for q in quotes_in(text)] == ["Jones", "Jones"]


def test_partial_quote_without_attribution_is_not_given_the_previous_speaker() -> None:
    text = "“We will go,” Jones said. Critics call the plan “doomed” anyway."
    assert [q.speaker for q in quotes_in(text)] == ["Jones", None]


@pytest.mark.parametrize(
    "text",
    [
        "Both Milley and Austin know that the first principle has always been, “Leave no man "
        "behind.”",
        "“First.” Then nothing else.",
        "“Refuse, demonstrate,” said a Briton on Facebook.",
    ],
)
def test_nobody_named_means_no_speaker(text: str) -> None:
    quote = quotes_in(text)[0]
    assert quote.speaker is None
    assert quote.label == ""
    assert "names no speaker" in quote.reason


# --- Pronouns and titles -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "named_as"),
    [
        ("“Leave,” Biden said. He added, “I simply do not believe it.”", "Biden", "He"),
        ("John Smith lost his farm. “It hurts,” he said.", "Smith", "he"),
        ("General Mark Milley spoke. “We are ready,” the general said.", "Milley", "the general"),
        (
            "President Joe Biden spoke. “We are ready,” said the president.",
            "Biden",
            "the president",
        ),
        (
            "General Mark Milley and President Joe Biden met. “A plan,” the general said.",
            "Milley",
            "the general",
        ),
        (
            "General Mark Milley and President Joe Biden met. “A plan,” the president said.",
            "Biden",
            "the president",
        ),
        ("Senator Jane Doe spoke. “We are ready,” the senator said.", "Doe", "the senator"),
        (
            "Taliban spokesman Zabihullah Mujahid spoke. “Go,” the spokesman said.",
            "Mujahid",
            "the spokesman",
        ),
    ],
)
def test_pronouns_and_titles_resolve_to_the_named_person(
    text: str, speaker: str, named_as: str
) -> None:
    quote = quotes_in(text)[-1]
    assert quote.speaker == speaker
    assert speaker_words(text, quote) == named_as
    assert f"referred to as “{named_as}”" in quote.reason


@pytest.mark.parametrize(
    ("text", "named_as"),
    [
        ("“It hurts,” they said.", "they"),
        ("She said the plan was “a mess.”", "She"),
        ("“Hello,” a senior official said.", "a senior official"),
        ("“Hello,” said the spokesman.", "the spokesman"),
    ],
)
def test_unresolvable_reference_leaves_speaker_none(text: str, named_as: str) -> None:
    quote = only_quote(text)
    assert quote.speaker is None
    assert speaker_words(text, quote) == named_as
    assert f"unnamed speaker (“{named_as}”)" in quote.reason


def test_headline_title_resolves_to_the_person_named_later() -> None:
    text = (
        "US general says coordination with Taliban ‘possible’\n"
        "WASHINGTON (AP) — General Mark Milley said it’s “possible” they will."
    )
    headline, body = quotes_in(text, {0: "headline"})
    assert (headline.speaker, headline.verb, headline.partial) == ("Milley", "says", True)
    assert speaker_words(text, headline) == "US general"
    assert (body.speaker, body.partial) == ("Milley", True)


def test_title_case_headline_verb() -> None:
    text = "General Says Cooperation ‘Possible’\nGen. Mark Milley spoke on Wednesday."
    quote = quotes_in(text, {0: "headline"})[0]
    assert (quote.speaker, quote.verb, quote.partial) == ("Milley", "Says", True)


# --- Block roles -------------------------------------------------------------------------------


def test_quotes_only_in_searched_roles() -> None:
    lines = [
        ("headline", "Biden says ‘no’"),
        ("subheadline", "Milley calls it “possible”"),
        ("body", "“Body quote,” Smith said."),
        ("crosshead", "A ‘crosshead’ word"),
        ("caption", "“Caption quote,” said Jones. (AP Photo)"),
        ("promo", "Read Next: “Promo quote”"),
        ("footer", "“Footer quote” — subscribe"),
    ]
    text = "\n".join(line for _, line in lines)
    roles: dict[int, BlockRole] = {number: role for number, (role, _) in enumerate(lines)}
    quotes = quotes_in(text, roles)
    assert [q.text for q in quotes] == ["no", "possible", "Body quote,", "crosshead"]
    assert {role for role, _ in lines if role in QUOTE_ROLES} == {
        "headline",
        "subheadline",
        "body",
        "crosshead",
    }


def test_quote_continues_past_a_caption_between_paragraphs() -> None:
    text = "Smith said: “We will win.\nA photo of Smith. (AP Photo)\n“And win again.”\nEnd."
    quote = only_quote_with_roles(text, {1: "caption"})
    assert text[quote.start : quote.end].endswith("“And win again.”")
    assert quote.speaker == "Smith"


def only_quote_with_roles(text: str, roles: dict[int, BlockRole]) -> Quote:
    quotes = quotes_in(text, roles)
    assert len(quotes) == 1
    return quotes[0]


# --- quoted_ranges -----------------------------------------------------------------------------


def test_quoted_ranges_cover_the_words_inside_the_marks_only() -> None:
    text = "“War is hard,” Milley said. “Yes.” Then he said it’s “possible” and left."
    ranges = quoted_ranges(quotes_in(text))
    assert [text[start:end] for start, end in ranges] == ["War is hard,", "Yes.", "possible"]
    assert ranges == sorted(ranges)


def test_quoted_ranges_merge_overlapping_and_touching_ranges() -> None:
    first = Quote(start=0, end=5, text="abc")  # inside: 1..4
    nested = Quote(start=1, end=4, text="b")  # inside: 2..3, within the first
    touching = Quote(start=3, end=8, text="xyz")  # inside: 4..7, touches the first
    apart = Quote(start=10, end=13, text="q")  # inside: 11..12
    assert quoted_ranges([apart, touching, nested, first]) == [(1, 7), (11, 12)]


def test_quoted_ranges_of_nothing() -> None:
    assert quoted_ranges([]) == []


# --- Seed articles -----------------------------------------------------------------------------

SOFREP_EXPECTED = [
    # (opening words of the quote, speaker, verb, partial)
    ("possible", "Milley", "said", True),
    ("I would not make any leaps of logic to broader issues,", "Austin", "said", False),
    ("ruthless", "Milley", "calling", True),
    ("Whether or not they change remains to be seen.", "Milley", "adding", False),
    ("In war, you do what you must", "Milley", "said", False),
    ("To ISIS-K: We are not done with you yet.", "Biden", "said", False),
    ("Leave no man behind.", None, None, False),
    ("War is hard. It’s vicious. It’s brutal. It’s unforgiving,", "Milley", "said", False),
    ("Yes, we all have pain and anger.", "Milley", "said", False),
]

AP_EXPECTED = [
    ("possible", "Milley", "says", True),  # headline: "US general says ... ‘possible’"
    ("possible", "Milley", "said", True),
    ("ruthless,", "Milley", "called", True),
    ("Whether or not they change remains to be seen.", "Milley", "adding", False),
    ("In war, you do what you must", "Milley", "said", False),
    ("To ISIS-K: We are not done with you yet,", "Biden", "said", False),
    ("I would not make any leaps of logic to broader issues,", "Austin", "said", False),
    ("War is hard. It’s vicious. It’s brutal. It’s unforgiving,", "Milley", "said", False),
    ("Yes, we all have pain and anger.", "Milley", "said", False),
    ("very pragmatic and very businesslike,", "McKenzie", "described", True),
    ("I was not going to extend this forever war,", "Biden", "declared", False),
    ("And I was not going to extend a forever exit.", "Biden", "declared", False),
    ("To those asking for a third decade of war in Afghanistan", "Biden", "said", False),
    ("I simply do not believe that the safety and security", "Biden", "added", False),
]


def seed_roles(text: str) -> dict[int, BlockRole]:
    """Roles of the seed lines as a careful reader sees them (headline, captions, promos...)."""
    roles: dict[int, BlockRole] = {}
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.endswith(("Walsh)", "(Twitter screenshot)", "AFP)", "(File photo)", "(U.S. Army)")):
            roles[number] = "caption"
        elif line.startswith(("Read Next:", "General Mark Milley Privately Blamed")):
            roles[number] = "promo"
        elif line in ("read more:", "Never miss breaking news on Israel") or line.startswith(
            ("Get notifications", "You're subscribed")
        ):
            roles[number] = "footer"
        elif line in ("Is the Enemy of My Enemy Always My Friend?", "Pain and Anger"):
            roles[number] = "crosshead"
    if text.startswith("US general says"):
        roles[0], roles[2] = "headline", "subheadline"
    return roles


def seed_text(name: str) -> str:
    return (SEEDS / f"{name}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "expected"), [("sofrep", SOFREP_EXPECTED), ("ap", AP_EXPECTED)])
def test_seed_quotes(name: str, expected: list[tuple[str, str | None, str | None, bool]]) -> None:
    text = seed_text(name)
    quotes = find_quotes(text, blocks_of(text, seed_roles(text)))
    found = [(q.text, q.speaker, q.verb, q.partial) for q in quotes]
    assert len(found) == len(expected), found
    for (quoted, speaker, verb, partial), (opening, *wanted) in zip(found, expected, strict=True):
        assert quoted.startswith(opening)
        assert [speaker, verb, partial] == wanted, quoted


@pytest.mark.parametrize("name", ["sofrep", "ap"])
def test_seed_quote_spans_and_ranges(name: str) -> None:
    text = seed_text(name)
    quotes = find_quotes(text, blocks_of(text, seed_roles(text)))
    for quote in quotes:
        assert text[quote.start] in "“‘" and text[quote.end - 1] in "”’"
        assert text[quote.start + 1 : quote.end - 1] == quote.text
    ranges = quoted_ranges(quotes)
    assert len(ranges) == len(quotes)  # no quote nests in another at the top level
    assert sum(end - start for start, end in ranges) == sum(len(q.text) for q in quotes)


def test_seed_ap_nested_quote_and_pronoun() -> None:
    text = seed_text("ap")
    quotes = find_quotes(text, blocks_of(text, seed_roles(text)))
    nested = next(q for q in quotes if q.text.startswith("To those asking"))
    assert "‘What is the vital national interest?’" in nested.text
    added = next(q for q in quotes if q.text.startswith("I simply"))
    assert text[added.speaker_start : added.speaker_end] == "He"


def test_seed_caption_quotes_are_skipped_but_found_as_body() -> None:
    text = seed_text("ap")
    as_body = find_quotes(text, blocks_of(text))
    with_roles = find_quotes(text, blocks_of(text, seed_roles(text)))
    assert [q.text for q in as_body] == [q.text for q in with_roles]  # no quote in captions
    assert [q.speaker for q in as_body] == [q.speaker for q in with_roles]


def test_seed_speed() -> None:
    texts = [seed_text("sofrep"), seed_text("ap")]
    inputs = [(text, blocks_of(text, seed_roles(text))) for text in texts]
    best = float("inf")
    for _ in range(7):
        started = time.perf_counter()
        for text, blocks in inputs:
            find_quotes(text, blocks)
        best = min(best, time.perf_counter() - started)
    assert best < 0.010, f"{best * 1000:.1f} ms for both seed articles"


# --- Real paragraphs from MBIC (Spinde et al. 2021, Apache-2.0) --------------------------------

# MBIC article 322, Reuters: "Ex-spy Plame loses bid for House of Representatives" (excerpt).
MBIC_REUTERS_PLAME = "\n".join(
    [
        (
            "FILE PHOTO: Former CIA operative Valerie Plame Wilson arrives for the screening of "
            'the film "Fair Game" at the 36th American film festival in Deauville September 9, '
            "2010. REUTERS/Vincent Kessler/File Photo"
        ),
        (
            "WASHINGTON (Reuters) - Former CIA operative Valerie Plame failed in her bid for a "
            "seat in the U.S. Congress Wednesday, losing the Democratic nomination in New "
            "Mexico’s 3rd District to an attorney with deep roots in the state, Teresa Leger "
            "Fernandez."
        ),
        ("“I’m sorry last night didn’t turn out the way we hoped,” Plame wrote on Twitter."),
    ]
)

# MBIC article 228, Fox News: "Nadal urges tennis organizers to compromise on one World Cup"
# (excerpt; curly opening and straight closing marks as published).
MBIC_FOX_NADAL = "\n".join(
    [
        (
            "“I think is a great competition, but at the same time is -- I can't change my mind "
            'that two World Cups (within two months) is not real. So is not possible," the '
            "top-ranked Nadal said. “We need to find a way to fix it and we need to find a way to"
            " make a big deal with ITF and ATP to create a big World Team Cup competition, not "
            "two World Cups in one month."
        ),
        (
            "“I think that's a confusion for the spectators, and we need to be clear in our "
            "sport. And for the health of our sport and for the benefit of our sport is, in my "
            'opinion, mandatory that we fix it."'
        ),
        (
            "Nadal played six singles matches — winning four — and two doubles in the 10-day ATP "
            "Cup tournament."
        ),
        (
            "Djokovic said at the Davis Cup in Madrid and at the start of the ATP Cup in "
            "Australia that men's tennis needs “one super World Cup event, whatever you want to "
            'call it."'
        ),
        (
            "“That's not going to happen next year as well. But if the two sides, the ITF, the "
            'Davis Cup, and the ATP get together very quickly, it can happen possibly for 2022," '
            "he said ahead of the tournament."
        ),
    ]
)

# MBIC article 236, Reuters: "Could the new coronavirus weaken 'anti-vaxxers'?" (excerpt).
MBIC_REUTERS_ANTIVAX = "\n".join(
    [
        ("By Victoria Waldersee"),
        (
            "LISBON, April 11 (Reuters) - An American mother-of-three is a long-time member of "
            "“anti-vaxxer” groups online: a small but vocal global community that believes "
            "vaccines are a dangerous con."
        ),
        (
            "But COVID-19 is shaking her views. The woman who would identify herself only as "
            "Stephanie, citing a fear of reprisals from committed anti-vaxxers, says she is now "
            "50:50 on taking a vaccine."
        ),
        (
            "“I’ve definitely thought about it,” she told Reuters by phone from the United "
            "States, also expressing frustration at what she considers the anti-vax community’s "
            "downplaying of the pandemic’s seriousness. “We’re all being affected by this virus, "
            "schools closing, young people in hospital, and they still say it’s a hoax.”"
        ),
        (
            "“Refuse, demonstrate,” said a Briton on Facebook in response to a post asking people"
            " how they would react if a vaccine was made mandatory."
        ),
    ]
)


@pytest.mark.parametrize(
    ("text", "roles", "expected"),
    [
        (
            MBIC_REUTERS_PLAME,
            {0: "caption"},
            [("I’m sorry last night", "Plame", "wrote", False)],
        ),
        (
            MBIC_FOX_NADAL,
            {},
            [
                ("I think is a great competition", "Nadal", "said", False),
                ("We need to find a way", "Nadal", "said", False),
                ("one super World Cup event", "Djokovic", "said", True),
                ("That's not going to happen", "Djokovic", "said", False),
            ],
        ),
        (
            MBIC_REUTERS_ANTIVAX,
            {},
            [
                ("anti-vaxxer", None, None, True),
                ("I’ve definitely thought about it,", None, "told", False),
                ("We’re all being affected", None, "told", False),
                ("Refuse, demonstrate,", None, None, False),
            ],
        ),
    ],
)
def test_real_paragraphs(
    text: str,
    roles: dict[int, BlockRole],
    expected: list[tuple[str, str | None, str | None, bool]],
) -> None:
    quotes = quotes_in(text, roles)
    assert len(quotes) == len(expected), [q.text for q in quotes]
    for quote, (opening, speaker, verb, partial) in zip(quotes, expected, strict=True):
        assert quote.text.startswith(opening)
        assert (quote.speaker, quote.verb, quote.partial) == (speaker, verb, partial)


def test_real_paragraph_quote_continued_over_paragraphs() -> None:
    quotes = quotes_in(MBIC_FOX_NADAL)
    continued = quotes[1]
    assert continued.text.endswith("mandatory that we fix it.")
    assert "runs over 2 paragraphs" in continued.reason


# --- Robustness ------------------------------------------------------------------------------

FRAGMENTS = [
    "“", "”", "‘", "’", '"', "'", "«", "»", " ", "  ", "\n", "\n\n", "said", "says", "Milley",
    "He", "he", "the general", "Gen.", "Mark", ",", ".", ":", "?", "It’s", "students’", "’90s",
    "word", "Ünïcödé", "\x00", "—", "s", "according to", "adding", "𝒳", "\u200b", "\r",
]  # fmt: skip

ALL_ROLES: list[BlockRole] = [
    "headline", "subheadline", "body", "crosshead", "caption", "promo", "footer",
]  # fmt: skip


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, list[Block]]:
    if draw(st.booleans()):
        text = "".join(draw(st.lists(st.sampled_from(FRAGMENTS), max_size=60)))
    else:
        text = draw(st.text(max_size=200))
    blocks = blocks_of(text)
    roles = draw(st.lists(st.sampled_from(ALL_ROLES), min_size=len(blocks), max_size=len(blocks)))
    return text, [
        Block(start=b.start, end=b.end, role=role) for b, role in zip(blocks, roles, strict=True)
    ]


@settings(max_examples=400, deadline=None)
@given(articles())
def test_any_input_gives_well_formed_quotes(article: tuple[str, list[Block]]) -> None:
    text, blocks = article
    quotes = find_quotes(text, blocks)
    searched = [b for b in blocks if b.role in QUOTE_ROLES]
    previous_end = 0
    for quote in quotes:
        assert previous_end <= quote.start < quote.end <= len(text)
        previous_end = quote.end
        assert any(b.start <= quote.start < b.end for b in searched)
        assert any(b.start < quote.end <= b.end for b in searched)
        assert (
            quote.text and text[quote.start + 1 : quote.start + 1 + len(quote.text)] == quote.text
        )
        assert quote.label == (quote.speaker or "")
        if quote.speaker_start is not None:
            assert quote.speaker_end is not None
            assert 0 <= quote.speaker_start < quote.speaker_end <= len(text)
    ranges = quoted_ranges(quotes)
    for start, end in ranges:
        assert start < end
        assert any(q.start < start and end <= q.end for q in quotes)
    for (_, end), (following_start, _) in itertools.pairwise(ranges):
        assert end < following_start


def test_blocks_out_of_order_or_out_of_range_do_not_break_anything() -> None:
    text = "“One,” Smith said.\n“Two,” Jones said."
    blocks = blocks_of(text)
    shuffled = [blocks[1], blocks[0], Block(start=30, end=500, role="body")]
    assert [q.speaker for q in find_quotes(text, shuffled)] == ["Smith", "Jones"]


# --- Rules added from the gold set (tests/gold/quotes): marks -----------------------------------


def test_two_apostrophes_close_a_double_quote() -> None:
    text = "\"We are hiring,'' Dave Clark said. \"More soon.''"
    first, second = quotes_in(text)
    assert text[first.start : first.end] == "\"We are hiring,''"
    assert first.text == "We are hiring,"
    assert second.text == "More soon."
    assert (first.speaker, second.speaker) == ("Clark", "Clark")
    assert quoted_ranges([first]) == [(first.start + 1, first.end - 2)]


def test_two_apostrophes_inside_words_are_not_a_mark() -> None:
    assert quotes_in("Don''t worry, it''s fine.") == []


def test_double_quote_nested_in_double_quote_when_both_close() -> None:
    text = "“Amazon refused because it “did not comply” with rules,” Berenson wrote."
    quote = only_quote(text)
    assert quote.text == "Amazon refused because it “did not comply” with rules,"
    assert (quote.speaker, quote.verb) == ("Berenson", "wrote")
    assert "quote within the quote" in quote.reason


# --- Attribution after the quote ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "verb"),
    [
        ("“We all know the outcome,” teen runner Selina Soule said.", "Soule", "said"),
        (
            "“My concern is politics,” University of Michigan political scientist Brendan Nyhan "
            "told Politico.",
            "Nyhan",
            "told",
        ),
        ("“The report found it,” BuzzFeed News’ Hamed Aleaziz reported.", "Aleaziz", "reported"),
        ("“Sweden will shrink,” reported CNBC.", "CNBC", "reported"),
        ("“Deaths rise,” notes the Los Angeles Times.", "Los Angeles Times", "notes"),
        (
            "“We are hiring,” Dave Clark, Amazon's senior vice president said in a post.",
            "Clark",
            "said",
        ),
        ("“Sales fell,” the Premier League said in a statement.", "Premier League", "said"),
        ("“Prices rise,” the Gillette News Record reported.", "Gillette News Record", "reported"),
    ],
)
def test_attribution_after_with_descriptions_and_new_verbs(
    text: str, speaker: str, verb: str
) -> None:
    quote = only_quote(text)
    assert (quote.speaker, quote.verb) == (speaker, verb)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“Young people are going mad” from neglect, said Bishop Thomas Weeks.", "Weeks"),
        (
            "Health Secretary Matt Hancock spoke.\n“Given the sacrifices” in the service, he told "
            "a briefing.",
            "Hancock",
        ),
        (
            "They are “three tweets away” from chaos, according to political scientist Adam "
            "Berinsky.",
            "Berinsky",
        ),
    ],
)
def test_attribution_later_in_the_quotes_sentence(text: str, speaker: str) -> None:
    assert quotes_in(text)[-1].speaker == speaker


@pytest.mark.parametrize(
    "text",
    [
        "“Go home,” protesters yelled at Mayor Jacob Frey because he said no.",
        "She and three others, known as the “squad” - voted against a bill that Smith said would "
        "help.",
        "“It is over.” Then Smith said nothing.",
    ],
)
def test_attribution_later_stops_where_the_quotes_clause_ends(text: str) -> None:
    assert quotes_in(text)[0].speaker is None


# --- Attribution before the quote ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Sen. Chuck Grassley, R-Iowa, chairman of the Finance Committee, said, “I don't think "
            "that's warranted.”",
            "Grassley",
        ),
        (
            "Senate Minority Leader Chuck Schumer, D-N.Y., tweeted that it was “glaringly "
            "missing.”",
            "Schumer",
        ),
        (
            "Elsewhere, Canada’s minister of development, Marie-Claude Bibeau, called abortion “a "
            "tool to end poverty.”",
            "Bibeau",
        ),
        (
            "Vasily Zablotsky, the head of the National Finance Association, a lobby group of "
            "banks, told Reuters that banks are “facing problems” now.",
            "Zablotsky",
        ),
        (
            "Republican Sen. Pat Toomey of Pennsylvania called the proposal a “terrible idea.”",
            "Toomey",
        ),
        (
            "Frontrunner Joe Biden in a March event at the University of Pennsylvania accused "
            "activists of “prostitution.”",
            "Biden",
        ),
        (
            "It is Tucker Carlson, accused by Farhad Manjoo in the Times of “advancing populism.”",
            "Manjoo",
        ),
        (
            "Peter Hotez took to The New York Times to warn of measles, “one of the most "
            "contagious diseases,” this year.",
            "Hotez",
        ),
        (
            "“Few teachers are informed,” said Charlotte Weil of the charity, but warned that “a "
            "tradition cannot be abolished in a year.”",
            "Weil",
        ),
        ("Last month, Biden apologized for telling a host that he “ain’t black.”", "Biden"),
        ("Jane Smith, who was praised by Trump, said it was “a good day.”", "Smith"),
        (
            "This was after Trump had tried to look tough by tweeting that protesters would be "
            "“greeted with dogs.”",
            "Trump",
        ),
    ],
)
def test_attribution_before_the_quote(text: str, speaker: str) -> None:
    assert quotes_in(text)[-1].speaker == speaker


@pytest.mark.parametrize(
    "text",
    [
        "Tens of thousands of women marched, carrying placards saying: “Liberty, Equality, "
        "Friendship”",
        "It is hard to argue that the phrase “ladies and gentlemen” is an insult.",
        "There is little doubt that the man would dust off the Nixon playbook, vowing to restore "
        "“law and order.”",
        "Billionaires – including financier George Soros – signed a letter, arguing that they "
        "have a “moral responsibility” to pay.",
    ],
)
def test_words_that_only_look_like_names_are_not_speakers(text: str) -> None:
    assert quotes_in(text)[0].speaker is None


# --- Quotes carried over ------------------------------------------------------------------------


def test_quote_after_reported_speech_of_the_sentence_before() -> None:
    text = "Paula Schramm said she had seen some progress. “And that is why I am here.”"
    quote = only_quote(text)
    assert (quote.speaker, quote.verb) == ("Schramm", "said")


def test_same_words_quoted_again_give_the_speaker() -> None:
    text = (
        "We may see measles, ‘one of the most lethal diseases,’ this year.\n"
        "“One of the most lethal diseases,” Peter Hotez wrote."
    )
    lede, body = quotes_in(text)
    assert (lede.speaker, body.speaker) == ("Hotez", "Hotez")
    assert "same words again" in lede.reason


def test_short_repeated_words_are_not_matched() -> None:
    text = "The plan was “fixed” at first.\n“Fixed,” Smith said."
    assert [q.speaker for q in quotes_in(text)] == [None, "Smith"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Critics called it “fixed” at first.", None),
        ("“It is over,” Officials said.", None),
        ("House Democrats launched a probe, accusing him of trying to “distract” voters.", None),
        ("Bernie Sanders spoke. Sanders called it “fixed” at first.", "Sanders"),
        ("“Sales fell,” Reuters said.", "Reuters"),
    ],
)
def test_plural_common_noun_is_not_a_name(text: str, speaker: str | None) -> None:
    assert quotes_in(text)[-1].speaker == speaker


# --- Pronouns -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Turning to Putin with a smile, Trump jokingly said: “Don't meddle.”\n"
            "“Don't meddle in the election,” he repeated.",
            "Trump",
        ),
        (
            "French President Emmanuel Macron spoke first. Justice Ruth Bader Ginsburg made a slip "
            "akin to Macron’s, when she said that “growth was a concern.”",
            "Ginsburg",
        ),
        (
            "Lead Australian study author Professor Michael Buckland said the changes were clear."
            "\n“I have looked at 1,000 brains,” he said.",
            "Buckland",
        ),
        (
            "T.J. Tu, senior counsel at the Center for Reproductive Rights, said the law is the "
            "same. He called the case “critically important.”",
            "Tu",
        ),
        (
            "In Berlin’s Alexanderplatz, protester Anna Lob told Reuters she had been assaulted.\n"
            "“A colleague grabbed me,” she said.",
            "Lob",
        ),
    ],
)
def test_pronoun_refers_to_the_speaker_or_subject_of_the_nearest_sentence(
    text: str, speaker: str
) -> None:
    assert quotes_in(text)[-1].speaker == speaker


# --- Organisations, institutions and documents ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Earlier this year, Physicians for Human Rights said separation was “cruel.”",
            "Physicians for Human Rights",
        ),
        (
            "The Department of Homeland Security said it was “lawful.”",
            "Department of Homeland Security",
        ),
        (
            "“Crowds are the highest risk,” said the Centers for Disease Control and Prevention.",
            "Centers for Disease Control and Prevention",
        ),
        ("Amnesty International said the law was “a disgrace.”", "Amnesty International"),
        ("“It is bad,” said Trump and Biden.", "Trump"),  # "and" joins people, not a name
    ],
)
def test_organisation_names_keep_their_connecting_words(text: str, speaker: str) -> None:
    assert quotes_in(text)[-1].speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker", "named_as"),
    [
        (
            "Victoria police said officers were working “around the clock” to help.",
            "Victoria police",
            "Victoria police",
        ),
        ("“Masks are optional,” the Trump campaign said.", "Trump campaign", "Trump campaign"),
        (
            "President Donald Trump’s campaign said rallies were “safe.”",
            "Trump campaign",
            "President Donald Trump’s campaign",
        ),
        (
            "The Turkmen government published photos.\nThe leader celebrated the “great successes” "
            "of sport, the government noted.",
            "Turkmen government",
            "the government",
        ),
    ],
)
def test_institutions_are_named_by_the_words_before_their_noun(
    text: str, speaker: str, named_as: str
) -> None:
    quote = quotes_in(text)[-1]
    assert quote.speaker == speaker
    assert speaker_words(text, quote) == named_as


def test_an_institution_the_article_never_names_is_no_speaker() -> None:
    quote = only_quote(
        "The leader celebrated the “great successes” of sport, the government noted."
    )
    assert quote.speaker is None
    assert "unnamed speaker (“the government”)" in quote.reason


@pytest.mark.parametrize(
    ("text", "speaker", "verb"),
    [
        (
            "The Turkmen government spoke.\n“All is calm,” the government’s statement read.",
            "Turkmen government",
            "read",
        ),
        (
            "As the athletes win, a recent article by the Associated Press sounds the alarm over "
            "the “resentment” that success might bring.",
            "Associated Press",
            "article",
        ),
        (
            "An official statement from Amnesty International celebrated the “brave women” here.",
            "Amnesty International",
            "statement",
        ),
    ],
)
def test_a_document_speaks_for_its_author(text: str, speaker: str, verb: str) -> None:
    quote = quotes_in(text)[-1]
    assert (quote.speaker, quote.verb) == (speaker, verb)


@pytest.mark.parametrize(
    "text",
    [
        "Trump dismissed Amnesty’s report as “fake news.”",  # the report is the object
        "The report read like “a novel.”",  # a document without an author
    ],
)
def test_a_document_that_is_not_the_subject_gives_no_speaker(text: str) -> None:
    assert only_quote(text).speaker is None


def test_a_name_introduced_as_an_organisation_keeps_every_word() -> None:
    text = (
        "One advocacy group, Athlete Ally, ousted Navratilova. ‘Trans women are women,’ Athlete "
        "Ally said."
    )
    assert only_quote(text).speaker == "Athlete Ally"


def test_a_person_after_a_word_for_an_organisation_is_still_a_person() -> None:
    text = (
        "It was the best year in the history of the company, Jeff Bezos said. “Great,” Jeff "
        "Bezos said."
    )
    assert only_quote(text).speaker == "Bezos"


# --- Descriptions, relative clauses and plural references -------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "named_as"),
    [
        (
            "Prime Minister Leo Varadkar said the goal was to change habits.\n“Our approach will "
            "be to nudge people,” the left-wing leader said.",
            "Varadkar",
            "the left-wing leader",
        ),
        (
            "Democratic hopeful Cory Booker unveiled a plan.\nThe plan from the New Jersey "
            "senator, who has previously vowed to “bring a fight” to the NRA, will fail.",
            "Booker",
            "the New Jersey senator",
        ),
    ],
)
def test_definite_description_refers_to_the_person_named_before(
    text: str, speaker: str, named_as: str
) -> None:
    quote = quotes_in(text)[-1]
    assert quote.speaker == speaker
    assert speaker_words(text, quote) == named_as


def test_title_holder_is_preferred_to_the_nearest_person() -> None:
    text = "Senator Jane Doe met John Smith.\nJohn Smith spoke. “We are ready,” the senator said."
    assert quotes_in(text)[-1].speaker == "Doe"


def test_relative_clause_speaks_for_the_name_it_follows() -> None:
    text = "Jane Smith, who has repeatedly warned of “a crisis,” left the room."
    assert only_quote(text).speaker == "Smith"


@pytest.mark.parametrize(
    ("text", "speaker", "named_as"),
    [
        (
            "Advocates Marielena Hincapié, director of the Law Center, and Olivia Golden, director "
            "of the Policy Center, denounced the rule.\n“Trump will do anything,” the two "
            "advocates said in a statement.",
            "Hincapié",
            "the two advocates",
        ),
        (
            "But President Donald Trump and his campaign advisers are going ahead. They claim "
            "attendees “assume a personal risk” there.",
            "Trump",
            "They",
        ),
        (
            "Physicians for Human Rights said it was cruel, further concluding it was a form of "
            "disappearance, “which is prohibited,” they wrote.",
            "Physicians for Human Rights",
            "they",
        ),
    ],
)
def test_plural_reference_resolves_to_an_organisation_or_coordinated_names(
    text: str, speaker: str, named_as: str
) -> None:
    quote = quotes_in(text)[-1]
    assert quote.speaker == speaker
    assert speaker_words(text, quote) == named_as


@pytest.mark.parametrize(
    "text",
    [
        "Critics spoke on Monday. “It hurts,” they said.",
        "John Smith spoke first. “It hurts,” they said.",  # one person is not a "they"
        "Jane Doe and John Smith met. “It is over,” two people said.",  # indefinite: somebody new
    ],
)
def test_plural_reference_without_a_plural_antecedent_is_no_speaker(text: str) -> None:
    assert quotes_in(text)[-1].speaker is None


# --- Verb forms --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "French President Emmanuel Macron worried at an event over the “civilizational” "
            "challenges, singling out that women have “seven or eight children.”",
            "Macron",
        ),
        ("Recall Bernie Sanders’ recent open fretting about “overpopulation” here.", "Sanders"),
        ("Smith said the claim was “false.”", "Smith"),  # "the claim": a noun
        ("Smith said he was worried about “bad things.”", "Smith"),  # "was worried": an adjective
        (
            "Sanders pushed back on that claim, saying he wanted to “set the record straight.”",
            "Sanders",
        ),
    ],
)
def test_verb_forms_that_are_also_nouns_or_adjectives(text: str, speaker: str) -> None:
    assert all(quote.speaker == speaker for quote in quotes_in(text))
