"""The glossary: every term the app uses, each with an example from the story on screen.

:func:`glossary_entries` is pure: from the analysed articles and their comparison it picks, for
each term, a passage of these articles that shows it (the words in question marked), or says
that these articles have no example. :func:`glossary_html` renders the entries (every piece of
article text escaped, through :func:`ui.highlight.marked_html`); :func:`render` is the page.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import streamlit as st

from analysis.compare import Comparison
from analysis.lexicon import Lexicon
from analysis.metrics import METRICS_BY_KEY
from analysis.model import BODY_ROLES, ArticleAnalysis, LoadedHit, Quote, Sentence
from analysis.readability import HARD_SENTENCE_GRADE
from ui.highlight import LAYER_LOADED, Mark, marked_html, plain_text_html
from ui.lesson_model import PLACEHOLDER, blind_article
from ui.lesson_questions import LABEL_CATEGORIES
from ui.lesson_source import lesson_articles, lesson_comparison, session_lexicon
from ui.lexicon_editor import entry_for_hit
from ui.story_source import sidebar_story_choice
from ui.summary import article_display_names, formatted_value

PAGE_TITLE = "Glossary"
URL_PATH = "glossary"
KEY_FILTER = "glossary_filter"
MAX_SWAP_WORDS = 3
MIN_SWAP_WORD_CHARS = 5
MAX_SHOWN_SIMILARITY = 0.9
"""Aligned pairs more similar than this are near copies: a poor example of alignment."""
CONTEXT_CHARS = 90

SECTIONS: tuple[str, ...] = (
    "Loaded language",
    "Whose words",
    "Measures",
    "Comparing articles",
    "The lesson",
)


@dataclass(frozen=True)
class Example:
    """A passage of one article that shows a term, with the words in question marked.

    Attributes:
        article_id: The article.
        text: The passage, exactly as in the article.
        spans: ``(start, end)`` ranges to mark, relative to ``text``.
        note: A short plain-text comment ("tone −0.84").
    """

    article_id: str
    text: str
    spans: tuple[tuple[int, int], ...] = ()
    note: str = ""


@dataclass(frozen=True)
class GlossaryEntry:
    """A term, what it means, and where these articles show it.

    Attributes:
        term: The term as the app uses it.
        section: One of :data:`SECTIONS`.
        definition: What it means, in words a student understands.
        examples: Passages of the articles on screen that show it (may be empty).
        illustration: A plain-text example when the term is not about a passage.
    """

    term: str
    section: str
    definition: str
    examples: tuple[Example, ...] = ()
    illustration: str = ""


def _sentence_at(article: ArticleAnalysis, offset: int) -> Sentence | None:
    for sentence in article.sentences:
        if sentence.start <= offset < sentence.end:
            return sentence
    return None


def passage(
    article: ArticleAnalysis,
    start: int,
    end: int,
    note: str = "",
    extra: Sequence[tuple[int, int]] = (),
) -> Example:
    """Return the sentence(s) around ``start``–``end`` with that range (and ``extra``) marked."""
    first = _sentence_at(article, start)
    last = _sentence_at(article, max(start, end - 1))
    s = first.start if first else max(0, start - CONTEXT_CHARS)
    e = last.end if last else min(len(article.text), end + CONTEXT_CHARS)
    spans = [(start, end), *extra]
    relative = tuple(sorted((max(a, s) - s, min(b, e) - s) for a, b in spans if a < e and b > s))
    return Example(article.meta.id, article.text[s:e], relative, note)


def _first(
    articles: Sequence[ArticleAnalysis], pick: Callable[[ArticleAnalysis], Example | None]
) -> tuple[Example, ...]:
    for article in articles:
        found = pick(article)
        if found is not None:
            return (found,)
    return ()


def _body_hits(article: ArticleAnalysis) -> list[LoadedHit]:
    return [h for h in article.loaded if h.role in BODY_ROLES]


def _hit_example(
    articles: Sequence[ArticleAnalysis],
    keep: Callable[[LoadedHit], bool],
    note: Callable[[LoadedHit], str],
    used: set[tuple[str, int]] | None = None,
) -> tuple[Example, ...]:
    """Return a passage with a hit that ``keep`` accepts.

    The outlet's own words come first, then hits not in ``used`` (which records the choice), so
    that neighbouring entries show different words when the articles have them.
    """
    taken = used if used is not None else set()
    candidates = [
        (hit.voice != "narration", (article.meta.id, hit.start) in taken, n, article, hit)
        for n, (article, hit) in enumerate(
            (article, hit) for article in articles for hit in _body_hits(article)
        )
        if keep(hit)
    ]
    if not candidates:
        return ()
    quoted, _, _, article, hit = min(candidates, key=lambda c: c[:3])
    taken.add((article.meta.id, hit.start))
    text = note(hit)
    if quoted:
        text = (text + " " if text else "") + "(inside a quotation)"
    return (passage(article, hit.start, hit.end, text),)


def _body_sentences(article: ArticleAnalysis) -> list[Sentence]:
    return [s for s in article.sentences if s.role in BODY_ROLES]


def _richest_sentence(articles: Sequence[ArticleAnalysis]) -> tuple[Example, ...]:
    """Return the body sentence with the most loaded words in the outlet's own words."""
    best: tuple[int, ArticleAnalysis, Sentence] | None = None
    for article in articles:
        for sentence in _body_sentences(article):
            count = sum(
                1
                for h in article.loaded
                if h.voice == "narration" and sentence.start <= h.start < sentence.end
            )
            if count and (best is None or count > best[0]):
                best = (count, article, sentence)
    if best is None:
        return ()
    count, article, sentence = best
    hits = [h for h in article.loaded if sentence.start <= h.start < sentence.end]
    first, *rest = hits
    return (
        passage(
            article,
            first.start,
            first.end,
            f"{count} loaded words in one sentence",
            [(h.start, h.end) for h in rest],
        ),
    )


def _entry_note(hit: LoadedHit, lexicon: Lexicon) -> str:
    """Return which entry flagged a hit, written as in the word list."""
    entry = entry_for_hit(hit, lexicon)
    term = entry.term if entry else hit.term
    return f"flagged by the entry “{term}” ({hit.source or 'word list'})"


def loaded_entries(articles: Sequence[ArticleAnalysis], lexicon: Lexicon) -> list[GlossaryEntry]:
    """Return the entries on loaded language: the idea, each category, alternatives, entries."""
    section = "Loaded language"
    used: set[tuple[str, int]] = set()
    entries = [
        GlossaryEntry(
            "Loaded language",
            section,
            "Words chosen for the feelings or judgements they carry, where plainer words would "
            "state the same facts. The tool finds them with a word list a teacher can edit; "
            "each kind below has its own underline and letter.",
            _richest_sentence(articles),
        )
    ]
    for category in lexicon.categories:
        entries.append(
            GlossaryEntry(
                category.name,
                section,
                category.description,
                _hit_example(
                    articles,
                    lambda h, c=category.id: h.category == c,
                    lambda h: (
                        f"“{h.text}”" + (f"; plainer: “{h.alternative}”" if h.alternative else "")
                    ),
                    used,
                ),
            )
        )
    entries.append(
        GlossaryEntry(
            "Neutral alternative",
            section,
            "A plainer word the word list suggests instead of a loaded one, so you can test "
            "whether the sentence still says the same thing without the feeling.",
            _hit_example(
                articles,
                lambda h: bool(h.alternative),
                lambda h: f"“{h.text}” could be “{h.alternative}”",
                used,
            ),
        )
    )
    entries.append(
        GlossaryEntry(
            "Word-list entry",
            section,
            "The line of the word list that flagged a word: the term as written (with its "
            "matching rules), its category and where it comes from. The Word list page shows "
            "which entry flagged each word, and lets a teacher change the list for the lesson.",
            _hit_example(articles, lambda h: True, lambda h: _entry_note(h, lexicon), used),
        )
    )
    return entries


def voice_entries(articles: Sequence[ArticleAnalysis]) -> list[GlossaryEntry]:
    """Return the entries on whose words are whose: narration, quotations, speakers."""
    section = "Whose words"

    def narration(article: ArticleAnalysis) -> Example | None:
        for sentence in _body_sentences(article):
            if sentence.voice == "narration" and sentence.word_count >= 8:
                return passage(article, sentence.start, sentence.end, "no quotation marks")
        return None

    def quote_with(
        keep: Callable[[Quote], object], note: Callable[[Quote], str], with_speaker: bool = False
    ) -> Callable[[ArticleAnalysis], Example | None]:
        def pick(article: ArticleAnalysis) -> Example | None:
            for quote in article.quotes:
                sentence = _sentence_at(article, quote.start)
                if keep(quote) and sentence is not None and sentence.role in BODY_ROLES:
                    extra = ()
                    if (
                        with_speaker
                        and quote.speaker_start is not None
                        and quote.speaker_end is not None
                    ):
                        extra = ((quote.speaker_start, quote.speaker_end),)
                    return passage(article, quote.start, quote.end, note(quote), extra)
            return None

        return pick

    return [
        GlossaryEntry(
            "Narration (the outlet's own words)",
            section,
            "Everything the article says outside quotation marks: the writer's choices. Every "
            "figure is also given for narration alone, because quoting an angry general does "
            "not make an article angry.",
            _first(articles, narration),
        ),
        GlossaryEntry(
            "Direct quotation",
            section,
            "Someone's exact words inside quotation marks. The tool marks them with a tint and "
            "counts how much of an article is quoted and who is quoted.",
            _first(
                articles,
                quote_with(
                    lambda q: not q.partial and q.speaker, lambda q: f"speaker: {q.speaker}"
                ),
            ),
        ),
        GlossaryEntry(
            "Partial quote",
            section,
            "A few quoted words set inside the outlet's own sentence. The outlet chose which "
            "words to quote and what to say around them.",
            _first(articles, quote_with(lambda q: q.partial, lambda q: f"“{q.text.strip(' ,')}”")),
        ),
        GlossaryEntry(
            "Speaker and verb of saying",
            section,
            "Who a quotation is attributed to and the verb that introduces it. “Said” is "
            "neutral; verbs such as “claimed” or “admitted” judge the speaker.",
            _first(
                articles,
                quote_with(
                    lambda q: q.speaker and q.verb,
                    lambda q: f"{q.speaker}, verb “{q.verb}”",
                    with_speaker=True,
                ),
            ),
        ),
        GlossaryEntry(
            "Unattributed quotation",
            section,
            "Quoted words with no named speaker: a reader cannot tell who said them.",
            _first(articles, quote_with(lambda q: not q.speaker, lambda q: "no speaker named")),
        ),
    ]


def measure_entries(
    articles: Sequence[ArticleAnalysis], names: Mapping[str, str]
) -> list[GlossaryEntry]:
    """Return the entries on the figures: tone, tone words, reading grade, meaningful gaps."""
    section = "Measures"
    sentences = [(a, s) for a in articles for s in _body_sentences(a)]
    examples: dict[str, tuple[Example, ...]] = {"tone": (), "driver": (), "grade": ()}
    if sentences:
        article, sentence = min(sentences, key=lambda item: item[1].tone)
        note = f"tone {formatted_value('tone', sentence.tone)}"
        examples["tone"] = (passage(article, sentence.start, sentence.end, note),)
        drivers = [(a, s, d) for a, s in sentences for d in s.drivers]
        if drivers:
            article, sentence, driver = max(drivers, key=lambda item: abs(item[2].weight))
            word = article.text[driver.start : driver.end]
            note = f"“{word}” pulls the sentence {'down' if driver.weight < 0 else 'up'}"
            examples["driver"] = (passage(article, driver.start, driver.end, note),)
        article, sentence = max(sentences, key=lambda item: item[1].grade)
        note = f"grade {sentence.grade:.1f}" + (
            " (a hard sentence)" if sentence.grade >= HARD_SENTENCE_GRADE else ""
        )
        examples["grade"] = (passage(article, sentence.start, sentence.end, note),)
    tone = METRICS_BY_KEY["tone"]
    values = [(names.get(a.meta.id, a.meta.id), a.metrics.get("tone")) for a in articles]
    known = [(n, v) for n, v in values if v is not None]
    illustration = ""
    if len(known) >= 2:
        gap = max(v for _, v in known) - min(v for _, v in known)
        listed = ", ".join(f"{n} {formatted_value('tone', v)}" for n, v in known)
        same = "about the same" if gap < tone.meaningful_difference else "a real difference"
        illustration = (
            f"Tone in these articles: {listed}. The gap, {gap:.2f}, is "
            f"{'under' if gap < tone.meaningful_difference else 'over'} "
            f"{tone.meaningful_difference:.2f}: {same}."
        )
    return [
        GlossaryEntry(
            "Tone",
            section,
            "How negative or positive the words of a sentence are, from −1 to +1, scored with "
            "the VADER sentiment word list; an article's tone is the mean of its sentences. "
            "Tone is not bias: reporting a disaster is negative.",
            examples["tone"],
        ),
        GlossaryEntry(
            "Tone word",
            section,
            "A word that pushes a sentence's tone down (negative) or up (positive).",
            examples["driver"],
        ),
        GlossaryEntry(
            "Reading grade and hard sentences",
            section,
            "The Flesch–Kincaid grade: roughly the US school year a reader needs to follow the "
            "text, from sentence length and syllables per word. A sentence at grade "
            f"{HARD_SENTENCE_GRADE:g} or more counts as hard.",
            examples["grade"],
        ),
        GlossaryEntry(
            "Meaningful difference",
            section,
            "The smallest gap between two articles' figures that means something on "
            "news-length texts; smaller gaps are noise, and the app says “about the same”.",
            (),
            illustration,
        ),
    ]


def _has_long_word(text: str) -> bool:
    return any(len(word.strip(".,;:“”\"'’")) >= MIN_SWAP_WORD_CHARS for word in text.split())


def comparison_entries(
    articles: Sequence[ArticleAnalysis], comparison: Comparison, names: Mapping[str, str]
) -> list[GlossaryEntry]:
    """Return the entries on comparing articles: alignment, one-article content, swaps…"""
    section = "Comparing articles"
    by_id = {a.meta.id: a for a in articles}

    def ref_example(article_id: str, start: int, end: int, note: str = "") -> tuple[Example, ...]:
        article = by_id.get(article_id)
        return (passage(article, start, end, note),) if article else ()

    aligned: tuple[Example, ...] = ()
    similar = [al for al in comparison.aligned if al.swaps and al.similarity < MAX_SHOWN_SIMILARITY]
    if similar:
        best = max(similar, key=lambda al: al.similarity)
        note = f"similarity {best.similarity:.2f}; differing words marked"
        for side in ("a", "b"):
            group = getattr(best, side)
            article = by_id.get(group.article)
            if article is None:
                continue
            refs = [getattr(sw, side) for sw in best.swaps if getattr(sw, side) is not None]
            spans = tuple(
                (r.start - group.start, r.end - group.start)
                for r in refs
                if group.start <= r.start and r.end <= group.end
            )
            aligned += (Example(group.article, article.text[group.start : group.end], spans, note),)
    only: tuple[Example, ...] = ()
    for article in articles:
        refs = comparison.only_in.get(article.meta.id, [])
        if refs:
            only = ref_example(article.meta.id, refs[0].start, refs[0].end, "only here")
            break
    swap_examples: tuple[Example, ...] = ()
    candidates = [
        swap
        for al in comparison.aligned
        for swap in al.swaps
        if swap.kind == "swap"
        and swap.a is not None
        and swap.b is not None
        and len(swap.a.text.split()) <= MAX_SWAP_WORDS
        and len(swap.b.text.split()) <= MAX_SWAP_WORDS
        and _has_long_word(swap.a.text)
        and _has_long_word(swap.b.text)
    ]
    if candidates:
        swap = min(
            candidates,
            key=lambda s: (
                len(s.a.text.split()) + len(s.b.text.split()),
                len(s.a.text) + len(s.b.text),
            ),
        )
        note = f"“{swap.a.text}” / “{swap.b.text}”"
        swap_examples = ref_example(swap.a.article, swap.a.start, swap.a.end, note) + ref_example(
            swap.b.article, swap.b.start, swap.b.end, note
        )
    distinctive = ""
    for article in articles:
        terms = comparison.distinctive.get(article.meta.id, [])
        if terms:
            term = terms[0]
            name = names.get(article.meta.id, article.meta.id)
            distinctive = (
                f"“{term.term}”: {term.count} times in {name}, {term.count_others} in the "
                f"other{'s' if len(articles) > 2 else ''}."
            )
            break
    actor_text = ""
    label_example: tuple[Example, ...] = ()
    if comparison.actors:
        actor = comparison.actors[0]
        counts = ", ".join(
            f"{names.get(p.article, p.article)} {p.mentions}" for p in actor.per_article
        )
        actor_text = f"{actor.name}: mentioned {counts} times."
        for candidate in comparison.actors:
            for part in candidate.per_article:
                hits = {(h.start, h.end): h.category for h in by_id[part.article].loaded}
                for label in part.labels:
                    category = hits.get((label.start, label.end))
                    if (
                        label.kind == "loaded"
                        and label.voice == "narration"
                        and category in LABEL_CATEGORIES
                        and not label_example
                    ):
                        label_example = ref_example(
                            part.article, label.start, label.end, f"about {candidate.name}"
                        )
    headline: tuple[Example, ...] = ()
    caption: tuple[Example, ...] = ()
    for article in articles:
        for block in article.blocks:
            if block.role == "headline" and not headline:
                headline = (Example(article.meta.id, article.text[block.start : block.end]),)
            if block.role in {"caption", "promo", "footer"} and not caption:
                caption = (
                    Example(
                        article.meta.id,
                        article.text[block.start : block.end],
                        note=f"a {block.role}",
                    ),
                )
    return [
        GlossaryEntry(
            "Aligned sentences",
            section,
            "Sentences of two articles that report the same thing, found by the content words "
            "they share (similarity from 0 to 1).",
            aligned,
        ),
        GlossaryEntry(
            "Only in one article",
            section,
            "A sentence no other article reports: what one outlet chose to include and the "
            "others left out.",
            only,
        ),
        GlossaryEntry(
            "Word swap",
            section,
            "Where two aligned sentences say the same thing in different words: often where "
            "the outlets' choices show.",
            swap_examples,
        ),
        GlossaryEntry(
            "Distinctive word",
            section,
            "A word one article uses much more than the others, beyond what chance explains "
            "(a log-odds test).",
            (),
            distinctive,
        ),
        GlossaryEntry(
            "Actor",
            section,
            "A person or group the articles name, with every way of naming them merged "
            "(“Milley”, “the general”…).",
            (),
            actor_text,
        ),
        GlossaryEntry(
            "Label attached to a person or group",
            section,
            "A loaded word the outlet attaches, in its own words, to a person or group.",
            label_example,
        ),
        GlossaryEntry(
            "Headline and subheadline",
            section,
            "The title and the line under it. Many readers see nothing else, so the tool "
            "measures them on their own.",
            headline,
        ),
        GlossaryEntry(
            "Not part of the article",
            section,
            "Photo captions, promotions (“Read next”) and footers printed with the article. "
            "They are shown greyed and left out of every figure.",
            caption,
        ),
    ]


def lesson_entries(articles: Sequence[ArticleAnalysis]) -> list[GlossaryEntry]:
    """Return the entries about the lesson itself."""
    example: tuple[Example, ...] = ()
    for article in articles:
        view = blind_article(article)
        if view.hidden:
            start, end = view.hidden[0]
            s = max(0, view.text.rfind("\n", 0, start) + 1)
            e = view.text.find("\n", end)
            e = len(view.text) if e < 0 else e
            e = min(e, end + CONTEXT_CHARS)
            example = (
                Example(article.meta.id, view.text[s:e], ((start - s, end - s),), "name hidden"),
            )
            break
    return [
        GlossaryEntry(
            "Reading blind",
            "The lesson",
            f"Reading without knowing the outlet: its name is replaced by {PLACEHOLDER} and "
            "captions and promotions are left out, so a reader judges the words, not the brand.",
            example,
        ),
        GlossaryEntry(
            "Agreement",
            "The lesson",
            "In the reveal, your marks beside the tool's: ✓ words you both marked, Y words only "
            "you marked, T words only the tool marked. Disagreements are worth discussing; the "
            "tool is not always right.",
        ),
    ]


def glossary_entries(
    articles: Sequence[ArticleAnalysis],
    comparison: Comparison,
    lexicon: Lexicon,
    names: Mapping[str, str],
) -> list[GlossaryEntry]:
    """Return every glossary entry, with examples from these articles.

    Args:
        articles: The articles on screen.
        comparison: Their comparison.
        lexicon: The word list in use (its categories are entries too).
        names: Display name per article id.
    """
    return [
        *loaded_entries(articles, lexicon),
        *voice_entries(articles),
        *measure_entries(articles, names),
        *comparison_entries(articles, comparison, names),
        *lesson_entries(articles),
    ]


def matches(entry: GlossaryEntry, query: str) -> bool:
    """Return whether an entry's term or definition contains every word of ``query``."""
    haystack = f"{entry.term} {entry.definition}".lower()
    return all(word in haystack for word in query.lower().split())


def example_html(example: Example, names: Mapping[str, str]) -> str:
    """Return one example: the passage with its words marked, the article and the note."""
    marks = [Mark(s, e, LAYER_LOADED, classes=("gl",)) for s, e in example.spans]
    body = marked_html(example.text, marks)
    note = f" · {html.escape(example.note)}" if example.note else ""
    source = html.escape(names.get(example.article_id, example.article_id))
    return f'<div class="gl-example">{body}<p class="gl-source">{source}{note}</p></div>'


def glossary_html(entries: Sequence[GlossaryEntry], names: Mapping[str, str]) -> str:
    """Return the glossary as HTML: one section per group, each term with its examples."""
    parts: list[str] = []
    for section in SECTIONS:
        shown = [e for e in entries if e.section == section]
        if not shown:
            continue
        parts.append(f'<section class="gl-section"><h2 class="gl-h2">{html.escape(section)}</h2>')
        for entry in shown:
            parts.append(
                f'<div class="gl-entry"><h3 class="gl-term">{html.escape(entry.term)}</h3>'
                f'<p class="gl-def">{html.escape(entry.definition)}</p>'
            )
            if entry.examples:
                parts.append("".join(example_html(x, names) for x in entry.examples))
            elif entry.illustration:
                parts.append(f'<p class="gl-ill">{html.escape(entry.illustration)}</p>')
            else:
                parts.append('<p class="gl-none">No example in these articles.</p>')
            parts.append("</div>")
        parts.append("</section>")
    return "".join(parts)


GLOSSARY_CSS = (
    "<style>"
    "h2.gl-h2{font-size:1.7rem;font-weight:700;margin:.8em 0 .3em 0;padding:0;"
    "border-bottom:2px solid #333;}"
    ".gl-entry{margin:0 0 1.1em 0;}"
    "h3.gl-term{font-size:1.3rem;font-weight:700;margin:0;padding:0;}"
    "p.gl-def{font-size:1.1rem;line-height:1.5;margin:.1em 0 .3em 0;color:#111;}"
    ".gl-example{border-left:4px solid #777;padding:.1em .8em;margin:.2em 0 .4em 0;}"
    ".gl-example .cl-text{font-size:1.05rem;}"
    "mark.gl{background:#F0E442;box-shadow:0 0 0 1px #8A7C00;border-radius:2px;"
    "font-weight:600;}"
    "p.gl-source,p.gl-ill,p.gl-none{font-size:1rem;color:#333;margin:0;}"
    "p.gl-ill{font-size:1.05rem;color:#111;}"
    "</style>"
)


def render() -> None:
    """Draw the glossary page for the story chosen in the sidebar."""
    shown = sidebar_story_choice()
    st.html(GLOSSARY_CSS)
    st.html(plain_text_html("Glossary", "cl-title", "h1"))
    st.html(
        plain_text_html(
            f"Every term the app uses, with examples from “{shown.title}”.", "cl-caption"
        )
    )
    articles = lesson_articles(shown)
    names = article_display_names(articles)
    comparison = lesson_comparison(shown) if len(articles) >= 2 else Comparison(articles=[])
    entries = glossary_entries(articles, comparison, session_lexicon(), names)
    query = st.text_input("Find a term", key=KEY_FILTER, placeholder="for example: hedge")
    shown_entries = [e for e in entries if matches(e, query)] if query else entries
    if not shown_entries:
        st.html(plain_text_html("No term matches.", "gl-none"))
        return
    st.html(glossary_html(shown_entries, names))
