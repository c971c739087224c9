"""Measure the dashboard's speed and memory; prints a table (a benchmark, not a timed test).

Run from the repository root::

    python benchmarks/bench_dashboard.py [--repeats 7]

What it measures, against the budgets in the issue:

* **click rerun (server)**: one script run after a chart click, with the analysis cached: the
  script's own run time (``st.session_state["run_seconds"]``, written by the dashboard), driven
  in-process by Streamlit's AppTest seeding the selection a click would write (median).
* **click → view updated (browser)**: a real click on a bar in headless Chromium until the script
  has finished and the highlights are in the page (median; includes the browser's drawing).
* **open page, fresh server**: a newly started server with no visitor yet, from ``page.goto``
  until the texts and all five charts are drawn. The page is opened as soon as the server
  answers; the server analyses the bundled stories in a background thread from its start
  (``ui/warm_up.py``), so the first visitor may find that still running. Below it: how long the
  server took to start answering (not part of the open), and when the story's title appeared
  (the server has the analysis and is sending the page; the rest is mostly the browser's
  drawing).
* **open page, warm server**: the same for a second visitor, analysis cached (median).
* **server RSS, one session**: resident memory of the server process after the page was opened
  and clicked, read from ``/proc/<pid>/status``.
* **reference pages**: the two pages the issue quotes for this machine ("an empty Streamlit page
  takes about 1 s here, three plotly charts about 2 s"), each opened the same way on its own
  fresh server and browser, just before the dashboard. They show how fast the machine is running
  at the moment, since the same page can take twice as long from one minute to the next.

Wall times depend on what else runs on the machine, so the table also gives the CPU seconds the
server process and this benchmark's Chromium processes spent on the fresh open (from
``/proc/<pid>/stat``): on a machine with two idle cores the open takes about their sum, since the
browser's loading, the server's run and the browser's drawing mostly follow one another. The
load average at the start is printed so a reader can judge the wall times.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from machine import reference_line, reference_loop_ms  # benchmarks/machine.py

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
APP_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
CHARTS_DRAWN = (
    "document.querySelectorAll(\"[data-testid='stPlotlyChart']:has(.main-svg)\").length >= 5"
    " && document.querySelectorAll('.cl-text').length >= 2"
)
STORY_TITLE = "h1.cl-title"
BUDGET_RERUN_S = 0.300
BUDGET_OPEN_S = 3.0
REFERENCE_PAGES: dict[str, tuple[str, int]] = {
    "empty Streamlit page": ('import streamlit as st\n\nst.title("Empty")\n', 0),
    "three plotly charts": (
        "import plotly.graph_objects as go\n"
        "import streamlit as st\n\n"
        "for n in range(3):\n"
        "    figure = go.Figure(go.Bar(x=list(range(20)), y=[i * i for i in range(20)]))\n"
        '    st.plotly_chart(figure, key=f"chart{n}")\n',
        3,
    ),
}
"""The issue's reference pages: name -> (script, number of charts to wait for)."""
BUDGET_RSS_MB = 300.0


def server_rerun_seconds(repeats: int) -> float:
    """Return the median script run time after a click, analysis cached (AppTest, in-process)."""
    from streamlit.testing.v1 import AppTest

    from ui.selection import Selection

    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    app.run()
    selections = [
        Selection("category", "charged"),
        Selection("sentence", "5", "ap"),
        Selection("speaker", "Milley"),
        Selection("metric", "tone", "sofrep"),
        None,
    ]
    script_times = []
    for n in range(repeats):
        app.session_state["selection"] = selections[n % len(selections)]
        app.run()
        script_times.append(app.session_state["run_seconds"])
    return statistics.median(script_times)


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(
    script: Path = REPO / "dashboard.py",
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Start a Streamlit script (the dashboard by default) on a free port; yield its URL and
    process; stop it afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.headless=true",
            "--server.address=127.0.0.1",
            f"--server.port={port}",
            "--browser.gatherUsageStats=false",
        ],
        cwd=script.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read().decode().strip() == "ok":
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise TimeoutError("the dashboard did not start within 60 s")
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def cpu_seconds(pids: set[int]) -> float:
    """Return the user+system CPU seconds used so far by the processes ``pids`` (those alive)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def chromium_pids() -> set[int]:
    """Return the ids of the running Chromium processes."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if "chromium" in (entry / "comm").read_text():
                    pids.add(int(entry.name))
            except OSError:
                continue
    return pids


def rss_mb(pid: int) -> float:
    """Return the resident memory of process ``pid`` in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def open_timings(page, url: str) -> tuple[float, float]:
    """Return the seconds from navigation until the story's title is shown (the server has
    analysed and started sending the page), and until the texts and all charts are drawn."""
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(STORY_TITLE, timeout=60_000)
    titled = time.perf_counter() - start
    page.wait_for_function(CHARTS_DRAWN, timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    return titled, time.perf_counter() - start


def open_seconds(page, url: str) -> float:
    """Return the seconds from navigation until the texts and all charts are drawn."""
    return open_timings(page, url)[1]


def click_seconds(page) -> float:
    """Return the seconds from a click on the largest category bar until the view has updated."""
    chart = page.locator(".st-key-chart_speakers [data-testid='stPlotlyChart']")
    chart.scroll_into_view_if_needed()
    bars = chart.locator(".barlayer .point path")
    boxes = [bars.nth(i).bounding_box() for i in range(bars.count())]
    box = max((b for b in boxes if b), key=lambda b: b["width"] * b["height"])
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.wait_for_timeout(300)
    start = time.perf_counter()
    page.mouse.click(x, y)
    page.wait_for_selector(".cl-text mark.sel", timeout=30_000)
    page.wait_for_selector(APP_IDLE, timeout=30_000)
    elapsed = time.perf_counter() - start
    page.locator(".st-key-clear_main button").click()
    page.wait_for_function("document.querySelectorAll('.cl-text mark.sel').length === 0")
    page.wait_for_selector(APP_IDLE)
    return elapsed


def reference_open_seconds(playwright, script: str, charts: int) -> float:
    """Return the seconds a reference page takes to open on a fresh server and browser."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reference.py"
        path.write_text(script, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with running_server(path) as (url, _):
                page = browser.new_page(viewport={"width": 1600, "height": 1000})
                start = time.perf_counter()
                page.goto(url)
                drawn = "[data-testid='stPlotlyChart']:has(.main-svg)"
                ready = (
                    f'document.querySelectorAll("{drawn}").length >= {charts}'
                    if charts
                    else "document.querySelector('h1') !== null"
                )
                page.wait_for_function(ready, timeout=60_000)
                page.wait_for_selector(APP_IDLE, timeout=60_000)
                return time.perf_counter() - start
        finally:
            browser.close()


def browser_figures(repeats: int) -> dict[str, float]:
    """Return the browser-side figures: fresh and warm page opens, click update, server RSS."""
    from playwright.sync_api import sync_playwright

    figures: dict[str, float] = {}
    others = chromium_pids()
    with sync_playwright() as playwright:
        for name, (script, charts) in REFERENCE_PAGES.items():
            figures[name] = reference_open_seconds(playwright, script, charts)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            launched = time.perf_counter()
            with running_server() as (url, process):
                figures["server_start"] = time.perf_counter() - launched
                page = browser.new_page(viewport={"width": 1600, "height": 1000})
                mine = chromium_pids() - others
                server_before = cpu_seconds({process.pid})
                browser_before = cpu_seconds(mine)
                figures["open_fresh_title"], figures["open_fresh"] = open_timings(page, url)
                figures["open_fresh_server_cpu"] = cpu_seconds({process.pid}) - server_before
                mine = chromium_pids() - others
                figures["open_fresh_browser_cpu"] = cpu_seconds(mine) - browser_before
                clicks = [click_seconds(page) for _ in range(repeats)]
                figures["click_browser"] = statistics.median(clicks)
                figures["rss_one_session"] = rss_mb(process.pid)
                page.close()
                warm = []
                for _ in range(repeats):
                    other = browser.new_page(viewport={"width": 1600, "height": 1000})
                    warm.append(open_seconds(other, url))
                    other.close()
                figures["open_warm"] = statistics.median(warm)
        finally:
            browser.close()
    return figures


def main() -> None:
    """Run every measurement and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    load_at_start = Path("/proc/loadavg").read_text().split()[:3]
    before = reference_loop_ms()
    rerun = server_rerun_seconds(args.repeats)
    browser = browser_figures(max(3, args.repeats // 2))
    after = reference_loop_ms()
    rows = [
        ("click rerun (server script)", f"{1000 * rerun:.0f} ms", "≤ 300 ms", rerun <= 0.3),
        (
            "click → view updated (browser)",
            f"{1000 * browser['click_browser']:.0f} ms",
            "",
            None,
        ),
        (
            "open page, fresh server",
            f"{browser['open_fresh']:.2f} s",
            "≤ 3 s",
            browser["open_fresh"] <= BUDGET_OPEN_S,
        ),
        (
            "  of which until the story's title shows",
            f"{browser['open_fresh_title']:.2f} s",
            "",
            None,
        ),
        (
            "  before it: server start (launch until it answers)",
            f"{browser['server_start']:.2f} s",
            "",
            None,
        ),
        (
            "  CPU: server + Chromium",
            f"{browser['open_fresh_server_cpu']:.2f}+{browser['open_fresh_browser_cpu']:.2f} s",
            "",
            None,
        ),
        ("open page, warm server", f"{browser['open_warm']:.2f} s", "", None),
        *((f"reference: {name}", f"{browser[name]:.2f} s", "", None) for name in REFERENCE_PAGES),
        (
            "server RSS, one session",
            f"{browser['rss_one_session']:.0f} MB",
            "≤ 300 MB",
            browser["rss_one_session"] <= BUDGET_RSS_MB,
        ),
    ]
    print(f"load average at start: {load_at_start}")
    print(reference_line(before, after, "the measurements"))
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>11}  {'budget':>9}  ok")
    for name, value, budget, ok in rows:
        verdict = "" if ok is None else ("yes" if ok else "NO")
        print(f"{name:<{width}}  {value:>11}  {budget:>9}  {verdict}")


if __name__ == "__main__":
    main()
