"""Recognise lines that are not article body: captions, promos, newsletter prompts, footers.

Pages copied from the web carry photo captions with credits, "(File photo)", "Read Next:" promos
and the republisher's subscription prompts. They are kept visible (greyed in the dashboard) and
excluded from every metric. Short title-case lines between paragraphs are section headings
(crossheads): the outlet's own words, counted with the body.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence

from analysis.model import BlockRole

_CREDIT_WORDS = re.compile(
    r"photo|file|screenshot|image|credit|courtesy|getty|afp|\bap\b|reuters|pool|handout|"
    r"video|twitter|facebook|instagram|shutterstock|army|navy|air force|marine|dod|"
    r"department|ministry|office|via\b|/",
    re.IGNORECASE,
)
_TRAILING_PARENTHESIS = re.compile(r"[.!?”\"]\s*\(([^()]{2,90})\)\s*$")
_LEADING_CREDIT = re.compile(r"^\(?\s*(photo|image|file photo|pictured)\b[^a-z]", re.IGNORECASE)
_PROMO = re.compile(
    r"^(read next|read more|related|see also|also read|more from|recommended|watch|listen|"
    r"click here|tap here|trending|most read|don't miss|don’t miss)\b\s*[:—–-]?",
    re.IGNORECASE,
)
_FOOTER = re.compile(
    r"never miss|get notifications|you['’]re subscribed|subscribe|newsletter|sign up|"
    r"all rights reserved|©|copyright|follow us|share this|get our|download our app|"
    r"this (story|article) (has been|was) (updated|corrected)|contributed to this report|"
    r"join our|support our journalism|become a (member|subscriber)",
    re.IGNORECASE,
)
_FOOTER_LOWER = re.compile(_FOOTER.pattern)
""":data:`_FOOTER` for lower-cased text (its phrases are in lower case), see :func:`_has_footer`."""
_LOWER_CASE_MISFITS = ("İ", "ı", "ſ")
"""The characters that ``re.IGNORECASE`` matches to an ASCII letter but ``str.lower`` does not
turn into that one letter ("İ" also becomes two characters)."""
_FOOTER_LEAD = re.compile(
    r"^(read more|more stories|related( stories)?|you may also like)\s*:?\s*$", re.IGNORECASE
)
_LINK_LEAD = re.compile(r"^more( stories| coverage| on this( story)?)?\s*:\s*\S", re.IGNORECASE)
"""A link to another article introduced by "More:" (not "More than ...")."""
_TRAILING_CREDIT = re.compile(r"[.!?]\s+([^.!?]{2,80}/[^.!?]{2,80})$")
"""A photo credit with a slash after the caption's last sentence: "REUTERS/Kemal Aslan"."""
_POST_SIGNATURE = re.compile(
    r"[—–-]\s*[^()]{1,80}\(@\w{1,15}\)\s*[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}\s*$"
)
"""How an embedded social-media post ends: "— Alex Berenson (@AlexBerenson) June 4, 2020"."""
_SENTENCE_END = ".!?:;”\"’')"
_TEASER_MIN_WORDS = 7
_CROSSHEAD_MAX_WORDS = 14
_FOOTER_MAX_WORDS = 16
_ASCII_LOWER_BYTES = string.ascii_lowercase.encode("ascii")


def classify_blocks(lines: Sequence[str]) -> list[tuple[BlockRole, str]]:
    """Classify each body line as body, crosshead, caption, promo or footer.

    Args:
        lines: The body's non-blank lines, stripped, in reading order.

    Returns:
        One ``(role, reason)`` per line; the reason says in plain words why it is not body.
    """
    roles: list[tuple[BlockRole, str]] = [_classify_line(line) for line in lines]
    promo_targets = {
        _PROMO.sub("", line).strip().casefold()
        for line, (role, _) in zip(lines, roles, strict=True)
        if role == "promo"
    }
    for index, line in enumerate(lines):
        if roles[index][0] != "promo" and line.strip().casefold() in promo_targets:
            roles[index] = ("promo", "Title of a linked article (repeated in a promo line)")
        if index and line == lines[index - 1] and roles[index - 1][0] != "body":
            roles[index] = roles[index - 1]
    _mark_embedded_posts(lines, roles)
    _mark_footer_run(lines, roles)
    return roles


def _classify_line(line: str) -> tuple[BlockRole, str]:
    stripped = line.strip()
    words = stripped.split()
    if (_PROMO.match(stripped) and (len(words) <= 25 or ":" in stripped[:20])) or (
        _LINK_LEAD.match(stripped) and len(words) <= 25
    ):
        return "promo", "Promotion of another article, not part of this one"
    if _is_capitals_teaser(stripped, words):
        return "promo", "Headline of another article, in capitals (a link)"
    if len(words) <= _FOOTER_MAX_WORDS and _has_footer(stripped):
        return "footer", "Subscription or site prompt from the publisher"
    # Both credit patterns end the line, one with ")" and one after a "/": checking for these
    # first spares scanning every line for the sentence ends the patterns open with.
    credit = _TRAILING_PARENTHESIS.search(stripped) if stripped.endswith(")") else None
    if credit and _CREDIT_WORDS.search(credit.group(1)):
        return "caption", f"Photo caption (credit: {credit.group(1).strip()})"
    if _LEADING_CREDIT.match(stripped):
        return "caption", "Photo caption"
    credit = _TRAILING_CREDIT.search(stripped) if "/" in stripped else None
    if credit and _is_credit(credit.group(1)):
        return "caption", f"Photo caption (credit: {credit.group(1).strip()})"
    if _looks_like_crosshead(stripped, words):
        return "crosshead", "Section heading written by the outlet (counted with the body)"
    return "body", ""


def _has_footer(stripped: str) -> bool:
    """Return whether :data:`_FOOTER` finds a publisher's prompt in ``stripped``.

    The lower-cased line is searched with the case-sensitive twin of the pattern, which finds
    the same phrases: a case-insensitive pattern keeps the regular expression engine from
    skipping ahead to the letters its phrases start with, so it tries every phrase at every
    position, several times slower. Lines holding one of :data:`_LOWER_CASE_MISFITS` take the
    case-insensitive pattern.
    """
    if any(char in stripped for char in _LOWER_CASE_MISFITS):
        return _FOOTER.search(stripped) is not None
    return _FOOTER_LOWER.search(stripped.lower()) is not None


def _is_credit(credit: str) -> bool:
    """Return whether text after a caption's last sentence is a credit ("Name/Agency")."""
    words = credit.replace("/", " / ").split()
    return bool(_CREDIT_WORDS.search(credit)) and all(
        word == "/" or word[0].isupper() or word[0].isdigit() for word in words
    )


def _is_capitals_teaser(stripped: str, words: Sequence[str]) -> bool:
    """Return whether a line is another article's headline set in capitals, as a link.

    Such teasers run to seven words or more, end without a full stop and are words rather
    than figures; a section heading in capitals is shorter ("EQUALITY AND RESPECT"), and a
    line opening with a quotation mark is quoted text. Of the 148 distinct lines of MBIC this
    rule takes, one is a long section heading ("LOS ANGELES, SEATTLE, MINNEAPOLIS RETHINK
    NATURAL GAS", Reuters); the rest are Fox News teasers and app prompts.
    """
    if len(words) < _TEASER_MIN_WORDS or stripped[0] in "“‘\"'(" or stripped[-1] in ".:;—–-":
        return False
    # Quick exit for ordinary prose: when over a fifth of all characters are ASCII lower-case
    # letters, under 80% of the letters can be capitals, so the test below fails.
    encoded = stripped.encode("utf-8", "surrogatepass")
    if 5 * (len(encoded) - len(encoded.translate(None, _ASCII_LOWER_BYTES))) > len(stripped):
        return False
    letters = [char for char in stripped if char.isalpha()]
    figures = sum(1 for word in words if any(char.isdigit() for char in word))
    upper = sum(1 for char in letters if char.isupper())
    return upper >= 0.9 * len(letters) and figures <= len(words) // 4


def _mark_embedded_posts(lines: Sequence[str], roles: list[tuple[BlockRole, str]]) -> None:
    """An embedded social-media post ends with its author, handle and date; the lines before it
    that end without a sentence's punctuation are the start of the same post."""
    for index, line in enumerate(lines):
        # The signature holds "(@": checking for it first spares a scan of every line.
        if "(@" not in line or not _POST_SIGNATURE.search(line.strip()):
            continue
        first = index
        while first > 0 and lines[first - 1].strip()[-1:] not in _SENTENCE_END:
            first -= 1
        for number in range(first, index + 1):
            roles[number] = ("caption", "Embedded social-media post, not the outlet's text")


def _looks_like_crosshead(stripped: str, words: Sequence[str]) -> bool:
    if not 1 <= len(words) <= _CROSSHEAD_MAX_WORDS or stripped[-1] in '.,;:”"’)':
        return False
    long_words = [w for w in words if len(w.strip("“”\"'’‘?!")) >= 4]
    if not long_words:
        return stripped[0].isupper()
    capitalised = sum(1 for w in long_words if w.strip("“”\"'’‘")[:1].isupper())
    return capitalised / len(long_words) >= 0.6


def _mark_footer_run(lines: Sequence[str], roles: list[tuple[BlockRole, str]]) -> None:
    """A lead-in such as "read more:" near the end makes the short lines after it footer too."""
    for index, line in enumerate(lines):
        if _FOOTER_LEAD.match(line.strip()):
            rest = lines[index + 1 :]
            if all(len(r.split()) <= _FOOTER_MAX_WORDS for r in rest):
                for j in range(index, len(lines)):
                    roles[j] = ("footer", "Publisher's prompt at the end of the page")
            return
