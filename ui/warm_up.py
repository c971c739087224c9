"""Warm the shared caches when the server starts, before the first visitor.

``streamlit run dashboard.py`` finds the ``st.App`` at the end of ``dashboard.py`` and serves it:
the server then imports ``dashboard`` once at start (so every import is done before anyone
visits) and runs :func:`warm_server` as its lifespan, which analyses the bundled stories in a
background thread. The first visitor's page then finds the analysis in the cache instead of
waiting for it. Each visitor's page is still ``dashboard.py`` run as ``__main__``.

This module imports only the standard library and Streamlit; the analysis is imported when the
warm-up runs.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import AsyncIterator

from streamlit.logger import get_logger

WARM_UP_THREAD = "coverage-lens-warm-up"
WARM_UP_WAIT_S = 60.0
WARMED_MESSAGE = "Bundled stories analysed before the first visit: %d, in %.1f s"
NO_RUNTIME_LOGGER = "streamlit.runtime.caching.cache_data_api"
NO_CONTEXT_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"

_LOG = get_logger(__name__)
"""Streamlit's logger setup, so these lines show in the server's output like Streamlit's own."""


class _BeforeRuntimeFilter(logging.Filter):
    """Drop "No runtime found" from ``st.cache_data``'s decorators when the server imports the
    page's modules before its runtime exists (they only check their parameters then)."""

    def filter(self, record: logging.LogRecord) -> bool:
        from streamlit import runtime

        return runtime.exists() or not record.getMessage().startswith("No runtime found")


class _WarmUpThreadFilter(logging.Filter):
    """Drop "missing ScriptRunContext" raised in the warm-up thread: the cached functions look
    for a visitor's run, and at server start there is none, by design."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != WARM_UP_THREAD


def quiet_server_start() -> None:
    """Silence the two harmless warnings that importing and warming before any visit causes."""
    logging.getLogger(NO_RUNTIME_LOGGER).addFilter(_BeforeRuntimeFilter())
    logging.getLogger(NO_CONTEXT_LOGGER).addFilter(_WarmUpThreadFilter())


def warm_caches_when_ready(wait_s: float = WARM_UP_WAIT_S) -> bool:
    """Wait for Streamlit's runtime (the caches live there), then fill the shared caches.

    Args:
        wait_s: How long to wait for the runtime before giving up.

    Returns:
        Whether the caches were filled. A failure is logged, never raised: warming is only an
        optimisation, and the page analyses on the first visit as it would anyway.
    """
    from streamlit import runtime

    deadline = time.monotonic() + wait_s
    while not runtime.exists():
        if time.monotonic() > deadline:
            _LOG.warning("Not warming the caches: Streamlit's runtime did not start")
            return False
        time.sleep(0.05)
    started = time.perf_counter()
    try:
        from ui.story_source import warm_shared_caches

        stories = warm_shared_caches()
    except Exception:  # noqa: BLE001 - see the docstring
        _LOG.warning("Warming the caches at server start failed", exc_info=True)
        return False
    _LOG.info(WARMED_MESSAGE, len(stories), time.perf_counter() - started)
    return True


@contextlib.asynccontextmanager
async def warm_server(_app: object) -> AsyncIterator[None]:
    """Lifespan of the server: warm the caches in a background thread, so the server answers
    at once; a visitor who arrives first waits for the entry being computed in the cache rather
    than analysing again."""
    threading.Thread(target=warm_caches_when_ready, name=WARM_UP_THREAD, daemon=True).start()
    yield
