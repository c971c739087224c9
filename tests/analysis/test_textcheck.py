"""Text checks: cleaning what breaks the analysis, warning about what skews it."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import textcheck
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


# --- the fast paths agree with the first version -------------------------------------------------


def _reference_looks_like_html(text: str, word_count: int) -> bool:
    """looks_like_html as first written (without the quick exit)."""
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:5000].lower():
        return True
    if text.count("<") < 5:
        return False
    tags = len(textcheck._TAG_RE.findall(text)) + len(textcheck._CLOSING_TAG_RE.findall(text))
    entities = len(textcheck._ENTITY_RE.findall(text))
    if tags < 5:
        return False
    return (tags + entities / 4) / max(word_count, 1) > 0.02


def _reference_text_warnings(text: str) -> list[str]:
    """text_warnings as first written: the regular expression's words, a loop per paragraph."""
    found = textcheck._WORD_RE.findall(text)
    words = len(found)
    letters = [c for c in text if c.isalpha()]
    latin = sum(map(textcheck._is_latin, letters)) / len(letters) if letters else 1.0
    function_words = sum(
        1 for w in found if w.lower().replace("’", "'") in textcheck.ENGLISH_FUNCTION_WORDS
    )
    function = function_words / words if words else 0.0
    warnings: list[str] = []
    if words >= textcheck.MIN_WORDS_FOR_LANGUAGE_CHECK or len(letters) >= 20:
        if latin < textcheck.MIN_LATIN_LETTER_SHARE:
            warnings.append(
                "Most of this text is not in the Latin alphabet, so it is probably not English: "
                "the tone, loaded-language and readability measures are English-only and their "
                "figures here mean little."
            )
        elif words >= 20 and function < textcheck.MIN_ENGLISH_FUNCTION_SHARE:
            warnings.append(
                "This text does not look like English (few common English words such as "
                "'the', 'of', 'and'): the tone, loaded-language and readability measures are "
                "English-only and their figures here mean little."
            )
    if _reference_looks_like_html(text, words):
        warnings.append(
            "This looks like the HTML source of a web page, not article text: extract the "
            "article from the HTML first, or copy the text from the page as displayed."
        )
    if words >= 60 and not textcheck._SENTENCE_END_RE.search(text):
        warnings.append(
            f"{words:,} words without a single full stop, question or exclamation mark: "
            "sentence boundaries cannot be found, so per-sentence tone and readability "
            "treat whole lines as sentences."
        )
    longest = max((len(textcheck._WORD_RE.findall(p)) for p in text.split("\n")), default=0)
    if longest > textcheck.LONG_PARAGRAPH_WORDS:
        warnings.append(
            f"One paragraph has {longest:,} words: the paragraph breaks may have been lost. "
            "Quotations and captions are recognised per paragraph, so check them."
        )
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    unpaired = 0
    for number, paragraph in enumerate(paragraphs):
        marks = sum(paragraph.count(mark) for mark in textcheck._DOUBLE_MARKS)
        following = paragraphs[number + 1] if number + 1 < len(paragraphs) else ""
        if marks % 2 and not following.startswith(textcheck._OPENING_DOUBLE_MARKS):
            unpaired += 1
    if unpaired:
        warnings.append(
            f"Quotation marks do not pair up in {textcheck._count(unpaired, 'paragraph')}: some "
            "quotations may be cut short or run on, so check the highlighted quotes."
        )
    return warnings


_ENGLISH = (
    "The general said on Wednesday that it was possible to work with the Taliban against "
    "the Islamic State, but he didn’t think it would happen soon. "
)
_FRENCH = (
    "Le général a déclaré mercredi qu'une coordination avec les talibans contre le groupe "
    "État islamique était possible, mais que la menace restait élevée dans la région. "
)
_ADVERSARIAL_TEXTS = [
    "",
    " ",
    "\n\n",
    "a",
    "\x00",
    "😀" * 30,
    _ENGLISH * 3,
    _FRENCH * 3,
    (_ENGLISH + "\n") * 4 + _FRENCH * 6,
    "Председатель комитета заявил в среду, что координация с талибами возможна. " * 3,
    "参谋长联席会议主席周三表示，与塔利班合作打击伊斯兰国是可能的。" * 3,
    # no sentence punctuation, with and without a full stop
    "the council approved the wall after a long debate " * 8,
    "the council approved the wall after a long debate " * 8 + ".",
    # one enormous paragraph, and the same broken into lines
    "The council approved the wall. " * 320,
    "The council approved the wall.\n" * 320,
    "word " * 1_501,
    "é" * 1_600 + " the",
    # HTML
    "<!DOCTYPE html><html><head><title>x</title></head><body><p>Hello</p></body></html>",
    "<p>One</p><p>Two</p><div>Three</div><span>4</span><a href='x'>5</a> &amp; &#160; text",
    "A stray <p> and &amp; in an article about the <html> tag. " * 4,
    "   \n <html lang=en>" + "<p>x</p>" * 3,
    # quotation marks: paired, unpaired, continued, mixed kinds
    "“We will win, the mayor said. Then she left.",
    'He said "yes and then left.\nNobody else spoke.',
    "She called it ruthless” and walked out.",
    "“This quotation runs on\n“into a second paragraph and ends here.”",
    '“One\n\n  “two\n«three»\n„four“ and "five\n',
    'Mixed "straight and curly” marks, as sources often have.\n"\n"\n',
    "Single ‘marks’ and apostrophes aren’t counted.",
    # apostrophes, letters that are no ASCII, digits and underscores
    "'tis it's ''so'' don't' 'n' a''b a'''b ' '' it’s HE’S ’twas rock’n’roll o'clock",
    "K KELVIN İstanbul ΣΑΣ ß ǅ ² ١٢ x_y snake_case 3rd 42nd café naïve ʼokina",
    "Σίσυφος and Ωmega " * 10,
    "".join(chr(c) for c in range(0x100, 0x180)) + " the end",
    "\ud800 lone surrogate and the word \udfff",
]


@pytest.mark.parametrize("text", _ADVERSARIAL_TEXTS)
def test_text_warnings_equal_the_first_version(text: str) -> None:
    assert textcheck.text_warnings(text) == _reference_text_warnings(text)
    latin, function, words = textcheck.english_share(text)
    found = textcheck._WORD_RE.findall(text)
    assert words == len(found)
    assert function == (
        sum(1 for w in found if w.lower().replace("’", "'") in textcheck.ENGLISH_FUNCTION_WORDS)
        / len(found)
        if found
        else 0.0
    )


_TEXT_PIECES = [
    "the",
    "The",
    "THE",
    "of",
    "and",
    "it's",
    "It’s",
    "don't",
    "council",
    "said",
    "é",
    "K",
    "İ",
    "Σ",
    "²",
    "_",
    "7",
    " ",
    "  ",
    "\n",
    "\n\n",
    "'",
    "’",
    "‘",
    "“",
    "”",
    '"',
    "«",
    "»",
    "„",
    ".",
    ",",
    "—",
    "-",
    "<p>",
    "&amp;",
    "\xa0",
]


@settings(max_examples=1_000, deadline=None)
@given(st.lists(st.sampled_from(_TEXT_PIECES) | st.text(max_size=3), max_size=60).map("".join))
def test_text_warnings_equal_the_first_version_on_any_text(text: str) -> None:
    assert textcheck.text_warnings(text) == _reference_text_warnings(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_TEXT_PIECES), max_size=80).map(" ".join),
    st.integers(min_value=1, max_value=10),
)
def test_function_share_stops_counting_with_the_same_answer(text: str, repeats: int) -> None:
    text = (text + " ") * repeats * 10  # past the first chunk of 256 words
    found = textcheck._WORD_RE.findall(text)
    shape = textcheck._word_shape(textcheck._utf8(text))
    assert textcheck._word_total(text, shape) == len(found)
    if not found:
        return
    function = sum(
        1 for w in found if w.lower().replace("’", "'") in textcheck.ENGLISH_FUNCTION_WORDS
    )
    for share in (0.05, 0.1, 0.3, 0.5, 0.9):
        reaches = textcheck._function_share_reaches(text, shape, len(found), share)
        assert reaches == (function / len(found) >= share)


def test_non_ascii_letters_with_ascii_lower_case_stand_in_exactly() -> None:
    # A word shape writes a non-ASCII letter as its lower case only when that is ASCII letters;
    # any other letter with an ASCII lower case would need a stand-in that is no letter.
    ascii_lowered = [
        char
        for char in map(chr, range(0x80, 0x110000))
        if char.lower().isascii() and textcheck._LETTER_RE.match(char)
    ]
    assert ascii_lowered == ["\u212a"]  # the Kelvin sign
    assert all(char.lower().isalpha() for char in ascii_lowered)
    assert textcheck._OTHER_LETTER not in "".join(map(chr, range(0x110000))).encode(
        "utf-8", "surrogatepass"
    )


def _shape_token(word: str) -> bytes:
    """A word of ``_WORD_RE`` as its word shape writes it."""
    return "".join(
        "'"
        if char in "'’"
        else char.lower()
        if char.lower().isascii() and char.lower().isalpha()
        else "_"
        for char in word
    ).encode("ascii")


@settings(max_examples=1_000, deadline=None)
@given(st.lists(st.sampled_from(_TEXT_PIECES) | st.text(max_size=3), max_size=40).map("".join))
def test_word_shape_holds_the_words_of_the_regular_expression(text: str) -> None:
    shape = textcheck._word_shape(textcheck._utf8(text))
    found = textcheck._WORD_RE.findall(text)
    if shape is not None:
        assert shape.split() == [_shape_token(word) for word in found]
    assert textcheck.english_share(text)[1:] == (
        sum(1 for w in found if w.lower().replace("’", "'") in textcheck.ENGLISH_FUNCTION_WORDS)
        / len(found)
        if found
        else 0.0,
        len(found),
    )


@pytest.mark.parametrize("text", ["'the", "the'", "'the'", "’and’", "x''of", "of'''x"])
def test_apostrophes_at_the_edges_of_words_are_not_part_of_them(text: str) -> None:
    assert textcheck.english_share(text)[1] == (0.5 if "x" in text else 1.0)
