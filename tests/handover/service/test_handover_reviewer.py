"""A handover of a task that requires review (ダブルチェック): the plan
proposes a reviewer as well as a preparer, a leaving reviewer's check is
handed over too, and applying makes the reviewer an owner (trained if needed)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from review_support import review_required as _review_required
from sqlalchemy import select

from planner.core.clock import org_today
from planner.core.extensions import db
from planner.coverage.models.training import TrainingPlan
from planner.handover import operations as handover
from planner.handover.domain import UncoveredTasks
from planner.people.models.user import User
from planner.tasks.models import TaskOwner


def _window():  # noqa: ANN202
    start = org_today() + timedelta(days=10)
    return start, start + timedelta(days=60)


def _item(plan, world):  # noqa: ANN001, ANN202
    return next(i for i in plan.items if i.task.id == world.payroll_task)


def test_the_preparer_leaving_keeps_the_other_qualified_person_as_reviewer(ctx, world):
    first, second = _review_required(world, 4, 3)
    plan = handover.plan(db.session.get(User, world.manager), world.staff, "leaving", *_window())
    item = _item(plan, world)
    assert item.change.successor_id == first  # the best qualified prepares
    assert item.change.reviewer_id == second and item.reviewer.id == second
    assert item.change.covered_after and plan.uncovered == []


def test_one_qualified_person_left_is_not_enough_and_a_reviewer_is_trained(ctx, world):
    (successor,) = _review_required(world, 4)
    manager = db.session.get(User, world.manager)
    start, end = _window()
    item = _item(handover.plan(manager, world.staff, "leaving", start, end), world)
    assert item.change.successor_id == successor
    # Nobody else is qualified: the manager, a member, is proposed to check.
    assert item.change.reviewer_id == world.manager
    assert item.change.reviewer_needs_training and item.change.reviewer_missing
    with pytest.raises(UncoveredTasks):
        handover.apply(manager, world.staff, "leaving", start, end, {})
    db.session.rollback()
    handover.apply(db.session.get(User, world.manager), world.staff, "leaving", start, end, {},
                   accept_uncovered=True)
    db.session.commit()
    owners = {o.user_id: (o.role, o.level) for o in db.session.scalars(
        select(TaskOwner).where(TaskOwner.task_id == world.payroll_task))}
    assert owners == {successor: ("primary", 4), world.manager: ("backup", 0)}
    plans = db.session.scalars(select(TrainingPlan).where(
        TrainingPlan.task_id == world.payroll_task)).all()
    assert [(p.trainee_id, p.trainer_id) for p in plans] == [(world.manager, successor)]


def test_a_leaving_reviewer_hands_over_the_check(ctx, world):
    (checker,) = _review_required(world, 4)
    manager = db.session.get(User, world.manager)
    item = _item(handover.plan(manager, checker, "leaving", *_window()), world)
    assert item.role == "backup"
    # The primary keeps preparing and cannot check their own work: someone
    # else takes over the check, though not yet qualified.
    assert item.change.reviewer_id not in (None, world.staff)
    assert item.change.reviewer_missing and not item.change.covered_after
    assert not item.change.covered_without
