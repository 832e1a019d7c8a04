"""Who can do what: coverage, key-person risk, absences and workload.

Pure functions over plain values; services load the rows and call these.
"""
from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from planner.calendar.domain import BusinessCalendar
from planner.tasks.domain import QUALIFIED_LEVEL

CRITICALITY_WEIGHT = {"low": 1, "medium": 2, "high": 3, "critical": 4}


@dataclass(frozen=True)
class OwnerLevel:
    user_id: int
    role: str
    level: int
    active: bool = True

    @property
    def qualified(self) -> bool:
        return self.active and self.level >= QUALIFIED_LEVEL


def qualified_people(owners: Iterable[OwnerLevel]) -> frozenset[int]:
    return frozenset(o.user_id for o in owners if o.qualified)


def is_single_point_of_failure(qualified_count: int) -> bool:
    """Fewer than two qualified people: one absence stops the task (0 = uncovered)."""
    return qualified_count < 2


def frequency_weight(occurrences_per_year: int) -> int:
    """1 yearly or less, 2 up to quarterly, 3 up to monthly, 4 more often."""
    if occurrences_per_year <= 1:
        return 1
    if occurrences_per_year <= 4:
        return 2
    if occurrences_per_year <= 12:
        return 3
    return 4


def shortage_weight(qualified_count: int) -> int:
    """3 nobody qualified, 2 one person, 1 two people, 0 three or more."""
    return max(0, 3 - qualified_count)


def risk_score(criticality: str, occurrences_per_year: int, qualified_count: int) -> int:
    """Key-person risk of a task, 0 to 48:

        criticality (low 1, medium 2, high 3, critical 4)
      × frequency (yearly 1, quarterly 2, monthly 3, more often 4)
      × shortage (3 when nobody is qualified, 2 for one person, 1 for two, 0 for three or more)

    A critical monthly payment only one person can make scores 4 × 3 × 2 = 24.
    """
    return (CRITICALITY_WEIGHT[criticality] * frequency_weight(occurrences_per_year)
            * shortage_weight(qualified_count))


@dataclass(frozen=True)
class TaskCoverage:
    task_id: int
    qualified: frozenset[int]
    criticality: str
    occurrences_per_year: int
    # Done only once a second qualified person checks it (ダブルチェック).
    review_required: bool = False

    @property
    def qualified_count(self) -> int:
        return len(self.qualified)

    @property
    def spare_count(self) -> int:
        """Qualified people beyond the checker a review-required task also
        needs: how many absences it takes before nobody can get it done."""
        return max(0, self.qualified_count - (1 if self.review_required else 0))

    @property
    def single_point_of_failure(self) -> bool:
        # Covered with two either way: one to do it, and one to stand in or to check.
        return is_single_point_of_failure(self.qualified_count)

    @property
    def uncovered(self) -> bool:
        return self.spare_count == 0

    @property
    def risk_score(self) -> int:
        return risk_score(self.criticality, self.occurrences_per_year, self.spare_count)

    @property
    def gap(self) -> str | None:
        """What a cross-training suggestion names as missing (GAPS), or None
        when two or more people are qualified."""
        if self.qualified_count >= 2:
            return None
        if self.qualified_count == 0:
            return "preparer_and_reviewer" if self.review_required else "nobody"
        # The one qualified person prepares; nobody is left to check (確認者が不足).
        return "reviewer" if self.review_required else "backup"

    @property
    def people_to_train(self) -> int:
        """Qualified people still needed for the task to be covered: two in
        either case (one to do it, one to stand in or to check)."""
        return max(0, 2 - self.qualified_count)


# A suggestion's gap: nobody can do it; nobody can prepare nor check it; the
# one qualified person has no reviewer; the one qualified person has no backup.
GAPS: tuple[str, ...] = ("nobody", "preparer_and_reviewer", "reviewer", "backup")


@dataclass(frozen=True)
class DepartmentCoverage:
    tasks: int
    covered: int  # tasks with at least two qualified people
    bus_factor: int | None  # None when the department has no active task

    @property
    def share(self) -> float:
        return self.covered / self.tasks if self.tasks else 1.0


def department_coverage(tasks: Sequence[TaskCoverage]) -> DepartmentCoverage:
    """Share of tasks with two or more qualified people, and the bus factor.

    The bus factor is the least number of people whose absence leaves some task
    uncovered. It is computed exactly, not estimated: to uncover a task all of
    its qualified people must be away (all but one, for a task that needs a
    second person to check it), so it is the smallest spare count.
    """
    if not tasks:
        return DepartmentCoverage(0, 0, None)
    covered = sum(1 for t in tasks if not t.single_point_of_failure)
    return DepartmentCoverage(len(tasks), covered, min(t.spare_count for t in tasks))


def key_people(tasks: Iterable[TaskCoverage]) -> dict[int, int]:
    """Person -> number of tasks their absence alone would leave undone (they
    are its only qualified person, or one of the two of a review-required task)."""
    counts: dict[int, int] = defaultdict(int)
    for task in tasks:
        # One absence stops it: its only person, or either of the two a
        # review-required task has (nobody is left to check).
        if task.spare_count == 1:
            for person in task.qualified:
                counts[person] += 1
    return dict(counts)


# --- Absences ---------------------------------------------------------------

# 午前休・午後休: the person works the other half of the day, so a deadline
# that day still has them. They count as present in the at-risk checks (only
# a whole day away removes someone), and, like every leave, they do not change
# the month's capacity for registered recurring work.
HALF_DAY_KINDS: frozenset[str] = frozenset({"half_day_am", "half_day_pm"})


def away_all_day(kind: str) -> bool:
    """Whether a leave of this kind takes the person away for its whole days."""
    return kind not in HALF_DAY_KINDS


@dataclass(frozen=True)
class Leave:
    user_id: int
    start: date
    end: date

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def absent_on(day: date, leaves: Iterable[Leave]) -> frozenset[int]:
    return frozenset(leave.user_id for leave in leaves if leave.covers(day))


@dataclass(frozen=True)
class RiskWindow:
    at_risk: bool
    absent: frozenset[int]  # qualified people away at some point in the window
    first_day: date
    due: date


def occurrence_risk(due: date, lead_days: Sequence[int], qualified: frozenset[int],
                    leaves: Sequence[Leave], calendar: BusinessCalendar,
                    today: date | None = None) -> RiskWindow:
    """Whether an open occurrence is at risk from absences.

    The window runs over the business days from the longest reminder lead time
    before the due date (or today, if later) to the due date. The occurrence is
    at risk when no qualified person is present on any business day of it:
    nobody who can do the work is there in time. A task nobody is qualified
    for is always at risk.
    """
    first = due - timedelta(days=max(lead_days, default=0))
    if today is not None and first < today:
        first = today
    relevant = [leave for leave in leaves if leave.user_id in qualified
                and leave.end >= first and leave.start <= due]
    days = list(calendar.business_days_between(first, due)) or [due]
    absent = frozenset(leave.user_id for leave in relevant)
    if not qualified:
        return RiskWindow(True, absent, first, due)
    someone_there = any(qualified - absent_on(day, relevant) for day in days)
    return RiskWindow(not someone_there, absent, first, due)


def review_risk(review_day: date, lead_days: Sequence[int], qualified: frozenset[int],
                preparer: int | None, leaves: Sequence[Leave], calendar: BusinessCalendar,
                today: date | None = None) -> RiskWindow:
    """Whether the check of a review-required occurrence is at risk: no
    qualified person other than its preparer (or the one who will prepare
    it) is present on any business day of the window before the review date."""
    reviewers = qualified - {preparer} if preparer is not None else qualified
    return occurrence_risk(review_day, lead_days, reviewers, leaves, calendar, today)


def signed_off_risk(due: date, review_day: date | None, lead_days: Sequence[int],
                    qualified: frozenset[int], preparer: int | None, prepared: bool,
                    leaves: Sequence[Leave], calendar: BusinessCalendar,
                    today: date | None = None) -> RiskWindow:
    """The risk of an occurrence whose task may need a check (`review_day`
    None: it does not): at risk when nobody can do the work by its date
    (unless it is already prepared), or nobody but its preparer can check it
    by the review date. Prepared work whose task no longer needs a check
    waits for nothing: not at risk."""
    windows = [] if prepared else [occurrence_risk(due, lead_days, qualified, leaves,
                                                   calendar, today)]
    if review_day is not None:
        windows.append(review_risk(review_day, lead_days, qualified, preparer, leaves,
                                   calendar, today))
    return RiskWindow(any(w.at_risk for w in windows),
                      frozenset().union(*(w.absent for w in windows)),
                      min((w.first_day for w in windows), default=due), due)


# --- Workload ---------------------------------------------------------------


@dataclass(frozen=True)
class WorkItem:
    due: date
    effort_minutes: int
    primary_id: int | None
    completed_by_id: int | None = None


@dataclass
class PersonMonth:
    minutes: int = 0
    as_primary: int = 0
    covering: int = 0  # done for a task where someone else is primary

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


def workload(items: Iterable[WorkItem]) -> dict[tuple[int, str], PersonMonth]:
    """Minutes per (person, "YYYY-MM"). The primary does the work unless the
    occurrence was completed by someone else, who then carries it."""
    result: dict[tuple[int, str], PersonMonth] = defaultdict(PersonMonth)
    for item in items:
        worker = item.completed_by_id or item.primary_id
        if worker is None:
            continue
        cell = result[(worker, f"{item.due:%Y-%m}")]
        cell.minutes += item.effort_minutes
        if worker == item.primary_id:
            cell.as_primary += item.effort_minutes
        else:
            cell.covering += item.effort_minutes
    return dict(result)


def overloaded(hours: float, capacity_hours: float) -> bool:
    return hours > capacity_hours


# --- Cross-training candidates ----------------------------------------------


@dataclass(frozen=True)
class Candidate:
    user_id: int
    level: int
    same_department: bool
    headroom_hours: float  # capacity minus planned load, next three months on average

    @property
    def sort_key(self) -> tuple:
        return (-self.level, not self.same_department, -self.headroom_hours, self.user_id)


def rank_candidates(candidates: Iterable[Candidate], best: int | None = None
                    ) -> list[Candidate]:
    """Best first: highest current level, then the task's own department, then
    the most room in the coming months. `best`: only that many (without
    sorting everyone in a large department)."""
    if best is not None:
        return heapq.nsmallest(best, candidates, key=lambda c: c.sort_key)
    return sorted(candidates, key=lambda c: c.sort_key)


def training_hours(current_level: int, effort_minutes: int,
                   target_level: int = QUALIFIED_LEVEL) -> float:
    """Estimated hours to bring someone to the target level: per missing level,
    two supervised runs of the task plus two hours of explanation."""
    steps = max(0, target_level - current_level)
    per_step = 2 * effort_minutes / 60 + 2
    return round(steps * per_step, 1)


def months_between(first: date, count: int) -> list[str]:
    months, year, month = [], first.year, first.month
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def per_month(cells: Mapping[tuple[int, str], PersonMonth], person_id: int,
              months: Sequence[str]) -> list[PersonMonth]:
    return [cells.get((person_id, month), PersonMonth()) for month in months]


