"""The one canonical selection: what the user clicked, shared by every chart, text and table.

A chart point carries ``customdata = [kind, value, article_id]`` (see :func:`point_customdata`),
so one parser turns a click on any chart into a :class:`Selection`. The selection round-trips
through the URL's query parameters so a teacher can share a link to exactly one view.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

SelectionKind = Literal["article", "metric", "category", "sentence", "speaker"]
SELECTION_KINDS: frozenset[str] = frozenset(get_args(SelectionKind))

PARAM_KIND = "sel"
PARAM_VALUE = "sel_value"
PARAM_ARTICLE = "sel_article"
SELECTION_PARAMS: tuple[str, ...] = (PARAM_KIND, PARAM_VALUE, PARAM_ARTICLE)
"""Query-parameter names that hold the selection in the URL."""

NO_SPEAKER = "(unnamed)"
"""Speaker value of quotes whose speaker the analysis could not name."""

_MAX_PARAM_CHARS = 200


@dataclass(frozen=True)
class Selection:
    """What the user selected.

    Attributes:
        kind: What was clicked: an article, one article's metric, a loaded-word category, a
            sentence or a speaker.
        value: The metric key, category id, sentence index (as text) or speaker name; empty
            for an article.
        article_id: The article the selection is limited to, or None for every article.
    """

    kind: SelectionKind
    value: str = ""
    article_id: str | None = None

    def sentence_index(self) -> int | None:
        """Return the selected sentence's index, or None when this is not a sentence selection."""
        if self.kind != "sentence":
            return None
        try:
            return int(self.value)
        except ValueError:
            return None


def point_customdata(kind: SelectionKind, value: str | int, article_id: str | None) -> list[str]:
    """Return the ``customdata`` a chart point carries so a click on it becomes a selection."""
    return [kind, str(value), article_id or ""]


def selection_from_customdata(customdata: Sequence[Any] | None) -> Selection | None:
    """Return the selection a clicked point stands for, or None when it carries none.

    Args:
        customdata: The point's ``customdata`` as Streamlit reports it.
    """
    if not customdata or len(customdata) < 3:
        return None
    kind, value, article_id = (str(item) for item in customdata[:3])
    if kind not in SELECTION_KINDS:
        return None
    return Selection(kind=kind, value=value, article_id=article_id or None)  # type: ignore[arg-type]


def selection_from_chart_event(event: Mapping[str, Any] | None) -> Selection | None:
    """Return the selection of the first clicked point in a plotly chart event.

    Args:
        event: The chart's state as ``st.session_state[chart_key]`` holds it.

    Returns:
        The selection, or None when the event selects nothing (a reset, or a click on empty space).
    """
    if not event:
        return None
    selection = event.get("selection") or {}
    for point in selection.get("points") or ():
        chosen = selection_from_customdata(point.get("customdata"))
        if chosen is not None:
            return chosen
    return None


def query_params_from_selection(selection: Selection | None) -> dict[str, str]:
    """Return the query parameters that encode ``selection`` (empty for no selection)."""
    if selection is None:
        return {}
    params = {PARAM_KIND: selection.kind}
    if selection.value:
        params[PARAM_VALUE] = selection.value
    if selection.article_id:
        params[PARAM_ARTICLE] = selection.article_id
    return params


def selection_from_query_params(params: Mapping[str, str]) -> Selection | None:
    """Return the selection a shared URL encodes, or None when it encodes none or is malformed."""
    kind = params.get(PARAM_KIND, "")
    if kind not in SELECTION_KINDS:
        return None
    value = str(params.get(PARAM_VALUE, ""))[:_MAX_PARAM_CHARS]
    article_id = str(params.get(PARAM_ARTICLE, ""))[:_MAX_PARAM_CHARS] or None
    if kind in ("article", "metric", "sentence") and article_id is None:
        return None
    return Selection(kind=kind, value=value, article_id=article_id)  # type: ignore[arg-type]


def describe_selection(
    selection: Selection,
    article_names: Mapping[str, str],
    category_names: Mapping[str, str],
    metric_names: Mapping[str, str],
) -> str:
    """Return a one-line plain-language description of the selection, for the banner.

    Args:
        selection: The current selection.
        article_names: Display name per article id.
        category_names: Display name per category id.
        metric_names: Display name per metric key.
    """
    where = (
        f"in {article_names.get(selection.article_id, selection.article_id)}"
        if selection.article_id
        else "in every article"
    )
    match selection.kind:
        case "article":
            return f"Everything flagged {where}"
        case "metric":
            name = metric_names.get(selection.value, selection.value)
            return f"The evidence behind “{name}” {where}"
        case "category":
            name = category_names.get(selection.value, selection.value)
            return f"Loaded words of the category “{name}” {where}"
        case "sentence":
            index = selection.sentence_index()
            number = index + 1 if index is not None else selection.value
            return f"Sentence {number} {where}"
        case "speaker":
            return f"Quotes of {selection.value} {where}"
    return ""
