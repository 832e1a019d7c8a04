"""Set-up shared by the sign-off's tests (the `signoff` fixture): a payroll
task that requires review, with a preparer, a qualified reviewer, a trainee
and an administrator among its owners."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from conftest import PASSWORD, World
from flask import Flask
from sqlalchemy import select

from planner.core.extensions import db
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.people.operations import PersonData, create_person
from planner.tasks.models import Task, TaskOwner
from planner.work.models import Occurrence


@dataclass(frozen=True)
class SignOff:
    world: World
    task: int
    occurrence: int  # the task's first open occurrence (10 December 2026)
    preparer: int  # the primary owner, level 3 (world.staff)
    reviewer: int  # a backup, level 4
    trainee: int  # level 2: not qualified to check
    admin: int  # an administrator who owns the task at level 3


def _person(email: str, name: str, role: str, department: Department) -> User:
    return create_person(PersonData(email=email, name=name, role=role, language="ja",
                                    department_ids=[department.id]), PASSWORD)


@pytest.fixture(name="signoff")
def signoff_fixture(app: Flask, world: World) -> SignOff:
    with app.app_context():
        payroll = db.session.get(Department, world.payroll)
        task = db.session.get(Task, world.payroll_task)
        task.review_required = True
        reviewer = _person("reviewer@example.com", "伊藤 健太", "staff", payroll)
        trainee = _person("trainee@example.com", "中村 愛", "staff", payroll)
        admin = db.session.get(User, world.admin)
        task.owners.extend([TaskOwner(user_id=reviewer.id, role="backup", level=4),
                            TaskOwner(user_id=trainee.id, role="trainee", level=2),
                            TaskOwner(user_id=admin.id, role="backup", level=3)])
        db.session.flush()
        occurrence = db.session.scalars(
            select(Occurrence).where(Occurrence.task_id == task.id,
                                     Occurrence.status == "open")
            .order_by(Occurrence.due_date)).first()
        made = SignOff(world, task.id, occurrence.id, world.staff, reviewer.id, trainee.id,
                       admin.id)
        db.session.commit()
        db.session.remove()
    return made
