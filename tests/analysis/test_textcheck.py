"""Text checks: cleaning what breaks the analysis, warning about what skews it."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.corpus import load_story
from analysis.textcheck import (
    LONG_PARAGRAPH_WORDS,
    clean_text,
    english_share,
    looks_like_html,
    text_warnings,
)

REPO = Path(__file__).resolve().parent.parent.parent
SEED = REPO / "corpus" / "2021-09-01-pentagon-briefing"
FIXTURES = REPO / "tests" / "fixtures" / "ingest"

# Short paragraphs written for these tests: the same news in eight languages.
FOREIGN = {
    "fr": "Le chef d'état-major des armées a déclaré mercredi qu'une coordination avec les "
    "talibans contre le groupe État islamique était possible. Lors d'une conférence de presse, "
    "le général a expliqué que les États-Unis devaient rester prudents, mais que la menace "
    "restait élevée dans la région.",
    "de": "Der Generalstabschef hat am Mittwoch gesagt, eine Zusammenarbeit mit den Taliban gegen "
    "den Islamischen Staat sei möglich. Bei einer Pressekonferenz erklärte der General, die "
    "Vereinigten Staaten müssten vorsichtig bleiben, doch die Bedrohung in der Region sei hoch.",
    "es": "El jefe del Estado Mayor dijo el miércoles que es posible una coordinación con los "
    "talibanes contra el Estado Islámico. En una rueda de prensa, el general explicó que el "
    "país debe mantener la cautela, pero que la amenaza sigue siendo alta en la región.",
    "it": "Il capo di stato maggiore ha detto mercoledì che un coordinamento con i talebani "
    "contro lo Stato islamico è possibile. Durante una conferenza stampa, il generale ha "
    "spiegato che gli Stati Uniti devono restare prudenti, ma che la minaccia rimane alta.",
    "nl": "De hoogste militair heeft woensdag gezegd dat samenwerking met de Taliban tegen "
    "Islamitische Staat mogelijk is. Tijdens een persconferentie legde de generaal uit dat het "
    "land voorzichtig moet blijven, maar dat de dreiging in de regio hoog blijft.",
    "pt": "O chefe do Estado-Maior disse na quarta-feira que uma coordenação com o Talibã contra "
    "o Estado Islâmico é possível. Em entrevista coletiva, o general explicou que o país deve "
    "manter a cautela, mas que a ameaça continua alta na região.",
    "ru": "Председатель комитета начальников штабов заявил в среду, что координация с "
    "талибами против Исламского государства возможна.",
    "zh": "参谋长联席会议主席周三表示，与塔利班合作打击伊斯兰国是可能的。",
}


@pytest.fixture(scope="module")
def seed_bodies() -> list[str]:
    return [a.body for a in load_story(SEED).articles]


# --- clean_text -----------------------------------------------------------------------------------


def test_clean_text_removes_controls_and_keeps_newlines_and_tabs() -> None:
    cleaned, notices = clean_text("a\x00b\x01c\td\ne\x7ff\x9bg")
    assert cleaned == "abc\td\nefg"
    assert notices == [
        "1 NUL character (zero bytes) removed.",
        "3 invisible control characters removed.",
    ]


def test_clean_text_normalises_line_breaks_silently() -> None:
    cleaned, notices = clean_text("a\r\nb\rc\x0cd\u2028e\u2029f\x85g\x0bh")
    assert cleaned == "a\nb\nc\nd\ne\nf\ng\nh"
    assert notices == []


def test_clean_text_removes_invisible_characters_and_says_which() -> None:
    cleaned, notices = clean_text("\ufeffun\u00adbe\u200blievable\u2060!")
    assert cleaned == "unbelievable!"
    assert notices == [
        "Invisible characters removed: 1 byte-order mark, 1 soft hyphen, 1 word joiner, "
        "1 zero-width space."
    ]


def test_clean_text_removes_direction_overrides() -> None:
    cleaned, notices = clean_text("safe \u202etxt.exe\u202c text")
    assert cleaned == "safe txt.exe text"
    assert notices and "text-direction" in notices[0]


def test_clean_text_keeps_emoji_sequences_and_right_to_left_text() -> None:
    text = "Family 👨‍👩‍👧 flag 🇺🇸 heart ❤️ skin 👍🏽 שלום עולם \u200f مرحبا ZWNJ می\u200cخواهم"
    cleaned, notices = clean_text(text)
    assert cleaned == text
    assert notices == []


def test_clean_text_replaces_unpaired_surrogates() -> None:
    cleaned, notices = clean_text("bad \ud800 byte")
    assert cleaned == "bad \ufffd byte"
    assert "1 invalid character" in notices[0]
    cleaned.encode("utf-8")  # encodable now


def test_clean_text_composes_accents() -> None:
    cleaned, notices = clean_text("cafe\u0301")
    assert cleaned == "café" and len(cleaned) == 4
    assert notices == []


def test_clean_text_leaves_the_seed_articles_unchanged(seed_bodies: list[str]) -> None:
    for body in seed_bodies:
        assert clean_text(body) == (unicodedata.normalize("NFC", body), [])


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec=None)))
def test_clean_text_is_idempotent_and_leaves_no_controls(text: str) -> None:
    cleaned, _ = clean_text(text)
    again, notices = clean_text(cleaned)
    assert again == cleaned
    assert notices == []
    assert all(c in "\n\t" or unicodedata.category(c) != "Cc" for c in cleaned)
    cleaned.encode("utf-8")


# --- looks_like_html ------------------------------------------------------------------------------


def test_looks_like_html_recognises_a_page_source() -> None:
    assert looks_like_html((FIXTURES / "article.html").read_text(encoding="utf-8"))
    fragment = (
        "<div class='story'><p>One.</p><p>Two.</p><p>Three.</p><p>Four.</p><p>Five.</p></div>"
    )
    assert looks_like_html(fragment)


def test_looks_like_html_ignores_articles_that_mention_tags(seed_bodies: list[str]) -> None:
    for body in seed_bodies:
        assert not looks_like_html(body)
    mention = "The page used a <p> tag and &amp; entity. " + "Ordinary words follow here. " * 50
    assert not looks_like_html(mention)


# --- text_warnings --------------------------------------------------------------------------------


def test_english_news_gets_no_warning(seed_bodies: list[str]) -> None:
    for body in seed_bodies:
        assert text_warnings(body) == []


@pytest.mark.parametrize("language", sorted(FOREIGN))
def test_other_languages_get_the_english_only_warning(language: str) -> None:
    warnings = text_warnings(FOREIGN[language])
    assert len(warnings) == 1
    assert "English-only" in warnings[0]


def test_a_short_foreign_phrase_in_english_text_is_fine(seed_bodies: list[str]) -> None:
    mixed = seed_bodies[0] + "\n" + FOREIGN["fr"]
    assert text_warnings(mixed) == []


def test_english_share_measures_function_words() -> None:
    latin, function, count = english_share("The cat sat on the mat and said it was fine.")
    assert latin == 1.0
    assert count == 11
    assert function == pytest.approx(7 / 11)
    assert english_share("") == (1.0, 0.0, 0)


def test_no_sentence_punctuation_is_warned() -> None:
    text = " ".join(["the council approved the wall after a long debate"] * 10)
    warnings = text_warnings(text)
    assert any("without a single full stop" in w for w in warnings)
    assert not any("full stop" in w for w in text_warnings(text + "."))


def test_one_enormous_paragraph_is_warned() -> None:
    text = "The council approved the wall. " * (LONG_PARAGRAPH_WORDS // 5 + 1)
    assert any("paragraph breaks may have been lost" in w for w in text_warnings(text))
    split = text.replace(". ", ".\n")
    assert text_warnings(split) == []


@pytest.mark.parametrize(
    "text",
    [
        "“We will win, the mayor said. Then she left.",
        'He said "yes and then left. Nobody else spoke.',
        "She called it ruthless” and walked out.",
    ],
)
def test_unpaired_quotation_marks_are_warned(text: str) -> None:
    warnings = text_warnings(text)
    assert any("Quotation marks do not pair up in 1 paragraph" in w for w in warnings)


@pytest.mark.parametrize(
    "text",
    [
        "“We will win,” the mayor said.",
        "“This quotation runs on\n“into a second paragraph and ends here.”",
        'Mixed "straight and curly” marks, as sources often have.',
        "Single ‘marks’ and apostrophes aren’t counted.",
    ],
)
def test_paired_or_continued_quotations_are_not_warned(text: str) -> None:
    assert not any("Quotation marks" in w for w in text_warnings(text))


def test_pasted_html_is_warned() -> None:
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    assert any("HTML source" in w for w in text_warnings(html))


@pytest.mark.parametrize("text", ["", " ", "\n\n", "😀" * 10, "a", "\x00"])
def test_degenerate_texts_do_not_crash(text: str) -> None:
    assert isinstance(text_warnings(text), list)


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_letter_counts_match_a_character_loop(text: str) -> None:
    from analysis.textcheck import _is_latin, _letter_counts

    letters = [c for c in text if c.isalpha()]
    assert _letter_counts(text) == (len(letters), sum(1 for c in letters if _is_latin(c)))
