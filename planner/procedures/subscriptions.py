"""A task's procedure keeps its versions (each text saved is one), and the
procedures due for review show on their owner's "my work"."""
from __future__ import annotations

from datetime import date
from typing import Any

from planner.people.models.user import User
from planner.procedures import operations
from planner.tasks.models import Task
from planner.tasks.signals import task_page, task_saved
from planner.work.signals import my_work_page


@task_saved.connect
def _keep_the_version(task: Task, *, actor: User, created: bool, procedure_changed: bool,
                      **_: Any) -> None:
    if procedure_changed or (created and task.procedure):
        operations.record_versions([task], actor.id)


@my_work_page.connect
def _reviews(person: User, **_: Any) -> dict[str, Any]:
    return {"reviews": operations.reviews_due_for(person)}


@task_page.connect
def _review_due(task: Task, *, today: date, **_: Any) -> dict[str, Any]:
    return {"review_due": operations.review_due(task.procedure_reviewed_at, today,
                                                operations.review_interval_months())}
