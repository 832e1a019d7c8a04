"""A statutory task's occurrences: legal due dates on the authorities'
calendar, work-by dates on the company's, kept in line when the task or the
calendar changes; my work, overdue and reminders go by them."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select

from planner.calendar.operations import add_closed_day
from planner.core.extensions import db
from planner.notifications import operations as notifications
from planner.notifications.models import Notification
from planner.people.models.user import User
from planner.tasks import operations as tasks
from planner.tasks.models import Task
from planner.tasks.operations import TaskData
from planner.work import operations as occurrences
from planner.work.models import Occurrence

JANUARY = date(2027, 1, 10)  # a Sunday; 11 January is 成人の日


def _dates(task_id: int, nominal: date) -> tuple[date, date]:
    row = db.session.execute(select(Occurrence.due_date, Occurrence.work_by).where(
        Occurrence.task_id == task_id, Occurrence.nominal_date == nominal)).one()
    return row.due_date, row.work_by


def _make_statutory(world, buffer: int = 0) -> Task:  # noqa: ANN001
    task = db.session.get(Task, world.payroll_task)
    manager = db.session.get(User, world.manager)
    data = replace(TaskData.of(task), deadline_basis="statutory", work_by_buffer_days=buffer)
    tasks.update_task(manager, task, data)
    return task


def test_a_statutory_task_keeps_the_law_s_date_through_a_company_closure(ctx, world):
    # The company closes 5–12 January (an inventory closure) on top of 12/29–1/3.
    add_closed_day("棚卸休業", date(2027, 1, 5), date(2027, 1, 12), yearly=False)
    occurrences.materialise()
    assert _dates(world.payroll_task, JANUARY) == (date(2027, 1, 13), date(2027, 1, 13))
    task = _make_statutory(world)
    # Legal: Tue 12 January (the authorities' next open day); work by Mon 4 January.
    assert _dates(task.id, JANUARY) == (date(2027, 1, 12), date(2027, 1, 4))
    # Two business days of buffer: back over the new-year closure to Fri 25 December.
    manager = db.session.get(User, world.manager)
    tasks.update_task(manager, task, replace(TaskData.of(task), work_by_buffer_days=2))
    assert _dates(task.id, JANUARY) == (date(2027, 1, 12), date(2026, 12, 25))
    # Back to internal: today's behaviour again.
    tasks.update_task(manager, task, replace(TaskData.of(task), deadline_basis="internal"))
    assert _dates(task.id, JANUARY) == (date(2027, 1, 13), date(2027, 1, 13))


def test_a_closure_added_later_moves_only_the_work_by_date(ctx, world):
    task = _make_statutory(world)
    assert _dates(task.id, date(2027, 3, 10)) == (date(2027, 3, 10), date(2027, 3, 10))
    add_closed_day("決算休業", date(2027, 3, 8), date(2027, 3, 10), yearly=False)
    # Adding the closure re-plans at once (calendar_changed); nothing is left to move.
    assert occurrences.materialise().moved == 0
    assert _dates(task.id, date(2027, 3, 10)) == (date(2027, 3, 10), date(2027, 3, 5))


def test_my_work_and_overdue_go_by_the_legal_date_and_warn_past_the_work_by_date(ctx, world):
    add_closed_day("棚卸休業", date(2027, 1, 5), date(2027, 1, 12), yearly=False)
    _make_statutory(world)
    staff, manager = db.session.get(User, world.staff), db.session.get(User, world.manager)
    today = date(2027, 1, 6)  # past the work-by date (1/4), before the legal one (1/12)
    work = occurrences.my_work(staff, today=today)
    assert [o.nominal_date for o in work.past_work_by] == [JANUARY]
    assert [o.nominal_date for o in work.overdue] == [date(2026, 12, 10)]
    assert JANUARY not in [o.nominal_date for o in work.today + work.this_week]
    assert [o.nominal_date for o in occurrences.overdue(manager, today)] == [date(2026, 12, 10)]
    assert [o.nominal_date for o in occurrences.past_work_by(manager, today)] == [JANUARY]
    # Once the legal date has passed it is overdue.
    later = occurrences.my_work(staff, today=date(2027, 1, 13))
    assert JANUARY in [o.nominal_date for o in later.overdue]


def test_reminders_count_back_from_the_work_by_date(ctx, world):
    add_closed_day("棚卸休業", date(2027, 1, 5), date(2027, 1, 12), yearly=False)
    task = _make_statutory(world)
    notifications.plan(datetime(2026, 12, 1, tzinfo=timezone.utc))
    occurrence_id = db.session.scalar(select(Occurrence.id).where(
        Occurrence.task_id == task.id, Occurrence.nominal_date == JANUARY))
    rows = db.session.scalars(select(Notification).where(
        Notification.occurrence_id == occurrence_id, Notification.recipient_id == world.staff,
        Notification.channel == "email").order_by(Notification.send_after))
    tokyo = ZoneInfo("Asia/Tokyo")
    # Lead times 7, 1 and 0 days before Mon 4 January, each moved off the
    # company's new-year closure to the business day before.
    assert sorted(((r.lead_days, r.send_after) for r in rows), reverse=True) == [
        (7, datetime(2026, 12, 28, 9, tzinfo=tokyo)),
        (1, datetime(2026, 12, 28, 9, tzinfo=tokyo)),
        (0, datetime(2027, 1, 4, 9, tzinfo=tokyo)),
    ]


def test_a_deadline_moved_by_hand_takes_its_work_by_date_along(ctx, world):
    occurrence = db.session.scalar(select(Occurrence).where(
        Occurrence.task_id == world.payroll_task, Occurrence.nominal_date == JANUARY))
    occurrence.due_date = date(2027, 1, 15)
    db.session.flush()
    assert occurrence.work_by == date(2027, 1, 15)
