"""The lock answers work's question "may this occurrence change?" (a signal,
so that work, which the lock builds on, need not import it)."""
from __future__ import annotations

from typing import Any

from planner.core.errors import Message
from planner.periods import operations
from planner.work.models import Occurrence
from planner.work.signals import occurrence_changing


@occurrence_changing.connect
def _closed_period(occurrence: Occurrence, **_: Any) -> Message | None:
    return operations.closed_message(occurrence)
