"""The work inventory: a cycle, answers, reminders through the outbox, the
summary, retiring a task and closing the cycle."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from planner.core.clock import org_today
from planner.core.errors import Conflict, Forbidden
from planner.core.extensions import db
from planner.inventory import operations as inventory
from planner.inventory.operations import AnswerData
from planner.notifications import operations as notifications
from planner.notifications.models import Notification
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.tasks.models import Task
from planner.work.models import Occurrence


@pytest.fixture
def cycle(ctx, world):  # noqa: ANN001, ANN201
    payroll = db.session.get(Department, world.payroll)
    world.task("賞与計算", payroll, db.session.get(User, world.manager), code="PAY-003",
               effort_minutes=120)
    db.session.get(Task, world.payroll_task).effort_minutes = 60
    from planner.work import operations as occurrences

    occurrences.materialise()
    db.session.commit()
    manager = db.session.get(User, world.manager)
    made = inventory.start_cycle(manager, world.payroll, "2027年4月 棚卸",
                                 org_today() + timedelta(days=14))
    db.session.commit()
    return made


def _answer(cycle, code: str):  # noqa: ANN001, ANN202
    return next(a for a in cycle.answers if a.task.code == code)


def test_a_cycle_asks_each_primary_owner_once_per_task(ctx, world, cycle):
    assert {(a.task.code, a.respondent_id) for a in cycle.answers} == {
        ("PAY-001", world.staff), ("PAY-003", world.manager)}
    assert [a.task.code for a in inventory.pending_for(db.session.get(User, world.staff))] == [
        "PAY-001"]
    with pytest.raises(Conflict):  # one cycle at a time per department
        inventory.start_cycle(db.session.get(User, world.manager), world.payroll, "again",
                              org_today())
    with pytest.raises(Forbidden):
        inventory.start_cycle(db.session.get(User, world.staff), world.payroll, "x", org_today())


def test_answers_summary_retire_and_close(ctx, world, cycle):
    staff, manager = db.session.get(User, world.staff), db.session.get(User, world.manager)
    first, second = _answer(cycle, "PAY-001"), _answer(cycle, "PAY-003")
    with pytest.raises(Forbidden):  # staff answer only for their own tasks
        inventory.answer(staff, second, AnswerData(True, None, True, "keep", ""))
    inventory.answer(staff, first, AnswerData(True, 30, True, "automate", "e-Taxの自動連携",
                                              procedure="1. e-Taxで納付"))
    inventory.answer(manager, second, AnswerData(False, None, True, "keep", "不要になった"))
    db.session.commit()
    assert inventory.progress(cycle).answered == 2
    summary = inventory.summary(cycle)
    assert [a.task.code for a in summary.retire] == ["PAY-003"]
    assert [a.task.code for a in summary.proposals] == ["PAY-001"]
    per_year = {a.task.code: a.occurrences_per_year for a in cycle.answers}
    assert summary.hours_before == round(per_year["PAY-001"] * 1 + per_year["PAY-003"] * 2, 1)
    assert summary.hours_after == round(per_year["PAY-001"] * 0.5, 1)
    assert summary.hours_saved > 0
    # The procedure sent with the answer became a new version.
    assert db.session.get(Task, world.payroll_task).procedure == "1. e-Taxで納付"

    retired = inventory.retire(manager, second)
    db.session.commit()
    assert retired.archived_at is not None
    future = db.session.scalars(select(Occurrence.status).where(
        Occurrence.task_id == retired.id, Occurrence.due_date >= org_today())).all()
    assert future and set(future) == {"cancelled"}
    with pytest.raises(Conflict):
        inventory.retire(manager, first)  # still needed

    inventory.close(manager, cycle)
    db.session.commit()
    assert db.session.get(Task, world.payroll_task).effort_minutes == 30
    with pytest.raises(Conflict):
        inventory.answer(staff, first, AnswerData(True, 30, True, "keep", ""))


def test_retiring_cancels_the_tasks_pending_reminders(ctx, world, cycle):
    manager = db.session.get(User, world.manager)
    item = _answer(cycle, "PAY-003")
    notifications.plan()
    db.session.commit()
    pending = select(Notification.status).join(Occurrence).where(
        Occurrence.task_id == item.task_id, Notification.kind == "reminder")
    assert "pending" in db.session.scalars(pending).all()
    inventory.answer(manager, item, AnswerData(False, None, True, "drop", ""))
    inventory.retire(manager, item)
    db.session.commit()
    assert "pending" not in db.session.scalars(pending).all()


def test_reminders_go_through_the_outbox_once_a_day(ctx, world, cycle):
    manager = db.session.get(User, world.manager)
    assert inventory.remind(manager, cycle) == 2  # staff and the manager have questions
    assert inventory.remind(manager, cycle) == 0  # not twice the same day
    db.session.commit()
    rows = db.session.scalars(select(Notification).where(Notification.kind == "inventory")).all()
    assert {(n.recipient_id, n.channel) for n in rows} == {
        (world.staff, "email"), (world.staff, "inbox"),
        (world.manager, "email"), (world.manager, "inbox")}
    subject, body = notifications.render(rows[0])
    assert "/inventory" in body and subject
