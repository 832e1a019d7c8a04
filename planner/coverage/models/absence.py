from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.extensions import db
from planner.people.models.user import User

ABSENCE_KINDS: tuple[str, ...] = ("annual_leave", "sick", "parental", "training", "other")


class Absence(db.Model):
    """A period of leave; deadlines whose qualified people are all away are at risk."""

    __tablename__ = "absences"
    __audited__ = True
    __table_args__ = (
        CheckConstraint("start_date <= end_date", name="start_before_end"),
        CheckConstraint("kind IN ('annual_leave', 'sick', 'parental', 'training', 'other')",
                        name="kind"),
        Index("ix_absences_end_date_start_date", "end_date", "start_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True, nullable=False)
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    end_date: Mapped[date] = mapped_column(Date, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="annual_leave")
    note: Mapped[str] = mapped_column(String(500), nullable=False, default="")

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)
