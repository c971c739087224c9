"""The real server: ``streamlit run dashboard.py`` analyses the bundled stories when it starts,
before any visitor, and prints nothing alarming while doing so."""

from __future__ import annotations

import re
from collections.abc import Callable

from analysis import list_stories

WARMED = re.compile(r"Bundled stories analysed before the first visit: (\d+), in [\d.]+ s")
ALARMING = ("Traceback", "WARNING", "No runtime found", "missing ScriptRunContext", "failed")


def test_the_server_warms_its_caches_before_the_first_visit(
    server_output: Callable[[Callable[[str], bool]], str],
) -> None:
    text = server_output(lambda output: WARMED.search(output) is not None)
    warmed = WARMED.search(text)
    assert warmed, f"no warm-up line in the server's output:\n{text}"
    assert int(warmed.group(1)) == len(list_stories()) >= 1
    assert not [word for word in ALARMING if word in text], text
