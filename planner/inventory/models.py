from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core import labels
from planner.core.audit_fields import AuditFields
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l
from planner.core.types import UTCDateTime, utcnow
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.tasks.models import Task

PROPOSALS: tuple[str, ...] = ("keep", "drop", "simplify", "automate", "outsource")


class InventoryCycle(db.Model):
    """A department's review of all its work (業務の棚卸), e.g. every April."""

    __tablename__ = "inventory_cycles"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Work inventory"), link=("inventory.cycle", "cycle_id", "id"),
        labels={"id": _l("ID"), "department_id": _l("Department"),
                "name": _l("Inventory name"), "due_date": _l("Due date"),
                "started_by_id": _l("Started by"), "started_at": _l("Started at"),
                "closed_at": _l("Closed at")})

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id"), index=True, nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    due_date: Mapped[date] = mapped_column(Date, nullable=False)
    started_by_id: Mapped[int] = mapped_column(
        ForeignKey("users.id"), index=True, nullable=False)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    department: Mapped[Department] = relationship(lazy="joined", innerjoin=True)
    answers: Mapped[list[InventoryAnswer]] = relationship(
        back_populates="cycle", cascade="all, delete-orphan", order_by="InventoryAnswer.id")


class InventoryAnswer(db.Model):
    """A primary owner's answer for one task in a cycle (pending until answered_at)."""

    __tablename__ = "inventory_answers"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Inventory answer"), title=("task_id",),
        link=("inventory.answer", "answer_id", "id"), choices={"proposal": labels.PROPOSAL},
        labels={"id": _l("ID"), "cycle_id": _l("Work inventory"), "task_id": _l("Task"),
                "respondent_id": _l("Respondent"),
                "effort_minutes_before": _l("Effort before (minutes)"),
                "occurrences_per_year": _l("Occurrences per year"),
                "answered_at": _l("Answered at"), "still_needed": _l("Still needed"),
                "effort_minutes_after": _l("Effort after (minutes)"),
                "frequency_right": _l("Frequency is right"), "proposal": _l("Proposal"),
                "comment": _l("Comment"), "retired_at": _l("Retired at")})
    __table_args__ = (
        UniqueConstraint("cycle_id", "task_id"),
        CheckConstraint("proposal IN ('keep', 'drop', 'simplify', 'automate', 'outsource')",
                        name="proposal"),
        CheckConstraint("effort_minutes_before >= 0", name="effort_before_not_negative"),
        CheckConstraint("effort_minutes_after IS NULL OR effort_minutes_after >= 0",
                        name="effort_after_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("inventory_cycles.id", ondelete="CASCADE"), index=True, nullable=False)
    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), index=True, nullable=False)
    respondent_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), index=True, nullable=True)
    effort_minutes_before: Mapped[int] = mapped_column(nullable=False)
    occurrences_per_year: Mapped[int] = mapped_column(nullable=False, default=0)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    still_needed: Mapped[bool] = mapped_column(nullable=False, default=True)
    effort_minutes_after: Mapped[int | None] = mapped_column(nullable=True)
    frequency_right: Mapped[bool] = mapped_column(nullable=False, default=True)
    proposal: Mapped[str] = mapped_column(String(10), nullable=False, default="keep")
    comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    cycle: Mapped[InventoryCycle] = relationship(back_populates="answers")
    task: Mapped[Task] = relationship(lazy="joined", innerjoin=True)
    respondent: Mapped[User | None] = relationship(lazy="joined")
