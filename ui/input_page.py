"""The "Your articles" page: paste, upload or fetch articles, compare them, save and reopen.

The visitor gathers two to six articles in a list kept in ``st.session_state`` (this browser
session only), then presses *Compare*: :func:`ui.story_source.set_own_story` analyses them once and
the compare page shows them. Nothing the visitor enters is written to disk on the server or put in
a cache shared with other sessions; uploaded files are read from memory.

Safety and robustness rules this page keeps:

* user text (article text, headlines, file names, addresses, error messages that quote them) is
  shown only through :func:`html.escape` in ``st.html`` (:func:`message_html`), never as Markdown,
  and never in a widget label or help text (those are Markdown);
* every failure of the backend raises :class:`analysis.corpus.InputError` with a one-line message,
  shown beside the form it came from; the form keeps what was typed, uploaded or fetched;
* a successful paste or fetch empties its form for the next article; uploads and saved
  comparisons are read as soon as they arrive.

Everything above :func:`render` is pure and tested without a browser.
"""

from __future__ import annotations

import copy
import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import streamlit as st

from analysis.bundle import (
    MAX_BUNDLE_BYTES,
    bundle_file_name,
    bundle_from_bytes,
    bundle_to_bytes,
    lexicon_version,
)
from analysis.corpus import MAX_ARTICLE_CHARS, InputError
from analysis.ingest import (
    MAX_ARTICLES,
    MAX_UPLOAD_BYTES,
    MIN_ARTICLES_TO_COMPARE,
    SUPPORTED_LIST,
    IngestResult,
    article_from_paste,
    article_from_upload,
    fetch_article,
    slug,
    story_from_articles,
)
from analysis.metrics import MIN_WORDS_FOR_FIGURES
from analysis.model import Article, ArticleAnalysis, Story
from analysis.textcheck import text_warnings
from analysis.urlguard import DEFAULT_GUARD
from ui.story_source import (
    OWN_STORY_ID,
    OwnStory,
    ShownStory,
    apply_view_settings,
    own_story,
    set_own_story,
    show_story,
    view_settings,
)

PAGE_TITLE = "Your articles"
DEFAULT_TITLE = "Your articles"
KINDS = (
    "news report",
    "wire report",
    "analysis",
    "opinion",
    "editorial",
    "press release",
    "transcript",
    "primary source",
)
"""Kinds offered in the paste form (any other can be typed); "transcript" and "primary source"
make an article the source other articles' quotations are checked against."""
UPLOAD_LIMIT_MB = 2 * -(-MAX_UPLOAD_BYTES // 1_000_000)
"""The uploader's own size check, in MB: twice our limit, so a file a little over the limit
reaches :func:`analysis.ingest.article_from_upload`, whose message says the limit and what to do;
only far larger files get Streamlit's shorter message. (The server's ``server.maxUploadSize``
caps what any request can send.)"""
BUNDLE_LIMIT_MB = 2 * -(-MAX_BUNDLE_BYTES // 1_000_000)
PASTE_HEIGHT_PX = 260
FETCH_ADVICE = (
    "Instead, open the page in your browser, copy the article's text and paste it under "
    "“Paste text” (what you typed there is kept)."
)

# Session-state and widget keys (all prefixed ``in_``).
KEY_DRAFT = "in_draft"
"""The visitor's list of articles (:class:`DraftArticle`), in order."""
KEY_NEXT_UID = "in_next_uid"
KEY_PASTE_TEXT = "in_paste_text"
KEY_PASTE_HEADLINE = "in_paste_headline"
KEY_PASTE_OUTLET = "in_paste_outlet"
KEY_PASTE_DATE = "in_paste_date"
KEY_PASTE_KIND = "in_paste_kind"
PASTE_FIELDS = (KEY_PASTE_TEXT, KEY_PASTE_HEADLINE, KEY_PASTE_OUTLET, KEY_PASTE_DATE)
KEY_PASTE_ADD = "in_paste_add"
KEY_PASTE_MESSAGE = "in_paste_message"
KEY_UPLOAD_ROUND = "in_upload_round"
"""Counter in the uploader's key: a new key empties the uploader once its files are read."""
UPLOADER_PREFIX = "in_upload_"
KEY_UPLOAD_SEEN = "in_upload_seen"
"""Uploaded file id → its :class:`Message`, so a file is read once."""
KEY_UPLOAD_REPORT = "in_upload_report"
KEY_URL = "in_url"
KEY_URL_FETCH = "in_url_fetch"
KEY_URL_MESSAGE = "in_url_message"
KEY_URL_CLEAR = "in_url_clear"
KEY_BUNDLE_ROUND = "in_bundle_round"
BUNDLE_UPLOADER_PREFIX = "in_bundle_"
KEY_BUNDLE_SEEN = "in_bundle_seen"
KEY_BUNDLE_MESSAGE = "in_bundle_message"
KEY_TITLE = "in_title"
KEY_COMPARE = "in_compare"
KEY_COMPARE_MESSAGE = "in_compare_message"
KEY_SHOW_OWN = "in_show_own"
KEY_COMPARED = "in_compared"
"""What the own story was made from (:func:`draft_fingerprint`), to say when the list changed."""
REMOVE_PREFIX = "in_remove_"
KEY_SAVE_PAGE = "in_save"
KEY_SAVE_SIDEBAR = "save_sidebar"

Level = Literal["error", "ok", "info"]


@dataclass(frozen=True)
class Message:
    """A message for the visitor: one line, and details (notices, warnings) below it."""

    level: Level
    text: str
    details: tuple[str, ...] = ()


@dataclass
class DraftArticle:
    """An article in the visitor's list, before it is analysed."""

    uid: int
    """Stable number for widget keys (ids change when articles are made unique)."""
    article: Article
    source: str
    """Where it came from: "pasted text", a file name or an address."""
    notices: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --- pure helpers ------------------------------------------------------------------------------


def limits_text() -> str:
    """Return the documented limits in one sentence."""
    return (
        f"{MIN_ARTICLES_TO_COMPARE} to {MAX_ARTICLES} articles, up to {MAX_ARTICLE_CHARS:,} "
        f"characters of text each; files up to {MAX_UPLOAD_BYTES // 1_000_000} MB "
        f"({SUPPORTED_LIST})."
    )


def room_error(count: int) -> str:
    """Return why another article cannot be added, or '' when there is room."""
    if count < MAX_ARTICLES:
        return ""
    return (
        f"You have {count} articles, the limit of {MAX_ARTICLES} for one comparison: remove one "
        "from the list below before adding another."
    )


def paste_article_id(outlet: str) -> str:
    """Return the id of a pasted article: from its outlet, else "pasted" (numbered when added)."""
    return slug(outlet) if outlet.strip() else "pasted"


def word_count(text: str) -> int:
    """Return the number of whitespace-separated words."""
    return len(text.split())


def draft_warnings(article: Article) -> list[str]:
    """Return warnings about an article's text: too short, not English, HTML, no punctuation…"""
    warnings = []
    words = word_count(article.body)
    if words < MIN_WORDS_FOR_FIGURES:
        warnings.append(
            f"Only {words:,} words (fewer than {MIN_WORDS_FOR_FIGURES}): it will be analysed, "
            "but treat its figures as a rough hint."
        )
    return warnings + text_warnings(article.body)


def same_text_as(draft: Sequence[DraftArticle], article: Article) -> DraftArticle | None:
    """Return the article already in the list with the same body text (spacing ignored)."""
    body = " ".join(article.body.split())
    return next((d for d in draft if " ".join(d.article.body.split()) == body), None)


def new_draft_article(
    draft: Sequence[DraftArticle], result: IngestResult, source: str, uid: int
) -> tuple[DraftArticle, Message]:
    """Make a list entry from an ingest result and the message that says it was added.

    Args:
        draft: The list so far (to number the article and spot a repeat).
        result: What the backend made of the input.
        source: Where it came from, for the visitor.
        uid: A number not used by any entry yet.

    Returns:
        The entry and an "added" message with the notices and warnings as details.
    """
    article = result.article
    if not article.meta.outlet and article.meta.id in ("pasted", "article"):
        article.meta.id = f"article-{len(draft) + 1}"
    entry = DraftArticle(
        uid=uid,
        article=article,
        source=source,
        notices=list(result.notices),
        warnings=draft_warnings(article),
    )
    repeat = same_text_as(draft, article)
    if repeat is not None:
        entry.warnings.insert(
            0, f"This text is the same as “{entry_title(repeat)}”, already in your list."
        )
    added = f"Added “{entry_title(entry)}” ({word_count(article.body):,} words)."
    return entry, Message("ok", added, tuple(entry.notices + entry.warnings))


def entry_title(entry: DraftArticle) -> str:
    """Return a short name for a list entry: outlet and headline, or where it came from."""
    meta = entry.article.meta
    parts = [p for p in (meta.outlet, meta.headline) if p]
    name = " · ".join(parts) if parts else entry.source
    return name if len(name) <= 90 else name[:89] + "…"


def entry_facts(entry: DraftArticle) -> str:
    """Return one line of facts about an entry: words, kind, date, source."""
    meta = entry.article.meta
    facts = [f"{word_count(entry.article.body):,} words"]
    facts += [meta.kind or "kind not given", meta.date or "date not given"]
    facts.append(f"from {entry.source}")
    return " · ".join(facts)


def draft_story(draft: Sequence[DraftArticle], title: str) -> tuple[Story, dict[str, list[str]]]:
    """Gather the list into a story (copies: the list keeps its own articles).

    Args:
        draft: Two to :data:`MAX_ARTICLES` entries.
        title: The comparison's title ('' for the default).

    Returns:
        The story (article ids made unique) and article id → notices.

    Raises:
        InputError: Too few or too many articles, with what to do.
    """
    if len(draft) < MIN_ARTICLES_TO_COMPARE:
        raise InputError(
            f"Add at least {MIN_ARTICLES_TO_COMPARE} articles to compare (you have {len(draft)})."
        )
    articles = [copy.deepcopy(entry.article) for entry in draft]
    story = story_from_articles(articles, title.strip() or DEFAULT_TITLE)
    notices = {
        article.meta.id: entry.notices + entry.warnings
        for article, entry in zip(story.articles, draft, strict=True)
    }
    return story, notices


def draft_fingerprint(draft: Sequence[DraftArticle], title: str) -> tuple[object, ...]:
    """Return what a comparison is made from: the entries (by uid) and the title."""
    return (tuple(entry.uid for entry in draft), title.strip() or DEFAULT_TITLE)


def entries_from_story(story: Story, first_uid: int, source: str) -> list[DraftArticle]:
    """Return list entries for a reopened story's articles (copies)."""
    return [
        DraftArticle(
            uid=first_uid + n,
            article=copy.deepcopy(article),
            source=source,
            warnings=draft_warnings(article),
        )
        for n, article in enumerate(story.articles)
    ]


def message_html(message: Message) -> str:
    """Return a message as escaped HTML for ``st.html`` (its text is never Markdown)."""
    css = {"error": "cl-in-error", "ok": "cl-in-ok", "info": "cl-in-info"}[message.level]
    role = ' role="alert"' if message.level == "error" else ""
    details = "".join(f"<li>{html.escape(d)}</li>" for d in message.details)
    listed = f"<ul>{details}</ul>" if details else ""
    return f'<div class="{css}"{role}><p>{html.escape(message.text)}</p>{listed}</div>'


def entry_html(number: int, entry: DraftArticle) -> str:
    """Return one list entry as escaped HTML: number, title, facts, notices and warnings."""
    parts = [
        f'<div class="cl-in-entry"><p class="cl-in-entry-title">{number}. '
        f"{html.escape(entry_title(entry))}</p>",
        f'<p class="cl-in-facts">{html.escape(entry_facts(entry))}</p>',
    ]
    if entry.warnings:
        items = "".join(f"<li>{html.escape(w)}</li>" for w in entry.warnings)
        parts.append(f'<ul class="cl-in-warn">{items}</ul>')
    if entry.notices:
        items = "".join(f"<li>{html.escape(n)}</li>" for n in entry.notices)
        parts.append(f'<ul class="cl-in-notice">{items}</ul>')
    return "".join(parts) + "</div>"


def text_notes_html(
    articles: Sequence[ArticleAnalysis],
    names: Mapping[str, str],
    notices: Mapping[str, Sequence[str]] | None = None,
    story_notices: Sequence[str] = (),
) -> str:
    """Return the analysis warnings and input notices of the shown articles, or ''.

    Args:
        articles: The shown articles (their ``warnings``: too short, not English, HTML…).
        names: Article id → display name.
        notices: Article id → what was done to the input (own stories only).
        story_notices: Notes about the whole story (e.g. a reopened file's lexicon version).

    Returns:
        Escaped HTML for ``st.html``: a warning box, then a list of notes; '' when there are none.
    """
    warnings = [
        f"{names.get(a.meta.id, a.meta.id)}: {w}"
        for a in articles
        for w in dict.fromkeys(a.warnings)
    ]
    notes = list(dict.fromkeys(story_notices)) + [
        f"{names.get(a.meta.id, a.meta.id)}: {n}"
        for a in articles
        for n in dict.fromkeys((notices or {}).get(a.meta.id, ()))
        if n not in a.warnings
    ]
    out = ""
    if warnings:
        items = "".join(f"<li>{html.escape(w)}</li>" for w in warnings)
        out += f'<div class="cl-warning"><ul class="cl-in-list">{items}</ul></div>'
    if notes:
        items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
        out += f'<ul class="cl-in-notice">{items}</ul>'
    return out


INPUT_CSS = (
    "<style>"
    "div.cl-in-error,div.cl-in-ok,div.cl-in-info{font-size:1.05rem;padding:.5em .8em;"
    "border-radius:4px;color:#111;margin:.2em 0 .6em 0;}"
    "div.cl-in-error{background:#FBE3D6;border-left:6px solid #D55E00;}"
    "div.cl-in-ok{background:#DDF2EA;border-left:6px solid #009E73;}"
    "div.cl-in-info{background:#E3F0F8;border-left:6px solid #0072B2;}"
    "div.cl-in-error p,div.cl-in-ok p,div.cl-in-info p{margin:0;font-weight:600;}"
    "div.cl-in-error ul,div.cl-in-ok ul,div.cl-in-info ul{margin:.3em 0 0 1.2em;padding:0;"
    "font-weight:400;}"
    "div.cl-in-entry{border:1px solid #ccd;border-radius:6px;padding:.5em .8em;}"
    "p.cl-in-entry-title{font-size:1.1rem;font-weight:700;margin:0;overflow-wrap:anywhere;}"
    "p.cl-in-facts{color:#4a4a4a;margin:0;}"
    "ul.cl-in-warn{margin:.3em 0 0 1.2em;padding:0;color:#7a3b00;}"
    "ul.cl-in-notice{margin:.3em 0 0 1.2em;padding:0;color:#4a4a4a;font-size:.95rem;}"
    "ul.cl-in-list{margin:0 0 0 1.2em;padding:0;}"
    "</style>"
)


# --- session state ------------------------------------------------------------------------------


def draft() -> list[DraftArticle]:
    """Return the visitor's list of articles (created empty on first use)."""
    return st.session_state.setdefault(KEY_DRAFT, [])


def _next_uid() -> int:
    uid = int(st.session_state.get(KEY_NEXT_UID, 0))
    st.session_state[KEY_NEXT_UID] = uid + 1
    return uid


def _add(result: IngestResult, source: str) -> Message:
    """Append an ingest result to the list; return the message to show."""
    entries = draft()
    entry, message = new_draft_article(entries, result, source, _next_uid())
    entries.append(entry)
    return message


def _show(message: Message | None) -> None:
    if message is not None:
        st.html(message_html(message))


# --- paste -------------------------------------------------------------------------------------


def on_add_paste() -> None:
    """Add the pasted article; empty the form only when it was added (callback)."""
    state = st.session_state
    problem = room_error(len(draft()))
    if problem:
        state[KEY_PASTE_MESSAGE] = Message("error", problem)
        return
    text = state.get(KEY_PASTE_TEXT) or ""
    outlet = state.get(KEY_PASTE_OUTLET) or ""
    try:
        result = article_from_paste(
            text,
            headline=state.get(KEY_PASTE_HEADLINE) or "",
            outlet=outlet,
            date=state.get(KEY_PASTE_DATE) or "",
            kind=state.get(KEY_PASTE_KIND) or "",
            article_id=paste_article_id(outlet),
        )
    except InputError as error:
        state[KEY_PASTE_MESSAGE] = Message("error", str(error))
        return
    state[KEY_PASTE_MESSAGE] = _add(result, "pasted text")
    for key in PASTE_FIELDS:
        state[key] = ""
    state[KEY_PASTE_KIND] = None


def paste_form() -> None:
    """The paste tab: text, headline, outlet, date, kind, and the Add button."""
    st.text_area(
        "Article text",
        key=KEY_PASTE_TEXT,
        height=PASTE_HEIGHT_PX,
        placeholder="Paste the article's text here. A first line that looks like a headline "
        "is taken as the headline.",
        persist_state="session",
    )
    top = st.columns([3, 2])
    top[0].text_input("Headline (optional)", key=KEY_PASTE_HEADLINE, persist_state="session")
    top[1].text_input(
        "Outlet (optional)",
        key=KEY_PASTE_OUTLET,
        placeholder="e.g. Associated Press",
        persist_state="session",
    )
    bottom = st.columns([3, 2])
    bottom[0].text_input(
        "Date (optional)",
        key=KEY_PASTE_DATE,
        placeholder="e.g. 2024-05-01",
        persist_state="session",
    )
    bottom[1].selectbox(
        "Kind (optional)",
        options=KINDS,
        index=None,
        key=KEY_PASTE_KIND,
        placeholder="Choose or type",
        accept_new_options=True,
        persist_state="session",
    )
    st.button(
        "Add this article",
        key=KEY_PASTE_ADD,
        on_click=on_add_paste,
        type="primary",
        icon=":material/add:",
    )
    _show(st.session_state.get(KEY_PASTE_MESSAGE))


# --- upload ------------------------------------------------------------------------------------


def read_upload(name: str, data: bytes, count: int) -> tuple[IngestResult | None, Message | None]:
    """Read one uploaded file: the result, or None and an error message."""
    problem = room_error(count)
    if problem:
        return None, Message("error", f"{name}: not added. {problem}")
    try:
        return article_from_upload(name, data), None
    except InputError as error:
        return None, Message("error", str(error))


def upload_form() -> None:
    """The upload tab: files are read as they arrive; the uploader empties when all were read."""
    state = st.session_state
    round_ = int(state.get(KEY_UPLOAD_ROUND, 0))
    files = st.file_uploader(
        "Article files",
        accept_multiple_files=True,
        key=f"{UPLOADER_PREFIX}{round_}",
        max_upload_size=UPLOAD_LIMIT_MB,
        help=f"{SUPPORTED_LIST}; up to {MAX_UPLOAD_BYTES // 1_000_000} MB each. A PDF needs "
        "selectable text (a scanned page is a picture).",
    )
    seen: dict[str, Message] = state.setdefault(KEY_UPLOAD_SEEN, {})
    for upload in files or []:
        if upload.file_id in seen:
            continue
        result, error = read_upload(upload.name, upload.getvalue(), len(draft()))
        seen[upload.file_id] = error if result is None else _add(result, upload.name)
    current = [seen[f.file_id] for f in files or [] if f.file_id in seen]
    if files and all(m.level == "ok" for m in current):
        state[KEY_UPLOAD_REPORT] = current
        state[KEY_UPLOAD_ROUND] = round_ + 1
        state[KEY_UPLOAD_SEEN] = {}
        st.rerun()
    for message in current:
        _show(message)
    if not files:
        for message in state.pop(KEY_UPLOAD_REPORT, []):
            _show(message)


# --- fetch from a web address ------------------------------------------------------------------


def fetch(url: str) -> IngestResult:
    """Fetch and extract an article through the guard closed to private addresses."""
    return fetch_article(url, guard=DEFAULT_GUARD)


def url_form() -> None:
    """The web-address tab: fetch one page and extract its article."""
    state = st.session_state
    if state.pop(KEY_URL_CLEAR, False):
        state[KEY_URL] = ""
    st.text_input(
        "Address of the article's web page",
        key=KEY_URL,
        placeholder="https://…",
        persist_state="session",
    )
    st.caption(
        "Only public http and https pages are fetched. Sites that need a login, block robots "
        "or build the page with scripts may refuse or give no text: then copy the article's "
        "text from your browser and paste it."
    )
    if st.button("Fetch the article", key=KEY_URL_FETCH, icon=":material/download:"):
        problem = room_error(len(draft()))
        if problem:
            state[KEY_URL_MESSAGE] = Message("error", problem)
        else:
            url = state.get(KEY_URL) or ""
            try:
                with st.spinner("Fetching the page…"):
                    result = fetch(url)
            except InputError as error:
                state[KEY_URL_MESSAGE] = Message("error", str(error), (FETCH_ADVICE,))
            else:
                state[KEY_URL_MESSAGE] = _add(result, result.article.meta.url or url.strip())
                state[KEY_URL_CLEAR] = True
                st.rerun()
    _show(state.get(KEY_URL_MESSAGE))


# --- saved comparisons --------------------------------------------------------------------------


def open_form(go_compare: Callable[[], None]) -> None:
    """The reopen tab: a saved comparison file is read, analysed and shown as it was saved."""
    state = st.session_state
    round_ = int(state.get(KEY_BUNDLE_ROUND, 0))
    st.caption(
        "Open a comparison saved with “Save this comparison”. It replaces the list of articles "
        "below, and opens as it was saved. Nothing is fetched: it works offline."
    )
    upload = st.file_uploader(
        "Saved comparison (.json)",
        key=f"{BUNDLE_UPLOADER_PREFIX}{round_}",
        max_upload_size=BUNDLE_LIMIT_MB,
    )
    seen: set[str] = state.setdefault(KEY_BUNDLE_SEEN, set())
    if upload is not None and upload.file_id not in seen:
        seen.add(upload.file_id)
        try:
            bundle = bundle_from_bytes(upload.getvalue(), upload.name)
            with st.spinner("Analysing the saved articles…"):
                own = set_own_story(bundle.story)
        except InputError as error:
            state[KEY_BUNDLE_MESSAGE] = Message("error", str(error))
        else:
            start = int(state.get(KEY_NEXT_UID, 0))
            entries = entries_from_story(bundle.story, start, upload.name)
            state[KEY_NEXT_UID] = start + len(entries)
            state[KEY_DRAFT] = entries
            state[KEY_TITLE] = bundle.story.title
            state[KEY_COMPARED] = draft_fingerprint(entries, bundle.story.title)
            own.story_notices = list(bundle.notices)
            apply_view_settings(bundle.settings)
            state[KEY_BUNDLE_MESSAGE] = None
            state[KEY_BUNDLE_ROUND] = round_ + 1
            go_compare()
            return
    _show(state.get(KEY_BUNDLE_MESSAGE))


# --- the list and the compare button ------------------------------------------------------------


def remove_entry(uid: int) -> None:
    """Remove an entry from the list (callback)."""
    st.session_state[KEY_DRAFT] = [e for e in draft() if e.uid != uid]


def draft_list() -> None:
    """Show the visitor's articles, each with a Remove button."""
    entries = draft()
    st.subheader(f"Your list: {len(entries)} of {MAX_ARTICLES} articles")
    if not entries:
        st.caption("Nothing yet: paste, upload or fetch an article above.")
        return
    for number, entry in enumerate(entries, start=1):
        text, button = st.columns([8, 1], vertical_alignment="center")
        text.html(entry_html(number, entry))
        button.button(
            "Remove",
            key=f"{REMOVE_PREFIX}{entry.uid}",
            on_click=remove_entry,
            args=(entry.uid,),
            icon=":material/delete:",
            width="stretch",
        )


def compare_button(go_compare: Callable[[], None]) -> None:
    """The title field and the Compare button: analyse the list once and show it."""
    state = st.session_state
    entries = draft()
    st.text_input(
        "Title of your comparison (optional)",
        key=KEY_TITLE,
        placeholder=DEFAULT_TITLE,
        persist_state="session",
    )
    title = state.get(KEY_TITLE) or ""
    fingerprint = draft_fingerprint(entries, title)
    if own_story() is not None and state.get(KEY_COMPARED) not in (None, fingerprint):
        _show(Message("info", "Your list has changed since you compared it: compare again."))
    missing = MIN_ARTICLES_TO_COMPARE - len(entries)
    own = own_story()
    left, right = st.columns([1, 1])
    pressed = left.button(
        "Compare these articles",
        key=KEY_COMPARE,
        type="primary",
        disabled=missing > 0,
        icon=":material/compare:",
    )
    current = own is not None and state.get(KEY_COMPARED) == fingerprint
    if current and right.button(
        "Show your comparison", key=KEY_SHOW_OWN, icon=":material/visibility:"
    ):
        show_story(OWN_STORY_ID, [a.meta.id for a in own.analysis.articles][:MAX_ARTICLES])
        go_compare()
        return
    if missing > 0:
        st.caption(f"Add {missing} more article{'s' if missing > 1 else ''} to compare.")
    if pressed:
        try:
            story, notices = draft_story(entries, title)
            with st.spinner("Analysing your articles…"):
                set_own_story(story, notices)
        except InputError as error:
            state[KEY_COMPARE_MESSAGE] = Message("error", str(error))
        else:
            state[KEY_COMPARE_MESSAGE] = None
            state[KEY_COMPARED] = fingerprint
            show_story(OWN_STORY_ID, [a.meta.id for a in story.articles][:MAX_ARTICLES])
            go_compare()
            return
    _show(state.get(KEY_COMPARE_MESSAGE))


def save_button(story: ShownStory, own: OwnStory, key: str) -> None:
    """A download button for the shown own story with its current view (made on click)."""
    settings = view_settings(story)
    saved = own.story

    def data() -> bytes:
        return bundle_to_bytes(saved, settings, lexicon_version())

    st.download_button(
        "Save this comparison",
        data=data,
        file_name=bundle_file_name(saved),
        mime="application/json",
        on_click="ignore",
        icon=":material/save:",
        key=key,
        help="One file with the articles, their details, the lexicon version and this view. "
        "Open it again under “Your articles” (it works offline).",
    )


# --- the page ------------------------------------------------------------------------------------


def render(go_compare: Callable[[], None]) -> None:
    """Draw the page.

    Args:
        go_compare: Switches to the compare page (``st.switch_page`` with its ``st.Page``).
    """
    st.html(INPUT_CSS)
    st.title(PAGE_TITLE)
    st.html(
        '<p class="cl-caption">Compare how different outlets cover the same event using '
        "today's news: add two to six articles, then press <b>Compare these articles</b>. "
        "What you add stays in this browser session only: it is not saved on the server and "
        "no one else can see it. Save the comparison to keep it.</p>"
    )
    st.caption("Limits: " + limits_text())
    paste, upload, url, reopen = st.tabs(
        ["Paste text", "Upload files", "From a web address", "Open a saved comparison"]
    )
    with paste:
        paste_form()
    with upload:
        upload_form()
    with url:
        url_form()
    with reopen:
        open_form(go_compare)
    st.divider()
    draft_list()
    compare_button(go_compare)
