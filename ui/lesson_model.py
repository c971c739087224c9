"""The lesson's logic, without streamlit: reading blind, students' marks, guesses and agreement.

A lesson runs in four steps (:data:`STEPS`). While students read blind, each article is shown
as :class:`BlindArticle`: headline and body only (captions, promos and footers left out), every
mention of the outlet replaced by :data:`PLACEHOLDER`, and the articles named "Article A",
"Article B"… Students mark the words they find loaded by choosing word forms
(:func:`word_options`); a marked form counts wherever it occurs. :func:`agreement` then sets
the student's marks beside the tool's loaded-word hits, and :func:`tool_answer` and
:func:`verdict` check each guess against the measured figures, treating gaps smaller than
:attr:`analysis.metrics.MetricInfo.meaningful_difference` as "too close to call".

Nothing here is stored anywhere but in the caller's hands: the page keeps it in
``st.session_state``.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlparse

from analysis.metrics import METRICS_BY_KEY
from analysis.model import ArticleAnalysis, ArticleMeta, Block, LoadedHit
from ui.highlight import LAYER_LOADED, LAYER_QUOTE, Mark
from ui.style import category_display_name

STEPS: tuple[str, ...] = ("read", "predict", "reveal", "discuss")
"""The lesson's steps, in order."""

STEP_TITLES: dict[str, str] = {
    "read": "1 · Read blind",
    "predict": "2 · Predict",
    "reveal": "3 · Reveal",
    "discuss": "4 · Discuss",
}

STEP_MINUTES: dict[str, str] = {
    "read": "about 10 minutes",
    "predict": "about 10 minutes",
    "reveal": "about 10 minutes",
    "discuss": "15 to 20 minutes",
}
"""A suggested pace for one 45–60 minute period."""

SHOWN_ROLES: frozenset[str] = frozenset({"headline", "subheadline", "body", "crosshead"})
"""Block roles shown while reading blind and counted when comparing marks."""

PLACEHOLDER = "[outlet]"
"""What replaces the outlet's name while reading blind."""

SAME = "same"
"""The guess "about the same"."""

_WORD_RE = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:[-'\u2019\u2018]\w+)*")
"""A word: an abbreviation with dots ("U.S."), or letters joined by hyphens or apostrophes."""
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
_SPLIT_OUTLET_RE = re.compile(
    r"\(|\)|;|,|\bvia\b|\brepublished by\b|\bsyndicated by\b|\bfrom\b", re.IGNORECASE
)
_ACRONYM_MAX = 6
MIN_POSSESSIVE_BASE = 3
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "at", "a", "an", "&"})


def blind_label(position: int) -> str:
    """Return the blind name of the article at ``position`` (0-based): "Article A", "Article B"…"""
    return f"Article {string.ascii_uppercase[position % 26]}"


def blind_labels(articles: Sequence[ArticleAnalysis]) -> dict[str, str]:
    """Return article id → blind name, in the order the articles are shown."""
    return {a.meta.id: blind_label(n) for n, a in enumerate(articles)}


def word_key(word: str) -> str:
    """Return how a word is compared: lower case, straight apostrophes.

    A capitalised name's possessive counts as the name ("Taliban’s" is "taliban"), so marking a
    name marks it in every form.
    """
    key = word.translate(_APOSTROPHES).lower()
    if word[:1].isupper() and key.endswith("'s") and len(key) >= MIN_POSSESSIVE_BASE + 2:
        return key[:-2]
    return key


# --- reading blind ------------------------------------------------------------------------------


def outlet_aliases(meta: ArticleMeta) -> tuple[str, ...]:
    """Return the names that would give the outlet away, longest first.

    Taken from the outlet field ("Associated Press (republished by The Times of Israel)" gives
    "Associated Press", "The Times of Israel", "Times of Israel" and the initials "AP"), the
    URL's site name ("sofrep" from sofrep.com) and the byline's names.
    """
    names: set[str] = set()
    for part in _SPLIT_OUTLET_RE.split(meta.outlet or ""):
        part = " ".join(part.split()).strip(" .-—")
        if len(part) < 2:
            continue
        names.add(part)
        if part.lower().startswith("the "):
            names.add(part[4:])
        words = [w for w in part.split() if w.lower() not in _SMALL_WORDS]
        if len(words) >= 2 and all(w[:1].isupper() for w in words):
            initials = "".join(w[0] for w in words)
            if len(initials) <= _ACRONYM_MAX:
                names.add(initials)
    host = (urlparse(meta.url).hostname or "") if meta.url else ""
    labels = [label for label in host.split(".") if label not in {"www", "m", "amp"}]
    if len(labels) >= 2 and len(labels[0]) >= 3:
        names.add(labels[0])
    byline = re.sub(r"^\s*by\s+", "", meta.byline or "", flags=re.IGNORECASE)
    for person in re.split(r",|\band\b|&", byline):
        person = " ".join(person.split())
        if len(person.split()) >= 2:
            names.add(person)
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


def _alias_pattern(alias: str) -> re.Pattern[str]:
    """Return a whole-word pattern for ``alias``; short all-capital names match case exactly."""
    body = r"\s+".join(re.escape(word) for word in alias.split())
    flags = 0 if alias.isupper() and len(alias) <= _ACRONYM_MAX else re.IGNORECASE
    return re.compile(rf"(?<!\w){body}(?!\w)", flags)


def alias_ranges(
    text: str, aliases: Iterable[str], regions: Sequence[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` ranges where an alias occurs, merged, in text order.

    Args:
        text: The article text.
        aliases: Names to find (see :func:`outlet_aliases`).
        regions: Where to look; the whole text when None.
    """
    spans: list[tuple[int, int]] = []
    for alias in aliases:
        pattern = _alias_pattern(alias)
        for start, end in regions if regions is not None else [(0, len(text))]:
            spans.extend(m.span() for m in pattern.finditer(text, start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def shown_regions(article: ArticleAnalysis) -> list[tuple[int, int]]:
    """Return the ranges of the blocks shown in the lesson (headline, subheadline, body)."""
    blocks = article.blocks or [Block(start=0, end=len(article.text), role="body")]
    return [
        (b.start, b.end) for b in sorted(blocks, key=lambda b: b.start) if b.role in SHOWN_ROLES
    ]


@dataclass(frozen=True)
class BlindArticle:
    """An article as read blind: its shown blocks with the outlet's name hidden.

    Attributes:
        text: The headline and body, blocks joined by blank lines, aliases replaced.
        blocks: The blocks of ``text`` (offsets into ``text``).
        hidden: Where :data:`PLACEHOLDER` stands in ``text``.
        left_out: How many blocks (captions, promos, footers) are not shown.
    """

    text: str
    blocks: tuple[Block, ...]
    hidden: tuple[tuple[int, int], ...]
    left_out: int


def blind_article(article: ArticleAnalysis, aliases: Iterable[str] | None = None) -> BlindArticle:
    """Return the article as students read it blind.

    Args:
        article: The analysed article.
        aliases: Names to hide; :func:`outlet_aliases` of its metadata when None.
    """
    names = outlet_aliases(article.meta) if aliases is None else tuple(aliases)
    regions = shown_regions(article)
    roles = {(b.start, b.end): b.role for b in article.blocks}
    hide = alias_ranges(article.text, names, regions)
    pieces: list[str] = []
    blocks: list[Block] = []
    hidden: list[tuple[int, int]] = []
    offset = 0
    for start, end in regions:
        if pieces:
            pieces.append("\n\n")
            offset += 2
        block_start = offset
        cursor = start
        for hide_start, hide_end in hide:
            if hide_end <= start or hide_start >= end:
                continue
            pieces.append(article.text[cursor:hide_start])
            offset += hide_start - cursor
            pieces.append(PLACEHOLDER)
            hidden.append((offset, offset + len(PLACEHOLDER)))
            offset += len(PLACEHOLDER)
            cursor = hide_end
        pieces.append(article.text[cursor:end])
        offset += end - cursor
        blocks.append(Block(start=block_start, end=offset, role=roles.get((start, end), "body")))
    left_out = len(article.blocks) - len(regions) if article.blocks else 0
    return BlindArticle(
        text="".join(pieces), blocks=tuple(blocks), hidden=tuple(hidden), left_out=left_out
    )


# --- words a student can mark --------------------------------------------------------------------


@dataclass(frozen=True)
class WordToken:
    """One word of a text: where it is and how it is compared."""

    start: int
    end: int
    key: str


def word_tokens(
    text: str,
    regions: Sequence[tuple[int, int]] | None = None,
    excluded: Sequence[tuple[int, int]] = (),
) -> list[WordToken]:
    """Return the words (with at least one letter) of ``text`` inside ``regions``.

    Hyphenated and apostrophe words stay one word ("so-called", "didn’t").

    Args:
        text: The text.
        regions: Ranges to read; the whole text when None.
        excluded: Ranges whose words are skipped (hidden outlet names).
    """
    tokens: list[WordToken] = []
    for start, end in regions if regions is not None else [(0, len(text))]:
        for match in _WORD_RE.finditer(text, start, end):
            if not any(c.isalpha() for c in match.group()):
                continue
            if any(match.start() < e and match.end() > s for s, e in excluded):
                continue
            tokens.append(WordToken(match.start(), match.end(), word_key(match.group())))
    return tokens


def word_options(text: str, tokens: Sequence[WordToken]) -> dict[str, str]:
    """Return the words a student can mark: key → how it is shown, in order of first use.

    A word is shown as it is most often written ("Taliban", "ruthless").
    """
    forms: dict[str, Counter[str]] = {}
    for token in tokens:
        forms.setdefault(token.key, Counter())[text[token.start : token.end]] += 1
    return {key: counts.most_common(1)[0][0] for key, counts in forms.items()}


def blind_word_options(blind: BlindArticle) -> dict[str, str]:
    """Return the words a student can mark in a blind article (see :func:`word_options`)."""
    regions = [(b.start, b.end) for b in blind.blocks]
    return word_options(blind.text, word_tokens(blind.text, regions, blind.hidden))


def student_marks(
    tokens: Sequence[WordToken], marked: Collection[str], title: str = "You marked this word"
) -> list[Mark]:
    """Return a mark on every occurrence of a marked word (the student's view before reveal)."""
    chosen = set(marked)
    return [
        Mark(t.start, t.end, LAYER_LOADED, classes=("ag", "ag-you"), title=title, code="Y")
        for t in tokens
        if t.key in chosen
    ]


def hidden_marks(hidden: Sequence[tuple[int, int]]) -> list[Mark]:
    """Return marks that show where an outlet's name was hidden."""
    return [
        Mark(s, e, LAYER_QUOTE, tag="span", classes=("redacted",), title="Outlet name hidden")
        for s, e in hidden
    ]


# --- agreement between student and tool ---------------------------------------------------------

AGREE_CODES: dict[str, str] = {"both": "✓", "you": "Y", "tool": "T"}
"""The visible code after each mark in the reveal, so agreement is not told by colour alone."""

AGREE_NAMES: dict[str, str] = {
    "both": "Both you and the tool",
    "you": "Only you",
    "tool": "Only the tool",
}


def hit_display(hit: LoadedHit, text: str) -> str:
    """Return a hit's words as one line ("reflect poorly")."""
    return " ".join((hit.text or text[hit.start : hit.end]).split())


def hit_entry_text(hit: LoadedHit, category_names: Mapping[str, str]) -> str:
    """Return which word-list entry flagged a hit: its term, category and source."""
    name = category_display_name(hit.category, category_names)
    source = hit.source or "word list"
    return f"Flagged by the entry “{hit.term}” ({name}; source: {source})"


@dataclass(frozen=True)
class Agreement:
    """A student's marks beside the tool's loaded words in one article.

    Attributes:
        article_id: The article.
        both: Tool hits the student also marked (at least one of their words).
        tool_only: Tool hits the student did not mark.
        student_only: Word keys the student marked that no tool hit covers anywhere.
        student_only_tokens: Every occurrence of a marked word outside the tool's hits.
        shown: How each student-only key is written.
    """

    article_id: str
    both: tuple[LoadedHit, ...]
    tool_only: tuple[LoadedHit, ...]
    student_only: tuple[str, ...]
    student_only_tokens: tuple[WordToken, ...]
    shown: Mapping[str, str]

    def words(self, which: Literal["both", "tool"], text: str) -> list[str]:
        """Return the distinct words of the ``both`` or ``tool`` hits, in text order."""
        hits = self.both if which == "both" else self.tool_only
        return list(dict.fromkeys(hit_display(h, text).lower() for h in hits))


def counted_hits(article: ArticleAnalysis) -> list[LoadedHit]:
    """Return the article's loaded-word hits in the blocks students see."""
    regions = shown_regions(article)
    return [h for h in article.loaded if any(s <= h.start and h.end <= e for s, e in regions)]


def agreement(article: ArticleAnalysis, marked: Collection[str]) -> Agreement:
    """Set a student's marked words beside the tool's hits in one article.

    A hit counts as found by both when the student marked any word inside it; a marked word
    is the student's alone when none of its occurrences falls inside a hit.

    Args:
        article: The analysed article (original text, names revealed).
        marked: The word keys the student marked (see :func:`word_key`).
    """
    chosen = set(marked)
    regions = shown_regions(article)
    hide = alias_ranges(article.text, outlet_aliases(article.meta), regions)
    tokens = word_tokens(article.text, regions, hide)
    hits = counted_hits(article)
    marked_tokens = [t for t in tokens if t.key in chosen]
    both: list[LoadedHit] = []
    tool_only: list[LoadedHit] = []
    for hit in hits:
        found = any(t.start < hit.end and t.end > hit.start for t in marked_tokens)
        (both if found else tool_only).append(hit)
    outside = [
        t for t in marked_tokens if not any(t.start < h.end and t.end > h.start for h in hits)
    ]
    inside_keys = {t.key for t in marked_tokens} - {t.key for t in outside}
    only_keys = [k for k in dict.fromkeys(t.key for t in outside) if k not in inside_keys]
    shown = word_options(article.text, marked_tokens)
    return Agreement(
        article_id=article.meta.id,
        both=tuple(both),
        tool_only=tuple(tool_only),
        student_only=tuple(only_keys),
        student_only_tokens=tuple(outside),
        shown=shown,
    )


def agreement_marks(
    article: ArticleAnalysis, result: Agreement, category_names: Mapping[str, str]
) -> list[Mark]:
    """Return the reveal's marks: both (✓), only the tool (T), only the student (Y)."""
    marks: list[Mark] = []
    for which, hits in (("both", result.both), ("tool", result.tool_only)):
        for hit in hits:
            name = category_display_name(hit.category, category_names)
            lines = [
                f"{AGREE_NAMES[which]}: “{hit_display(hit, article.text)}”",
                hit.reason or name,
                hit_entry_text(hit, category_names),
            ]
            if hit.voice == "quote":
                lines.append("(inside a quotation: the speaker's word, not the outlet's)")
            marks.append(
                Mark(
                    hit.start,
                    hit.end,
                    LAYER_LOADED,
                    classes=("ag", f"ag-{which}"),
                    title="\n".join(lines),
                    code=AGREE_CODES[which],
                )
            )
    for token in result.student_only_tokens:
        marks.append(
            Mark(
                token.start,
                token.end,
                LAYER_LOADED,
                classes=("ag", "ag-you"),
                title=(
                    f"Only you: “{article.text[token.start : token.end]}”\n"
                    "The tool's word list has no entry for it here. Is it loaded, or a plain "
                    "fact? A teacher can add it on the word list page."
                ),
                code=AGREE_CODES["you"],
            )
        )
    for quote in article.quotes:
        details = [f"Quotation from {quote.speaker or 'an unnamed speaker'}"]
        if quote.verb:
            details.append(f"attributed with “{quote.verb}”")
        if quote.partial:
            details.append("a partial quote inside the outlet's own sentence")
        marks.append(
            Mark(quote.start, quote.end, LAYER_QUOTE, classes=("q",), title="\n".join(details))
        )
    return marks


def agreement_sentence(result: Agreement) -> str:
    """Return the agreement in one plain sentence."""
    tool_total = len(result.both) + len(result.tool_only)
    found = len(result.both)
    yours = len(result.student_only) + len({h.start for h in result.both})
    if not yours and not tool_total:
        return "Neither you nor the tool marked any word."
    if not yours:
        return f"You marked no words; the tool flagged {tool_total}."
    alone = len(result.student_only)
    verb = "is" if alone == 1 else "are"
    return (
        f"You found {found} of the {tool_total} words the tool flagged; "
        f"{alone} of your words {verb} not on the tool's list."
    )


# --- guesses -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GuessQuestion:
    """A prediction students make, checked against one measured figure.

    Attributes:
        key: Short id (used in widget keys).
        prompt: The question as students read it.
        metric: The metric key that answers it.
        higher_wins: Whether the larger value answers the question ("quotes more").
        winner_phrase: How the answer reads ("is more negative").
    """

    key: str
    prompt: str
    metric: str
    higher_wins: bool
    winner_phrase: str


GUESS_QUESTIONS: tuple[GuessQuestion, ...] = (
    GuessQuestion("negative", "Which article is more negative?", "tone", False, "is more negative"),
    GuessQuestion(
        "quotes", "Which article quotes people more?", "quote_share", True, "quotes more"
    ),
    GuessQuestion(
        "harder", "Which article is harder to read?", "flesch_kincaid_grade", True, "reads harder"
    ),
    GuessQuestion(
        "loaded",
        "Which article uses more loaded words?",
        "loaded_per_100",
        True,
        "uses more loaded words",
    ),
)


@dataclass(frozen=True)
class ToolAnswer:
    """What the figures say about one guess.

    Attributes:
        winner: The article that clearly answers the question, or None when the leading
            articles are closer than the meaningful difference (or a value is missing).
        values: The metric per article id.
        leaders: The articles within the meaningful difference of the extreme value.
        meaningful: The smallest difference that means something for this metric.
    """

    winner: str | None
    values: Mapping[str, float | None]
    leaders: tuple[str, ...]
    meaningful: float


def tool_answer(question: GuessQuestion, articles: Sequence[ArticleAnalysis]) -> ToolAnswer:
    """Return the tool's answer to a guess question from the articles' figures."""
    meaningful = METRICS_BY_KEY[question.metric].meaningful_difference
    values = {a.meta.id: a.metrics.get(question.metric) for a in articles}
    known = {k: v for k, v in values.items() if v is not None}
    if len(known) < 2 or len(known) < len(values):
        return ToolAnswer(None, values, tuple(known), meaningful)
    sign = 1.0 if question.higher_wins else -1.0
    best = max(sign * v for v in known.values())
    leaders = tuple(k for k, v in known.items() if best - sign * v < meaningful)
    winner = leaders[0] if len(leaders) == 1 else None
    return ToolAnswer(winner, values, leaders, meaningful)


Verdict = Literal["unanswered", "agree", "disagree", "too_close"]


def verdict(guess: str | None, answer: ToolAnswer) -> Verdict:
    """Return how a guess compares with the tool's answer.

    ``too_close`` means the student named an article the tool cannot tell apart from another.
    """
    if guess is None:
        return "unanswered"
    if answer.winner is None:
        return "agree" if guess == SAME else "too_close"
    return "agree" if guess == answer.winner else "disagree"


VERDICT_TEXT: dict[str, str] = {
    "unanswered": "No guess made",
    "agree": "You and the tool agree",
    "disagree": "The tool measured otherwise",
    "too_close": "Too close to call: the tool sees no meaningful difference",
}


def answer_text(question: GuessQuestion, answer: ToolAnswer, names: Mapping[str, str]) -> str:
    """Return the tool's answer in words ("Article B quotes more")."""
    if answer.winner is not None:
        return f"{names.get(answer.winner, answer.winner)} {question.winner_phrase}"
    if len(answer.leaders) < 2:
        return "Not enough text to measure"
    return "About the same: " + " and ".join(names.get(i, i) for i in answer.leaders)


def guess_text(guess: str | None, names: Mapping[str, str]) -> str:
    """Return a guess as shown: an article's name, "About the same" or a dash."""
    if guess is None:
        return "–"
    return "About the same" if guess == SAME else names.get(guess, guess)


# --- the lesson's state --------------------------------------------------------------------------


@dataclass
class LessonState:
    """One student's lesson: where they are, their marks and their guesses.

    Kept in ``st.session_state`` (this browser tab only); a new choice of story or articles
    starts a new lesson.

    Attributes:
        lesson_id: Which story and articles the lesson is about (:func:`lesson_id`).
        step: The current step, one of :data:`STEPS`.
        marks: Marked word keys per article id.
        guesses: The guess per :class:`GuessQuestion` key: an article id, :data:`SAME`, or None.
    """

    lesson_id: str
    step: str = STEPS[0]
    marks: dict[str, list[str]] = field(default_factory=dict)
    guesses: dict[str, str | None] = field(default_factory=dict)

    def move(self, offset: int) -> None:
        """Go ``offset`` steps forward (or back), staying within the lesson."""
        position = STEPS.index(self.step) if self.step in STEPS else 0
        self.step = STEPS[min(len(STEPS) - 1, max(0, position + offset))]


def lesson_id(story_key: str, article_ids: Sequence[str]) -> str:
    """Return the id of a lesson on these articles of a story."""
    return story_key + "|" + ",".join(article_ids)
