"""How well :func:`analysis.quotes.find_quotes` finds direct quotations and their speakers.

Run: ``python benchmarks/eval_quotes.py`` (prints a table), ``--errors`` (also lists every
disagreement with the gold set), ``--json`` (also writes the figures to
``analysis/data/eval_quotes.json`` for the app's methods page).

The gold set is ``tests/gold/quotes/``: real MBIC articles (Apache-2.0) whose quotations were
marked by hand, independently of the tool (see the README there). Each article is fed to the tool
as the product feeds it: ``analysis.parse_article`` and ``analysis.segment.segment_blocks``
(headline detected, captions and promos classified), then ``find_quotes``.

Scoring, over all articles together (micro-averaged):

- a gold span of kind ``quote`` is a direct quotation (someone's words); a span of kind ``term``
  is text in quotation marks that quotes nobody (scare quotes, titles, names). A tool quote that
  overlaps a ``term`` span is neither right nor wrong in the main figures (the marks are there,
  and telling irony from quotation is beyond rules); how many there are is reported;
- exact: a tool quote is right when its ``start`` and ``end`` equal a gold quote's (the span
  covers the quotation marks);
- overlap: tool and gold quotes are paired one-to-one, largest character overlap first;
- speaker accuracy: over the overlap pairs, the share whose tool speaker equals the gold speaker
  (or one of its listed equivalents, ``speaker_also``), compared without case and a leading
  "the"; both None counts as agreement;
- "all marked spans": the same span scores with ``term`` spans counted as gold too.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from analysis import parse_article  # noqa: E402
from analysis.model import Quote  # noqa: E402
from analysis.quotes import find_quotes  # noqa: E402
from analysis.segment import segment_blocks  # noqa: E402

GOLD_DIR = REPO / "tests" / "gold" / "quotes" / "articles"
JSON_OUT = REPO / "analysis" / "data" / "eval_quotes.json"

REFERENCE_F1 = 0.84
REFERENCE_SPEAKER_ACCURACY = 0.87
REFERENCE_NOTE = (
    "Reference point named in the project's issue: a published rule-based news quote extractor "
    "reports F1 0.84 and speaker accuracy 0.87 on its own data set (not this one)."
)
GOAL = 0.90


@dataclass(frozen=True)
class GoldQuote:
    """One hand-marked span: a quotation (``kind == "quote"``) or a quoted term."""

    start: int
    end: int
    text: str
    speaker: str | None
    speaker_also: tuple[str, ...]
    partial: bool
    kind: str
    note: str = ""

    def accepts(self, speaker: str | None) -> bool:
        """Return whether ``speaker`` names the gold speaker (or a listed equivalent)."""
        wanted = {normalise_speaker(self.speaker)} | {
            normalise_speaker(name) for name in self.speaker_also
        }
        return normalise_speaker(speaker) in wanted


@dataclass
class GoldArticle:
    """One gold article: its text as the product composes it and its marked spans."""

    article_id: int
    outlet: str
    url: str
    text: str
    spans: list[GoldQuote]

    @property
    def quotes(self) -> list[GoldQuote]:
        """The spans that are quotations."""
        return [span for span in self.spans if span.kind == "quote"]


def normalise_speaker(name: str | None) -> str | None:
    """Return a speaker name in comparable form: lower case, no leading "the", one space."""
    if name is None:
        return None
    words = name.replace("’", "'").lower().split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words) or None


def load_gold(folder: Path = GOLD_DIR) -> list[GoldArticle]:
    """Read every ``*.json`` gold article in ``folder``, in file-name order."""
    articles: list[GoldArticle] = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        spans = [
            GoldQuote(
                start=q["start"],
                end=q["end"],
                text=q["text"],
                speaker=q["speaker"],
                speaker_also=tuple(q.get("speaker_also", ())),
                partial=q["partial"],
                kind=q["kind"],
                note=q.get("note", ""),
            )
            for q in data["quotes"]
        ]
        articles.append(
            GoldArticle(data["article_id"], data["outlet"], data["url"], data["text"], spans)
        )
    return articles


def run_tool(article: GoldArticle) -> list[Quote]:
    """Return the tool's quotes for a gold article, fed as the product feeds it."""
    text, blocks = segment_blocks(parse_article(article.text, f"mbic-{article.article_id}"))
    if text != article.text:
        raise ValueError(f"article {article.article_id}: the composed text differs from the gold")
    return find_quotes(text, blocks)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def pair_by_overlap(
    predicted: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]
) -> dict[int, int]:
    """Pair predicted and gold spans one-to-one, largest overlap first.

    Returns:
        Predicted index -> gold index, for pairs that share at least one character.
    """
    candidates = sorted(
        (
            (-_overlap(p, g), i, j)
            for i, p in enumerate(predicted)
            for j, g in enumerate(gold)
            if _overlap(p, g) > 0
        ),
    )
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in candidates:
        if i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)
    return pairs


@dataclass
class Counts:
    """True positives, false positives and false negatives, with the derived scores."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        """Add another count in place."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        """Share of reported quotes that are right (1 when nothing is reported)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of gold quotes found (1 when there are none)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """Return the counts and scores (rounded to 4 decimals)."""
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Disagreement:
    """One place where the tool and the gold set differ, for ``--errors``."""

    article_id: int
    kind: str
    gold: str
    tool: str


@dataclass
class ArticleScore:
    """Scores of one article."""

    exact: Counts = field(default_factory=Counts)
    overlap: Counts = field(default_factory=Counts)
    all_exact: Counts = field(default_factory=Counts)
    all_overlap: Counts = field(default_factory=Counts)
    speaker_right: int = 0
    speaker_pairs: int = 0
    named_right: int = 0
    named_pairs: int = 0
    partial_right: int = 0
    terms: int = 0
    terms_reported: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)


def _show(text: str, start: int, end: int) -> str:
    span = text[start:end].replace("\n", "⏎")
    return span if len(span) <= 80 else f"{span[:38]} … {span[-38:]}"


def _span_counts(
    predicted: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]
) -> tuple[Counts, Counts, dict[int, int]]:
    exact_hits = len(set(predicted) & set(gold))
    exact = Counts(exact_hits, len(predicted) - exact_hits, len(gold) - exact_hits)
    pairs = pair_by_overlap(predicted, gold)
    overlap = Counts(len(pairs), len(predicted) - len(pairs), len(gold) - len(pairs))
    return exact, overlap, pairs


def score_article(article: GoldArticle, quotes: Sequence[Quote]) -> ArticleScore:
    """Compare the tool's quotes of one article with its gold spans."""
    score = ArticleScore()
    text = article.text
    spans = article.spans
    all_pairs = pair_by_overlap(
        [(q.start, q.end) for q in quotes], [(s.start, s.end) for s in spans]
    )
    term_hits = {i for i, j in all_pairs.items() if spans[j].kind == "term"}
    score.terms = sum(1 for s in spans if s.kind == "term")
    score.terms_reported = len(term_hits)
    kept = [q for i, q in enumerate(quotes) if i not in term_hits]
    gold = article.quotes
    predicted = [(q.start, q.end) for q in kept]
    score.exact, score.overlap, pairs = _span_counts(predicted, [(g.start, g.end) for g in gold])
    score.all_exact, score.all_overlap, _ = _span_counts(
        [(q.start, q.end) for q in quotes], [(s.start, s.end) for s in spans]
    )
    for i, j in sorted(pairs.items()):
        tool, wanted = kept[i], gold[j]
        score.speaker_pairs += 1
        right = wanted.accepts(tool.speaker)
        score.speaker_right += right
        if wanted.speaker is not None:
            score.named_pairs += 1
            score.named_right += right
        score.partial_right += tool.partial == wanted.partial
        if tool.partial != wanted.partial:
            score.disagreements.append(
                Disagreement(
                    article.article_id,
                    "partial",
                    f"{wanted.partial} ({_show(text, wanted.start, wanted.end)[:40]})",
                    f"{tool.partial}",
                )
            )
        if (tool.start, tool.end) != (wanted.start, wanted.end):
            score.disagreements.append(
                Disagreement(
                    article.article_id,
                    "span",
                    _show(text, wanted.start, wanted.end),
                    _show(text, tool.start, tool.end),
                )
            )
        if not right:
            score.disagreements.append(
                Disagreement(
                    article.article_id,
                    "speaker",
                    f"{wanted.speaker} ({_show(text, wanted.start, wanted.end)[:40]})",
                    f"{tool.speaker} [{tool.reason}]",
                )
            )
    for j, wanted in enumerate(gold):
        if j not in pairs.values():
            score.disagreements.append(
                Disagreement(
                    article.article_id, "missed", _show(text, wanted.start, wanted.end), "-"
                )
            )
    for i, tool in enumerate(kept):
        if i not in pairs:
            score.disagreements.append(
                Disagreement(article.article_id, "extra", "-", _show(text, tool.start, tool.end))
            )
    return score


@dataclass
class Evaluation:
    """The figures over the whole gold set."""

    articles: int
    outlets: int
    quotes: int
    named_quotes: int
    terms: int
    total: ArticleScore
    by_outlet: dict[str, ArticleScore]
    milliseconds: float

    @property
    def speaker_accuracy(self) -> float:
        """Share of overlap-matched quotes whose speaker is right."""
        return (
            self.total.speaker_right / self.total.speaker_pairs if self.total.speaker_pairs else 0
        )

    @property
    def named_speaker_accuracy(self) -> float:
        """The same, over quotes whose gold speaker is named."""
        return self.total.named_right / self.total.named_pairs if self.total.named_pairs else 0

    @property
    def partial_accuracy(self) -> float:
        """Share of overlap-matched quotes whose partial flag is right."""
        return (
            self.total.partial_right / self.total.speaker_pairs if self.total.speaker_pairs else 0
        )

    def as_dict(self) -> dict[str, object]:
        """Return the figures as the JSON written for the methods page."""
        t = self.total
        return {
            "gold_set": "tests/gold/quotes",
            "source": "MBIC articles (Spinde et al., iConference 2021), Apache-2.0",
            "articles": self.articles,
            "outlets": self.outlets,
            "quotes": self.quotes,
            "quotes_with_named_speaker": self.named_quotes,
            "terms": self.terms,
            "exact": t.exact.as_dict(),
            "overlap": t.overlap.as_dict(),
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "speaker_pairs": t.speaker_pairs,
            "speaker_accuracy_named": round(self.named_speaker_accuracy, 4),
            "partial_accuracy": round(self.partial_accuracy, 4),
            "terms_reported_as_quotes": t.terms_reported,
            "all_marked_spans": {
                "exact": t.all_exact.as_dict(),
                "overlap": t.all_overlap.as_dict(),
            },
            "by_outlet": {
                outlet: {
                    "overlap_f1": round(s.overlap.f1, 4),
                    "exact_f1": round(s.exact.f1, 4),
                    "speaker_accuracy": round(s.speaker_right / s.speaker_pairs, 4)
                    if s.speaker_pairs
                    else None,
                    "quotes": s.overlap.tp + s.overlap.fn,
                }
                for outlet, s in sorted(self.by_outlet.items())
            },
            "reference": {
                "f1": REFERENCE_F1,
                "speaker_accuracy": REFERENCE_SPEAKER_ACCURACY,
                "note": REFERENCE_NOTE,
            },
            "goal": GOAL,
            "command": "python benchmarks/eval_quotes.py --json",
        }


def _merge(into: ArticleScore, score: ArticleScore) -> None:
    for name in ("exact", "overlap", "all_exact", "all_overlap"):
        getattr(into, name).add(getattr(score, name))
    for name in (
        "speaker_right",
        "speaker_pairs",
        "named_right",
        "named_pairs",
        "partial_right",
        "terms",
        "terms_reported",
    ):
        setattr(into, name, getattr(into, name) + getattr(score, name))
    into.disagreements.extend(score.disagreements)


def evaluate(articles: Iterable[GoldArticle] | None = None) -> Evaluation:
    """Run the tool on every gold article and score it."""
    gold = list(load_gold() if articles is None else articles)
    total = ArticleScore()
    by_outlet: dict[str, ArticleScore] = {}
    elapsed = 0.0
    for article in gold:
        started = time.perf_counter()
        quotes = run_tool(article)
        elapsed += time.perf_counter() - started
        score = score_article(article, quotes)
        _merge(total, score)
        _merge(by_outlet.setdefault(article.outlet, ArticleScore()), score)
    return Evaluation(
        articles=len(gold),
        outlets=len(by_outlet),
        quotes=sum(len(a.quotes) for a in gold),
        named_quotes=sum(1 for a in gold for q in a.quotes if q.speaker is not None),
        terms=sum(1 for a in gold for s in a.spans if s.kind == "term"),
        total=total,
        by_outlet=by_outlet,
        milliseconds=elapsed * 1000,
    )


def format_table(evaluation: Evaluation) -> str:
    """Return the printed report: the scores next to the reference points."""
    t = evaluation.total
    rows = [
        f"Gold set: {evaluation.articles} MBIC articles, {evaluation.outlets} outlets, "
        f"{evaluation.quotes} quotations ({evaluation.named_quotes} with a named speaker), "
        f"{evaluation.terms} quoted terms",
        "",
        f"{'measure':<34}{'precision':>10}{'recall':>10}{'F1':>8}{'reference':>11}{'goal':>7}",
    ]
    for label, counts in (
        ("quote spans, exact", t.exact),
        ("quote spans, overlapping", t.overlap),
        ("all marked spans, exact", t.all_exact),
        ("all marked spans, overlapping", t.all_overlap),
    ):
        reference = f"{REFERENCE_F1:.2f}" if label.startswith("quote") else "-"
        goal = f"{GOAL:.2f}" if label.startswith("quote") else "-"
        rows.append(
            f"{label:<34}{counts.precision:>10.3f}{counts.recall:>10.3f}{counts.f1:>8.3f}"
            f"{reference:>11}{goal:>7}"
        )
    rows += [
        "",
        f"{'speaker accuracy (matched quotes)':<54}{evaluation.speaker_accuracy:>8.3f}"
        f"{REFERENCE_SPEAKER_ACCURACY:>11.2f}{GOAL:>7.2f}",
        f"{'  of which gold names the speaker':<54}{evaluation.named_speaker_accuracy:>8.3f}",
        f"{'partial flag accuracy (matched quotes)':<54}{evaluation.partial_accuracy:>8.3f}",
        f"{'quoted terms the tool reports as quotes':<54}{t.terms_reported:>4} of {t.terms}",
        "",
        f"{'outlet':<14}{'quotes':>7}{'exact F1':>10}{'overlap F1':>12}{'speaker':>9}",
    ]
    for outlet, s in sorted(evaluation.by_outlet.items()):
        speaker = s.speaker_right / s.speaker_pairs if s.speaker_pairs else float("nan")
        rows.append(
            f"{outlet:<14}{s.overlap.tp + s.overlap.fn:>7}{s.exact.f1:>10.3f}"
            f"{s.overlap.f1:>12.3f}{speaker:>9.3f}"
        )
    rows += [
        "",
        f"Tool time over all {evaluation.articles} articles (segmentation and quotes): "
        f"{evaluation.milliseconds:.0f} ms",
        REFERENCE_NOTE,
    ]
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the evaluation table; optionally the disagreements and the JSON file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help=f"write {JSON_OUT.relative_to(REPO)}")
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    evaluation = evaluate()
    if args.json:
        JSON_OUT.write_text(
            json.dumps(evaluation.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    print(format_table(evaluation))
    if args.errors:
        print()
        for d in evaluation.total.disagreements:
            print(f"[{d.article_id}] {d.kind:<8} gold: {d.gold}\n{'':<19}tool: {d.tool}")
    if args.json:
        print(f"\nWrote {JSON_OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
