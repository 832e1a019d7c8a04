"""Handover as a service: proposals, the refusal to leave a task uncovered,
and what applying changes (owners, reminders, training, the record)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import PASSWORD
from sqlalchemy import select

from planner.core.clock import org_today
from planner.core.errors import ValidationError
from planner.core.extensions import db
from planner.coverage.models.absence import Absence
from planner.coverage.models.training import TrainingPlan
from planner.handover import operations as handover
from planner.handover.domain import UncoveredTasks
from planner.handover.models import Handover
from planner.notifications import operations as notifications
from planner.notifications.models import Notification
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.tasks.models import Task, TaskOwner


@pytest.fixture
def team(ctx, world):  # noqa: ANN001, ANN201
    """Payroll: staff is primary (level 3) of PAY-001; the manager is a member
    without a level; a second qualified colleague joins as backup on a second task."""
    from planner.people.operations import PersonData, create_person

    colleague = create_person(PersonData(email="kato@example.com", name="加藤 三郎",
                                         role="staff", language="ja",
                                         department_ids=[world.payroll]), PASSWORD)
    second = world.task("住民税の納付", db.session.get(Department, world.payroll),
                        db.session.get(User, world.staff), code="PAY-002")
    second.owners.append(TaskOwner(user_id=colleague.id, role="backup", level=4))
    db.session.flush()
    from planner.work import operations as occurrences

    occurrences.materialise()
    notifications.plan()
    db.session.commit()
    return {"colleague": colleague.id, "second": second.id}


def _window() -> tuple[date, date]:
    start = org_today() + timedelta(days=10)
    return start, start + timedelta(days=60)


def test_plan_lists_each_task_with_coverage_and_ranked_successors(ctx, world, team):
    manager = db.session.get(User, world.manager)
    start, end = _window()
    plan = handover.plan(manager, world.staff, "leaving", start, end)
    items = {i.task.id: i for i in plan.items}
    assert set(items) == {world.payroll_task, team["second"]}
    first, second = items[world.payroll_task], items[team["second"]]
    assert (first.role, first.level) == ("primary", 3)
    assert not first.change.covered_without and second.change.covered_without
    # The qualified backup is proposed first for the second task.
    assert second.proposals[0][0].id == team["colleague"]
    assert all(p.successor.person_id != world.staff for _, p in first.proposals)
    assert plan.uncovered == [world.payroll_task]  # nobody qualified can take PAY-001


def test_apply_is_refused_while_a_task_would_be_uncovered(ctx, world, team):
    manager = db.session.get(User, world.manager)
    start, end = _window()
    chosen = {world.payroll_task: world.manager, team["second"]: team["colleague"]}
    before = db.session.scalars(select(TaskOwner.id).order_by(TaskOwner.id)).all()
    with pytest.raises(UncoveredTasks) as refused:
        handover.apply(manager, world.staff, "leaving", start, end, chosen)
    assert refused.value.task_ids == [world.payroll_task]
    db.session.rollback()
    assert db.session.scalars(select(TaskOwner.id).order_by(TaskOwner.id)).all() == before
    with pytest.raises(ValidationError):
        handover.apply(manager, world.staff, "leaving", start, end,
                       {world.payroll_task: None, team["second"]: None}, accept_uncovered=True)


def test_apply_moves_owners_reminders_and_plans_training(ctx, world, team):
    manager = db.session.get(User, world.manager)
    start, end = _window()
    pending_before = db.session.scalars(select(Notification).where(
        Notification.recipient_id == world.staff, Notification.status == "pending",
        Notification.kind == "reminder")).all()
    assert pending_before  # the departing person had reminders coming
    chosen = {world.payroll_task: world.manager, team["second"]: team["colleague"]}
    record = handover.apply(manager, world.staff, "leaving", start, end, chosen,
                            accept_uncovered=True, note="退職")
    db.session.commit()
    first = db.session.get(Task, world.payroll_task)
    second = db.session.get(Task, team["second"])
    assert first.primary_owner.id == world.manager
    assert second.primary_owner.id == team["colleague"]
    assert world.staff not in {o.user_id for t in (first, second) for o in t.owners}
    # The departing person's pending reminders are cancelled, the successors' planned.
    statuses = {n.status for n in db.session.scalars(select(Notification).where(
        Notification.recipient_id == world.staff, Notification.kind == "reminder",
        Notification.id.in_([n.id for n in pending_before])))}
    assert statuses == {"cancelled"}
    assert db.session.scalars(select(Notification).where(
        Notification.recipient_id == world.manager, Notification.status == "pending",
        Notification.kind == "reminder")).first() is not None
    plan = db.session.scalars(select(TrainingPlan)).one()
    assert (plan.task_id, plan.trainee_id, plan.trainer_id) == (
        world.payroll_task, world.manager, world.staff)  # taught before they go
    saved = db.session.get(Handover, record.id)
    assert [(line.task_id, line.previous_role, line.successor_id, line.training_planned)
            for line in saved.lines] == [
        (world.payroll_task, "primary", world.manager, True),
        (team["second"], "primary", team["colleague"], False)]


def test_long_leave_records_the_absence(ctx, world, team):
    manager = db.session.get(User, world.manager)
    start, end = _window()
    handover.apply(manager, world.staff, "long_leave", start, end,
                   {world.payroll_task: world.manager, team["second"]: team["colleague"]},
                   accept_uncovered=True)
    db.session.commit()
    absence = db.session.scalars(select(Absence).where(Absence.user_id == world.staff)).one()
    assert (absence.start_date, absence.end_date) == (start, end)


def test_staff_and_other_departments_cannot_hand_over(ctx, world, team):
    from planner.core.errors import Forbidden, NotFound

    start, end = _window()
    with pytest.raises(Forbidden):
        handover.plan(db.session.get(User, world.staff), world.staff, "leaving", start, end)
    with pytest.raises(NotFound):
        handover.plan(db.session.get(User, world.manager), world.other_staff, "leaving",
                      start, end)


def test_the_handover_document_holds_what_a_successor_needs(ctx, world, team):
    manager = db.session.get(User, world.manager)
    person, documents = handover.person_document(manager, world.staff)
    assert person.id == world.staff
    by_task = {d.task.id: d for d in documents}
    # The primary first, then the other qualified people by level.
    assert [o.user_id for o in by_task[team["second"]].ask] == [world.staff, team["colleague"]]
    assert by_task[world.payroll_task].upcoming
