"""Warming the caches at server start: found by ``streamlit run``, fills the shared caches,
never stops the server, and keeps its harmless warnings out of the server's output."""

from __future__ import annotations

import asyncio
import logging
import threading
from pathlib import Path

import pytest
from streamlit.web.server.app_discovery import discover_asgi_app

from ui import warm_up
from ui.story_source import (
    corpus_analysis,
    corpus_evidence,
    default_fingerprint,
    story_titles,
    valid_article_ids,
    warm_shared_caches,
)

REPO = Path(__file__).resolve().parents[2]


def test_streamlit_run_serves_the_dashboard_app_with_its_warm_up() -> None:
    found = discover_asgi_app(REPO / "dashboard.py")
    assert found.is_asgi_app
    assert found.import_string == "dashboard:app"


def test_importing_the_dashboard_builds_the_app_with_the_warm_up_lifespan() -> None:
    import dashboard

    assert dashboard.app.script_path == Path("dashboard.py")
    assert dashboard.app._user_lifespan is warm_up.warm_server


def test_warming_fills_the_caches_the_page_reads() -> None:
    corpus_analysis.clear()
    corpus_evidence.clear()
    analyses = warm_shared_caches()
    key = default_fingerprint()
    assert list(analyses) == list(story_titles())
    for story_id, analysis in analyses.items():
        assert corpus_analysis(story_id, key) is analysis, "the page gets the warmed analysis"
        ids = tuple(valid_article_ids(None, [a.meta.id for a in analysis.articles]))
        first = corpus_evidence(story_id, ids, key)
        assert len(first) > 0
        assert corpus_evidence(story_id, ids, key) is first


@pytest.fixture
def warm_up_log(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture):
    """The warm-up's warnings, captured (its Streamlit logger does not propagate by default)."""
    monkeypatch.setattr(warm_up._LOG, "propagate", True)
    caplog.set_level(logging.WARNING, logger=warm_up._LOG.name)
    return caplog


def test_without_a_runtime_the_warm_up_gives_up_with_a_warning(
    warm_up_log: pytest.LogCaptureFixture,
) -> None:
    # Tests run Streamlit bare: no runtime ever starts, so the wait must end, not hang.
    assert warm_up.warm_caches_when_ready(wait_s=0.2) is False
    assert "runtime did not start" in warm_up_log.text


def test_a_failing_warm_up_is_logged_and_never_raised(
    monkeypatch: pytest.MonkeyPatch, warm_up_log: pytest.LogCaptureFixture
) -> None:
    import ui.story_source

    def broken() -> dict[str, object]:
        raise OSError("corpus folder unreadable")

    monkeypatch.setattr("streamlit.runtime.exists", lambda: True)
    monkeypatch.setattr(ui.story_source, "warm_shared_caches", broken)
    assert warm_up.warm_caches_when_ready(wait_s=0.2) is False
    assert "failed" in warm_up_log.text and "corpus folder unreadable" in warm_up_log.text


def test_the_lifespan_starts_the_warm_up_thread_and_returns_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = threading.Event()
    monkeypatch.setattr(warm_up, "warm_caches_when_ready", started.set)

    served: list[bool] = []

    async def serve() -> None:
        async with warm_up.warm_server(object()):
            served.append(started.wait(timeout=10))

    # In a thread of its own: the test process may already run an event loop (Playwright's).
    server = threading.Thread(target=lambda: asyncio.run(serve()))
    server.start()
    server.join(timeout=30)
    assert served == [True], "the warm-up runs while the server serves"


def _record(message: str, thread: str, logger: str) -> logging.LogRecord:
    record = logging.LogRecord(logger, logging.WARNING, __file__, 1, message, None, None)
    record.threadName = thread
    return record


def test_only_the_expected_start_up_warnings_are_dropped() -> None:
    before_runtime = warm_up._BeforeRuntimeFilter()
    in_thread = warm_up._WarmUpThreadFilter()
    no_runtime = "No runtime found, using MemoryCacheStorageManager"
    no_context = "Thread 'x': missing ScriptRunContext!"
    # Bare test process: no runtime, as when the server imports the page's modules.
    assert not before_runtime.filter(_record(no_runtime, "MainThread", warm_up.NO_RUNTIME_LOGGER))
    assert before_runtime.filter(
        _record("Another warning", "MainThread", warm_up.NO_RUNTIME_LOGGER)
    )
    warmer = _record(no_context, warm_up.WARM_UP_THREAD, warm_up.NO_CONTEXT_LOGGER)
    assert not in_thread.filter(warmer)
    assert in_thread.filter(_record(no_context, "ScriptRunner.scriptThread", "x"))
