"""Measured effort: what the minutes people record on completion say about a
task's effort; and when a tick-off may still be taken back. Pure Python.

The median, not the mean: one occurrence that took all day (a question to the
tax office, a system down) must not double a monthly task's effort; and only
the latest completions count, so a task that got faster shows it.
"""
from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction

MEASURED_WINDOW = 12
"""The newest completions with minutes that count: a year of a monthly task."""

MEASURED_MINIMUM = 3
"""Fewer measurements say more about the day than about the task."""


def _window(samples: Sequence[int]) -> list[Fraction] | None:
    # Fractions keep the interpolated quartiles exact, so a value that is
    # exactly half a minute rounds up rather than where float error puts it.
    newest = [Fraction(s) for s in samples[:MEASURED_WINDOW]]
    return newest if len(newest) >= MEASURED_MINIMUM else None


def _half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def measured_effort(samples: Sequence[int]) -> int | None:
    """The median of the newest MEASURED_WINDOW samples (given newest first),
    in whole minutes rounded half up; None under MEASURED_MINIMUM samples."""
    window = _window(samples)
    if window is None:
        return None
    return _half_up(statistics.median(window))


def effort_quartiles(samples: Sequence[int]) -> tuple[int, int, int] | None:
    """(lower quartile, median, upper quartile) of the same window as
    measured_effort, each rounded half up; None under MEASURED_MINIMUM. The
    inclusive method: the quartiles stay within the samples' range."""
    window = _window(samples)
    if window is None:
        return None
    lower, median, upper = statistics.quantiles(window, n=4, method="inclusive")
    return _half_up(lower), _half_up(median), _half_up(upper)


# --- Undoing a tick-off -----------------------------------------------------

UNDO_WINDOW = timedelta(minutes=10)
"""How long "undo" is offered after marking done: long enough to notice the
wrong row, short enough that nobody has acted on the work being done."""


@dataclass(frozen=True)
class TickOff:
    """What a tick-off left on its occurrence: the status it set (done, or
    prepared for review), who did it and when."""
    status: str
    by_id: int | None
    at: datetime | None


def undo_allowed(now_state: TickOff, remembered: TickOff, actor_id: int,
                 now: datetime) -> bool:
    """Whether the actor may take back the tick-off they remember: the
    occurrence still stands as they left it (nobody approved, reopened or
    ticked it again since: same status, person and moment, to the second),
    it was theirs, and it was at most UNDO_WINDOW ago (exactly ten minutes
    still counts)."""
    if now_state.status not in ("done", "prepared") or remembered.at is None:
        return False
    if now_state.at is None or now_state.by_id != actor_id or remembered.by_id != actor_id:
        return False
    unchanged = (now_state.status == remembered.status
                 and now_state.at.replace(microsecond=0) == remembered.at.replace(microsecond=0))
    return unchanged and now - now_state.at <= UNDO_WINDOW
