"""The lock answers work's questions "may this occurrence change?" and "may
work of this department's month be made or moved?" (signals, so that work,
which the lock builds on, need not import it)."""
from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from planner.core.errors import Message
from planner.people.models.user import User
from planner.periods import domain, operations
from planner.work.models import Occurrence
from planner.work.signals import closed_months, month_changing, occurrence_changing, occurrence_page


@occurrence_changing.connect
def _closed_period(occurrence: Occurrence, **_: Any) -> Message | None:
    return operations.closed_message(occurrence)


@month_changing.connect
def _closed_month(_: None, *, department_id: int, day: date, **__: Any) -> Message | None:
    return operations.month_closed_message(department_id, day)


@closed_months.connect
def _closed_months(_: None, *, department_ids: Collection[int] | None,
                   **__: Any) -> set[tuple[int, date]]:
    return operations.closed_months(department_ids)


@occurrence_page.connect
def _period_of(occurrence: Occurrence, viewer: User, **_: Any) -> dict[str, Any]:
    """The close that holds the occurrence's month, shown on its page (締め済み)."""
    return {"period_close": operations.standing_close(
        occurrence.task.department_id, domain.month_of(occurrence.due_date))}
