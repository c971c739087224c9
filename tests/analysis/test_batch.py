"""Batch mode: table and folder readers, row and span writers, the pool, the CLI and Dask."""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from analysis.batch import (
    IN_FLIGHT_PER_WORKER,
    ColumnMap,
    Corpus,
    InlinePool,
    Item,
    LocalPool,
    Progress,
    row_columns,
    run_batch,
)
from analysis.cli import main
from analysis.corpus import MAX_ARTICLE_CHARS, InputError, load_story
from analysis.export import _num, article_to_json
from analysis.model import Article, ArticleMeta
from analysis.pipeline import analyse_article

REPO = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------------------------
# Test corpus: the seed story's paragraphs regrouped into short articles, plus broken rows.


@pytest.fixture(scope="module")
def records(seed_story_path: Path) -> list[dict[str, str]]:
    """About a dozen real-text articles with metadata, made from the seed story's paragraphs."""
    rows = []
    for article in load_story(seed_story_path).articles:
        paragraphs = [p for p in article.body.split("\n") if len(p.split()) > 8]
        for start in range(0, len(paragraphs), 5):
            rows.append(
                {
                    "doc": f"{article.meta.id}-{start // 5}",
                    "publisher": article.meta.outlet,
                    "headline": f"Part {start // 5} of the {article.meta.id} report",
                    "body": "\n".join(paragraphs[start : start + 5]),
                }
            )
    return rows


def _expected_row(record: dict[str, str]) -> dict[str, object]:
    """The metrics the engine gives for one record, rounded as the contract rounds them."""
    meta = ArticleMeta(id=record["doc"], outlet=record["publisher"], headline=record["headline"])
    analysis = analyse_article(Article(meta=meta, body=record["body"]))
    return {key: _num(value) for key, value in analysis.metrics.items()}


def _write_csv(path: Path, records: list[dict[str, str]], newline: str = "\n") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]), lineterminator=newline)
        writer.writeheader()
        writer.writerows(records)
    return path


def _read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _cell(value: str) -> float | None:
    return None if value == "" else float(value)


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, abs_tol=1e-9)


COLUMNS = ColumnMap(text="body", id="doc", outlet="publisher")


# --------------------------------------------------------------------------------------------
# Readers


def test_csv_rows_match_the_engine_in_order(records, tmp_path: Path) -> None:
    source = _write_csv(tmp_path / "in.csv", records, newline="\r\n")
    out = io.StringIO()
    summary = run_batch([source], columns=COLUMNS, jobs=1, stdout=out)
    rows = _read_csv(out.getvalue())
    assert summary.articles == len(records) and summary.failed == 0
    assert [r["id"] for r in rows] == [r["doc"] for r in records]
    assert list(rows[0]) == row_columns()
    for row, record in zip(rows, records, strict=True):
        assert row["outlet"] == record["publisher"] and row["headline"] == record["headline"]
        assert row["error"] == "" and row["source"].startswith(str(source))
        for key, value in _expected_row(record).items():
            assert _same(_cell(row[key]), value), (record["doc"], key)


def test_parallel_output_is_identical_and_ordered(records, tmp_path: Path) -> None:
    many = [dict(r, doc=f"{r['doc']}-{n}") for n in range(3) for r in records]
    source = _write_csv(tmp_path / "in.csv", many)
    inline, pooled = io.StringIO(), io.StringIO()
    run_batch([source], columns=COLUMNS, jobs=1, stdout=inline)
    run_batch([source], columns=COLUMNS, jobs=2, chunk_size=3, stdout=pooled)
    assert pooled.getvalue() == inline.getvalue()
    assert [r["id"] for r in _read_csv(pooled.getvalue())] == [r["doc"] for r in many]


def test_broken_rows_are_reported_not_fatal(records, tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "good-1", "text": records[0]["body"]}),
        "{not json",
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"id": "number", "text": 42}),
        json.dumps({"id": "missing"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "huge", "text": "word " * (MAX_ARTICLE_CHARS // 5 + 10)}),
        "",
        json.dumps({"id": "good-2", "text": records[1]["body"]}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = io.StringIO()
    summary = run_batch([path], jobs=1, stdout=out)
    rows = _read_csv(out.getvalue())
    assert summary.articles == 8 and summary.failed == 6
    by_source = {r["source"]: r for r in rows}
    assert [r["error"] == "" for r in rows] == [
        True,
        False,
        False,
        False,
        False,
        False,
        False,
        True,
    ]
    assert "JSON" in by_source[f"{path}:2"]["error"]
    assert "no article text" in by_source[f"{path}:3"]["error"]
    assert "not a string" in by_source[f"{path}:4"]["error"]
    assert "no 'text' value" in by_source[f"{path}:5"]["error"]
    assert "not a JSON object" in by_source[f"{path}:6"]["error"]
    assert "over the limit" in by_source[f"{path}:7"]["error"]
    assert rows[-1]["id"] == "good-2" and float(rows[-1]["word_count"]) > 50
    assert len(summary.errors) == 6 and all(e.startswith(str(path)) for e in summary.errors)


def test_headline_column_or_first_line(records, tmp_path: Path) -> None:
    """Without a headline column, a headline-like first line becomes the headline."""
    record = records[0]
    text = f"{record['headline']}\n{record['body']}"
    path = tmp_path / "in.csv"
    _write_csv(path, [{"text": text, "title": ""}, {"text": text, "title": "Given title"}])
    rows = _read_csv(_batch_csv([path], ColumnMap()))
    assert rows[1]["headline"] == "Given title"
    assert rows[0]["headline"] == ""  # an empty title cell is the headline: nothing detected
    path.write_text("", encoding="utf-8")
    _write_csv(path, [{"text": text}])
    (row,) = _read_csv(_batch_csv([path], ColumnMap()))
    assert row["headline"] == record["headline"]
    assert _same(_cell(row["word_count"]), _expected_row(record)["word_count"])


def _batch_csv(paths: list[Path], columns: ColumnMap) -> str:
    out = io.StringIO()
    run_batch(paths, columns=columns, jobs=1, stdout=out)
    return out.getvalue()


def test_column_options_and_usual_names(records, tmp_path: Path) -> None:
    odd = [{"doc": r["doc"], "publisher": r["publisher"], "words": r["body"]} for r in records]
    path = _write_csv(tmp_path / "in.csv", odd[:2])
    with pytest.raises(InputError, match="no text column.*columns are: doc, publisher, words;"):
        Corpus([path])
    with pytest.raises(InputError, match="no column 'nope'.*--outlet-column"):
        Corpus([path], ColumnMap(text="words", outlet="nope"))
    assert [i.text for i in Corpus([path], ColumnMap(text="words"))] == [
        r["words"] for r in odd[:2]
    ]
    renamed = [{"Article_ID": r["doc"], "Content": r["body"], "Source": "x"} for r in records[:2]]
    path = _write_csv(tmp_path / "usual.csv", renamed)
    items = list(Corpus([path]))
    assert [i.id for i in items] == ["ap-0", "ap-1"] and items[0].outlet == "x"
    assert items[0].text == records[0]["body"]


def test_tsv_and_row_numbers_as_ids(records, tmp_path: Path) -> None:
    path = tmp_path / "in.tsv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(["text", "date"])
        writer.writerows([r["body"], f"2021-09-0{n}"] for n, r in enumerate(records[:3]))
    items = list(Corpus([path]))
    assert [i.id for i in items] == ["1", "2", "3"]
    assert [i.date for i in items] == ["2021-09-00", "2021-09-01", "2021-09-02"]


def test_parquet_in_and_out_match_csv(records, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.Table.from_pylist(records)
    source = tmp_path / "in.parquet"
    pq.write_table(table, source, row_group_size=4)
    assert Corpus([source], COLUMNS).estimated_total() == len(records)
    target = tmp_path / "out.parquet"
    run_batch([source], output=target, fmt="parquet", columns=COLUMNS, jobs=1)
    written = pq.read_table(target)
    assert written.schema.field("tone").type == pa.float64()
    assert written.schema.field("id").type == pa.string()
    parquet_rows = written.to_pylist()
    csv_rows = _read_csv(_batch_csv([_write_csv(tmp_path / "in.csv", records)], COLUMNS))
    assert len(parquet_rows) == len(csv_rows) == len(records)
    for got, want in zip(parquet_rows, csv_rows, strict=True):
        assert got["id"] == want["id"]
        for key in row_columns()[8:-2]:
            assert _same(got[key], _cell(want[key])), key


def test_folder_batch_matches_the_story_command(seed_story_path: Path) -> None:
    """A story folder in batch mode gives the numbers and spans of the ordinary command."""
    story_csv, story_json = io.StringIO(), io.StringIO()
    assert main([str(seed_story_path), "--format", "csv"], stdout=story_csv) == 0
    assert main([str(seed_story_path)], stdout=story_json) == 0
    rows_out, spans_out = io.StringIO(), io.StringIO()
    assert main([str(seed_story_path), "--batch", "--jobs", "1"], stdout=rows_out) == 0
    assert main([str(seed_story_path), "--batch", "--spans", "-j", "2"], stdout=spans_out) == 0

    expected = _read_csv(story_csv.getvalue())
    rows = _read_csv(rows_out.getvalue())
    assert [(r["story"], r["id"]) for r in rows] == [(r["story"], r["id"]) for r in expected]
    for row, want in zip(rows, expected, strict=True):
        for key in set(want) - {"story", "id", "outlet", "headline", "kind", "date"}:
            assert _same(_cell(row[key]), _cell(want[key])), key

    lines = [json.loads(line) for line in spans_out.getvalue().splitlines()]
    assert lines == json.loads(story_json.getvalue())["articles"]


def test_spans_lines_carry_the_json_contract(records, tmp_path: Path) -> None:
    source = _write_csv(tmp_path / "in.csv", records[:4])
    out = io.StringIO()
    run_batch([source], fmt="jsonl", columns=COLUMNS, jobs=2, stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 4
    for line, record in zip(lines, records, strict=False):
        meta = ArticleMeta(
            id=record["doc"], outlet=record["publisher"], headline=record["headline"]
        )
        expected = article_to_json(analyse_article(Article(meta=meta, body=record["body"])))
        assert json.loads(line) == expected


# --------------------------------------------------------------------------------------------
# Flat memory, progress


def test_work_in_flight_is_bounded(records) -> None:
    """The pool pulls only a few chunks ahead of the results it has handed back."""
    pulled = 0

    def items():
        nonlocal pulled
        for n in range(400):
            pulled += 1
            yield Item(source=f"gen:{n}", id=str(n), text=records[n % len(records)]["body"])

    chunk, jobs = 2, 2
    limit = jobs * IN_FLIGHT_PER_WORKER * chunk + chunk
    with LocalPool(jobs) as pool:
        results = pool.map(items(), spans=False, chunk_size=chunk)
        ahead = []
        for n, result in enumerate(results):
            ahead.append(pulled - n)
            assert result.payload["id"] == str(n)
            if n == 40:
                break
    assert max(ahead) <= limit
    assert pulled < 100


def test_pool_started_beside_other_threads_gives_the_same_rows(records) -> None:
    """With another thread running the workers are spawned fresh, not forked: same results."""
    items = [Item(source=f"r{n}", id=str(n), text=r["body"]) for n, r in enumerate(records[:4])]
    expected = [r.payload for r in InlinePool().map(items, spans=False)]
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with LocalPool(2) as pool:
            assert pool.start_method == "spawn"
            rows = [r.payload for r in pool.map(items, spans=False, chunk_size=1)]
    finally:
        stop.set()
        other.join()
    assert rows == expected


def test_inline_pool_streams_too(records) -> None:
    pulled = 0

    def items():
        nonlocal pulled
        for n in range(1000):
            pulled += 1
            yield Item(source="gen", id=str(n), text=records[0]["body"])

    first = next(iter(InlinePool().map(items(), spans=False, chunk_size=4)))
    assert first.error is None and pulled == 4


def test_progress_bar_text() -> None:
    line = Progress.render(done=250, errors=3, elapsed=10.0, total=1000)
    assert line.startswith(" 25%") and "250/1,000 articles" in line and "3 failed" in line
    assert "25.0/s" in line and "0:30 left" in line
    assert Progress.render(done=7, errors=0, elapsed=2.0, total=None).startswith("7 articles")


def test_progress_on_stderr_only_when_asked(records, tmp_path: Path, capsys) -> None:
    source = _write_csv(tmp_path / "in.csv", records[:3])
    args = [str(source), "--text-column", "body", "-j", "1"]
    assert main([*args, "-o", str(tmp_path / "a.csv")]) == 0
    quiet = capsys.readouterr()
    assert main([*args, "--progress"]) == 0
    shown = capsys.readouterr()
    assert quiet.err == "" and quiet.out == ""
    assert "100% [" in shown.err and "3/3 articles" in shown.err
    assert shown.err.splitlines()[-1].startswith("analysed 3 articles in ")
    assert shown.out.startswith("story,id,")


# --------------------------------------------------------------------------------------------
# Command line


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


def test_cli_writes_by_output_suffix(records, tmp_path: Path) -> None:
    source = _write_csv(tmp_path / "in.csv", records[:3])
    target = tmp_path / "out.jsonl"
    assert main([str(source), "--text-column", "body", "-j", "1", "--out", str(target)]) == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and {"sentences", "quotes", "loaded"} <= json.loads(lines[0]).keys()


def test_cli_row_errors_are_warnings(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": ""}\n{"text": "A short text about nothing much."}\n', "utf-8")
    result = _run(str(path), "-j", "1")
    assert result.returncode == 0
    assert f"warning: {path}:1: no article text" in result.stderr
    assert "1 of 2 articles could not be analysed" in result.stderr
    assert len(_read_csv(result.stdout)) == 2


@pytest.mark.parametrize(
    ("setup", "args", "problem"),
    [
        (None, ["missing.csv"], "no such file"),
        ("text,x\n", ["empty.csv", "--text-column", "body"], "no column 'body'"),
        (b"text\n\x81\x8d\x8f bad", ["bad.csv"], "not UTF-8"),
        ("[1, 2]\n", ["list.jsonl"], "not a JSON object"),
        ("text\nhello there\n", ["ok.csv", "--format", "parquet"], "needs a file"),
        ("text\nhello there\n", ["ok.csv", "--format", "json"], "batch mode writes"),
        ("text\nhello there\n", ["ok.csv", "--spans", "-o", "x.csv"], "--spans writes"),
        ("text\nhello there\n", ["ok.csv", "-o", "ok.csv"], "overwrite an input"),
        ("text\n", ["head.csv"], "holds no articles"),
        ("x", ["notes.doc"], "unknown kind of input"),
    ],
)
def test_bad_batch_input_exits_2_with_one_line(
    tmp_path: Path, setup: str | bytes | None, args: list[str], problem: str
) -> None:
    if setup is not None:
        path = tmp_path / args[0]
        if isinstance(setup, bytes):
            path.write_bytes(setup)
        else:
            path.write_text(setup, encoding="utf-8")
    argv = [str(tmp_path / a) if n == 0 or a.endswith(".csv") else a for n, a in enumerate(args)]
    if args[0] == "notes.doc":
        argv.append("--batch")
    result = _run(*argv)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and problem in lines[0], lines


def test_batch_options_need_batch_mode(seed_story_path: Path) -> None:
    result = _run(str(seed_story_path), "--jobs", "2")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: --jobs is for batch mode: add --batch, or give a CSV, JSON Lines or Parquet file"
    )


# --------------------------------------------------------------------------------------------
# Dask


@pytest.fixture(scope="module")
def dask_cluster():
    """A two-worker local Dask cluster with worker processes, like a real one."""
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    yield cluster
    cluster.close()


def test_dask_results_identical_to_local(dask_cluster, records, tmp_path: Path) -> None:
    many = [dict(r, doc=f"{r['doc']}-{n}") for n in range(2) for r in records]
    many.insert(3, {"doc": "blank", "publisher": "", "headline": "", "body": ""})
    source = _write_csv(tmp_path / "in.csv", many)
    for fmt in ("csv", "jsonl"):
        local, remote = io.StringIO(), io.StringIO()
        run_batch([source], fmt=fmt, columns=COLUMNS, jobs=2, stdout=local)
        summary = run_batch(
            [source],
            fmt=fmt,
            columns=COLUMNS,
            dask=dask_cluster.scheduler_address,
            chunk_size=5,
            stdout=remote,
        )
        assert summary.articles == len(many) and summary.failed == 1
        assert remote.getvalue().splitlines() == local.getvalue().splitlines()
    target = tmp_path / "out.csv"
    argv = [str(source), "--text-column", "body", "--id-column", "doc", "-o", str(target)]
    assert main([*argv, "--dask", dask_cluster.scheduler_address]) == 0
    rows = _read_csv(target.read_text(encoding="utf-8"))
    assert [r["id"] for r in rows] == [r["doc"] for r in many]


def test_unreachable_dask_scheduler_is_bad_input(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    from analysis.batch import DaskPool

    with pytest.raises(InputError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        DaskPool("tcp://127.0.0.1:9", timeout=1)
