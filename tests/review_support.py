"""Set-up shared by the coverage and handover tests of a task that requires
review (ダブルチェック)."""
from __future__ import annotations

from planner.core.extensions import db
from planner.people.operations import PersonData, create_person
from planner.tasks.models import Task, TaskOwner


def review_required(world, *levels: int, name: str = "確認") -> list[int]:  # noqa: ANN001
    """The world's payroll task requires review; backups of the payroll
    department join it at these levels (their ids, in order)."""
    task = db.session.get(Task, world.payroll_task)
    task.review_required = True
    people = []
    for index, level in enumerate(levels):
        person = create_person(PersonData(email=f"checker{index}@example.com",
                                          name=f"{name} {index}", department_ids=[world.payroll]))
        task.owners.append(TaskOwner(user_id=person.id, role="backup", level=level))
        people.append(person.id)
    db.session.commit()
    return people
