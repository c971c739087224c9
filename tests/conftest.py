"""Fixtures shared by every test folder: the bundled story and its analysis."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED_STORY = REPO / "corpus" / "2021-09-01-pentagon-briefing"


@pytest.fixture(scope="session")
def seed_story_path() -> Path:
    """The bundled story folder."""
    return SEED_STORY


@pytest.fixture(scope="session")
def seed_analysis():
    """The bundled story analysed once for the whole test session."""
    from analysis import analyse_story, load_story

    return analyse_story(load_story(SEED_STORY))


@pytest.fixture(scope="session")
def sofrep(seed_analysis):
    """The opinion piece's analysis."""
    return next(a for a in seed_analysis.articles if a.meta.id == "sofrep")


@pytest.fixture(scope="session")
def ap(seed_analysis):
    """The wire report's analysis."""
    return next(a for a in seed_analysis.articles if a.meta.id == "ap")
