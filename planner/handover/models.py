from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core import labels
from planner.core.audit_fields import AuditFields
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l
from planner.core.types import UTCDateTime, utcnow
from planner.people.models.user import User
from planner.tasks.models import Task

HANDOVER_REASONS: tuple[str, ...] = ("leaving", "long_leave")


class Handover(db.Model):
    """A person's tasks passed to successors, as a manager applied it."""

    __tablename__ = "handovers"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Handover"), title=("person_id",), link=("handover.plan", "person_id", "person_id"),
        choices={"reason": labels.HANDOVER_REASON},
        labels={"id": _l("ID"), "person_id": _l("Person handing over"), "reason": _l("Reason"),
                "start_date": _l("Start date"), "end_date": _l("End date"),
                "applied_by_id": _l("Applied by"), "applied_at": _l("Applied at"),
                "note": _l("Note")})
    __table_args__ = (
        CheckConstraint("reason IN ('leaving', 'long_leave')", name="reason"),
        CheckConstraint("start_date <= end_date", name="start_before_end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True, nullable=False)
    reason: Mapped[str] = mapped_column(String(12), nullable=False)
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    end_date: Mapped[date] = mapped_column(Date, nullable=False)
    applied_by_id: Mapped[int] = mapped_column(
        ForeignKey("users.id"), index=True, nullable=False)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    note: Mapped[str] = mapped_column(String(1000), nullable=False, default="")

    person: Mapped[User] = relationship(foreign_keys=[person_id], lazy="joined", innerjoin=True)
    applied_by: Mapped[User] = relationship(foreign_keys=[applied_by_id])
    lines: Mapped[list[HandoverLine]] = relationship(
        back_populates="handover", cascade="all, delete-orphan", order_by="HandoverLine.id")


class HandoverLine(db.Model):
    """One task of a handover: the role the person had, who took it over, and
    whether a training plan was made because the successor was not yet qualified."""

    __tablename__ = "handover_lines"
    __table_args__ = (
        CheckConstraint("previous_level BETWEEN 0 AND 4", name="previous_level_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    handover_id: Mapped[int] = mapped_column(
        ForeignKey("handovers.id", ondelete="CASCADE"), index=True, nullable=False)
    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), index=True, nullable=False)
    previous_role: Mapped[str] = mapped_column(String(10), nullable=False)
    previous_level: Mapped[int] = mapped_column(nullable=False)
    successor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), index=True, nullable=True)
    training_planned: Mapped[bool] = mapped_column(nullable=False, default=False)

    handover: Mapped[Handover] = relationship(back_populates="lines")
    task: Mapped[Task] = relationship(lazy="joined", innerjoin=True)
    successor: Mapped[User | None] = relationship(lazy="joined")
