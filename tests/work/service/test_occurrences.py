"""Materialising occurrences and ticking them off (service tier)."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from planner.calendar.recurrence import Schedule
from planner.core.errors import Forbidden, ValidationError
from planner.core.extensions import db
from planner.people.models.user import User
from planner.tasks import operations as tasks
from planner.tasks.models import Task
from planner.tasks.operations import TaskData
from planner.work import operations as occurrences
from planner.work.models import Occurrence

TODAY = date(2026, 11, 25)


def _rows(task_id: int) -> list[tuple[date, date, str]]:
    return [tuple(row) for row in db.session.execute(
        select(Occurrence.nominal_date, Occurrence.due_date, Occurrence.status)
        .where(Occurrence.task_id == task_id).order_by(Occurrence.nominal_date))]


def _open_dues(task_id: int) -> list[date]:
    return [due for _, due, status in _rows(task_id) if status == "open"]


def test_materialise_13_months_ahead_with_shifted_dues(ctx, world):
    task = db.session.get(Task, world.payroll_task)
    occurrences.materialise([task], today=TODAY)
    dues = _open_dues(task.id)
    # 10th of each month from December 2026 to December 2027, moved off weekends/holidays.
    assert dues[0] == date(2026, 12, 10)
    assert date(2027, 1, 12) in dues  # 10 Jan is a Sunday, 11 Jan 成人の日
    assert dues[-1] == date(2027, 12, 10)
    assert len(dues) == 13


def test_materialise_is_idempotent(ctx, world):
    task = db.session.get(Task, world.payroll_task)
    occurrences.materialise([task], today=TODAY)
    before = _rows(task.id)
    again = occurrences.materialise([task], today=TODAY)
    assert again.created == 0 and again.moved == 0 and again.cancelled == 0
    assert _rows(task.id) == before


def test_editing_the_rule_regenerates_open_future_and_keeps_done(ctx, world):
    actor = db.session.get(User, world.staff)
    task = db.session.get(Task, world.payroll_task)
    occurrences.materialise([task], today=TODAY)
    first = db.session.scalars(select(Occurrence).where(Occurrence.task_id == task.id)
                               .order_by(Occurrence.due_date)).first()
    occurrences.complete(actor, first, "納付済み")
    data = TaskData.of(task)
    data.schedule = Schedule("rrule", date(2026, 1, 1), rrule="FREQ=MONTHLY;BYMONTHDAY=25",
                             shift="previous")
    tasks.update_task(actor, task, data)
    rows = _rows(task.id)
    assert (date(2026, 12, 10), date(2026, 12, 10), "done") in rows
    assert all(status == "cancelled" for nominal, _, status in rows
               if nominal.day == 10 and nominal > date(2026, 12, 10))
    assert date(2026, 12, 25) in _open_dues(task.id)
    assert date(2027, 4, 23) in _open_dues(task.id)  # 25 April 2027 is a Sunday


def test_archiving_cancels_future_open_and_restoring_reopens(ctx, world):
    actor = db.session.get(User, world.manager)
    task = db.session.get(Task, world.payroll_task)
    assert _open_dues(task.id)
    tasks.archive_task(actor, task)
    assert _open_dues(task.id) == []
    tasks.restore_task(actor, task)
    assert len(_open_dues(task.id)) >= 12


def test_a_new_closure_moves_open_due_dates(ctx, world):
    from planner.calendar.operations import add_closed_day

    task = db.session.get(Task, world.payroll_task)
    occurrences.materialise([task], today=TODAY)
    add_closed_day("棚卸休業", date(2027, 3, 10), date(2027, 3, 10), yearly=False)
    # The operation has re-planned both tasks of the world (due on the 10th):
    # nothing is left for the next run to move.
    assert date(2027, 3, 11) in _open_dues(task.id)
    assert occurrences.materialise(today=TODAY).moved == 0


def test_only_owners_and_managers_tick(ctx, world):
    occurrence = db.session.scalars(select(Occurrence).where(
        Occurrence.task_id == world.payroll_task)).first()
    non_owner = db.session.get(User, world.other_staff)
    with pytest.raises(Exception):  # noqa: B017 - outside their scope: not found
        occurrences.get_occurrence(non_owner, occurrence.id)
    manager = db.session.get(User, world.manager)
    occurrences.complete(manager, occurrence)
    assert occurrence.status == "done" and occurrence.completed_by_id == world.manager


def test_staff_who_does_not_own_the_task_cannot_tick(ctx, world):
    from planner.people.operations import PersonData, create_person

    payroll_colleague = create_person(PersonData(
        email="colleague@example.com", name="同僚", department_ids=[world.payroll]))
    occurrence = db.session.scalars(select(Occurrence).where(
        Occurrence.task_id == world.payroll_task)).first()
    with pytest.raises(Forbidden):
        occurrences.complete(payroll_colleague, occurrence)


def test_skip_needs_a_reason_and_reopen_clears_who(ctx, world):
    staff = db.session.get(User, world.staff)
    occurrence = db.session.scalars(select(Occurrence).where(
        Occurrence.task_id == world.payroll_task)).first()
    with pytest.raises(ValidationError) as caught:
        occurrences.skip(staff, occurrence, "  ")
    assert list(caught.value.fields) == ["reason"]
    occurrences.skip(staff, occurrence, "対象者なし")
    assert (occurrence.status, occurrence.note) == ("skipped", "対象者なし")
    occurrences.reopen(staff, occurrence)
    assert occurrence.status == "open" and occurrence.completed_by_id is None


def test_my_work_groups_by_due(ctx, world):
    staff = db.session.get(User, world.staff)
    task = db.session.get(Task, world.payroll_task)
    for due in (date(2026, 11, 20), TODAY, date(2026, 11, 27), date(2026, 12, 15)):
        db.session.add(Occurrence(task_id=task.id, nominal_date=due, due_date=due))
    db.session.flush()
    work = occurrences.my_work(staff, today=TODAY)
    assert [o.due_date for o in work.overdue] == [date(2026, 11, 20)]
    assert [o.due_date for o in work.today] == [TODAY]
    assert [o.due_date for o in work.this_week] == [date(2026, 11, 27)]
    assert date(2026, 12, 15) in [o.due_date for o in work.next_30_days]


def test_overdue_is_scoped_to_the_managers_departments(ctx, world):
    for task_id in (world.payroll_task, world.accounting_task):
        db.session.add(Occurrence(task_id=task_id, nominal_date=date(2026, 11, 1),
                                  due_date=date(2026, 11, 2)))
    db.session.flush()
    manager = db.session.get(User, world.manager)
    assert {o.task_id for o in occurrences.overdue(manager, today=TODAY)} == {world.payroll_task}
    admin = db.session.get(User, world.admin)
    assert len(occurrences.overdue(admin, today=TODAY)) == 2


def test_never_two_occurrences_per_task_and_nominal_date(ctx, world):
    task = db.session.get(Task, world.payroll_task)
    occurrences.materialise([task], today=TODAY)
    occurrences.materialise(today=TODAY)
    duplicates = db.session.execute(
        select(Occurrence.task_id, Occurrence.nominal_date, func.count())
        .group_by(Occurrence.task_id, Occurrence.nominal_date).having(func.count() > 1)).all()
    assert duplicates == []
