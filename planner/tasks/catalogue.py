"""The catalogue of statutory deadlines (data in catalogue.toml) as task templates."""
from __future__ import annotations

import tomllib
from importlib.resources import files
from typing import Any

from planner.people.models.department import Department
from planner.tasks.domain import review_by_default

# Every entry's fields, in this order; the file leaves out schedule fields its preset does not
# use (TOML has no null), and they read as None.
FIELDS: tuple[str, ...] = (
    "key", "title", "legal_basis", "description", "category", "criticality", "department",
    "effort_minutes", "preset", "day", "month", "weekday", "business_day", "rrule", "shift",
    "lead_days", "source", "applies_when", "fiscal", "deadline_basis", "per_event", "price_item",
    "event_step",
)
_OPTIONAL = frozenset({"day", "month", "weekday", "business_day", "rrule", "source",
                       "applies_when", "fiscal", "deadline_basis", "per_event", "price_item",
                       "event_step"})
# Most of the catalogue is law; the few company targets say "internal".
_DEFAULTS = {"source": "", "deadline_basis": "statutory"}


def _entry(raw: dict[str, Any]) -> dict[str, Any]:
    """One entry with all its fields; a misspelt or missing key in the hand-edited file
    fails here, at import, rather than as a blank field in the task form."""
    unknown, missing = raw.keys() - set(FIELDS), set(FIELDS) - _OPTIONAL - raw.keys()
    if unknown or missing:
        raise ValueError(f"catalogue.toml, {raw.get('key')!r}: unknown fields "
                         f"{sorted(unknown)}, missing fields {sorted(missing)}")
    return {name: raw.get(name, _DEFAULTS.get(name)) for name in FIELDS}


def load(text: str) -> list[dict[str, Any]]:
    """The catalogue entries of a catalogue.toml text, in file order."""
    return [_entry(raw) for raw in tomllib.loads(text)["entries"]]


# Parsed once, at import: a few milliseconds, and every catalogue page needs it.
ENTRIES: list[dict[str, Any]] = load(
    files("planner.tasks").joinpath("catalogue.toml").read_text(encoding="utf-8"))
_BY_KEY = {entry["key"]: entry for entry in ENTRIES}


def entries(language: str) -> list[dict[str, Any]]:
    """The catalogue in one language, grouped order kept."""
    return [
        {**entry, "title": entry["title"][language],
         "legal_basis": entry["legal_basis"][language],
         "description": entry["description"][language]}
        for entry in ENTRIES
    ]


def get(key: str) -> dict[str, Any] | None:
    return _BY_KEY.get(key)


def price_item(key: str) -> str | None:
    """The price-book item an entry's outsourcing is priced with, or None (none fits, or no
    such entry): the estimate then falls back on the category's default item."""
    entry = _BY_KEY.get(key)
    return entry["price_item"] if entry else None


def task_values(key: str, language: str, departments: list[Department],
                schedule: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """TaskForm values for a new task from a catalogue entry, or None if unknown.
    `schedule` replaces the entry's schedule fields (the company's fiscal year)."""
    entry = _BY_KEY.get(key)
    if entry is None:
        return None
    entry = {**entry, **(schedule or {})}
    department = next((d for d in departments if d.code == entry["department"]), None)
    return {
        "title": entry["title"][language],
        "legal_basis": entry["legal_basis"][language],
        "category": entry["category"],
        "criticality": entry["criticality"],
        "effort_minutes": entry["effort_minutes"],
        "department_id": department.id if department else None,
        "procedure": entry["description"][language],
        "preset": entry["preset"],
        "day": entry["day"],
        "weekday": entry["weekday"],
        "month": entry["month"],
        "business_day": entry["business_day"],
        "rrule": entry["rrule"],
        "shift": entry["shift"],
        "lead_days": entry["lead_days"],
        "deadline_basis": entry["deadline_basis"],
        "review_required": review_by_default(entry["category"], entry["criticality"]),
    }
