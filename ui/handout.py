"""The printable handout: one self-contained HTML file for A4 or US Letter paper.

:func:`handout_html` returns a complete HTML document with its styles inline and no external
resource (no fonts, images, scripts or links to fetch), so it opens offline and prints the same
anywhere. It holds the articles side by side with the tool's highlights, a legend that tells the
marks apart by underline style and a letter as well as by colour (many school printers are black
and white), the table of figures, the discussion questions with ruled space for answers, and
page numbers. With ``blind=True`` it is the worksheet for reading blind: outlet names hidden, no
highlights or figures, and the prediction questions instead.

Layout for both paper sizes: the page margins are set in ``@page`` rules and the page size is
left to the print dialog (``size: auto``), or fixed with ``paper="A4"`` or ``paper="Letter"``.
Text columns are fluid, so the same file fits A4 (210 × 297 mm) and Letter (216 × 279 mm).
Every piece of article text, name and question is escaped with :func:`html.escape`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from analysis.metrics import METRICS, MetricInfo
from analysis.model import ArticleAnalysis, Block
from ui.highlight import LAYER_LOADED, LAYER_QUOTE, HighlightOptions, article_marks, marked_html
from ui.lesson_model import (
    GUESS_QUESTIONS,
    PLACEHOLDER,
    SHOWN_ROLES,
    blind_article,
    blind_labels,
    hidden_marks,
)
from ui.lesson_questions import DiscussionQuestion
from ui.style import CATEGORY_STYLES, FALLBACK_STYLE, QUOTE_COLOUR, category_style
from ui.summary import formatted_value

PAPER_SIZES: dict[str | None, str] = {None: "auto", "A4": "A4", "Letter": "letter"}
"""``paper`` argument → CSS ``@page`` size."""
ANSWER_LINES = 4
"""Ruled lines left for each answer."""
BLIND_ANSWER_LINES = 3

_ESC = html.escape


def _h(text: str) -> str:
    return _ESC(text, quote=True)


def _category_css() -> str:
    # Categories without a style of their own (a teacher's) get the fallback's colour first.
    rules: list[str] = [
        f"mark.ld{{text-decoration-color:{FALLBACK_STYLE.colour};}}"
        f"mark.ld .code{{border-color:{FALLBACK_STYLE.colour};}}"
    ]
    for category_id, style in [*CATEGORY_STYLES.items(), ("unknown", FALLBACK_STYLE)]:
        rules.append(
            f"mark.cat-{category_id}{{text-decoration-color:{style.colour};"
            f"text-decoration-style:{style.underline};}}"
            f"mark.cat-{category_id} .code{{border-color:{style.colour};}}"
        )
    return "".join(rules)


def handout_css(paper: str | None = None) -> str:
    """Return the handout's stylesheet: screen preview, print layout and ``@page`` rules."""
    size = PAPER_SIZES.get(paper, "auto")
    return (
        f"@page{{size:{size};margin:13mm 12mm 15mm 12mm;"
        "@bottom-center{content:'Page ' counter(page) ' of ' counter(pages);"
        "font:8pt 'DejaVu Sans',Arial,sans-serif;color:#333;}}"
        "html{-webkit-print-color-adjust:exact;print-color-adjust:exact;}"
        "body{font:10pt/1.45 'DejaVu Sans',Arial,Helvetica,sans-serif;color:#000;margin:0;"
        "background:#fff;}"
        "main{max-width:186mm;margin:0 auto;padding:0;}"
        "@media screen{body{background:#eee;}main{background:#fff;padding:12mm;margin:8mm auto;"
        "box-shadow:0 1px 6px rgba(0,0,0,.3);}}"
        "@media print{.screen-only{display:none;}}"
        ".screen-only{background:#E3F0F8;border-left:5px solid #005A8C;padding:.4em .7em;"
        "margin-bottom:1em;}"
        "h1{font-size:17pt;margin:0 0 1mm 0;line-height:1.2;}"
        "h2{font-size:12.5pt;margin:6mm 0 2mm 0;border-bottom:1.5pt solid #000;"
        "padding-bottom:1mm;break-after:avoid;}"
        "h3{font-size:11pt;margin:0 0 1mm 0;}"
        ".sub{margin:0 0 2mm 0;color:#222;}"
        ".who{display:flex;gap:6mm;margin:3mm 0;font-size:10pt;}"
        ".who span{flex:1;border-bottom:.8pt solid #000;padding-top:5mm;}"
        "table{border-collapse:collapse;width:100%;margin:1mm 0 2mm 0;font-size:9.5pt;}"
        "th,td{border:.6pt solid #555;padding:1mm 1.8mm;text-align:left;vertical-align:top;}"
        "th{background:#eee;}"
        "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;}"
        "tr{break-inside:avoid;}"
        ".legend td:first-child{white-space:nowrap;}"
        ".texts{display:grid;gap:5mm;align-items:start;}"
        ".texts.n2{grid-template-columns:1fr 1fr;}.texts.n3{grid-template-columns:1fr 1fr 1fr;}"
        ".texts.n1{grid-template-columns:1fr;}"
        ".col{min-width:0;}"
        ".texts.blind .cl-text{line-height:1.75;}"
        ".facts{font-size:8.5pt;color:#222;margin:0 0 1.5mm 0;}"
        ".cl-text{font-family:'DejaVu Serif',Georgia,'Times New Roman',serif;font-size:9.5pt;"
        "line-height:1.5;hyphens:auto;overflow-wrap:break-word;}"
        ".cl-text p{margin:0 0 1.6mm 0;orphans:2;widows:2;}"
        ".cl-text p.role-headline{font-family:'DejaVu Sans',Arial,sans-serif;font-weight:700;"
        "font-size:10.5pt;line-height:1.3;}"
        ".cl-text p.role-subheadline{font-style:italic;}"
        ".cl-text p.role-crosshead{font-weight:700;}"
        "mark{background:none;color:inherit;padding:0;}"
        "mark.ld{text-decoration-line:underline;text-decoration-thickness:1.6pt;"
        "text-underline-offset:2pt;text-decoration-skip-ink:none;}"
        ".code{font-family:'DejaVu Sans',Arial,sans-serif;font-size:6.5pt;font-weight:700;"
        "vertical-align:super;line-height:0;border:.8pt solid #000;border-radius:1.5pt;"
        "padding:0 .6pt;margin-left:.6pt;background:#fff;color:#000;}"
        f"mark.q{{background:{QUOTE_COLOUR};border-bottom:.8pt solid #000;}}"
        "span.redacted{background:#ddd;border:.6pt solid #777;padding:0 1pt;font-size:.9em;}"
        + _category_css()
        + "ol.questions{padding-left:6mm;margin:0;}"
        "ol.questions>li{break-inside:avoid;margin:0 0 4mm 0;}"
        ".finding{margin:0 0 1mm 0;}"
        ".question{margin:0 0 1mm 0;font-weight:700;}"
        "blockquote{margin:1mm 0 1mm 3mm;padding:0 0 0 2.5mm;border-left:2pt solid #777;"
        "font-family:'DejaVu Serif',Georgia,serif;font-size:9pt;}"
        "blockquote cite{font-style:normal;font-family:'DejaVu Sans',Arial,sans-serif;"
        "font-size:8pt;display:block;color:#222;}"
        ".lines{margin-top:1mm;}"
        ".lines div{border-bottom:.6pt solid #777;height:7.5mm;}"
        ".choices{margin:1mm 0 0 0;}"
        ".choices>span{display:inline-block;margin-right:7mm;white-space:nowrap;}"
        ".box{display:inline-block;width:3.2mm;height:3.2mm;border:.8pt solid #000;"
        "vertical-align:-0.4mm;margin-right:1.5mm;}"
        ".note{font-size:8.5pt;color:#222;}"
        "footer{margin-top:5mm;font-size:8pt;color:#222;border-top:.6pt solid #777;"
        "padding-top:1.5mm;}"
    )


def _shown_blocks(article: ArticleAnalysis) -> list[Block]:
    blocks = article.blocks or [Block(start=0, end=len(article.text), role="body")]
    return [b for b in blocks if b.role in SHOWN_ROLES]


def legend_html(category_names: Mapping[str, str], used: set[str]) -> str:
    """Return the legend table: each mark's sample, its letter, its name and its description."""
    rows: list[str] = []
    for category_id, name in category_names.items():
        if category_id not in used:
            continue
        style = category_style(category_id)
        sample = (
            f'<mark class="ld cat-{_h(category_id)}">word<span class="code">{_h(style.code)}'
            "</span></mark>"
        )
        rows.append(
            f"<tr><td>{sample}</td><td>{_h(name)}</td><td>{_h(style.underline)} underline, "
            f"letter {_h(style.code)}</td></tr>"
        )
    rows.append(
        '<tr><td><mark class="q">“quoted”</mark></td><td>Direct quotation</td>'
        "<td>tinted, underlined: the speaker's words, not the outlet's</td></tr>"
    )
    return (
        '<table class="legend"><thead><tr><th>Mark</th><th>What the tool found</th>'
        f"<th>How to tell it apart</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _metric_rows(
    articles: Sequence[ArticleAnalysis], names: Mapping[str, str], metrics: Sequence[MetricInfo]
) -> list[str]:
    rows: list[str] = []
    for info in metrics:
        keys = [(info.key, info.name)]
        if info.narration_key:
            keys.append((info.narration_key, f"{info.name}, outlet's own words only"))
        for key, label in keys:
            values = [a.metrics.get(key) for a in articles]
            cells = "".join(f'<td class="num">{_h(formatted_value(key, v))}</td>' for v in values)
            known = [(v, a) for v, a in zip(values, articles, strict=True) if v is not None]
            reading = "–"
            if len(known) >= 2:
                high = max(known, key=lambda item: item[0])
                low = min(known, key=lambda item: item[0])
                if high[0] - low[0] < info.meaningful_difference:
                    reading = "about the same"
                elif key.startswith("tone"):
                    reading = f"more negative: {names.get(low[1].meta.id, low[1].meta.id)}"
                else:
                    reading = f"highest: {names.get(high[1].meta.id, high[1].meta.id)}"
            gap = formatted_value(info.key, info.meaningful_difference).lstrip("+")
            rows.append(
                f"<tr><td>{_h(label)}</td>{cells}<td class='num'>{_h(gap)}</td>"
                f"<td>{_h(reading)}</td></tr>"
            )
    return rows


def metrics_table_html(
    articles: Sequence[ArticleAnalysis],
    names: Mapping[str, str],
    metrics: Sequence[MetricInfo] = METRICS,
) -> str:
    """Return the table of figures: one row per measure, one column per article."""
    header = "".join(f"<th>{_h(names.get(a.meta.id, a.meta.id))}</th>" for a in articles)
    rows = _metric_rows(articles, names, metrics)
    return (
        f"<table class='metrics'><thead><tr><th>Measure</th>{header}"
        "<th>Smallest gap that means something</th><th>Reading</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _article_column(
    article: ArticleAnalysis,
    heading: str,
    facts: str,
    category_names: Mapping[str, str],
    blind: bool,
) -> str:
    if blind:
        view = blind_article(article)
        body = marked_html(view.text, hidden_marks(view.hidden), view.blocks)
    else:
        marks = [
            m
            for m in article_marks(
                article,
                HighlightOptions(loaded=True, quotes=True),
                tone_label_of={},
                hard_sentence_grade=99.0,
                category_names=category_names,
            )
            if m.layer in (LAYER_LOADED, LAYER_QUOTE)
        ]
        body = marked_html(article.text, marks, _shown_blocks(article))
    return (
        f'<article class="col"><h3>{_h(heading)}</h3><p class="facts">{_h(facts)}</p>'
        f"{body}</article>"
    )


def _facts(article: ArticleAnalysis, blind: bool) -> str:
    words = article.metrics.get("word_count")
    word_text = f"{words:.0f} words" if words is not None else ""
    if blind:
        return word_text
    meta = article.meta
    parts = [meta.kind or "kind not recorded", meta.date or "date not recorded", word_text]
    return " · ".join(p for p in parts if p)


def _lines(count: int) -> str:
    return '<div class="lines">' + "<div></div>" * count + "</div>"


def questions_html(
    questions: Sequence[DiscussionQuestion], names: Mapping[str, str], answer_lines: int
) -> str:
    """Return the numbered questions, each with its finding, evidence and answer lines."""
    items: list[str] = []
    for question in questions:
        quotes = "".join(
            f"<blockquote>{_h(e.text)}<cite>— {_h(names.get(e.article_id, e.article_id))}</cite>"
            "</blockquote>"
            for e in question.evidence
        )
        items.append(
            f'<li><p class="finding">{_h(question.finding)}</p>{quotes}'
            f'<p class="question">{_h(question.question)}</p>{_lines(answer_lines)}</li>'
        )
    return f'<ol class="questions">{"".join(items)}</ol>'


def predictions_html(labels: Sequence[str]) -> str:
    """Return the worksheet's prediction questions with tick boxes and a line for reasons."""
    choices = [*labels, "About the same"]
    items = []
    for question in GUESS_QUESTIONS:
        boxes = "".join(f'<span><span class="box"></span>{_h(c)}</span>' for c in choices)
        items.append(
            f'<li><p class="question">{_h(question.prompt)}</p><p class="choices">{boxes}</p>'
            f'<p class="note">Why? Point to a sentence.</p>{_lines(1)}</li>'
        )
    items.append(
        '<li><p class="question">Which words did you find loaded? Underline them in the texts '
        "and list the strongest here.</p>" + _lines(2) + "</li>"
    )
    items.append(
        '<li><p class="question">Who do you think published each article? What gave it away?'
        "</p>" + _lines(2) + "</li>"
    )
    return f'<ol class="questions">{"".join(items)}</ol>'


def handout_html(
    articles: Sequence[ArticleAnalysis],
    names: Mapping[str, str],
    questions: Sequence[DiscussionQuestion],
    *,
    title: str,
    category_names: Mapping[str, str],
    description: str = "",
    blind: bool = False,
    paper: str | None = None,
) -> str:
    """Return the handout as one self-contained HTML document.

    Args:
        articles: The compared articles, in the order shown.
        names: Display name per article id (outlets); ignored when ``blind``.
        questions: The discussion questions (:func:`ui.lesson_questions.discussion_questions`).
        title: The story's title.
        category_names: Display name per loaded-word category id, in legend order.
        description: A line about the story (left out when ``blind``: it may name outlets).
        blind: The worksheet for reading blind (no names, highlights, figures or questions).
        paper: "A4", "Letter" or None (the print dialog chooses).

    Raises:
        ValueError: If ``paper`` is not one of the known sizes.
    """
    if paper not in PAPER_SIZES:
        raise ValueError(f"unknown paper size {paper!r}; use one of A4, Letter or None")
    labels = blind_labels(articles)
    columns = f"n{min(len(articles), 2) if len(articles) != 3 else 3}"
    heading_names = labels if blind else {i: f"{labels[i]}: {names.get(i, i)}" for i in labels}
    shown_names = labels if blind else {i: names.get(i, i) for i in labels}
    blind_class = " blind" if blind else ""
    texts = "".join(
        _article_column(a, heading_names[a.meta.id], _facts(a, blind), category_names, blind)
        for a in articles
    )
    kind = "Worksheet: read blind and predict" if blind else "Handout: compare the coverage"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(title)} · {_h(kind)}</title>",
        f"<style>{handout_css(paper)}</style></head><body><main>",
        '<p class="screen-only">Print this page (Ctrl+P or ⌘P) on A4 or US Letter paper. '
        "Colours help but are not needed: every mark also has its own underline and letter."
        "</p>",
        f"<header><h1>{_h(title)}</h1><p class='sub'>{_h(kind)} · Coverage Lens</p>",
        "<div class='who'><span>Name:</span><span>Class:</span><span>Date:</span></div>",
    ]
    if description and not blind:
        parts.append(f"<p class='sub'>{_h(description)}</p>")
    parts.append("</header>")
    if blind:
        parts.append(
            "<section><h2>Read blind</h2><p>The outlets' names are hidden "
            f"(shown as {_h(PLACEHOLDER)}); photo captions and promotions are left out. Read "
            "both articles, underline the words you find loaded, then answer the questions.</p>"
            "</section>"
        )
    else:
        used = {hit.category for a in articles for hit in a.loaded}
        parts.append("<section><h2>How to read the marks</h2>")
        parts.append(legend_html(category_names, used))
        parts.append(
            "<p class='note'>The marks come from a word list and simple rules: they are a "
            "starting point for discussion, not a verdict. A loaded word inside a quotation is "
            "the speaker's choice, not the outlet's.</p></section>"
        )
    parts.append(
        f"<section><h2>The articles side by side</h2><div class='texts {columns}{blind_class}'>"
        f"{texts}</div>"
        "</section>"
    )
    if blind:
        parts.append("<section><h2>Predict</h2>" + predictions_html(list(labels.values())))
        parts.append("</section>")
    else:
        parts.append("<section><h2>The figures</h2>")
        parts.append(metrics_table_html(articles, shown_names))
        parts.append(
            "<p class='note'>Tone runs from −1 (negative) to +1 (positive); the outlet's own "
            "words leave out everything inside quotation marks. A gap smaller than the one "
            "in the table means little on news-length texts.</p></section>"
        )
        if questions:
            parts.append("<section><h2>Discuss</h2>")
            parts.append(questions_html(questions, shown_names, ANSWER_LINES))
            parts.append("</section>")
    if not blind:  # the worksheet's header names the tool; a footer alone could fill a page
        parts.append(
            "<footer>Made with Coverage Lens, an open-source tool for comparing news coverage. "
            "Check every mark against the text: the tool reads words.</footer>"
        )
    parts.append("</main></body></html>")
    return "\n".join(parts)
