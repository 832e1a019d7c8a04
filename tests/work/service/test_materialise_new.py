"""Materialising computes each distinct rule's dates once (ScheduleDates), and
tasks created in this transaction get theirs straight in (materialise_new):
the same occurrences as materialise() one task at a time."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from planner.calendar.domain import INTERNAL
from planner.calendar.operations import load_calendar
from planner.calendar.recurrence import Schedule
from planner.calendar.recurrence import occurrences as schedule_occurrences
from planner.core.extensions import db
from planner.people.models.department import Department
from planner.tasks.models import Task
from planner.work import operations as occurrences
from planner.work.models import Occurrence

TODAY = date(2026, 11, 25)
SCHEDULES = [
    Schedule("rrule", date(2025, 4, 1), rrule="FREQ=MONTHLY;BYMONTHDAY=10", shift="next"),
    Schedule("rrule", date(2025, 4, 1), rrule="FREQ=MONTHLY;BYMONTHDAY=-1", shift="previous"),
    Schedule("rrule", date(2025, 4, 4), rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
    Schedule("rrule", date(2025, 4, 11), rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
    Schedule("rrule", date(2027, 2, 1), rrule="FREQ=MONTHLY;BYMONTHDAY=25", shift="previous"),
    Schedule("business_day", date(2025, 4, 1), business_day=-1),
    Schedule("business_day", date(2026, 12, 15), business_day=3),
    Schedule("once", date(2025, 4, 1), once_date=date(2027, 3, 13), shift="next"),
    Schedule("once", date(2025, 4, 1), once_date=date(2020, 1, 1)),
]


def _expected(schedule: Schedule, dates: occurrences.ScheduleDates
              ) -> dict[date, tuple[date, date]]:
    # An internal deadline is its own work-by date.
    return {o.nominal: (o.due, o.due) for o in schedule_occurrences(schedule, dates.calendar, dates.start,
                                                           dates.end) if o.due >= TODAY}


def test_schedule_dates_are_the_rules_own(ctx, world):
    dates = occurrences.ScheduleDates(TODAY)
    for schedule in SCHEDULES:
        assert dates.wanted(schedule) == _expected(schedule, dates), schedule
    # Every other Friday: the phase comes from DTSTART, so two starts differ.
    assert dates.wanted(SCHEDULES[2]) != dates.wanted(SCHEDULES[3])


def test_schedule_dates_compute_a_rule_once(ctx, world):
    dates = occurrences.ScheduleDates(TODAY, calendar=load_calendar())
    monthly = SCHEDULES[0]
    # Lead times do not move dates; nor does an earlier start for the kinds
    # that begin at the window.
    assert dates.wanted(monthly) is dates.wanted(Schedule(
        "rrule", monthly.dtstart, rrule=monthly.rrule, shift="next", lead_days=(3,)))
    last_day = SCHEDULES[5]
    assert dates.wanted(last_day) is dates.wanted(Schedule("business_day", date(2024, 1, 9),
                                                           business_day=-1))
    assert dates.wanted(Schedule("rrule", date(2025, 1, 1), rrule="FREQ=MONTHLY;BYMONTHDAY=40")
                        ) is None


def test_materialise_new_writes_what_materialise_writes(ctx, world):
    department = db.session.get(Department, world.payroll)
    made = []
    for n, schedule in enumerate([*SCHEDULES, *SCHEDULES]):  # each rule twice
        task = Task(title=f"業務 {n}", department_id=department.id, category="tax")
        task.schedule = schedule
        db.session.add(task)
        made.append(task)
    db.session.flush()
    half = len(SCHEDULES)
    dates = occurrences.ScheduleDates(TODAY)
    result = occurrences.materialise_new([(t.id, t.schedule, INTERNAL) for t in made[:half]], dates)
    reference = occurrences.materialise(made[half:], today=TODAY)
    assert result.created == reference.created > 0
    db.session.commit()

    def stored(task_id: int) -> list[tuple]:
        return [(o.nominal_date, o.due_date, o.status, o.note) for o in db.session.scalars(
            select(Occurrence).where(Occurrence.task_id == task_id)
            .order_by(Occurrence.nominal_date))]

    for task, twin in zip(made[:half], made[half:], strict=True):
        assert stored(task.id) == stored(twin.id), task.schedule
    # Idempotent afterwards: materialise() finds nothing to add.
    assert occurrences.materialise(made[:half], today=TODAY).created == 0


def test_materialise_new_skips_an_invalid_rule(ctx, world):
    dates = occurrences.ScheduleDates(TODAY)
    bad = Schedule("rrule", date(2025, 1, 1), rrule="FREQ=MONTHLY;BYMONTHDAY=40")
    result = occurrences.materialise_new([(world.payroll_task, bad, INTERNAL)], dates)
    assert (result.created, result.invalid_tasks) == (0, [world.payroll_task])
