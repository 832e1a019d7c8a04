"""The rules of a period (a department's month, 締め), free of Flask and SQLAlchemy."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from planner.core.dates import YearMonth
from planner.core.errors import N_, Message, ValidationError

REASON_MAX = 500
# Work that is finished for good: approved (done) or skipped. Open, prepared or
# returned work keeps the month open.
FINISHED = ("done", "skipped")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def parse_month(text: object, field: str = "month") -> date:
    """'YYYY-MM' → the first day of that month, or a message naming the field."""
    match = _MONTH.fullmatch(text.strip()) if isinstance(text, str) else None
    # The year's bounds leave room for the month after (date's last year is 9999).
    if match is None or not 1 <= int(match.group(2)) <= 12 or not (
            1900 <= int(match.group(1)) <= 9998):
        raise ValidationError.single(field, N_("Enter a month as YYYY-MM, e.g. 2026-11."))
    return date(int(match.group(1)), int(match.group(2)), 1)


def month_of(day: date) -> date:
    """The period a due date falls in (its month's first day)."""
    return day.replace(day=1)


def label(month: date) -> YearMonth:
    return YearMonth(f"{month.year:04d}-{month.month:02d}")


def check_reason(reason: object) -> str:
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise ValidationError.single("reason", N_("Say why the period is reopened."))
    if len(text) > REASON_MAX:
        raise ValidationError.single("reason", N_("Use at most %(max)d characters.",
                                                  max=REASON_MAX))
    return text


@dataclass(frozen=True)
class Work:
    """One occurrence due in the month, as the close sees it."""
    occurrence_id: int
    title: str
    due_date: date
    status: str


def blocking(work: Iterable[Work]) -> list[Work]:
    """What stops the month being closed: anything not approved or skipped."""
    return [w for w in work if w.status not in FINISHED]


def closed_message(month: date) -> Message:
    return N_("The period %(month)s is closed (締め): its work, checklists and evidence "
              "cannot change until an administrator reopens it.", month=label(month))


# Who downloads a period's evidence pack (within the departments they see):
# managers, administrators, and the read-only auditor.
PACK_ROLES = frozenset({"manager", "admin", "auditor"})


def may_download_pack(role: str) -> bool:
    return role in PACK_ROLES


def pack_paths(files: Iterable[tuple[int, str, int]]) -> list[str]:
    """Where each file goes in the ZIP: evidence/<occurrence id>/<name>, a
    later version named "name (v2).pdf", and any name that would repeat made
    unique with a number, so no file hides another."""
    taken: set[str] = set()
    paths = []
    for occurrence_id, name, version in files:
        stem, dot, extension = name.rpartition(".")
        if not dot:  # rpartition leaves a name without a dot in `extension`
            stem = name
        suffix = f".{extension}" if dot else ""
        base = f"{stem} (v{version})" if version > 1 else stem
        candidate, number = f"{base}{suffix}", 2
        while f"{occurrence_id}/{candidate}".casefold() in taken:
            candidate, number = f"{base} ({number}){suffix}", number + 1
        taken.add(f"{occurrence_id}/{candidate}".casefold())
        paths.append(f"evidence/{occurrence_id}/{candidate}")
    return paths
