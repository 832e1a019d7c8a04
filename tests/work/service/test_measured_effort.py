"""Minutes taken on completion and the measured effort they give (service tier)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select

from planner.core.audit_entry import AuditEntry
from planner.core.errors import Forbidden, ValidationError
from planner.core.extensions import db
from planner.people.models.user import User
from planner.tasks.models import Task
from planner.work import operations as occurrences
from planner.work.models import Occurrence

BASE = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _open(task_id: int) -> list[Occurrence]:
    return list(db.session.scalars(select(Occurrence).where(
        Occurrence.task_id == task_id, Occurrence.status == "open")
        .order_by(Occurrence.due_date)))


def _complete(task_id: int, minutes: list[int], *, start: datetime = BASE,
              person_id: int | None = None) -> None:
    """Completes the task's first open occurrences, a day apart, oldest first."""
    task = db.session.get(Task, task_id)
    actor = db.session.get(User, person_id or task.owners[0].user_id)
    for day, (occurrence, taken) in enumerate(zip(_open(task_id), minutes, strict=False)):
        occurrences.complete(actor, occurrence, minutes=taken,
                             completed_at=start + timedelta(days=day))


def test_minutes_are_stored_with_the_completion(ctx, world):
    staff = db.session.get(User, world.staff)
    occurrence = _open(world.payroll_task)[0]
    occurrences.complete(staff, occurrence, "納付済み", minutes=45)
    db.session.commit()
    assert db.session.get(Occurrence, occurrence.id).minutes_taken == 45


@pytest.mark.parametrize("minutes", [0, -5, 1441, 100_000, True, 1.5, "30"])
def test_minutes_out_of_range_are_refused_and_nothing_is_saved(ctx, world, minutes):
    staff = db.session.get(User, world.staff)
    occurrence = _open(world.payroll_task)[0]
    with pytest.raises(ValidationError) as raised:
        occurrences.complete(staff, occurrence, minutes=minutes)
    assert list(raised.value.fields) == ["minutes"]
    assert occurrence.status == "open" and occurrence.minutes_taken is None


def test_the_limits_are_accepted(ctx, world):
    staff = db.session.get(User, world.staff)
    first, second = _open(world.payroll_task)[:2]
    occurrences.complete(staff, first, minutes=1)
    occurrences.complete(staff, second, minutes=1440)
    assert (first.minutes_taken, second.minutes_taken) == (1, 1440)


def test_reopening_forgets_the_minutes(ctx, world):
    staff = db.session.get(User, world.staff)
    occurrence = _open(world.payroll_task)[0]
    occurrences.complete(staff, occurrence, minutes=30)
    occurrences.reopen(staff, occurrence)
    assert occurrence.minutes_taken is None


def test_three_completions_with_minutes_replace_the_registered_effort(ctx, world):
    task = db.session.get(Task, world.payroll_task)
    task.effort_minutes = 120
    _complete(task.id, [50, 70, 60])
    effort = occurrences.effort_for([task])[task.id]
    assert effort == occurrences.Effort(60, "measured", (60, 70, 50))


def test_two_completions_do_not(ctx, world):
    task = db.session.get(Task, world.payroll_task)
    task.effort_minutes = 120
    _complete(task.id, [50, 70])
    assert occurrences.effort_for([task])[task.id] == occurrences.Effort(
        120, "registered", (70, 50))


def test_completions_without_minutes_and_skipped_ones_do_not_count(ctx, world):
    task = db.session.get(Task, world.payroll_task)
    staff = db.session.get(User, world.staff)
    _complete(task.id, [50, 70])
    first, second = _open(task.id)[:2]
    occurrences.complete(staff, first)  # no minutes
    occurrences.skip(staff, second, "対象者なし")
    assert occurrences.measured_samples([task.id]) == {task.id: [70, 50]}


def test_the_samples_are_the_newest_twelve(ctx, world):
    task = db.session.get(Task, world.payroll_task)
    # Thirteen completions, a day apart: 1 minute the oldest, 13 the newest.
    _complete(task.id, list(range(1, 14)))
    samples = occurrences.measured_samples([task.id, world.accounting_task])
    assert samples == {task.id: list(range(13, 1, -1))}
    assert occurrences.effort_for([task])[task.id].minutes == 8  # (7 + 8) / 2 → 8


def test_samples_by_completion_time_not_by_due_date(ctx, world):
    task = db.session.get(Task, world.payroll_task)
    staff = db.session.get(User, world.staff)
    first, second = _open(task.id)[:2]
    occurrences.complete(staff, second, minutes=20, completed_at=BASE)
    occurrences.complete(staff, first, minutes=10, completed_at=BASE + timedelta(hours=1))
    assert occurrences.measured_samples([task.id]) == {task.id: [10, 20]}


def test_before_and_after_filters(ctx, world):
    task = db.session.get(Task, world.payroll_task)
    _complete(task.id, [10, 20, 30, 40])  # on BASE, +1, +2 and +3 days
    day = timedelta(days=1)
    assert occurrences.measured_samples([task.id], completed_before=BASE + 2 * day) == {
        task.id: [20, 10]}
    assert occurrences.measured_samples([task.id], completed_after=BASE + 2 * day) == {
        task.id: [40, 30]}
    assert occurrences.measured_samples(
        [task.id], completed_after=BASE + day, completed_before=BASE + 3 * day) == {
        task.id: [30, 20]}
    assert occurrences.measured_samples([task.id], completed_before=BASE) == {}


def test_many_tasks_in_one_query(ctx, world):
    _complete(world.payroll_task, [10, 20, 30])
    _complete(world.accounting_task, [5, 6, 7, 8])
    tasks = [db.session.get(Task, world.payroll_task), db.session.get(Task, world.accounting_task)]
    db.session.flush()
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001, ANN002
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        efforts = occurrences.effort_for(tasks)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert len(statements) == 1
    assert {k: (e.minutes, e.source) for k, e in efforts.items()} == {
        world.payroll_task: (20, "measured"), world.accounting_task: (7, "measured")}


def test_a_manager_adopts_the_measured_effort_audited(ctx, world):
    _complete(world.payroll_task, [50, 70, 61])
    manager = db.session.get(User, world.manager)
    task = db.session.get(Task, world.payroll_task)
    occurrences.adopt_measured_effort(manager, task)
    db.session.commit()
    assert db.session.get(Task, world.payroll_task).effort_minutes == 61
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.entity_type == "Task", AuditEntry.entity_id == str(world.payroll_task),
        AuditEntry.action == "update").order_by(AuditEntry.id.desc()))
    assert entry is not None and "effort_minutes" in entry.changes


def test_adopting_needs_a_measured_effort(ctx, world):
    _complete(world.payroll_task, [50, 70])
    manager = db.session.get(User, world.manager)
    with pytest.raises(ValidationError) as raised:
        occurrences.adopt_measured_effort(manager, db.session.get(Task, world.payroll_task))
    assert list(raised.value.fields) == ["effort_minutes"]


@pytest.mark.parametrize("who", ["staff", "other_staff"])
def test_only_a_manager_of_the_department_adopts(ctx, world, who):
    _complete(world.payroll_task, [50, 70, 60])
    person = db.session.get(User, getattr(world, who))
    with pytest.raises(Forbidden):
        occurrences.adopt_measured_effort(person, db.session.get(Task, world.payroll_task))


def test_a_manager_of_another_department_may_not_adopt(ctx, world):
    _complete(world.accounting_task, [50, 70, 60])
    manager = db.session.get(User, world.manager)
    with pytest.raises(Forbidden):
        occurrences.adopt_measured_effort(manager, db.session.get(Task, world.accounting_task))


def test_an_admin_adopts_anywhere(ctx, world):
    _complete(world.accounting_task, [50, 70, 60])
    admin = db.session.get(User, world.admin)
    task = occurrences.adopt_measured_effort(admin, db.session.get(Task, world.accounting_task))
    assert task.effort_minutes == 60
