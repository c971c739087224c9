"""Speed and memory of the analysis on the bundled story. Prints a table.

Run: ``python benchmarks/bench_analysis.py``

Targets (issue: analysis engine): both seed articles analysed warm in <= 30 ms in total; a fresh
process importing the package and analysing the story in <= 1.5 s; peak memory of the command line
<= 250 MB.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STORY = REPO / "corpus" / "2021-09-01-pentagon-briefing"
sys.path.insert(0, str(REPO))

FRESH_PROCESS = (
    "import time; t = time.perf_counter(); "
    "from analysis import analyse_story, load_story; "
    f"analyse_story(load_story(__import__('pathlib').Path({str(STORY)!r}))); "
    "print(time.perf_counter() - t)"
)


def warm_story_ms(repeats: int = 30) -> list[float]:
    """Time analysing the story after one warm-up run, in milliseconds."""
    from analysis import analyse_story, load_story
    from analysis.lexicon import default_lexicon

    story = load_story(STORY)
    lexicon = default_lexicon()
    analyse_story(story, lexicon)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        analyse_story(story, lexicon)
        times.append((time.perf_counter() - start) * 1000)
    return times


def fresh_process_s(repeats: int = 5) -> list[float]:
    """Wall time of a new interpreter importing the package and analysing the story."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", FRESH_PROCESS], check=True, cwd=REPO, capture_output=True)
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
    warm = warm_story_ms()
    fresh = fresh_process_s()
    peak = cli_peak_mb()
    rows = [
        ("analyse both seed articles, warm (median ms)", statistics.median(warm), 30.0),
        ("  same, slowest of 30 (ms)", max(warm), None),
        ("fresh process: import + analyse story (median s)", statistics.median(fresh), 1.5),
        ("command line peak memory (MB)", peak, 250.0),
    ]
    print(f"{'measure':52} {'value':>10} {'target':>8}  ok")
    for name, value, target in rows:
        ok = "" if target is None else ("yes" if value <= target else "NO")
        target_text = "" if target is None else f"{target:g}"
        print(f"{name:52} {value:10.2f} {target_text:>8}  {ok}")


if __name__ == "__main__":
    main()
