"""How fast the machine runs right now: a fixed loop the benchmarks print beside their figures.

Shared virtual machines change speed from minute to minute (the project's 2-core VM by up to 2x,
even with nothing else running); this puts a figure on it, so timings taken at different moments
can be compared.
"""

from __future__ import annotations

import time

FULL_SPEED_MS = 55
"""The reference loop's time on the project's VM when it runs at full speed."""


def reference_loop_ms(repeats: int = 5) -> float:
    """Return the fastest of a few runs of a fixed pure-Python loop (1M multiply-adds), in ms."""
    best = float("inf")
    for _ in range(repeats):
        start, total = time.perf_counter(), 0
        for i in range(1_000_000):
            total += i * i
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def reference_line(before: float, after: float, during: str) -> str:
    """Return the line that reports the reference loop measured before and after ``during``."""
    return (
        f"reference loop (1M multiply-adds): {before:.0f} ms before, {after:.0f} ms after "
        f"{during} (about {FULL_SPEED_MS} ms on this machine when it runs at full speed)"
    )
