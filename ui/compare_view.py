"""The comparison view: pure functions returning escaped HTML, plotly figures and tables.

Everything here is pure (testable without a browser) except :func:`render_comparison` at the
bottom, the one function that calls streamlit; the dashboard mounts it. All article text goes
through :func:`html.escape` before spans are wrapped in ``<mark>``; marks differ by more than
colour: swaps are underlined with a wavy line and tagged "≠", one-article-only content has a
dashed outline and an "only in …" label, a searched term is double-underlined.
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from analysis.compare import (
    Alignment,
    Comparison,
    TermOccurrence,
    compare_articles,
    term_occurrences,
)
from analysis.model import BODY_ROLES, ArticleAnalysis
from ui.style import ARTICLE_COLOURS, ARTICLE_PATTERNS, ARTICLE_SYMBOLS

__all__ = [
    "actor_table",
    "alignment_html",
    "article_label",
    "comparison_css",
    "distinctive_figure",
    "headlines_html",
    "marked_html",
    "quote_matrix_figure",
    "quote_table",
    "render_comparison",
    "term_marks",
    "term_occurrences",
    "term_occurrences_html",
]

SWAP_CLASS = "cmp-swap"
ONLY_CLASS = "cmp-only"
ADDED_CLASS = "cmp-added"
TERM_CLASS = "cmp-term"
LOADED_CLASS = "cmp-loaded"
TERM_SELECTION_KEY = "compare_term"
"""``st.session_state`` key of the canonical selected term ``(article id, term)``."""
VOICE_SELECTION_KEY = "compare_voice"
"""``st.session_state`` key of the canonical selected cell ``(speaker, article id)``."""


@dataclass(frozen=True)
class Mark:
    """A span of one article's text to wrap in ``<mark>``."""

    start: int
    end: int
    css_class: str
    title: str = ""
    tag: str = ""
    """A short visible label after the marked words (so marks are not told apart by colour)."""


def article_label(analysis: ArticleAnalysis) -> str:
    """Return the name shown for an article: its outlet, else its id."""
    return analysis.meta.outlet or analysis.meta.id


def _labels(analyses: Sequence[ArticleAnalysis]) -> dict[str, str]:
    """Return article id → display label, made unique when two outlets share a name."""
    labels: dict[str, str] = {}
    for a in analyses:
        label = article_label(a)
        if label in labels.values():
            label = f"{label} ({a.meta.id})"
        labels[a.meta.id] = label
    return labels


def _colour(index: int) -> str:
    """Return the article colour of position ``index``."""
    return ARTICLE_COLOURS[index % len(ARTICLE_COLOURS)]


def marked_html(text: str, start: int, end: int, marks: Sequence[Mark]) -> str:
    """Return ``text[start:end]`` escaped, with the marks inside it wrapped in ``<mark>``.

    Args:
        text: The article text.
        start: Where the shown fragment starts.
        end: Where it ends (exclusive).
        marks: Spans to mark; overlapping marks are dropped (the earlier-starting one wins).

    Returns:
        HTML safe to pass to ``st.html``: every character of the text is escaped.
    """
    out: list[str] = []
    position = start
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if mark.start < position or mark.end > end or mark.start >= mark.end:
            continue
        out.append(html.escape(text[position : mark.start]))
        title = f' title="{html.escape(mark.title, quote=True)}"' if mark.title else ""
        tag = f'<span class="cmp-tag">{html.escape(mark.tag)}</span>' if mark.tag else ""
        out.append(
            f'<mark class="{mark.css_class}"{title}>'
            f"{html.escape(text[mark.start : mark.end])}{tag}</mark>"
        )
        position = mark.end
    out.append(html.escape(text[position:end]))
    return "".join(out)


def _swap_marks(alignment: Alignment, side: str) -> list[Mark]:
    """Return the marks of one side of an alignment's word swaps ("a" or "b")."""
    marks: list[Mark] = []
    for swap in alignment.swaps:
        own = swap.a if side == "a" else swap.b
        other = swap.b if side == "a" else swap.a
        if own is None:
            continue
        if other is not None:
            title = f"Word choice: the other article has “{other.text}”"
            marks.append(Mark(own.start, own.end, SWAP_CLASS, title, "≠"))
        else:
            marks.append(Mark(own.start, own.end, ADDED_CLASS, "Only this article has", "+"))
    return marks


def _group_html(
    analysis: ArticleAnalysis, sentences: Sequence[tuple[int, int]], marks: Sequence[Mark]
) -> str:
    """Return the escaped, marked text of several sentences joined by a space."""
    return " ".join(marked_html(analysis.text, s, e, marks) for s, e in sentences)


def alignment_html(
    comparison: Comparison,
    analyses: Sequence[ArticleAnalysis],
    a_id: str,
    b_id: str,
) -> str:
    """Return a two-column table of two articles' body sentences, aligned row by row.

    Aligned sentences share a row with their similarity; word swaps are marked in both cells;
    sentences the other article lacks sit alone in their row, with "only in …" when no compared
    article reports them.

    Args:
        comparison: The comparison of the articles.
        analyses: The analysed articles (must include ``a_id`` and ``b_id``).
        a_id: Article shown in the left column.
        b_id: Article shown in the right column.

    Returns:
        HTML (escaped text) for ``st.html``.
    """
    by_id = {a.meta.id: a for a in analyses}
    labels = _labels(analyses)
    left, right = by_id[a_id], by_id[b_id]
    rows: list[tuple[tuple, str, str, str]] = []
    covered_left: set[tuple[int, int]] = set()
    covered_right: set[tuple[int, int]] = set()
    for x in comparison.aligned:
        if {x.a.article, x.b.article} != {a_id, b_id}:
            continue
        la, rb = (x.a, x.b) if x.a.article == a_id else (x.b, x.a)
        lside, rside = ("a", "b") if x.a.article == a_id else ("b", "a")
        covered_left.update(la.sentences)
        covered_right.update(rb.sentences)
        rows.append(
            (
                (la.start, 0, rb.start),
                _group_html(left, la.sentences, _swap_marks(x, lside)),
                f"{x.similarity:.2f}" + (" · merged" if x.kind == "many-to-one" else ""),
                _group_html(right, rb.sentences, _swap_marks(x, rside)),
            )
        )
    only = {aid: {(r.start, r.end) for r in refs} for aid, refs in comparison.only_in.items()}

    def lone(analysis: ArticleAnalysis, span: tuple[int, int], other_label: str) -> str:
        alone = span in only.get(analysis.meta.id, set())
        label = f"only in {labels[analysis.meta.id]}" if alone else f"not in {other_label}"
        css = ONLY_CLASS if alone else "cmp-missing"
        mark = Mark(span[0], span[1], css, label.capitalize(), label)
        return marked_html(analysis.text, span[0], span[1], [mark])

    aligned_rows = sorted(rows)
    for s in left.sentences:
        span = (s.start, s.end)
        if s.role == "body" and span not in covered_left:
            rows.append(((s.start, 0, -1), lone(left, span, labels[b_id]), "", ""))
    for s in right.sentences:
        span = (s.start, s.end)
        if s.role != "body" or span in covered_right:
            continue
        before = [r[0][0] for r in aligned_rows if r[0][2] <= s.start]
        anchor = max(before) if before else -1
        rows.append(((anchor, 1, s.start), "", "", lone(right, span, labels[a_id])))
    rows.sort(key=lambda r: r[0])
    body = "".join(
        f'<tr><td class="cmp-cell">{lh}</td><td class="cmp-sim">{html.escape(sim)}</td>'
        f'<td class="cmp-cell">{rh}</td></tr>'
        for _, lh, sim, rh in rows
    )
    return (
        '<table class="cmp-align"><thead><tr>'
        f"<th>{html.escape(labels[a_id])}</th><th>similarity</th>"
        f"<th>{html.escape(labels[b_id])}</th></tr></thead><tbody>{body}</tbody></table>"
    )


def quote_matrix_figure(comparison: Comparison, analyses: Sequence[ArticleAnalysis]) -> go.Figure:
    """Return a dot matrix of voices × articles: dot area by quoted words, hollow when absent.

    A scatter, not a heatmap, so clicks work in Streamlit: each point's ``customdata`` is
    ``[speaker, article id, quotations, words]``.
    """
    labels = _labels(analyses)
    speakers = [v.speaker for v in comparison.voices]
    most = max((c.words for v in comparison.voices for c in v.counts), default=1) or 1
    figure = go.Figure()
    for k, analysis in enumerate(analyses):
        aid = analysis.meta.id
        xs, ys, sizes, custom, texts, hovers = [], [], [], [], [], []
        for voice in comparison.voices:
            count = next((c for c in voice.counts if c.article == aid), None)
            words = count.words if count else 0
            quotes = count.quotes if count else 0
            xs.append(labels[aid])
            ys.append(voice.speaker)
            sizes.append(8 + 40 * math.sqrt(words / most) if words else 8)
            custom.append([voice.speaker, aid, quotes, words])
            texts.append(str(words) if words else "")
            hovers.append(
                f"{html.escape(voice.speaker)} in {html.escape(labels[aid])}: "
                + (f"{quotes} quotation(s), {words} words" if quotes else "not quoted")
            )
        filled = [c[3] > 0 for c in custom]
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="markers+text",
                text=texts,
                textposition="middle right",
                name=labels[aid],
                customdata=custom,
                hovertext=hovers,
                hoverinfo="text",
                marker={
                    "size": sizes,
                    "color": [_colour(k) if f else "rgba(0,0,0,0)" for f in filled],
                    "line": {"color": _colour(k), "width": 2},
                    "symbol": ARTICLE_SYMBOLS[k % len(ARTICLE_SYMBOLS)],
                },
            )
        )
    figure.update_layout(
        title="Who is quoted, and how much (words quoted)",
        height=max(220, 60 + 40 * len(speakers)),
        yaxis={"categoryorder": "array", "categoryarray": list(reversed(speakers))},
        xaxis={"side": "top"},
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        clickmode="event+select",
        showlegend=False,
    )
    return figure


def distinctive_figure(
    comparison: Comparison, analyses: Sequence[ArticleAnalysis], top: int = 8
) -> go.Figure:
    """Return horizontal bars of each article's most distinctive words (z-score).

    One trace per article (colour and fill pattern); each bar's ``customdata`` is
    ``[article id, term, count, count in the others]``.
    """
    labels = _labels(analyses)
    figure = go.Figure()
    for k, analysis in enumerate(analyses):
        aid = analysis.meta.id
        terms = comparison.distinctive.get(aid, [])[:top]
        figure.add_trace(
            go.Bar(
                orientation="h",
                x=[t.z for t in terms],
                y=[f"{t.term} · {labels[aid]}" for t in terms],
                name=labels[aid],
                customdata=[[aid, t.term, t.count, t.count_others] for t in terms],
                hovertemplate=(
                    "%{customdata[1]}: %{customdata[2]}× here, %{customdata[3]}× in the others"
                    "<br>z = %{x:.2f}<extra>" + html.escape(labels[aid]) + "</extra>"
                ),
                marker={
                    "color": _colour(k),
                    "pattern": {"shape": ARTICLE_PATTERNS[k % len(ARTICLE_PATTERNS)]},
                },
            )
        )
    rows = sum(len(comparison.distinctive.get(a.meta.id, [])[:top]) for a in analyses)
    figure.update_layout(
        title="Words each article uses more than the others (log-odds z-score)",
        height=max(220, 80 + 22 * rows),
        yaxis={"autorange": "reversed"},
        xaxis={"title": "z (informative Dirichlet prior)"},
        margin={"l": 10, "r": 10, "t": 60, "b": 40},
        clickmode="event+select",
        barmode="group",
    )
    return figure


def quote_table(comparison: Comparison, analyses: Sequence[ArticleAnalysis]) -> pd.DataFrame:
    """Return one row per quotation: text, speaker, how matched, and ✓/— per article."""
    labels = _labels(analyses)
    rows = []
    for q in comparison.quotes:
        row: dict[str, Any] = {"Quotation": q.text, "Speaker": q.speaker or "(unattributed)"}
        for a in analyses:
            row[labels[a.meta.id]] = "✓" if a.meta.id in q.articles else "—"
        row["Match"] = q.match
        if comparison.primary_source is not None:
            statuses = sorted({o.primary.status for o in q.occurrences if o.primary})
            row["Against the source"] = ", ".join(s.replace("_", " ") for s in statuses)
        rows.append(row)
    return pd.DataFrame(rows)


def actor_table(comparison: Comparison, analyses: Sequence[ArticleAnalysis]) -> pd.DataFrame:
    """Return one row per actor: mentions, narration tone and labels per article."""
    labels = _labels(analyses)
    rows = []
    for actor in comparison.actors:
        row: dict[str, Any] = {"Actor": actor.name, "Kind": actor.kind}
        for per in actor.per_article:
            label = labels[per.article]
            row[f"Mentions · {label}"] = per.mentions
            row[f"Narration tone · {label}"] = (
                None if per.tone_narration is None else round(per.tone_narration, 2)
            )
            row[f"Labels · {label}"] = ", ".join(dict.fromkeys(lb.text for lb in per.labels))
        rows.append(row)
    return pd.DataFrame(rows)


def headlines_html(comparison: Comparison, analyses: Sequence[ArticleAnalysis]) -> str:
    """Return the headlines and subheadlines side by side with loaded words marked."""
    by_id = {a.meta.id: a for a in analyses}
    labels = _labels(analyses)
    cells = []
    for h in comparison.headlines:
        analysis = by_id[h.article]
        marks = [
            Mark(r.start, r.end, LOADED_CLASS, f"Loaded word ({cat})", "L")
            for r, cat in zip(h.loaded, h.loaded_categories, strict=True)
        ]
        parts = [f"<h4>{html.escape(labels[h.article])}</h4>"]
        if h.headline is not None:
            parts.append(
                '<p class="cmp-headline">'
                f"{marked_html(analysis.text, h.headline.start, h.headline.end, marks)}</p>"
            )
        if h.subheadline is not None:
            sub = h.subheadline
            parts.append(
                f'<p class="cmp-sub">{marked_html(analysis.text, sub.start, sub.end, marks)}</p>'
            )
        if h.note:
            parts.append(f'<p class="cmp-note">{html.escape(h.note)}</p>')
        tone = "—" if h.tone is None else f"{h.tone:+.2f}"
        parts.append(f'<p class="cmp-note">Tone {tone} · {len(h.loaded)} loaded word(s)</p>')
        cells.append(f'<div class="cmp-head">{"".join(parts)}</div>')
    return f'<div class="cmp-heads">{"".join(cells)}</div>'


def term_marks(occurrences: Sequence[TermOccurrence], article_id: str) -> list[Mark]:
    """Return marks for one article's occurrences of a term (to light up the full text)."""
    return [
        Mark(o.start, o.end, TERM_CLASS, "Selected term", "")
        for o in occurrences
        if o.article == article_id
    ]


def term_occurrences_html(
    occurrences: Sequence[TermOccurrence], analyses: Sequence[ArticleAnalysis]
) -> str:
    """Return every occurrence of a term as escaped snippets, grouped by article."""
    labels = _labels(analyses)
    if not occurrences:
        return '<p class="cmp-note">No occurrence in any article.</p>'
    groups = []
    for analysis in analyses:
        own = [o for o in occurrences if o.article == analysis.meta.id]
        items = "".join(
            f'<li>{html.escape(o.before)}<mark class="{TERM_CLASS}">'
            f"{html.escape(o.match)}</mark>{html.escape(o.after)}"
            + (f' <span class="cmp-tag">{html.escape(o.role)}</span>' if o.role != "body" else "")
            + "</li>"
            for o in own
        )
        groups.append(
            f"<h4>{html.escape(labels[analysis.meta.id])} · {len(own)}</h4>"
            + (f"<ul>{items}</ul>" if items else '<p class="cmp-note">Not used.</p>')
        )
    return f'<div class="cmp-terms">{"".join(groups)}</div>'


def comparison_css() -> str:
    """Return the style sheet of the comparison HTML (marks differ by line style and tags)."""
    return (
        "<style>"
        ".cmp-align{border-collapse:collapse;width:100%;font-size:0.92rem}"
        ".cmp-align td,.cmp-align th{border-top:1px solid #ddd;padding:4px 6px;"
        "vertical-align:top;text-align:left}"
        ".cmp-cell{width:46%}.cmp-sim{width:8%;color:#555;font-size:0.8rem}"
        f"mark.{SWAP_CLASS}{{background:#fdf0c4;text-decoration:underline wavy #D55E00}}"
        f"mark.{ADDED_CLASS}{{background:#e3f1fb;text-decoration:underline dotted #0072B2}}"
        f"mark.{ONLY_CLASS}{{background:#eaf6f0;outline:2px dashed #009E73}}"
        "mark.cmp-missing{background:transparent;outline:1px dotted #999}"
        f"mark.{TERM_CLASS}{{background:#f6e3ef;text-decoration:underline double #CC79A7}}"
        f"mark.{LOADED_CLASS}{{background:#fde7d9;text-decoration:underline solid #D55E00}}"
        ".cmp-tag{font-size:0.7em;font-weight:bold;margin-left:2px;vertical-align:super}"
        ".cmp-heads{display:flex;gap:1rem;flex-wrap:wrap}.cmp-head{flex:1;min-width:14rem}"
        ".cmp-headline{font-weight:bold}.cmp-note{color:#555;font-size:0.85rem}"
        "</style>"
    )


# --------------------------------------------------------------------------- streamlit


def _store_selection(key: str, session_key: str, index: int) -> None:
    """``on_select`` callback: copy the clicked point's customdata to the canonical key."""
    import streamlit as st

    state = st.session_state.get(key)
    points = (state or {}).get("selection", {}).get("points", [])
    if points and points[0].get("customdata"):
        st.session_state[session_key] = tuple(points[0]["customdata"][index : index + 2])


def render_comparison(
    analyses: Sequence[ArticleAnalysis],
    comparison: Comparison | None = None,
    key: str = "compare",
) -> None:
    """Draw the comparison view with streamlit (the only function here that calls streamlit).

    Args:
        analyses: The analysed articles of the story (two to six).
        comparison: Their comparison; computed when None.
        key: Prefix of the widget keys.
    """
    import streamlit as st

    if comparison is None:
        comparison = compare_articles(analyses)
    for warning in comparison.warnings:
        st.caption(warning)
    if len(analyses) < 2:
        return
    labels = _labels(analyses)
    st.html(comparison_css())
    st.subheader("Headlines")
    st.html(headlines_html(comparison, analyses))

    st.subheader("Same event, sentence by sentence")
    ids = [a.meta.id for a in analyses]
    left_col, right_col = st.columns(2)
    a_id = left_col.selectbox("Left", ids, index=0, format_func=labels.get, key=f"{key}_left")
    b_id = right_col.selectbox(
        "Right",
        [i for i in ids if i != a_id],
        index=0,
        format_func=labels.get,
        key=f"{key}_right",
    )
    st.html(alignment_html(comparison, analyses, a_id, b_id))

    st.subheader("Quotations")
    chart_key = f"{key}_voices"
    st.plotly_chart(
        quote_matrix_figure(comparison, analyses),
        key=chart_key,
        on_select=functools.partial(_store_selection, chart_key, VOICE_SELECTION_KEY, 0),
        selection_mode="points",
    )
    st.dataframe(quote_table(comparison, analyses), hide_index=True)

    st.subheader("Distinctive words")
    bars_key = f"{key}_distinctive"
    st.plotly_chart(
        distinctive_figure(comparison, analyses),
        key=bars_key,
        on_select=functools.partial(_store_selection, bars_key, TERM_SELECTION_KEY, 0),
        selection_mode="points",
    )
    selected = st.session_state.get(TERM_SELECTION_KEY)
    if selected:
        term = selected[1]
        found = term_occurrences(analyses, term, roles=BODY_ROLES)
        st.html(
            comparison_css()
            + f"<p>Every use of <b>{html.escape(term)}</b> in body text:</p>"
            + term_occurrences_html(found, analyses)
        )

    st.subheader("People and groups")
    st.dataframe(actor_table(comparison, analyses), hide_index=True)
