"""The sign-off's use cases: prepare, approve, return (flush, never commit)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager, joinedload

from planner.calendar.domain import BusinessCalendar
from planner.calendar.operations import load_calendar
from planner.core.extensions import db
from planner.core.types import utcnow
from planner.people.models.user import User
from planner.signoff import domain as rules
from planner.signoff.models import OccurrenceReview
from planner.tasks.models import Task, TaskOwner
from planner.work import operations as work
from planner.work.models import Occurrence
from planner.work.signals import occurrence_closed, occurrence_prepared


def prepare(actor: User, occurrence: Occurrence, note: str = "", minutes: int | None = None
            ) -> Occurrence:
    """The preparer hands the work over for review (what "done" does on a
    task that requires review)."""
    return work.prepare(actor, occurrence, note, minutes)


def level_on(task: Task, person_id: int) -> int | None:
    """The person's level on the task; None when they are not an active owner."""
    return next((o.level for o in task.owners
                 if o.user_id == person_id and o.user.active), None)


def may_review(actor: User, occurrence: Occurrence) -> bool:
    return (occurrence.status == "prepared"
            and rules.may_review(actor.id, level_on(occurrence.task, actor.id),
                                 occurrence.prepared_by_id))


def review(actor: User, occurrence: Occurrence, decision: str, comment: str | None
           ) -> OccurrenceReview:
    """Approve prepared work (it is done) or return it to its preparer with
    what to fix (it is open again). Refused to its preparer and to anyone
    not qualified on the task, administrators included."""
    decision, comment = rules.check_decision(decision, comment)
    work.ensure_open_period(occurrence)
    rules.check_reviewer(actor.id, level_on(occurrence.task, actor.id),
                         occurrence.prepared_by_id)
    rules.check_reviewable(occurrence.status)
    now = utcnow()
    record = OccurrenceReview(occurrence_id=occurrence.id, decision=decision, comment=comment,
                              reviewer_id=actor.id, decided_at=now)
    db.session.add(record)
    occurrence.reviewed_by_id = actor.id
    occurrence.reviewed_at = now
    if decision == rules.APPROVE:
        occurrence.status = "done"
        # Done by the person who did the work; checked by the reviewer.
        occurrence.completed_by_id = occurrence.prepared_by_id
        occurrence.completed_at = now
        db.session.flush()
        occurrence_closed.send(occurrence)
    else:
        # Open again, still the preparer's: their minutes no longer stand.
        occurrence.status = "open"
        occurrence.minutes_taken = None
        db.session.flush()
        occurrence_prepared.send(occurrence)
    return record


def history(occurrence: Occurrence) -> list[OccurrenceReview]:
    return list(db.session.scalars(
        select(OccurrenceReview).where(OccurrenceReview.occurrence_id == occurrence.id)
        .order_by(OccurrenceReview.decided_at, OccurrenceReview.id)))


def last_return(occurrence: Occurrence) -> OccurrenceReview | None:
    """The comment a returned occurrence came back with (None unless it is
    open again after a return)."""
    if occurrence.status != "open" or occurrence.reviewed_by_id is None:
        return None
    return db.session.scalar(
        select(OccurrenceReview)
        .where(OccurrenceReview.occurrence_id == occurrence.id,
               OccurrenceReview.decision == rules.RETURN)
        .order_by(OccurrenceReview.decided_at.desc(), OccurrenceReview.id.desc()).limit(1))


def review_date_of(occurrence: Occurrence, calendar: BusinessCalendar | None = None) -> date:
    return rules.review_date(occurrence.due_date, occurrence.task.review_days_before,
                             calendar or load_calendar())


def _with_task() -> Select:
    return (select(Occurrence).join(Occurrence.task).options(contains_eager(Occurrence.task))
            .where(Task.archived_at.is_(None)))


def to_review(person: User) -> list[Occurrence]:
    """Prepared work this person may check: qualified on its task, and
    prepared by someone else."""
    if not person.active:
        return []
    qualified = select(TaskOwner.task_id).where(TaskOwner.user_id == person.id,
                                                TaskOwner.level >= rules.QUALIFIED_LEVEL)
    return list(db.session.scalars(
        _with_task().where(Occurrence.status == "prepared",
                           Occurrence.task_id.in_(qualified),
                           Occurrence.prepared_by_id != person.id)
        # The list names each preparer: with the rows, not one query each.
        .options(joinedload(Occurrence.prepared_by).lazyload(User.departments))
        .order_by(Occurrence.due_date, Task.title, Occurrence.id)))


@dataclass(frozen=True)
class Returned:
    occurrence: Occurrence
    review: OccurrenceReview


def returned_to(person: User) -> list[Returned]:
    """Work this person prepared that came back with a comment, still open."""
    occurrences = list(db.session.scalars(
        _with_task().where(Occurrence.status == "open", Occurrence.prepared_by_id == person.id,
                           Occurrence.reviewed_by_id.is_not(None))
        .order_by(Occurrence.due_date, Task.title, Occurrence.id)))
    if not occurrences:
        return []
    latest: dict[int, OccurrenceReview] = {}
    for review_row in db.session.scalars(
            select(OccurrenceReview)
            .where(OccurrenceReview.occurrence_id.in_([o.id for o in occurrences]),
                   OccurrenceReview.decision == rules.RETURN)
            .order_by(OccurrenceReview.decided_at, OccurrenceReview.id)):
        latest[review_row.occurrence_id] = review_row
    return [Returned(o, latest[o.id]) for o in occurrences if o.id in latest]
