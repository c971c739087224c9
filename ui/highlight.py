"""Highlighted article text: character-offset marks rendered to HTML by one function.

Like displaCy, every highlight is a :class:`Mark` (a character range with classes and a hover
text) and :func:`marked_html` is the only place that turns marks into HTML. It escapes every
piece of article text and every hover text, and handles marks that nest or overlap by cutting
the text at every mark boundary and reopening the marks that cover each piece, so the HTML is
always well formed. Styles come from :mod:`ui.style`, through :func:`highlight_css`.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from analysis.model import ArticleAnalysis, Block
from ui.selection import NO_SPEAKER
from ui.style import (
    CATEGORY_STYLES,
    FALLBACK_STYLE,
    OKABE_ITO,
    QUOTE_COLOUR,
    category_display_name,
    category_style,
    readable_text_colour,
)

LAYER_SENTENCE = 0
LAYER_QUOTE = 1
LAYER_TONE_WORD = 2
LAYER_LOADED = 3
"""Nesting order, outermost first: a loaded word inside a quote inside a sentence."""

GREYED_ROLES: frozenset[str] = frozenset({"caption", "promo", "footer"})
"""Block roles shown greyed: not part of the article proper, excluded from every metric."""

EvidenceKey = tuple[str, int, int]
"""(evidence kind, start, end) of one flagged item in one article."""


@dataclass(frozen=True)
class Mark:
    """One highlight: a character range with its HTML tag, classes and hover text.

    Attributes:
        start: First character (offset into the article text).
        end: One past the last character.
        layer: Nesting order; lower layers enclose higher ones.
        tag: ``mark`` for flagged words and quotes, ``span`` for sentences.
        classes: CSS classes (plain identifiers, never article text).
        title: Plain-text hover text; escaped when rendered as ``data-tip``, which the
            stylesheet shows as a large tooltip (readable when projected, unlike ``title``).
        code: Short plain-text label shown after the mark (a category's letter), or empty.
    """

    start: int
    end: int
    layer: int
    tag: str = "mark"
    classes: tuple[str, ...] = ()
    title: str = ""
    code: str = ""


@dataclass(frozen=True)
class HighlightOptions:
    """Which kinds of highlight to draw."""

    loaded: bool = True
    quotes: bool = True
    hard_sentences: bool = False
    tone_words: bool = False
    hidden_categories: frozenset[str] = field(default_factory=frozenset)


def css_identifier(value: str) -> str:
    """Return ``value`` reduced to characters safe in a CSS class name."""
    return re.sub(r"[^a-z0-9_-]", "-", value.lower()) or "x"


PLAIN_TAGS: frozenset[str] = frozenset({"p", "div", "h1", "h2", "h3", "h4", "span"})


def plain_text_html(text: str, css_class: str, tag: str = "p") -> str:
    """Return data text (a title, an outlet, a speaker) as escaped HTML, never as Markdown.

    Streamlit's Markdown elements would interpret ``*``, ``:red[…]`` or links in article data;
    this keeps such text literal.

    Args:
        text: The text, shown exactly as written.
        css_class: The CSS class of the element (see :func:`highlight_css`).
        tag: The HTML element, one of :data:`PLAIN_TAGS`.
    """
    if tag not in PLAIN_TAGS:
        raise ValueError(f"unsupported tag {tag!r}")
    return f'<{tag} class="{css_identifier(css_class)}">{html.escape(text)}</{tag}>'


FOCUSABLE_TAGS: frozenset[str] = frozenset({"mark"})
"""Marks with a hover text that keyboard users can reach with Tab (the text shows on focus)."""


def _open_tag(mark: Mark, focusable: bool = False) -> str:
    """Return the opening tag of ``mark``; ``focusable`` adds it to the Tab order."""
    attributes = f' class="{html.escape(" ".join(mark.classes))}"' if mark.classes else ""
    if mark.title:
        attributes += f' data-tip="{html.escape(mark.title, quote=True)}"'
        if focusable and mark.tag in FOCUSABLE_TAGS:
            attributes += ' tabindex="0"'
    return f"<{mark.tag}{attributes}>"


def _escaped_text(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def _close_tag(mark: Mark, position: int) -> str:
    """Return the closing tag of ``mark``, preceded by its code when the mark ends here."""
    code = ""
    if mark.code and mark.end == position:
        code = f'<span class="code" aria-hidden="true">{html.escape(mark.code)}</span>'
    return f"{code}</{mark.tag}>"


def _marked_fragment(text: str, start: int, end: int, marks: Sequence[Mark]) -> str:
    """Return ``text[start:end]`` escaped, with the marks that overlap it wrapped around it.

    The text is cut at every mark edge. Marks stay open across cuts while they still cover the
    text, outer layers outside; when an outer mark ends inside an inner one, the inner one is
    closed and reopened around the rest, so the tags always nest.
    """
    inside = [m for m in marks if m.start < end and m.end > start and m.end > m.start]
    cuts = {start, end}
    for mark in inside:
        cuts.add(max(mark.start, start))
        cuts.add(min(mark.end, end))
    bounds = sorted(cuts)
    pieces: list[str] = []
    open_marks: list[Mark] = []
    for piece_start, piece_end in zip(bounds, bounds[1:], strict=False):
        covering = sorted(
            (m for m in inside if m.start <= piece_start and piece_end <= m.end),
            key=lambda m: (m.layer, m.start, -m.end),
        )
        kept = 0
        while kept < min(len(open_marks), len(covering)) and open_marks[kept] is covering[kept]:
            kept += 1
        pieces.extend(_close_tag(m, piece_start) for m in reversed(open_marks[kept:]))
        # Only the piece where a mark starts joins the Tab order: one stop per highlight.
        pieces.extend(_open_tag(m, m.start == piece_start) for m in covering[kept:])
        open_marks = covering
        pieces.append(_escaped_text(text[piece_start:piece_end]))
    pieces.extend(_close_tag(m, end) for m in reversed(open_marks))
    return "".join(pieces)


def marked_html(
    text: str,
    marks: Sequence[Mark],
    blocks: Sequence[Block] = (),
    container_classes: Sequence[str] = (),
    label: str = "",
) -> str:
    """Return the text as HTML paragraphs with every mark wrapped around the text it covers.

    This is the only function that turns article text into HTML. Every piece of text and every
    hover text is escaped; marks that overlap are cut at each other's edges so the tags nest.

    Args:
        text: The article text all offsets index into.
        marks: The highlights, in any order; they may nest, overlap or cross blocks.
        blocks: The text's lines and paragraphs with their roles; the whole text is one body
            block when empty.
        container_classes: Extra CSS classes of the enclosing ``div``.
        label: When given, the text becomes a named region that keyboard users can focus (and
            then scroll with the arrow keys, even when it has no marks to Tab to).
    """
    if not blocks:
        blocks = [Block(start=0, end=len(text), role="body")]
    paragraphs: list[str] = []
    for block in sorted(blocks, key=lambda b: b.start):
        role = css_identifier(block.role)
        tag = f'<span class="role-tag">{role}</span> ' if block.role in GREYED_ROLES else ""
        body = _marked_fragment(text, block.start, block.end, marks)
        paragraphs.append(f'<p class="blk role-{role}">{tag}{body}</p>')
    classes = " ".join(["cl-text", *(css_identifier(c) for c in container_classes)])
    region = ""
    if label:
        region = f' role="region" aria-label="{html.escape(label, quote=True)}" tabindex="0"'
    return f'<div class="{classes}"{region}>{"".join(paragraphs)}</div>'


def _tone_word_list(article: ArticleAnalysis, sentence_index: int) -> str:
    for sentence in article.sentences:
        if sentence.index == sentence_index:
            drivers = sorted(sentence.drivers, key=lambda d: -abs(d.weight))[:5]
            return ", ".join(f"{d.slice(article.text)} ({d.weight:+.1f})" for d in drivers)
    return ""


def sentence_title(
    article: ArticleAnalysis, sentence_index: int, tone_label: str, hard_sentence_grade: float
) -> str:
    """Return the hover text of one sentence: its tone, the words that drove it, its grade."""
    sentence = next(s for s in article.sentences if s.index == sentence_index)
    parts = [f"Sentence {sentence.index + 1}: tone {sentence.tone:+.2f} ({tone_label})"]
    if sentence.tone_narration is not None and sentence.tone_quoted is not None:
        parts.append(
            f"outlet's words {sentence.tone_narration:+.2f}, "
            f"quoted words {sentence.tone_quoted:+.2f}"
        )
    drivers = _tone_word_list(article, sentence_index)
    parts.append(f"driven by: {drivers}" if drivers else "no tone words")
    hard = " (hard)" if sentence.grade >= hard_sentence_grade else ""
    parts.append(f"reading grade {sentence.grade:.1f}{hard}")
    return "\n".join(parts)


def article_marks(
    article: ArticleAnalysis,
    options: HighlightOptions,
    *,
    tone_label_of: Mapping[int, str],
    hard_sentence_grade: float,
    category_names: Mapping[str, str],
    selected_items: Collection[EvidenceKey] = (),
    selected_sentences: Collection[int] = (),
) -> list[Mark]:
    """Return the marks of one article: sentences, quotes, tone words and loaded words.

    Args:
        article: The analysed article.
        options: Which highlights to draw.
        tone_label_of: Plain-language tone label per sentence index.
        hard_sentence_grade: Sentences at or above this grade count as hard.
        category_names: Display name per lexicon category id.
        selected_items: Evidence in this article that the current selection stands for.
        selected_sentences: Sentence indexes to emphasise.
    """
    selected = set(selected_items)
    marks: list[Mark] = []
    for sentence in article.sentences:
        classes = ["sent"]
        if options.hard_sentences and sentence.grade >= hard_sentence_grade:
            classes.append("hard")
        if (
            sentence.index in selected_sentences
            or ("hard_sentence", sentence.start, sentence.end) in selected
        ):
            classes.append("sel")
        label = tone_label_of.get(sentence.index, "")
        marks.append(
            Mark(
                start=sentence.start,
                end=sentence.end,
                layer=LAYER_SENTENCE,
                tag="span",
                classes=tuple(classes),
                title=sentence_title(article, sentence.index, label, hard_sentence_grade),
            )
        )
        if options.tone_words:
            for driver in sentence.drivers:
                sign = "neg" if driver.weight < 0 else "pos"
                direction = "negative" if driver.weight < 0 else "positive"
                key = ("tone_word", driver.start, driver.end)
                marks.append(
                    Mark(
                        start=driver.start,
                        end=driver.end,
                        layer=LAYER_TONE_WORD,
                        classes=("tw", sign, *(("sel",) if key in selected else ())),
                        title=(
                            f"Tone word “{driver.slice(article.text)}”: pulls the sentence "
                            f"{direction} ({driver.weight:+.1f})"
                        ),
                        code="−" if driver.weight < 0 else "+",
                    )
                )
    if options.quotes:
        for quote in article.quotes:
            speaker = quote.speaker or NO_SPEAKER
            details = [f"Quotation from {speaker}"]
            if quote.verb:
                details.append(f"attributed with “{quote.verb}”")
            if quote.partial:
                details.append("a partial quote inside the outlet's own sentence")
            key = ("quote", quote.start, quote.end)
            marks.append(
                Mark(
                    start=quote.start,
                    end=quote.end,
                    layer=LAYER_QUOTE,
                    classes=("q", *(("sel",) if key in selected else ())),
                    title="\n".join(details),
                )
            )
    if options.loaded:
        for hit in article.loaded:
            if hit.category in options.hidden_categories:
                continue
            style = category_style(hit.category)
            name = category_display_name(hit.category, category_names)
            lines = [f"{name}: “{hit.text or hit.slice(article.text)}”"]
            if hit.reason:
                lines.append(hit.reason)
            if hit.alternative:
                lines.append(f"Neutral alternative: {hit.alternative}")
            if hit.voice == "quote":
                lines.append("(inside a quotation: the speaker's word, not the outlet's)")
            key = ("loaded", hit.start, hit.end)
            marks.append(
                Mark(
                    start=hit.start,
                    end=hit.end,
                    layer=LAYER_LOADED,
                    classes=(
                        "ld",
                        f"cat-{css_identifier(hit.category)}",
                        *(("sel",) if key in selected else ()),
                    ),
                    title="\n".join(lines),
                    code=style.code,
                )
            )
    return marks


def category_counts(article: ArticleAnalysis) -> Counter[str]:
    """Return how many loaded words of each category the article has."""
    return Counter(hit.category for hit in article.loaded)


def legend_html(
    counts_by_article: Mapping[str, Counter[str]],
    category_names: Mapping[str, str],
    options: HighlightOptions,
    quote_counts: Mapping[str, int] | None = None,
    hard_sentence_grade: float | None = None,
) -> str:
    """Return the legend: one row per highlight kind with its sample, code and count per article.

    Args:
        counts_by_article: Loaded-word counts per category, per article display name.
        category_names: Display name per category id, in the order to list them.
        options: Which highlights are drawn (the legend lists only those).
        quote_counts: Number of quotations per article display name.
        hard_sentence_grade: The grade from which a sentence counts as hard, for its label.
    """
    articles = list(counts_by_article)
    header = "".join(f"<th>{html.escape(name)}</th>" for name in articles)
    rows: list[str] = []

    def row(sample: str, label: str, counts: Sequence[int | str]) -> None:
        cells = "".join(f"<td>{html.escape(str(c))}</td>" for c in counts)
        rows.append(f"<tr><td>{sample}</td><td>{html.escape(label)}</td>{cells}</tr>")

    if options.loaded:
        for category_id, name in category_names.items():
            if category_id in options.hidden_categories:
                continue
            code = html.escape(category_style(category_id).code)
            sample = (
                f'<mark class="ld cat-{css_identifier(category_id)}">word'
                f'<span class="code">{code}</span></mark>'
            )
            row(sample, name, [counts_by_article[a].get(category_id, 0) for a in articles])
    if options.quotes:
        counts = [(quote_counts or {}).get(a, "") for a in articles]
        row('<mark class="q">“quoted”</mark>', "Quotation (hover: speaker)", counts)
    if options.tone_words:
        row(
            '<mark class="tw neg">word<span class="code">−</span></mark> '
            '<mark class="tw pos">word<span class="code">+</span></mark>',
            "Tone word (negative / positive)",
            ["" for _ in articles],
        )
    if options.hard_sentences:
        hard = "Hard sentence"
        if hard_sentence_grade is not None:
            hard += f" (grade {hard_sentence_grade:g} or more)"
        row('<span class="sent hard">sentence</span>', hard, ["" for _ in articles])
    row('<span class="role-tag">caption</span>', "Not the article (greyed)", ["" for _ in articles])
    return (
        '<table class="cl-legend"><thead><tr><th></th><th>Highlight</th>'
        f"{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def highlight_css() -> str:
    """Return the stylesheet of the highlighted text and the legend, built from :mod:`ui.style`."""
    rules = [
        ".cl-text{font-size:1.15rem;line-height:1.85;color:#111;}",
        ".cl-text p.blk{margin:0 0 0.9em 0;}",
        ".cl-text p.role-headline{font-size:1.45rem;font-weight:700;line-height:1.35;}",
        ".cl-text p.role-subheadline{font-size:1.2rem;font-weight:600;color:#333;}",
        ".cl-text p.role-crosshead{font-weight:700;}",
        ".cl-text p.role-caption,.cl-text p.role-promo,.cl-text p.role-footer"
        "{color:#6b6b6b;font-style:italic;font-size:1rem;border-left:4px solid #ccc;"
        "padding-left:.6em;}",
        ".role-tag{font-style:normal;font-size:.75rem;text-transform:uppercase;"
        "letter-spacing:.05em;border:1px solid #999;border-radius:3px;padding:0 .3em;"
        "color:#555;background:#f4f4f4;}",
        "mark{background:none;color:inherit;padding:0;}",
        "span.code{font-size:.62em;font-weight:700;vertical-align:super;margin-left:1px;"
        "padding:0 2px;border-radius:2px;color:#fff;}",
        f"mark.q{{background:{QUOTE_COLOUR};border-radius:3px;}}",
        "span.sent.hard{background-image:repeating-linear-gradient(135deg,transparent 0 6px,"
        "rgba(230,159,0,.22) 6px 9px);}",
        "span.sent.sel{background-color:rgba(240,228,66,.45);"
        "box-shadow:0 0 0 2px rgba(240,228,66,.45);}",
        "mark.ld{text-decoration-line:underline;text-decoration-thickness:3px;"
        "text-underline-offset:4px;text-decoration-skip-ink:none;}",
        f"mark.tw{{font-weight:600;border-bottom:2px dotted {OKABE_ITO['black']};}}",
        "mark.tw.neg{color:#A63F00;}",
        f"mark.tw.neg span.code{{background:{OKABE_ITO['vermillion']};}}",
        f"mark.tw.pos{{color:#005A8C;}} mark.tw.pos span.code{{background:{OKABE_ITO['blue']};}}",
        # Outside the selection, marks fade to grey (not opacity: that would fade tooltips too).
        ".cl-text.has-sel mark:not(.sel){text-decoration-color:#c4c4c4 !important;"
        "background-color:transparent;color:#555;}",
        ".cl-text.has-sel mark:not(.sel) > span.code{background:#c4c4c4 !important;"
        "color:#333 !important;}",
        "mark.sel{outline:3px solid #000;outline-offset:1px;border-radius:2px;color:#111;}",
        # The explanation of the innermost hovered mark, after a short delay, in a fixed panel
        # at the bottom right: never clipped by the scrolling text box, large when projected.
        # A mark reached with Tab (or tapped) shows its explanation the same way.
        ".cl-text [data-tip]:hover:not(:has([data-tip]:hover))::after,"
        ".cl-text mark[data-tip]:focus::after{content:attr(data-tip);"
        "position:fixed;right:24px;bottom:24px;z-index:100000;max-width:min(34em,60vw);"
        "white-space:pre-line;background:#1b1b1b;color:#fff;text-decoration:none;"
        "font-size:1.1rem;line-height:1.45;font-weight:500;font-style:normal;"
        "padding:.6em .85em;border-radius:8px;box-shadow:0 4px 14px rgba(0,0,0,.4);"
        "pointer-events:none;animation:cl-tip .12s ease-out .25s both;}",
        "@keyframes cl-tip{from{opacity:0}to{opacity:1}}",
        # While a mark has the focus, hovering elsewhere does not cover its explanation.
        ".cl-text:has(mark:focus) [data-tip]:hover:not(:focus)::after{content:none;}",
        ".cl-text mark[tabindex]:focus{outline:3px solid #000;outline-offset:2px;"
        "box-shadow:0 0 0 5px #fff;border-radius:2px;}",
        ".cl-text mark[tabindex]:focus:not(:focus-visible){outline-style:dashed;}",
        ".cl-text[tabindex]:focus-visible{outline:3px solid #0072B2;outline-offset:4px;}",
        ".cl-legend{border-collapse:collapse;font-size:1rem;margin:.3em 0 1em 0;}",
        ".cl-legend th,.cl-legend td{padding:.2em .7em;border-bottom:1px solid #ddd;"
        "text-align:left;}",
        ".cl-legend td:nth-child(n+3){text-align:right;font-variant-numeric:tabular-nums;}",
        ".cl-legend mark,.cl-legend span.sent{font-size:1.1rem;}",
        "h1.cl-title{font-size:2.6rem;font-weight:700;line-height:1.2;margin:0 0 .3em 0;"
        "padding:0;}",
        "p.cl-caption{font-size:1rem;color:#4a4a4a;margin:0 0 .4em 0;}",
        "h4.cl-article{font-size:1.5rem;font-weight:700;margin:.2em 0 0 0;padding:0;}",
        "div.cl-banner{font-size:1.15rem;background:#E3F0F8;border-left:6px solid #0072B2;"
        "padding:.55em .8em;border-radius:4px;color:#111;}",
        "p.cl-match{font-size:1.05rem;font-weight:700;color:#111;margin:0 0 .4em 0;}",
        "div.cl-banner-idle{font-size:1.1rem;color:#333;padding:.55em 0;}",
        "div.cl-warning{font-size:1.05rem;background:#FFF4D6;border-left:6px solid #E69F00;"
        "padding:.5em .8em;border-radius:4px;color:#111;}",
    ]
    # Categories without a style of their own (a teacher's): the fallback's colour and letter box.
    rules.append(
        f"mark.ld{{text-decoration-color:{FALLBACK_STYLE.colour};"
        f"text-decoration-style:{FALLBACK_STYLE.underline};}}"
        f"mark.ld span.code{{background:{FALLBACK_STYLE.colour};"
        f"color:{readable_text_colour(FALLBACK_STYLE.colour)};}}"
    )
    for category_id, style in [*CATEGORY_STYLES.items(), ("unknown", FALLBACK_STYLE)]:
        cls = f"cat-{css_identifier(category_id)}"
        rules.append(
            f"mark.{cls}{{text-decoration-color:{style.colour};"
            f"text-decoration-style:{style.underline};}}"
            f"mark.{cls} span.code{{background:{style.colour};"
            f"color:{readable_text_colour(style.colour)};}}"
        )
    return "<style>" + "\n".join(rules) + "</style>"
