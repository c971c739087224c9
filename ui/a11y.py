"""Display settings for projecting and for low vision: text size and a high-contrast theme.

:func:`display_css` is pure: it turns the two settings into a stylesheet. :func:`display_settings`
draws the two controls in the sidebar and applies the stylesheet; ``dashboard.main`` calls it on
every run, so the settings apply to every page. The settings live in ``st.session_state`` under
keys of their own (not the widgets' keys), so they survive a run that does not draw the controls;
:func:`apply_display_settings` applies them without drawing anything.

Text size scales the root font size (the theme's ``baseFontSize``), so everything sized in
``rem`` (Streamlit's widgets, the highlighted text, the lesson) grows together. The
high-contrast theme makes text black, turns the pale tints into stronger ones with borders,
thickens underlines and darkens every category colour to at least 7:1 on white
(:data:`ui.style.HIGH_CONTRAST_COLOURS`), which survives a washed-out projector.
"""

from __future__ import annotations

import streamlit as st

from ui.highlight import css_identifier
from ui.style import (
    CATEGORY_STYLES,
    HIGH_CONTRAST_QUOTE,
    TEXT_SCALES,
    high_contrast_colour,
)

KEY_TEXT_SIZE = "display_text_size"
"""``st.session_state`` key of the chosen text size (a key of :data:`TEXT_SCALES`)."""
KEY_HIGH_CONTRAST = "display_high_contrast"
"""``st.session_state`` key of the high-contrast switch (bool)."""
WIDGET_TEXT_SIZE = "display_text_size_widget"
WIDGET_HIGH_CONTRAST = "display_high_contrast_widget"
BASE_FONT_PX = 16
DEFAULT_SIZE = "Normal"


def display_css(
    scale: float = 1.0, high_contrast: bool = False, base_px: float = BASE_FONT_PX
) -> str:
    """Return the stylesheet for a text size factor and the high-contrast switch ('' if none).

    Args:
        scale: Text size as a factor of the normal size (see :data:`TEXT_SCALES`).
        high_contrast: Whether to use the high-contrast theme.
        base_px: The normal root font size in pixels (the theme's ``baseFontSize``).
    """
    rules: list[str] = []
    if scale != 1.0:
        rules.append(f"html{{font-size:{base_px * scale:.0f}px;}}")
        # Larger text wraps in the page list of the (fixed-width) sidebar instead of being cut.
        rules.append(
            "[data-testid='stSidebarNav'] a span{white-space:normal !important;"
            "overflow:visible !important;text-overflow:clip !important;}"
        )
    if high_contrast:
        rules += [
            ".stApp,.stApp p,.stApp li,.stApp label,.stApp td,.stApp th{color:#000;}",
            # Buttons keep the theme's text colour (white on a primary button's blue).
            ".stApp button p{color:inherit;}",
            ".cl-text{color:#000;}",
            "p.cl-caption,p.ls-facts,.ls-facts-inline,.ls-values,.ls-note,.cl-card .facts,"
            ".cl-card .explain,.ls-time,p.gl-source,p.gl-none,.cmp-note,.cmp-sim"
            "{color:#000 !important;}",
            "mark.ld{text-decoration-thickness:4px;text-underline-offset:5px;}",
            "span.code{font-size:.75em;color:#fff !important;}",
            f"mark.q{{background:{HIGH_CONTRAST_QUOTE};box-shadow:inset 0 -2px 0 #000;}}",
            ".cl-text p.role-caption,.cl-text p.role-promo,.cl-text p.role-footer"
            "{color:#333;border-left-color:#000;}",
            "mark.ag{font-weight:600;}",
            "mark.ag-both{text-decoration-thickness:5px;}",
            "mark.ag-you{outline-width:3px;}",
            "mark.ag-tool{text-decoration-thickness:3px;}",
            ".ls-intro,.cl-banner{border-left-color:#000;}",
            "li.ls-card,.cl-card{border-color:#000;}",
            "blockquote.ls-evidence{border-left-color:#000;}",
            ".cl-text mark[tabindex]:focus{outline:4px solid #000;outline-offset:3px;}",
        ]
        for category_id in [*CATEGORY_STYLES, "unknown"]:
            colour = high_contrast_colour(category_id)
            cls = f"cat-{css_identifier(category_id)}"
            rules.append(
                f"mark.{cls}{{text-decoration-color:{colour} !important;}}"
                f"mark.{cls} span.code{{background:{colour} !important;}}"
            )
    if not rules:
        return ""
    return "<style>" + "\n".join(rules) + "</style>"


def current_display() -> tuple[float, bool]:
    """Return the chosen text size factor and the high-contrast switch."""
    size = st.session_state.get(KEY_TEXT_SIZE, DEFAULT_SIZE)
    return TEXT_SCALES.get(size, 1.0), bool(st.session_state.get(KEY_HIGH_CONTRAST, False))


def base_font_px() -> float:
    """Return the theme's base font size in pixels (Streamlit's default when it is not set)."""
    try:
        value = st.get_option("theme.baseFontSize")
    except RuntimeError:
        value = None
    return float(value) if isinstance(value, int | float) and value > 0 else BASE_FONT_PX


def apply_display_settings() -> None:
    """Apply the chosen display settings to this page without drawing the controls."""
    css = display_css(*current_display(), base_px=base_font_px())
    if css:
        st.html(css)


def _copy(widget_key: str, key: str) -> None:
    st.session_state[key] = st.session_state[widget_key]


def display_settings() -> None:
    """Draw the text size and high-contrast controls in the sidebar, and apply them."""
    if WIDGET_TEXT_SIZE not in st.session_state:
        st.session_state[WIDGET_TEXT_SIZE] = st.session_state.get(KEY_TEXT_SIZE, DEFAULT_SIZE)
    if WIDGET_HIGH_CONTRAST not in st.session_state:
        st.session_state[WIDGET_HIGH_CONTRAST] = bool(
            st.session_state.get(KEY_HIGH_CONTRAST, False)
        )
    with st.sidebar:
        st.select_slider(
            "Text size",
            options=list(TEXT_SCALES),
            key=WIDGET_TEXT_SIZE,
            on_change=_copy,
            args=(WIDGET_TEXT_SIZE, KEY_TEXT_SIZE),
            help="Larger text for projecting or reading from a distance.",
        )
        st.toggle(
            "High contrast",
            key=WIDGET_HIGH_CONTRAST,
            on_change=_copy,
            args=(WIDGET_HIGH_CONTRAST, KEY_HIGH_CONTRAST),
            help="Black text, stronger marks and darker colours: for projectors and low vision.",
        )
    apply_display_settings()
