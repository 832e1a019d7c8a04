from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.audit_fields import AuditFields
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l
from planner.core.types import UTCDateTime, utcnow
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.periods.domain import REASON_MAX


class PeriodClose(db.Model):
    """One closing of a department's month (締め). A reopening fills in its
    reopen fields rather than deleting it, so every close and reopen stays in
    the history; a month is closed while it has a row not reopened."""

    __tablename__ = "period_closes"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Period close"), title=("department_id", "month"),
        labels={"id": _l("ID"), "department_id": _l("Department"), "month": _l("Month"),
                "closed_by_id": _l("Closed by"), "closed_at": _l("Closed at"),
                "reopened_by_id": _l("Reopened by"), "reopened_at": _l("Reopened at"),
                "reopen_reason": _l("Reason for reopening")})
    __table_args__ = (
        # At most one standing close per month: two managers closing at once
        # cannot both succeed.
        Index("uq_period_closes_standing", "department_id", "month", unique=True,
              sqlite_where=text("reopened_at IS NULL"),
              postgresql_where=text("reopened_at IS NULL")),
        Index("ix_period_closes_department_id_month", "department_id", "month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id", ondelete="CASCADE"), nullable=False)
    month: Mapped[date] = mapped_column(Date, nullable=False)  # the month's first day
    closed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    reopened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reopen_reason: Mapped[str | None] = mapped_column(String(REASON_MAX))

    department: Mapped[Department] = relationship()
    closed_by: Mapped[User] = relationship(foreign_keys=[closed_by_id])
    reopened_by: Mapped[User | None] = relationship(foreign_keys=[reopened_by_id])

    @property
    def standing(self) -> bool:
        return self.reopened_at is None
