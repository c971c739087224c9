"""``python -m analysis PATH...``: the dashboard's analysis as JSON or CSV for researchers."""

from __future__ import annotations

import argparse
import csv
import json
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from analysis.bundle import is_bundle_file, story_from_bundle_file
from analysis.corpus import InputError, load_article, load_story
from analysis.model import Story

EXIT_BAD_INPUT = 2
EXIT_FAILED = 1

COLUMN_KEYS = ("text", "id", "story", "outlet", "headline", "date", "url", "kind")
_COLUMN_HELP = {
    "text": "article text (default: text, body, content …)",
    "id": "article id (default: id, article_id …; else the row number)",
    "headline": "headline (default: headline, title; else a headline-like first line)",
}
_BATCH_ONLY = ("spans", "jobs", "chunk_size", "dask", "progress") + tuple(
    f"{key}_column" for key in COLUMN_KEYS
)


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return number


def build_parser() -> argparse.ArgumentParser:
    """Return the command line's argument parser."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description=(
            "Analyse news articles: tone, loaded language, direct quotes and readability, "
            "with character offsets for every piece of evidence."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="article files (.txt/.md) or story folders; loose files form one story together",
    )
    parser.add_argument(
        "--format",
        choices=("json", "csv", "parquet", "jsonl"),
        default=None,
        help=(
            "json (default): every span and metric; csv: one row per article. Batch mode: "
            "csv (default), parquet, or jsonl (= --spans); by default from --output's suffix"
        ),
    )
    parser.add_argument(
        "--output",
        "--out",
        "-o",
        type=Path,
        metavar="FILE",
        help="write here instead of standard output",
    )
    batch = parser.add_argument_group(
        "batch mode",
        "Analyse a large corpus streaming, in parallel, one output row per article. On when an "
        "input is a CSV/TSV, JSON Lines or Parquet file, or with --batch (a folder of article "
        "files). An article that cannot be read or analysed gets its 'error' column filled in "
        "and the run goes on.",
    )
    batch.add_argument(
        "--batch",
        action="store_true",
        help="treat folders and files as a corpus of separate articles (implied by table inputs)",
    )
    batch.add_argument(
        "--spans",
        action="store_true",
        help="write JSON Lines: per article the JSON contract's article object with every span",
    )
    batch.add_argument(
        "--jobs",
        "-j",
        type=_positive_int,
        metavar="N",
        help="worker processes (default: every core; 1: no pool)",
    )
    batch.add_argument("--chunk-size", type=_positive_int, metavar="N", help="articles per task")
    batch.add_argument(
        "--dask",
        metavar="SCHEDULER_ADDRESS",
        help="run on a Dask cluster (e.g. tcp://10.0.0.5:8786); results as in local mode",
    )
    shown = batch.add_mutually_exclusive_group()
    shown.add_argument(
        "--progress",
        action="store_true",
        default=None,
        help="show a progress bar on standard error (default: when it is a terminal)",
    )
    shown.add_argument(
        "--no-progress",
        dest="progress",
        action="store_false",
        default=None,
        help="never show the progress bar",
    )
    for key in COLUMN_KEYS:
        batch.add_argument(
            f"--{key}-column",
            metavar="NAME",
            help=f"the input column with the {_COLUMN_HELP.get(key, key)}",
        )
    return parser


def load_stories(paths: Sequence[Path]) -> list[Story]:
    """Turn command-line paths into stories: folders and saved comparisons (``.json`` bundles
    downloaded from the dashboard) are stories, loose files form one more.

    Raises:
        InputError: A path cannot be read; the message names it.
    """
    stories: list[Story] = []
    loose = []
    for path in paths:
        if path.is_dir():
            stories.append(load_story(path))
        elif is_bundle_file(path):
            stories.append(story_from_bundle_file(path))
        else:
            loose.append(load_article(path))
    if loose:
        taken: set[str] = set()
        for article in loose:
            base, number = article.meta.id, 2
            while article.meta.id in taken:
                article.meta.id, number = f"{base}-{number}", number + 1
            taken.add(article.meta.id)
        stories.append(
            Story(id="articles", title="Articles given on the command line", articles=loose)
        )
    return stories


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run the command line.

    Returns:
        0 on success, 2 on bad input (one line on standard error naming the file and problem).
    """
    args = build_parser().parse_args(argv)
    out = stdout or sys.stdout
    if is_batch(args):
        return run_batch_mode(args, out)
    given = [f"--{name.replace('_', '-')}" for name in _BATCH_ONLY if _given(args, name)]
    if given or args.format in ("parquet", "jsonl"):
        option = given[0] if given else f"--format {args.format}"
        print(
            f"error: {option} is for batch mode: add --batch, or give a CSV, JSON Lines or "
            "Parquet file",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    args.format = args.format or "json"
    try:
        stories = load_stories(args.paths)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    from analysis.pipeline import analyse_story  # imported here: bad input fails fast

    results = [analyse_story(story) for story in stories]
    if args.output:
        with args.output.open("w", encoding="utf-8", newline="") as handle:
            _write(results, args.format, handle)
    else:
        _write(results, args.format, out)
    return 0


def _given(args: argparse.Namespace, name: str) -> bool:
    value = getattr(args, name)
    return value is not None and value is not False


def is_batch(args: argparse.Namespace) -> bool:
    """Batch mode: ``--batch``, or an input that is a table (CSV/TSV, JSON Lines, Parquet)."""
    from analysis.batch import TABLE_SUFFIXES

    return args.batch or any(p.suffix.lower() in TABLE_SUFFIXES for p in args.paths)


def run_batch_mode(args: argparse.Namespace, out: TextIO) -> int:
    """Run batch mode: stream the corpus through the workers into the output.

    Returns:
        0 when every article was read (those that failed are reported in their rows and on
        standard error), 2 on bad input, 1 when the workers failed.
    """
    if threading.current_thread() is not threading.main_thread():
        return _batch(args, out)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # kill ends the workers cleanly too
    try:
        return _batch(args, out)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # handled in _batch: workers stopped, exit code 130


def _batch(args: argparse.Namespace, out: TextIO) -> int:
    from analysis.batch import ColumnMap, output_format, run_batch

    columns = ColumnMap(**{key: getattr(args, f"{key}_column") for key in COLUMN_KEYS})
    progress = args.progress
    if progress is None:  # a bar on a terminal, unless the rows are printed to that terminal
        progress = sys.stderr.isatty() and (args.output is not None or not out.isatty())
    try:
        fmt = output_format(args.format, args.output, args.spans)
        summary = run_batch(
            args.paths,
            output=args.output,
            fmt=fmt,
            columns=columns,
            jobs=args.jobs,
            chunk_size=args.chunk_size,
            dask=args.dask,
            progress=progress,
            stdout=out,
        )
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # a worker died, the cluster went away, the disk is full
        print(f"error: batch analysis failed: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_FAILED
    for line in summary.errors:
        print(f"warning: {line}", file=sys.stderr)
    if summary.failed:
        more = summary.failed - len(summary.errors)
        print(
            f"warning: {summary.failed:,} of {summary.articles:,} articles could not be analysed"
            + (f" ({more:,} more not shown)" if more else "")
            + "; see the 'error' column",
            file=sys.stderr,
        )
    if progress:
        rate = summary.articles / summary.seconds if summary.seconds else 0.0
        print(
            f"analysed {summary.articles:,} articles in {summary.seconds:.1f} s ({rate:.1f}/s)",
            file=sys.stderr,
        )
    return 0


def _write(results: Sequence, fmt: str, out: TextIO) -> None:
    from analysis.compare import compare_articles
    from analysis.export import SCHEMA, article_to_json, story_to_json
    from analysis.pipeline import metrics_table

    if fmt == "csv":
        import pandas as pd

        frames = []
        for result in results:
            frame = metrics_table(result.articles)
            frame.insert(0, "story", result.story.id)
            frames.append(frame)
        table = pd.concat(frames, ignore_index=True)
        table.to_csv(out, index=False, float_format="%.4f", quoting=csv.QUOTE_MINIMAL)
        return
    stories = []
    for result in results:
        story = story_to_json(result.story, result.articles)
        if len(result.articles) >= 2:
            story["comparison"] = compare_articles(result.articles).to_json()
        stories.append(story)
    document: dict[str, object] = {"schema": SCHEMA, "stories": stories}
    if len(stories) == 1 and "comparison" in stories[0]:
        document["comparison"] = stories[0].pop("comparison")
    document["articles"] = [article_to_json(a, r.story.id) for r in results for a in r.articles]
    json.dump(document, out, ensure_ascii=False, indent=1)
    out.write("\n")
