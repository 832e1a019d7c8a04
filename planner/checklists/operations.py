"""Use cases of the checklist: a task's steps, an occurrence's items, ticking.

An occurrence's checklist is frozen from the task's steps the first time
someone works on it (ticks a step, attaches evidence, hands it over for
review); until then it shows the task's current steps. Occurrences are made
in bulk, hundreds of thousands at an import, and most are never opened before
their time: copying the steps into each when it is made would double that
work for nothing. A GET never writes, so showing a checklist does not freeze
it either. Items are numbered from 1, and the API names an item by its number.

Operations flush and never commit (core/transaction.py)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from planner.checklists import domain
from planner.checklists.domain import Step
from planner.checklists.models import ChecklistItem, TaskStep
from planner.core.errors import N_, Conflict, Forbidden, NotFound, ValidationError
from planner.core.extensions import db
from planner.core.roles import Role
from planner.core.types import utcnow
from planner.people.access import scope_of
from planner.people.models.user import User
from planner.tasks.models import Task, TaskOwner
from planner.work import operations as occurrence_service
from planner.work.models import Occurrence


@dataclass(frozen=True)
class Item:
    """One step of an occurrence's checklist as shown: frozen (a row) or not yet."""

    number: int
    text: str
    evidence_required: bool
    ticked_by: User | None = None
    ticked_at: datetime | None = None
    row_id: int | None = None

    @property
    def ticked(self) -> bool:
        return self.ticked_at is not None


# --- A task's steps ---------------------------------------------------------------


def explicit_steps(task: Task) -> list[Step]:
    rows = db.session.scalars(select(TaskStep).where(TaskStep.task_id == task.id)
                              .order_by(TaskStep.position))
    return [Step(row.text, row.evidence_required) for row in rows]


def current_steps(task: Task) -> list[Step]:
    """The steps a new checklist of this task gets: its list, else its procedure's."""
    return domain.steps_for(explicit_steps(task), task.procedure or "")


def may_edit_steps(actor: User, task: Task) -> bool:
    return scope_of(actor).can_edit_tasks(task.department_id)


def save_steps(actor: User, task: Task, steps: list[Step]) -> None:
    """Replace the task's explicit steps (none: the procedure's numbered list
    again). Checklists already frozen keep the steps they were given."""
    if not may_edit_steps(actor, task):
        raise Forbidden()
    steps = [Step(s.text.strip(), s.evidence_required) for s in steps]
    errors = domain.check_steps(steps)
    if errors:
        raise ValidationError(errors)
    db.session.execute(delete(TaskStep).where(TaskStep.task_id == task.id))
    db.session.add_all(TaskStep(task_id=task.id, position=number, text=step.text,
                                evidence_required=step.evidence_required)
                       for number, step in enumerate(steps, start=1))
    db.session.flush()


# --- An occurrence's checklist ------------------------------------------------------


def _rows(occurrence: Occurrence) -> list[ChecklistItem]:
    return list(db.session.scalars(
        select(ChecklistItem).where(ChecklistItem.occurrence_id == occurrence.id)
        .options(joinedload(ChecklistItem.ticked_by).lazyload(User.departments))
        .order_by(ChecklistItem.position)))


def is_frozen(occurrence: Occurrence) -> bool:
    return db.session.scalar(select(ChecklistItem.id).where(
        ChecklistItem.occurrence_id == occurrence.id).limit(1)) is not None


def checklist(occurrence: Occurrence) -> list[Item]:
    """The occurrence's checklist: its frozen items, or (while it is open and
    nobody has worked on it) the task's current steps, not ticked."""
    rows = _rows(occurrence)
    if rows:
        return [Item(row.position, row.text, row.evidence_required, row.ticked_by,
                     row.ticked_at, row.id) for row in rows]
    if occurrence.status != "open":
        return []
    return [Item(number, step.text, step.evidence_required)
            for number, step in enumerate(current_steps(occurrence.task), start=1)]


def freeze(occurrence: Occurrence) -> list[ChecklistItem]:
    """The occurrence's items, copied from the task's steps if not yet."""
    rows = _rows(occurrence)
    if rows or occurrence.status != "open":
        return rows
    rows = [ChecklistItem(occurrence_id=occurrence.id, position=number, text=step.text,
                          evidence_required=step.evidence_required)
            for number, step in enumerate(current_steps(occurrence.task), start=1)]
    db.session.add_all(rows)
    db.session.flush()
    return rows


def may_work_on(actor: User, occurrence: Occurrence) -> bool:
    """Who ticks a step or attaches evidence: as for ticking the occurrence off,
    its task's owners, the person a run's step was given to, and managers
    (the department was checked when the occurrence was fetched)."""
    if Role(actor.role).at_least(Role.MANAGER):
        return True
    if occurrence.assignee_id == actor.id:
        return True
    return db.session.scalar(select(TaskOwner.id).where(
        TaskOwner.task_id == occurrence.task_id, TaskOwner.user_id == actor.id).limit(1)
    ) is not None


def require_open(occurrence: Occurrence) -> None:
    """Ticks and files change only open work of a month not closed (締め)."""
    occurrence_service.ensure_open_period(occurrence)
    if occurrence.status != "open":
        raise Conflict(N_("The checklist of an occurrence that is no longer open "
                          "cannot change."))


def item_for(occurrence: Occurrence, number: int, *, freezing: bool = True
             ) -> ChecklistItem:
    """The item with this number, the checklist frozen first."""
    rows = freeze(occurrence) if freezing else _rows(occurrence)
    found = next((row for row in rows if row.position == number), None)
    if found is None:
        raise NotFound(N_("This occurrence's checklist has no step %(number)d.",
                          number=number))
    return found


def tick(actor: User, occurrence: Occurrence, number: int, ticked: bool = True
         ) -> ChecklistItem:
    """Tick (or untick) a step, saying who and when."""
    if not may_work_on(actor, occurrence):
        raise Forbidden(N_("Only the task's owners and managers can change this occurrence."))
    require_open(occurrence)
    item = item_for(occurrence, number)
    if ticked and item.ticked_at is None:
        item.ticked_by_id, item.ticked_at = actor.id, utcnow()
    elif not ticked:
        item.ticked_by_id, item.ticked_at = None, None
    db.session.flush()
    return item
