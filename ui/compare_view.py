"""The comparison view ("Across the articles"): linked charts, aligned texts, shared selection.

Everything here is pure (testable without a browser) except the functions after the
``streamlit`` divider; the dashboard mounts :func:`render_comparison`.

One canonical :class:`CompareSelection` in ``st.session_state[KEY_SELECTION]`` drives the view:
a word (from the distinctive-words chart), a voice (from the quote matrix) or an actor (from the
people-and-groups chart). Chart clicks write it (each point's ``customdata`` is ``[kind, value,
article id]``, see :func:`point_customdata`); it is mirrored in the URL (``cmp``, ``cmp_value``,
``cmp_article``) so a shared link reproduces the view. From the selection come

* its **hits** (:func:`selection_hits`): every occurrence of the word, every quotation of the
  voice, every mention of the actor, in every article, with snippets of context;
* the **emphasis** of every chart (:func:`emphasis_for`): elements whose own text overlaps a hit
  stay bright, the clicked one is outlined, the rest fade;
* the marks in the aligned texts and headlines, and the rows the two tables keep.

All article text goes through :func:`html.escape` before spans are wrapped in ``<mark>``, and all
text shown by plotly goes through :func:`ui.figures.plotly_text`. Marks differ by more than
colour: swaps are underlined with a wavy line and tagged "≠", words one side adds are dotted and
tagged "+", one-article-only sentences sit in a tinted cell with an "only in …" badge, and the
selection is outlined in black.
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

import pandas as pd
import plotly.graph_objects as go

from analysis.compare import Comparison, TermOccurrence, compare_articles, term_occurrences
from analysis.compare.distinctive import term_key
from analysis.model import BODY_ROLES, HEADLINE_ROLES, ArticleAnalysis
from ui.figures import Chart, plotly_text
from ui.style import (
    DIM_OPACITY,
    FONT_SIZE,
    OKABE_ITO,
    article_colour,
    article_pattern,
    article_symbol,
)
from ui.summary import article_display_names

__all__ = [
    "KEY_SELECTION",
    "CompareEmphasis",
    "CompareSelection",
    "Mark",
    "actor_chart",
    "actor_table",
    "AlignedRow",
    "alignment_html",
    "alignment_rows",
    "alignment_table_html",
    "comparison_css",
    "describe_selection",
    "distinctive_chart",
    "emphasis_caption",
    "emphasis_for",
    "headlines_html",
    "hits_html",
    "marked_html",
    "point_customdata",
    "query_params_from_selection",
    "quote_matrix_chart",
    "quote_table",
    "render_comparison",
    "selection_from_chart_event",
    "selection_after_click",
    "selection_from_customdata",
    "selection_from_query_params",
    "selection_hits",
    "selection_in_scope",
    "term_occurrences",
]

CompareKind = Literal["term", "voice", "actor"]
COMPARE_KINDS: frozenset[str] = frozenset(get_args(CompareKind))

KEY_SELECTION = "compare_selection"
"""``st.session_state`` key of the canonical :class:`CompareSelection` (or None)."""
PARAM_KIND = "cmp"
PARAM_VALUE = "cmp_value"
PARAM_ARTICLE = "cmp_article"
COMPARE_PARAMS: tuple[str, ...] = (PARAM_KIND, PARAM_VALUE, PARAM_ARTICLE)
"""Query parameters that hold the comparison's selection in the URL."""
_MAX_PARAM_CHARS = 200

MATCH_LABELS: dict[str, str] = {
    "single": "in one article only",
    "exact": "word for word",
    "contained": "one version trims the other",
    "fuzzy": "nearly the same words",
}
"""How the versions of a quotation were matched, in plain words."""

UNATTRIBUTED = "(unattributed)"
"""The voice of quotations no article attributes (as :mod:`analysis.compare.quotes` names it)."""

TOP_TERMS = 8
TOP_ACTORS = 12
SNIPPET_CHARS = 60
QUOTE_CONTEXT_CHARS = 40
MAX_SNIPPETS = 40
"""Snippets listed per article at most (the rest are counted)."""

SWAP_CLASS = "cmp-swap"
ADDED_CLASS = "cmp-added"
SELECTED_CLASS = "cmp-sel"
LOADED_CLASS = "cmp-loaded"
ONLY_CLASS = "cmp-only"
MISSING_CLASS = "cmp-missing"
HAS_SELECTION_CLASS = "cmp-has-sel"
SCROLL_CLASS = "cmp-scroll"
"""A box that scrolls (aligned sentences, snippets): focusable, so keyboards can scroll it."""

LAYER_QUOTE = 0
LAYER_SWAP = 1
LAYER_WORD = 2
"""Nesting order of marks, outermost first: a selected quotation around a swap around a word."""

TICK_COLOUR = "#222222"
ALIGNED_HEIGHT_PX = 640
"""Height of the scrolling box of aligned texts at the normal text size (shorter lists are shown
whole); it is set in ``rem``, so it grows with the text size setting."""
PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
}

# --------------------------------------------------------------------------- the selection


@dataclass(frozen=True)
class CompareSelection:
    """What the user selected on the comparison page.

    Attributes:
        kind: ``term`` (a distinctive word), ``voice`` (a quoted speaker) or ``actor`` (a person
            or group the articles name).
        value: The word, the speaker's name or the actor's name.
        article_id: The article whose bar or dot was clicked (for the outline), or None. The
            highlights always cover every article.
    """

    kind: CompareKind
    value: str
    article_id: str | None = None


def point_customdata(kind: CompareKind, value: str, article_id: str | None) -> list[str]:
    """Return the ``customdata`` of a chart point, so a click on it becomes a selection."""
    return [kind, value, article_id or ""]


def selection_from_customdata(customdata: Sequence[Any] | None) -> CompareSelection | None:
    """Return the selection a clicked point stands for, or None when it carries none."""
    if not customdata or len(customdata) < 3:
        return None
    kind, value, article_id = (str(item) for item in customdata[:3])
    if kind not in COMPARE_KINDS or not value:
        return None
    return CompareSelection(kind, value, article_id or None)  # type: ignore[arg-type]


def selection_from_chart_event(event: Mapping[str, Any] | None) -> CompareSelection | None:
    """Return the selection of the first clicked point of a plotly chart event, or None."""
    if not event:
        return None
    for point in (event.get("selection") or {}).get("points") or ():
        chosen = selection_from_customdata(point.get("customdata"))
        if chosen is not None:
            return chosen
    return None


def selection_after_click(
    current: CompareSelection | None, event: Mapping[str, Any] | None
) -> CompareSelection | None:
    """Return the canonical selection after a chart event.

    A click on a point selects it; a second click on the selected point clears the selection.
    Empty events (plotly resetting its own selection when the figure changes) keep the current
    selection: only the clear button and a second click clear it.
    """
    chosen = selection_from_chart_event(event)
    if chosen is None:
        return current
    return None if chosen == current else chosen


def query_params_from_selection(selection: CompareSelection | None) -> dict[str, str]:
    """Return the query parameters that encode ``selection`` (empty for no selection)."""
    if selection is None:
        return {}
    params = {PARAM_KIND: selection.kind, PARAM_VALUE: selection.value}
    if selection.article_id:
        params[PARAM_ARTICLE] = selection.article_id
    return params


def selection_from_query_params(params: Mapping[str, str]) -> CompareSelection | None:
    """Return the selection a shared URL encodes, or None when it encodes none or is malformed."""
    kind = params.get(PARAM_KIND, "")
    value = str(params.get(PARAM_VALUE, "")).strip()[:_MAX_PARAM_CHARS]
    if kind not in COMPARE_KINDS or not value:
        return None
    article_id = str(params.get(PARAM_ARTICLE, ""))[:_MAX_PARAM_CHARS] or None
    return CompareSelection(kind, value, article_id)  # type: ignore[arg-type]


def selection_in_scope(
    selection: CompareSelection | None, comparison: Comparison
) -> CompareSelection | None:
    """Return the selection as it applies to the compared articles, or None when it cannot.

    A voice nobody quotes or an actor nobody names here (a selection left over from another
    story or article choice, or a stale link) is dropped; a word is kept (it may simply not be
    used); a clicked article that is no longer compared is forgotten.
    """
    if selection is None:
        return None
    if selection.kind == "voice" and selection.value not in {v.speaker for v in comparison.voices}:
        return None
    if selection.kind == "actor" and selection.value not in {a.name for a in comparison.actors}:
        return None
    if selection.article_id and selection.article_id not in comparison.articles:
        return CompareSelection(selection.kind, selection.value)
    return selection


def describe_selection(selection: CompareSelection) -> str:
    """Return what is selected, in plain words (for the banner)."""
    match selection.kind:
        case "term":
            return f"Every use of the word “{selection.value}”"
        case "voice":
            if selection.value == UNATTRIBUTED:
                return "Every quotation no article attributes to anyone"
            return f"Every quotation of {selection.value}"
        case "actor":
            return f"Every mention of {selection.value}"
    return ""


# --------------------------------------------------------------------------- hits and emphasis


def _role_at(analysis: ArticleAnalysis, position: int) -> str:
    """Return the role of the block containing ``position`` ("" when none does)."""
    for block in analysis.blocks:
        if block.start <= position < block.end:
            return block.role
    return ""


def _flat(text: str) -> str:
    return " ".join(text.split())


def occurrence(
    analysis: ArticleAnalysis, start: int, end: int, context: int = SNIPPET_CHARS
) -> TermOccurrence:
    """Return the span ``start:end`` of an article with up to ``context`` characters around it.

    The context is cut back to whole words and marked "…" where it is cut.
    """
    text = analysis.text
    lo, hi = max(0, start - context), min(len(text), end + context)
    before, after = text[lo:start], text[end:hi]
    if lo > 0 and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    if hi < len(text) and " " in after:
        after = after[: after.rindex(" ")] + "…"
    return TermOccurrence(
        analysis.meta.id,
        start,
        end,
        _role_at(analysis, start),
        _flat(before),
        _flat(text[start:end]),
        _flat(after),
    )


def voice_spans(comparison: Comparison, speaker: str) -> dict[str, list[tuple[int, int]]]:
    """Return the spans of the quotations credited to ``speaker``, per article id.

    A quotation is credited the way :attr:`Comparison.voices` counts it: to the speaker its own
    article names, else to its cluster's speaker, else to "(unattributed)".
    """
    spans: dict[str, list[tuple[int, int]]] = {}
    for quote in comparison.quotes:
        for occ in quote.occurrences:
            if (occ.speaker or quote.speaker or UNATTRIBUTED) == speaker:
                spans.setdefault(occ.article, []).append((occ.start, occ.end))
    return spans


def actor_spans(comparison: Comparison, name: str) -> dict[str, list[tuple[int, int]]]:
    """Return the spans of every mention of the actor called ``name``, per article id."""
    for actor in comparison.actors:
        if actor.name == name:
            return {p.article: list(p.spans) for p in actor.per_article if p.spans}
    return {}


def selection_hits(
    selection: CompareSelection | None,
    comparison: Comparison,
    analyses: Sequence[ArticleAnalysis],
) -> list[TermOccurrence]:
    """Return what the selection lights up in every article, in article then text order.

    A word: its occurrences in body text and headlines (matched as the distinctive-words table
    counts it). A voice: their quotations. An actor: their mentions.
    """
    if selection is None:
        return []
    if selection.kind == "term":
        return term_occurrences(
            analyses, selection.value, roles=BODY_ROLES | HEADLINE_ROLES, context=SNIPPET_CHARS
        )
    if selection.kind == "voice":
        spans, context = voice_spans(comparison, selection.value), QUOTE_CONTEXT_CHARS
    else:
        spans, context = actor_spans(comparison, selection.value), SNIPPET_CHARS
    return [
        occurrence(analysis, start, end, context)
        for analysis in analyses
        for start, end in sorted(set(spans.get(analysis.meta.id, ())))
    ]


def _hit_spans(hits: Iterable[TermOccurrence]) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for hit in hits:
        spans.setdefault(hit.article, []).append((hit.start, hit.end))
    return spans


def _overlaps(spans: Iterable[tuple[int, int]], others: Sequence[tuple[int, int]]) -> bool:
    return any(s < oe and os < e for s, e in spans for os, oe in others)


@dataclass(frozen=True)
class CompareEmphasis:
    """What every chart of the comparison emphasises for the current selection.

    Attributes:
        active: Whether anything is selected (when not, nothing is dimmed).
        chosen: ``(kind, value, article id)`` of the element that was clicked (outlined).
        terms: ``(article id, term)`` bars shown bright.
        voices: ``(speaker, article id)`` dots shown bright.
        actors: ``(actor, article id)`` bars shown bright.
    """

    active: bool = False
    chosen: tuple[str, str, str] | None = None
    terms: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    voices: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    actors: frozenset[tuple[str, str]] = field(default_factory=frozenset)

    def shows(self, group: Literal["terms", "voices", "actors"], key: tuple[str, str]) -> bool:
        """Return whether the element ``key`` of ``group`` is drawn at full strength."""
        return not self.active or key in getattr(self, group)

    def is_chosen(self, kind: str, value: str, article_id: str) -> bool:
        """Return whether this element is the one the selection names (it gets an outline)."""
        if self.chosen is None:
            return False
        chosen_kind, chosen_value, chosen_article = self.chosen
        same_value = (
            term_key(value) == term_key(chosen_value) if kind == "term" else value == chosen_value
        )
        return kind == chosen_kind and same_value and chosen_article in ("", article_id)


def emphasis_for(
    selection: CompareSelection | None,
    comparison: Comparison,
    analyses: Sequence[ArticleAnalysis],
    hits: Sequence[TermOccurrence],
    top_terms: int = TOP_TERMS,
) -> CompareEmphasis:
    """Return what the charts emphasise: the selection itself and everything its hits touch.

    A chart element stays bright when it is the selected word, voice or actor (in any article),
    when its own text overlaps one of the selection's hits in the same article (a word inside the
    selected quotations, a voice whose quotations contain the selected word, an actor mentioned
    in them), or when a voice and an actor are the same person.

    Args:
        selection: The canonical selection, or None.
        comparison: The comparison the charts show.
        analyses: The compared articles.
        hits: The selection's hits (:func:`selection_hits`).
        top_terms: How many distinctive words per article the chart shows.
    """
    if selection is None:
        return CompareEmphasis()
    by_hit = _hit_spans(hits)
    ids = [a.meta.id for a in analyses]
    terms = set()
    for analysis in analyses:
        for t in _positive_terms(comparison, analysis.meta.id, top_terms):
            same = selection.kind == "term" and term_key(t.term) == term_key(selection.value)
            if same or (
                selection.kind != "term"
                and _overlaps(
                    ((o.start, o.end) for o in term_occurrences([analysis], t.term)),
                    by_hit.get(analysis.meta.id, ()),
                )
            ):
                terms.add((analysis.meta.id, t.term))
    people = {selection.value} if selection.kind in ("voice", "actor") else set()
    voices = set()
    for voice in comparison.voices:
        spans = voice_spans(comparison, voice.speaker)
        for article_id in ids:
            if voice.speaker in people or _overlaps(
                spans.get(article_id, ()), by_hit.get(article_id, ())
            ):
                voices.add((voice.speaker, article_id))
    actors = set()
    for actor in comparison.actors:
        for per in actor.per_article:
            if actor.name in people or _overlaps(per.spans, by_hit.get(per.article, ())):
                actors.add((actor.name, per.article))
    return CompareEmphasis(
        active=True,
        chosen=(selection.kind, selection.value, selection.article_id or ""),
        terms=frozenset(terms),
        voices=frozenset(voices),
        actors=frozenset(actors),
    )


def emphasis_caption(
    chart: Literal["terms", "voices", "actors"],
    selection: CompareSelection,
    emphasis: CompareEmphasis | None = None,
) -> str:
    """Return what the bright elements of ``chart`` mean for ``selection``, in plain words."""
    value = selection.value
    own = {"terms": "term", "voices": "voice", "actors": "actor"}[chart]
    if emphasis is not None and emphasis.active and not getattr(emphasis, chart):
        return "All faded: nothing in this chart relates to the selection."
    if selection.kind == own:
        return f"Outlined: {value}. Faded: what has nothing to do with it."
    texts = {
        ("terms", "voice"): f"Bright: words that occur in the quotations of {value}.",
        ("terms", "actor"): f"Bright: words that are part of a mention of {value}.",
        ("voices", "term"): f"Bright: voices whose quotations contain “{value}”.",
        ("voices", "actor"): f"Bright: {value} (if quoted) and voices whose quotations name them.",
        ("actors", "term"): f"Bright: people and groups named with the word “{value}”.",
        ("actors", "voice"): f"Bright: {value} and whoever their quotations name.",
    }
    return texts.get((chart, selection.kind), "")


# --------------------------------------------------------------------------- figures


Spec = dict[str, Any]


def _figure(data: list[Spec], title: str, height: int, **layout: Any) -> go.Figure:
    """Return a figure with the dashboard's look: large fonts, a title, click to select."""
    base: Spec = {
        "title": {"text": title, "font": {"size": FONT_SIZE + 4}},
        "font": {"size": FONT_SIZE},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 80, "b": 10},
        "clickmode": "event+select",
        "hoverlabel": {"font": {"size": FONT_SIZE}},
        "showlegend": False,
    }
    for key, value in layout.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    for key, value in base.items():
        if key.startswith(("xaxis", "yaxis")):
            # Streamlit's theme draws small grey ticks: make them readable when projected.
            base[key] = {"tickfont": {"size": FONT_SIZE, "color": TICK_COLOUR}, **value}
    return go.Figure({"data": data, "layout": base})


def _strength(flags: Sequence[bool]) -> list[float]:
    return [1.0 if flag else DIM_OPACITY for flag in flags]


def _outline(chosen: Sequence[bool], default: float = 0.0) -> list[float]:
    return [3.0 if c else default for c in chosen]


def _positive_terms(comparison: Comparison, article_id: str, top: int) -> list[Any]:
    return [t for t in comparison.distinctive.get(article_id, []) if t.z > 0][:top]


def _others_phrase(count: int) -> str:
    return "the other article" if count == 1 else "the other articles"


def distinctive_chart(
    comparison: Comparison,
    analyses: Sequence[ArticleAnalysis],
    names: Mapping[str, str],
    emphasis: CompareEmphasis = CompareEmphasis(),
    top: int = TOP_TERMS,
) -> Chart:
    """Return each article's most distinctive words: one panel of horizontal bars per article.

    Bar length is the log-odds z-score (informative Dirichlet prior); the label gives the
    counts, "here vs in the others". Each bar's ``customdata`` is ``["term", term, article id]``.
    """
    n = len(analyses)
    columns = 1 if n < 2 else 2
    rows = math.ceil(n / columns)
    per_panel = max([len(_positive_terms(comparison, a.meta.id, top)) for a in analyses] or [1])
    panel_px = 70 + 34 * max(1, per_panel)
    height = 90 + rows * panel_px + 120 * (rows - 1)
    gap_x, gap_y = 0.2, 120 / height
    width = (1 - gap_x * (columns - 1)) / columns
    panel_h = (1 - gap_y * (rows - 1)) / rows
    most = max(
        (t.z for a in analyses for t in _positive_terms(comparison, a.meta.id, top)), default=1
    )
    others = _others_phrase(n - 1)
    data: list[Spec] = []
    layout: Spec = {}
    notes: list[Spec] = []
    summary: list[str] = []
    for k, analysis in enumerate(analyses):
        aid = analysis.meta.id
        terms = _positive_terms(comparison, aid, top)
        suffix = "" if k == 0 else str(k + 1)
        col, row = k % columns, k // columns
        left, top_y = col * (width + gap_x), 1 - row * (panel_h + gap_y)
        layout[f"xaxis{suffix}"] = {
            "domain": [left, left + width],
            "anchor": f"y{suffix}",
            "range": [0, most * 1.08],
            "title": {"text": "how distinctive (z-score)", "font": {"size": FONT_SIZE - 2}},
        }
        layout[f"yaxis{suffix}"] = {
            "domain": [max(0.0, top_y - panel_h), top_y],
            "anchor": f"x{suffix}",
            "autorange": "reversed",
            "type": "category",
        }
        notes.append(
            {
                "text": f"<b>{plotly_text(names[aid])}</b> uses more than {others}",
                "x": left,
                "xanchor": "left",
                "y": top_y,
                "yanchor": "bottom",
                "xref": "paper",
                "yref": "paper",
                "showarrow": False,
                "font": {"size": FONT_SIZE + 1, "color": TICK_COLOUR},
            }
        )
        if not terms:
            summary.append(f"{names[aid]}: no word stands out")
            continue
        flags = [emphasis.shows("terms", (aid, t.term)) for t in terms]
        chosen = [emphasis.is_chosen("term", t.term, aid) for t in terms]
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "x": [round(t.z, 3) for t in terms],
                "y": [f"{plotly_text(t.term)}  ({t.count} vs {t.count_others})" for t in terms],
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
                "name": plotly_text(names[aid]),
                "customdata": [point_customdata("term", t.term, aid) for t in terms],
                "hovertext": [
                    f"“{plotly_text(t.term)}”: {t.count}× in {plotly_text(names[aid])}, "
                    f"{t.count_others}× in {others}<br>z = {t.z:.2f} · click to find it"
                    for t in terms
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
                "marker": {
                    "color": article_colour(k),
                    "opacity": _strength(flags),
                    "pattern": {"shape": article_pattern(k), "size": 8},
                    "line": {"color": "#000000", "width": _outline(chosen)},
                },
            }
        )
        summary.append(
            f"{names[aid]} uses more: "
            + ", ".join(f"“{t.term}” ({t.count} vs {t.count_others})" for t in terms)
        )
    figure = _figure(
        data,
        "Words each article uses more than the others (click a bar to find the word)",
        height,
        annotations=notes,
        margin={"t": 110, "l": 10},
        bargap=0.25,
        **layout,
    )
    return Chart(
        figure,
        "Bar charts of the words each article uses distinctively more, one panel per article",
        "In brackets: times used in this article vs in the others. " + "; ".join(summary) + ".",
    )


def quote_matrix_chart(
    comparison: Comparison,
    analyses: Sequence[ArticleAnalysis],
    names: Mapping[str, str],
    emphasis: CompareEmphasis = CompareEmphasis(),
) -> Chart:
    """Return a dot matrix of voices × articles: dot area by quoted words, hollow when absent.

    A scatter, not a heatmap, so clicks work in Streamlit: each point's ``customdata`` is
    ``["voice", speaker, article id]``.
    """
    speakers = [v.speaker for v in comparison.voices]
    most = max((c.words for v in comparison.voices for c in v.counts), default=1) or 1
    data: list[Spec] = []
    for k, analysis in enumerate(analyses):
        aid = analysis.meta.id
        counts = []
        for voice in comparison.voices:
            count = next((c for c in voice.counts if c.article == aid), None)
            counts.append((count.quotes, count.words) if count else (0, 0))
        flags = [emphasis.shows("voices", (s, aid)) for s in speakers]
        chosen = [emphasis.is_chosen("voice", s, aid) for s in speakers]
        colour = article_colour(k)
        data.append(
            {
                "type": "scatter",
                "mode": "markers+text",
                "x": [plotly_text(names[aid])] * len(speakers),
                "y": [plotly_text(s) for s in speakers],
                "text": [f"{w} words" if w else "not quoted" for _, w in counts],
                "textposition": "middle right",
                "textfont": {
                    "size": FONT_SIZE - 1,
                    "color": ["#111111" if f else "#BBBBBB" for f in flags],
                },
                "customdata": [point_customdata("voice", s, aid) for s in speakers],
                "hovertext": [
                    f"{plotly_text(s)} in {plotly_text(names[aid])}: "
                    + (f"{q} quotation(s), {w} words" if q else "not quoted")
                    + "<br>click to see the quotations"
                    for s, (q, w) in zip(speakers, counts, strict=True)
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
                "name": plotly_text(names[aid]),
                "cliponaxis": False,
                "marker": {
                    "size": [14 + 34 * math.sqrt(w / most) if w else 12 for _, w in counts],
                    "color": [colour if w else "rgba(255,255,255,0)" for _, w in counts],
                    "symbol": article_symbol(k),
                    "opacity": _strength(flags),
                    "line": {
                        "color": ["#000000" if c else colour for c in chosen],
                        "width": _outline(chosen, 2.0),
                    },
                },
            }
        )
    figure = _figure(
        data,
        "Who is quoted, and how much (click a dot)",
        max(260, 150 + 62 * len(speakers)),
        xaxis={"side": "top", "type": "category", "range": [-0.4, len(analyses) - 0.1]},
        yaxis={"type": "category", "autorange": "reversed", "automargin": True},
        margin={"t": 120},
    )
    summary = "; ".join(
        f"{v.speaker}: "
        + ", ".join(
            f"{c.words} words in {names[c.article]}" if c.words else f"not in {names[c.article]}"
            for c in v.counts
            if c.article in names
        )
        for v in comparison.voices
    )
    return Chart(
        figure,
        "Dot matrix of quoted speakers by article; dot size is the number of words quoted",
        f"Quoted words per speaker: {summary}." if summary else "No quotations found.",
    )


def actor_chart(
    comparison: Comparison,
    analyses: Sequence[ArticleAnalysis],
    names: Mapping[str, str],
    emphasis: CompareEmphasis = CompareEmphasis(),
    top: int = TOP_ACTORS,
) -> Chart:
    """Return how often each article names the most-named people and groups (grouped bars).

    Each bar's ``customdata`` is ``["actor", name, article id]``.
    """
    actors = comparison.actors[:top]
    data: list[Spec] = []
    for k, analysis in enumerate(analyses):
        aid = analysis.meta.id
        mentions = [
            next((p.mentions for p in actor.per_article if p.article == aid), 0) for actor in actors
        ]
        flags = [emphasis.shows("actors", (a.name, aid)) for a in actors]
        chosen = [emphasis.is_chosen("actor", a.name, aid) for a in actors]
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": [plotly_text(a.name) for a in actors],
                "x": mentions,
                "name": plotly_text(names[aid]),
                "customdata": [point_customdata("actor", a.name, aid) for a in actors],
                "hovertemplate": (
                    f"{plotly_text(names[aid])}<br>%{{y}}: named %{{x}} time(s)"
                    "<br>click to see every mention<extra></extra>"
                ),
                "marker": {
                    "color": article_colour(k),
                    "opacity": _strength(flags),
                    "pattern": {"shape": article_pattern(k), "size": 8},
                    "line": {"color": "#000000", "width": _outline(chosen)},
                },
            }
        )
    figure = _figure(
        data,
        "People and groups: how often each article names them (click a bar)",
        170 + max(1, len(actors)) * (14 + 18 * max(1, len(analyses))),
        barmode="group",
        showlegend=True,
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.01,
            "x": 0,
            "font": {"size": FONT_SIZE},
        },
        xaxis={"title": {"text": "mentions"}},
        yaxis={"autorange": "reversed", "type": "category", "automargin": True},
        margin={"t": 110},
    )
    summary = "; ".join(
        f"{a.name} "
        + ", ".join(f"{names[p.article]} {p.mentions}" for p in a.per_article if p.article in names)
        for a in actors
    )
    return Chart(
        figure,
        "Bar chart of how often each article names each person or group",
        f"Mentions: {summary}." if summary else "No people or groups found.",
    )


# --------------------------------------------------------------------------- tables


def quote_table(
    comparison: Comparison,
    analyses: Sequence[ArticleAnalysis],
    names: Mapping[str, str],
    selection: CompareSelection | None = None,
    hits: Sequence[TermOccurrence] = (),
) -> pd.DataFrame:
    """Return one row per quotation (speaker, ✓/— per article, how matched).

    With a selection, only the quotations it touches are kept: the voice's own, those containing
    the selected word, those naming the selected actor or spoken by them.
    """
    by_hit = _hit_spans(hits)
    rows = []
    for q in comparison.quotes:
        if selection is not None:
            speakers = {o.speaker or q.speaker or UNATTRIBUTED for o in q.occurrences}
            touched = any(
                _overlaps([(o.start, o.end)], by_hit.get(o.article, ())) for o in q.occurrences
            )
            if not touched and not (selection.kind == "actor" and selection.value in speakers):
                continue
        row: dict[str, Any] = {"Quotation": q.text, "Speaker": q.speaker or UNATTRIBUTED}
        for a in analyses:
            row[names[a.meta.id]] = "✓" if a.meta.id in q.articles else "—"
        row["Matched"] = MATCH_LABELS.get(q.match, q.match)
        if comparison.primary_source is not None:
            statuses = sorted({o.primary.status for o in q.occurrences if o.primary})
            row["Against the source"] = ", ".join(s.replace("_", " ") for s in statuses)
        rows.append(row)
    columns = ["Quotation", "Speaker", *(names[a.meta.id] for a in analyses), "Matched"]
    if comparison.primary_source is not None:
        columns.append("Against the source")
    return pd.DataFrame(rows, columns=columns)


def actor_table(
    comparison: Comparison,
    analyses: Sequence[ArticleAnalysis],
    names: Mapping[str, str],
    emphasis: CompareEmphasis = CompareEmphasis(),
) -> pd.DataFrame:
    """Return one row per actor: per article, mentions, tone of the outlet's words, labels.

    With a selection, only the actors the charts show bright are kept.
    """
    columns = ["Actor", "Kind"]
    for analysis in analyses:
        label = names[analysis.meta.id]
        columns += [f"{label}: mentions", f"{label}: tone of own words", f"{label}: labels"]
    rows = []
    for actor in comparison.actors:
        if emphasis.active and not any(
            emphasis.shows("actors", (actor.name, p.article)) for p in actor.per_article
        ):
            continue
        row: dict[str, Any] = {"Actor": actor.name, "Kind": actor.kind}
        for per in actor.per_article:
            if per.article not in names:
                continue
            label = names[per.article]
            row[f"{label}: mentions"] = per.mentions
            row[f"{label}: tone of own words"] = (
                None if per.tone_narration is None else round(per.tone_narration, 2)
            )
            row[f"{label}: labels"] = ", ".join(dict.fromkeys(lb.text for lb in per.labels))
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------- HTML


@dataclass(frozen=True)
class Mark:
    """A span of one article's text to wrap in ``<mark>``.

    Attributes:
        start: First character (offset into the article text).
        end: One past the last character.
        css_class: CSS classes (plain identifiers, never article text).
        title: Hover text (plain text; escaped when rendered as ``data-tip``).
        tag: A short visible label after the marked words, so marks are not told apart by
            colour alone.
        layer: Nesting order; lower layers enclose higher ones.
    """

    start: int
    end: int
    css_class: str
    title: str = ""
    tag: str = ""
    layer: int = LAYER_SWAP


def _open(mark: Mark, focusable: bool = False) -> str:
    """Return the opening tag of ``mark``; ``focusable`` puts a mark with an explanation in the
    Tab order (keyboard users read the explanation on focus)."""
    tip = ""
    if mark.title:
        tip = f' data-tip="{html.escape(mark.title, quote=True)}"'
        if focusable:
            tip += ' tabindex="0"'
    return f'<mark class="{html.escape(mark.css_class)}"{tip}>'


def _close(mark: Mark, position: int) -> str:
    tag = ""
    if mark.tag and mark.end == position:
        tag = f'<span class="cmp-tag" aria-hidden="true">{html.escape(mark.tag)}</span>'
    return f"{tag}</mark>"


def marked_html(text: str, start: int, end: int, marks: Sequence[Mark]) -> str:
    """Return ``text[start:end]`` escaped, with the marks inside it wrapped in ``<mark>``.

    Marks are clipped to the fragment. The text is cut at every mark edge; marks stay open
    while they cover the text (lower layers outside), and a mark that ends inside another is
    closed and reopened around the rest, so the tags always nest.

    Args:
        text: The article text.
        start: Where the shown fragment starts.
        end: Where it ends (exclusive).
        marks: Spans to mark, in any order; they may nest or overlap.

    Returns:
        HTML safe to pass to ``st.html``: every character of the text is escaped.
    """
    inside = [m for m in marks if m.start < end and m.end > start and m.end > m.start]
    cuts = {start, end}
    for mark in inside:
        cuts.update((max(mark.start, start), min(mark.end, end)))
    bounds = sorted(cuts)
    out: list[str] = []
    opened: list[Mark] = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        covering = sorted(
            (m for m in inside if m.start <= lo and hi <= m.end),
            key=lambda m: (m.layer, m.start, -m.end),
        )
        kept = 0
        while kept < min(len(opened), len(covering)) and opened[kept] is covering[kept]:
            kept += 1
        out.extend(_close(m, lo) for m in reversed(opened[kept:]))
        # Only the piece where a mark starts (in this fragment) is a Tab stop: one per mark.
        out.extend(_open(m, max(m.start, start) == lo) for m in covering[kept:])
        opened = covering
        out.append(html.escape(text[lo:hi]))
    out.extend(_close(m, end) for m in reversed(opened))
    return "".join(out)


def _swap_marks(alignment: Any, side: str, other_name: str) -> list[Mark]:
    """Return the marks of one side of an alignment's word swaps ("a" or "b")."""
    marks: list[Mark] = []
    for swap in alignment.swaps:
        own = swap.a if side == "a" else swap.b
        other = swap.b if side == "a" else swap.a
        if own is None:
            continue
        if other is not None:
            title = f"Word choice: {other_name} has “{_flat(other.text)}” here"
            marks.append(Mark(own.start, own.end, SWAP_CLASS, title, "≠"))
        else:
            title = f"Only this side has these words; {other_name} leaves them out"
            marks.append(Mark(own.start, own.end, ADDED_CLASS, title, "+"))
    return marks


def selection_marks(
    selection: CompareSelection | None, hits: Sequence[TermOccurrence], article_id: str
) -> list[Mark]:
    """Return the marks of the selection's hits in one article."""
    if selection is None:
        return []
    titles = {
        "term": f"The selected word “{selection.value}”",
        "voice": f"A quotation of {selection.value} (selected)",
        "actor": f"A mention of {selection.value} (selected)",
    }
    layer = LAYER_QUOTE if selection.kind == "voice" else LAYER_WORD
    css = f"{SELECTED_CLASS} cmp-sel-{selection.kind}"
    return [
        Mark(h.start, h.end, css, titles[selection.kind], "", layer)
        for h in hits
        if h.article == article_id
    ]


def _group_html(
    analysis: ArticleAnalysis, sentences: Sequence[tuple[int, int]], marks: Sequence[Mark]
) -> str:
    """Return the escaped, marked text of several sentences joined by a space."""
    return " ".join(marked_html(analysis.text, s, e, marks) for s, e in sentences)


def _badge(text: str, css: str) -> str:
    return f'<span class="cmp-badge {css}">{html.escape(text)}</span> '


@dataclass(frozen=True)
class AlignedRow:
    """One row of the aligned texts: a cell per article (either may be empty) and the similarity.

    Attributes:
        order: Sort key placing the row in reading order of the left article.
        left: HTML of the left cell (escaped text with marks), or "".
        left_class: Extra CSS class of the left cell (one-article-only sentences).
        similarity: The pair's similarity as text ("" for a sentence alone).
        right: HTML of the right cell, or "".
        right_class: Extra CSS class of the right cell.
        selected: Whether a hit of the selection is in the row.
    """

    order: tuple[int, int, int]
    left: str
    left_class: str
    similarity: str
    right: str
    right_class: str
    selected: bool = False


def alignment_rows(
    comparison: Comparison,
    analyses: Sequence[ArticleAnalysis],
    a_id: str,
    b_id: str,
    names: Mapping[str, str] | None = None,
    selection: CompareSelection | None = None,
    hits: Sequence[TermOccurrence] = (),
) -> list[AlignedRow]:
    """Return two articles' body sentences aligned row by row, in the left article's order.

    Aligned sentences share a row with their similarity; word swaps are marked in both cells.
    A sentence the other article lacks sits alone in its row, in a tinted cell badged "only in
    …" when no compared article reports it (else "not in …"). The selection's hits are outlined.

    Args:
        comparison: The comparison of the articles.
        analyses: The analysed articles (must include ``a_id`` and ``b_id``).
        a_id: Article shown in the left column.
        b_id: Article shown in the right column.
        names: Display name per article id (the outlet by default).
        selection: The canonical selection, or None.
        hits: The selection's hits (:func:`selection_hits`).
    """
    names = names or article_display_names(analyses)
    by_id = {a.meta.id: a for a in analyses}
    left, right = by_id[a_id], by_id[b_id]
    chosen = {aid: selection_marks(selection, hits, aid) for aid in (a_id, b_id)}
    spans = _hit_spans(hits)

    def has_hit(aid: str, sentences: Iterable[tuple[int, int]]) -> bool:
        return _overlaps(sentences, spans.get(aid, ()))

    rows: list[AlignedRow] = []
    covered: dict[str, set[tuple[int, int]]] = {a_id: set(), b_id: set()}
    for x in comparison.aligned:
        if {x.a.article, x.b.article} != {a_id, b_id}:
            continue
        la, rb = (x.a, x.b) if x.a.article == a_id else (x.b, x.a)
        lside, rside = ("a", "b") if x.a.article == a_id else ("b", "a")
        covered[a_id].update(la.sentences)
        covered[b_id].update(rb.sentences)
        rows.append(
            AlignedRow(
                (la.start, 0, rb.start),
                _group_html(left, la.sentences, _swap_marks(x, lside, names[b_id]) + chosen[a_id]),
                "",
                f"{x.similarity:.2f}" + (" merged" if x.kind == "many-to-one" else ""),
                _group_html(right, rb.sentences, _swap_marks(x, rside, names[a_id]) + chosen[b_id]),
                "",
                has_hit(a_id, la.sentences) or has_hit(b_id, rb.sentences),
            )
        )
    only = {aid: {(r.start, r.end) for r in refs} for aid, refs in comparison.only_in.items()}

    def lone(analysis: ArticleAnalysis, span: tuple[int, int], other: str) -> tuple[str, str]:
        aid = analysis.meta.id
        text = marked_html(analysis.text, span[0], span[1], chosen[aid])
        if span in only.get(aid, set()):
            return _badge(f"only in {names[aid]}", ONLY_CLASS) + text, ONLY_CLASS
        return _badge(f"not in {other}", MISSING_CLASS) + text, MISSING_CLASS

    aligned = sorted(r.order for r in rows)
    for s in left.sentences:
        span = (s.start, s.end)
        if s.role == "body" and span not in covered[a_id]:
            cell, css = lone(left, span, names[b_id])
            rows.append(AlignedRow((s.start, 0, -1), cell, css, "", "", "", has_hit(a_id, [span])))
    for s in right.sentences:
        span = (s.start, s.end)
        if s.role != "body" or span in covered[b_id]:
            continue
        before = [order[0] for order in aligned if order[2] <= s.start]
        anchor = max(before) if before else -1
        cell, css = lone(right, span, names[a_id])
        rows.append(AlignedRow((anchor, 1, s.start), "", "", "", cell, css, has_hit(b_id, [span])))
    return sorted(rows, key=lambda r: r.order)


def alignment_table_html(
    rows: Sequence[AlignedRow],
    left_name: str,
    right_name: str,
    selection_active: bool = False,
    scroll: bool = False,
) -> str:
    """Return aligned rows as an HTML table headed by the two articles' names.

    Args:
        rows: The rows (:func:`alignment_rows`).
        left_name: The left article's display name.
        right_name: The right article's display name.
        selection_active: Whether a selection is shown (the other marks fade).
        scroll: Put the table in a box of at most :data:`ALIGNED_HEIGHT_PX` that scrolls: a
            named region in the Tab order, so keyboard users can reach it and scroll it with the
            arrow keys (the box is part of the HTML, not a Streamlit container, so it can be).
    """
    body = "".join(
        f'<tr><td class="cmp-cell {r.left_class}">{r.left}</td>'
        f'<td class="cmp-sim">{html.escape(r.similarity)}</td>'
        f'<td class="cmp-cell {r.right_class}">{r.right}</td></tr>'
        for r in rows
    )
    if not rows:
        body = '<tr><td colspan="3" class="cmp-note">Nothing to show in these two texts.</td></tr>'
    container = "cmp-view" + (f" {HAS_SELECTION_CLASS}" if selection_active else "")
    table = (
        f'<table class="cmp-align"><thead><tr>'
        f"<th>{html.escape(left_name)}</th><th>similarity</th>"
        f"<th>{html.escape(right_name)}</th></tr></thead><tbody>{body}</tbody></table>"
    )
    if scroll:
        label = html.escape(f"Sentences of {left_name} and {right_name} side by side", quote=True)
        table = (
            f'<div class="{SCROLL_CLASS} cmp-aligned-box" role="region" aria-label="{label}" '
            f'tabindex="0">{table}</div>'
        )
    return f'<div class="{container}">{table}</div>'


def alignment_html(
    comparison: Comparison,
    analyses: Sequence[ArticleAnalysis],
    a_id: str,
    b_id: str,
    names: Mapping[str, str] | None = None,
    selection: CompareSelection | None = None,
    hits: Sequence[TermOccurrence] = (),
    only_selected: bool = False,
) -> str:
    """Return the aligned texts of two articles as a table (see :func:`alignment_rows`).

    Args:
        comparison: The comparison of the articles.
        analyses: The analysed articles (must include ``a_id`` and ``b_id``).
        a_id: Article shown in the left column.
        b_id: Article shown in the right column.
        names: Display name per article id (the outlet by default).
        selection: The canonical selection, or None.
        hits: The selection's hits (:func:`selection_hits`).
        only_selected: Keep only the rows with a hit of the selection.

    Returns:
        HTML (escaped text) for ``st.html``.
    """
    names = names or article_display_names(analyses)
    rows = alignment_rows(comparison, analyses, a_id, b_id, names, selection, hits)
    if only_selected:
        rows = [r for r in rows if r.selected]
    return alignment_table_html(rows, names[a_id], names[b_id], selection is not None)


def alignment_legend_html(article_count: int = 2) -> str:
    """Return the legend of the aligned texts: what each kind of mark means.

    Args:
        article_count: How many articles are compared; from three, a sentence missing from one
            side may still be in a third article ("not in …").
    """
    items = [
        f'<mark class="{SWAP_CLASS}">word<span class="cmp-tag">≠</span></mark> '
        "a different word for the same thing (hover to see the other article's word)",
        f'<mark class="{ADDED_CLASS}">words<span class="cmp-tag">+</span></mark> '
        "words the other article leaves out",
        _badge("only in …", ONLY_CLASS) + "a sentence no other compared article reports",
        *(
            [
                _badge("not in …", MISSING_CLASS)
                + "missing on the other side, but in a third article"
            ]
            if article_count > 2
            else []
        ),
        f'<mark class="{SELECTED_CLASS}">selected</mark> what you clicked in a chart below',
    ]
    return (
        '<div class="cmp-view"><ul class="cmp-legend">'
        + "".join(f"<li>{item}</li>" for item in items)
        + "</ul></div>"
    )


def alignment_counts(comparison: Comparison, a_id: str, b_id: str, names: Mapping[str, str]) -> str:
    """Return how many sentences two articles share and how many only one reports, in words."""
    pairs = sum(1 for x in comparison.aligned if {x.a.article, x.b.article} == {a_id, b_id})
    alone = {aid: len(comparison.only_in.get(aid, [])) for aid in (a_id, b_id)}
    return (
        f"{pairs} pairs of sentences report the same thing; "
        f"{alone[a_id]} sentences are only in {names[a_id]}, "
        f"{alone[b_id]} only in {names[b_id]}."
    )


def headlines_html(
    comparison: Comparison,
    analyses: Sequence[ArticleAnalysis],
    names: Mapping[str, str] | None = None,
    selection: CompareSelection | None = None,
    hits: Sequence[TermOccurrence] = (),
) -> str:
    """Return the headlines and subheadlines side by side, loaded words and the selection marked."""
    names = names or article_display_names(analyses)
    by_id = {a.meta.id: a for a in analyses}
    cells = []
    for h in comparison.headlines:
        if h.article not in by_id:
            continue
        analysis = by_id[h.article]
        marks = [
            Mark(r.start, r.end, LOADED_CLASS, f"Loaded word ({cat})", "L")
            for r, cat in zip(h.loaded, h.loaded_categories, strict=True)
        ] + selection_marks(selection, hits, h.article)
        parts = [f'<h4 class="cmp-outlet">{html.escape(names[h.article])}</h4>']
        if h.headline is not None:
            head = marked_html(analysis.text, h.headline.start, h.headline.end, marks)
            parts.append(f'<p class="cmp-headline">{head}</p>')
        if h.subheadline is not None:
            sub = marked_html(analysis.text, h.subheadline.start, h.subheadline.end, marks)
            parts.append(f'<p class="cmp-sub">{sub}</p>')
        if h.note:
            parts.append(f'<p class="cmp-note">{html.escape(h.note)}</p>')
        tone = "—" if h.tone is None else f"{h.tone:+.2f}".replace("-", "−")
        parts.append(f'<p class="cmp-note">Tone {tone} · {len(h.loaded)} loaded word(s)</p>')
        cells.append(f'<div class="cmp-head">{"".join(parts)}</div>')
    container = "cmp-view cmp-heads" + (f" {HAS_SELECTION_CLASS}" if selection else "")
    return f'<div class="{container}">{"".join(cells)}</div>'


def hits_summary(
    selection: CompareSelection,
    hits: Sequence[TermOccurrence],
    analyses: Sequence[ArticleAnalysis],
    names: Mapping[str, str],
) -> str:
    """Return the selection and how often it occurs in each article, in plain words."""
    counts = ", ".join(
        f"{sum(1 for h in hits if h.article == a.meta.id)} in {names[a.meta.id]}" for a in analyses
    )
    return f"{describe_selection(selection)}: {counts}."


def hits_html(
    selection: CompareSelection,
    hits: Sequence[TermOccurrence],
    analyses: Sequence[ArticleAnalysis],
    names: Mapping[str, str],
    limit: int = MAX_SNIPPETS,
) -> str:
    """Return every hit of the selection as escaped snippets in context, one column per article.

    Hits outside the body (a headline) are tagged with their part.
    """
    css = f"{SELECTED_CLASS} cmp-sel-{selection.kind}"
    columns = []
    for analysis in analyses:
        own = [h for h in hits if h.article == analysis.meta.id]
        items = "".join(
            "<li>"
            + (_badge(h.role, "cmp-role") if h.role not in BODY_ROLES else "")
            + f'{html.escape(h.before)}<mark class="{css}">{html.escape(h.match)}</mark>'
            f"{html.escape(h.after)}</li>"
            for h in own[:limit]
        )
        more = f'<p class="cmp-note">… and {len(own) - limit} more.</p>' if len(own) > limit else ""
        body = f"<ol>{items}</ol>{more}" if own else '<p class="cmp-note">None in this article.</p>'
        name = names[analysis.meta.id]
        label = html.escape(f"Snippets from {name}", quote=True)
        columns.append(
            f'<div class="cmp-hitcol {SCROLL_CLASS}" role="region" aria-label="{label}" '
            'tabindex="0">'
            f'<h4 class="cmp-outlet">{html.escape(name)} · {len(own)}</h4>'
            f"{body}</div>"
        )
    return f'<div class="cmp-view cmp-hits">{"".join(columns)}</div>'


def comparison_css() -> str:
    """Return the style sheet of the comparison HTML (large enough to read when projected)."""
    vermillion = OKABE_ITO["vermillion"]
    green, blue = OKABE_ITO["bluish_green"], OKABE_ITO["blue"]
    rules = [
        ".cmp-view{font-size:1.1rem;line-height:1.6;color:#111;}",
        ".cmp-align{border-collapse:collapse;width:100%;}",
        ".cmp-align td,.cmp-align th{border-top:1px solid #ddd;padding:.45em .6em;"
        "vertical-align:top;text-align:left;}",
        ".cmp-align thead th{position:sticky;top:0;background:#fff;z-index:2;border-top:none;"
        "font-size:1.15rem;border-bottom:2px solid #333;}",
        ".cmp-cell{width:46%;}",
        ".cmp-sim{width:8%;color:#444;font-size:.95rem;text-align:center !important;}",
        f"td.{ONLY_CLASS}{{background:#EAF6F0;border-left:6px solid {green};}}",
        f"td.{MISSING_CLASS}{{background:#F4F4F4;border-left:6px dotted #888;}}",
        ".cmp-badge{display:inline-block;font-size:.85rem;font-weight:700;line-height:1.3;"
        "border-radius:4px;padding:.05em .45em;margin-right:.25em;vertical-align:.1em;}",
        f".cmp-badge.{ONLY_CLASS}{{background:{green};color:#fff;}}",
        f".cmp-badge.{MISSING_CLASS}{{background:#666;color:#fff;}}",
        ".cmp-badge.cmp-role{background:#555;color:#fff;text-transform:uppercase;}",
        ".cmp-view mark{color:inherit;padding:0 1px;border-radius:2px;}",
        f"mark.{SWAP_CLASS}{{background:#FDF0C4;text-decoration:underline wavy {vermillion};"
        "text-decoration-thickness:2px;text-underline-offset:4px;text-decoration-skip-ink:none;}",
        f"mark.{ADDED_CLASS}{{background:#E3F1FB;text-decoration:underline dotted {blue};"
        "text-decoration-thickness:3px;text-underline-offset:4px;}",
        f"mark.{LOADED_CLASS}{{background:#FDE7D9;text-decoration:underline solid {vermillion};"
        "text-decoration-thickness:3px;text-underline-offset:4px;}",
        f"mark.{SELECTED_CLASS}{{background:#FFE66D;outline:3px solid #000;outline-offset:1px;"
        "color:#000;text-decoration:none;}",
        "mark.cmp-sel-voice{background:#FFF2A8;}",
        f"mark.{SELECTED_CLASS}{{margin:0 .25em;}}",
        "mark.cmp-sel-term,mark.cmp-sel-actor{white-space:nowrap;}",
        ".cmp-tag{font-size:.7em;font-weight:700;margin-left:2px;vertical-align:super;"
        "line-height:0;}",
        f"mark.{SWAP_CLASS} > .cmp-tag{{color:{vermillion};}}",
        f"mark.{ADDED_CLASS} > .cmp-tag{{color:{blue};}}",
        # With a selection, the other marks fade so the selection stands out.
        f".{HAS_SELECTION_CLASS} mark:not(.{SELECTED_CLASS}){{background:transparent;"
        "text-decoration-color:#C4C4C4;}",
        f".{HAS_SELECTION_CLASS} mark:not(.{SELECTED_CLASS}) > .cmp-tag{{color:#AAA;}}",
        # Hover explanations in a large fixed panel, as on the first page.
        # A mark reached with Tab shows its explanation the same way.
        ".cmp-view [data-tip]:hover:not(:has([data-tip]:hover))::after,"
        ".cmp-view mark[data-tip]:focus::after{content:attr(data-tip);"
        "position:fixed;right:24px;bottom:24px;z-index:100000;max-width:min(34em,60vw);"
        "white-space:pre-line;background:#1b1b1b;color:#fff;font-size:1.1rem;"
        "line-height:1.45;font-weight:500;padding:.6em .85em;border-radius:8px;"
        "box-shadow:0 4px 14px rgba(0,0,0,.4);pointer-events:none;}",
        ".cmp-view:has(mark:focus) [data-tip]:hover:not(:focus)::after{content:none;}",
        ".cmp-view mark[tabindex]:focus{outline:3px solid #000;outline-offset:2px;"
        "box-shadow:0 0 0 5px #fff;}",
        ".cmp-view mark[tabindex]:focus:not(:focus-visible){outline-style:dashed;}",
        f".{SCROLL_CLASS}:focus-visible{{outline:3px solid {blue};outline-offset:3px;}}",
        f".cmp-aligned-box{{max-height:{ALIGNED_HEIGHT_PX / 16:g}rem;overflow-y:auto;"
        "border:1px solid #ddd;border-radius:8px;padding:0 .4rem;}",
        ".cmp-heads{display:flex;gap:1.5rem;flex-wrap:wrap;}",
        ".cmp-head{flex:1 1 18rem;min-width:0;border-left:5px solid #ccc;padding-left:.8rem;}",
        "h4.cmp-outlet{font-size:1.3rem;font-weight:700;margin:.2em 0 .3em 0;padding:0;}",
        ".cmp-headline{font-size:1.35rem;font-weight:700;line-height:1.35;margin:0 0 .4em 0;"
        "overflow-wrap:anywhere;}",
        ".cmp-sub{font-size:1.1rem;margin:0 0 .4em 0;}",
        ".cmp-note{color:#444;font-size:1rem;margin:0 0 .3em 0;}",
        ".cmp-view ul.cmp-legend{list-style:none;padding:0;margin:.2em 0 .6em 0;display:flex;"
        "flex-wrap:wrap;gap:.3em 1.6em;font-size:1rem;}",
        ".cmp-view ul.cmp-legend li{margin:0;padding:0;}",
        ".cmp-hits{display:flex;gap:1.2rem;flex-wrap:wrap;align-items:flex-start;}",
        ".cmp-hitcol{flex:1 1 22rem;min-width:0;max-height:26rem;overflow-y:auto;"
        "border:1px solid #ddd;border-radius:6px;padding:.4rem .8rem;}",
        ".cmp-hitcol ol{margin:0;padding-left:1.6em;}",
        ".cmp-hitcol li{margin:0 0 .45em 0;}",
    ]
    return "<style>" + "\n".join(rules) + "</style>"


# --------------------------------------------------------------------------- streamlit


def _as_selection(value: object) -> CompareSelection | None:
    """Return ``value`` as a selection (rebuilt if its class was reloaded), else None."""
    if isinstance(value, CompareSelection):
        return value
    kind, text = getattr(value, "kind", None), getattr(value, "value", None)
    if kind in COMPARE_KINDS and isinstance(text, str) and text:
        return CompareSelection(kind, text, getattr(value, "article_id", None))
    return None


def current_selection() -> CompareSelection | None:
    """Return the canonical selection, reading it from the URL on a session's first run."""
    import streamlit as st

    if KEY_SELECTION not in st.session_state:
        st.session_state[KEY_SELECTION] = selection_from_query_params(st.query_params.to_dict())
    return _as_selection(st.session_state[KEY_SELECTION])


def on_chart_select(chart_key: str) -> None:
    """``on_select`` callback: write the selection that the click on chart ``chart_key`` makes."""
    import streamlit as st

    current = _as_selection(st.session_state.get(KEY_SELECTION))
    st.session_state[KEY_SELECTION] = selection_after_click(
        current, st.session_state.get(chart_key)
    )


def clear_selection() -> None:
    """Drop the canonical selection (the clear buttons' callback)."""
    import streamlit as st

    st.session_state[KEY_SELECTION] = None


def sync_selection_to_url(selection: CompareSelection | None) -> None:
    """Mirror the selection in the query parameters, touching only those that changed."""
    import streamlit as st

    wanted = query_params_from_selection(selection)
    for param in COMPARE_PARAMS:
        if param in wanted:
            if st.query_params.get(param) != wanted[param]:
                st.query_params[param] = wanted[param]
        elif param in st.query_params:
            del st.query_params[param]


def _caption(text: str) -> None:
    import streamlit as st

    st.html(f'<p class="cl-caption cmp-caption">{html.escape(text)}</p>')


def _show_chart(chart: Chart, key: str, caption: str = "") -> None:
    """Show a linked chart with its alt text and its summary in words (and the emphasis note)."""
    import streamlit as st

    st.plotly_chart(
        chart.figure,
        key=key,
        on_select=functools.partial(on_chart_select, key),
        selection_mode="points",
        config=PLOTLY_CONFIG,
        width="stretch",
        alt=chart.alt,
    )
    _caption(chart.summary)
    if caption:
        st.html(f'<p class="cl-match">{html.escape(caption)}</p>')


def _banner(selection: CompareSelection | None, summary: str, key: str) -> None:
    """Show what is selected with a button that clears it (and the same in the sidebar)."""
    import streamlit as st

    left, right = st.columns([5, 1], vertical_alignment="center")
    if selection is None:
        idle = (
            "Click a word, a dot or a bar in the charts below: every occurrence lights up in "
            "every article, in the texts and in the snippets under the chart."
        )
        left.html(f'<div class="cl-banner-idle">{html.escape(idle)}</div>')
    else:
        left.html(f'<div class="cl-banner">Showing: {html.escape(summary)}</div>')
    right.button(
        "Clear selection",
        on_click=clear_selection,
        disabled=selection is None,
        icon=":material/close:",
        width="stretch",
        key=f"{key}_clear",
    )
    if selection is not None:
        with st.sidebar:
            st.divider()
            st.html(f'<div class="cl-banner">Showing: {html.escape(summary)}</div>')
            st.button(
                "Clear selection",
                on_click=clear_selection,
                icon=":material/close:",
                width="stretch",
                key=f"{key}_clear_sidebar",
            )


def _hits_panel(
    selection: CompareSelection,
    hits: Sequence[TermOccurrence],
    analyses: Sequence[ArticleAnalysis],
    names: Mapping[str, str],
    key: str,
) -> None:
    """Show every hit of the selection in context, one column per article."""
    import streamlit as st

    with st.container(key=f"{key}_hits"):
        st.html(
            f'<p class="cl-match">{html.escape(hits_summary(selection, hits, analyses, names))}'
            "</p>" + hits_html(selection, hits, analyses, names)
        )


def render_comparison(
    analyses: Sequence[ArticleAnalysis],
    comparison: Comparison | None = None,
    key: str = "compare",
) -> None:
    """Draw the comparison view with streamlit.

    Args:
        analyses: The analysed articles of the story (two to six).
        comparison: Their comparison (cached by the caller); computed when None.
        key: Prefix of the widget keys (the selection itself is always
            ``st.session_state[KEY_SELECTION]`` and the ``cmp*`` query parameters).
    """
    import streamlit as st

    if comparison is None:
        comparison = compare_articles(analyses)
    selection = selection_in_scope(current_selection(), comparison)
    if selection != current_selection():
        st.session_state[KEY_SELECTION] = selection
    sync_selection_to_url(selection)
    headline_notes = {f"{h.article}: {h.note}" for h in comparison.headlines if h.note}
    for warning in comparison.warnings:
        if warning not in headline_notes:
            st.html(f'<div class="cl-warning">{html.escape(warning)}</div>')
    if len(analyses) < 2:
        return
    names = article_display_names(analyses)
    hits = selection_hits(selection, comparison, analyses)
    emphasis = emphasis_for(selection, comparison, analyses, hits)
    summary = hits_summary(selection, hits, analyses, names) if selection else ""
    st.html(comparison_css())
    _caption(
        "The same event in different words: which sentences the articles share, which only one "
        "reports, which words one swaps for another, who gets quoted and who gets named."
    )

    st.subheader("Headlines")
    st.html(headlines_html(comparison, analyses, names, selection, hits))

    st.subheader("Same event, sentence by sentence")
    ids = [a.meta.id for a in analyses]
    left_col, right_col = st.columns(2)
    a_id = left_col.selectbox("Left", ids, index=0, format_func=names.get, key=f"{key}_left")
    b_id = right_col.selectbox(
        "Right", [i for i in ids if i != a_id], index=0, format_func=names.get, key=f"{key}_right"
    )
    _caption(alignment_counts(comparison, a_id, b_id, names))
    st.html(alignment_legend_html(len(analyses)))
    rows = alignment_rows(comparison, analyses, a_id, b_id, names, selection, hits)
    only_selected = st.toggle(
        "Only the rows with the selection",
        value=True,
        key=f"{key}_only_selected",
        disabled=selection is None,
        help="When a word, voice or actor is selected, hide the rows it does not appear in.",
    )
    if selection is not None:
        kept = [r for r in rows if r.selected] if only_selected else rows
        with_hits = sum(1 for r in rows if r.selected)
        st.html(
            f'<p class="cl-match">{with_hits} of {len(rows)} rows contain the selection '
            f"(outlined){': only those are shown' if only_selected else ''}.</p>"
        )
    else:
        kept = rows
    with st.container(key=f"{key}_aligned"):
        st.html(
            alignment_table_html(
                kept, names[a_id], names[b_id], selection is not None, scroll=len(kept) > 8
            )
        )

    st.divider()
    _banner(selection, summary, key)

    st.subheader("Distinctive words")
    _show_chart(
        distinctive_chart(comparison, analyses, names, emphasis),
        f"{key}_chart_terms",
        emphasis_caption("terms", selection, emphasis) if selection else "",
    )
    if selection is not None and selection.kind == "term":
        _hits_panel(selection, hits, analyses, names, key)

    st.subheader("Quotations")
    _show_chart(
        quote_matrix_chart(comparison, analyses, names, emphasis),
        f"{key}_chart_voices",
        emphasis_caption("voices", selection, emphasis) if selection else "",
    )
    if selection is not None and selection.kind == "voice":
        _hits_panel(selection, hits, analyses, names, key)
    quotes = quote_table(comparison, analyses, names, selection, hits)
    scope = "touched by the selection" if selection else "in the compared articles"
    _caption(
        f"{len(quotes)} of {len(comparison.quotes)} quotations {scope}; ✓ marks the articles "
        "that carry each one."
    )
    if not quotes.empty:
        st.dataframe(
            quotes,
            hide_index=True,
            width="stretch",
            key=f"{key}_quotes",
            column_config={"Quotation": st.column_config.TextColumn(width="large")},
        )

    st.subheader("People and groups")
    _show_chart(
        actor_chart(comparison, analyses, names, emphasis),
        f"{key}_chart_actors",
        emphasis_caption("actors", selection, emphasis) if selection else "",
    )
    if selection is not None and selection.kind == "actor":
        _hits_panel(selection, hits, analyses, names, key)
    actors = actor_table(comparison, analyses, names, emphasis)
    _caption(
        f"{len(actors)} of {len(comparison.actors)} people and groups "
        + ("related to the selection. " if selection else "named. ")
        + "Tone of own words: the average tone of the outlet's own sentences naming them "
        "(−1 negative to +1 positive). Labels: loaded words and short quoted phrases attached to "
        "the name."
    )
    if not actors.empty:
        st.dataframe(actors, hide_index=True, width="stretch", key=f"{key}_actors")
