"""The workload counts a task at its measured effort once it has one."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from planner.core.extensions import db
from planner.coverage import operations as coverage
from planner.people.models.user import User
from planner.tasks.models import Task
from planner.work import operations as occurrences
from planner.work.models import Occurrence


def _open(task_id: int) -> list[Occurrence]:
    return list(db.session.scalars(select(Occurrence).where(
        Occurrence.task_id == task_id, Occurrence.status == "open")
        .order_by(Occurrence.due_date)))


def test_measured_effort_replaces_the_registered_one_in_the_workload(ctx, world):
    task = db.session.get(Task, world.payroll_task)
    task.effort_minutes = 120
    staff, manager = db.session.get(User, world.staff), db.session.get(User, world.manager)
    december, january, february, march = _open(task.id)[:4]
    for occurrence in (december, january):
        occurrences.complete(staff, occurrence, minutes=30)
    occurrences.complete(manager, february, minutes=30)  # covering for the primary
    db.session.flush()
    grid = coverage.workload_grid([staff, manager], date(2026, 12, 1), 4)
    assert grid.measured_tasks == 1
    assert [cell.hours for cell in grid.row(staff.id)] == [0.5, 0.5, 0.0, 0.5]
    assert [cell.hours for cell in grid.row(manager.id)] == [0.0, 0.0, 0.5, 0.0]
    assert march.status == "open"


def test_two_measurements_leave_the_registered_effort(ctx, world):
    task = db.session.get(Task, world.payroll_task)
    task.effort_minutes = 120
    staff = db.session.get(User, world.staff)
    for occurrence in _open(task.id)[:2]:
        occurrences.complete(staff, occurrence, minutes=30)
    db.session.flush()
    grid = coverage.workload_grid([staff], date(2026, 12, 1), 3)
    assert grid.measured_tasks == 0
    assert [cell.hours for cell in grid.row(staff.id)] == [2.0, 2.0, 2.0]


def test_the_workload_page_and_api_say_so(app, client, auth, world, bearer):
    with app.app_context():
        staff = db.session.get(User, world.staff)
        for occurrence in _open(world.payroll_task)[:3]:
            occurrences.complete(staff, occurrence, minutes=30)
        db.session.commit()
    auth.login("manager@example.com")
    page = client.get(f"/workload?department_id={world.payroll}").get_data(as_text=True)
    assert 'id="workload-measured"' in page
    body = client.get(f"/api/v1/workload?department_id={world.payroll}",
                      headers=bearer(world.manager)).json
    assert body["measured_tasks"] == 1
