"""The work inventory (業務の棚卸): a manager starts a cycle for a department,
each task's primary owner answers whether the task is still needed and still
right, and the cycle ends with what to retire, the effort corrected and the
tasks proposed for automation or outsourcing."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload, lazyload, selectinload

from planner.core.bulk import insert_ignoring_duplicates
from planner.core.clock import org_today
from planner.core.errors import N_, Conflict, Forbidden, NotFound, ValidationError
from planner.core.extensions import db
from planner.core.roles import Role
from planner.core.types import utcnow
from planner.coverage import operations as coverage_service
from planner.inventory.models import PROPOSALS, InventoryAnswer, InventoryCycle
from planner.notifications.models import Notification
from planner.people.access import get_visible, scope_of
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.procedures import operations as procedures
from planner.tasks import operations as task_service
from planner.tasks.models import Task
from planner.work import operations as occurrence_service

INVENTORY = "inventory"  # the notification kind


def _require_manager(actor: User, department_id: int) -> None:
    if not scope_of(actor).covers(department_id):
        raise NotFound()
    if not Role(actor.role).at_least(Role.MANAGER):
        raise Forbidden()


def start_cycle(actor: User, department_id: int, name: str, due_date: date) -> InventoryCycle:
    """One pending answer per active task, addressed to its primary owner."""
    _require_manager(actor, department_id)
    if db.session.get(Department, department_id) is None:
        raise NotFound()
    if due_date < org_today():
        raise ValidationError.single("due_date", N_("Choose a date from today on."))
    running = db.session.scalar(select(InventoryCycle.id).where(
        InventoryCycle.department_id == department_id, InventoryCycle.closed_at.is_(None)))
    if running is not None:
        raise Conflict(N_("This department already has an inventory under way; close it "
                          "first."))
    tasks = list(db.session.scalars(
        select(Task).where(Task.department_id == department_id, Task.archived_at.is_(None))
        .options(selectinload(Task.owners)).order_by(Task.code, Task.title)))
    per_year = coverage_service.occurrences_per_year([t.id for t in tasks], org_today())
    # The effort to question is the measured one where there is one: what
    # the work takes now, not what someone registered years ago.
    efforts = occurrence_service.effort_for(tasks)
    cycle = InventoryCycle(department_id=department_id, name=name.strip(), due_date=due_date,
                           started_by_id=actor.id)
    for task in tasks:
        primary = task.primary_owner
        cycle.answers.append(InventoryAnswer(
            task_id=task.id, respondent_id=primary.id if primary else None,
            effort_minutes_before=efforts[task.id].minutes,
            occurrences_per_year=per_year.get(task.id, 0)))
    db.session.add(cycle)
    db.session.flush()
    return cycle


def measured_efforts(tasks: Iterable[Task]) -> dict[int, occurrence_service.Effort]:
    """Those of these tasks that have a measured effort now, by task id (one
    query): the pages mark an effort that came from measurements."""
    efforts = occurrence_service.effort_for(tasks)
    return {task_id: effort for task_id, effort in efforts.items() if effort.measured}


def cycles(actor: User) -> list[InventoryCycle]:
    query = select(InventoryCycle).order_by(InventoryCycle.started_at.desc())
    departments = scope_of(actor).restrict(None)
    if departments is not None:
        query = query.where(InventoryCycle.department_id.in_(departments))
    return list(db.session.scalars(query))


def get_cycle(actor: User, cycle_id: int) -> InventoryCycle:
    return get_visible(actor, InventoryCycle, cycle_id, lambda c: c.department_id)


def get_answer(actor: User, answer_id: int) -> InventoryAnswer:
    return get_visible(actor, InventoryAnswer, answer_id, lambda a: a.cycle.department_id)


def may_answer(actor: User, answer: InventoryAnswer) -> bool:
    return answer.respondent_id == actor.id or Role(actor.role).at_least(Role.MANAGER)


def pending_for(person: User) -> list[InventoryAnswer]:
    """The person's unanswered questions in open cycles ("my work")."""
    return list(db.session.scalars(
        select(InventoryAnswer).join(InventoryAnswer.cycle)
        .where(InventoryAnswer.respondent_id == person.id,
               InventoryAnswer.answered_at.is_(None), InventoryCycle.closed_at.is_(None))
        .order_by(InventoryCycle.due_date, InventoryAnswer.id)
        # The cycle (its name and date are shown) from this join, not one query
        # per cycle as the page reads it; of the task only its title; not the
        # departments of either, nor the respondent: `person`, in the session.
        .options(contains_eager(InventoryAnswer.cycle).lazyload(InventoryCycle.department),
                 joinedload(InventoryAnswer.task).load_only(Task.title)
                 .lazyload(Task.department),
                 lazyload(InventoryAnswer.respondent))))


@dataclass(frozen=True)
class AnswerData:
    still_needed: bool
    effort_minutes_after: int | None
    frequency_right: bool
    proposal: str
    comment: str
    procedure: str | None = None  # None: leave the procedure as it is


def answer(actor: User, item: InventoryAnswer, data: AnswerData) -> InventoryAnswer:
    """Record (or correct) an answer; an updated procedure becomes a new version."""
    if not may_answer(actor, item) or not scope_of(actor).covers(item.cycle.department_id):
        raise Forbidden(N_("Only the task's primary owner or a manager answers for it."))
    if item.cycle.closed_at is not None:
        raise Conflict(N_("This inventory is closed."))
    errors = {}
    if data.proposal not in PROPOSALS:
        errors["proposal"] = [N_("Unknown proposal.")]
    if data.effort_minutes_after is not None and not 0 <= data.effort_minutes_after <= 6000:
        errors["effort_minutes_after"] = [N_("Enter minutes from 0 to 6000.")]
    if errors:
        raise ValidationError(errors)
    item.still_needed = data.still_needed
    item.effort_minutes_after = data.effort_minutes_after
    item.frequency_right = data.frequency_right
    item.proposal = "drop" if not data.still_needed else data.proposal
    item.comment = data.comment.strip()
    item.answered_at = utcnow()
    task = item.task
    if data.procedure is not None and data.procedure != task.procedure:
        task.procedure = data.procedure
        db.session.flush()
        procedures.record_versions([task], actor.id)
    elif data.procedure is not None:
        task.procedure_reviewed_at = org_today()  # looked at and still right
    db.session.flush()
    return item


def remind(actor: User, cycle: InventoryCycle) -> int:
    """An inbox entry and an e-mail, through the outbox, to each person with
    questions left; at most one a day per person and cycle."""
    _require_manager(actor, cycle.department_id)
    if cycle.closed_at is not None:
        raise Conflict(N_("This inventory is closed."))
    people = sorted({a.respondent_id for a in cycle.answers
                     if a.answered_at is None and a.respondent_id is not None})
    today, now = org_today(), utcnow()
    rows = [{"dedupe_key": f"i:{cycle.id}:{person}:{today.isoformat()}:{channel}",
             "kind": INVENTORY, "channel": channel, "send_after": now, "status": "pending",
             "recipient_id": person, "department_id": cycle.department_id, "attempts": 0,
             "last_error": "", "subject": "", "body": "", "created_at": now}
            for person in people for channel in ("email", "inbox")]
    existing = set(db.session.scalars(select(Notification.dedupe_key).where(
        Notification.dedupe_key.in_([r["dedupe_key"] for r in rows]))))
    fresh = [r for r in rows if r["dedupe_key"] not in existing]
    insert_ignoring_duplicates(Notification, fresh, ["dedupe_key"])
    return len({r["recipient_id"] for r in fresh})


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100


def progress(cycle: InventoryCycle) -> Progress:
    return Progress(sum(1 for a in cycle.answers if a.answered_at is not None),
                    len(cycle.answers))


@dataclass(frozen=True)
class Correction:
    answer: InventoryAnswer
    hours_before: float  # a year
    hours_after: float


@dataclass
class Summary:
    cycle: InventoryCycle
    progress: Progress
    retire: list[InventoryAnswer]
    corrections: list[Correction]
    proposals: list[InventoryAnswer]  # automate / outsource / simplify: for the costing review

    @property
    def hours_before(self) -> float:
        return round(sum(c.hours_before for c in self.corrections), 1)

    @property
    def hours_after(self) -> float:
        return round(sum(c.hours_after for c in self.corrections), 1)

    @property
    def hours_saved(self) -> float:
        return round(self.hours_before - self.hours_after, 1)


def summary(cycle: InventoryCycle) -> Summary:
    """Hours a year = occurrences a year × minutes per occurrence; a task to
    retire saves all of its hours, a corrected effort the difference."""
    answered = [a for a in cycle.answers if a.answered_at is not None]
    corrections = []
    for item in answered:
        before = item.occurrences_per_year * item.effort_minutes_before / 60
        if not item.still_needed:
            after = 0.0
        elif item.effort_minutes_after is not None:
            after = item.occurrences_per_year * item.effort_minutes_after / 60
        else:
            continue
        if after != before:
            corrections.append(Correction(item, round(before, 1), round(after, 1)))
    return Summary(
        cycle, progress(cycle),
        retire=[a for a in answered if not a.still_needed],
        corrections=corrections,
        proposals=[a for a in answered if a.still_needed
                   and a.proposal in ("automate", "outsource", "simplify")])


def retire(actor: User, item: InventoryAnswer) -> Task:
    """Archive the task: its future occurrences and their reminders are cancelled."""
    _require_manager(actor, item.cycle.department_id)
    if item.still_needed:
        raise Conflict(N_("Only a task its owner says is no longer needed is retired here."))
    task = task_service.archive_task(actor, item.task)
    item.retired_at = item.retired_at or utcnow()
    db.session.flush()
    return task


def close(actor: User, cycle: InventoryCycle) -> InventoryCycle:
    """End the cycle: corrected efforts become the tasks' efforts."""
    _require_manager(actor, cycle.department_id)
    if cycle.closed_at is not None:
        return cycle
    for item in cycle.answers:
        if (item.answered_at is not None and item.still_needed
                and item.effort_minutes_after is not None
                and item.task.effort_minutes != item.effort_minutes_after):
            item.task.effort_minutes = item.effort_minutes_after
    cycle.closed_at = utcnow()
    db.session.flush()
    return cycle


def default_due_date() -> date:
    return org_today() + timedelta(days=14)
