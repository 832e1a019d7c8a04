"""Handing a person's tasks over (引き継ぎ): who should take each task, and
whether each task is still covered afterwards. Pure: no Flask, no session."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planner.core.errors import N_, Conflict, ValidationError
from planner.coverage.domain import training_hours
from planner.tasks.domain import QUALIFIED_LEVEL


@dataclass(frozen=True)
class Successor:
    """Someone who could take the task: their level on it now (0 if not an
    owner) and their room for more work (hours a month)."""

    person_id: int
    level: int
    headroom_hours: float

    @property
    def qualified(self) -> bool:
        return self.level >= QUALIFIED_LEVEL


@dataclass(frozen=True)
class Proposal:
    successor: Successor
    training_hours: float  # 0 when already qualified
    fits: bool  # the task's monthly hours fit in the successor's headroom


def rank_successors(candidates: Iterable[Successor], departing_id: int, effort_minutes: int,
                    hours_per_month: float) -> list[Proposal]:
    """Best first: qualified people before anyone who would need training;
    among the qualified, those with room for the task, most room first; among
    the others, those with room first, then the highest level (least
    training), then the most room."""
    proposals = [Proposal(c, training_hours(c.level, effort_minutes),
                          c.headroom_hours >= hours_per_month)
                 for c in candidates if c.person_id != departing_id]

    def key(p: Proposal) -> tuple:
        c = p.successor
        if c.qualified:
            return (0, not p.fits, -c.headroom_hours, -c.level, c.person_id)
        return (1, not p.fits, -c.level, -c.headroom_hours, c.person_id)

    return sorted(proposals, key=key)


@dataclass(frozen=True)
class TaskChange:
    """One task as the handover would leave it."""

    task_id: int
    departing_role: str
    qualified_others: frozenset[int]  # qualified owners besides the departing person
    successor_id: int | None
    successor_level: int  # the successor's level on the task now (0 if not an owner)

    @property
    def covered_without(self) -> bool:
        """Someone qualified remains even if nobody takes over."""
        return bool(self.qualified_others)

    @property
    def covered_after(self) -> bool:
        successor_qualified = (self.successor_id is not None
                               and self.successor_level >= QUALIFIED_LEVEL)
        return self.covered_without or successor_qualified

    @property
    def needs_training(self) -> bool:
        return self.successor_id is not None and self.successor_level < QUALIFIED_LEVEL


class UncoveredTasks(Conflict):
    """Applying would leave tasks without anyone qualified: the manager must
    say so explicitly."""

    code = "uncovered_tasks"

    def __init__(self, task_ids: Sequence[int]) -> None:
        self.task_ids = list(task_ids)
        super().__init__(N_("%(count)d task(s) would have nobody qualified after the handover. "
                            "Confirm that you accept this (training plans are made), or choose "
                            "other successors.", count=len(self.task_ids)))


def uncovered(changes: Iterable[TaskChange]) -> list[int]:
    return [c.task_id for c in changes if not c.covered_after]


def check(changes: Sequence[TaskChange], accept_uncovered: bool) -> None:
    """A primary's task needs a successor (an active task keeps one primary);
    a task left without anyone qualified needs the manager's explicit yes."""
    missing = {f"successor_{c.task_id}": [N_("Choose who takes over as primary owner.")]
               for c in changes if c.departing_role == "primary" and c.successor_id is None}
    if missing:
        raise ValidationError(missing)
    left = uncovered(changes)
    if left and not accept_uncovered:
        raise UncoveredTasks(left)
