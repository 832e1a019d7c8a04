"""New work cannot land in a closed month (締め): the generation job skips
(and logs) the dates of a closed department-month, also when the calendar
would move work into it; an import's new tasks likewise; recording an event
whose step falls in a closed month is refused (409) with nothing written."""
from __future__ import annotations

import logging
from datetime import date

import pytest
from conftest import workbook_bytes
from event_runs_support import step_departments
from sqlalchemy import func, select

from planner.calendar import operations as calendar
from planner.calendar.recurrence import Schedule
from planner.core.errors import Conflict
from planner.core.extensions import db
from planner.employees.models import Employee
from planner.events import operations as events
from planner.events.models import Event
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.periods import operations as periods
from planner.tasks.models import Task
from planner.transfer import imports
from planner.work import operations as work
from planner.work.models import Occurrence

JANUARY = date(2027, 1, 1)


@pytest.fixture
def general(ctx, world) -> int:  # noqa: ANN001
    """総務, with no work yet, its January 2027 closed (nothing blocks it)."""
    department = Department(code="general", name="総務")
    db.session.add(department)
    db.session.flush()
    periods.close(db.session.get(User, world.admin), department.id, "2027-01")
    db.session.commit()
    return department.id


def _dues(task_id: int) -> list[date]:
    return list(db.session.scalars(select(Occurrence.due_date).where(
        Occurrence.task_id == task_id, Occurrence.status != "cancelled")
        .order_by(Occurrence.due_date)))


def _task(world, department_id: int, rule: str, shift: str = "next") -> Task:  # noqa: ANN001
    task = Task(title="備品の棚卸", department_id=department_id, category="general_affairs",
                criticality="low")
    task.schedule = Schedule("rrule", date(2026, 1, 1), rrule=rule, shift=shift)
    db.session.add(task)
    db.session.flush()
    return task


def test_the_generation_job_skips_a_closed_month_and_says_so(ctx, world, general, caplog):
    task = _task(world, general, "FREQ=MONTHLY;BYMONTHDAY=10")
    with caplog.at_level(logging.WARNING, logger="planner.work.operations"):
        result = work.materialise()  # what the scheduler's job runs
    db.session.commit()
    dues = _dues(task.id)
    assert date(2026, 12, 10) in dues and date(2027, 2, 10) in dues
    assert not [d for d in dues if d.year == 2027 and d.month == 1]
    assert result.skipped_closed == 1
    assert f"task {task.id}: 1 occurrence(s) not made or moved" in caplog.text
    assert "2027-01" in caplog.text
    # The other department's January is open: its work is made as before.
    assert date(2027, 1, 12) in _dues(world.payroll_task)
    # Reopened, the month takes the work at the next run.
    periods.reopen(db.session.get(User, world.admin), general, "2027-01", "訂正のため")
    assert work.materialise().skipped_closed == 0
    assert date(2027, 1, 12) in _dues(task.id)


def test_the_calendar_does_not_move_work_into_a_closed_month(ctx, world, general):
    # On the 1st, moved to the previous business day: 1 January falls in the
    # year-end closure (28 December), 1 February 2027 is a Monday.
    task = _task(world, general, "FREQ=MONTHLY;BYMONTHDAY=1", shift="previous")
    work.materialise([task])
    db.session.commit()
    assert date(2027, 2, 1) in _dues(task.id)
    calendar.add_closed_day("臨時休業", date(2027, 2, 1), date(2027, 2, 1), yearly=False)
    db.session.commit()
    dues = _dues(task.id)
    # 29 January is in the closed month: the occurrence stays where it was.
    assert date(2027, 1, 29) not in dues and date(2027, 2, 1) in dues


def test_an_imported_task_gets_no_work_in_a_closed_month(ctx, world, general):
    book = workbook_bytes(["code", "title", "department", "category", "preset", "day", "shift",
                           "effort_minutes"],
                          [["GEN-001", "備品の棚卸", "general", "general_affairs", "monthly_day",
                            10, "next", 30]])
    report = imports.run_import(db.session.get(User, world.admin), "tasks", book, commit=True)
    assert report.ok and report.committed
    task_id = db.session.scalar(select(Task.id).where(Task.code == "GEN-001"))
    dues = _dues(task_id)
    assert date(2026, 12, 10) in dues and date(2027, 2, 10) in dues
    assert not [d for d in dues if (d.year, d.month) == (2027, 1)]


def test_an_event_whose_step_falls_in_a_closed_month_is_refused(ctx, world):
    step_departments(world.manager)
    manager = db.session.get(User, world.manager)
    employee = Employee(number="E1001", name="山田 太郎", name_kana="ヤマダ タロウ",
                        hire_date=date(2020, 4, 1), leave_date=date(2026, 12, 15))
    db.session.add(employee)
    db.session.flush()
    planned = events.preview_event(manager, "leave", date(2026, 12, 15), employee)
    late = next(p for p in planned if p.due_date >= JANUARY)
    task = events.ensure_step_task("leave", late.step)
    for blocking in periods.blocking(task.department_id, late.due_date.replace(day=1)):
        blocking.status = "skipped"  # the month's other work is finished
    periods.close(db.session.get(User, world.admin), task.department_id,
                  f"{late.due_date:%Y-%m}")
    db.session.commit()
    before = db.session.scalar(select(func.count()).select_from(Occurrence))
    with pytest.raises(Conflict) as refused:
        events.record_event(manager, "leave", date(2026, 12, 15), employee)
    assert refused.value.message.params["month"] == f"{late.due_date:%Y-%m}"
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0
    assert db.session.scalar(select(func.count()).select_from(Occurrence)) == before
