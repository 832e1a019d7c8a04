"""The shipped event types (data in event_types.toml), read and checked once per
process. What is in force (with the administrators' changes) is event_types.py's."""
from __future__ import annotations

import tomllib
from datetime import date
from importlib.resources import files
from typing import Any

from planner.events.domain import (
    CONDITIONS,
    DEPARTMENTS,
    EventType,
    RelativeDeadline,
    StepTemplate,
    rule_problems,
)
from planner.tasks.domain import CATEGORIES

_TYPE_FIELDS = frozenset({"key", "title", "steps"})
_STEP_FIELDS = frozenset({"key", "title", "legal_basis", "department", "category",
                          "effort_minutes", "deadline", "when", "source", "url", "seen_on"})
_OPTIONAL_STEP_FIELDS = frozenset({"when"})
_DEADLINE_FIELDS = frozenset({"kind", "n", "day", "counts_event_day", "statutory"})


class EventTypesError(ValueError):
    """event_types.toml is not as the loader expects; the message names the place."""


def _fields(raw: Any, expected: frozenset[str], optional: frozenset[str], where: str) -> None:
    if not isinstance(raw, dict):
        raise EventTypesError(f"{where}: expected a table")
    unknown, missing = raw.keys() - expected, expected - optional - raw.keys()
    if unknown or missing:
        raise EventTypesError(f"{where}: unknown fields {sorted(unknown)}, "
                              f"missing fields {sorted(missing)}")


def _text(raw: dict[str, Any], name: str, where: str) -> tuple[str, str]:
    value = raw[name]
    if not isinstance(value, dict) or set(value) != {"ja", "en"} or not all(
            isinstance(text, str) and text.strip() for text in value.values()):
        raise EventTypesError(f"{where}: {name} needs a non-empty ja and en")
    return value["ja"], value["en"]


def _deadline(raw: Any, where: str) -> RelativeDeadline:
    _fields(raw, _DEADLINE_FIELDS, _DEADLINE_FIELDS - {"kind"}, f"{where}, deadline")
    try:
        rule = RelativeDeadline(**raw)
    except TypeError as error:  # pragma: no cover - the field check comes first
        raise EventTypesError(f"{where}, deadline: {error}") from error
    types_ok = (isinstance(rule.kind, str) and type(rule.n) is int
                and (rule.day is None or type(rule.day) is int)
                and isinstance(rule.counts_event_day, bool) and isinstance(rule.statutory, bool))
    problems = rule_problems(rule) if types_ok else ["a field has the wrong type"]
    if problems:
        raise EventTypesError(f"{where}, deadline: {'; '.join(problems)}")
    return rule


def _step(raw: Any, where: str) -> StepTemplate:
    _fields(raw, _STEP_FIELDS, _OPTIONAL_STEP_FIELDS, where)
    title_ja, title_en = _text(raw, "title", where)
    basis_ja, basis_en = _text(raw, "legal_basis", where)
    if raw["department"] not in DEPARTMENTS:
        raise EventTypesError(f"{where}: department {raw['department']!r} is not one of "
                              f"{', '.join(DEPARTMENTS)}")
    if raw["category"] not in CATEGORIES:
        raise EventTypesError(f"{where}: category {raw['category']!r} is not one of "
                              f"{', '.join(CATEGORIES)}")
    if type(raw["effort_minutes"]) is not int or raw["effort_minutes"] < 1:
        raise EventTypesError(f"{where}: effort_minutes must be a whole number from 1")
    if raw.get("when") not in CONDITIONS:
        raise EventTypesError(f"{where}: when {raw['when']!r} is not one of "
                              f"{', '.join(c for c in CONDITIONS if c)}")
    if not isinstance(raw["source"], str) or not raw["source"].strip():
        raise EventTypesError(f"{where}: source must say where the deadline comes from "
                              "(or that no authority page was found)")
    if not isinstance(raw["url"], str) or (raw["url"] and not raw["url"].startswith(
            ("https://", "http://"))):
        raise EventTypesError(f"{where}: url must be an http(s) address or empty")
    if type(raw["seen_on"]) is not date:
        raise EventTypesError(f"{where}: seen_on must be a date (YYYY-MM-DD)")
    return StepTemplate(
        key=raw["key"], title_ja=title_ja, title_en=title_en, legal_basis_ja=basis_ja,
        legal_basis_en=basis_en, department=raw["department"], category=raw["category"],
        effort_minutes=raw["effort_minutes"], deadline=_deadline(raw["deadline"], where),
        when=raw.get("when"), source=raw["source"].strip(), url=raw["url"],
        seen_on=raw["seen_on"])


def _event_type(raw: Any, index: int) -> EventType:
    name = raw.get("key", index + 1) if isinstance(raw, dict) else index + 1
    where = f"event_types.toml, type {name!r}"
    # Steps are checked below, so that a type without any says so in those words.
    _fields(raw, _TYPE_FIELDS, frozenset({"steps"}), where)
    title_ja, title_en = _text(raw, "title", where)
    if not isinstance(raw.get("steps"), list) or not raw["steps"]:
        raise EventTypesError(f"{where}: an event type needs at least one step")
    steps = tuple(
        _step(step, f"{where}, step {step.get('key') if isinstance(step, dict) else None!r}")
        for step in raw["steps"])
    keys = [step.key for step in steps]
    if len(set(keys)) != len(keys):
        raise EventTypesError(f"{where}: step keys repeat ({', '.join(keys)})")
    return EventType(key=raw["key"], title_ja=title_ja, title_en=title_en, steps=steps)


def load(text: str) -> list[EventType]:
    """The event types of an event_types.toml text, in file order; an EventTypesError
    naming the type and the step for anything the app could not use."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise EventTypesError(f"event_types.toml: {error}") from error
    if set(raw) != {"types"} or not isinstance(raw["types"], list):
        raise EventTypesError("event_types.toml: expected only [[types]] tables")
    found = [_event_type(entry, index) for index, entry in enumerate(raw["types"])]
    keys = [event_type.key for event_type in found]
    if len(set(keys)) != len(keys):
        raise EventTypesError(f"event_types.toml: event type keys repeat ({', '.join(keys)})")
    return found


# Read once per process, at import: a broken file stops the app at start-up.
_TYPES: list[EventType] = load(
    files("planner.events").joinpath("event_types.toml").read_text(encoding="utf-8"))
_BY_KEY = {event_type.key: event_type for event_type in _TYPES}


def shipped_types() -> list[EventType]:
    return list(_TYPES)


def shipped_type(key: str) -> EventType | None:
    return _BY_KEY.get(key)
