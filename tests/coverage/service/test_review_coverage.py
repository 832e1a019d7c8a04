"""Coverage counts the reviewer of a task that requires review (service tier)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from review_support import review_required as _review_required
from sqlalchemy import select

from planner.core.clock import org_today
from planner.core.extensions import db
from planner.coverage import operations as coverage
from planner.coverage.models.absence import Absence
from planner.people.models.user import User
from planner.signoff import operations as sign_off
from planner.tasks.models import Task, TaskOwner
from planner.work import operations as occurrences
from planner.work.models import Occurrence


def _first(world) -> Occurrence:  # noqa: ANN001
    return db.session.scalar(select(Occurrence).where(
        Occurrence.task_id == world.payroll_task, Occurrence.status == "open")
        .order_by(Occurrence.due_date).limit(1))


def test_a_review_required_task_with_one_qualified_person_is_a_single_point_of_failure(
        ctx, world):
    _review_required(world, 2)  # a trainee cannot check it
    task = db.session.get(Task, world.payroll_task)
    result = coverage.task_coverage([task], org_today())[task.id]
    assert result.single_point_of_failure and result.uncovered
    assert result.risk_score == 3 * 3 * 3  # high, monthly, nobody to check it
    board = coverage.dashboard(db.session.get(User, world.manager))
    assert [r.task.id for r in board.single_points_of_failure] == [world.payroll_task]
    payroll = dict((d.id, c) for d, c in board.departments)[world.payroll]
    assert payroll.bus_factor == 0 and payroll.covered == 0
    # Nobody can check its coming occurrences, absences or not.
    assert board.at_risk[0].occurrence.id == _first(world).id
    assert {a.occurrence.task_id for a in board.at_risk} == {world.payroll_task}


def test_two_qualified_people_cover_it_and_either_is_a_key_person(ctx, world):
    (checker,) = _review_required(world, 4)
    task = db.session.get(Task, world.payroll_task)
    result = coverage.task_coverage([task], org_today())[task.id]
    assert not result.single_point_of_failure and not result.uncovered
    assert result.risk_score == 3 * 3 * 2  # one absence stops the check
    board = coverage.dashboard(db.session.get(User, world.manager))
    payroll = dict((d.id, c) for d, c in board.departments)[world.payroll]
    assert payroll.bus_factor == 1
    assert board.at_risk == []
    assert checker in result.qualified


def test_the_reviewers_absence_puts_the_occurrence_at_risk(ctx, world):
    (checker,) = _review_required(world, 4)
    first = _first(world)
    # The preparer is there; the only other qualified person is away until the due date.
    db.session.add(Absence(user_id=checker, start_date=org_today(), end_date=first.due_date))
    db.session.commit()
    manager = db.session.get(User, world.manager)
    at_risk = coverage.dashboard(manager).at_risk
    assert [(a.occurrence.id, [p.id for p in a.absent]) for a in at_risk] == [
        (first.id, [checker])]
    task = db.session.get(Task, world.payroll_task)
    assert [a.occurrence.id for a in coverage.at_risk_for_task(task)] == [first.id]

    # Without the double check, the preparer alone gets it done: not at risk.
    task.review_required = False
    db.session.commit()
    assert coverage.dashboard(manager).at_risk == []
    assert coverage.at_risk_for_task(task) == []


def test_prepared_work_is_at_risk_when_only_its_preparer_is_there_to_check_it(ctx, world):
    (checker,) = _review_required(world, 4)
    first = _first(world)
    # The backup prepared it; the primary, the only other checker, is away.
    occurrences.complete(db.session.get(User, checker), first)
    assert first.status == "prepared"
    db.session.add(Absence(user_id=world.staff, start_date=org_today(),
                           end_date=first.due_date + timedelta(days=1)))
    db.session.commit()
    task = db.session.get(Task, world.payroll_task)
    assert [a.occurrence.id for a in coverage.at_risk_for_task(task)] == [first.id]
    board = coverage.dashboard(db.session.get(User, world.manager))
    assert first.id in [a.occurrence.id for a in board.at_risk]


def test_the_checker_carries_a_quarter_of_the_effort_in_the_workload(ctx, world):
    (checker,) = _review_required(world, 4)
    task = db.session.get(Task, world.payroll_task)
    task.effort_minutes = 240
    db.session.commit()
    today = org_today()
    # Three months ahead: 10 December, 12 January, 10 February, an hour of checking each.
    assert coverage.planned_load([checker], today) == {checker: 1.0}
    assert coverage.planned_load([world.staff], today) == {world.staff: 4.0}
    # A check done stays with the person who did it; one not done, with the checker to be.
    first = _first(world)
    occurrences.complete(db.session.get(User, world.staff), first)
    sign_off.review(db.session.get(User, checker), first, "approve", "")
    db.session.commit()
    assert coverage.planned_load([checker], today) == {checker: 1.0}
    task.review_required = False
    db.session.commit()
    assert coverage.planned_load([checker], today) == pytest.approx({checker: 1 / 3})


def test_the_cross_training_suggestion_names_the_missing_reviewer(ctx, world):
    _review_required(world, 2)
    board = coverage.dashboard(db.session.get(User, world.manager))
    (risk,) = board.single_points_of_failure
    assert risk.coverage.gap == "reviewer" and risk.coverage.people_to_train == 1
    # The trainee at level 2 is the best one to bring up to checking it.
    assert risk.candidates and risk.candidates[0][1].level == 2
    # Once a second person is qualified, no suggestion is left for the task.
    db.session.scalar(select(TaskOwner).where(TaskOwner.task_id == world.payroll_task,
                                              TaskOwner.level == 2)).level = 3
    db.session.commit()
    assert coverage.dashboard(db.session.get(User, world.manager)).single_points_of_failure == []
