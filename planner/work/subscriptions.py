"""Occurrences follow their task: made when it is created or restored,
re-made when its schedule or the company's calendar changes, cancelled when
it is archived; the task's page shows its due dates."""
from __future__ import annotations

from typing import Any

from planner.calendar.signals import calendar_changed
from planner.tasks.models import Task
from planner.tasks.signals import (
    task_archived,
    task_documents,
    task_list_shown,
    task_page,
    task_restored,
    task_saved,
)
from planner.work import domain as effort_rules
from planner.work import operations
from planner.work.signals import occurrences_rescheduled


@task_saved.connect
def _follow_the_schedule(task: Task, *, created: bool, schedule_changed: bool,
                         **_: Any) -> None:
    if created or schedule_changed:
        # Future open occurrences follow the new rule; done and skipped stay.
        operations.materialise([task])
        if not created:
            occurrences_rescheduled.send(None, task_ids=[task.id])


@task_archived.connect
def _cancel_the_future(task: Task, **_: Any) -> None:
    operations.cancel_future(task)
    occurrences_rescheduled.send(None, task_ids=[task.id])


@task_restored.connect
def _plan_again(task: Task, **_: Any) -> None:
    operations.materialise([task])


@task_documents.connect
def _next_dates(_sender: Any, *, tasks: list[Task], **_: Any) -> dict[int, dict[str, Any]]:
    return {task_id: {"next_due_date": due.isoformat(), "work_by": work_by.isoformat()}
            for task_id, (due, work_by) in operations.next_dates([t.id for t in tasks]).items()}


@task_list_shown.connect
def _next_due(_sender: Any, *, task_ids: list[int], **_: Any) -> dict[str, Any]:
    return {"next_due": {task_id: due
                         for task_id, (due, _work_by) in operations.next_dates(task_ids).items()}}


@task_documents.connect
def _measured_effort(_sender: Any, *, tasks: list[Task], **_: Any) -> dict[int, dict[str, Any]]:
    samples = operations.measured_samples([t.id for t in tasks])
    return {t.id: {"measured_effort_minutes": effort_rules.measured_effort(samples.get(t.id, [])),
                   "measured_effort_samples": len(samples.get(t.id, []))} for t in tasks}


@calendar_changed.connect
def _follow_the_calendar(_: None, **__: Any) -> None:
    # Every open occurrence from today on moves to the new business days.
    operations.materialise()


@task_page.connect
def _due_dates(task: Task, **_: Any) -> dict[str, Any]:
    upcoming, finished = operations.of_task(task)
    return {"upcoming": upcoming, "finished": finished,
            "effort": operations.effort_for([task])[task.id],
            "measured_minimum": effort_rules.MEASURED_MINIMUM}
