"""Load test: several visitors at once, each pasting two articles, comparing and clicking charts.

Run from the repository root (needs Chromium at ``/usr/bin/chromium`` and Playwright)::

    python benchmarks/bench_load.py [--sessions 10] [--clicks 3] [--waves 2] [--deadline 1200]

One dashboard server is started on a free loopback port; one headless Chromium opens
``--sessions`` browser contexts (separate visitors, separate Streamlit sessions) that all start at
once. Each visitor, within a bounded script:

1. opens "Your articles" and pastes two articles (the bundled AP and SOFREP texts, with outlet
   names that carry the visitor's number), each added with the "Add this article" button;
2. presses "Compare these articles" and waits for the texts and the five charts;
3. checks that the page shows its own outlets and no other visitor's;
4. ``--clicks`` times: clicks the largest bar of a chart (categories, speakers in turn) until
   the matching words are highlighted, then "Clear selection" until they are not.

Every interaction is timed from the click to the updated view (the script finished and the
expected marks in the page). Requests to anything but the server are aborted (loopback only).
Errors are counted: an exception, a Streamlit error box, a wrong or missing view, a deadline.

``--waves`` waves of visitors run one after the other (default 2): memory is bounded when the
second wave does not raise the server's peak much beyond the first. The server's resident
memory is sampled every half second; the CPU seconds of the server and of the browser (Playwright
and every Chromium process it started) are reported per wave: with two cores, a wall time far
above ``(server + browser CPU) / 2`` means the machine was busy with other work.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_dashboard import CHROMIUM, CHROMIUM_ARGS, cpu_seconds, free_port, rss_mb  # noqa: E402

APP_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
DRAWN = (
    "document.querySelectorAll(\"[data-testid='stPlotlyChart']:has(.main-svg)\").length >= 5"
    " && document.querySelectorAll('.cl-text').length >= 2"
)
CORPUS = REPO / "corpus" / "2021-09-01-pentagon-briefing"
STEP_TIMEOUT_MS = 180_000
SAMPLE_S = 0.5
SERVER_START_S = 60.0
CHARTS = ("categories", "speakers")


@dataclass
class Visitor:
    """What one visitor measured."""

    number: int
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def record(self, kind: str, seconds: float) -> None:
        """Add one interaction time."""
        self.times.setdefault(kind, []).append(seconds)


@contextmanager
def running_server() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Start the dashboard on a free loopback port; yield its URL and process; stop it after.

    The file watcher is off: a source file edited while the benchmark runs would otherwise make
    Streamlit re-import every module mid-run (and ask the browsers to rerun), which is not what
    a deployed classroom server does.
    """
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(REPO / "dashboard.py"),
            "--server.headless=true",
            "--server.address=127.0.0.1",
            f"--server.port={port}",
            "--server.fileWatcherType=none",
            "--browser.gatherUsageStats=false",
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read().decode().strip() == "ok":
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise TimeoutError("the dashboard did not start") from None
                time.sleep(0.2)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def body(name: str) -> str:
    """The body of a bundled article (after its header)."""
    return (CORPUS / name).read_text(encoding="utf-8").split("\n---\n", 1)[1]


async def idle(page) -> None:
    """Wait until the script has finished its run."""
    await page.wait_for_selector(APP_IDLE, timeout=STEP_TIMEOUT_MS)


async def paste(page, visitor: Visitor, text: str, outlet: str, expected: int) -> None:
    """Paste one article and add it; time the click until the list shows it."""
    await page.locator(".st-key-in_paste_text textarea").fill(text)
    await page.locator(".st-key-in_paste_outlet input").fill(outlet)
    started = time.perf_counter()
    await page.locator(".st-key-in_paste_add button").click()
    await page.get_by_text(f"Your list: {expected} of").wait_for(timeout=STEP_TIMEOUT_MS)
    await idle(page)
    visitor.record("add article", time.perf_counter() - started)


async def click_bar(page, chart: str) -> None:
    """Click the centre of the largest bar of a chart (plotly needs a hover first)."""
    container = page.locator(f".st-key-chart_{chart} [data-testid='stPlotlyChart']")
    await container.scroll_into_view_if_needed()
    bars = container.locator(".barlayer .point path")
    boxes = [await bars.nth(i).bounding_box() for i in range(await bars.count())]
    box = max((b for b in boxes if b), key=lambda b: b["width"] * b["height"])
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    await page.mouse.move(x, y)
    await page.wait_for_timeout(300)
    await page.mouse.click(x, y)


async def visit(browser, url: str, visitor: Visitor, clicks: int) -> None:
    """One visitor's whole script, in its own browser context (its own session)."""
    context = await browser.new_context(viewport={"width": 1600, "height": 1000})
    host = urlsplit(url).netloc

    async def loopback_only(route) -> None:
        if urlsplit(route.request.url).netloc == host:
            await route.continue_()
        else:
            await route.abort()

    await context.route("**/*", loopback_only)
    try:
        page = await context.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        started = time.perf_counter()
        await page.goto(url + "/yours")
        await page.wait_for_selector(".st-key-in_paste_text textarea", timeout=STEP_TIMEOUT_MS)
        await idle(page)
        visitor.record("open page", time.perf_counter() - started)
        outlets = (f"Wire {visitor.number}", f"Analysis {visitor.number}")
        await paste(page, visitor, body("ap.txt"), outlets[0], 1)
        await paste(page, visitor, body("sofrep.txt"), outlets[1], 2)

        started = time.perf_counter()
        await page.locator(".st-key-in_compare button").click()
        await page.wait_for_function(DRAWN, timeout=STEP_TIMEOUT_MS)
        await idle(page)
        visitor.record("compare", time.perf_counter() - started)
        names = " ".join(await page.locator("h4.cl-article").all_inner_texts())
        if names.split() != " ".join(outlets).split():
            visitor.errors.append(f"visitor {visitor.number} saw articles {names!r}")

        for n in range(clicks):
            started = time.perf_counter()
            await click_bar(page, CHARTS[n % len(CHARTS)])
            await page.wait_for_selector(".cl-text mark.sel", timeout=STEP_TIMEOUT_MS)
            await idle(page)
            visitor.record("chart click", time.perf_counter() - started)
            started = time.perf_counter()
            await page.locator(".st-key-clear_main button").click()
            await page.wait_for_function(
                "document.querySelectorAll('.cl-text mark.sel').length === 0",
                timeout=STEP_TIMEOUT_MS,
            )
            await idle(page)
            visitor.record("clear", time.perf_counter() - started)
        if await page.locator("[data-testid='stException']").count():
            visitor.errors.append(f"visitor {visitor.number}: a Streamlit error box")
    except Exception as error:  # noqa: BLE001 - every failure is counted and reported
        visitor.errors.append(f"visitor {visitor.number}: {type(error).__name__}: {error}"[:300])
    finally:
        await context.close()


def descendants(root: int) -> set[int]:
    """Return the ids of every process descended from ``root`` (Playwright's Chromium)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


async def sample(pid: int, peak: list[float], browser_cpu: dict[int, float], stop) -> None:
    """Until ``stop`` is set: record the server's highest resident memory, and the CPU seconds
    of every browser process seen (processes of closed contexts keep their last reading)."""
    while not stop.is_set():
        peak[0] = max(peak[0], rss_mb(pid))
        for child in descendants(os.getpid()) - {pid}:
            browser_cpu[child] = cpu_seconds({child})
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), SAMPLE_S)


@dataclass
class Wave:
    """One wave of visitors arriving together."""

    visitors: list[Visitor]
    wall: float
    rss_before: float
    rss_peak: float
    server_cpu: float
    browser_cpu: float


async def wave(browser, url: str, pid: int, sessions: int, clicks: int, deadline: float) -> Wave:
    """Run ``sessions`` visitors at once; measure times, peak memory and CPU seconds."""
    rss_before = rss_mb(pid)
    peak = [rss_before]
    browser_cpu: dict[int, float] = {}
    server_cpu = cpu_seconds({pid})
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample(pid, peak, browser_cpu, stop))
    await asyncio.sleep(0)
    browser_before = sum(browser_cpu.values())
    visitors = [Visitor(n + 1) for n in range(sessions)]
    started = time.perf_counter()
    try:
        await asyncio.wait_for(
            asyncio.gather(*(visit(browser, url, v, clicks) for v in visitors)), deadline
        )
    except TimeoutError:
        for visitor in visitors:
            visitor.errors.append(f"visitor {visitor.number}: deadline passed")
    wall = time.perf_counter() - started
    stop.set()
    await sampler
    return Wave(
        visitors=visitors,
        wall=wall,
        rss_before=rss_before,
        rss_peak=peak[0],
        server_cpu=cpu_seconds({pid}) - server_cpu,
        browser_cpu=sum(browser_cpu.values()) - browser_before,
    )


async def run(sessions: int, clicks: int, deadline: float, waves: int) -> tuple[list[Wave], float]:
    """Start the server, open the bundled story once, run the waves one after the other.

    Returns:
        The waves and the server's resident memory (MB) at the end, every visitor gone.
    """
    from playwright.async_api import async_playwright

    with running_server() as (url, process):
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                warm = await browser.new_page()  # the bundled story, analysed once, as in class
                await warm.goto(url)
                await warm.wait_for_function(DRAWN, timeout=STEP_TIMEOUT_MS)
                await warm.close()
                results = [
                    await wave(browser, url, process.pid, sessions, clicks, deadline)
                    for _ in range(waves)
                ]
            finally:
                await browser.close()
        await asyncio.sleep(2)
        return results, rss_mb(process.pid)


def percentile(values: list[float], share: float) -> float:
    """Return the ``share`` percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def table(visitors: list[Visitor]) -> list[str]:
    """Return the lines of the timing table: p50, p95 and max per kind of interaction."""
    kinds: dict[str, list[float]] = {}
    for visitor in visitors:
        for kind, values in visitor.times.items():
            kinds.setdefault(kind, []).extend(values)
    every = [t for kind, values in kinds.items() if kind != "open page" for t in values]
    lines = [f"{'interaction':<14} {'n':>4} {'p50 s':>7} {'p95 s':>7} {'max s':>7}"]
    for kind, values in [*kinds.items(), ("all but open", every)]:
        if values:
            lines.append(
                f"{kind:<14} {len(values):>4} {statistics.median(values):>7.2f} "
                f"{percentile(values, 0.95):>7.2f} {max(values):>7.2f}"
            )
    return lines


def main() -> None:
    """Run the load test and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--clicks", type=int, default=3)
    parser.add_argument("--waves", type=int, default=2, help="waves of visitors, one after another")
    parser.add_argument("--deadline", type=float, default=1200.0, help="seconds per wave")
    args = parser.parse_args()
    load = Path("/proc/loadavg").read_text().split()[:3]
    waves, rss_end = asyncio.run(run(args.sessions, args.clicks, args.deadline, args.waves))
    print(f"load average at start: {load}")
    print(f"{args.sessions} sessions at once per wave, {args.clicks} chart clicks each")
    errors: list[str] = []
    for number, result in enumerate(waves, start=1):
        print(
            f"\nwave {number}: wall {result.wall:.1f} s; CPU seconds: server "
            f"{result.server_cpu:.1f}, Chromium {result.browser_cpu:.1f}"
        )
        print("\n".join(table(result.visitors)))
        completed = sum(1 for v in result.visitors if not v.errors)
        print(f"sessions completed without error: {completed} of {len(result.visitors)}")
        print(f"server RSS: {result.rss_before:.0f} MB before, {result.rss_peak:.0f} MB peak")
        errors += [e for v in result.visitors for e in v.errors]
    print(f"\nserver RSS at the end (every visitor gone): {rss_end:.0f} MB")
    print(f"errors: {len(errors)}")
    for error in errors:
        print(f"  {error}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
