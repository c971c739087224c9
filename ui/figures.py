"""The linked charts, as pure functions from analyses and the current emphasis to plotly figures.

Every clickable point carries ``customdata = [kind, value, article_id]`` (see
:func:`ui.selection.point_customdata`) so one callback turns any click into a selection. Points
outside the selection are drawn faint (:data:`ui.style.DIM_OPACITY`). Each builder returns a
:class:`Chart`: the figure, a short alt text and a summary of its data in words.

Plotly renders a subset of HTML in labels, names and hover text, so every piece of article data
shown there (outlets, speakers, sentences) is escaped first (:func:`plotly_text`);
``customdata`` keeps the raw values, since it is data, never displayed.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from analysis.metrics import METRICS, MetricInfo
from analysis.model import BODY_ROLES, ArticleAnalysis
from ui.evidence import Emphasis
from ui.selection import NO_SPEAKER, point_customdata
from ui.style import (
    DIM_OPACITY,
    FONT_SIZE,
    NARRATION_PATTERN,
    TONE_COLOURSCALE,
    VOICE_NAMES,
    VOICE_SYMBOLS,
    article_colour,
    article_pattern,
    article_symbol,
)

PERCENT_METRICS: frozenset[str] = frozenset({"quote_share"})
"""Metrics stored as a share (0–1) and shown as a percentage."""

_HOVER_TEXT_CHARS = 90


@dataclass(frozen=True)
class Chart:
    """A figure with its text alternatives.

    Attributes:
        figure: The plotly figure.
        alt: A short description of the chart (its accessible name).
        summary: The chart's data in words, shown under it for everyone.
    """

    figure: go.Figure
    alt: str
    summary: str


def plotly_text(text: str) -> str:
    """Return data text escaped for plotly's labels, names and hover text.

    ``<`` and ``&`` are escaped so plotly's HTML subset cannot turn data into markup; quotes are
    left as they are (they carry no meaning in plotly text, and apostrophes stay readable).
    """
    return html.escape(text, quote=False)


def hover_safe(text: str, limit: int = _HOVER_TEXT_CHARS) -> str:
    """Return article text shortened and escaped for a plotly hover label."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return plotly_text(text)


Spec = dict[str, Any]
"""A plotly trace or layout as a plain dict: building dicts and validating once in
``go.Figure`` is several times faster than plotly's incremental ``add_trace``/``update_layout``."""


def _opacities(flags: Sequence[bool]) -> list[float]:
    return [1.0 if flag else DIM_OPACITY for flag in flags]


def _outlines(flags: Sequence[bool], active: bool) -> list[float]:
    return [2.5 if flag and active else 0.0 for flag in flags]


def _figure(data: list[Spec], title: str, height: int, **layout: Any) -> go.Figure:
    """Return a figure with the shared look: large fonts, title, legend on top, click to select."""
    base: Spec = {
        "title": {"text": title, "font": {"size": FONT_SIZE + 4}},
        "font": {"size": FONT_SIZE},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 80, "b": 10},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "clickmode": "event+select",
        "hoverlabel": {"font": {"size": FONT_SIZE}},
    }
    for key, value in layout.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return go.Figure({"data": data, "layout": base})


def metric_display_value(key: str, value: float | None) -> float | None:
    """Return a metric's value as charts and cards show it (shares as percentages)."""
    if value is None:
        return None
    return 100 * value if key in PERCENT_METRICS else value


def within_noise(values: Sequence[float | None], meaningful_difference: float) -> bool:
    """Return whether every pair of known values differs by less than ``meaningful_difference``."""
    known = [v for v in values if v is not None]
    return len(known) >= 2 and max(known) - min(known) < meaningful_difference


def metrics_chart(
    articles: Sequence[ArticleAnalysis],
    names: Mapping[str, str],
    emphasis: Emphasis,
    metrics: Sequence[MetricInfo] = METRICS,
) -> Chart:
    """Return the headline metrics side by side: one panel per metric, one bar pair per article.

    Solid bars are the whole article, hatched bars the outlet's own words (narration) alone.
    """
    labels = [plotly_text(names[a.meta.id]) for a in articles]
    colours = [article_colour(i) for i in range(len(articles))]
    gap = 0.06
    width = (1 - gap * (len(metrics) - 1)) / len(metrics)
    data: list[Spec] = []
    axes: Spec = {}
    titles: list[Spec] = []
    for column, info in enumerate(metrics):
        suffix = "" if column == 0 else str(column + 1)
        left = column * (width + gap)
        axes[f"xaxis{suffix}"] = {"domain": [left, left + width], "anchor": f"y{suffix}"}
        axes[f"yaxis{suffix}"] = {"anchor": f"x{suffix}"}
        titles.append(
            {
                "text": _panel_title(info, articles),
                "x": left + width / 2,
                "y": 1.0,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": FONT_SIZE},
            }
        )
        variants = [(info.key, "Whole article", "")]
        if info.narration_key:
            variants.append((info.narration_key, "Outlet's own words only", NARRATION_PATTERN))
        for key, variant, pattern in variants:
            flags = [emphasis.shows("metrics", (a.meta.id, key)) for a in articles]
            data.append(
                {
                    "type": "bar",
                    "x": labels,
                    "y": [metric_display_value(key, a.metrics.get(key)) for a in articles],
                    "xaxis": f"x{suffix}",
                    "yaxis": f"y{suffix}",
                    "name": variant,
                    "legendgroup": variant,
                    "showlegend": column == 0,
                    "customdata": [point_customdata("metric", key, a.meta.id) for a in articles],
                    "marker": {
                        "color": colours,
                        "opacity": _opacities(flags),
                        "pattern": {"shape": pattern, "fgcolor": "#000000", "size": 8},
                        "line": {"color": "#000000", "width": _outlines(flags, emphasis.active)},
                    },
                    "hovertemplate": (
                        f"%{{x}}<br>{plotly_text(variant)}: %{{y:.2f}}<extra></extra>"
                    ),
                }
            )
    figure = _figure(
        data,
        "The headline figures, article by article (click a bar)",
        460,
        barmode="group",
        annotations=titles,
        margin={"t": 120},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        **axes,
    )
    alt = "; ".join(
        f"{info.name}: "
        + ", ".join(
            f"{names[a.meta.id]} {_format(info.key, a.metrics.get(info.key))}" for a in articles
        )
        for info in metrics
    )
    return Chart(
        figure,
        "Bar charts of tone, loaded words, quote share and reading grade for each article",
        f"{alt}.",
    )


def _panel_title(info: MetricInfo, articles: Sequence[ArticleAnalysis]) -> str:
    values = [a.metrics.get(info.key) for a in articles]
    unit = "%" if info.key in PERCENT_METRICS else info.unit
    title = f"{info.name}<br><sup>{plotly_text(unit)}</sup>" if unit else info.name
    if within_noise(values, info.meaningful_difference):
        title += "<br><sup>≈ differences too small to mean much</sup>"
    return title


def _bar_rows_height(rows: Sequence[object], articles: Sequence[object]) -> int:
    """Return a horizontal bar chart's height: room for one readable bar per article and row."""
    return 170 + max(1, len(rows)) * (14 + 16 * max(1, len(articles)))


def _format(key: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    if key in PERCENT_METRICS:
        return f"{100 * value:.0f}%"
    return f"{value:.2f}"


def tone_strip_chart(
    articles: Sequence[ArticleAnalysis],
    names: Mapping[str, str],
    emphasis: Emphasis,
    tone_label_of: Mapping[str, Mapping[int, str]],
) -> Chart:
    """Return the tone strip: one row per article, one marker per sentence in reading order.

    Colour is the sentence's tone (vermillion negative, blue positive); the marker's shape says
    whose words it is: the outlet's own (circle), quotation (diamond) or both (square).
    """
    data: list[Spec] = []
    for voice, symbol in VOICE_SYMBOLS.items():
        xs, ys, tones, customdata, hover, flags = [], [], [], [], [], []
        for article in articles:
            article_id = article.meta.id
            body = [s for s in article.sentences if s.role in BODY_ROLES]
            for sentence in body:
                if sentence.voice != voice:
                    continue
                number = sentence.index + 1
                xs.append(number)
                ys.append(plotly_text(names[article_id]))
                tones.append(sentence.tone)
                customdata.append(point_customdata("sentence", sentence.index, article_id))
                flags.append(emphasis.shows("sentences", (article_id, sentence.index)))
                label = tone_label_of.get(article_id, {}).get(sentence.index, "")
                hover.append(
                    f"{plotly_text(names[article_id])}, sentence {number}<br>"
                    f"tone {sentence.tone:+.2f} ({plotly_text(label)})<br>"
                    f"{hover_safe(sentence.slice(article.text))}"
                )
        if not xs:
            continue
        data.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "mode": "markers",
                "name": VOICE_NAMES[voice],
                "customdata": customdata,
                "hovertext": hover,
                "hovertemplate": "%{hovertext}<extra></extra>",
                "hoverlabel": {"bgcolor": "#FFFFFF", "font": {"color": "#111111"}},
                "marker": {
                    "symbol": symbol,
                    "size": 17,
                    "color": tones,
                    "coloraxis": "coloraxis",
                    "opacity": _opacities(flags),
                    "line": {
                        "color": "#000000",
                        "width": [2.5 if f and emphasis.active else 0.8 for f in flags],
                    },
                },
            }
        )
    figure = _figure(
        data,
        "Tone of each sentence (click a marker)",
        140 + 70 * len(articles),
        coloraxis={
            "colorscale": TONE_COLOURSCALE,
            "cmin": -1,
            "cmax": 1,
            "colorbar": {"title": {"text": "tone"}, "thickness": 14, "len": 0.9},
        },
        xaxis={"title": {"text": "sentence number, in reading order"}, "zeroline": False},
        yaxis={"autorange": "reversed", "type": "category"},
    )
    counts = ", ".join(
        f"{names[a.meta.id]} {sum(1 for s in a.sentences if s.role in BODY_ROLES)} sentences"
        for a in articles
    )
    return Chart(
        figure,
        "Strip chart of the tone of every sentence, one row per article",
        "Negative in vermillion, positive in blue; circles are the outlet's own words, "
        f"diamonds quotation, squares both. {counts}.",
    )


def category_chart(
    articles: Sequence[ArticleAnalysis],
    names: Mapping[str, str],
    emphasis: Emphasis,
    category_names: Mapping[str, str],
) -> Chart:
    """Return loaded words per 100 words, per lexicon category, one bar per article.

    Bars carry no text labels: plotly drops clicks on bars drawn with outside text labels.
    """
    categories = list(category_names)
    labels = [plotly_text(category_names[c]) for c in categories]
    data: list[Spec] = []
    summary: list[str] = []
    for position, article in enumerate(articles):
        article_id = article.meta.id
        counts: dict[str, int] = defaultdict(int)
        for hit in article.loaded:
            counts[hit.category] += 1
        words = article.metrics.get("word_count") or 0
        values = []
        for c in categories:
            rate = article.metrics.get(f"loaded_per_100__{c}")
            values.append(rate if rate is not None else (100 * counts[c] / words if words else 0))
        flags = [emphasis.shows("categories", (article_id, c)) for c in categories]
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": labels,
                "x": values,
                "name": plotly_text(names[article_id]),
                "customdata": [point_customdata("category", c, None) for c in categories],
                "hovertext": [f"{counts[c]} loaded words" for c in categories],
                "marker": {
                    "color": article_colour(position),
                    "opacity": _opacities(flags),
                    "pattern": {"shape": article_pattern(position), "size": 8},
                    "line": {"color": "#000000", "width": _outlines(flags, emphasis.active)},
                },
                "hovertemplate": (
                    f"{plotly_text(names[article_id])}<br>%{{y}}: %{{hovertext}}, "
                    "%{x:.2f} per 100 words<extra></extra>"
                ),
            }
        )
        summary.append(
            f"{names[article_id]}: "
            + (
                ", ".join(f"{category_names[c]} {counts[c]}" for c in categories if counts[c])
                or "none"
            )
        )
    figure = _figure(
        data,
        "Loaded words by category (click a bar)",
        _bar_rows_height(categories, articles),
        barmode="group",
        xaxis={"title": {"text": "loaded words per 100 words"}},
        yaxis={"autorange": "reversed", "type": "category"},
    )
    return Chart(
        figure,
        "Bar chart of loaded words per 100 words, by category and article",
        "Loaded words: " + "; ".join(summary) + ".",
    )


def speaker_chart(
    articles: Sequence[ArticleAnalysis],
    names: Mapping[str, str],
    emphasis: Emphasis,
    max_speakers: int = 12,
) -> Chart:
    """Return who is quoted in which article and how many quoted words each speaker gets."""
    words: dict[str, dict[str, int]] = {a.meta.id: defaultdict(int) for a in articles}
    for article in articles:
        for quote in article.quotes:
            words[article.meta.id][quote.speaker or NO_SPEAKER] += len(quote.text.split())
    totals: dict[str, int] = defaultdict(int)
    for per_speaker in words.values():
        for speaker, count in per_speaker.items():
            totals[speaker] += count
    speakers = sorted(totals, key=lambda s: (-totals[s], s))[:max_speakers]
    data: list[Spec] = []
    for position, article in enumerate(articles):
        article_id = article.meta.id
        flags = [emphasis.shows("speakers", (article_id, s)) for s in speakers]
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": [plotly_text(s) for s in speakers],
                "x": [words[article_id].get(s, 0) for s in speakers],
                "name": plotly_text(names[article_id]),
                "customdata": [point_customdata("speaker", s, None) for s in speakers],
                "marker": {
                    "color": article_colour(position),
                    "opacity": _opacities(flags),
                    "pattern": {"shape": article_pattern(position), "size": 8},
                    "line": {"color": "#000000", "width": _outlines(flags, emphasis.active)},
                },
                "hovertemplate": (
                    f"{plotly_text(names[article_id])}<br>%{{y}}: %{{x}} quoted words"
                    "<extra></extra>"
                ),
            }
        )
    figure = _figure(
        data,
        "Who is quoted, and for how many words (click a bar)",
        _bar_rows_height(speakers, articles),
        barmode="group",
        xaxis={"title": {"text": "quoted words"}},
        yaxis={"autorange": "reversed", "type": "category"},
    )
    summary = "; ".join(
        f"{names[a.meta.id]}: "
        + (", ".join(f"{s} {n} words" for s, n in words[a.meta.id].items()) or "no quotations")
        for a in articles
    )
    return Chart(
        figure, "Bar chart of quoted words per speaker and article", f"Quoted words: {summary}."
    )


def grade_chart(
    articles: Sequence[ArticleAnalysis],
    names: Mapping[str, str],
    emphasis: Emphasis,
    hard_sentence_grade: float,
) -> Chart:
    """Return the reading grade of each sentence in reading order, one line per article."""
    data: list[Spec] = []
    for position, article in enumerate(articles):
        article_id = article.meta.id
        body = [s for s in article.sentences if s.role in BODY_ROLES]
        flags = [emphasis.shows("sentences", (article_id, s.index)) for s in body]
        data.append(
            {
                "type": "scatter",
                "x": [s.index + 1 for s in body],
                "y": [s.grade for s in body],
                "mode": "lines+markers",
                "name": plotly_text(names[article_id]),
                "customdata": [point_customdata("sentence", s.index, article_id) for s in body],
                "hovertext": [
                    f"{plotly_text(names[article_id])}, sentence {s.index + 1}: "
                    f"grade {s.grade:.1f}<br>{hover_safe(s.slice(article.text))}"
                    for s in body
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
                "line": {"color": article_colour(position), "width": 1.5},
                "marker": {
                    "symbol": article_symbol(position),
                    "size": 11,
                    "color": article_colour(position),
                    "opacity": _opacities(flags),
                    "line": {"color": "#000000", "width": _outlines(flags, emphasis.active)},
                },
            }
        )
    figure = _figure(
        data,
        "Reading grade of each sentence (click a marker)",
        380,
        xaxis={"title": {"text": "sentence number, in reading order"}},
        yaxis={"title": {"text": "US school grade"}},
        shapes=[
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": hard_sentence_grade,
                "y1": hard_sentence_grade,
                "line": {"dash": "dash", "color": "#555555"},
            }
        ],
        annotations=[
            {
                "text": f"hard (grade {hard_sentence_grade:g}+)",
                "xref": "paper",
                "x": 1,
                "xanchor": "right",
                "yref": "y",
                "y": hard_sentence_grade,
                "yanchor": "bottom",
                "showarrow": False,
            }
        ],
    )
    summary = "; ".join(
        f"{names[a.meta.id]}: "
        f"{sum(1 for s in a.sentences if s.role in BODY_ROLES and s.grade >= hard_sentence_grade)}"
        " hard sentences"
        for a in articles
    )
    return Chart(
        figure,
        "Line chart of the reading grade of every sentence, one line per article",
        f"{summary}.",
    )
