"""Result types of a cross-article comparison, each with a ``to_json`` method.

All offsets index into the ``text`` of the article named by ``article``; ``end`` is exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from analysis.model import ToneDriver


def _rounded(value: float | None, digits: int = 3) -> float | None:
    """Return ``value`` rounded for JSON, keeping None."""
    return None if value is None else round(value, digits)


@dataclass(frozen=True)
class TextRef:
    """A character range of one article, with the text it covers."""

    article: str
    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form: ``article``, ``start``, ``end``, ``text``."""
        return {"article": self.article, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class SentenceGroup:
    """One body sentence, or several adjacent ones aligned together (many-to-one)."""

    article: str
    sentences: tuple[tuple[int, int], ...]
    """``(start, end)`` of each sentence in the group, in text order."""
    text: str
    """The sentences' texts joined by a space."""

    @property
    def start(self) -> int:
        """Return where the first sentence starts."""
        return self.sentences[0][0]

    @property
    def end(self) -> int:
        """Return where the last sentence ends."""
        return self.sentences[-1][1]

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form: ``article``, ``start``, ``end``, ``text``, ``sentences``."""
        return {
            "article": self.article,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "sentences": [[s, e] for s, e in self.sentences],
        }


SwapKind = Literal["swap", "only_a", "only_b"]


@dataclass(frozen=True)
class Swap:
    """A word-choice difference inside two aligned sentences.

    ``swap``: different words in both (``a`` and ``b`` set); ``only_a``/``only_b``: words one
    side has and the other lacks (the other side is None).
    """

    kind: SwapKind
    a: TextRef | None
    b: TextRef | None
    reordered: bool = False
    """True when the run was merged because the same words moved (a reordering)."""

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form: ``kind``, ``a``, ``b`` (each a text reference or null)."""
        return {
            "kind": self.kind,
            "a": None if self.a is None else self.a.to_json(),
            "b": None if self.b is None else self.b.to_json(),
            "reordered": self.reordered,
        }


@dataclass(frozen=True)
class Alignment:
    """Sentences of two articles that report the same thing."""

    a: SentenceGroup
    b: SentenceGroup
    similarity: float
    """TF-IDF cosine of the two groups' content-word stems, 0 to 1."""
    swaps: tuple[Swap, ...] = ()

    @property
    def kind(self) -> str:
        """Return "one-to-one" or "many-to-one" (one side has several sentences)."""
        if len(self.a.sentences) == 1 and len(self.b.sentences) == 1:
            return "one-to-one"
        return "many-to-one"

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form (see the package docstring)."""
        return {
            "a": self.a.to_json(),
            "b": self.b.to_json(),
            "similarity": round(self.similarity, 3),
            "kind": self.kind,
            "swaps": [s.to_json() for s in self.swaps],
        }


@dataclass(frozen=True)
class PrimaryCheck:
    """How one quotation compares with the primary source (a transcript)."""

    source: str
    """Article id of the primary source."""
    status: Literal["verbatim", "altered", "not_found"]
    source_ref: TextRef | None = None
    """The closest passage of the primary source, when one was found."""
    similarity: float = 0.0
    differences: tuple[tuple[str, str], ...] = ()
    """``(as quoted, as in the source)`` word runs that differ, for "altered"."""

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form: ``source``, ``status``, ``source_ref``, ``differences``."""
        return {
            "source": self.source,
            "status": self.status,
            "source_ref": None if self.source_ref is None else self.source_ref.to_json(),
            "similarity": round(self.similarity, 3),
            "differences": [{"quoted": q, "source": s} for q, s in self.differences],
        }


@dataclass(frozen=True)
class QuoteOccurrence:
    """One article's version of a quotation."""

    article: str
    start: int
    end: int
    text: str
    speaker: str | None
    """The speaker as the comparison names them (merged across articles), or None."""
    speaker_as_written: str | None
    verb: str | None
    partial: bool
    words: int
    primary: PrimaryCheck | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form (see the package docstring)."""
        return {
            "article": self.article,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "speaker": self.speaker,
            "speaker_as_written": self.speaker_as_written,
            "verb": self.verb,
            "partial": self.partial,
            "words": self.words,
            "primary": None if self.primary is None else self.primary.to_json(),
        }


@dataclass(frozen=True)
class SharedQuote:
    """A quotation and every article that carries it (in any trimming or punctuation)."""

    text: str
    """The longest version of the quotation."""
    speaker: str | None
    occurrences: tuple[QuoteOccurrence, ...]
    match: Literal["single", "exact", "contained", "fuzzy"]
    """How the versions were matched: the loosest rule that was needed."""

    @property
    def articles(self) -> list[str]:
        """Return the ids of the articles carrying the quotation, in first-seen order."""
        return list(dict.fromkeys(o.article for o in self.occurrences))

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form: ``text``, ``speaker``, ``articles``, ``match``, ``occurrences``."""
        return {
            "text": self.text,
            "speaker": self.speaker,
            "articles": self.articles,
            "match": self.match,
            "occurrences": [o.to_json() for o in self.occurrences],
        }


@dataclass(frozen=True)
class VoiceCount:
    """How much one article quotes one speaker."""

    article: str
    quotes: int
    words: int


@dataclass(frozen=True)
class VoiceSummary:
    """A speaker and, per article, how many quotations and quoted words they get."""

    speaker: str
    """Merged speaker name, or "(unattributed)"."""
    counts: tuple[VoiceCount, ...]
    """One entry per compared article, zeros included, in comparison order."""

    @property
    def articles(self) -> list[str]:
        """Return the ids of the articles that quote this speaker."""
        return [c.article for c in self.counts if c.quotes]

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form: ``speaker``, ``articles`` (ids), ``counts`` (per article)."""
        return {
            "speaker": self.speaker,
            "articles": self.articles,
            "total_words": sum(c.words for c in self.counts),
            "counts": [
                {"article": c.article, "quotes": c.quotes, "words": c.words} for c in self.counts
            ],
        }


@dataclass(frozen=True)
class DistinctiveTerm:
    """A word used distinctively more (z > 0) or less (z < 0) by one article than the others."""

    term: str
    z: float
    """z-score of the log-odds ratio with informative Dirichlet prior (Monroe et al. 2008)."""
    delta: float
    """The log-odds ratio itself."""
    count: int
    """Occurrences in this article's body."""
    count_others: int
    """Occurrences in the other articles' bodies together."""
    total: int
    """Counted words in this article's body."""
    total_others: int

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form: ``term``, ``z``, ``delta``, counts and totals."""
        return {
            "term": self.term,
            "z": round(self.z, 3),
            "delta": round(self.delta, 4),
            "count": self.count,
            "count_others": self.count_others,
            "total": self.total,
            "total_others": self.total_others,
        }


@dataclass(frozen=True)
class ActorLabel:
    """A loaded word or short quoted phrase attached to an actor in the same clause."""

    text: str
    kind: Literal["loaded", "quoted"]
    start: int
    end: int
    voice: Literal["narration", "quote"] = "narration"


@dataclass(frozen=True)
class ActorToneSentence:
    """The tone of one narration sentence toward an actor (see :mod:`analysis.target_tone`).

    Offsets index into the article's ``text``.
    """

    start: int
    end: int
    """The sentence."""
    label: Literal["negative", "neutral", "positive"]
    score: float
    """P(positive) − P(negative) toward the actor, -1…+1."""
    evidence: tuple[ToneDriver, ...] = ()
    """The words behind the label; ``weight`` > 0 pushes toward positive, < 0 toward negative."""

    def to_json(self) -> dict[str, Any]:
        """Return ``start``, ``end``, ``label``, ``score`` and ``evidence`` (words, weights)."""
        return {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "score": round(self.score, 4),
            "evidence": [
                {
                    "start": d.start,
                    "end": d.end,
                    "word": d.label,
                    "weight": round(d.weight, 4),
                    "reason": d.reason,
                }
                for d in self.evidence
            ],
        }


@dataclass(frozen=True)
class ActorInArticle:
    """How one article treats one actor."""

    article: str
    mentions: int
    mentions_narration: int
    """Mentions in the outlet's own words (outside quotation marks)."""
    spans: tuple[tuple[int, int], ...]
    labels: tuple[ActorLabel, ...]
    tone_narration: float | None
    """Mean tone toward the actor in narration: over the body sentences that mention the actor
    outside quotation marks, the mean of the target-dependent score (P(positive) − P(negative),
    -1…+1) of the sentence's own words toward the actor (:mod:`analysis.target_tone`, quoted
    words left out); None if no such sentence."""
    narration_sentences: int
    tone_sentences: tuple[ActorToneSentence, ...] = ()
    """Per such sentence: label, score and the words behind it."""
    vader_tone_narration: float | None = None
    """Mean VADER narration tone of the same sentences (the whole sentence, whoever it is
    about; what ``tone_narration`` meant before the target-dependent model)."""

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form (see the package docstring)."""
        return {
            "article": self.article,
            "mentions": self.mentions,
            "mentions_narration": self.mentions_narration,
            "spans": [[s, e] for s, e in self.spans],
            "labels": [
                {"text": lb.text, "kind": lb.kind, "start": lb.start, "end": lb.end}
                for lb in self.labels
            ],
            "tone_narration": _rounded(self.tone_narration),
            "narration_sentences": self.narration_sentences,
            "vader_tone_narration": _rounded(self.vader_tone_narration),
            "tone_sentences": [t.to_json() for t in self.tone_sentences],
        }


@dataclass(frozen=True)
class Actor:
    """A person or group named in the articles, with every alias merged."""

    name: str
    kind: Literal["person", "group"]
    aliases: tuple[str, ...]
    per_article: tuple[ActorInArticle, ...]
    """One entry per compared article (zeros included), in comparison order."""

    @property
    def mentions(self) -> int:
        """Return the total number of mentions across articles."""
        return sum(p.mentions for p in self.per_article)

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form: ``name``, ``kind``, ``aliases``, ``mentions``, ``articles``."""
        return {
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "mentions": self.mentions,
            "articles": [p.to_json() for p in self.per_article],
        }


@dataclass(frozen=True)
class HeadlineSummary:
    """One article's headline and subheadline with tone and loaded words."""

    article: str
    headline: TextRef | None
    subheadline: TextRef | None
    tone: float | None
    """Mean VADER tone of the headline and subheadline sentences; None when there are none."""
    loaded: tuple[TextRef, ...]
    loaded_categories: tuple[str, ...]
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form: ``headline``, ``subheadline``, ``tone``, ``loaded``, ``note``."""
        return {
            "article": self.article,
            "headline": None if self.headline is None else self.headline.to_json(),
            "subheadline": None if self.subheadline is None else self.subheadline.to_json(),
            "tone": _rounded(self.tone),
            "loaded": [
                {**ref.to_json(), "category": cat}
                for ref, cat in zip(self.loaded, self.loaded_categories, strict=True)
            ],
            "note": self.note,
        }


@dataclass
class Comparison:
    """Everything compared across the articles of one story."""

    articles: list[str]
    aligned: list[Alignment] = field(default_factory=list)
    only_in: dict[str, list[TextRef]] = field(default_factory=dict)
    quotes: list[SharedQuote] = field(default_factory=list)
    voices: list[VoiceSummary] = field(default_factory=list)
    distinctive: dict[str, list[DistinctiveTerm]] = field(default_factory=dict)
    actors: list[Actor] = field(default_factory=list)
    headlines: list[HeadlineSummary] = field(default_factory=list)
    primary_source: str | None = None
    parameters: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form documented in :mod:`analysis.compare`."""
        return {
            "articles": list(self.articles),
            "primary_source": self.primary_source,
            "parameters": dict(self.parameters),
            "aligned": [a.to_json() for a in self.aligned],
            "only_in": {
                art: [{"start": r.start, "end": r.end, "text": r.text} for r in refs]
                for art, refs in self.only_in.items()
            },
            "quotes": [q.to_json() for q in self.quotes],
            "voices": [v.to_json() for v in self.voices],
            "distinctive": {
                art: [t.to_json() for t in terms] for art, terms in self.distinctive.items()
            },
            "actors": [a.to_json() for a in self.actors],
            "headlines": [h.to_json() for h in self.headlines],
            "warnings": list(self.warnings),
        }
