"""Speed and memory of the analysis on the bundled story. Prints a table.

Run: ``python benchmarks/bench_analysis.py``

Targets (issue: analysis engine): both seed articles analysed warm in <= 30 ms in total; a fresh
process importing the package and analysing the story in <= 1.5 s; peak memory of the command line
<= 250 MB.
"""

from __future__ import annotations

import functools
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from machine import reference_line, reference_loop_ms  # benchmarks/machine.py

REPO = Path(__file__).resolve().parent.parent
STORY = REPO / "corpus" / "2021-09-01-pentagon-briefing"
sys.path.insert(0, str(REPO))

FRESH_PROCESS = (
    "import time; t = time.perf_counter(); "
    "from analysis import analyse_story, load_story; "
    f"analyse_story(load_story(__import__('pathlib').Path({str(STORY)!r}))); "
    "print(time.perf_counter() - t)"
)


def clear_text_caches() -> None:
    """Empty textstat's per-text result caches, so a repeated run does not reuse its own results.

    Warm here means modules imported and data (lexicon, dictionary) loaded, not results cached.
    """
    for name, module in list(sys.modules.items()):
        if name.startswith("textstat"):
            for value in vars(module).values():
                if isinstance(value, functools._lru_cache_wrapper):
                    value.cache_clear()


def clear_word_memos() -> None:
    """Empty the analysis's bounded per-word memos, so that each run looks every word up afresh.

    These are the tone memos (VADER's reading of each whitespace-separated piece, the reason
    text per lexicon value) and the readability profiles (syllables and word classes per word).
    """
    from analysis import readability, tone

    for memo in (
        tone._pieces,
        tone._base_reasons,
        readability._word_profiles,
        readability._packed_profiles,
    ):
        memo.clear()


def warm_story_ms(
    repeats: int = 30, *, clear_memos: bool = False
) -> tuple[list[float], list[float]]:
    """Time analysing the story after one warm-up run: wall and CPU milliseconds per run.

    With ``clear_memos`` the per-word memos are emptied before each run (see
    :func:`clear_word_memos`), outside the timed part.
    """
    from analysis import analyse_story, load_story
    from analysis.lexicon import default_lexicon

    story = load_story(STORY)
    lexicon = default_lexicon()
    analyse_story(story, lexicon)
    wall, cpu = [], []
    for _ in range(repeats):
        clear_text_caches()
        if clear_memos:
            clear_word_memos()
        start, start_cpu = time.perf_counter(), time.process_time()
        analyse_story(story, lexicon)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def fresh_process_s(repeats: int = 5) -> list[float]:
    """Wall time of a new interpreter importing the package and analysing the story."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", FRESH_PROCESS], check=True, cwd=REPO, capture_output=True
        )
        times.append(time.perf_counter() - start)
    return times


def cli_peak_mb() -> float:
    """Peak resident memory of ``python -m analysis`` on the story (children's max RSS)."""
    subprocess.run(
        [sys.executable, "-m", "analysis", str(STORY)],
        check=True,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
    )
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    before = reference_loop_ms()
    wall, cpu = warm_story_ms()
    after = reference_loop_ms()
    wall_no_memos, _ = warm_story_ms(clear_memos=True)
    fresh = fresh_process_s()
    peak = cli_peak_mb()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    print(reference_line(before, after, "the warm runs"))
    rows = [
        ("analyse both seed articles, warm (median wall ms)", statistics.median(wall), 30.0),
        ("  same, CPU time (median ms)", statistics.median(cpu), None),
        ("  same, fastest of 30 (wall ms)", min(wall), None),
        ("  same, slowest of 30 (wall ms)", max(wall), None),
        (
            "  same, word memos emptied before each run (median wall ms)",
            statistics.median(wall_no_memos),
            None,
        ),
        ("fresh process: import + analyse story (median s)", statistics.median(fresh), 1.5),
        ("command line peak memory (MB)", peak, 250.0),
    ]
    print(f"{'measure':60} {'value':>10} {'target':>8}  ok")
    for name, value, target in rows:
        ok = "" if target is None else ("yes" if value <= target else "NO")
        target_text = "" if target is None else f"{target:g}"
        print(f"{name:60} {value:10.2f} {target_text:>8}  {ok}")


if __name__ == "__main__":
    main()
