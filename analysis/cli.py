"""``python -m analysis PATH...``: the dashboard's analysis as JSON or CSV for researchers."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from analysis.compare import compare_articles
from analysis.corpus import InputError, load_article, load_story
from analysis.export import SCHEMA, article_to_json, story_to_json
from analysis.model import Story
from analysis.pipeline import analyse_story, metrics_table

EXIT_BAD_INPUT = 2


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
        choices=("json", "csv"),
        default="json",
        help="json (default): every span and metric; csv: one row per article",
    )
    parser.add_argument("--output", "-o", type=Path, help="write here instead of standard output")
    return parser


def load_stories(paths: Sequence[Path]) -> list[Story]:
    """Turn command-line paths into stories: folders are stories, loose files form one more.

    Raises:
        InputError: A path cannot be read; the message names it.
    """
    stories: list[Story] = []
    loose = []
    for path in paths:
        if path.is_dir():
            stories.append(load_story(path))
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
    try:
        stories = load_stories(args.paths)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    results = [analyse_story(story) for story in stories]
    if args.output:
        with args.output.open("w", encoding="utf-8", newline="") as handle:
            _write(results, args.format, handle)
    else:
        _write(results, args.format, out)
    return 0


def _write(results: Sequence, fmt: str, out: TextIO) -> None:
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
