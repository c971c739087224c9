"""Batch analysis of large corpora: stream articles in, analyse them in parallel, stream rows out.

Inputs, one article per row or file, read lazily:

* a folder of article files (``*.txt``, ``*.md``, searched recursively; ``story.txt`` skipped),
  each parsed exactly as :func:`analysis.corpus.load_article` parses it;
* a CSV file (``.csv``, or ``.tsv`` tab-separated) with a header row;
* a JSON Lines file (``.jsonl``, ``.ndjson``): one JSON object per line;
* a Parquet file (``.parquet``, ``.pq``), read a few rows at a time (needs pyarrow).

Columns are found by name (``text``, ``body``, ``content`` … see :data:`COLUMN_CANDIDATES`) or
named with a :class:`ColumnMap`. Without a headline column, a first line of the text that looks
like a headline is taken as the headline, as for pasted text.

Outputs, one per article, in input order:

* rows (:data:`ROW_META_COLUMNS`, every metric, ``warnings``, ``error``) to CSV or Parquet;
* with ``spans``, JSON Lines: each line is the article object of the JSON contract
  (:func:`analysis.export.article_to_json`), so every span comes along.

Work goes to a process pool (or a Dask cluster) in chunks, with a bounded number of chunks in
flight, so memory stays flat however long the input is. An article that cannot be read or
analysed becomes a row with its ``error`` filled in; the run goes on.
"""

from __future__ import annotations

import csv
import gc
import itertools
import json
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import IO, Any, NamedTuple, TextIO

from analysis.corpus import (
    ARTICLE_SUFFIXES,
    MAX_ARTICLE_CHARS,
    STORY_FILE,
    InputError,
    parse_article,
    read_text_file,
    split_headlines,
)

CSV_SUFFIXES = {".csv": ",", ".tsv": "\t"}
JSONL_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_SUFFIXES = (".parquet", ".pq")
TABLE_SUFFIXES = (*CSV_SUFFIXES, *JSONL_SUFFIXES, *PARQUET_SUFFIXES)
"""Input files that mean batch mode on the command line."""

OUTPUT_FORMATS = ("csv", "parquet", "jsonl")

COLUMN_CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article_text", "full_text"),
    "id": ("id", "article_id", "doc_id", "uid"),
    "story": ("story", "story_id"),
    "outlet": ("outlet", "source", "publication", "publisher"),
    "headline": ("headline", "title"),
    "date": ("date", "published", "published_at", "publish_date", "pub_date"),
    "url": ("url", "link"),
    "kind": ("kind",),
}
"""Column names tried, in order and ignoring case, when a column is not named explicitly."""

ROW_META_COLUMNS = ("story", "id", "outlet", "headline", "kind", "date", "url", "source")
"""The first columns of every output row; ``source`` is ``FILE:ROW`` (CSV and Parquet: data row
from 1; JSON Lines: line number) or the article file's path."""
ROW_TAIL_COLUMNS = ("warnings", "error")

DEFAULT_CHUNK_SIZE = 8
"""Articles per task in a local pool: ~0.1 s of work, so per-task overhead stays under 1 %."""
DEFAULT_DASK_CHUNK_SIZE = 32
IN_FLIGHT_PER_WORKER = 4
"""Chunks queued per worker: enough to keep it busy, few enough that memory stays flat."""
PARQUET_ROW_GROUP = 5_000
_PARQUET_READ_ROWS = 64
_MAX_ERROR_LINES = 10
_PR_SET_PDEATHSIG = 1

_WARM_UP_TEXT = (
    "Officials Defend New Policy\n\n"
    "The senator said the plan was “a disaster” on Monday. Officials disagreed sharply, "
    "and the agency’s spokesman called the criticism misleading. Dr. Smith left at 3 p.m."
)


@dataclass(frozen=True)
class ColumnMap:
    """Which input column holds what. ``None`` means: look for the usual names."""

    text: str | None = None
    id: str | None = None
    story: str | None = None
    outlet: str | None = None
    headline: str | None = None
    date: str | None = None
    url: str | None = None
    kind: str | None = None


class Item(NamedTuple):
    """One article on its way to a worker: plain strings only, cheap to send.

    ``fmt`` is ``"file"`` for the text of an article file (header parsed as in the corpus
    format) or ``"text"`` for a table cell (headline recognised when ``headline`` is empty and
    ``detect_headline`` is set). ``error`` is set when the row could not even be read.
    """

    source: str
    id: str
    story: str = ""
    text: str = ""
    fmt: str = "text"
    error: str | None = None
    outlet: str = ""
    headline: str = ""
    date: str = ""
    url: str = ""
    kind: str = ""
    detect_headline: bool = False


class Result(NamedTuple):
    """One analysed article: a row (dict) or a JSON line (str), and the error if it failed."""

    source: str
    error: str | None
    payload: dict[str, Any] | str


# --------------------------------------------------------------------------------------------
# Readers


class _Reader:
    """One input path: validated when made, read lazily when iterated."""

    path: Path
    total: int | None = None
    """Number of articles when known without reading them all (Parquet, folders)."""

    def __iter__(self) -> Iterator[Item]:  # pragma: no cover - abstract
        raise NotImplementedError

    def fraction(self) -> float | None:
        """Share of the input read so far (by bytes), when rows are not counted upfront."""
        return None

    def close(self) -> None:
        """Release the open file, if any."""


def _resolve_columns(names: Sequence[str], columns: ColumnMap, where: str) -> dict[str, str]:
    """Map each field to an input column: the one named in ``columns`` or the first usual name.

    Raises:
        InputError: A named column is missing, or no text column was found.
    """
    by_lower: dict[str, str] = {}
    for name in names:
        by_lower.setdefault(str(name).lower(), str(name))
    shown = ", ".join(str(n) for n in names[:20]) + (" …" if len(names) > 20 else "")
    resolved: dict[str, str] = {}
    for key in (f.name for f in fields(ColumnMap)):
        wanted = getattr(columns, key)
        if wanted is not None:
            if wanted not in names:
                raise InputError(
                    f"{where}: no column {wanted!r} (given with --{key}-column); "
                    f"its columns are: {shown}"
                )
            resolved[key] = wanted
            continue
        for candidate in COLUMN_CANDIDATES[key]:
            if candidate in by_lower:
                resolved[key] = by_lower[candidate]
                break
    if "text" not in resolved:
        looked = ", ".join(COLUMN_CANDIDATES["text"])
        raise InputError(
            f"{where}: no text column (looked for {looked}); its columns are: {shown}; "
            "name it with --text-column"
        )
    return resolved


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _table_item(source: str, number: int, record: dict[str, object], mapping: dict[str, str]):
    text = record.get(mapping["text"])
    headline = _cell(record.get(mapping["headline"])) if "headline" in mapping else ""
    item = Item(
        source=source,
        id=_cell(record.get(mapping["id"])) if "id" in mapping else str(number),
        story=_cell(record.get(mapping["story"])) if "story" in mapping else "",
        outlet=_cell(record.get(mapping["outlet"])) if "outlet" in mapping else "",
        headline=headline,
        date=_cell(record.get(mapping["date"])) if "date" in mapping else "",
        url=_cell(record.get(mapping["url"])) if "url" in mapping else "",
        kind=_cell(record.get(mapping["kind"])) if "kind" in mapping else "",
        detect_headline="headline" not in mapping,
    )
    if not isinstance(text, str):
        missing = text is None or (isinstance(text, float) and math.isnan(text))
        problem = f"no {mapping['text']!r} value" if missing else "the text is not a string"
        return item._replace(error=problem)
    return item._replace(text=text.replace("\r\n", "\n").replace("\r", "\n"))


class _CountingLines:
    """Decoded lines of a binary file, counting the bytes read (for the progress bar)."""

    def __init__(self, handle: IO[bytes], name: str) -> None:
        self._handle = handle
        self._name = name
        self.bytes = 0
        self.line = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        raw = self._handle.readline()
        if not raw:
            raise StopIteration
        if self.line == 0 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
            self.bytes += 3
        self.bytes += len(raw)
        self.line += 1
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(
                f"{self._name}: line {self.line} is not UTF-8 text; save the file as UTF-8"
            ) from None


def _open_binary(path: Path) -> tuple[IO[bytes], int]:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{path}: the file is empty")
    handle = path.open("rb")
    head = handle.read(65536)
    if b"\x00" in head:
        handle.close()
        raise InputError(f"{path}: looks like a binary file, not UTF-8 text")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the end of the sample
            handle.close()
            raise InputError(f"{path}: not UTF-8 text; save the file as UTF-8") from None
    handle.seek(0)
    return handle, size


class _CsvReader(_Reader):
    def __init__(self, path: Path, columns: ColumnMap) -> None:
        self.path = path
        self._handle, self._size = _open_binary(path)
        self._lines = _CountingLines(self._handle, str(path))
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        self._rows = csv.reader(self._lines, delimiter=CSV_SUFFIXES.get(path.suffix.lower(), ","))
        try:
            header = next(self._rows)
        except StopIteration:
            raise InputError(f"{path}: the file is empty") from None
        except csv.Error as error:
            raise InputError(f"{path}: not a readable CSV file ({error})") from None
        self._header = [h.strip() for h in header]
        self._mapping = _resolve_columns(self._header, columns, str(path))

    def fraction(self) -> float | None:
        return self._lines.bytes / self._size if self._size else None

    def __iter__(self) -> Iterator[Item]:
        number = 0
        width = len(self._header)
        while True:
            try:
                row = next(self._rows)
            except StopIteration:
                return
            except csv.Error as error:
                number += 1
                yield Item(source=f"{self.path}:{number}", id=str(number), error=f"CSV: {error}")
                continue
            if not row:
                continue
            number += 1
            source = f"{self.path}:{number}"
            record = dict(zip(self._header, row, strict=False))
            item = _table_item(source, number, record, self._mapping)
            if len(row) != width and item.error is None:
                item = item._replace(
                    error=f"the row has {len(row)} fields, the header {width}", text=""
                )
            yield item

    def close(self) -> None:
        self._handle.close()


class _JsonlReader(_Reader):
    def __init__(self, path: Path, columns: ColumnMap) -> None:
        self.path = path
        self._handle, self._size = _open_binary(path)
        self._lines = _CountingLines(self._handle, str(path))
        first = None
        for line in self._lines:
            if line.strip():
                first = line
                break
        if first is None:
            raise InputError(f"{path}: contains no JSON object")
        try:
            record = json.loads(first)
        except json.JSONDecodeError as error:
            raise InputError(
                f"{path}: line {self._lines.line} is not valid JSON ({error.msg})"
            ) from None
        if not isinstance(record, dict):
            raise InputError(f"{path}: line {self._lines.line} is not a JSON object")
        self._mapping = _resolve_columns(list(record), columns, str(path))
        self._first = (self._lines.line, record)

    def fraction(self) -> float | None:
        return self._lines.bytes / self._size if self._size else None

    def __iter__(self) -> Iterator[Item]:
        line, record = self._first
        yield _table_item(f"{self.path}:{line}", line, record, self._mapping)
        for text in self._lines:
            if not text.strip():
                continue
            line = self._lines.line
            source = f"{self.path}:{line}"
            try:
                record = json.loads(text)
            except json.JSONDecodeError as error:
                yield Item(source=source, id=str(line), error=f"not valid JSON ({error.msg})")
                continue
            if not isinstance(record, dict):
                yield Item(source=source, id=str(line), error="not a JSON object")
                continue
            yield _table_item(source, line, record, self._mapping)

    def close(self) -> None:
        self._handle.close()


class _ParquetReader(_Reader):
    def __init__(self, path: Path, columns: ColumnMap) -> None:
        self.path = path
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        pq = _pyarrow_parquet(f"{path}: reading Parquet")
        try:
            self._file = pq.ParquetFile(path, pre_buffer=False, buffer_size=1 << 20)
        except Exception as error:  # pyarrow raises ArrowInvalid, OSError, …
            raise InputError(f"{path}: not a readable Parquet file ({error})") from None
        names = list(self._file.schema_arrow.names)
        self._mapping = _resolve_columns(names, columns, str(path))
        self.total = self._file.metadata.num_rows

    def __iter__(self) -> Iterator[Item]:
        wanted = sorted(set(self._mapping.values()))
        number = 0
        for batch in self._file.iter_batches(
            batch_size=_PARQUET_READ_ROWS, columns=wanted, use_threads=False
        ):
            data = {name: batch.column(name).to_pylist() for name in wanted}
            for i in range(batch.num_rows):
                number += 1
                record = {name: values[i] for name, values in data.items()}
                yield _table_item(f"{self.path}:{number}", number, record, self._mapping)

    def close(self) -> None:
        self._file.close()


class _FileReader(_Reader):
    """Article files: one file, or a folder searched recursively, in path order."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if path.is_dir() and next(self._files(), None) is None:
            raise InputError(f"{path}: the folder holds no article files (*.txt, *.md)")

    def count(self) -> int:
        """Count the article files (walks the folder once)."""
        return sum(1 for _ in self._files())

    def _files(self) -> Iterator[Path]:
        if not self.path.is_dir():
            yield self.path
            return
        for root, dirs, files in os.walk(self.path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith(".") or name == STORY_FILE:
                    continue
                if Path(name).suffix in ARTICLE_SUFFIXES:
                    yield Path(root) / name

    def __iter__(self) -> Iterator[Item]:
        for file in self._files():
            story = file.parent.resolve().name
            try:
                text = read_text_file(file)
            except InputError as error:
                yield Item(source=str(file), id=file.stem, story=story, error=str(error))
                continue
            yield Item(source=str(file), id=file.stem, story=story, text=text, fmt="file")


def _pyarrow_parquet(purpose: str):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(f"{purpose} needs pyarrow: pip install 'coverage-lens[batch]'") from None
    return pq


def open_reader(path: Path, columns: ColumnMap | None = None) -> _Reader:
    """Open one input for reading, checking it can be read (columns, encoding) before any work.

    Args:
        path: A folder or article file, or a CSV, TSV, JSON Lines or Parquet file.
        columns: Which columns hold the text and metadata; the usual names by default.

    Returns:
        A reader: iterate it for :class:`Item` objects, one per article, read lazily.

    Raises:
        InputError: The input is missing or unreadable, or has no text column.
    """
    columns = columns or ColumnMap()
    suffix = path.suffix.lower()
    if path.is_dir() or suffix in ARTICLE_SUFFIXES:
        return _FileReader(path)
    if suffix in CSV_SUFFIXES:
        return _CsvReader(path, columns)
    if suffix in JSONL_SUFFIXES:
        return _JsonlReader(path, columns)
    if suffix in PARQUET_SUFFIXES:
        return _ParquetReader(path, columns)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    known = ", ".join((*ARTICLE_SUFFIXES, *TABLE_SUFFIXES))
    raise InputError(f"{path}: unknown kind of input (expected a folder or {known})")


class Corpus:
    """Several inputs read one after the other as one stream of articles.

    All inputs are opened (and so checked) when the corpus is made, before any work starts.
    """

    def __init__(self, paths: Sequence[Path], columns: ColumnMap | None = None) -> None:
        self.readers: list[_Reader] = []
        try:
            for path in paths:
                self.readers.append(open_reader(Path(path), columns))
        except BaseException:
            self.close()
            raise
        self.read = 0

    def __iter__(self) -> Iterator[Item]:
        for reader in self.readers:
            for item in reader:
                self.read += 1
                yield item

    def count_files(self) -> None:
        """Count the files of folder inputs so that :meth:`estimated_total` is exact for them."""
        for reader in self.readers:
            if isinstance(reader, _FileReader) and reader.total is None:
                reader.total = reader.count()

    def estimated_total(self) -> int | None:
        """The number of articles: exact when every input knows it, else estimated from bytes."""
        if all(r.total is not None for r in self.readers):
            return sum(r.total or 0 for r in self.readers)
        if len(self.readers) == 1:
            share = self.readers[0].fraction()
            if share and self.read:
                return max(self.read, round(self.read / share))
        return None

    def close(self) -> None:
        """Close every input."""
        for reader in self.readers:
            reader.close()


# --------------------------------------------------------------------------------------------
# Workers

_ready = False
_ready_lock = threading.Lock()


def prepare_worker() -> None:
    """Load the lexicon and dictionaries and warm every lazy model, once per process.

    Run in the parent before forking a pool (the workers inherit it all) and again in each
    worker, where it is then free; on Dask workers it runs on their first chunk.
    """
    global _ready
    if _ready:
        return
    with _ready_lock:
        if _ready:
            return
        from analysis.lexicon import default_lexicon
        from analysis.model import Article, ArticleMeta
        from analysis.pipeline import analyse_article

        headline, body = _WARM_UP_TEXT.split("\n\n", 1)
        analyse_article(
            Article(ArticleMeta(id="warm-up", headline=headline), body), default_lexicon()
        )
        _ready = True


def metric_columns() -> list[str]:
    """The metric keys of every row, in the order the pipeline reports them."""
    from analysis.lexicon import default_lexicon
    from analysis.model import Article, ArticleMeta
    from analysis.pipeline import analyse_article

    prepare_worker()
    return list(
        analyse_article(Article(ArticleMeta(id="keys"), "Text."), default_lexicon()).metrics
    )


def row_columns() -> list[str]:
    """Every column of an output row: metadata, metrics, ``warnings`` and ``error``."""
    return [*ROW_META_COLUMNS, *metric_columns(), *ROW_TAIL_COLUMNS]


def analyse_chunk(items: Sequence[Item], spans: bool = False) -> list[Result]:
    """Analyse a chunk of articles; runs in a worker process (or a Dask worker).

    Args:
        items: The articles.
        spans: Return each article's JSON contract object as one JSON line instead of a row.

    Returns:
        One result per item, in order. A failure is a result with its error, never an exception.
    """
    prepare_worker()
    return [_analyse_item(item, spans) for item in items]


def _analyse_item(item: Item, spans: bool) -> Result:
    from analysis.export import _num, article_to_json
    from analysis.lexicon import default_lexicon
    from analysis.model import Article, ArticleMeta
    from analysis.pipeline import analyse_article

    if item.error is not None:
        return _failure(item, item.error, spans)
    try:
        if item.fmt == "file":
            article = parse_article(item.text, item.id, item.source)
            if not article.body.strip():
                return _failure(item, "has a header but no article text after '---'", spans)
        else:
            headline, subheadline, body = item.headline, "", item.text
            if item.detect_headline and not headline:
                headline, subheadline, body = split_headlines(body)
            meta = ArticleMeta(
                id=item.id,
                outlet=item.outlet,
                headline=headline,
                subheadline=subheadline,
                date=item.date,
                url=item.url,
                kind=item.kind,
                source_path=item.source,
            )
            article = Article(meta=meta, body=body.strip("\n"))
        if not article.body.strip():
            return _failure(item, "no article text", spans)
        if len(article.body) > MAX_ARTICLE_CHARS:
            return _failure(
                item,
                f"{len(article.body):,} characters is over the limit of "
                f"{MAX_ARTICLE_CHARS:,} per article",
                spans,
            )
        analysis = analyse_article(article, default_lexicon())
    except Exception as error:  # one bad article must not stop a corpus
        return _failure(item, f"analysis failed: {type(error).__name__}: {error}", spans)
    if spans:
        document = article_to_json(analysis, item.story)
        return Result(item.source, None, _json_line(document))
    meta = analysis.meta
    row: dict[str, Any] = {
        "story": item.story,
        "id": meta.id,
        "outlet": meta.outlet,
        "headline": meta.headline,
        "kind": meta.kind,
        "date": meta.date,
        "url": meta.url,
        "source": item.source,
    }
    row.update((key, _num(value)) for key, value in analysis.metrics.items())
    row["warnings"] = " ".join(analysis.warnings) or None
    row["error"] = None
    return Result(item.source, None, row)


def _failure(item: Item, error: str, spans: bool) -> Result:
    meta = {
        "story": item.story,
        "id": item.id,
        "outlet": item.outlet,
        "headline": item.headline,
        "kind": item.kind,
        "date": item.date,
        "url": item.url,
    }
    if spans:
        document = {**meta, "source": item.source, "error": error}
        return Result(item.source, error, _json_line(document))
    return Result(item.source, error, {**meta, "source": item.source, "error": error})


def _json_line(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _ordered(
    submit: Callable[[list[Item]], Any],
    wait: Callable[[Any], list[Result]],
    items: Iterable[Item],
    chunk_size: int,
    in_flight: int,
) -> Iterator[Result]:
    """Submit chunks, keep at most ``in_flight`` pending, yield results in input order."""
    pending: deque[Any] = deque()
    for chunk in _chunks(items, chunk_size):
        pending.append(submit(chunk))
        while len(pending) >= in_flight:
            yield from wait(pending.popleft())
    while pending:
        yield from wait(pending.popleft())


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _pool_context() -> multiprocessing.context.BaseContext:
    """Fork when it is safe (no other Python thread): workers inherit the warmed-up analysis.

    Otherwise (threads running, or no fork on this system) workers start fresh and load the
    analysis themselves, in parallel.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, if inherited
    _die_with_parent()
    prepare_worker()


def _die_with_parent() -> None:
    """On Linux, have the kernel end this worker if the parent is killed (no orphans)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # no prctl: the worker ends when its queue closes
        pass


class LocalPool:
    """A process pool whose workers are started, and warmed up, before the first chunk."""

    def __init__(self, jobs: int) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self.jobs = jobs
        context = _pool_context()
        self.start_method = context.get_start_method()
        if self.start_method == "fork":
            prepare_worker()
            gc.freeze()  # the inherited objects are never scanned again: fewer copied pages
        self._executor = ProcessPoolExecutor(
            max_workers=jobs, mp_context=context, initializer=_worker_init
        )
        with warnings.catch_warnings():
            # Python >= 3.12 warns on fork when native threads exist (pyarrow's, BLAS's): the
            # workers never use those libraries, and no Python thread holds a lock here.
            warnings.filterwarnings(
                "ignore", r".*fork\(\) may lead to deadlocks", DeprecationWarning
            )
            self._executor.submit(int).result()  # start the workers now

    def map(
        self, items: Iterable[Item], spans: bool, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> Iterator[Result]:
        """Analyse ``items`` in the pool; results in input order."""
        return _ordered(
            lambda chunk: self._executor.submit(analyse_chunk, chunk, spans),
            lambda future: future.result(),
            items,
            chunk_size,
            self.jobs * IN_FLIGHT_PER_WORKER,
        )

    def close(self, cancel: bool = False) -> None:
        """Stop the workers."""
        self._executor.shutdown(wait=True, cancel_futures=cancel)
        gc.unfreeze()

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        self.close(cancel=kind is not None)


class InlinePool:
    """No pool: analyse in this process (``jobs=1``)."""

    jobs = 1

    def map(
        self, items: Iterable[Item], spans: bool, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> Iterator[Result]:
        """Analyse ``items`` here, one chunk at a time."""
        for chunk in _chunks(items, chunk_size):
            yield from analyse_chunk(chunk, spans)

    def close(self, cancel: bool = False) -> None:
        """Nothing to stop."""

    def __enter__(self) -> InlinePool:
        return self

    def __exit__(self, *_: object) -> None:
        pass


class DaskPool:
    """Chunks mapped over a Dask cluster through ``dask.distributed.Client``.

    The workers need this package installed (``pip install 'coverage-lens[dask]'``); each
    loads the lexicon once, on its first chunk.
    """

    def __init__(self, address: str | Any, timeout: float = 10) -> None:
        try:
            from dask.distributed import Client
        except ImportError:
            raise InputError(
                "--dask needs dask.distributed: pip install 'coverage-lens[dask]'"
            ) from None
        self._own = not isinstance(address, Client)
        try:
            self.client = (
                address if not self._own else Client(address, timeout=timeout, set_as_default=False)
            )
        except OSError as error:
            raise InputError(f"cannot reach the Dask scheduler at {address}: {error}") from None
        self.jobs = max(1, sum(self.client.nthreads().values()))

    def map(
        self, items: Iterable[Item], spans: bool, chunk_size: int = DEFAULT_DASK_CHUNK_SIZE
    ) -> Iterator[Result]:
        """Analyse ``items`` on the cluster; results in input order."""
        return _ordered(
            lambda chunk: self.client.submit(analyse_chunk, chunk, spans, pure=False),
            lambda future: future.result(),
            items,
            chunk_size,
            self.jobs * IN_FLIGHT_PER_WORKER,
        )

    def close(self, cancel: bool = False) -> None:
        """Disconnect (the cluster keeps running)."""
        if self._own:
            self.client.close()

    def __enter__(self) -> DaskPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


# --------------------------------------------------------------------------------------------
# Writers


def _csv_value(value: object) -> object:
    return "" if value is None else value


class CsvRowWriter:
    """Rows to CSV with a fixed header; empty cells for missing values."""

    def __init__(self, handle: TextIO, columns: Sequence[str]) -> None:
        self._columns = list(columns)
        self._writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        self._writer.writerow(self._columns)

    def write(self, result: Result) -> None:
        """Write one row."""
        row = result.payload
        assert isinstance(row, dict)
        self._writer.writerow([_csv_value(row.get(c)) for c in self._columns])

    def close(self) -> None:
        """Nothing buffered."""


class ParquetRowWriter:
    """Rows to Parquet in row groups of :data:`PARQUET_ROW_GROUP`: metrics float64, text strings."""

    def __init__(self, path: Path, columns: Sequence[str], metrics: Sequence[str]) -> None:
        import pyarrow as pa

        pq = _pyarrow_parquet("writing Parquet")
        self._pa = pa
        numeric = set(metrics)
        self._schema = pa.schema(
            [(c, pa.float64() if c in numeric else pa.string()) for c in columns]
        )
        self._columns = list(columns)
        self._buffer: dict[str, list[Any]] = {c: [] for c in columns}
        self._rows = 0
        self._writer = pq.ParquetWriter(str(path), self._schema)

    def write(self, result: Result) -> None:
        """Buffer one row; write a row group when the buffer is full."""
        row = result.payload
        assert isinstance(row, dict)
        for column in self._columns:
            self._buffer[column].append(row.get(column))
        self._rows += 1
        if self._rows >= PARQUET_ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if not self._rows:
            return
        table = self._pa.Table.from_pydict(self._buffer, schema=self._schema)
        self._writer.write_table(table)
        self._buffer = {c: [] for c in self._columns}
        self._rows = 0

    def close(self) -> None:
        """Write what is buffered and the file footer."""
        self._flush()
        self._writer.close()


class JsonlWriter:
    """One JSON object per line (the article objects of the JSON contract)."""

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle

    def write(self, result: Result) -> None:
        """Write one line."""
        self._handle.write(result.payload if isinstance(result.payload, str) else "")
        self._handle.write("\n")

    def close(self) -> None:
        """Nothing buffered."""


# --------------------------------------------------------------------------------------------
# Progress


class Progress:
    """A one-line progress bar on standard error: done, rate, share and time left when known."""

    def __init__(
        self,
        stream: TextIO,
        total: Callable[[], int | None],
        enabled: bool = True,
        interval: float = 0.1,
    ) -> None:
        self._stream = stream
        self._total = total
        self.enabled = enabled
        self._interval = interval
        self._start = time.monotonic()
        self._last = 0.0
        self._width = 0

    def update(self, done: int, errors: int, force: bool = False) -> None:
        """Redraw the bar (at most every ``interval`` seconds unless forced)."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self._interval:
            return
        self._last = now
        line = self.render(done, errors, now - self._start, self._total())
        padding = " " * max(0, self._width - len(line))
        self._width = len(line)
        self._stream.write(f"\r{line}{padding}")
        self._stream.flush()

    @staticmethod
    def render(done: int, errors: int, elapsed: float, total: int | None) -> str:
        """The text of the bar for ``done`` articles after ``elapsed`` seconds."""
        rate = done / elapsed if elapsed > 0 else 0.0
        failed = f" · {errors:,} failed" if errors else ""
        tail = f"{rate:,.1f}/s · {_clock(elapsed)}"
        if not total:
            return f"{done:,} articles{failed} · {tail}"
        share = min(1.0, done / total)
        filled = int(share * 24)
        left = (total - done) / rate if rate > 0 and done < total else 0.0
        bar = "#" * filled + "-" * (24 - filled)
        return (
            f"{share:4.0%} [{bar}] {done:,}/{total:,} articles{failed} · {tail}"
            f" · {_clock(left)} left"
        )

    def finish(self, done: int, errors: int) -> None:
        """Draw the final state and end the line."""
        if not self.enabled:
            return
        self.update(done, errors, force=True)
        self._end()

    def _end(self) -> None:
        if self._width:
            self._stream.write("\n")
            self._stream.flush()
            self._width = 0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *_: object) -> None:
        if self.enabled:  # stopped early: end the bar's line before any message
            self._end()


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


# --------------------------------------------------------------------------------------------
# Running


@dataclass
class BatchSummary:
    """What a batch run did."""

    articles: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    """The first few per-article errors as ``source: message``."""
    seconds: float = 0.0


def output_format(fmt: str | None, output: Path | None, spans: bool) -> str:
    """Decide the batch output format from ``--format``, ``--spans`` and the output's suffix.

    Raises:
        InputError: The choices contradict each other.
    """
    suffix = output.suffix.lower() if output else ""
    by_suffix = (
        "parquet"
        if suffix in PARQUET_SUFFIXES
        else "jsonl"
        if suffix in JSONL_SUFFIXES
        else "csv"
        if suffix in CSV_SUFFIXES
        else None
    )
    chosen = fmt or ("jsonl" if spans else by_suffix) or "csv"
    if spans and by_suffix not in (None, "jsonl"):
        raise InputError(f"--spans writes JSON Lines, not {by_suffix}: name the output *.jsonl")
    if chosen == "json":
        raise InputError(
            "batch mode writes csv, parquet or jsonl (--spans); --format json is for article "
            "files and story folders"
        )
    if spans and chosen != "jsonl":
        raise InputError(f"--spans writes JSON Lines, not {chosen}; drop --format or --spans")
    if chosen == "parquet" and output is None:
        raise InputError("Parquet output needs a file: add --output FILE.parquet")
    return chosen


def run_batch(
    paths: Sequence[Path],
    *,
    output: Path | None = None,
    fmt: str = "csv",
    columns: ColumnMap | None = None,
    jobs: int | None = None,
    chunk_size: int | None = None,
    dask: str | Any | None = None,
    progress: bool = False,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> BatchSummary:
    """Analyse a corpus and write one row (or JSON line) per article, in input order.

    Args:
        paths: Folders, article files, CSV/TSV, JSON Lines or Parquet files.
        output: Where to write; standard output when None (not for Parquet).
        fmt: ``csv``, ``parquet`` or ``jsonl`` (spans).
        columns: Which input columns hold what.
        jobs: Worker processes; all cores by default; 1 analyses in this process.
        chunk_size: Articles per task.
        dask: A Dask scheduler address (or a ``Client``): run there instead of locally.
        progress: Draw a progress bar on ``stderr``.
        stdout: Standard output (for tests).
        stderr: Standard error (for tests).

    Returns:
        Counts and the first errors.

    Raises:
        InputError: An input cannot be read (checked before any analysis), or the Dask
            scheduler cannot be reached.
    """
    if fmt not in OUTPUT_FORMATS:
        raise InputError(f"unknown batch output format {fmt!r}")
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    spans = fmt == "jsonl"
    if output is not None:
        for path in paths:
            if Path(path).exists() and Path(path).resolve() == output.resolve():
                raise InputError(f"{output}: the output would overwrite an input")
    jobs = jobs or default_jobs()
    size = chunk_size or (DEFAULT_DASK_CHUNK_SIZE if dask is not None else DEFAULT_CHUNK_SIZE)
    summary = BatchSummary()
    start = time.perf_counter()
    corpus = Corpus(paths, columns)  # every input checked before any work starts
    try:
        stream = iter(corpus)
        first = next(stream, None)
        if first is None:
            raise InputError(f"{', '.join(str(p) for p in paths)}: holds no articles")
        if progress:
            corpus.count_files()
        columns_out = row_columns() if not spans else []
        if dask is not None:
            pool: LocalPool | InlinePool | DaskPool = DaskPool(dask)
        elif jobs > 1:
            pool = LocalPool(jobs)
        else:
            pool = InlinePool()
        bar = Progress(stderr, corpus.estimated_total, enabled=progress)
        with bar, pool, _open_output(output, fmt, stdout) as handle:
            writer = _make_writer(fmt, handle, output, columns_out)
            try:
                for result in pool.map(itertools.chain([first], stream), spans, size):
                    writer.write(result)
                    summary.articles += 1
                    if result.error is not None:
                        summary.failed += 1
                        if len(summary.errors) < _MAX_ERROR_LINES:
                            summary.errors.append(f"{result.source}: {result.error}")
                    bar.update(summary.articles, summary.failed)
                bar.finish(summary.articles, summary.failed)
            finally:
                writer.close()
    finally:
        corpus.close()
    summary.seconds = time.perf_counter() - start
    return summary


class _open_output:  # noqa: N801 - used as a context manager like open()
    def __init__(self, output: Path | None, fmt: str, stdout: TextIO) -> None:
        self._output, self._fmt, self._stdout = output, fmt, stdout
        self._handle: TextIO | None = None

    def __enter__(self) -> TextIO | None:
        if self._fmt == "parquet":
            return None
        if self._output is None:
            return self._stdout
        self._handle = self._output.open("w", encoding="utf-8", newline="")
        return self._handle

    def __exit__(self, *_: object) -> None:
        if self._handle is not None:
            self._handle.close()


def _make_writer(fmt: str, handle: TextIO | None, output: Path | None, columns: Sequence[str]):
    if fmt == "parquet":
        assert output is not None
        metrics = [c for c in columns if c not in (*ROW_META_COLUMNS, *ROW_TAIL_COLUMNS)]
        return ParquetRowWriter(output, columns, metrics)
    assert handle is not None
    if fmt == "jsonl":
        return JsonlWriter(handle)
    return CsvRowWriter(handle, columns)
