"""The audit log in words: how an entry is classified and how a recorded value
reads to an auditor (dates, yen, yes/no, labels, names, an empty value as —).

Pure: no Flask, no database. The caller hands over what only it can know —
the translated words, the enumeration labels, the names behind ids — so the
rules here can be unit-tested in either language."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from planner.core.errors import N_, Message

# What an entry is, for the filter: an auditor reads changes people made; the
# scheduler's recalculations and a person's own preferences are shown on request.
CHANGE, AUTOMATIC, PREFERENCE = "change", "automatic", "preference"
KINDS = (CHANGE, AUTOMATIC, PREFERENCE)

# How a recorded value is shown.
TEXT, NUMBER, YEN, DATE, DATETIME, BOOLEAN, CHOICE, REFERENCE, LIST = (
    "text", "number", "yen", "date", "datetime", "boolean", "choice", "reference", "list")

EMPTY = "—"


def classify(action: str, changed: Iterable[str], *, automatic: bool = False,
             preferences: frozenset[str] = frozenset(), derived: frozenset[str] = frozenset(),
             generated: bool = False) -> str:
    """What an entry is. A periodic job's write is automatic; so is a record
    the application generates (an occurrence of a schedule) and an update
    that touched only fields it computes (a due date the calendar moved). An
    update of only a person's own preferences (language, reminders) is a
    preference, not a change to the person's record. Anything else is a change,
    whoever made it (a person, or an operator's command)."""
    if automatic or (action == "create" and generated):
        return AUTOMATIC
    if action != "update":
        return CHANGE
    fields = set(changed)
    if fields and fields <= preferences:
        return PREFERENCE
    if fields and fields <= derived:
        return AUTOMATIC
    return CHANGE


Translate = Callable[[str], str]  # gettext in the reader's language

YES, NO = N_("Yes"), N_("No")
SUMMARY = {
    "create": N_("%(actor)s created %(type)s “%(record)s”."),
    "update": N_("%(actor)s changed %(type)s “%(record)s”."),
    "delete": N_("%(actor)s deleted %(type)s “%(record)s”."),
}


SYSTEM = N_("System")
# The one channel today: the company's directory provisioning through a SCIM
# token (core.audit.set_via holds the token's name).
DIRECTORY = N_("Directory sync (SCIM token “%(name)s”)")


def actor_name(person: str | None, via: str | None, translate: Translate) -> str:
    """Who an entry names: the person who acted; when nobody did, what the
    change came through (the directory's token, by its name); else the
    system itself (a job, a command run as nobody)."""
    if person is not None:
        return person
    if via:
        return Message(DIRECTORY.text, {"name": via}).render(translate)
    return SYSTEM.render(translate)


def summary(action: str, actor: str, record_type: str, record: str) -> Message:
    """The entry in one sentence: who did what to which record."""
    return Message(SUMMARY.get(action, SUMMARY["update"]).text,
                   {"actor": actor, "type": record_type, "record": record})


@dataclass(frozen=True)
class Field:
    """How one audited field reads: its label and the kind of its value."""

    label: str
    kind: str = TEXT
    choices: Mapping[Any, str] | None = None  # value -> translated label, for CHOICE
    names: Mapping[str, str] | None = None  # str(id) -> name, for REFERENCE


def local_datetime(value: datetime, zone: tzinfo, locale: str) -> str:
    """A moment in the organisation's time, to the second: 2026年12月1日 10:00:05,
    Dec 1, 2026 10:00:05."""
    moment = value.astimezone(zone) if value.tzinfo else value
    return f"{long_date(moment.date(), locale)} {format_time(moment, 'HH:mm:ss', locale=locale)}"


def long_date(value: date, locale: str) -> str:
    """2026年12月10日 in Japanese, Dec 10, 2026 in English."""
    return format_date(value, "long" if locale.startswith("ja") else "medium", locale=locale)


def yen(amount: int | float | Decimal) -> str:
    """¥1,234,567; a negative amount as -¥1,000 (the sign before the currency)."""
    number = Decimal(str(amount))
    text = format_decimal(abs(number), "#,##0", locale="en")
    return f"-¥{text}" if number < 0 else f"¥{text}"


def display(value: Any, field: Field, translate: Translate, locale: str, zone: tzinfo) -> str:
    """A recorded value as the reader should see it; anything unrecognised is
    shown as recorded rather than dropped."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, dict) and set(value) <= {"added", "removed"}:
        return _link_changes(value, field, translate, locale, zone)
    if isinstance(value, dict):  # a setting's JSON value, as written
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, list):
        separator = "、" if locale.startswith("ja") else ", "
        return separator.join(display(item, field, translate, locale, zone) for item in value)
    kind = field.kind
    if kind == BOOLEAN or isinstance(value, bool):
        return (YES if value else NO).render(translate)
    if kind == CHOICE and field.choices is not None:
        return str(field.choices.get(value, value))
    if kind == REFERENCE:
        return (field.names or {}).get(str(value), f"#{value}")
    if kind == DATE:
        parsed = _parse_date(value)
        return long_date(parsed, locale) if parsed else str(value)
    if kind == DATETIME:
        moment = _parse_datetime(value)
        return local_datetime(moment, zone, locale) if moment else str(value)
    if kind == YEN and _is_number(value):
        return yen(Decimal(str(value)))
    if kind == NUMBER and _is_number(value):
        return format_decimal(Decimal(str(value)), locale=locale)
    return str(value)


def _link_changes(value: Mapping[str, list], field: Field, translate: Translate,
                  locale: str, zone: tzinfo) -> str:
    """A many-to-many change (a person's departments): what was added and removed."""
    parts = []
    for key, mark in (("added", "+"), ("removed", "−")):
        if value.get(key):
            parts.append(f"{mark}{display(value[key], field, translate, locale, zone)}")
    return " ".join(parts) or EMPTY


def change_pairs(action: str, changes: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """(field, old, new) for each recorded field: a creation has only new
    values, an update old and new, a many-to-many change its own dict."""
    pairs = []
    for key, value in changes.items():
        if action == "update" and isinstance(value, list) and len(value) == 2:
            pairs.append((key, value[0], value[1]))
        elif action == "update" and isinstance(value, dict):
            pairs.append((key, None, value))
        else:
            pairs.append((key, None, value))
    return pairs


def referenced_ids(changes: Mapping[str, Any], key: str) -> set[str]:
    """The ids a reference field's recorded values name (old, new, added, removed)."""
    value = changes.get(key)
    found: set[str] = set()

    def collect(item: Any) -> None:
        if isinstance(item, (list, tuple)):
            for part in item:
                collect(part)
        elif isinstance(item, dict):
            for part in item.values():
                collect(part)
        elif item is not None and not isinstance(item, bool):
            found.add(str(item))

    collect(value)
    return found


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float, Decimal)):
        return True
    try:
        Decimal(str(value))
    except InvalidOperation:
        return False
    return True


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _parse_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None
