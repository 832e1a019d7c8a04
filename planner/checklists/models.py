from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.audit_fields import AuditFields
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l
from planner.core.types import UTCDateTime
from planner.people.models.user import User


class TaskStep(db.Model):
    """A step of a task's explicit list (without one, the procedure's numbered
    list gives the steps)."""

    __tablename__ = "task_steps"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Checklist step"), title=("task_id", "text"),
        link=("checklists.task_steps", "task_id", "task_id"),
        labels={"id": _l("ID"), "task_id": _l("Task"), "position": _l("Order"),
                "text": _l("Step"), "evidence_required": _l("Evidence required")})
    __table_args__ = (UniqueConstraint("task_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"),
                                         nullable=False)
    position: Mapped[int] = mapped_column(nullable=False)  # from 1
    text: Mapped[str] = mapped_column(String(300), nullable=False)
    evidence_required: Mapped[bool] = mapped_column(nullable=False, default=False)


class ChecklistItem(db.Model):
    """One step on one occurrence: a copy of the task's step when the
    occurrence was made, so a later change of the steps leaves it alone."""

    __tablename__ = "checklist_items"
    __table_args__ = (UniqueConstraint("occurrence_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(
        ForeignKey("occurrences.id", ondelete="CASCADE"), nullable=False)
    position: Mapped[int] = mapped_column(nullable=False)  # from 1
    text: Mapped[str] = mapped_column(String(300), nullable=False)
    evidence_required: Mapped[bool] = mapped_column(nullable=False, default=False)
    ticked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    ticked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    ticked_by: Mapped[User | None] = relationship()
