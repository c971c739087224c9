"""Speed of the cross-article comparison. Prints a table.

Run: ``python benchmarks/bench_compare.py``

Targets (issue: cross-article comparison), warm, analysis not included:

* the seed story (SOFREP and AP) compared in <= 50 ms;
* six articles of about 1,500 words compared in <= 300 ms — measured on six real MBIC articles
  (``benchmarks/data/mbic_six``, Apache-2.0, see its README) and on six variants of the seed story
  (both seed bodies, sentences shuffled and a fifth dropped, about 1,700 words each: one story, so
  many sentences and quotations match — the harder case for alignment and quotation matching).

The check is on the median of the warm runs; the minimum shows the speed without other load.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STORY = REPO / "corpus" / "2021-09-01-pentagon-briefing"
MBIC_SIX = REPO / "benchmarks" / "data" / "mbic_six"
sys.path.insert(0, str(REPO))

from analysis import analyse_article, analyse_story, load_story  # noqa: E402
from analysis.compare import compare_articles  # noqa: E402
from analysis.corpus import load_article  # noqa: E402
from analysis.model import Article, ArticleAnalysis, ArticleMeta  # noqa: E402
from analysis.segment import sentence_spans  # noqa: E402


def timed_ms(run: Callable[[], object], repeats: int) -> list[float]:
    """Return the wall times of ``repeats`` runs after one warm-up run, in milliseconds."""
    run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return times


def seed_analyses() -> list[ArticleAnalysis]:
    """Return the bundled seed story analysed."""
    return analyse_story(load_story(STORY)).articles


def mbic_analyses() -> list[ArticleAnalysis]:
    """Return the six MBIC benchmark articles analysed."""
    files = sorted(MBIC_SIX.glob("*.txt"))
    if len(files) != 6:
        raise SystemExit(f"{MBIC_SIX}: expected six article files, found {len(files)}")
    return [analyse_article(load_article(p)) for p in files]


def variant_analyses(seeds: Sequence[ArticleAnalysis], count: int = 6) -> list[ArticleAnalysis]:
    """Return ``count`` variants of the seed story: body paragraphs of both seeds, shuffled."""
    paragraphs = [a.text[b.start : b.end] for a in seeds for b in a.blocks if b.role == "body"]
    rng = random.Random(7)
    out = []
    for k in range(count):
        sentences = [p[s:e] for p in paragraphs for s, e in sentence_spans(p, 0, len(p))]
        rng.shuffle(sentences)
        kept = sentences[: int(len(sentences) * 0.8)]
        body = "\n\n".join(" ".join(kept[i : i + 3]) for i in range(0, len(kept), 3))
        meta = ArticleMeta(id=f"variant{k}", outlet=f"Variant {k}", headline=f"Variant {k}")
        out.append(analyse_article(Article(meta=meta, body=body)))
    return out


def body_words(analyses: Sequence[ArticleAnalysis]) -> str:
    """Return the body word counts of the articles, e.g. "1345/1353/…"."""
    return "/".join(str(int(a.metrics.get("word_count") or 0)) for a in analyses)


def main() -> None:
    """Time each scenario and print a table with the targets."""
    seeds = seed_analyses()
    scenarios = [
        ("seed story (2 articles)", seeds, 50.0, 30),
        ("six MBIC articles", mbic_analyses(), 300.0, 10),
        ("six seed variants", variant_analyses(seeds), 300.0, 10),
    ]
    print(
        f"{'scenario':<26} {'body words':<34} {'min ms':>7} {'median ms':>9} {'max ms':>8} "
        f"{'target':>7}  ok"
    )
    failed = False
    for name, analyses, target, repeats in scenarios:
        times = timed_ms(lambda a=analyses: compare_articles(a), repeats)
        best, median, worst = min(times), statistics.median(times), max(times)
        ok = median <= target
        failed |= not ok
        print(
            f"{name:<26} {body_words(analyses):<34} {best:7.1f} {median:9.1f} {worst:8.1f} "
            f"{target:7.0f}  {'yes' if ok else 'NO'}"
        )
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
