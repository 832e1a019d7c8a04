from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.extensions import db
from planner.core.types import UTCDateTime, utcnow
from planner.people.models.user import User


class ProcedureVersion(db.Model):
    """Each saved text of a task's procedure, kept with who wrote it and when,
    so an edit never loses the handover notes it replaced."""

    __tablename__ = "procedure_versions"
    __table_args__ = (UniqueConstraint("task_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), index=True, nullable=False)
    number: Mapped[int] = mapped_column(nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), index=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    author: Mapped[User | None] = relationship(lazy="joined")
