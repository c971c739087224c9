"""Colours, labels and mark styles, defined once for the text, the legend and the charts.

The palette is Okabe–Ito (colour-blind safe). Categories are told apart by more than colour:
each has its own underline style and a one-letter code shown after every marked word.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

ARTICLE_COLOURS: tuple[str, ...] = (
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["sky_blue"],
)
"""One colour per compared article, in the order the articles are shown (at most six)."""

ARTICLE_PATTERNS: tuple[str, ...] = ("", "/", ".", "x", "\\", "+")
"""Bar fill patterns per article, so articles are told apart without colour."""

ARTICLE_SYMBOLS: tuple[str, ...] = ("circle", "square", "diamond", "triangle-up", "cross", "star")

NARRATION_PATTERN = "/"
"""Bars of narration-only values are hatched; whole-article bars are solid."""

VOICE_SYMBOLS: dict[str, str] = {"narration": "circle", "quote": "diamond", "mixed": "square"}
VOICE_NAMES: dict[str, str] = {
    "narration": "Outlet's own words",
    "quote": "Quotation",
    "mixed": "Both",
}

TONE_COLOURSCALE: list[list[float | str]] = [
    [0.0, OKABE_ITO["vermillion"]],
    [0.5, "#E8E8E8"],
    [1.0, OKABE_ITO["blue"]],
]
"""Diverging scale for tone, −1 (vermillion) through neutral grey to +1 (blue)."""

DIM_OPACITY = 0.25
"""Opacity of chart elements outside the current selection."""

FONT_SIZE = 16
"""Base font size of the charts: large enough to read when projected."""


@dataclass(frozen=True)
class MarkStyle:
    """How one kind of highlight looks: colour, underline style and a short visible code."""

    colour: str
    underline: str
    code: str


CATEGORY_STYLES: dict[str, MarkStyle] = {
    "charged": MarkStyle(OKABE_ITO["vermillion"], "solid", "C"),
    "intensifier": MarkStyle(OKABE_ITO["orange"], "double", "I"),
    "hedge": MarkStyle(OKABE_ITO["sky_blue"], "dotted", "H"),
    "saying_verb": MarkStyle(OKABE_ITO["bluish_green"], "dashed", "S"),
    "label": MarkStyle(OKABE_ITO["reddish_purple"], "wavy", "L"),
    "editorialising": MarkStyle(OKABE_ITO["blue"], "solid", "E"),
    "presupposing": MarkStyle("#8A7C00", "dashed", "P"),
    "evaluative": MarkStyle(OKABE_ITO["black"], "dotted", "V"),
}
"""Styles of the lexicon's categories. Unknown categories fall back to :data:`FALLBACK_STYLE`."""

FALLBACK_STYLE = MarkStyle("#555555", "solid", "?")

QUOTE_COLOUR = "#CFE8F7"
"""Background of quoted passages (a light tint of Okabe–Ito sky blue)."""


def category_style(category_id: str) -> MarkStyle:
    """Return the mark style of a lexicon category, or a neutral fallback for unknown ones."""
    return CATEGORY_STYLES.get(category_id, FALLBACK_STYLE)


def category_display_name(category_id: str, names: Mapping[str, str] | None = None) -> str:
    """Return a category's readable name: from ``names`` when given, else from its id."""
    if names and category_id in names:
        return names[category_id]
    return category_id.replace("_", " ").capitalize()


def readable_text_colour(background: str) -> str:
    """Return black or white, whichever reads better on the ``#RRGGBB`` background."""
    red, green, blue = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#000000" if luminance > 0.45 else "#FFFFFF"


def article_colour(position: int) -> str:
    """Return the colour of the article shown at ``position`` (0-based)."""
    return ARTICLE_COLOURS[position % len(ARTICLE_COLOURS)]


def article_pattern(position: int) -> str:
    """Return the bar fill pattern of the article shown at ``position`` (0-based)."""
    return ARTICLE_PATTERNS[position % len(ARTICLE_PATTERNS)]


def article_symbol(position: int) -> str:
    """Return the marker symbol of the article shown at ``position`` (0-based)."""
    return ARTICLE_SYMBOLS[position % len(ARTICLE_SYMBOLS)]
