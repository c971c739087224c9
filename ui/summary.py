"""Summary cards: per article, the headline figures with plain-language labels and caveats."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

from analysis.metrics import METRICS, MIN_WORDS_FOR_FIGURES, MetricInfo
from analysis.model import ArticleAnalysis
from ui.figures import PERCENT_METRICS

LOADED_FEW_BELOW = 1.0
LOADED_MANY_FROM = 3.0
"""Loaded words per 100: below 1 reads as "few", from 3 as "many" (see the methods page)."""
QUOTES_FEW_BELOW = 0.10
QUOTES_MANY_FROM = 0.35
"""Quote share: below 10 % "mostly the outlet's own words", from 35 % "quote-heavy"."""
GRADE_EASY_BELOW = 9.0
GRADE_HARD_FROM = 13.0
"""Reading grade: below 9 "easy", from 13 "university level"."""


def metric_label(key: str, value: float | None, tone_label: Callable[[float], str]) -> str:
    """Return a plain-language reading of a headline metric's value.

    Args:
        key: A metric key from :data:`analysis.metrics.METRICS` (or its narration key).
        value: The value, or None when it could not be computed.
        tone_label: Maps a tone score to "negative", "neutral" or "positive".
    """
    if value is None:
        return "not enough text"
    if key.startswith("tone"):
        return f"{tone_label(value)} on average"
    if key.startswith("loaded_per_100"):
        if value < LOADED_FEW_BELOW:
            return "few loaded words"
        return "some loaded words" if value < LOADED_MANY_FROM else "many loaded words"
    if key.startswith("quote_share"):
        if value < QUOTES_FEW_BELOW:
            return "mostly the outlet's own words"
        return "a mix of own words and quotes" if value < QUOTES_MANY_FROM else "quote-heavy"
    if key.startswith("flesch_kincaid_grade"):
        if value < GRADE_EASY_BELOW:
            return "easy to read"
        return "high-school level" if value < GRADE_HARD_FROM else "university level"
    return ""


def formatted_value(key: str, value: float | None) -> str:
    """Return a metric value as text: shares as percentages, tone signed, others to one decimal."""
    if value is None:
        return "–"
    if key in PERCENT_METRICS:
        return f"{100 * value:.0f}%"
    if key.startswith("tone"):
        return f"{value:+.2f}".replace("-", "−")
    return f"{value:.1f}"


def noise_note(
    info: MetricInfo, article: ArticleAnalysis, others: Sequence[ArticleAnalysis]
) -> str:
    """Return a note when this article's value is within noise of every other article's, else ''."""
    value = article.metrics.get(info.key)
    other_values = [o.metrics.get(info.key) for o in others]
    known = [v for v in other_values if v is not None]
    if value is None or not known:
        return ""
    if all(abs(value - v) < info.meaningful_difference for v in known):
        return "≈ the same as the other articles: a difference this small means little"
    return ""


def short_text_warning(article: ArticleAnalysis) -> str:
    """Return a warning when the article is too short for its figures to mean much, else ''."""
    words = article.metrics.get("word_count") or 0
    if words < MIN_WORDS_FOR_FIGURES:
        return (
            f"Only {words:.0f} words of body text (fewer than {MIN_WORDS_FOR_FIGURES}): "
            "treat every figure as a rough hint."
        )
    return ""


def summary_card_html(
    article: ArticleAnalysis,
    others: Sequence[ArticleAnalysis],
    name: str,
    colour: str,
    tone_label: Callable[[float], str],
    metrics: Sequence[MetricInfo] = METRICS,
) -> str:
    """Return one article's summary card as HTML (every piece of text escaped).

    Args:
        article: The article.
        others: The other compared articles, for the "too small to mean much" notes.
        name: The article's display name.
        colour: The article's colour in the charts (a ``#RRGGBB`` string).
        tone_label: Maps a tone score to "negative", "neutral" or "positive".
        metrics: The metrics to show.
    """
    meta = article.meta
    esc = html.escape
    headline = meta.headline or "(no headline in the received copy)"
    facts = [meta.kind or "kind not recorded", meta.date or "date not recorded"]
    words = article.metrics.get("word_count")
    quoted = article.metrics.get("word_count_quoted")
    if words is not None:
        word_text = f"{words:.0f} words"
        if quoted is not None:
            word_text += f" ({quoted:.0f} quoted)"
        facts.append(word_text)
    rows: list[str] = []
    for info in metrics:
        value = article.metrics.get(info.key)
        narration = article.metrics.get(info.narration_key) if info.narration_key else None
        own = (
            f'<div class="own">outlet\'s own words: <b>{esc(formatted_value(info.key, narration))}'
            f"</b> · {esc(metric_label(info.narration_key or '', narration, tone_label))}</div>"
            if info.narration_key
            else ""
        )
        note = noise_note(info, article, others)
        rows.append(
            '<div class="metric">'
            f'<div class="mname">{esc(info.name)}</div>'
            f'<div class="mvalue">{esc(formatted_value(info.key, value))}'
            f' <span class="mlabel">{esc(metric_label(info.key, value, tone_label))}</span></div>'
            f"{own}"
            f'<div class="explain">{esc(info.explanation)}</div>'
            + (f'<div class="noise">{esc(note)}</div>' if note else "")
            + "</div>"
        )
    warnings = list(article.warnings) or [w for w in [short_text_warning(article)] if w]
    warning_html = "".join(f"<li>{esc(w)}</li>" for w in warnings)
    return (
        f'<div class="cl-card" style="border-top-color:{esc(colour)}">'
        f'<div class="outlet">{esc(name)}</div>'
        f'<div class="headline">{esc(headline)}</div>'
        f'<div class="facts">{" · ".join(esc(f) for f in facts)}</div>'
        f"{''.join(rows)}"
        + (f'<ul class="warn">{warning_html}</ul>' if warning_html else "")
        + "</div>"
    )


SUMMARY_CSS = (
    "<style>"
    ".cl-card{border:1px solid #ccc;border-top:8px solid #0072B2;border-radius:6px;"
    "padding:.7em 1em;font-size:1.05rem;line-height:1.4;color:#111;background:#fff;}"
    ".cl-card .outlet{font-size:1.3rem;font-weight:700;}"
    ".cl-card .headline{font-size:1.05rem;font-style:italic;margin:.2em 0;}"
    ".cl-card .facts{color:#444;font-size:.95rem;margin-bottom:.4em;}"
    ".cl-card .metric{border-top:1px solid #e3e3e3;padding:.45em 0;}"
    ".cl-card .mname{font-weight:700;font-size:.95rem;text-transform:uppercase;"
    "letter-spacing:.03em;color:#333;}"
    ".cl-card .mvalue{font-size:1.6rem;font-weight:700;font-variant-numeric:tabular-nums;}"
    ".cl-card .mlabel{font-size:1.05rem;font-weight:500;}"
    ".cl-card .own{font-size:1rem;}"
    ".cl-card .explain{font-size:.9rem;color:#444;}"
    ".cl-card .noise{font-size:.9rem;color:#6a4a00;background:#fff4d6;padding:.1em .4em;"
    "border-radius:3px;margin-top:.2em;display:inline-block;}"
    ".cl-card ul.warn{margin:.5em 0 0 1.1em;padding:0;color:#8a3b00;font-size:.95rem;}"
    "</style>"
)


def article_display_names(articles: Sequence[ArticleAnalysis]) -> dict[str, str]:
    """Return a short unique display name per article id: the outlet, with its kind when shared."""
    short = {a.meta.id: (a.meta.outlet or a.meta.id).split(" (")[0] for a in articles}
    values = list(short.values())
    names = {
        article_id: name if values.count(name) == 1 else f"{name} ({article_id})"
        for article_id, name in short.items()
    }
    return names


def names_by_key(items: Mapping[str, MetricInfo]) -> dict[str, str]:
    """Return the display name of every metric key, narration keys included."""
    names: dict[str, str] = {}
    for info in items.values():
        names[info.key] = info.name
        if info.narration_key:
            names[info.narration_key] = f"{info.name} (outlet's own words)"
    return names
