"""An inventory questions the measured effort where a task has one."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from planner.core.extensions import db
from planner.inventory import operations as inventory
from planner.people.models.user import User
from planner.tasks.models import Task
from planner.work import operations as occurrences
from planner.work.models import Occurrence


def _measure(world, minutes: list[int]) -> None:  # noqa: ANN001
    staff = db.session.get(User, world.staff)
    rows = db.session.scalars(select(Occurrence).where(
        Occurrence.task_id == world.payroll_task, Occurrence.status == "open")
        .order_by(Occurrence.due_date)).all()
    for occurrence, taken in zip(rows, minutes, strict=False):
        occurrences.complete(staff, occurrence, minutes=taken)


def _before(cycle) -> dict[int, int]:  # noqa: ANN001
    return {a.task_id: a.effort_minutes_before for a in cycle.answers}


def test_a_cycle_starts_from_the_measured_effort(ctx, world):
    db.session.get(Task, world.payroll_task).effort_minutes = 120
    _measure(world, [40, 50, 45])
    cycle = inventory.start_cycle(db.session.get(User, world.manager), world.payroll, "棚卸",
                                  date(2026, 12, 20))
    assert _before(cycle) == {world.payroll_task: 45}


def test_without_enough_measurements_the_registered_effort(ctx, world):
    db.session.get(Task, world.payroll_task).effort_minutes = 120
    _measure(world, [40, 50])
    cycle = inventory.start_cycle(db.session.get(User, world.manager), world.payroll, "棚卸",
                                  date(2026, 12, 20))
    assert _before(cycle) == {world.payroll_task: 120}


def test_the_pages_mark_a_measured_effort(app, client, auth, world):
    with app.app_context():
        _measure(world, [40, 50, 45])
        cycle = inventory.start_cycle(db.session.get(User, world.manager), world.payroll,
                                      "棚卸", date(2026, 12, 20))
        cycle_id, answer_id = cycle.id, cycle.answers[0].id
        db.session.commit()
    auth.login("manager@example.com")
    page = client.get(f"/inventory/{cycle_id}").get_data(as_text=True)
    assert "measured-mark" in page and "実測 45分（3回の中央値）" in page
    answer = client.get(f"/inventory/answers/{answer_id}").get_data(as_text=True)
    assert 'id="measured-effort"' in answer and "45分" in answer
