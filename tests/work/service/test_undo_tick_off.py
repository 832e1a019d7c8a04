"""Undoing a tick-off of a moment ago: back to open, audited, and refused once
anything changed, after ten minutes, or in a closed month."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from planner.core.audit_entry import AuditEntry
from planner.core.errors import Conflict
from planner.core.extensions import db
from planner.core.types import utcnow
from planner.people.models.user import User
from planner.periods.domain import month_of
from planner.periods.models import PeriodClose
from planner.tasks.models import Task
from planner.work import operations as work
from planner.work.domain import UNDO_WINDOW, TickOff, undo_allowed
from planner.work.models import Occurrence


def _first_open(task_id: int) -> Occurrence:
    return db.session.scalars(select(Occurrence).where(
        Occurrence.task_id == task_id, Occurrence.status == "open")
        .order_by(Occurrence.due_date)).first()


def test_undo_puts_done_work_back_to_open_and_the_audit_log_says_so(ctx, world):
    staff = db.session.get(User, world.staff)
    occurrence = _first_open(world.payroll_task)
    work.complete(staff, occurrence, "振込済み", minutes=20)
    db.session.commit()
    remembered = work.tick_off_of(occurrence)
    assert remembered.status == "done" and work.may_undo(staff, occurrence, remembered)
    work.undo_tick_off(staff, occurrence, remembered)
    db.session.commit()
    occurrence = db.session.get(Occurrence, occurrence.id)
    assert (occurrence.status, occurrence.completed_by_id, occurrence.completed_at,
            occurrence.minutes_taken, occurrence.note) == ("open", None, None, None, "")
    last = db.session.scalars(select(AuditEntry).where(
        AuditEntry.entity_type == "Occurrence", AuditEntry.entity_id == str(occurrence.id))
        .order_by(AuditEntry.id.desc())).first()
    assert last.changes["status"] == ["done", "open"]
    # Undone once: nothing left to undo.
    assert not work.may_undo(staff, occurrence, remembered)
    with pytest.raises(Conflict):
        work.undo_tick_off(staff, occurrence, remembered)


def test_undo_of_work_handed_over_for_review_returns_it_to_open(ctx, world):
    task = db.session.get(Task, world.payroll_task)
    task.review_required = True
    db.session.commit()
    staff = db.session.get(User, world.staff)
    occurrence = _first_open(world.payroll_task)
    work.complete(staff, occurrence)
    assert occurrence.status == "prepared"
    remembered = work.tick_off_of(occurrence)
    assert remembered == TickOff("prepared", world.staff, occurrence.prepared_at)
    work.undo_tick_off(staff, occurrence, remembered)
    assert (occurrence.status, occurrence.prepared_by_id, occurrence.prepared_at) == (
        "open", None, None)


def test_undo_is_refused_when_someone_else_changed_it_since(ctx, world):
    staff = db.session.get(User, world.staff)
    manager = db.session.get(User, world.manager)
    occurrence = _first_open(world.payroll_task)
    work.complete(staff, occurrence)
    remembered = work.tick_off_of(occurrence)
    work.reopen(manager, occurrence)
    work.complete(manager, occurrence)  # done again, by the manager
    db.session.commit()
    with pytest.raises(Conflict):
        work.undo_tick_off(staff, occurrence, remembered)
    # Nor may the manager take back the staff member's tick-off.
    assert not work.may_undo(manager, occurrence, remembered)


def test_undo_is_refused_after_ten_minutes(ctx, world, time_machine):
    staff = db.session.get(User, world.staff)
    occurrence = _first_open(world.payroll_task)
    work.complete(staff, occurrence)
    db.session.commit()
    remembered = work.tick_off_of(occurrence)
    time_machine.move_to(datetime.now(timezone.utc) + UNDO_WINDOW + timedelta(seconds=5),
                         tick=True)
    assert not work.may_undo(staff, occurrence, remembered)
    with pytest.raises(Conflict):
        work.undo_tick_off(staff, occurrence, remembered)
    assert occurrence.status == "done"


def test_undo_is_refused_once_the_month_is_closed(ctx, world):
    staff = db.session.get(User, world.staff)
    occurrence = _first_open(world.payroll_task)
    work.complete(staff, occurrence)
    remembered = work.tick_off_of(occurrence)
    db.session.add(PeriodClose(department_id=world.payroll, month=month_of(occurrence.due_date),
                               closed_by_id=world.manager, closed_at=utcnow()))
    db.session.commit()
    assert not work.may_undo(staff, occurrence, remembered)
    with pytest.raises(Conflict):
        work.undo_tick_off(staff, occurrence, remembered)
    assert db.session.get(Occurrence, occurrence.id).status == "done"


def test_the_rule_compares_status_person_and_moment():
    at = datetime(2026, 12, 1, 1, 0, 0, 123456, tzinfo=timezone.utc)
    done = TickOff("done", 7, at)
    soon = at + timedelta(minutes=3)
    assert undo_allowed(done, TickOff("done", 7, at.replace(microsecond=0)), 7, soon)
    assert not undo_allowed(done, done, 8, soon)  # someone else's
    assert not undo_allowed(TickOff("open", None, None), done, 7, soon)
    assert not undo_allowed(TickOff("skipped", 7, at), done, 7, soon)
    assert not undo_allowed(TickOff("done", 7, at + timedelta(seconds=30)), done, 7, soon)
    assert not undo_allowed(TickOff("prepared", 7, at), done, 7, soon)
    assert undo_allowed(done, done, 7, at + UNDO_WINDOW)
    assert not undo_allowed(done, done, 7, at + UNDO_WINDOW + timedelta(seconds=1))
    assert not undo_allowed(done, TickOff("done", 7, None), 7, soon)

