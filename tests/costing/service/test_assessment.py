"""Saving a task's automation assessment: who may, what is checked, and the
steps a procedure supplies."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import delete, event, select

from planner.core.errors import Forbidden, ValidationError
from planner.core.extensions import db
from planner.costing import assessment as assessments
from planner.costing.models.assessment import Assessment
from planner.costing.models.suggestion import Suggestion
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.tasks.models import Task

ANSWERS = {"input_source": "spreadsheet", "rule_based_share": Decimal("0.8"),
           "exceptions_per_100": 5, "systems": 2, "changes_per_year": 2,
           "records_per_occurrence": 100, "steps": 10}
PROCEDURE = "## 手順\n1. 勤怠データを出力する\n2. 給与システムに取り込む\n3. 差異を確認する\n"


def test_the_owner_answers_and_the_answers_say_what_the_domain_computes(ctx, world):
    task, staff = db.session.get(Task, world.payroll_task), db.session.get(User, world.staff)
    row = assessments.save_assessment(staff, task, ANSWERS)
    db.session.commit()
    assert row.updated_by_id == world.staff
    answers = assessments.answers_with_defaults(task)
    assert answers.steps == 10 and answers.rule_based_share == Decimal("0.8")
    result = assessments.result_of(task, row)
    # The domain's payroll example (tests/costing/unit/test_assessment_domain.py), at the
    # shipped day rate of ¥30,000 / 40,000 / 50,000: 12 days × (0.67 × 30,000, 40,000,
    # 1.5 × 50,000).
    assert (result.potential, result.ease, result.build_days) == (Decimal("0.68"), 48, 12)
    assert assessments.yen_span(result.build_cost) == {"low": 241_200, "typical": 480_000,
                                                       "high": 900_000}


def test_steps_left_empty_come_from_the_procedure(ctx, world):
    task, staff = db.session.get(Task, world.payroll_task), db.session.get(User, world.staff)
    assessments.save_assessment(staff, task, {**ANSWERS, "steps": None})
    assert assessments.answers_with_defaults(task).steps == 1  # no procedure: one step
    task.procedure = PROCEDURE
    db.session.flush()
    assert assessments.steps_from_procedure(task) == 3
    assert assessments.answers_with_defaults(task).steps == 3
    assert db.session.get(Assessment, task.id).steps is None  # still follows the procedure


def test_owners_managers_of_the_department_and_admins_may_answer(ctx, world):
    payroll_task = db.session.get(Task, world.payroll_task)
    accounting_task = db.session.get(Task, world.accounting_task)
    colleague = world.person("colleague@example.com", "山田 太郎", "staff",
                             [db.session.get(Department, world.payroll)])
    manager, admin = db.session.get(User, world.manager), db.session.get(User, world.admin)
    assert assessments.may_answer(db.session.get(User, world.staff), payroll_task)
    assert assessments.may_answer(manager, payroll_task)
    assert assessments.may_answer(admin, accounting_task)
    assert not assessments.may_answer(colleague, payroll_task)  # same department, not an owner
    assert not assessments.may_answer(manager, accounting_task)  # another department
    for actor, task in ((colleague, payroll_task), (manager, accounting_task)):
        with pytest.raises(Forbidden):
            assessments.save_assessment(actor, task, ANSWERS)
    assert db.session.scalars(select(Assessment)).all() == []


def test_bad_answers_are_named_and_nothing_is_saved(ctx, world):
    task, staff = db.session.get(Task, world.payroll_task), db.session.get(User, world.staff)
    with pytest.raises(ValidationError) as caught:
        assessments.save_assessment(staff, task, {**ANSWERS, "input_source": "fax",
                                                  "rule_based_share": Decimal("1.5"),
                                                  "systems": 0})
    assert set(caught.value.fields) == {"input_source", "rule_based_share", "systems"}
    with pytest.raises(ValidationError) as caught:
        assessments.save_assessment(staff, task, {"input_source": "paper"})
    assert set(caught.value.fields) == {"rule_based_share", "exceptions_per_100", "systems",
                                        "changes_per_year", "records_per_occurrence"}
    assert db.session.get(Assessment, task.id) is None


def test_a_share_keeps_the_three_decimals_the_table_holds(ctx, world):
    task, staff = db.session.get(Task, world.payroll_task), db.session.get(User, world.staff)
    assessments.save_assessment(staff, task, {**ANSWERS, "rule_based_share": Decimal("0.3335")})
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Assessment, task.id).rule_based_share == Decimal("0.334")


def test_a_page_of_tasks_is_read_in_one_query(ctx, world):
    staff = db.session.get(User, world.staff)
    tasks = [db.session.get(Task, world.payroll_task), db.session.get(Task, world.accounting_task)]
    assessments.save_assessment(staff, tasks[0], ANSWERS)
    db.session.commit()
    for task in tasks:
        db.session.refresh(task)
    statements = []
    record = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        found = assessments.assessments_for(tasks)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert len(statements) == 1
    assert set(found) == {world.payroll_task}


def test_answering_recomputes_the_task_proposal(ctx, world):
    from planner.costing import suggestions

    suggestions.recompute()
    db.session.execute(delete(Suggestion).where(Suggestion.task_id == world.payroll_task))
    db.session.commit()
    task, staff = db.session.get(Task, world.payroll_task), db.session.get(User, world.staff)
    assessments.save_assessment(staff, task, ANSWERS)
    db.session.commit()
    assert db.session.scalar(select(Suggestion).where(
        Suggestion.task_id == world.payroll_task)) is not None
