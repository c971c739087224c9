"""Choose and trim the MBIC articles of the quote gold set (the documented selection rule).

Run from the repository root with the path to MBIC's ``articles.csv``::

    python tests/gold/quotes/select_articles.py ../shared/data/mbic/articles.csv

The rule (see README.md in this folder):

1. an article is eligible when its text has at least 250 words and at least 4 double quotation
   marks (“ ” or "), and no earlier article (by ``article_id``) has the same text;
2. per outlet, the eligible ``article_id`` values are sorted, shuffled with
   ``random.Random(SEED)`` and the first ``PER_OUTLET`` are taken (HuffPost has no eligible
   article: its texts in MBIC are cookie-consent pages);
3. each text is cut to whole paragraphs (lines): lines are kept from the top while the kept text
   has at most ``MAX_WORDS`` words (the first line always), and the cut is recorded;
4. the text is composed as the product composes it (``analysis.parse_article`` and
   ``analysis.segment.segment_blocks``), so every offset in the gold set indexes the text the
   tool sees.

Prints one JSON object per line: ``article_id``, ``outlet``, ``url``, ``topic``,
``paragraphs_kept``, ``paragraphs_total``, ``text``.
"""

from __future__ import annotations

import csv
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from analysis import parse_article  # noqa: E402
from analysis.segment import segment_blocks  # noqa: E402

SEED = 7
PER_OUTLET = 4
MAX_WORDS = 600
MIN_WORDS = 250
MIN_DOUBLE_MARKS = 4
_DOUBLE_MARKS = re.compile(r"[“”\"]")


def _eligible(text: str) -> bool:
    return len(text.split()) >= MIN_WORDS and len(_DOUBLE_MARKS.findall(text)) >= MIN_DOUBLE_MARKS


def trim(text: str) -> tuple[str, int, int]:
    """Return the first whole lines of ``text`` within ``MAX_WORDS`` words, and line counts."""
    lines = [line for line in text.split("\n") if line.strip()]
    kept: list[str] = []
    words = 0
    for line in lines:
        count = len(line.split())
        if kept and words + count > MAX_WORDS:
            break
        kept.append(line)
        words += count
    return "\n".join(kept), len(kept), len(lines)


def compose(text: str, article_id: str) -> str:
    """Return ``text`` composed as the product composes an article file without a header."""
    composed, _ = segment_blocks(parse_article(text, article_id))
    return composed


def select(csv_path: Path) -> list[dict[str, object]]:
    """Return the selected articles, trimmed and composed, outlet by outlet."""
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows.sort(key=lambda row: int(row["article_id"]))
    seen: set[str] = set()
    by_outlet: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        text = row["text"] or ""
        if text in seen:
            continue
        seen.add(text)
        if _eligible(text):
            by_outlet.setdefault(row["outlet"], []).append(row)
    chosen: list[dict[str, object]] = []
    rng = random.Random(SEED)
    for outlet in sorted(by_outlet):
        candidates = list(by_outlet[outlet])
        rng.shuffle(candidates)
        for row in candidates[:PER_OUTLET]:
            trimmed, kept, total = trim(row["text"])
            chosen.append(
                {
                    "article_id": int(row["article_id"]),
                    "outlet": outlet,
                    "url": row["url"],
                    "topic": row["topic"],
                    "paragraphs_kept": kept,
                    "paragraphs_total": total,
                    "text": compose(trimmed, f"mbic-{row['article_id']}"),
                }
            )
    return chosen


def main(argv: list[str]) -> int:
    """Print the selected articles as JSON lines."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    for article in select(Path(argv[0])):
        print(json.dumps(article, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
