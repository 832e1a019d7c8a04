"""Procedure notes that stay true: every saved text is kept with its author,
and each task's procedure has a last-reviewed date checked against an interval."""
from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from planner.core import memo, settings
from planner.core.clock import org_today
from planner.core.errors import Forbidden, NotFound
from planner.core.extensions import db
from planner.core.roles import Role
from planner.people.access import scope_of
from planner.people.models.user import User
from planner.procedures.models import ProcedureVersion
from planner.tasks.models import Task, TaskOwner


def record_versions(tasks: Sequence[Task], author_id: int | None) -> None:
    """Keep the current procedure of each task as its next version (the caller
    passes the tasks whose text changed); saving a text counts as reviewing it."""
    if not tasks:
        return
    last = dict(db.session.execute(
        select(ProcedureVersion.task_id, func.max(ProcedureVersion.number))
        .where(ProcedureVersion.task_id.in_([t.id for t in tasks]))
        .group_by(ProcedureVersion.task_id)).all())
    today = org_today()
    for task in tasks:
        db.session.add(ProcedureVersion(task_id=task.id, number=last.get(task.id, 0) + 1,
                                        text=task.procedure, author_id=author_id))
        task.procedure_reviewed_at = today
    db.session.flush()


def versions(actor: User, task: Task) -> list[ProcedureVersion]:
    """Newest first."""
    if not scope_of(actor).covers(task.department_id):
        raise NotFound()
    return list(db.session.scalars(select(ProcedureVersion).where(
        ProcedureVersion.task_id == task.id).order_by(ProcedureVersion.number.desc())))


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed"
    text: str


def diff(old: str, new: str) -> list[DiffLine]:
    """Line by line, as difflib sees it."""
    kinds = {" ": "same", "+": "added", "-": "removed"}
    return [DiffLine(kinds[line[0]], line[2:])
            for line in difflib.ndiff(old.splitlines(), new.splitlines()) if line[0] in kinds]


def review_interval_months() -> int:
    return int(settings.get("procedure_review_months"))


def review_due(reviewed_at: date | None, today: date, months: int) -> bool:
    """Never reviewed, or reviewed longer ago than the interval."""
    return reviewed_at is None or reviewed_at + relativedelta(months=months) <= today


def mark_reviewed(actor: User, task: Task) -> None:
    """The procedure still describes the work: its owners or a manager say so."""

    scope = scope_of(actor)
    if not scope.covers(task.department_id):
        raise NotFound()
    owner = any(o.user_id == actor.id for o in task.owners)
    if not (owner or Role(actor.role).at_least(Role.MANAGER)):
        raise Forbidden()
    task.procedure_reviewed_at = org_today()
    db.session.flush()


def _reviews_due_where(task_query_filter, today: date | None):  # noqa: ANN001, ANN202
    limit = (today or org_today()) - relativedelta(months=review_interval_months())
    return (Task.archived_at.is_(None), task_query_filter,
            Task.procedure_reviewed_at.is_(None) | (Task.procedure_reviewed_at <= limit))


def reviews_due(task_query_filter, today: date | None = None,  # noqa: ANN001
                limit: int | None = None, with_owners: bool = True) -> list[Task]:
    """Active tasks matching the filter whose procedure review is due, the
    longest unreviewed first (the first `limit` of them)."""
    query = (select(Task).where(*_reviews_due_where(task_query_filter, today))
             .order_by(Task.procedure_reviewed_at.is_not(None), Task.procedure_reviewed_at,
                       Task.title).limit(limit))
    if with_owners:  # lists show each task's primary owner, by name
        query = query.options(selectinload(Task.owners).joinedload(TaskOwner.user)
                              .lazyload(User.departments))
    return list(db.session.scalars(query))


def reviews_due_for(person: User, today: date | None = None) -> list[Task]:
    """The person's own tasks (as primary owner) whose procedure needs a
    review; "my work" shows each one's title and date, not its owners."""
    owned = select(TaskOwner.task_id).where(TaskOwner.user_id == person.id,
                                           TaskOwner.role == "primary")
    return reviews_due(Task.id.in_(owned), today, with_owners=False)


def _department_filter(department_ids: Sequence[int] | None):  # noqa: ANN202
    return (Task.department_id.in_(department_ids) if department_ids is not None
            else Task.id.is_not(None))


@dataclass(frozen=True)
class ReviewDue:
    task_id: int
    title: str
    department_name: str
    reviewed_at: date | None
    primary_owner_name: str | None


@dataclass(frozen=True)
class ReviewsDue:
    items: tuple[ReviewDue, ...]  # the longest unreviewed first
    total: int


def reviews_due_in(department_ids: Sequence[int] | None, limit: int,
                   today: date | None = None) -> ReviewsDue:
    """The first `limit` tasks of the departments whose procedure review is
    due, and how many there are. Kept until the data changes: the dashboard
    shows them on every view, and finding them reads every task's date."""
    today = today or org_today()
    key = ("reviews due", frozenset(department_ids) if department_ids is not None else None,
           limit, today)
    return memo.remember(key, lambda: _reviews_due_in(department_ids, limit, today))


def _reviews_due_in(department_ids: Sequence[int] | None, limit: int, today: date
                    ) -> ReviewsDue:
    where = _department_filter(department_ids)
    return ReviewsDue(
        tuple(ReviewDue(t.id, t.title, t.department.name, t.procedure_reviewed_at,
                        t.primary_owner.name if t.primary_owner else None)
              for t in reviews_due(where, today, limit)),
        db.session.scalar(select(func.count(Task.id)).where(
            *_reviews_due_where(where, today))) or 0)
