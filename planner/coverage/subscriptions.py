"""Coverage's parts of pages other features own: who can do a task and the
deadlines at risk on the task's page, a person's training plans on "my work",
who is away on the team calendar."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from planner.coverage import absences, operations
from planner.coverage.api import training_plan_json
from planner.people.models.user import User
from planner.tasks.models import Task
from planner.tasks.signals import task_page
from planner.work.signals import my_work_document, my_work_page, team_calendar_shown


@my_work_page.connect
def _training(person: User, **_: Any) -> dict[str, Any]:
    return {"training": operations.training_of(person)}


@my_work_document.connect
def _training_document(person: User, **_: Any) -> dict[str, Any]:
    return {"training": [training_plan_json(p) for p in operations.training_of(person)]}


@task_page.connect
def _who_can_do_it(task: Task, *, today: date, **_: Any) -> dict[str, Any]:
    return {"coverage": operations.task_coverage([task], today)[task.id],
            "at_risk": operations.at_risk_for_task(task, today)}


@team_calendar_shown.connect
def _who_is_away(actor: User, *, department_id: int, first: date, last: date, **_: Any
                 ) -> dict[str, Any]:
    away: dict[date, list] = {}
    for absence in absences.department_absences(actor, department_id, first, last):
        day = max(absence.start_date, first)
        while day <= min(absence.end_date, last):
            away.setdefault(day, []).append(absence)
            day += timedelta(days=1)
    return {"away": away}
