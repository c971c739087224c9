"""Discussion questions generated from the differences actually detected between the articles.

Every question rests on a finding of :func:`analysis.compare.compare_articles` or on a gap
between two articles' figures larger than the metric's
:attr:`~analysis.metrics.MetricInfo.meaningful_difference`; nothing is asked about a difference
the tool did not find. Each :class:`DiscussionQuestion` carries the finding in plain words, the
question, and the sentences it rests on (evidence), so a class can check it in the texts.

Kinds, in the order they are asked:

* ``voice``: quotations of one speaker that only some articles carry;
* ``judgement``: a sentence only one article has, in which the outlet's own words are loaded;
* ``label``: a loaded word the outlet attaches to a person or group that another article
  does not use for them;
* ``loaded_gap``, ``quote_gap``, ``grade_gap``, ``tone_gap``: a meaningful gap in a figure;
* ``distinctive``: words each article uses much more than the others;
* ``coverage``: how much each article reports that the others do not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from analysis.compare import Comparison, SharedQuote
from analysis.metrics import METRICS_BY_KEY
from analysis.model import ArticleAnalysis, LoadedHit, Sentence
from ui.summary import formatted_value

MAX_QUESTIONS = 8
NO_SPEAKER = "(unattributed)"
LABEL_CATEGORIES: frozenset[str] = frozenset(
    {"charged", "label", "saying_verb", "presupposing", "evaluative", "editorialising"}
)
"""Categories of loaded words that say something about the person they are attached to."""
MIN_DISTINCTIVE_Z = 1.0
MIN_DISTINCTIVE_COUNT = 3
DISTINCTIVE_WORDS = 3
QUOTE_CHARS = 160
JUDGEMENT_PER_ARTICLE = 1
COVERAGE_EXAMPLES = 1


@dataclass(frozen=True)
class Evidence:
    """A passage of one article that a question rests on (offsets into the article's text)."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DiscussionQuestion:
    """A question for the class, with what the tool found and where.

    Attributes:
        kind: What kind of difference it rests on (see the module docstring).
        finding: The detected difference, in plain words.
        question: What to discuss.
        evidence: The passages the finding rests on.
    """

    kind: str
    finding: str
    question: str
    evidence: tuple[Evidence, ...] = ()


def _clean_quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """Return quoted words trimmed of trailing punctuation and shortened for a question."""
    text = " ".join(text.split()).rstrip(",;: ")
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


def _join(names: Sequence[str]) -> str:
    """Return names joined as prose: "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _sentence_at(article: ArticleAnalysis, offset: int) -> Sentence | None:
    """Return the sentence containing ``offset``, or None."""
    for sentence in article.sentences:
        if sentence.start <= offset < sentence.end:
            return sentence
    return None


def _sentence_evidence(article: ArticleAnalysis, start: int, end: int) -> Evidence:
    """Return the sentence(s) around ``start``–``end`` as evidence (the range itself if none)."""
    first = _sentence_at(article, start)
    last = _sentence_at(article, max(start, end - 1))
    s = first.start if first else start
    e = last.end if last else end
    return Evidence(article.meta.id, s, e, " ".join(article.text[s:e].split()))


def _with_previous(article: ArticleAnalysis, evidence: Evidence, words: Sequence[str]) -> Evidence:
    """Extend evidence by the sentence before it when that sentence names one of ``words``."""
    first = _sentence_at(article, evidence.start)
    if first is None:
        return evidence
    before = [s for s in article.sentences if s.index == first.index - 1 and s.role == first.role]
    if not before:
        return evidence
    previous = before[0]
    said = article.text[previous.start : previous.end]
    if not any(word and word in said for word in words):
        return evidence
    text = " ".join(article.text[previous.start : evidence.end].split())
    return Evidence(article.meta.id, previous.start, evidence.end, text)


def _speaker_words(comparison: Comparison, speaker: str) -> list[str]:
    """Return the names a speaker goes by (the actor's aliases, else the name's last word)."""
    for actor in comparison.actors:
        if actor.name == speaker:
            return [speaker, *actor.aliases]
    return [speaker, speaker.split()[-1]]


def _first_position(quote: SharedQuote, carriers: Sequence[str]) -> tuple[int, int]:
    """Return where a quotation first occurs: (carrier's position, offset in its text)."""
    return min(
        (carriers.index(o.article), o.start) for o in quote.occurrences if o.article in carriers
    )


def _verb(subjects: Sequence[str], singular: str, plural: str) -> str:
    """Return the verb agreeing with a list of subjects joined by "and"."""
    return singular if len(subjects) == 1 else plural


def voice_questions(
    articles: Sequence[ArticleAnalysis], comparison: Comparison, names: Mapping[str, str]
) -> list[DiscussionQuestion]:
    """Return one question per speaker whose quotations only some articles carry.

    Speakers are ordered by how many quoted words the others leave out.
    """
    by_id = {a.meta.id: a for a in articles}
    ids = [a.meta.id for a in articles]
    found: list[tuple[int, DiscussionQuestion]] = []
    for voice in comparison.voices:
        if voice.speaker == NO_SPEAKER:
            continue
        partial: list[SharedQuote] = [
            q
            for q in comparison.quotes
            if q.speaker == voice.speaker and set(q.articles) != set(ids) and q.articles
        ]
        if not partial:
            continue
        carriers = list(dict.fromkeys(a for q in partial for a in q.articles if a in by_id))
        carriers.sort(key=ids.index)
        missing = [i for i in ids if i not in carriers]
        if not carriers or not missing:
            continue
        quoting_elsewhere = [i for i in missing if i in voice.articles]
        words = sum(o.words for q in partial for o in q.occurrences)
        first = min(partial, key=lambda q: _first_position(q, carriers))
        more = len(partial) - 1
        extra = f" and {more} more quotation{'s' if more != 1 else ''}" if more else ""
        carrier_names = _join([names.get(i, i) for i in carriers])
        missing_names = _join([names.get(i, i) for i in missing])
        finding = (
            f"Only {carrier_names} quote{'s' if len(carriers) == 1 else ''} {voice.speaker} "
            f"saying “{_clean_quote(first.text)}”{extra} ({words} quoted words). "
        )
        if quoting_elsewhere:
            finding += (
                f"{missing_names} quote{'s' if len(missing) == 1 else ''} {voice.speaker} "
                "elsewhere, but not these words."
            )
        else:
            finding += (
                f"{missing_names} never quote{'s' if len(missing) == 1 else ''} {voice.speaker}."
            )
        question = (
            f"Why might it matter whether readers hear {voice.speaker}'s own words here? "
            f"How could leaving them out change what readers of {missing_names} think?"
        )
        aliases = _speaker_words(comparison, voice.speaker)
        evidence: list[Evidence] = []
        for occurrence in first.occurrences:
            article = by_id.get(occurrence.article)
            if article is None:
                continue
            evidence.append(
                _with_previous(
                    article,
                    _sentence_evidence(article, occurrence.start, occurrence.end),
                    aliases,
                )
            )
        found.append((words, DiscussionQuestion("voice", finding, question, tuple(evidence))))
    found.sort(key=lambda item: -item[0])
    return [q for _, q in found]


def _narration_hits(article: ArticleAnalysis, start: int, end: int) -> list[LoadedHit]:
    return [
        h for h in article.loaded if h.voice == "narration" and start <= h.start and h.end <= end
    ]


def judgement_questions(
    articles: Sequence[ArticleAnalysis],
    comparison: Comparison,
    names: Mapping[str, str],
    category_names: Mapping[str, str],
    per_article: int = JUDGEMENT_PER_ARTICLE,
) -> list[DiscussionQuestion]:
    """Return questions on sentences only one article has, in which its own words are loaded.

    Per article, the one-article-only sentences with the most loaded words in the outlet's own
    words (ties: the earlier sentence).
    """
    questions: list[tuple[int, DiscussionQuestion]] = []
    for article in articles:
        refs = comparison.only_in.get(article.meta.id, [])
        scored = [(len(_narration_hits(article, r.start, r.end)), n, r) for n, r in enumerate(refs)]
        scored = [item for item in scored if item[0] > 0]
        scored.sort(key=lambda item: (-item[0], item[1]))
        other_names = [names.get(a.meta.id, a.meta.id) for a in articles if a is not article]
        others = _join(other_names)
        report = _verb(other_names, "reports", "report")
        name = names.get(article.meta.id, article.meta.id)
        for _, _, ref in scored[:per_article]:
            hits = _narration_hits(article, ref.start, ref.end)
            flagged = ", ".join(
                f"“{' '.join(h.text.split())}” ({category_names.get(h.category, h.category)})"
                for h in hits
            )
            finding = (
                f"Only {name} has this sentence; {others} {report} nothing like it. In the "
                f"outlet's own words the tool flags {flagged}."
            )
            question = (
                "Is this something a reader could check, or the writer's judgement? "
                f"How would {name}'s story read without it?"
            )
            evidence = Evidence(article.meta.id, ref.start, ref.end, " ".join(ref.text.split()))
            questions.append(
                (len(hits), DiscussionQuestion("judgement", finding, question, (evidence,)))
            )
    questions.sort(key=lambda item: -item[0])
    return [q for _, q in questions]


def label_questions(
    articles: Sequence[ArticleAnalysis],
    comparison: Comparison,
    names: Mapping[str, str],
    category_names: Mapping[str, str],
) -> list[DiscussionQuestion]:
    """Return questions on loaded words an outlet attaches, in its own words, to an actor.

    Only labels another article does not use for the same actor, and only categories that judge
    (see :data:`LABEL_CATEGORIES`; intensifiers and hedges are left out).
    """
    by_id = {a.meta.id: a for a in articles}
    questions: list[DiscussionQuestion] = []
    for actor in comparison.actors:
        used: dict[str, set[str]] = {
            p.article: {lb.text.lower() for lb in p.labels} for p in actor.per_article
        }
        for part in actor.per_article:
            article = by_id.get(part.article)
            if article is None:
                continue
            hits = {(h.start, h.end): h for h in article.loaded}
            for label in part.labels:
                hit = hits.get((label.start, label.end))
                if (
                    label.kind != "loaded"
                    or label.voice != "narration"
                    or hit is None
                    or hit.category not in LABEL_CATEGORIES
                ):
                    continue
                word = label.text.lower()
                if all(word in words for other, words in used.items() if other != part.article):
                    continue
                name = names.get(part.article, part.article)
                others = [
                    names.get(o.article, o.article)
                    for o in actor.per_article
                    if o.article != part.article and o.mentions
                ]
                category = category_names.get(hit.category, hit.category)
                alternative = f" A plainer word: “{hit.alternative}”." if hit.alternative else ""
                finding = (
                    f"In its own words, {name} uses “{label.text}” ({category}) about "
                    f"{actor.name}."
                    + (
                        f" {_join(others)} mention{'s' if len(others) == 1 else ''} "
                        f"{actor.name} without it."
                        if others
                        else ""
                    )
                    + alternative
                )
                question = (
                    f"What does “{label.text}” suggest about {actor.name}? Would a neutral word "
                    "change what a reader thinks of them?"
                )
                evidence = _sentence_evidence(article, label.start, label.end)
                questions.append(DiscussionQuestion("label", finding, question, (evidence,)))
    return questions


def _gap(articles: Sequence[ArticleAnalysis], key: str) -> tuple[ArticleAnalysis, ArticleAnalysis]:
    """Return the articles with the highest and the lowest value of ``key``."""
    known = [a for a in articles if a.metrics.get(key) is not None]
    high = max(known, key=lambda a: a.metrics[key])
    low = min(known, key=lambda a: a.metrics[key])
    return high, low


def _meaningful_gap(articles: Sequence[ArticleAnalysis], key: str, meaningful: float) -> bool:
    values = [a.metrics.get(key) for a in articles]
    known = [v for v in values if v is not None]
    return len(known) >= 2 and max(known) - min(known) >= meaningful


def figure_questions(
    articles: Sequence[ArticleAnalysis],
    names: Mapping[str, str],
    category_names: Mapping[str, str],
) -> list[DiscussionQuestion]:
    """Return questions on figures whose gap is at least the metric's meaningful difference."""
    questions: list[DiscussionQuestion] = []

    def name(article: ArticleAnalysis) -> str:
        return names.get(article.meta.id, article.meta.id)

    loaded = METRICS_BY_KEY["loaded_per_100"]
    key = loaded.narration_key or loaded.key
    if _meaningful_gap(articles, key, loaded.meaningful_difference):
        high, low = _gap(articles, key)
        hits = [h for h in high.loaded if h.voice == "narration" and h.role == "body"]
        examples = list(dict.fromkeys(" ".join(h.text.split()) for h in hits))[:4]
        with_alternative = [h for h in hits if h.alternative]
        rewrite = ""
        if with_alternative:
            hit = with_alternative[0]
            rewrite = f" For example “{hit.text}” could be “{hit.alternative}”."
        finding = (
            f"In its own words, {name(high)} uses {formatted_value(key, high.metrics[key])} "
            f"loaded words per 100, {name(low)} {formatted_value(key, low.metrics[key])}. "
            f"Examples from {name(high)}: " + ", ".join(f"“{e}”" for e in examples) + "."
        )
        question = (
            f"Rewrite one of {name(high)}'s sentences with plainer words.{rewrite} "
            "What changes: the facts, or the feeling?"
        )
        evidence = tuple(_sentence_evidence(high, h.start, h.end) for h in hits[:2])
        questions.append(DiscussionQuestion("loaded_gap", finding, question, evidence))

    quotes = METRICS_BY_KEY["quote_share"]
    if _meaningful_gap(articles, quotes.key, quotes.meaningful_difference):
        high, low = _gap(articles, quotes.key)
        finding = (
            f"{formatted_value(quotes.key, high.metrics[quotes.key])} of {name(high)}'s words "
            f"are direct quotations, against {formatted_value(quotes.key, low.metrics[quotes.key])}"
            f" of {name(low)}'s ({high.metrics.get('quote_count') or 0:.0f} and "
            f"{low.metrics.get('quote_count') or 0:.0f} quotations)."
        )
        question = (
            f"Whose voices fill {name(high)}'s extra quotations? When an article quotes less, "
            "who does the talking instead?"
        )
        questions.append(DiscussionQuestion("quote_gap", finding, question))

    grade = METRICS_BY_KEY["flesch_kincaid_grade"]
    if _meaningful_gap(articles, grade.key, grade.meaningful_difference):
        high, low = _gap(articles, grade.key)
        hard = max(
            (s for s in high.sentences if s.role == "body"), key=lambda s: s.grade, default=None
        )
        high_grade = formatted_value(grade.key, high.metrics[grade.key])
        low_grade = formatted_value(grade.key, low.metrics[grade.key])
        finding = (
            f"{name(high)} reads at US school grade {high_grade}, {name(low)} at {low_grade}: "
            "the gap is larger than the one school year that means something."
        )
        question = (
            "Who do you think each article was written for? Does a harder text seem more "
            "trustworthy, or less?"
        )
        evidence = (_sentence_evidence(high, hard.start, hard.end),) if hard is not None else ()
        questions.append(DiscussionQuestion("grade_gap", finding, question, evidence))

    tone = METRICS_BY_KEY["tone"]
    key = tone.narration_key or tone.key
    if _meaningful_gap(articles, key, tone.meaningful_difference):
        high, low = _gap(articles, key)
        finding = (
            f"In the outlet's own words, {name(low)} is more negative "
            f"({formatted_value(key, low.metrics[key])}) than {name(high)} "
            f"({formatted_value(key, high.metrics[key])})."
        )
        question = (
            f"Is {name(low)} more negative because of what happened, or because of how it is told? "
            "Find a sentence that shows it."
        )
        questions.append(DiscussionQuestion("tone_gap", finding, question))
    return questions


def distinctive_question(
    articles: Sequence[ArticleAnalysis], comparison: Comparison, names: Mapping[str, str]
) -> list[DiscussionQuestion]:
    """Return one question on the words each article uses distinctively more than the others."""
    parts: list[str] = []
    for article in articles:
        terms = [
            t
            for t in comparison.distinctive.get(article.meta.id, [])
            if t.z >= MIN_DISTINCTIVE_Z and t.count >= MIN_DISTINCTIVE_COUNT
        ][:DISTINCTIVE_WORDS]
        if not terms:
            continue
        others = [names.get(a.meta.id, a.meta.id) for a in articles if a is not article]
        where = others[0] if len(others) == 1 else "the others together"
        words = ", ".join(f"“{t.term}” {t.count} times ({where}: {t.count_others})" for t in terms)
        parts.append(f"{names.get(article.meta.id, article.meta.id)} uses {words}")
    if not parts:
        return []
    finding = "; ".join(parts) + "."
    question = "What does each article's choice of words put at the centre of the story?"
    return [DiscussionQuestion("distinctive", finding, question)]


def coverage_question(
    articles: Sequence[ArticleAnalysis],
    comparison: Comparison,
    names: Mapping[str, str],
    used: set[tuple[str, int]],
) -> list[DiscussionQuestion]:
    """Return one question on how much each article reports that the others do not.

    Examples are the longest one-article-only sentences not used by another question.
    """
    counts: list[str] = []
    evidence: list[Evidence] = []
    for article in articles:
        refs = comparison.only_in.get(article.meta.id, [])
        if not refs:
            continue
        others = [names.get(a.meta.id, a.meta.id) for a in articles if a is not article]
        missing = f"{others[0]} does not" if len(others) == 1 else "the others do not"
        counts.append(
            f"{names.get(article.meta.id, article.meta.id)} has {len(refs)} sentence"
            f"{'s' if len(refs) != 1 else ''} {missing} report"
        )
        fresh = [r for r in refs if (article.meta.id, r.start) not in used]
        fresh.sort(key=lambda r: -len(r.text))
        for ref in fresh[:COVERAGE_EXAMPLES]:
            evidence.append(
                Evidence(article.meta.id, ref.start, ref.end, " ".join(ref.text.split()))
            )
    if not counts:
        return []
    finding = "; ".join(counts) + "."
    question = (
        "Look at what each article includes and leaves out. Does a reader of only one of them "
        "get a different picture of the event?"
    )
    return [DiscussionQuestion("coverage", finding, question, tuple(evidence))]


def discussion_questions(
    articles: Sequence[ArticleAnalysis],
    comparison: Comparison,
    names: Mapping[str, str],
    category_names: Mapping[str, str],
    max_questions: int | None = MAX_QUESTIONS,
) -> list[DiscussionQuestion]:
    """Return the questions for the discussion, most telling first.

    Args:
        articles: The compared articles (two to six), in the order shown.
        comparison: Their comparison (:func:`analysis.compare.compare_articles`).
        names: Display name per article id (outlets, once revealed).
        category_names: Display name per loaded-word category id.
        max_questions: At most this many questions (the closing ``coverage`` question is
            kept); every question when None.
    """
    if len(articles) < 2:
        return []
    found = [
        *voice_questions(articles, comparison, names),
        *judgement_questions(articles, comparison, names, category_names),
        *label_questions(articles, comparison, names, category_names),
        *figure_questions(articles, names, category_names),
        *distinctive_question(articles, comparison, names),
    ]
    questions: list[DiscussionQuestion] = []
    seen: set[tuple[str, int]] = set()
    for question in found:
        spots = {(e.article_id, e.start) for e in question.evidence}
        if spots and spots <= seen:
            continue  # the same sentences as an earlier question
        seen |= spots
        questions.append(question)
    coverage = coverage_question(articles, comparison, names, seen)
    ordered = _by_rounds(questions) + coverage
    return ordered if max_questions is None else _keep_coverage(ordered, max_questions)


def _by_rounds(questions: Sequence[DiscussionQuestion]) -> list[DiscussionQuestion]:
    """Return the questions reordered: the first of each kind, then the second of each…"""
    rank: dict[str, int] = {}
    counts: dict[str, int] = {}
    ordered: list[tuple[int, int, int, DiscussionQuestion]] = []
    for position, question in enumerate(questions):
        rank.setdefault(question.kind, len(rank))
        round_number = counts.get(question.kind, 0)
        counts[question.kind] = round_number + 1
        ordered.append((round_number, rank[question.kind], position, question))
    return [q for *_, q in sorted(ordered, key=lambda item: item[:3])]


def _keep_coverage(questions: list[DiscussionQuestion], limit: int) -> list[DiscussionQuestion]:
    """Return at most ``limit`` questions, keeping the closing coverage question."""
    if len(questions) <= limit:
        return questions
    closing = [q for q in questions if q.kind == "coverage"][:1]
    rest = [q for q in questions if q.kind != "coverage"]
    return rest[: max(0, limit - len(closing))] + closing
