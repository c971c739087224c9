"""The teacher's word list: add or remove terms and categories for this session, see which
entry flagged each word, and export or import the list as CSV files.

The list is an :class:`analysis.lexicon.Lexicon` kept in ``st.session_state`` (see
:mod:`ui.lesson_source`): nothing is written on the server, and it is gone when the browser
tab's session ends. Export writes the same two files the project ships
(``loaded_terms.csv``: ``term,category,alternative,source,note``; ``loaded_categories.csv``:
``id,name,description``), so a teacher can keep the list, edit it in a spreadsheet and load it
next lesson. Every problem is reported as an :class:`analysis.lexicon.LexiconError` whose
message names the file, the line and what is wrong.

Everything above the page section (:func:`render` and its callbacks) is pure and tested
without a browser.
"""

from __future__ import annotations

import csv
import html
import io
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence

import pandas as pd
import streamlit as st

from analysis.lexicon import (
    CATEGORIES_HEADER,
    TERMS_HEADER,
    Category,
    Lexicon,
    LexiconEntry,
    LexiconError,
    default_lexicon,
    parse_categories,
    parse_lexicon,
)
from analysis.model import ArticleAnalysis, LoadedHit
from ui.lesson_source import (
    lesson_articles,
    lexicon_is_edited,
    session_category_names,
    session_lexicon,
    set_session_lexicon,
)
from ui.methods import TEACHER_SOURCE
from ui.story_source import sidebar_story_choice
from ui.summary import article_display_names

MAX_UPLOAD_BYTES = 5_000_000
TERMS_FILE_NAME = "coverage-lens-terms.csv"
CATEGORIES_FILE_NAME = "coverage-lens-categories.csv"
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})

COL_ARTICLE = "Article"
COL_WORDS = "Words in the text"
COL_ENTRY = "Entry that flagged them"
COL_CATEGORY = "Category"
COL_SOURCE = "Source of the entry"
COL_VOICE = "Whose words"
COL_TERM = "Term"
COL_ALTERNATIVE = "Neutral alternative"
COL_NOTE = "Why it is loaded"


def _write_csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def terms_csv(lexicon: Lexicon) -> str:
    """Return the word list's entries as a terms file (``term,category,…``), in list order."""
    return _write_csv(
        TERMS_HEADER,
        [(e.term, e.category, e.alternative, e.source, e.note) for e in lexicon.entries],
    )


def categories_csv(lexicon: Lexicon) -> str:
    """Return the word list's categories as a categories file (``id,name,description``)."""
    return _write_csv(
        CATEGORIES_HEADER, [(c.id, c.name, c.description) for c in lexicon.categories]
    )


def term_key(term: str) -> str:
    """Return how terms are compared for duplicates: lower case, single spaces, straight '."""
    return " ".join(term.translate(_APOSTROPHES).lower().split())


def add_term(
    lexicon: Lexicon, term: str, category: str, alternative: str = "", note: str = ""
) -> Lexicon:
    """Return the word list with a teacher's entry added in front (so it wins over others).

    Args:
        lexicon: The current list.
        term: The word or phrase, in the lexicon's syntax (see :mod:`analysis.lexicon`).
        category: The id of an existing category.
        alternative: A neutral alternative, or empty.
        note: Why the term is loaded, in words a student understands.

    Raises:
        LexiconError: If the term is empty, already listed, badly written or the category is
            unknown; the message says which.
    """
    term = " ".join(term.split())
    if not term:
        raise LexiconError("Write the word or phrase to add.")
    known = {c.id: c.name for c in lexicon.categories}
    if category not in known:
        raise LexiconError(f"Unknown category {category!r}; known: {', '.join(known)}.")
    key = term_key(term)
    for entry in lexicon.entries:
        if term_key(entry.term) == key:
            raise LexiconError(
                f"“{term}” is already on the list ({known.get(entry.category, entry.category)})."
                " Remove it first to change it."
            )
    entry = LexiconEntry(
        term=term,
        category=category,
        alternative=" ".join(alternative.split()),
        source=TEACHER_SOURCE,
        note=" ".join(note.split()),
    )
    return Lexicon(entries=(entry, *lexicon.entries), categories=lexicon.categories)


def remove_terms(lexicon: Lexicon, terms: Collection[str]) -> Lexicon:
    """Return the word list without the entries whose term is in ``terms`` (exactly as written)."""
    gone = set(terms)
    kept = tuple(e for e in lexicon.entries if e.term not in gone)
    return Lexicon(entries=kept, categories=lexicon.categories)


def category_id_for(name: str, taken: Collection[str] = ()) -> str:
    """Return a category id made from a display name ("Military jargon" → "military_jargon").

    Raises:
        LexiconError: If the name has no letters, or its id is taken.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_name.lower())
    while words and not words[0][0].isalpha():
        words.pop(0)
    category_id = "_".join(words)[:40].rstrip("_")
    if not category_id:
        raise LexiconError("Give the category a name that starts with a letter.")
    if category_id in taken:
        raise LexiconError(f"There is already a category with the id {category_id!r}.")
    return category_id


def add_category(lexicon: Lexicon, name: str, description: str) -> Lexicon:
    """Return the word list with a new category (its id made from its name) at the end.

    Raises:
        LexiconError: If the name is empty or already used, or the description is empty.
    """
    name = " ".join(name.split())
    description = " ".join(description.split())
    if not name:
        raise LexiconError("Give the category a name.")
    if any(c.name.lower() == name.lower() for c in lexicon.categories):
        raise LexiconError(f"There is already a category called “{name}”.")
    if not description:
        raise LexiconError("Describe the category in one sentence students understand.")
    category_id = category_id_for(name, {c.id for c in lexicon.categories})
    category = Category(id=category_id, name=name, description=description)
    return Lexicon(entries=lexicon.entries, categories=(*lexicon.categories, category))


def remove_category(lexicon: Lexicon, category_id: str) -> tuple[Lexicon, int]:
    """Return the word list without a category and its entries, and how many entries went.

    Raises:
        LexiconError: If the category is unknown or the last one.
    """
    if category_id not in {c.id for c in lexicon.categories}:
        raise LexiconError(f"Unknown category {category_id!r}.")
    if len(lexicon.categories) == 1:
        raise LexiconError("The list needs at least one category.")
    kept = tuple(e for e in lexicon.entries if e.category != category_id)
    categories = tuple(c for c in lexicon.categories if c.id != category_id)
    return Lexicon(entries=kept, categories=categories), len(lexicon.entries) - len(kept)


def file_kind(text: str) -> str | None:
    """Return "terms" or "categories" from a CSV file's header line, or None."""
    first = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))), None) or []
    header = tuple(cell.strip().lower() for cell in first)
    if header == TERMS_HEADER:
        return "terms"
    if header == CATEGORIES_HEADER:
        return "categories"
    return None


def decode_upload(name: str, data: bytes) -> str:
    """Return an uploaded CSV file's text.

    Raises:
        LexiconError: If the file is empty, too large or not UTF-8 text.
    """
    if not data.strip():
        raise LexiconError(f"{name}: the file is empty.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise LexiconError(f"{name}: the file is larger than {MAX_UPLOAD_BYTES // 1_000_000} MB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LexiconError(
            f"{name}: not UTF-8 text (byte {error.start + 1}). Save it from the spreadsheet "
            "as “CSV UTF-8”."
        ) from error
    if "\x00" in text:
        raise LexiconError(f"{name}: this is not a text file.")
    return text


def import_files(lexicon: Lexicon, files: Sequence[tuple[str, bytes]]) -> Lexicon:
    """Return the word list read from uploaded files: a terms file, a categories file or both.

    A terms file alone keeps the current categories; a categories file alone keeps the current
    entries (each must still name one of the categories).

    Args:
        lexicon: The current list.
        files: ``(file name, content)`` pairs.

    Raises:
        LexiconError: The message starts with the file's name and says what is wrong.
    """
    if not files:
        raise LexiconError("Choose a terms file, a categories file or both.")
    found: dict[str, tuple[str, str]] = {}
    for name, data in files:
        text = decode_upload(name, data)
        kind = file_kind(text)
        if kind is None:
            raise LexiconError(
                f"{name}: the first line must be {','.join(TERMS_HEADER)} (a terms file) or "
                f"{','.join(CATEGORIES_HEADER)} (a categories file)."
            )
        if kind in found:
            raise LexiconError(f"{name} and {found[kind][0]} are both {kind} files: choose one.")
        found[kind] = (name, text)
    terms_name, terms_text = found.get("terms", ("the current list", terms_csv(lexicon)))
    categories_name, categories_text = found.get(
        "categories", ("the current categories", categories_csv(lexicon))
    )
    try:
        categories = parse_categories(categories_text)
    except LexiconError as error:
        raise LexiconError(f"{categories_name}: {error}") from error
    try:
        return parse_lexicon(terms_text, categories_csv(Lexicon((), categories)))
    except LexiconError as error:
        raise LexiconError(f"{terms_name}: {error}") from error


def entry_for_hit(hit: LoadedHit, lexicon: Lexicon) -> LexiconEntry | None:
    """Return the word-list entry that flagged a hit (the first that fits it), or None."""
    for entry in lexicon.entries:
        if (
            entry.category == hit.category
            and entry.display_term == hit.term
            and entry.source == hit.source
        ):
            return entry
    return None


def flagged_frame(
    articles: Sequence[ArticleAnalysis], lexicon: Lexicon, names: Mapping[str, str]
) -> pd.DataFrame:
    """Return one row per flagged word: the article, the words, the entry that flagged them."""
    categories = {c.id: c.name for c in lexicon.categories}
    rows = []
    for article in articles:
        for hit in article.loaded:
            entry = entry_for_hit(hit, lexicon)
            rows.append(
                {
                    COL_ARTICLE: names.get(article.meta.id, article.meta.id),
                    COL_WORDS: " ".join((hit.text or article.text[hit.start : hit.end]).split()),
                    COL_ENTRY: entry.term if entry else hit.term,
                    COL_CATEGORY: categories.get(hit.category, hit.category),
                    COL_SOURCE: hit.source,
                    COL_VOICE: "a quotation" if hit.voice == "quote" else "the outlet's own",
                }
            )
    columns = [COL_ARTICLE, COL_WORDS, COL_ENTRY, COL_CATEGORY, COL_SOURCE, COL_VOICE]
    return pd.DataFrame(rows, columns=columns)


def flagging_entries(articles: Sequence[ArticleAnalysis], lexicon: Lexicon) -> list[LexiconEntry]:
    """Return the distinct entries that flagged a word in these articles, in text order."""
    found: dict[str, LexiconEntry] = {}
    for article in articles:
        for hit in article.loaded:
            entry = entry_for_hit(hit, lexicon)
            if entry is not None:
                found.setdefault(entry.term, entry)
    return list(found.values())


def entries_frame(lexicon: Lexicon) -> pd.DataFrame:
    """Return the word list as a table: term, category, alternative, note, source."""
    categories = {c.id: c.name for c in lexicon.categories}
    rows = [
        {
            COL_TERM: e.term,
            COL_CATEGORY: categories.get(e.category, e.category),
            COL_ALTERNATIVE: e.alternative,
            COL_NOTE: e.note,
            COL_SOURCE: e.source,
        }
        for e in lexicon.entries
    ]
    columns = [COL_TERM, COL_CATEGORY, COL_ALTERNATIVE, COL_NOTE, COL_SOURCE]
    return pd.DataFrame(rows, columns=columns)


def categories_frame(lexicon: Lexicon) -> pd.DataFrame:
    """Return the categories with how many entries each has."""
    counts: dict[str, int] = {}
    for entry in lexicon.entries:
        counts[entry.category] = counts.get(entry.category, 0) + 1
    return pd.DataFrame(
        [
            {
                "Category": c.name,
                "Id": c.id,
                "Entries": counts.get(c.id, 0),
                "What it is": c.description,
            }
            for c in lexicon.categories
        ],
        columns=["Category", "Id", "Entries", "What it is"],
    )


def entry_label(entry: LexiconEntry, category_names: Mapping[str, str]) -> str:
    """Return how an entry is offered in a list: term · category."""
    return f"{entry.term} · {category_names.get(entry.category, entry.category)}"


def message_html(text: str, level: str = "info") -> str:
    """Return a message as escaped HTML (the text may quote what a teacher typed)."""
    css = {"error": "cl-lx-error", "ok": "cl-lx-ok", "info": "cl-lx-info"}[level]
    role = ' role="alert"' if level == "error" else ' role="status"'
    return f'<div class="{css}"{role}>{html.escape(text)}</div>'


EDITOR_CSS = (
    "<style>"
    ".cl-lx-error,.cl-lx-ok,.cl-lx-info{font-size:1.05rem;padding:.5em .8em;border-radius:4px;"
    "margin:.3em 0;color:#111;}"
    ".cl-lx-error{background:#FBE3DA;border-left:6px solid #A63F00;}"
    ".cl-lx-ok{background:#DDF2EA;border-left:6px solid #00684A;}"
    ".cl-lx-info{background:#E3F0F8;border-left:6px solid #005A8C;}"
    "</style>"
)


# --- the page ------------------------------------------------------------------------------------

PAGE_TITLE = "Word list"
URL_PATH = "words"
KEY_MESSAGE = "lexicon_message"
"""``st.session_state`` key of the last action's message ``(level, text)``."""
FORM_ADD_TERM = "lexicon_add_term"
WIDGET_TERM = "lexicon_term"
WIDGET_TERM_CATEGORY = "lexicon_term_category"
WIDGET_ALTERNATIVE = "lexicon_alternative"
WIDGET_NOTE = "lexicon_note"
WIDGET_REMOVE_FLAGGING = "lexicon_remove_flagging"
WIDGET_REMOVE_ANY = "lexicon_remove_any"
KEY_REMOVE_FLAGGING = "lexicon_remove_flagging_button"
KEY_REMOVE_ANY = "lexicon_remove_any_button"
FORM_ADD_CATEGORY = "lexicon_add_category"
WIDGET_CATEGORY_NAME = "lexicon_category_name"
WIDGET_CATEGORY_DESCRIPTION = "lexicon_category_description"
WIDGET_REMOVE_CATEGORY = "lexicon_remove_category"
KEY_REMOVE_CATEGORY = "lexicon_remove_category_button"
WIDGET_UPLOAD = "lexicon_upload"
"""Prefix of the uploader's key; the key changes after each import, which empties it."""
KEY_UPLOAD_ROUND = "lexicon_upload_round"
KEY_IMPORT = "lexicon_import"
KEY_RESET = "lexicon_reset"
KEY_FLAGGED_TABLE = "lexicon_flagged_table"
KEY_ENTRIES_TABLE = "lexicon_entries_table"
TABLE_HEIGHT_PX = 380


def _say(level: str, text: str) -> None:
    st.session_state[KEY_MESSAGE] = (level, text)


def _apply(change: Callable[[Lexicon], Lexicon], success: str) -> None:
    """Apply a change to the session's word list, or keep the list and report the problem."""
    try:
        set_session_lexicon(change(session_lexicon()))
    except LexiconError as error:
        _say("error", str(error))
        return
    _say("ok", success)


def _on_add_term() -> None:
    term = st.session_state.get(WIDGET_TERM, "")
    _apply(
        lambda lx: add_term(
            lx,
            term,
            st.session_state.get(WIDGET_TERM_CATEGORY) or "",
            st.session_state.get(WIDGET_ALTERNATIVE, ""),
            st.session_state.get(WIDGET_NOTE, ""),
        ),
        f"Added “{' '.join(term.split())}”. Every page now uses it.",
    )


def _on_remove(widget: str) -> None:
    chosen = list(st.session_state.get(widget) or [])
    if not chosen:
        _say("error", "Choose the entries to remove first.")
        return
    _apply(
        lambda lx: remove_terms(lx, chosen),
        f"Removed {len(chosen)} entr{'y' if len(chosen) == 1 else 'ies'}: "
        + ", ".join(f"“{t}”" for t in chosen[:8])
        + ("…" if len(chosen) > 8 else ""),
    )
    st.session_state[widget] = []


def _on_add_category() -> None:
    name = st.session_state.get(WIDGET_CATEGORY_NAME, "")
    _apply(
        lambda lx: add_category(lx, name, st.session_state.get(WIDGET_CATEGORY_DESCRIPTION, "")),
        f"Added the category “{' '.join(name.split())}”.",
    )


def _on_remove_category() -> None:
    category_id = st.session_state.get(WIDGET_REMOVE_CATEGORY)
    if not category_id:
        _say("error", "Choose the category to remove first.")
        return
    try:
        lexicon, removed = remove_category(session_lexicon(), category_id)
    except LexiconError as error:
        _say("error", str(error))
        return
    set_session_lexicon(lexicon)
    _say("ok", f"Removed the category {category_id!r} and its {removed} entries.")


def _upload_key() -> str:
    """Return the uploader's current key (see :data:`WIDGET_UPLOAD`)."""
    return f"{WIDGET_UPLOAD}_{st.session_state.get(KEY_UPLOAD_ROUND, 0)}"


def _on_import() -> None:
    files = st.session_state.get(_upload_key()) or []
    uploaded = [(f.name, f.getvalue()) for f in files]
    st.session_state[KEY_UPLOAD_ROUND] = st.session_state.get(KEY_UPLOAD_ROUND, 0) + 1
    _apply(
        lambda lx: import_files(lx, uploaded),
        "Loaded " + " and ".join(name for name, _ in uploaded) + ".",
    )


def _on_reset() -> None:
    set_session_lexicon(default_lexicon())
    _say("ok", "Back to the shipped word list.")


def render() -> None:
    """Draw the word-list page: which entry flagged each word, edit, export and import."""
    shown = sidebar_story_choice()
    st.html(EDITOR_CSS)
    st.html('<h1 class="cl-title">Word list</h1>')
    st.html(
        message_html(
            "The loaded-word list used by every page in this browser tab (Compare coverage, "
            "Across the articles, Lesson, Glossary, Methods). Changes last until you close the "
            "tab: nothing is saved on the server. Download the list to keep it, and upload it "
            "next lesson." + (" You are using an edited list." if lexicon_is_edited() else ""),
            "info",
        )
    )
    message = st.session_state.pop(KEY_MESSAGE, None)
    if message:
        st.html(message_html(message[1], message[0]))
    lexicon = session_lexicon()
    categories = session_category_names()
    articles = lesson_articles(shown)
    names = article_display_names(articles)

    st.header("Which entry flagged each word")
    st.html(
        '<p class="cl-caption">'
        + html.escape(f"In “{shown.title}”: every flagged word and the entry that flagged it.")
        + "</p>"
    )
    st.dataframe(
        flagged_frame(articles, lexicon, names),
        hide_index=True,
        width="stretch",
        height=TABLE_HEIGHT_PX,
        key=KEY_FLAGGED_TABLE,
    )
    flagging = flagging_entries(articles, lexicon)
    st.multiselect(
        "Entries that flagged words here",
        options=[e.term for e in flagging],
        format_func=lambda t, by={e.term: e for e in flagging}: entry_label(by[t], categories),
        key=WIDGET_REMOVE_FLAGGING,
        placeholder="Choose entries you disagree with",
    )
    st.button(
        "Remove these entries for this session",
        key=KEY_REMOVE_FLAGGING,
        on_click=_on_remove,
        args=(WIDGET_REMOVE_FLAGGING,),
        icon=":material/remove_circle:",
    )

    st.header("Add a word or phrase")
    with st.form(FORM_ADD_TERM, clear_on_submit=False, enter_to_submit=False):
        left, right = st.columns(2)
        left.text_input(
            "Word or phrase",
            key=WIDGET_TERM,
            help="Forms such as -s, -ed and -ing are found too. Write `raise * eyebrows` for a "
            "gap of up to two small words. The Methods page explains the rules.",
        )
        right.selectbox(
            "Category",
            options=list(categories),
            format_func=categories.get,
            key=WIDGET_TERM_CATEGORY,
        )
        left.text_input("Neutral alternative (optional)", key=WIDGET_ALTERNATIVE)
        right.text_input("Why it is loaded (optional)", key=WIDGET_NOTE)
        st.form_submit_button("Add to the list", on_click=_on_add_term, icon=":material/add:")

    st.header("Remove any entry")
    st.multiselect(
        f"All {len(lexicon.entries)} entries",
        options=[e.term for e in lexicon.entries],
        format_func=lambda t, by={e.term: e for e in lexicon.entries}: entry_label(
            by[t], categories
        ),
        key=WIDGET_REMOVE_ANY,
        placeholder="Type to find an entry",
    )
    st.button(
        "Remove the chosen entries",
        key=KEY_REMOVE_ANY,
        on_click=_on_remove,
        args=(WIDGET_REMOVE_ANY,),
        icon=":material/remove_circle:",
    )
    with st.expander("See the whole list"):
        st.dataframe(
            entries_frame(lexicon), hide_index=True, width="stretch", key=KEY_ENTRIES_TABLE
        )

    st.header("Categories")
    st.table(categories_frame(lexicon).set_index("Category"))
    with st.form(FORM_ADD_CATEGORY, enter_to_submit=False):
        st.text_input("Name of a new category", key=WIDGET_CATEGORY_NAME)
        st.text_input("What it is, in one sentence", key=WIDGET_CATEGORY_DESCRIPTION)
        st.form_submit_button("Add the category", on_click=_on_add_category, icon=":material/add:")
    st.selectbox(
        "Category to remove (with its entries)",
        options=list(categories),
        format_func=categories.get,
        index=None,
        key=WIDGET_REMOVE_CATEGORY,
    )
    st.button(
        "Remove the category",
        key=KEY_REMOVE_CATEGORY,
        on_click=_on_remove_category,
        icon=":material/delete:",
    )

    st.header("Export and import")
    left, right = st.columns(2)
    left.download_button(
        "Download the word list (CSV)",
        data=terms_csv(lexicon),
        file_name=TERMS_FILE_NAME,
        mime="text/csv",
        icon=":material/download:",
    )
    right.download_button(
        "Download the categories (CSV)",
        data=categories_csv(lexicon),
        file_name=CATEGORIES_FILE_NAME,
        mime="text/csv",
        icon=":material/download:",
    )
    st.file_uploader(
        "Upload a word list, a categories file or both (CSV, UTF-8)",
        type=["csv"],
        accept_multiple_files=True,
        key=_upload_key(),
        max_upload_size=max(1, MAX_UPLOAD_BYTES // 1_000_000),
    )
    st.button(
        "Use the uploaded files", key=KEY_IMPORT, on_click=_on_import, icon=":material/upload:"
    )
    st.button(
        "Go back to the shipped word list",
        key=KEY_RESET,
        on_click=_on_reset,
        icon=":material/restart_alt:",
        disabled=not lexicon_is_edited(),
    )
