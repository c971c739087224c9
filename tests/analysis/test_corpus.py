"""Article and story files: header parsing, headline recognition, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.corpus import (
    MAX_FILE_BYTES,
    InputError,
    decode_text,
    format_article,
    list_stories,
    load_article,
    load_story,
    parse_article,
    parse_header,
    split_headlines,
)

ARTICLE = """Outlet: Example Times
Headline: Council approves budget
Kind: wire report
Notes: a long note
  continued here
---
The council approved the budget on Monday.

It passed 7-2.
"""


def test_header_fields_and_body_are_split() -> None:
    fields, body = parse_header(ARTICLE)
    assert fields["outlet"] == "Example Times"
    assert fields["notes"] == "a long note continued here"
    assert body.startswith("The council approved")


def test_text_without_separator_is_all_body() -> None:
    fields, body = parse_header("Note: this is not a header\nBody text here.")
    assert fields == {}
    assert body.startswith("Note:")


def test_parse_article_fills_known_fields_and_leaves_others_empty() -> None:
    article = parse_article(ARTICLE, "x")
    assert article.meta.outlet == "Example Times"
    assert article.meta.kind == "wire report"
    assert article.meta.date == ""
    assert article.body == "The council approved the budget on Monday.\n\nIt passed 7-2."


def test_unknown_header_field_is_reported_in_notes() -> None:
    article = parse_article("Outlet: A\nColour: red\n---\nBody.", "x")
    assert "colour" in article.meta.notes


def test_format_article_round_trips() -> None:
    article = parse_article(ARTICLE, "x")
    again = parse_article(format_article(article), "x")
    assert again.meta == article.meta
    assert again.body == article.body


@pytest.mark.parametrize(
    ("pasted", "headline", "subheadline"),
    [
        (
            "US general says coordination ‘possible’\n\nBut remarks don’t indicate plans\n\n"
            "WASHINGTON (AP) — The general said so. It was Wednesday.",
            "US general says coordination ‘possible’",
            "But remarks don’t indicate plans",
        ),
        ("Headline Here\n\nThe first paragraph ends with a period.", "Headline Here", ""),
        ("The first paragraph is body. It ends with a period.\n\nSecond one.", "", ""),
    ],
)
def test_pasted_headlines_are_recognised(pasted: str, headline: str, subheadline: str) -> None:
    got_headline, got_subheadline, rest = split_headlines(pasted)
    assert (got_headline, got_subheadline) == (headline, subheadline)
    assert rest
    if headline:
        assert headline not in rest


def test_raw_seed_file_gets_its_headline(tmp_path: Path) -> None:
    seed = Path(__file__).resolve().parents[1] / "fixtures" / "seeds" / "ap.txt"
    article = load_article(seed)
    assert article.meta.headline.startswith("US general says coordination")
    assert article.meta.subheadline.startswith("But Mark Milley")
    assert article.body.startswith("US Joint Chiefs of Staff Gen. Mark Milley speaks")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"\x81\x8d\x8f\x90\x9d text", "not UTF-8"),
        (b"   \n\n  ", "no text"),
    ],
)
def test_bad_files_raise_one_line_errors(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        load_article(path)
    message = str(error.value)
    assert problem in message and str(path) in message and "\n" not in message


def test_missing_and_oversized_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_article(tmp_path / "missing.txt")
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (MAX_FILE_BYTES // 5 + 1))
    with pytest.raises(InputError, match="over the limit"):
        load_article(big)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Caf\u00e9 “quoted”".encode(), "Café “quoted”"),
        ("\ufeffBOM text".encode(), "BOM text"),
        ("Caf\u00e9 “quoted”".encode("cp1252"), "Café “quoted”"),
        ("UTF-16 text".encode("utf-16"), "UTF-16 text"),
        (b"line one\r\nline two\rline three", "line one\nline two\nline three"),
    ],
)
def test_common_encodings_are_decoded(data: bytes, expected: str) -> None:
    assert decode_text(data) == expected


def test_seed_story_loads_with_known_metadata_only(seed_story_path: Path) -> None:
    story = load_story(seed_story_path)
    assert story.date == "2021-09-01"
    assert "Pentagon" in story.title
    by_id = {a.meta.id: a for a in story.articles}
    assert set(by_id) == {"ap", "sofrep"}
    assert by_id["sofrep"].meta.kind == "opinion/analysis"
    assert by_id["sofrep"].meta.headline == ""
    assert by_id["sofrep"].meta.url.startswith("https://sofrep.com/")
    assert by_id["ap"].meta.kind == "wire report"
    assert by_id["ap"].meta.headline.startswith("US general says")
    assert "US general says" not in by_id["ap"].body


def test_list_stories_finds_the_bundled_story(seed_story_path: Path) -> None:
    assert seed_story_path in list_stories()


def test_story_folder_without_articles_is_refused(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Title: Empty\n---\n", encoding="utf-8")
    with pytest.raises(InputError, match="no article files"):
        load_story(tmp_path)
