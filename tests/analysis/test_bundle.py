"""Saved comparisons: save, load, analyse again: the identical analysis. Loading is strict."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from analysis.bundle import (
    MAX_BUNDLE_BYTES,
    MAX_SETTINGS_DEPTH,
    SCHEMA,
    bundle_file_name,
    bundle_from_bytes,
    bundle_to_bytes,
    is_bundle_file,
    lexicon_files,
    lexicon_version,
    story_from_bundle_file,
)
from analysis.compare import compare_articles
from analysis.corpus import InputError, load_story, parse_article
from analysis.export import article_to_json
from analysis.ingest import MAX_ARTICLES, article_from_paste, story_from_articles
from analysis.model import Article, ArticleMeta, Story
from analysis.pipeline import analyse_story

REPO = Path(__file__).resolve().parent.parent.parent
SEED = REPO / "corpus" / "2021-09-01-pentagon-briefing"
FIXTURES = REPO / "tests" / "fixtures" / "ingest"
SETTINGS = {
    "articles": ["sofrep", "ap"],
    "selection": {"article": "ap", "start": 120, "end": 164, "kind": "loaded"},
    "metric": "tone_narration",
    "show_quotes": True,
    "threshold": 0.25,
    "nothing": None,
}


@pytest.fixture(scope="module")
def seed_story() -> Story:
    return load_story(SEED)


@pytest.fixture(scope="module")
def saved(seed_story: Story) -> bytes:
    return bundle_to_bytes(seed_story, SETTINGS, lexicon_version())


def _document(saved: bytes) -> dict:
    return json.loads(saved)


def _bytes(document: object) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


# --- round trip -----------------------------------------------------------------------------------


def test_analyse_save_load_analyse_gives_identical_metrics_and_spans(
    seed_story: Story, saved: bytes
) -> None:
    before = analyse_story(seed_story)
    loaded = bundle_from_bytes(saved)
    after = analyse_story(loaded.story)
    assert [article_to_json(a) for a in after.articles] == [
        article_to_json(a) for a in before.articles
    ]
    assert after.table.equals(before.table)
    assert compare_articles(after.articles).to_json() == compare_articles(before.articles).to_json()


def test_round_trip_keeps_story_metadata_and_settings(seed_story: Story, saved: bytes) -> None:
    loaded = bundle_from_bytes(saved)
    assert loaded.settings == SETTINGS
    assert loaded.lexicon_version == lexicon_version()
    assert loaded.lexicon_matches
    assert loaded.notices == []
    story = loaded.story
    assert (story.id, story.title, story.date, story.description) == (
        seed_story.id,
        seed_story.title,
        seed_story.date,
        seed_story.description,
    )
    for original, copy in zip(seed_story.articles, story.articles, strict=True):
        assert copy.body == original.body
        for key in ("id", "outlet", "headline", "subheadline", "byline", "date", "url", "kind"):
            assert getattr(copy.meta, key) == getattr(original.meta, key)


def test_saving_is_deterministic_and_readable_json(seed_story: Story, saved: bytes) -> None:
    assert bundle_to_bytes(seed_story, SETTINGS, lexicon_version()) == saved
    document = _document(saved)
    assert list(document) == ["schema", "lexicon_version", "story", "articles", "settings"]
    assert document["schema"] == SCHEMA
    assert "’" in saved.decode("utf-8")  # text kept as written, not \\u-escaped


def test_pasted_articles_with_odd_characters_round_trip() -> None:
    texts = ["Tab\there, “quotes”, emoji 👨‍👩‍👧, RTL שלום.", "Second\n\narticle’s text."]
    story = story_from_articles([article_from_paste(t).article for t in texts], "Mine")
    loaded = bundle_from_bytes(bundle_to_bytes(story, {}, lexicon_version())).story
    assert [a.body for a in loaded.articles] == [a.body for a in story.articles]
    assert [a.meta.id for a in loaded.articles] == ["pasted", "pasted-2"]


def test_a_committed_version_1_file_still_loads() -> None:
    path = FIXTURES / "saved-comparison.json"
    assert is_bundle_file(path)
    bundle = bundle_from_bytes(path.read_bytes(), path.name)
    reference = parse_article((FIXTURES / "article.txt").read_text(encoding="utf-8"), "x")
    gazette = bundle.story.articles[0]
    assert gazette.body == reference.body
    assert gazette.meta.headline == reference.meta.headline
    assert bundle.settings["selection"] == {"article": "gazette"}
    assert bundle.lexicon_version == "000000000000"
    assert not bundle.lexicon_matches
    assert len(bundle.notices) == 1 and "loaded-language figures may differ" in bundle.notices[0]
    assert len(analyse_story(bundle.story).articles) == 2


# --- lexicon version ------------------------------------------------------------------------------


def test_lexicon_version_is_a_short_hash_of_the_lexicon_files() -> None:
    version = lexicon_version()
    assert len(version) == 12 and int(version, 16) >= 0
    names = [p.name for p in lexicon_files()]
    assert "loaded_terms.csv" in names and "loaded_categories.csv" in names
    assert version == lexicon_version()


def test_lexicon_version_changes_with_the_terms_and_ignores_line_endings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import analysis.lexicon as lexicon

    original = lexicon.TERMS_FILE.read_bytes()
    copy = tmp_path / "loaded_terms.csv"
    copy.write_bytes(original.replace(b"\n", b"\r\n"))
    monkeypatch.setattr(lexicon, "TERMS_FILE", copy)
    assert copy in lexicon_files()
    crlf_version = lexicon_version()
    copy.write_bytes(original)
    assert lexicon_version() == crlf_version
    copy.write_bytes(original + b"newword,emotional,,project,\n")
    assert lexicon_version() != crlf_version


# --- strict loading -------------------------------------------------------------------------------


def _edited(saved: bytes, change) -> bytes:
    document = _document(saved)
    change(document)
    return _bytes(document)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("schema"), "not a Coverage Lens saved comparison"),
        (lambda d: d.update(schema="coverage-lens-bundle/2"), "newer version.*update"),
        (lambda d: d.update(schema="coverage-lens-bundle/beta"), "unknown saved-comparison"),
        (lambda d: d.update(schema="coverage-lens/1"), "analysis output from the command line"),
        (lambda d: d.update(extra=1), "unknown fields 'extra'"),
        (lambda d: d.pop("articles"), "'articles' is missing"),
        (lambda d: d.update(articles=[]), "'articles' is missing or empty"),
        (lambda d: d.update(articles="text"), "'articles' is missing"),
        (lambda d: d.update(story=[]), "'story' is missing or not an object"),
        (lambda d: d["story"].update(colour="red"), "story has unknown fields 'colour'"),
        (lambda d: d["story"].pop("id"), "story 'id' is missing"),
        (lambda d: d["articles"][0].update(body=5), "article 1 'body' should be text, not int"),
        (lambda d: d["articles"][1].pop("body"), "article 2 'body' is missing"),
        (lambda d: d["articles"][0].update(body="  \n"), "has no text"),
        (lambda d: d["articles"][0].update(script="x"), "article 1 has unknown fields 'script'"),
        (lambda d: d["articles"][0].update(headline=["a"]), "should be text, not list"),
        (lambda d: d["articles"][0].update(headline="h" * 2_001), "over the limit of 2,000"),
        (lambda d: d["articles"][0].update(body="w" * 200_001), "over the limit of 200,000"),
        (lambda d: d["articles"][0].update(id=""), "empty or unprintable id"),
        (lambda d: d["articles"][1].update(id=d["articles"][0]["id"]), "two articles have the id"),
        (lambda d: d["articles"].extend(d["articles"][:1] * MAX_ARTICLES), "over the limit of 6"),
        (lambda d: d.update(settings=[1, 2]), "'settings' is not an object"),
        (lambda d: d.update(lexicon_version=3), "'lexicon_version' should be text"),
        (lambda d: d.pop("lexicon_version"), "'lexicon_version' is missing"),
    ],
)
def test_invalid_bundles_are_refused_with_a_clear_message(saved: bytes, change, message: str):
    with pytest.raises(InputError, match=message) as caught:
        bundle_from_bytes(_edited(saved, change), "mine.json")
    assert str(caught.value).startswith("mine.json: ")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"{not json", "invalid JSON"),
        (b"[1, 2, 3]", "expected a JSON object"),
        (b'{"schema": "coverage-lens-bundle/1", "schema": "x"}', "appears twice"),
        (b'{"schema": "coverage-lens-bundle/1", "x": NaN}', "NaN is not allowed"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply|invalid JSON"),
        (pickle.dumps({"schema": SCHEMA}), "not UTF-8|invalid JSON"),
    ],
)
def test_malformed_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        bundle_from_bytes(data)


def test_deeply_nested_settings_are_refused(saved: bytes) -> None:
    nested: object = "leaf"
    for _ in range(MAX_SETTINGS_DEPTH + 2):
        nested = {"x": nested}
    data = _edited(saved, lambda d: d.update(settings=nested))
    with pytest.raises(InputError, match="nested too deeply"):
        bundle_from_bytes(data)


def test_unpaired_surrogates_are_refused(saved: bytes) -> None:
    data = saved.replace(b'"body": "', b'"body": "\\ud800', 1)
    with pytest.raises(InputError, match="unpaired surrogates"):
        bundle_from_bytes(data)


def test_a_file_over_the_size_limit_is_refused_before_parsing() -> None:
    with pytest.raises(InputError, match=f"limit of {MAX_BUNDLE_BYTES:,} bytes"):
        bundle_from_bytes(b"{" + b" " * MAX_BUNDLE_BYTES + b"}")


def test_strings_that_look_like_code_are_only_text(saved: bytes) -> None:
    code = "__import__('os').system('echo pwned') {{7*7}} <script>alert(1)</script>"
    data = _edited(saved, lambda d: d["articles"][0].update(headline=code))
    assert bundle_from_bytes(data).story.articles[0].meta.headline == code


# --- saving checks --------------------------------------------------------------------------------


def test_saving_refuses_what_cannot_be_loaded(seed_story: Story) -> None:
    version = lexicon_version()
    with pytest.raises(InputError, match="no articles"):
        bundle_to_bytes(Story(id="s", title="t"), {}, version)
    with pytest.raises(InputError, match="cannot be saved as JSON"):
        bundle_to_bytes(seed_story, {"when": object()}, version)
    with pytest.raises(InputError, match="cannot be saved as JSON"):
        bundle_to_bytes(seed_story, {"x": float("nan")}, version)
    with pytest.raises(InputError, match="JSON object"):
        bundle_to_bytes(seed_story, [1], version)  # type: ignore[arg-type]
    many = [Article(ArticleMeta(id=f"a{n}"), "Text.") for n in range(MAX_ARTICLES + 1)]
    with pytest.raises(InputError, match="limit of 6"):
        bundle_to_bytes(Story(id="s", title="t", articles=many), {}, version)


# --- files for the command line -------------------------------------------------------------------


def test_is_bundle_file(tmp_path: Path, saved: bytes) -> None:
    bundle = tmp_path / "saved.json"
    bundle.write_bytes(saved)
    assert is_bundle_file(bundle)
    newer = tmp_path / "newer.json"
    newer.write_bytes(saved.replace(SCHEMA.encode(), b"coverage-lens-bundle/9"))
    assert is_bundle_file(newer)
    other_json = tmp_path / "other.json"
    other_json.write_text('{"schema": "coverage-lens/1", "stories": []}', encoding="utf-8")
    assert not is_bundle_file(other_json)
    assert not is_bundle_file(FIXTURES / "article.txt")
    assert not is_bundle_file(FIXTURES / "binary.txt")
    assert not is_bundle_file(tmp_path / "missing.json")
    assert not is_bundle_file(tmp_path)


def test_story_from_bundle_file_names_the_file_in_errors(tmp_path: Path, saved: bytes) -> None:
    bundle = tmp_path / "saved.json"
    bundle.write_bytes(saved)
    assert [a.meta.id for a in story_from_bundle_file(bundle).articles] == ["ap", "sofrep"]
    newer = tmp_path / "newer.json"
    newer.write_bytes(saved.replace(SCHEMA.encode(), b"coverage-lens-bundle/9"))
    with pytest.raises(InputError, match=rf"^{newer}: saved by a newer version"):
        story_from_bundle_file(newer)
    with pytest.raises(InputError, match="no such file"):
        story_from_bundle_file(tmp_path / "missing.json")


def test_bundle_file_name() -> None:
    assert bundle_file_name(Story(id="2021-09-01 Pentagon!", title="x")) == (
        "coverage-lens-2021-09-01-pentagon.json"
    )
