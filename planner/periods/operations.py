"""Use cases of the period lock (締め): close a department's month once its
work is approved or skipped, reopen it (administrators, with a reason), and
say whether an occurrence's month is closed. Operations flush and never commit."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import Select, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload

from planner.core.errors import N_, Conflict, Forbidden, Message, ValidationError
from planner.core.extensions import db
from planner.core.limits import INT_MAX
from planner.core.pagination import Page, paginate
from planner.core.roles import Role
from planner.core.types import utcnow
from planner.people.access import scope_of
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.periods import domain
from planner.periods.models import PeriodClose
from planner.tasks.models import Task
from planner.work.models import Occurrence


class Blocked(Conflict):
    """The month still has work that is neither approved nor skipped."""

    def __init__(self, month: date, blocking: list[Occurrence]) -> None:
        self.blocking = blocking
        super().__init__(N_("%(month)s cannot be closed yet: %(count)d occurrences are "
                            "neither approved nor skipped.", month=domain.label(month),
                            count=len(blocking)))


def standing_close(department_id: int, month: date) -> PeriodClose | None:
    """The close that holds the month, if it is closed."""
    return db.session.scalar(select(PeriodClose).where(
        PeriodClose.department_id == department_id, PeriodClose.month == month,
        PeriodClose.reopened_at.is_(None)))


def closed_message(occurrence: Occurrence) -> Message | None:
    """Why the occurrence's month refuses changes, or None when it is open."""
    month = domain.month_of(occurrence.due_date)
    department_id = db.session.scalar(
        select(Task.department_id).where(Task.id == occurrence.task_id))
    if department_id is None or standing_close(department_id, month) is None:
        return None
    return domain.closed_message(month)


def hold_month(department_id: int, month: date, *, exclusive: bool = False) -> None:
    """Serialise a close of the month with the changes of its work, until
    the transaction ends: a change holds the month shared (changes do not
    wait for each other), a close holds it alone. So a change either commits
    before the close reads the month (and the close sees it), or reads the
    close after it committed (and is refused). PostgreSQL: an advisory lock
    on (department, month); SQLite: the database's one write lock, taken
    before the check reads anything (a transaction that read first would
    have its reads go stale and its write refused)."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        connection.execute(text(f"SELECT {function}(CAST(:department AS integer), "
                                "CAST(:month AS integer))"),
                           {"department": department_id,
                            "month": month.year * 12 + month.month - 1})
    elif connection.dialect.name == "sqlite":
        raw = connection.connection.dbapi_connection
        if raw is not None and not raw.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def month_closed_message(department_id: int, day: date) -> Message | None:
    """Why work of the department due on `day` may not be made, moved or
    changed (its month is closed), holding the month until the commit."""
    month = domain.month_of(day)
    hold_month(department_id, month)
    if standing_close(department_id, month) is None:
        return None
    return domain.closed_message(month)


def closed_months(department_ids: Collection[int] | None) -> set[tuple[int, date]]:
    """(department id, month) of every standing close of the departments."""
    query = select(PeriodClose.department_id, PeriodClose.month).where(
        PeriodClose.reopened_at.is_(None))
    if department_ids is not None:
        query = query.where(PeriodClose.department_id.in_(department_ids))
    return {(department_id, month) for department_id, month in db.session.execute(query)}


def may_close(actor: User, department_id: int) -> bool:
    return (Role(actor.role).at_least(Role.MANAGER)
            and scope_of(actor).covers(department_id))


def may_reopen(actor: User) -> bool:
    return Role(actor.role) is Role.ADMIN


def existing_department(department_id: object) -> Department:
    department = (db.session.get(Department, department_id)
                  if isinstance(department_id, int) and not isinstance(department_id, bool)
                  and 1 <= department_id <= INT_MAX else None)
    if department is None:
        raise ValidationError.single("department_id", N_("Choose an existing department."))
    return department


def _in_month(query: Select, department_id: int, month: date) -> Select:
    last = month + relativedelta(months=1) - timedelta(days=1)
    return query.join(Occurrence.task).where(
        Task.department_id == department_id, Occurrence.status != "cancelled",
        Occurrence.due_date.between(month, last))


def month_ids(department_id: int, month: date) -> Select:
    """The ids of month_work(), as a subquery (a month can hold thousands)."""
    return _in_month(select(Occurrence.id), department_id, month)


def month_work(department_id: int, month: date, *, with_people: bool = False
               ) -> list[Occurrence]:
    """Every occurrence due in the month (cancelled ones aside), by due date;
    `with_people`: who prepared, checked and did each, read in the same query."""
    query = (_in_month(select(Occurrence), department_id, month)
             .options(joinedload(Occurrence.task))
             .order_by(Occurrence.due_date, Task.title, Occurrence.id))
    if with_people:
        query = query.options(*(joinedload(relation).lazyload(User.departments) for relation in (
            Occurrence.prepared_by, Occurrence.reviewed_by, Occurrence.completed_by)))
    return list(db.session.scalars(query))


def month_count(department_id: int, month: date) -> int:
    """How many occurrences month_work() holds, counted by the database."""
    return db.session.scalar(select(func.count()).select_from(
        month_ids(department_id, month).subquery())) or 0


def blocking(department_id: int, month: date) -> list[Occurrence]:
    """What stops the month being closed, by due date. The database is asked
    for the unfinished ones only (a department's month holds thousands of
    occurrences, nearly all done by the time it closes); the domain's rule
    decides."""
    unfinished = list(db.session.scalars(
        _in_month(select(Occurrence), department_id, month)
        .where(Occurrence.status.not_in(domain.FINISHED))
        .options(contains_eager(Occurrence.task))
        .order_by(Occurrence.due_date, Task.title, Occurrence.id)))
    stuck = {w.occurrence_id for w in domain.blocking(
        domain.Work(o.id, o.task.title, o.due_date, o.status) for o in unfinished)}
    return [o for o in unfinished if o.id in stuck]


@dataclass(frozen=True)
class Closed:
    period: PeriodClose
    created: bool  # False: it was closed already


def close(actor: User, department_id: object, month_text: object) -> Closed:
    """Close the month (締め) once every occurrence due in it is approved or
    skipped; closing a closed month again changes nothing."""
    month = domain.parse_month(month_text)
    department = existing_department(department_id)
    if not may_close(actor, department.id):
        raise Forbidden(N_("Only the department's managers can close its periods."))
    # Changes of the month's work under way finish first, and none starts
    # until this transaction ends: what the close reads stays true.
    hold_month(department.id, month, exclusive=True)
    existing = standing_close(department.id, month)
    if existing is not None:
        return Closed(existing, False)
    stuck = blocking(department.id, month)
    if stuck:
        raise Blocked(month, stuck)
    period = PeriodClose(department_id=department.id, month=month, closed_by_id=actor.id,
                         closed_at=utcnow())
    try:
        with db.session.begin_nested():
            db.session.add(period)
            db.session.flush()
    except IntegrityError:
        # Someone closed it at the same moment: theirs stands.
        return Closed(standing_close(department.id, month), False)
    return Closed(period, True)


def reopen(actor: User, department_id: object, month_text: object, reason: object
           ) -> PeriodClose:
    """Reopen a closed month: administrators only, with the reason kept on the
    close (and so in the audit log)."""
    month = domain.parse_month(month_text)
    department = existing_department(department_id)
    if not may_reopen(actor):
        raise Forbidden(N_("Only administrators can reopen a closed period."))
    text = domain.check_reason(reason)
    period = standing_close(department.id, month)
    if period is None:
        raise Conflict(N_("%(month)s is not closed.", month=domain.label(month)))
    period.reopened_by_id = actor.id
    period.reopened_at = utcnow()
    period.reopen_reason = text
    db.session.flush()
    return period


def _history(department_id: int) -> Select:
    return (select(PeriodClose).where(PeriodClose.department_id == department_id)
            .order_by(PeriodClose.month.desc(), PeriodClose.closed_at.desc(),
                      PeriodClose.id.desc()))


def history(actor: User, department_id: object) -> list[PeriodClose]:
    """Every close and reopen of the department's months, newest month first."""
    department = visible_department(actor, department_id)
    return list(db.session.scalars(_history(department.id)))


def history_page(actor: User, department_id: object, page: int, per_page: int
                 ) -> Page[PeriodClose]:
    department = visible_department(actor, department_id)
    return paginate(_history(department.id), page, per_page)


def visible_department(actor: User, department_id: object) -> Department:
    department = existing_department(department_id)
    if not scope_of(actor).covers(department.id):
        raise Forbidden(N_("You do not have permission to do this."))
    return department
