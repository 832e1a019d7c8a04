"""A task's automation assessment: who may answer it, saving the answers, and
reading them for a page of tasks at once (the estimate's use)."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select

from planner.core.errors import N_, Forbidden, Message, ValidationError
from planner.core.extensions import db
from planner.core.roles import Role
from planner.costing import price_book
from planner.costing.domain import yen
from planner.costing.domain.assessment import (
    STEPS_RANGE,
    Answers,
    AutomationAssessment,
    assess,
    count_numbered_steps,
    problems,
)
from planner.costing.domain.ranges import Span
from planner.costing.models.assessment import Assessment
from planner.people.access import scope_of
from planner.people.models.user import User
from planner.tasks.models import Task

ANSWER_FIELDS: tuple[str, ...] = ("input_source", "rule_based_share", "exceptions_per_100",
                                  "systems", "changes_per_year", "records_per_occurrence",
                                  "steps")
# What the assessments table keeps of a share: three decimals.
_SHARE_PLACES = Decimal("0.001")


def may_answer(actor: User, task: Task) -> bool:
    """The task's owners (any role) know the work; its department's managers
    and the administrators may answer for them."""
    if any(owner.user_id == actor.id for owner in task.owners):
        return True
    return Role(actor.role).at_least(Role.MANAGER) and scope_of(actor).covers(task.department_id)


def steps_from_procedure(task: Task) -> int:
    """The numbered steps of the task's procedure, within what an answer may say."""
    return min(count_numbered_steps(task.procedure or ""), STEPS_RANGE[1])


def _answers(row: Assessment, task: Task) -> Answers:
    return Answers(
        input_source=row.input_source, rule_based_share=Decimal(row.rule_based_share),
        exceptions_per_100=row.exceptions_per_100, systems=row.systems,
        changes_per_year=row.changes_per_year, records_per_occurrence=row.records_per_occurrence,
        # An owner who left the steps empty counts on the procedure; one without
        # numbered steps is one step.
        steps=row.steps or steps_from_procedure(task) or 1)


def get_assessment(task: Task) -> Assessment | None:
    return db.session.get(Assessment, task.id)


def saved_values(row: Assessment | None) -> dict[str, Any] | None:
    """The answers as saved (steps None: from the procedure), for a form or the API."""
    if row is None:
        return None
    return {name: getattr(row, name) for name in ANSWER_FIELDS}


def assessments_for(tasks: list[Task]) -> dict[int, Answers]:
    """The answers of the tasks that have some, steps filled in from the
    procedure where the owner left them empty, in one query."""
    by_id = {task.id: task for task in tasks}
    if not by_id:
        return {}
    rows = db.session.scalars(select(Assessment).where(Assessment.task_id.in_(by_id)))
    return {row.task_id: _answers(row, by_id[row.task_id]) for row in rows}


def answers_with_defaults(task: Task) -> Answers | None:
    """The task's answers as the estimate reads them (steps from the procedure
    when left empty), None when nobody has answered."""
    return assessments_for([task]).get(task.id)


def _required(values: dict[str, Any]) -> dict[str, list[Message]]:
    return {name: [N_("This field is required.")] for name in ANSWER_FIELDS
            if name != "steps" and values.get(name) is None}


def save_assessment(actor: User, task: Task, values: dict[str, Any]) -> Assessment:
    """Replace the task's answers; `steps` None counts the procedure's
    numbered steps. Nothing is written unless every answer is valid."""
    if not may_answer(actor, task):
        raise Forbidden()
    errors = _required(values)
    if errors:
        raise ValidationError(errors, N_("Some fields are not valid."))
    share = Decimal(values["rule_based_share"]).quantize(_SHARE_PLACES, rounding=ROUND_HALF_UP)
    given_steps = values.get("steps")
    answers = Answers(
        input_source=values["input_source"], rule_based_share=share,
        exceptions_per_100=values["exceptions_per_100"], systems=values["systems"],
        changes_per_year=values["changes_per_year"],
        records_per_occurrence=values["records_per_occurrence"],
        steps=given_steps if given_steps is not None else steps_from_procedure(task) or 1)
    errors = problems(answers)
    if errors:
        raise ValidationError(errors, N_("Some fields are not valid."))
    row = get_assessment(task)
    if row is None:
        row = Assessment(task_id=task.id)
        db.session.add(row)
    for name in ANSWER_FIELDS:
        setattr(row, name, getattr(answers, name))
    row.steps = given_steps
    row.updated_by_id = actor.id
    db.session.flush()
    return row


def updated_by(row: Assessment | None) -> User | None:
    if row is None or row.updated_by_id is None:
        return None
    return db.session.get(User, row.updated_by_id)


def yen_span(span: Span) -> dict[str, int]:
    """A range of money as whole yen, rounded half up."""
    return {"low": yen(span.low), "typical": yen(span.typical), "high": yen(span.high)}


def result_of(task: Task, row: Assessment | None) -> AutomationAssessment | None:
    """What the task's saved answers say: potential, ease, build and running cost."""
    return assess(_answers(row, task), price_book.automation_rates()) if row is not None else None
