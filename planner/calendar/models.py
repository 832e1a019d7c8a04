from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from planner.calendar.domain import ClosedPeriod
from planner.core.audit_fields import AuditFields
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l


class ClosedDay(db.Model):
    """A company closure: one-off, or yearly (the years of its dates are ignored)."""

    __tablename__ = "closed_days"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Company closure"),
        labels={"id": _l("ID"), "name": _l("Closure name"), "start_date": _l("Start date"),
                "end_date": _l("End date"), "yearly": _l("Every year")})
    __table_args__ = (
        CheckConstraint("yearly OR start_date <= end_date", name="start_before_end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    end_date: Mapped[date] = mapped_column(Date, nullable=False)
    yearly: Mapped[bool] = mapped_column(nullable=False, default=False)

    def as_period(self) -> ClosedPeriod:
        return ClosedPeriod(self.start_date, self.end_date, self.yearly, self.name)
