"""Direct quotations: where they are, who is quoted, and with which verb.

Pure rules, no language model. The steps, each a small function below:

1. find the candidate quotation marks of a paragraph, telling apostrophes (It’s, Kabul’s,
   students’, ’90s, rock ’n’ roll) from closing single quotes; two apostrophes typed for a
   closing double mark (...this time of year,'') count as one mark;
2. pair them into quotations, paragraph by paragraph. A quotation left open at the end of a
   paragraph continues when the next paragraph opens with a quotation mark (the news convention);
   otherwise it ends with its paragraph, so a stray mark never swallows the rest of the article.
   A quote nested in a quote (“... I ask, ‘What is the vital national interest?’”, or with
   double marks inside double marks when the paragraph closes both) is part of its outer quote:
   only the outer one is reported, so nothing is counted twice;
3. decide whether a quote is partial: a word or phrase inside the writer's own sentence
   (it’s “possible”, calling them “ruthless”), rather than a quoted sentence;
4. find the attribution, the first of these that refers to somebody: right after the quote
   (“...,” Milley said / said Austin / according to X, also across an apposition), before it
   (Biden said, “...” / Milley called the Taliban “ruthless,” adding: “...” / accused by X of
   “...” / took to Twitter to warn that “...”), a participle after it (“...,” saying), or
   further on in the quote's clause (“...” from a lack of effort, said Bishop Weeks). A quote
   without one carries on the previous quote of its paragraph (“...,” Milley said. “Yes, ...”),
   the reported speech of the sentence before it (Schramm said she had seen progress. “And
   that is why I am here.”) or the attribution of the same words quoted elsewhere (a lede).
   A document speaks for its author (“...,” the government’s statement read / an article by
   the Associated Press sounds the alarm over the “...”); a relative clause speaks for the
   noun it follows (the New Jersey senator, who has vowed to “...”);
5. resolve the speaker: a name becomes its canonical form; a pronoun (“He added”) the person
   that the nearest sentence naming anybody makes speak, else the person it names first
   (owners and names after a preposition last); a title (“the general”, “US general”) the
   person the article gives that title to, and a definite description whose title nobody
   holds (“the left-wing leader”) the person a pronoun there would refer to; “they” or “the
   two advocates” an organisation the sentence (or the one before) makes speak, or the first
   of coordinated named people (“Trump and his advisers”); “the government” the institution
   the article names with that noun (“the Turkmen government”).

Canonical speaker names: the last word of the person's name as the article writes it, without
titles or possessive ("U.S. Army General Mark Milley" and "Milley" are both "Milley"); an
organisation keeps its full name ("Associated Press", "Physicians for Human Rights"), as does a
name the article introduces as an organisation's ("the advocacy group Athlete Ally"); an
institution is the words naming it and its noun ("Victoria police", "Trump campaign").

:attr:`Quote.text` is the exact text between the marks (``text[start + 1 : ...]``), so
:func:`quoted_ranges` can rebuild the inner range from a quote alone. For a quote that continues
over paragraphs it contains the paragraph break and the continuing paragraph's opening mark.

Measured on a hand-built gold set of 28 MBIC articles (``tests/gold/quotes/``,
``benchmarks/eval_quotes.py``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Literal, NamedTuple

from analysis.model import Block, Quote

QUOTE_ROLES: frozenset[str] = frozenset({"body", "crosshead", "headline", "subheadline"})
"""Block roles searched for quotations; captions, promos and footers are skipped."""

_MASK = "\x00"
"""Stands in for quoted text when looking for attributions, so no verb or name inside a quote
is mistaken for the writer's."""

# --- Step 1: candidate marks ------------------------------------------------------------------

MarkKind = Literal["double", "single"]
MarkRole = Literal["open", "close", "either"]

_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_MARK_CHARS = re.compile(r"[“”«»\"‘’']")
_DOUBLE_OPENERS = "“«"
_DOUBLE_CLOSERS = "”»"
_OPENING_CONTEXT = "([{—–-/" + "“«‘"
_CLOSING_CONTEXT = ".,;:!?)]}—–…" + "”»’"
_ELISION = re.compile(
    r"(?:\d\d|em|til|cause|tis|twas|n|bout|round|cos|nother|ello|ere)(?![^\W_])", re.IGNORECASE
)
"""What follows an apostrophe that stands for left-out letters: ’90s, ’em, ’til, rock ’n’ roll."""


# The small records below are named tuples rather than frozen dataclasses: an article builds
# hundreds of them, and a frozen dataclass takes several times longer to build.
class _Mark(NamedTuple):
    position: int
    kind: MarkKind
    role: MarkRole
    straight: bool
    length: int = 1
    """Characters the mark takes: 2 for a closing mark typed as two apostrophes ('')."""


def _is_wordlike(char: str) -> bool:
    return char.isalnum()


def _candidate_marks(text: str, start: int, end: int) -> list[_Mark]:
    """Return the quotation marks in ``text[start:end]``, apostrophes left out."""
    marks: list[_Mark] = []
    skip_to = start
    for match in _MARK_CHARS.finditer(text, start, end):
        position = match.start()
        if position < skip_to:
            continue
        char = match.group()
        before = text[position - 1] if position > start else " "
        if char == "'" and text.startswith("''", position) and position + 1 < end:
            after = text[position + 2] if position + 2 < end else " "
            if not before.isspace() and (after.isspace() or after in _CLOSING_CONTEXT):
                # Two apostrophes typed for a closing double mark: ...this time of year,''
                marks.append(_Mark(position, "double", "close", True, 2))
                skip_to = position + 2
                continue
        after = text[position + 1] if position + 1 < end else " "
        if char in _DOUBLE_OPENERS:
            marks.append(_Mark(position, "double", "open", False))
        elif char in _DOUBLE_CLOSERS:
            marks.append(_Mark(position, "double", "close", False))
        elif char == '"':
            open_side = before.isspace() or before in _OPENING_CONTEXT
            close_side = after.isspace() or after in _CLOSING_CONTEXT
            role: MarkRole = "either"
            if open_side and not close_side:
                role = "open"
            elif close_side and not open_side:
                role = "close"
            marks.append(_Mark(position, "double", role, True))
        elif not (_is_wordlike(before) and _is_wordlike(after)):  # not It’s, Kabul’s, don't
            single_role = _single_mark_role(text, position, end, before, after)
            if single_role is not None:
                marks.append(_Mark(position, "single", single_role, char == "'"))
    return marks


def _single_mark_role(
    text: str, position: int, end: int, before: str, after: str
) -> MarkRole | None:
    """Return how a single mark (‘ ’ ') can act, or None when it is an apostrophe."""
    char = text[position]
    if _is_wordlike(before) and _is_wordlike(after):
        return None  # It’s, Kabul’s, don't
    open_side = before.isspace() or before in _OPENING_CONTEXT
    close_side = after.isspace() or after in _CLOSING_CONTEXT
    if open_side and _ELISION.match(text, position + 1, end):
        return None  # ’90s, ’em, ’n’
    if before == "n" and position >= 2 and text[position - 2] in "’'‘":
        return None  # the second mark of ’n’
    if char == "‘":
        return "open" if not close_side else None
    if char == "’":
        return "close" if not open_side else None
    if open_side and not close_side:
        return "open"
    if close_side and not open_side:
        return "close"
    return None


# --- Step 2: pairing --------------------------------------------------------------------------


@dataclass
class _RawQuote:
    start: int
    end: int = 0
    closed: bool = False
    close_length: int = 1
    """Characters of the closing mark (2 for '')."""
    nested: bool = False
    block_index: int = 0
    """Index (among the searched blocks) of the paragraph where the quote opens."""
    last_block_index: int = 0


@dataclass
class _PairingState:
    stack: list[_Mark] = field(default_factory=list)
    current: _RawQuote | None = None


def _paired_quotes(text: str, blocks: Sequence[Block]) -> list[_RawQuote]:
    """Pair the marks of the searched blocks into top-level quotations, in text order."""
    quotes: list[_RawQuote] = []
    state = _PairingState()
    for index, block in enumerate(blocks):
        marks = _candidate_marks(text, block.start, block.end)
        if state.current is not None:
            # The paragraph continues the open quote: its first mark is the continuation mark.
            marks = marks[1:]
        for number, mark in enumerate(marks):
            _apply_mark(text, mark, marks[number + 1 :], index, state, quotes)
        _end_paragraph(text, blocks, index, state, quotes)
    return quotes


def _apply_mark(
    text: str,
    mark: _Mark,
    following: Sequence[_Mark],
    block_index: int,
    state: _PairingState,
    quotes: list[_RawQuote],
) -> None:
    stack = state.stack
    if not stack:
        if mark.role != "close":
            stack.append(mark)
            state.current = _RawQuote(start=mark.position, block_index=block_index)
        return
    if state.current is None:
        return
    double_open = any(m.kind == "double" for m in stack)
    if mark.kind == "double":
        if mark.role == "close" or (mark.straight and double_open):
            if double_open:
                while stack.pop().kind != "double":
                    pass
                if not stack:
                    state.current.close_length = mark.length
                    _finish(
                        text,
                        state,
                        quotes,
                        mark.position + mark.length,
                        closed=True,
                        block_index=block_index,
                    )
            return
        if double_open and not _closes_twice(following):
            # An opening “ while a quote is open and the paragraph does not close both: the
            # earlier quote was never closed.
            end = len(text[: mark.position].rstrip())
            _finish(text, state, quotes, end, closed=False, block_index=block_index)
            stack.append(mark)
            state.current = _RawQuote(start=mark.position, block_index=block_index)
            return
        stack.append(mark)
        state.current.nested = True
        return
    if mark.role == "open":
        stack.append(mark)
        state.current.nested = True
        return
    if stack[-1].kind != "single" or _is_plural_possessive(text, mark, following):
        return
    stack.pop()
    if not stack:
        _finish(text, state, quotes, mark.position + 1, closed=True, block_index=block_index)


def _closes_twice(following: Sequence[_Mark]) -> bool:
    """Return whether the rest of the paragraph closes a nested double quote and its outer quote.

    “Today Amazon refused ... because it “did not comply” with their guidelines,” — the second “
    opens a quote inside the first, because two closing marks follow; in “First never closes
    “Second closes,” only one does, so the first quote was left open.
    """
    depth = 2
    for mark in following:
        if mark.kind != "double":
            continue
        if mark.role == "open":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return True
    return False


def _is_plural_possessive(text: str, mark: _Mark, following: Sequence[_Mark]) -> bool:
    """Return whether a closing-looking single mark is a plural possessive (the students’ books).

    It is when it follows an "s", a word follows it, and the next mark closes a single quote too.
    """
    position = mark.position
    if position == 0 or text[position - 1] not in "sS":
        return False
    if not re.match(r"\s+[a-z]", text[position + 1 : position + 4]):
        return False
    return bool(following) and following[0].kind == "single" and following[0].role == "close"


def _finish(
    text: str,
    state: _PairingState,
    quotes: list[_RawQuote],
    end: int,
    *,
    closed: bool,
    block_index: int,
) -> None:
    """Close the current quote at ``end`` and keep it if it quotes any word."""
    current = state.current
    if current is None:
        return
    current.end = end
    current.closed = closed
    current.last_block_index = block_index
    if _LETTER_OR_DIGIT.search(text, current.start + 1, end):
        quotes.append(current)
    state.current = None
    state.stack.clear()


def _end_paragraph(
    text: str,
    blocks: Sequence[Block],
    index: int,
    state: _PairingState,
    quotes: list[_RawQuote],
) -> None:
    if not state.stack:
        return
    if state.stack[0].kind != "double":
        # An unclosed single quote is more likely a misplaced apostrophe than speech.
        state.stack.clear()
        state.current = None
        return
    if index + 1 < len(blocks) and _opens_with_double_mark(text, blocks[index + 1]):
        del state.stack[1:]
        return
    _finish(text, state, quotes, blocks[index].end, closed=False, block_index=index)


def _opens_with_double_mark(text: str, block: Block) -> bool:
    marks = _candidate_marks(text, block.start, min(block.end, block.start + 2))
    return bool(marks) and marks[0].position == block.start and marks[0].kind == "double"


# --- Helpers on tokens ------------------------------------------------------------------------


_TOKEN_PUNCTUATION = ".,;:!?\"“”‘’'()[]{}—–-…" + _MASK
_TOKEN_PUNCTUATION_SET = frozenset(_TOKEN_PUNCTUATION)


class _Token:
    """A whitespace-separated token with its word (``core``) and the punctuation around it."""

    __slots__ = ("start", "end", "raw", "core", "leading", "trailing")

    def __init__(self, start: int, end: int, raw: str) -> None:
        self.start = start
        self.end = end
        self.raw = raw
        if raw[0] not in _TOKEN_PUNCTUATION_SET and raw[-1] not in _TOKEN_PUNCTUATION_SET:
            # Nothing to strip (most tokens): the same as below, without building strings.
            self.trailing = self.leading = ""
            self.core = raw
            return
        right = raw.rstrip(_TOKEN_PUNCTUATION)
        self.trailing = raw[len(right) :]
        """The punctuation after the word ("," for "Milley,")."""
        self.core = right.lstrip(_TOKEN_PUNCTUATION)
        """The word without surrounding punctuation or quotation marks."""
        self.leading = right[: len(right) - len(self.core)]

    @property
    def core_start(self) -> int:
        """Where the word starts in the text."""
        return self.start + len(self.leading)

    @property
    def core_end(self) -> int:
        """Where the word ends in the text."""
        return self.start + len(self.leading) + len(self.core)


def _tokens_in(text: str, start: int, end: int) -> list[_Token]:
    """Return the tokens of ``text[start:end]`` that contain a word."""
    tokens: list[_Token] = []
    position = start
    for raw in text[start:end].split():  # the same pieces as \S+, found faster
        position = text.find(raw, position)
        token = _Token(position, position + len(raw), raw)
        position = token.end
        if token.core:
            tokens.append(token)
    return tokens


# --- Words that matter for attribution --------------------------------------------------------


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_FINITE_VERBS = _word_set(
    """said says say told tells added adds asked asks declared declares called urged urges
    described describes stated noted explained explains insisted insists argued argues warned
    warns wrote writes tweeted posted replied responded recalled recalls acknowledged admitted
    admits announced announces claimed vowed vows promised commented remarked conceded concedes
    cautioned emphasized emphasised stressed quipped joked shouted testified concluded observed
    maintained predicted predicts confirmed confirms denied denies demanded pleaded proclaimed
    exclaimed whispered repeated continued branded labeled labelled dubbed termed deemed
    suggested suggests assured complained boasted charged countered contended agreed answered
    mused lamented blasted slammed praised hailed accused characterized characterised wondered
    reiterated affirmed asserted asserts yelled screamed texted emailed reported reports notes
    claims spoke denounced denounces claim insist contend worried fretted frets"""
)
_PARTICIPLES = _word_set(
    """saying adding calling asking declaring urging describing stating noting explaining
    insisting arguing warning writing telling claiming vowing promising commenting remarking
    conceding cautioning emphasizing emphasising stressing acknowledging admitting announcing
    recalling replying responding tweeting posting predicting suggesting labeling labelling
    dubbing terming branding deeming characterizing characterising accusing praising
    complaining boasting charging countering reiterating asserting fretting"""
)
_SPEECH_VERBS = _FINITE_VERBS | _PARTICIPLES
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "another"})
_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})
_RESOLVABLE_PRONOUNS = frozenset({"he", "she"})
_SKIPPABLE_BEFORE_VERB = _word_set(
    """has have had also further then later again once previously recently repeatedly earlier
    would will did does just only first reportedly publicly privately himself herself
    themselves yesterday today tonight on"""
)
_TIME_WORDS = _word_set(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December"""
)
_FUNCTION_WORDS = _word_set(
    """The A An But And Or So Yet Then In On At During While When After Before As If Since
    Though Although Because Both Meanwhile However Also This That These Those Still Now
    Nevertheless Regarding Last Next Earlier Later Elsewhere Separately Instead Tens Hundreds
    Thousands Millions Dozens Many Some Several Most Few Other Others All Each It Its There Here
    What Who Which How Why Where You Your Their His Her Our My"""
)
_OPENING_FUNCTION_WORDS = _FUNCTION_WORDS - {"The", "A", "An"}
"""Function words that open a sentence with a phrase before its subject ("In Kabul, ...")."""
_GROUP_NOUNS = _word_set(
    """Critics Officials Experts Analysts Observers Protesters Demonstrators Activists Advocates
    Supporters Opponents Residents Voters Lawmakers Legislators Researchers Scientists Doctors
    Economists Investigators Prosecutors Witnesses Authorities Parents Teachers Students Workers
    Leaders Officers Sources People Americans Democrats Republicans Conservatives Liberals
    Progressives Billionaires Organizers Organisers Campaigners Immigrants Migrants Families"""
)
"""Capitalised at the start of a sentence, these name a group, not a speaker ("Critics said")."""
_NAME_PARTICLES = frozenset(
    {"de", "da", "di", "del", "van", "von", "der", "bin", "ibn", "al", "la", "le", "dos", "du"}
)
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_TITLE_ROLES = {
    "general": "general",
    "gen": "general",
    "president": "president",
    "secretary": "secretary",
    "sen": "senator",
    "senator": "senator",
    "rep": "representative",
    "representative": "representative",
    "gov": "governor",
    "governor": "governor",
    "adm": "admiral",
    "admiral": "admiral",
    "col": "colonel",
    "colonel": "colonel",
    "capt": "captain",
    "captain": "captain",
    "sgt": "sergeant",
    "sergeant": "sergeant",
    "mayor": "mayor",
    "minister": "minister",
    "premier": "minister",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson",
    "chairman": "chairman",
    "chairwoman": "chairman",
    "ambassador": "ambassador",
    "judge": "judge",
    "justice": "justice",
    "commander": "commander",
    "director": "director",
    "chancellor": "chancellor",
    "king": "king",
    "queen": "queen",
    "pope": "pope",
    "prof": "professor",
    "professor": "professor",
    "dr": "doctor",
    "lt": "lieutenant",
    "lieutenant": "lieutenant",
    "maj": "major",
    "major": "major",
    "brig": "brigadier",
    "speaker": "speaker",
    "prosecutor": "prosecutor",
    "attorney": "attorney",
    "coach": "coach",
    "leader": "leader",
    "ceo": "chief",
}
"""Titles before a name, and the role nouns a later reference uses ("the general")."""
_TITLE_WORDS = frozenset(_TITLE_ROLES) | _word_set(
    """mr mrs ms miss us u.s army marine navy air force defense defence vice prime foreign
    deputy acting former chief first lady white house state senate rev reverend sheikh sir
    dame lord st cpl pvt pfc spc cmdr staff joint chiefs"""
)
_ORGANISATION_WORDS = _word_set(
    """Press Department Ministry Pentagon House Office Agency Council Committee Party Court
    Times Post News Journal Administration Command Service Services Group Institute University
    Commission Foundation Association Union Bank Fund Organization Organisation Company
    Corporation Inc Corp Ltd Network Senate Congress Parliament Government Campaign Center
    Centre Forces Force Army Navy Police Airport Province Staff Chiefs State States Nations
    Republic Kingdom Division Corps Guard Taliban Kremlin Reuters AP AFP CNN BBC League
    International Watch Alliance Coalition Federation Society Caucus Bureau Board"""
)
_UNNAMED_ROLES = frozenset({"official", "officials", "officer", "source", "sources", "aide"})
_INSTITUTIONS = _word_set(
    "government police campaign administration regime military ministry embassy"
)
"""Lower-case nouns for an institution that speaks as one: named by the capitalised words before
them ("Victoria police", "the Turkmen government", "Trump’s campaign"), else a reference to one
named elsewhere ("the government noted")."""
_UNNAMED_OR_INSTITUTION = _UNNAMED_ROLES | _INSTITUTIONS
_ABBREVIATIONS = _word_set(
    """mr mrs ms dr prof gen lt col maj capt sgt cpl pvt adm cmdr brig sen rep gov rev hon st
    jr sr mt ft no vs etc inc corp co ltd jan feb mar apr jun jul aug sep sept oct nov dec"""
)


# --- Step 3: partial quotes -------------------------------------------------------------------

_LETTERS = re.compile(r"[^\W\d_]")
_WORDS = re.compile(r"[^\W_]+")


def _inner_text(text: str, raw: _RawQuote) -> str:
    return text[raw.start + 1 : raw.end - raw.close_length if raw.closed else raw.end]


def _ends_sentence(inner: str) -> bool:
    """Return whether quoted words end with a full stop (so the sentence ends with them)."""
    stripped = inner.rstrip().rstrip("”’\"'»")
    return stripped.endswith(".") and not stripped.endswith("..")


def _is_partial(text: str, raw: _RawQuote, block: Block) -> bool:
    """Return whether a quote is a word or phrase inside the writer's own sentence."""
    before = text[block.start : raw.start].rstrip()
    if not before:
        return False
    last = before[-1]
    if last in ".!?:" or (last in "”’\"'»" and before[-2:-1] in (".", "!", "?")):
        return False
    if last == ",":
        words = before[:-1].split()
        if words and words[-1].strip(_TOKEN_PUNCTUATION).lower() in _SPEECH_VERBS:
            return False
    inner = _inner_text(text, raw)
    first_letter = _LETTERS.search(inner)
    if first_letter is None:
        return True
    ending = inner.rstrip().rstrip("”’\"'»")
    full_sentence = (
        first_letter.group().isupper()
        and len(_WORDS.findall(inner)) >= 3
        and ending[-1:] in (".", "?", "!", ",", "…")
    )
    return not full_sentence


# --- Step 4: attribution ----------------------------------------------------------------------

RefKind = Literal["name", "pronoun", "title", "plural"]


class _Reference(NamedTuple):
    """How an attribution refers to the speaker: a name, a pronoun or a title."""

    start: int
    end: int
    kind: RefKind
    surface: str
    canonical: str = ""
    role: str = ""
    titles: frozenset[str] = frozenset()


class _Attribution(NamedTuple):
    reference: _Reference | None
    verb: str | None
    how: Literal["after", "before", "continued", "repeated", "none"]


def _masked_text(text: str, raws: Sequence[_RawQuote]) -> str:
    """Return ``text`` with every quote replaced by mask characters (same length).

    A full stop, question or exclamation mark ending the quoted words is kept, so sentence ends
    stay visible.
    """
    pieces: list[str] = []
    position = 0
    for raw in raws:
        pieces.append(text[position : raw.start])
        length = raw.end - raw.start
        inner_end = raw.end - raw.close_length if raw.closed else raw.end
        tail = text[raw.start + 1 : inner_end].rstrip().rstrip("”’\"'»")
        if tail and tail[-1] in ".!?":
            pieces.append(_MASK * len(tail) + tail[-1] + _MASK * (length - len(tail) - 1))
        else:
            pieces.append(_MASK * length)
        position = raw.end
    pieces.append(text[position:])
    return "".join(pieces)


_SENTENCE_END_TAIL = r"[" + _MASK + r"”\"’')\]]*\s+"
"""What follows the stop where a sentence may end: closing marks, then space."""
_FULL_STOP_END = re.compile(r"\." + _SENTENCE_END_TAIL)
_OTHER_STOP_END = re.compile(r"[!?]" + _SENTENCE_END_TAIL)


def _sentence_ends(masked: str, start: int, end: int) -> list[re.Match[str]]:
    """Return where a sentence may end in ``masked[start:end]`` (a full stop, question or
    exclamation mark, closing marks, space), in order.

    Full stops are searched on their own: the engine skips ahead to one character many times
    faster than to any of a set, and the other two marks are rare.
    """
    matches = list(_FULL_STOP_END.finditer(masked, start, end))
    if masked.find("!", start, end) >= 0 or masked.find("?", start, end) >= 0:
        matches += _OTHER_STOP_END.finditer(masked, start, end)
        matches.sort(key=lambda match: match.start())
    return matches


_SENTENCE_OPENERS = _MASK + "“\"‘'("
"""Characters besides capitals and digits that may open a sentence."""


def _sentence_starts(masked: str, block: Block) -> list[int]:
    """Return where the block's sentences start, in order, the block's start first."""
    starts = [block.start]
    for match in _sentence_ends(masked, block.start, block.end):
        end = match.end()
        following = masked[end] if end < len(masked) else ""
        if not (following.isupper() or following.isdigit() or following in _SENTENCE_OPENERS):
            continue
        stop = match.start()
        if masked[stop] == ".":
            before = masked[max(block.start, stop - 40) : stop].rsplit(None, 1)
            word = before[-1].lstrip(_TOKEN_PUNCTUATION) if before else ""
            if "." in word or len(word) == 1 or word.lower() in _ABBREVIATIONS:
                continue  # Gen. Mark Milley, U.S. Army, John F. Kennedy
        starts.append(end)
    return starts


_MAX_CONTEXT = 400
"""How far before a quote (in characters) its attribution is looked for, at most."""


@dataclass
class _Article:
    """The text, the same text with quotes masked, and the sentence starts found so far."""

    text: str
    masked: str
    sentence_starts: dict[int, list[int]] = field(default_factory=dict)

    def block_sentence_starts(self, block: Block) -> list[int]:
        """Return where the sentences of ``block`` start (see :func:`_sentence_starts`)."""
        starts = self.sentence_starts.get(block.start)
        if starts is None:
            starts = self.sentence_starts[block.start] = _sentence_starts(self.masked, block)
        return starts

    def sentence_start(self, block: Block, position: int) -> int:
        """Return where the sentence of ``block`` containing ``position`` starts."""
        starts = self.block_sentence_starts(block)
        start = starts[max(bisect.bisect_right(starts, position) - 1, 0)]
        if position - start > _MAX_CONTEXT:
            # A run-on "sentence" (a page without full stops): look back a bounded stretch only.
            start = self.masked.find(" ", position - _MAX_CONTEXT, position) + 1 or position
        return start


def _is_name_token(token: _Token) -> bool:
    core = token.core
    if not core or not core[0].isupper() or not core[0].isalpha():
        return False
    return core not in _TIME_WORDS


def _reference_from_run(tokens: Sequence[_Token]) -> _Reference | None:
    """Build a name reference from capitalised tokens: split titles from the name."""
    first = 0
    while first < len(tokens) and (
        tokens[first].core in _FUNCTION_WORDS or tokens[first].core in _GROUP_NOUNS
    ):
        first += 1
    run = list(tokens[first:])
    if not run:
        return None
    keys = [t.core.lower().rstrip(".") for t in run]  # the words as titles and suffixes are listed
    cut = len(run)
    while cut > 0 and keys[cut - 1] not in _TITLE_WORDS:
        cut -= 1
    person = run[cut:]
    roles = frozenset(_TITLE_ROLES[key] for key in keys[:cut] if key in _TITLE_ROLES)
    if len(person) == 1 and person[0].core in _GROUP_NOUNS:
        return None  # "House Democrats", "Senate Republicans": a group
    if not person:
        last = run[-1]
        role = _TITLE_ROLES.get(keys[-1], "")
        if not role:
            return None
        return _Reference(run[0].core_start, last.core_end, "title", _surface(run), role=role)
    if person[-1].core in _ORGANISATION_WORDS or (
        len(person) > 1 and any(t.core in _ORGANISATION_OR_CONNECTOR for t in person)
    ):
        # An organisation keeps its full name: "Associated Press", "Gillette News Record".
        return _Reference(
            run[0].core_start,
            run[-1].core_end,
            "name",
            _surface(run),
            canonical=_possessive_free(_surface(run)),
        )
    canonical_tokens = [
        t for t, key in zip(person, keys[cut:], strict=True) if key not in _NAME_SUFFIXES
    ] or person
    canonical = _possessive_free(canonical_tokens[-1].core)
    return _Reference(
        person[0].core_start,
        person[-1].core_end,
        "name",
        _surface(person),
        canonical=canonical,
        titles=roles,
    )


def _surface(tokens: Sequence[_Token]) -> str:
    words = [t.raw for t in tokens]
    if words:
        words[-1] = tokens[-1].core
    return " ".join(words).strip(",;:")


_POSSESSIVE_ENDINGS = ("’s", "'s", "’", "'")


def _possessive_free(name: str) -> str:
    if not name.endswith(_POSSESSIVE_ENDINGS):
        return name  # most names: one test instead of four
    for suffix in _POSSESSIVE_ENDINGS:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _reference_ending_at(tokens: Sequence[_Token], last: int) -> _Reference | None:
    """Return the speaker reference whose last token is ``tokens[last]``, reading backwards."""
    token = tokens[last]
    core = token.core
    lowered = core.lower()
    if lowered in _PRONOUNS and not token.leading:
        return _Reference(token.core_start, token.core_end, "pronoun", core)
    plural = _plural_reference(tokens, last)
    if plural is not None:
        return plural
    role = _TITLE_ROLES.get(lowered, "")
    if lowered in _INSTITUTIONS and core.islower() and not token.leading:
        named = _institution_name(tokens, last)
        if named is not None:
            return named
        role = lowered
    previous = tokens[last - 1] if last > 0 else None
    after_article = previous is not None and previous.core.lower() in ("the", "a", "an")
    if (role or lowered in _UNNAMED_ROLES) and (core.islower() or after_article):
        first = _title_phrase_start(tokens, last)
        return _Reference(
            tokens[first].core_start,
            token.core_end,
            "title",
            _surface(tokens[first : last + 1]),
            role=role,
        )
    first = last
    if not _is_name_token(token) or token.leading:
        return None
    while first > 0:
        candidate = tokens[first - 1]
        if (
            candidate.trailing not in ("", ".")
            or candidate.leading
            or _ends_sentence_token(candidate)
            or tokens[first].start - candidate.end > 1  # a quote or a line break lies between
        ):
            break
        if _is_name_token(candidate) or (
            candidate.core in _PARTICLE_OR_CONNECTOR and _is_name_token(tokens[first])
        ):
            first -= 1
            continue
        break
    run = tokens[first : last + 1]
    cut = _invalid_connectors(run)
    return _reference_from_run(run[cut[-1] + 1 :] if cut else run)


_CONNECTORS = frozenset({"for", "of", "and"})
"""Lower-case words inside an organisation's name: Physicians for Human Rights, Department of
Justice, Centers for Disease Control and Prevention."""
_ORGANISATION_OR_CONNECTOR = _ORGANISATION_WORDS | _CONNECTORS
_PARTICLE_OR_CONNECTOR = _NAME_PARTICLES | _CONNECTORS


def _invalid_connectors(run: Sequence[_Token]) -> list[int]:
    """Return the indices of connectors in a capitalised run that do not join an organisation.

    "for" joins capitalised words ("Physicians for Human Rights"); "of" only after an
    organisation word ("University of Michigan", not "Toomey of Pennsylvania"); "and" only in a
    name already joined by one of them ("Centers for Disease Control and Prevention", not
    "Trump and Biden").
    """
    invalid: list[int] = []
    joined = False
    for index, token in enumerate(run):
        core = token.core
        if core not in _CONNECTORS:
            continue
        previous = run[index - 1].core if index else ""
        valid = (
            index > 0
            and index + 1 < len(run)
            and (
                core == "for"
                or (core == "of" and previous in _ORGANISATION_WORDS)
                or (core == "and" and joined)
            )
        )
        if valid:
            joined = True
        else:
            invalid.append(index)
            joined = False
    return invalid


_COUNTS = _word_set("two three four both")


def _plural_reference(tokens: Sequence[_Token], last: int) -> _Reference | None:
    """Return a definite plural reference ending at ``tokens[last]``: "the two advocates",
    "both men" (not "two people", which introduces somebody new)."""
    if last < 1 or not tokens[last].core.islower() or tokens[last].leading:
        return None
    count = tokens[last - 1]
    if count.core.lower() not in _COUNTS or count.trailing:
        return None
    first = last - 1
    if first and tokens[first - 1].core.lower() == "the" and not tokens[first - 1].trailing:
        first -= 1
    elif count.core.lower() != "both":
        return None
    return _Reference(
        tokens[first].core_start,
        tokens[last].core_end,
        "plural",
        _surface(tokens[first : last + 1]),
    )


def _institution_name(tokens: Sequence[_Token], last: int) -> _Reference | None:
    """Return the institution named by up to three capitalised words before ``tokens[last]``.

    "Victoria police" and "the Turkmen government" keep the words as written; an owner with a
    possessive or a title is a person, named by the last word ("President Trump’s campaign" is
    "Trump campaign").
    """
    first = last
    while first > 0 and last - first < 3:
        candidate = tokens[first - 1]
        if (
            candidate.trailing
            or candidate.leading
            or tokens[first].start - candidate.end > 1
            or not _is_name_token(candidate)
            or candidate.core in _FUNCTION_WORDS
            or (first < last and _possessive_free(candidate.core) != candidate.core)
        ):
            break
        first -= 1
    names = tokens[first:last]
    if not names:
        return None
    possessive = _possessive_free(names[-1].core) != names[-1].core
    if possessive or any(t.core.lower().rstrip(".") in _TITLE_ROLES for t in names):
        person = _reference_from_run(names)
        if person is None or person.kind != "name":
            return None
        owner = person.canonical
    else:
        owner = " ".join(t.core for t in names)
    noun = tokens[last].core
    return _Reference(
        names[0].core_start,
        tokens[last].core_end,
        "name",
        _surface(tokens[first : last + 1]),
        canonical=f"{owner} {noun}",
        titles=frozenset({noun}),
    )


def _ends_sentence_token(token: _Token) -> bool:
    """Return whether a token ends with a full stop that is not an abbreviation's."""
    core = token.core
    return (
        token.trailing.startswith(".")
        and len(core) > 1
        and "." not in core
        and core.lower() not in _ABBREVIATIONS
    )


def _title_phrase_start(tokens: Sequence[_Token], last: int) -> int:
    """Return where a title phrase ending at ``tokens[last]`` starts.

    At a determiner up to three words back ("a senior Pentagon official"), else over up to two
    capitalised words ("US general").
    """
    for first in range(last - 1, max(-1, last - 4), -1):
        if tokens[first].trailing:
            break
        if tokens[first].core.lower() in _DETERMINERS:
            return first
    first = last
    while (
        first > 0
        and last - first < 2
        and not tokens[first - 1].trailing
        and tokens[first - 1].core[:1].isupper()
    ):
        first -= 1
    return first


def _reference_starting_at(tokens: Sequence[_Token], first: int) -> tuple[_Reference | None, int]:
    """Return the speaker reference starting at ``tokens[first]`` and the index after it."""
    if first >= len(tokens):
        return None, first
    token = tokens[first]
    lowered = token.core.lower()
    if lowered in _PRONOUNS and not token.leading:
        return _reference_ending_at(tokens, first), first + 1
    if lowered in ("the", "both"):
        count = first + 1 if lowered == "the" else first
        if count + 1 < len(tokens) and tokens[count].core.lower() in _COUNTS:
            plural = _plural_reference(tokens, count + 1)
            if plural is not None:
                return plural, count + 2
    if lowered in ("the", "a", "an"):
        for last in range(first + 1, min(first + 4, len(tokens))):
            word = tokens[last].core
            if word.lower() in _TITLE_ROLES or word.lower() in _UNNAMED_OR_INSTITUTION:
                return _reference_ending_at(tokens, last), last + 1
            if lowered == "the" and _is_name_token(tokens[last]):
                return _reference_starting_at(tokens, last)  # the Pentagon, the top-ranked Nadal
            if tokens[last - 1].trailing or not word.islower():
                break
        return None, first
    last = first
    if not _is_name_token(token) or token.leading:
        return None, first
    while (
        last + 1 < len(tokens)
        and tokens[last].trailing in ("", ".")
        and not tokens[last + 1].leading  # "Anti-Defamation League (ADL)"
        and tokens[last + 1].start - tokens[last].end == 1
        and (
            _is_name_token(tokens[last + 1])
            or tokens[last + 1].core in _NAME_PARTICLES
            or (
                tokens[last + 1].core in _CONNECTORS
                and last + 2 < len(tokens)
                and _is_name_token(tokens[last + 2])
            )
        )
    ):
        if _ends_sentence_token(tokens[last]):
            break
        last += 1
    run = tokens[first : last + 1]
    cut = _invalid_connectors(run)
    if cut:
        run = run[: cut[0]]
        last = first + len(run) - 1
    if (
        last + 1 < len(tokens)
        and tokens[last + 1].core in _INSTITUTIONS
        and not tokens[last].trailing
        and tokens[last + 1].start - tokens[last].end == 1
    ):
        return _reference_ending_at(tokens, last + 1), last + 2  # the Trump campaign
    return _reference_from_run(run), last + 1


def _verb_of(token: _Token, headline: bool) -> str | None:
    core = token.core
    if core in _FINITE_VERBS or core in _PARTICIPLES:
        return core
    if headline and core.lower() in _FINITE_VERBS and core.lower() != "states":
        return core
    return None


def _tokens_after(masked: str, raw: _RawQuote, block: Block) -> list[_Token]:
    """Return the tokens after a quote, up to the next quote or 160 characters."""
    limit = min(block.end, raw.end + 160)
    next_quote = masked.find(_MASK, raw.end, limit)
    return _tokens_in(masked, raw.end, limit if next_quote < 0 else next_quote)


def _attribution_after(
    masked: str, raw: _RawQuote, inner: str, block: Block, headline: bool
) -> _Attribution | None:
    """Find ``“...,” X said`` / ``“...,” said X`` / ``“...,” according to X`` after a quote."""
    if not raw.closed or _ends_sentence(inner):
        return None
    tokens = _tokens_after(masked, raw, block)
    if not tokens or tokens[0].leading.strip(","):
        return None
    return _attribution_starting(tokens, headline)


def _according_to(tokens: Sequence[_Token], first: int) -> _Reference | None:
    """Return who ``according to`` (ending at ``tokens[first - 1]``) names.

    The name ends the phrase (``according to MIT political scientist Adam Berinsky``,
    ``according to the Pentagon,``); failing that, it starts it.
    """
    last = first
    while last < len(tokens) - 1 and not tokens[last].trailing:
        last += 1
    if last < len(tokens) and tokens[last].trailing.rstrip(".") in ("", ","):
        reference = _reference_ending_at(tokens, last)
        if reference is not None and reference.start >= tokens[first].start:
            return reference
    reference, _ = _reference_starting_at(tokens, first)
    return reference


def _attribution_starting(tokens: Sequence[_Token], headline: bool) -> _Attribution | None:
    """Find an attribution at the head of ``tokens``: ``X said``, ``said X``, ``according to X``,
    ``X’s statement read``."""
    author, _, after = _document_phrase(tokens, 0)
    if author is not None and after < len(tokens):
        word = tokens[after].core
        if word in _DOCUMENT_VERBS or _verb_of(tokens[after], headline) in _FINITE_VERBS:
            return _Attribution(author, word, "after")
    verb = _verb_of(tokens[0], headline)
    if verb in _FINITE_VERBS or (verb and headline):
        if tokens[0].trailing:
            return None
        reference, _ = _reference_starting_at(tokens, 1)
        return _Attribution(reference, verb, "after") if reference else None
    if tokens[0].core.lower() == "according" and len(tokens) > 2 and tokens[1].core == "to":
        reference = _according_to(tokens, 2)
        return _Attribution(reference, "according to", "after") if reference else None
    reference, following = _reference_starting_at(tokens, 0)
    if reference is None:
        return None
    if tokens[following - 1].trailing == ",":
        # Skip an apposition: “...,” Lloyd Austin, the defense secretary, said. Some lack the
        # closing comma: “...,” Dave Clark, Amazon's senior vice president said.
        for index in range(following, min(following + 12, len(tokens))):
            if tokens[index].trailing == ",":
                following = index + 1
                break
            verb = _verb_of(tokens[index], headline)
            if verb and verb not in _PARTICIPLES:
                following = index
                break
        else:
            return None
    while following < len(tokens) and tokens[following].core.lower() in _SKIPPABLE_BEFORE_VERB:
        following += 1
    if following < len(tokens) and tokens[following - 1].trailing not in ("", ","):
        return None
    if following < len(tokens):
        verb = _verb_of(tokens[following], headline)
        if verb and verb not in _PARTICIPLES:
            return _Attribution(reference, verb, "after")
    return None


_LATER_WINDOW = 14
"""How many words after a quote an attribution later in its sentence may start."""


def _attribution_later(article: _Article, raw: _RawQuote, block: Block) -> _Attribution | None:
    """Find an attribution further on in the quote's sentence.

    ``“Young people are going mad” from a lack of effort, said Bishop Thomas Weeks``;
    ``“Given the sacrifices” in the health service, he told a briefing``; ``they are “three
    tweets away” from a crisis, according to Adam Berinsky``. The words between must not end the
    sentence.
    """
    if not raw.closed or _ends_sentence(_inner_text(article.text, raw)):
        return None
    tokens = _tokens_after(article.masked, raw, block)[:_LATER_WINDOW]
    for index in range(1, len(tokens)):
        previous = tokens[index - 1]
        if (
            _ends_sentence_token(previous)
            or any(c in previous.trailing for c in ";:!?—–")
            or _BREAK.search(article.masked, previous.end, tokens[index].start)
            or tokens[index].core.lower() in _SUBORDINATORS
        ):
            return None  # the quote's clause has ended: “Go home,” protesters yell because he said
        verb = _verb_of(tokens[index], False)
        after_comma = previous.trailing.endswith(",")
        if (
            after_comma
            and tokens[index].core == "according"
            and index + 2 < len(tokens)
            and tokens[index + 1].core == "to"
        ):
            reference = _according_to(tokens, index + 2)
            return _Attribution(reference, "according to", "after") if reference else None
        if verb is None or verb in _PARTICIPLES:
            continue
        if after_comma and not tokens[index].trailing:
            reference, _ = _reference_starting_at(tokens, index + 1)  # ..., said Bishop Weeks
            if reference is not None:
                return _Attribution(reference, verb, "after")
        subject = _subject_before(tokens[:index])  # ..., he told a briefing
        if subject is not None:
            return _Attribution(subject, verb, "after")
        return None
    return None


_BREAK = re.compile(r"[—–]|\s-{1,2}\s")
"""A dash between words, which ends a clause."""
_SUBORDINATORS = _word_set(
    """that which who whom whose because when while if although though since unless until
    where whether after before as"""
)
"""Words that open a new clause, whose verb is not the quote's attribution."""


def _subject_before(tokens: Sequence[_Token]) -> _Reference | None:
    """Return the subject of a verb whose preceding tokens (in its sentence) are ``tokens``."""
    last = len(tokens) - 1
    while (
        last >= 0
        and not tokens[last].trailing
        and (
            tokens[last].core.lower() in _SKIPPABLE_BEFORE_VERB
            or tokens[last].core in _TIME_WORDS
            or (tokens[last].core.islower() and tokens[last].core.endswith("ly"))
        )
    ):
        last -= 1
    if last < 0:
        return None
    if tokens[last].core.lower() == "who" and last > 0 and tokens[last - 1].trailing == ",":
        # "The plan from the New Jersey senator, who has vowed to “...”": the relative's antecedent
        return _apposition_subject(tokens, last - 1)
    if tokens[last].trailing.endswith(","):
        return _apposition_subject(tokens, last)
    reference = _reference_ending_at(tokens, last)
    if reference is not None and reference.kind == "name" and _after_preposition(tokens, reference):
        # "Sen. Pat Toomey of Pennsylvania called": the name ends a phrase, not the subject.
        return _sentence_subject(tokens[: last + 1])
    return reference


_PREPOSITIONS = _word_set("of at in from for with on by to near about over under into")
_CODE = re.compile(r"[A-Z]{1,2}-[A-Z]")
"""A party-and-state label such as R-Iowa or D-N.Y., which is not a name."""


def _after_preposition(tokens: Sequence[_Token], reference: _Reference) -> bool:
    """Return whether a name reference follows a preposition ("of the Finance Committee")."""
    index = next((i for i, t in enumerate(tokens) if t.end > reference.start), 0)
    before = [t.core.lower() for t in tokens[max(0, index - 2) : index]]
    if before and before[-1] in ("the", "a", "an"):
        before = before[:-1]
    return bool(before) and before[-1] in _PREPOSITIONS


def _is_name_chunk(tokens: Sequence[_Token]) -> bool:
    """Return whether comma-separated words are a name alone ("Sen. Chuck Grassley")."""
    words = list(tokens)
    if words and words[0].core.lower() in ("and", "the"):
        words = words[1:]
    return bool(words) and all(
        not _CODE.match(t.core)
        and t.core not in _FUNCTION_WORDS
        and (
            _is_name_token(t)
            or t.core in _NAME_PARTICLES
            or t.core.lower().rstrip(".") in _TITLE_WORDS
        )
        for t in words
    )


def _apposition_subject(tokens: Sequence[_Token], last: int) -> _Reference | None:
    """Return the subject of ``NAME, description, said``, the description ending at ``last``.

    The comma-separated pieces are read from the verb backwards: the first piece that is a name
    alone (a person before an organisation) is the subject — "Sen. Chuck Grassley, R-Iowa,
    chairman of the Finance Committee, said"; "Canada's minister, Marie-Claude Bibeau, called".
    """
    ends = [i for i in range(last + 1) if tokens[i].trailing.endswith(",")]
    starts = [0] + [i + 1 for i in ends[:-1]]
    names: list[_Reference] = []
    for start, end in zip(reversed(starts), reversed(ends), strict=True):
        if not _is_name_chunk(tokens[start : end + 1]):
            continue
        reference = _reference_ending_at(tokens, end)
        if reference is not None and reference.kind == "name":
            if " " not in reference.canonical:
                return reference
            names.append(reference)
    if names:
        return names[0]
    return _reference_ending_at(tokens, ends[-2] if len(ends) > 1 else last)


def _sentence_subject(tokens: Sequence[_Token]) -> _Reference | None:
    """Return the subject at the head of a sentence, after an opening phrase ending in a comma."""
    first = 0
    if tokens and tokens[0].core in _OPENING_FUNCTION_WORDS:
        for index, token in enumerate(tokens[:12]):
            if token.trailing == ",":
                first = index + 1
                break
    reference, _ = _reference_starting_at(tokens, first)
    return reference


def _attribution_before(
    article: _Article, raw: _RawQuote, block: Block, headline: bool
) -> _Attribution | None:
    """Find ``X said, “...”`` / ``X called them “...”`` / ``..., adding: “...”`` before a quote,
    else a document whose author speaks (``An official statement from the government hailed
    the “...”``)."""
    sentence_start = article.sentence_start(block, raw.start)
    tokens = _tokens_in(article.masked, sentence_start, raw.start)
    attribution = _speech_verb_before(tokens, headline)
    if attribution is None or attribution.reference is None:
        return _document_before(tokens) or attribution
    return attribution


_DOCUMENTS = _word_set(
    """statement report letter post tweet release memo study article guidance filing editorial
    message email announcement complaint lawsuit ruling petition"""
)
"""Documents whose words are their author's: "the government’s statement read", "an article
by the Associated Press"."""
_DOCUMENT_VERBS = _word_set("read reads")
"""Verbs that attribute a quote only to a document ("the statement read")."""


def _without_possessive(token: _Token) -> _Token:
    """Return the token with its possessive ending removed ("government’s" → "government")."""
    cut = len(token.core) - len(_possessive_free(token.core))
    return _Token(
        token.start, token.core_end - cut, token.raw[: len(token.leading + token.core) - cut]
    )


def _document_phrase(tokens: Sequence[_Token], first: int) -> tuple[_Reference | None, str, int]:
    """Return the author of a document phrase starting at ``tokens[first]``, the document word
    and the index after the phrase.

    The author owns the document ("the government’s statement", "Amnesty’s new report") or
    follows "by" or "from" ("a recent article by the Associated Press"). Up to three words,
    without punctuation, may come before the document word.
    """
    end = min(first + 4, len(tokens))
    doc = next(
        (i for i in range(first, end) if tokens[i].core.lower() in _DOCUMENTS),
        None,
    )
    if doc is None or any(t.trailing for t in tokens[first:doc]):
        return None, "", first
    word = tokens[doc].core
    start = first + 1 if tokens[first].core.lower() in _DETERMINERS else first
    owner = next(
        (i for i in range(start, doc) if _possessive_free(tokens[i].core) != tokens[i].core), None
    )
    if owner is not None:
        if not all(_is_name_token(t) for t in tokens[start:owner]) or not all(
            t.core.islower() for t in tokens[owner + 1 : doc]
        ):
            return None, word, doc + 1  # "Trump dismissed Amnesty’s report": not a subject
        owned = [*tokens[first:owner], _without_possessive(tokens[owner])]
        return _reference_ending_at(owned, len(owned) - 1), word, doc + 1
    if not all(t.core.islower() for t in tokens[start:doc]):
        return None, word, doc + 1
    if (
        doc + 2 < len(tokens)
        and tokens[doc + 1].core in ("by", "from")
        and not tokens[doc].trailing
    ):
        reference, after = _reference_starting_at(tokens, doc + 2)
        return reference, word, after
    return None, word, doc + 1


def _document_before(tokens: Sequence[_Token]) -> _Attribution | None:
    """Find a document phrase opening a clause before a quote: its author speaks."""
    if not any(token.core.lower() in _DOCUMENTS for token in tokens):
        return None
    for first in range(len(tokens) - 1, -1, -1):
        if first and not tokens[first - 1].trailing.endswith(","):
            continue
        reference, word, _ = _document_phrase(tokens, first)
        if reference is not None:
            return _Attribution(reference, word, "before")
    return None


_NOT_BEFORE_VERB = _word_set("the a an his her its their our my your")
"""Words after which a speech-verb form is a noun: "the claim", "his notes"."""
_DEMONSTRATIVES = _word_set("this that these those")
_NOUN_LIKE_VERBS = _word_set("claim claims notes reports")
"""Speech-verb forms that are nouns too, so after a demonstrative ("that claim") they are nouns
(after "that" another verb is one: "a group that warned")."""
_ADJECTIVAL_VERBS = _word_set("worried")
_COPULAS = _word_set("is was are were be been being am seem seemed seems got get gets")
"""After these, an adjectival verb form is an adjective: "he was worried"."""


def _is_verb_at(tokens: Sequence[_Token], index: int, headline: bool) -> bool:
    """Return whether ``tokens[index]`` is a speech verb used as a verb here."""
    token = tokens[index]
    if not _verb_of(token, headline) or _hyphenated(token):
        return False
    previous = tokens[index - 1].core.lower() if index else ""
    word = token.core.lower()
    if previous in _NOT_BEFORE_VERB or (previous in _DEMONSTRATIVES and word in _NOUN_LIKE_VERBS):
        return False
    return not (previous in _COPULAS and word in _ADJECTIVAL_VERBS)


def _speech_verb_before(tokens: Sequence[_Token], headline: bool) -> _Attribution | None:
    """Find the speech verb before a quote in its sentence (``tokens``) and its subject."""
    verb_indices = [
        i
        for i, token in enumerate(tokens)
        if (headline or token.core in _SPEECH_VERBS) and _is_verb_at(tokens, i, headline)
    ]
    for position in range(len(tokens) - 2):
        if tokens[position].core.lower() == "according" and tokens[position + 1].core == "to":
            reference = _according_to(tokens, position + 2)
            if reference is not None:
                return _Attribution(reference, "according to", "before")
    if verb_indices and verb_indices[-1] + 2 < len(tokens):
        passive = verb_indices[-1]
        if tokens[passive + 1].core == "by" and not tokens[passive].trailing:
            # "Tucker Carlson, accused by Farhad Manjoo in the Times of “...”" (the last verb)
            reference, _ = _reference_starting_at(tokens, passive + 2)
            if reference is not None:
                return _Attribution(reference, tokens[passive].core, "before")
    infinitives = [
        i
        for i in range(1, len(tokens))
        if tokens[i].core in _INFINITIVES and tokens[i - 1].core == "to" and not tokens[i].trailing
    ]
    if infinitives and (not verb_indices or infinitives[-1] >= verb_indices[-1]):
        # "Peter Hotez ... took to The New York Times to warn that ... “...”"
        index = infinitives[-1]
        return _Attribution(_sentence_subject(tokens[: index - 1]), tokens[index].core, "before")
    if not verb_indices:
        return None
    verb_index = verb_indices[-1]
    verb = _verb_of(tokens[verb_index], headline)
    if verb in _PARTICIPLES:
        finite = [i for i in verb_indices if _verb_of(tokens[i], headline) not in _PARTICIPLES]
        subject = (
            _subject_before(tokens[: finite[-1]])
            if finite
            else _sentence_subject(tokens[:verb_index]) or _nearest_name(tokens[:verb_index])
        )
    else:
        subject = _subject_before(tokens[:verb_index])
        if subject is None:
            subject = _coordinated_subject(tokens, verb_indices, headline)
    return _Attribution(subject, verb, "before")


def _nearest_name(tokens: Sequence[_Token]) -> _Reference | None:
    """Return the last name in ``tokens`` that is the subject of a clause (an auxiliary or a
    past tense follows it; no preposition comes before).

    For a participle whose sentence does not open with its subject: "This was shortly after
    Trump had tried to play-act the tough guy by tweeting that ... “...”".
    """
    for index in range(len(tokens) - 2, -1, -1):
        token = tokens[index]
        if (
            not _is_name_token(token)
            or token.core in _FUNCTION_WORDS
            or token.trailing
            or not _looks_finite(tokens[index + 1].core)  # not "the Nixon playbook"
            or tokens[index + 1].start != token.end + 1  # "George Soros – signed"
        ):
            continue
        reference = _reference_ending_at(tokens, index)
        if (
            reference is not None
            and reference.kind == "name"
            and " " not in reference.canonical
            and not _after_preposition(tokens, reference)
        ):
            return reference
    return None


_AUXILIARIES = _word_set(
    "had has have was is were are would will did does could can may might should must"
)


def _looks_finite(word: str) -> bool:
    """Return whether a word looks like a clause's verb: an auxiliary or a past tense."""
    return word in _AUXILIARIES or (word.islower() and word.endswith("ed"))


_INFINITIVES = _word_set(
    """say tell add ask warn argue claim insist note explain declare describe urge predict
    suggest write tweet"""
)
"""Speech verbs after "to" ("took to Twitter to warn that"); the sentence's subject speaks."""


def _coordinated_subject(
    tokens: Sequence[_Token], verb_indices: Sequence[int], headline: bool
) -> _Reference | None:
    """Return the shared subject of ``said X ..., but warned that`` / ``X said ... and added``.

    ``tokens`` run from the sentence start to the quote; the last verb index is the verb whose
    subject was not found. Its subject is the subject of the earlier speech verb of the sentence
    when "and" or "but" comes right before it.
    """
    verb_index = verb_indices[-1]
    before = verb_index - 1
    while before >= 0 and tokens[before].core.lower() in _SKIPPABLE_BEFORE_VERB:
        before -= 1
    if before < 0 or tokens[before].core.lower() not in ("and", "but"):
        return None
    earlier = [i for i in verb_indices[:-1] if _verb_of(tokens[i], headline) in _FINITE_VERBS]
    if not earlier:
        return None
    index = earlier[-1]
    subject = _subject_before(tokens[:index])
    if subject is None and not tokens[index].trailing:
        subject, _ = _reference_starting_at(tokens, index + 1)  # said Charlotte Weil ...
    return subject


_PUNCTUATION_BUT_HYPHEN = _TOKEN_PUNCTUATION.replace("-", "")


def _hyphenated(token: _Token) -> bool:
    return "-" in token.raw.strip(_PUNCTUATION_BUT_HYPHEN)


def _attribution_participle_after(
    article: _Article, raw: _RawQuote, block: Block
) -> _Attribution | None:
    """Find ``“...,” saying ...`` (the sentence's subject speaks)."""
    tokens = _tokens_in(article.masked, raw.end, min(block.end, raw.end + 40))
    if not raw.closed or not tokens or tokens[0].core not in _PARTICIPLES:
        return None
    sentence_start = article.sentence_start(block, raw.start)
    subject = _sentence_subject(_tokens_in(article.masked, sentence_start, raw.start))
    return _Attribution(subject, tokens[0].core, "after") if subject else None


# --- Step 5: resolving pronouns and titles ----------------------------------------------------


class _Mention(NamedTuple):
    position: int
    canonical: str
    titles: frozenset[str]
    secondary: bool = False
    """Named as an owner ("Macron’s") or after a preposition ("turning to Putin"): a later
    pronoun rarely refers to such a mention."""


_OBLIQUE_WORDS = _word_set("to with at of by for from in on against about over")
_OBLIQUE = re.compile(
    rf"(?<![^\s(])(?:{'|'.join(sorted(_OBLIQUE_WORDS))})\s+(?:the\s+)?\Z", re.IGNORECASE
)
_OBLIQUE_WINDOW = 16
"""How many characters before a name are searched for a preposition."""
_OBLIQUE_LAST_LETTERS = frozenset(word[-1] for word in (*_OBLIQUE_WORDS, "the"))
"""The last letters of those prepositions and of "the": the only letters (of either case) the
space before a name can follow when one of them comes before it."""


def _is_secondary(masked: str, start: int, end: int) -> bool:
    """Return whether the name at ``masked[start:end]`` is an owner or follows a preposition."""
    if masked.startswith(("’s", "'s", "’ ", "' "), end):
        return True
    low = max(0, start - _OBLIQUE_WINDOW)
    letters_end = _end_before_spaces(masked, low, start)
    if letters_end in (low, start) or masked[letters_end - 1].lower() not in _OBLIQUE_LAST_LETTERS:
        return False  # most names: no space before them, or no preposition before the space
    return bool(_OBLIQUE.search(masked, low, start))


_UPPER = "".join(sorted({c for c in map(chr, range(0x0530)) if c.isupper()}))
_CAPITALISED_RUN = re.compile(
    rf"[{re.escape(_UPPER)}](?<!\S.)\S*"
    rf"(?P<more>(?:\s+(?:(?:{'|'.join(sorted(_NAME_PARTICLES))})\s+)*[{re.escape(_UPPER)}]\S*)*)"
)
"""Consecutive capitalised words: where the article may name somebody.

The check that the first word starts after a space follows its capital letter, so that the
engine can skip straight to capital letters rather than try every position."""
_LONGEST_TITLE = max(map(len, _TITLE_ROLES))


def _capitalised_runs(masked: str, block: Block) -> Iterator[tuple[str, int, int, bool]]:
    """Yield the runs of capitalised words in ``block``, each after a lower-case title if any
    ("spokesman Zabihullah Mujahid"): the title or "", where the words start and end, and whether
    there are several."""
    for run in _CAPITALISED_RUN.finditer(masked, block.start, block.end):
        name_start = run.start()
        title = _title_before(masked, block.start, name_start)
        yield title, name_start, run.end(), bool(run.group("more"))


def _title_before(masked: str, start: int, name_start: int) -> str:
    """Return the lower-case title (a key of ``_TITLE_ROLES``) that is the word right before
    ``name_start`` ("spokesman Zabihullah Mujahid"), or "" when there is none in
    ``masked[start:name_start]``."""
    end = _end_before_spaces(masked, start, name_start)
    if end in (start, name_start) or not masked[end - 1].islower():
        return ""  # every title ends with a lower-case letter
    pieces = masked[max(0, end - _LONGEST_TITLE) : end].split()
    word = pieces[-1] if pieces else ""
    first = end - len(word)
    if word in _TITLE_ROLES and first >= start and (first == 0 or masked[first - 1].isspace()):
        return word
    return ""


def _end_before_spaces(masked: str, start: int, end: int) -> int:
    """Return where the run of white space ending at ``end`` starts, not before ``start``."""
    while end > start and masked[end - 1].isspace():
        end -= 1
    return end


def _static_mentions(masked: str, blocks: Sequence[Block]) -> list[_Mention]:
    """Return people the article names outside quotes: titled names and two- or three-word names."""
    mentions: list[_Mention] = []
    for block in blocks:
        if block.role in ("headline", "subheadline") and _is_title_case(masked, block):
            continue  # "General Says Cooperation Possible": capitals say nothing about names
        for title, name_start, name_end, several in _capitalised_runs(masked, block):
            if not title and not several:
                continue  # one capitalised word: a person only if known by name elsewhere
            before = masked[max(block.start, name_start - 4) : name_start].lower()
            byline = name_start <= block.start + 3 and masked.startswith(
                ("By ", "BY "), block.start
            )
            if not title and (before == "the " or byline):
                continue  # "the Davis Cup"; "By Victoria Waldersee"
            # "in New York", "at Florida International University": a place or an organisation
            placed = not title and _after_place_preposition(masked, block.start, name_start)
            tokens = _tokens_in(masked, name_start, name_end)
            index = 0
            while index < len(tokens):
                reference, after = _reference_starting_at(tokens, index)
                if (
                    reference is not None
                    and reference.kind == "name"
                    and not (placed and index == 0)
                ):
                    mention = _person_mention(reference, title if index == 0 else "")
                    if mention is not None:
                        secondary = reference.surface.endswith(("’s", "'s")) or _is_secondary(
                            masked, tokens[index].start, reference.end
                        )
                        mentions.append(
                            _Mention(mention.position, mention.canonical, mention.titles, secondary)
                        )
                index = max(after, index + 1)
    return mentions


_PLACE_PREPOSITIONS = _word_set("in at from of near across inside outside throughout into on")
_PLACE_PREPOSITION = re.compile(
    rf"(?<![^\s(])(?:{'|'.join(sorted(_PLACE_PREPOSITIONS))})\s+\Z",
    re.IGNORECASE,
)
"""A preposition just before capitalised words, which then name a place or an organisation
more often than a person."""
_LONGEST_PLACE_PREPOSITION = max(map(len, _PLACE_PREPOSITIONS))


def _after_place_preposition(masked: str, start: int, name_start: int) -> bool:
    """Return whether ``masked[start:name_start]`` ends with a place preposition and space."""
    # Only the preposition's letters before the final white space can match: search just those.
    end = _end_before_spaces(masked, start, name_start)
    first = max(start, end - _LONGEST_PLACE_PREPOSITION)
    return _PLACE_PREPOSITION.search(masked, first, name_start) is not None


def _is_title_case(masked: str, block: Block) -> bool:
    """Return whether most words of a block are capitalised, as in many headlines."""
    words = _WORDS.findall(masked, block.start, block.end)
    capitalised = sum(1 for word in words if word[:1].isupper())
    return len(words) >= 3 and capitalised >= 0.6 * len(words)


_INITIALS = re.compile(r"(?:[A-Z]\.)+")
"""Initials such as "T.J." in "T.J. Tu"."""


def _person_mention(reference: _Reference, previous_word: str) -> _Mention | None:
    """Return a name reference as a person mention, or None when it does not look like a person.

    A person has a title ("Gen. Mark Milley", "spokesman Zabihullah Mujahid") or a two- or
    three-word name of capitalised words ("Antony Blinken").
    """
    titles = set(reference.titles)
    if previous_word in _TITLE_ROLES:
        titles.add(_TITLE_ROLES[previous_word])
    words = reference.surface.split()
    person_like = bool(titles) or (
        2 <= len(words) <= 3
        and all(
            word[:1].isupper() and (not word.isupper() or _INITIALS.fullmatch(word))
            for word in words
        )
        and not any(word.endswith(("’s", "'s")) for word in words[:-1])  # Berlin’s Alexanderplatz
        and reference.canonical not in _ORGANISATION_WORDS
    )
    if not person_like or " " in reference.canonical:
        return None
    return _Mention(reference.start, reference.canonical, frozenset(titles))


def _word_ends(
    masked: str, words: frozenset[str], blocks: Sequence[Block]
) -> list[tuple[Block, int, int]]:
    """Return each whole-word occurrence of ``words`` inside ``blocks``: its block, start and end.

    Plain substring search over the whole text, much faster here than a regular expression.
    """
    if not blocks:
        return []
    starts = [block.start for block in blocks]
    found: list[tuple[Block, int, int]] = []
    for word in words:
        position = masked.find(word, blocks[0].start, blocks[-1].end)
        while position >= 0:
            after = position + len(word)
            block = blocks[max(bisect.bisect_right(starts, position) - 1, 0)]
            if (
                block.start <= position
                and after <= block.end
                and not _is_word_char(masked, position - 1)
                and not _is_word_char(masked, after)
            ):
                found.append((block, position, after))
            position = masked.find(word, after, blocks[-1].end)
    return sorted(found, key=lambda item: item[1])


def _is_word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] in "-_")


_INSTITUTION_LOOKBACK = 80
"""Characters before an institution noun searched for the capitalised words naming it."""


def _institution_mentions(masked: str, blocks: Sequence[Block]) -> list[_Mention]:
    """Return institutions named outside quotes ("The Turkmen government also published"), each
    titled by its noun ("government")."""
    mentions: list[_Mention] = []
    for block, position, after in _word_ends(masked, _INSTITUTIONS, blocks):
        if not _is_name_token_before(masked, block.start, position):
            continue  # "the government", "US military officials": no capitalised word before
        tokens = _tokens_in(masked, max(block.start, position - _INSTITUTION_LOOKBACK), after)
        reference = _institution_name(tokens, len(tokens) - 1)
        if reference is not None:
            mentions.append(_Mention(reference.start, reference.canonical, reference.titles))
    return mentions


def _is_name_token_before(masked: str, start: int, position: int) -> bool:
    """Return whether the word right before ``position`` starts with a capital letter."""
    before = masked[max(start, position - 40) : position]
    words = before.split()
    return bool(words) and before[-1:].isspace() and words[-1][:1].isupper()


_ORGANISATION_NOUNS = _word_set(
    """group organization organisation charity nonprofit non-profit coalition company firm
    outlet publication newspaper magazine union association movement"""
)
_ORGANISATION_APPOSITION = re.compile(
    r"\S+,?\s+"
    rf"((?:[{re.escape(_UPPER)}][\w’'&.-]*\s+){{0,3}}[{re.escape(_UPPER)}][\w&-]*)(?=[,.;:)])"
)
"""A name in apposition to a word for an organisation, closed by punctuation: "One advocacy
group, Athlete Ally, ousted" (not "the history of the company, Jeff Bezos said")."""


def _organisation_names(masked: str, blocks: Sequence[Block]) -> frozenset[str]:
    """Return names the article introduces as an organisation's, which keep every word."""
    names: set[str] = set()
    for block, position, _ in _word_ends(masked, _ORGANISATION_NOUNS, blocks):
        match = _ORGANISATION_APPOSITION.match(masked, position, block.end)
        if match is not None and " " in match.group(1):
            names.add(match.group(1))
    return frozenset(names)


def _surname_mentions(masked: str, blocks: Sequence[Block], surnames: set[str]) -> list[_Mention]:
    """Return every standalone occurrence of a known surname ("Biden said"), in text order.

    Where occurrences overlap, the first one wins, then the longest: what a regular expression of
    the surnames, longest first, would find. Plain substring search is much faster here.
    """
    if not surnames or not blocks:
        return []
    starts = [block.start for block in blocks]
    low, high = blocks[0].start, blocks[-1].end
    found: list[tuple[int, int]] = []
    for surname in surnames:
        position = masked.find(surname, low, high)
        while position >= 0:
            end = position + len(surname)
            block = blocks[bisect.bisect_right(starts, position) - 1]
            if (
                end <= block.end
                and not _is_word_char(masked, position - 1)
                and (end == block.end or not _is_word_char(masked, end))
            ):
                found.append((position, -len(surname)))
            position = masked.find(surname, position + 1, high)
    found.sort()
    mentions: list[_Mention] = []
    taken_to = 0
    for position, negative_length in found:
        if position < taken_to:
            continue
        end = position - negative_length
        mentions.append(
            _Mention(
                position, masked[position:end], frozenset(), _is_secondary(masked, position, end)
            )
        )
        taken_to = end
    return mentions


@dataclass
class _Registry:
    mentions: list[_Mention]
    titles: dict[str, set[str]]
    masked: str = ""
    sentences: list[tuple[int, int]] = field(default_factory=list)
    """Sentence spans of the searched blocks, in text order."""
    organisations: frozenset[str] = frozenset()
    """Names the article introduces as an organisation's ("advocacy group Athlete Ally")."""

    def resolve(self, reference: _Reference) -> str | None:
        """Return the canonical person a name, pronoun or title refers to, or None."""
        if reference.kind == "name":
            surface = _possessive_free(reference.surface)
            return surface if surface in self.organisations else reference.canonical
        if reference.kind == "pronoun":
            if reference.surface.lower() == "they":
                return self._plural_antecedent(reference.start)
            if reference.surface.lower() not in _RESOLVABLE_PRONOUNS:
                return None
            return self._antecedent(reference.start)
        if reference.kind == "plural":
            return self._plural_antecedent(reference.start)
        if not reference.role:
            return None
        matching = [m for m in self.mentions if reference.role in self.titles.get(m.canonical, ())]
        before = [m for m in matching if m.position < reference.start]
        if before:
            return before[-1].canonical
        if reference.surface.lower().startswith("the ") and reference.role in _PERSON_ROLES:
            # "the left-wing leader", "the New Jersey senator": a description of somebody named
            # before, when nobody named before holds the title.
            antecedent = self._antecedent(reference.start)
            if antecedent is not None:
                return antecedent
        return matching[0].canonical if matching else None

    def _sentence_of(self, position: int) -> int:
        return bisect.bisect_right(self.sentences, (position, len(self.masked) + 1)) - 1

    def _antecedent(self, position: int) -> str | None:
        """Return the person a "he" or "she" at ``position`` refers to.

        The nearest sentence (the pronoun's own, up to the pronoun, or an earlier one) that names
        anybody decides: the person it makes speak ("Turning to Putin, Trump said: ...") if any,
        else the person it names first ("Justice Ruth Bader Ginsburg made a slip akin to
        Macron’s, when she said"), owners and names after a preposition last.
        """
        before = [m for m in self.mentions if m.position < position and " " not in m.canonical]
        if not before:
            return None
        sentence = self._sentence_of(before[-1].position)
        same: list[_Mention] = []  # the mentions of that sentence: the last ones, in text order
        for mention in reversed(before):
            if self._sentence_of(mention.position) != sentence:
                break
            same.insert(0, mention)
        start, end = self.sentences[sentence] if sentence >= 0 else (0, position)
        speaker = _speaker_of(_tokens_in(self.masked, start, min(end, position)))
        if speaker in {m.canonical for m in same}:
            return speaker
        same.sort(key=lambda m: m.secondary)  # stable: text order within each group
        return same[0].canonical

    def _plural_antecedent(self, position: int) -> str | None:
        """Return who a "they" or "the two advocates" at ``position`` refers to, or None.

        The reference's own sentence up to it, else the sentence before, decides (the first of
        them that names anybody): an organisation it makes speak ("Physicians for Human Rights
        said ..., they wrote"), else a named person coordinated with others ("President Donald
        Trump and his campaign advisers ... They claim"; "Marielena Hincapié, ..., and Olivia
        Golden ... the two advocates said"), who is named first. A group without a name
        ("Critics said ... they") gives None.
        """
        sentence = self._sentence_of(position)
        for index in (sentence, sentence - 1):
            if index < 0:
                return None
            start, end = self.sentences[index]
            end = min(end, position)
            named = [m for m in self.mentions if start <= m.position < end]
            speaker = _speaker_of(_tokens_in(self.masked, start, end))
            if speaker is not None and self._is_organisation(speaker):
                return speaker
            for mention in named:
                if not mention.secondary and _coordinated(self.masked, mention, end):
                    return mention.canonical
            if named or speaker is not None:
                return None
        return None

    def _is_organisation(self, name: str) -> bool:
        return " " in name or name in self.organisations or name.split()[-1] in _ORGANISATION_WORDS


_PERSON_ROLES = frozenset(_TITLE_ROLES.values()) - {"spokesperson"}
"""Roles whose definite description ("the senator") may refer to the person named before."""
_COORDINATION = re.compile(
    r"(?:’s?|'s?)?(?:,[^,.;:!?]{1,100},)?\s+and\s+(?:[A-Z]|his |her |their )"
)
"""What follows the first of coordinated names: "Trump and his advisers", "Hincapié, director
of a centre, and Olivia Golden"."""


def _coordinated(masked: str, mention: _Mention, end: int) -> bool:
    """Return whether the person of ``mention`` is coordinated with others ("X and Y")."""
    name_end = masked.find(mention.canonical, mention.position, end)
    if name_end < 0:
        return False
    return bool(_COORDINATION.match(masked, name_end + len(mention.canonical), end))


def _speaker_of(tokens: Sequence[_Token]) -> str | None:
    """Return the person the first speech verb of a sentence makes speak, if it names one."""
    for index, token in enumerate(tokens):
        if _verb_of(token, False) not in _FINITE_VERBS:
            continue
        subject = _subject_before(tokens[:index])
        if subject is None and not token.trailing:
            subject, _ = _reference_starting_at(tokens, index + 1)
        if subject is not None and subject.kind == "name":
            return subject.canonical
    return None


def _registry(
    article: _Article, blocks: Sequence[Block], attributions: Sequence[_Attribution]
) -> _Registry:
    masked = article.masked
    mentions = _static_mentions(masked, blocks)
    if any(a.reference is not None and a.reference.role in _INSTITUTIONS for a in attributions):
        mentions += _institution_mentions(masked, blocks)  # "the government" needs them
    for attribution in attributions:
        reference = attribution.reference
        if reference is not None and reference.kind == "name" and reference.canonical:
            mentions.append(_Mention(reference.start, reference.canonical, reference.titles))
    titles: dict[str, set[str]] = {}
    for mention in mentions:
        titles.setdefault(mention.canonical, set()).update(mention.titles)
    single_word = {name for name in titles if " " not in name}
    mentions += _surname_mentions(masked, blocks, single_word)
    mentions.sort(key=lambda m: m.position)
    sentences: list[tuple[int, int]] = []
    for block in blocks:
        starts = article.block_sentence_starts(block)
        sentences += zip(starts, [*starts[1:], block.end], strict=True)
    return _Registry(mentions, titles, masked, sentences)


# --- Putting it together ----------------------------------------------------------------------


def _searched_blocks(text: str, blocks: Sequence[Block]) -> list[Block]:
    """Return the blocks to search, in text order, clipped to the text and not overlapping."""
    result: list[Block] = []
    position = 0
    searched = [block for block in blocks if block.role in QUOTE_ROLES]
    for block in sorted(searched, key=attrgetter("start", "end")):
        start = max(block.start, position)
        end = min(block.end, len(text))
        if end <= start:
            continue
        if start != block.start or end != block.end:
            block = Block(
                start=start, end=end, role=block.role, label=block.label, reason=block.reason
            )
        result.append(block)
        position = end
    return result


def _attribution_of(article: _Article, raw: _RawQuote, block: Block, partial: bool) -> _Attribution:
    """Return the attribution of a quote: after it, else before it, else ``“...,” saying``, else
    later in its sentence.

    The first attribution that refers to somebody wins. One that names nobody (a verb without a
    subject) is kept for a partial quote, whose verb is still worth showing, when no later
    pattern finds a speaker.
    """
    headline = block.role in ("headline", "subheadline")
    inner = _inner_text(article.text, raw)
    unnamed: _Attribution | None = None
    for finder in (
        lambda: _attribution_after(article.masked, raw, inner, block, headline),
        lambda: _attribution_before(article, raw, block, headline),
        lambda: _attribution_participle_after(article, raw, block),
        lambda: _attribution_later(article, raw, block),
    ):
        attribution = finder()
        if attribution is not None and attribution.reference is not None:
            return attribution
        if attribution is not None and partial and unnamed is None:
            unnamed = attribution
    return unnamed or _Attribution(None, None, "none")


def _continues_previous(
    text: str, raw: _RawQuote, previous: _RawQuote | None, block: Block, partial: bool
) -> bool:
    """Return whether an unattributed quote carries on the previous quote's words.

    True for a full quote in the same paragraph after an attributed quote (“...,” Milley said.
    “Yes, ...”), and for a paragraph that is nothing but a quote right after a paragraph whose
    last quote was attributed.
    """
    if previous is None or partial:
        return False
    if previous.last_block_index == raw.block_index:
        return True
    whole_paragraph = raw.start == block.start and raw.end >= block.end - 1
    return whole_paragraph and previous.last_block_index == raw.block_index - 1


def _reported_speech_before(article: _Article, raw: _RawQuote, block: Block) -> _Attribution | None:
    """Find the speaker of a quote that follows their reported speech in the same paragraph.

    "Paula Schramm said she had seen some moves toward equality. “And that is why I am here.”"
    The quote must open its sentence; the sentence before must have a speech verb and a subject.
    """
    start = article.sentence_start(block, raw.start)
    if start <= block.start or article.masked[start : raw.start].strip():
        return None
    previous_start = article.sentence_start(block, start - 1)
    tokens = _tokens_in(article.masked, previous_start, start)
    verbs = [i for i, t in enumerate(tokens) if _verb_of(t, False) in _FINITE_VERBS]
    if not verbs:
        return None
    index = verbs[0]
    subject = _subject_before(tokens[:index])
    if subject is None and not tokens[index].trailing:
        subject, _ = _reference_starting_at(tokens, index + 1)
    if subject is None:
        return None
    return _Attribution(subject, tokens[index].core, "continued")


def _attribute_repeated_words(
    text: str, raws: Sequence[_RawQuote], attributions: list[_Attribution]
) -> None:
    """Give an unattributed quote the attribution of the same words quoted elsewhere.

    A lede often quotes words that the article attributes further on ("we could see an outbreak
    of measles, ‘one of the most contagious ... diseases,’" ... "Hotez warned ... “one of the
    most contagious ... diseases,”"). Only quotes of three words or more are matched.
    """
    if all(attribution.reference is not None for attribution in attributions):
        return  # nothing to attribute: no need for the words of every quote
    keys = [" ".join(_WORDS.findall(_inner_text(text, raw).casefold())) for raw in raws]
    for index, attribution in enumerate(attributions):
        if attribution.reference is not None or len(keys[index].split()) < 3:
            continue
        for other, candidate in enumerate(attributions):
            if (
                other != index
                and keys[other] == keys[index]
                and candidate.how != "repeated"
                and candidate.reference is not None
            ):
                attributions[index] = _Attribution(candidate.reference, candidate.verb, "repeated")
                break


def find_quotes(text: str, blocks: Sequence[Block]) -> list[Quote]:
    """Direct quotations in the blocks whose role is body, crosshead, headline or subheadline
    (captions, promos, footers are skipped), in text order, with speakers resolved.

    Args:
        text: The article text the blocks index into.
        blocks: Its blocks (one paragraph or line each).

    Returns:
        One :class:`Quote` per top-level quotation (a nested quote is part of its outer quote).
        ``speaker`` is the canonical name (see the module docstring) or None when the article
        names nobody; ``speaker_start``/``speaker_end`` locate the words that refer to the
        speaker (a name, pronoun or title), which may lie in an earlier quote's attribution when
        the quote continues it; ``verb`` is the attribution verb as written.
    """
    searched = _searched_blocks(text, blocks)
    raws = _paired_quotes(text, searched)
    article = _Article(text, _masked_text(text, raws))
    partials = [_is_partial(text, raw, searched[raw.block_index]) for raw in raws]
    attributions: list[_Attribution] = []
    for index, raw in enumerate(raws):
        attribution = _attribution_of(article, raw, searched[raw.block_index], partials[index])
        if attribution.reference is None and index > 0:
            previous = attributions[index - 1]
            if previous.reference is not None and _continues_previous(
                text, raw, raws[index - 1], searched[raw.block_index], partials[index]
            ):
                attribution = _Attribution(previous.reference, previous.verb, "continued")
        if attribution.reference is None and not partials[index]:
            attribution = (
                _reported_speech_before(article, raw, searched[raw.block_index]) or attribution
            )
        attributions.append(attribution)
    _attribute_repeated_words(text, raws, attributions)
    needs_registry = any(
        a.reference is not None and a.reference.kind != "name" for a in attributions
    )
    registry = _registry(article, searched, attributions) if needs_registry else _Registry([], {})
    registry.organisations = _organisation_names(article.masked, searched)
    return [_quote(text, raw, partials[i], attributions[i], registry) for i, raw in enumerate(raws)]


def _quote(
    text: str, raw: _RawQuote, partial: bool, attribution: _Attribution, registry: _Registry
) -> Quote:
    reference = attribution.reference
    speaker = registry.resolve(reference) if reference is not None else None
    return Quote(
        start=raw.start,
        end=raw.end,
        text=_inner_text(text, raw),
        label=speaker or "",
        reason=_reason(raw, partial, attribution, speaker),
        speaker=speaker,
        speaker_start=reference.start if reference is not None else None,
        speaker_end=reference.end if reference is not None else None,
        verb=attribution.verb,
        partial=partial,
    )


def _reason(raw: _RawQuote, partial: bool, attribution: _Attribution, speaker: str | None) -> str:
    """Return a short sentence saying what the quote is and how its speaker was found.

    For example "Direct quote attributed to Milley (said)" or "Partial quote inside the writer's
    sentence; the article names no speaker".
    """
    reference = attribution.reference
    verb = f" ({attribution.verb})" if attribution.verb else ""
    if speaker is None and reference is not None:
        who = f"by an unnamed speaker (“{reference.surface}”){verb}"
    elif speaker is None:
        who = "the article names no speaker"
    elif attribution.how == "repeated":
        who = f"attributed to {speaker} where the article quotes the same words again{verb}"
    elif attribution.how == "continued":
        who = f"continuing {speaker}’s words{verb}"
    elif reference is not None and reference.kind != "name":
        who = f"attributed to {speaker}, referred to as “{reference.surface}”{verb}"
    else:
        who = f"attributed to {speaker}{verb}"
    kind = "Partial quote inside the writer's sentence," if partial else "Direct quote"
    if speaker is None and reference is None:
        kind = kind.rstrip(",") + ";"
    parts = [f"{kind} {who}"]
    if raw.nested:
        parts.append("it contains a quote within the quote")
    if raw.last_block_index > raw.block_index:
        parts.append(f"it runs over {raw.last_block_index - raw.block_index + 1} paragraphs")
    if not raw.closed:
        parts.append("its closing mark is missing, so it ends with the paragraph")
    return "; ".join(parts)


def quoted_ranges(quotes: Sequence[Quote]) -> list[tuple[int, int]]:
    """Merged, sorted character ranges of the quoted words (inside the marks; a nested quote lies
    inside its outer quote, so merged) — used to mark each word as narration or quote.

    Args:
        quotes: Quotes as returned by :func:`find_quotes` (``text`` is the exact text after the
            opening mark).

    Returns:
        Disjoint ``(start, end)`` ranges in ascending order, ``end`` exclusive.
    """
    ranges = sorted(
        (quote.start + 1, min(quote.start + 1 + len(quote.text), quote.end))
        for quote in quotes
        if quote.text
    )
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
