"""The catalogue of statutory deadlines (data in catalogue_data) as task templates."""
from __future__ import annotations

from typing import Any

from planner.people.models.department import Department
from planner.tasks.catalogue_data import ENTRIES

_BY_KEY = {entry["key"]: entry for entry in ENTRIES}


def entries(language: str) -> list[dict[str, Any]]:
    """The catalogue in one language, grouped order kept."""
    return [
        {**entry, "title": entry["title"][language],
         "legal_basis": entry["legal_basis"][language],
         "description": entry["description"][language]}
        for entry in ENTRIES
    ]


def task_values(key: str, language: str, departments: list[Department]) -> dict[str, Any] | None:
    """TaskForm values for a new task from a catalogue entry, or None if unknown."""
    entry = _BY_KEY.get(key)
    if entry is None:
        return None
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
    }
