"""Fixtures for real-browser tests: a dashboard server on a free port and headless Chromium.

The tests run only where ``/usr/bin/chromium`` exists; without it they are skipped, except in CI
(``CI`` set), where a missing browser is an error.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_TIMEOUT_S = 60.0
APP_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip browser tests when Chromium is missing outside CI; in CI they must run."""
    if CHROMIUM.exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing (install Debian's chromium to run)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_healthy(base_url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    """Poll ``/_stcore/health`` until it answers ``ok``; fail if the server dies or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"the dashboard did not answer at {base_url} within {timeout:.0f} s")


def start_dashboard(
    port: int, output: IO[bytes] | int = subprocess.DEVNULL
) -> subprocess.Popen[bytes]:
    """Start ``streamlit run dashboard.py`` headless on ``port``, in its own process group;
    its output (standard output and error) goes to ``output``."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(REPO / "dashboard.py"),
        "--server.headless=true",
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--browser.gatherUsageStats=false",
    ]
    return subprocess.Popen(
        command,
        cwd=REPO,
        stdout=output,
        stderr=subprocess.STDOUT if output is not subprocess.DEVNULL else subprocess.DEVNULL,
        start_new_session=True,
    )


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Stop the server started by :func:`start_dashboard` (only that process)."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def dashboard_url() -> Iterator[str]:
    """The base URL of a dashboard server started for this test session."""
    port = free_port()
    process = start_dashboard(port)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base_url, process, SERVER_START_TIMEOUT_S)
        yield base_url
    finally:
        stop_process(process)


@pytest.fixture
def server_output(tmp_path: Path) -> Callable[[Callable[[str], bool]], str]:
    """Start a server of its own and return a function that waits (at most the start timeout)
    until its output satisfies a condition, then stops it and returns the output."""

    def run_until(done: Callable[[str], bool]) -> str:
        port = free_port()
        log = tmp_path / "server.log"
        with log.open("wb") as sink:
            process = start_dashboard(port, sink)
            try:
                wait_until_healthy(f"http://127.0.0.1:{port}", process, SERVER_START_TIMEOUT_S)
                deadline = time.monotonic() + SERVER_START_TIMEOUT_S
                while not done(log.read_text()) and time.monotonic() < deadline:
                    time.sleep(0.2)
            finally:
                stop_process(process)
        return log.read_text()

    return run_until


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep each phase's report on the test item, so fixtures can see whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh page at a classroom-projector size (1600×1000).

    When the test fails, a whole-page screenshot of what the browser showed is saved as
    ``failed-<test>.png`` in the screenshot folder: look at it before guessing at the cause.
    """
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    opened = context.new_page()
    opened.set_default_timeout(90_000)
    try:
        yield opened
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            folder = Path(os.environ.get("SCREENSHOT_DIR", REPO / "artifacts" / "screenshots"))
            folder.mkdir(parents=True, exist_ok=True)
            name = "".join(c if c.isalnum() or c in "-_" else "_" for c in request.node.name)
            try:
                opened.set_viewport_size({"width": 1600, "height": 3000})
                opened.screenshot(path=folder / f"failed-{name}.png", timeout=10_000)
            except Exception:  # noqa: BLE001 - a failed screenshot must not hide the failure
                pass
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where screenshots go: ``$SCREENSHOT_DIR`` or ``artifacts/screenshots`` in the repo."""
    folder = Path(os.environ.get("SCREENSHOT_DIR", REPO / "artifacts" / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
