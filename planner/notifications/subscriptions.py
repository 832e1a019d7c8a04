"""Reminders follow the occurrences: re-planned when their dates move, stopped
when the occurrence is closed."""
from __future__ import annotations

from typing import Any

from planner.notifications import operations
from planner.work.models import Occurrence
from planner.work.signals import occurrence_closed, occurrence_prepared, occurrences_rescheduled


@occurrences_rescheduled.connect
def _replan(sender: None, *, task_ids: list[int], **_: Any) -> None:
    operations.plan(task_ids=task_ids)


@occurrence_closed.connect
def _stop_reminders(occurrence: Occurrence, **_: Any) -> None:
    operations.cancel_for_occurrence(occurrence.id)


@occurrence_prepared.connect
def _remind_reviewers(occurrence: Occurrence, **_: Any) -> None:
    """Handed over: its reviewers' reminders replace its owners'; handed back: the reverse."""
    operations.plan(task_ids=[occurrence.task_id])
