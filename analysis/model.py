"""The data model: spans and the results built from them.

Every figure the tool reports is computed from spans: character ranges in an article's ``text``
with a ``kind``, a ``label`` and a short ``reason``. Subclasses add the fields their kind needs.
All offsets index into :attr:`ArticleAnalysis.text`; ``end`` is exclusive, as in Python slices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockRole = Literal["headline", "subheadline", "body", "crosshead", "caption", "promo", "footer"]
"""What a block (one line or paragraph of the text) is.

``body`` and ``crosshead`` are the article proper and count in every metric; ``headline`` and
``subheadline`` are analysed on their own; ``caption``, ``promo`` and ``footer`` are shown greyed
and excluded from every metric.
"""

BODY_ROLES: frozenset[str] = frozenset({"body", "crosshead"})
HEADLINE_ROLES: frozenset[str] = frozenset({"headline", "subheadline"})

Voice = Literal["narration", "quote", "mixed"]


@dataclass(frozen=True, kw_only=True)
class Span:
    """A character range ``text[start:end]`` with what it is and why it was marked."""

    start: int
    end: int
    kind: str
    label: str = ""
    reason: str = ""

    def slice(self, text: str) -> str:
        """Return the characters of ``text`` this span covers."""
        return text[self.start : self.end]

    def contains(self, other: Span) -> bool:
        """Return whether ``other`` lies wholly inside this span."""
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, kw_only=True)
class Block(Span):
    """One line or paragraph of the text, with its role (body, caption, promo…)."""

    kind: str = "block"
    role: BlockRole = "body"


@dataclass(frozen=True, kw_only=True)
class Word(Span):
    """One word token. ``voice`` says whether the outlet wrote it or quoted it."""

    kind: str = "word"
    voice: Literal["narration", "quote"] = "narration"
    role: BlockRole = "body"


@dataclass(frozen=True, kw_only=True)
class ToneDriver(Span):
    """A word that moved a sentence's tone, with its signed weight (VADER valence)."""

    kind: str = "tone_driver"
    weight: float = 0.0


@dataclass(frozen=True, kw_only=True)
class Sentence(Span):
    """One sentence with its voice, tone and reading grade."""

    kind: str = "sentence"
    index: int = 0
    role: BlockRole = "body"
    voice: Voice = "narration"
    tone: float = 0.0
    """VADER compound score of the whole sentence, -1 (negative) to +1 (positive)."""
    tone_narration: float | None = None
    """Tone of the sentence's narration words alone; None when it has none."""
    tone_quoted: float | None = None
    """Tone of the sentence's quoted words alone; None when it has none."""
    drivers: tuple[ToneDriver, ...] = ()
    grade: float = 0.0
    """Flesch-Kincaid grade of this sentence alone."""
    word_count: int = 0
    quoted_word_count: int = 0


@dataclass(frozen=True, kw_only=True)
class Quote(Span):
    """A direct quotation. The span covers the quotation marks and what they enclose."""

    kind: str = "quote"
    text: str = ""
    """The quoted words without the surrounding quotation marks."""
    speaker: str | None = None
    """The speaker's name as the article writes it (resolved from a pronoun or title)."""
    speaker_start: int | None = None
    speaker_end: int | None = None
    """Where the attribution names the speaker (may be a pronoun); None when nobody is named."""
    verb: str | None = None
    """The attribution verb as written ("said", "called", "declared"), or None."""
    partial: bool = False
    """A word or phrase quoted inside the writer's own sentence, like “ruthless”."""


@dataclass(frozen=True, kw_only=True)
class LoadedHit(Span):
    """A match of the loaded-language lexicon."""

    kind: str = "loaded"
    text: str = ""
    term: str = ""
    """The lexicon entry that matched (its base form)."""
    category: str = ""
    alternative: str = ""
    """A neutral alternative, or empty when the lexicon gives none."""
    source: str = ""
    voice: Literal["narration", "quote"] = "narration"
    role: BlockRole = "body"


@dataclass
class ArticleMeta:
    """What is known about an article. Unknown fields stay empty rather than guessed."""

    id: str
    outlet: str = ""
    headline: str = ""
    subheadline: str = ""
    byline: str = ""
    date: str = ""
    url: str = ""
    kind: str = ""
    notes: str = ""
    source_path: str = ""


@dataclass
class Article:
    """An article as published: metadata plus the body text."""

    meta: ArticleMeta
    body: str


@dataclass
class Story:
    """An event and the articles that cover it."""

    id: str
    title: str
    date: str = ""
    description: str = ""
    articles: list[Article] = field(default_factory=list)


@dataclass
class ArticleAnalysis:
    """Everything measured about one article. All offsets index into ``text``."""

    meta: ArticleMeta
    text: str
    blocks: list[Block]
    sentences: list[Sentence]
    words: list[Word]
    quotes: list[Quote]
    loaded: list[LoadedHit]
    metrics: dict[str, float | None]
    warnings: list[str] = field(default_factory=list)
