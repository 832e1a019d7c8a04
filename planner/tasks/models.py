from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.calendar.domain import SHIFTS
from planner.calendar.recurrence import KINDS, Schedule
from planner.core import labels
from planner.core.audit_fields import AuditFields
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l
from planner.core.kana import READING_MAX
from planner.core.readings import DERIVED, ReadingColumns, keep_in_step
from planner.core.types import UTCDateTime, utcnow
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.tasks.domain import (
    CATALOGUE_KEY_MAX,
    CATEGORIES,
    CRITICALITIES,
    DEADLINE_BASES,
    OWNER_ROLES,
    REVIEW_DAYS_MAX,
    WORK_BY_BUFFER_MAX_DAYS,
)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Task(ReadingColumns, db.Model):
    __tablename__ = "tasks"
    __audited__ = True
    __audit_exclude__ = frozenset({"version"}) | DERIVED
    __audit__ = AuditFields(
        name=_l("Task"), title=("title",), link=("tasks.show", "task_id", "id"),
        choices={"category": labels.CATEGORY, "criticality": labels.CRITICALITY,
                 "shift": labels.SHIFT, "deadline_basis": labels.DEADLINE_BASIS,
                 "schedule_kind": {"rrule": _l("Repeating"),
                                   "business_day": labels.PRESET["business_day"],
                                   "once": labels.PRESET["once"],
                                   "event": _l("With an employee's event")}},
        labels={"id": _l("ID"), "code": _l("Task code"), "title": _l("Title"), "reading": _l("Reading (furigana)"),
                "department_id": _l("Department"), "category": _l("Category"),
                "criticality": _l("Criticality"), "procedure": _l("Procedure"),
                "legal_basis": _l("Legal basis"), "effort_minutes": _l("Effort (minutes)"),
                "schedule_kind": _l("Schedule type"), "rrule": _l("Recurrence rule"),
                "business_day": _l("Business day of the month"), "once_date": _l("Date (once)"),
                "dtstart": _l("Schedule starts"), "shift": _l("When it falls on a day off"),
                "lead_days": _l("Reminders (days before)"),
                "deadline_basis": _l("Deadline basis"),
                "work_by_buffer_days": _l("Buffer before the legal deadline (days)"),
                "review_required": _l("Review required"),
                "review_days_before": _l("Review days before the deadline"),
                "catalogue_key": _l("Catalogue entry"),
                "procedure_reviewed_at": _l("Procedure reviewed on"),
                "event_step": _l("Procedure step"), "archived_at": _l("Archived at")})
    __table_args__ = (
        CheckConstraint(_in("criticality", CRITICALITIES), name="criticality"),
        CheckConstraint(_in("category", CATEGORIES), name="category"),
        CheckConstraint("effort_minutes >= 0", name="effort_minutes_not_negative"),
        CheckConstraint(_in("schedule_kind", KINDS), name="schedule_kind"),
        CheckConstraint(_in("shift", SHIFTS), name="shift"),
        CheckConstraint(_in("deadline_basis", DEADLINE_BASES), name="deadline_basis"),
        CheckConstraint(f"work_by_buffer_days BETWEEN 0 AND {WORK_BY_BUFFER_MAX_DAYS}",
                        name="work_by_buffer_days_range"),
        CheckConstraint(f"review_days_before BETWEEN 0 AND {REVIEW_DAYS_MAX}",
                        name="review_days_before_range"),
        Index("ix_tasks_department_id_archived_at", "department_id", "archived_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # External key: matches rows on re-import and is what people quote ("PAY-001").
    code: Mapped[str | None] = mapped_column(String(40), unique=True, nullable=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    # フリガナ in katakana: the registry sorts by it (五十音) and finds by it.
    reading: Mapped[str] = mapped_column(String(READING_MAX), nullable=False, default="",
                                         server_default="")
    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id"), index=True, nullable=False
    )
    category: Mapped[str] = mapped_column(String(30), nullable=False)
    criticality: Mapped[str] = mapped_column(String(10), nullable=False, default="medium")
    procedure: Mapped[str] = mapped_column(Text, nullable=False, default="")
    legal_basis: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    effort_minutes: Mapped[int] = mapped_column(nullable=False, default=0)
    # The schedule (see domain.recurrence): exactly one of rrule,
    # business_day and once_date is used, as schedule_kind says.
    schedule_kind: Mapped[str] = mapped_column(String(15), nullable=False, default="once")
    rrule: Mapped[str | None] = mapped_column(String(500), nullable=True)
    business_day: Mapped[int | None] = mapped_column(nullable=True)
    once_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    dtstart: Mapped[date] = mapped_column(Date, nullable=False)
    shift: Mapped[str] = mapped_column(String(10), nullable=False, default="none")
    lead_days: Mapped[list[int]] = mapped_column(JSON, nullable=False, default=lambda: [7, 1, 0])
    deadline_basis: Mapped[str] = mapped_column(String(10), nullable=False, default="internal",
                                                server_default="internal")
    # Company business days between the work-by date and a legal deadline.
    work_by_buffer_days: Mapped[int] = mapped_column(nullable=False, default=0,
                                                     server_default="0")
    # ダブルチェック: done means prepared by one qualified person and approved
    # by another; the review falls due this many company business days
    # before the deadline.
    review_required: Mapped[bool] = mapped_column(nullable=False, default=False,
                                                  server_default=false())
    review_days_before: Mapped[int] = mapped_column(nullable=False, default=0,
                                                    server_default="0")
    # The catalogue entry the task was started from: its dates follow the
    # company profile (fiscal year, special schedules) when that changes.
    catalogue_key: Mapped[str | None] = mapped_column(String(CATALOGUE_KEY_MAX), index=True,
                                                      nullable=True)
    # When someone last confirmed the procedure still describes the work; an
    # out-of-date handover document is a hidden single point of failure.
    procedure_reviewed_at: Mapped[date | None] = mapped_column(Date, nullable=True)
    # The step of an event type this task carries out ("leave:separation-certificate"):
    # its occurrences come from events, not from a schedule.
    event_step: Mapped[str | None] = mapped_column(String(80), unique=True, nullable=True)
    # Optimistic locking: every UPDATE checks and bumps it, so of two people
    # editing the same task the second save is refused instead of overwriting.
    version: Mapped[int] = mapped_column(nullable=False, default=1, server_default="1")
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )

    __mapper_args__ = {"version_id_col": version}

    department: Mapped[Department] = relationship(lazy="joined", innerjoin=True)
    owners: Mapped[list[TaskOwner]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="TaskOwner.id"
    )

    @property
    def schedule(self) -> Schedule:
        return Schedule(
            kind=self.schedule_kind,
            dtstart=self.dtstart,
            rrule=self.rrule,
            business_day=self.business_day,
            once_date=self.once_date,
            shift=self.shift,
            lead_days=tuple(self.lead_days or ()),
        )

    @schedule.setter
    def schedule(self, schedule: Schedule) -> None:
        self.schedule_kind = schedule.kind
        self.dtstart = schedule.dtstart
        self.rrule = schedule.rrule if schedule.kind == "rrule" else None
        self.business_day = schedule.business_day if schedule.kind == "business_day" else None
        self.once_date = schedule.once_date if schedule.kind == "once" else None
        self.shift = schedule.shift
        self.lead_days = sorted(set(schedule.lead_days), reverse=True)

    @property
    def active(self) -> bool:
        return self.archived_at is None

    @property
    def primary_owner(self) -> User | None:
        return next((o.user for o in self.owners if o.role == "primary"), None)

    def __repr__(self) -> str:
        return f"<Task {self.id} {self.title!r}>"


keep_in_step(Task, "title", "reading")


class TaskOwner(db.Model):
    """A person on a task with a role and a cross-training level (0–4)."""

    __tablename__ = "task_owners"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Task owner"), title=("task_id", "user_id"),
        link=("coverage.owners", "task_id", "task_id"),
        choices={"role": labels.OWNER_ROLE, "level": labels.LEVEL},
        labels={"id": _l("ID"), "task_id": _l("Task"), "user_id": _l("Person"),
                "role": _l("Owner role"), "level": _l("Skill level")})
    __table_args__ = (
        UniqueConstraint("task_id", "user_id"),
        CheckConstraint(_in("role", OWNER_ROLES), name="role"),
        CheckConstraint("level BETWEEN 0 AND 4", name="level_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), index=True, nullable=False
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True, nullable=False)
    role: Mapped[str] = mapped_column(String(10), nullable=False)
    level: Mapped[int] = mapped_column(nullable=False, default=3)

    task: Mapped[Task] = relationship(back_populates="owners")
    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)
