"""Saved comparisons: one JSON file with a story's articles, the settings and the lexicon version.

A bundle holds what is needed to redo the analysis offline, not its results: the analysis is
deterministic, so loading a bundle and analysing it again gives the identical figures and spans
as long as the lexicon is the same (its version is recorded and compared on loading). Schema
``coverage-lens-bundle/1``::

    {
      "schema": "coverage-lens-bundle/1",
      "lexicon_version": "3f2a9c01b7de",        # see lexicon_version()
      "story": {"id": "...", "title": "...", "date": "...", "description": "..."},
      "articles": [{"id": "...", "outlet": "...", "headline": "...", "subheadline": "...",
                    "byline": "...", "date": "...", "url": "...", "kind": "...",
                    "notes": "...", "body": "..."}],
      "settings": {...}                          # the dashboard's choices, any JSON object
    }

Loading is strict and safe: plain JSON is parsed (nothing is ever executed or imported), the size
is limited, every field is checked for its type and length, unknown fields are refused, and each
problem is reported in one line with what to do.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis import lexicon as _lexicon
from analysis.corpus import ARTICLE_FIELDS, MAX_ARTICLE_CHARS, InputError
from analysis.ingest import MAX_ARTICLES, slug
from analysis.model import Article, ArticleMeta, Story

SCHEMA = "coverage-lens-bundle/1"
SCHEMA_PREFIX = "coverage-lens-bundle/"
BUNDLE_SUFFIX = ".json"
MAX_BUNDLE_BYTES = 10_000_000
"""Largest bundle read: six articles at the character limit fit with room to spare."""
MAX_FIELD_CHARS = 2_000
"""Longest metadata value (headline, outlet…) in a bundle; ``notes`` and ``description`` may
be :data:`MAX_NOTE_CHARS`."""
MAX_NOTE_CHARS = 20_000
MAX_ID_CHARS = 100
MAX_SETTINGS_BYTES = 200_000
MAX_SETTINGS_DEPTH = 12

_STORY_FIELDS = ("id", "title", "date", "description")
_TOP_FIELDS = ("schema", "lexicon_version", "story", "articles", "settings")
_ARTICLE_KEYS = ("id", *ARTICLE_FIELDS, "body")
_LONG_FIELDS = frozenset({"notes", "description"})
_SNIFF_BYTES = 4_096
_SCHEMA_RE = re.compile(rb'"schema"\s*:\s*"coverage-lens-bundle/')


@dataclass
class Bundle:
    """A saved comparison, loaded and checked."""

    story: Story
    settings: dict[str, Any]
    lexicon_version: str
    """The lexicon version the comparison was saved with."""
    notices: list[str] = field(default_factory=list)
    """Plain-language notes, e.g. that the lexicon has changed since saving."""

    @property
    def lexicon_matches(self) -> bool:
        """Whether the saved lexicon version is the one in use now."""
        return self.lexicon_version == lexicon_version()


def lexicon_files() -> list[Path]:
    """The data files the lexicon is built from: every ``*_FILE`` CSV path :mod:`analysis.lexicon`
    declares (terms, categories, and any list it adds), by name."""
    paths = {
        value
        for key, value in vars(_lexicon).items()
        if key.endswith("_FILE") and isinstance(value, Path) and value.suffix == ".csv"
    }
    return sorted(paths, key=lambda p: p.name)


def lexicon_version() -> str:
    """A short fingerprint of the loaded-language lexicon's data files.

    Line endings are normalised first, so a checkout with Windows line endings has the same
    version. A file that is missing counts as empty.

    Returns:
        12 hexadecimal characters of the SHA-256 of the files' names and contents.
    """
    digest = hashlib.sha256()
    for path in lexicon_files():
        data = path.read_bytes().replace(b"\r\n", b"\n") if path.is_file() else b""
        digest.update(path.name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()[:12]


def bundle_to_bytes(story: Story, settings: dict[str, Any], lexicon_version: str) -> bytes:
    """Save a story and the dashboard's settings as one JSON file.

    Args:
        story: The story and its articles (metadata and text).
        settings: The dashboard's choices (selected articles, the current selection…): any
            JSON object of strings, numbers, booleans, null, lists and objects.
        lexicon_version: The lexicon version in use (:func:`lexicon_version`).

    Returns:
        UTF-8 JSON bytes, stable for the same input (keys in a fixed order).

    Raises:
        InputError: The story has no article or too many, or the settings are not plain JSON;
            the message says what to change.
    """
    if not story.articles:
        raise InputError("Nothing to save: the story has no articles.")
    if len(story.articles) > MAX_ARTICLES:
        raise InputError(
            f"{len(story.articles)} articles is over the limit of {MAX_ARTICLES} per saved "
            "comparison; remove some before saving"
        )
    if not isinstance(settings, dict):
        raise InputError("The settings must be a JSON object (a dict)")
    try:
        settings_json = json.dumps(settings, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise InputError(f"The settings cannot be saved as JSON ({error})") from None
    if len(settings_json.encode("utf-8")) > MAX_SETTINGS_BYTES:
        raise InputError(
            f"The settings are over the limit of {MAX_SETTINGS_BYTES:,} bytes; save fewer choices"
        )
    document = {
        "schema": SCHEMA,
        "lexicon_version": lexicon_version,
        "story": {
            "id": story.id,
            "title": story.title,
            "date": story.date,
            "description": story.description,
        },
        "articles": [
            {
                "id": article.meta.id,
                **{key: getattr(article.meta, key) for key in ARTICLE_FIELDS},
                "body": article.body,
            }
            for article in story.articles
        ],
        "settings": settings,
    }
    data = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")
    if len(data) > MAX_BUNDLE_BYTES:
        raise InputError(
            f"The saved comparison would be {len(data):,} bytes, over the limit of "
            f"{MAX_BUNDLE_BYTES:,}; remove an article before saving"
        )
    return data + b"\n"


def bundle_from_bytes(data: bytes, name: str = "The saved comparison") -> Bundle:
    """Load a saved comparison, checking it strictly.

    Args:
        data: The file's bytes.
        name: What to call the file in messages (its name).

    Returns:
        The story, the settings, the lexicon version and notices.

    Raises:
        InputError: Too large, not JSON, not a Coverage Lens bundle, a newer or unknown schema
            version, or any field missing, of the wrong type, too long or unknown. One line,
            starting with ``name``.
    """
    if not data:
        raise InputError(f"{name}: the file is empty")
    if len(data) > MAX_BUNDLE_BYTES:
        raise InputError(
            f"{name}: {len(data):,} bytes is over the limit of {MAX_BUNDLE_BYTES:,} bytes for a "
            "saved comparison; check that this is a file saved by Coverage Lens"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name}: not a saved comparison (not UTF-8 JSON text)") from None
    try:
        document = json.loads(
            text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants
        )
    except RecursionError:
        raise InputError(f"{name}: not a saved comparison (nested too deeply)") from None
    except ValueError as error:
        detail = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
        raise InputError(f"{name}: not a saved comparison (invalid JSON: {detail})") from None
    if not isinstance(document, dict):
        raise InputError(f"{name}: not a saved comparison (expected a JSON object)")
    _check_schema(document.get("schema"), name)
    unknown = sorted(set(document) - set(_TOP_FIELDS))
    if unknown:
        raise InputError(f"{name}: unknown fields {', '.join(map(repr, unknown))}; not loaded")
    version = _string(document, "lexicon_version", name, "", limit=64, required=True)
    story_data = document.get("story")
    if not isinstance(story_data, dict):
        raise InputError(f"{name}: 'story' is missing or not an object")
    _refuse_unknown(story_data, _STORY_FIELDS, name, "story")
    story = Story(
        id=_identifier(story_data, name, "story"),
        title=_string(story_data, "title", name, "story", required=True),
        date=_string(story_data, "date", name, "story"),
        description=_string(story_data, "description", name, "story", limit=MAX_NOTE_CHARS),
    )
    articles = document.get("articles")
    if not isinstance(articles, list) or not articles:
        raise InputError(f"{name}: 'articles' is missing or empty")
    if len(articles) > MAX_ARTICLES:
        raise InputError(
            f"{name}: {len(articles)} articles is over the limit of {MAX_ARTICLES} per story; "
            "the file was edited or not saved by Coverage Lens"
        )
    seen: set[str] = set()
    for number, item in enumerate(articles, start=1):
        where = f"article {number}"
        if not isinstance(item, dict):
            raise InputError(f"{name}: {where} is not an object")
        _refuse_unknown(item, _ARTICLE_KEYS, name, where)
        article_id = _identifier(item, name, where)
        if article_id in seen:
            raise InputError(f"{name}: two articles have the id '{article_id}'")
        seen.add(article_id)
        meta = ArticleMeta(id=article_id, source_path=name)
        for key in ARTICLE_FIELDS:
            limit = MAX_NOTE_CHARS if key in _LONG_FIELDS else MAX_FIELD_CHARS
            setattr(meta, key, _string(item, key, name, where, limit=limit))
        body = _string(item, "body", name, where, limit=MAX_ARTICLE_CHARS, required=True)
        if not body.strip():
            raise InputError(f"{name}: {where} ('{article_id}') has no text")
        story.articles.append(Article(meta=meta, body=body))
    settings = document.get("settings", {})
    if not isinstance(settings, dict):
        raise InputError(f"{name}: 'settings' is not an object")
    _check_depth(settings, name)
    if len(json.dumps(settings, ensure_ascii=False).encode("utf-8")) > MAX_SETTINGS_BYTES:
        raise InputError(f"{name}: 'settings' are over the limit of {MAX_SETTINGS_BYTES:,} bytes")
    notices = []
    if version != lexicon_version():
        notices.append(
            f"This comparison was saved with lexicon version {version}; this copy of Coverage "
            f"Lens has {lexicon_version()}, so loaded-language figures may differ from when it "
            "was saved (tone, quotes and readability are not affected)."
        )
    return Bundle(story=story, settings=settings, lexicon_version=version, notices=notices)


def is_bundle_file(path: Path) -> bool:
    """Whether a file looks like a saved comparison (for the command line to pick its reader).

    Reads only the file's first few kilobytes: a JSON object that names a
    ``coverage-lens-bundle/`` schema (any version, so that a newer one gets a clear message).

    Args:
        path: Any path.

    Returns:
        True for a file starting like a bundle; False for anything else, missing files included.
    """
    try:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"{") and bool(_SCHEMA_RE.search(head))


def story_from_bundle_file(path: Path) -> Story:
    """Read a saved comparison file and return its story (for the command line).

    Raises:
        InputError: The file is missing, too large or not a valid bundle; the message names it.
    """
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_BUNDLE_BYTES:
        raise InputError(
            f"{path}: {size:,} bytes is over the limit of {MAX_BUNDLE_BYTES:,} bytes for a saved "
            "comparison; check that this is a file saved by Coverage Lens"
        )
    return bundle_from_bytes(path.read_bytes(), str(path)).story


def bundle_file_name(story: Story) -> str:
    """A file name to offer when saving: ``coverage-lens-<story>.json``."""
    return f"coverage-lens-{slug(story.id or story.title)}{BUNDLE_SUFFIX}"


# --- checks -----------------------------------------------------------------------------------


def _check_schema(schema: object, name: str) -> None:
    if schema == SCHEMA:
        return
    if isinstance(schema, str) and schema.startswith(SCHEMA_PREFIX):
        version = schema.removeprefix(SCHEMA_PREFIX)
        if version.isdigit() and int(version) > int(SCHEMA.removeprefix(SCHEMA_PREFIX)):
            raise InputError(
                f"{name}: saved by a newer version of Coverage Lens (format {schema}); this "
                f"version reads {SCHEMA}: update Coverage Lens to open it"
            )
        raise InputError(f"{name}: unknown saved-comparison format '{schema[:40]}'; not loaded")
    if schema == "coverage-lens/1":
        raise InputError(
            f"{name}: this is analysis output from the command line, not a saved comparison; "
            "save the comparison from the dashboard, or give the article files"
        )
    raise InputError(f"{name}: not a Coverage Lens saved comparison (no '{SCHEMA}' schema)")


def _refuse_unknown(item: dict[str, Any], known: tuple[str, ...], name: str, where: str) -> None:
    unknown = sorted(set(item) - set(known))
    if unknown:
        shown = ", ".join(repr(k[:40]) for k in unknown[:5])
        raise InputError(f"{name}: {where} has unknown fields {shown}; not loaded")


def _string(
    item: dict[str, Any],
    key: str,
    name: str,
    where: str,
    *,
    limit: int = MAX_FIELD_CHARS,
    required: bool = False,
) -> str:
    value = item.get(key)
    place = f"{where} '{key}'" if where else f"'{key}'"
    if value is None:
        if required:
            raise InputError(f"{name}: {place} is missing")
        return ""
    if not isinstance(value, str):
        raise InputError(f"{name}: {place} should be text, not {type(value).__name__}")
    if len(value) > limit:
        raise InputError(
            f"{name}: {place} has {len(value):,} characters, over the limit of {limit:,}; the "
            "file was edited or not saved by Coverage Lens"
        )
    if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise InputError(f"{name}: {place} contains invalid characters (unpaired surrogates)")
    return value


def _identifier(item: dict[str, Any], name: str, where: str) -> str:
    value = _string(item, "id", name, where, limit=MAX_ID_CHARS, required=True)
    if not value.strip() or any(not c.isprintable() for c in value):
        raise InputError(f"{name}: {where} has an empty or unprintable id")
    return value


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the field {key[:40]!r} appears twice")
        result[key] = value
    return result


def _no_constants(token: str) -> Any:
    raise ValueError(f"{token} is not allowed")


def _check_depth(value: object, name: str, depth: int = 0) -> None:
    if depth > MAX_SETTINGS_DEPTH:
        raise InputError(f"{name}: 'settings' are nested too deeply")
    if isinstance(value, dict):
        for item in value.values():
            _check_depth(item, name, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_depth(item, name, depth + 1)
