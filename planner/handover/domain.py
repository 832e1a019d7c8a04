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
    # A task that requires review (ダブルチェック) needs two qualified people
    # afterwards: one who prepares it and a reviewer who checks it.
    review_required: bool = False
    reviewer_id: int | None = None
    reviewer_level: int = 0  # the reviewer's level on the task now

    @property
    def needed(self) -> int:
        """Qualified people the task needs: a preparer, and a reviewer if it is checked."""
        return 2 if self.review_required else 1

    @property
    def covered_without(self) -> bool:
        """Enough qualified people remain even if nobody takes over."""
        return len(self.qualified_others) >= self.needed

    def _qualified_after(self) -> frozenset[int]:
        joining = {person for person, level in ((self.successor_id, self.successor_level),
                                                (self.reviewer_id, self.reviewer_level))
                   if person is not None and level >= QUALIFIED_LEVEL}
        return self.qualified_others | joining

    @property
    def covered_after(self) -> bool:
        return len(self._qualified_after()) >= self.needed

    @property
    def reviewer_missing(self) -> bool:
        """A review-required task left with one qualified person (or none):
        nobody else can check the work (確認者が不足)."""
        return self.review_required and len(self._qualified_after()) < 2

    @property
    def needs_training(self) -> bool:
        return self.successor_id is not None and self.successor_level < QUALIFIED_LEVEL

    @property
    def reviewer_needs_training(self) -> bool:
        return (self.reviewer_id is not None and self.reviewer_id != self.successor_id
                and self.reviewer_level < QUALIFIED_LEVEL)


def pick_reviewer(ranked: Sequence[Proposal], preparer_id: int | None,
                  successor_id: int | None, qualified_others: frozenset[int]
                  ) -> Successor | None:
    """Who checks a review-required task after the handover, never its
    preparer: a qualified owner who stays is kept (the best ranked); else the
    successor, when they take over the departing person's review duty
    rather than the preparing; else the best ranked candidate (who may need
    training). None when nobody but the preparer is there."""
    eligible = [p.successor for p in ranked if p.successor.person_id != preparer_id]
    kept = next((s for s in eligible if s.person_id in qualified_others), None)
    if kept is not None:
        return kept
    if successor_id is not None and successor_id != preparer_id:
        return next((s for s in eligible if s.person_id == successor_id),
                    Successor(successor_id, 0, 0.0))
    return eligible[0] if eligible else None


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
