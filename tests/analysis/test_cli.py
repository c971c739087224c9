"""``python -m analysis``: the JSON contract, CSV, and one-line errors with exit code 2."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.cli import main

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


def test_json_contract_on_the_seed_story(seed_story_path: Path) -> None:
    out = io.StringIO()
    assert main([str(seed_story_path)], stdout=out) == 0
    document = json.loads(out.getvalue())
    assert document["schema"] == "coverage-lens/1"
    assert [s["id"] for s in document["stories"]] == [seed_story_path.name]
    assert {a["id"] for a in document["articles"]} == {"ap", "sofrep"}
    for article in document["articles"]:
        text = article["text"]
        assert {"id", "outlet", "headline", "text", "word_count"} <= article.keys()
        for sentence in article["sentences"]:
            assert sentence["voice"] in {"narration", "quote", "mixed"}
            assert -1 <= sentence["tone"] <= 1
            assert 0 <= sentence["start"] < sentence["end"] <= len(text)
        for quote in article["quotes"]:
            assert {"start", "end", "text", "speaker", "verb", "partial"} <= quote.keys()
            assert quote["text"] in text[quote["start"] : quote["end"]]
        for hit in article["loaded"]:
            assert {"start", "end", "text", "category", "voice", "reason"} <= hit.keys()
            assert text[hit["start"] : hit["end"]] == hit["text"]
        for key in (
            "tone",
            "tone_narration",
            "tone_quoted",
            "loaded_per_100",
            "loaded_per_100_narration",
            "quote_share",
            "flesch_reading_ease",
            "flesch_kincaid_grade",
        ):
            assert isinstance(article["metrics"][key], float), key


def test_json_carries_the_comparison_of_the_story(seed_story_path: Path) -> None:
    out = io.StringIO()
    assert main([str(seed_story_path)], stdout=out) == 0
    comparison = json.loads(out.getvalue())["comparison"]
    assert set(comparison["articles"]) == {"ap", "sofrep"}
    for pair in comparison["aligned"]:
        assert {pair["a"]["article"], pair["b"]["article"]} == {"ap", "sofrep"}
        assert 0 < pair["similarity"] <= 1
    shared = [q for q in comparison["quotes"] if len(q["articles"]) == 2]
    assert any("In war, you do what you must" in q["text"] for q in shared)
    assert set(comparison["only_in"]) == {"ap", "sofrep"}
    assert {"voices", "distinctive", "actors"} <= comparison.keys()


def test_csv_has_one_row_per_article(seed_story_path: Path) -> None:
    out = io.StringIO()
    assert main([str(seed_story_path), "--format", "csv"], stdout=out) == 0
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["id"] for r in rows] == ["ap", "sofrep"]
    assert all(float(r["word_count"]) > 500 for r in rows)
    assert "loaded_per_100_narration" in rows[0]


def test_loose_files_form_one_story_with_unique_ids(seed_story_path: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    ap = seed_story_path / "ap.txt"
    copy = tmp_path / "ap.txt"
    copy.write_bytes(ap.read_bytes())
    assert main([str(ap), str(copy)], stdout=out) == 0
    ids = [a["id"] for a in json.loads(out.getvalue())["articles"]]
    assert ids == ["ap", "ap-2"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"\x81\x8d\x8f\x90 bytes", "not UTF-8"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, content: bytes | None, problem: str
) -> None:
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    result = _run(str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and problem in lines[0] and str(path) in lines[0]
    assert "Traceback" not in result.stderr


def test_output_file_option(seed_story_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = _run(str(seed_story_path / "sofrep.txt"), "--format", "csv", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("story,id,outlet")


def test_saved_comparison_bundle_gives_the_same_analysis(
    seed_story_path: Path, tmp_path: Path
) -> None:
    from analysis import load_story
    from analysis.bundle import bundle_to_bytes, lexicon_version

    bundle = tmp_path / "saved.json"
    bundle.write_bytes(bundle_to_bytes(load_story(seed_story_path), {}, lexicon_version()))
    from_folder, from_bundle = io.StringIO(), io.StringIO()
    assert main([str(seed_story_path)], stdout=from_folder) == 0
    assert main([str(bundle)], stdout=from_bundle) == 0
    folder_articles = json.loads(from_folder.getvalue())["articles"]
    bundle_articles = json.loads(from_bundle.getvalue())["articles"]
    for a, b in zip(folder_articles, bundle_articles, strict=True):
        assert (
            a["text"] == b["text"] and a["metrics"] == b["metrics"] and a["loaded"] == b["loaded"]
        )
