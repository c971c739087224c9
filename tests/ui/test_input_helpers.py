"""Pure helpers of the "Your articles" page and the story source, tested without a browser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.bundle import bundle_from_bytes, bundle_to_bytes
from analysis.corpus import MAX_ARTICLE_CHARS, InputError
from analysis.ingest import (
    MAX_ARTICLES,
    MAX_UPLOAD_BYTES,
    IngestResult,
    article_from_paste,
)
from analysis.model import Article, ArticleMeta
from ui.input_page import (
    DraftArticle,
    Message,
    draft_fingerprint,
    draft_story,
    draft_warnings,
    entries_from_story,
    entry_html,
    limits_text,
    message_html,
    new_draft_article,
    paste_article_id,
    room_error,
    text_notes_html,
)
from ui.selection import Selection
from ui.story_source import (
    KEY_SHOW_HARD,
    KEY_SHOW_LOADED,
    KEY_SHOW_QUOTES,
    KEY_SHOW_TONE,
    OWN_STORY_ID,
    choice_from_query_params,
    own_story_label,
    pick,
    query_params_from_choice,
    settings_from_state,
    state_from_settings,
    valid_article_ids,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
PASTED = (FIXTURES / "pasted.txt").read_text(encoding="utf-8")
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="alert(1)"> *bold* :red[x]'


def _entry(uid: int, body: str = PASTED, outlet: str = "Gazette") -> DraftArticle:
    result = article_from_paste(body, outlet=outlet, article_id=paste_article_id(outlet))
    entry, _ = new_draft_article([], result, "pasted text", uid)
    return entry


def test_limits_text_states_every_limit() -> None:
    text = limits_text()
    assert f"{MAX_ARTICLES} articles" in text
    assert f"{MAX_ARTICLE_CHARS:,} characters" in text
    assert f"{MAX_UPLOAD_BYTES // 1_000_000} MB" in text
    assert ".docx" in text and ".pdf" in text


def test_room_error_only_when_the_list_is_full() -> None:
    assert room_error(MAX_ARTICLES - 1) == ""
    message = room_error(MAX_ARTICLES)
    assert f"limit of {MAX_ARTICLES}" in message and "remove one" in message


def test_a_pasted_article_without_outlet_is_numbered_not_called_pasted() -> None:
    first, _ = new_draft_article([], article_from_paste(PASTED), "pasted text", 0)
    second, message = new_draft_article([first], article_from_paste(PASTED + " More."), "x", 1)
    assert first.article.meta.id == "article-1"
    assert second.article.meta.id == "article-2"
    assert message.level == "ok" and message.text.startswith("Added")


def test_a_repeated_text_is_added_with_a_warning() -> None:
    first = _entry(0)
    second, message = new_draft_article([first], article_from_paste(PASTED), "pasted text", 1)
    assert "same as" in second.warnings[0]
    assert any("same as" in d for d in message.details)


def test_short_and_foreign_texts_get_visible_warnings() -> None:
    short = draft_warnings(Article(meta=ArticleMeta(id="a"), body="Too short. Only a few words."))
    assert any("Only 6 words" in w for w in short)
    german = " ".join(["Der Hund und die Katze sind nicht im Haus, sagte er."] * 20)
    assert any(
        "English" in w for w in draft_warnings(Article(meta=ArticleMeta(id="b"), body=german))
    )


def test_draft_story_copies_and_makes_ids_unique() -> None:
    entries = [_entry(0), _entry(1)]
    story, notices = draft_story(entries, "  ")
    assert story.title == "Your articles"
    assert [a.meta.id for a in story.articles] == ["gazette", "gazette-2"]
    assert entries[1].article.meta.id == "gazette", "the list keeps its own articles"
    assert set(notices) == {"gazette", "gazette-2"}


@pytest.mark.parametrize("count", [0, 1])
def test_draft_story_needs_two_articles(count: int) -> None:
    with pytest.raises(InputError, match="at least 2"):
        draft_story([_entry(n) for n in range(count)], "")


def test_fingerprint_changes_with_the_list_and_the_title() -> None:
    entries = [_entry(0), _entry(1)]
    same = draft_fingerprint(entries, "")
    assert same == draft_fingerprint(entries, "Your articles")
    assert same != draft_fingerprint(entries[:1], "")
    assert same != draft_fingerprint(entries, "Other")


def test_messages_and_entries_are_escaped_html() -> None:
    message = Message("error", HOSTILE, (HOSTILE,))
    out = message_html(message)
    assert "<script" not in out and "<img" not in out
    assert out.count("&lt;script&gt;window.__pwned=1&lt;/script&gt;") == 2
    assert 'role="alert"' in out
    entry = _entry(0, outlet=HOSTILE)
    entry.notices.append(HOSTILE)
    out = entry_html(1, entry)
    assert "<script" not in out and "<img" not in out and "&lt;img src=x" in out


def test_text_notes_list_warnings_and_notices_escaped(article_factory) -> None:
    article = article_factory(outlet=HOSTILE)
    names = {"a": HOSTILE}
    out = text_notes_html([article], names, {"a": ["3 invisible control characters removed."]})
    assert "cl-warning" in out and "control characters removed" in out
    assert "<script" not in out
    article.warnings = []
    assert text_notes_html([article], names, None) == ""


def test_entries_from_a_reopened_story_are_copies(tmp_path: Path) -> None:
    bundle = bundle_from_bytes((FIXTURES / "saved-comparison.json").read_bytes())
    entries = entries_from_story(bundle.story, 10, "saved.json")
    assert [e.uid for e in entries] == list(range(10, 10 + len(bundle.story.articles)))
    entries[0].article.meta.id = "changed"
    assert bundle.story.articles[0].meta.id != "changed"


def test_valid_article_ids() -> None:
    available = ["a", "b", "c"]
    assert valid_article_ids(["c", "a", "c", "zz"], available) == ["c", "a"]
    assert valid_article_ids(["zz"], available) == ["a", "b", "c"]
    assert valid_article_ids(None, available) == ["a", "b", "c"]
    many = [str(n) for n in range(10)]
    assert len(valid_article_ids(many, many)) == MAX_ARTICLES


def test_pick_keeps_the_requested_order(two_articles) -> None:
    assert [a.meta.id for a in pick(two_articles, ["b", "x", "a"])] == ["b", "a"]


def test_own_story_label() -> None:
    assert own_story_label("Your articles") == "Your articles"
    assert own_story_label("Floods") == "Your articles: Floods"
    assert OWN_STORY_ID.startswith("~")


def test_view_settings_round_trip_through_a_saved_file() -> None:
    state = {KEY_SHOW_LOADED: False, KEY_SHOW_HARD: True}
    settings = settings_from_state(["b", "a"], Selection("speaker", "Mayor", "a"), state)
    assert settings["highlights"] == {
        "loaded": False,
        "quotes": True,
        "hard_sentences": True,
        "tone_words": False,
    }
    story, _ = draft_story([_entry(0), _entry(1)], "Sea wall")
    data = bundle_to_bytes(story, settings, "v1")
    loaded = bundle_from_bytes(data).settings
    ids, selection, switches = state_from_settings(loaded, ["a", "b"])
    assert ids == ["b", "a"]
    assert selection == Selection("speaker", "Mayor", "a")
    assert switches == {
        KEY_SHOW_LOADED: False,
        KEY_SHOW_QUOTES: True,
        KEY_SHOW_HARD: True,
        KEY_SHOW_TONE: False,
    }


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"articles": "a", "selection": [1, 2], "highlights": None},
        {"articles": [1, None, "zz"], "selection": {"sel": 5}, "highlights": {"loaded": "yes"}},
        {"selection": {"sel": "sentence", "sel_value": "3", "sel_article": "not-shown"}},
        json.loads('{"selection": {"sel": "<script>", "sel_value": "x"}}'),
    ],
)
def test_malformed_saved_settings_fall_back_to_defaults(settings: dict) -> None:
    ids, selection, switches = state_from_settings(settings, ["a", "b"])
    assert ids == ["a", "b"]
    assert selection is None
    assert switches[KEY_SHOW_LOADED] is True and switches[KEY_SHOW_HARD] is False


def test_ingest_result_notices_become_entry_notices() -> None:
    result = IngestResult(Article(meta=ArticleMeta(id="x"), body=PASTED), ["2 NUL characters"])
    entry, message = new_draft_article([], result, "file.txt", 3)
    assert entry.notices == ["2 NUL characters"] and "2 NUL characters" in message.details


def test_a_shared_link_names_a_bundled_story_never_an_own_one() -> None:
    options = {"a-story": "A", "b-story": "B", OWN_STORY_ID: "Your articles"}
    assert choice_from_query_params("b-story", ["x", "y"], options) == ("b-story", ["x", "y"])
    assert choice_from_query_params(OWN_STORY_ID, [], options) == (None, None)
    assert choice_from_query_params("gone", [""], options) == (None, None)
    many = [str(n) for n in range(10)]
    assert choice_from_query_params(None, many, options)[1] == many[:MAX_ARTICLES]


def test_the_url_carries_only_what_differs_from_the_defaults() -> None:
    assert query_params_from_choice("a", ["x", "y"], "a", ["x", "y"]) == {}
    assert query_params_from_choice("b", ["x", "y"], "a", ["x", "y"]) == {"story": "b"}
    assert query_params_from_choice("a", ["y"], "a", ["x", "y"]) == {"articles": ["y"]}
    assert query_params_from_choice(OWN_STORY_ID, ["p"], "a", ["p", "q"]) == {}


def test_story_notices_are_listed_once(article_factory) -> None:
    articles = [article_factory(), article_factory(article_id="b", outlet="B")]
    out = text_notes_html(articles, {"a": "A", "b": "B"}, None, ["Saved with lexicon x."] * 2)
    assert out.count("Saved with lexicon x.") == 1
