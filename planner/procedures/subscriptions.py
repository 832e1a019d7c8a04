"""A task's procedure keeps its versions: each text saved is one."""
from __future__ import annotations

from typing import Any

from planner.people.models.user import User
from planner.procedures import operations
from planner.tasks.models import Task
from planner.tasks.signals import task_saved


@task_saved.connect
def _keep_the_version(task: Task, *, actor: User, created: bool, procedure_changed: bool,
                      **_: Any) -> None:
    if procedure_changed or (created and task.procedure):
        operations.record_versions([task], actor.id)
