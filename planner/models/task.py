from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.domain.tasks import CATEGORIES, CRITICALITIES, OWNER_ROLES
from planner.extensions import db
from planner.models.department import Department
from planner.models.types import UTCDateTime, utcnow
from planner.models.user import User


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Task(db.Model):
    __tablename__ = "tasks"
    __audited__ = True
    __table_args__ = (
        CheckConstraint(_in("criticality", CRITICALITIES), name="criticality"),
        CheckConstraint(_in("category", CATEGORIES), name="category"),
        CheckConstraint("effort_minutes >= 0", name="effort_minutes_not_negative"),
        Index("ix_tasks_department_id_archived_at", "department_id", "archived_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # External key: matches rows on re-import and is what people quote ("PAY-001").
    code: Mapped[str | None] = mapped_column(String(40), unique=True, nullable=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id"), index=True, nullable=False
    )
    category: Mapped[str] = mapped_column(String(30), nullable=False)
    criticality: Mapped[str] = mapped_column(String(10), nullable=False, default="medium")
    procedure: Mapped[str] = mapped_column(Text, nullable=False, default="")
    legal_basis: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    effort_minutes: Mapped[int] = mapped_column(nullable=False, default=0)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )

    department: Mapped[Department] = relationship(lazy="joined", innerjoin=True)
    owners: Mapped[list[TaskOwner]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="TaskOwner.id"
    )

    @property
    def active(self) -> bool:
        return self.archived_at is None

    @property
    def primary_owner(self) -> User | None:
        return next((o.user for o in self.owners if o.role == "primary"), None)

    def __repr__(self) -> str:
        return f"<Task {self.id} {self.title!r}>"


class TaskOwner(db.Model):
    """A person on a task with a role and a cross-training level (0–4)."""

    __tablename__ = "task_owners"
    __audited__ = True
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
