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
    """Return the mark style of a lexicon category, or a neutral fallback for unknown ones.

    A category a teacher added keeps the fallback's grey solid underline, with its own letter
    when it can have one: the first letter of its id, unless a shipped category uses it.
    """
    known = CATEGORY_STYLES.get(category_id)
    if known is not None:
        return known
    taken = {style.code for style in CATEGORY_STYLES.values()}
    letter = next((c.upper() for c in category_id if c.isalnum()), "")
    code = letter if letter and letter not in taken else FALLBACK_STYLE.code
    return MarkStyle(FALLBACK_STYLE.colour, FALLBACK_STYLE.underline, code)


def category_display_name(category_id: str, names: Mapping[str, str] | None = None) -> str:
    """Return a category's readable name: from ``names`` when given, else from its id."""
    if names and category_id in names:
        return names[category_id]
    return category_id.replace("_", " ").capitalize()


def readable_text_colour(background: str) -> str:
    """Return black or white, whichever has the higher WCAG contrast on the ``#RRGGBB`` colour."""
    black = contrast_ratio("#000000", background)
    return "#000000" if black >= contrast_ratio("#FFFFFF", background) else "#FFFFFF"


def article_colour(position: int) -> str:
    """Return the colour of the article shown at ``position`` (0-based)."""
    return ARTICLE_COLOURS[position % len(ARTICLE_COLOURS)]


def article_pattern(position: int) -> str:
    """Return the bar fill pattern of the article shown at ``position`` (0-based)."""
    return ARTICLE_PATTERNS[position % len(ARTICLE_PATTERNS)]


def article_symbol(position: int) -> str:
    """Return the marker symbol of the article shown at ``position`` (0-based)."""
    return ARTICLE_SYMBOLS[position % len(ARTICLE_SYMBOLS)]


HIGH_CONTRAST_COLOURS: dict[str, str] = {
    "charged": "#9A3200",
    "intensifier": "#7A4E00",
    "hedge": "#00557F",
    "saying_verb": "#00664A",
    "label": "#8A2D68",
    "editorialising": "#1F2F8F",
    "presupposing": "#5C5300",
    "evaluative": "#000000",
}
"""Darker category colours for the high-contrast theme: each at least 7:1 against white (WCAG
AAA), so underlines survive a washed-out projector and white code letters stay readable."""

HIGH_CONTRAST_FALLBACK = "#333333"
HIGH_CONTRAST_QUOTE = "#9CCDEB"
"""Quoted passages in the high-contrast theme: a stronger tint, with a solid border."""

TEXT_SCALES: dict[str, float] = {"Normal": 1.0, "Large": 1.25, "Extra large": 1.5}
"""Text size choices for projecting, as a factor of the normal size."""


def contrast_ratio(foreground: str, background: str) -> float:
    """Return the WCAG 2 contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = []
        for i in (1, 3, 5):
            c = int(colour[i : i + 2], 16) / 255
            channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
        red, green, blue = channels
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def high_contrast_colour(category_id: str) -> str:
    """Return a category's colour in the high-contrast theme."""
    return HIGH_CONTRAST_COLOURS.get(category_id, HIGH_CONTRAST_FALLBACK)
