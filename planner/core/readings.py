"""The columns a reading (フリガナ) brings to a model: its 五十音 sort key and
a folded search text, kept in step with the name and the reading on every
flush, whoever wrote them (a form, the API, an import, another feature)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from planner.core.kana import (
    KEY_LENGTH,
    gojuon_key,
    normalise_for_search,
    search_text,
    suggest_reading,
)

# Derived from other columns: the audit log shows the reading, not these.
DERIVED = frozenset({"reading_key", "search_text"})


class ReadingColumns:
    """Mixed into a model: `reading_key` orders it by 五十音, `search_text`
    finds it by kanji, hiragana, katakana or half-width kana."""

    reading_key: Mapped[str] = mapped_column(String(KEY_LENGTH), nullable=False, default="",
                                             server_default="", index=True)
    search_text: Mapped[str] = mapped_column(Text, nullable=False, default="",
                                             server_default="")


# Each model's (name, reading, suggest), as `keep_in_step` was told.
_IN_STEP: dict[type, tuple[str, str, bool]] = {}


def fill_derived(target: Any) -> None:
    """Fill `target`'s reading (when to be suggested), sort key and search text
    from its name now: what the flush does, for a row written without it (in bulk)."""
    name, reading, suggest = _IN_STEP[type(target)]
    text = getattr(target, name) or ""
    if suggest and not getattr(target, reading):
        setattr(target, reading, suggest_reading(text))
    spoken = getattr(target, reading) or suggest_reading(text)
    target.reading_key = gojuon_key(spoken)
    target.search_text = search_text(text, spoken)


def keep_in_step(model: type, name: str, reading: str, suggest: bool = True) -> None:
    """Fill `model`'s derived columns from its `name` and `reading` attributes
    before each insert and update; with `suggest`, an empty reading is given
    the name's suggested one, so rows added by another feature have one too."""
    _IN_STEP[model] = (name, reading, suggest)

    def derive(_mapper: Any, _connection: Any, target: Any) -> None:
        fill_derived(target)

    event.listen(model, "before_insert", derive)
    event.listen(model, "before_update", derive)


def contains(text: str) -> str:
    """A LIKE pattern for `text` anywhere, its own % and _ taken literally (escape "\\")."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_matches(model: type, text: str) -> ColumnElement[bool]:
    """The rows of `model` whose name or reading holds `text`, however its
    kana were typed (hiragana, katakana, half-width) or its kanji."""
    return model.search_text.like(contains(normalise_for_search(text)), escape="\\")
