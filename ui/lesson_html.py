"""HTML pieces of the lesson page, as pure functions (every piece of text escaped).

Agreement marks differ by more than colour: "both" is a solid thick underline on a tint with a
✓, "only you" a dashed box with a Y, "only the tool" a wavy underline with a T (see
:data:`ui.lesson_model.AGREE_CODES`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from analysis.model import ArticleAnalysis
from ui.lesson_model import (
    AGREE_CODES,
    AGREE_NAMES,
    PLACEHOLDER,
    STEP_MINUTES,
    STEP_TITLES,
    VERDICT_TEXT,
    Agreement,
    GuessQuestion,
    ToolAnswer,
    Verdict,
    answer_text,
    guess_text,
    hit_display,
)
from ui.lesson_questions import DiscussionQuestion
from ui.style import category_display_name
from ui.summary import formatted_value

AGREE_COLOURS: dict[str, str] = {"both": "#00684A", "you": "#A63F00", "tool": "#005A8C"}
"""Dark Okabe–Ito tones (bluish green, vermillion, blue), each at least 4.5:1 on white."""
AGREE_TINTS: dict[str, str] = {"both": "#CDEFE2", "you": "#FFFFFF", "tool": "#FFFFFF"}
VERDICT_SYMBOLS: dict[str, str] = {
    "agree": "✓",
    "disagree": "✗",
    "too_close": "≈",
    "unanswered": "–",
}

STEP_INTROS: dict[str, str] = {
    "read": (
        "Read both articles. The outlets' names are hidden (shown as {placeholder}), and photo "
        "captions and promotions are left out. Notice the words that make you feel something "
        "about the people or the events."
    ),
    "predict": (
        "Mark the words you find loaded: type a word in the box under each article and press "
        "Enter (your words are underlined in the text). Then answer the questions below. "
        "There are no wrong answers yet."
    ),
    "reveal": (
        "The outlets' names are back. Your marks are set beside the tool's: ✓ both of you, "
        "Y only you, T only the tool. Point at a mark, or reach it with the Tab key, to see "
        "why it is marked and which word-list entry flagged it."
    ),
    "discuss": (
        "Each question comes from a difference the tool found between these articles, with the "
        "sentences it rests on. Discuss in pairs, then with the class."
    ),
}


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def step_intro_html(step: str) -> str:
    """Return the step's title, suggested time and instructions."""
    intro = STEP_INTROS[step].format(placeholder=PLACEHOLDER)
    return (
        f'<div class="ls-intro"><p class="ls-step">{_h(STEP_TITLES[step])}'
        f' <span class="ls-time">({_h(STEP_MINUTES[step])})</span></p>'
        f"<p>{_h(intro)}</p></div>"
    )


def article_heading_html(label: str, facts: str) -> str:
    """Return an article column's heading and its facts line."""
    return f'<h2 class="ls-article">{_h(label)}</h2><p class="ls-facts">{_h(facts)}</p>'


def left_out_note(count: int) -> str:
    """Return a note on how many lines (captions, promos) are not shown, or ''."""
    if not count:
        return ""
    lines = "line is" if count == 1 else "lines are"
    return (
        f'<p class="ls-facts">{count} {lines} left out: photo captions, promotions or notes '
        "that are not part of the article.</p>"
    )


def agreement_legend_html(results: Mapping[str, Agreement], names: Mapping[str, str]) -> str:
    """Return the reveal's legend: each kind of mark with its sample and count per article."""
    header = "".join(f"<th>{_h(names.get(i, i))}</th>" for i in results)
    rows = []
    for which in ("both", "you", "tool"):
        counts = []
        for result in results.values():
            if which == "both":
                counts.append(len(result.both))
            elif which == "tool":
                counts.append(len(result.tool_only))
            else:
                counts.append(len(result.student_only))
        sample = (
            f'<mark class="ag ag-{which}">word<span class="code" aria-hidden="true">'
            f"{_h(AGREE_CODES[which])}</span></mark>"
        )
        cells = "".join(f'<td class="num">{c}</td>' for c in counts)
        rows.append(f"<tr><td>{sample}</td><td>{_h(AGREE_NAMES[which])}</td>{cells}</tr>")
    quote = '<tr><td><mark class="q">“quoted”</mark></td><td>Quotation (the tool)</td>'
    quote += "".join("<td></td>" for _ in results) + "</tr>"
    rows.append(quote)
    return (
        '<table class="ls-legend"><thead><tr><th>Mark</th><th>Who marked it</th>'
        f"{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def word_lists_html(
    article: ArticleAnalysis, result: Agreement, category_names: Mapping[str, str]
) -> str:
    """Return the three word lists of one article: both, only you, only the tool."""

    def hits_list(which: str) -> str:
        hits = result.both if which == "both" else result.tool_only
        seen: dict[str, str] = {}
        for hit in hits:
            word = hit_display(hit, article.text)
            seen.setdefault(
                word.lower(), f"{word} ({category_display_name(hit.category, category_names)})"
            )
        return ", ".join(seen.values())

    yours = ", ".join(result.shown.get(k, k) for k in result.student_only)
    items = [
        ("both", hits_list("both")),
        ("you", yours),
        ("tool", hits_list("tool")),
    ]
    rows = "".join(
        f'<li><span class="ls-code ls-code-{w}" aria-hidden="true">{_h(AGREE_CODES[w])}</span> '
        f"<b>{_h(AGREE_NAMES[w])}:</b> {_h(words) if words else '<i>none</i>'}</li>"
        for w, words in items
    )
    return f'<ul class="ls-words">{rows}</ul>'


def reveal_names_html(articles: Sequence[ArticleAnalysis], labels: Mapping[str, str]) -> str:
    """Return who wrote what: each blind label with its outlet, kind and date."""
    items = []
    for article in articles:
        meta = article.meta
        facts = " · ".join(
            [meta.kind or "kind not recorded", meta.date or "date not recorded"]
            + ([meta.byline] if meta.byline else [])
        )
        items.append(
            f"<li><b>{_h(labels[meta.id])}</b> was <b>{_h(meta.outlet or meta.id)}</b> "
            f'<span class="ls-facts-inline">({_h(facts)})</span></li>'
        )
    return f'<ul class="ls-reveal">{"".join(items)}</ul>'


def guess_table_html(
    rows: Sequence[tuple[GuessQuestion, str | None, ToolAnswer, Verdict]],
    names: Mapping[str, str],
) -> str:
    """Return the guesses beside the tool's answers, with the measured values.

    Args:
        rows: ``(question, the student's guess, the tool's answer, verdict)`` per question.
        names: Display name per article id (and for the guesses).
    """
    body = []
    for question, guess, answer, verdict in rows:
        values = "; ".join(
            f"{names.get(i, i)} {formatted_value(question.metric, v)}"
            for i, v in answer.values.items()
        )
        gap = formatted_value(question.metric, answer.meaningful).lstrip("+")
        body.append(
            f'<tr class="ls-v-{verdict}"><td>{_h(question.prompt)}</td>'
            f"<td>{_h(guess_text(guess, names))}</td>"
            f"<td>{_h(answer_text(question, answer, names))}<br>"
            f'<span class="ls-values">{_h(values)} (a gap under {_h(gap)} means little)</span></td>'
            f'<td><span aria-hidden="true">{VERDICT_SYMBOLS[verdict]}</span> '
            f"{_h(VERDICT_TEXT[verdict])}</td></tr>"
        )
    return (
        '<table class="ls-guesses"><thead><tr><th>Question</th><th>Your guess</th>'
        "<th>What the tool measured</th><th>Result</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def question_cards_html(
    questions: Sequence[DiscussionQuestion], names: Mapping[str, str], start: int = 1
) -> str:
    """Return the discussion questions as numbered cards with their evidence."""
    cards = []
    for number, question in enumerate(questions, start=start):
        evidence = "".join(
            f'<blockquote class="ls-evidence">{_h(e.text)}'
            f"<cite>{_h(names.get(e.article_id, e.article_id))}</cite></blockquote>"
            for e in question.evidence
        )
        cards.append(
            f'<li class="ls-card" value="{number}"><p class="ls-question">{_h(question.question)}'
            f'</p><p class="ls-finding"><b>What the tool found:</b> {_h(question.finding)}</p>'
            f"{evidence}</li>"
        )
    return f'<ol class="ls-cards" start="{start}">{"".join(cards)}</ol>'


def lesson_css() -> str:
    """Return the lesson page's stylesheet (marks, cards, tables), large for projecting."""
    rules = [
        ".ls-intro{font-size:1.2rem;line-height:1.5;background:#F3F3F3;border-left:6px solid "
        "#333;padding:.5em .9em;border-radius:4px;color:#111;margin-bottom:.4em;}",
        ".ls-intro p{margin:0 0 .3em 0;}",
        ".ls-step{font-size:1.5rem;font-weight:700;}",
        ".ls-time{font-size:1.05rem;font-weight:400;color:#333;}",
        "h2.ls-article{font-size:1.5rem;font-weight:700;margin:.2em 0 0 0;padding:0;}",
        "p.ls-facts{font-size:1rem;color:#333;margin:0 0 .3em 0;}",
        ".ls-facts-inline{color:#333;}",
        "span.redacted{background:#E0E0E0;border:1px solid #666;border-radius:3px;"
        "padding:0 .2em;font-size:.9em;color:#111;}",
        "mark.ag{padding:0 1px;border-radius:2px;}",
        "mark.ag span.code{color:#fff;}",
    ]
    for which, colour in AGREE_COLOURS.items():
        style = {
            "both": "text-decoration:underline solid 4px;text-underline-offset:4px;",
            "you": "outline:2px dashed;outline-offset:1px;",
            "tool": "text-decoration:underline wavy 2px;text-underline-offset:5px;",
        }[which]
        rules.append(
            f"mark.ag-{which}{{{style}text-decoration-color:{colour};outline-color:{colour};"
            f"background:{AGREE_TINTS[which]};text-decoration-skip-ink:none;}}"
            f"mark.ag-{which} span.code,.ls-code-{which}{{background:{colour};color:#fff;}}"
        )
    rules += [
        ".ls-code{display:inline-block;min-width:1.3em;text-align:center;border-radius:3px;"
        "font-weight:700;}",
        ".ls-legend,.ls-guesses{border-collapse:collapse;font-size:1.05rem;margin:.3em 0 1em 0;"
        "color:#111;}",
        ".ls-legend th,.ls-legend td,.ls-guesses th,.ls-guesses td{padding:.3em .7em;"
        "border-bottom:1px solid #bbb;text-align:left;vertical-align:top;}",
        ".ls-legend td.num{text-align:right;font-variant-numeric:tabular-nums;}",
        ".ls-values{font-size:.95rem;color:#333;}",
        ".ls-guesses tr.ls-v-agree td:last-child{background:#DDF2EA;}",
        ".ls-guesses tr.ls-v-disagree td:last-child{background:#FBE3DA;}",
        ".ls-guesses tr.ls-v-too_close td:last-child{background:#FFF4D6;}",
        "ul.ls-words,ul.ls-reveal{font-size:1.1rem;line-height:1.6;color:#111;padding-left:1.1em;}",
        "ul.ls-words{list-style:none;padding-left:0;}",
        "p.ls-agree{font-size:1.15rem;font-weight:700;color:#111;margin:.2em 0;}",
        "ol.ls-cards{padding-left:2.2em;margin:0;}",
        "li.ls-card{font-size:1.15rem;line-height:1.5;color:#111;border:1px solid #bbb;"
        "border-radius:6px;padding:.6em .9em;margin:0 0 .8em 0;}",
        "li.ls-card::marker{font-weight:700;font-size:1.3rem;}",
        "p.ls-question{font-size:1.35rem;font-weight:700;margin:0 0 .3em 0;}",
        "p.ls-finding{margin:0 0 .3em 0;}",
        "blockquote.ls-evidence{margin:.3em 0 .3em .3em;padding:.1em .8em;border-left:4px solid "
        "#666;font-family:Georgia,'DejaVu Serif',serif;font-size:1.05rem;color:#111;}",
        "blockquote.ls-evidence cite{display:block;font-style:normal;font-family:inherit;"
        "font-size:.9rem;color:#333;}",
        ".ls-note{font-size:1rem;color:#333;}",
    ]
    return "<style>" + "\n".join(rules) + "</style>"
