"""Batch mode at scale: MBIC's 1,056 articles, then MBIC repeated up to 100,000. Prints tables.

Run: ``python benchmarks/bench_batch.py`` (about 20 minutes on 2 idle cores; ``--quick`` skips
the 100,000-article run, ``--sizes 1056 5000`` picks the corpus sizes, ``--parquet`` adds a
Parquet-in, Parquet-out run at the largest size).

Targets (issue 7, "Scale"):

* MBIC's 1,056 articles (``shared/data/mbic/articles.csv``) through the command line, from a
  fresh process to the last row written, in <= 10 s on a 2-core machine;
* 100,000 articles (MBIC repeated, each row with its own id) with peak memory <= 500 MB;
* throughput and how time grows with corpus size.

Memory is the sum of the proportional set size (PSS) of the command and its worker processes,
sampled every 0.2 s: pages the forked workers share with the parent count once, divided among
them. The largest resident set (RSS) of any one process and the RSS sum (an upper bound) are
shown too, with the CPU time of the whole process tree (user + system): on a machine shared with
other work, wall time grows with the load average printed beside it, CPU time much less. The
"reader alone" lines read the largest corpus without analysing it (CSV, and Parquet written as one
row group, the worst case for memory). The MBIC file is read only here, never by the tests.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from machine import reference_line, reference_loop_ms  # benchmarks/machine.py

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
MBIC = SHARED / "data" / "mbic" / "articles.csv"

MBIC_TARGET_S = 10.0
MEMORY_TARGET_MB = 500.0
DEFAULT_SIZES = (1_056, 10_000, 100_000)


@dataclass
class Run:
    """One command-line run: wall time and memory of the process tree."""

    articles: int
    seconds: float
    peak_pss_mb: float
    peak_rss_sum_mb: float
    peak_rss_one_mb: float
    load_before: float
    cpu_seconds: float
    """User plus system CPU time of the command and its workers."""


def _children(pid: int) -> list[int]:
    """Every descendant of ``pid`` (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    """``(pss, rss)`` of one process in kB, or zeros when it has gone."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except OSError:
        pass
    return pss, rss


class TreeSampler(threading.Thread):
    """Samples the memory of a process and its descendants until the process ends."""

    def __init__(self, process: subprocess.Popen, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self._process = process
        self._interval = interval
        self.peak_pss = self.peak_rss_sum = self.peak_rss_one = 0

    def run(self) -> None:
        while self._process.poll() is None:
            pids = [self._process.pid, *_children(self._process.pid)]
            sizes = [_memory_kb(pid) for pid in pids]
            self.peak_pss = max(self.peak_pss, sum(p for p, _ in sizes))
            self.peak_rss_sum = max(self.peak_rss_sum, sum(r for _, r in sizes))
            self.peak_rss_one = max(self.peak_rss_one, max((r for _, r in sizes), default=0))
            time.sleep(self._interval)


def run_cli(args: Sequence[str], articles: int) -> Run:
    """Run ``python -m analysis ARGS`` and measure it."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "analysis", *args],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    sampler = TreeSampler(process)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode != 0:
        raise SystemExit(f"python -m analysis {' '.join(args)} failed:\n{stderr}")
    return Run(
        articles=articles,
        seconds=seconds,
        peak_pss_mb=sampler.peak_pss / 1024,
        peak_rss_sum_mb=sampler.peak_rss_sum / 1024,
        peak_rss_one_mb=sampler.peak_rss_one / 1024,
        load_before=load,
        cpu_seconds=cpu,
    )


def repeated_corpus(size: int, folder: Path) -> Path:
    """MBIC's rows repeated to ``size`` rows, each with its own ``article_id``, as CSV."""
    path = folder / f"mbic_x{size}.csv"
    csv.field_size_limit(2**31 - 1)
    with MBIC.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for n in range(size):
            row = rows[n % len(rows)]
            writer.writerow({**row, "article_id": f"{row['article_id']}-{n // len(rows)}"})
    return path


READER_ONLY = """
import resource, sys, time
from pathlib import Path
from analysis.batch import Corpus
start = time.perf_counter()
count = sum(1 for _ in Corpus([Path(sys.argv[1])]))
print(count, time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def reader_only(path: Path) -> tuple[int, float, float]:
    """Read every article of ``path`` without analysing: count, seconds, peak RSS in MB."""
    result = subprocess.run(
        [sys.executable, "-c", READER_ONLY, str(path)],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    count, seconds, peak_kb = result.stdout.split()
    return int(count), float(seconds), int(peak_kb) / 1024


def to_parquet(source: Path, row_group_size: int) -> Path:
    """The CSV corpus as Parquet, in row groups of ``row_group_size`` rows."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    target = source.with_suffix(".parquet")
    options = pacsv.ParseOptions(newlines_in_values=True)
    table = pacsv.read_csv(source, parse_options=options)
    pq.write_table(table, target, row_group_size=row_group_size)
    return target


def count_empty() -> tuple[int, int]:
    """MBIC's rows and how many have no text (they become error rows, not analyses)."""
    csv.field_size_limit(2**31 - 1)
    with MBIC.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return len(rows), sum(1 for r in rows if not r["text"].strip())


HEADER = (
    f"{'seconds':>8} {'art/s':>6} {'ms/art':>6} {'CPU s':>7} {'PSS MB':>6} "
    f"{'RSS sum':>7} {'RSS max':>7} {'load':>5}"
)


def _row(run: Run) -> str:
    return (
        f"{run.seconds:8.2f} {run.articles / run.seconds:6.1f} "
        f"{1000 * run.seconds / run.articles:6.2f} {run.cpu_seconds:7.1f} "
        f"{run.peak_pss_mb:6.0f} {run.peak_rss_sum_mb:7.0f} {run.peak_rss_one_mb:7.0f} "
        f"{run.load_before:5.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 100,000-article run")
    parser.add_argument("--sizes", type=int, nargs="+", help="corpus sizes for the scaling table")
    parser.add_argument("--repeats", type=int, default=3, help="runs of the MBIC target")
    parser.add_argument(
        "--parquet",
        action="store_true",
        help="also run the largest size as Parquet in, Parquet out",
    )
    options = parser.parse_args()
    if not MBIC.is_file():
        raise SystemExit(f"MBIC articles not found: expected {MBIC} (see shared/data/README.md)")
    sizes = options.sizes or [s for s in DEFAULT_SIZES if not (options.quick and s > 10_000)]
    total, empty = count_empty()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start")
    print(f"MBIC: {total:,} rows, {empty} without text (reported as error rows)\n")

    with tempfile.TemporaryDirectory(prefix="bench_batch_") as tmp:
        folder = Path(tmp)
        out = folder / "out.csv"

        before = reference_loop_ms()
        mbic_runs = [run_cli([str(MBIC), "-o", str(out)], total) for _ in range(options.repeats)]
        single = run_cli([str(MBIC), "-o", str(out), "--jobs", "1"], total)
        spans = run_cli([str(MBIC), "--spans", "-o", str(folder / "out.jsonl")], total)
        parquet = run_cli([str(MBIC), "-o", str(folder / "out.parquet")], total)
        best = min(r.seconds for r in mbic_runs)
        median = statistics.median(r.seconds for r in mbic_runs)
        print(reference_line(before, reference_loop_ms(), "the MBIC runs"))
        print("MBIC, 1,056 articles, fresh process to last row written")
        print(f"{'run':34} {HEADER}")
        for name, run in [
            *((f"CSV out, all cores (run {n + 1})", r) for n, r in enumerate(mbic_runs)),
            ("CSV out, --jobs 1", single),
            ("--spans JSONL out, all cores", spans),
            ("Parquet out, all cores", parquet),
        ]:
            print(f"{name:34} {_row(run)}")
        verdict = "yes" if best <= MBIC_TARGET_S else "NO"
        print(
            f"all-core CSV runs: best {best:.2f} s, median {median:.2f} s; "
            f"<= {MBIC_TARGET_S:g} s: {verdict}"
        )
        print(f"parallel speed-up over --jobs 1 (median): {single.seconds / median:.2f}x\n")

        print("Scaling: MBIC repeated, CSV in, CSV out, all cores")
        print(f"{'articles':>34} {HEADER}")
        runs = []
        readers = []
        for size in sizes:
            source = repeated_corpus(size, folder)
            run = run_cli([str(source), "-o", str(out)], size)
            runs.append(run)
            print(f"{size:34,} {_row(run)}", flush=True)
            if size == sizes[-1]:
                readers.append(("CSV", *reader_only(source)))
                table = to_parquet(source, row_group_size=size)  # one row group: the worst case
                readers.append(("Parquet, 1 row group", *reader_only(table)))
                if options.parquet:
                    parquet_run = run_cli([str(table), "-o", str(folder / "out.parquet")], size)
                    print(f"{'Parquet in and out':>34} {_row(parquet_run)}", flush=True)
                table.unlink()
            source.unlink()
        largest = runs[-1]
        verdict = "yes" if largest.peak_pss_mb <= MEMORY_TARGET_MB else "NO"
        print(
            f"peak memory at {largest.articles:,} articles: {largest.peak_pss_mb:.0f} MB PSS "
            f"(RSS sum {largest.peak_rss_sum_mb:.0f} MB) <= {MEMORY_TARGET_MB:g} MB: {verdict}"
        )
        for name, count, seconds, peak in readers:
            print(
                f"reader alone, {name}: {count:,} articles in {seconds:.1f} s, "
                f"peak RSS {peak:.0f} MB"
            )
        if len(runs) >= 2:
            first, last = runs[0], runs[-1]
            growth = (last.seconds / first.seconds) / (last.articles / first.articles)
            print(
                f"time grows {last.seconds / first.seconds:.1f}x for "
                f"{last.articles / first.articles:.1f}x the articles "
                f"(1.0 = linear; below 1 = fixed start-up cost spread out): {growth:.2f}"
            )


if __name__ == "__main__":
    main()
