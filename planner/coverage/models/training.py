from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core import labels
from planner.core.audit_fields import AuditFields
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l
from planner.core.types import UTCDateTime, utcnow
from planner.people.models.user import User
from planner.tasks.models import Task


class TrainingPlan(db.Model):
    """An accepted cross-training suggestion: the trainee learns the task from
    the trainer until they reach the target level."""

    __tablename__ = "training_plans"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Training plan"), title=("task_id", "trainee_id"),
        link=("coverage.owners", "task_id", "task_id"), choices={"target_level": labels.LEVEL, "status": {
            "planned": _l("Planned"), "done": _l("Done"), "cancelled": _l("Cancelled")}},
        labels={"id": _l("ID"), "task_id": _l("Task"), "trainee_id": _l("Trainee"),
                "trainer_id": _l("Trainer"), "target_level": _l("Target level"),
                "due_date": _l("Due date"), "estimated_hours": _l("Estimated hours"),
                "status": _l("Status"), "completed_at": _l("Completed at")})
    __table_args__ = (
        CheckConstraint("status IN ('planned', 'done', 'cancelled')", name="status"),
        CheckConstraint("target_level BETWEEN 1 AND 4", name="target_level_range"),
        Index("ix_training_plans_status_trainee_id", "status", "trainee_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), index=True, nullable=False)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True, nullable=False)
    trainer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), index=True, nullable=True)
    target_level: Mapped[int] = mapped_column(nullable=False, default=3)
    due_date: Mapped[date] = mapped_column(Date, nullable=False)
    estimated_hours: Mapped[float] = mapped_column(nullable=False, default=0)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="planned")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    task: Mapped[Task] = relationship(lazy="joined", innerjoin=True)
    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id], lazy="joined",
                                         innerjoin=True)
    trainer: Mapped[User | None] = relationship(foreign_keys=[trainer_id], lazy="joined")
