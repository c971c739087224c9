"""Actors: the people and groups the articles name, merged across aliases, with labels and tone.

Light named-entity heuristics, no model:

* Candidates are runs of capitalised words in body blocks (``of`` may join two: "Joint Chiefs of
  Staff"), split at possessives ("Kabul’s Hamid Karzai…") and at capitalised hyphen parts
  ("US-Taliban" → "US", "Taliban").
* Sentence-initial words that also occur in lower case, and stopwords, are dropped ("Leaving
  Americans" → "Americans"); a leading "The" marks a group ("The Taliban").
* Titles are stripped and remembered: "U.S. Army General Mark Milley", "Secretary of Defense Lloyd
  Austin", "US President Joe Biden", "Marine Gen. Frank McKenzie".
* A candidate is a **person** when a title was stripped before it or when it is two or three
  name-like words (no organisation or place word); a single word is a person when it is the last
  word of exactly one person's full name ("Biden" → "Joe Biden"). It is a **group** when it
  contains an organisation word ("State", "Agency", "Command"…), is an acronym ("ISIS-K", "CIA";
  not "US", "AP"), is written "the X" followed by a function word or punctuation ("the Taliban
  are"), starts with the Arabic article "al-", or is a plural people-word ("Afghans",
  "Republicans"). Everything else (places: "Kabul", "Doha, Qatar"; months; adjectives) is left
  out, as are names with a place word ("Airport", "Street").
* Aliases merge: surnames into full names, "Long Name (ACR)" anywhere in any article makes ACR an
  alias of the long name everywhere, and an acronym equal to the initials of a group name joins it
  ("IS" = "Islamic State", "CIA" = "Central Intelligence Agency").

Per article and actor: mentions (all, and in narration: outside quotation marks); labels — loaded
words and short partial quotations ("ruthless") attached to a nearby actor mention in the same
clause (rules in :func:`_attach`: a few words away at most, so a loaded word far from any name
labels nobody); and the tone toward the actor in narration.

Tone toward an actor (``tone_narration``): for every body sentence that mentions the actor outside
quotation marks, :func:`analysis.target_tone.target_tone` scores the sentence's own words (quoted
words left out) toward the actor's mentions there, as negative, neutral or positive with a score
P(positive) − P(negative) and the words behind it (``tone_sentences``); ``tone_narration`` is the
mean score. It replaced the mean VADER tone of those sentences, which scored the whole sentence
whoever it was about ("Milley said the Taliban were ruthless" counted against Milley); that mean
is still given as ``vader_tone_narration``.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import fmean

from analysis.compare._text import STOPWORDS
from analysis.compare.results import Actor, ActorInArticle, ActorLabel, ActorToneSentence
from analysis.model import BODY_ROLES, ArticleAnalysis, Quote
from analysis.target_tone import PreparedSentence

TOKEN_RE = re.compile(r"(?:al-)?[^\W\d_](?:[\w’'\-]|\.(?=\w))*\.?|\d[\d,.]*\w*|[^\w\s]")
"""Words (with inner dots, hyphens, apostrophes; "U.S.", "Gen.") and single punctuation marks."""

DOTTED_ABBREVIATIONS: frozenset[str] = frozenset(
    {"gen", "lt", "col", "sgt", "adm", "maj", "capt", "mr", "mrs", "ms", "dr", "sen", "rep"}
    | {"gov", "pres", "sec", "jr", "sr", "st", "prof", "rev", "cmdr", "gens"}
)
"""Words whose final dot belongs to them ("Gen."); any other final dot ends the sentence."""

PERSON_TITLES: frozenset[str] = frozenset(
    {"gen", "general", "president", "secretary", "lt", "lieutenant", "col", "colonel", "sgt"}
    | {"sergeant", "adm", "admiral", "maj", "major", "capt", "captain", "mr", "mrs", "ms", "dr"}
    | {"sen", "senator", "rep", "representative", "gov", "governor", "chairman", "chairwoman"}
    | {"commander", "minister", "prime", "vice", "former", "chief", "judge", "justice", "pope"}
    | {"king", "queen", "prince", "princess", "sir", "dame", "prof", "professor", "rev", "pres"}
    | {"sec", "cmdr", "spokesman", "spokeswoman", "ambassador", "mayor", "speaker", "leader"}
    | {"marshal", "brig", "brigadier", "ret", "sheikh", "mullah", "gens", "private", "corporal"}
)
"""Titles stripped before a name; stripping one makes the name a person."""

TITLE_MODIFIERS: frozenset[str] = frozenset(
    {"us", "usa", "uk", "army", "marine", "marines", "navy", "air", "force", "defense"}
    | {"defence", "foreign", "deputy", "acting", "joint", "staff", "homeland", "security"}
)
"""Words stripped before a title ("U.S. Army General", "Defense Secretary") or a bare "US"."""

COUNTRY_MODIFIERS: frozenset[str] = frozenset({"us", "usa", "uk"})
"""Country words stripped before any name ("US Central Command" → "Central Command")."""

ORG_WORDS: frozenset[str] = frozenset(
    {"state", "states", "agency", "department", "command", "division", "army", "navy", "party"}
    | {"council", "congress", "senate", "house", "court", "ministry", "office", "group"}
    | {"province", "network", "chiefs", "committee", "union", "nations", "organization"}
    | {"organisation", "administration", "corps", "forces", "force", "guard", "front", "brigade"}
    | {"bureau", "commission", "company", "corporation", "inc", "university", "institute"}
    | {"association", "federation", "movement", "alliance", "coalition", "government"}
    | {"parliament", "assembly", "police", "service", "services", "times", "post", "news"}
)
"""Words that make a name an organisation (a group)."""

PLACE_WORDS: frozenset[str] = frozenset(
    {"airport", "street", "avenue", "road", "square", "bridge", "river", "mountain", "mountains"}
    | {"island", "islands", "lake", "county", "district", "valley", "base", "hospital", "city"}
    | {"park", "gate", "station", "airfield", "sea", "ocean", "gulf", "bay", "hotel", "palace"}
)
"""Words that make a name a place (not an actor), unless an alias defines it."""

NOT_ACTORS: frozenset[str] = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september"}
    | {"october", "november", "december", "monday", "tuesday", "wednesday", "thursday"}
    | {"friday", "saturday", "sunday", "i", "yes", "no", "ok", "oh", "read", "photo", "file"}
    | {"twitter", "facebook", "god", "christmas", "easter", "ramadan", "covid"}
)
"""Capitalised words that are never actors on their own."""

ACRONYM_STOP: frozenset[str] = frozenset(
    {"us", "usa", "uk", "ap", "afp", "ok", "tv", "am", "pm", "ad", "bc", "gdp", "dc", "ceo"}
)
"""All-capital words that are not actors ("US" is a country; "AP" a byline)."""

SAYING_CATEGORIES = frozenset({"saying_verb", "saying", "attribution"})
"""Loaded-lexicon categories of verbs of saying: they describe their subject."""
QUOTE_CHARS = "“”\"‘’'«»"
CLAUSE_BREAKS = ",;:—–()"
PRONOUN_RE = re.compile(r"\b(?:them|him|her|they)\b", re.IGNORECASE)
"""Pronouns by which a clause refers back to an actor named earlier in the sentence."""
MAX_LABEL_DISTANCE = 4
"""Most words between a descriptive label and the actor mention it describes."""
MAX_SUBJECT_DISTANCE = 20
"""Most words between a loaded saying verb and the mention of its subject before it."""
_LOWER_WORD_RE = re.compile(r"\b[a-z][a-z’'\-]+\b")
"""A word written in lower case."""
_WORDS_RE = re.compile(r"[^\W_]+(?:[’'\-.][^\W_]+)*")
MAX_LABEL_WORDS = 4
"""A partial quotation labels an actor only when it is this short ("ruthless", "avowed enemies")."""


@dataclass
class Mention:
    """One naming of a candidate actor in an article."""

    article: int
    start: int
    end: int
    surface: str
    key: tuple[str, ...]
    titled: bool
    the: bool
    """Written "the X"."""
    bare_the: bool
    """Written "the X" and followed by a function word or punctuation (not "the Kabul airport")."""
    alias_of: tuple[str, ...] | None = None
    """For "Long Name (ACR)": the acronym's key, merged with this mention."""


@lru_cache(maxsize=65536)
def _norm(token: str) -> str:
    """Return the key form of a name word: lower case, no dots, straight apostrophes."""
    return token.lower().replace("’", "'").replace(".", "")


@lru_cache(maxsize=65536)
def _is_cap(token: str) -> bool:
    """Return whether a token starts a name (capitalised word or "al-X")."""
    if token.startswith("al-") and len(token) > 3:
        return token[3].isupper()
    if "-" in token and any(part[:1].islower() for part in token.split("-")[1:]):
        return False  # "US-backed", "US-led"
    return token[:1].isupper()


def _is_acronym(key: tuple[str, ...], surface: str) -> bool:
    """Return whether a one-word name is an acronym (all capitals, 2–6 letters, "ISIS-K")."""
    if len(key) != 1 or key[0] in ACRONYM_STOP:
        return False
    letters = surface.replace("-", "").replace(".", "")
    return 2 <= len(letters) <= 7 and letters.isupper() and letters.isalpha()


def _word_tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Return ``(start, end, token)`` of the words and punctuation of ``text[start:end]``."""
    out: list[tuple[int, int, str]] = []
    for m in TOKEN_RE.finditer(text, start, end):
        tok = m.group()
        if "." not in tok and "-" not in tok:  # most words: nothing to split
            out.append((*m.span(), tok))
            continue
        s, e = m.span()
        if (
            len(tok) > 1
            and tok.endswith(".")
            and "." not in tok[:-1]
            and _norm(tok[:-1]) not in DOTTED_ABBREVIATIONS
        ):
            out.append((s, e - 1, tok[:-1]))
            out.append((e - 1, e, "."))
            continue
        if "-" in tok and not tok.startswith("al-"):
            parts = tok.split("-")
            if len(parts) > 1 and all(p[:1].isupper() and len(p) > 1 for p in parts):
                pos = s
                for k, part in enumerate(parts):
                    out.append((pos, pos + len(part), part))
                    pos += len(part) + 1
                    if k < len(parts) - 1:
                        out.append((pos - 1, pos, "-"))
                continue
        out.append((s, e, tok))
    return out


def _lowercase_vocabulary(analyses: Sequence[ArticleAnalysis]) -> set[str]:
    """Return every word written in lower case anywhere in the articles."""
    vocab: set[str] = set()
    for a in analyses:
        vocab.update(map(str.lower, _LOWER_WORD_RE.findall(a.text)))
    return vocab


def _strip_titles(tokens: list[tuple[int, int, str]]) -> tuple[list[tuple[int, int, str]], bool]:
    """Strip leading titles and their modifiers; return what is left and whether a title went."""
    titled = False
    k = 0
    while k < len(tokens):
        word = _norm(tokens[k][2])
        if word in PERSON_TITLES:
            titled = True
            k += 1
            if k + 1 < len(tokens) and _norm(tokens[k][2]) == "of":
                k += 2  # "Secretary of Defense", "Secretary of State"
            continue
        if word in TITLE_MODIFIERS and (
            k + 1 == len(tokens)
            or word in COUNTRY_MODIFIERS
            or _norm(tokens[k + 1][2]) in PERSON_TITLES | TITLE_MODIFIERS
        ):
            k += 1
            continue
        break
    return tokens[k:], titled


def find_mentions(
    analyses: Sequence[ArticleAnalysis], lower_vocab: set[str]
) -> tuple[list[Mention], list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    """Return every candidate actor mention in the articles' body blocks, and alias pairs.

    Args:
        analyses: The compared articles.
        lower_vocab: Words seen in lower case (sentence-initial capitals of these are dropped).

    Returns:
        The mentions, and ``(long name key, acronym key)`` pairs from "Long Name (ACR)".
    """
    mentions: list[Mention] = []
    aliases: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for k, analysis in enumerate(analyses):
        text = analysis.text
        for block in analysis.blocks:
            if block.role != "body":
                continue
            tokens = _word_tokens(text, block.start, block.end)
            capital = list(map(_is_cap, [t[2] for t in tokens]))
            i = 0
            while True:
                try:
                    i = capital.index(True, i)  # the next token that can start a name
                except ValueError:
                    break
                run = [tokens[i]]
                j = i + 1
                while j < len(tokens):
                    tok = tokens[j][2]
                    prev = run[-1][2]
                    if prev.endswith(("’s", "'s")) or text[run[-1][1] : tokens[j][0]].strip():
                        break
                    if capital[j] and tok[:1].isalpha():
                        run.append(tokens[j])
                        j += 1
                    elif (
                        tok == "of"
                        and j + 1 < len(tokens)
                        and capital[j + 1]
                        and not text[tokens[j][1] : tokens[j + 1][0]].strip()
                    ):
                        run.extend([tokens[j], tokens[j + 1]])
                        j += 2
                    else:
                        break
                before = tokens[i - 1][2] if i > 0 else ""
                initial = i == 0 or before in ".!?:" or before in QUOTE_CHARS
                the = _norm(before) == "the"
                while run and (
                    (_norm(run[0][2]) in STOPWORDS and not run[0][2].isupper())
                    or (initial and run[0][2].lower().replace("’", "'") in lower_vocab)
                ):
                    the = the or _norm(run[0][2]) == "the"
                    run = run[1:]
                    initial = False
                run, titled = _strip_titles(run)
                while run and _norm(run[-1][2]) == "of":
                    run = run[:-1]
                if run:
                    last_s, last_e, last = run[-1]
                    if last.endswith(("’s", "'s")):
                        run[-1] = (last_s, last_e - 2, last[:-2])
                    key = tuple(_norm(t[2]) for t in run)
                    after = tokens[j][2] if j < len(tokens) else "."
                    followed_by_content = after[:1].islower() and _norm(after) not in STOPWORDS
                    mention = Mention(
                        article=k,
                        start=run[0][0],
                        end=run[-1][1],
                        surface=text[run[0][0] : run[-1][1]],
                        key=key,
                        titled=titled,
                        the=the,
                        bare_the=the and not followed_by_content,
                    )
                    if (
                        j + 2 < len(tokens)
                        and tokens[j][2] == "("
                        and tokens[j + 2][2] == ")"
                        and _is_acronym((_norm(tokens[j + 1][2]),), tokens[j + 1][2])
                        and len(key) > 1
                    ):
                        mention.alias_of = (_norm(tokens[j + 1][2]),)
                        aliases.append((key, mention.alias_of))
                        mention.end = tokens[j + 2][1]
                        mention.surface = text[mention.start : mention.end]
                        j += 3
                    mentions.append(mention)
                i = max(j, i + 1)
    return mentions, aliases


class _UnionFind:
    """Union-find over name keys."""

    def __init__(self) -> None:
        self.parent: dict[tuple[str, ...], tuple[str, ...]] = {}

    def find(self, x: tuple[str, ...]) -> tuple[str, ...]:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: tuple[str, ...], b: tuple[str, ...]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _initials(key: tuple[str, ...]) -> str:
    """Return the initials of a multi-word name, ignoring "of" and "the"."""
    return "".join(w[0] for w in key if w not in ("of", "the") and w)


class ActorIndex:
    """Which candidate names are actors, merged into clusters, with display names."""

    def __init__(self, mentions: Sequence[Mention], aliases: Sequence[tuple]) -> None:
        """Classify candidate keys and merge aliases (see the module docstring)."""
        surfaces: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
        titled: set[tuple[str, ...]] = set()
        bare_the: set[tuple[str, ...]] = set()
        for m in mentions:
            surfaces[m.key][m.surface.split(" (")[0]] += 1
            if m.titled:
                titled.add(m.key)
            if m.bare_the:
                bare_the.add(m.key)
        aliased = {k for pair in aliases for k in pair}
        for _, acronym in aliases:
            surfaces[acronym][acronym[0].upper()] += 0
        self.kind: dict[tuple[str, ...], str] = {}
        all_lower = {w for key in surfaces for w in key}
        for key, forms in surfaces.items():
            surface = forms.most_common(1)[0][0]
            words = set(key)
            if words & PLACE_WORDS and key not in aliased:
                continue
            if len(key) == 1 and key[0] in NOT_ACTORS:
                continue
            org = bool(words & ORG_WORDS)
            if key in titled or (
                2 <= len(key) <= 3
                and not org
                and "of" not in key
                and all(w[:1].isupper() and not w.isupper() for w in surface.split())
            ):
                self.kind[key] = "person" if not org else "group"
            elif (
                org
                or key in aliased
                or _is_acronym(key, surface)
                or key in bare_the
                or key[0].startswith("al-")
                or (
                    len(key) == 1
                    and key[0].endswith("s")
                    and (key[0].endswith(("ans", "ians")) or key[0][:-1] in all_lower)
                )
            ):
                self.kind[key] = "group"
        self.uf = _UnionFind()
        self.by_surname: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        persons = [k for k, v in self.kind.items() if v == "person" and len(k) >= 2]
        by_surname = self.by_surname
        for key in persons:
            by_surname[key[-1]].add(key)
        for key in list(surfaces):
            if len(key) == 1 and len(by_surname.get(key[0], ())) == 1:
                full = next(iter(by_surname[key[0]]))
                self.kind[key] = "person"
                self.uf.union(full, key)
        for long_key, acronym in aliases:
            self.kind.setdefault(acronym, self.kind.get(long_key, "group"))
            self.kind.setdefault(long_key, "group")
            self.uf.union(long_key, acronym)
        groups = [k for k, v in self.kind.items() if v == "group" and len(k) >= 2]
        for key in list(self.kind):
            if len(key) == 1 and _is_acronym(key, next(iter(surfaces[key] or {key[0]: 0}))):
                matches = [g for g in groups if _initials(g) == key[0].split("-")[0]]
                if len(matches) == 1:
                    self.uf.union(matches[0], key)
        self.surfaces = surfaces
        self._members: dict[tuple[str, ...], list[tuple[str, ...]]] | None = None
        self._display: dict[tuple[str, ...], tuple[str, str, tuple[str, ...]]] = {}

    def cluster(self, key: tuple[str, ...]) -> tuple[str, ...] | None:
        """Return the cluster id of a name key, or None when it is not an actor."""
        return self.uf.find(key) if key in self.kind else None

    def members(self) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
        """Return every cluster id with its member keys."""
        out: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
        for key in self.kind:
            out[self.uf.find(key)].append(key)
        return out

    def display(self, cluster: tuple[str, ...]) -> tuple[str, str, tuple[str, ...]]:
        """Return the display name, kind and aliases (as written) of a cluster."""
        # The index does not change once built, so the answers are kept (for this index only).
        if cluster not in self._display:
            if self._members is None:
                self._members = self.members()
            self._display[cluster] = self._describe(self._members[cluster])
        return self._display[cluster]

    def _describe(self, members: list[tuple[str, ...]]) -> tuple[str, str, tuple[str, ...]]:
        """Return the display name, kind and aliases of the cluster of ``members``."""
        kind = "person" if any(self.kind[k] == "person" for k in members) else "group"
        forms: Counter[str] = Counter()
        for k in members:
            forms.update(self.surfaces[k])
        ranked = sorted(forms, key=lambda f: (-forms[f], -len(f), f))
        if kind == "person":
            name = max(ranked, key=lambda f: (len(f.split()), forms[f]))
        else:
            name = ranked[0]
        return name, kind, tuple(sorted(forms, key=lambda f: (-forms[f], f)))

    def resolve(self, name: str | None) -> str | None:
        """Return the display name of the actor a free-text name (a quote's speaker) refers to.

        Args:
            name: A name as written, possibly with titles ("Gen. Mark Milley", "President Biden").

        Returns:
            The actor's display name, or None when the name matches no actor.
        """
        if not name:
            return None
        tokens = [
            t for t in _word_tokens(name, 0, len(name)) if t[2][:1].isalnum() and t[2] != "the"
        ]
        rest, _ = _strip_titles(tokens)
        while rest and rest[-1][2].endswith(("’s", "'s")):
            rest[-1] = (0, 0, rest[-1][2][:-2])
        key = tuple(_norm(t[2]) for t in rest)
        cluster = self.cluster(key) if key else None
        if cluster is None and key and (key[-1],) in self.kind:
            cluster = self.cluster((key[-1],))
        if cluster is None and key and len(self.by_surname.get(key[-1], ())) == 1:
            cluster = self.cluster(next(iter(self.by_surname[key[-1]])))
        return None if cluster is None else self.display(cluster)[0]


def build_actor_index(analyses: Sequence[ArticleAnalysis]) -> tuple[ActorIndex, list[Mention]]:
    """Return the actor index of the articles and every mention (actors and non-actors)."""
    mentions, aliases = find_mentions(analyses, _lowercase_vocabulary(analyses))
    return ActorIndex(mentions, aliases), mentions


def _in_quote(
    quotes: Sequence[Quote], start: int, end: int, starts: Sequence[int] | None = None
) -> bool:
    """Return whether ``[start, end)`` lies inside one of ``quotes`` (sorted by start).

    ``starts``, the quotes' start offsets, saves rebuilding them on every call.
    """
    if starts is None:
        starts = [q.start for q in quotes]
    k = bisect.bisect_right(starts, start)
    return any(q.start <= start and end <= q.end for q in quotes[max(0, k - 3) : k])


def _clause_bounds(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """Return the clause of ``text[lo:hi]`` (a sentence) around ``[start, end)``."""
    left = max((text.rfind(ch, lo, start) for ch in CLAUSE_BREAKS), default=-1)
    rights = [p for p in (text.find(ch, end, hi) for ch in CLAUSE_BREAKS) if p != -1]
    return (left + 1 if left >= lo else lo), (min(rights) if rights else hi)


def _words_between(text: str, a: int, b: int) -> int:
    """Return how many words lie in ``text[a:b]``."""
    return len(_WORDS_RE.findall(text, a, b)) if b > a else 0


def _attach(
    text: str,
    sentence: tuple[int, int],
    label: tuple[int, int],
    candidates: Sequence[tuple[int, int, tuple[str, ...]]],
    kind: str,
) -> tuple[str, ...] | None:
    """Return the cluster of the actor mention a label belongs to, or None.

    Rules by kind of label:

    * ``quoted`` (a short partial quotation, "ruthless") describes what comes before it: the
      nearest mention before it in its clause, at most :data:`MAX_LABEL_DISTANCE` words away
      ("called the Taliban “ruthless”"); when the clause refers back with a pronoun ("calling
      them “ruthless”"), the nearest mention before it in the sentence.
    * ``saying`` (a loaded saying verb, "asserts", "downplay") describes its subject: the nearest
      mention before it in the sentence, at most :data:`MAX_SUBJECT_DISTANCE` words away.
    * any other loaded word describes the nearest mention in its clause, before or after, at most
      :data:`MAX_LABEL_DISTANCE` words away ("supposed ISIS-K targets", "desperate Afghans");
      ties go to the mention before.
    """
    start, end = label
    mentions = [c for c in candidates if c[1] <= start or c[0] >= end]
    lo, hi = _clause_bounds(text, sentence[0], sentence[1], start, end)
    in_clause = [c for c in mentions if lo <= c[0] and c[1] <= hi]

    def distance(c: tuple[int, int, tuple[str, ...]]) -> int:
        return (
            _words_between(text, c[1], start) if c[1] <= start else _words_between(text, end, c[0])
        )

    if kind == "saying":
        before = [c for c in mentions if c[1] <= start and distance(c) <= MAX_SUBJECT_DISTANCE]
        return max(before, key=lambda c: c[1])[2] if before else None
    if kind == "quoted":
        before = [c for c in in_clause if c[1] <= start and distance(c) <= MAX_LABEL_DISTANCE]
        if before:
            return max(before, key=lambda c: c[1])[2]
        if not PRONOUN_RE.search(text, lo, start):
            return None
        before = [c for c in mentions if c[1] <= start]
        return max(before, key=lambda c: c[1])[2] if before else None
    near = [c for c in in_clause if distance(c) <= MAX_LABEL_DISTANCE]
    if not near:
        return None
    return min(near, key=lambda c: (distance(c), c[0] > start))[2]


def _actor_tone(
    prepared: PreparedSentence, start: int, end: int, mentions: Sequence[tuple[int, int]]
) -> ActorToneSentence:
    """Return the tone of the sentence ``text[start:end]`` toward mentions of one actor in it.

    Args:
        prepared: The sentence, with the quotations overlapping it left out (the outlet's own
            words only), shared by every actor of the sentence.
        start: Where the sentence starts in the article's text.
        end: Where it ends.
        mentions: The actor's mentions in the sentence, as offsets into the text.

    Returns:
        The tone, with the evidence's offsets moved back into the text.
    """
    result = prepared.tone([(s - start, e - start) for s, e in mentions], offset=start)
    return ActorToneSentence(
        start=start, end=end, label=result.label, score=result.score, evidence=result.evidence
    )


def _prepared_sentence(
    text: str, start: int, end: int, quotes: Sequence[Quote]
) -> PreparedSentence:
    """Return the sentence ``text[start:end]`` prepared for tone, quotations left out."""
    exclude = [
        (max(q.start, start) - start, min(q.end, end) - start)
        for q in quotes
        if q.start < end and start < q.end
    ]
    return PreparedSentence(text[start:end], exclude=exclude)


def compare_actors(
    analyses: Sequence[ArticleAnalysis],
    index: ActorIndex | None = None,
    mentions: Sequence[Mention] | None = None,
) -> list[Actor]:
    """Return the actors named in the articles, most mentioned first.

    Args:
        analyses: The compared articles.
        index: A prebuilt actor index (built from the articles when None).
        mentions: The mentions the index was built from (with ``index``).

    Returns:
        One :class:`Actor` per merged person or group, with per-article mentions, labels and tone.
    """
    if index is None or mentions is None:
        index, mentions = build_actor_index(analyses)
    by_article: list[list[tuple[int, int, tuple[str, ...]]]] = [[] for _ in analyses]
    for m in mentions:
        cluster = index.cluster(m.key)
        if cluster is not None:
            by_article[m.article].append((m.start, m.end, cluster))
    clusters = sorted({c for per in by_article for _, _, c in per})
    # (cluster, article) -> statistics, made on the actor's first mention in the article.
    stats: dict[tuple[tuple[str, ...], int], dict] = {}
    for k, analysis in enumerate(analyses):
        text = analysis.text
        per = sorted(by_article[k])
        starts = [m[0] for m in per]
        quotes = sorted(analysis.quotes, key=lambda q: q.start)
        quote_starts = [q.start for q in quotes]
        for s, e, c in per:
            entry = stats.get((c, k))
            if entry is None:
                entry = stats[(c, k)] = {
                    "spans": [],
                    "narr": 0,
                    "labels": [],
                    "tones": [],
                    "vader": [],
                    "sentences": set(),
                }
            entry["spans"].append((s, e))
            if not _in_quote(quotes, s, e, quote_starts):
                entry["narr"] += 1
        labels: list[tuple[int, int, str, str, str]] = [
            (q.start, q.end, q.text, "quoted", "quote")
            for q in analysis.quotes
            if q.partial and 0 < len(q.text.split()) <= MAX_LABEL_WORDS
        ]
        labels += [
            (h.start, h.end, text[h.start : h.end], h.category, h.voice)
            for h in analysis.loaded
            if h.role in BODY_ROLES
            and not any(ls <= h.start and h.end <= le for ls, le, *_ in labels)
        ]
        # Label indices by start, to find a sentence's labels (then taken in list order).
        by_start = sorted(range(len(labels)), key=lambda m: labels[m][0])
        label_starts = [labels[m][0] for m in by_start]
        for sentence in analysis.sentences:
            if sentence.role not in BODY_ROLES:
                continue
            lo_i = bisect.bisect_left(starts, sentence.start)
            hi_i = bisect.bisect_left(starts, sentence.end)
            inside = [m for m in per[lo_i:hi_i] if m[1] <= sentence.end]
            if not inside:
                continue
            narrated: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
            for s, e, c in inside:
                if not _in_quote(quotes, s, e, quote_starts):
                    narrated[c].append((s, e))
            if narrated:
                # One preparation serves every actor of the sentence.
                prepared = _prepared_sentence(text, sentence.start, sentence.end, quotes)
                for c, spans in narrated.items():
                    entry = stats[(c, k)]
                    entry["tones"].append(
                        _actor_tone(prepared, sentence.start, sentence.end, spans)
                    )
                    if sentence.tone_narration is not None:
                        entry["vader"].append(sentence.tone_narration)
                    entry["sentences"].add(sentence.start)
            first = bisect.bisect_left(label_starts, sentence.start)
            stop = bisect.bisect_left(label_starts, sentence.end)
            for m in sorted(by_start[first:stop]):
                ls, le, ltext, lkind, lvoice = labels[m]
                rule = lkind if lkind == "quoted" else "loaded"
                if lkind in SAYING_CATEGORIES:
                    rule = "saying"
                c = _attach(text, (sentence.start, sentence.end), (ls, le), inside, rule)
                lkind = "quoted" if lkind == "quoted" else "loaded"
                if c is not None:
                    label_text = ltext.strip(QUOTE_CHARS + ",.;:!? ")
                    stats[(c, k)]["labels"].append(ActorLabel(label_text, lkind, ls, le, lvoice))
    # An article that never names an actor gets the same all-empty entry for every actor.
    absent = [
        ActorInArticle(
            article=analysis.meta.id,
            mentions=0,
            mentions_narration=0,
            spans=(),
            labels=(),
            tone_narration=None,
            narration_sentences=0,
        )
        for analysis in analyses
    ]
    actors: list[Actor] = []
    for c in clusters:
        name, kind, aliases = index.display(c)
        per_article = []
        for k, analysis in enumerate(analyses):
            entry = stats.get((c, k))
            if entry is None:
                per_article.append(absent[k])
                continue
            tones = entry["tones"]
            per_article.append(
                ActorInArticle(
                    article=analysis.meta.id,
                    mentions=len(entry["spans"]),
                    mentions_narration=entry["narr"],
                    spans=tuple(entry["spans"]),
                    labels=tuple(sorted(set(entry["labels"]), key=lambda lb: lb.start)),
                    tone_narration=fmean(t.score for t in tones) if tones else None,
                    narration_sentences=len(entry["sentences"]),
                    tone_sentences=tuple(tones),
                    vader_tone_narration=fmean(entry["vader"]) if entry["vader"] else None,
                )
            )
        actors.append(Actor(name=name, kind=kind, aliases=aliases, per_article=tuple(per_article)))
    actors.sort(key=lambda a: (-a.mentions, a.name))
    return actors
