"""The teacher's word list: edit, see which entry flagged a word, export and import."""

from __future__ import annotations

import pytest

from analysis import analyse_story, load_story
from analysis.corpus import CORPUS_DIR
from analysis.lexicon import Lexicon, LexiconError, default_lexicon, parse_lexicon
from ui.lexicon_editor import (
    COL_ENTRY,
    COL_WORDS,
    TEACHER_SOURCE,
    add_category,
    add_term,
    categories_csv,
    categories_frame,
    category_id_for,
    decode_upload,
    entries_frame,
    entry_for_hit,
    file_kind,
    flagged_frame,
    flagging_entries,
    import_files,
    message_html,
    remove_category,
    remove_terms,
    term_key,
    terms_csv,
)

SEED = CORPUS_DIR / "2021-09-01-pentagon-briefing"


@pytest.fixture(scope="module")
def story():
    return load_story(SEED)


@pytest.fixture(scope="module")
def seed(story):
    return {a.meta.id: a for a in analyse_story(story).articles}


def test_export_round_trips_the_whole_list() -> None:
    lexicon = default_lexicon()
    terms, categories = terms_csv(lexicon), categories_csv(lexicon)
    assert terms.startswith("term,category,alternative,source,note\n")
    assert categories.startswith("id,name,description\n")
    again = parse_lexicon(terms, categories)
    assert again.entries == lexicon.entries and again.categories == lexicon.categories


def test_added_term_goes_first_and_flags_words(story) -> None:
    lexicon = add_term(default_lexicon(), "  forever   war ", "charged", "long war", "a slogan")
    entry = lexicon.entries[0]
    assert (entry.term, entry.source, entry.alternative) == (
        "forever war",
        TEACHER_SOURCE,
        "long war",
    )
    ap = next(a for a in analyse_story(story, lexicon).articles if a.meta.id == "ap")
    hits = [h for h in ap.loaded if h.source == TEACHER_SOURCE]
    assert [ap.text[h.start : h.end] for h in hits] == ["forever war"]
    assert entry_for_hit(hits[0], lexicon) == entry


def test_add_term_refuses_duplicates_bad_syntax_and_unknown_categories() -> None:
    lexicon = default_lexicon()
    with pytest.raises(LexiconError, match="already on the list"):
        add_term(lexicon, "Insist", "charged")
    with pytest.raises(LexiconError, match="gaps in a row"):
        add_term(lexicon, "raise * * eyebrows", "editorialising")
    with pytest.raises(LexiconError, match="Unknown category 'nope'"):
        add_term(lexicon, "zzz", "nope")
    with pytest.raises(LexiconError, match="Write the word"):
        add_term(lexicon, "   ", "charged")
    assert term_key("Don’t  Stop") == "don't stop"


def test_removing_an_entry_stops_it_flagging(story, seed) -> None:
    sofrep = seed["sofrep"]
    debunked = next(h for h in sofrep.loaded if h.text == "debunked")
    entry = entry_for_hit(debunked, default_lexicon())
    assert entry is not None and entry.term == "debunk"
    lexicon = remove_terms(default_lexicon(), [entry.term])
    assert len(lexicon.entries) == len(default_lexicon().entries) - 1
    again = next(a for a in analyse_story(story, lexicon).articles if a.meta.id == "sofrep")
    assert "debunked" not in [h.text for h in again.loaded]


def test_flagged_frame_names_the_entry_of_every_hit(seed) -> None:
    articles = list(seed.values())
    frame = flagged_frame(articles, default_lexicon(), {"ap": "AP", "sofrep": "SOFREP"})
    assert len(frame) == sum(len(a.loaded) for a in articles)
    row = frame[frame[COL_WORDS] == "raised some eyebrows"].iloc[0]
    assert row[COL_ENTRY] == "raise * eyebrows"
    entries = flagging_entries(articles, default_lexicon())
    assert len({e.term for e in entries}) == len(entries)
    assert "raise * eyebrows" in {e.term for e in entries}


def test_categories_can_be_added_and_removed() -> None:
    lexicon = add_category(default_lexicon(), "Military jargon", "Words of the armed forces.")
    assert lexicon.categories[-1].id == "military_jargon"
    lexicon = add_term(lexicon, "over-the-horizon", "military_jargon")
    frame = categories_frame(lexicon)
    assert frame.iloc[-1]["Entries"] == 1
    smaller, removed = remove_category(lexicon, "military_jargon")
    assert removed == 1 and "military_jargon" not in {c.id for c in smaller.categories}
    with pytest.raises(LexiconError, match="already a category called"):
        add_category(default_lexicon(), "hedge or doubt marker", "x")
    with pytest.raises(LexiconError, match="Describe"):
        add_category(default_lexicon(), "New", " ")
    with pytest.raises(LexiconError, match="at least one category"):
        remove_category(Lexicon(entries=(), categories=lexicon.categories[:1]), "charged")
    with pytest.raises(LexiconError, match="starts with a letter"):
        category_id_for("123 !!")
    assert category_id_for("  Über-Framing 2 ") == "uber_framing_2"


def test_import_a_terms_file_a_categories_file_or_both() -> None:
    lexicon = add_category(default_lexicon(), "Jargon", "Insider words.")
    lexicon = add_term(lexicon, "kinetic", "jargon")
    terms = terms_csv(lexicon).encode()
    categories = categories_csv(lexicon).encode()
    both = import_files(default_lexicon(), [("t.csv", terms), ("c.csv", categories)])
    assert both.entries == lexicon.entries and both.categories == lexicon.categories
    only_terms = import_files(lexicon, [("t.csv", b"\xef\xbb\xbf" + terms)])
    assert only_terms.entries[0].term == "kinetic"
    with pytest.raises(LexiconError, match=r"^t\.csv: terms, line 2: unknown category 'jargon'"):
        import_files(default_lexicon(), [("t.csv", terms)])


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([], "Choose a terms file"),
        ([("a.csv", b"")], r"a\.csv: the file is empty"),
        ([("a.csv", b"\xff\xfeterm")], r"a\.csv: not UTF-8 text \(byte 1\)"),
        ([("a.csv", b"word,reason\nx,y\n")], r"a\.csv: the first line must be"),
        (
            [
                ("a.csv", b"term,category,alternative,source,note\n"),
                ("b.csv", b"term,category,alternative,source,note\n"),
            ],
            r"b\.csv and a\.csv are both terms files",
        ),
        (
            [("a.csv", b'term,category,alternative,source,note\nx,charged,"open,project,\n')],
            r"a\.csv: terms, line 2: .*quotation mark left open",
        ),
        (
            [("a.csv", b"term,category,alternative,source,note\nx,charged,,,\n")],
            r"a\.csv: terms, line 2: the source is empty",
        ),
        (
            [("c.csv", b"id,name,description\nBad Id,Name,x\n")],
            r"c\.csv: categories, line 2: id 'Bad Id' must be",
        ),
    ],
)
def test_import_errors_name_the_file_and_line(files, message) -> None:
    with pytest.raises(LexiconError, match=message):
        import_files(default_lexicon(), files)


def test_file_kind_and_decoding() -> None:
    assert file_kind("term,category,alternative,source,note\n") == "terms"
    assert file_kind("\ufeffid,name,description\r\n") == "categories"
    assert file_kind("a,b\n") is None
    assert decode_upload("x.csv", "é,1\n".encode()) == "é,1\n"
    with pytest.raises(LexiconError, match="not a text file"):
        decode_upload("x.csv", b"a\x00b")


def test_entries_frame_and_messages_escape() -> None:
    frame = entries_frame(default_lexicon())
    assert len(frame) == len(default_lexicon().entries)
    assert list(frame.columns)[:2] == ["Term", "Category"]
    markup = message_html("“<script>”", "error")
    assert "<script>" not in markup and 'role="alert"' in markup
