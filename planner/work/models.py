from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.base import NEVER_SET, NO_VALUE

from planner.core import labels
from planner.core.audit_fields import AuditFields
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l
from planner.core.types import UTCDateTime
from planner.people.models.user import User
from planner.tasks.models import Task

# prepared: done by its preparer, waiting for a second person's check (sign-off).
OCCURRENCE_STATUSES: tuple[str, ...] = ("open", "prepared", "done", "skipped", "cancelled")


def _due_date(context: DefaultExecutionContext) -> date:
    """An occurrence written without a work-by date is due by its deadline."""
    return context.get_current_parameters()["due_date"]


class Occurrence(db.Model):
    """One due instance of a task, unique per task and nominal date."""

    __tablename__ = "occurrences"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Task occurrence"), title=("task_id", "nominal_date"),
        link=("tasks.show", "task_id", "task_id"), choices={"status": labels.OCCURRENCE_STATUS},
        labels={"id": _l("ID"), "task_id": _l("Task"), "nominal_date": _l("Scheduled date"),
                "due_date": _l("Due date"), "work_by": _l("Work by"), "status": _l("Status"),
                "completed_by_id": _l("Completed by"), "completed_at": _l("Completed at"),
                "note": _l("Note"), "minutes_taken": _l("Minutes taken"),
                "event_id": _l("Event"), "run_key": _l("Procedure run"),
                "assignee_id": _l("Assignee"), "prepared_by_id": _l("Prepared by"),
                "prepared_at": _l("Prepared at"), "reviewed_by_id": _l("Reviewed by"),
                "reviewed_at": _l("Reviewed at")},
        # Moved by the calendar (a closure added, a weekend changed), not by a person.
        derived=frozenset({"due_date", "work_by"}), generated=True)
    __table_args__ = (
        # One occurrence per task and date of its own schedule (run_key 0), and
        # per task, date and event for the steps of procedure runs (run_key: the
        # event's id; a NULL would make every row distinct to the constraint).
        UniqueConstraint("task_id", "nominal_date", "run_key"),
        CheckConstraint("status IN ('open', 'prepared', 'done', 'skipped', 'cancelled')",
                        name="status"),
        Index("ix_occurrences_status_due_date", "status", "due_date"),
        # A task's occurrences in a period (frequency, workload, risk), and who
        # did what in a period: by task or person, then date.
        Index("ix_occurrences_task_id_due_date", "task_id", "due_date"),
        Index("ix_occurrences_completed_by_id_due_date", "completed_by_id", "due_date"),
        # A task's open work by date (my work, overdue, the calendar feed, a
        # task's next dates): only the rows wanted, not its whole history.
        Index("ix_occurrences_task_id_status_due_date", "task_id", "status", "due_date"),
        # A day's work at most: minutes are what a person recorded on completion.
        CheckConstraint("minutes_taken BETWEEN 1 AND 1440", name="minutes_taken_range"),
        # A task's latest measured completions (its measured effort).
        Index("ix_occurrences_task_id_completed_at", "task_id", "completed_at"),
        # The work waiting for a check (a reviewer's "to review") and the work
        # that came back to its preparer. Only prepared rows: most occurrences
        # never are, and counted in, their NULLs made the planner's statistics
        # call a preparer unselective — SQLite then read every open occurrence.
        Index("ix_occurrences_status_prepared_by_id", "status", "prepared_by_id",
              sqlite_where=text("prepared_by_id IS NOT NULL"),
              postgresql_where=text("prepared_by_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False
    )
    nominal_date: Mapped[date] = mapped_column(Date, nullable=False)
    # The deadline: for a statutory task the legal one, on the authorities' calendar.
    due_date: Mapped[date] = mapped_column(Date, nullable=False)
    # When the company means to have it done: the last company business day
    # on or before a legal deadline, less the task's buffer; else the due date.
    work_by: Mapped[date] = mapped_column(Date, nullable=False, default=_due_date)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="open")
    completed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), nullable=True
    )
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    note: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    # How long it took, when the person who completed it said so.
    minutes_taken: Mapped[int | None] = mapped_column(nullable=True)
    # A step of a procedure run: the event it belongs to, and the person it was
    # given to (else the task's primary owner does it, as for scheduled work).
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True,
                                                 nullable=True)
    run_key: Mapped[int] = mapped_column(nullable=False, default=0, server_default="0")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True,
                                                    nullable=True)

    # The sign-off of a task that requires review: who handed it over and
    # when; who last decided on it (approved, or returned it to the preparer).
    prepared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    prepared_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    task: Mapped[Task] = relationship(lazy="joined", innerjoin=True)
    prepared_by: Mapped[User | None] = relationship(foreign_keys=[prepared_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    completed_by: Mapped[User | None] = relationship(foreign_keys=[completed_by_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])


@event.listens_for(Occurrence.due_date, "set")
def _work_by_follows(target: Occurrence, value: date, old: Any, _initiator: Any) -> None:
    """An occurrence due by its own deadline stays so when someone moves the
    deadline by hand: its work-by date would otherwise stay behind, and the
    work show up as late (or not) by the old date."""
    if old not in (NO_VALUE, NEVER_SET, None) and target.work_by == old:
        target.work_by = value
